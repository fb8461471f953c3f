"""The portal's limiter skips Flask-Limiter's before-request look for app-wide limits only while there are none."""
from flask import Flask
from flask_limiter.util import get_remote_address

from portal.extensions import ViewLimiter


def _app(**limits) -> tuple[Flask, ViewLimiter]:
    app = Flask(__name__)
    app.config.update(RATELIMIT_STORAGE_URI="memory://", RATELIMIT_HEADERS_ENABLED=True)
    limiter = ViewLimiter(key_func=get_remote_address, app=app, **limits)

    @app.get("/open")
    def open_page():
        return "ok"

    @app.get("/guarded")
    @limiter.limit("2 per minute")
    def guarded():
        return "ok"

    return app, limiter


def _statuses(app: Flask, path: str, times: int) -> list[int]:
    client = app.test_client()
    return [client.get(path).status_code for _ in range(times)]


def test_view_limits_are_checked_and_other_pages_are_free():
    app, _limiter = _app()
    assert _statuses(app, "/guarded", 3) == [200, 200, 429]
    assert _statuses(app, "/open", 5) == [200] * 5


def test_default_and_application_limits_are_still_checked():
    app, _limiter = _app(default_limits=["3 per minute"])
    assert _statuses(app, "/open", 4) == [200, 200, 200, 429]
    app, _limiter = _app(application_limits=["2 per minute"])
    assert _statuses(app, "/open", 3) == [200, 200, 429]


def test_a_blueprint_limit_is_still_checked():
    from flask import Blueprint

    app = Flask(__name__)
    app.config.update(RATELIMIT_STORAGE_URI="memory://")
    limiter = ViewLimiter(key_func=get_remote_address)
    part = Blueprint("part", __name__)

    @part.get("/in-part")
    def in_part():
        return "ok"

    limiter.limit("1 per minute")(part)
    app.register_blueprint(part)
    limiter.init_app(app)
    assert _statuses(app, "/in-part", 2) == [200, 429]
