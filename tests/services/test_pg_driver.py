"""psycopg doing less per statement (portal.pg): a description made when read, long queries' conversions kept.
On SQLite nothing of it applies, and the tests check that it is not applied."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import psycopg
from psycopg import _queries
from sqlalchemy import literal, select, text

from portal import pg
from portal.extensions import db

QUERY = ("SELECT 1::integer AS whole, 'x'::varchar(12) AS word, 2.50::numeric(4, 2) AS score, "
         "DATE '2026-12-05' AS day, NULL::boolean AS flag")


def _driver_cursor():
    return db.session.connection().connection.driver_connection.cursor()


def test_a_description_made_when_read_is_psycopgs_own(app, backend):
    cursor = _driver_cursor()
    if backend == "sqlite":
        assert not isinstance(cursor, psycopg.Cursor)
        return
    assert type(cursor) is pg.Cursor
    cursor.execute(QUERY)
    lazy = cursor.description
    own = psycopg.Cursor.description.fget(cursor)
    assert len(lazy) == 5 and bool(lazy)
    assert [tuple(column) for column in lazy] == [tuple(column) for column in own]
    assert [column.name for column in lazy] == ["whole", "word", "score", "day", "flag"]
    assert cursor.fetchall() == [(1, "x", Decimal("2.50"), date(2026, 12, 5), None)]
    before = cursor.description
    cursor.execute("SELECT 'y' AS other")
    # Read after the cursor moved on: still the result it was given for.
    assert [column.name for column in before] == ["whole", "word", "score", "day", "flag"]
    assert [column.name for column in cursor.description] == ["other"]
    cursor.execute("SET LOCAL work_mem = '8MB'")
    assert cursor.description is None


def test_results_through_sqlalchemy_keep_their_columns(app, backend):
    statement = select(literal(1).label("whole"), literal("x").label("word"), literal(date(2026, 12, 5)).label("day"))
    for _ in range(2):  # the second time with SQLAlchemy's kept result metadata
        result = db.session.execute(statement)
        assert list(result.keys()) == ["whole", "word", "day"]
        row = result.one()
        assert row.word == "x" and row._mapping["day"] == date(2026, 12, 5) and row[0] == 1


def test_long_queries_are_converted_once(app, backend):
    long_query = "SELECT :a AS a" + " " * 6000 + ", 'pad' AS b"
    assert len(long_query) > 4096  # psycopg's own limit for what it keeps
    if backend == "sqlite":
        assert db.session.execute(text(long_query), {"a": 1}).one() == (1, "pad")
        return
    assert _queries.MAX_CACHED_STATEMENT_LENGTH >= pg.LONGEST_KEPT_QUERY
    db.session.execute(text(long_query), {"a": 1}).one()
    hits = _queries._query2pg.cache_info().hits
    assert db.session.execute(text(long_query), {"a": 2}).one() == (2, "pad")
    assert _queries._query2pg.cache_info().hits == hits + 1
