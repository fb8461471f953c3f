"""The frame every page is drawn in (``templates/_frame.html``): the head, the menu, the language switch and
the footer. It depends on the language, whether someone is signed in, the menu their roles give and which of
its entries is current, and on nothing else but a few values of the request (the page's title, scripts and
content, the CSRF token, the address to come back to, the user's name and the flashed messages). So it is
rendered once per worker for each such combination, with markers where those values go, cut at them, and
each page fills the holes: a page no longer renders the menu, the forms and a dozen messages every time."""
from __future__ import annotations

from flask import Flask, current_app, get_flashed_messages, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup, escape

from portal.cache import app_cache
from portal.security import current_roles
from portal.web import nav
from portal.web.sessions import csrf_token

_MARK = "\x00"  # never in a template, a translation or a value the frame shows: where the frame is cut
HOLES = frozenset({"title", "scripts", "token", "next", "name", "flashes", "content"})


class _Holes:
    """``hole.<name>`` in the frame: a marker for the request's value ``name``."""

    def __getattr__(self, name: str) -> Markup:
        if name not in HOLES:
            raise AttributeError(name)
        return Markup(f"{_MARK}{name}{_MARK}")  # nosec B704 (a fixed marker, cut out again)


def cut(markup: str) -> tuple[tuple[Markup, str | None], ...]:
    """``markup`` with markers as (text, the hole after it) pairs, the last with no hole."""
    parts = markup.split(_MARK)
    return tuple((Markup(parts[place]), parts[place + 1] if place + 1 < len(parts) else None)  # nosec B704
                 for place in range(0, len(parts), 2))


def render(locale, signed_in: bool, items: tuple, current: tuple[int, ...], hole) -> str:
    """``_frame.html`` with ``hole.<name>`` for each hole: markers to cut at, or (in tests) the values."""
    return current_app.jinja_env.get_template("_frame.html").render(
        locale=locale, signed_in=signed_in, menu=items, current=current, hole=hole)


def _flashes() -> Markup:
    return Markup("".join(f'<p class="flash flash-{escape(category)}">{escape(message)}</p>'  # nosec B704
                          for category, message in get_flashed_messages(with_categories=True)))


def page_frame() -> list[tuple[Markup, str | None, object]]:
    """The frame of this request's page as (text, the hole after it, this request's value for the hole): the
    page's blocks (title, scripts, content) go into theirs in ``base.html``."""
    locale = get_locale()
    signed_in = current_user.is_authenticated
    roles = current_roles() if signed_in else None
    items = nav.menu(roles) if signed_in else ()
    current = nav.current(items, request.path)
    pieces = app_cache("page-frames").get((str(locale), request.script_root, roles, current),
                                          lambda: cut(render(locale, signed_in, items, current, _Holes())))
    values = {"token": csrf_token(), "next": request.full_path if request.query_string else request.path,
              "name": current_user.name if signed_in else "", "flashes": _flashes()}
    return [(text, hole, values.get(hole)) for text, hole in pieces]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["page_frame"] = page_frame
