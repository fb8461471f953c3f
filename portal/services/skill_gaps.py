"""Trainers' skill-gap lists, read from the report snapshots' per-competency rows with GROUP BY.

The unit x competency figures and the training demand are computed once, when the cycle closes (released
snapshots never change), so these pages read a few stored rows whatever the number of employees. A cell is
shown only when at least k employees of the unit have a score there, the same threshold the cycle uses for
rater groups: fewer would let a reader work out one person's figure. Who is
recommended a training is listed by name (trainers fill classes); the raters never appear anywhere here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from sqlalchemy import and_, bindparam, case, exists, func, or_, select

from portal.cache import app_cache
from portal.domain import cycle_rules as rules
from portal.domain.roles import HR_ADMIN
from portal.extensions import db
from portal.models import (Competency, Cycle, Employee, Recommendation, Training, TrainingDemand, Unit, UnitScore, User,
                           UserRole)
from portal.rows import PageReads, Parts, Shape, any_of
from portal.services.org import Page
from portal.services.trainings import SUMMARY_COLUMNS, TrainingSummary, revision_column

SORTS = ("competency", "unit", "score", "below")


@dataclass(frozen=True)
class GapCell:
    unit_id: int
    unit_name: str
    competency_code: str
    competency_name: str
    employees: int  # employees of the unit with an others' score on the competency
    average: Decimal | None  # None: fewer than k employees, withheld
    below: int | None  # how many of them are below expectation (None when withheld)

    @property
    def below_share(self) -> float | None:
        return None if self.below is None or not self.employees else self.below / self.employees


# The statements below are built once per shape and take their values as parameters: building one costs
# SQLAlchemy about as much as running it on these few stored rows.
_LATEST_FIRST = (Cycle.period_end.desc(), Cycle.id.desc())


@cache
def _cycles_query(states: tuple[str, ...]):
    """The cycles in ``states``: without and with their order (``_LATEST_FIRST``)."""
    # What the trainers' pages and downloads use of a cycle (anything else comes from the ORM object).
    shape = Shape(Cycle, only=("name", "state", "framework_id", "min_group_size", "created_at", "period_end"))
    unordered = select(*shape.columns).where(any_of(Cycle.state, states))
    return unordered, unordered.order_by(*_LATEST_FIRST), shape


def visible_cycles(user: User) -> list[Cycle]:
    """Trainers see released cycles; HR also the closed ones it has not released yet. Read-only stand-ins
    (``portal.rows``): these pages only read."""
    _, statement, shape = _cycles_query(_states(user))
    return [shape.make(row, 0) for row in db.session.execute(statement)]


def _cell(row) -> GapCell:
    return GapCell(row.unit_id, row.unit_name, row.competency_code, row.competency_name, row.subjects, row.score,
                   row.below)


def _filters(statement, by_unit: bool, by_competency: bool):
    statement = statement.where(UnitScore.cycle_id == bindparam("cycle_id"))
    if by_unit:
        statement = statement.where(UnitScore.unit_id == bindparam("unit_id"))
    if by_competency:
        statement = statement.where(UnitScore.competency_code == bindparam("competency"))
    return statement


@cache
def _matrix_query(by_unit: bool, by_competency: bool, sort: str, descending: bool):
    query = _filters(select(UnitScore.unit_id, UnitScore.unit_name, UnitScore.competency_code,
                            UnitScore.competency_name, UnitScore.subjects, UnitScore.score, UnitScore.below),
                     by_unit, by_competency)
    direction = (lambda column: column.desc()) if descending else (lambda column: column.asc())
    # Withheld cells (fewer than k employees) always come last, whatever the order, so a sort cannot hint
    # at their values.
    withheld_last = case((UnitScore.score.is_(None), 1), else_=0)
    share = case((UnitScore.subjects > 0, UnitScore.below * 1.0 / UnitScore.subjects), else_=None)
    name = UnitScore.unit_name
    keys = {
        "competency": (direction(UnitScore.competency_code), name, UnitScore.unit_id),
        "unit": (direction(name), UnitScore.unit_id, UnitScore.competency_code),
        "score": (withheld_last, direction(UnitScore.score), UnitScore.competency_code, name, UnitScore.unit_id),
        "below": (withheld_last, direction(share), UnitScore.competency_code, name, UnitScore.unit_id),
    }[sort]
    return query.order_by(*keys)


@cache
def _count_query(by_unit: bool, by_competency: bool):
    return _filters(select(func.count()).select_from(UnitScore), by_unit, by_competency)


def _matrix(cycle: Cycle, unit_id: int | None, competency: str, sort: str, descending: bool):
    """The statement for the asked cells and its values."""
    sort = sort if sort in SORTS else "competency"
    values = {"cycle_id": cycle.id, "unit_id": unit_id, "competency": competency}
    return _matrix_query(bool(unit_id), bool(competency), sort, bool(descending)), values


def matrix(cycle: Cycle, unit_id: int | None = None, competency: str = "", sort: str = "competency",
           descending: bool = False) -> list[GapCell]:
    """Every cell, for downloads: the unit figures stored when the cycle closed (no report is read)."""
    query, values = _matrix(cycle, unit_id, competency, sort, descending)
    return [_cell(row) for row in db.session.execute(query, values)]


def matrix_page(cycle: Cycle, unit_id: int | None, competency: str, sort: str, descending: bool, page: int,
                per_page: int) -> Page:
    query, values = _matrix(cycle, unit_id, competency, sort, descending)

    def count() -> int:
        return db.session.scalar(_count_query(bool(unit_id), bool(competency)), values)

    def cells() -> tuple[GapCell, ...]:
        rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page), values)
        return tuple(_cell(row) for row in rows)

    if not stored(cycle):
        return Page(list(cells()), page, per_page, count())
    # A closed cycle's cells (figures and names) were all stored by its close and never change: each count and
    # page is kept per worker (by the cycle's creation time too, as the cached reports are).
    filters = (cycle.id, cycle.created_at, unit_id or None, competency)
    total = app_cache("gap-counts").get(filters, count)
    shown = app_cache("gap-pages").get((*filters, sort, bool(descending), page, per_page), cells)
    return Page(list(shown), page, per_page, total)


def stored(cycle: Cycle) -> bool:
    """Whether the cycle's skill-gap rows are all stored (from the close on) and so can be kept."""
    return cycle.state in (rules.CLOSED, rules.RELEASED)


