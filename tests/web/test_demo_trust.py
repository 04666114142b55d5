"""Demo trust data: badges on part of the pool, an approved demo host, password-less holders."""

from __future__ import annotations

from sqlalchemy import func, select

from web import database
from web.demo.accounts import ensure_demo_accounts
from web.demo.loader import load_demo
from web.demo.trust import orcid_with_checksum, seed_trust
from web.models import Attestation, Organization, Profile, User
from web.services import access


def _seeded(app):
    with app.app_context():
        load_demo(30, 6)
        with database.session_scope() as session:
            ensure_demo_accounts(session)
            seed_trust(session)


def test_orcid_check_digits_follow_iso_7064():
    # The examples ORCID publishes.
    assert orcid_with_checksum("000000021825009") == "0000-0002-1825-0097"
    assert orcid_with_checksum("000000021694233") == "0000-0002-1694-233X"


def test_the_demo_host_may_search_and_part_of_the_pool_has_badges(app):
    _seeded(app)
    with app.app_context(), database.session_scope() as session:
        host = session.scalar(select(User).where(User.email == "host@demo.example"))
        badged = session.scalar(
            select(func.count(func.distinct(Attestation.user_id))).join(
                Profile, Profile.user_id == Attestation.user_id
            )
        )
        total = session.scalar(select(func.count(Profile.id)))

        assert access.can_search_talent(host)
        assert 0.3 * total <= badged < total
        assert all(
            org.approval_status == "approved" for org in session.scalars(select(Organization))
        )


def test_seeding_twice_changes_nothing(app):
    _seeded(app)
    with app.app_context(), database.session_scope() as session:
        before = session.scalar(select(func.count(Attestation.id)))
        users = session.scalar(select(func.count(User.id)))
        seed_trust(session)
        assert session.scalar(select(func.count(Attestation.id))) == before
        assert session.scalar(select(func.count(User.id))) == users


def test_badge_holders_without_a_password_cannot_sign_in(app, client):
    _seeded(app)
    with app.app_context(), database.session_scope() as session:
        shadow = session.scalar(select(User).where(User.password_hash.is_(None)))
        email = shadow.email

    response = client.post("/login", data={"email": email, "password": "no such account"})

    assert response.status_code == 401


def test_the_demo_screens_its_people_against_the_fixture_list(app):
    from web.services import sanctions

    _seeded(app)
    with app.app_context(), database.session_scope() as session:
        sanctions.load_demo_list(session, app.config)
        screened = session.scalar(
            select(func.count(Attestation.id)).where(Attestation.kind == "sanctions")
        )
        people = session.scalar(select(func.count(Profile.id)).where(Profile.user_id.is_not(None)))

        assert screened >= people > 0
