"""Tests for the versioned IndexStore: publish, fall back, crash leftovers, cleanup."""

import errno
import logging
import os
import time

import numpy as np
import pytest

from matcher import index_store
from matcher.errors import IndexBuildError, IndexLoadError
from matcher.index_files import INDEX_FILE, MANIFEST_FILE, PAYLOAD_FILE
from matcher.index_store import IndexStore

from .vectors import DEAD_PID, MODEL, build, flip_byte


def publish(store: IndexStore, vectors: np.ndarray, ids: np.ndarray) -> int:
    version = store.next_version()
    store.publish(build(vectors, ids, version=version))
    return version


def test_empty_store_has_nothing(tmp_path):
    store = IndexStore(tmp_path / "store")
    assert store.current_version() is None
    assert store.current_token() is None
    assert store.load_current() is None
    assert store.next_version() == 1
    assert store.cleanup() == []


def test_publish_makes_each_new_version_current(tmp_path, corpus):
    vectors, ids = corpus
    store = IndexStore(tmp_path / "store")
    assert publish(store, vectors, ids) == 1
    first_token = store.current_token()
    assert publish(store, vectors[:100], ids[:100]) == 2
    assert store.current_version() == 2 and store.next_version() == 3
    assert store.current_token() != first_token
    assert (tmp_path / "store" / "versions" / "00000002" / MANIFEST_FILE).is_file()
    loaded = store.load_current(expected_model=MODEL)
    assert loaded.manifest.version == 2 and len(loaded) == 100
    assert not [p for p in (tmp_path / "store").iterdir() if p.name.startswith("tmp-")]


def test_publish_rejects_a_version_that_is_not_newer(tmp_path, corpus):
    store = IndexStore(tmp_path / "store")
    publish(store, *corpus)
    with pytest.raises(IndexBuildError, match="not newer than current version 1"):
        store.publish(build(*corpus, version=1))
    assert store.versions() == [1]


def test_load_current_falls_back_to_the_previous_version(tmp_path, corpus, caplog):
    vectors, ids = corpus
    store = IndexStore(tmp_path / "store")
    publish(store, vectors, ids)
    publish(store, vectors[:10], ids[:10])
    flip_byte(store.version_dir(2) / INDEX_FILE)
    with caplog.at_level(logging.WARNING, logger="matcher.index"):
        loaded = store.load_current()
    assert loaded.manifest.version == 1
    assert any("version 2 is unusable" in r.getMessage() for r in caplog.records)
    with pytest.raises(IndexLoadError, match="00000002"):
        store.load_current(fallback=False)
    flip_byte(store.version_dir(1) / PAYLOAD_FILE)
    with pytest.raises(IndexLoadError, match="no usable index"):
        store.load_current()


def test_crash_leftovers_keep_the_old_version_current_until_cleanup(tmp_path, corpus):
    vectors, ids = corpus
    store = IndexStore(tmp_path / "store")
    publish(store, vectors, ids)
    # A writer killed mid-save, one killed between rename and CURRENT, and one still running.
    dead_temp = tmp_path / "store" / f"tmp-{DEAD_PID}-0a1b2c"
    build(vectors[:5], ids[:5]).save(dead_temp)
    build(vectors[:5], ids[:5], version=2).save(store.version_dir(2))
    live_temp = tmp_path / "store" / f"tmp-{os.getpid()}-live"
    live_temp.mkdir()
    old_temp = tmp_path / "store" / f"tmp-{os.getpid()}-old"
    old_temp.mkdir()
    hours_ago = time.time() - 2 * 3600
    os.utime(old_temp, (hours_ago, hours_ago))

    assert store.current_version() == 1
    assert store.load_current().manifest.version == 1
    removed = store.cleanup(keep=2)
    assert set(removed) == {dead_temp, old_temp, store.version_dir(2)}
    assert live_temp.exists() and store.versions() == [1]
    assert store.next_version() == 2


def test_crash_before_current_is_replaced_leaves_the_old_version(tmp_path, corpus, monkeypatch):
    vectors, ids = corpus
    store = IndexStore(tmp_path / "store")
    publish(store, vectors, ids)

    def killed(*args):
        raise OSError(errno.EIO, "simulated crash")

    monkeypatch.setattr(index_store.os, "replace", killed)
    with pytest.raises(IndexBuildError, match="could not publish version 2"):
        publish(store, vectors[:10], ids[:10])
    monkeypatch.undo()
    assert store.current_version() == 1 and store.versions() == [1, 2]
    assert len(store.load_current()) == len(ids)
    assert store.cleanup() == [store.version_dir(2)]
    assert not [p for p in (tmp_path / "store").iterdir() if p.name.startswith("tmp-")]


def test_cleanup_keeps_current_and_the_newest_versions(tmp_path, corpus):
    vectors, ids = corpus
    store = IndexStore(tmp_path / "store")
    for _ in range(4):
        publish(store, vectors[:10], ids[:10])
    store.cleanup(keep=2)
    assert store.versions() == [3, 4]
    assert store.load_current().manifest.version == 4
    with pytest.raises(ValueError, match="keep"):
        store.cleanup(keep=0)


def test_garbage_current_falls_back_to_newest_version(tmp_path, corpus, caplog):
    store = IndexStore(tmp_path / "store")
    publish(store, *corpus)
    (tmp_path / "store" / "CURRENT").write_text("oops\n")
    with pytest.raises(IndexLoadError, match="expected a version number"):
        store.current_version()
    with caplog.at_level(logging.WARNING, logger="matcher.index"):
        assert store.load_current().manifest.version == 1
    assert store.cleanup() == []
    assert store.versions() == [1]


def test_an_attachment_is_published_inside_its_version(tmp_path, corpus):
    vectors, ids = corpus
    store = IndexStore(tmp_path / "store")

    def write_notes(folder):
        folder.mkdir()
        (folder / "notes.txt").write_text("built together", "utf-8")

    store.publish(build(vectors, ids, version=1), {"notes": write_notes})
    assert (store.version_dir(1) / "notes" / "notes.txt").read_text("utf-8") == "built together"
    assert store.load_current(expected_model=MODEL).manifest.version == 1


def test_a_failing_attachment_publishes_nothing(tmp_path, corpus):
    vectors, ids = corpus
    store = IndexStore(tmp_path / "store")
    publish(store, vectors, ids)

    def fail(folder):
        raise IndexBuildError(f"cannot write {folder}")

    with pytest.raises(IndexBuildError, match="cannot write"):
        store.publish(build(vectors[:10], ids[:10], version=2), {"notes": fail})
    assert store.current_version() == 1 and store.versions() == [1]
    assert not [p for p in (tmp_path / "store").iterdir() if p.name.startswith("tmp-")]
