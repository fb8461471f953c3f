"""What every page repeated is kept per worker (URLs, a session cookie's verified contents, the signed CSRF token),
and each gives exactly what Flask and Flask-WTF give without it."""
from __future__ import annotations

import time

import pytest
from flask import Blueprint, Flask, flash, get_flashed_messages, render_template_string, session, url_for
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import BuildError

from portal.web import sessions as session_module
from portal.web.sessions import PortalSessionInterface, csrf_token
from portal.web.urls import PortalFlask


def _routes(app: Flask) -> Flask:
    part = Blueprint("part", __name__, url_prefix="/part")

    @part.get("/<int:item>")
    def item(item):
        return url_for(".other", item=item)

    @part.get("/other/<int:item>")
    def other(item):
        return ""

    @app.get("/reports/<int:cycle>/<int:subject>")
    def report(cycle, subject):
        return ""

    @app.get("/list")
    def listing():
        return ""

    app.register_blueprint(part)
    return app


def _urls(app: Flask) -> list[str]:
    return [
        url_for("report", cycle=1, subject=29), url_for("report", cycle=1, subject=30),
        url_for("listing"), url_for("listing", page=2), url_for("listing", page="2"),
        url_for("listing", flag=True), url_for("listing", flag=1), url_for("listing", q="a b&c", page=3),
        url_for("listing", q=None), url_for("listing", tag=["x", "y"]), url_for("listing", _anchor="end"),
        url_for("listing", _external=True), url_for("static", filename="css/portal.css"),
        url_for("part.other", item=5),
    ]


@pytest.mark.parametrize("script_root", ["", "/cermin"])
def test_memoised_urls_are_the_ones_flask_builds(script_root):
    plain, memo = _routes(Flask(__name__)), _routes(PortalFlask(__name__))
    for application in (plain, memo):
        application.config["SERVER_NAME"] = None
    base = f"http://localhost{script_root}"
    for _ in range(2):  # the second round comes from the memo
        with plain.test_request_context("/list", base_url=base):
            expected = _urls(plain)
        with memo.test_request_context("/list", base_url=base):
            assert _urls(memo) == expected
    assert memo._url_memo and all(key[0].rstrip("/") == script_root for key in memo._url_memo)
    assert all("#" not in url and "//" not in url for url in memo._url_memo.values())  # anchors, external: not kept
    assert expected[4] == expected[3] and expected[5] != expected[6]  # "2" and 2 alike; True and 1 not


def test_a_memoised_url_follows_the_prefix_the_app_is_served_under():
    app = _routes(PortalFlask(__name__))
    with app.test_request_context("/list"):
        assert url_for("listing") == "/list"
    with app.test_request_context("/list", base_url="http://localhost/cermin"):
        assert url_for("listing") == "/cermin/list"


def test_blueprint_relative_urls_unknown_endpoints_and_url_defaults_behave_as_in_flask():
    app = _routes(PortalFlask(__name__))
    client = app.test_client()
    assert client.get("/part/7").get_data(as_text=True) == "/part/other/7"
    with app.test_request_context("/list"):
        with pytest.raises(BuildError):
            url_for("missing")
        with pytest.raises(BuildError):
            url_for("report", cycle=1)
    with_defaults = _routes(PortalFlask(__name__))
    with_defaults.url_defaults(lambda endpoint, values: values.setdefault("lang", "en") if endpoint == "listing"
                               else None)
    with with_defaults.test_request_context("/list"):
        assert url_for("listing") == url_for("listing") == "/list?lang=en"  # built by Flask, not from the memo
    assert not with_defaults._url_memo


