"""Employee CSV import (CLI and web share it): validate everything, then write everything, or nothing.

New accounts get a one-time password that must be changed at first sign-in. One-time passwords are random
80-bit tokens, so a fast salted hash is enough for them (nobody can guess 80 bits); the password the
employee then chooses is hashed with the slow production method. This keeps a 10,000-row import fast.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select, update
from werkzeug.security import generate_password_hash

from portal.domain import employee_rows as rules
from portal.extensions import db
from portal.models import Employee, Unit, User, UserRole

ONE_TIME_HASH = "pbkdf2:sha256:1000"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
BATCH = 1000


def one_time_password() -> str:
    token = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(token[i:i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class NewAccount:
    nip: str
    name: str
    password: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[rules.RowError] = field(default_factory=list)
    new_accounts: list[NewAccount] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _known() -> tuple[rules.Known, dict[str, int], dict[str, Employee]]:
    units = dict(db.session.execute(select(Unit.code, Unit.id)).all())
    supervisor = db.aliased(Employee)
    rows = db.session.execute(
        select(Employee, supervisor.nip).outerjoin(supervisor, Employee.supervisor_id == supervisor.id)
    ).all()
    existing = {employee.nip: employee for employee, _ in rows}
    known = rules.Known(
        unit_codes=frozenset(units),
        supervisor_of={employee.nip: sup for employee, sup in rows},
        email_owner={employee.email.lower(): employee.nip for employee, _ in rows if employee.email},
    )
    return known, units, existing


def import_employees(data: bytes, dry_run: bool = False,
                     progress: Callable[[int], None] | None = None) -> ImportResult:
    """Validate the CSV ``data`` and, when every row is valid and not ``dry_run``, upsert by NIP. Commits once."""
    step = progress or (lambda _n: None)
    result = ImportResult(dry_run=dry_run)
    try:
        raw_rows = rules.read_rows(rules.decode(data))
    except rules.FileProblem as problem:
        result.errors.append(rules.RowError(0, problem.message, problem.params))
        return result
    result.rows = len(raw_rows)
    known, unit_ids, existing = _known()
    rows, errors = rules.check_file(raw_rows, known)
    step(len(raw_rows))
    if errors:
        result.errors = errors
        return result

    new_rows = [row for row in rows if row.nip not in existing]
    changed_rows = []
    for row in rows:
        current = existing.get(row.nip)
        if current is None:
            continue
        values = _values(row, unit_ids)
        if any(getattr(current, key) != value for key, value in values.items()) or \
                known.supervisor_of.get(row.nip) != row.supervisor_nip:
            changed_rows.append(row)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new_rows), len(changed_rows)
    if dry_run:
        db.session.rollback()
        return result

    for start in range(0, len(new_rows), BATCH):
        chunk = new_rows[start:start + BATCH]
        db.session.execute(insert(Employee), [{"nip": r.nip, **_values(r, unit_ids), "active": True} for r in chunk])
        step(len(chunk))
    ids = dict(db.session.execute(select(Employee.nip, Employee.id)).all())
    if changed_rows:
        db.session.execute(update(Employee), [{"id": ids[r.nip], **_values(r, unit_ids)} for r in changed_rows])
    links = [{"id": ids[r.nip], "supervisor_id": ids.get(r.supervisor_nip) if r.supervisor_nip else None}
             for r in new_rows + changed_rows]
    for start in range(0, len(links), BATCH):
        db.session.execute(update(Employee), links[start:start + BATCH])

    with_account = set(db.session.scalars(select(User.employee_id).where(User.employee_id.is_not(None))))
    accounts = []
    for row in rows:
        if ids[row.nip] in with_account:
            continue
        password = one_time_password()
        result.new_accounts.append(NewAccount(row.nip, row.name, password))
        # Security scan (B105) accepted: a flag, not a password.
        accounts.append({"employee_id": ids[row.nip], "must_change_password": True, "active": True,  # nosec B105
                         "auth_epoch": 0, "password_hash": generate_password_hash(password, method=ONE_TIME_HASH)})
    for start in range(0, len(accounts), BATCH):
        db.session.execute(insert(User), accounts[start:start + BATCH])
        step(len(accounts[start:start + BATCH]))

    with_roles = [row for row in rows if row.roles]
    if with_roles:
        user_ids = dict(db.session.execute(
            select(User.employee_id, User.id).where(User.employee_id.in_([ids[r.nip] for r in with_roles]))).all())
        targets = [user_ids[ids[r.nip]] for r in with_roles]
        db.session.execute(delete(UserRole).where(UserRole.user_id.in_(targets)))
        db.session.execute(insert(UserRole), [{"user_id": user_ids[ids[r.nip]], "role": role}
                                              for r in with_roles for role in sorted(r.roles)])
    db.session.commit()
    return result


def _values(row: rules.EmployeeRow, unit_ids: dict[str, int]) -> dict:
    return {"name": row.name, "email": row.email, "unit_id": unit_ids[row.unit_code], "position": row.position,
            "position_type": row.position_type, "golongan": row.golongan, "status": row.status}


def employee_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Employee))
