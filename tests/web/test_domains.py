"""Institutional domains: normalisation, look-alikes, free mail and the moderators' allowlist."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.web.mailbox import confirm, mailed_link
from web import database
from web.models import AllowedDomain, AuditEvent, User
from web.services import attestations, domains
from web.services.attestations import Subject

CYRILLIC_A = "\u0430"  # looks exactly like the Latin "a"
CYRILLIC_EM = "\u043c"  # "м", passes for "m"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("msu.ru", "msu.ru"),
        ("MSU.RU", "msu.ru"),
        ("  msu.ru.  ", "msu.ru"),
        ("CS.Msu.Ru.", "cs.msu.ru"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("XN--E1AFMKFD.XN--P1AI", "xn--e1afmkfd.xn--p1ai"),
        ("東京大学.jp", "xn--1lq68wkwbj6u.jp"),
    ],
)
def test_domains_are_normalised_to_lower_case_punycode(typed, stored):
    assert domains.normalise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (f"{CYRILLIC_EM}su.ru", "mixes alphabets"),
        (f"harv{CYRILLIC_A}rd.edu", "mixes alphabets"),
        ("xn--su-7lc.ru", "mixes alphabets"),  # the punycode of the line above's trick
        ("аррӏе.com", "mixes alphabets"),  # all Cyrillic, spelling "apple"
        ("msu\u200b.ru", "invisible"),  # zero-width space
        ("msu.ru\u202e", "invisible"),  # right-to-left override
        ("ms\u200du.ru", "invisible"),  # zero-width joiner
        ("ms u.ru", "invisible"),
        ("ru", "full domain"),
        ("", "full domain"),
        ("msu..ru", "not a valid"),
        ("-msu.ru", "not a valid"),
        ("ms_u.ru", "not a valid"),
        ("1.2.3.4", "not a valid"),
        ("xn--zz.ru", "not a valid"),
    ],
)
def test_deceptive_or_malformed_domains_are_refused(app, typed, reason):
    with pytest.raises(domains.DomainError) as raised, app.test_request_context():
        domains.normalise(typed)
    with app.test_request_context():
        assert reason in str(raised.value)


def test_cyrillic_names_under_a_cyrillic_top_level_domain_are_fine():
    assert domains.normalise("рос.рф") == "xn--n1ade.xn--p1ai"


def test_registrable_domain_uses_the_public_suffix_list():
    assert domains.registrable("cs.msu.ru") == "msu.ru"
    assert domains.registrable("www.ox.ac.uk") == "ox.ac.uk"
    assert domains.registrable("co.uk") is None


def _add(session, domain, category="university"):
    return domains.add_allowed(session, domain, "An organisation", category, added_by_id=None)


@pytest.mark.parametrize(
    ("address", "matches"),
    [
        ("ivan@msu.ru", True),
        ("ivan@cs.msu.ru", True),
        ("ivan@a.b.cs.msu.ru", True),
        ("IVAN@MSU.RU", True),
        ("ivan@msu.ru.", True),
        ("ivan@msu.ru.attacker.com", False),
        ("ivan@evil.example.msu.ru.attacker.com", False),
        ("ivan@evilmsu.ru", False),
        ("ivan@msu.ru-attacker.com", False),
        (f"ivan@{CYRILLIC_EM}su.ru", False),
        ("ivan@xn--su-7lc.ru", False),
        ("ivan@ru", False),
        ("not an address", False),
        ("@msu.ru", False),
    ],
)
def test_an_address_matches_the_domain_or_its_subdomains_only(session, address, matches):
    _add(session, "msu.ru")

    found = domains.match_address(session, address)

    assert (found is not None) is matches
    if matches:
        assert found.entry.domain == "msu.ru"


def test_the_most_specific_entry_wins(session):
    _add(session, "example.edu", "university")
    _add(session, "press.example.edu", "newsroom")

    assert domains.match_address(session, "a@press.example.edu").entry.category == "newsroom"
    assert domains.match_address(session, "a@cs.example.edu").entry.category == "university"


@pytest.mark.parametrize(
    "domain", ["gmail.com", "GMail.com.", "mail.ru", "corp.mail.ru", "yandex.ru", "proton.me"]
)
def test_free_mail_cannot_be_added(app, session, domain):
    with pytest.raises(domains.DomainError) as raised:
        _add(session, domain)

    with app.test_request_context():
        assert "free mail" in str(raised.value)
    assert session.scalars(select(AllowedDomain)).all() == []


def test_free_mail_never_matches_even_if_it_got_onto_the_list(session):
    # Written straight to the table, as an older version or a manual fix might have.
    session.add(AllowedDomain(domain="gmail.com", label="Google", category="employer"))
    session.flush()

    assert domains.match_address(session, "anyone@gmail.com") is None


@pytest.mark.parametrize("domain", ["co.uk", "ac.uk", "github.io", "com.ru"])
def test_public_suffixes_cannot_be_added(app, session, domain):
    with pytest.raises(domains.DomainError) as raised:
        _add(session, domain)

    with app.test_request_context():
        assert "public suffix" in str(raised.value)


def test_duplicates_and_unknown_categories_are_refused(session):
    _add(session, "msu.ru")

    with pytest.raises(domains.DomainError):
        _add(session, "MSU.ru.")
    with pytest.raises(domains.DomainError):
        _add(session, "spbu.ru", "casino")


# The moderators' pages


def test_only_moderators_and_admins_may_see_or_edit_the_list(app, client, auth):
    auth.create("exile@example.org")
    auth.create("host@example.com", "host", organization="Example Labs")
    auth.create("mod@example.org", "moderator")
    auth.create("admin@example.org", "admin")
    data = {"domain": "msu.ru", "label": "MSU", "category": "university"}

    anonymous = client.get("/admin/domains")
    anonymous_post = client.post("/admin/domains", data=data)
    refused = []
    for email in ("exile@example.org", "host@example.com"):
        auth.login(email)
        refused += [client.get("/admin/domains").status_code]
        refused += [client.post("/admin/domains", data=data).status_code]
        auth.logout()
    allowed = []
    for email in ("mod@example.org", "admin@example.org"):
        auth.login(email)
        allowed += [client.get("/admin/domains").status_code]
        auth.logout()

    assert anonymous.status_code == anonymous_post.status_code == 302
    assert "/login" in anonymous.headers["Location"]
    assert refused == [403, 403, 403, 403]
    assert allowed == [200, 200]
    with app.app_context(), database.session_scope() as session:
        assert session.scalars(select(AllowedDomain)).all() == []


def test_a_moderator_adds_and_removes_a_domain(app, client, auth):
    auth.create("mod@example.org", "moderator")
    auth.login("mod@example.org")

    added = client.post(
        "/admin/domains",
        data={"domain": " Пример.РФ. ", "label": "Пример", "category": "ngo"},
    )
    listing = client.get("/admin/domains").get_data(as_text=True)
    with app.app_context(), database.session_scope() as session:
        entry = session.scalar(select(AllowedDomain))
        entry_id, stored = entry.id, entry.domain
    confirm_page = client.get(f"/admin/domains/{entry_id}/remove")
    removed = client.post(f"/admin/domains/{entry_id}/remove")

    assert added.status_code == 302
    assert stored == "xn--e1afmkfd.xn--p1ai"
    assert "пример.рф" in listing
    assert confirm_page.status_code == 200
    assert removed.status_code == 302
    with app.app_context(), database.session_scope() as session:
        assert session.scalars(select(AllowedDomain)).all() == []
        actions = [event.action for event in session.scalars(select(AuditEvent))]
    assert actions == ["allowed_domain_added", "allowed_domain_removed"]


def test_adding_free_mail_through_the_page_shows_why_and_keeps_the_form(app, client, auth):
    auth.create("mod@example.org", "moderator")
    auth.login("mod@example.org")

    response = client.post(
        "/admin/domains", data={"domain": "gmail.com", "label": "Google", "category": "employer"}
    )

    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "free mail" in text
    assert 'value="Google"' in text
    with app.app_context(), database.session_scope() as session:
        assert session.scalars(select(AllowedDomain)).all() == []


def test_a_look_alike_domain_is_refused_on_the_page(client, auth):
    auth.create("mod@example.org", "moderator")
    auth.login("mod@example.org")

    response = client.post(
        "/admin/domains",
        data={"domain": f"{CYRILLIC_EM}su.ru", "label": "MSU", "category": "university"},
    )

    assert response.status_code == 422
    assert "mixes alphabets" in response.get_data(as_text=True)


def test_removing_a_domain_revokes_the_badges_that_rested_on_it(app, client, auth):
    auth.create("mod@example.org", "moderator")
    auth.create("ivan@example.org")
    auth.create("olga@example.org")
    auth.login("mod@example.org")
    for domain in ("msu.ru", "spbu.ru"):
        client.post(
            "/admin/domains", data={"domain": domain, "label": domain, "category": "university"}
        )
    auth.logout()
    for email, work in (("ivan@example.org", "ivan@cs.msu.ru"), ("olga@example.org", "o@spbu.ru")):
        auth.login(email)
        client.post("/verification/email/work", data={"address": work})
        confirm(client, "work", mailed_link(app, work)[1])
        auth.logout()
    auth.login("mod@example.org")
    with app.app_context(), database.session_scope() as session:
        msu = session.scalar(select(AllowedDomain).where(AllowedDomain.domain == "msu.ru"))
    client.post(f"/admin/domains/{msu.id}/remove")

    with app.app_context(), database.session_scope() as session:
        users = {user.email: user.id for user in session.scalars(select(User))}
        ivan = attestations.find(session, Subject(user_id=users["ivan@example.org"]), "domain")
        olga = attestations.find(session, Subject(user_id=users["olga@example.org"]), "domain")
        assert (ivan.status, olga.status) == ("revoked", "verified")


def test_the_back_office_links_to_the_list(client, auth):
    auth.create("mod@example.org", "moderator")
    auth.login("mod@example.org")

    assert 'href="/admin/domains"' in client.get("/admin").get_data(as_text=True)
