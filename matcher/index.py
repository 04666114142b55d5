"""Cosine nearest-neighbour search over int64-identified vectors, saved with a checked manifest.

FAISS is imported inside functions only: importing this module stays cheap. The on-disk format
and the versioned store live in `matcher.index_files` and `matcher.index_store`; build settings
in `matcher.index_config`, FAISS construction in `matcher.faiss_build`, input checks in
`matcher.index_checks`, the record-to-vectors lookup in `matcher.index_lookup`.
"""

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from matcher.errors import IndexBuildError, IndexQueryError
from matcher.faiss_build import (
    TRAINED_DRIFT,
    add_vectors,
    apply_search_params,
    centroids_fit,
    new_faiss_index,
    reusable_centroids,
)
from matcher.index_checks import (
    UNIT_TOLERANCE,
    checked_ids,
    checked_payload,
    checked_queries,
    normalised,
    unit_vectors,
)
from matcher.index_config import DEFAULT_CONFIG, KINDS, IndexConfig, config_from_params
from matcher.index_files import (
    FORMAT,
    MANIFEST_FILE,
    IndexManifest,
    SavedIndex,
    read_index_dir,
    write_index_dir,
)
from matcher.index_lookup import OWNER_PAYLOAD, VectorLookup, reconstruct

__all__ = [
    "DEFAULT_CONFIG",
    "KINDS",
    "TRAINED_DRIFT",
    "UNIT_TOLERANCE",
    "IndexConfig",
    "IndexManifest",
    "VectorIndex",
]


