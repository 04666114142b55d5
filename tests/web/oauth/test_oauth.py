"""Linking ORCID and GitHub through OAuth 2, against a fake provider on loopback: the links made,
the identifiers they bind, unlinking, and the page.

Each flow is driven for real: POST start → the provider's /authorize over HTTP → the app's
callback, which exchanges the code at the provider's /token (and GitHub's /user) over HTTP.
Callbacks that must link nothing are in test_oauth_refusals.py.
"""

from __future__ import annotations

from tests.web.fake_oauth import s256
from tests.web.oauth.flow import (
    ORCID,
    ORCID_BAD_CHECKSUM,
    OTHER_ORCID,
    PENDING,
    arg,
    attestation,
    authorize,
    finish,
    host_card,
    identities,
    security_events,
)

# --- happy paths ---------------------------------------------------------------------------------


def test_linking_orcid_binds_the_id_and_shows_a_masked_badge(app, client, exile, orcid):
    callback = authorize(client, "orcid")
    with client.session_transaction() as flask_session:
        pending = dict(flask_session[PENDING])
    asked = orcid.authorize_requests[-1]
    assert asked["state"] == pending["state"] == arg(callback, "state")
    assert asked["code_challenge_method"] == "S256"
    assert asked["code_challenge"] == s256(pending["verifier"])
    assert pending["verifier"] not in str(asked)
    assert asked["scope"] == "/authenticate"

    page = finish(client, callback)

    assert "Your ORCID iD is linked" in page
    assert f"Linked: {ORCID}" in page
    assert identities(app) == [(exile, "orcid", ORCID, ORCID)]
    assert attestation(app, exile, "orcid") == ("verified", "0000-0002-…", "ORCID OAuth")
    assert "ORCID iD 0000-0002-… linked" in client.get("/verification").get_data(as_text=True)
    card = host_card(app, exile)
    assert "ORCID iD 0000-0002-… linked" in card["badges"]
    assert "1825" not in str(card)
    with client.session_transaction() as flask_session:
        assert PENDING not in flask_session


def test_linking_github_binds_the_numeric_id_and_never_shows_the_login(app, client, exile, github):
    page = finish(client, authorize(client, "github"))

    assert "Your GitHub account is linked" in page
    assert "@octocat" in page  # the owner sees it, nobody else
    assert identities(app) == [(exile, "github", "583231", "octocat")]
    assert attestation(app, exile, "github") == ("verified", "", "GitHub OAuth")
    card = host_card(app, exile)
    assert any(label.startswith("GitHub account linked") for label in card["badges"])
    assert "octocat" not in str(card) and "583231" not in str(card)


def test_linking_the_same_github_account_again_follows_a_renamed_login(app, client, exile, github):
    finish(client, authorize(client, "github"))
    github.identity = {"id": 583231, "login": "octocat-renamed"}

    page = finish(client, authorize(client, "github"))

    assert "Your GitHub account is linked" in page
    assert identities(app) == [(exile, "github", "583231", "octocat-renamed")]


# --- identifiers ---------------------------------------------------------------------------------


def test_an_orcid_id_with_a_bad_checksum_is_refused(app, client, exile, orcid):
    orcid.identity = {"orcid": ORCID_BAD_CHECKSUM}

    page = finish(client, authorize(client, "orcid"))

    assert "not valid (its check digit is wrong)" in page
    assert identities(app) == []
    assert attestation(app, exile, "orcid") is None


def test_a_github_login_taken_over_by_another_id_does_not_reach_the_first_account(
    app, client, exile, other, github
):
    github.identity = {"id": 101, "login": "alice"}
    finish(client, authorize(client, "github"))
    # "alice" renamed herself; GitHub gave the freed login to a different person, id 202.
    github.identity = {"id": 202, "login": "alice"}
    browser, other_id = other

    page = finish(browser, authorize(browser, "github"))

    assert "Your GitHub account is linked" in page
    assert identities(app) == [
        (exile, "github", "101", "alice"),
        (other_id, "github", "202", "alice"),
    ]
    # Nor can the new "alice" be attached to the first account.
    page = finish(client, authorize(client, "github"))
    assert "already linked to another Talent Bridge account" in page
    assert identities(app)[0] == (exile, "github", "101", "alice")


def test_a_github_id_that_is_not_a_number_is_refused(app, client, exile, github):
    github.identity = {"id": "101", "login": "alice"}

    assert "did not send a valid account number" in finish(client, authorize(client, "github"))
    assert identities(app) == []


def test_an_identity_linked_to_one_account_is_refused_for_another(app, client, exile, other, orcid):
    finish(client, authorize(client, "orcid"))
    browser, other_id = other

    page = finish(browser, authorize(browser, "orcid"))

    assert "already linked to another Talent Bridge account" in page
    assert identities(app) == [(exile, "orcid", ORCID, ORCID)]
    assert attestation(app, other_id, "orcid") is None
    assert ("identity_conflict", other_id, {"provider": "orcid"}) in security_events(app)


def test_an_account_holds_one_identity_per_provider(app, client, exile, orcid):
    finish(client, authorize(client, "orcid"))
    orcid.identity = {"orcid": OTHER_ORCID}

    page = finish(client, authorize(client, "orcid"))

    assert "already has a linked ORCID account" in page
    assert identities(app) == [(exile, "orcid", ORCID, ORCID)]


def test_unlinking_revokes_the_badge_and_allows_a_new_link(app, client, exile, orcid):
    finish(client, authorize(client, "orcid"))

    response = client.post("/verification/oauth/orcid/unlink", follow_redirects=True)

    assert "The link is removed and its badge withdrawn." in response.get_data(as_text=True)
    assert identities(app) == []
    assert attestation(app, exile, "orcid") == ("revoked", "0000-0002-…", "unlinked by the owner")
    assert "0000-0002-…" not in client.get("/verification").get_data(as_text=True)
    assert host_card(app, exile)["badges"] == []
    orcid.identity = {"orcid": OTHER_ORCID}
    finish(client, authorize(client, "orcid"))
    assert identities(app) == [(exile, "orcid", OTHER_ORCID, OTHER_ORCID)]
    assert attestation(app, exile, "orcid")[0] == "verified"


# --- the page ------------------------------------------------------------------------------------


def test_an_unconfigured_provider_says_so_and_its_routes_are_404(client, exile):
    page = client.get("/verification/oauth").get_data(as_text=True)

    assert page.count("Not configured on this server.") == 2
    for provider in ("orcid", "github"):
        assert client.post(f"/verification/oauth/{provider}/start").status_code == 404
        assert client.get(
            f"/verification/oauth/{provider}/callback?code=a&state=b"
        ).status_code == (404)


def test_the_page_offers_both_links_once_configured(client, exile, orcid, github):
    page = client.get("/verification/oauth").get_data(as_text=True)

    assert "Link my ORCID iD" in page and "Link my GitHub account" in page
    assert client.get("/verification/oauth/orcid/start").status_code == 405
    assert client.post("/verification/oauth/gitlab/start").status_code == 404


def test_only_exiles_link_identities(app, client, auth, orcid):
    auth.create("hr@example.com", role="host", organization="Acme")
    auth.login("hr@example.com")

    assert client.get("/verification/oauth").status_code == 403
    assert client.post("/verification/oauth/orcid/start").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, orcid):
    response = client.get("/verification/oauth/orcid/callback?code=a&state=b")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
