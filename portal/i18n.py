"""Language: Indonesian by default, English on request, remembered in a cookie and on the account."""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_login import current_user

LANG_COOKIE = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


@lru_cache(maxsize=8)
def _symbols(locale: str) -> tuple[str, str]:
    symbols = Locale.parse(locale).number_symbols.get("latn", {})
    return symbols.get("decimal", "."), symbols.get("group", ",")


def format_fixed(value, places: int = 2) -> str:
    """A number with ``places`` decimals in the current locale (2,50 in Indonesian, 2.50 in English).

    Same result as Babel's pattern "#,##0.00" (half-even rounding of a Decimal) at a small fraction of the
    cost: a report page prints hundreds of figures."""
    decimal, group = _symbols(str(get_locale()))
    text = f"{value:,.{places}f}"
    return text.translate({ord(","): group, ord("."): decimal})


def init_app(app: Flask) -> None:
    # Resolve the language at the start of the request: later, after a service has committed, reading the
    # signed-in user's preference would load the account again.
    app.before_request(lambda: get_locale() and None)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["number"] = lambda value, places=None: (
        "" if value is None else format_decimal(value) if places is None else format_fixed(value, places)
    )
    app.jinja_env.filters["percent"] = lambda value: "" if value is None else format_percent(value)
