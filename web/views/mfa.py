"""Two-factor sign-in: the account's security page, the code step of signing in, enforcement.

Signing in with a second factor is two requests: the password page (web.views.auth) leaves only
a short-lived marker in the cookie, never a session, and this module's code page turns the marker
into a session. Roles in MFA_REQUIRED_ROLES are sent to set-up before any other page.
"""

from __future__ import annotations

import time

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask import session as cookie
from flask_babel import gettext as _
from markupsafe import Markup

from web import auth
from web.database import get_session
from web.forms.admin import ConfirmForm
from web.forms.mfa import CodeForm, DisableForm
from web.models import User
from web.services import mfa

bp = Blueprint("mfa", __name__)

PENDING_KEY = "mfa_pending"
PENDING_SECONDS = 300
# The disable form shares the page with the recovery-codes form; a prefix keeps their ids apart.
DISABLE_PREFIX = "off"
# Reachable without a second factor by an account that must have one.
ENROLMENT_ENDPOINTS = frozenset(
    {"mfa.security", "mfa.setup", "mfa.confirm", "auth.logout", "i18n.switch", "static"}
)


def begin_second_step(user: User, next_path: str):
    """Remember a correct password for a few minutes and ask for the code (no session yet)."""
    lang = cookie.get("lang")
    cookie.clear()
    if lang:
        cookie["lang"] = lang
    cookie[PENDING_KEY] = {
        "uid": user.id,
        "ver": user.session_version,
        "at": int(time.time()),
        "next": next_path,
    }
    return redirect(url_for("mfa.login_code"))


def _pending() -> tuple[User, str] | None:
    """Return the account waiting for its code, and where to go next; None if expired."""
    marker = cookie.get(PENDING_KEY)
    if not isinstance(marker, dict):
        return None
    user = get_session().get(User, marker.get("uid"))
    fresh = time.time() - marker.get("at", 0) < PENDING_SECONDS
    if (
        not fresh
        or user is None
        or not user.is_active
        or marker.get("ver") != user.session_version
        or not mfa.is_enabled(user)
    ):
        cookie.pop(PENDING_KEY, None)
        return None
    return user, marker.get("next") or url_for("pages.index")


def too_many(retry_after: int):
    """Return the 429 page for too many wrong codes."""
    message = _("Too many wrong codes. Wait a few minutes, then try again.")
    page = render_template("protection/too_many.html", message=message, retry_after=retry_after)
    return page, 429, {"Retry-After": str(retry_after)}


@bp.before_app_request
def require_second_factor():
    """Send an account whose role needs a second factor to set it up, before any other page."""
    if request.endpoint in ENROLMENT_ENDPOINTS or request.path.startswith("/api/"):
        return None
    user = g.user
    if user is None or mfa.is_enabled(user) or not mfa.is_required(user):
        return None
    return redirect(url_for("mfa.security"))


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """Second step of signing in: the code from the authenticator app or a recovery code."""
    if g.user is not None:
        return redirect(url_for("pages.index"))
    started = PENDING_KEY in cookie
    pending = _pending()
    if pending is None:
        if started:
            flash(_("Please sign in again: the sign-in took too long."))
        return redirect(url_for("auth.login"))
    user, next_path = pending
    form = CodeForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            how = mfa.verify(session, user, form.code.data)
        except mfa.TooManyAttempts as error:
            return too_many(error.retry_after)
        except mfa.MfaError as error:
            form.code.errors.append(str(error))
        else:
            session.commit()
            auth.login(user)
            if how == "recovery":
                flash(
                    _(
                        "You signed in with a recovery code; %(n)s are left.",
                        n=mfa.recovery_codes_left(user),
                    )
                )
            return redirect(next_path)
    status = 401 if request.method == "POST" else 200
    return render_template("mfa/login_code.html", form=form), status


def _security_page(code_form=None, disable_form=None, status: int = 200):
    """Render the security page, keeping a submitted form and its errors."""
    user = g.user
    pending = bool(user.totp_secret) and not mfa.is_enabled(user)
    uri = mfa.provisioning_uri(user) if pending else None
    page = render_template(
        "mfa/security.html",
        enabled=mfa.is_enabled(user),
        required=mfa.is_required(user),
        pending=pending,
        secret=user.totp_secret if pending else None,
        uri=uri,
        # segno draws the URI as module paths only (no title, no text nodes): nothing to escape.
        qr=Markup(mfa.qr_svg(uri)) if uri else None,  # nosec B704 # segno: paths only, no text
        codes_left=mfa.recovery_codes_left(user),
        setup_form=ConfirmForm(),
        code_form=code_form or CodeForm(formdata=None),
        disable_form=disable_form or DisableForm(formdata=None, prefix=DISABLE_PREFIX),
    )
    return page, status


@bp.get("/account/security")
@auth.login_required
def security():
    """Show two-factor sign-in: set it up, or renew recovery codes, or turn it off."""
    return _security_page()


@bp.post("/account/security/setup")
@auth.login_required
def setup():
    """Make a new secret for the authenticator app; it is in force once a code confirms it."""
    form = ConfirmForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            mfa.start_enrolment(session, g.user)
        except mfa.MfaError as error:
            flash(str(error))
        else:
            session.commit()
    return redirect(url_for("mfa.security"))


@bp.post("/account/security/confirm")
@auth.login_required
def confirm():
    """Turn two-factor sign-in on with a first code; show the recovery codes once."""
    form = CodeForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            codes = mfa.confirm_enrolment(session, g.user, form.code.data)
        except mfa.TooManyAttempts as error:
            return too_many(error.retry_after)
        except mfa.MfaError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            session.commit()
            # Other sessions ended; this one goes on under the new session version.
            auth.login(g.user)
            return render_template("mfa/recovery_codes.html", codes=codes, new=True)
    return _security_page(code_form=form, status=422)


@bp.post("/account/security/recovery-codes")
@auth.login_required
def recovery_codes():
    """Replace the recovery codes after a code; show the new ones once."""
    form = CodeForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            codes = mfa.regenerate_recovery_codes(session, g.user, form.code.data)
        except mfa.TooManyAttempts as error:
            return too_many(error.retry_after)
        except mfa.MfaError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            session.commit()
            return render_template("mfa/recovery_codes.html", codes=codes, new=False)
    return _security_page(code_form=form, status=422)


@bp.post("/account/security/disable")
@auth.login_required
def disable():
    """Turn two-factor sign-in off with the password and a code; other sessions end."""
    form = DisableForm(prefix=DISABLE_PREFIX)
    if form.validate_on_submit():
        session = get_session()
        try:
            mfa.disable(session, g.user, form.password.data, form.code.data)
        except mfa.TooManyAttempts as error:
            return too_many(error.retry_after)
        except mfa.MfaError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            session.commit()
            auth.login(g.user)
            flash(_("Two-factor sign-in is off. Every other session has ended."))
            return redirect(url_for("mfa.security"))
    return _security_page(disable_form=form, status=422)
