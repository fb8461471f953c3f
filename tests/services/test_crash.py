"""The server is killed (SIGKILL: no clean-up, as in a power cut of the process or an OOM kill) in the
middle of a burst of peer-survey submissions on the embedded SQLite database.

Afterwards the database must be whole: every stored response has all its answers, responses and
receipts match one for one, and every submission the server acknowledged (303) is there. Raters whose
submission was cut off can simply send again after the restart: nothing is lost and nothing counted twice."""
from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Assignment
from tests import factories
from tests.conftest import base_config

ROOT = Path(__file__).resolve().parents[2]
RATERS = 60
KILL_AFTER = 3
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 303 is the acknowledgement we want to see, not follow


class Rater:
    def __init__(self, base: str, nip: str, assignment_id: int):
        self.base, self.nip, self.assignment_id = base, nip, assignment_id
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _KeepRedirects)
        self.form: dict = {}

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def prepare(self) -> None:
        _status, page = self.request("/auth/login")
        token = _TOKEN.search(page).group(1)
        status, _ = self.request("/auth/login", {"csrf_token": token, "identifier": self.nip,
                                                 "password": factories.PASSWORD})
        assert status == 303
        status, page = self.request(f"/tasks/{self.assignment_id}")
        assert status == 200
        self.form = {name: "4" for name in set(re.findall(r'name="(answer-\d+)"', page))}
        self.form.update(csrf_token=_TOKEN.search(page).group(1), strengths="Teliti dan ramah")

    def submit(self) -> int | None:
        """The HTTP status, or None when the connection broke before a whole answer came (a status line whose
        body was cut off by the kill counts as broken: the rater saw no page)."""
        try:
            return self.request(f"/tasks/{self.assignment_id}/submit", self.form)[0]
        except (OSError, http.client.HTTPException):
            return None


class Server:
    def __init__(self, database: Path, instance: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "crash-test-secret",
                    "PORTAL_INSTANCE_PATH": str(instance), "RATELIMIT_ENABLED": "false"}
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{self.port}", "--timeout", "60", "wsgi:app"],
            cwd=ROOT, env=self.env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start within 60 s")

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)  # master and workers at once, no clean shutdown
        self.process.wait(timeout=30)


def _state(database: Path) -> dict:
    with sqlite3.connect(database) as conn:
        peer_indicators = conn.execute(
            "SELECT count(*) FROM indicator WHERE ',' || sources || ',' LIKE '%,peer,%'").fetchone()[0]
        return {
            "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
            "peer_indicators": peer_indicators,
            "answers_per_response": [n for (n,) in conn.execute(
                "SELECT count(a.indicator_id) FROM response r LEFT JOIN answer a ON a.response_id = r.id "
                "WHERE r.source = 'peer' GROUP BY r.id")],
            "receipts": {n for (n,) in conn.execute(
                "SELECT r.assignment_id FROM receipt r JOIN assignment s ON s.id = r.assignment_id "
                "WHERE s.source = 'peer'")},
            "drafts_of_receipted": conn.execute(
                "SELECT count(*) FROM draft d JOIN receipt r ON r.assignment_id = d.assignment_id").fetchone()[0],
        }


@pytest.fixture
def burst_database(tmp_path, monkeypatch):
    """A file database with RATERS peer raters, each owing one survey."""
    from portal import create_app

    database = tmp_path / "portal.sqlite3"
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}"))
    with app.app_context():
        db.create_all()
        org = factories.small_org()
        people = factories.colleagues(org, RATERS + RATERS // 5)
        subjects, raters = people[:RATERS // 5], people[RATERS // 5:]
        cycle = factories.running_cycle(org, peers={s: raters[i::len(subjects)] for i, s in enumerate(subjects)})
        rows = db.session.execute(select(Assignment.id, Assignment.rater_id)
                                  .filter_by(cycle_id=cycle.id, source="peer")).all()
        nip_of = {p.id: p.nip for p in raters}
        work = [(nip_of[rater_id], assignment_id) for assignment_id, rater_id in rows]
        db.session.remove()
        db.engine.dispose()
    assert len(work) == RATERS
    return database, tmp_path / "instance", work


def test_a_killed_server_loses_no_acknowledged_submission_and_leaves_no_half_response(burst_database):
    database, instance, work = burst_database
    server = Server(database, instance)
    server.start()
    try:
        raters = [Rater(server.base, nip, assignment_id) for nip, assignment_id in work]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(Rater.prepare, raters))

        acknowledged: set[int] = set()
        enough = threading.Event()
        lock = threading.Lock()

        def send(rater: Rater) -> int | None:
            status = rater.submit()
            if status == 303:
                with lock:
                    acknowledged.add(rater.assignment_id)
                    if len(acknowledged) >= KILL_AFTER:
                        enough.set()
            return status

        with ThreadPoolExecutor(RATERS) as pool:
            futures = [pool.submit(send, rater) for rater in raters]
            assert enough.wait(60), "the burst never got going"
            server.kill()
            statuses = [future.result() for future in futures]
    finally:
        if server.process and server.process.poll() is None:
            server.kill()

    assert all(status in (303, None) for status in statuses), statuses
    assert KILL_AFTER <= len(acknowledged) < RATERS, "the kill must land in the middle of the burst"
    after = _state(database)
    assert after["integrity"] == "ok"
    assert after["answers_per_response"] == [after["peer_indicators"]] * len(after["answers_per_response"])
    assert len(after["answers_per_response"]) == len(after["receipts"]), "one response per receipt"
    assert acknowledged <= after["receipts"], "every acknowledged submission survived"
    assert after["drafts_of_receipted"] == 0

    # Restart on the same file; whoever did not get an answer sends again (their session is still valid).
    server.start()
    try:
        resent = [rater.submit() for rater in raters if rater.assignment_id not in acknowledged]
    finally:
        server.kill()
    assert all(status in (303, 409) for status in resent), resent
    final = _state(database)
    assert final["receipts"] == {assignment_id for _nip, assignment_id in work}
    assert final["answers_per_response"] == [final["peer_indicators"]] * RATERS
