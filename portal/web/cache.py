"""A bounded, per-process cache of markup that cannot change: the findings of a frozen report snapshot.

Nothing is shared between workers or hosts, and nothing in it can go stale: a key names everything the
markup is made of. Losing it (a restart, another worker) only costs one rendering."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

from flask import current_app
from markupsafe import Markup


class RenderCache:
    """Least recently used entries go first once ``size`` are kept; size 0 keeps nothing."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, render: Callable[[], str]) -> Markup:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        # Rendered outside the lock (another thread may render the same key); templates escape what they insert.
        markup = Markup(render())  # nosec B704
        if self.size > 0:
            with self._lock:
                self._entries[key] = markup
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return markup

    def __len__(self) -> int:
        return len(self._entries)


def render_cache(name: str) -> RenderCache:
    """The app's cache called ``name``, sized by the RENDER_CACHE_SIZE setting."""
    caches = current_app.extensions.setdefault("portal_render_caches", {})
    if name not in caches:
        caches[name] = RenderCache(current_app.config["RENDER_CACHE_SIZE"])
    return caches[name]
