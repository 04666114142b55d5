"""The access policy, route by route: every endpoint × every role and verification state.

docs/access-policy.md is the policy in words. Each endpoint of the URL map must appear in POLICY;
a new route fails `test_every_route_has_a_policy` until someone decides who may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from web import database
from web.models import AllowedDomain, Profile, ShortlistEntry, User, utcnow
from web.records.schemas import ListingRecord, ProfileRecord
from web.services.records import upsert_listing, upsert_profile
from web.services.vouching import link_token

from .api import API, issue
from .records import listing, profile

# Who asks. Hosts differ by the state of their organisation and of their account.
IDENTITIES = (
    "anonymous",
    "exile",  # owns p-owner
    "other_exile",  # owns p-other
    "host",  # member of the approved organisation that owns the listing
    "other_host",  # member of another approved organisation
    "pending_host",  # member of an organisation a moderator has not approved
    "suspended_host",  # member of the approved organisation, suspended (opened a canary)
    "moderator",
    "admin",
)
HOSTS = ("host", "other_host", "pending_host", "suspended_host")

# Policies: who gets through (anyone else is refused: login for anonymous, 403/404 for others).
PUBLIC = set(IDENTITIES)
SIGNED_IN = set(IDENTITIES) - {"anonymous"}
EXILES = {"exile", "other_exile"}
ORGANIZATION = {"host", "suspended_host", "admin"}  # the organisation that owns the listing
ANY_ORGANIZATION = {"host", "other_host", "pending_host", "suspended_host", "admin"}
TALENT = {"host", "admin"}  # talent pages about the organisation's own listing
TALENT_ANY = {"host", "other_host", "moderator", "admin"}  # the talent pool itself
STAFF = {"moderator", "admin"}
ADMIN = {"admin"}
API_ORGANIZATION = {"host", "suspended_host"}
ASKING = {"host", "other_host"}  # approved hosts ask exiles for contact; staff do not


@dataclass(frozen=True)
class Rule:
    """Who may GET an endpoint (and POST to it, when it takes posts); URL values to use.

    `refusals_only`: the URL names an object the matrix does not build (a document, a sanctions
    hit); only the refusals are checked here, the feature tests check what allowed users get.
    """

    allowed: set[str]
    values: tuple[tuple[str, str], ...] = ()
    refusals_only: bool = False


POLICY: dict[str, Rule] = {
    "static": Rule(PUBLIC, (("filename", "style.css"),)),
    "pages.index": Rule(PUBLIC),
    "auth.login": Rule(PUBLIC),
    "auth.register": Rule(PUBLIC),
    "auth.logout": Rule(SIGNED_IN),
    "auth.password": Rule(SIGNED_IN),
    "i18n.switch": Rule(PUBLIC),
    "overview.health": Rule(PUBLIC),
    "overview.index": Rule(TALENT_ANY),
    "verification.index": Rule(SIGNED_IN),
    "exile.home": Rule(EXILES),
    "exile.matches": Rule(EXILES),
    "exile.profile": Rule(EXILES),
    "exile.delete": Rule(EXILES),
    "exile.preview": Rule(EXILES),
    "host.organization": Rule(ANY_ORGANIZATION),
    "host.listings": Rule(ANY_ORGANIZATION),
    "host.listing_new": Rule(ANY_ORGANIZATION),
    "host.listing_edit": Rule(ORGANIZATION, (("listing_id", "listing"),)),
    "host.listing_delete": Rule(ORGANIZATION, (("listing_id", "listing"),)),
    "host.candidates": Rule(TALENT, (("listing_id", "listing"),)),
    "host.shortlist": Rule(TALENT, (("listing_id", "listing"),)),
    "host.shortlist_add": Rule(TALENT, (("listing_id", "listing"),)),
    "host.shortlist_remove": Rule(TALENT, (("listing_id", "listing"), ("entry_id", "entry"))),
    "host.shortlist_add_any": Rule(TALENT),
    "host.search": Rule(TALENT_ANY),
    "admin.index": Rule(STAFF),
    "admin.user_status": Rule(ADMIN, (("user_id", "other_exile_user"), ("action", "disable"))),
    # The API answers 401 without a token; the token endpoint and the description are open.
    "api.openapi": Rule(PUBLIC),
    "api.create_token": Rule(PUBLIC),
    "api.revoke_current_token": Rule(SIGNED_IN),
    "api.me": Rule(SIGNED_IN),
    "api.get_profile": Rule(EXILES),
    "api.put_profile": Rule(EXILES),
    "api.delete_profile": Rule(EXILES),
    "api.profile_matches": Rule(EXILES),
    # The API's listing routes are for hosts only (admins act for organisations on the pages).
    "api.list_listings": Rule(set(HOSTS)),
    "api.create_listing": Rule(set(HOSTS)),
    "api.get_listing": Rule(API_ORGANIZATION, (("external_id", "listing_external"),)),
    "api.replace_listing": Rule(API_ORGANIZATION, (("external_id", "listing_external"),)),
    "api.delete_listing": Rule(API_ORGANIZATION, (("external_id", "listing_external"),)),
    "api.listing_matches": Rule({"host"}, (("external_id", "listing_external"),)),
    "api.search": Rule(SIGNED_IN),  # openings for everyone; talent: tests/web/test_api.py
    "api.list_contact_requests": Rule(ASKING),
    "api.create_contact_request": Rule(ASKING, (("external_id", "profile_external"),)),
    # Verification checks.
    "verify_email.index": Rule(SIGNED_IN),
    "verify_email.work": Rule({"exile", "other_exile", *HOSTS}),
    "verify_email.confirm": Rule(SIGNED_IN, (("purpose", "account"),)),
    "oauth.index": Rule(EXILES),
    # No provider is configured here (their routes answer 404 then): tests/web/test_oauth.py.
    "oauth.start": Rule(EXILES, (("provider", "orcid"),), True),
    "oauth.callback": Rule(EXILES, (("provider", "orcid"),), True),
    "oauth.unlink": Rule(EXILES, (("provider", "orcid"),), True),
    "vouching.index": Rule({"exile", "other_exile", *HOSTS}),
    "vouching.vouch": Rule({"exile", "other_exile", *HOSTS}, (("token", "vouch_token"),)),
    "vouching.new_link": Rule(EXILES),
    "vouching.revoke": Rule({"exile", "other_exile", *HOSTS}, (("vouch_id", "1"),), True),
    "documents.index": Rule(EXILES),
    "documents.queue": Rule(STAFF),
    "documents.download": Rule(STAFF, (("review_id", "1"),), True),
    "documents.vote": Rule(STAFF, (("review_id", "1"),), True),
    "domains.index": Rule(STAFF),
    "domains.remove": Rule(STAFF, (("entry_id", "domain"),)),
    "sanctions.queue": Rule(STAFF),
    "sanctions.hit": Rule(STAFF, (("hit_id", "1"),), True),
    "org_approval.page": Rule(STAFF, (("organization_id", "organization"),)),
    "org_approval.act": Rule(STAFF, (("organization_id", "organization"), ("action", "screen"))),
    "org_approval.member": Rule(
        STAFF,
        (
            ("organization_id", "organization"),
            ("membership_id", "membership"),
            ("action", "decline"),
        ),
    ),
    # Two-factor sign-in and the moderators' security page.
    "mfa.login_code": Rule(SIGNED_IN),
    "mfa.security": Rule(SIGNED_IN),
    "mfa.setup": Rule(SIGNED_IN),
    "mfa.confirm": Rule(SIGNED_IN),
    "mfa.recovery_codes": Rule(SIGNED_IN),
    "mfa.disable": Rule(SIGNED_IN),
    "protection.security_events": Rule(STAFF),
    "protection.lift_suspension": Rule(STAFF, (("user_id", "other_exile_user"),)),
    # Contact: the host's side needs the talent pool; the exile's side is their own.
    "host.talent_card": Rule(TALENT_ANY, (("external_id", "profile_external"),)),
    "host.contact_request": Rule(ASKING, (("external_id", "profile_external"),)),
    "host.contact_requests": Rule(ASKING),
    "host.contact_withdraw": Rule(ASKING, (("request_id", "1"),), True),
    "contact.requests": Rule(EXILES),
    "contact.accept": Rule(EXILES, (("request_id", "1"),), True),
    "contact.decline": Rule(EXILES, (("request_id", "1"),), True),
    "contact.revoke": Rule(EXILES, (("request_id", "1"),), True),
    "contact.erase": Rule(EXILES),
    "contact.privacy": Rule(EXILES),
    "contact.privacy_save": Rule(EXILES),
    "contact.block": Rule(EXILES),
    "contact.unblock": Rule(EXILES, (("organization_id", "organization"),)),
    "contact.views": Rule(EXILES),
}


@pytest.fixture()
def world(app, auth):
    """Two exiles with profiles, four hosts in every state, a moderator and an admin."""
    ids = {
        "exile": auth.create("exile@example.org"),
        "other_exile": auth.create("other@example.org"),
        "host": auth.create("host@example.com", role="host", organization="Approved Org"),
        "other_host": auth.create("other-host@example.com", role="host", organization="Other Org"),
        "pending_host": auth.create(
            "pending@example.com", role="host", organization="Pending Org", approved=False
        ),
        "suspended_host": auth.create("suspended@example.com", role="host", organization="Sus Org"),
        "moderator": auth.create("moderator@example.org", role="moderator"),
        "admin": auth.create("admin@example.org", role="admin"),
    }
    with app.app_context(), database.session_scope() as session:
        for key, external_id in (("exile", "p-owner"), ("other_exile", "p-other")):
            stored, _ = upsert_profile(
                session, ProfileRecord.model_validate(profile(external_id=external_id))
            )
            stored.user_id = ids[key]
        host = session.get(User, ids["host"])
        organization = host.memberships[0].organization
        job, _ = upsert_listing(
            session,
            ListingRecord.model_validate(
                listing(external_id="l-approved", organization=organization.name)
            ),
        )
        session.flush()
        # The suspended host belongs to the listing's organisation too.
        suspended = session.get(User, ids["suspended_host"])
        suspended.memberships[0].organization_id = organization.id
        suspended.suspended_at = utcnow()
        suspended.suspension_reason = "canary"
        session.flush()
        entry = ShortlistEntry(
            listing_id=job.id,
            profile_id=session.scalar(select(Profile.id).where(Profile.external_id == "p-owner")),
        )
        session.add(entry)
        session.flush()
        domain = AllowedDomain(domain="uni.example", label="Uni", category="university")
        session.add(domain)
        session.flush()
        values = {
            "domain": str(domain.id),
            "organization": str(organization.id),
            "membership": str(host.memberships[0].id),
            "vouch_token": link_token(session.get(User, ids["other_exile"])),
            "listing": str(job.id),
            "listing_external": job.external_id,
            "entry": str(entry.id),
            "other_exile_user": str(ids["other_exile"]),
            "profile_external": "p-other",
        }
    return ids, values


def test_every_route_has_a_policy(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}

    assert endpoints - set(POLICY) == set(), "add these endpoints to POLICY"
    assert set(POLICY) - endpoints == set(), "these endpoints no longer exist"


EMAILS = {
    "exile": "exile@example.org",
    "other_exile": "other@example.org",
    "host": "host@example.com",
    "other_host": "other-host@example.com",
    "pending_host": "pending@example.com",
    "suspended_host": "suspended@example.com",
    "moderator": "moderator@example.org",
    "admin": "admin@example.org",
}
READS = {"GET"}
WRITES = {"POST", "PUT", "DELETE", "PATCH"}


def _clients(app):
    """Return a signed-in test client and an API token header per identity."""
    from .api import API as _api  # noqa: F401  (keeps the import local to the API calls)

    clients, headers = {"anonymous": app.test_client()}, {"anonymous": {}}
    for identity, email in EMAILS.items():
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, (identity, response.status_code)
        clients[identity] = client
        token = issue(app.test_client(), email, PASSWORD)
        assert token.status_code == 201, (identity, token.get_json())
        headers[identity] = {"Authorization": f"Bearer {token.get_json()['token']}"}
    return clients, headers


PASSWORD = "correct horse battery staple"


def _url(rule, values: dict[str, str]) -> str:
    """Return a concrete URL for a rule, filling its variables from the policy's values."""
    policy = POLICY[rule.endpoint]
    named = dict(policy.values)
    path = rule.rule
    for argument in rule.arguments:
        source = named[argument]
        value = values.get(source, source)
        path = _replace_variable(path, argument, value)
    return path


