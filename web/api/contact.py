"""Contact requests for hosts: ask a person for contact, and follow the answers.

The person answers on their own pages (the API has no endpoint to accept for them). A profile the
caller may not see answers 404 like a missing one.
"""

from __future__ import annotations

import functools
from typing import Any

from flask import g
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.api import bp
from web.api.errors import ApiError
from web.api.resources import require_talent_access
from web.api.schemas import ContactRequestInput, ContactRequestList, ContactRequestOut
from web.api.spec import endpoint
from web.database import get_session
from web.errors import UnknownRecordError
from web.models import ContactRequest, Listing, Organization, Profile, User
from web.services import access, contact
from web.services.api_tokens import as_utc

HOST = ("host",)


def _talent_first(view):
    """Refuse a host without talent access before the body is read: 403, not a 422 about it."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.get("user") is not None and g.user.role == "host":
            require_talent_access(g.user)
        return view(**kwargs)

    return wrapped


@bp.post("/profiles/<external_id>/contact-requests")
@_talent_first
@endpoint(
    tag="contact",
    roles=HOST,
    body=ContactRequestInput,
    responses={201: ContactRequestOut},
    errors=(409,),
)
def create_contact_request(external_id: str, body: ContactRequestInput):
    """Ask a person for contact; they see your organisation, its badges and your purpose."""
    session = get_session()
    request = _create(session, g.user, external_id, body)
    return _present(session, [request])[0], 201


@bp.get("/contact-requests")
@endpoint(tag="contact", roles=HOST, responses={200: ContactRequestList})
def list_contact_requests():
    """Return your organisations' contact requests and their answers, newest first."""
    session = get_session()
    require_talent_access(g.user)
    ids = access.organization_ids(g.user)
    requests = session.scalars(
        select(ContactRequest)
        .where(ContactRequest.organization_id.in_(ids))
        .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())
    ).all()
    return {"items": _present(session, list(requests))}


def _create(session: Session, user: User, external_id: str, body: ContactRequestInput):
    """Create the request the body describes, mapping refusals to API errors."""
    require_talent_access(user)
    organization = _asking_organization(user, body.organization)
    missing = ApiError(404, "not_found", f"No profile with external_id {external_id!r}.")
    profile = session.scalar(select(Profile).where(Profile.external_id == external_id))
    if profile is None:
        raise missing
    listing = None
    if body.listing is not None:
        listing = session.scalar(select(Listing).where(Listing.external_id == body.listing))
        if listing is None or listing.organization_id != organization.id:
            message = f"your organisation has no listing with external_id {body.listing!r}"
            raise ApiError(422, "validation_error", f"listing: {message}.", [("listing", message)])
    try:
        return contact.create_request(session, user, profile, organization, body.purpose, listing)
    except UnknownRecordError:
        raise missing from None
    except contact.DuplicateRequestError:
        raise ApiError(
            409,
            "conflict",
            "Your organisation already has a pending or accepted request for this person.",
        ) from None
    except contact.NotAllowedError:
        raise ApiError(
            403, "forbidden", "Only members of an approved organisation may ask for contact."
        ) from None
    except contact.ContactError as error:
        raise ApiError(422, "validation_error", str(error), [("body", str(error))]) from None


def _asking_organization(user: User, name: str | None) -> Organization:
    """Return the approved organisation the caller asks for: the one named, or their only one."""
    organizations = contact.asking_organizations(user)
    if not organizations:
        raise ApiError(
            403, "forbidden", "Only members of an approved organisation may ask for contact."
        )
    for organization in organizations:
        if organization.name == name:
            return organization
    if name is None and len(organizations) == 1:
        return organizations[0]
    names = ", ".join(repr(org.name) for org in organizations)
    message = f"name one of your approved organisations: {names}"
    raise ApiError(
        422, "validation_error", f"organization: {message}.", [("organization", message)]
    )


def _present(session: Session, requests: list[ContactRequest]) -> list[dict[str, Any]]:
    """Return requests as API items, with the profile's and listing's external ids."""
    profiles = _names(session, Profile, [r.profile_id for r in requests])
    listings = _names(session, Listing, [r.listing_id for r in requests if r.listing_id])
    organizations = {
        org.id: org.name
        for org in session.scalars(
            select(Organization).where(Organization.id.in_({r.organization_id for r in requests}))
        )
    }
    return [
        {
            "id": request.id,
            "external_id": profiles[request.profile_id],
            "organization": organizations[request.organization_id],
            "listing": listings.get(request.listing_id),
            "purpose": request.purpose,
            "status": request.status,
            "created_at": as_utc(request.created_at).isoformat(),
            "answered_at": as_utc(request.answered_at).isoformat() if request.answered_at else None,
        }
        for request in requests
    ]


def _names(session: Session, model, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(model.id, model.external_id).where(model.id.in_(set(ids))))
    return {record_id: external_id for record_id, external_id in rows}
