"""Competency frameworks: Framework (versioned) → Competency → Indicator (a behaviour statement)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.audit import _now

COMPETENCY_GROUPS = ("core_value", "managerial", "socio_cultural", "technical")
_groups = ", ".join(f"'{g}'" for g in COMPETENCY_GROUPS)


class Framework(db.Model):
    __tablename__ = "framework"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(default=1)
    # The version this one was copied from when a frozen framework was edited.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("framework.id"))
    created_at: Mapped[datetime] = mapped_column(default=_now)

    competencies: Mapped[list[Competency]] = relationship(
        back_populates="framework", order_by="Competency.position", cascade="all, delete-orphan")


class Competency(db.Model):
    __tablename__ = "competency"
    __table_args__ = (
        UniqueConstraint("framework_id", "code"),
        CheckConstraint(f"competency_group IN ({_groups})", name="competency_group"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    competency_group: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)

    framework: Mapped[Framework] = relationship(back_populates="competencies")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="competency", order_by="Indicator.position", cascade="all, delete-orphan")


def source_set(sources: str) -> frozenset[str]:
    """The source codes in an indicator's comma-separated ``sources`` column."""
    return frozenset(s for s in sources.split(",") if s)


class Indicator(db.Model):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(ForeignKey("competency.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    # Comma-separated source codes allowed to rate this behaviour (see portal.domain.sources).
    sources: Mapped[str] = mapped_column(String(64), default="self,supervisor,peer,report")
    retired: Mapped[bool] = mapped_column(default=False)

    competency: Mapped[Competency] = relationship(back_populates="indicators")

    @property
    def source_set(self) -> frozenset[str]:
        return source_set(self.sources)
