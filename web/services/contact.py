"""Double opt-in contact: a host asks with a purpose; the exile accepts, revealing only the private
fields they choose, or declines; a reveal can be taken back. Every reveal and revoke is logged.

Mails never carry a private field or host-typed text: they say that something happened and link
to the page where the signed-in reader sees it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.errors import UnknownRecordError
from web.models import (
    REVEALABLE_FIELDS,
    ContactRequest,
    Listing,
    Membership,
    Organization,
    Profile,
    RevealEvent,
    User,
    utcnow,
)
from web.services import access, attestations, audit, badges, mail, visibility

PURPOSE_MIN = 20
PURPOSE_MAX = 2000
# Requests an organisation cannot make again while one of these stands.
OPEN_STATUSES = ("pending", "accepted")


class ContactError(Exception):
    """A request cannot be made or answered; the message tells the user why."""


class NotAllowedError(ContactError):
    """The host may not ask for contact (no approved organisation, or suspended)."""


class DuplicateRequestError(ContactError):
    """The organisation already has a pending or accepted request to this person."""


# Hosts -----------------------------------------------------------------------------------------


def asking_organizations(user: User | None) -> list[Organization]:
    """Return the organisations a host may ask for contact on behalf of (approved ones)."""
    if user is None or user.role != "host" or not access.can_search_talent(user):
        return []
    return sorted(access.approved_organizations(user), key=lambda org: org.id)


def create_request(
    session: Session,
    user: User,
    profile: Profile,
    organization: Organization,
    purpose: str,
    listing: Listing | None = None,
) -> ContactRequest:
    """Ask a person for contact on behalf of an organisation and tell them by mail.

    Raises UnknownRecordError for a profile the host may not see (answered like a missing one),
    ContactError for anything the host can fix.
    """
    if organization not in asking_organizations(user):
        raise NotAllowedError(_("Only members of an approved organisation may ask for contact."))
    if (
        profile.user_id is None
        or profile.is_canary
        or not visibility.may_view_profile(session, user, profile)
    ):
        raise UnknownRecordError("no such profile")
    purpose = (purpose or "").strip()
    if not PURPOSE_MIN <= len(purpose) <= PURPOSE_MAX:
        raise ContactError(
            _(
                "Say why you want to get in touch in %(min)s to %(max)s characters.",
                min=PURPOSE_MIN,
                max=PURPOSE_MAX,
            )
        )
    if listing is not None and listing.organization_id != organization.id:
        raise ContactError(_("Choose one of your organisation's listings."))
    if _open_request(session, profile.id, organization.id) is not None:
        raise DuplicateRequestError(
            _("Your organisation already has a request for this person that is open.")
        )
    request = ContactRequest(
        profile_id=profile.id,
        organization_id=organization.id,
        requested_by_id=user.id,
        listing_id=listing.id if listing is not None else None,
        purpose=purpose,
    )
    session.add(request)
    session.flush()
    audit.record(
        session,
        "contact_requested",
        actor_user_id=user.id,
        subject_user_id=profile.user_id,
        details={"request": request.id, "organization": organization.id},
    )
    person = session.get(User, profile.user_id)
    if person is not None:
        with force_locale(person.locale):
            mail.send(
                session,
                person.email,
                _("An organisation asked to contact you"),
                _(
                    "A verified organisation on Talent Bridge would like to contact you.\n\n"
                    "Sign in to see who they are, their badges and why they ask, and to accept "
                    "or decline:\n%(url)s\n\nNothing about you is shared unless you accept.",
                    url=url_for("contact.requests", _external=True),
                ),
            )
    return request


def _open_request(session: Session, profile_id: int, organization_id: int) -> ContactRequest | None:
    return session.scalars(
        select(ContactRequest).where(
            ContactRequest.profile_id == profile_id,
            ContactRequest.organization_id == organization_id,
            ContactRequest.status.in_(OPEN_STATUSES),
        )
    ).first()


def requests_of_organizations(
    session: Session, organization_ids: Collection[int]
) -> list[dict[str, Any]]:
    """Return the requests an organisation made, newest first, with the person's pseudonym."""
    if not organization_ids:
        return []
    rows = session.execute(
        select(ContactRequest, Profile, Organization)
        .join(Profile, Profile.id == ContactRequest.profile_id)
        .join(Organization, Organization.id == ContactRequest.organization_id)
        .where(ContactRequest.organization_id.in_(list(organization_ids)))
        .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())
    ).all()
    return [
        {
            "request": request,
            "organization": organization,
            "external_id": profile.external_id,
            "display_name": profile.display_name,
            "headline": profile.headline,
        }
        for request, profile, organization in rows
    ]


