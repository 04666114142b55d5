"""Reading API input: JSON bodies (type, size, depth, syntax) and query strings, into models."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from flask import g, request
from pydantic import BaseModel, ValidationError

from web.api.errors import ApiError, validation_failed
from web.records import strict_json

MAX_DEPTH = 20

Model = TypeVar("Model", bound=BaseModel)

# Strings may hold brackets; they are removed before counting how deep the brackets nest. The
# quantifier is possessive and an unterminated string runs to the end, so a match never fails
# and never backtracks: a body of `"\` repeated would otherwise take quadratic time.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth_exceeds(text: str, limit: int = MAX_DEPTH) -> bool:
    """Return True if arrays and objects in a JSON text nest deeper than `limit`."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _bad_body(message: str) -> ApiError:
    return ApiError(400, "invalid_json", message)


def json_body() -> Any:
    """Return the request's JSON body, refusing wrong types, empty, deep or malformed bodies."""
    if "api_json_body" in g:
        return g.api_json_body
    if not request.is_json:
        got = request.mimetype or "no Content-Type"
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Send the body as JSON with 'Content-Type: application/json' (got {got}).",
        )
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _bad_body(
            f"The body is not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})."
        ) from None
    if not text.strip():
        raise _bad_body("The request body is empty; send a JSON object.")
    if json_depth_exceeds(text):
        raise _bad_body(f"The JSON body is nested deeper than {MAX_DEPTH} levels.")
    try:
        value = strict_json.loads(text)
    except json.JSONDecodeError as error:
        raise _bad_body(
            f"The body is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}."
        ) from None
    except strict_json.StrictJSONError as error:
        raise _bad_body(f"The body is not valid JSON: {error}.") from None
    except ValueError:
        # Python refuses integers of more than 4300 digits (a guard against slow conversions).
        raise _bad_body("The body holds a number with too many digits to read.") from None
    g.api_json_body = value
    return value


def body_as(model: type[Model]) -> Model:
    """Return the JSON body validated as `model` (400 for bad JSON, 422 naming bad fields)."""
    value = json_body()
    if not isinstance(value, dict):
        raise _bad_body(f"The body must be a JSON object, not {_json_type(value)}.")
    return validated(model, value)


def validated(model: type[Model], value: dict[str, Any], root: str = "body") -> Model:
    """Validate a mapping as `model`, turning failures into a 422 ApiError."""
    try:
        return model.model_validate(value)
    except ValidationError as error:
        raise validation_failed(error, root) from None


def query_as(model: type[Model]) -> Model:
    """Return the query string validated as `model`; empty values count as absent."""
    known = set(model.model_fields)
    unknown = sorted(set(request.args) - known)
    if unknown:
        allowed = ", ".join(model.model_fields) or "none"
        raise ApiError(
            422,
            "validation_error",
            f"Unknown query parameter {', '.join(unknown)}; this endpoint takes: {allowed}.",
            [
                (name, f"is not a parameter of this endpoint (it takes: {allowed})")
                for name in unknown
            ],
        )
    repeated = sorted(name for name in request.args if len(request.args.getlist(name)) > 1)
    if repeated:
        raise ApiError(
            422,
            "validation_error",
            f"Give each query parameter once: {', '.join(repeated)} is repeated.",
            [(name, "is given more than once") for name in repeated],
        )
    values = {name: value for name, value in request.args.items() if value.strip()}
    return validated(model, values, root="query")


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
