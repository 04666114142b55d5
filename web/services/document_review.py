"""Four-eyes document review: two different moderators who agree decide; the file then goes.

A person uploads a document of one of a few types; moderators vote approve or reject. Two
matching votes decide. Two different votes make the review `disputed`, and the next vote decides
it (it always matches one of them). Nobody votes on their own upload or twice. On a decision the
file is deleted at once; afterwards only the type, the outcome, the votes (moderator and time)
and the times remain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.models import DocumentReview, DocumentVote, Profile, User, utcnow
from web.services import attestations, audit, uploads, vouching
from web.services.attestations import Subject
from web.services.uploads import UploadError

# type -> (label the reader sees, English label kept as the badge's evidence)
DOCUMENT_TYPES = {
    "degree": (_l("Degree certificate"), "Degree certificate"),
    "press_card": (_l("Press card"), "Press card"),
    "employment": (_l("Employment record"), "Employment record"),
    "academic": (_l("Other academic credential"), "Academic credential"),
}
OPEN_STATUSES = ("pending", "disputed")
STAFF_ROLES = ("moderator", "admin")


class ReviewError(UploadError):
    """A submission or vote that is not allowed, with the reason the user reads."""


@dataclass(frozen=True)
class QueueItem:
    """A review waiting for moderators, as the queue shows it."""

    review: DocumentReview
    display_name: str | None
    full_name: str | None
    votes: int
    my_vote: str | None
    own: bool


def type_label(document_type: str) -> str:
    """Return a document type in the reader's language."""
    label = DOCUMENT_TYPES.get(document_type)
    return str(label[0]) if label else document_type


def open_count(session: Session, user_id: int) -> int:
    """Return how many of a person's reviews are still waiting for moderators."""
    return session.scalar(
        select(func.count())
        .select_from(DocumentReview)
        .where(DocumentReview.user_id == user_id, DocumentReview.status.in_(OPEN_STATUSES))
    )


def submit(session: Session, user: User, document_type: str, stream: BinaryIO) -> DocumentReview:
    """Store an uploaded document and queue it for review; raise UploadError if refused."""
    if document_type not in DOCUMENT_TYPES:
        raise ReviewError(_l("Choose what kind of document this is."))
    limit = current_app.config["DOCUMENT_MAX_OPEN"]
    if open_count(session, user.id) >= limit:
        raise ReviewError(
            _l(
                "You already have %(count)s documents waiting for review; wait for a decision.",
                count=limit,
            )
        )
    stored = uploads.store(stream)
    now = utcnow()
    review = DocumentReview(
        user_id=user.id,
        document_type=document_type,
        status="pending",
        stored_name=stored.name,
        content_type=stored.content_type,
        size=stored.size,
        uploaded_at=now,
        delete_after=now + timedelta(days=current_app.config["DOCUMENT_TTL_DAYS"]),
    )
    session.add(review)
    try:
        session.flush()
    except BaseException:
        uploads.delete_file(stored.name)
        raise
    audit.record(
        session, "document.uploaded", actor_user_id=user.id, details={"type": document_type}
    )
    return review


def reviews_of(session: Session, user_id: int) -> list[DocumentReview]:
    """Return a person's reviews, newest first."""
    return list(
        session.scalars(
            select(DocumentReview)
            .where(DocumentReview.user_id == user_id)
            .order_by(DocumentReview.uploaded_at.desc(), DocumentReview.id.desc())
        )
    )


