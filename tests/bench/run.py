"""`make bench`: throughput, latency, query counts and the cost of closing a cycle, measured in one run.

For each database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) it generates two organisations
(BENCH_SMALL employees, default 100, and BENCH_EMPLOYEES, default 10,000), closes and releases the answered
cycle of each (the big one's close and release are timed apart; the peak memory of each sums the process and its
workers; the release renders every report's findings, see portal.reports.findings), counts the SQL
queries of every key page at both sizes, then serves the big one with gunicorn (2 workers, as in production)
and drives it with wrk from another process: each page is measured against a bare route of the same app
(/health), in the same run, in BENCH_ROUNDS rounds (default 3) of BENCH_DURATION (3 s) each between runs of
/health (BENCH_BARE_DURATION, 2 s), so that the ceiling is measured next to the page it divides, and printed as

    RATIO <page> <throughput of page / throughput of /health around it>  p95=<ms>

``report_page`` reads one employee's report again and again (reports keep their rendered findings per worker);
``report_page_first_views`` reads a different report on every request, as on the morning after a release.
    QUERIES <page> <count at small N> <count at big N>
    CLOSE <seconds> <peak MB>
    RELEASE <seconds> <peak MB>

and, where valgrind is installed, the same ratio counted in instructions instead of timed (noise-free: one process,
the test client, no HTTP server, so a trend to compare runs by, not the target itself):

    ICOUNT <page> <instructions per /health request / instructions per page request>

Targets (README, "Performance"): read pages >= 0.25, writes >= 0.10; query counts equal and <= 12;
CLOSE under 60 s and 500 MB at 10,000 employees, and RELEASE held to the same.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv/bin/python"
GUNICORN = ROOT / ".venv/bin/gunicorn"
SMALL = int(os.environ.get("BENCH_SMALL", 100))
BIG = int(os.environ.get("BENCH_EMPLOYEES", 10_000))
DURATION = os.environ.get("BENCH_DURATION", "3s")  # one round of a page
BARE_DURATION = os.environ.get("BENCH_BARE_DURATION", "2s")  # one run of /health next to it
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))  # rounds per page, each between two runs of /health
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
FIRST_VIEWS = 5_000  # distinct reports for report_page_first_views: more than one run of it requests
PASSWORD = "Cermin360-data"
# Sent by the session that signs in and by wrk alike, as a browser sends the same one on every request: sign-in
# binds the session to the client (Flask-Login's session protection), and a different client would make every
# request mark the session not fresh and send it back re-signed.
USER_AGENT = "cermin-bench"

WRK_SCRIPT = """
local method, body, headers = os.getenv("BENCH_METHOD"), os.getenv("BENCH_BODY"), {}
for pair in string.gmatch(os.getenv("BENCH_HEADERS") or "", "([^\\n]+)") do
  local k, v = pair:match("^([^:]+):%s*(.*)$")
  if k then headers[k] = v end
