"""Four-eyes document review: only moderators download, two agreeing moderators decide, the file
goes on a decision or after its time whatever happened, and only the type, the outcome, the
reviewers and the times are kept."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from web import database
from web.models import AuditEvent, DocumentReview, DocumentVote, User, utcnow
from web.services import attestations, document_review, uploads
from web.services.attestations import Subject

from .documents import PDF, png, reviews, stored_files, upload


@pytest.fixture(autouse=True)
def password_only_sign_in(app):
    """Sign staff in with a password alone: two-factor sign-in has tests of its own."""
    app.config["MFA_REQUIRED_ROLES"] = ()


@pytest.fixture()
def exile(auth):
    """Sign in an exile; return their id."""
    user_id = auth.create("anna@example.org")
    auth.login("anna@example.org")
    return user_id


@pytest.fixture()
def waiting(app, client, auth, exile):
    """A degree certificate uploaded by the exile; three moderators exist. Return the review id."""
    assert upload(client, PDF, filename="anna-diploma-original-name.pdf").status_code == 302
    auth.logout()
    for name in ("m1", "m2", "m3"):
        auth.create(f"{name}@example.org", role="moderator")
    return reviews(app)[0].id


def user_id(app, email: str) -> int:
    """Return the id of the account with this e-mail."""
    with app.app_context(), database.session_scope() as session:
        return session.scalar(select(User.id).where(User.email == email))


def cast(client, auth, email: str, review_id: int, decision: str):
    """Sign in as a moderator, vote, sign out; return the response."""
    auth.login(email)
    response = client.post(f"/admin/documents/{review_id}/vote", data={"decision": decision})
    auth.logout()
    return response


def test_only_moderators_download_and_as_an_attachment(app, client, auth, waiting):
    url = f"/admin/documents/{waiting}/file"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    auth.login("anna@example.org")
    assert client.get(url).status_code == 403  # not even the owner
    auth.logout()
    auth.create("hr@example.com", role="host", organization="Host Org")
    auth.login("hr@example.com")
    assert client.get(url).status_code == 403
    auth.logout()

    auth.login("m1@example.org")
    with client.get(url) as response:
        body = response.get_data()

    assert response.status_code == 200 and body == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename=document-{waiting}.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "original-name" not in str(response.headers)
    assert client.get("/admin/documents/999999/file").status_code == 404


def test_two_agreeing_moderators_approve_and_the_file_goes(app, client, auth, waiting):
    assert cast(client, auth, "m1@example.org", waiting, "approve").status_code == 302
    assert reviews(app)[0].status == "pending" and len(stored_files(app)) == 1
    cast(client, auth, "m1@example.org", waiting, "approve")  # a second vote does not count
    assert reviews(app)[0].status == "pending"

    cast(client, auth, "m2@example.org", waiting, "approve")

    [review] = reviews(app)
    assert review.status == "approved" and review.decided_at is not None
    assert stored_files(app) == []
    assert (review.stored_name, review.content_type, review.size) == (None, None, None)
    m1, m2 = user_id(app, "m1@example.org"), user_id(app, "m2@example.org")
    with app.app_context(), database.session_scope() as session:
        badge = attestations.find(session, Subject(user_id=review.user_id), "document")
        assert attestations.is_current(badge)
        assert badge.evidence == "Degree certificate"
        assert badge.checked_by == f"moderators #{m1} and #{m2}"
    assert client.get(f"/admin/documents/{waiting}/file").status_code == 302
    auth.login("m3@example.org")
    assert client.get(f"/admin/documents/{waiting}/file").status_code == 404


def test_disagreement_waits_for_a_third_moderator(app, client, auth, waiting):
    cast(client, auth, "m1@example.org", waiting, "approve")
    cast(client, auth, "m2@example.org", waiting, "reject")
    assert reviews(app)[0].status == "disputed" and len(stored_files(app)) == 1

    cast(client, auth, "m3@example.org", waiting, "reject")

    assert reviews(app)[0].status == "rejected" and stored_files(app) == []
    with app.app_context(), database.session_scope() as session:
        badge = attestations.find(session, Subject(user_id=reviews(app)[0].user_id), "document")
        assert badge.status == "rejected"
        m2, m3 = user_id(app, "m2@example.org"), user_id(app, "m3@example.org")
        assert badge.checked_by == f"moderators #{m2} and #{m3}"


def test_nobody_reviews_their_own_upload_and_exiles_do_not_vote(app, client, auth, waiting):
    auth.login("anna@example.org")
    assert (
        client.post(f"/admin/documents/{waiting}/vote", data={"decision": "approve"}).status_code
        == 403
    )
    with app.app_context(), database.session_scope() as session:
        moderator = session.scalar(select(User).where(User.email == "m1@example.org"))
        own = document_review.submit(session, moderator, "press_card", io.BytesIO(PDF))
        with pytest.raises(document_review.ReviewError):
            document_review.vote(session, own.id, moderator, "approve")


def test_only_the_type_outcome_reviewers_and_times_are_kept(app, client, auth, waiting):
    cast(client, auth, "m1@example.org", waiting, "reject")
    cast(client, auth, "m2@example.org", waiting, "reject")

    [review] = reviews(app)
    kept = {key: value for key, value in vars(review).items() if not key.startswith("_")}
    assert {key for key, value in kept.items() if value is not None} == {
        "id", "user_id", "document_type", "status", "uploaded_at", "delete_after", "decided_at",
    }  # fmt: skip
    with app.app_context(), database.session_scope() as session:
        votes = session.scalars(select(DocumentVote)).all()
        assert sorted(vote.decision for vote in votes) == ["reject", "reject"]
        assert all(vote.moderator_id and vote.voted_at for vote in votes)
        trail = " ".join(str(event.details) for event in session.scalars(select(AuditEvent)))
    assert "original-name" not in trail and "anna" not in trail
    assert stored_files(app) == []


def test_the_purge_deletes_files_past_their_time_decided_or_not(app, client, auth, runner, waiting):
    auth.login("anna@example.org")
    assert upload(client, PDF, kind="employment").status_code == 302
    auth.logout()
    cast(client, auth, "m1@example.org", waiting, "approve")
    cast(client, auth, "m2@example.org", waiting, "reject")  # disputed: a review in progress
    first, second = reviews(app)
    with app.app_context(), database.session_scope() as session:
        session.get(DocumentReview, first.id).delete_after = utcnow() - timedelta(minutes=1)
    root = Path(app.config["HOME"]) / "uploads"
    old_orphan, new_orphan = root / ("a" * 32), root / ("b" * 32)
    old_orphan.write_bytes(b"left by a crash")
    new_orphan.write_bytes(b"being uploaded")
    two_hours_ago = utcnow().timestamp() - 7200
    os.utime(old_orphan, (two_hours_ago, two_hours_ago))

    result = runner.invoke(["documents", "purge"])

    assert result.exit_code == 0, result.output
    assert "1 expired and 1 orphaned files deleted" in result.stderr
    first_after, second_after = reviews(app)
    assert first_after.status == "expired" and first_after.stored_name is None
    assert second_after.status == "pending" and second_after.stored_name is not None
    assert sorted(p.name for p in stored_files(app)) == sorted([second.stored_name, "b" * 32])
    auth.login("anna@example.org")
    assert "Deleted before a decision" in client.get("/documents").get_data(as_text=True)


def test_a_purge_long_after_the_deadline_empties_the_folder(app, client, exile):
    upload(client, PDF)
    upload(client, png(10, 10), filename="x.png")

    with app.app_context(), database.session_scope() as session:
        report = uploads.purge_expired(session, utcnow() + timedelta(days=15))

    assert report.expired == 2 and stored_files(app) == []
    assert {review.status for review in reviews(app)} == {"expired"}


def test_account_erasure_deletes_the_files(app, client, exile):
    upload(client, PDF)

    with app.app_context(), database.session_scope() as session:
        assert uploads.delete_user_files(session, exile) == 1

    assert stored_files(app) == [] and reviews(app)[0].stored_name is None


def test_the_queue_shows_waiting_documents_not_how_others_voted(app, client, auth, waiting):
    cast(client, auth, "m1@example.org", waiting, "reject")
    auth.login("m1@example.org")
    assert "You voted: reject" in client.get("/admin/documents").get_data(as_text=True)
    auth.logout()
    auth.login("m2@example.org")

    page = client.get("/admin/documents").get_data(as_text=True)

    assert f"#{waiting}" in page and "Degree certificate" in page
    assert "You voted" not in page and f"/admin/documents/{waiting}/vote" in page
    assert "Documents to review" in client.get("/admin").get_data(as_text=True)
