"""Templates translate through the portal's own gettext: same results as Jinja's newstyle gettext."""
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from babel.numbers import format_percent
from flask import render_template_string
from flask_babel import force_locale

PAGE = ('{{ _("Keluar") }}|{{ ngettext("%(num)s penjawab", "%(num)s penjawab", 2) }}|{{ 1234.5|number(2) }}'
        '|{{ _("Komentar tentang %(name)s (tidak wajib)", name="<b>") }}')


def test_indonesian_is_the_default(app):
    with app.test_request_context("/"):
        assert render_template_string(PAGE) == "Keluar|2 penjawab|1.234,50|Komentar tentang &lt;b&gt; (tidak wajib)"


def test_english_from_the_language_cookie(app):
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        assert render_template_string(PAGE) == "Sign out|2 respondents|1,234.50|Comments about &lt;b&gt; (optional)"


def test_force_locale_switches_a_rendering_inside_the_same_request(app):
    with app.test_request_context("/"):
        assert render_template_string(PAGE).startswith("Keluar|")
        with force_locale("en"):
            assert render_template_string(PAGE).startswith("Sign out|2 respondents|1,234.50")
        assert render_template_string(PAGE).startswith("Keluar|2 penjawab|1.234,50")


@pytest.mark.parametrize("lang, expected", [("id", "1.234,56|3,50|-0,25"), ("en", "1,234.56|3.50|-0.25")])
def test_a_fixed_formatter_writes_the_figures_of_the_language_it_was_made_in(app, lang, expected):
    from decimal import Decimal

    from portal.i18n import fixed_formatter, format_fixed

    values = (Decimal("1234.565"), Decimal("3.5"), Decimal("-0.25"))  # half-even, as Babel rounds
    with app.test_request_context("/", headers={"Cookie": f"lang={lang}"}):
        two = fixed_formatter(2)
        assert "|".join(two(v) for v in values) == expected == "|".join(format_fixed(v, 2) for v in values)
        with force_locale("en" if lang == "id" else "id"):
            assert "|".join(two(v) for v in values) == expected  # bound to its language once made


@pytest.mark.parametrize("lang", ["id", "en"])
def test_percent_and_date_filters_write_what_babel_writes(app, lang):
    from portal.i18n import percent_formatter

    shares = [i / 1000 for i in range(0, 1001, 7)] + [0.005, 0.015, 0.025, 0.125, 12.345, 1234.5, 0.4567]
    days = [date(2026, 1, 1) + timedelta(days=d * 37) for d in range(12)]
    with app.test_request_context("/", headers={"Cookie": f"lang={lang}"}):
        for share in shares:
            assert render_template_string("{{ v|percent }}", v=share) == format_percent(share, locale=lang)
        for day in days:
            for fmt in ("medium", "long", "short"):
                assert render_template_string("{{ v|date(f) }}", v=day, f=fmt) == format_date(day, fmt, locale=lang)
        assert render_template_string("{{ v|percent }}{{ w|date }}", v=None, w=None) == ""
        percent = percent_formatter()  # widgets' share of the same: bound to this language once made
        with force_locale("en" if lang == "id" else "id"):
            assert [percent(share) for share in shares] == [format_percent(share, locale=lang) for share in shares]
        assert percent(None) == ""


