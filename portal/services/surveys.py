"""Rating tasks and surveys: drafts that autosave, and submission in one transaction.

On submit one transaction writes the receipt (its primary key is the assignment, so a second submission
fails on it), the response and its answers, and deletes the draft. Anonymous responses carry no rater and
only the date.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import MappingProxyType

from sqlalchemy import and_, bindparam, delete, exists, func, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.cache import app_cache
from portal.database import reading
from portal.domain import cycle_rules
from portal.domain import survey as rules
from portal.domain.sources import ANONYMOUS, ATTRIBUTED, SELF
from portal.domain.text import N_
from portal.extensions import db
from portal.models import (Answer, Assignment, Competency, CompetencyComment, Cycle, Draft, Employee, Indicator,
                           Receipt, Response, User)
from portal.models.audit import _now
from portal.models.framework import source_set
from portal.rows import PageReads, Parts, Shape, any_of, stand_ins
from portal.services.cycles import CycleError
from portal.services.frameworks import AskedCompetency, AskedIndicator, asked_items


class AlreadySubmitted(CycleError):
    def __init__(self):
        super().__init__(N_("Penilaian ini sudah dikirim sebelumnya; jawaban tidak dapat diubah lagi."), 409)


@dataclass(frozen=True)
class Task:
    """One line of the rater's task list (read as plain columns: no ORM objects for a list)."""

    assignment_id: int
    source: str
    subject_name: str
    cycle_name: str
    deadline: date | None
    answered: int
    total: int
    completed: bool


# The task list is the page every rater opens: its two statements are built once (building one costs
# SQLAlchemy as much time as running it) and take their values as parameters.
@cache
def _indicator_count_query():
    return (select(Competency.framework_id, Indicator.sources, func.count())
            .join(Indicator, Indicator.competency_id == Competency.id)
            .where(Competency.framework_id.in_(bindparam("framework_ids", expanding=True)),
                   Competency.retired.is_(False), Indicator.retired.is_(False))
            .group_by(Competency.framework_id, Indicator.sources))


@cache
def _task_parts() -> Parts:
    """The tasks of the signed-in account (``user_id``), as ``Parts``: the account's statement may read them."""
    rater = select(User.employee_id).where(User.id == bindparam("user_id")).scalar_subquery()
    tasks = (select(Assignment.id, Assignment.source, Employee.name, Cycle.name, Cycle.feedback_deadline,
                    Cycle.framework_id, Draft.answers, exists().where(Receipt.assignment_id == Assignment.id))
             .join(Employee, Employee.id == Assignment.subject_id)
             .join(Cycle, Cycle.id == Assignment.cycle_id)
             .outerjoin(Draft, Draft.assignment_id == Assignment.id)
             .where(Assignment.rater_id == rater, any_of(Assignment.state, ("active", "completed")),
                    or_(Cycle.state == cycle_rules.COLLECTING,
                        and_(Cycle.state == cycle_rules.NOMINATING, any_of(Assignment.source, ATTRIBUTED)))))
    return Parts((tasks, (Cycle.feedback_deadline, Assignment.source != SELF, Employee.name, Assignment.id)))


def task_reads(user_id: int | None = None) -> PageReads:
    """What the task list reads on every request (``tasks_of``); the account's id comes with the account when its
    statement reads them (``portal.page_reads``)."""
    return PageReads("tasks", _task_parts(), {} if user_id is None else {"user_id": user_id})


def _indicator_counts(framework_ids: set[int]) -> dict[tuple[int, str], int]:
    """(framework, source) → number of indicators that source rates. The task list shows only cycles past their
    draft, whose frameworks are frozen (see ``frameworks.asked_items``): each framework's counts are read once
    per worker."""
    counts: dict[tuple[int, str], int] = {}
    for framework_id in sorted(framework_ids):
        counts.update(app_cache("indicator-counts").get(framework_id, lambda f=framework_id: _read_counts(f)))
    return counts


def _read_counts(framework_id: int) -> Mapping[tuple[int, str], int]:
    counts: dict[tuple[int, str], int] = {}
    for _framework, sources, n in db.session.execute(_indicator_count_query(), {"framework_ids": [framework_id]}):
        for source in source_set(sources):
            counts[(framework_id, source)] = counts.get((framework_id, source), 0) + n
    return MappingProxyType(counts)


