"""Public satisfaction surveys (SKM): the services a unit runs, service users per period, citizens' answers.

A citizen's answer keeps the service, the half-year, a date and the answers, nothing about the client (no
address, no time of day); the key is random so row order tells nothing. An officer rating is not kept here:
it becomes an anonymous "public" Response of the officer in the running 360° cycle.
"""
from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.audit import _now
from portal.models.org import Employee, Unit


def _token() -> str:
    return secrets.token_urlsafe(9)


def _key() -> str:
    return uuid.uuid4().hex


service_officer = Table(
    "service_officer",
    db.metadata,
    Column("service_id", ForeignKey("public_service.id", ondelete="CASCADE"), primary_key=True),
    Column("employee_id", ForeignKey("employee.id", ondelete="CASCADE"), primary_key=True),
    Column("badge", String(20), nullable=False, default=""),
)


class PublicService(db.Model):
    __tablename__ = "public_service"
    __table_args__ = (UniqueConstraint("unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    token: Mapped[str] = mapped_column(String(24), unique=True, default=_token)  # the public address
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=_now)

    unit: Mapped[Unit] = relationship()


class ServicePopulation(db.Model):
    """How many people used a service in a half-year, for the minimum sample (Krejcie-Morgan)."""

    __tablename__ = "service_population"
    __table_args__ = (CheckConstraint("semester IN (1, 2)", name="semester"),
                      CheckConstraint("users >= 0", name="users"))

    service_id: Mapped[int] = mapped_column(ForeignKey("public_service.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    semester: Mapped[int] = mapped_column(primary_key=True)
    users: Mapped[int]


_elements = [f"u{n}" for n in range(1, 10)]


class PublicAnswer(db.Model):
    __tablename__ = "public_answer"
    __table_args__ = (
        CheckConstraint("semester IN (1, 2)", name="semester"),
        *(CheckConstraint(f"{e} BETWEEN 1 AND 4", name=e) for e in _elements),
        Index("ix_public_answer_service_period", "service_id", "year", "semester"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_key)
    service_id: Mapped[int] = mapped_column(ForeignKey("public_service.id", ondelete="CASCADE"))
    year: Mapped[int]
    semester: Mapped[int]
    submitted_on: Mapped[date]
    u1: Mapped[int]
    u2: Mapped[int]
    u3: Mapped[int]
    u4: Mapped[int]
    u5: Mapped[int]
    u6: Mapped[int]
    u7: Mapped[int]
    u8: Mapped[int]
    u9: Mapped[int]
    age_band: Mapped[str | None] = mapped_column(String(8))
    sex: Mapped[str | None] = mapped_column(String(2))
    education: Mapped[str | None] = mapped_column(String(8))
    occupation: Mapped[str | None] = mapped_column(String(12))
    suggestion: Mapped[str] = mapped_column(Text, default="")
    # HR may hide an abusive suggestion from display; it is kept, and the audit log says who and why.
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str] = mapped_column(String(300), default="")

    service: Mapped[PublicService] = relationship()


ELEMENT_COLUMNS = tuple(getattr(PublicAnswer, e) for e in _elements)
