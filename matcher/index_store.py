"""A versioned store of saved indexes: writers publish beside, readers switch atomically.

An `IndexStore` keeps numbered versions of saved-index directories (see `matcher.index_files`) and a
`CURRENT` file naming the one readers should use.
"""

import contextlib
import fcntl
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from matcher.errors import IndexBuildError, IndexLoadError
from matcher.index_files import describe_os_error, fsync_directory, write_synced

if TYPE_CHECKING:
    from matcher.index import IndexConfig, VectorIndex

logger = logging.getLogger("matcher.index")

CURRENT_FILE = "CURRENT"
VERSIONS_DIR = "versions"
STALE_TEMP_SECONDS = 3600
_VERSION_NAME = re.compile(r"\d{8,}")
_TEMP_NAME = re.compile(r"tmp-(\d+)-")


class IndexStore:
    """Numbered index versions under `root`, with `CURRENT` naming the one readers use.

    Layout: `root/versions/<version:08d>/` (saved indexes), `root/CURRENT` (a version number) and
    `root/tmp-<pid>-<random>...` (work in progress). A writer publishes; readers poll
    `current_token()` and call `load_current()` when it changes.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    @property
    def versions_dir(self) -> Path:
        """Directory holding one subdirectory per version."""
        return self.root / VERSIONS_DIR

    def version_dir(self, version: int) -> Path:
        """Return the directory of `version`."""
        return self.versions_dir / f"{version:08d}"

    def versions(self) -> list[int]:
        """Return the version numbers present on disk, oldest first, published or not."""
        try:
            names = [entry.name for entry in self.versions_dir.iterdir() if entry.is_dir()]
        except FileNotFoundError:
            return []
        return sorted(int(name) for name in names if _VERSION_NAME.fullmatch(name))

    def next_version(self) -> int:
        """Return the version number the next build should use."""
        return max(self.versions(), default=0) + 1

    def current_version(self) -> int | None:
        """Return the version CURRENT names, or None before the first publish."""
        token = self.current_token()
        if token is None:
            return None
        if not token.isdigit():
            raise IndexLoadError(
                f"{self.root / CURRENT_FILE}: expected a version number, got {token!r}"
            )
        return int(token)

    def current_token(self) -> str | None:
        """Return a cheap value that changes whenever a new version is published."""
        try:
            return (self.root / CURRENT_FILE).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise IndexLoadError(f"{self.root / CURRENT_FILE}: unreadable ({exc})") from exc

    def publish(
        self, index: "VectorIndex", attachments: Mapping[str, Callable[[Path], None]] | None = None
    ) -> Path:
        """Save `index` as version `index.manifest.version` and make it current atomically.

        Each attachment (name -> writer) writes a companion, such as the lexical index, into the
        folder of that name inside the version, so readers always get the pair built together.
        The index is saved beside the versions, renamed into place, then CURRENT is replaced; a
        crash at any point leaves CURRENT naming the previous complete version.
        """
        version = index.manifest.version
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        staging = self._temp_path()
        index.save(staging)
        try:
            for name, write in (attachments or {}).items():
                write(staging / name)
                _fsync_tree(staging / name)
            with self._locked():
                current = self._current_or_none()
                if current is not None and version <= current:
                    raise IndexBuildError(
                        f"version {version} is not newer than current version {current};"
                        " build with next_version()"
                    )
                target = self.version_dir(version)
                if target.exists():
                    raise IndexBuildError(f"{target} already exists; build with next_version()")
                os.rename(staging, target)
                fsync_directory(self.versions_dir)
                self._write_current(version)
        except OSError as exc:
            raise IndexBuildError(
                f"could not publish version {version}: {describe_os_error(exc)}"
            ) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        logger.info("published index version %d at %s", version, target)
        return target

    def load_current(
        self,
        *,
        expected_model: str | None = None,
        expected_dimension: int | None = None,
        mmap: bool = False,
        verify: bool = True,
        fallback: bool = True,
        config: "IndexConfig | None" = None,
    ) -> "VectorIndex | None":
        """Load the current version, falling back to older ones newest-first if it is unusable.

        Returns None when nothing was ever published; raises IndexLoadError when versions exist
        but none loads (or, with fallback=False, when the current one does not).
        """
        from matcher.index import VectorIndex  # matcher.index imports this module

        try:
            current = self.current_version()
        except IndexLoadError as exc:
            if not fallback:
                raise
            logger.warning("%s; trying the newest versions on disk", exc)
            candidates = self.versions()[::-1]
        else:
            if current is None:
                return None
            older = [v for v in self.versions()[::-1] if v < current] if fallback else []
            candidates = [current, *older]
        problems: list[str] = []
        for version in candidates:
            path = self.version_dir(version)
            try:
                index = VectorIndex.load(
                    path,
                    expected_model=expected_model,
                    expected_dimension=expected_dimension,
                    mmap=mmap,
                    verify=verify,
                    config=config,
                )
                if index.manifest.version != version:
                    raise IndexLoadError(f"{path}: manifest says version {index.manifest.version}")
            except IndexLoadError as exc:
                if not fallback:
                    raise
                logger.warning("index version %d is unusable: %s", version, exc)
                problems.append(str(exc))
                continue
            if problems:
                logger.warning(
                    "serving index version %d of %s instead of a newer, unusable one",
                    version,
                    self.root,
                )
            return index
        raise IndexLoadError(f"no usable index under {self.root}: " + "; ".join(problems))

    def cleanup(self, keep: int = 2) -> list[Path]:
        """Remove stale temporary files and all versions but CURRENT and the newest `keep`.

        Versions newer than CURRENT are unfinished publishes and are removed too. Nothing is
        removed from versions/ while CURRENT is missing or unreadable. Returns what was removed.
        """
        if keep < 1:
            raise ValueError(f"keep must be at least 1, got {keep}")
        if not self.root.is_dir():
            return []
        removed: list[Path] = []
        with self._locked():
            for entry in self.root.iterdir():
                if entry.name.startswith("tmp-") and _is_stale_temp(entry):
                    _remove(entry)
                    removed.append(entry)
            current = self._current_or_none()
            if current is not None:
                published = [v for v in self.versions() if v <= current]
                kept = {current, *published[-keep:]}
                for version in self.versions():
                    if version not in kept:
                        # Renamed away first so a half-deleted version never looks loadable.
                        trash = self._temp_path()
                        os.rename(self.version_dir(version), trash)
                        shutil.rmtree(trash)
                        removed.append(self.version_dir(version))
        return removed

    def _current_or_none(self) -> int | None:
        try:
            return self.current_version()
        except IndexLoadError:
            return None

    def _temp_path(self, suffix: str = "") -> Path:
        return self.root / f"tmp-{os.getpid()}-{secrets.token_hex(6)}{suffix}"

    def _write_current(self, version: int) -> None:
        temp = self._temp_path("-CURRENT")
        try:
            write_synced(temp, f"{version}\n".encode())
            os.replace(temp, self.root / CURRENT_FILE)
        finally:
            temp.unlink(missing_ok=True)
        fsync_directory(self.root)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # Serialises publishers and cleanup; readers never take it.
        with open(self.root / "LOCK", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _is_stale_temp(path: Path) -> bool:
    try:
        age = time.time() - path.lstat().st_mtime
    except FileNotFoundError:
        return False
    if age > STALE_TEMP_SECONDS:
        return True
    match = _TEMP_NAME.match(path.name)
    return match is not None and not _pid_alive(int(match.group(1)))


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_tree(folder: Path) -> None:
    """Flush every file and folder under `folder` to disk, as the index's own files are."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        fsync_directory(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