class VectorIndex:
    """Cosine nearest neighbours over L2-normalised float32 vectors with int64 ids.

    Create one with `build` or `load`; the constructor is internal.
    """

    def __init__(
        self,
        faiss_index: Any,
        manifest: IndexManifest,
        ids: np.ndarray,
        payload: dict[str, np.ndarray],
        config: IndexConfig,
        mapped: bool = False,
        lookup: np.ndarray | None = None,
    ) -> None:
        self._index = faiss_index
        self._mapped = mapped
        self._manifest = manifest
        self._config = config
        self._ids = ids
        self._ids.flags.writeable = False
        self._order = np.argsort(ids, kind="stable")
        self._sorted_ids = ids[self._order]
        self._payload = payload
        self._lookup = VectorLookup(lookup) if lookup is not None else None
        apply_search_params(faiss_index, config)

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        ids: np.ndarray,
        *,
        model: str,
        version: int,
        config: IndexConfig = DEFAULT_CONFIG,
        extra: Mapping[str, Any] | None = None,
        payload: Mapping[str, np.ndarray] | None = None,
        trained: "VectorIndex | None" = None,
    ) -> "VectorIndex":
        """Build an index over `vectors` (n, d) float32 identified by unique int64 `ids` (n,).

        `payload` arrays (first axis n, aligned with `ids`) are saved and loaded with the index;
        a `records` array names the record owning each vector (see `record_vectors`). `extra` is
        free JSON metadata kept in the manifest. Vectors are L2-normalised on a copy, unless they
        already are unit length. `trained`, an earlier IVF index of the same dimension, lends its
        k-means centroids when they still suit the new count (`TRAINED_DRIFT`), so a rebuild
        after a small change skips training.
        """
        if not isinstance(model, str) or not model:
            raise IndexBuildError("model must be a non-empty string naming the embedding model")
        if isinstance(version, bool) or not isinstance(version, int) or version < 0:
            raise IndexBuildError(f"version must be a non-negative integer, got {version!r}")
        vectors = unit_vectors(vectors)
        count, dimension = vectors.shape
        ids = checked_ids(ids, count)
        payload_arrays = checked_payload(payload, count)
        extra = dict(extra or {})
        try:
            json.dumps(extra)
        except (TypeError, ValueError) as exc:
            raise IndexBuildError(f"extra must be JSON-serialisable: {exc}") from exc

        kind = config.resolve_kind(count)
        with _omp_threads(config.build_threads or len(os.sched_getaffinity(0))):
            centroids = reusable_centroids(trained, kind, config, count, dimension)
            faiss_index, params = new_faiss_index(kind, dimension, vectors, config, centroids)
            if count:
                add_vectors(faiss_index, vectors, ids)
        manifest = IndexManifest(
            format=FORMAT,
            model=model,
            dimension=dimension,
            count=count,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            version=version,
            index_type=kind,
            params=params,
            checksums={},
            extra=extra,
        )
        return cls(faiss_index, manifest, ids.copy(), payload_arrays, config)

    def changed(
        self,
        *,
        remove: np.ndarray,
        vectors: np.ndarray,
        ids: np.ndarray,
        version: int,
        config: IndexConfig | None = None,
        extra: Mapping[str, Any] | None = None,
        payload: Mapping[str, np.ndarray] | None = None,
    ) -> "VectorIndex":
        """Return this IVF index without the `remove` ids and with `vectors` added under `ids`.

        Only the added vectors are assigned to lists, so a small change to a large corpus costs
        what changed, not the corpus; they find their lists as a rebuild's do (`add_vectors`).
        The FAISS index moves into the result: load this one privately (`mmap=False`, a mapped
        index is read-only) and do not use it afterwards. `payload` gives the added rows of every
        payload array. Raises IndexBuildError when the index is not IVF, the centroids no longer
        suit the new count (`TRAINED_DRIFT`: build afresh instead) or the ids do not fit.
        """
        config = config or self._config
        if self._mapped:
            # FAISS writes into the mapping and crashes the process: refuse before it can.
            raise IndexBuildError("a memory-mapped index is read-only: load it with mmap=False")
        if self._manifest.index_type != "ivf":
            raise IndexBuildError(
                f"only an IVF index changes in place, not {self._manifest.index_type}"
            )
        vectors = unit_vectors(vectors)
        if vectors.shape[1] != self.dimension:
            raise IndexBuildError(
                f"vectors have dimension {vectors.shape[1]}, the index {self.dimension}"
            )
        ids = checked_ids(ids, len(vectors))
        remove = np.unique(np.asarray(remove, dtype=np.int64))
        kept = ~np.isin(self._ids, remove)
        if len(self._ids) - kept.sum() != len(remove):
            raise IndexBuildError("some ids to remove are not in the index")
        if np.isin(ids, self._ids[kept]).any():
            raise IndexBuildError("some added ids are already in the index")
        count = int(kept.sum()) + len(ids)
        if not centroids_fit(self, "ivf", config, count, self.dimension):
            raise IndexBuildError(
                f"the centroids were trained on {self._manifest.params.get('ivf_trained_count')} "
                f"vectors and do not suit {count}: build the index afresh"
            )
        added = checked_payload(payload, len(ids))
        if set(added) != set(self._payload):
            raise IndexBuildError(f"payload must give the rows of {sorted(self._payload)}")
        import faiss

        with _omp_threads(config.build_threads or len(os.sched_getaffinity(0))):
            if len(remove):
                self._index.remove_ids(faiss.IDSelectorBatch(remove))
            if len(ids):
                add_vectors(self._index, vectors, ids)
        manifest = IndexManifest(
            format=FORMAT,
            model=self._manifest.model,
            dimension=self.dimension,
            count=count,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            version=version,
            index_type="ivf",
            params=self._manifest.params | {"ivf_centroids_reused": True},
            checksums={},
            extra=dict(self._manifest.extra if extra is None else extra),
        )
        rows = {
            name: np.concatenate([array[kept], added[name]])
            for name, array in self._payload.items()
        }
        index, self._index = self._index, None
        return VectorIndex(index, manifest, np.concatenate([self._ids[kept], ids]), rows, config)

    @property
    def faiss_index(self) -> Any:
        """The FAISS index inside (for code that builds indexes; searching goes through here)."""
        return self._index

    @property
    def manifest(self) -> IndexManifest:
        """The manifest; its checksums are filled in once the index is saved or loaded."""
        return self._manifest

    @property
    def config(self) -> IndexConfig:
        """The configuration whose search settings (threads, efSearch, nprobe) are in force."""
        return self._config

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        return self._manifest.dimension

    @property
    def ids(self) -> np.ndarray:
        """Read-only int64 ids in insertion order."""
        return self._ids

    def __len__(self) -> int:
        return self._manifest.count

    def search(
        self, queries: np.ndarray, k: int, *, within: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return cosine scores (m, k) float32 and ids (m, k) int64 of each query's k neighbours.

        A single (d,) query counts as one row. Rows with fewer than k hits are padded with
        score -inf and id -1. `within` limits the search to those ids (the others are skipped,
        not filtered afterwards); an approximate index may then find fewer than k.
        """
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
            raise IndexQueryError(f"k must be a positive integer, got {k!r}")
        queries = checked_queries(queries, self.dimension)
        k = int(k)
        if len(self) == 0 or queries.shape[0] == 0:
            scores = np.full((queries.shape[0], k), -np.inf, dtype=np.float32)
            return scores, np.full((queries.shape[0], k), -1, dtype=np.int64)
        import faiss

        # The thread count is per calling thread in OpenMP, so set it on every search.
        faiss.omp_set_num_threads(self._config.threads)
        params = None
        if within is not None:
            # The selector must outlive the search: params only point at it.
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(within, dtype=np.int64))
            if isinstance(self._index, faiss.IndexIVF):
                params = faiss.SearchParametersIVF(sel=selector, nprobe=self._index.nprobe)
            else:
                params = faiss.SearchParameters(sel=selector)
        scores, found = self._index.search(normalised(queries), k, params=params)
        scores[found < 0] = -np.inf
        return scores, found

    def record_vectors(self, records: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the ids and stored unit vectors of every vector the `records` payload gives to
        one of these records; records the index does not hold have none."""
        lookup = self._record_lookup()
        rows, locations = lookup.rows_of(records)
        ids = self._ids[rows]
        return ids, reconstruct(self._index, ids, locations)

    def _record_lookup(self) -> VectorLookup:
        if OWNER_PAYLOAD not in self._payload:
            raise KeyError(f"the payload names no {OWNER_PAYLOAD!r} owning the vectors")
        if self._lookup is None:
            # Not saved yet, or saved before the lookup existed: sort once, in memory.
            self._lookup = VectorLookup.build(
                self._index, self._payload[OWNER_PAYLOAD], lambda ids: self._positions(ids)[0]
            )
        return self._lookup

    def ids_where(self, name: str, values: np.ndarray) -> np.ndarray:
        """Return the ids whose payload `name` is one of `values` (say, the sections of some
        records)."""
        column, values = self._payload[name], np.asarray(values)
        # A lookup table over the values' range beats sorting 6.75M vectors' record ids (40 ms
        # against 180-590 ms at a million profiles) while that range stays small.
        table = (
            values.size > 0
            and np.issubdtype(values.dtype, np.integer)
            and np.issubdtype(column.dtype, np.integer)
            and int(values.max()) - int(values.min()) <= 8 * max(len(column), 1)
        )
        return self._ids[np.isin(column, values, kind="table" if table else None)]

    def contains(self, ids: np.ndarray) -> np.ndarray:
        """Return a boolean mask, shaped like `ids`, of which ids are in the index."""
        return self._positions(ids)[1]

    def payload_for(self, ids: np.ndarray) -> dict[str, np.ndarray]:
        """Return each payload array's rows for `ids`, shaped `ids.shape + row shape`.

        Raises KeyError when any id is unknown, including the -1 padding of `search`: drop those
        first, e.g. with `ids[ids >= 0]` or `contains`.
        """
        rows, known = self._positions(ids)
        if not known.all():
            missing = np.asarray(ids).reshape(-1)[~known.reshape(-1)]
            raise KeyError(f"ids not in the index: {missing[:10].tolist()}")
        return {name: array[rows] for name, array in self._payload.items()}

    def _positions(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        wanted = np.asarray(ids)
        if wanted.size and not np.issubdtype(wanted.dtype, np.integer):
            raise TypeError(f"ids must be integers, got dtype {wanted.dtype}")
        wanted = wanted.astype(np.int64, copy=False)
        if len(self._sorted_ids) == 0:
            return np.zeros(wanted.shape, dtype=np.intp), np.zeros(wanted.shape, dtype=bool)
        slots = np.searchsorted(self._sorted_ids, wanted).clip(max=len(self._sorted_ids) - 1)
        known = self._sorted_ids[slots] == wanted
        return self._order[slots], known

    def save(self, directory: str | os.PathLike[str]) -> IndexManifest:
        """Write the index, its payload and, last, its manifest into a new directory.

        Every file and the directory are fsynced. The directory must not exist yet; on any
        write error (a full disk included) it is removed and IndexBuildError raised.
        Returns the manifest written, which this index then reports.
        """
        lookup = self._record_lookup().table if OWNER_PAYLOAD in self._payload else None
        saved = SavedIndex(self._index, self._manifest, self._ids, self._payload, lookup)
        self._manifest = write_index_dir(Path(directory), saved)
        return self._manifest

    @classmethod
    def load(
        cls,
        directory: str | os.PathLike[str],
        *,
        expected_model: str | None = None,
        expected_dimension: int | None = None,
        mmap: bool = False,
        verify: bool = True,
        config: IndexConfig | None = None,
    ) -> "VectorIndex":
        """Load a saved index, checking its manifest, checksums, model, dimension and count.

        Args:
            mmap: map index.faiss read-only instead of reading it into memory, where FAISS can.
            verify: check sha256 checksums first; this reads every file once, so a mapped index
                ends up in the page cache. Only skip it for files you trust.
            config: search settings to use; by default those the index was built with.

        Raises IndexLoadError naming the file and the problem.
        """
        path = Path(directory)
        saved = read_index_dir(
            path,
            expected_model=expected_model,
            expected_dimension=expected_dimension,
            mmap=mmap,
            verify=verify,
        )
        if config is None:
            config = config_from_params(
                saved.manifest.index_type, saved.manifest.params, path / MANIFEST_FILE
            )
        return cls(
            saved.faiss_index, saved.manifest, saved.ids, saved.payload, config, mmap, saved.lookup
        )


@contextlib.contextmanager
def _omp_threads(count: int) -> Iterator[None]:
    import faiss

    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(count)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(previous)
