"""Streaming a large query's rows in chunks; on PostgreSQL in the binary protocol, where a
vector's 1,536 bytes arrive as they are instead of as 3,072 hex digits to decode."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Select
from sqlalchemy.orm import Session

_CURSOR_NAME = "tb_streamed_rows"


def streamed_rows(session: Session, query: Select, chunk: int) -> Iterator[Sequence[tuple]]:
    """Yield the rows of `query` as tuples, `chunk` at a time, without holding them all."""
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql" or dialect.driver != "psycopg":
        yield from connection.execute(query.execution_options(yield_per=chunk)).partitions(chunk)
        return
    # Read at a million profiles, 6.75M vectors took 130 s through SQLAlchemy's text rows;
    # a binary server-side cursor reads the same rows 2.3 times as fast.
    compiled = query.compile(dialect=dialect)
    with connection.connection.driver_connection.cursor(_CURSOR_NAME, binary=True) as cursor:
        cursor.itersize = chunk
        cursor.execute(str(compiled), compiled.params)
        while rows := cursor.fetchmany(chunk):
            yield rows
