"""Sessions, the current user's roles, first-login password change, and security headers."""
from __future__ import annotations

from functools import cache

from flask import Flask, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import aliased, joinedload

from portal.domain import roles as role_rules
from portal.database import reading
from portal.domain.text import is_digits
from portal.extensions import db, login
from portal.models.account import AccountIdentity
from portal.rows import Columns, Shape, stand_ins
from portal import page_reads
from portal.i18n import lazy_gettext as _l

# Endpoints a user who must change the password may still reach.
_OPEN_WHEN_PASSWORD_EXPIRED = {"auth.change_password", "auth.logout", "home.set_language", "static"}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


@cache
def _account_query():
    """One query for the account, its employee, its roles and whether it leads a team (the supervisor role):
    every signed-in page needs all four.

    Built once: constructing a statement costs SQLAlchemy about as much as running this one."""
    from portal.models import Employee, User

    report = aliased(Employee)
    leads = exists().where(report.supervisor_id == User.employee_id, report.active.is_(True)).label("leads")
    return (select(User, leads).options(joinedload(User.employee), joinedload(User.role_rows))
            .where(User.id == bindparam("user_id")))


class ReadingAccount(AccountIdentity, Columns):
    """The signed-in account in a reading request (GET, HEAD): its columns (all but the password hash), its
    employee and roles, read in one query of columns instead of loaded by the ORM (``portal.rows``). POSTs get
    the ORM's ``User``."""


@cache
def _reading_account_query():
    """The account's columns, its employee's, a row per role and whether it leads a team."""
    from portal.models import Employee, User, UserRole

    report = aliased(Employee)
    leads = exists().where(report.supervisor_id == User.employee_id, report.active.is_(True)).label("leads")
    account, employee = Shape(User, skip=("password_hash",), kind=ReadingAccount), Shape(Employee, "employee")
    statement = (select(*account.columns, *employee.columns, UserRole.role, leads)
                 .outerjoin(Employee, Employee.id == User.employee_id)
                 .outerjoin(UserRole, UserRole.user_id == User.id)
                 .where(User.id == bindparam("user_id")))
    return statement, account, employee


def _reading_account(user_id: int) -> ReadingAccount | None:
    """The account read as columns; with the page's own reads where it registered them (``page_reads``)."""
    statement, account, employee = _reading_account_query()
    page = page_reads.for_request()
    if page is None:
        rows = db.session.execute(statement, {"user_id": user_id}).all()
    else:
        rows = page.read_after((statement, ()), {"user_id": user_id})
    if not rows:
        return None
    found, found_employee = stand_ins(rows[0], account, employee)
    found.employee = found_employee
    found.roles = frozenset(row[-2] for row in rows if row[-2] is not None)
    found.leads_team = bool(rows[0][-1])
    return found


@login.user_loader
def _load_user(user_id: str):
    ident, _, epoch = user_id.partition(".")
    if not is_digits(ident) or not is_digits(epoch):
        return None
    if reading():
        user = _reading_account(int(ident))
    else:
        row = db.session.execute(_account_query(), {"user_id": int(ident)}).unique().one_or_none()
        user = None
        if row is not None:
            user, leads = row
            user.leads_team = bool(leads)
    if user is None or user.auth_epoch != int(epoch) or not user.is_active:
        return None
    return user


def current_roles() -> frozenset[str]:
    """The signed-in user's effective roles, computed once per request."""
    if "portal_roles" in g:  # also after a commit has expired the account: no second load
        return g.portal_roles
    if not current_user.is_authenticated:
        return frozenset()
    employee = current_user.employee
    # Known from the account's own query, except for an account signed in during this request.
    leads = getattr(current_user, "leads_team", None)
    g.portal_roles = role_rules.effective_roles(
        current_user.roles,
        is_employee=employee is not None,
        has_reports=employee is not None and (employee.has_direct_reports() if leads is None else leads),
    )
    return g.portal_roles


def _force_password_change():
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in _OPEN_WHEN_PASSWORD_EXPIRED
    ):
        return redirect(url_for("auth.change_password"))
    return None


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.vary.add("HX-Request")
    # is_anonymous reads no column, so an account expired by a commit is not loaded again just for this.
    if current_user and not current_user.is_anonymous:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _refuse_nul():
    """NUL bytes never come from a keyboard; PostgreSQL cannot store them, so stop them at the door.

    Only parts that can hold one are read: a query string with a NUL byte or %00 in it, and a form body (the two
    kinds Werkzeug parses into ``request.form``)."""
    query = request.query_string
    parts = [request.args] if b"\x00" in query or b"%00" in query else []
    if request.mimetype in _FORM_TYPES:
        parts.append(request.form)
    for values in parts:
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                from portal.web.render import refuse

                refuse(400, _l("Isian berisi karakter yang tidak sah (NUL). Ketik ulang isian lalu kirim lagi."))
    return None


def init_app(app: Flask) -> None:
    login.login_view = "auth.login"
    login.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login.login_message_category = "info"
    login.session_protection = "basic"
    app.before_request(_refuse_nul)
    app.before_request(_force_password_change)
    app.after_request(_headers)
    app.context_processor(lambda: {"current_roles": current_roles()})
