"""Requests that only read (GET, HEAD) run without a transaction and cannot write; POSTs keep theirs.

On PostgreSQL a reading request's connection is in autocommit, which saves the BEGIN and ROLLBACK round trips of
every page; the price would be that a write there sticks at once, so any write in such a request is refused."""
from __future__ import annotations

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import Select, select, text, union_all, update

from portal.database import WriteWhileReading
from portal.extensions import db
from portal.models import Employee, Unit


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


def test_connections_change_to_autocommit_only_when_the_kind_of_request_changes(app, client, org, probe, backend,
                                                                                 monkeypatch):
    """PostgreSQL: a page's connection is in autocommit and a POST's is not, and pages in a row leave their
    connection as it is instead of switching it and back on every checkout. SQLite's connections are never
    switched (it begins a transaction only to write)."""
    import psycopg

    switches: list[bool] = []
    autocommit = psycopg.Connection.autocommit
    monkeypatch.setattr(psycopg.Connection, "autocommit", property(
        autocommit.fget, lambda conn, value: (switches.append(value), autocommit.fset(conn, value))))
    db.session.remove()
    db.engine.dispose()  # one connection from here on, made afresh (not in autocommit)
    states = []
    for method in ("get", "get", "get", "post", "get"):
        assert getattr(client, method)("/probe/state").status_code == 200
        states.append(probe["in_transaction"])
    if backend == "postgresql":
        assert switches == [True, False, True]
        assert states == [False, False, False, True, False]
    else:
        assert switches == [] and states == [False] * 5


def test_reading_requests_see_what_was_committed_meanwhile(app, client, org, probe):
    """No snapshot is held between requests (or statements): the next page shows the last commit."""
    assert client.get("/probe/state").status_code == 200
    db.session.execute(text("UPDATE employee SET name = 'Sesudah' WHERE id = (SELECT min(id) FROM employee)"))
    db.session.commit()
    assert client.get("/probe/state").status_code == 200
    assert probe["name"] == "Sesudah"


@pytest.fixture
def reads(app):
    """A route that reads the same columns four ways, a UNION of columns and an entity, recording which went
    through the ORM."""
    app.config["PROPAGATE_EXCEPTIONS"] = True
    app.config["WTF_CSRF_ENABLED"] = False
    seen: dict = {"orm": []}

    def listener(state):
        seen["orm"].append(type(state.statement).__name__ + (" columns" if isinstance(state.statement, Select) and all(
            d["expr"] is not d["entity"] for d in state.statement.column_descriptions) else ""))

    def read():
        columns = select(Employee.id, Employee.name).order_by(Employee.id)
        seen["rows"] = [tuple(row) for row in db.session.execute(columns)]
        seen["scalar"] = db.session.scalar(select(Employee.name).order_by(Employee.id).limit(1))
        seen["scalars"] = list(db.session.scalars(select(Employee.id).order_by(Employee.id)))
        seen["union"] = sorted(tuple(row) for row in db.session.execute(
            union_all(select(Employee.id, Employee.name), select(Unit.id, Unit.name))))
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
    through_orm = {key: reads[key] for key in ("rows", "scalar", "scalars", "union", "entity_name")}
    assert len(reads["orm"]) == 5 and sum(kind.endswith("columns") for kind in reads["orm"]) == 3
    assert "CompoundSelect" in reads["orm"]
    reads["orm"].clear()

    assert client.get("/probe/read").status_code == 200
    assert {key: reads[key] for key in ("rows", "scalar", "scalars", "union", "entity_name")} == through_orm
    assert through_orm["rows"] and through_orm["scalars"] == [row[0] for row in through_orm["rows"]]
    assert reads["orm"] == ["Select"], "only the entity went through the ORM"
    assert isinstance(reads["entity"], Employee)


@pytest.fixture
def whoami(app):
    """A route recording the signed-in account as the request sees it."""
    app.config["PROPAGATE_EXCEPTIONS"] = True
    app.config["WTF_CSRF_ENABLED"] = False
    seen: dict = {}

    def me():
        from flask_login import current_user

        from portal.security import current_roles

        user = current_user._get_current_object()
        employee = user.employee
        seen.update(type=type(user), id=user.get_id(), name=user.name, roles=user.roles, locale=user.locale,
                    must_change=user.must_change_password, employee_id=user.employee_id,
                    effective=current_roles(), unit=employee.unit.name if employee is not None else None,
                    employee={c: getattr(employee, c) for c in ("id", "nip", "name", "unit_id", "supervisor_id",
                                                                "active")} if employee is not None else None)
        return "ok"

    app.add_url_rule("/probe/me", "probe_me", me, methods=["GET", "POST"])
    return seen


def _account_of(employee):
    from portal.models import User

    return db.session.scalar(select(User).where(User.employee_id == employee.id))


def test_a_reading_request_has_the_account_without_the_orm(app, browser, org, whoami):
    """A GET gets the account's columns, roles and employee (without the ORM's loading); a POST the ORM's User;
    both tell the same about the account, and a relationship is still there when a page asks for it."""
    from portal.models import User
    from portal.security import ReadingAccount

    browser.login(org.supervisor.nip)
    assert browser.client.post("/probe/me").status_code == 200
    posted = dict(whoami)
    assert posted["type"] is User
    assert browser.get("/probe/me").status_code == 200
    assert whoami["type"] is ReadingAccount
    assert {k: v for k, v in whoami.items() if k != "type"} == {k: v for k, v in posted.items() if k != "type"}
    assert whoami["roles"] == frozenset() and "supervisor" in whoami["effective"], "leads a team of three"
    assert whoami["unit"] == "Dinas Kesehatan" and whoami["employee"]["nip"] == org.supervisor.nip


def test_a_reading_request_knows_an_accounts_roles(app, browser, org, whoami):
    browser.login(org.hr.nip)
    assert browser.get("/probe/me").status_code == 200
    assert whoami["type"].__name__ == "ReadingAccount" and whoami["roles"] == frozenset({"hr_admin"})
    assert "supervisor" not in whoami["effective"]


@pytest.mark.parametrize("change", ["password", "deactivate_account", "deactivate_employee"])
def test_a_reading_request_refuses_an_account_that_changed(app, browser, org, whoami, change):
    """A password set elsewhere (a new epoch) or a deactivated account or employee signs the session out on
    the next page, as on a POST."""
    browser.login(org.reports[0].nip)
    assert browser.get("/probe/me").status_code == 200
    user = _account_of(org.reports[0])
    if change == "password":
        user.set_password("Kata-sandi-baru-2026")
    elif change == "deactivate_account":
        user.active = False
    else:
        user.employee.active = False
    db.session.commit()
    response = browser.get("/reports/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
