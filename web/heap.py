"""Short pauses for the cyclic garbage collector in a long-running web worker.

A worker holds a few hundred thousand long-lived objects (the skills taxonomy, index readers,
model, caches), loaded by its first requests. Every full collection walked them all: about
160 ms, roughly once every 70 requests, which set the p99 latency (scripts/bench_web.py).
Settling moves what is alive into the permanent generation (`gc.freeze`), so later passes only
walk new objects. Refcounting still frees frozen objects; only cyclic garbage among them waits
for the next settle, which unfreezes everything and collects first.
"""

from __future__ import annotations

import gc
import threading

# Long-lived data loads with a worker's first requests; later loads (a search-only model, a
# new index version) are caught by the next point or by `settle_soon`.
SETTLE_AFTER = frozenset({1, 10, 100, 1000})

_lock = threading.Lock()
_served = 0
_due = False


def settle() -> None:
    """Collect all garbage, then freeze every object still alive out of later collections."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def settle_soon() -> None:
    """Ask for a settle after the request in progress (long-lived data was just loaded)."""
    global _due
    _due = True


def after_request() -> bool:
    """Count a served request and settle when one is due; return True if it settled."""
    global _served, _due
    with _lock:
        _served += 1
        if not (_due or _served in SETTLE_AFTER):
            return False
        _due = False
    settle()
    return True
