"""Writing many rows at once: PostgreSQL's COPY for large batches, executemany otherwise; same transaction."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, text

from portal.extensions import db

COPY_FROM = 1000  # fewer rows are not worth a COPY


def insert_rows(model, rows: list[dict], core: bool = False) -> None:
    """Insert ``rows`` (dicts with the same keys, which are column names) into ``model``'s table.

    ``core`` skips the ORM's per-row work where no ORM behaviour is needed (plain columns, no events)."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql" and len(rows) > COPY_FROM:
        # COPY is several times faster than multi-row INSERTs; Python-side column defaults are not applied.
        columns = list(rows[0])
        try:
            block = _copy_block(rows, columns)
        except TypeError:  # a value of another kind: psycopg adapts each one
            block = None
        with connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {model.__table__.name} ({', '.join(columns)}) FROM STDIN") as copy:
                if block is not None:
                    copy.write(block)
                else:
                    for row in rows:
                        copy.write_row([row[column] for column in columns])
        return
    statement = model.__table__.insert() if core else insert(model)
    for start in range(0, len(rows), 5000):
        db.session.execute(statement, rows[start:start + 5000])


def chunks(rows: Sequence, size: int) -> Iterator[Sequence]:
    """``rows`` a ``size`` at a time (the last chunk may be shorter)."""
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def in_order(executor: Executor, calls: Iterable[tuple], workers: int) -> Iterator:
    """The result of each call (a function and its arguments) on ``executor``, in order, with at most
    ``workers + 1`` calls given out at once: their results are all that is in memory."""
    pending: deque[Future] = deque()
    for function, *args in calls:
        pending.append(executor.submit(function, *args))
        if len(pending) > workers:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def analyze(models) -> None:
    """After rows arrived in bulk: PostgreSQL's planner learns how many (autovacuum would, minutes later, or never
    for a table that grew by less than a tenth). Commits. SQLite's planner keeps no statistics unless asked."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    db.session.execute(text("ANALYZE " + ", ".join(model.__table__.name for model in models)))
    db.session.commit()


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _copy_value(value) -> str:
    """One value in COPY's text format; TypeError for a kind left to psycopg."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        return value.translate(_COPY_ESCAPES)
    if kind is bool:
        return "t" if value else "f"
    if kind is int or kind is Decimal:
        return str(value)
    if isinstance(value, date):  # also a datetime
        return value.isoformat()
    raise TypeError(kind)


def _copy_block(rows: list[dict], columns: list[str]) -> str:
    """The rows as COPY text (tab-separated, one line each): one write instead of psycopg adapting every value
    (a close copies a few hundred thousand rows)."""
    return "".join("\t".join([_copy_value(row[column]) for column in columns]) + "\n" for row in rows)