def test_urls_of_records_are_written_into_their_rules_pattern_as_flask_builds_them():
    """Integer-only values that fill a rule's integer parts come from the rule's pattern (not kept in the memo);
    anything else (query arguments, bools, strings, defaults, several rules) is built by Flask as before."""
    def routes(app):
        _routes(app)

        @app.get("/plans/<int:employee>", defaults={"page": 1})
        @app.get("/plans/<int:employee>/page/<int:page>")
        def plans(employee, page):
            return ""

        @app.get("/units/<int:unit>/<name>")
        def unit(unit, name):
            return ""

        @app.get("/fixed/<int(fixed_digits=4):number>")
        def fixed(number):
            return ""
        return app

    plain, patterned = routes(Flask(__name__)), routes(PortalFlask(__name__))
    calls = [("report", {"cycle": 1, "subject": 29}), ("report", {"subject": 31, "cycle": 7}),
             ("report", {"cycle": -3, "subject": 0}), ("report", {"cycle": 1, "subject": 2, "page": 3}),
             ("report", {"cycle": True, "subject": 2}), ("part.other", {"item": 123456789012345}),
             ("plans", {"employee": 5}), ("plans", {"employee": 5, "page": 2}), ("plans", {"employee": 5, "page": 1}),
             ("unit", {"unit": 4, "name": "a b"}), ("fixed", {"number": 7}), ("listing", {"page": 2})]
    for base in ("http://localhost", "http://localhost/cermin"):
        for _ in range(2):
            with plain.test_request_context("/list", base_url=base):
                expected = [url_for(endpoint, **values) for endpoint, values in calls]
            with patterned.test_request_context("/list", base_url=base):
                assert [url_for(endpoint, **values) for endpoint, values in calls] == expected
    assert expected[0].endswith("/reports/1/29") and expected[10].endswith("/fixed/0007")
    made = {key[1:] for key, pattern in patterned._url_patterns.items() if pattern is not None}
    assert made == {("report", ("cycle", "subject")), ("part.other", ("item",))}
    assert not any(key[1] == "report" and "29" in url for key, url in patterned._url_memo.items())


def test_the_url_memo_stays_bounded():
    app = _routes(PortalFlask(__name__))
    app.url_memo_size = 10
    with app.test_request_context("/list"):
        urls = [url_for("report", cycle=1, subject=n) for n in range(25)]
    assert urls[24] == "/reports/1/24" and len(app._url_memo) <= 10


def test_plain_hooks_are_known_after_the_first_ask_and_coroutines_still_go_through_flask():
    app = PortalFlask(__name__)

    def view():
        return "ok"

    class Unhashable:
        __hash__ = None

        def __call__(self):
            return "called"

    async def coroutine():
        return "async"

    assert app.ensure_sync(view) is view and app.ensure_sync(view) is view and view in app._plain_functions
    assert app.ensure_sync(Unhashable())() == "called"
    for _ in range(2):
        try:
            made = app.ensure_sync(coroutine)
        except RuntimeError as error:  # Flask without its async extra says so, every time
            assert "async" in str(error)
        else:
            assert made is not coroutine and made() == "async"
    assert coroutine not in app._plain_functions


def _session_app(secret: str = "first-secret") -> Flask:
    app = Flask(__name__)
    app.secret_key = secret
    app.session_interface = PortalSessionInterface()

    @app.get("/set/<value>")
    def set_value(value):
        session["value"] = value
        return ""

    @app.get("/get")
    def get_value():
        return session.get("value", "-")

    @app.get("/flash")
    def add_flash():
        flash("saved")
        return ""

    @app.get("/flashes")
    def read_flashes():
        return ",".join(get_flashed_messages())

    return app


def _count_loads(monkeypatch, interface: PortalSessionInterface) -> list:
    seen = []
    serializer = interface.get_signing_serializer
    original = {}

    def counting(app):
        found = serializer(app)
        if id(found) not in original:
            loads = found.loads
            original[id(found)] = loads

            def counted(*args, **kwargs):
                seen.append(1)
                return loads(*args, **kwargs)

            found.loads = counted
        return found

    monkeypatch.setattr(interface, "get_signing_serializer", counting)
    return seen


def _kept_session():
    """An app and a client whose session cookie the app has verified and kept."""
    app = _session_app()
    client = app.test_client()
    client.get("/set/kopi")
    assert client.get("/get").get_data(as_text=True) == "kopi"
    return app, client