def open_request_for(
    session: Session, profile: Profile, organization_ids: Collection[int]
) -> ContactRequest | None:
    """Return the newest pending or accepted request of these organisations to this person."""
    if not organization_ids:
        return None
    return session.scalars(
        select(ContactRequest)
        .where(
            ContactRequest.profile_id == profile.id,
            ContactRequest.organization_id.in_(list(organization_ids)),
            ContactRequest.status.in_(OPEN_STATUSES),
        )
        .order_by(ContactRequest.id.desc())
    ).first()


def withdraw(session: Session, user: User, request_id: int) -> ContactRequest:
    """Withdraw a pending request of one of the host's organisations."""
    request = session.get(ContactRequest, request_id)
    if request is None or request.organization_id not in access.organization_ids(user):
        raise UnknownRecordError("no such request")
    if request.status != "pending":
        raise ContactError(_("Only a request still waiting for an answer can be withdrawn."))
    request.status = "withdrawn"
    request.answered_at = utcnow()
    session.flush()
    profile = session.get(Profile, request.profile_id)
    audit.record(
        session,
        "contact_withdrawn",
        actor_user_id=user.id,
        subject_user_id=profile.user_id if profile is not None else None,
        details={"request": request.id, "organization": request.organization_id},
    )
    return request


# Exiles ----------------------------------------------------------------------------------------


def requests_for_profile(session: Session, profile: Profile) -> list[dict[str, Any]]:
    """Return the requests made to a person, newest first, each with the asking organisation
    (name, country, kind) and its current badges."""
    rows = session.execute(
        select(ContactRequest, Organization)
        .join(Organization, Organization.id == ContactRequest.organization_id)
        .where(ContactRequest.profile_id == profile.id)
        .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())
    ).all()
    listings = _listings(session, [request.listing_id for request, _org in rows])
    badges_of: dict[int, list] = {}
    for _request, organization in rows:
        if organization.id not in badges_of:
            current = attestations.current_for_organization(session, organization.id)
            badges_of[organization.id] = badges.badges(current)
    return [
        {
            "request": request,
            "organization": organization,
            "badges": badges_of[organization.id],
            "listing": listings.get(request.listing_id),
        }
        for request, organization in rows
    ]


def _listings(session: Session, ids: Iterable[int | None]) -> dict[int, Listing]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {
        item.id: item for item in session.scalars(select(Listing).where(Listing.id.in_(wanted)))
    }


def _own_request(session: Session, user: User, request_id: int) -> tuple[ContactRequest, Profile]:
    request = session.get(ContactRequest, request_id)
    profile = session.get(Profile, request.profile_id) if request is not None else None
    if request is None or profile is None or profile.user_id != user.id:
        raise UnknownRecordError("no such request")
    return request, profile


def accept(session: Session, user: User, request_id: int, fields: Iterable[str]) -> ContactRequest:
    """Accept a pending request, revealing the chosen private fields to the organisation."""
    request, _profile = _own_request(session, user, request_id)
    chosen = sorted(set(fields))
    if not chosen or not set(chosen) <= set(REVEALABLE_FIELDS):
        raise ContactError(_("Choose at least one thing to share, or decline the request."))
    if request.status != "pending":
        raise ContactError(_("This request was already answered."))
    request.status = "accepted"
    request.revealed_fields = chosen
    request.answered_at = utcnow()
    _log(session, user, request, "reveal", chosen)
    _tell_hosts(
        session,
        request.organization_id,
        lambda: _("Your contact request was accepted"),
        lambda: _(
            "A person you asked to contact on Talent Bridge accepted and shared some details "
            "with your organisation.\n\nSign in to see them on the person's card:\n%(url)s",
            url=url_for("host.contact_requests", _external=True),
        ),
    )
    return request


