"""The OpenAPI document describes exactly the API's routes, and real responses fit its schemas."""

from __future__ import annotations

import json

import pytest

from .api import API, assert_documented
from .records import listing, profile

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def openapi_path(rule: str) -> str:
    """Return the OpenAPI form of a Flask rule: <name> and <type:name> become {name}."""
    parts = []
    for part in rule.split("/"):
        if part.startswith("<") and part.endswith(">"):
            part = "{" + part[1:-1].split(":")[-1] + "}"
        parts.append(part)
    return "/".join(parts)


@pytest.fixture()
def document(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_every_api_route_is_documented_with_its_methods_and_nothing_else(app, document):
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule == API or rule.rule.startswith(API + "/"):
            methods = {method.lower() for method in rule.methods - IGNORED_METHODS}
            routes.setdefault(openapi_path(rule.rule), set()).update(methods)

    documented = {path: set(operations) for path, operations in document["paths"].items()}

    assert documented == routes
    assert len(routes) >= 10


def test_the_document_declares_bearer_auth_errors_and_parameters(document):
    assert document["openapi"] == "3.1.0"
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == scheme | {"type": "http", "scheme": "bearer"}
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    public = {("/api/v1/tokens", "post"), ("/api/v1/openapi.json", "get")}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation["summary"] and operation["operationId"]
            assert ("security" in operation and operation["security"] == []) == (
                (path, method) in public
            )
            if (path, method) not in public:
                assert "401" in operation["responses"]
            for name in [part[1:-1] for part in path.split("/") if part.startswith("{")]:
                assert {"name": name, "in": "path", "required": True} in [
                    {key: p[key] for key in ("name", "in", "required")}
                    for p in operation["parameters"]
                ]
    matches = document["paths"]["/api/v1/listings/{external_id}/matches"]["get"]
    k = next(p for p in matches["parameters"] if p["name"] == "k")
    assert k["schema"] == k["schema"] | {"type": "integer", "maximum": 100, "default": 10}
    body = document["paths"]["/api/v1/profile"]["put"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ProfileInput"
    }
    profile_input = document["components"]["schemas"]["ProfileInput"]
    assert "external_id" not in profile_input["required"]
    assert profile_input["additionalProperties"] is False


def test_every_reference_resolves_and_no_external_url_appears(document):
    text = json.dumps(document)
    assert "http://" not in text and "https://" not in text
    schemas = document["components"]["schemas"]
    references = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                references.add(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    assert references
    for reference in references:
        assert reference.startswith("#/components/schemas/")
        assert reference.rsplit("/", 1)[1] in schemas


def test_real_responses_fit_the_documented_schemas(client, auth):
    auth.create("anna@example.org")
    auth.create("hr@labs.example", role="host", organization="Labs")

    def token(email):
        response = client.post(
            f"{API}/tokens", json={"email": email, "password": auth.PASSWORD, "name": "t"}
        )
        assert_documented(client, response, "/api/v1/tokens", "post")
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    exile, host = token("anna@example.org"), token("hr@labs.example")
    checks = [
        (client.get(f"{API}/me", headers=exile), "/api/v1/me", "get"),
        (client.get(f"{API}/me", headers=host), "/api/v1/me", "get"),
        (client.get(f"{API}/profile", headers=exile), "/api/v1/profile", "get"),
        (client.put(f"{API}/profile", json=profile(), headers=exile), "/api/v1/profile", "put"),
        (client.get(f"{API}/profile", headers=exile), "/api/v1/profile", "get"),
        (
            client.put(f"{API}/profile", json=profile(birth_year="x"), headers=exile),
            "/api/v1/profile",
            "put",
        ),
        (client.post(f"{API}/listings", json=listing(), headers=host), "/api/v1/listings", "post"),
        (client.get(f"{API}/listings", headers=host), "/api/v1/listings", "get"),
        (
            client.get(f"{API}/listings/l-backend", headers=host),
            "/api/v1/listings/{external_id}",
            "get",
        ),
        (
            client.get(f"{API}/listings/nope", headers=host),
            "/api/v1/listings/{external_id}",
            "get",
        ),
        (client.get(f"{API}/listings", headers=exile), "/api/v1/listings", "get"),
        (client.get(f"{API}/me"), "/api/v1/me", "get"),
        (client.delete(f"{API}/profile", headers=exile), "/api/v1/profile", "delete"),
        (client.get(f"{API}/openapi.json"), "/api/v1/openapi.json", "get"),
    ]

    for response, path, method in checks:
        assert_documented(client, response, path, method)
    assert [response.status_code for response, *_ in checks] == [
        200, 200, 404, 201, 200, 422, 201, 200, 200, 404, 403, 401, 204, 200,
    ]  # fmt: skip