def test_a_session_cookie_is_verified_once_per_worker_and_reads_the_same(monkeypatch):
    app = _session_app()
    client = app.test_client()
    client.get("/set/kopi")
    loads = _count_loads(monkeypatch, app.session_interface)
    assert [client.get("/get").get_data(as_text=True) for _ in range(3)] == ["kopi"] * 3
    assert len(loads) == 1
    client.get("/set/teh")  # a changed session is a new cookie, verified when it comes back
    assert client.get("/get").get_data(as_text=True) == "teh" and len(loads) == 2


def test_an_unchanged_session_sets_no_cookie_and_varies_on_it():
    app = _session_app()
    client = app.test_client()
    assert "Set-Cookie" in client.get("/set/kopi").headers
    response = client.get("/get")
    assert "Set-Cookie" not in response.headers and "Cookie" in response.headers["Vary"]


def test_a_forged_or_foreign_cookie_is_refused_even_after_a_good_one_was_kept():
    app, client = _kept_session()
    good = client.get_cookie("session").value
    client.set_cookie("session", good[:-2] + ("AA" if not good.endswith("AA") else "BB"))
    assert client.get("/get").get_data(as_text=True) == "-"
    other = _session_app(secret="another-secret").test_client()
    other.set_cookie("session", good)
    assert other.get("/get").get_data(as_text=True) == "-"


def test_a_new_secret_key_stops_a_kept_cookie():
    app, client = _kept_session()
    app.secret_key = "rotated-secret"
    assert client.get("/get").get_data(as_text=True) == "-"
    app.config["SECRET_KEY_FALLBACKS"] = ["first-secret"]  # the old key as a fallback: accepted again
    assert client.get("/get").get_data(as_text=True) == "kopi"


def test_a_kept_cookie_still_expires(monkeypatch):
    app, client = _kept_session()
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = time.time() + lifetime + 5
    monkeypatch.setattr(session_module.time, "time", lambda: later)
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert client.get("/get").get_data(as_text=True) == "-"


def test_flashed_messages_are_never_kept_and_show_once():
    app = _session_app()
    client = app.test_client()
    client.get("/flash")
    assert client.get("/flashes").get_data(as_text=True) == "saved"
    assert client.get("/flashes").get_data(as_text=True) == ""
    assert not app.session_interface._verified or all(
        "_flashes" not in data for data, _ in app.session_interface._verified.values())


def _csrf_app(**config) -> Flask:
    app = _session_app()
    app.config.update({"WTF_CSRF_TIME_LIMIT": None, **config})
    CSRFProtect(app)
    app.context_processor(lambda: {"csrf_token": csrf_token})

    @app.get("/form")
    def form():
        return render_template_string("{{ csrf_token() }}|{{ csrf_token() }}")

    @app.post("/form")
    def post():
        return "ok"

    return app


def test_a_sessions_csrf_token_is_signed_once_and_accepted():
    app = _csrf_app()
    client = app.test_client()
    client.get("/form")  # the session's raw token is made here; the next page signs it once and keeps it
    first = client.get("/form").get_data(as_text=True).split("|")
    time.sleep(1.1)  # Flask-WTF alone would now sign with another second
    again = client.get("/form").get_data(as_text=True).split("|")
    assert first[0] == first[1] == again[0] == again[1]
    assert client.post("/form", data={"csrf_token": again[0]}).status_code == 200
    assert client.post("/form", data={"csrf_token": again[0][:-3] + "xyz"}).status_code == 400
    other = app.test_client()
    assert other.get("/form").get_data(as_text=True).split("|")[0] != first[0]  # another session, its own token


def test_csrf_tokens_with_a_time_limit_are_signed_afresh(monkeypatch):
    app = _csrf_app(WTF_CSRF_TIME_LIMIT=3600)
    client = app.test_client()
    first = client.get("/form").get_data(as_text=True).split("|")[0]
    later = time.time() + 10
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    second = client.get("/form").get_data(as_text=True).split("|")[0]
    assert first != second and "portal_csrf_tokens" not in app.extensions
