"""Sign-in and password use cases."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from portal.domain.passwords import password_problems
from portal.domain.text import N_, is_digits
from portal.extensions import db
from portal.models import Employee, User

# Checked against when no account matches, so a wrong NIP costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password-0")


def find_account(identifier: str) -> User | None:
    """The account for a NIP or an e-mail address (employee e-mail or account e-mail)."""
    ident = (identifier or "").strip()
    if not ident:
        return None
    if is_digits(ident.replace(" ", "")):
        query = select(User).join(Employee, User.employee_id == Employee.id).where(
            Employee.nip == ident.replace(" ", ""))
    else:
        email = ident.lower()
        query = (
            select(User)
            .outerjoin(Employee, User.employee_id == Employee.id)
            .where(or_(func.lower(Employee.email) == email, func.lower(User.email) == email))
        )
    return db.session.scalars(query.limit(1)).first()


def authenticate(identifier: str, password: str) -> User | None:
    """The account when the password is right and the account may sign in; else None."""
    user = find_account(identifier)
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not user.check_password(password or "") or not user.is_active:
        return None
    user.last_login_at = datetime.now(UTC).replace(tzinfo=None)
    db.session.commit()
    return user


def change_password(user: User, current: str, new: str) -> list[str]:
    """Change the password; returns the problems (nothing changes when there are any)."""
    if not user.check_password(current or ""):
        return [N_("Kata sandi saat ini salah.")]
    if current == new:
        return [N_("Kata sandi baru harus berbeda dari kata sandi saat ini.")]
    employee = user.employee
    problems = password_problems(new, employee.nip if employee else None,
                                 employee.email if employee else user.email)
    if problems:
        return problems
    user.set_password(new)
    user.must_change_password = False
    db.session.commit()
    return []


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()
