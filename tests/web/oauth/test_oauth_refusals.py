"""OAuth callbacks that link nothing: a bad state, a reused or injected code, a failing provider."""

from __future__ import annotations

import socket

from tests.web.oauth.flow import (
    ORCID,
    PENDING,
    arg,
    attestation,
    authorize,
    finish,
    identities,
    security_events,
    with_args,
)

# --- state ---------------------------------------------------------------------------------------


def test_a_callback_without_state_links_nothing(app, client, exile, orcid):
    page = finish(client, with_args(authorize(client, "orcid"), state=None))

    assert "This link could not be checked" in page
    assert identities(app) == []
    assert attestation(app, exile, "orcid") is None
    assert not any(code.used for code in orcid.codes.values()), "the code was never exchanged"
    assert security_events(app) == [
        ("oauth_state", exile, {"provider": "orcid", "reason": "missing"})
    ]


def test_a_callback_with_a_wrong_state_links_nothing(app, client, exile, orcid):
    page = finish(client, with_args(authorize(client, "orcid"), state="forged-state"))

    assert "This link could not be checked" in page
    assert identities(app) == []
    assert not any(code.used for code in orcid.codes.values())
    assert security_events(app)[-1][2]["reason"] == "wrong"


def test_a_state_from_another_session_links_nothing(app, client, exile, other, orcid):
    victim_callback = authorize(client, "orcid")
    browser, other_id = other
    authorize(browser, "orcid")  # the other session has a pending link of its own

    page = finish(browser, victim_callback)

    assert "This link could not be checked" in page
    assert identities(app) == []
    # The victim's own flow is untouched and still completes, for the victim.
    finish(client, victim_callback)
    assert identities(app) == [(exile, "orcid", ORCID, ORCID)]
    assert attestation(app, other_id, "orcid") is None


def test_a_callback_with_nothing_started_links_nothing(app, client, exile, orcid):
    callback = authorize(client, "orcid")
    with client.session_transaction() as flask_session:
        del flask_session[PENDING]

    assert "This link could not be checked" in finish(client, callback)
    assert identities(app) == []


def test_a_state_is_good_for_one_callback_only(app, client, exile, orcid):
    callback = authorize(client, "orcid")
    finish(client, callback)
    client.post("/verification/oauth/orcid/unlink")

    assert "This link could not be checked" in finish(client, callback)
    assert identities(app) == []


def test_an_expired_state_links_nothing(app, client, exile, orcid):
    callback = authorize(client, "orcid")
    with client.session_transaction() as flask_session:
        flask_session[PENDING] = {**flask_session[PENDING], "started": 1}

    assert "This link could not be checked" in finish(client, callback)
    assert identities(app) == []
    assert security_events(app)[-1][2]["reason"] == "expired"


# --- codes and PKCE ------------------------------------------------------------------------------


def test_a_reused_code_is_refused_by_the_provider_and_the_app_says_so(app, client, exile, orcid):
    first = authorize(client, "orcid")
    finish(client, first)
    client.post("/verification/oauth/orcid/unlink")
    fresh = authorize(client, "orcid")  # a valid pending state for this session

    page = finish(client, with_args(fresh, code=arg(first, "code")))

    assert orcid.refusals == ["code already used"]
    assert "ORCID did not confirm the sign-in" in page
    assert identities(app) == []
    assert attestation(app, exile, "orcid")[0] == "revoked"


def test_an_injected_code_fails_the_pkce_check(app, client, exile, other, orcid):
    victim_callback = authorize(client, "orcid")
    browser, other_id = other
    attacker_callback = authorize(browser, "orcid")

    # The attacker's own state passes, but the victim's code was bound to the victim's verifier.
    page = finish(browser, with_args(attacker_callback, code=arg(victim_callback, "code")))

    assert orcid.refusals == ["PKCE verifier mismatch"]
    assert "ORCID did not confirm the sign-in" in page
    assert identities(app) == []
    assert attestation(app, other_id, "orcid") is None


def test_a_wrong_pkce_verifier_is_refused(app, client, exile, github):
    callback = authorize(client, "github")
    with client.session_transaction() as flask_session:
        flask_session[PENDING] = {**flask_session[PENDING], "verifier": "x" * 64}

    assert "GitHub did not confirm the sign-in" in finish(client, callback)
    assert github.refusals == ["PKCE verifier mismatch"]
    assert identities(app) == []


# --- provider failures ---------------------------------------------------------------------------


def test_a_denial_at_the_provider_links_nothing(app, client, exile, orcid):
    orcid.deny_with = "access_denied"

    page = finish(client, authorize(client, "orcid"))

    assert "You did not allow the link at ORCID" in page
    assert identities(app) == []


def test_a_failed_token_exchange_links_nothing(app, client, exile, github):
    app.config["GITHUB_CLIENT_SECRET"] = "not-the-secret"

    page = finish(client, authorize(client, "github"))

    assert github.refusals == ["bad client credentials"]
    assert "GitHub did not confirm the sign-in" in page
    assert identities(app) == []


def test_an_unreachable_provider_links_nothing(app, client, exile, orcid):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    app.config["ORCID_TOKEN_URL"] = f"http://127.0.0.1:{port}/token"

    page = finish(client, authorize(client, "orcid"))

    assert "ORCID could not be reached" in page
    assert identities(app) == []
