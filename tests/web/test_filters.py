"""A filter says it narrows exactly when it can refuse a record: the matcher skips reading the
candidates' documents for one that cannot."""

from __future__ import annotations

import dataclasses
import random

import pytest

from matcher.documents import ListingDoc, ProfileDoc
from web.services.filters import ListingFilter, ProfileFilter

from ..matcher.test_profile_facts import random_profile

# One value for each criterion that `accepts` checks; verified_only is applied by the matcher.
PROFILE_CRITERIA = {
    "field": "it",
    "language": "de",
    "country": "DE",
    "remote": True,
    "min_years": 3,
    "seeking": "job",
}
LISTING_CRITERIA = {"kind": "job", "country": "DE", "remote": False, "visa_sponsorship": True}


def random_listing(rng: random.Random, listing_id: int) -> ListingDoc:
    return ListingDoc(
        id=listing_id,
        kind=rng.choice(("job", "grant", "fellowship")),
        title="x",
        country=rng.choice((None, "DE", "FR")),
        remote=rng.choice((None, True, False)),
        visa_sponsorship=rng.choice((None, True, False)),
    )


def random_people(count: int) -> list[ProfileDoc]:
    rng = random.Random(3)
    people = []
    for number in range(count):
        base = random_profile(rng, number)
        people.append(
            dataclasses.replace(
                base,
                field=rng.choice((None, "it", "research")),
                years_experience=rng.choice((None, 0, 2, 10)),
            )
        )
    return people


@pytest.mark.parametrize(
    ("kind", "criteria"), [(ProfileFilter, PROFILE_CRITERIA), (ListingFilter, LISTING_CRITERIA)]
)
def test_every_criterion_accepts_checks_is_named_and_narrows(kind, criteria):
    checked = {field.name for field in dataclasses.fields(kind)} - {"verified_only", "min_level"}
    assert set(criteria) == checked, "a new criterion needs a value here and a place in narrows()"
    for name, value in criteria.items():
        assert kind(**{name: value}).narrows(), name


def test_filters_that_do_not_narrow_accept_everyone():
    people = random_people(300)
    rng = random.Random(4)
    listings = [random_listing(rng, number) for number in range(300)]
    for empty in (ProfileFilter(), ProfileFilter(verified_only=True), ProfileFilter(field="")):
        assert not empty.narrows()
        assert all(empty.accepts(person) for person in people)
    assert not ListingFilter().narrows()
    assert all(ListingFilter().accepts(item) for item in listings)


def test_each_narrowing_filter_refuses_someone():
    # The converse: narrows() is not simply always true.
    people = random_people(300)
    rng = random.Random(4)
    listings = [random_listing(rng, number) for number in range(300)]
    for name, value in PROFILE_CRITERIA.items():
        assert not all(ProfileFilter(**{name: value}).accepts(person) for person in people), name
    for name, value in LISTING_CRITERIA.items():
        assert not all(ListingFilter(**{name: value}).accepts(item) for item in listings), name
