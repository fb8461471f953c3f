"""Cermin 360: the application factory."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from portal import config as portal_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides settings read from the environment (tests use it)."""
    instance_path = os.environ.get("PORTAL_INSTANCE_PATH", str(ROOT / "instance"))
    from portal.web.sessions import PortalSessionInterface, csrf_token
    from portal.web.ascii import AsciiTemplates
    from portal.web.urls import PortalFlask

    app = PortalFlask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(portal_config.load(instance_path, config))
    app.session_interface = PortalSessionInterface()

    from portal import cli, errors, i18n, security
    from portal.web import frame, labels, widgets
    from portal.extensions import babel, csrf, db, htmx, limiter, login, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    app.jinja_env.add_extension(AsciiTemplates)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})  # after (over) Flask-WTF's own
    htmx.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    login.init_app(app)

    from portal import database

    database.configure(app)
    security.init_app(app)
    frame.init_app(app)
    labels.init_app(app)
    widgets.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from portal.admin import bp as admin_bp
    from portal.auth import bp as auth_bp
    from portal.home import bp as home_bp
    from portal.peers import bp as peers_bp
    from portal.public import bp as public_bp
    from portal.reports import bp as reports_bp
    from portal.self_review import bp as self_review_bp
    from portal.supervisors import bp as supervisors_bp
    from portal.trainers import bp as trainers_bp

    app.register_blueprint(home_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(self_review_bp)
    app.register_blueprint(peers_bp)
    app.register_blueprint(supervisors_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(trainers_bp)
    app.register_blueprint(public_bp)
