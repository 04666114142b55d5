"""Answer 503, in the page style or the API's error shape, when the database cannot be reached.

A dropped connection, a refused one, a locked SQLite file or an exhausted pool must not show a
traceback or SQL: the request's transaction is lost as a whole (nothing half-written), the reader
is asked to retry, and the pool (pre-ping on PostgreSQL) reconnects when the database is back.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, g, render_template, request
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

log = logging.getLogger(__name__)

# What a database that went away, is locked or is out of connections raises.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)
RETRY_AFTER_SECONDS = 30


def init_app(app: Flask) -> None:
    """Register the 503 answer for every kind of database outage."""
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, database_unavailable)


def database_unavailable(error: Exception) -> tuple[str, int, dict] | Response:
    """Log the outage without SQL or values, and ask the reader to retry."""
    cause = getattr(error, "orig", None) or error
    # Only the driver's first line: the statement and its parameters may hold personal data.
    first_line = (str(cause).strip().splitlines() or [""])[0]
    log.error(
        "database unavailable in %s: %s: %s", request.endpoint, type(cause).__name__, first_line
    )
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    from web.api import bp as api_bp
    from web.api.errors import error_response

    prefix = api_bp.url_prefix or "/api"
    if request.path == prefix or request.path.startswith(prefix + "/"):
        message = "The database is unavailable right now; nothing was changed. Retry shortly."
        return error_response(503, "unavailable", message, headers=headers)
    # The signed-in user's row may be expired by the failed transaction: loading it again would
    # need the database, so the page is rendered as for a visitor.
    g.user = None
    return render_template("errors/unavailable.html"), 503, headers
