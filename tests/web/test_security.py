"""Security headers, CSRF and the absence of any external reference."""

from __future__ import annotations

import re

import pytest

from web import create_app


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/login", "/register", "/static/style.css", "/no-such-page"):
        response = client.get(path)
        response.close()
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


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
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "HOME": str(tmp_path),
            "WTF_CSRF_ENABLED": True,
        }
    )


@pytest.mark.parametrize(
    "path", ["/login", "/register", "/logout", "/language", "/account/password"]
)
def test_state_changing_posts_without_a_csrf_token_are_refused(csrf_app, path):
    response = csrf_app.test_client().post(path, data={"email": "a@example.org"})

    assert response.status_code == 400
