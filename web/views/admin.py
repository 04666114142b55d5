"""A minimal back office: moderators and admins see users and organisations; admins act."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web.auth import roles_required
from web.database import get_session
from web.forms.admin import ConfirmForm
from web.services import admin

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("")
@roles_required("moderator", "admin")
def index():
    """List accounts and organisations, a page of each."""
    session = get_session()
    users = admin.users_page(session, request.args.get("page", 1, type=int))
    organizations = admin.organizations_page(session, request.args.get("orgs", 1, type=int))
    return render_template("admin/index.html", users=users, organizations=organizations)


@bp.route("/users/<int:user_id>/<any(disable, enable):action>", methods=["GET", "POST"])
@roles_required("admin")
def user_status(user_id: int, action: str):
    """Ask to confirm, then disable or enable an account."""
    session = get_session()
    user = admin.get_user(session, user_id)
    if user is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            admin.set_active(g.user, user, active=action == "enable")
        except admin.AdminError as error:
            flash(str(error))
        else:
            session.commit()
            if action == "disable":
                flash(_("The account is disabled and every session of it has ended."))
            else:
                flash(_("The account is enabled again."))
        return redirect(url_for("admin.index"))
    return render_template("admin/confirm.html", user=user, action=action, form=form)
