"""Flask's signed-cookie sessions without the work every request repeated: a browser sends the same cookie on
each page until the session changes, and checking its signature (serializer, key derivation, HMAC, JSON) cost
about as much as building a page's menu."""
from __future__ import annotations

import time
from threading import Lock

from flask import current_app, g, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature

_IMMUTABLE = (str, int, float, bool, type(None))


def _frozen(value) -> bool:
    return isinstance(value, _IMMUTABLE) or (isinstance(value, tuple) and all(_frozen(v) for v in value))


class PortalSessionInterface(SecureCookieSessionInterface):
    """The same cookies, signatures and expiry as Flask's; per worker, the serializer of the current keys and the
    contents of cookies already verified under them (bounded). A cookie is looked up by its whole signed value,
    so only one this app signed is ever found; its age is checked on every request as before. Contents with a
    mutable value (flashed messages, a list) are never kept: a request may change them in place."""

    memo_size = 4096

    def __init__(self):
        self._serializer: tuple | None = None
        self._verified: dict = {}
        self._lock = Lock()

    @staticmethod
    def _keys(app) -> tuple:
        return app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ())

    def get_signing_serializer(self, app):
        keys = self._keys(app)
        made = self._serializer
        if made is None or made[0] != keys:
            made = self._serializer = (keys, super().get_signing_serializer(app))
        return made[1]

    def open_session(self, app, request):
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (self._keys(app), value)
        found = self._verified.get(key)
        if found is not None:
            data, signed_at = found
            if 0 <= int(time.time()) - signed_at <= max_age:  # itsdangerous' test of the age, in whole seconds
                return self.session_class(data)
        try:
            data, signed_at = self.get_signing_serializer(app).loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:  # also expired: Flask starts an empty session
            return self.session_class()
        if all(_frozen(v) for v in data.values()):
            with self._lock:
                if len(self._verified) >= self.memo_size:
                    self._verified.clear()  # rare: as many live sessions on one worker; verified again as they come
                self._verified[key] = (dict(data), int(signed_at.timestamp()))
        return self.session_class(data)

    def save_session(self, app, session, response) -> None:
        # An unchanged session sets no cookie: skip reading the cookie settings Flask's version reads first.
        if session and not self.should_set_cookie(app, session):
            if session.accessed:
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def csrf_token() -> str:
    """Flask-WTF's ``generate_csrf`` for templates (every page puts it in its forms and htmx headers), the token
    signed once per worker for each session's raw token instead of on every page.

    Only while tokens do not expire (WTF_CSRF_TIME_LIMIT unset, as here: a token lives as long as its session),
    so a token signed earlier is exactly as valid as a new one."""
    app = current_app
    field = app.config.get("WTF_CSRF_FIELD_NAME") or "csrf_token"
    raw = session.get(field)
    if app.config.get("WTF_CSRF_TIME_LIMIT") is not None or field in g or not isinstance(raw, str):
        return generate_csrf()
    tokens = app.extensions.setdefault("portal_csrf_tokens", {})
    key = (app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key, raw)
    signed = tokens.get(key)
    if signed is None:
        signed = generate_csrf()
        if len(tokens) >= PortalSessionInterface.memo_size:
            tokens.clear()
        tokens[key] = signed
    else:
        setattr(g, field, signed)  # where Flask-WTF's forms look for this request's token
    return signed
