"""Appraisal cycles: create, edit, move through their states, and the assignments opening creates."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, insert, select, update

from portal.domain import cycle_rules as rules
from portal.domain.sources import DIRECT_REPORT, PEER, SELF, SUPERVISOR
from portal.domain.text import N_
from portal.extensions import db
from portal.models import Assignment, Cycle, Draft, Employee, Unit, User, cycle_unit
from portal.services import audit

SETTINGS = ("name", "period_start", "period_end", "framework_id", "nomination_deadline", "feedback_deadline",
            "min_group_size", "comment_min_group_size", "peer_min", "peer_max", "peer_cap", "direct_reports_rate")
# Settings that change who is asked or how results are grouped stay fixed once the cycle is open.
DRAFT_ONLY = ("period_start", "period_end", "framework_id", "min_group_size", "comment_min_group_size",
              "direct_reports_rate")


class CycleError(Exception):
    def __init__(self, message: str, status: int = 409, **params):
        super().__init__(message)
        self.message, self.status, self.params = message, status, params


def list_cycles(page: int, per_page: int):
    return db.paginate(select(Cycle).order_by(Cycle.period_start.desc(), Cycle.id.desc()), page=page,
                       per_page=per_page, error_out=False)


def get_cycle(cycle_id: int) -> Cycle | None:
    return db.session.get(Cycle, cycle_id)


def save_cycle(cycle: Cycle | None, values: dict, unit_ids: list[int], actor: User) -> tuple[Cycle | None, dict]:
    """Create or edit a cycle; returns (cycle, field → problem). Commits when there is no problem."""
    problems = dict(rules.settings_problems(
        values["period_start"], values["period_end"], values["nomination_deadline"], values["feedback_deadline"],
        values["min_group_size"], values["comment_min_group_size"], values["peer_min"], values["peer_max"],
        values["peer_cap"]))
    if problems:
        return None, problems
    is_new = cycle is None
    if is_new:
        cycle = Cycle(state=rules.DRAFT)
        db.session.add(cycle)
    for key in SETTINGS:
        if cycle.state != rules.DRAFT and key in DRAFT_ONLY:
            if getattr(cycle, key) != values[key]:
                problems[key] = N_("Tidak dapat diubah setelah siklus dibuka.")
            continue
        setattr(cycle, key, values[key])
    if problems:
        db.session.rollback()
        return None, problems
    if cycle.state == rules.DRAFT:
        cycle.units = list(db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))) if unit_ids else []
    db.session.flush()
    audit.record(actor, "cycle.created" if is_new else "cycle.edited", f"cycle:{cycle.id}", name=cycle.name)
    db.session.commit()
    return cycle, {}


def _subject_ids(cycle: Cycle) -> select:
    return select(Employee.id).join(cycle_unit, cycle_unit.c.unit_id == Employee.unit_id).where(
        cycle_unit.c.cycle_id == cycle.id, Employee.active.is_(True))


def facts(cycle: Cycle) -> rules.CycleFacts:
    unit_count = db.session.scalar(select(func.count()).select_from(cycle_unit).where(cycle_unit.c.cycle_id == cycle.id))
    employees = db.session.scalar(select(func.count()).select_from(_subject_ids(cycle).subquery()))
    pending = db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.cycle_id == cycle.id, Assignment.source == PEER, Assignment.state == "proposed"))
    return rules.CycleFacts(cycle.state, cycle.framework_id is not None, unit_count, employees, cycle.period_start,
                            cycle.period_end, cycle.nomination_deadline, cycle.feedback_deadline, pending)


def transition(cycle_id: int, target: str, actor: User, confirmed: bool, today: date) -> list[rules.Problem]:
    """Move the cycle to ``target``; returns the problems that stop it (nothing changes then). Commits."""
    cycle = db.session.scalar(select(Cycle).where(Cycle.id == cycle_id).with_for_update())
    if cycle is None:
        raise CycleError(N_("Siklus tidak ditemukan."), 404)
    problems = rules.transition_problems(facts(cycle), target, today, confirmed)
    if problems:
        db.session.rollback()
        return problems
    previous = cycle.state
    if target == rules.NOMINATING:
        _create_assignments(cycle, actor)
    elif target == rules.COLLECTING:
        db.session.execute(update(Assignment).where(
            Assignment.cycle_id == cycle.id, Assignment.source == PEER, Assignment.state == "proposed")
            .values(state="active", decided_by_id=actor.id))
    elif target == rules.CLOSED:
        # Unanswered drafts are no longer needed once no one can submit.
        db.session.execute(delete(Draft).where(Draft.assignment_id.in_(
            select(Assignment.id).where(Assignment.cycle_id == cycle.id))))
    for hook in TRANSITION_HOOKS.get(target, ()):
        hook(cycle, actor)
    cycle.state = target
    audit.record(actor, "cycle.transition", f"cycle:{cycle.id}", from_state=previous, to_state=target,
                 confirmed=bool(confirmed))
    db.session.commit()
    for hook in AFTER_TRANSITION_HOOKS.get(target, ()):
        hook(cycle)
    return []


# Other parts (reports) add work done inside the same transaction, e.g. snapshots on close, and work done once it
# is committed (AFTER_TRANSITION_HOOKS), e.g. fresh planner statistics for what the close wrote.
TRANSITION_HOOKS: dict[str, list] = {}
AFTER_TRANSITION_HOOKS: dict[str, list] = {}


def _create_assignments(cycle: Cycle, actor: User) -> None:
    subjects = db.session.execute(
        select(Employee.id, Employee.supervisor_id).where(Employee.id.in_(_subject_ids(cycle)))).all()
    active_ids = set(db.session.scalars(select(Employee.id).where(Employee.active.is_(True))))
    in_cycle = {s for s, _ in subjects}
    rows = []
    for subject, supervisor in subjects:
        rows.append({"cycle_id": cycle.id, "subject_id": subject, "rater_id": subject, "source": SELF,
                     "state": "active"})
        if supervisor is not None and supervisor in active_ids:
            rows.append({"cycle_id": cycle.id, "subject_id": subject, "rater_id": supervisor, "source": SUPERVISOR,
                         "state": "active"})
            if cycle.direct_reports_rate and supervisor in in_cycle:
                rows.append({"cycle_id": cycle.id, "subject_id": supervisor, "rater_id": subject,
                             "source": DIRECT_REPORT, "state": "active"})
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(Assignment), rows[start:start + 2000])
    audit.record(actor, "cycle.assignments_created", f"cycle:{cycle.id}", count=len(rows))


def cycles_in(states: tuple[str, ...]) -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.state.in_(states)).order_by(Cycle.period_start.desc())))


def in_cycle(cycle: Cycle, employee_id: int) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.cycle_id == cycle.id, Assignment.subject_id == employee_id, Assignment.source == SELF)))
