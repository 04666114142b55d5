"""Confirm the account e-mail address and a work or university address by a mailed link."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web.auth import login_required, roles_required
from web.database import get_session
from web.forms.email_verification import ConfirmLinkForm, SendLinkForm, WorkEmailForm
from web.services import domains, email_verification
from web.services.email_verification import ConfirmationError

bp = Blueprint("verify_email", __name__, url_prefix="/verification/email")


@bp.route("", methods=["GET", "POST"])
@login_required
def index():
    """Show whether the account address is confirmed; send or resend the link."""
    session = get_session()
    form = SendLinkForm()
    if form.validate_on_submit():
        try:
            email_verification.send_confirmation(session, g.user, "account")
        except ConfirmationError as error:
            session.rollback()
            flash(str(error))
        else:
            session.commit()
            flash(_("We sent a link to your address. Open it while signed in to this account."))
        return redirect(url_for("verify_email.index"))
    state = email_verification.state(session, g.user, "account")
    return render_template("verify_email/index.html", form=form, state=state)


@bp.route("/work", methods=["GET", "POST"])
@roles_required("exile", "host")
def work():
    """Ask for a work or university address and mail it a link."""
    session = get_session()
    form = WorkEmailForm()
    if form.validate_on_submit():
        try:
            email_verification.send_confirmation(session, g.user, "work", form.address.data)
        except ConfirmationError as error:
            session.rollback()
            form.address.errors.append(str(error))
        else:
            session.commit()
            flash(_("We sent a link to the work address. Open it while signed in to this account."))
            return redirect(url_for("verify_email.work"))
    state = email_verification.state(session, g.user, "work")
    status = 422 if form.errors else 200
    return render_template(
        "verify_email/work.html", form=form, state=state, display=domains.display
    ), status


@bp.route("/confirm/<any(account, work):purpose>", methods=["GET", "POST"])
def confirm(purpose: str):
    """Show a button for a mailed link (GET changes nothing, so link scanners use up nothing)."""
    if g.user is None:
        # The token rides in the query string, which the access log leaves out; keep it for later.
        return redirect(url_for("auth.login", next=request.full_path))
    form = ConfirmLinkForm()
    if request.method == "GET":
        form.token.data = request.args.get("token", "")
    error = None
    if form.validate_on_submit():
        session = get_session()
        try:
            attestation = email_verification.confirm(session, g.user, purpose, form.token.data)
        except ConfirmationError as failure:
            session.rollback()
            error = str(failure)
        else:
            session.commit()
            if purpose == "account":
                flash(_("Your e-mail address is confirmed."))
            elif attestation is not None:
                flash(_("Your work address is confirmed."))
            else:
                flash(_("The address is confirmed, but its domain is no longer on the list."))
            return redirect(url_for("verification.index"))
    elif request.method == "POST":
        error = str(email_verification.INVALID)
    if not form.token.data and error is None:
        error = str(email_verification.INVALID)
    status = 400 if error else 200
    return render_template(
        "verify_email/confirm.html", form=form, purpose=purpose, error=error
    ), status