def decline(session: Session, user: User, request_id: int) -> ContactRequest:
    """Decline a pending request; the organisation learns only that it was declined."""
    request, _profile = _own_request(session, user, request_id)
    if request.status != "pending":
        raise ContactError(_("This request was already answered."))
    request.status = "declined"
    request.answered_at = utcnow()
    session.flush()
    audit.record(
        session,
        "contact_declined",
        actor_user_id=user.id,
        subject_user_id=user.id,
        details={"request": request.id, "organization": request.organization_id},
    )
    _tell_hosts(
        session,
        request.organization_id,
        lambda: _("Your contact request was declined"),
        lambda: _(
            "A person you asked to contact on Talent Bridge declined. Please do not try to "
            "reach them another way.\n\n%(url)s",
            url=url_for("host.contact_requests", _external=True),
        ),
    )
    return request


def revoke(session: Session, user: User, request_id: int) -> ContactRequest:
    """Take back what an accepted request revealed; the organisation no longer sees it."""
    request, _profile = _own_request(session, user, request_id)
    if request.status != "accepted":
        raise ContactError(_("Only an accepted request can be taken back."))
    revoke_request(session, user, request)
    return request


def revoke_request(session: Session, user: User, request: ContactRequest) -> None:
    """Mark an accepted request revoked, empty what it revealed and log it."""
    taken_back = list(request.revealed_fields or [])
    request.status = "revoked"
    request.revealed_fields = []
    request.answered_at = utcnow()
    _log(session, user, request, "revoke", taken_back)


def _log(session: Session, user: User, request: ContactRequest, action: str, fields: list) -> None:
    session.add(RevealEvent(contact_request_id=request.id, action=action, fields=list(fields)))
    session.flush()
    audit.record(
        session,
        "contact_revealed" if action == "reveal" else "contact_revoked",
        actor_user_id=user.id,
        subject_user_id=user.id,
        details={
            "request": request.id,
            "organization": request.organization_id,
            "fields": list(fields),
        },
    )


def reveal_log(session: Session, profile: Profile) -> list[dict[str, Any]]:
    """Return every reveal and revoke of a person, newest first, with the organisation."""
    rows = session.execute(
        select(RevealEvent, Organization)
        .join(ContactRequest, ContactRequest.id == RevealEvent.contact_request_id)
        .join(Organization, Organization.id == ContactRequest.organization_id)
        .where(ContactRequest.profile_id == profile.id)
        .order_by(RevealEvent.created_at.desc(), RevealEvent.id.desc())
    ).all()
    return [
        {"event": event, "organization": organization, "fields": list(event.fields or [])}
        for event, organization in rows
    ]


def revealing_organizations(session: Session, profile: Profile) -> list[int]:
    """Return the organisations this person ever revealed something to."""
    return sorted(
        set(
            session.scalars(
                select(ContactRequest.organization_id)
                .join(RevealEvent, RevealEvent.contact_request_id == ContactRequest.id)
                .where(ContactRequest.profile_id == profile.id, RevealEvent.action == "reveal")
            )
        )
    )


def member_addresses(session: Session, organization_id: int) -> list[tuple[str, str]]:
    """Return (e-mail, locale) of the active, confirmed members of an organisation."""
    rows = session.execute(
        select(User.email, User.locale)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.organization_id == organization_id,
            Membership.role != "pending",
            User.is_active.is_(True),
        )
        .order_by(User.id)
    )
    return [(email, locale) for email, locale in rows]


def _tell_hosts(session: Session, organization_id: int, subject, body) -> None:
    """Mail every member of an organisation, each in their own language."""
    for address, locale in member_addresses(session, organization_id):
        with force_locale(locale):
            mail.send(session, address, subject(), body())
