"""Flask extensions, created once and bound to an app in ``create_app``."""
from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData

from portal.database import PortalSession

# Stable constraint names so that migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING), session_options={"class_": PortalSession})
migrate = Migrate(render_as_batch=True, compare_type=True)
login = LoginManager()
csrf = CSRFProtect()
htmx = Htmx()
babel = Babel()


class ViewLimiter(Limiter):
    """Flask-Limiter without its look for app-wide limits before every request when there are none.

    The portal's limits sit on views (sign-in, the public survey) and their decorators check them; the
    extension's before-request check would otherwise resolve an empty set on every page. Any app-wide, default,
    blueprint or meta limit (e.g. RATELIMIT_DEFAULT) brings that check back."""

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if in_middleware and not self._wide_limits():
            return
        super()._check_request_limit(callable_name, in_middleware)

    def _wide_limits(self) -> bool:
        manager = self.limit_manager
        return bool(manager.application_limits or manager.default_limits or self._meta_limits
                    or manager._blueprint_limits)


limiter = ViewLimiter(key_func=get_remote_address, default_limits=[])
