"""Answers. Anonymity is in the schema:

- ``Draft`` holds a rater's unsent answers and belongs to the assignment (deleted on submit);
- ``Receipt`` records only *that* an assignment was completed: no answers, no time;
- ``Response`` holds cycle, subject, source and answers. For anonymous sources ``rater_id`` must be
  NULL (a CHECK constraint says so) and the key is random, so neither a column nor the row order
  links a response to its rater. It keeps a date at most, never a time.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.domain.sources import ATTRIBUTED, SOURCES
from portal.extensions import db
from portal.models.audit import _now

_sources = ", ".join(f"'{s}'" for s in SOURCES)
_attributed = ", ".join(f"'{s}'" for s in ATTRIBUTED)


def _random_key() -> str:
    return uuid.uuid4().hex


class Draft(db.Model):
    __tablename__ = "draft"

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True)
    # {"<indicator id>": 1..5 or 0 for "cannot rate"}, {"<competency id>": "comment"}, and the open answers.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    comments: Mapped[dict] = mapped_column(JSON, default=dict)
    strengths: Mapped[str] = mapped_column(Text, default="")
    to_develop: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)


class Receipt(db.Model):
    __tablename__ = "receipt"

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True)


class Response(db.Model):
    __tablename__ = "response"
    __table_args__ = (
        CheckConstraint(f"source IN ({_sources})", name="source"),
        CheckConstraint(
            f"(source IN ({_attributed}) AND rater_id IS NOT NULL) OR (source NOT IN ({_attributed}) AND rater_id IS NULL)",
            name="anonymous_has_no_rater",
        ),
        Index("ix_response_cycle_subject", "cycle_id", "subject_id", "source"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_key)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    source: Mapped[str] = mapped_column(String(12))
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    submitted_on: Mapped[date]
    strengths: Mapped[str] = mapped_column(Text, default="")
    to_develop: Mapped[str] = mapped_column(Text, default="")

    answers: Mapped[list[Answer]] = relationship(cascade="all, delete-orphan")
    comments: Mapped[list[CompetencyComment]] = relationship(cascade="all, delete-orphan")


class Answer(db.Model):
    __tablename__ = "answer"
    __table_args__ = (CheckConstraint("score IS NULL OR (score BETWEEN 1 AND 5)", name="score"),)

    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), primary_key=True, index=True)
    score: Mapped[int | None]  # NULL = "Tidak dapat menilai"


class CompetencyComment(db.Model):
    __tablename__ = "competency_comment"

    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)

    competency = relationship("Competency")


@event.listens_for(Response, "before_update")
def _source_is_fixed(_mapper, _connection, target: Response) -> None:
    # Moving a submitted answer to another rater group is a known way to unmask its rater.
    history = inspect(target).attrs.source.history
    if history.deleted and history.deleted[0] != target.source:
        raise ValueError("the source group of a submitted response cannot change")
