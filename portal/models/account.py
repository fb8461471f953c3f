"""Login accounts. An account usually belongs to an employee; a bootstrap admin may not."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from portal.domain.roles import ASSIGNABLE_ROLES as ROLES
from portal.extensions import db
from portal.models.org import Employee

_role_values = ", ".join(f"'{r}'" for r in ROLES)


class UserRole(db.Model):
    __tablename__ = "user_role"
    __table_args__ = (CheckConstraint(f"role IN ({_role_values})", name="role"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)


class AccountIdentity(UserMixin):
    """What Flask-Login and the pages ask of an account, from its columns and its employee: the same for the ORM's
    ``User`` and a reading request's stand-in (``portal.security.ReadingAccount``)."""

    def get_id(self) -> str:
        return f"{self.id}.{self.auth_epoch}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active and (self.employee is None or self.employee.active)

    @property
    def name(self) -> str:
        if self.employee is not None:
            return self.employee.name
        return self.display_name or self.email or "?"


class User(AccountIdentity, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), unique=True)
    # Only for accounts without an employee record (e.g. the bootstrap admin).
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on password change so that every other session is signed out.
    auth_epoch: Mapped[int] = mapped_column(default=0)
    locale: Mapped[str | None] = mapped_column(String(5))
    last_login_at: Mapped[datetime | None]

    employee: Mapped[Employee | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    # --- passwords ---------------------------------------------------------------------------
    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])
        self.auth_epoch = (self.auth_epoch or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # --- roles -------------------------------------------------------------------------------
    @property
    def roles(self) -> frozenset[str]:
        return frozenset(row.role for row in self.role_rows)

    def set_roles(self, roles: set[str] | frozenset[str]) -> None:
        wanted = set(roles)
        self.role_rows = [row for row in self.role_rows if row.role in wanted]
        have = {row.role for row in self.role_rows}
        self.role_rows.extend(UserRole(role=r) for r in sorted(wanted - have))
