"""The JSON API: tokens, authentication, the one error shape, roles and object-level access."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from web import create_app, database
from web.models import ApiToken, User
from web.services import api_tokens

from .api import API, assert_error, issue, token_headers
from .records import listing, profile


@pytest.fixture()
def bearer(client, auth):
    """Return a factory of accounts: it returns headers carrying a token of the new account."""
    return lambda *args, **kwargs: token_headers(client, auth, *args, **kwargs)


# Tokens ----------------------------------------------------------------------------------------


def test_a_token_is_issued_once_stored_as_a_hash_used_and_revoked(app, client, auth):
    auth.create("anna@example.org")

    issued = issue(client, "Anna@Example.org", auth.PASSWORD, name="laptop")

    assert issued.status_code == 201
    body = issued.get_json()
    raw = body["token"]
    assert body["token_type"] == "Bearer" and body["name"] == "laptop" and len(raw) >= 40
    with app.app_context(), database.session_scope() as session:
        stored = session.scalar(select(ApiToken))
        assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
        assert raw not in (stored.token_hash, stored.name)
    headers = {"Authorization": f"Bearer {raw}"}
    me = client.get(f"{API}/me", headers=headers)
    assert me.status_code == 200
    assert me.get_json() | {"id": 0} == {
        "id": 0,
        "email": "anna@example.org",
        "role": "exile",
        "locale": "en",
        "organizations": [],
    }
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(ApiToken)).last_used_at is not None

    assert client.delete(f"{API}/tokens/current", headers=headers).status_code == 204
    assert_error(client.get(f"{API}/me", headers=headers), 401, "unauthorized")


@pytest.mark.parametrize("email", ["anna@example.org", "nobody@example.org"])
def test_wrong_credentials_get_401_without_saying_which_part(client, auth, email):
    auth.create("anna@example.org")

    error = assert_error(issue(client, email, "wrong password!"), 401, "invalid_credentials")

    assert error["message"] == "E-mail or password is wrong."


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer not-a-real-token", "Basic YTpi", "x" * 5000]
)
def test_missing_or_bad_tokens_get_401_with_a_challenge(client, authorization):
    headers = {"Authorization": authorization} if authorization else {}

    response = client.get(f"{API}/me", headers=headers)

    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_session_cookie_alone_does_not_open_the_api(client, auth):
    auth.create("anna@example.org")
    assert auth.login("anna@example.org").status_code == 302

    assert_error(client.get(f"{API}/me"), 401)
    assert_error(client.put(f"{API}/profile", json=profile()), 401)


def test_revoke_all_tokens_ends_every_token_of_one_user(app, client, auth, bearer):
    first = bearer("anna@example.org")
    second = {
        "Authorization": "Bearer " + issue(client, "anna@example.org", auth.PASSWORD).json["token"]
    }
    other = bearer("boris@example.org")

    with app.app_context(), database.session_scope() as session:
        user = session.scalar(select(User).where(User.email == "anna@example.org"))
        assert api_tokens.revoke_all_tokens(session, user) == 2

    for headers in (first, second):
        assert_error(client.get(f"{API}/me", headers=headers), 401)
    assert client.get(f"{API}/me", headers=other).status_code == 200


def test_token_requests_are_rate_limited_per_account(app, client, auth):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per minute"
    auth.create("anna@example.org")

    statuses = [
        issue(client, "anna@example.org", f"guess number {i}").status_code for i in range(4)
    ]
    blocked = issue(client, "anna@example.org", auth.PASSWORD)

    assert statuses == [401, 401, 401, 429]
    assert_error(blocked, 429, "rate_limited")
    assert issue(client, "boris@example.org", "another guess").status_code == 401


def test_the_api_needs_no_csrf_token_even_where_forms_do(database_url, tmp_path, auth):
    auth.create("anna@example.org")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "HOME": str(tmp_path),
            "WTF_CSRF_ENABLED": True,
        }
    )

    try:
        response = issue(app.test_client(), "anna@example.org", auth.PASSWORD)
    finally:
        with app.app_context():
            database.engine().dispose()

    assert response.status_code == 201


# The error shape ---------------------------------------------------------------------------


def test_unknown_paths_and_wrong_methods_answer_in_the_error_shape(client):
    assert_error(client.get(f"{API}/no-such-thing"), 404, "not_found")
    wrong_method = client.patch(f"{API}/profile")
    error = assert_error(wrong_method, 405, "method_not_allowed")
    assert "DELETE, GET, PUT" in error["message"]
    assert "PUT" in wrong_method.headers["Allow"]


@pytest.mark.parametrize(
    ("data", "content_type", "status", "words"),
    [
        ('{"display_name": "A",', "application/json", 400, "not valid JSON"),
        ('{"a": 1, "a": 2}', "application/json", 400, "appears twice"),
        ('{"years_experience": NaN}', "application/json", 400, "NaN"),
        ("[" * 21 + "]" * 21, "application/json", 400, "deeper than 20"),
        ("", "application/json", 400, "empty"),
        (b"\xff\xfe", "application/json", 400, "UTF-8"),
        ("[1, 2]", "application/json", 400, "must be a JSON object"),
        ("display_name=A", "application/x-www-form-urlencoded", 415, "Content-Type"),
    ],
)
def test_bad_bodies_are_refused_clearly(client, bearer, data, content_type, status, words):
    headers = bearer("anna@example.org")

    response = client.put(f"{API}/profile", data=data, content_type=content_type, headers=headers)

    assert words in assert_error(response, status)["message"]


def test_nesting_within_the_limit_is_read_and_strings_with_brackets_do_not_count(client, bearer):
    headers = bearer("anna@example.org")
    record = profile(summary="[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{")

    assert client.put(f"{API}/profile", json=record, headers=headers).status_code == 201


def test_a_body_over_the_size_limit_gets_413(app, client, bearer):
    headers = bearer("anna@example.org")
    app.config["MAX_CONTENT_LENGTH"] = 1000

    response = client.put(f"{API}/profile", json=profile(summary="x" * 2000), headers=headers)

    assert "1000 bytes" in assert_error(response, 413, "payload_too_large")["message"]


def test_an_unexpected_failure_is_a_500_in_the_error_shape(app, client, bearer, monkeypatch):
    headers = bearer("anna@example.org")
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("web.api.presenters.organizations_of", broken)

    error = assert_error(client.get(f"{API}/me", headers=headers), 500, "internal_error")
    assert "boom" not in error["message"]


# Roles and object-level access ---------------------------------------------------------------


def test_exiles_cannot_use_host_endpoints_and_hosts_cannot_use_exile_ones(client, bearer):
    exile = bearer("anna@example.org")
    host = bearer("hr@labs.example", role="host", organization="Labs")

    for method, path in [("get", "/listings"), ("post", "/listings"), ("get", "/listings/x")]:
        assert_error(getattr(client, method)(API + path, headers=exile, json={}), 403, "forbidden")
    for method, path in [("get", "/profile"), ("put", "/profile"), ("get", "/profile/matches")]:
        assert_error(getattr(client, method)(API + path, headers=host, json={}), 403, "forbidden")
    search = client.get(f"{API}/search?q=python&kind=profiles", headers=exile)
    assert_error(search, 403, "forbidden")


def test_another_organisations_listing_is_missing_and_its_id_is_taken(client, bearer):
    owner = bearer("hr@a.example", role="host", organization="Org A")
    stranger = bearer("hr@b.example", role="host", organization="Org B")
    created = client.post(f"{API}/listings", json=listing(), headers=owner)
    assert created.status_code == 201
    path = f"{API}/listings/l-backend"

    assert_error(client.get(path, headers=stranger), 404, "not_found")
    assert_error(client.put(path, json=listing(), headers=stranger), 404)
    assert_error(client.delete(path, headers=stranger), 404)
    assert_error(client.get(f"{path}/matches", headers=stranger), 404)
    assert_error(client.post(f"{API}/listings", json=listing(), headers=stranger), 409, "conflict")
    assert client.get(f"{API}/listings", headers=stranger).get_json()["items"] == []
    assert client.get(path, headers=owner).get_json()["organization"] == "Org A"
