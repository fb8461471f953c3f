"""Choose between a whole page and a fragment on ``request.htmx`` (never on an element id)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import make_response, redirect, render_template, request
from werkzeug.exceptions import default_exceptions


def is_fragment_request() -> bool:
    """An htmx request that wants a piece of the page (not a boosted navigation)."""
    return bool(request.htmx) and not request.htmx.boosted and not request.htmx.history_restore_request


def render_page(page: str, fragment: str | None = None, status: int = 200, **context):
    """Render ``fragment`` for htmx fragment requests, else the whole ``page``."""
    template = fragment if fragment and is_fragment_request() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def htmx_redirect(location: str):
    """Redirect that works for plain forms (303) and for htmx requests (HX-Location)."""
    if is_fragment_request():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, code=303)


def safe_next_url(target: str | None, default: str) -> str:
    """Only follow local paths, so ``next=`` cannot send a user to another site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def refuse(status: int, message: str):
    """Stop with ``status`` and show ``message`` (already translated) on the error page."""
    error = default_exceptions[status](message)
    error.user_message = True
    raise error
