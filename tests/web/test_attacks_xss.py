"""Stored XSS and template injection (issue 7): every typed text is shown as text, never run."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from web import database
from web.models import ContactRequest, Organization, Profile

from .contact_helpers import Person, approve_badge, set_organization
from .exiles import RUSSIAN_FORM
from .hosts import create_listing

XSS = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'><svg onload=alert(2)></textarea>"
TEMPLATE = "{{7*7777}}{{config}}"
PAYLOAD = f"{XSS}{TEMPLATE}"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
EVALUATED = ("54439", "SECRET_KEY")
ORGANIZATION = f"Org {PAYLOAD}"[:300]


class _Elements(HTMLParser):
    """Collect every element with its attributes, and the text inside script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def assert_inert(page: str, where: str, shown: bool = True) -> None:
    """Assert a page carries no script, event handler or javascript: URL, and no evaluated
    template; with `shown`, also that the payload is there, as text."""
    parser = _Elements()
    parser.feed(page)
    for tag, attrs in parser.elements:
        assert tag != "script", where  # the app has no JavaScript at all
        handlers = [name for name in attrs if name.startswith("on")]
        assert handlers == [], (where, tag, attrs)
        assert not (tag == "img" and attrs.get("src") == "x"), where
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            value = re.sub(r"\s", "", attrs.get(name, "")).lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (where, attrs)
    for value in EVALUATED:
        assert value not in page, (where, value)
    if shown:
        assert ESCAPED in page, f"the payload is not on {where}, so this proves nothing"
        assert TEMPLATE in page.replace("&#39;", "'"), where


def profile_form_with_payloads() -> dict:
    """Return the profile form with the payload in every free-text field."""
    data = dict(RUSSIAN_FORM)
    for name in (
        "display_name",
        "headline",
        "summary",
        "experience-0-title",
        "experience-0-organization",
        "experience-0-description",
        "education-0-degree",
        "education-0-field",
        "education-0-institution",
        "full_name",
        "name_variants",
        "city",
    ):
        data[name] = f"{name} {PAYLOAD}"
    data["skills"] = f"Python\n{PAYLOAD}"
    data["email"] = '"><svg/onload=alert(1)>@example.org'
    return data


@pytest.fixture()
def stored(app, auth):
    """Payloads stored through the real forms in every text field a person or a host types."""
    exile = Person(app, type(auth), "xss-exile@example.org")
    saved = exile.post("/me/profile", data=profile_form_with_payloads())
    assert saved.status_code == 302, saved.get_data(as_text=True)
    host = Person(app, type(auth), "hr@xss.example", role="host", organization=ORGANIZATION)
    organization_id = set_organization(app, host.email, country="DE")
    approve_badge(app, organization_id)
    page = host.post(
        "/host/organization",
        data={
            "kind": "employer",
            "website": f"https://example.org/?q={XSS}",
            "description": PAYLOAD,
        },
    )
    assert page.status_code == 302, page.get_data(as_text=True)
    listing_id = create_listing(
        host.client,
        title=f"Title {PAYLOAD}",
        description=PAYLOAD,
        skills=f"Python\n{PAYLOAD}",
        city=f"City {PAYLOAD}"[:200],
        compensation=PAYLOAD,
    )
    with app.app_context(), database.session_scope() as session:
        external_id = session.scalar(select(Profile.external_id))
    assert host.get(f"/host/talent/{external_id}").status_code == 200
    asked = host.post(
        f"/host/talent/{external_id}/contact",
        data={
            "purpose": f"Purpose {PAYLOAD}",
            "organization_id": organization_id,
            "listing_id": listing_id,
        },
    )
    assert asked.status_code == 302, asked.get_data(as_text=True)
    noted = host.post(
        f"/host/listings/{listing_id}/shortlist",
        data={"external_id": external_id, "note": f"Note {XSS}"},
    )
    assert noted.status_code == 302
    with app.app_context(), database.session_scope() as session:
        request_id = session.scalar(select(ContactRequest.id))
    accepted = exile.post(
        f"/me/contact-requests/{request_id}/accept", data={"fields": ["full_name", "city"]}
    )
    assert accepted.status_code == 302
    admin = Person(app, type(auth), "admin@example.org", role="admin")
    return {
        "exile": exile,
        "host": host,
        "admin": admin,
        "external_id": external_id,
        "listing_id": listing_id,
        "organization_id": organization_id,
    }


def test_payloads_in_every_text_field_are_rendered_as_text(stored):
    exile, host, admin = stored["exile"], stored["host"], stored["admin"]
    pages = {
        (exile, "/me/profile"): True,
        (exile, "/me/profile/preview"): True,
        (exile, "/me/contact-requests"): True,
        (exile, "/me/views"): True,
        (exile, f"/me/privacy?q={ORGANIZATION[:6]}"): False,
        (exile, "/verification"): False,
        (host, "/host/organization"): True,
        (host, "/host/listings"): True,
        (host, f"/host/listings/{stored['listing_id']}/edit"): True,
        (host, f"/host/listings/{stored['listing_id']}/shortlist"): True,
        (host, f"/host/talent/{stored['external_id']}"): True,
        (host, "/host/contact-requests"): True,
        (admin, "/admin"): True,
        (admin, f"/admin/organizations/{stored['organization_id']}/approval"): True,
        (admin, "/admin/security"): False,
    }
    for (person, path), shown in pages.items():
        assert_inert(person.page(path), path, shown)
    # The organisation's website is a link whose address stays one attribute value.
    card = host.page(f"/host/talent/{stored['external_id']}")
    assert "Note &lt;script&gt;" in host.page(f"/host/listings/{stored['listing_id']}/shortlist")
    assert "Purpose &lt;script&gt;" in exile.page("/me/contact-requests")
    assert "city &lt;script&gt;" in card  # revealed through the accepted request


@pytest.mark.slow
def test_payloads_are_inert_on_ranked_pages(stored):
    exile, host, admin = stored["exile"], stored["host"], stored["admin"]
    for person, path in (
        (exile, "/me/matches"),
        (host, f"/host/listings/{stored['listing_id']}/candidates"),
        (host, "/host/search?q=Python+payments"),
        (admin, "/host/search?q=Python+payments"),
    ):
        assert_inert(person.page(path), path)


WEBSITES = [
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
]


def test_the_organisation_website_is_http_or_https_only(app, auth):
    host = Person(app, type(auth), "hr@site.example", role="host", organization="Site Org")

    for website in WEBSITES:
        response = host.post("/host/organization", data={"website": website, "country": "LV"})

        assert response.status_code == 422, website
        assert 'id="website-error"' in response.get_data(as_text=True), website
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(Organization.website)) is None
