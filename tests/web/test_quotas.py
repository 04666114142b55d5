"""Anti-scraping quotas: one account, twenty accounts of one organisation, search pages, paging."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import REDIS_URL
from web import create_app, database
from web.models import Membership, Organization, Profile, SecurityEvent, User
from web.services import protection
from web.services.candidates import MAX_RESULTS, PAGE_SIZE, result_limit

from .hosts import add_profiles
from .records import profile

ACCOUNT_LIMIT = 5
ORGANIZATION_LIMIT = 60


@pytest.fixture()
def quotas(app):
    """Small quotas: 5 card views per account, 60 per organisation, per hour."""
    app.config.update(
        CARD_VIEW_LIMIT_PER_ACCOUNT=f"{ACCOUNT_LIMIT} per hour; 100 per day",
        CARD_VIEW_LIMIT_PER_ORGANIZATION=f"{ORGANIZATION_LIMIT} per hour",
        SEARCH_PAGE_LIMIT_PER_ACCOUNT="3 per minute",
        SEARCH_PAGE_LIMIT_PER_ORGANIZATION="100 per hour",
    )
    add_profiles(app, profile())
    return app


def view(app, email: str, external_id: str = "p-anna") -> None:
    """Count one card view by the account, as every card page does first."""
    with app.app_context(), database.session_scope() as session:
        user = session.scalar(select(User).where(User.email == email))
        card = session.scalar(select(Profile).where(Profile.external_id == external_id))
        protection.before_card_view(session, user, card)


def accept_members(app, organization: str) -> None:
    """Accept every request to join the organisation, as a moderator would."""
    with app.app_context(), database.session_scope() as session:
        for membership in session.scalars(
            select(Membership).join(Organization).where(Organization.name == organization)
        ):
            membership.role = "member"


def events(app) -> list[tuple[str, dict, int | None]]:
    """Return every security event as (kind, details, organisation id)."""
    with app.app_context(), database.session_scope() as session:
        return [
            (event.kind, event.details, event.organization_id)
            for event in session.scalars(select(SecurityEvent).order_by(SecurityEvent.id))
        ]


def test_one_account_exhausts_its_card_view_quota(quotas, auth):
    auth.create("scraper@example.com", role="host", organization="Scrape Inc")
    auth.create("colleague@example.com", role="host", organization="Scrape Inc")
    for _ in range(ACCOUNT_LIMIT):
        view(quotas, "scraper@example.com")

    with pytest.raises(protection.QuotaExceeded) as first:
        view(quotas, "scraper@example.com")
    with pytest.raises(protection.QuotaExceeded):
        view(quotas, "scraper@example.com")

    assert 3500 <= first.value.retry_after <= 3600
    # One event for the breach, not one per refused request.
    assert events(quotas) == [
        (
            "quota_exceeded",
            {
                "quota": "card_view",
                "scope": "account",
                "limit": quotas.config["CARD_VIEW_LIMIT_PER_ACCOUNT"],
            },
            None,
        )
    ]
    view(quotas, "colleague@example.com")


def test_the_card_page_answers_429_with_retry_after(quotas, auth, client):
    auth.create("scraper@example.com", role="host", organization="Scrape Inc")
    auth.login("scraper@example.com")
    statuses = [client.get("/host/talent/p-anna").status_code for _ in range(ACCOUNT_LIMIT)]

    refused = client.get("/host/talent/p-anna")

    assert statuses == [200] * ACCOUNT_LIMIT
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert len(events(quotas)) == 1


def test_twenty_accounts_of_one_organisation_exhaust_its_quota(quotas, auth):
    scrapers = [f"scraper{n}@example.com" for n in range(20)]
    for email in scrapers:
        auth.create(email, role="host", organization="Scrape Inc")
    auth.create("honest@example.net", role="host", organization="Honest Org")
    accept_members(quotas, "Scrape Inc")
    per_account = ORGANIZATION_LIMIT // len(scrapers)
    assert per_account < ACCOUNT_LIMIT
    for email in scrapers:
        for _ in range(per_account):
            view(quotas, email)

    # Every account is under its own quota; together they used up the organisation's.
    for email in (scrapers[0], scrapers[-1]):
        with pytest.raises(protection.QuotaExceeded) as refused:
            view(quotas, email)
        assert 3500 <= refused.value.retry_after <= 3600

    recorded = events(quotas)
    assert len(recorded) == 1
    kind, details, organization_id = recorded[0]
    assert kind == "quota_exceeded" and details["scope"] == "organization"
    assert organization_id is not None
    view(quotas, "honest@example.net")


def test_search_pages_count_per_account(quotas, auth, session):
    auth.create("scraper@example.com", role="host", organization="Scrape Inc")
    user = session.scalar(select(User).where(User.email == "scraper@example.com"))
    for _ in range(3):
        protection.before_search_page(session, user)

    with pytest.raises(protection.QuotaExceeded) as refused:
        protection.before_search_page(session, user)

    assert 0 < refused.value.retry_after <= 60
    assert [kind for kind, _details, _org in events(quotas)] == ["quota_exceeded"]
    assert events(quotas)[0][1]["quota"] == "search_page"


def test_the_search_page_answers_429_once_the_quota_is_used(quotas, auth, client):
    auth.create("scraper@example.com", role="host", organization="Scrape Inc")
    auth.login("scraper@example.com")
    quotas.config["SEARCH_PAGE_LIMIT_PER_ACCOUNT"] = "0 per minute"

    refused = client.get("/host/search?q=python")

    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0


def test_quotas_are_shared_between_workers(quotas, auth, database_url, tmp_path):
    auth.create("scraper@example.com", role="host", organization="Scrape Inc")
    for _ in range(ACCOUNT_LIMIT):
        view(quotas, "scraper@example.com")
    # A second app on the same Redis stands for another gunicorn worker.
    other = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "HOME": str(tmp_path / "other"),
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "CARD_VIEW_LIMIT_PER_ACCOUNT": quotas.config["CARD_VIEW_LIMIT_PER_ACCOUNT"],
        }
    )
    try:
        with pytest.raises(protection.QuotaExceeded):
            view(other, "scraper@example.com")
    finally:
        with other.app_context():
            database.engine().dispose()


def test_results_are_paged_and_capped():
    assert result_limit(None) == PAGE_SIZE
    assert result_limit(PAGE_SIZE + 1) == 2 * PAGE_SIZE
    assert result_limit(MAX_RESULTS + 1) == MAX_RESULTS
    assert result_limit(10**9) == MAX_RESULTS
