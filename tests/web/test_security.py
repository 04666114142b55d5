"""Security headers, CSRF and the absence of any external reference."""

from __future__ import annotations

import re

import pytest

from web import create_app, database


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/login", "/register", "/static/style.css", "/no-such-page"):
        response = client.get(path)
        response.close()
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    assert (
        "max-age="
        in client.get("/", base_url="https://localhost").headers["Strict-Transport-Security"]
    )


def test_pages_reference_no_external_host(client):
    for path in ("/", "/login", "/register"):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r"""(src|href|action)=["'](https?:)?//""", page)


@pytest.fixture()
def csrf_app(database_url, tmp_path):
    csrf_app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "HOME": str(tmp_path),
            "WTF_CSRF_ENABLED": True,
        }
    )
    yield csrf_app
    # Its pooled connections would otherwise be closed by the garbage collector, with a warning.
    with csrf_app.app_context():
        database.engine().dispose()


@pytest.mark.parametrize(
    "path", ["/login", "/register", "/logout", "/language", "/account/password"]
)
def test_state_changing_posts_without_a_csrf_token_are_refused(csrf_app, path):
    response = csrf_app.test_client().post(path, data={"email": "a@example.org"})

    assert response.status_code == 400


def test_over_https_a_form_post_works_with_the_referer_our_policy_lets_browsers_send(
    csrf_app, auth
):
    # Flask-WTF refuses an HTTPS POST without a same-origin Referer; browsers send one only if the
    # Referrer-Policy allows it. "no-referrer" once made every form fail over HTTPS.
    auth.create("https-user@example.org")
    client = csrf_app.test_client()
    page = client.get("https://localhost/login")
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)
    )
    form = {
        "csrf_token": token.group(1),
        "email": "https-user@example.org",
        "password": auth.PASSWORD,
    }

    assert page.headers["Referrer-Policy"] == "same-origin"
    refused = client.post("https://localhost/login", data=form)
    signed_in = client.post(
        "https://localhost/login", data=form, headers={"Referer": "https://localhost/login"}
    )

    assert refused.status_code == 400
    assert signed_in.status_code == 302
