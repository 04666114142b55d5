"""A web worker's heap is settled out of the cyclic collector's way, and garbage still goes."""

from __future__ import annotations

import gc
import importlib.util
import weakref
from pathlib import Path

import numpy as np
import pytest

from matcher.index import VectorIndex
from matcher.index_store import IndexStore
from web import heap
from web.services.index_reader import IndexReader


class Cycle:
    """An object that refers to itself: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture()
def fresh_heap(monkeypatch):
    """Count requests from zero, and leave no object frozen after the test."""
    monkeypatch.setattr(heap, "_served", 0)
    monkeypatch.setattr(heap, "_due", False)
    yield
    gc.unfreeze()


def test_settling_freezes_the_living_and_collects_cyclic_garbage_frozen_before(fresh_heap):
    kept = Cycle()
    heap.settle()
    assert gc.get_freeze_count() > 0
    garbage = weakref.ref(kept)
    del kept
    gc.collect()
    assert garbage() is not None  # frozen: a full collection no longer walks it
    heap.settle()
    assert garbage() is None  # the next settle unfreezes and collects it


def test_a_worker_settles_after_its_first_requests_and_when_asked(fresh_heap):
    settled = [n for n in range(1, 1201) if heap.after_request()]
    assert settled == sorted(heap.SETTLE_AFTER)
    heap.settle_soon()
    assert heap.after_request() is True
    assert heap.after_request() is False


def test_serving_a_new_index_version_asks_for_a_settle(fresh_heap, tmp_path):
    store = IndexStore(tmp_path / "listings")
    reader = IndexReader(store.root, check_every=0)
    for version in (1, 2):
        vectors = np.random.default_rng(version).standard_normal((20, 8)).astype(np.float32)
        ids = np.arange(1, 21, dtype=np.int64)
        store.publish(VectorIndex.build(vectors, ids, model="test-model", version=version))
        assert heap._due is False
        assert reader.current().manifest.version == version
        assert heap._due is True
        assert heap.after_request() is True
    assert reader.current().manifest.version == 2
    assert heap._due is False  # an unchanged version asks for nothing


def test_gunicorn_settles_after_each_request_it_sends(fresh_heap, monkeypatch):
    # Reading the settings sets TALENT_BRIDGE_ENV when absent: restored after the test.
    monkeypatch.setenv("TALENT_BRIDGE_ENV", "development")
    spec = importlib.util.spec_from_file_location(
        "gunicorn_settings", Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    )
    settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(settings)
    for _ in range(10):
        settings.post_request(None, None, {}, None)
    assert heap._served == 10
    assert gc.get_freeze_count() > 0
