"""The moderators' sanctions queue: pending hits, organisations awaiting approval, join requests."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from web.auth import roles_required
from web.database import get_session
from web.forms.sanctions import DecisionForm
from web.services import org_approval
from web.services.sanctions import review, settings_from_config, status

bp = Blueprint("sanctions", __name__, url_prefix="/admin/sanctions")


@bp.get("")
@roles_required("moderator", "admin")
def queue():
    """List pending hits, organisations awaiting approval and requests to join."""
    session = get_session()
    organizations, requests = org_approval.awaiting(session)
    return render_template(
        "admin/sanctions.html",
        items=review.pending(session),
        organizations=organizations,
        requests=requests,
        state=status(session, settings_from_config(current_app.config)),
    )


@bp.route("/hits/<int:hit_id>", methods=["GET", "POST"])
@roles_required("moderator", "admin")
def hit(hit_id: int):
    """Show a hit with the matched entry; record a moderator's decision on it."""
    session = get_session()
    item = review.get_item(session, hit_id)
    if item is None:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            outcome = review.decide(
                session,
                hit_id,
                form.decision.data,
                g.user,
                settings_from_config(current_app.config),
            )
        except review.ReviewError as error:
            flash(str(error))
            return redirect(url_for("sanctions.hit", hit_id=hit_id))
        session.commit()
        flash(
            {
                "clear": _("Decision recorded. No hit is pending: the screening badge is back."),
                "review": _("Decision recorded. Other hits about this subject are pending."),
                "match": _("Decision recorded. The account or organisation is suspended."),
            }[outcome]
        )
        return redirect(url_for("sanctions.queue"))
    status_code = 422 if form.errors else 200
    return render_template("admin/sanctions_hit.html", item=item, form=form), status_code
