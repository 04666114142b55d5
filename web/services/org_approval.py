"""Host organisation approval: only an organisation with a verified work-domain member, a clear
sanctions screening and a moderator's yes may search the talent pool."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from web.errors import MessageError
from web.models import Attestation, Membership, Organization, Screening, User, utcnow
from web.services import attestations, audit
from web.services.attestations import Subject
from web.services.sanctions.screening import latest_screening

CHECKER_PREFIX = "moderator #"


class ApprovalError(MessageError):
    """An approval step that cannot be taken, with a message for the moderator."""


@dataclass(frozen=True)
class DomainMember:
    """A member holding a current work-domain badge, and the domain it names."""

    user: User
    domain: str


@dataclass
class ApprovalState:
    """What the approval page shows: each condition, the members and the join requests."""

    organization: Organization
    domain_members: list[DomainMember] = field(default_factory=list)
    screening: Screening | None = None
    members: list[Membership] = field(default_factory=list)
    pending_members: list[Membership] = field(default_factory=list)

    @property
    def has_domain_member(self) -> bool:
        """Return True if a member proved an address at a moderated domain."""
        return bool(self.domain_members)

    @property
    def screening_clear(self) -> bool:
        """Return True if the organisation's newest screening found no hit."""
        return self.screening is not None and self.screening.status == "clear"

    @property
    def can_approve(self) -> bool:
        """Return True if every condition for approval holds."""
        return self.has_domain_member and self.screening_clear


def state(session: Session, organization: Organization) -> ApprovalState:
    """Return the organisation's approval conditions as they stand now."""
    memberships = session.scalars(
        select(Membership)
        .where(Membership.organization_id == organization.id)
        .order_by(Membership.id)
    ).all()
    members = [item for item in memberships if item.role != "pending"]
    domain_members = []
    for membership in members:
        badge = attestations.find(session, Subject(user_id=membership.user_id), "domain")
        if badge is not None and attestations.is_current(badge):
            domain_members.append(DomainMember(membership.user, badge.evidence))
    return ApprovalState(
        organization=organization,
        domain_members=domain_members,
        screening=latest_screening(session, Subject(organization_id=organization.id)),
        members=members,
        pending_members=[item for item in memberships if item.role == "pending"],
    )


def _record_approval(
    session: Session, organization: Organization, status: str, moderator: User
) -> Attestation:
    return attestations.record(
        session,
        Subject(organization_id=organization.id),
        "approval",
        status=status,
        evidence="",
        checked_by=f"{CHECKER_PREFIX}{moderator.id}",
    )


def approve(session: Session, organization: Organization, moderator: User) -> None:
    """Approve an organisation whose conditions all hold; raise ApprovalError otherwise."""
    current = state(session, organization)
    if not current.has_domain_member:
        raise ApprovalError(
            _l("No member has confirmed a work address at a domain moderators trust.")
        )
    if not current.screening_clear:
        raise ApprovalError(_l("The organisation's sanctions screening is not clear."))
    organization.approval_status = "approved"
    organization.approved_by_id = moderator.id
    organization.approved_at = utcnow()
    _record_approval(session, organization, "verified", moderator)
    _audit(session, "organization.approved", organization, moderator)


def reject(session: Session, organization: Organization, moderator: User) -> None:
    """Refuse an organisation: it keeps no access to the talent pool."""
    organization.approval_status = "rejected"
    _record_approval(session, organization, "rejected", moderator)
    _audit(session, "organization.rejected", organization, moderator)


def suspend(session: Session, organization: Organization, moderator: User) -> None:
    """Suspend an approved organisation until a moderator approves it again."""
    organization.approval_status = "suspended"
    _record_approval(session, organization, "revoked", moderator)
    _audit(session, "organization.suspended", organization, moderator)


def _pending_membership(
    session: Session, organization: Organization, membership_id: int
) -> Membership:
    membership = session.get(Membership, membership_id)
    if (
        membership is None
        or membership.organization_id != organization.id
        or membership.role != "pending"
    ):
        raise ApprovalError(_l("This request to join is no longer waiting."))
    return membership


def accept_member(
    session: Session, organization: Organization, membership_id: int, moderator: User
) -> None:
    """Accept someone's request to join an organisation."""
    membership = _pending_membership(session, organization, membership_id)
    membership.role = "member"
    _audit(session, "organization.member_accepted", organization, moderator, membership.user_id)


def decline_member(
    session: Session, organization: Organization, membership_id: int, moderator: User
) -> None:
    """Decline someone's request to join an organisation."""
    membership = _pending_membership(session, organization, membership_id)
    user_id = membership.user_id
    session.delete(membership)
    _audit(session, "organization.member_declined", organization, moderator, user_id)


def _audit(
    session: Session,
    action: str,
    organization: Organization,
    moderator: User,
    subject_user_id: int | None = None,
) -> None:
    session.flush()
    audit.record(
        session,
        action,
        actor_user_id=moderator.id,
        subject_user_id=subject_user_id,
        details={"organization_id": organization.id},
    )


def awaiting(session: Session) -> tuple[list[Organization], list[Membership]]:
    """Return organisations waiting for approval and requests to join, oldest first."""
    organizations = session.scalars(
        select(Organization)
        .where(Organization.approval_status == "pending")
        .order_by(Organization.created_at, Organization.id)
        .limit(200)
    ).all()
    requests = session.scalars(
        select(Membership).where(Membership.role == "pending").order_by(Membership.id).limit(200)
    ).all()
    return list(organizations), list(requests)
