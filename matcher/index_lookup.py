"""Which vectors each record owns and where the FAISS index keeps them.

A full-text candidate the vector search did not find still needs its exact similarity, so its
section vectors. Reading them back from the index, which every worker maps and shares, spares a
database round trip per query (11-47 ms at a million profiles). The lookup is sorted by record
once, when the index is saved, so workers map it instead of each sorting millions of ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

LOOKUP_FILE = "lookup.npy"
# The payload array naming the record each vector belongs to.
OWNER_PAYLOAD = "records"

# Columns of the lookup table: the owning record, the vector's row in the index's ids and
# payload, and where an IVF index keeps it (list number in the high 32 bits, offset in the
# low; -1 when the index reconstructs by id instead).
_OWNER, _ROW, _LOCATION = 0, 1, 2
_OFFSET_BITS = 32


class VectorLookup:
    """Rows of an index grouped by owning record, with each vector's place in the index."""

    def __init__(self, table: np.ndarray) -> None:
        if table.ndim != 2 or table.shape[1] != 3 or table.dtype != np.int64:
            raise ValueError(f"a lookup table is int64 of shape (n, 3), not {table.shape}")
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    @property
    def table(self) -> np.ndarray:
        """The (n, 3) int64 table, Fortran-ordered so each column is contiguous on disk."""
        return self._table

    @classmethod
    def build(
        cls,
        faiss_index: Any,
        owners: np.ndarray,
        rows_of: Callable[[np.ndarray], np.ndarray],
    ) -> VectorLookup:
        """Build the lookup of an index whose row i has owner `owners[i]`; `rows_of` maps ids
        to rows."""
        import faiss

        count = len(owners)
        locations = np.full(count, -1, dtype=np.int64)
        if isinstance(faiss_index, faiss.IndexIVF):
            lists = faiss_index.invlists
            ids, places = [], []
            for number in range(faiss_index.nlist):
                size = lists.list_size(number)
                if size:
                    ids.append(faiss.rev_swig_ptr(lists.get_ids(number), size).copy())
                    places.append((number << _OFFSET_BITS) + np.arange(size, dtype=np.int64))
            if ids:
                locations[rows_of(np.concatenate(ids))] = np.concatenate(places)
        by_owner = np.argsort(owners, kind="stable")
        table = np.empty((count, 3), dtype=np.int64, order="F")
        table[:, _OWNER] = owners[by_owner]
        table[:, _ROW] = by_owner
        table[:, _LOCATION] = locations[by_owner]
        return cls(table)

    def rows_of(self, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the rows of every vector these owners hold, and where each lies (see
        `_LOCATION`); owners the index does not hold have none."""
        wanted = np.unique(np.asarray(owners, dtype=np.int64))
        column = self._table[:, _OWNER]
        starts = np.searchsorted(column, wanted, side="left")
        counts = np.searchsorted(column, wanted, side="right") - starts
        total = int(counts.sum())
        # Every row of each owner's run: its start, plus 0, 1, ... within the run.
        firsts = np.repeat(starts, counts)
        within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        slots = firsts + within
        return self._table[slots, _ROW], self._table[slots, _LOCATION]


def reconstruct(faiss_index: Any, ids: np.ndarray, locations: np.ndarray) -> np.ndarray:
    """Return the stored vectors of `ids`, read from an IVF list at `locations` or by id."""
    import faiss

    vectors = np.empty((len(ids), faiss_index.d), dtype=np.float32)
    for i, (vector_id, location) in enumerate(zip(ids.tolist(), locations.tolist(), strict=True)):
        if location < 0:
            vectors[i] = faiss_index.reconstruct(vector_id)
        else:
            number, offset = location >> _OFFSET_BITS, location & ((1 << _OFFSET_BITS) - 1)
            faiss_index.reconstruct_from_offset(number, offset, faiss.swig_ptr(vectors[i]))
    return vectors
