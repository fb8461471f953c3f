"""Settings read from the environment, with safe local defaults.

Production (``PORTAL_ENV=production``) refuses to start without ``SECRET_KEY``;
locally a random key is generated once into ``instance/secret_key``.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """The environment does not describe a runnable portal."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _local_secret(instance_path: Path) -> str:
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the Flask config mapping from the environment and ``overrides``."""
    env = os.environ
    overrides = dict(overrides or {})
    production = (overrides.get("PORTAL_ENV") or env.get("PORTAL_ENV", "development")) == "production"
    instance = Path(instance_path)

    secret = overrides.get("SECRET_KEY") or env.get("SECRET_KEY")
    if not secret:
        if production:
            raise ConfigError("SECRET_KEY must be set when PORTAL_ENV=production.")
        secret = _local_secret(instance)

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'cermin360.sqlite3'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]

    config = {
        "PORTAL_ENV": "production" if production else "development",
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        # A pooled connection idle longer than this (seconds) is tested before use, so one that died meanwhile
        # (database restart, failover, a firewall's idle cut) is replaced unseen. Busy workers skip the test.
        "DATABASE_PING_AFTER_IDLE": float(env.get("DATABASE_PING_AFTER_IDLE", 1)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", 8 * 1024 * 1024)),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # A moving window: with fixed windows, 5 per minute allowed 10 guesses across a minute's turn.
        "RATELIMIT_STRATEGY": env.get("RATELIMIT_STRATEGY", "moving-window"),
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "5 per minute;20 per hour"),
        # Citizens' survey POSTs per client address (a service counter may share one address).
        "PUBLIC_RATE_LIMIT": env.get("PUBLIC_RATE_LIMIT", "6 per minute;60 per hour"),
        "PUBLIC_MIN_FILL_SECONDS": int(env.get("PUBLIC_MIN_FILL_SECONDS", 8)),
        "PUBLIC_FORM_MAX_AGE": int(env.get("PUBLIC_FORM_MAX_AGE", 4 * 3600)),
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": env.get("PORTAL_TIMEZONE", "Asia/Jakarta"),
        "LANGUAGES": ("id", "en"),
        "PASSWORD_HASH_METHOD": env.get("PASSWORD_HASH_METHOD", "scrypt"),
        "PAGE_SIZE": int(env.get("PAGE_SIZE", 25)),
        # Rendered findings of frozen reports kept per worker and language (about 40 kB each).
        "RENDER_CACHE_SIZE": int(env.get("RENDER_CACHE_SIZE", 500)),
        # Render every report's findings when a cycle's reports are released, so that each first view reads them
        # (portal.reports.findings): 3-5 ms of CPU a report, on the close's worker processes. Off: the release
        # is that much shorter, and each report's first view renders them.
        "STORE_FINDINGS": _bool(env.get("STORE_FINDINGS"), True),
        # Processes that read and compute reports while a large cycle closes; unset: one per CPU, at most four.
        "CLOSE_WORKERS": int(env["CLOSE_WORKERS"]) if env.get("CLOSE_WORKERS") else None,
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", 587)),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS"), True),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "cermin360@localhost"),
    }
    config.update(overrides)
    if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides and config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # One connection per thread is enough for SQLite; WAL lets readers run beside a writer.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    return config
