"""Bounded, per-process caches of what cannot change once made: a frozen framework's questions, a report
snapshot as parsed, its findings as rendered (``portal.web.cache``).

Nothing is shared between workers or hosts, and nothing in them can go stale: a key names everything the
value is made of. Losing one (a restart, another worker) only costs making it again. They live on the app,
so each app (each test) starts empty."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

from flask import current_app


class FrozenCache:
    """Least recently used entries go first once ``size`` are kept; size 0 keeps nothing."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, make: Callable[[], object]):
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        # Made outside the lock (another thread may make the same key).
        value = self._made(make)
        if self.size > 0:
            with self._lock:
                self._entries[key] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value

    @staticmethod
    def _made(make: Callable[[], object]):
        return make()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        """Whether ``key`` is kept now (it may be gone by the next ``get``); does not count as a use."""
        return key in self._entries


def app_cache(name: str, kind: type[FrozenCache] = FrozenCache):
    """The app's cache called ``name`` (a ``kind`` made on first use), sized by the RENDER_CACHE_SIZE setting."""
    caches = current_app.extensions.setdefault("portal_render_caches", {})
    if name not in caches:
        caches[name] = kind(current_app.config["RENDER_CACHE_SIZE"])
    return caches[name]
