"""HTML templates whose own text is ASCII (``portal.domain.text.ascii_markup``), whatever characters their source
uses: the text between tags and expressions, never what an expression writes (names, messages and values are
escaped as they are; the catalogue's messages are made ASCII by ``portal.i18n``)."""
from __future__ import annotations

from jinja2.ext import Extension
from jinja2.lexer import Token

from portal.domain.text import ascii_markup


class AsciiTemplates(Extension):
    def filter_stream(self, stream):
        autoescape = self.environment.autoescape
        if not (autoescape(stream.name) if callable(autoescape) else autoescape):
            yield from stream  # not markup: its text stays as written
            return
        for token in stream:
            if token.type == "data" and not token.value.isascii():
                token = Token(token.lineno, token.type, ascii_markup(token.value))
            yield token
