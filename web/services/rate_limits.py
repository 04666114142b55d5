"""Counters shared by every worker: quotas and attempt limits kept in the rate limiter's storage.

The storage is Flask-Limiter's (`RATELIMIT_STORAGE_URI`): Redis in production, so the counts hold
across gunicorn workers; memory for a single process. Windows move (a limit of 60 per hour means
at most 60 in any 60 minutes), so the time to wait is exact.
"""

from __future__ import annotations

import math
import time

from flask import current_app
from limits import RateLimitItemPerSecond, parse_many
from limits.strategies import MovingWindowRateLimiter

from web.extensions import limiter


def _strategy() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(limiter.storage)


def _items(limits_text: str | None) -> list:
    # An empty setting turns the limit off.
    return parse_many(limits_text) if limits_text and limits_text.strip() else []


def _key(identifiers: tuple[str, ...]) -> tuple[str, ...]:
    # Several deployments may share one Redis; the prefix keeps their counters apart.
    return (current_app.config.get("RATELIMIT_KEY_PREFIX") or "tb", *identifiers)


def check(limits_text: str, *identifiers: str) -> int | None:
    """Return None if one more use fits every limit in `limits_text`, else the seconds to wait."""
    strategy, key = _strategy(), _key(identifiers)
    waits = [
        _wait(strategy, item, key) for item in _items(limits_text) if not strategy.test(item, *key)
    ]
    return max(waits) if waits else None


def hit(limits_text: str, *identifiers: str) -> None:
    """Count one use against every limit in `limits_text` ("60 per hour; 300 per day")."""
    strategy, key = _strategy(), _key(identifiers)
    for item in _items(limits_text):
        strategy.hit(item, *key)


def consume(limits_text: str, *identifiers: str) -> int | None:
    """Count one use if it fits every limit; return None, or the seconds until it would fit.

    A refused use is not counted, so waiting that long is always enough.
    """
    wait = check(limits_text, *identifiers)
    if wait is None:
        hit(limits_text, *identifiers)
    return wait


def _wait(strategy: MovingWindowRateLimiter, item, key: tuple[str, ...]) -> int:
    reset_at, _remaining = strategy.get_window_stats(item, *key)
    return max(1, math.ceil(reset_at - time.time()))


def first_in(seconds: int, *identifiers: str) -> bool:
    """Return True once per `seconds` for the same identifiers (e.g. to report a breach once)."""
    item = RateLimitItemPerSecond(1, max(1, int(seconds)))
    return _strategy().hit(item, *_key(("once", *identifiers)))


def clear(limits_text: str, *identifiers: str) -> None:
    """Forget every use counted under these limits and identifiers."""
    strategy, key = _strategy(), _key(identifiers)
    for item in _items(limits_text):
        strategy.clear(item, *key)
