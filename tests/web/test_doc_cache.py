"""Documents kept between matches: reused while unchanged, reloaded once a record changes."""

from __future__ import annotations

from sqlalchemy import select

from web import database
from web.models import Profile
from web.records.schemas import ProfileRecord
from web.services.doc_cache import DocCache
from web.services.records import upsert_profile

from .records import profile


def save(session, **changes) -> int:
    saved, _ = upsert_profile(session, ProfileRecord.model_validate(profile(**changes)))
    session.flush()
    return saved.id


def test_an_unchanged_record_is_served_from_the_cache_and_a_changed_one_reloaded(app):
    cache = DocCache("profiles")
    with app.app_context(), database.session_scope() as session:
        first = save(session, external_id="p-1", headline="Historian")
        kept = cache.get(session, [first])[first]
        assert kept.external_id == "p-1" and kept.label == "Historian"
        assert kept.doc.headline == "Historian"
        assert cache.get(session, [first])[first] is kept

        save(session, external_id="p-1", headline="Archivist")
        changed = cache.get(session, [first])[first]
        assert changed is not kept and changed.doc.headline == "Archivist"


def test_missing_records_are_left_out_and_order_follows_the_request(app):
    cache = DocCache("profiles")
    with app.app_context(), database.session_scope() as session:
        a, b = save(session, external_id="p-a"), save(session, external_id="p-b")
        assert list(cache.get(session, [b, 10_000_000, a])) == [b, a]
        session.delete(session.scalar(select(Profile).where(Profile.id == a)))
        session.flush()
        assert list(cache.get(session, [a, b])) == [b]


def test_the_least_recently_used_documents_go_first(app):
    cache = DocCache("profiles", limit=2)
    with app.app_context(), database.session_scope() as session:
        ids = [save(session, external_id=f"p-{n}") for n in range(3)]
        kept = cache.get(session, ids[:2])
        cache.get(session, [ids[0]])  # now the most recently used
        cache.get(session, [ids[2]])  # pushes out ids[1]
        assert cache.get(session, [ids[0]])[ids[0]] is kept[ids[0]]
        assert cache.get(session, [ids[1]])[ids[1]] is not kept[ids[1]]
