"""The document store gives back every profile document as written, saved, loaded and updated."""

from __future__ import annotations

import dataclasses
import json
import random
import zlib

import numpy as np
import pytest

from matcher.document_store import DocumentStore, StoredDoc, decode, encode
from matcher.documents import EducationItem, ExperienceItem, LanguageSkill, ProfileDoc
from matcher.errors import IndexLoadError

from .test_profile_facts import random_profile


def full_entry(rng: random.Random, profile_id: int) -> StoredDoc:
    """Return an entry with every kind of field filled in, Russian text included."""
    base = random_profile(rng, profile_id)
    doc = ProfileDoc(
        **{
            **base.__dict__,
            "headline": f"Инженер данных {profile_id}",
            "field": rng.choice((None, "it", "research")),
            "summary": rng.choice((None, "", "Строю ETL на Python и PostgreSQL.")),
            "skills": tuple(rng.sample(("Python", "SQL", "Журналистика", "Kafka"), 2)),
            "experience": (
                ExperienceItem("Data engineer", "Яндекс", "2019-01", None, "Потоки данных"),
                ExperienceItem("Intern"),
            )[: rng.randint(0, 2)],
            "education": (EducationItem("MSc", "Физика", "МГУ", 2015),)[: rng.randint(0, 1)],
            "years_experience": rng.choice((None, 0, 7)),
        }
    )
    return StoredDoc(f"p-{profile_id:04d}", doc.headline, doc)


def entries(count: int, seed: int = 5) -> list[StoredDoc]:
    rng = random.Random(seed)
    return [full_entry(rng, profile_id) for profile_id in range(1, count + 1)]


def test_every_entry_comes_back_as_written_whatever_order_it_went_in():
    written = entries(60)
    store = DocumentStore.from_entries(reversed(written))
    assert store.ids.tolist() == list(range(1, 61))
    assert store.get([7, 3, 60]) == {7: written[6], 3: written[2], 60: written[59]}
    assert store.get(range(1, 61)) == {entry.doc.id: entry for entry in written}


def test_the_last_entry_of_an_id_wins_in_any_order():
    first, second = entries(6, seed=1), entries(6, seed=2)
    in_order = DocumentStore.from_entries(first)
    shuffled = DocumentStore.from_entries([second[4], *first, second[1]])

    assert in_order.get(range(1, 7)) == {entry.doc.id: entry for entry in first}
    assert shuffled.ids.tolist() == list(range(1, 7))
    assert shuffled.get([2, 5]) == {2: second[1], 5: first[4]}


def test_ids_the_store_does_not_hold_are_left_out():
    store = DocumentStore.from_entries(entries(5))
    assert set(store.get([0, 2, 6, 1_000])) == {2}
    assert store.get([]) == {}
    assert DocumentStore.from_entries([]).get([1, 2]) == {}


def test_saved_documents_load_memory_mapped_and_read_the_same(tmp_path):
    written = entries(40)
    DocumentStore.from_entries(written).save(tmp_path / "documents", about={"read_at": "t"})
    loaded = DocumentStore.load(tmp_path / "documents")
    assert isinstance(loaded.blob, np.memmap)
    assert loaded.get(range(1, 41)) == {entry.doc.id: entry for entry in written}
    assert DocumentStore.saved_about(tmp_path / "documents") == {"read_at": "t"}


def test_an_empty_store_has_one_offset():
    empty = DocumentStore.from_entries([])
    assert len(empty) == 0 and len(empty.offsets) == 1


def test_an_empty_store_round_trips_on_disk(tmp_path):
    DocumentStore.from_entries([]).save(tmp_path / "documents")
    assert len(DocumentStore.load(tmp_path / "documents")) == 0


def test_updated_documents_equal_documents_written_afresh():
    old = entries(50, seed=1)
    changed = entries(55, seed=2)[45:] + [entries(20, seed=3)[9]]  # ids 46..55 and 10
    current = np.array([i for i in range(1, 56) if i not in (4, 30)], dtype=np.int64)  # 2 erased

    updated = DocumentStore.from_entries(old).updated(DocumentStore.from_entries(changed), current)

    expected = {e.doc.id: e for e in old if e.doc.id in current}
    expected.update((e.doc.id, e) for e in changed)
    assert updated.ids.tolist() == sorted(expected)
    assert updated.get(range(0, 60)) == expected


def test_a_damaged_entry_is_left_out_and_the_rest_still_read(tmp_path):
    store = DocumentStore.from_entries(entries(3))
    blob = store.blob.copy()
    blob[store.offsets[1] : store.offsets[2]] = 0  # the second entry
    damaged = DocumentStore(store.ids, store.offsets, blob)
    assert set(damaged.get([1, 2, 3])) == {1, 3}


def test_documents_written_by_other_code_or_cut_short_are_refused(tmp_path):
    folder = tmp_path / "documents"
    DocumentStore.from_entries(entries(4)).save(folder, about={"read_at": "t"})
    about = json.loads((folder / "documents.json").read_text())

    (folder / "documents.bin").write_bytes((folder / "documents.bin").read_bytes()[:-3])
    with pytest.raises(IndexLoadError, match="do not fit"):
        DocumentStore.load(folder)

    about["layout"]["ProfileDoc"].append("salary")
    (folder / "documents.json").write_text(json.dumps(about))
    with pytest.raises(IndexLoadError, match="other code"):
        DocumentStore.load(folder)
    assert DocumentStore.saved_about(folder) == {}

    (folder / "ids.npy").unlink()
    about["layout"]["ProfileDoc"].pop()
    (folder / "documents.json").write_text(json.dumps(about))
    with pytest.raises(IndexLoadError, match="cannot read"):
        DocumentStore.load(folder)


def test_language_levels_and_empty_fields_survive_exactly():
    doc = ProfileDoc(id=9, headline="x", languages=(LanguageSkill("ru", "native"),), remote=False)
    store = DocumentStore.from_entries([StoredDoc("p-9", "x", doc)])
    assert store.get([9])[9].doc == doc


def test_entries_written_as_escaped_json_before_orjson_still_read():
    # Index versions published before the store wrote with orjson hold json.dumps's output, with
    # every Cyrillic letter escaped; a server upgraded beside them must read them unchanged.
    written = entries(5)
    escaped = [
        zlib.compress(
            json.dumps(
                {"external_id": e.external_id, "label": e.label, "doc": dataclasses.asdict(e.doc)},
                separators=(",", ":"),
            ).encode("ascii"),
            1,
        )
        for e in written
    ]
    assert b"\\u" in zlib.decompress(escaped[0])
    assert [decode(data) for data in escaped] == written
    assert [decode(encode(entry)) for entry in written] == written
    assert "Инженер".encode() in zlib.decompress(encode(written[0]))


def test_stores_of_consecutive_id_ranges_join_into_the_store_of_them_all():
    written = entries(30)
    parts = [DocumentStore.from_entries(written[a:b]) for a, b in ((0, 11), (11, 11), (11, 30))]
    joined = DocumentStore.joined(parts)
    whole = DocumentStore.from_entries(written)
    assert joined.ids.tolist() == whole.ids.tolist()
    assert joined.offsets.tolist() == whole.offsets.tolist()
    assert joined.blob.tobytes() == whole.blob.tobytes()
    assert len(DocumentStore.joined([])) == 0
    with pytest.raises(ValueError, match="overlap"):
        DocumentStore.joined([parts[2], parts[0]])
