"""Progress of long batch work: a bar with rate and ETA on a terminal, log lines otherwise."""

from __future__ import annotations

import logging
import sys
import time

log = logging.getLogger("talent_bridge.progress")


class Progress:
    """Counts work done against a total and reports rate and time left."""

    def __init__(self, total: int, label: str, *, every: float = 10.0) -> None:
        self.total, self.label, self.every = total, label, every
        self.done = 0
        self.started = self._last_log = time.monotonic()
        self._bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=label, unit="rec", file=sys.stderr, leave=True)

    def update(self, count: int) -> None:
        """Record that `count` more items are done."""
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
            return
        now = time.monotonic()
        if now - self._last_log >= self.every or self.done >= self.total:
            self._last_log = now
            log.info("%s: %s", self.label, self.status())

    def status(self) -> str:
        """Return 'done/total, rate/s, ETA' as one line."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else float("inf")
        eta = f"{left:.0f} s left" if left != float("inf") else "ETA unknown"
        return f"{self.done}/{self.total} ({rate:.1f}/s, {eta})"

    def close(self) -> float:
        """Finish the bar and return the seconds taken."""
        if self._bar is not None:
            self._bar.close()
        return time.monotonic() - self.started
