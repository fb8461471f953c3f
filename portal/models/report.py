"""Released reports: a frozen snapshot per employee and cycle, taken when the cycle closes.

``ReportSnapshot.data`` is the whole report as plain data (``portal.domain.report.report_to_dict``);
``ReportScore`` repeats the per-competency figures in columns so trainers' skill-gap lists can be
aggregated in SQL; ``Recommendation`` keeps the trainings suggested at close. Nothing here refers to a
rater: these tables are built only from figures that passed the anonymity rules.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (JSON, CheckConstraint, ForeignKey, ForeignKeyConstraint, Index, LargeBinary, Numeric, String,
                        Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.audit import _now
from portal.models.cycle import Cycle
from portal.models.org import Employee

PLAN_STATUSES = ("planned", "in_progress", "done", "cancelled")
_plan_statuses = ", ".join(f"'{s}'" for s in PLAN_STATUSES)


class ReportSnapshot(db.Model):
    __tablename__ = "report_snapshot"
    # The two key triples a score's and a recommendation's foreign keys refer to (see below).
    __table_args__ = (UniqueConstraint("cycle_id", "subject_id"), UniqueConstraint("id", "cycle_id", "subject_id"),
                      UniqueConstraint("id", "cycle_id", "unit_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=_now)

    cycle: Mapped[Cycle] = relationship()
    subject: Mapped[Employee] = relationship()


class ReportScore(db.Model):
    __tablename__ = "report_score"
    # A score's cycle and unit are its snapshot's: one key checks all three (a close writes 16 scores a report;
    # on PostgreSQL each foreign key is a lookup per row) and keeps them consistent.
    __table_args__ = (Index("ix_report_score_cycle_competency", "cycle_id", "competency_code", "unit_id"),
                      ForeignKeyConstraint(["snapshot_id", "cycle_id", "unit_id"],
                                           ["report_snapshot.id", "report_snapshot.cycle_id", "report_snapshot.unit_id"],
                                           ondelete="CASCADE"))

    snapshot_id: Mapped[int] = mapped_column(primary_key=True)
    competency_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    competency_name: Mapped[str] = mapped_column(String(200))
    cycle_id: Mapped[int]
    unit_id: Mapped[int]
    others_score: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    self_score: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))


class ReportFindings(db.Model):
    """A report's findings as rendered when the reports were released, in one language (``portal.reports.findings``):
    the first view of each report reads them instead of rendering. ``key`` digests everything they were made of
    (what the report page reads with the snapshot and the code that renders it); a page whose digest differs
    renders afresh. ``markup`` is UTF-8, deflated (raw, zlib wbits -15), with the employee's own links marked."""

    __tablename__ = "report_findings"
    __table_args__ = (ForeignKeyConstraint(["snapshot_id"], ["report_snapshot.id"], ondelete="CASCADE"),)

    snapshot_id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(8), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    markup: Mapped[bytes] = mapped_column(LargeBinary)


class UnitScore(db.Model):
    """A unit's figures per competency at close: how many employees have an "all others" score, their average
    and how many are below expectation. The average and count are stored only when at least k employees
    have a score (fewer would let a colleague work out one person's figure); they feed the report's unit
    average and the trainers' skill-gap matrix, which reads these rows instead of every report."""

    __tablename__ = "unit_score"
    # The skill-gap list's usual order (by competency, then unit name) is a walk along this index.
    __table_args__ = (Index("ix_unit_score_cycle_competency_unit", "cycle_id", "competency_code", "unit_name",
                            "unit_id"),)

    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    competency_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    # Both names as they were at the close, like the figures: a closed cycle's rows never change.
    unit_name: Mapped[str] = mapped_column(String(200))
    competency_name: Mapped[str] = mapped_column(String(200))
    subjects: Mapped[int]
    score: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    below: Mapped[int | None]


class TrainingDemand(db.Model):
    """At close: per training, how many employees it is recommended to, per unit and (unit NULL) in all."""

    __tablename__ = "training_demand"
    __table_args__ = (UniqueConstraint("cycle_id", "training_id", "unit_id"),
                      Index("ix_training_demand_cycle_unit", "cycle_id", "unit_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    employees: Mapped[int]
    competencies: Mapped[str] = mapped_column(String(200))  # codes, comma-separated


class Recommendation(db.Model):
    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(index=True)
    cycle_id: Mapped[int]
    subject_id: Mapped[int]
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id", ondelete="CASCADE"))
    competency_code: Mapped[str] = mapped_column(String(16))
    rank: Mapped[int]

    # Like a score's: the cycle and employee are the snapshot's, checked with it by one key.
    __table_args__ = (Index("ix_recommendation_cycle_training", "cycle_id", "training_id"),
                      ForeignKeyConstraint(["snapshot_id", "cycle_id", "subject_id"],
                                           ["report_snapshot.id", "report_snapshot.cycle_id",
                                            "report_snapshot.subject_id"], ondelete="CASCADE"))


class PlanItem(db.Model):
    """One line of an employee's development plan."""

    __tablename__ = "plan_item"
    __table_args__ = (CheckConstraint(f"status IN ({_plan_statuses})", name="status"),
                      CheckConstraint("jp IS NULL OR (jp BETWEEN 1 AND 200)", name="jp"))

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("report_snapshot.id", ondelete="SET NULL"))
    competency_code: Mapped[str] = mapped_column(String(16), default="")
    goal: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(Text)
    training_id: Mapped[int | None] = mapped_column(ForeignKey("training.id", ondelete="SET NULL"))
    jp: Mapped[int | None]
    target_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(12), default="planned")
    created_at: Mapped[datetime] = mapped_column(default=_now)
    updated_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)

    comments: Mapped[list[PlanComment]] = relationship(order_by="PlanComment.id", cascade="all, delete-orphan")
    training = relationship("Training")


class PlanComment(db.Model):
    """A supervisor's (or the employee's) note on a plan item."""

    __tablename__ = "plan_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_item_id: Mapped[int] = mapped_column(ForeignKey("plan_item.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=_now)

    author: Mapped[Employee] = relationship()
