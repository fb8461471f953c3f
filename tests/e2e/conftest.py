"""Browser tests: the real app served on 127.0.0.1 by a real server, driven by Debian's Chromium through
Playwright (no browser download). Each test fails on a console error or a failed request."""
from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules/axe-core/axe.min.js"
SHOTS = ROOT / "test-output/e2e"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
]


def pytest_configure(config):
    # pytest-xdist registers this marker itself; without xdist (-p no:xdist) --strict-markers would reject it.
    config.addinivalue_line("markers", "xdist_group(name): run these tests in one xdist worker")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The portal with the demo organisation, migrated like production, served by a real HTTP server."""
    import os

    from flask_migrate import upgrade

    from portal import create_app
    from portal.services import demo

    base = tmp_path_factory.mktemp("live")
    os.environ["PORTAL_INSTANCE_PATH"] = str(base / "instance")
    app = create_app({
        "SECRET_KEY": "e2e-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'e2e.sqlite3'}",
        "RATELIMIT_STORAGE_URI": "memory://",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    })
    with app.app_context():
        upgrade(revision="heads")
        demo.seed_demo()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "app": app}
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A browser tab that records console errors and failed requests, and can run axe-core."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        # Statuses a test provokes on purpose (a wrong password answers 401); anything else fails the test.
        self.expected_statuses: set[int] = set()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        # Requests not yet reported finished: goto() waits for them, as a user would not leave mid-request.
        self._pending: set = set()
        page.on("request", lambda request: self._pending.add(request))
        page.on("requestfinished", lambda request: self._pending.discard(request))
        page.on("requestfailed", lambda request: self._pending.discard(request))

    def _console(self, message) -> None:
        if message.type != "error":
            return
        if any(f"status of {status} " in message.text for status in self.expected_statuses):
            return
        self.problems.append(f"console: {message.text} at {message.location.get('url')} on {self.page.url}")

    def _request_failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED":
            # Chromium aborts its own favicon fetch when the page moves on quickly, and the navigation
            # that turns into a download (an attachment): neither is the app failing.
            if urlsplit(request.url).path.endswith("/favicon.svg"):
                return
            response = request.response() if request.is_navigation_request() else None
            if response is not None and response.ok and "attachment" in response.headers.get("content-disposition", ""):
                return
        self.problems.append(f"request failed: {request.method} {request.url} ({request.resource_type}) "
                             f"{request.failure} on {self.page.url}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.status not in self.expected_statuses:
            self.problems.append(f"{response.status}: {response.url}")

    def goto(self, path: str):
        self.quiet()
        return self.page.goto(self.base_url + path)

    def quiet(self, timeout_ms: int = 5000) -> None:
        """Wait until Chromium has reported every request of this tab finished (htmx may already have swapped
        a response in before then): navigating away earlier would abort it and fail the test."""
        for _ in range(timeout_ms // 20):
            if not self._pending:
                return
            self.page.wait_for_timeout(20)
        pytest.fail(f"requests still pending: {[r.url for r in self._pending]}")

    def settled(self) -> None:
        """Wait until htmx has no request in flight and has processed what it swapped in: until then a fast
        test could type into a new field before htmx listens to it, and the keystrokes would do nothing."""
        self.page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret leaves style="" on inputs, which htmx later copies while swapping
        # (a console CSP error under style-src 'self').
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True, caret="initial")

    def axe_violations(self) -> list[str]:
        """WCAG 2.1 A/AA violations on the current page, as readable lines."""
        self.page.evaluate(AXE.read_text() + "\n;0")
        result = self.page.evaluate(
            "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
            ".map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        return list(result)

    def login(self, identifier: str, password: str = "Cermin360-demo") -> None:
        self.goto("/auth/login")
        self.page.fill("#identifier", identifier)
        self.page.fill("#password", password)
        # htmx swaps the landing page in before Chromium reports its request finished: wait for that too, or the
        # next goto() would abort it and fail the test.
        with self.page.expect_request_finished(lambda request: request.method == "GET"
                                               and request.resource_type in ("document", "xhr")
                                               and "/auth/login" not in request.url):
            self.page.click("button[type=submit].primary")
        self.page.wait_for_url(lambda url: "/auth/login" not in url)


@pytest.fixture
def tab(chromium, live_server):
    context = chromium.new_context(locale="id-ID")
    page = Page(context.new_page(), live_server["url"])
    yield page
    context.close()
    assert page.problems == [], page.problems


@pytest.fixture
def open_tab(chromium, live_server):
    """Opens tabs in fresh browser contexts (own cookies: one per user of a journey); checks them all at the end."""
    contexts, pages = [], []

    def open_(java_script_enabled: bool = True) -> Page:
        context = chromium.new_context(locale="id-ID", java_script_enabled=java_script_enabled,
                                       accept_downloads=True)
        contexts.append(context)
        pages.append(Page(context.new_page(), live_server["url"]))
        return pages[-1]

    yield open_
    for context in contexts:
        context.close()
    problems = [problem for page in pages for problem in page.problems]
    assert problems == [], problems
