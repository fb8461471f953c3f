"""The training catalogue HR and trainers keep: what can be recommended for which competency."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
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
