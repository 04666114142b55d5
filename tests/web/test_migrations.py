"""Migrations: `upgrade head` on an empty database, and no drift between models and migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from web import database, schema
from web.models import Base


def test_upgrade_head_on_empty_database_then_autogenerate_finds_nothing(empty_database_url):
    engine = database.make_engine(empty_database_url())
    assert schema.current_revision(engine) is None

    assert schema.upgrade(engine) is True

    assert schema.current_revision(engine) == schema.head_revision()
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_upgrade_is_a_no_op_when_current(empty_database_url):
    engine = database.make_engine(empty_database_url())
    schema.upgrade(engine)

    assert schema.upgrade(engine) is False
    engine.dispose()
