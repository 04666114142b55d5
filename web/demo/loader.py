"""Load the generated demo corpus into the database through the same path as an import."""

from __future__ import annotations

from collections import Counter

from web import database
from web.demo.corpus import generate_listings, generate_profiles
from web.records.schemas import ListingRecord, ProfileRecord
from web.services.records import upsert_listing, upsert_profile


def load_demo(profile_count: int, listing_count: int, seed: int = 7) -> Counter:
    """Upsert the demo profiles and listings; return how many were created, updated or same."""
    outcomes: Counter = Counter()
    with database.session_scope() as session:
        for record in generate_profiles(profile_count, seed):
            _, outcome = upsert_profile(session, ProfileRecord.model_validate(record))
            outcomes[outcome] += 1
        for record in generate_listings(listing_count, seed):
            _, outcome = upsert_listing(session, ListingRecord.model_validate(record))
            outcomes[outcome] += 1
    return outcomes
