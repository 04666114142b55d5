"""Helpers for the API tests: tokens, the error shape and the OpenAPI document."""

from __future__ import annotations

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

API = "/api/v1"
DOCUMENT_URI = "urn:talent-bridge:openapi"


def issue(client, email: str, password: str, name: str = "test"):
    """POST /tokens and return the response."""
    return client.post(f"{API}/tokens", json={"email": email, "password": password, "name": name})


def token_headers(client, auth, email: str, role: str = "exile", organization=None) -> dict:
    """Create an account and return request headers carrying a fresh token of it."""
    auth.create(email, role=role, organization=organization)
    response = issue(client, email, auth.PASSWORD)
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def assert_error(response, status: int, code: str | None = None) -> dict:
    """Assert the response is an API error of that status; return its `error` object."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) == {"status", "code", "message", "fields"}
    assert error["status"] == status and error["message"]
    if code is not None:
        assert error["code"] == code
    return error


def assert_documented(client, response, path: str, method: str) -> None:
    """Assert that a response's status and body are what the document says for the operation."""
    document = client.get(f"{API}/openapi.json").get_json()
    responses = document["paths"][path][method]["responses"]
    documented = responses.get(str(response.status_code)) or responses["default"]
    schema = documented.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        assert response.get_data() == b""
        return
    registry = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    # The schema is checked where it sits, so its #/components/... references resolve.
    pointer = "/".join(
        ["#/paths", path.replace("~", "~0").replace("/", "~1"), method, "responses"]
        + [str(response.status_code) if str(response.status_code) in responses else "default"]
        + ["content", "application~1json", "schema"]
    )
    validator = Draft202012Validator({"$ref": DOCUMENT_URI + pointer}, registry=registry)
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.get_json())
    ]
    assert errors == [], f"{method.upper()} {path} {response.status_code}: {errors}"