def queue(session: Session, moderator: User) -> list[QueueItem]:
    """Return the reviews waiting for a decision that still have their file, oldest first."""
    reviews = session.scalars(
        select(DocumentReview)
        .where(DocumentReview.status.in_(OPEN_STATUSES), DocumentReview.stored_name.is_not(None))
        .order_by(DocumentReview.uploaded_at, DocumentReview.id)
    ).all()
    ids = [review.id for review in reviews]
    votes: dict[int, list[DocumentVote]] = {review_id: [] for review_id in ids}
    if ids:
        for vote_row in session.scalars(
            select(DocumentVote).where(DocumentVote.review_id.in_(ids))
        ):
            votes[vote_row.review_id].append(vote_row)
    profiles = {
        profile.user_id: profile
        for profile in session.scalars(
            select(Profile).where(Profile.user_id.in_([review.user_id for review in reviews]))
        )
    }
    items = []
    for review in reviews:
        profile = profiles.get(review.user_id)
        mine = [row.decision for row in votes[review.id] if row.moderator_id == moderator.id]
        items.append(
            QueueItem(
                review=review,
                display_name=profile.display_name if profile else None,
                full_name=profile.private.full_name if profile and profile.private else None,
                votes=len(votes[review.id]),
                my_vote=mine[0] if mine else None,
                own=review.user_id == moderator.id,
            )
        )
    return items


def downloadable(session: Session, review_id: int) -> DocumentReview | None:
    """Return an open review whose file is still stored, or None."""
    review = session.get(DocumentReview, review_id)
    if review is None or review.stored_name is None or review.status not in OPEN_STATUSES:
        return None
    return review


def download_name(review: DocumentReview) -> str:
    """Return the generic name a downloaded file gets (never the uploader's file name)."""
    return f"document-{review.id}.{uploads.EXTENSIONS.get(review.content_type, 'bin')}"


def vote(session: Session, review_id: int, moderator: User, decision: str) -> DocumentReview:
    """Record a moderator's vote and decide the review when two votes agree."""
    if moderator.role not in STAFF_ROLES:
        raise ReviewError(_l("Only moderators review documents."))
    if decision not in ("approve", "reject"):
        raise ReviewError(_l("Choose approve or reject."))
    # Row lock on PostgreSQL: two moderators voting at once must both see the other's vote.
    review = session.scalars(
        select(DocumentReview).where(DocumentReview.id == review_id).with_for_update()
    ).one_or_none()
    if review is None or review.status not in OPEN_STATUSES or review.stored_name is None:
        raise ReviewError(_l("This document is no longer waiting for review."))
    if review.user_id == moderator.id:
        raise ReviewError(_l("You cannot review your own document."))
    votes = list(session.scalars(select(DocumentVote).where(DocumentVote.review_id == review.id)))
    if any(row.moderator_id == moderator.id for row in votes):
        raise ReviewError(_l("You have already voted on this document."))
    new = DocumentVote(review_id=review.id, moderator_id=moderator.id, decision=decision)
    session.add(new)
    session.flush()
    votes.append(new)
    agreeing = [row.moderator_id for row in votes if row.decision == decision]
    if len(agreeing) >= 2:
        _decide(session, review, "approved" if decision == "approve" else "rejected", agreeing[:2])
    elif len(votes) >= 2:
        review.status = "disputed"
    audit.record(
        session,
        "document.vote",
        actor_user_id=moderator.id,
        subject_user_id=review.user_id,
        details={"decision": decision, "status": review.status},
    )
    session.flush()
    return review


def _reviewer(moderator_id: int | None) -> str:
    return f"#{moderator_id}" if moderator_id is not None else "#?"


def _decide(
    session: Session, review: DocumentReview, outcome: str, moderator_ids: list[int | None]
) -> None:
    review.status = outcome
    review.decided_at = utcnow()
    uploads.forget_file(review)
    evidence = DOCUMENT_TYPES[review.document_type][1]
    checked_by = "moderators {} and {}".format(*(_reviewer(item) for item in moderator_ids))
    subject = Subject(user_id=review.user_id)
    if outcome == "approved":
        attestations.record(
            session,
            subject,
            "document",
            status="verified",
            evidence=evidence,
            checked_by=checked_by,
        )
    elif not attestations.has_current(session, subject, "document"):
        # A rejected second document must not take away a badge an earlier one earned.
        attestations.record(
            session,
            subject,
            "document",
            status="rejected",
            evidence=evidence,
            checked_by=checked_by,
        )
    # A document is a seed of the vouch graph: vouches this person gave may now count.
    vouching.recompute(session)
