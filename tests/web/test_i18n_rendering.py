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


@pytest.mark.parametrize("lang", ["id", "en"])
def test_percent_and_date_filters_write_what_babel_writes(app, lang):
    shares = [i / 1000 for i in range(0, 1001, 7)] + [0.005, 0.015, 0.025, 0.125, 12.345, 1234.5, 0.4567]
    days = [date(2026, 1, 1) + timedelta(days=d * 37) for d in range(12)]
    with app.test_request_context("/", headers={"Cookie": f"lang={lang}"}):
        for share in shares:
            assert render_template_string("{{ v|percent }}", v=share) == format_percent(share, locale=lang)
        for day in days:
            for fmt in ("medium", "long", "short"):
                assert render_template_string("{{ v|date(f) }}", v=day, f=fmt) == format_date(day, fmt, locale=lang)
        assert render_template_string("{{ v|percent }}{{ w|date }}", v=None, w=None) == ""
