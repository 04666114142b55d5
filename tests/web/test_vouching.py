"""Vouching: a threshold of eligible vouchers makes a badge, trust flows only from seeds (rings of
unverified accounts never get one), and taking a vouch or a voucher away recomputes everyone."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from web import database
from web.models import Attestation, Organization, Profile, ShortlistEntry, User, Vouch
from web.records.schemas import ProfileRecord
from web.services import attestations, vouching
from web.services.attestations import Subject
from web.services.cards import cards_for
from web.services.records import upsert_profile

from .hosts import create_listing
from .records import profile


@pytest.fixture(autouse=True)
def password_only_sign_in(app):
    """Sign hosts in with a password alone: two-factor sign-in has tests of its own."""
    app.config["MFA_REQUIRED_ROLES"] = ()


def person(session, name: str, *, seed: str | None = None) -> int:
    """Create an exile (with a seed check such as "orcid" when given); return the id."""
    user = User(email=f"{name}@example.org", role="exile", password_hash="x")
    session.add(user)
    session.flush()
    if seed:
        grant(session, user.id, seed)
    return user.id


def grant(session, user_id: int, kind: str, evidence: str = "") -> None:
    """Record a current attestation of a kind for a person."""
    attestations.record(
        session,
        Subject(user_id=user_id),
        kind,
        status="verified",
        evidence=evidence,
        checked_by="t",
    )


def vouch(session, voucher: int, subject: int) -> None:
    """Store a personal vouch and recompute, as the vouching page does."""
    vouching.give(session, session.get(User, voucher), session.get(User, subject))


def badges(session) -> dict[int, str]:
    """Return the current vouch badges: user id -> evidence (the count)."""
    rows = session.scalars(select(Attestation).where(Attestation.kind == "vouch"))
    return {row.user_id: row.evidence for row in rows if attestations.is_current(row)}


def test_three_eligible_vouchers_make_a_badge_and_two_do_not(session):
    seeds = [person(session, f"seed{i}", seed=kind) for i, kind in enumerate(vouching.SEED_KINDS)]
    anna = person(session, "anna")
    boris = person(session, "boris")

    for voucher in seeds[:3]:
        vouch(session, voucher, anna)
    for voucher in seeds[:2]:
        vouch(session, voucher, boris)

    assert badges(session) == {anna: "3"}
    vouch(session, seeds[3], anna)
    assert badges(session) == {anna: "4"}


def test_a_ring_of_unverified_accounts_never_reaches_the_threshold(session):
    ring = [person(session, f"sybil{i}") for i in range(6)]
    for voucher in ring:
        for subject in ring:
            if voucher != subject:
                vouch(session, voucher, subject)

    assert badges(session) == {}
    # One real member vouching for the whole ring adds one eligible vouch each: still not enough.
    seed = person(session, "real", seed="orcid")
    for subject in ring:
        vouch(session, seed, subject)
    assert badges(session) == {}
    assert vouching.standing(session, ring[0]).count == 1
    assert not vouching.standing(session, ring[0]).may_vouch


@pytest.fixture()
def chain(session):
    """Seeds s1..s3; A rests on the seeds, B on A, C on A and B (given in the worst order)."""
    s1, s2, s3 = (person(session, f"s{i}", seed="domain") for i in (1, 2, 3))
    a, b, c = person(session, "a"), person(session, "b"), person(session, "c")
    # C's and B's vouches come first, while A and B are not eligible yet.
    for voucher in (b, a, s3):
        vouch(session, voucher, c)
    for voucher in (a, s1, s2):
        vouch(session, voucher, b)
    assert badges(session) == {}
    for voucher in (s1, s2, s3):
        vouch(session, voucher, a)
    return {"s1": s1, "s2": s2, "s3": s3, "a": a, "b": b, "c": c}


def test_trust_flows_along_a_chain_from_seeds(session, chain):
    assert badges(session) == {chain["a"]: "3", chain["b"]: "3", chain["c"]: "3"}
    assert vouching.standing(session, chain["c"]).may_vouch


def test_revoking_one_vouch_cascades_to_everyone_who_rested_on_it(session, chain):
    s1_user = session.get(User, chain["s1"])
    given = session.scalar(
        select(Vouch).where(
            Vouch.voucher_user_id == chain["s1"], Vouch.subject_user_id == chain["a"]
        )
    )

    assert vouching.take_back(session, s1_user, given.id)

    assert badges(session) == {}
    for name in ("a", "b", "c"):
        row = attestations.find(session, Subject(user_id=chain[name]), "vouch")
        assert row.status == "revoked"
    # A vouch from another seed restores the whole chain.
    vouch(session, person(session, "s4", seed="github"), chain["a"])
    assert set(badges(session)) == {chain["a"], chain["b"], chain["c"]}


def test_someone_else_cannot_take_back_a_vouch(session, chain):
    given = session.scalar(select(Vouch).where(Vouch.voucher_user_id == chain["s1"]))

    assert not vouching.take_back(session, session.get(User, chain["c"]), given.id)
    assert session.get(Vouch, given.id) is not None


def test_removing_a_vouchers_account_recomputes(session, chain):
    session.delete(session.get(User, chain["s2"]))
    session.flush()

    vouching.recompute(session)

    assert badges(session) == {}


def test_a_voucher_losing_their_own_check_recomputes(session, chain):
    attestations.revoke(session, Subject(user_id=chain["s3"]), "domain", checked_by="t")
    vouching.recompute(session)
    assert badges(session) == {}

    # A disabled seed counts no more than an unverified one.
    attestations.record(
        session,
        Subject(user_id=chain["s3"]),
        "orcid",
        status="verified",
        evidence="",
        checked_by="t",
    )
    vouching.recompute(session)
    assert chain["a"] in badges(session)
    session.get(User, chain["s3"]).is_active = False
    vouching.recompute(session)
    assert badges(session) == {}


def test_old_vouch_badges_never_seed_the_computation(session):
    ring = [person(session, f"ring{i}") for i in range(4)]
    for voucher in ring:
        for subject in ring:
            if voucher != subject:
                session.add(Vouch(voucher_user_id=voucher, subject_user_id=subject))
    # A badge recorded earlier (or forged into the table) does not make its holder a voucher.
    for member in ring:
        attestations.record(
            session,
            Subject(user_id=member),
            "vouch",
            status="verified",
            evidence="3",
            checked_by="t",
        )

    vouching.recompute(session)

    assert badges(session) == {}


def test_an_approved_partner_organisation_counts_as_one_voucher(app, auth, session):
    first = auth.create("hr1@example.com", role="host", organization="Partner Lab")
    second = auth.create("hr2@example.com", role="host", organization="Partner Lab")
    pending = auth.create("hr@pending.example", role="host", organization="New Org", approved=False)
    session.expire_all()
    org = session.scalar(select(Organization).where(Organization.name == "Partner Lab"))
    # The second host's membership of an existing organisation may await confirmation.
    for membership in session.get(User, second).memberships:
        membership.role = "member"
    subject = session.get(User, person(session, "anna"))
    seeds = [person(session, f"seed{i}", seed="orcid") for i in range(2)]

    vouching.give(session, session.get(User, first), subject, org.id)
    with pytest.raises(vouching.VouchError):
        vouching.give(session, session.get(User, second), subject, org.id)
    new_org = session.scalar(select(Organization).where(Organization.name == "New Org"))
    with pytest.raises(vouching.VouchError):
        vouching.give(session, session.get(User, pending), subject, new_org.id)
    vouch(session, seeds[0], subject.id)
    assert badges(session) == {}

    vouch(session, seeds[1], subject.id)
    assert badges(session) == {subject.id: "3"}
    org.approval_status = "suspended"
    vouching.recompute(session)
    assert badges(session) == {}


def test_nobody_vouches_for_themselves_or_twice(session):
    me = session.get(User, person(session, "me", seed="orcid"))
    other = session.get(User, person(session, "other"))

    with pytest.raises(vouching.VouchError):
        vouching.give(session, me, me)
    vouching.give(session, me, other)
    with pytest.raises(vouching.VouchError):
        vouching.give(session, me, other)


def vouch_link(client) -> str:
    """Return the signed-in exile's vouch link path from their vouching page."""
    page = client.get("/vouching").get_data(as_text=True)
    return re.search(r'value="http://localhost(/vouching/for/[^"]+)"', page).group(1)


