"""Templates translate through the portal's own gettext: same results as Jinja's newstyle gettext."""
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
