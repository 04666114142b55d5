"""A corrupt, truncated or missing index file or manifest is caught at load, logged and survived.

Readers fall back to the newest version whose checksums match and say so in the log; with no good
version left, search ranks from the stored vectors and the next `reindex` rebuilds the index from
them without embedding anything again (issue 7, item 13).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from matcher.errors import IndexLoadError
from matcher.index import VectorIndex
from matcher.index_files import INDEX_FILE, MANIFEST_FILE, PAYLOAD_FILE
from matcher.index_store import CURRENT_FILE, IndexStore
from web import database
from web.services.importer import import_file
from web.services.index_reader import IndexReader

from .api import API, token_headers
from .records import listing, write_lines
from .test_reindex import corpus_profiles, run

pytestmark = pytest.mark.slow

VIOLIN = listing(external_id="l-violin", title="Violin teacher", skills=["violin", "teaching"])


def truncate(path: Path) -> None:
    """Cut a file to half its length, as a crash or a full disk mid-copy would."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def flip_middle(path: Path) -> None:
    """Invert 16 bytes in the middle of a file (bit rot; the file still parses)."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(b ^ 0xFF for b in data[middle : middle + 16])
    path.write_bytes(bytes(data))


def wrong_checksum(path: Path) -> None:
    """Keep the manifest valid JSON but change the recorded checksum of the index file."""
    manifest = json.loads(path.read_text())
    manifest["checksums"][INDEX_FILE] = "0" * 64
    path.write_text(json.dumps(manifest))


CORRUPTIONS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "index file truncated": (INDEX_FILE, truncate),
    "index file bytes flipped": (INDEX_FILE, flip_middle),
    "index file deleted": (INDEX_FILE, Path.unlink),
    "payload bytes flipped": (PAYLOAD_FILE, flip_middle),
    "manifest truncated": (MANIFEST_FILE, truncate),
    "manifest checksum wrong": (MANIFEST_FILE, wrong_checksum),
    "manifest deleted": (MANIFEST_FILE, Path.unlink),
}


def corrupt(store: IndexStore, version: int, how: str) -> None:
    """Damage one file of a saved version in the named way."""
    name, damage = CORRUPTIONS[how]
    damage(store.version_dir(version) / name)


@pytest.fixture()
def store(tmp_path) -> IndexStore:
    """Publish versions 1 and 2 of a small index of random unit vectors."""
    store = IndexStore(tmp_path / "listings")
    rng = np.random.default_rng(7)
    for version, count in ((1, 40), (2, 50)):
        vectors = rng.standard_normal((count, 16)).astype(np.float32)
        ids = np.arange(1, count + 1, dtype=np.int64)
        store.publish(VectorIndex.build(vectors, ids, model="test-model", version=version))
    return store


@pytest.fixture()
def indexed(app, tmp_path) -> IndexStore:
    """Publish the app's listings index versions 1 and 2 (the second adds the violin listing)."""
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", corpus_profiles(6)))
        import_file(session, "listings", write_lines(tmp_path / "l.jsonl", [listing()]))
    run(app)
    with app.app_context(), database.session_scope() as session:
        import_file(session, "listings", write_lines(tmp_path / "l2.jsonl", [VIOLIN]))
    run(app)
    store = IndexStore(Path(app.config["INDEX_ROOT"]) / "listings")
    assert store.current_version() == 2 and store.versions() == [1, 2]
    return store


def warnings_of(caplog) -> list[str]:
    """Return the WARNING and ERROR lines logged so far."""
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("how", CORRUPTIONS)
def test_a_damaged_current_version_is_detected_and_the_last_good_one_served(store, caplog, how):
    corrupt(store, 2, how)

    with caplog.at_level(logging.WARNING):
        loaded = store.load_current()
        served = IndexReader(store.root).current()

    assert loaded.manifest.version == 1 and served.manifest.version == 1
    lines = warnings_of(caplog)
    assert any(line.startswith("index version 2 is unusable") for line in lines), lines
    assert any("serving index version 1 " in line for line in lines), lines
    with pytest.raises(IndexLoadError):
        store.load_current(fallback=False)


@pytest.mark.parametrize("content", [b"not a number\n", b"\xff\xfe\x00", b""])
def test_a_garbled_current_file_falls_back_to_the_newest_good_version(store, caplog, content):
    (store.root / CURRENT_FILE).write_bytes(content)

    with caplog.at_level(logging.WARNING):
        served = IndexReader(store.root).current()

    assert served.manifest.version == 2
    assert any("trying the newest versions on disk" in line for line in warnings_of(caplog))


def test_search_over_http_answers_from_the_fallback(app, client, auth, indexed, caplog):
    exile = token_headers(client, auth, "anna@example.org")
    corrupt(indexed, 2, "index file bytes flipped")

    with caplog.at_level(logging.WARNING):
        response = client.get(f"{API}/search?q=violin+lessons&kind=listings&k=1", headers=exile)

    assert response.status_code == 200, response.get_data(as_text=True)
    # The violin listing came after version 1: it is scored exactly, so nothing is missing.
    assert [item["external_id"] for item in response.get_json()["items"]] == ["l-violin"]
    assert any("serving index version 1 " in line for line in warnings_of(caplog))


def test_with_no_good_version_left_search_ranks_from_stored_vectors_then_reindex_rebuilds(
    app, client, auth, indexed, caplog
):
    exile = token_headers(client, auth, "anna@example.org")
    corrupt(indexed, 1, "index file truncated")
    corrupt(indexed, 2, "manifest checksum wrong")
    with pytest.raises(IndexLoadError, match="no usable index"):
        indexed.load_current()

    with caplog.at_level(logging.WARNING):
        during = client.get(f"{API}/search?q=violin+lessons&kind=listings&k=1", headers=exile)
        report = run(app)
    after = client.get(f"{API}/search?q=violin+lessons&kind=listings&k=1", headers=exile)

    for response in (during, after):
        assert response.status_code == 200, response.get_data(as_text=True)
        assert [item["external_id"] for item in response.get_json()["items"]] == ["l-violin"]
    lines = warnings_of(caplog)
    assert any("no usable index under" in line and "stored vectors" in line for line in lines)
    assert any("rebuilding it from the stored vectors" in line for line in lines), lines
    listings = report.kinds["listings"]
    assert listings.rebuilt and listings.version == 3
    assert listings.embedded.records == 0 and listings.embedded.encoded == 0
    assert indexed.load_current(fallback=False).manifest.version == 3
    assert not report.kinds["profiles"].rebuilt  # its index was fine and stays


def test_reindex_rebuilds_a_corrupt_current_version_even_when_no_vector_changed(
    app, indexed, caplog
):
    # Flipped vector bytes still parse: only the checksum shows the damage.
    corrupt(indexed, 2, "index file bytes flipped")

    with caplog.at_level(logging.WARNING):
        report = run(app)

    listings = report.kinds["listings"]
    assert listings.rebuilt and listings.version == 3 and listings.embedded.records == 0
    rebuilt = indexed.load_current(fallback=False)
    assert rebuilt.manifest.version == 3 and len(rebuilt) == listings.vectors
    assert any("listings: the current index is unusable" in m for m in warnings_of(caplog))
