"""What SQL a piece of a test ran, for tests that count a page's statements."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from portal.extensions import db


@contextmanager
def recorded() -> Iterator[list[str]]:
    """The statements the app's engine runs inside the block, in order."""
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_rest) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


@contextmanager
def invoked() -> Iterator[list]:
    """The statement objects (not their SQL) the app's engine is asked to run inside the block, in order."""
    seen: list = []

    def listener(_conn, statement, *_rest) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_execute", listener)
