"""Server-side role checks. A signed-out visitor is sent to the login page; a signed-in one
without the role gets 403."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from portal.security import current_roles


def roles_required(*allowed: str) -> Callable:
    """Allow the view when the user has at least one of ``allowed`` (effective roles)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_roles() & set(allowed):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