def tasks_of(user: User) -> list[Task]:
    """The assignments of the account's employee (its rater) in cycles that take answers (and those already done),
    in a stable order."""
    rows = task_reads(user.id).read()[0]
    counts = _indicator_counts({framework_id for *_, framework_id, _answers, _done in rows})
    tasks = []
    for assignment_id, source, subject_name, cycle_name, deadline, framework_id, answers, done in rows:
        total = counts.get((framework_id, source), 0)
        answered = total if done else min(total, len(answers or {}))
        tasks.append(Task(assignment_id, source, subject_name, cycle_name, deadline, answered, total, bool(done)))
    return tasks


@dataclass
class Survey:
    assignment: Assignment
    items: tuple[tuple[AskedCompetency, tuple[AskedIndicator, ...]], ...]
    sheet: rules.AnswerSheet
    completed: bool
    # Read once at load: after the autosave commits, the ORM rows above are expired and reading their ids
    # again would cost a query each.
    item_ids: list[rules.CompetencyItems] = field(init=False)
    # Whether the assignment row was read with its lock (``find_survey(..., lock=True)``).
    locked: bool = False

    def __post_init__(self) -> None:
        self.item_ids = [rules.CompetencyItems(c.id, tuple(i.id for i in indicators)) for c, indicators in self.items]

    @property
    def progress(self) -> tuple[int, int]:
        return rules.completion(self.sheet, self.item_ids)


@cache
def _survey_query(lock: bool):
    """The assignment with what every survey page shows (the cycle, the person rated), the rater's draft and
    whether the survey was sent: one query; with ``lock``, locking the assignment row as ``_lock_open`` does."""
    sent = select(Receipt.assignment_id).where(Receipt.assignment_id == Assignment.id).exists().label("sent")
    statement = (select(Assignment, Draft, sent).outerjoin(Draft, Draft.assignment_id == Assignment.id)
                 .options(joinedload(Assignment.cycle), joinedload(Assignment.subject))
                 .where(Assignment.id == bindparam("assignment_id")))
    return statement.with_for_update(of=Assignment) if lock else statement


@cache
def _reading_survey_query():
    """``_survey_query`` for a page that only reads: the same rows as columns (see ``portal.rows``)."""
    # Of the cycle and the person rated, what the survey page uses (anything else comes from the ORM object).
    assignment = Shape(Assignment)
    cycle = Shape(Cycle, "cycle", only=("name", "state", "framework_id", "feedback_deadline", "min_group_size",
                                        "created_at"))
    subject, draft = Shape(Employee, "subject", only=("name",)), Shape(Draft, "draft")
    sent = select(Receipt.assignment_id).where(Receipt.assignment_id == Assignment.id).exists().label("sent")
    statement = (select(*assignment.columns, *cycle.columns, *subject.columns, *draft.columns, sent)
                 .join(Cycle, Cycle.id == Assignment.cycle_id).join(Employee, Employee.id == Assignment.subject_id)
                 .outerjoin(Draft, Draft.assignment_id == Assignment.id)
                 .where(Assignment.id == bindparam("assignment_id")))
    return statement, assignment, cycle, subject, draft


@cache
def _reading_survey_parts() -> Parts:
    return Parts((_reading_survey_query()[0], ()))


def page_reads(assignment_id: int) -> PageReads:
    """What the survey page reads on every request (``find_survey`` in a reading request): the signed-in account's
    statement may read it too (``portal.page_reads``)."""
    return PageReads(("survey", assignment_id), _reading_survey_parts(), {"assignment_id": assignment_id})


def _reading_survey(assignment_id: int) -> Survey | None:
    _, assignment, cycle, subject, draft = _reading_survey_query()
    rows = page_reads(assignment_id).read()[0]
    if not rows:
        return None
    row = rows[0]
    found, its_cycle, its_subject, its_draft = stand_ins(row, assignment, cycle, subject, draft)
    found.cycle, found.subject = its_cycle, its_subject
    return _survey(found, its_draft, row[-1])


def find_survey(assignment_id: int, lock: bool = False) -> Survey | None:
    """The survey of an assignment. A POST that saves or sends it asks for the ``lock`` here, in the same query,
    instead of a second one in ``_lock_open``; a page that only reads gets it as stand-ins read as columns."""
    if not lock and reading():
        return _reading_survey(assignment_id)
    row = db.session.execute(_survey_query(lock), {"assignment_id": assignment_id}).first()
    if row is None:
        return None
    survey = _survey(*row)
    survey.locked = lock
    return survey


