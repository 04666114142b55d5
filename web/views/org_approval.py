"""Moderators approve, reject or suspend host organisations and accept requests to join them."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from web.auth import roles_required
from web.database import get_session
from web.forms.admin import ConfirmForm
from web.models import Organization
from web.services import org_approval
from web.services.sanctions import settings_from_config
from web.services.sanctions.screening import screen_organization

bp = Blueprint("org_approval", __name__, url_prefix="/admin/organizations")


def _organization(organization_id: int) -> Organization:
    organization = get_session().get(Organization, organization_id)
    if organization is None:
        abort(404)
    return organization


@bp.get("/<int:organization_id>/approval")
@roles_required("moderator", "admin")
def page(organization_id: int):
    """Show which approval conditions hold, the members and the requests to join."""
    organization = _organization(organization_id)
    return render_template(
        "admin/org_approval.html",
        approval=org_approval.state(get_session(), organization),
        form=ConfirmForm(),
    )


@bp.post("/<int:organization_id>/approval/<any(approve, reject, suspend, screen):action>")
@roles_required("moderator", "admin")
def act(organization_id: int, action: str):
    """Approve, reject, suspend or screen an organisation."""
    session = get_session()
    organization = _organization(organization_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if action == "approve":
            org_approval.approve(session, organization, g.user)
            message = _("The organisation is approved: its members may search the talent pool.")
        elif action == "reject":
            org_approval.reject(session, organization, g.user)
            message = _("The organisation is rejected.")
        elif action == "suspend":
            org_approval.suspend(session, organization, g.user)
            message = _("The organisation is suspended: its members no longer see the talent pool.")
        else:
            screening = screen_organization(
                session, organization.id, settings_from_config(current_app.config)
            )
            message = (
                _("No sanctions list is loaded; nothing was screened.")
                if screening is None
                else _("The organisation was screened against the current list.")
            )
    except org_approval.ApprovalError as error:
        flash(str(error))
    else:
        session.commit()
        flash(message)
    return redirect(url_for("org_approval.page", organization_id=organization_id))


@bp.post(
    "/<int:organization_id>/approval/members/<int:membership_id>/<any(accept, decline):action>"
)
@roles_required("moderator", "admin")
def member(organization_id: int, membership_id: int, action: str):
    """Accept or decline a request to join the organisation."""
    session = get_session()
    organization = _organization(organization_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if action == "accept":
            org_approval.accept_member(session, organization, membership_id, g.user)
            message = _("The request to join is accepted.")
        else:
            org_approval.decline_member(session, organization, membership_id, g.user)
            message = _("The request to join is declined.")
    except org_approval.ApprovalError as error:
        flash(str(error))
    else:
        session.commit()
        flash(message)
    return redirect(url_for("org_approval.page", organization_id=organization_id))
