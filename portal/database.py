"""Database engine settings (SQLite gets WAL, foreign keys and a busy timeout) and the app's session: requests
that only read (GET, HEAD, OPTIONS) read without a transaction and may not write."""
from __future__ import annotations

import time
from weakref import WeakKeyDictionary

from flask import Flask, has_request_context, request
from flask_sqlalchemy.session import Session
from sqlalchemy import CompoundSelect, Select, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.sql import ColumnElement

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _autocommit_while_reading(dbapi_connection, _record, _proxy) -> None:
    """PostgreSQL: a connection taken by a request that only reads is in autocommit, so a page's queries need no
    BEGIN and ROLLBACK round trips; any other is not. Each statement then sees what is committed when it starts,
    as it does inside a READ COMMITTED transaction (SQLite begins a transaction only to write anyway). Switched
    only when the kind of request changes: pages in a row keep their connections as they are, instead of paying
    SQLAlchemy's isolation-level change and reset on every checkout (about 0.4 M instructions a page)."""
    wanted = reading()
    if dbapi_connection.autocommit != wanted:
        dbapi_connection.autocommit = wanted


def reading() -> bool:
    return has_request_context() and request.method in SAFE_METHODS


class WriteWhileReading(RuntimeError):
    """A GET (HEAD, OPTIONS) request tried to change the database: without a transaction it would stick."""


_COLUMNS_ONLY: WeakKeyDictionary = WeakKeyDictionary()
_SELECTS = (Select, CompoundSelect)


def _columns_only(statement) -> bool:
    """A SELECT of columns and expressions, no mapped class: nothing for the ORM to load. Asked once per
    statement: most are built once and run on every page."""
    found = _COLUMNS_ONLY.get(statement)
    if found is None:
        if type(statement) is CompoundSelect:  # a UNION (portal.rows.Parts): of such SELECTs only
            found = all(type(part) is Select and _columns_only(part) for part in statement.selects)
        else:
            columns = getattr(statement, "_raw_columns", None)  # absent in another SQLAlchemy: the ORM's path
            found = bool(columns) and all(isinstance(c, ColumnElement) for c in columns)
        _COLUMNS_ONLY[statement] = found
    return found


class PortalSession(Session):
    """The app's one database (no bind keys, so without Flask-SQLAlchemy's per-query search for one).

    A reading request's SELECT of plain columns goes straight to the session's connection: the ORM would only
    hand it over, at about the cost of a small query itself (most of a page's queries read columns). The rows
    are the same; entities, a POST's queries and any query with something to flush first keep the ORM's path."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self._db.engine

    def execute(self, statement, params=None, **options):
        if self._plain_read(statement, options):
            return self.connection().execute(statement, params)
        return super().execute(statement, params, **options)

    def scalar(self, statement, params=None, **options):
        if self._plain_read(statement, options):
            return self.connection().scalar(statement, params)
        return super().scalar(statement, params, **options)

    def scalars(self, statement, params=None, **options):
        if self._plain_read(statement, options):
            return self.connection().execute(statement, params).scalars()
        return super().scalars(statement, params, **options)

    def _plain_read(self, statement, options: dict) -> bool:
        # Pending changes keep the ORM's path, whose autoflush meets the write guard below.
        return (type(statement) in _SELECTS and not any(options.values()) and reading()
                and not (self.new or self.dirty or self.deleted) and _columns_only(statement))


@event.listens_for(PortalSession, "before_flush")
def _no_flush_when_reading(session, _context, _instances) -> None:
    # Also catches an object changed only for display: autoflush would otherwise write it for good.
    if reading():
        raise WriteWhileReading(f"{request.method} {request.path} changed {len(session.new) + len(session.dirty)}"
                                f" object(s) and deleted {len(session.deleted)}: writes belong in POST handlers")


@event.listens_for(PortalSession, "do_orm_execute")
def _no_statement_writes_when_reading(state) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and reading():
        raise WriteWhileReading(f"{request.method} {request.path} ran an INSERT, UPDATE or DELETE: writes "
                                f"belong in POST handlers")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def ping_when_idle(engine: Engine, after: float) -> None:
    """Test a pooled connection before use only when it has been idle more than ``after`` seconds.

    SQLAlchemy's pool_pre_ping costs a round trip on every request; a connection in constant use is known to be
    alive (and if the server goes away under load, the request that meets it gets the 503 that keeps the form,
    and the pool starts afresh)."""

    def checked_in(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    def checked_out(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since <= after:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError("the pooled connection is gone") from error  # the pool connects anew

    event.listen(engine, "checkin", checked_in)
    event.listen(engine, "checkout", checked_out)


def configure(app: Flask) -> None:
    from portal.extensions import db

    with app.app_context():
        engine: Engine = db.engine
        if getattr(engine, "_portal_configured", False):
            return
        engine._portal_configured = True  # type: ignore[attr-defined]
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            return
        if engine.dialect.name == "postgresql":
            from portal import pg

            event.listen(engine, "checkout", _autocommit_while_reading)
            pg.configure(engine)
        if not app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping"):
            ping_when_idle(engine, app.config["DATABASE_PING_AFTER_IDLE"])
