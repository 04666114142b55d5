"""How a VectorIndex is built and searched: index kind by corpus size, and its parameters."""

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from matcher.errors import IndexLoadError

KINDS = ("auto", "flat", "hnsw", "ivf")


@dataclass(frozen=True)
class IndexConfig:
    """How a VectorIndex is built and searched."""

    kind: str = "auto"
    approximate_threshold: int = 50_000
    hnsw_m: int = 32
    hnsw_ef_construction: int = 80
    hnsw_ef_search: int = 128
    ivf_nlist: int | None = None
    # 32 probes fell to recall@10 0.94 on diffuse 50k clusters in scripts/bench_index.py; 64 held.
    ivf_nprobe: int = 64
    # One OpenMP thread per query: two threads made a single query 3-5x slower when measured.
    threads: int = 1
    build_threads: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(
                f"IndexConfig.kind must be one of {', '.join(KINDS)}, got {self.kind!r}"
            )
        minimums = {
            "approximate_threshold": 0,
            "hnsw_m": 2,
            "hnsw_ef_construction": 1,
            "hnsw_ef_search": 1,
            "ivf_nprobe": 1,
            "threads": 1,
            "build_threads": 0,
        }
        for name, minimum in minimums.items():
            _check_int(name, getattr(self, name), minimum)
        if self.ivf_nlist is not None:
            _check_int("ivf_nlist", self.ivf_nlist, 1)

    def resolve_kind(self, count: int) -> str:
        """Return the concrete index kind used for a corpus of `count` vectors."""
        if self.kind == "auto":
            # IVF above the threshold: p99 1.7 ms at recall 1.0 on 1M synthetic vectors
            # (nprobe 64), 2.7x faster to build than HNSW, a few MB private when memory-mapped
            # (docs/performance.md, "Search").
            return "flat" if count < self.approximate_threshold else "ivf"
        if self.kind == "ivf" and count == 0:
            return "flat"  # nothing to train the coarse quantizer on
        return self.kind


def _check_int(name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"IndexConfig.{name} must be an integer >= {minimum}, got {value!r}")


DEFAULT_CONFIG = IndexConfig()


def config_from_params(index_type: str, params: dict[str, Any], path: Path) -> IndexConfig:
    """Return the configuration a saved index's manifest params describe; `path` names it in
    errors."""
    names = {f.name for f in fields(IndexConfig)}
    settings = {k: v for k, v in params.items() if k in names}
    try:
        return IndexConfig(kind=index_type, **settings)
    except (TypeError, ValueError) as exc:
        raise IndexLoadError(f"{path}: bad params ({exc})") from exc
