"""The checks a user can complete, each with its current state and the page that runs it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from web.models import User
from web.services import attestations
from web.services.attestations import Subject

# kind -> (title, what it proves, endpoint of the page that runs it, roles it applies to)
CHECKS = (
    (
        "email",
        _l("E-mail address"),
        _l("You can receive mail at the address you sign in with."),
        "verify_email.index",
        ("exile", "host", "moderator", "admin"),
    ),
    (
        "domain",
        _l("Work or university e-mail"),
        _l(
            "You have an address at an organisation our moderators list (a university, newsroom or employer)."  # noqa: E501
        ),
        "verify_email.work",
        ("exile", "host"),
    ),
    (
        "orcid",
        _l("ORCID iD"),
        _l("You control this researcher identifier; hosts see it masked."),
        "oauth.index",
        ("exile",),
    ),
    (
        "github",
        _l("GitHub account"),
        _l("You control a GitHub account; hosts never see its name."),
        "oauth.index",
        ("exile",),
    ),
    (
        "vouch",
        _l("Vouches"),
        _l("Verified members who know you vouch for you; hosts see only how many."),
        "vouching.index",
        ("exile",),
    ),
    (
        "document",
        _l("Document check"),
        _l(
            "Two moderators checked a document (a diploma, a press card); the file is deleted afterwards."  # noqa: E501
        ),
        "documents.index",
        ("exile",),
    ),
    (
        "sanctions",
        _l("Sanctions screening"),
        _l(
            "Your name is screened against UN, EU, UK and US sanctions lists; a moderator reviews any near match."  # noqa: E501
        ),
        None,
        ("exile",),
    ),
)


@dataclass(frozen=True)
class CheckState:
    """One check as the hub shows it."""

    kind: str
    title: str
    proves: str
    endpoint: str | None
    status: str | None
    current: bool


def checks_for(session: Session, user: User) -> list[CheckState]:
    """Return the checks that apply to a user's role, with their current state."""
    states = []
    for kind, title, proves, endpoint, roles in CHECKS:
        if user.role not in roles:
            continue
        attestation = attestations.find(session, Subject(user_id=user.id), kind)
        states.append(
            CheckState(
                kind=kind,
                title=str(title),
                proves=str(proves),
                endpoint=endpoint,
                status=attestation.status if attestation else None,
                current=attestation is not None and attestations.is_current(attestation),
            )
        )
    return states
