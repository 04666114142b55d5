"""Anti-scraping pages: 429 for used-up quotas, the suspended-account page, security events.

The handlers are app-wide so every page and API route that calls services.protection answers the
same way: a page for browsers, the API's one error shape under /api/.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import Forbidden

from web.api import bp as api_bp
from web.api.errors import error_response
from web.auth import roles_required
from web.database import get_session
from web.forms.admin import ConfirmForm
from web.models import User
from web.services import access, protection

bp = Blueprint("protection", __name__)

EVENT_KINDS = {
    "quota_exceeded": _l("Quota used up"),
    "canary_viewed": _l("Opened a canary profile"),
    "mfa_attempts": _l("Too many wrong sign-in codes"),
}
QUOTA_NAMES = {"card_view": _l("profile views"), "search_page": _l("pages of results")}
SCOPES = {"account": _l("this account"), "organization": _l("the whole organisation")}
REASONS = {protection.CANARY_REASON: _l("Opened a canary profile")}


def _is_api() -> bool:
    prefix = api_bp.url_prefix or "/api"
    return request.path == prefix or request.path.startswith(prefix + "/")


@bp.app_errorhandler(protection.QuotaExceeded)
def quota_exceeded(error: protection.QuotaExceeded):
    """Answer 429 with Retry-After when a host used up a quota."""
    headers = {"Retry-After": str(error.retry_after)}
    if _is_api():
        message = (
            "You have viewed too many profiles or result pages for now; "
            f"try again in {error.retry_after} seconds."
        )
        return error_response(429, "rate_limited", message, headers=headers)
    message = _(
        "You have viewed a lot of profiles or result pages in a short time. To protect the "
        "people in the talent pool from bulk copying, please wait before going on."
    )
    page = render_template(
        "protection/too_many.html", message=message, retry_after=error.retry_after
    )
    return page, 429, headers


@bp.app_errorhandler(Forbidden)
def forbidden(error: Forbidden):
    """Tell a suspended account why a page is refused; other refusals stay as they are."""
    if not _is_api() and access.is_suspended(g.get("user")):
        return render_template("protection/suspended.html"), 403
    return error


@bp.get("/admin/security")
@roles_required("moderator", "admin")
def security_events():
    """List security events and suspended accounts; lift a suspension after review."""
    session = get_session()
    page = protection.security_events(session, request.args.get("page", 1, type=int))
    return render_template(
        "protection/security_events.html",
        events=page,
        suspended=protection.suspended_users(session),
        form=ConfirmForm(),
        event_kinds=EVENT_KINDS,
        quota_names=QUOTA_NAMES,
        scopes=SCOPES,
        reasons=REASONS,
    )


@bp.post("/admin/security/users/<int:user_id>/lift")
@roles_required("moderator", "admin")
def lift_suspension(user_id: int):
    """Lift an account's suspension after review; its open security events are closed."""
    session = get_session()
    user = session.get(User, user_id)
    if user is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if protection.lift_suspension(session, g.user, user):
        session.commit()
        flash(_("The suspension is lifted; the account may search talent again."))
    else:
        flash(_("That account is not suspended."))
    return redirect(url_for("protection.security_events"))
