"""An exile's control over who reaches them: contact requests, who viewed the profile, the
blocklist, the employer toggle, and erasing the account.

Every page works on the signed-in user's own profile; request ids of other people answer 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web import auth
from web.auth import roles_required
from web.database import get_session
from web.errors import UnknownRecordError
from web.extensions import limiter
from web.forms.contact import (
    REVEALABLE_LABELS,
    AcceptForm,
    BlockOrganizationForm,
    ConfirmForm,
    EraseAccountForm,
    OrganizationSearchForm,
    PrivacyForm,
)
from web.forms.organization import ORGANIZATION_KIND_LABELS
from web.services import accounts, blocklist, contact, erasure, profile_views, profiles

bp = Blueprint("contact", __name__, url_prefix="/me")


def _own_profile():
    """Return the signed-in exile's profile, or None."""
    return profiles.own_profile(get_session(), g.user)


def _requests_page(accept_forms: dict | None = None, status: int = 200):
    profile = _own_profile()
    items = contact.requests_for_profile(get_session(), profile) if profile else []
    forms = accept_forms or {}
    for item in items:
        forms.setdefault(item["request"].id, AcceptForm(formdata=None))
    page = render_template(
        "contact/requests.html",
        has_profile=profile is not None,
        items=items,
        accept_forms=forms,
        confirm=ConfirmForm(),
        labels=REVEALABLE_LABELS,
        organization_kinds=ORGANIZATION_KIND_LABELS,
    )
    return page, status


@bp.get("/contact-requests")
@roles_required("exile")
def requests():
    """List the organisations that asked to contact the exile, with their badges and purpose."""
    return _requests_page()


def _answer(request_id: int, action):
    """Run an answer to one of the exile's requests; 404 for anyone else's."""
    session = get_session()
    try:
        action(session)
    except UnknownRecordError:
        abort(404)
    except contact.ContactError as error:
        flash(str(error))
        return redirect(url_for("contact.requests"))
    session.commit()
    return None


@bp.post("/contact-requests/<int:request_id>/accept")
@roles_required("exile")
def accept(request_id: int):
    """Accept a request, revealing the chosen fields to the organisation."""
    form = AcceptForm()
    if not form.validate_on_submit():
        return _requests_page({request_id: form}, 422)
    done = _answer(
        request_id, lambda session: contact.accept(session, g.user, request_id, form.fields.data)
    )
    if done is not None:
        return done
    flash(_("Accepted. The organisation now sees what you chose to share."))
    return redirect(url_for("contact.requests"))


@bp.post("/contact-requests/<int:request_id>/decline")
@roles_required("exile")
def decline(request_id: int):
    """Decline a request."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    done = _answer(request_id, lambda session: contact.decline(session, g.user, request_id))
    if done is not None:
        return done
    flash(_("Declined. The organisation is told, and sees nothing more about you."))
    return redirect(url_for("contact.requests"))


@bp.post("/contact-requests/<int:request_id>/revoke")
@roles_required("exile")
def revoke(request_id: int):
    """Take back what an accepted request revealed."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    done = _answer(request_id, lambda session: contact.revoke(session, g.user, request_id))
    if done is not None:
        return done
    flash(_("Taken back. The organisation no longer sees what you had shared."))
    return redirect(url_for("contact.requests"))


@bp.get("/views")
@roles_required("exile")
def views():
    """Show which organisations opened the exile's card, and when, and every reveal."""
    session = get_session()
    profile = _own_profile()
    return render_template(
        "contact/views.html",
        has_profile=profile is not None,
        views=profile_views.views_of(session, profile) if profile else [],
        reveals=contact.reveal_log(session, profile) if profile else [],
        labels=REVEALABLE_LABELS,
    )


def _privacy_page(form: PrivacyForm | None = None, status: int = 200):
    session = get_session()
    profile = _own_profile()
    if profile is None:
        return render_template("contact/privacy.html", has_profile=False), status
    search = OrganizationSearchForm(request.args)
    found = blocklist.find_organizations(session, search.q.data) if search.validate() else []
    if form is None:
        form = PrivacyForm(
            data={
                "blocked_countries": list(profile.blocked_host_countries or []),
                "show_employers": profile.show_employers,
            }
        )
    blocked = blocklist.blocked_organizations(session, profile)
    page = render_template(
        "contact/privacy.html",
        has_profile=True,
        form=form,
        search=search,
        found=[org for org in found if org not in blocked],
        searched=bool(search.q.data),
        blocked=blocked,
        confirm=ConfirmForm(),
    )
    return page, status


@bp.get("/privacy")
@roles_required("exile")
def privacy():
    """Show the blocklist and the employer toggle, and find organisations to block."""
    return _privacy_page()


@bp.post("/privacy")
@roles_required("exile")
def privacy_save():
    """Save the blocked countries and whether employers are shown."""
    profile = _own_profile()
    if profile is None:
        return redirect(url_for("exile.profile"))
    form = PrivacyForm()
    if not form.validate_on_submit():
        return _privacy_page(form, 422)
    session = get_session()
    blocklist.save_privacy(
        session, g.user, profile, form.blocked_countries.data or [], form.show_employers.data
    )
    session.commit()
    flash(_("Your privacy settings are saved."))
    return redirect(url_for("contact.privacy"))


@bp.post("/privacy/block")
@roles_required("exile")
def block():
    """Hide the profile from one organisation."""
    profile = _own_profile()
    form = BlockOrganizationForm()
    if profile is None or not form.validate_on_submit():
        abort(404)
    session = get_session()
    try:
        organization = blocklist.block_organization(
            session, g.user, profile, form.organization_id.data
        )
    except UnknownRecordError:
        abort(404)
    session.commit()
    flash(_("%(name)s no longer sees your profile.", name=organization.name))
    return redirect(url_for("contact.privacy"))


@bp.post("/privacy/unblock/<int:organization_id>")
@roles_required("exile")
def unblock(organization_id: int):
    """Show the profile to an organisation again."""
    profile = _own_profile()
    if profile is None or not ConfirmForm().validate_on_submit():
        abort(404)
    session = get_session()
    if not blocklist.unblock_organization(session, g.user, profile, organization_id):
        abort(404)
    session.commit()
    flash(_("The organisation can find your profile again."))
    return redirect(url_for("contact.privacy"))


@bp.route("/erase", methods=["GET", "POST"])
@roles_required("exile")
@limiter.limit("10 per hour", methods=["POST"])
def erase():
    """Ask for the password, then delete the account and every trace of it."""
    form = EraseAccountForm()
    if not form.validate_on_submit():
        return render_template("contact/erase.html", form=form), 422 if form.errors else 200
    session = get_session()
    if accounts.authenticate(session, g.user.email, form.password.data) is not g.user:
        form.password.errors = [_("The password is wrong.")]
        return render_template("contact/erase.html", form=form), 422
    erasure.erase_account(session, g.user)
    session.commit()
    auth.logout()
    flash(_("Your account and everything stored about you are deleted."))
    return redirect(url_for("pages.index"))
