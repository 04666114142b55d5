"""Profile facts: the array gate cuts exactly whom the document gate cuts, saved and loaded."""

from __future__ import annotations

import itertools
import random
from datetime import date

import numpy as np
import pytest

from matcher.constraints import LEVEL_ORDER, check_constraints, cut_by
from matcher.documents import LanguageSkill, ListingDoc, ProfileDoc
from matcher.errors import IndexLoadError
from matcher.profile_facts import REASONS, ProfileFacts, fact_row

TODAY = date(2026, 6, 1)
COUNTRIES = ("DE", "NL", "PT", "GE", "RS")
LANGUAGES = ("en", "de", "ru", "pt")
KINDS = ("job", "fellowship", "grant", "investment")


def random_profile(rng: random.Random, profile_id: int) -> ProfileDoc:
    spoken = rng.sample(LANGUAGES, rng.randint(0, 3))
    return ProfileDoc(
        id=profile_id,
        headline="x",
        languages=tuple(LanguageSkill(code, rng.choice(LEVEL_ORDER)) for code in spoken),
        country=rng.choice((None, *COUNTRIES)),
        seeking=tuple(rng.sample(KINDS, rng.randint(0, 2))),
        remote=rng.choice((None, True, False)),
        relocate_to=tuple(rng.sample(COUNTRIES, rng.randint(0, 2))),
        work_authorization=tuple(rng.sample(COUNTRIES, rng.randint(0, 2))),
    )


def every_listing() -> list[ListingDoc]:
    """Listings over every combination of place, remote, sponsorship and languages that cut."""
    wanted = [
        (),
        (LanguageSkill("de", "B2"),),
        (LanguageSkill("en", "C1"), LanguageSkill("ru", "A1")),
    ]
    wanted.append((LanguageSkill("fi", "A1"),))  # a language nobody speaks
    listings = []
    places = (None, "DE", "FI")  # FI: a country no profile names
    for i, (kind, where, remote, sponsor, languages) in enumerate(
        itertools.product(KINDS, places, (None, True, False), (None, True, False), wanted)
    ):
        listings.append(
            ListingDoc(
                id=i,
                kind=kind,
                title="t",
                country=where,
                remote=remote,
                visa_sponsorship=sponsor,
                languages=languages,
            )
        )
    return listings


def test_the_array_gate_cuts_as_the_document_gate_for_every_pair():
    rng = random.Random(7)
    profiles = [random_profile(rng, profile_id) for profile_id in range(1, 400)]
    facts = ProfileFacts.from_rows(fact_row(doc) for doc in profiles)
    reasons_seen = set()
    for listing in every_listing():
        expected = [cut_by(check_constraints(doc, listing, TODAY)) for doc in profiles]
        got = [REASONS[r] for r in facts.cuts(listing)]
        assert got == expected, listing
        some = np.array([5, 0, 17, 5, 398])
        assert facts.cuts(listing, some).tolist() == facts.cuts(listing)[some].tolist()
        reasons_seen.update(expected)
    # The pairs exercise every way to be cut, and passing.
    assert reasons_seen == set(REASONS)


def test_rows_of_finds_held_ids_in_any_order_and_flags_others():
    docs = [ProfileDoc(id=i, headline="x") for i in (30, 10, 20)]
    facts = ProfileFacts.from_rows(fact_row(doc) for doc in docs)
    assert facts.ids.tolist() == [10, 20, 30]
    rows, held = facts.rows_of(np.array([20, 99, 10, 5]))
    assert held.tolist() == [True, False, True, False]
    assert facts.ids[rows[held]].tolist() == [20, 10]
    empty = ProfileFacts.from_rows([])
    assert empty.rows_of(np.array([1]))[1].tolist() == [False]
    assert empty.cuts(ListingDoc(id=1, kind="job", title="t")).tolist() == []


def test_a_repeated_language_keeps_its_last_level_as_the_document_gate_does():
    doc = ProfileDoc(
        id=1,
        headline="x",
        languages=(LanguageSkill("de", "C1"), LanguageSkill("de", "A1")),
    )
    listing = ListingDoc(id=1, kind="job", title="t", languages=(LanguageSkill("de", "B2"),))
    facts = ProfileFacts.from_rows([fact_row(doc)])
    assert cut_by(check_constraints(doc, listing, TODAY)) == "language"
    assert REASONS[facts.cuts(listing)[0]] == "language"


def test_saved_facts_load_memory_mapped_and_judge_the_same(tmp_path):
    rng = random.Random(3)
    profiles = [random_profile(rng, profile_id) for profile_id in range(1, 50)]
    facts = ProfileFacts.from_rows(fact_row(doc) for doc in profiles)
    facts.save(tmp_path / "facts")
    loaded = ProfileFacts.load(tmp_path / "facts")
    assert isinstance(loaded.ids, np.memmap)
    for listing in every_listing()[::7]:
        assert loaded.cuts(listing).tolist() == facts.cuts(listing).tolist()


def test_broken_or_foreign_facts_are_refused(tmp_path):
    facts = ProfileFacts.from_rows(
        fact_row(ProfileDoc(id=i, headline="x", country="DE")) for i in (1, 2)
    )
    facts.save(tmp_path / "facts")
    (tmp_path / "facts" / "remote.npy").write_bytes(b"broken")
    with pytest.raises(IndexLoadError, match="cannot read"):
        ProfileFacts.load(tmp_path / "facts")
    facts.save(tmp_path / "short")
    np.save(tmp_path / "short" / "country.npy", np.zeros(1, dtype=np.int16))
    with pytest.raises(IndexLoadError, match="different lengths"):
        ProfileFacts.load(tmp_path / "short")
    facts.save(tmp_path / "future")
    (tmp_path / "future" / "facts.json").write_text('{"format": 99}', encoding="utf-8")
    with pytest.raises(IndexLoadError, match="format 99"):
        ProfileFacts.load(tmp_path / "future")


def test_updated_facts_equal_facts_built_afresh():
    rng = random.Random(11)
    old = [random_profile(rng, profile_id) for profile_id in range(1, 300)]
    facts = ProfileFacts.from_rows(fact_row(doc) for doc in old)
    # Some people changed (one now names a country and a language nobody named before), some
    # were erased, some are new.
    changed = [random_profile(rng, profile_id) for profile_id in (5, 17, 250, 300, 301)]
    changed[0] = ProfileDoc(
        id=5,
        headline="x",
        country="JP",
        work_authorization=("JP", "DE", "CA", "US"),
        languages=tuple(LanguageSkill(code, "C1") for code in ("ja", "en", "de", "ru", "pt")),
    )
    erased = {9, 100}
    current = [doc for doc in old if doc.id not in erased and doc.id not in (5, 17, 250)]
    current += changed
    current_ids = np.array(sorted(doc.id for doc in current))

    updated = facts.updated(ProfileFacts.from_rows(fact_row(doc) for doc in changed), current_ids)

    afresh = ProfileFacts.from_rows(fact_row(doc) for doc in current)
    assert updated.ids.tolist() == afresh.ids.tolist()
    japan = ListingDoc(
        id=1, kind="job", title="t", country="JP", languages=(LanguageSkill("ja", "B2"),)
    )
    for listing in [*every_listing()[::5], japan]:
        assert updated.cuts(listing).tolist() == afresh.cuts(listing).tolist(), listing
    # Codes the old facts had stay where they were.
    assert updated.places[: len(facts.places)] == facts.places
