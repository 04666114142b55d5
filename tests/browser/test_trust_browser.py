"""In a real browser: badges as a host sees them, and the double opt-in contact flow from both
sides — a host asks, the exile sees who asks and reveals one field, the host sees only that.
Screenshots go to test-artifacts/screenshots/trust-*.png for the closing note and for review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from web import database
from web.models import Organization, User, utcnow
from web.records.schemas import ProfileRecord
from web.services import accounts, attestations
from web.services.attestations import Subject
from web.services.records import upsert_profile

from ..web.records import profile
from .conftest import screenshot

pytestmark = pytest.mark.slow

PASSWORD = "a long passphrase 42"
EXILE = "marina@example.org"
HOST = "recruiter@uni-freiburg.example"
PRIVATE_EMAIL = "marina.private@example.org"
PRIVATE_NAME = "Марина Соколова"


@pytest.fixture(scope="module", autouse=True)
def seeded(live_app):
    """An exile with four badges and a host of an approved, screened organisation."""
    with live_app.app_context(), database.session_scope() as session:
        exile = accounts.register(session, EXILE, PASSWORD, "exile")
        record = profile(
            external_id="p-marina",
            display_name="Marina S.",
            full_name=PRIVATE_NAME,
            name_variants=["Marina Sokolova"],
            email=PRIVATE_EMAIL,
            city="Tbilisi",
            headline="Computational linguist, Russian and Georgian NLP",
            field="academia",
            summary="Eight years of corpus linguistics and language models for low-resource "
            "languages; left Moscow in 2022.",
            skills=["Python", "NLP", "corpus linguistics", "PyTorch"],
        )
        stored, _ = upsert_profile(session, ProfileRecord.model_validate(record))
        stored.user_id = exile.id
        person = Subject(user_id=exile.id)
        for kind, evidence in (
            ("email", ""),
            ("orcid", "0000-0002-…"),
            ("domain", "university"),
            ("vouch", "3"),
            ("sanctions", "UN, EU, UK, US|2026-11-20"),
        ):
            attestations.record(
                session,
                person,
                kind,
                status="verified",
                evidence=evidence,
                checked_by="browser test",
                expires_at=utcnow() + timedelta(days=365),
            )
        host = accounts.register(
            session, HOST, PASSWORD, "host", organization="Institute for Slavic Studies"
        )
        organization = session.scalar(
            select(Organization).where(Organization.name == "Institute for Slavic Studies")
        )
        organization.approval_status = "approved"
        organization.country = "DE"
        organization.kind = "university"
        place = Subject(organization_id=organization.id)
        for kind, evidence in (
            ("approval", ""),
            ("sanctions", "UN, EU, UK, US|2026-11-20"),
            ("domain", "uni-freiburg.example"),
        ):
            attestations.record(
                session, place, kind, status="verified", evidence=evidence, checked_by="test"
            )
        attestations.record(
            session,
            Subject(user_id=host.id),
            "domain",
            status="verified",
            evidence="uni-freiburg.example",
            checked_by="browser test",
        )
        session.flush()
        assert session.get(User, host.id).memberships[0].organization.approval_status


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_badges_and_the_contact_flow_as_host_and_exile_see_them(browser, live_server):
    host_context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    exile_context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    host, exile = host_context.new_page(), exile_context.new_page()
    try:
        # The exile sees what was checked about them.
        sign_in(exile, live_server, EXILE)
        exile.goto(live_server + "/verification")
        assert exile.get_by_text("ORCID iD 0000-0002-… linked").is_visible()
        screenshot(exile, "trust-exile-verification")

        # The host opens the card: badges say exactly what was checked; no private field.
        sign_in(host, live_server, HOST)
        host.goto(live_server + "/host/talent/p-marina")
        card = host.locator("article.profile-card")
        assert card.get_by_text("Vouched by 3 verified members").is_visible()
        assert card.get_by_text(
            "Screened against UN, EU, UK, US sanctions lists, list of 2026-11-20: no match"
        ).is_visible()
        text = host.content()
        assert PRIVATE_EMAIL not in text and PRIVATE_NAME not in text
        screenshot(host, "trust-host-card-with-badges")

        host.get_by_label("Why do you want to get in touch?").fill(
            "We are hiring a postdoc in computational linguistics for our Georgian corpus "
            "project in Freiburg; your profile fits it closely."
        )
        host.get_by_role("button", name="Send the request").click()
        screenshot(host, "trust-host-request-sent")

        # The exile sees who asks, with the organisation's badges, and reveals only the e-mail.
        exile.goto(live_server + "/me/contact-requests")
        assert exile.get_by_text("Institute for Slavic Studies").first.is_visible()
        assert exile.get_by_text("Approved by Talent Bridge moderators", exact=False).is_visible()
        screenshot(exile, "trust-exile-request-received")
        exile.get_by_label("Contact e-mail").check()
        exile.get_by_role("button", name="Accept and share").click()
        screenshot(exile, "trust-exile-request-accepted")

        # The host now sees the e-mail, and still not the name.
        host.goto(live_server + "/host/talent/p-marina")
        text = host.content()
        assert PRIVATE_EMAIL in text and PRIVATE_NAME not in text
        screenshot(host, "trust-host-card-after-reveal")

        # The exile sees who viewed the card and every reveal.
        exile.goto(live_server + "/me/views")
        assert exile.get_by_text("Institute for Slavic Studies").first.is_visible()
        screenshot(exile, "trust-exile-who-viewed")
    finally:
        host_context.close()
        exile_context.close()