def test_vouching_through_the_link_pages(app, client, auth):
    auth.create("anna@example.org")
    for i in range(3):
        voucher = auth.create(f"voucher{i}@example.org")
        with app.app_context(), database.session_scope() as session:
            grant(session, voucher, "orcid")
    auth.login("anna@example.org")
    with app.app_context(), database.session_scope() as session:
        stored, _ = upsert_profile(
            session, ProfileRecord.model_validate(profile(display_name="Anna the Historian"))
        )
        stored.user_id = session.scalar(select(User.id).where(User.email == "anna@example.org"))
    link = vouch_link(client)
    own = client.get(link).get_data(as_text=True)
    assert "your own vouch link" in own
    assert client.post(link).status_code == 200  # no form: nothing is stored
    auth.logout()

    for i in range(3):
        auth.login(f"voucher{i}@example.org")
        page = client.get(link)
        assert page.status_code == 200 and "Anna the Historian" in page.get_data(as_text=True)
        response = client.post(link)
        assert response.status_code == 302
        assert "Anna the Historian" in client.get("/vouching").get_data(as_text=True)
        auth.logout()

    auth.login("anna@example.org")
    page = client.get("/vouching").get_data(as_text=True)
    assert "3 of the 3 vouches needed" in page and "You hold the vouch badge" in page
    assert "voucher0" not in page  # who vouched is never shown
    assert "Vouched by 3 verified members" in client.get("/verification").get_data(as_text=True)


