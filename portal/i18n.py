"""Language: Indonesian by default, English on request, remembered in a cookie and on the account."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from types import SimpleNamespace
from weakref import WeakKeyDictionary

from babel import Locale
from babel.dates import format_date as babel_format_date
from flask import Flask, current_app, g, has_app_context, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup, escape

from portal.domain.text import ascii_markup

LANG_COOKIE = "lang"


@lru_cache(maxsize=8)
def _locale(code: str) -> Locale:
    """One Locale object per language for the whole process (Flask-Babel would parse one per request)."""
    return Locale.parse(code)


def select_locale() -> Locale:
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return _locale(current_user.locale)
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return _locale(chosen)
    return _locale(current_app.config["BABEL_DEFAULT_LOCALE"])


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


@lru_cache(maxsize=8)
def _symbols(locale: str) -> tuple[str, str]:
    symbols = Locale.parse(locale).number_symbols.get("latn", {})
    return symbols.get("decimal", "."), symbols.get("group", ",")


def _active() -> SimpleNamespace:
    """Catalogue and number symbols of the current language, looked up once per request.

    Flask-Babel finds the language and catalogue again on every call (a report page makes hundreds); this
    keeps them on its own per-request namespace, keyed by the locale object, so ``force_locale`` still
    switches them."""
    if not has_app_context():
        return _OUTSIDE
    space = g.get("_flask_babel")
    locale = getattr(space, "babel_locale", None)
    if locale is None:
        locale = get_locale()
        space = g.get("_flask_babel")
    found = getattr(space, "cermin_active", None)
    if found is None or found.locale is not locale:
        decimal, group = _symbols(str(locale))
        catalogue = get_translations()
        found = space.cermin_active = SimpleNamespace(locale=locale, catalogue=catalogue, markup=_markup(catalogue),
                                                      table={ord(","): group, ord("."): decimal})
    return found


_MARKUP: WeakKeyDictionary = WeakKeyDictionary()


def _markup(catalogue) -> dict:
    """A catalogue's messages as template markup, filled as templates ask for them: most template strings take
    no variables, and a report page shows a hundred of them."""
    found = _MARKUP.get(catalogue)
    if found is None:
        found = _MARKUP[catalogue] = {}
    return found


def gettext(string: str, **variables) -> str:
    """Flask-Babel's ``gettext`` (same catalogue, same %-formatting) without its lookups on every call."""
    text = _active().catalogue.ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's ``ngettext``: ``num`` is also available as ``%(num)s``."""
    variables.setdefault("num", num)
    return _active().catalogue.ungettext(singular, plural, num) % variables


def markup_gettext(string: str, **variables) -> Markup:
    """What ``_()`` gives in a template: the catalogue's text as markup, the variables escaped into it."""
    return _fill(_active().catalogue.ugettext(string), variables)


def markup_translator() -> Callable[..., Markup]:
    """``markup_gettext`` for the many messages of one page (a report's tables and advice ask for a hundred):
    the language's catalogue looked up once, and messages without variables made into markup once per process,
    as the templates' ``_()`` keeps them."""
    active = _active()
    ugettext, made = active.catalogue.ugettext, active.markup

    def translate(string: str, **variables) -> Markup:
        if variables:
            return _fill(ugettext(string), variables)
        found = made.get(string)
        if found is None:
            # % with no variables only turns %% into %, as markup_gettext does.
            found = made[string] = Markup(ascii_markup(ugettext(string))) % {}  # nosec B704
        return found

    return translate


# A message whose only placeholders are %(name)s (and %%): the same as Markup's % with the variables escaped
# first, without Markup's wrapper object per variable (a report's tables and advice fill a hundred).
_ONLY_NAMED = re.compile(r"(?:[^%]|%%|%\(\w+\)s)*")


@lru_cache(maxsize=2048)
def _as_markup(text: str) -> tuple[str, bool]:
    """A catalogue's message as markup text (ASCII: ``ascii_markup``) and whether its only placeholders are
    %(name)s."""
    return ascii_markup(text), _ONLY_NAMED.fullmatch(text) is not None


def _fill(text: str, variables: dict) -> Markup:
    """``Markup(text) % variables``: ``text`` comes from our catalogue, the variables are escaped."""
    text, named_only = _as_markup(text)
    if named_only:
        return Markup(text % {name: escape(value) for name, value in variables.items()})  # nosec B704
    return Markup(text) % variables  # nosec B704


def lazy_gettext(string: str, **variables) -> LazyString:
    """A label translated when it is shown (module-level constants, form labels)."""
    return LazyString(gettext, string, **variables)