@pytest.mark.parametrize("lang", ["id", "en"])
def test_code_translates_as_flask_babel_does(app, lang):
    """portal.i18n's gettext, ngettext and lazy_gettext (used by routes, forms and labels) give Flask-Babel's
    results for every message of the catalogue, with and without variables, and follow force_locale."""
    import flask_babel
    from babel.messages.pofile import read_po

    from portal import i18n

    with open("portal/translations/en/LC_MESSAGES/messages.po", "rb") as po:
        catalogue = [m for m in read_po(po) if m.id]
    assert len(catalogue) > 300
    with app.test_request_context("/", headers={"Cookie": f"lang={lang}"}):
        for message in catalogue:
            if isinstance(message.id, tuple):
                for num in (1, 2, 5):
                    ours = i18n.ngettext(message.id[0], message.id[1], num, name="<b>", count=num, k=3)
                    assert ours == flask_babel.ngettext(message.id[0], message.id[1], num, name="<b>", count=num, k=3)
                continue
            assert i18n.gettext(message.id) == flask_babel.gettext(message.id)
            assert str(i18n.lazy_gettext(message.id)) == str(flask_babel.lazy_gettext(message.id))
        named = "Komentar tentang %(name)s (tidak wajib)"
        assert i18n.gettext(named, name="<b>") == flask_babel.gettext(named, name="<b>")
        other = "en" if lang == "id" else "id"
        with force_locale(other):
            assert i18n.gettext("Keluar") == flask_babel.gettext("Keluar") == ("Sign out" if other == "en" else "Keluar")
        assert i18n.gettext("Keluar") == ("Sign out" if lang == "en" else "Keluar")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_templates_translate_every_message_as_jinja_newstyle_gettext_does(app, lang):
    """Every message of the catalogue, with and without variables (some to escape), rendered twice (the second
    time from the kept markup) through the portal's ``_`` and the widgets' translators, equals Jinja's own newstyle
    gettext output, its characters beyond ASCII written as character references (the same text to a browser)."""
    import re

    from babel.messages.pofile import read_po
    from flask_babel import get_translations
    from jinja2 import Environment

    from portal.domain.text import ascii_markup
    from portal.i18n import markup_gettext, markup_translator

    with open("portal/translations/en/LC_MESSAGES/messages.po", "rb") as po:
        messages = [m.id for m in read_po(po) if m.id and not isinstance(m.id, tuple)]
    with app.test_request_context("/", headers={"Cookie": f"lang={lang}"}):
        catalogue = get_translations()
        reference = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
        reference.install_gettext_callables(catalogue.ugettext, catalogue.ungettext, newstyle=True)
        page = "{{ _(m, **v) }}|{{ _(m, **v) }}"
        expected_page = reference.from_string(page)
        for message in messages + ["100%% sesuai"]:
            variables = {name: "<i>&</i>" for name in re.findall(r"%\((\w+)\)", message)}
            expected = ascii_markup(expected_page.render(m=message, v=variables))
            assert expected.isascii()
            assert render_template_string(page, m=message, v=variables) == expected
            # What widgets insert for a template's _(): the same markup.
            assert f"{markup_gettext(message, **variables)}|{markup_gettext(message, **variables)}" == expected
            translate = markup_translator()  # one page's: the second time from the kept markup
            assert f"{translate(message, **variables)}|{translate(message, **variables)}" == expected


def test_a_formatters_kept_figures_stay_in_their_language_and_equal_numbers_write_alike(app, monkeypatch):
    from decimal import Decimal

    from portal import i18n

    with app.test_request_context("/"):
        ours = i18n.fixed_formatter(2)
        assert [ours(v) for v in (Decimal("3.5"), 3.5, Decimal("3.50"), Decimal("3.455"), 3)] == \
            ["3,50", "3,50", "3,50", "3,46", "3,00"]
        with force_locale("en"):
            english = i18n.fixed_formatter(2)
            assert [english(v) for v in (Decimal("3.5"), 3.5, Decimal("1234.5"))] == ["3.50", "3.50", "1,234.50"]
        assert ours(Decimal("1234.5")) == i18n.fixed_formatter(2)(Decimal("1234.5")) == "1.234,50"
        assert i18n.fixed_formatter(1)(Decimal("3.5")) == "3,5"  # each precision its own
        monkeypatch.setattr(i18n, "_FIXED_KEPT", 0)  # once full, figures are written each time, as before
        fresh = i18n.fixed_formatter(2)
        assert fresh(Decimal("4.125")) == fresh(Decimal("4.125")) == "4,12"


def test_markup_messages_with_other_placeholders_keep_markups_own_formatting(app):
    from markupsafe import Markup

    from portal.domain.text import ascii_markup
    from portal.i18n import markup_gettext, markup_translator

    with app.test_request_context("/"):
        for translate in (markup_gettext, markup_translator()):
            assert translate("%(n)d dari %(m)s", n=3, m="<b>") == Markup("3 dari &lt;b&gt;")
            assert translate("%(x).1f%%", x=2.25) == Markup("2.2%")
            assert translate("oleh %(who)s", who=Markup("<b>HR</b>")) == Markup("oleh <b>HR</b>")  # not escaped twice
            assert translate("oleh %(who)s", who="<b>HR</b>") == Markup("oleh &lt;b&gt;HR&lt;/b&gt;")
