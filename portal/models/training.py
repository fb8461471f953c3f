"""The training catalogue HR and trainers keep: what can be recommended for which competency."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

TRAINING_FORMS = ("klasikal", "nonklasikal")

# Competencies by code: framework versions change ids, not codes.
training_competency = Table(
    "training_competency",
    db.metadata,
    Column("training_id", ForeignKey("training.id", ondelete="CASCADE"), primary_key=True),
    Column("competency_code", String(16), primary_key=True, index=True),
)


class Training(db.Model):
    __tablename__ = "training"
    __table_args__ = (CheckConstraint("form IN ('klasikal', 'nonklasikal')", name="form"),
                      CheckConstraint("jp BETWEEN 1 AND 200", name="jp"),
                      CheckConstraint("level BETWEEN 1 AND 5", name="level"))

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    form: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(32))
    jp: Mapped[int]
    level: Mapped[int]
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def competency_codes(self) -> list[str]:
        return sorted(db.session.scalars(db.select(training_competency.c.competency_code)
                                         .where(training_competency.c.training_id == self.id)))


class CatalogueRevision(db.Model):
    """How many times a training's description as reports show it (code, title, provider, form, JP, level) has
    changed, or a training has gone: report findings kept per worker and stored at the release name the revision
    they were made with, and are made again under another. Kept by the database's triggers (``REVISION_TRIGGERS``),
    so an edit made outside the portal counts too. One row (id 1), written by the first change: none, no change."""

    __tablename__ = "catalogue_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int]


# The triggers behind ``CatalogueRevision``: an upsert, so the row comes back even if the table was emptied.
_REVISED = ("INSERT INTO catalogue_revision (id, revision) VALUES (1, 1) "
            "ON CONFLICT (id) DO UPDATE SET revision = catalogue_revision.revision + 1")
_SHOWN_COLUMNS = "code, title, provider, form, jp, level"
REVISION_TRIGGERS = {
    "postgresql": (
        f"CREATE OR REPLACE FUNCTION catalogue_revised() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {_REVISED}; RETURN NULL; END $$",
        f"CREATE TRIGGER training_revised AFTER UPDATE OF {_SHOWN_COLUMNS} OR DELETE ON training "
        f"FOR EACH STATEMENT EXECUTE FUNCTION catalogue_revised()",
    ),
    "sqlite": (
        f"CREATE TRIGGER training_revised AFTER UPDATE OF {_SHOWN_COLUMNS} ON training BEGIN {_REVISED}; END",
        f"CREATE TRIGGER training_removed AFTER DELETE ON training BEGIN {_REVISED}; END",
    ),
}


@event.listens_for(db.metadata, "after_create")
def _create_revision_triggers(_metadata, connection, **_kw) -> None:
    # ``create_all`` (tests); a database made by the migrations gets them from ``0009_catalogue_revision``.
    for statement in REVISION_TRIGGERS.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)