@cache
def _competencies_query():
    return (select(Competency.code, Competency.name)
            .where(Competency.framework_id == bindparam("framework_id"), Competency.retired.is_(False))
            .order_by(Competency.position, Competency.id))


@cache
def _units_query():
    return (select(UnitScore.unit_id, UnitScore.unit_name).where(UnitScore.cycle_id == bindparam("cycle_id"))
            .group_by(UnitScore.unit_id, UnitScore.unit_name).order_by(UnitScore.unit_name, UnitScore.unit_id))


def competencies(cycle: Cycle) -> tuple[tuple[str, str], ...]:
    """The cycle's competencies (code, name), kept per worker once the cycle has left draft: its framework is
    then frozen, as for the survey's questions (``frameworks.asked_items``)."""
    def read():
        return tuple(tuple(row) for row in db.session.execute(_competencies_query(),
                                                             {"framework_id": cycle.framework_id}))
    if cycle.state not in rules.FROZEN:
        return read()
    return app_cache("gap-competencies").get(cycle.framework_id, read)


def units(cycle: Cycle) -> list[tuple[int, str]]:
    """The units with skill-gap rows in the cycle (id, name as at the close), by name; kept per worker once
    the rows are stored."""
    def read():
        return tuple(tuple(row) for row in db.session.execute(_units_query(), {"cycle_id": cycle.id}))
    if not stored(cycle):
        return list(read())
    return list(app_cache("gap-units").get((cycle.id, cycle.created_at), read))


@dataclass(frozen=True)
class TrainingDemandRow:
    training: TrainingSummary
    employees: int
    competencies: tuple[str, ...]


