"""Anti-scraping: quotas on card views and search pages, and canary profiles.

Every page or API route that shows a host profile cards calls one of these before it does.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from web.models import Profile, User


class QuotaExceeded(Exception):
    """A host (or their organisation) used up a quota; the caller answers 429."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("quota exceeded")
        self.retry_after = retry_after


def before_card_view(session: Session, user: User, profile: Profile) -> None:
    """Count one card view against the host's quotas; react to canaries.

    Raises QuotaExceeded when a quota is used up (a security event is recorded). Opening a canary
    profile suspends the host pending review (and records a security event); the caller then
    answers 404 as for any hidden profile.
    """


def before_search_page(session: Session, user: User) -> None:
    """Count one page of search or candidate results against the host's quotas."""