def load_survey(assignment: Assignment) -> Survey:
    return _survey(assignment, db.session.get(Draft, assignment.id), db.session.get(Receipt, assignment.id) is not None)


def _survey(assignment: Assignment, draft: Draft | None, completed: bool) -> Survey:
    sheet = (rules.AnswerSheet.from_draft(draft.answers, draft.comments, draft.strengths, draft.to_develop)
             if draft else rules.AnswerSheet())
    return Survey(assignment, asked_items(assignment.cycle, assignment.source), sheet, bool(completed))


def _check_open(survey: Survey) -> None:
    if survey.completed or survey.assignment.state == "completed":
        raise AlreadySubmitted()
    if survey.assignment.state != "active":
        raise CycleError(N_("Permintaan penilaian ini dibatalkan."), 409)
    state = survey.assignment.cycle.state
    if not cycle_rules.accepts_answers(state):
        raise CycleError(N_("Siklus ini sudah ditutup; penilaian tidak dapat diisi lagi."), 409)
    if survey.assignment.source in ANONYMOUS and state != cycle_rules.COLLECTING:
        raise CycleError(N_("Penilaian rekan dan bawahan dibuka setelah masa nominasi berakhir."), 409)


def _lock_open(survey: Survey) -> Assignment:
    """Lock the assignment row (PostgreSQL), so autosaves and submissions of one assignment take turns (unless
    the survey was read with its lock)."""
    assignment = survey.assignment if survey.locked else db.session.scalar(
        select(Assignment).where(Assignment.id == survey.assignment.id).with_for_update())
    survey.completed = survey.completed or assignment.state == "completed"
    _check_open(survey)
    return assignment


# What a draft's upsert writes besides its key.
_DRAFT_FIELDS = ("answers", "comments", "strengths", "to_develop", "updated_at")


@cache
def _draft_upsert(dialect: str):
    """Insert the draft or replace its fields, built once with its values as parameters: built anew on every
    autosave, SQLAlchemy would compile it again each time (about a tenth of an autosave)."""
    statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(Draft.__table__)
    return statement.on_conflict_do_update(index_elements=["assignment_id"],
                                           set_={name: statement.excluded[name] for name in _DRAFT_FIELDS})


def _write_draft(survey: Survey) -> None:
    data = survey.sheet.to_draft()
    data["updated_at"] = _now()
    connection = db.session.connection()
    connection.execute(_draft_upsert(connection.dialect.name), {"assignment_id": survey.assignment.id, **data})


def save_draft(survey: Survey, form) -> dict[str, str]:
    """Merge the posted fields into the draft and save it (even when incomplete). Commits."""
    _lock_open(survey)
    survey.sheet, errors = rules.parse_form(form, survey.item_ids, survey.sheet)
    _write_draft(survey)
    db.session.commit()
    return errors


def submit(survey: Survey, form, today: date) -> dict[str, str]:
    """Validate and submit; returns field → error (then the answers are kept as a draft). Commits."""
    assignment = _lock_open(survey)
    survey.sheet, errors = rules.parse_form(form, survey.item_ids, survey.sheet)
    errors.update(rules.submission_errors(survey.sheet, survey.item_ids))
    if errors:
        _write_draft(survey)
        db.session.commit()
        return errors
    anonymous = assignment.source not in ATTRIBUTED
    try:
        db.session.add(Receipt(assignment_id=assignment.id))
        db.session.flush()  # a second submission stops here, on the receipt's primary key
        response = Response(cycle_id=assignment.cycle_id, subject_id=assignment.subject_id, source=assignment.source,
                            rater_id=None if anonymous else assignment.rater_id, submitted_on=today,
                            strengths=survey.sheet.strengths, to_develop=survey.sheet.to_develop)
        db.session.add(response)
        db.session.flush()
        answers = [{"response_id": response.id, "indicator_id": indicator, "score": survey.sheet.answers[indicator]}
                   for group in survey.item_ids for indicator in group.indicator_ids]
        if answers:
            db.session.execute(insert(Answer), answers)
        comments = [{"response_id": response.id, "competency_id": c, "text": t}
                    for c, t in survey.sheet.comments.items() if t]
        if comments:
            db.session.execute(insert(CompetencyComment), comments)
        db.session.execute(delete(Draft).where(Draft.assignment_id == assignment.id))
        assignment.state = "completed"
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AlreadySubmitted() from None
    survey.completed = True
    return {}
