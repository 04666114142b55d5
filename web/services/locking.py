"""An exclusive lock held by one process, released by the kernel when that process dies."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from web.errors import ReindexBusyError

log = logging.getLogger(__name__)


class ProcessLock:
    """A lock file under flock: a crashed or killed holder never leaves it stuck."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> ProcessLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise ReindexBusyError(
                f"another re-index is running (pid {holder}); wait for it to finish"
            ) from None
        previous = os.pread(fd, 32, 0).decode(errors="replace").strip()
        if previous:
            # The kernel drops flock locks of dead processes, so a pid left here was a crash.
            log.warning("taking over the lock left by process %s, which is gone", previous)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        os.fsync(fd)
        self._fd = fd
        return self

    def __exit__(self, *_exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
