"""Register, sign in, sign out and change the password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from web import auth
from web.database import get_session
from web.extensions import limiter
from web.forms.auth import LoginForm, PasswordForm, RegisterForm
from web.services import accounts, api_tokens, email_verification, mfa
from web.views import mfa as mfa_views

bp = Blueprint("auth", __name__)


def _login_account_key() -> str:
    """Rate-limit key: the account being tried, so rotating addresses does not help."""
    return accounts.throttle_key(request.form.get("email", ""))


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link reuse our login page.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("pages.index")


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account and sign in."""
    form = RegisterForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            user = accounts.register(
                session,
                form.email.data,
                form.password.data,
                form.role.data,
                locale=str(get_locale()),
                organization=(form.organization.data or "").strip() or None,
                organization_kind=form.organization_kind.data,
            )
        except accounts.AccountError as error:
            session.rollback()
            getattr(form, error.field).errors.append(str(error))
        else:
            session.commit()
            # The account stands even if the mail fails; the link can be resent from /verification.
            email_verification.send_after_registration(session, user)
            session.commit()
            auth.login(user)
            flash(_("Welcome to Talent Bridge."))
            if any(membership.role == "pending" for membership in user.memberships):
                flash(
                    _(
                        "This organisation already has an account here. A moderator will check "
                        "your request to join it; until then its pages stay closed to you."
                    )
                )
            return redirect(url_for("pages.index"))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
# Shared scopes: the same buckets as POST /api/v1/tokens, so guessing through both doubles nothing.
@limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    scope="login-account",
    key_func=_login_account_key,
    methods=["POST"],
)
@limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], scope="login-address", methods=["POST"]
)
def login():
    """Sign in with e-mail and password."""
    form = LoginForm()
    if form.validate_on_submit():
        session = get_session()
        user = accounts.authenticate(session, form.email.data, form.password.data)
        if user is not None:
            session.commit()
            if mfa.is_enabled(user):
                # No session until the second factor: only a short-lived marker in the cookie.
                return mfa_views.begin_second_step(user, _safe_next(request.args.get("next")))
            auth.login(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("E-mail or password is wrong."))
    status = 401 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@auth.login_required
def logout():
    """Sign out everywhere: every cookie issued to this account stops working."""
    accounts.end_all_sessions(g.user)
    get_session().commit()
    auth.logout()
    flash(_("You are signed out on every device."))
    return redirect(url_for("pages.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@auth.login_required
def password():
    """Change the password; other sessions end, this one continues."""
    form = PasswordForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            accounts.change_password(g.user, form.current_password.data, form.new_password.data)
            # API tokens are credentials too: a new password must shut them out as well.
            api_tokens.revoke_all_tokens(session, g.user)
        except accounts.AccountError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            session.commit()
            auth.login(g.user)
            flash(_("Password changed. Every other session has ended."))
            return redirect(url_for("pages.index"))
    return render_template("auth/password.html", form=form)
