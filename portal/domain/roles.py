"""Roles. Employee and supervisor are derived (an employee record; having direct reports);
trainer and HR admin are granted."""
from __future__ import annotations

EMPLOYEE = "employee"
SUPERVISOR = "supervisor"
TRAINER = "trainer"
HR_ADMIN = "hr_admin"

ASSIGNABLE_ROLES = (TRAINER, HR_ADMIN)
ALL_ROLES = (EMPLOYEE, SUPERVISOR, TRAINER, HR_ADMIN)


def effective_roles(granted: frozenset[str], is_employee: bool, has_reports: bool) -> frozenset[str]:
    roles = set(granted) & set(ASSIGNABLE_ROLES)
    if is_employee:
        roles.add(EMPLOYEE)
        if has_reports:
            roles.add(SUPERVISOR)
    return frozenset(roles)


def parse_roles(text: str) -> tuple[frozenset[str], list[str]]:
    """Parse a CSV ``roles`` cell ("trainer;hr_admin"). Returns (granted roles, unknown names).

    ``employee`` and ``supervisor`` are accepted and ignored: they are derived, not granted.
    """
    granted: set[str] = set()
    unknown: list[str] = []
    for part in text.replace(",", ";").replace("|", ";").split(";"):
        name = part.strip().lower()
        if not name or name in (EMPLOYEE, SUPERVISOR):
            continue
        if name in ASSIGNABLE_ROLES:
            granted.add(name)
        else:
            unknown.append(name)
    return frozenset(granted), unknown
