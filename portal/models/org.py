"""The organisation: agency (instansi) → units → employees with a supervisor chain."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.domain.org import POSITION_TYPES, STATUSES
from portal.extensions import db

__all__ = ["POSITION_TYPES", "STATUSES", "Agency", "Unit", "Employee"]


class Agency(db.Model):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    units: Mapped[list[Unit]] = relationship(back_populates="agency")


class Unit(db.Model):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)

    agency: Mapped[Agency] = relationship(back_populates="units")
    parent: Mapped[Unit | None] = relationship(remote_side=[id])
    employees: Mapped[list[Employee]] = relationship(back_populates="unit")


_position_values = ", ".join(f"'{p}'" for p in POSITION_TYPES)
_status_values = ", ".join(f"'{s}'" for s in STATUSES)


class Employee(db.Model):
    __tablename__ = "employee"
    __table_args__ = (
        CheckConstraint(f"position_type IN ({_position_values})", name="position_type"),
        CheckConstraint(f"status IN ({_status_values})", name="status"),
        CheckConstraint("supervisor_id IS NULL OR supervisor_id <> id", name="not_own_supervisor"),
        Index("ix_employee_unit_name", "unit_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    position: Mapped[str] = mapped_column(String(200))
    position_type: Mapped[str] = mapped_column(String(16))
    golongan: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(4))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit] = relationship(back_populates="employees")
    supervisor: Mapped[Employee | None] = relationship(remote_side=[id])

    def has_direct_reports(self) -> bool:
        query = select(func.count()).where(Employee.supervisor_id == self.id, Employee.active.is_(True))
        return bool(db.session.scalar(query))
