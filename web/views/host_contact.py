"""Host pages about one person: their card, asking them for contact, and the requests made.

A profile the host may not see (missing, hidden by the person's blocklist, a canary) gets the same
404 as a missing one, so ids cannot be probed.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from web.auth import roles_required
from web.database import get_session
from web.errors import UnknownRecordError
from web.forms.contact import ConfirmForm, ContactRequestForm
from web.models import Listing, Organization, Profile
from web.services import access, contact, listings, profile_views, protection, visibility
from web.services.cards import cards_for
from web.services.shortlists import CARD_PARTS
from web.views.host import bp, render, require_talent_access
from web.views.host_talent import quota_page


def _visible_profile(external_id: str) -> Profile:
    """Return the profile if the signed-in user may open its card; 404 otherwise."""
    session = get_session()
    profile = session.scalar(
        select(Profile).where(Profile.external_id == external_id).options(*CARD_PARTS)
    )
    if profile is None or not visibility.may_view_profile(session, g.user, profile):
        abort(404)
    return profile


def _request_form(formdata=None) -> ContactRequestForm:
    organizations = contact.asking_organizations(g.user)
    form = ContactRequestForm(formdata=formdata) if formdata is not None else ContactRequestForm()
    own = [
        item
        for item in listings.manageable_listings(get_session(), g.user)
        if item.organization_id in {org.id for org in organizations}
    ]
    form.set_choices(organizations, own)
    return form


def _card_page(profile: Profile, form: ContactRequestForm, status: int = 200):
    session = get_session()
    mine = access.organization_ids(g.user)
    card = cards_for(session, [profile], mine)[profile.id]
    return render(
        "contact/card.html",
        status,
        card=card,
        form=form,
        can_ask=bool(contact.asking_organizations(g.user)) and profile.user_id is not None,
        open_request=contact.open_request_for(session, profile, mine),
    )


@bp.get("/talent/<external_id>", endpoint="talent_card")
@roles_required("host", "moderator", "admin")
def talent_card(external_id: str):
    """Show one person's card (with what they revealed to the host) and the contact form."""
    require_talent_access()
    profile = _visible_profile(external_id)
    session = get_session()
    try:
        protection.before_card_view(session, g.user, profile)
    except protection.QuotaExceeded as error:
        return quota_page(error)
    # Opening a canary suspended the host (protection committed that); staff may look at one.
    if access.is_suspended(g.user) or (profile.is_canary and not access.is_staff(g.user)):
        abort(404)
    if not profile.is_canary:
        profile_views.record_view(session, g.user, profile)
        session.commit()
    return _card_page(profile, _request_form())


@bp.post("/talent/<external_id>/contact", endpoint="contact_request")
@roles_required("host")
def contact_request(external_id: str):
    """Ask the person for contact on behalf of one of the host's approved organisations."""
    require_talent_access()
    profile = _visible_profile(external_id)
    if profile.is_canary:
        abort(404)
    form = _request_form()
    session = get_session()
    if form.validate_on_submit():
        organization = session.get(Organization, form.organization_id.data)
        listing = session.get(Listing, form.listing_id.data) if form.listing_id.data else None
        try:
            contact.create_request(
                session, g.user, profile, organization, form.purpose.data, listing
            )
        except UnknownRecordError:
            abort(404)
        except contact.ContactError as error:
            form.purpose.errors = [*form.purpose.errors, str(error)]
        else:
            session.commit()
            flash(_("Your request is sent. You will get an e-mail when the person answers."))
            return redirect(url_for("host.contact_requests"))
    return _card_page(profile, form, 422)


@bp.get("/contact-requests", endpoint="contact_requests")
@roles_required("host")
def contact_requests():
    """List the contact requests of the host's organisations with their answers."""
    require_talent_access()
    items = contact.requests_of_organizations(get_session(), access.organization_ids(g.user))
    return render("contact/host_requests.html", items=items, form=ConfirmForm())


@bp.post("/contact-requests/<int:request_id>/withdraw", endpoint="contact_withdraw")
@roles_required("host")
def contact_withdraw(request_id: int):
    """Withdraw a request that has no answer yet."""
    require_talent_access()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    try:
        contact.withdraw(session, g.user, request_id)
    except UnknownRecordError:
        abort(404)
    except contact.ContactError as error:
        flash(str(error))
        return redirect(url_for("host.contact_requests"))
    session.commit()
    flash(_("The request is withdrawn."))
    return redirect(url_for("host.contact_requests"))
