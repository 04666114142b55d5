"""Talent for hosts: ranked candidates for a listing and free-text search, as host cards."""

from __future__ import annotations

from typing import Any

from web.models import Listing
from web.services.cards import cards_for_documents
from web.services.filters import ProfileFilter
from web.services.matching import Matcher

# Results per page, and the most a host may page through: the pool is not for bulk export.
PAGE_SIZE = 20
MAX_RESULTS = 100


def result_limit(requested: int | None) -> int:
    """Return how many results to show: whole pages, at least one, at most MAX_RESULTS."""
    if not requested or requested < PAGE_SIZE:
        return PAGE_SIZE
    pages = -(-min(requested, MAX_RESULTS) // PAGE_SIZE)
    return pages * PAGE_SIZE


def candidates_for_listing(
    matcher: Matcher, listing: Listing, filters: ProfileFilter | None, k: int
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Return the best profiles for a listing as host cards with score and explanation, and
    how many each hard constraint left out."""
    found = matcher.profiles_for_listing_explained(listing, k=k, filters=filters)
    return with_cards(matcher, found.matches, listing.organization_id), found.cut


def search_talent(
    matcher: Matcher, text: str, filters: ProfileFilter | None, k: int
) -> list[dict[str, Any]]:
    """Return the profiles that best fit a free text as host cards with score and explanation."""
    return with_cards(matcher, matcher.search(text, "profiles", k=k, filters=filters))


def with_cards(
    matcher: Matcher, matches: list[dict], organization_id: int | None = None
) -> list[dict[str, Any]]:
    """Replace each match's record by what a host may see of it: the profile card."""
    documents = matcher.matched_profiles([match["external_id"] for match in matches])
    cards = cards_for_documents(matcher.session, list(documents.values()), organization_id)
    # A profile erased since it was ranked has no card and is left out.
    by_external_id = {card["external_id"]: card for card in cards.values()}
    return [
        {
            "card": by_external_id[match["external_id"]],
            "score": match["score"],
            "explanation": match["explanation"],
        }
        for match in matches
        if match["external_id"] in by_external_id
    ]
