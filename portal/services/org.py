"""Organisation use cases for HR: find units and employees, create and edit an employee, reset a password."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.domain.nip import InvalidNip, parse_nip
from portal.domain.org import find_supervisor_loop, golongan_error
from portal.domain.text import N_, is_digits
from portal.extensions import db
from portal.models import Employee, Unit, User
from portal.services import audit
from portal.services.importer import ONE_TIME_HASH, one_time_password


def _like(q: str) -> str:
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").lower() + "%"


def search_units(q: str, page: int, per_page: int):
    """Units with their employee counts, filtered by code or name, one page."""
    counts = (select(Employee.unit_id, func.count().label("n")).where(Employee.active.is_(True))
              .group_by(Employee.unit_id).subquery())
    query = (select(Unit, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.unit_id == Unit.id)
             .options(joinedload(Unit.parent)).order_by(Unit.code))
    if q:
        query = query.where(or_(func.lower(Unit.code).like(_like(q), escape="\\"),
                                func.lower(Unit.name).like(_like(q), escape="\\")))
    total = db.session.scalar(select(func.count()).select_from(query.with_only_columns(Unit.id).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(rows, page, per_page, total)


def search_employees(q: str, unit_id: int | None, page: int, per_page: int):
    query = select(Employee).options(joinedload(Employee.unit), joinedload(Employee.supervisor)).order_by(
        Employee.name, Employee.id)
    if q:
        digits = q.replace(" ", "")
        query = query.where(or_(func.lower(Employee.name).like(_like(q), escape="\\"),
                                Employee.nip.like(digits + "%") if is_digits(digits) else False,
                                func.lower(Employee.email).like(_like(q), escape="\\")))
    if unit_id:
        query = query.where(Employee.unit_id == unit_id)
    total = db.session.scalar(select(func.count()).select_from(query.with_only_columns(Employee.id).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(items, page, per_page, total)


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def unit_choices() -> list[tuple[int, str]]:
    return [(u.id, f"{u.code} — {u.name}") for u in db.session.scalars(select(Unit).order_by(Unit.code))]


def unit_select_choices():
    from wtforms.fields.choices import SelectChoice

    return [SelectChoice(unit_id, label) for unit_id, label in unit_choices()]


def get_employee(employee_id: int) -> Employee | None:
    return db.session.get(Employee, employee_id, options=[selectinload(Employee.unit)])


def account_of(employee: Employee) -> User | None:
    return db.session.scalar(select(User).where(User.employee_id == employee.id))


def employee_problems(values: dict, employee: Employee | None) -> dict[str, str]:
    """Field → N_-marked message for everything wrong with ``values`` (an empty dict when valid)."""
    problems: dict[str, str] = {}
    nip = values["nip"].replace(" ", "")
    try:
        parsed = parse_nip(nip)
    except InvalidNip as error:
        problems["nip"] = str(error)
    else:
        if parsed.status != values["status"]:
            problems["status"] = N_("Status tidak cocok dengan bentuk NIP (NIP ini berbentuk %(form)s).")
            values["_form"] = parsed.status
        clash = db.session.scalar(select(Employee.id).where(Employee.nip == nip))
        if clash and (employee is None or clash != employee.id):
            problems["nip"] = N_("NIP ini sudah dipakai pegawai lain.")
    problem = golongan_error(values["status"], values.get("golongan"))
    if problem:
        problems["golongan"] = problem
    if values.get("email"):
        clash = db.session.scalar(select(Employee.id).where(func.lower(Employee.email) == values["email"].lower()))
        if clash and (employee is None or clash != employee.id):
            problems["email"] = N_("Alamat e-mail ini sudah dipakai pegawai lain.")
    supervisor_nip = (values.get("supervisor_nip") or "").replace(" ", "")
    if supervisor_nip:
        supervisor = db.session.scalar(select(Employee).where(Employee.nip == supervisor_nip))
        if supervisor is None:
            problems["supervisor_nip"] = N_("Tidak ada pegawai dengan NIP ini.")
        elif supervisor_nip == nip:
            problems["supervisor_nip"] = N_("Pegawai tidak boleh menjadi atasan dirinya sendiri.")
        elif employee is not None:
            chain = dict(db.session.execute(select(Employee.id, Employee.supervisor_id)).all())
            chain[employee.id] = supervisor.id
            if find_supervisor_loop(chain):
                problems["supervisor_nip"] = N_("Atasan ini membuat rantai atasan berputar.")
    return problems


def save_employee(employee: Employee | None, values: dict, roles: set[str], actor: User
                  ) -> tuple[Employee | None, dict[str, str], str | None]:
    """Create or update an employee. Returns (employee, problems, one-time password of a new account)."""
    problems = employee_problems(values, employee)
    if problems:
        return None, problems, None
    supervisor_nip = (values.get("supervisor_nip") or "").replace(" ", "")
    supervisor_id = db.session.scalar(select(Employee.id).where(Employee.nip == supervisor_nip)) if supervisor_nip \
        else None
    created = employee is None
    if created:
        employee = Employee(nip=values["nip"].replace(" ", ""))
        db.session.add(employee)
    for key in ("name", "unit_id", "position", "position_type", "status", "active"):
        setattr(employee, key, values[key])
    employee.email = (values.get("email") or "").lower() or None
    employee.golongan = values.get("golongan") or None
    employee.supervisor_id = supervisor_id
    db.session.flush()
    user = account_of(employee)
    password = None
    if user is None:
        password = one_time_password()
        # Security scan (B106) accepted: set just below.
        user = User(employee=employee, must_change_password=True, password_hash="")  # nosec B106
        user.password_hash = _one_time_hash(password)
        db.session.add(user)
    user.set_roles(roles)
    audit.record(actor, "employee.create" if created else "employee.update", f"employee:{employee.nip}",
                 roles=sorted(roles), active=employee.active)
    db.session.commit()
    return employee, {}, password


def _one_time_hash(password: str) -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method=ONE_TIME_HASH)


def reset_password(employee: Employee, actor: User) -> str:
    """Give the employee a one-time password (returned once, never stored in plain text)."""
    user = account_of(employee)
    password = one_time_password()
    if user is None:
        # Security scan (B106) accepted: set to a one-time hash just below.
        user = User(employee=employee, password_hash="")  # nosec B106
        db.session.add(user)
    user.password_hash = _one_time_hash(password)
    user.must_change_password = True
    user.auth_epoch = (user.auth_epoch or 0) + 1
    audit.record(actor, "employee.reset_password", f"employee:{employee.nip}")
    db.session.commit()
    return password
