"""Constraints: which facts cut a candidate, which only lower the score, and the fit signals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from matcher.constraints import (
    check_constraints,
    cut_by,
    cut_summary,
    language_fit,
    level_rank,
    seniority_fit,
)
from matcher.documents import LanguageSkill, ListingDoc, ProfileDoc

TODAY = date(2026, 11, 27)

LISTING = ListingDoc(
    id=10,
    kind="job",
    title="Backend engineer",
    country="DE",
    remote=False,
    visa_sponsorship=False,
    languages=(LanguageSkill("de", "B2"), LanguageSkill("en", "C1")),
    min_years_experience=5,
    deadline=date(2027, 1, 31),
)


def profile(**changes) -> ProfileDoc:
    base = dict(
        id=1,
        headline="Engineer",
        seeking=("job",),
        languages=(LanguageSkill("ru", "native"), LanguageSkill("de", "B1")),
        country="GE",
        work_authorization=("GE",),
        years_experience=7,
    )
    return ProfileDoc(**(base | changes))


def results(person: ProfileDoc, listing: ListingDoc = LISTING, today: date = TODAY):
    return {(r.name, r.detail): (r.met, r.cuts) for r in check_constraints(person, listing, today)}


def only(person: ProfileDoc, name: str, listing: ListingDoc = LISTING):
    [result] = [r for r in check_constraints(person, listing, TODAY) if r.name == name]
    return result.met, result.cuts, result.detail


def test_cefr_levels_are_ordered_with_native_on_top():
    assert level_rank("A1") < level_rank("A2") < level_rank("B1") < level_rank("B2")
    assert level_rank("B2") < level_rank("C1") < level_rank("C2") < level_rank("native")


@pytest.mark.parametrize(
    ("de", "met", "cuts", "detail"),
    [
        ("C2", True, False, "needs de B2, has C2"),
        ("B2", True, False, "needs de B2, has B2"),
        ("B1", False, False, "needs de B2, has B1"),  # one level short: lower, not out
        ("A2", False, True, "needs de B2, has A2"),
        (None, False, True, "needs de B2, not listed"),
    ],
)
def test_a_required_language_cuts_when_missing_or_two_levels_short(de, met, cuts, detail):
    spoken = (LanguageSkill("en", "native"),) + ((LanguageSkill("de", de),) if de else ())
    found = results(profile(languages=spoken))

    assert found[("language", detail)] == (met, cuts)
    assert found[("language", "needs en C1, has native")] == (True, False)


@pytest.mark.parametrize(
    ("changes", "met", "cuts", "detail"),
    [
        ({"work_authorization": ("DE",)}, True, False, "may work in DE"),
        ({"country": "DE", "work_authorization": ()}, True, False, "lives in DE"),
        (
            {"relocate_to": ("DE",)},
            False,
            True,
            "would move to DE, but has no right to work there and no sponsorship is offered",
        ),
        ({}, False, True, "based in DE; no right to work there, no sponsorship offered"),
    ],
)
def test_an_on_site_listing_needs_the_right_to_work_there(changes, met, cuts, detail):
    assert only(profile(**changes), "location") == (met, cuts, detail)


def test_sponsorship_lets_in_those_who_would_move_or_did_not_say():
    sponsored = replace(LISTING, visa_sponsorship=True)
    offered = "visa sponsorship offered for DE"

    assert only(profile(relocate_to=("DE", "PT")), "location", sponsored) == (True, False, offered)
    assert only(profile(relocate_to=()), "location", sponsored) == (True, False, offered)
    # Naming other countries is a wish, not a refusal: scored lower, still shown.
    assert only(profile(relocate_to=("PT",)), "location", sponsored) == (
        False,
        False,
        offered + ", not among the countries they would move to",
    )


def test_remote_listings_and_people_who_refuse_remote_work():
    fully_remote = replace(LISTING, country=None, remote=True)
    remote_in_de = replace(LISTING, remote=True)

    assert only(profile(remote=None), "location", fully_remote) == (True, False, "remote")
    assert only(profile(remote=False), "location", fully_remote) == (
        False,
        True,
        "remote role; profile prefers on-site",
    )
    assert only(profile(remote=True), "location", remote_in_de)[2] == "remote"
    # Someone who works only on-site is judged on the listing's place.
    assert only(profile(remote=False), "location", remote_in_de)[:2] == (False, True)
    onsite_ok = profile(remote=False, work_authorization=("DE",))
    assert only(onsite_ok, "location", remote_in_de) == (True, False, "may work in DE")


def test_kind_cuts_experience_and_deadline_only_lower_the_score():
    found = results(profile(years_experience=3, seeking=("grant",)), today=date(2027, 2, 1))

    assert found[("kind", "does not seek jobs")] == (False, True)
    assert found[("experience", "needs 5+ years, has 3")] == (False, False)
    assert found[("deadline", "closed on 2027-01-31")] == (False, False)
    assert results(profile(seeking=()), LISTING).keys().isdisjoint({("kind", "seeks jobs")})
    assert results(profile())[("kind", "seeks jobs")] == (True, False)


def test_a_cut_is_counted_once_by_the_first_hard_constraint_it_misses():
    everything_wrong = profile(seeking=("grant",), languages=())
    only_language = profile(work_authorization=("DE",), languages=())
    short_but_in = profile(
        work_authorization=("DE",),
        years_experience=0,
        languages=(LanguageSkill("de", "B1"), LanguageSkill("en", "C1")),
    )

    reasons = [
        cut_by(check_constraints(person, LISTING, TODAY))
        for person in (everything_wrong, only_language, only_language, short_but_in)
    ]

    assert reasons == ["kind", "language", "language", None]
    assert cut_summary([*reasons, "location"]) == {"kind": 1, "location": 1, "language": 2}
    assert list(cut_summary(["language", "kind"])) == ["kind", "language"]
    assert cut_summary([None, None]) == {}


def test_language_fit_follows_cefr_distance():
    both = (LanguageSkill("de", "C1"), LanguageSkill("en", "native"))
    one_short = (LanguageSkill("de", "B1"), LanguageSkill("en", "C1"))
    lacking = (LanguageSkill("de", "B2"),)

    assert language_fit(profile(languages=both), LISTING) == 1.0
    assert language_fit(profile(languages=one_short), LISTING) == 0.75
    assert language_fit(profile(languages=lacking), LISTING) == 0.5
    assert language_fit(profile(), replace(LISTING, languages=())) is None


@pytest.mark.parametrize(
    ("years", "need", "fit"),
    [(7, 5, 1.0), (5, 5, 1.0), (3, 5, 0.6), (0, 5, 0.0), (None, 5, 0.5), (3, None, None)],
)
def test_seniority_fit_is_years_against_the_minimum(years, need, fit):
    listing = replace(LISTING, min_years_experience=need)

    assert seniority_fit(profile(years_experience=years), listing) == fit
