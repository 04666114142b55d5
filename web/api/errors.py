"""The API's one error shape, and the handlers that give every failure under /api/v1 that shape.

{"error": {"status": 422, "code": "validation_error", "message": "...",
           "fields": [{"field": "experience[0].start", "message": "..."}]}}
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from flask import Response, current_app, jsonify, request
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, default_exceptions
from werkzeug.routing import RequestRedirect

from web.api import bp
from web.errors import NoIndexError
from web.records.jsonl import describe_validation_error

log = logging.getLogger(__name__)

# Machine-readable codes for the statuses the API answers with; others derive from the name.
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """A failure the API reports in its error shape, with a message the client can act on."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: Iterable[tuple[str, str]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields = list(fields)
        self.headers = headers or {}


def error_response(
    status: int,
    code: str,
    message: str,
    fields: Iterable[tuple[str, str]] = (),
    headers: dict[str, str] | None = None,
) -> Response:
    """Return a response in the API's error shape."""
    body = {
        "status": status,
        "code": code,
        "message": message,
        "fields": [{"field": field, "message": text} for field, text in fields],
    }
    response = jsonify({"error": body})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def field_errors(error: ValidationError, root: str = "body") -> list[tuple[str, str]]:
    """Return (field path, reason) for each problem, with the import's wording.

    A problem with the input as a whole (not one field) is reported under `root`.
    """
    fields = []
    for item in error.errors():
        where = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in item["loc"]
        ).lstrip(".")
        # Describing one problem at a time reuses the contract's wording for each field.
        one = ValidationError.from_exception_data(error.title, [item])
        reason = describe_validation_error(one).removeprefix(f"{where or 'record'}: ")
        fields.append((where or root, reason))
    return fields


def validation_failed(error: ValidationError, root: str = "body") -> ApiError:
    """Return the 422 error for a pydantic validation failure, naming every bad field."""
    fields = field_errors(error, root)
    message = "; ".join(f"{field}: {reason}" for field, reason in fields)
    return ApiError(422, "validation_error", f"Invalid input: {message}", fields)


def http_error_message(error: HTTPException) -> str:
    """Return an actionable sentence for a standard HTTP failure."""
    if error.code == 404:
        return f"Nothing at {request.path}; the routes are listed in {bp.url_prefix}/openapi.json."
    if error.code == 405:
        allowed = ", ".join(sorted(set(error.valid_methods or ()) - {"HEAD", "OPTIONS"}))
        return f"{request.method} is not allowed on {request.path}; use {allowed}."
    if error.code == 413:
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        return f"The request body is larger than the limit of {limit} bytes."
    if error.code == 429:
        return f"Too many requests ({error.description}); wait a while and try again."
    return error.description or error.name


@bp.errorhandler(ApiError)
def handle_api_error(error: ApiError) -> Response:
    """Render an ApiError."""
    return error_response(error.status, error.code, error.message, error.fields, error.headers)


def handle_http_error(error: HTTPException) -> Response:
    """Render a werkzeug HTTP error (404, 405, 413, 429 ...) in the API's shape."""
    status = error.code or 500
    if status >= 500:
        return handle_server_error(error)
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    code = CODES.get(status) or error.name.lower().replace(" ", "_")
    return error_response(status, code, http_error_message(error), headers=headers)


def handle_server_error(_error: Exception) -> Response:
    """Render an unexpected failure; Flask has already logged it with its traceback."""
    return error_response(
        500, "internal_error", "Something went wrong on our side; try again later."
    )


@bp.errorhandler(NoIndexError)
def handle_no_index(error: NoIndexError) -> Response:
    """Matching cannot run until the search index is built."""
    return error_response(503, "unavailable", f"Matching is not available yet: {error}")


@bp.errorhandler(IntegrityError)
@bp.errorhandler(StaleDataError)
def handle_conflict(error: Exception) -> Response:
    """Two requests changed the same record at once; the later one lost."""
    # The error's text holds the row's values, which may be personal data: log only the kind.
    log.warning("conflict in %s: %s", request.endpoint, type(error).__name__)
    return error_response(
        409, "conflict", "The record was changed by another request at the same time; retry."
    )


# Registering by status code as well as by class keeps these ahead of any page-level handler
# the application registers for a code (Flask looks up handlers by code first).
for _status in default_exceptions:
    bp.register_error_handler(_status, handle_server_error if _status >= 500 else handle_http_error)
bp.register_error_handler(HTTPException, handle_http_error)


@bp.before_app_request
def routing_errors_as_json() -> Response | None:
    """Answer unknown paths and wrong methods under the API's prefix in the API's shape."""
    # No API view matched, so the blueprint's handlers would not see these errors.
    error = request.routing_exception
    if error is None or isinstance(error, RequestRedirect):
        return None
    prefix = bp.url_prefix or ""
    if request.path == prefix or request.path.startswith(prefix + "/"):
        return handle_http_error(error)
    return None
