"""JSON parsing that refuses what would silently lose data: repeated keys, NaN and Infinity."""

from __future__ import annotations

import json
from typing import Any


class StrictJSONError(ValueError):
    """A JSON text that parses but must not be accepted."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        # Which value was meant is unknowable, and silently keeping the last one loses data.
        raise StrictJSONError(f"key {', '.join(map(repr, repeated))} appears twice in one object")
    return dict(pairs)


def _no_constants(name: str) -> None:
    raise StrictJSONError(f"{name} is not a valid JSON number")


def loads(text: str) -> Any:
    """Parse JSON; raise json.JSONDecodeError for bad syntax, StrictJSONError for the rest."""
    return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
