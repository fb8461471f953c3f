"""Upgrading an empty database to head gives exactly the models' schema, on each backend."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from tests.conftest import BACKENDS, _worker, base_config, pg_schema_url, reset_pg_schema


@pytest.fixture(params=BACKENDS)
def empty_app(request, tmp_path, monkeypatch):
    from portal import create_app
    from portal.extensions import db

    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    if request.param == "sqlite":
        config = base_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'mig.sqlite3'}")
    else:
        schema = f"mig_{_worker(request)}"
        reset_pg_schema(schema)
        url, options = pg_schema_url(schema)
        config = base_config(SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=options)
    app = create_app(config)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        reset_pg_schema(schema, drop_only=True)


def _differences(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_to_head_matches_models(empty_app):
    from portal.extensions import db

    upgrade(revision="heads")
    assert _differences(db) == []


def test_downgrade_to_base_and_up_again(empty_app):
    from portal.extensions import db

    upgrade(revision="heads")
    downgrade(revision="base")
    upgrade(revision="heads")
    assert _differences(db) == []


def test_the_migrated_catalogue_counts_its_revisions(empty_app):
    """The triggers come from the migration here (``create_all`` makes them for the other tests)."""
    from sqlalchemy import text

    from portal.extensions import db
    from portal.services import trainings

    upgrade(revision="heads")
    db.session.execute(text("INSERT INTO training (code, title, provider, form, kind, jp, level, description, active) "
                            "VALUES ('UJI.01', 'T', 'P', 'klasikal', 'pelatihan_teknis', 2, 1, '', true)"))
    db.session.commit()
    assert trainings.revision() == 0
    db.session.execute(text("UPDATE training SET title = 'T2'"))
    db.session.execute(text("DELETE FROM training"))
    db.session.commit()
    assert trainings.revision() == 2
