"""Shared fixtures. Database-backed tests run on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL
(one schema per xdist worker, tables truncated between tests)."""
from __future__ import annotations

import os
import re
import threading

import pytest
from flask import has_app_context
from hypothesis import settings
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from tests import factories

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
if PG_URL.startswith("postgresql://"):
    PG_URL = "postgresql+psycopg://" + PG_URL[len("postgresql://"):]
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])

# `make test` explores the same examples on every run, so CI is repeatable; `make fuzz` draws new ones.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", max_examples=500, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _worker(request) -> str:
    """Unique per pytest run and xdist worker, so concurrent runs never share a PostgreSQL schema."""
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8] or str(os.getpid())
    return f"{run}_{worker}"


def pg_schema_url(schema: str) -> tuple[str, dict]:
    """An URL and engine options that put every table into ``schema``."""
    return PG_URL, {"connect_args": {"options": f"-csearch_path={schema}"}}


def reset_pg_schema(schema: str, drop_only: bool = False) -> None:
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        if not drop_only:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


@pytest.fixture(scope="session")
def _pg_schema(request):
    if not PG_URL:
        yield None
        return
    schema = f"t_{_worker(request)}"
    reset_pg_schema(schema)
    yield {"schema": schema, "created": False}
    reset_pg_schema(schema, drop_only=True)


class IsolatedClient(FlaskClient):
    """Runs each request in its own thread, so it gets its own app context, ``g`` and database session,
    as in production, even though the test itself holds an app context for its own queries.

    The test's pending changes are committed before the request, and its session starts a fresh
    transaction afterwards, so it sees what the request wrote."""

    def open(self, *args, **kwargs):
        from portal.extensions import db

        if not has_app_context():  # a redirect followed inside the request thread
            return super().open(*args, **kwargs)
        db.session.commit()
        outcome: dict = {}

        def run():
            try:
                outcome["response"] = super(IsolatedClient, self).open(*args, **kwargs)
            except BaseException as error:  # re-raised in the test's thread
                outcome["error"] = error

        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
        db.session.expire_all()
        db.session.commit()
        if "error" in outcome:
            raise outcome["error"]
        return outcome["response"]


def base_config(**extra) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "RATELIMIT_STORAGE_URI": "memory://",
        "WTF_CSRF_ENABLED": True,
        "SERVER_NAME": None,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; production uses scrypt
        "PUBLIC_MIN_FILL_SECONDS": 0,  # the minimum-fill-time test sets its own
    }
    config.update(extra)
    return config


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(backend, tmp_path, _pg_schema, monkeypatch):
    from portal import create_app
    from portal.extensions import db

    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    if backend == "sqlite":
        config = base_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'test.sqlite3'}")
    else:
        url, options = pg_schema_url(_pg_schema["schema"])
        config = base_config(SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=options)
    application = create_app(config)
    application.test_client_class = IsolatedClient
    with application.app_context():
        if backend == "sqlite":
            db.create_all()
        elif not _pg_schema["created"]:
            db.drop_all()
            db.create_all()
            _pg_schema["created"] = True
        try:
            yield application
        finally:
            db.session.remove()
            if backend == "postgresql":
                tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
                with db.engine.begin() as conn:
                    conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, url: str = "/auth/login") -> str:
    response = client.get(url, follow_redirects=True)
    match = _CSRF.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


class Browser:
    """A test client that signs in and posts forms with the CSRF token, like a browser would."""

    def __init__(self, client):
        self.client = client
        self._token: str | None = None

    def token(self) -> str:
        if self._token is None:
            self._token = csrf_token(self.client, "/auth/login")
        return self._token

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, htmx: bool = False, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token())
        headers = kwargs.pop("headers", {})
        if htmx:
            headers = {"HX-Request": "true", **headers}
        return self.client.post(url, data=data, headers=headers, **kwargs)

    def login(self, identifier: str, password: str = factories.PASSWORD):
        response = self.post("/auth/login", {"identifier": identifier, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        self._token = None  # a new session gets a new token
        return response

    def logout(self):
        self.post("/auth/logout")
        self._token = None


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def org(app):
    """A small organisation: an HR admin, a trainer, a supervisor with three reports, and an outsider."""
    return factories.small_org()
