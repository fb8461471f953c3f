"""Peer nominations: the employee proposes, the supervisor approves, removes or adds, HR can override."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from portal.domain import cycle_rules
from portal.domain.nominations import NominationFacts, nomination_problem, nomination_status
from portal.domain.sources import PEER, SELF
from portal.domain.text import N_
from portal.extensions import db
from portal.models import Assignment, Cycle, Employee, Unit, User
from portal.services import audit
from portal.services.cycles import CycleError

LIVE = ("proposed", "active", "completed")


@dataclass(frozen=True)
class Nomination:
    assignment_id: int
    rater: Employee
    state: str
    overloaded: bool


@dataclass(frozen=True)
class SubjectNominations:
    cycle: Cycle
    subject: Employee
    nominations: list[Nomination]
    status: str  # short / ok / full

    @property
    def live_count(self) -> int:
        return sum(1 for n in self.nominations if n.state in LIVE)


def nomination_cycles(subject: Employee) -> list[Cycle]:
    """Cycles in their nomination window that include ``subject``."""
    return list(db.session.scalars(
        select(Cycle).join(Assignment, Assignment.cycle_id == Cycle.id)
        .where(Cycle.state == cycle_rules.NOMINATING, Assignment.subject_id == subject.id, Assignment.source == SELF)
        .order_by(Cycle.period_start.desc())))


def _load(cycle: Cycle, subject_ids: list[int]) -> dict[int, list[Nomination]]:
    rows = db.session.execute(
        select(Assignment, Employee).join(Employee, Employee.id == Assignment.rater_id)
        .where(Assignment.cycle_id == cycle.id, Assignment.source == PEER, Assignment.subject_id.in_(subject_ids))
        .order_by(Employee.name)).all()
    raters = {a.rater_id for a, _ in rows}
    load = dict(db.session.execute(
        select(Assignment.rater_id, func.count()).where(
            Assignment.cycle_id == cycle.id, Assignment.source == PEER, Assignment.state.in_(LIVE),
            Assignment.rater_id.in_(raters)).group_by(Assignment.rater_id)).all()) if raters else {}
    grouped: dict[int, list[Nomination]] = {s: [] for s in subject_ids}
    for assignment, rater in rows:
        grouped[assignment.subject_id].append(
            Nomination(assignment.id, rater, assignment.state, load.get(rater.id, 0) > cycle.peer_cap))
    return grouped


def for_subject(cycle: Cycle, subject: Employee) -> SubjectNominations:
    items = _load(cycle, [subject.id])[subject.id]
    live = sum(1 for n in items if n.state in LIVE)
    return SubjectNominations(cycle, subject, items, nomination_status(live, cycle.peer_min, cycle.peer_max))


def for_team(cycle: Cycle, supervisor: Employee) -> list[SubjectNominations]:
    team = list(db.session.scalars(
        select(Employee).join(Assignment, Assignment.subject_id == Employee.id)
        .where(Assignment.cycle_id == cycle.id, Assignment.source == SELF, Employee.supervisor_id == supervisor.id)
        .order_by(Employee.name)))
    grouped = _load(cycle, [e.id for e in team])
    result = []
    for member in team:
        live = sum(1 for n in grouped[member.id] if n.state in LIVE)
        result.append(SubjectNominations(cycle, member, grouped[member.id],
                                         nomination_status(live, cycle.peer_min, cycle.peer_max)))
    return result


def search_candidates(cycle: Cycle, subject: Employee, q: str, page: int, per_page: int):
    """Employees of the cycle who may be nominated for ``subject``, by name or NIP."""
    taken = select(Assignment.rater_id).where(Assignment.cycle_id == cycle.id, Assignment.subject_id == subject.id,
                                              Assignment.state != "removed")
    in_cycle = select(Assignment.subject_id).where(Assignment.cycle_id == cycle.id, Assignment.source == SELF)
    query = (select(Employee).join(Unit, Unit.id == Employee.unit_id)
             .where(Employee.id.in_(in_cycle), Employee.id != subject.id, Employee.id.not_in(taken),
                    Employee.active.is_(True)))
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(or_(func.lower(Employee.name).like(pattern), Employee.nip.like(f"{q}%"),
                                func.lower(Unit.name).like(pattern)))
    # The subject's own unit first: that is where most peers are.
    query = query.order_by((Employee.unit_id != subject.unit_id), Employee.name, Employee.id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def _facts(cycle: Cycle, subject: Employee, candidate: Employee | None, candidate_id: int) -> NominationFacts:
    rows = db.session.execute(select(Assignment.rater_id, Assignment.source, Assignment.state).where(
        Assignment.cycle_id == cycle.id, Assignment.subject_id == subject.id)).all()
    peers = [r for r, source, state in rows if source == PEER and state in LIVE]
    others = [r for r, source, _ in rows if source not in (PEER, SELF)]
    return NominationFacts(subject.id, candidate_id, bool(candidate and candidate.active),
                           bool(candidate and _in_cycle(cycle, candidate.id)), peers, others, cycle.peer_max)


def _in_cycle(cycle: Cycle, employee_id: int) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.cycle_id == cycle.id, Assignment.subject_id == employee_id, Assignment.source == SELF)))


def add_peer(cycle: Cycle, subject: Employee, candidate_id: int, actor: User, approved: bool) -> None:
    """Nominate ``candidate`` (proposed) or, for a supervisor or HR, add them as approved. Commits."""
    if not cycle_rules.accepts_nominations(cycle.state) and not (approved and cycle.state == cycle_rules.COLLECTING):
        raise CycleError(N_("Masa nominasi siklus ini sudah berakhir."), 409)
    candidate = db.session.get(Employee, candidate_id)
    problem = nomination_problem(_facts(cycle, subject, candidate, candidate_id))
    if problem:
        raise CycleError(problem, 422, max=cycle.peer_max)
    existing = db.session.scalar(select(Assignment).where(
        Assignment.cycle_id == cycle.id, Assignment.subject_id == subject.id, Assignment.rater_id == candidate_id))
    state = "active" if approved else "proposed"
    if existing is not None:  # a removed nomination brought back
        existing.state, existing.proposed_by_id = state, actor.id
        existing.decided_by_id = actor.id if approved else None
    else:
        db.session.add(Assignment(cycle_id=cycle.id, subject_id=subject.id, rater_id=candidate_id, source=PEER,
                                  state=state, proposed_by_id=actor.id, decided_by_id=actor.id if approved else None))
    db.session.flush()
    audit.record(actor, "nomination.added", f"cycle:{cycle.id}", subject=subject.id, approved=approved)
    db.session.commit()


def get_peer_assignment(assignment_id: int) -> Assignment | None:
    assignment = db.session.get(Assignment, assignment_id)
    return assignment if assignment is not None and assignment.source == PEER else None


def withdraw(assignment: Assignment, actor: User) -> None:
    """The subject takes back a nomination the supervisor has not decided yet. Commits."""
    if assignment.state != "proposed":
        raise CycleError(N_("Nominasi ini sudah diputuskan atasan; minta atasan Anda untuk menghapusnya."), 409)
    if not cycle_rules.accepts_nominations(assignment.cycle.state):
        raise CycleError(N_("Masa nominasi siklus ini sudah berakhir."), 409)
    db.session.delete(assignment)
    audit.record(actor, "nomination.withdrawn", f"cycle:{assignment.cycle_id}", subject=assignment.subject_id)
    db.session.commit()


def decide(assignment: Assignment, approve: bool, actor: User) -> None:
    """Approve or remove a peer nomination (supervisor or HR). Commits."""
    cycle = assignment.cycle
    if cycle.state not in (cycle_rules.NOMINATING, cycle_rules.COLLECTING):
        raise CycleError(N_("Siklus ini tidak lagi menerima perubahan nominasi."), 409)
    if cycle.state == cycle_rules.COLLECTING and assignment.state in ("active", "completed") and not approve:
        # Peers answer only while collecting. Refusing every removal then, answered or not, means the
        # refusal cannot tell anyone whether this peer has answered.
        raise CycleError(N_("Setelah pengisian dimulai, rekan yang sudah disetujui tidak dapat dihapus."), 409)
    if assignment.state == "completed":
        return
    assignment.state = "active" if approve else "removed"
    assignment.decided_by_id = actor.id
    audit.record(actor, "nomination.approved" if approve else "nomination.removed", f"cycle:{cycle.id}",
                 subject=assignment.subject_id)
    db.session.commit()


def overloaded_raters(cycle: Cycle) -> list[tuple[Employee, int]]:
    """Raters asked for more peer reviews than the cycle's cap, most loaded first."""
    counts = (select(Assignment.rater_id, func.count().label("n")).where(
        Assignment.cycle_id == cycle.id, Assignment.source == PEER, Assignment.state.in_(LIVE))
        .group_by(Assignment.rater_id).having(func.count() > cycle.peer_cap).subquery())
    return [(e, n) for e, n in db.session.execute(
        select(Employee, counts.c.n).join(counts, counts.c.rater_id == Employee.id)
        .order_by(counts.c.n.desc(), Employee.name)).all()]
