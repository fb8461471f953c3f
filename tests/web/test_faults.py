"""The database goes away and comes back: users get a clear 503 that keeps what they typed, nothing is
half-written, and the running app serves again without a restart.

On SQLite the database directory is moved away; on PostgreSQL a database of its own stops accepting
connections and its sessions are terminated, as in a failover or a restart."""
from __future__ import annotations

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from portal.extensions import db
from portal.models import Assignment, Response
from tests import factories
from tests.conftest import BACKENDS, PG_URL, Browser, IsolatedClient, base_config


class SqliteOutage:
    def __init__(self, tmp_path):
        self.folder = tmp_path / "data"
        self.folder.mkdir()
        self.url = f"sqlite:///{self.folder / 'portal.sqlite3'}"

    def cut(self):
        self.folder.rename(self.folder.with_name("data-away"))

    def restore(self):
        self.folder.with_name("data-away").rename(self.folder)

    def drop(self):
        pass


class PostgresOutage:
    def __init__(self, tmp_path):
        self.name = f"fault_{uuid.uuid4().hex[:12]}"
        self.admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = make_url(PG_URL).set(database=self.name).render_as_string(hide_password=False)

    def _run(self, *statements):
        with self.admin.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))

    def cut(self):
        self._run(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false',
                  f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{self.name}'")

    def restore(self):
        self._run(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')

    def drop(self):
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(params=BACKENDS)
def outage(request, tmp_path, monkeypatch):
    from portal import create_app

    fault = (SqliteOutage if request.param == "sqlite" else PostgresOutage)(tmp_path)
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app(base_config(SQLALCHEMY_DATABASE_URI=fault.url))
    application.test_client_class = IsolatedClient
    try:
        with application.app_context():
            db.create_all()
            org = factories.small_org()
            extra = [factories.employee(org.unit, f"Rekan {i}") for i in range(2)]
            db.session.commit()
            cycle = factories.running_cycle(org, peers={org.reports[0]: [org.reports[1], org.reports[2], *extra]})
            fault.app, fault.org, fault.cycle = application, org, cycle
            fault.browser = Browser(application.test_client())
            yield fault
            db.session.remove()
            db.engine.dispose()
    finally:
        fault.drop()


def _disconnect_test_session():
    """The test's own session lets go of its connection, so only the requests meet the outage."""
    db.session.remove()
    if db.engine.dialect.name == "sqlite":
        db.engine.dispose()  # open SQLite files survive a rename; new connections do not


def test_a_lost_database_gives_a_503_that_keeps_the_form_and_the_app_recovers(outage):
    browser, org = outage.browser, outage.org
    item = db.session.scalar(select(Assignment.id).filter_by(cycle_id=outage.cycle.id, subject_id=org.reports[0].id,
                                                            rater_id=org.reports[1].id, source="peer"))
    browser.login(org.reports[1].nip)
    page = browser.get(f"/tasks/{item}").get_data(as_text=True)
    answers = {name: "4" for name in set(re.findall(r'name="(answer-\d+)"', page))}
    answers["strengths"] = "Sabar melayani warga"
    token = browser.token()
    _disconnect_test_session()
    outage.cut()

    saved = browser.post(f"/tasks/{item}/draft", answers, htmx=True)
    body = saved.get_data(as_text=True)
    assert saved.status_code == 503 and saved.headers["Retry-After"] == "30"
    assert saved.headers["HX-Retarget"] == "#flashes" and "<html" not in body, "the form on the page stays"
    assert "Basis data sedang tidak dapat dihubungi" in body and "Traceback" not in body

    sent = browser.post(f"/tasks/{item}/submit", answers)
    html = sent.get_data(as_text=True)
    assert sent.status_code == 503 and "<html" in html and "Layanan sementara tidak tersedia" in html
    assert browser.get("/tasks/").status_code == 503

    outage.restore()
    assert browser.get("/tasks/").status_code == 200, "the same app serves again without a restart"
    assert browser.token() == token, "the user is still signed in"
    assert browser.post(f"/tasks/{item}/submit", answers).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_the_503_page_is_in_english_for_english_users(outage):
    nip = outage.org.reports[0].nip
    outage.browser.client.set_cookie("lang", "en")
    outage.browser.get("/auth/login")
    _disconnect_test_session()
    outage.cut()
    response = outage.browser.post("/auth/login", {"identifier": nip, "password": factories.PASSWORD})
    outage.restore()
    assert response.status_code == 503 and "Service temporarily unavailable" in response.get_data(as_text=True)



def test_many_users_during_the_outage_all_get_503_and_all_get_served_after_it(outage):
    people = [outage.org.supervisor, *outage.org.reports]
    browsers = []
    for person in people:
        browser = Browser(outage.app.test_client())
        browser.login(person.nip)
        browsers.append(browser)
    _disconnect_test_session()

    def load() -> list[int]:
        """Every user at once, each reloading their task list three times (one client per thread)."""
        with ThreadPoolExecutor(len(browsers)) as pool:
            rounds = pool.map(lambda b: [b.get("/tasks/").status_code for _ in range(3)], browsers)
            return [status for statuses in rounds for status in statuses]

    outage.cut()
    during = load()
    outage.restore()
    after = load()
    assert during == [503] * len(during) and after == [200] * len(after)


if PG_URL:  # only a server can restart under a pooled connection

    @pytest.mark.parametrize("ping_after,first_status", [(0, 200), (3600, 503)])
    def test_a_connection_that_died_while_idle_is_replaced_unseen(tmp_path, monkeypatch, ping_after, first_status):
        """The database restarts while the worker's pooled connection waits. A connection idle longer than
        DATABASE_PING_AFTER_IDLE is tested before use and replaced, so the user sees nothing; without the test
        (a busy worker) the one request that meets the dead connection gets the 503 and the next is served."""
        from portal import create_app

        fault = PostgresOutage(tmp_path)
        monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
        application = create_app(base_config(SQLALCHEMY_DATABASE_URI=fault.url, DATABASE_PING_AFTER_IDLE=ping_after))
        application.test_client_class = IsolatedClient
        try:
            with application.app_context():
                db.create_all()
                org = factories.small_org()
                browser = Browser(application.test_client())
                browser.login(org.reports[0].nip)
                assert browser.get("/tasks/").status_code == 200
                db.session.remove()
                fault._run(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{fault.name}'")
                statuses = [browser.get("/tasks/").status_code for _ in range(2)]
                assert statuses == [first_status, 200]
                db.session.remove()
                db.engine.dispose()
        finally:
            fault.drop()
