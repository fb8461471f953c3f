"""Appraisal cycles and rater assignments."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, CheckConstraint, ForeignKey, Index, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.domain.sources import ASSIGNED
from portal.extensions import db
from portal.models.audit import _now
from portal.models.framework import Framework
from portal.models.org import Employee, Unit

CYCLE_STATES = ("draft", "nominating", "collecting", "closed", "released")
ASSIGNMENT_STATES = ("proposed", "active", "removed", "completed")
_states = ", ".join(f"'{s}'" for s in CYCLE_STATES)
_assignment_states = ", ".join(f"'{s}'" for s in ASSIGNMENT_STATES)
_assigned = ", ".join(f"'{s}'" for s in ASSIGNED)

cycle_unit = Table(
    "cycle_unit",
    db.metadata,
    Column("cycle_id", ForeignKey("cycle.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id"), primary_key=True),
)


class Cycle(db.Model):
    __tablename__ = "cycle"
    __table_args__ = (
        CheckConstraint(f"state IN ({_states})", name="state"),
        CheckConstraint("min_group_size >= 2", name="min_group_size"),
        CheckConstraint("comment_min_group_size >= min_group_size", name="comment_min_group_size"),
        CheckConstraint("peer_min >= 0 AND peer_max >= peer_min", name="peer_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    period_start: Mapped[date]
    period_end: Mapped[date]
    framework_id: Mapped[int | None] = mapped_column(ForeignKey("framework.id"))
    state: Mapped[str] = mapped_column(String(12), default="draft")
    nomination_deadline: Mapped[date | None]
    feedback_deadline: Mapped[date | None]
    min_group_size: Mapped[int] = mapped_column(default=3)
    comment_min_group_size: Mapped[int] = mapped_column(default=3)
    peer_min: Mapped[int] = mapped_column(default=3)
    peer_max: Mapped[int] = mapped_column(default=8)
    peer_cap: Mapped[int] = mapped_column(default=10)
    direct_reports_rate: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=_now)

    framework: Mapped[Framework | None] = relationship()
    units: Mapped[list[Unit]] = relationship(secondary=cycle_unit, order_by="Unit.name")


class Assignment(db.Model):
    """Who rates whom in a cycle, as which source. Peer rows start 'proposed' until approved.

    Completion is recorded by a Receipt, which carries no answers; the answers live in a Response
    that (for anonymous sources) carries no rater."""

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("cycle_id", "subject_id", "rater_id"),
        CheckConstraint(f"source IN ({_assigned})", name="source"),
        CheckConstraint(f"state IN ({_assignment_states})", name="state"),
        CheckConstraint("source = 'self' OR subject_id <> rater_id", name="rater_not_subject"),
        Index("ix_assignment_rater", "rater_id", "cycle_id"),
        Index("ix_assignment_subject", "subject_id", "cycle_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    rater_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    source: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(12), default="active")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    last_reminded_at: Mapped[datetime | None]

    cycle: Mapped[Cycle] = relationship()
    subject: Mapped[Employee] = relationship(foreign_keys=[subject_id])
    rater: Mapped[Employee] = relationship(foreign_keys=[rater_id])
