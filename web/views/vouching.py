"""Vouching pages: my vouch link and standing, vouching for someone, taking a vouch back."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from web.auth import roles_required
from web.database import get_session
from web.forms.vouching import NewLinkForm, RevokeVouchForm, VouchForm
from web.services import vouching

bp = Blueprint("vouching", __name__, url_prefix="/vouching")


@bp.get("")
@roles_required("exile", "host")
def index():
    """Show my vouch link, how many eligible vouches I have, and the vouches I gave."""
    session = get_session()
    is_exile = g.user.role == "exile"
    return render_template(
        "vouching/index.html",
        link=url_for("vouching.vouch", token=vouching.link_token(g.user), _external=True)
        if is_exile
        else None,
        new_link_form=NewLinkForm(),
        max_age_days=current_app.config["VOUCH_LINK_MAX_AGE_DAYS"],
        standing=vouching.standing(session, g.user.id) if is_exile else None,
        given=vouching.given_by(session, g.user),
        form=RevokeVouchForm(),
    )


@bp.post("/link/new")
@roles_required("exile")
def new_link():
    """End every vouch link given out so far; the page then shows a new one."""
    if not NewLinkForm().validate_on_submit():
        abort(400)
    vouching.new_link(g.user)
    get_session().commit()
    flash(_("Your earlier vouch links no longer work. Send the new one."))
    return redirect(url_for("vouching.index"))


@bp.route("/for/<token>", methods=["GET", "POST"])
@roles_required("exile", "host")
def vouch(token: str):
    """Show whom a vouch link names and, on confirmation, vouch for them."""
    session = get_session()
    person = vouching.person_for_token(session, token)
    if person is None:
        return render_template("vouching/invalid.html"), 404
    organizations = vouching.voucher_organizations(g.user)
    form = VouchForm()
    if g.user.role == "host":
        form.organization.choices = [(org.id, org.name) for org in organizations]
    else:
        del form.organization
    if form.validate_on_submit():
        organization_id = form.organization.data if g.user.role == "host" else None
        try:
            vouching.give(session, g.user, person, organization_id)
        except vouching.VouchError as error:
            flash(str(error))
        else:
            session.commit()
            flash(_("Thank you: your vouch is recorded."))
            return redirect(url_for("vouching.index"))
    return render_template(
        "vouching/vouch.html",
        form=form,
        name=vouching.display_name(session, person.id),
        own=person.id == g.user.id,
        already=vouching.existing_vouch(session, g.user, person.id) is not None
        if g.user.role == "exile"
        else False,
        counts=g.user.role == "host" or vouching.standing(session, g.user.id).may_vouch,
        can_vouch=g.user.role == "exile" or bool(organizations),
    )


@bp.post("/<int:vouch_id>/revoke")
@roles_required("exile", "host")
def revoke(vouch_id: int):
    """Take back a vouch I (or my organisation) gave."""
    session = get_session()
    if not RevokeVouchForm().validate_on_submit():
        abort(400)
    if not vouching.take_back(session, g.user, vouch_id):
        abort(404)
    session.commit()
    flash(_("The vouch is taken back."))
    return redirect(url_for("vouching.index"))
