"""The OpenAPI 3.1 document, built from the API's routes and their `@endpoint` declarations."""

from __future__ import annotations

import inspect
import re
from typing import Any

from flask import Flask, current_app
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from web.api import bp
from web.api.schemas import Error
from web.api.spec import EndpointSpec, endpoint

EXTENSION_KEY = "talent_bridge_openapi"
SECURITY_SCHEME = "bearerAuth"
IGNORED_METHODS = {"HEAD", "OPTIONS"}

STATUS_TEXT = {
    200: "OK",
    201: "Created",
    204: "Done; no content",
    400: "Malformed JSON body (syntax, encoding, nesting deeper than 20 levels)",
    401: "No token, or an unknown or revoked one",
    403: "The caller's role may not use this endpoint",
    404: "No such record for this caller",
    409: "Conflict with another record or a concurrent change",
    412: "If-Match names another version than the stored one (changed since you read it)",
    413: "Body larger than the server's limit",
    415: "Body is not JSON (send Content-Type: application/json)",
    422: "Invalid input; `fields` names each bad field and why",
    429: "Too many attempts; wait and retry",
    503: "Matching is not available yet",
}


def document(app: Flask) -> dict[str, Any]:
    """Return the app's OpenAPI document, built once per app."""
    if EXTENSION_KEY not in app.extensions:
        app.extensions[EXTENSION_KEY] = build_document(app)
    return app.extensions[EXTENSION_KEY]


def api_operations(app: Flask) -> list[tuple[str, str, str, EndpointSpec]]:
    """Return (OpenAPI path, method, endpoint, spec) for every API route and method."""
    operations = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(f"{bp.name}."):
            continue
        spec = getattr(app.view_functions[rule.endpoint], "api_spec", None)
        if spec is None:
            raise RuntimeError(f"API view {rule.endpoint} lacks an @endpoint declaration")
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            operations.append((path, method, rule.endpoint, spec))
    return sorted(operations)


def build_document(app: Flask) -> dict[str, Any]:
    """Build the OpenAPI document from the app's API routes."""
    operations = api_operations(app)
    refs, schemas = _component_schemas(spec for *_, spec in operations)
    paths: dict[str, dict[str, Any]] = {}
    for path, method, name, spec in operations:
        view = app.view_functions[name]
        paths.setdefault(path, {})[method.lower()] = _operation(path, name, view, spec, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Talent Bridge API",
            "version": "1",
            "description": (
                "Profiles, listings and explained matches. Authenticate with "
                "`Authorization: Bearer <token>` (get a token from POST /api/v1/tokens). "
                "Every error has the shape of the `Error` schema."
            ),
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from POST /api/v1/tokens.",
                }
            },
        },
    }


def _component_schemas(specs) -> tuple[dict, dict]:
    """Return the $ref of each (model, mode) and the schemas they point to."""
    wanted: dict[tuple[type[BaseModel], str], None] = {(Error, "serialization"): None}
    for spec in specs:
        if spec.body is not None:
            wanted[spec.body, "validation"] = None
        for schema in spec.responses.values():
            if isinstance(schema, type):
                wanted[schema, "serialization"] = None
    refs, top = models_json_schema(list(wanted), ref_template="#/components/schemas/{model}")
    return refs, top.get("$defs", {})


def _operation(path: str, name: str, view, spec: EndpointSpec, refs) -> dict[str, Any]:
    doc = inspect.getdoc(view) or ""
    summary, _, details = doc.partition("\n")
    if spec.public:
        who = "For anyone; no token needed."
    elif spec.roles:
        who = f"For accounts with the role {' or '.join(spec.roles)}."
    else:
        who = "For any account."
    operation: dict[str, Any] = {
        "operationId": name.split(".", 1)[1],
        "summary": summary.strip(),
        "description": f"{details.strip()}\n\n{who}".strip(),
        "tags": [spec.tag],
        "security": [] if spec.public else [{SECURITY_SCHEME: []}],
        "parameters": _path_parameters(path) + _query_parameters(spec.query),
        "responses": _responses(path, spec, refs),
    }
    if spec.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[spec.body, "validation"]}},
        }
    return operation


def _path_parameters(path: str) -> list[dict[str, Any]]:
    return [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{([^}]+)}", path)
    ]


def _query_parameters(model: type[BaseModel] | None) -> list[dict[str, Any]]:
    if model is None:
        return []
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = dict(prop)
        prop.pop("title", None)
        description = prop.pop("description", None)
        # A query parameter is absent rather than null.
        options = [option for option in prop.pop("anyOf", []) if option.get("type") != "null"]
        if len(options) == 1:
            prop.update(options[0])
        elif options:
            prop["anyOf"] = options
        if prop.get("default", 0) is None:
            del prop["default"]
        parameter = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if description:
            parameter["description"] = description
        parameters.append(parameter)
    return parameters


def _responses(path: str, spec: EndpointSpec, refs) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, schema in spec.responses.items():
        response: dict[str, Any] = {"description": STATUS_TEXT[status]}
        if schema is not None:
            body = refs[schema, "serialization"] if isinstance(schema, type) else schema
            response["content"] = {"application/json": {"schema": body}}
        responses[str(status)] = response
    errors = set(spec.errors)
    if not spec.public:
        errors.add(401)
    if spec.roles:
        errors.add(403)
    if "{" in path:
        errors.add(404)
    if spec.query or spec.body:
        errors.add(422)
    if spec.body:
        errors.update((400, 413, 415))
    error_ref = refs[Error, "serialization"]
    for status in sorted(errors):
        responses[str(status)] = _error(STATUS_TEXT[status], error_ref)
    responses["default"] = _error("Any other error, in the same shape", error_ref)
    return responses


def _error(description: str, ref: dict[str, str]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref}}}


@bp.get("/openapi.json")
@endpoint(
    tag="meta",
    public=True,
    responses={200: {"type": "object", "description": "This OpenAPI 3.1 document."}},
)
def openapi():
    """Return this API's OpenAPI 3.1 description."""
    return document(current_app._get_current_object())