end
-- BENCH_PATHS (comma-separated) spreads the requests over many pages, each thread taking its own share.
local paths, count, index = {}, 0, 0
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "([^,]+)") do paths[#paths + 1] = path end
local threads = 0
setup = function(thread) thread:set("share", threads); threads = threads + 1 end
request = function()
  local path = nil
  if #paths > 0 then
    -- thread 0 takes paths 1, 3, 5, ...; thread 1 takes 2, 4, 6, ... (wrap around when they run out)
    path = paths[((index * 2 + (share or 0)) % #paths) + 1]
    index = index + 1
  end
  return wrk.format(method, path, headers, body ~= "" and body or nil)
end
local first_error = ""
if os.getenv("BENCH_CAPTURE") == "1" then
  -- Only for writes: a Lua call per response would slow wrk itself on the fast pages.
  response = function(status, headers, body)
    if status >= 400 and first_error == "" then first_error = status .. " " .. body:sub(1, 200) end
  end
end
done = function(summary, latency, requests)
  io.write(string.format('BENCHJSON {"requests": %d, "seconds": %f, "p95_ms": %f, "errors": %d, "non2xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(95) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  if first_error ~= "" then io.write("BENCHERROR " .. first_error:gsub("\\n", " ") .. "\\n") end
end
"""


def log(message: str) -> None:
    print(f"# {message}", flush=True)


def environment(url: str, instance: Path) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=url, PORTAL_INSTANCE_PATH=str(instance), SECRET_KEY="bench-secret-not-for-production",
               PUBLIC_RATE_LIMIT="1000000 per minute", PUBLIC_MIN_FILL_SECONDS="0",
               LOGIN_RATE_LIMIT="1000 per minute", PYTHONPATH=str(ROOT))
    env.pop("TEST_DATABASE_URL", None)
    return env


def flask(env: dict, *args: str) -> str:
    result = subprocess.run([str(PYTHON), "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (closing uses worker processes), from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue  # the process ended meanwhile
    return total / 1024


def timed_close(env: dict, cycle_id: int, release: bool = False) -> tuple[float, float]:
    """Close a collecting cycle, or (``release``) release a closed one, in a child process; (seconds, peak MB of it
    and its workers together)."""
    started = time.perf_counter()
    child = subprocess.Popen([str(PYTHON), "-m", "flask", "--app", "wsgi", "close-cycle", "--cycle", str(cycle_id),
                              *(["--release"] if release else [])], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    peak = 0.0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss_mb(child.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    out, err = child.communicate()
    if status != 0:
        raise SystemExit(f"close-cycle failed: {out.decode()} {err.decode()}")
    return seconds, max(peak, usage.ru_maxrss / 1024)


ANALYZE_CODE = """
from wsgi import app
from portal.services import bulk, reports
with app.app_context():
    bulk.analyze(reports.CLOSE_TABLES)
"""


def prepare(url: str, instance: Path, employees: int) -> dict:
    env = environment(url, instance)
    flask(env, "db", "upgrade", "heads")
    started = time.perf_counter()
    output = flask(env, "generate-data", "--employees", str(employees))
    log(f"generated {employees} employees in {time.perf_counter() - started:.1f} s")
    answered, open_cycle = (int(x) for x in re.search(r"siklus terjawab (\d+), siklus terbuka (\d+)", output).groups())
    # PostgreSQL: the close's tables as a routine ANALYZE leaves them on a new installation, analyzed empty, the
    # planner's worst case for the close (see reports._checks_by_key). SQLite keeps no statistics: nothing done.
    analyzed = subprocess.run([str(PYTHON), "-c", ANALYZE_CODE], cwd=ROOT, env=env, capture_output=True, text=True)
    if analyzed.returncode != 0:
        raise SystemExit(analyzed.stderr)
    return {"env": env, "answered": answered, "open": open_cycle, "url": url}


def fixtures(db: dict) -> dict:
    """Ids and logins the pages need, read in a child process with the app's own models."""
    code = """
import json
from sqlalchemy import select
from wsgi import app
from portal.extensions import db
from portal.models import Assignment, Employee, PublicService, ReportSnapshot, User, UserRole
with app.app_context():
    trainer = db.session.scalar(select(Employee.nip).join(User, User.employee_id == Employee.id)
                                .join(UserRole).where(UserRole.role == "trainer"))
    task = db.session.scalar(select(Assignment).where(Assignment.cycle_id == %d, Assignment.source == "peer",
                                                     Assignment.state == "active").order_by(Assignment.id))
    rater = db.session.get(Employee, task.rater_id)
    token = db.session.scalar(select(PublicService.token).order_by(PublicService.id))
    hr = db.session.scalar(select(Employee.nip).join(User, User.employee_id == Employee.id)
                           .join(UserRole).where(UserRole.role == "hr_admin"))
    subjects = list(db.session.scalars(select(ReportSnapshot.subject_id).where(ReportSnapshot.cycle_id == %d)
                                       .order_by(ReportSnapshot.id).limit(%d)))
    print(json.dumps({"rater": rater.nip, "rater_id": rater.id, "assignment": task.id, "trainer": trainer,
                      "token": token, "hr": hr, "subjects": subjects}))
""" % (db["open"], db["answered"], FIRST_VIEWS)
    result = subprocess.run([str(PYTHON), "-c", code], cwd=ROOT, env=db["env"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def pages(db: dict, fx: dict) -> list[dict]:
    """The key pages: name, method, path, who is signed in, and a form for POSTs."""
    survey = f"/tasks/{fx['assignment']}"
    return [
        {"name": "login_page", "path": "/auth/login", "user": None},
        {"name": "my_tasks", "path": "/tasks/", "user": fx["rater"]},
        {"name": "survey_page", "path": survey, "user": fx["rater"]},
        {"name": "autosave_post", "path": survey + "/draft", "user": fx["rater"], "method": "POST",
         "form": "answers", "htmx": True},
        {"name": "public_survey_page", "path": f"/s/{fx['token']}", "user": None},
        {"name": "public_survey_post", "path": f"/s/{fx['token']}", "user": None, "method": "POST", "form": "public"},
        {"name": "report_page", "path": f"/reports/{db['answered']}/{fx['rater_id']}", "user": fx["rater"]},
        # Everyone opens their report the next morning: each request a report this worker has not shown yet.
        {"name": "report_page_first_views", "path": f"/reports/{db['answered']}/{fx['subjects'][0]}",
         "paths": [f"/reports/{db['answered']}/{s}" for s in fx["subjects"]], "user": fx["hr"]},
        {"name": "skill_gap_page", "path": f"/trainers/?cycle={db['answered']}", "user": fx["trainer"]},
    ]


class Session:
    """A signed-in (or anonymous) browser session against the served app, for cookies and CSRF tokens."""

    def __init__(self, base: str, nip: str | None):
        self.base, self.jar = base, CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.addheaders = [("User-Agent", USER_AGENT)]
        if nip:
            token = self.token("/auth/login")
            self.post("/auth/login", {"identifier": nip, "password": PASSWORD, "csrf_token": token})

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as response:
            return response.read().decode()

    def post(self, path: str, form: dict) -> int:
        data = urllib.parse.urlencode(form, doseq=True).encode()
        with self.opener.open(urllib.request.Request(self.base + path, data=data)) as response:
            return response.status

    def token(self, path: str) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(path)).group(1)

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def form_for(page: dict, session: Session) -> str:
    if page.get("form") == "answers":
        html = session.get(page["path"].rsplit("/draft", 1)[0])
        names = sorted(set(re.findall(r'name="(answer-\d+)"', html)))[:5]
        return urllib.parse.urlencode({name: "4" for name in names})
    if page.get("form") == "public":
        html = session.get(page["path"])
        stamp = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        return urllib.parse.urlencode({**{f"u{n}": "3" for n in range(1, 10)}, "stamp": stamp, "csrf_token": token})
    return ""


def wrk(base: str, path: str, method: str = "GET", body: str = "", headers: str = "",
        paths: list[str] | None = None, duration: str = DURATION) -> dict:
    script = Path(tempfile.mkdtemp()) / "bench.lua"
    script.write_text(WRK_SCRIPT)
    env = dict(os.environ, BENCH_METHOD=method, BENCH_BODY=body, BENCH_HEADERS=headers,
               BENCH_CAPTURE="1" if method == "POST" else "0", BENCH_PATHS=",".join(paths or []))
    result = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "-s", str(script), base + path],
                            env=env, capture_output=True, text=True)
    line = next((l for l in result.stdout.splitlines() if l.startswith("BENCHJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result for {path}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(line[len("BENCHJSON "):])
    error = next((l for l in result.stdout.splitlines() if l.startswith("BENCHERROR ")), None)
    if error:
        log(f"{path}: first failed response: {error[len('BENCHERROR '):]}")
    data["rps"] = data["requests"] / data["seconds"] if data["seconds"] else 0.0
    return data


def _total(runs: list[dict]) -> dict:
    requests, seconds = sum(r["requests"] for r in runs), sum(r["seconds"] for r in runs)
    return {"requests": requests, "seconds": seconds, "rps": requests / seconds if seconds else 0.0,
            "p95_ms": max(r["p95_ms"] for r in runs), "errors": sum(r["errors"] for r in runs),
            "non2xx": sum(r["non2xx"] for r in runs)}


def rounds(base: str, page: dict, body: str, headers: str) -> tuple[dict, dict]:
    """The page in ROUNDS rounds, each between two runs of /health: the machine's speed drifts (other work on
    the host), and a ceiling measured seconds apart from the page moves with it. Returns the page's and the
    bare route's totals. First views take a different share of the reports in each round, so no round reads
    a report a worker has already shown."""
    bare = {"path": "/health", "headers": f"User-Agent: {USER_AGENT}", "duration": BARE_DURATION}
    page_runs, bare_runs = [], [wrk(base, **bare)]
    for number in range(ROUNDS):
        paths = page.get("paths")
        page_runs.append(wrk(base, page["path"], page.get("method", "GET"), body, headers,
                             paths[number::ROUNDS] if paths else None))
        bare_runs.append(wrk(base, **bare))
    return _total(page_runs), _total(bare_runs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: dict):
    port = free_port()
    server = subprocess.Popen([str(GUNICORN), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "120",
                               "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=db["env"])
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/health").read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


# Child processes that request the key pages through the app's test client (query counts, instructions):
# page_call(page) signs in as the page's user, reads the form a POST sends, and returns a function making one
# request (first views: a report not shown before on every call).
PAGE_CALL = """
import json, re
from wsgi import app
app.config["WTF_CSRF_ENABLED"] = False


def page_call(page):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = "%s"
    if page["user"]:
        client.post("/auth/login", data={"identifier": page["user"], "password": "%s"})
    form = {}
    if page.get("form") == "answers":
        html = client.get(page["path"].rsplit("/draft", 1)[0]).get_data(as_text=True)
        form = {n: "4" for n in sorted(set(re.findall(r'name="(answer-\\d+)"', html)))[:5]}
    elif page.get("form") == "public":
        form = {f"u{n}": "3" for n in range(1, 10)}
        html = client.get(page["path"]).get_data(as_text=True)
        form["stamp"] = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
    headers = {"HX-Request": "true"} if page.get("htmx") else {}
    paths = iter(page.get("paths") or [])

    def call(*_):
        path = next(paths, page["path"])
        if page.get("form") == "public":  # a new browser each time: one answer per browser per day
            response = app.test_client().post(path, data=form)
        elif page.get("method") == "POST":
            response = client.post(path, data=form, headers=headers)
        else:
            response = client.get(path, headers=headers)
        assert response.status_code < 400, (path, response.status_code)
        return response
    return call
""" % (USER_AGENT, PASSWORD)


def count_queries(db: dict, fx: dict) -> dict[str, int]:
    """Queries per request of each page (after one warm-up), in a child process using the app's test client."""
    code = PAGE_CALL + """
import sys
from sqlalchemy import event
from portal.extensions import db
counts = {}
with app.app_context():
    engine = db.engine
for page in json.loads(sys.argv[1]):
    call = page_call(page)
    call()
    seen = []
    listener = lambda *args: seen.append(1)
    event.listen(engine, "before_cursor_execute", listener)
    call()
    event.remove(engine, "before_cursor_execute", listener)
    counts[page["name"]] = len(seen)
print("COUNTS " + json.dumps(counts))
"""
    result = subprocess.run([str(PYTHON), "-c", code, json.dumps(pages(db, fx))], cwd=ROOT, env=db["env"],
                            capture_output=True, text=True)
    line = next((l for l in result.stdout.splitlines() if l.startswith("COUNTS ")), None)
    if line is None:
        raise SystemExit(f"query count failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(line[len("COUNTS "):])


# Instructions per request, counted by valgrind (callgrind) in one process with the test client: the same on a
# quiet or a busy machine, where wrk's throughput can move by a third between two runs of the same code. Counting
# starts after a warm-up and covers only the requests inside functools.reduce (--toggle-collect).
ICOUNT_REQUESTS = int(os.environ.get("BENCH_ICOUNT_REQUESTS", 10))
ICOUNT_CODE = PAGE_CALL + """
import functools, os, subprocess, sys
page, count = json.loads(sys.argv[1]), int(sys.argv[2])
call = page_call(page)
for _ in range(3):
    call()
subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], check=True, capture_output=True)
for _ in range(3):
    call()  # again, now instrumented
functools.reduce(call, range(count + 1))
"""


def instructions(db: dict, fx: dict) -> dict[str, float]:
    """Instructions per request of /health and of every key page (see ICOUNT_CODE), two pages at a time."""
    todo = [{"name": "health", "path": "/health", "user": None}, *pages(db, fx)]
    running, counts = [], {}
    workdir = Path(tempfile.mkdtemp(prefix="cermin-icount-"))
    for page in todo + [None, None]:
        if page is not None:
            out = workdir / page["name"]
            child = subprocess.Popen(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--instr-atstart=no",
                 "--collect-atstart=no", "--toggle-collect=functools_reduce", str(PYTHON), "-c", ICOUNT_CODE,
                 json.dumps(page), str(ICOUNT_REQUESTS)],
                cwd=ROOT, env=dict(db["env"], PYTHONHASHSEED="0"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True)
            running.append((page["name"], child))
        if len(running) == 2 or (page is None and running):
            name, child = running.pop(0)
            _, err = child.communicate()
            found = re.search(r"Collected : (\d+)", err)
            if child.returncode != 0 or not found or not int(found.group(1)):
                log(f"instructions of {name} not counted (valgrind {child.returncode}): {err[-300:]}")
                continue
            counts[name] = int(found.group(1)) / ICOUNT_REQUESTS  # reduce over count + 1 items: count calls
    shutil.rmtree(workdir, ignore_errors=True)
    return counts


def backend(name: str, small_url: str, big_url: str, workdir: Path) -> None:
    print(f"== {name}: {SMALL} and {BIG} employees", flush=True)
    small = prepare(small_url, workdir / f"{name}-small", SMALL)
    big = prepare(big_url, workdir / f"{name}-big", BIG)
    timed_close(small["env"], small["answered"], release=True)
    seconds, peak = timed_close(big["env"], big["answered"])
    print(f"CLOSE {seconds:.1f} {peak:.0f}", flush=True)
    seconds, peak = timed_close(big["env"], big["answered"], release=True)
    print(f"RELEASE {seconds:.1f} {peak:.0f}", flush=True)

    small_counts = count_queries(small, fixtures(small))
    fx = fixtures(big)
    big_counts = count_queries(big, fx)
    for page in pages(big, fx):
        print(f"QUERIES {page['name']} {small_counts[page['name']]} {big_counts[page['name']]}", flush=True)

    server, base = serve(big)
    try:
        bare = wrk(base, "/health", headers=f"User-Agent: {USER_AGENT}")
        log(f"bare route /health: {bare['rps']:.0f} requests/s, p95 {bare['p95_ms']:.1f} ms (each page is divided "
            f"by the /health runs next to it)")
        for page in pages(big, fx):
            session = Session(base, page["user"])
            body = form_for(page, session)
            headers = [f"User-Agent: {USER_AGENT}"]
            if page.get("method") == "POST":
                headers += ["Content-Type: application/x-www-form-urlencoded",
                            f"X-CSRFToken: {session.token('/auth/login' if page['user'] is None else '/tasks/')}"]
            # Last, so the cookie carries the session the form and token above were made in.
            headers += [f"Cookie: {session.cookie_header()}"] if session.cookie_header() else []
            if page.get("htmx"):
                headers.append("HX-Request: true")
            result, around = rounds(base, page, body, "\n".join(headers))
            bad = f" non2xx={result['non2xx']} errors={result['errors']}" if result["non2xx"] or result["errors"] else ""
            print(f"RATIO {page['name']} {result['rps'] / around['rps']:.2f}  p95={result['p95_ms']:.1f}ms "
                  f"({result['rps']:.0f}/s, /health around it {around['rps']:.0f}/s){bad}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    if shutil.which("valgrind") and shutil.which("callgrind_control"):
        counted = instructions(big, fx)
        for page in pages(big, fx):
            if "health" in counted and page["name"] in counted:
                print(f"ICOUNT {page['name']} {counted['health'] / counted[page['name']]:.2f}  "
                      f"({counted[page['name']] / 1e6:.2f} M instructions per request, /health "
                      f"{counted['health'] / 1e6:.2f} M)", flush=True)
    else:
        log("valgrind is missing: no ICOUNT lines (apt-get install valgrind; make bench does this)")


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench does this)")
    workdir = Path(tempfile.mkdtemp(prefix="cermin-bench-"))
    backend("sqlite", f"sqlite:///{workdir / 'small.sqlite3'}", f"sqlite:///{workdir / 'big.sqlite3'}", workdir)
    pg = os.environ.get("TEST_DATABASE_URL", "")
    if pg:
        from sqlalchemy import create_engine, text

        base = pg.replace("postgresql://", "postgresql+psycopg://", 1) if pg.startswith("postgresql://") else pg
        engine = create_engine(base)
        with engine.begin() as conn:
            for schema in ("bench_small", "bench_big"):
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
                conn.execute(text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        sep = "&" if "?" in base else "?"
        backend("postgresql", f"{base}{sep}options=-csearch_path%3Dbench_small",
                f"{base}{sep}options=-csearch_path%3Dbench_big", workdir)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
