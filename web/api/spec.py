"""Declare an API view's input and output once: the view runs on it and the OpenAPI document is
built from it, so the two cannot drift apart."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from flask import Response, jsonify
from pydantic import BaseModel

from web.api.auth import require_user
from web.api.parsing import body_as, query_as
from web.database import get_session

# A success response's schema: a model, a plain JSON schema, or None for no body (204).
ResponseSchema = type[BaseModel] | dict[str, Any] | None


@dataclass(frozen=True)
class EndpointSpec:
    """What one API view takes and answers."""

    tag: str
    responses: dict[int, ResponseSchema]
    # None: any signed-in caller; otherwise the roles allowed.
    roles: tuple[str, ...] | None = None
    public: bool = False
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    # Error statuses worth documenting beyond those implied by the rest (401, 403, 404 ...).
    errors: tuple[int, ...] = field(default=())


def endpoint(
    *,
    tag: str,
    responses: dict[int, ResponseSchema],
    roles: tuple[str, ...] | None = None,
    public: bool = False,
    query: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None,
    errors: tuple[int, ...] = (),
):
    """Check the caller, parse query and body into models, and serialise what the view returns.

    The view gets `query=` and `body=` model instances when declared, and returns a body, a
    (body, status) pair, or None for 204. The request's session is committed after the view.
    """
    spec = EndpointSpec(tag, responses, roles, public, query, body, errors)

    def decorate(view):
        @functools.wraps(view)
        def wrapped(**kwargs):
            if not public:
                require_user(roles)
            if query is not None:
                kwargs["query"] = query_as(query)
            if body is not None:
                kwargs["body"] = body_as(body)
            result = view(**kwargs)
            get_session().commit()
            return _response(result, next(iter(responses)))

        wrapped.api_spec = spec
        return wrapped

    return decorate


def _response(result, default_status: int) -> Response:
    if result is None:
        return Response(status=204)
    body, status = result if isinstance(result, tuple) else (result, default_status)
    response = jsonify(body)
    response.status_code = status
    return response
