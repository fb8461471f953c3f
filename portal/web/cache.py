"""Rendered markup that cannot change: the findings of a frozen report snapshot (see ``portal.cache``)."""
from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from portal.cache import FrozenCache, app_cache


class RenderCache(FrozenCache):
    """Markup rendered by a template."""

    @staticmethod
    def _made(make: Callable[[], object]) -> Markup:
        return Markup(make())  # nosec B704 (templates escape what they insert)


def render_cache(name: str) -> RenderCache:
    """The app's cache of markup called ``name``, sized by the RENDER_CACHE_SIZE setting."""
    return app_cache(name, RenderCache)
