"""Reading a record's vectors back from the index: every kind, saved or not, mapped or not."""

import json

import numpy as np
import pytest

from matcher.errors import IndexLoadError
from matcher.index import VectorIndex
from matcher.index_files import MANIFEST_FILE
from matcher.index_lookup import LOOKUP_FILE

from .vectors import KINDS, build, clustered_vectors, unit_vectors

COUNT = 2000


@pytest.fixture()
def corpus():
    rng = np.random.default_rng(11)
    vectors = clustered_vectors(rng, COUNT, unit_vectors(rng, 40), noise=0.1)
    # Ids out of order and far apart; each record owns a run of up to seven vectors.
    ids = rng.permutation(50 * COUNT)[:COUNT].astype(np.int64)
    records = np.sort(rng.integers(0, COUNT // 4, size=COUNT)).astype(np.int64)
    return vectors, ids, records


def expected(vectors, ids, records, wanted):
    mask = np.isin(records, wanted)
    return dict(zip(ids[mask].tolist(), vectors[mask], strict=True))


def check(index, corpus, wanted):
    vectors, ids, records = corpus
    found_ids, found = index.record_vectors(np.asarray(wanted))
    want = expected(vectors, ids, records, wanted)
    assert sorted(found_ids.tolist()) == sorted(want)
    for vector_id, vector in zip(found_ids.tolist(), found, strict=True):
        np.testing.assert_allclose(vector, want[vector_id], atol=1e-6)


@pytest.mark.parametrize("kind", KINDS)
def test_a_records_vectors_come_back_as_added(corpus, kind):
    vectors, ids, records = corpus
    index = build(vectors, ids, kind=kind, payload={"records": records})
    # Several records, one repeated, one the index does not hold.
    wanted = [int(records[0]), int(records[-1]), int(records[700]), int(records[0]), 10**9]
    check(index, corpus, wanted)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("mmap", [False, True])
def test_the_saved_lookup_is_used_after_loading(tmp_path, corpus, kind, mmap):
    vectors, ids, records = corpus
    build(vectors, ids, kind=kind, payload={"records": records}).save(tmp_path / "v1")
    manifest = json.loads((tmp_path / "v1" / MANIFEST_FILE).read_text())
    assert LOOKUP_FILE in manifest["checksums"]

    loaded = VectorIndex.load(tmp_path / "v1", mmap=mmap)

    check(loaded, corpus, np.unique(records)[::3].tolist())


def test_an_index_saved_without_a_lookup_sorts_one_when_asked(tmp_path, corpus):
    vectors, ids, records = corpus
    build(vectors, ids, kind="ivf", payload={"records": records}).save(tmp_path / "v1")
    path = tmp_path / "v1" / MANIFEST_FILE
    manifest = json.loads(path.read_text())
    del manifest["checksums"][LOOKUP_FILE]
    path.write_text(json.dumps(manifest))
    (tmp_path / "v1" / LOOKUP_FILE).unlink()

    loaded = VectorIndex.load(tmp_path / "v1", mmap=True)

    check(loaded, corpus, [int(records[5]), int(records[1500])])


def test_a_changed_index_finds_the_vectors_it_now_holds(corpus):
    vectors, ids, records = corpus
    index = build(vectors, ids, kind="ivf", payload={"records": records})
    index.record_vectors(records[:1])  # the lookup of the index before the change
    gone = records == records[0]
    added = clustered_vectors(np.random.default_rng(1), 3, vectors[:3], noise=0.05)
    added_ids = np.array([10**8 + 5, 10**8 + 6, 10**8 + 7], dtype=np.int64)

    changed = index.changed(
        remove=ids[gone],
        vectors=added,
        ids=added_ids,
        version=2,
        payload={"records": np.array([records[0], records[0], 99_999])},
    )

    found_ids, found = changed.record_vectors(np.array([records[0]]))
    assert sorted(found_ids.tolist()) == [10**8 + 5, 10**8 + 6]
    np.testing.assert_allclose(found[np.argsort(found_ids)], added[:2], atol=1e-6)


def test_a_damaged_lookup_is_refused(tmp_path, corpus):
    vectors, ids, records = corpus
    build(vectors, ids, kind="flat", payload={"records": records}).save(tmp_path / "v1")
    np.save(tmp_path / "other.npy", np.zeros((COUNT, 2), dtype=np.int64))
    (tmp_path / "other.npy").replace(tmp_path / "v1" / LOOKUP_FILE)

    with pytest.raises(IndexLoadError, match="lookup.npy"):
        VectorIndex.load(tmp_path / "v1", verify=False)
    with pytest.raises(IndexLoadError, match="sha256"):
        VectorIndex.load(tmp_path / "v1")


def test_an_index_without_record_owners_has_no_lookup(tmp_path, corpus):
    vectors, ids, _ = corpus
    index = build(vectors, ids, kind="ivf")
    index.save(tmp_path / "v1")

    assert not (tmp_path / "v1" / LOOKUP_FILE).exists()
    with pytest.raises(KeyError, match="records"):
        index.record_vectors(np.array([1]))