@cache
def _demand_query(by_unit: bool):
    """The training demand of the cycle ``cycle_id`` for the unit ``unit_id`` (``by_unit``) or the whole cycle, most
    wanted first."""
    unit_filter = TrainingDemand.unit_id == bindparam("unit_id") if by_unit else TrainingDemand.unit_id.is_(None)
    return (select(*SUMMARY_COLUMNS, TrainingDemand.employees, TrainingDemand.competencies)
            .join(TrainingDemand, TrainingDemand.training_id == Training.id)
            .where(TrainingDemand.cycle_id == bindparam("cycle_id"), unit_filter)
            .order_by(TrainingDemand.employees.desc(), Training.code))


def _demand_rows(rows, competency: str) -> list[TrainingDemandRow]:
    result = [TrainingDemandRow(TrainingSummary(*training), employees, tuple(codes.split(",")) if codes else ())
              for *training, employees, codes in rows]
    return [row for row in result if competency in row.competencies] if competency else result


def training_demand(cycle: Cycle, unit_id: int | None = None, competency: str = "") -> list[TrainingDemandRow]:
    """Per training: how many employees it is recommended to (stored at close), most wanted first; with a
    competency, only the trainings recommended for it."""
    rows = db.session.execute(_demand_query(bool(unit_id)), {"cycle_id": cycle.id, "unit_id": unit_id})
    return _demand_rows(rows, competency)


def _states(user: User) -> tuple[str, ...]:
    return (rules.CLOSED, rules.RELEASED) if HR_ADMIN in user.roles else (rules.RELEASED,)


def _visible():
    """``visible_cycles``'s rule for the account ``user_id`` (a parameter), in SQL: released cycles, and closed
    ones for an HR admin."""
    hr_admin = exists().where(UserRole.user_id == bindparam("user_id"), UserRole.role == HR_ADMIN)
    return or_(Cycle.state == rules.RELEASED, and_(Cycle.state == rules.CLOSED, hr_admin))


@cache
def _page_query():
    _, _, shape = _cycles_query((rules.RELEASED,))
    cycles = select(*shape.columns).where(_visible())
    return Parts((cycles, _LATEST_FIRST), (select(revision_column()), ())), shape


def page_reads(user_id: int | None = None) -> PageReads:
    """What the skill-gap page reads on every request besides what it keeps (``cycles_and_revision``); the
    account's id comes with the account when its statement reads them (``portal.page_reads``)."""
    return PageReads("skill-gaps", _page_query()[0], {} if user_id is None else {"user_id": user_id})


def cycles_and_revision(user: User) -> tuple[list[Cycle], int]:
    """What the skill-gap page reads on every request, in one statement on PostgreSQL (``portal.rows.Parts``), with
    the account's where it was read with it: the cycles the user may see (``visible_cycles``) and the catalogue's
    revision, which names the trainings' descriptions in a training demand kept as rendered."""
    cycles, (revision,) = page_reads(user.id).read()
    shape = _page_query()[1]
    return [shape.make(row, 0) for row in cycles], revision[0]


@dataclass(frozen=True)
class Recommended:
    employee_id: int
    name: str
    nip: str
    unit_name: str
    competencies: str


def recommended_to(cycle: Cycle, training_id: int, unit_id: int | None, page: int, per_page: int) -> Page:
    """The employees a training is recommended to, by name, one page (alphabetical, never by any score)."""
    codes = func.group_concat(Recommendation.competency_code) if db.session.get_bind().dialect.name == "sqlite" \
        else func.string_agg(Recommendation.competency_code, ",")
    query = (select(Employee.id, Employee.name, Employee.nip, Unit.name.label("unit_name"), codes)
             .join(Employee, Employee.id == Recommendation.subject_id).join(Unit, Unit.id == Employee.unit_id)
             .where(Recommendation.cycle_id == cycle.id, Recommendation.training_id == training_id)
             .group_by(Employee.id, Employee.name, Employee.nip, Unit.name)
             .order_by(Employee.name, Employee.id))
    if unit_id:
        query = query.where(Employee.unit_id == unit_id)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page([Recommended(r[0], r[1], r[2], r[3], ", ".join(sorted(set((r[4] or "").split(","))))) for r in rows],
                page, per_page, total)