def _replace_variable(path: str, argument: str, value: str) -> str:
    start = path.index("<")
    while start >= 0:
        end = path.index(">", start)
        if path[start + 1 : end].split(":")[-1] == argument:
            return path[:start] + value + path[end + 1 :]
        start = path.find("<", end)
    raise AssertionError(f"{argument} not in {path}")


def _refused(identity: str, response, api: bool, method: str) -> bool:
    if api and method in WRITES and response.status_code == 422:
        # The body is checked before the record is looked up, so the answer is the same whether
        # the record exists, is someone else's or is missing: it tells nothing.
        return identity != "anonymous"
    if identity == "anonymous":
        if api:
            return response.status_code == 401
        return response.status_code in (302, 401) and "/login" in response.headers.get(
            "Location", "/login"
        )
    return response.status_code in (403, 404)


def _allowed(response) -> bool:
    if response.status_code >= 400 and response.status_code not in (400, 405, 409, 422):
        return False
    return "/login" not in response.headers.get("Location", "")


def test_every_route_answers_each_role_as_the_policy_says(app, world):
    _ids, values = world
    clients, headers = _clients(app)
    failures = []
    for rule in app.url_map.iter_rules():
        policy = POLICY[rule.endpoint]
        api = rule.rule.startswith(API)
        url = _url(rule, values)
        for method in sorted(rule.methods & (READS | WRITES)):
            for identity in IDENTITIES:
                allowed = identity in policy.allowed
                if allowed and (method in WRITES or policy.refusals_only):
                    continue  # the feature tests cover what allowed users get
                client = clients["anonymous"] if api else clients[identity]
                response = client.open(
                    url,
                    method=method,
                    headers=headers[identity] if api else {},
                    json={} if api and method in WRITES else None,
                    # A body with a length: uploads refuse bodies of unknown length first.
                    data=None if api else {"probe": "1"},
                )
                ok = _allowed(response) if allowed else _refused(identity, response, api, method)
                response.close()
                if not ok:
                    failures.append(f"{method} {url} as {identity}: {response.status_code}")
    assert failures == []
