"""Requests that only read (GET, HEAD) run without a transaction and cannot write; POSTs keep theirs.

On PostgreSQL a reading request's connection is in autocommit, which saves the BEGIN and ROLLBACK round trips of
every page; the price would be that a write there sticks at once, so any write in such a request is refused."""
from __future__ import annotations

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import select, text, update

from portal.database import WriteWhileReading
from portal.extensions import db
from portal.models import Employee


@pytest.fixture
def probe(app):
    """Routes that report their connection's state and try each kind of write; errors reach the test."""
    app.config["PROPAGATE_EXCEPTIONS"] = True
    seen: dict = {}

    def state():
        seen["name"] = db.session.scalar(select(Employee.name).order_by(Employee.id).limit(1))
        driver = db.session.connection().connection.driver_connection
        if db.engine.dialect.name == "postgresql":  # after a query: is the server holding a transaction open?
            seen["in_transaction"] = driver.info.transaction_status != TransactionStatus.IDLE
        else:
            seen["in_transaction"] = driver.in_transaction
        return "ok"

    def rename_object():
        db.session.scalars(select(Employee).order_by(Employee.id).limit(1)).first().name = "Diubah lewat GET"
        db.session.scalar(select(Employee.id).limit(1))  # autoflush
        return "written"

    def rename_statement():
        db.session.execute(update(Employee).values(name="Diubah lewat GET"))
        return "written"

    def rename_and_commit():
        db.session.scalars(select(Employee).order_by(Employee.id).limit(1)).first().name = "Diubah lewat POST"
        db.session.commit()
        return "written"

    app.add_url_rule("/probe/state", "probe_state", state, methods=["GET", "POST"])
    app.add_url_rule("/probe/object", "probe_object", rename_object, methods=["GET", "HEAD"])
    app.add_url_rule("/probe/statement", "probe_statement", rename_statement, methods=["GET"])
    app.add_url_rule("/probe/commit", "probe_commit", rename_and_commit, methods=["GET", "POST"])
    app.config["WTF_CSRF_ENABLED"] = False
    return seen


def _first_name() -> str:
    db.session.expire_all()
    return db.session.scalar(select(Employee.name).order_by(Employee.id).limit(1))


@pytest.mark.parametrize("path,method", [("/probe/object", "get"), ("/probe/object", "head"),
                                         ("/probe/statement", "get"), ("/probe/commit", "get")])
def test_a_reading_request_cannot_write(app, client, org, probe, path, method):
    before = _first_name()
    with pytest.raises(WriteWhileReading, match="POST"):
        getattr(client, method)(path)
    assert _first_name() == before, "nothing of the refused write reached the database"


def test_a_post_writes_in_its_transaction(app, client, org, probe):
    assert client.post("/probe/commit").status_code == 200
    assert _first_name() == "Diubah lewat POST"


def test_reading_requests_hold_no_transaction(app, client, org, probe, backend):
    """A page's queries leave no transaction open (on PostgreSQL: no BEGIN/ROLLBACK); a POST's run in one."""
    assert client.get("/probe/state").status_code == 200
    assert probe["name"] == _first_name()
    assert probe["in_transaction"] is False
    if backend == "postgresql":  # (SQLite begins only before a write, in any request)
        assert client.post("/probe/state").status_code == 200
        assert probe["in_transaction"] is True


def test_reading_requests_see_what_was_committed_meanwhile(app, client, org, probe):
    """No snapshot is held between requests (or statements): the next page shows the last commit."""
    assert client.get("/probe/state").status_code == 200
    db.session.execute(text("UPDATE employee SET name = 'Sesudah' WHERE id = (SELECT min(id) FROM employee)"))
    db.session.commit()
    assert client.get("/probe/state").status_code == 200
    assert probe["name"] == "Sesudah"


@pytest.fixture
def reads(app):
    """A route that reads the same columns four ways and an entity, recording which went through the ORM."""
    app.config["PROPAGATE_EXCEPTIONS"] = True
    app.config["WTF_CSRF_ENABLED"] = False
    seen: dict = {"orm": []}

    def listener(state):
        seen["orm"].append(type(state.statement).__name__ + (" columns" if state.is_select and all(
            d["expr"] is not d["entity"] for d in state.statement.column_descriptions) else ""))

    def read():
        columns = select(Employee.id, Employee.name).order_by(Employee.id)
        seen["rows"] = [tuple(row) for row in db.session.execute(columns)]
        seen["scalar"] = db.session.scalar(select(Employee.name).order_by(Employee.id).limit(1))
        seen["scalars"] = list(db.session.scalars(select(Employee.id).order_by(Employee.id)))
        seen["entity"] = db.session.scalars(select(Employee).order_by(Employee.id).limit(1)).first()
        seen["entity_name"] = seen["entity"].name
        return "ok"

    app.add_url_rule("/probe/read", "probe_read", read, methods=["GET", "POST"])
    from sqlalchemy import event as sa_event
    from portal.database import PortalSession
    sa_event.listen(PortalSession, "do_orm_execute", listener)
    yield seen
    sa_event.remove(PortalSession, "do_orm_execute", listener)


def test_a_reading_request_reads_columns_on_its_connection_with_the_same_rows(app, client, org, reads):
    assert client.post("/probe/read").status_code == 200  # a POST: every query through the ORM
    through_orm = {key: reads[key] for key in ("rows", "scalar", "scalars", "entity_name")}
    assert len(reads["orm"]) == 4 and sum(kind.endswith("columns") for kind in reads["orm"]) == 3
    reads["orm"].clear()

    assert client.get("/probe/read").status_code == 200
    assert {key: reads[key] for key in ("rows", "scalar", "scalars", "entity_name")} == through_orm
    assert through_orm["rows"] and through_orm["scalars"] == [row[0] for row in through_orm["rows"]]
    assert reads["orm"] == ["Select"], "only the entity went through the ORM"
    assert isinstance(reads["entity"], Employee)
