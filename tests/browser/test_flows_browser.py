"""In a real browser: an exile writes a Russian profile and sees explained matches; a host posts a
listing and sees ranked candidates; screenshots of the main pages are saved for review."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web import database
from web.models import Organization
from web.records.schemas import ListingRecord, ProfileRecord
from web.services.records import upsert_listing, upsert_profile

from ..web.records import listing
from ..web.test_reindex import corpus_profiles
from .conftest import screenshot

pytestmark = pytest.mark.slow

PASSWORD = "a long passphrase 42"


@pytest.fixture(scope="module", autouse=True)
def seeded(live_app):
    """English listings and a few profiles, stored as an import would store them."""
    with live_app.app_context(), database.session_scope() as session:
        for record in [
            listing(),
            listing(
                external_id="l-history",
                kind="fellowship",
                title="Fellowship in Soviet history",
                organization="University of Freiburg",
                skills=["archival research", "Soviet history"],
                field="academia",
                country="DE",
                remote=False,
                visa_sponsorship=True,
                languages=[{"code": "en", "level": "C1"}],
                min_years_experience=2,
            ),
        ]:
            upsert_listing(session, ListingRecord.model_validate(record))
        for record in corpus_profiles(6):
            upsert_profile(session, ProfileRecord.model_validate(record))


def register(page, live_server, email: str, role: str = "exile", organization: str = "") -> None:
    page.goto(live_server + "/register")
    if role == "host":
        page.get_by_label("hiring or funding, for an organisation").check()
        page.get_by_label("Organisation (hosts only)").fill(organization)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()


def test_an_exile_writes_a_russian_profile_and_sees_explained_matches(page, live_server):
    register(page, live_server, "historian@example.org")
    page.get_by_role("button", name="Русский").click()
    page.goto(live_server + "/me/profile")
    page.fill('[name="display_name"]', "Дмитрий С.")
    page.fill('[name="headline"]', "Историк, специалист по истории СССР; Soviet history")
    page.select_option('[name="field"]', "academia")
    page.fill('[name="summary"]', "Исследую советские архивы. Archival research on Soviet history.")
    page.fill('[name="skills"]', "архивные исследования, Soviet history, archival research")
    page.fill('[name="experience-0-title"]', "Научный сотрудник")
    page.fill('[name="experience-0-organization"]', "Институт истории")
    page.fill('[name="experience-0-start"]', "2012-09")
    page.select_option('[name="languages-0-code"]', "en")
    page.select_option('[name="languages-0-level"]', "C1")
    page.select_option('[name="country"]', "DE")
    page.fill('[name="years_experience"]', "12")
    page.fill('[name="full_name"]', "Дмитрий Сидоров")
    page.locator('[name="seeking"][value="fellowship"]').check()
    # The host's listing below is a grant: someone who does not seek grants is left out of it.
    page.locator('[name="seeking"][value="grant"]').check()
    screenshot(page, "10-exile-profile-form-ru")
    page.locator('button[name="save"]').first.click()

    page.goto(live_server + "/me/matches")
    first = page.locator(".match").first
    first.wait_for()
    assert "Fellowship in Soviet history" in first.inner_text()
    assert "Soviet history" in page.locator(".tag.ok").first.inner_text() or (
        page.locator(".tag.ok").count() > 0
    )
    screenshot(page, "11-exile-matches-ru")

    page.goto(live_server + "/me/profile/preview")
    preview = page.content()
    assert "Дмитрий Сидоров" not in preview and "Институт истории" not in preview
    screenshot(page, "12-exile-preview-ru")


def approve(live_app, name: str) -> None:
    """Approve an organisation as a moderator would once its checks are done."""
    with live_app.app_context(), database.session_scope() as session:
        organization = session.scalar(select(Organization).where(Organization.name == name))
        organization.approval_status = "approved"


def test_a_host_posts_a_listing_and_sees_ranked_candidates(page, live_server, live_app):
    register(page, live_server, "hr@example.com", role="host", organization="Baltic Archive Fund")
    page.goto(live_server + "/host/listings/new")
    page.check('[name="kind"][value="grant"]')
    page.fill('[name="title"]', "Research grant: Soviet archives and memory")
    page.fill('[name="description"]', "Support for historians working on Soviet archives.")
    page.fill('[name="skills"]', "archival research, Soviet history")
    page.select_option('[name="field"]', "academia")
    page.select_option('[name="languages-0-code"]', "en")
    page.select_option('[name="languages-0-level"]', "B2")
    page.fill('[name="deadline"]', "2027-05-31")
    screenshot(page, "20-host-listing-form")
    page.locator('button[name="save"]').first.click()
    page.wait_for_url("**/host/listings**")
    # A new organisation waits for a moderator: no candidates yet, and the page says why.
    assert page.get_by_role("link", name="Candidates").count() == 0
    assert page.get_by_text("open once a moderator has approved", exact=False).is_visible()
    screenshot(page, "21-host-listings-awaiting-approval")
    approve(live_app, "Baltic Archive Fund")
    page.reload()
    screenshot(page, "21-host-listings")

    page.get_by_role("link", name="Candidates").first.click()
    first = page.locator(".match").first
    first.wait_for()
    assert "Дмитрий С." in first.inner_text()
    text = page.content()
    assert "Дмитрий Сидоров" not in text and "historian@example.org" not in text
    screenshot(page, "22-host-candidates")

    page.goto(live_server + "/host/search?q=payments+backend+Python")
    page.locator(".match").first.wait_for()
    screenshot(page, "23-host-search")
    page.goto(live_server + "/pool")
    screenshot(page, "24-talent-pool")
