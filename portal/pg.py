"""psycopg (PostgreSQL's driver) doing less for the portal's statements on every execution.

Two things it redoes for every statement, measured under valgrind on the report page (7.14 -> 6.39 M
instructions, with both):

- ``cursor.description`` makes a ``Column`` object per result column, each asking libpq for the name, type and
  sizes: SQLAlchemy asks for it after every execution, but once it has seen a statement's result it only checks
  that there is one (its result metadata is kept with the compiled statement). ``Cursor`` gives a description that
  makes the columns when something reads them.
- psycopg keeps a query's conversion (its placeholders found, the text encoded) only for queries of up to 4,096
  characters, so that ad hoc statements cannot fill its memo; a page's statements here are built once and the
  longest (``portal.rows.Parts``, one per page) are 5,000-9,000 characters, parsed again on every execution
  without it. ``keep_long_queries`` raises the limit; the memo stays bounded (psycopg keeps 128 queries).
"""
from __future__ import annotations

from collections.abc import Sequence

import psycopg
from psycopg import _queries
from sqlalchemy import event
from sqlalchemy.engine import Engine

LONGEST_KEPT_QUERY = 16_384  # characters


class _Description(Sequence):
    """A result's ``cursor.description``, made when first read (it belongs to the result it was given for, even if
    the cursor has run another statement since)."""

    __slots__ = ("_cursor", "_result", "_made")

    def __init__(self, cursor: psycopg.Cursor, result) -> None:
        self._cursor, self._result, self._made = cursor, result, None

    def _columns(self) -> list:
        if self._made is None:
            current = self._cursor.pgresult
            self._cursor.pgresult = self._result
            try:
                self._made = psycopg.Cursor.description.fget(self._cursor)
            finally:
                self._cursor.pgresult = current
        return self._made

    def __len__(self) -> int:
        return self._result.nfields

    def __getitem__(self, index):
        return self._columns()[index]

    def __iter__(self):
        return iter(self._columns())

    def __eq__(self, other) -> bool:
        return list(self) == other

    def __repr__(self) -> str:
        return repr(self._columns())


class Cursor(psycopg.Cursor):
    """psycopg's cursor whose ``description`` is made when read (``_Description``)."""

    @property
    def description(self):
        result = self.pgresult
        if result is None or not result.nfields:
            return super().description  # None, or psycopg's own answer for a result without columns
        return _Description(self, result)


def keep_long_queries(length: int = LONGEST_KEPT_QUERY) -> None:
    """Let psycopg keep the conversion of queries up to ``length`` characters (see the module's docstring)."""
    if getattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", length) < length:
        _queries.MAX_CACHED_STATEMENT_LENGTH = length


def configure(engine: Engine) -> None:
    """An engine on psycopg (version 3): its connections make ``Cursor`` cursors; long queries are kept."""
    if engine.dialect.driver != "psycopg":
        return
    keep_long_queries()

    @event.listens_for(engine, "connect")
    def _cursors(dbapi_connection, _record) -> None:
        dbapi_connection.cursor_factory = Cursor
