"""Large reads streamed in chunks (on PostgreSQL through a binary cursor) give the rows a plain
query gives, in its order."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from web import database
from web.models import Profile, SectionVector
from web.services.embeddings import current_vectors, vectors_by_record
from web.services.streamed_rows import streamed_rows

from . import test_matching

pytestmark = pytest.mark.slow

indexed = test_matching.indexed  # six profiles and two listings, indexed


def vector_rows(model: str):
    return (
        select(
            SectionVector.id, SectionVector.profile_id, SectionVector.section, SectionVector.vector
        )
        .where(SectionVector.model == model, SectionVector.profile_id.is_not(None))
        .order_by(SectionVector.id)
    )


def test_streamed_rows_are_the_query_rows_in_chunks(indexed):
    with indexed.app_context(), database.session_scope() as session:
        model = session.scalar(select(SectionVector.model).limit(1))
        expected = [tuple(row) for row in session.execute(vector_rows(model))]
        chunks = [list(chunk) for chunk in streamed_rows(session, vector_rows(model), 4)]
    assert len(chunks) > 1 and all(0 < len(chunk) <= 4 for chunk in chunks)
    streamed = [tuple(row) for chunk in chunks for row in chunk]
    assert streamed == expected
    assert all(isinstance(row[3], bytes) and len(row[3]) == 384 * 4 for row in streamed)


def test_a_stream_left_early_leaves_the_session_usable(indexed):
    with indexed.app_context(), database.session_scope() as session:
        model = session.scalar(select(SectionVector.model).limit(1))
        chunks = streamed_rows(session, vector_rows(model), 2)
        first = next(chunks)
        chunks.close()
        # A second stream on the same connection: the first one's cursor is closed.
        again = next(streamed_rows(session, vector_rows(model), 2))
        assert [tuple(row) for row in again] == [tuple(row) for row in first]
        assert session.scalar(select(SectionVector.id).order_by(SectionVector.id).limit(1))


def test_all_current_vectors_equal_those_read_record_by_record(indexed):
    with indexed.app_context(), database.session_scope() as session:
        model = session.scalar(select(SectionVector.model).limit(1))
        batches = list(current_vectors(session, "profiles", model, batch=5))
        profile_ids = list(session.scalars(select(Profile.id)))
        by_record = vectors_by_record(session, "profiles", model, profile_ids)
    ids = np.concatenate([batch.ids for batch in batches])
    assert ids.tolist() == sorted(ids.tolist()) and len(ids) > 5
    read_in_full = {}
    for batch in batches:
        for owner, section, vector in zip(
            batch.records, batch.sections, batch.vectors, strict=True
        ):
            read_in_full.setdefault(int(owner), []).append((section, vector))
    assert sorted(read_in_full) == sorted(by_record)
    for owner, sections in by_record.items():
        assert [name for name, _ in read_in_full[owner]] == [name for name, _ in sections]
        assert np.array_equal(
            np.stack([v for _, v in read_in_full[owner]]), np.stack([v for _, v in sections])
        )
