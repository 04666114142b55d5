"""Sanctions screening settings, read once from the app's configuration."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


def _codes(value: object) -> frozenset[str]:
    """Return lower-case codes from a tuple, a list or a comma-separated string."""
    if value is None:
        return frozenset()
    items: Iterable = value.split(",") if isinstance(value, str) else value  # type: ignore[assignment]
    return frozenset(str(item).strip().lower() for item in items if str(item).strip())


def _names(value: object) -> frozenset[str]:
    """Return dataset names or titles from a tuple, a list or a comma-separated string."""
    if value is None:
        return frozenset()
    items: Iterable = value.split(",") if isinstance(value, str) else value  # type: ignore[assignment]
    return frozenset(str(item).strip() for item in items if str(item).strip())


@dataclass(frozen=True)
class SanctionsSettings:
    """Where list versions live and how screening decides what is a hit."""

    root: Path
    threshold: float = 0.7
    excluded_issuers: frozenset[str] = frozenset({"ru", "by", "cn"})
    excluded_datasets: frozenset[str] = frozenset()
    birth_year_tolerance: int = 1
    min_keep_ratio: float = 0.5
    max_candidates: int = 100
    keep_versions: int = 3


def settings_from_config(config: Mapping) -> SanctionsSettings:
    """Return the sanctions settings of an app configuration."""
    return SanctionsSettings(
        root=Path(config["HOME"]) / "sanctions",
        threshold=float(config.get("SANCTIONS_THRESHOLD", 0.7)),
        excluded_issuers=_codes(
            config.get("SANCTIONS_EXCLUDED_ISSUER_COUNTRIES", ("ru", "by", "cn"))
        ),
        excluded_datasets=_names(config.get("SANCTIONS_EXCLUDED_DATASETS", ())),
        birth_year_tolerance=int(config.get("SANCTIONS_BIRTH_YEAR_TOLERANCE", 1)),
        min_keep_ratio=float(config.get("SANCTIONS_MIN_KEEP_RATIO", 0.5)),
        max_candidates=int(config.get("SANCTIONS_MAX_CANDIDATES", 100)),
        keep_versions=int(config.get("SANCTIONS_KEEP_VERSIONS", 3)),
    )
