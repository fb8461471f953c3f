"""The app's Flask: URLs built once per worker (a page builds ten to twenty, the menu, the stylesheet, its own
links, the same on every request, and Werkzeug builds each anew at about the cost of a small query's overhead),
and its hooks and views known to be plain functions after the first ask (Flask asks about twenty times a
request whether each is a coroutine)."""
from __future__ import annotations

from threading import Lock

from flask import Flask
from flask.globals import _cv_request
from werkzeug.routing import IntegerConverter

_PLAIN = (str, int, float, type(None))  # bool is an int
_UNKNOWN = object()
# Stand-ins for a rule's integer parts while its pattern is made: each must come out once, as written.
_SENTINEL = 731_500_000_000


class PortalFlask(Flask):
    """Flask whose in-request, path-only URLs (the usual ``url_for``) come from a bounded per-process memo.

    A path-only URL depends only on the endpoint, the values and the prefix the app is served under (the request's
    script root): those are the key. Anything else (external URLs, anchors, methods, blueprint-relative
    endpoints, list values, URL default callbacks, host or subdomain matching) is built by Flask as before."""

    url_memo_size = 4096

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._url_memo: dict = {}
        self._url_patterns: dict = {}
        self._url_memo_lock = Lock()
        self._plain_functions: dict = {}

    def ensure_sync(self, func):
        plain = self._plain_functions
        try:
            if func in plain:
                return func
        except TypeError:  # an unhashable callable: asked every time, as Flask does
            return super().ensure_sync(func)
        made = super().ensure_sync(func)
        if made is func:  # not a coroutine: the same function every time
            if len(plain) >= self.url_memo_size:
                plain.clear()
            plain[func] = True
        return made

    def url_for(self, endpoint: str, /, *, _anchor=None, _method=None, _scheme=None, _external=None, **values) -> str:
        key = self._url_key(endpoint, _anchor, _method, _scheme, _external, values)
        if key is None:
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                                   _external=_external, **values)
        found = self._url_memo.get(key)
        if found is None:
            found = self._by_pattern(key[0], endpoint, values)
            if found is not None:
                return found  # as cheap to write again as to look up: the memo keeps its room for the others
            found = super().url_for(endpoint, **values)
            with self._url_memo_lock:
                if len(self._url_memo) >= self.url_memo_size:
                    self._url_memo.clear()  # rare: links to many records; rebuilt as they are asked for
                self._url_memo[key] = found
        return found

    def _url_key(self, endpoint: str, anchor, method, scheme, external, values: dict) -> tuple | None:
        req_ctx = _cv_request.get(None)
        if (req_ctx is None or anchor is not None or method is not None or scheme is not None or external
                or endpoint[:1] == "." or not self._url_memo_allowed()):
            return None
        if values:
            # The type goes into the key: 1 and True are equal keys but different URLs.
            items = tuple(sorted((name, type(value), value) for name, value in values.items()))
            if not all(type(value) in _PLAIN or isinstance(value, bool) for _, _, value in items):
                return None
        else:
            items = ()
        adapter = req_ctx.url_adapter
        return None if adapter is None else (adapter.script_name, endpoint, items)

    def _url_memo_allowed(self) -> bool:
        """No URL default callbacks, host or subdomain matching; fixed once the app has served a request (Flask
        refuses setup after that), so then asked only once."""
        allowed = self.__dict__.get("_url_memo_ok")
        if allowed is None:
            allowed = not (self.url_map.host_matching or self.subdomain_matching
                           or any(self.url_default_functions.values()))
            if self._got_first_request:
                self._url_memo_ok = allowed
        return allowed

    def _by_pattern(self, script_name: str, endpoint: str, values: dict) -> str | None:
        """A path whose values are all integers filling its rule's integer parts, written into the rule's pattern
        (made once per prefix, endpoint and names): links to records (a report, a plan, a list's rows) differ
        by their ids on every page, so the memo would miss them. None where the pattern does not apply."""
        if not values or not all(type(value) is int for value in values.values()):
            return None
        names = tuple(sorted(values))
        key = (script_name, endpoint, names)
        pattern = self._url_patterns.get(key, _UNKNOWN)
        if pattern is _UNKNOWN:
            pattern = self._pattern(endpoint, names)
            with self._url_memo_lock:
                if len(self._url_patterns) >= self.url_memo_size:
                    self._url_patterns.clear()
                self._url_patterns[key] = pattern
        if pattern is None:
            return None
        pieces, order = pattern
        parts = [pieces[0]]
        for name, piece in zip(order, pieces[1:]):
            parts += (str(values[name]), piece)
        return "".join(parts)

    def _pattern(self, endpoint: str, names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """The URL of the endpoint's only rule, cut where each of ``names`` goes, and their order in it; None
        unless the rule takes exactly these names, each as a plain integer part (no fixed digits), and has no
        defaults (a default picks the rule by its value, not only by the names)."""
        try:
            rules = list(self.url_map.iter_rules(endpoint))
        except KeyError:  # unknown: Flask raises its BuildError
            return None
        converters = getattr(rules[0], "_converters", None) if len(rules) == 1 else None  # Werkzeug's own
        if converters is None:
            return None
        rule = rules[0]
        if rule.defaults or set(rule.arguments) != set(names) or not all(
                type(converters.get(name)) is IntegerConverter and not converters[name].fixed_digits
                for name in names):
            return None
        stand_ins = {name: _SENTINEL + place for place, name in enumerate(names)}
        built = super().url_for(endpoint, **stand_ins)
        found = sorted((built.find(str(number)), name) for name, number in stand_ins.items())
        if any(at < 0 or built.count(str(stand_ins[name])) != 1 for at, name in found):
            return None
        pieces, start = [], 0
        for at, name in found:
            pieces.append(built[start:at])
            start = at + len(str(stand_ins[name]))
        pieces.append(built[start:])
        return tuple(pieces), tuple(name for _, name in found)
