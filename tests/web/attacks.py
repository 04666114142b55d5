"""Helpers for the attack tests: tokens of a signed-in person, and bodies without CSRF tokens."""

from __future__ import annotations

import re

from .api import issue

# A CSRF token carries the second it was signed, so two renderings of one page differ in it.
_CSRF = re.compile(rb'(name="csrf_token"[^>]*value=")[^"]*(")')


def token(person) -> dict:
    """Return API headers with a fresh token of a Person."""
    response = issue(person.client, person.email, person.auth.PASSWORD)
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


# A person's vouch link is signed with the time it was made: it changes from second to second.
_VOUCH_LINK = re.compile(rb"(/vouching/for/)[A-Za-z0-9_.\-]+")


def without_csrf(body: bytes | str) -> bytes:
    """Return a page with its CSRF tokens and time-signed vouch link blanked, so two renderings
    compare byte for byte."""
    data = body.encode() if isinstance(body, str) else body
    return _VOUCH_LINK.sub(rb"\1", _CSRF.sub(rb"\1\2", data))
