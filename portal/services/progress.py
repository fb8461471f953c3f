"""Completion of a cycle: rates per unit and source, a supervisor's team in counts, and reminders."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import case, func, select, update

from portal.domain.sources import ASSIGNED, PEER
from portal.extensions import db
from portal.i18n import gettext
from portal.models import Assignment, Cycle, Employee, Unit, User
from portal.models.audit import _now
from portal.services import audit, mail
from portal.services.org import Page

REMINDER_INTERVAL = timedelta(hours=48)


@dataclass(frozen=True)
class Rate:
    done: int
    total: int

    @property
    def share(self) -> float | None:
        return self.done / self.total if self.total else None


def _done():
    return func.sum(case((Assignment.state == "completed", 1), else_=0))


def unit_rates(cycle: Cycle) -> list[tuple[Unit, dict[str, Rate], Rate]]:
    """Per unit of the subjects: completion per source and in all (one grouped query)."""
    rows = db.session.execute(
        select(Employee.unit_id, Assignment.source, _done(), func.count())
        .join(Employee, Employee.id == Assignment.subject_id)
        .where(Assignment.cycle_id == cycle.id, Assignment.state.in_(("active", "completed")))
        .group_by(Employee.unit_id, Assignment.source)).all()
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_({r[0] for r in rows})))}
    table: dict[int, dict[str, Rate]] = {}
    for unit_id, source, done, total in rows:
        table.setdefault(unit_id, {})[source] = Rate(int(done or 0), total)
    result = []
    for unit_id, by_source in sorted(table.items(), key=lambda item: units[item[0]].name):
        overall = Rate(sum(r.done for r in by_source.values()), sum(r.total for r in by_source.values()))
        result.append((units[unit_id], {s: by_source.get(s, Rate(0, 0)) for s in ASSIGNED}, overall))
    return result


def unfinished_raters(cycle: Cycle, page: int, per_page: int):
    """Raters with open tasks and how many (no subjects: HR follows people, not who rates whom)."""
    open_tasks = func.count().label("open")
    query = (select(Employee, open_tasks, func.max(Assignment.last_reminded_at))
             .join(Assignment, Assignment.rater_id == Employee.id)
             .where(Assignment.cycle_id == cycle.id, Assignment.state == "active")
             .group_by(Employee.id).order_by(open_tasks.desc(), Employee.name, Employee.id))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page([tuple(row) for row in rows], page, per_page, total)


@dataclass(frozen=True)
class TeamMember:
    employee: Employee
    self_done: bool
    supervisor_done: bool | None  # None when nobody is asked
    peers: Rate
    reports: Rate


def team_progress(cycle: Cycle, supervisor: Employee) -> list[TeamMember]:
    """The supervisor's direct reports as subjects: counts only for anonymous groups."""
    rows = db.session.execute(
        select(Assignment.subject_id, Assignment.source, _done(), func.count())
        .join(Employee, Employee.id == Assignment.subject_id)
        .where(Assignment.cycle_id == cycle.id, Employee.supervisor_id == supervisor.id,
               Assignment.state.in_(("active", "completed")))
        .group_by(Assignment.subject_id, Assignment.source)).all()
    table: dict[int, dict[str, Rate]] = {}
    for subject, source, done, total in rows:
        table.setdefault(subject, {})[source] = Rate(int(done or 0), total)
    members = db.session.scalars(select(Employee).where(Employee.id.in_(table)).order_by(Employee.name)).all()
    result = []
    for member in members:
        rates = table[member.id]
        result.append(TeamMember(
            member, rates.get("self", Rate(0, 0)).done > 0,
            (rates["supervisor"].done > 0) if "supervisor" in rates else None,
            rates.get(PEER, Rate(0, 0)), rates.get("report", Rate(0, 0))))
    return result


def send_reminders(cycle: Cycle, actor: User, now: datetime | None = None) -> tuple[int, int]:
    """Remind every rater with open tasks who was not reminded in the last 48 hours, one message each.

    Returns (reminded, skipped as too recent). Commits; the mail is queued in the same transaction and
    delivered after the commit."""
    now = now or _now()
    rows = db.session.execute(
        select(Employee.id, Employee.name, Employee.email, func.count(), func.max(Assignment.last_reminded_at))
        .join(Assignment, Assignment.rater_id == Employee.id)
        .where(Assignment.cycle_id == cycle.id, Assignment.state == "active")
        .group_by(Employee.id, Employee.name, Employee.email)).all()
    due, skipped = [], 0
    for rater_id, name, email, count, last in rows:
        if last is not None and now - last < REMINDER_INTERVAL:
            skipped += 1
            continue
        due.append(rater_id)
        if email:
            # Reminders name the cycle and the number of open tasks, never the people to be rated.
            with force_locale("id"):
                subject = gettext("Pengingat: %(count)s penilaian menunggu di %(cycle)s", count=count, cycle=cycle.name)
                body = gettext("Yth. %(name)s,\n\nAda %(count)s penilaian 360° yang belum Anda selesaikan dalam "
                               "siklus %(cycle)s. Batas pengisian: %(deadline)s.\nMasuk ke Cermin 360, buka "
                               "\"Tugas penilaian\", dan selesaikan sebelum batas waktu.\n\nTerima kasih.",
                               name=name, count=count, cycle=cycle.name,
                               deadline=cycle.feedback_deadline.isoformat() if cycle.feedback_deadline else "-")
            mail.queue(email, subject, body)
    if due:
        db.session.execute(update(Assignment).where(
            Assignment.cycle_id == cycle.id, Assignment.state == "active", Assignment.rater_id.in_(due))
            .values(last_reminded_at=now))
    audit.record(actor, "cycle.reminders", f"cycle:{cycle.id}", reminded=len(due), skipped=skipped)
    db.session.commit()
    mail.deliver_pending()
    return len(due), skipped