def format_fixed(value, places: int = 2) -> str:
    """A number with ``places`` decimals in the current locale (2,50 in Indonesian, 2.50 in English).

    Same result as Babel's pattern "#,##0.00" (half-even rounding of a Decimal) at a small fraction of the
    cost: a report page prints hundreds of figures."""
    return _fixed(value, places, _active().table)


def fixed_formatter(places: int = 2) -> Callable[[object], str]:
    """``format_fixed`` for the many figures of one page: the language's number symbols looked up once, and each
    figure written once per process and language (a report's few hundred scores take a few hundred values
    between 1,00 and 5,00; equal numbers, as Decimal or float, format alike)."""
    table = _active().table
    written = _FIXED_WRITTEN.setdefault((places, table[ord(".")], table[ord(",")]), {})

    def fixed(value) -> str:
        found = written.get(value)
        if found is None:
            found = _fixed(value, places, table)
            if len(written) < _FIXED_KEPT:
                written[value] = found
        return found

    return fixed


_FIXED_WRITTEN: dict[tuple, dict] = {}
_FIXED_KEPT = 20_000  # figures kept per language and precision; others are written each time


def _fixed(value, places: int, table: dict) -> str:
    return f"{value:,.{places}f}".translate(table)


def percent_formatter() -> Callable[[object], str]:
    """The ``percent`` filter for the many shares of one page: the language's symbols looked up once."""
    table = _active().table
    return lambda value: _percent(value, table)


def _percent(value, table: dict) -> str:
    """Babel's percent pattern "#,##0%" (the same in Indonesian and English), half-even like Babel."""
    if value is None:
        return ""
    whole = (Decimal(str(value)) * 100).quantize(Decimal(1), ROUND_HALF_EVEN)
    return f"{whole:,}%".translate(table)


def _rendering(eval_ctx) -> SimpleNamespace:
    """The language of one template rendering, looked up at its first translated string or number."""
    try:
        return eval_ctx.cermin_active
    except AttributeError:
        eval_ctx.cermin_active = _active()
        return eval_ctx.cermin_active


# Template translation functions with the semantics Jinja's "newstyle" gettext gives (escaped variables,
# always %-formatted), called directly instead of through two context calls and Flask-Babel's lookups.
@pass_eval_context
def _template_gettext(eval_ctx, string: str, **variables) -> str:
    active = _rendering(eval_ctx)
    if not variables and eval_ctx.autoescape:
        found = active.markup.get(string)
        if found is None:
            # The catalogue is ours (as in Jinja's own gettext); % with no variables only turns %% into %.
            found = active.markup[string] = Markup(ascii_markup(active.catalogue.ugettext(string))) % {}  # nosec B704
        return found
    text = active.catalogue.ugettext(string)
    # The catalogue is ours (as in Jinja's own gettext); the variables are escaped (_fill).
    return _fill(text, variables) if eval_ctx.autoescape else text % variables


@pass_eval_context
def _template_ngettext(eval_ctx, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    text = _rendering(eval_ctx).catalogue.ungettext(singular, plural, num)
    return _fill(text, variables) if eval_ctx.autoescape else text % variables


@pass_eval_context
def _number_filter(eval_ctx, value, places: int | None = None) -> str:
    if value is None:
        return ""
    if places is None:
        return format_decimal(value)
    return _fixed(value, places, _rendering(eval_ctx).table)


@pass_eval_context
def _percent_filter(eval_ctx, value) -> str:
    return _percent(value, _rendering(eval_ctx).table)


@lru_cache(maxsize=4096)
def _date_text(value: date, fmt: str, locale: str) -> str:
    return babel_format_date(value, fmt, locale=locale)


@pass_eval_context
def _date_filter(eval_ctx, value, fmt: str = "medium") -> str:
    """A date in the current language; the same few dates (deadlines, periods) fill many rows."""
    if not value:
        return ""
    if isinstance(value, datetime):  # a moment needs the time zone: leave it to Flask-Babel
        return format_date(value, fmt)
    return _date_text(value, fmt, str(_rendering(eval_ctx).locale))


_OUTSIDE = SimpleNamespace(locale=None, catalogue=get_translations(), markup={}, table={})


def init_app(app: Flask) -> None:
    # Resolve the language at the start of the request: later, after a service has committed, reading the
    # signed-in user's preference would load the account again.
    app.before_request(lambda: get_locale() and None)
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)
    app.jinja_env.filters["date"] = _date_filter
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["number"] = _number_filter
    app.jinja_env.filters["percent"] = _percent_filter
