"""Markup written in ASCII (portal.domain.text.ascii_markup, portal.web.ascii): the same text to a browser."""
from html import unescape

from hypothesis import given, strategies as st
from jinja2 import DictLoader, Environment, select_autoescape
from markupsafe import escape

from portal.domain.text import ascii_markup
from portal.web.ascii import AsciiTemplates


@given(st.text())
def test_any_text_reads_the_same_once_written_in_ascii(text):
    written = ascii_markup(str(escape(text)))
    assert unescape(written) == text
    # Only C1 control characters stay: a browser reads &#128; to &#159; as other characters.
    assert all(c.isascii() or "\x80" <= c <= "\x9f" for c in written)


def test_ascii_markup_is_returned_as_it_is():
    markup = '<p class="x">a &middot; b</p>'
    assert ascii_markup(markup) is markup
    assert ascii_markup("Rp 1.000 · 20–29 tahun — “ok” ✓") == \
        "Rp 1.000 &#183; 20&#8211;29 tahun &#8212; &#8220;ok&#8221; &#10003;"


def _environment() -> Environment:
    templates = {"page.html": "<p>{{ a }} · {{ b }} – ok</p>{% if true %}<i>✓</i>{% endif %}",
                 "mail.txt": "Salam · {{ a }} – ok"}
    return Environment(loader=DictLoader(templates), extensions=[AsciiTemplates],
                       autoescape=select_autoescape(["html"]))


def test_a_markup_template_writes_its_own_text_in_ascii_and_the_values_as_they_are():
    page = _environment().get_template("page.html").render(a="Nur’aini", b="<b>")
    assert page == "<p>Nur’aini &#183; &lt;b&gt; &#8211; ok</p><i>&#10003;</i>"


def test_a_template_that_is_not_markup_keeps_its_text():
    assert _environment().get_template("mail.txt").render(a="x") == "Salam · x – ok"
