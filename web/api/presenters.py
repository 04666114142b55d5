"""Turn users, tokens, records and match results into the API's response bodies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from web.api.resources import organizations_of
from web.models import ApiToken, Listing, User
from web.services.api_tokens import as_utc
from web.services.badges import Badge
from web.services.records import listing_record


def me(user: User) -> dict[str, Any]:
    """Return what the caller may know about their own account."""
    return {
        "id": user.id,
        "email": user.email,
        "role": user.role,
        "locale": user.locale,
        "organizations": [{"id": org.id, "name": org.name} for org in organizations_of(user)],
    }


def token_created(raw: str, token: ApiToken) -> dict[str, Any]:
    """Return a newly issued token; its text is shown this once."""
    return {
        "token": raw,
        "token_type": "Bearer",
        "name": token.name,
        "created_at": as_utc(token.created_at).isoformat(),
    }


def listing_page(listings: Sequence[Listing], total: int, limit: int, offset: int) -> dict:
    """Return one page of listings as contract records."""
    items = [listing_record(listing) for listing in listings]
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def profile_matches(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return candidates (host cards from the candidates service) as API match items."""
    return [
        {
            "external_id": item["card"]["external_id"],
            "score": item["score"],
            "profile": item["card"] | {"badges": badge_items(item["card"]["badges"])},
            "explanation": item["explanation"],
        }
        for item in found
    ]


def listing_matches(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return matched listings ({"match", "listing"} pairs) with their full records."""
    return [
        {
            "external_id": item["listing"].external_id,
            "score": item["match"]["score"],
            "listing": listing_record(item["listing"]),
            "organization_badges": badge_items(item["badges"]),
            "explanation": item["match"]["explanation"],
        }
        for item in found
    ]


def badge_items(badges: Sequence[Badge]) -> list[dict[str, Any]]:
    """Return badges with their times in ISO 8601 and UTC, as the document declares them.

    (Flask would write a datetime as an HTTP date, which is not the schema's `date-time`.)
    """
    return [
        {
            "kind": badge.kind,
            "label": badge.label,
            "checked_at": as_utc(badge.checked_at).isoformat(),
            "expires_at": as_utc(badge.expires_at).isoformat() if badge.expires_at else None,
        }
        for badge in badges
    ]
