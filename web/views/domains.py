"""The moderators' allowlist of institutional e-mail domains."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from web.auth import roles_required
from web.database import get_session
from web.forms.email_verification import CATEGORY_LABELS, AllowedDomainForm, RemoveDomainForm
from web.services import domains

bp = Blueprint("domains", __name__, url_prefix="/admin/domains")


@bp.route("", methods=["GET", "POST"])
@roles_required("moderator", "admin")
def index():
    """List the allowed domains and add one."""
    session = get_session()
    form = AllowedDomainForm()
    if form.validate_on_submit():
        try:
            entry = domains.add_allowed(
                session,
                form.domain.data,
                form.label.data,
                form.category.data,
                added_by_id=g.user.id,
            )
        except domains.DomainError as error:
            session.rollback()
            form.domain.errors.append(str(error))
        else:
            session.commit()
            flash(_("%(domain)s is on the list.", domain=domains.display(entry.domain)))
            return redirect(url_for("domains.index"))
    return render_template(
        "admin/domains.html",
        form=form,
        entries=domains.list_allowed(session),
        categories=CATEGORY_LABELS,
        display=domains.display,
    ), 422 if form.errors else 200


@bp.route("/<int:entry_id>/remove", methods=["GET", "POST"])
@roles_required("moderator", "admin")
def remove(entry_id: int):
    """Ask to confirm, then remove a domain and revoke the badges that rested on it."""
    session = get_session()
    entry = domains.get_allowed(session, entry_id)
    if entry is None:
        abort(404)
    form = RemoveDomainForm()
    if form.validate_on_submit():
        name = domains.display(entry.domain)
        domains.remove_allowed(session, entry, removed_by_id=g.user.id)
        session.commit()
        flash(_("%(domain)s is no longer on the list.", domain=name))
        return redirect(url_for("domains.index"))
    return render_template(
        "admin/domain_remove.html", form=form, entry=entry, display=domains.display
    )