def test_a_forged_or_tampered_link_is_refused(app, client, auth):
    auth.create("anna@example.org")
    auth.login("anna@example.org")
    link = vouch_link(client)
    auth.logout()
    auth.create("bob@example.org")
    auth.login("bob@example.org")

    with app.app_context():
        forged = vouching._serializer().dumps(1, salt="other-purpose")  # noqa: SLF001
    for bad in (link[:-2] + ("AA" if not link.endswith("AA") else "BB"), f"/vouching/for/{forged}"):
        assert client.get(bad).status_code == 404
        assert client.post(bad).status_code == 404
    with app.app_context(), database.session_scope() as session:
        assert session.scalar(select(Vouch)) is None


def test_a_new_link_ends_every_earlier_one(app, client, auth):
    auth.create("anna@example.org")
    auth.login("anna@example.org")
    old = vouch_link(client)

    client.post("/vouching/link/new")
    new = vouch_link(client)
    auth.logout()
    auth.create("bob@example.org")
    auth.login("bob@example.org")

    # An old link that leaked (to someone hostile, say) stops working; the new one works.
    assert old != new
    assert client.get(old).status_code == 404
    assert client.post(old).status_code == 404
    assert client.get(new).status_code == 200


def test_hosts_never_see_who_vouched(app, client, auth):
    auth.create("hr@example.com", role="host", organization="Host Org")
    auth.login("hr@example.com")
    listing_id = create_listing(client)
    with app.app_context(), database.session_scope() as session:
        stored, _ = upsert_profile(
            session, ProfileRecord.model_validate(profile(display_name="Subject Person"))
        )
        subject = person(session, "subject")
        stored.user_id = subject
        voucher_names = []
        for i in range(3):
            voucher = person(session, f"qzvoucher{i}", seed="orcid")
            record, _ = upsert_profile(
                session,
                ProfileRecord.model_validate(
                    profile(external_id=f"p-voucher{i}", display_name=f"Qzvouchername{i}")
                ),
            )
            record.user_id = voucher
            voucher_names.append(f"Qzvouchername{i}")
            vouch(session, voucher, subject)
        session.add(ShortlistEntry(listing_id=listing_id, profile_id=stored.id))
        with app.test_request_context():
            card = cards_for(session, [session.get(Profile, stored.id)])[stored.id]

    as_json = json.dumps(card, default=str)
    assert "Vouched by 3 verified members" in as_json
    assert not any(name in as_json for name in voucher_names)
    assert "qzvoucher" not in as_json and "vouchers" not in as_json
    html = client.get(f"/host/listings/{listing_id}/shortlist").get_data(as_text=True)
    assert "Vouched by 3 verified members" in html
    assert not any(name in html for name in voucher_names)
    assert "qzvoucher" not in html
    # A host's vouching page lists only what their organisation gave.
    page = client.get("/vouching").get_data(as_text=True)
    assert "Subject Person" not in page and "Qzvouchername" not in page
