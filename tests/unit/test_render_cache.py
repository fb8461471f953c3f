"""The per-worker caches (values, rendered markup): bounded, least recently used out first, size 0 keeps nothing."""
from markupsafe import Markup

from portal.cache import FrozenCache
from portal.web.cache import RenderCache


def counting():
    calls = []

    def render(text):
        def go():
            calls.append(text)
            return f"<p>{text}</p>"
        return go
    return calls, render


def test_a_key_is_rendered_once_and_the_least_recently_used_goes_first():
    calls, render = counting()
    cache = RenderCache(2)
    assert cache.get("a", render("a")) == "<p>a</p>"
    cache.get("b", render("b"))
    cache.get("a", render("a"))  # a is now the most recently used
    cache.get("c", render("c"))  # so b goes
    cache.get("a", render("a"))
    cache.get("b", render("b"))
    assert calls == ["a", "b", "c", "b"] and len(cache) == 2


def test_size_zero_renders_every_time():
    calls, render = counting()
    cache = RenderCache(0)
    cache.get("a", render("a"))
    cache.get("a", render("a"))
    assert calls == ["a", "a"] and len(cache) == 0


def test_rendered_markup_is_kept_as_markup_and_other_values_as_they_are():
    assert isinstance(RenderCache(1).get("a", lambda: "<p>a</p>"), Markup)
    value = ("parsed", 1)
    frozen = FrozenCache(1)
    assert frozen.get("a", lambda: value) is value and frozen.get("a", lambda: ("other",)) is value
