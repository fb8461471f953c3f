"""Public services and their satisfaction surveys: HR's set-up, the citizen's answer, the IKM dashboard."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import bindparam, delete, func, insert, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from portal.database import reading
from portal.domain import cycle_rules, ikm
from portal.domain import public_survey as rules
from portal.domain.sources import PUBLIC
from portal.domain.text import N_
from portal.extensions import db
from portal.models import (
    ELEMENT_COLUMNS,
    Answer,
    Cycle,
    Employee,
    PublicAnswer,
    PublicService,
    Response,
    ServicePopulation,
    Unit,
    User,
    cycle_unit,
    service_officer,
)
from portal.rows import Shape, stand_ins
from portal.services import audit
from portal.services.frameworks import asked_items
from portal.services.org import Page, _like


# --- HR: services and officers ---------------------------------------------------------------------

def search(q: str, unit_id: int | None, page: int, per_page: int) -> Page:
    counts = (select(PublicAnswer.service_id, func.count().label("n")).group_by(PublicAnswer.service_id).subquery())
    query = (select(PublicService, Unit.name, func.coalesce(counts.c.n, 0))
             .join(Unit, Unit.id == PublicService.unit_id).outerjoin(counts, counts.c.service_id == PublicService.id)
             .order_by(Unit.name, PublicService.name))
    if q:
        query = query.where(or_(func.lower(PublicService.name).like(_like(q), escape="\\"),
                                func.lower(Unit.name).like(_like(q), escape="\\")))
    if unit_id:
        query = query.where(PublicService.unit_id == unit_id)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(rows, page, per_page, total)


def get(service_id: int) -> PublicService | None:
    return db.session.get(PublicService, service_id)


# A citizen's page's statements are built once, with bound values (see surveys._task_parts).
def _active_officers():
    """Every service's active officers: (service_id, id, name, badge), to be ordered by name and id."""
    return (select(service_officer.c.service_id, Employee.id, Employee.name, service_officer.c.badge)
            .join(Employee, Employee.id == service_officer.c.employee_id)
            .where(Employee.active.is_(True)).subquery("officer"))


def _collecting(cycle, unit_id):
    """The cycle collecting answers for ``unit_id`` now that asks questions (has a framework), the latest period
    first; ``cycle`` is ``Cycle`` or an alias of it."""
    return (select(cycle).join(cycle_unit, cycle_unit.c.cycle_id == cycle.id)
            .where(cycle_unit.c.unit_id == unit_id, cycle.state == cycle_rules.COLLECTING,
                   cycle.framework_id.is_not(None))
            .order_by(cycle.period_start.desc(), cycle.id.desc()).limit(1))


@cache
def _officers_query():
    officer = _active_officers()
    return (select(officer.c.id, officer.c.name, officer.c.badge)
            .where(officer.c.service_id == bindparam("service_id")).order_by(officer.c.name, officer.c.id))


@cache
def _collecting_cycle_query():
    return _collecting(Cycle, bindparam("unit_id"))


@cache
def _reading_queries():
    """The token's and the collecting cycle's statements for a page that only reads: the same rows as columns
    (stand-ins, see ``portal.rows``)."""
    service, unit, cycle = Shape(PublicService), Shape(Unit, "unit"), Shape(Cycle)
    by_token = (select(*service.columns, *unit.columns).join(Unit, Unit.id == PublicService.unit_id)
                .where(PublicService.token == bindparam("token"), PublicService.active.is_(True)))
    collecting = _collecting_cycle_query().with_only_columns(*cycle.columns)
    return (by_token, service, unit), (collecting, cycle)


def by_token(token: str) -> PublicService | None:
    """The active service of a citizen's link, with its unit, as stand-ins (``portal.rows``) in any request, its
    columns read straight from the session's connection: a citizen's answer only reads it too, and through the ORM
    a POST would pay about a tenth of the answer's cost for it."""
    (statement, service, unit), _ = _reading_queries()
    row = db.session.connection().execute(statement, {"token": token[:24]}).first()
    if row is None:
        return None
    found, found_unit = stand_ins(row, service, unit)
    found.unit = found_unit
    return found


@dataclass(frozen=True)
class Officer:
    id: int
    name: str
    badge: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.badge})" if self.badge else self.name


def officers(service: PublicService) -> list[Officer]:
    rows = db.session.execute(_officers_query(), {"service_id": service.id}).all()
    return [Officer(*row) for row in rows]


def officer_lines(service: PublicService) -> str:
    rows = db.session.execute(
        select(Employee.nip, service_officer.c.badge).join(service_officer, service_officer.c.employee_id == Employee.id)
        .where(service_officer.c.service_id == service.id).order_by(Employee.name)).all()
    return "\n".join(f"{nip}, {badge}" if badge else nip for nip, badge in rows)


def _parse_officers(text: str, unit_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str, dict]]]:
    """Lines "NIP[, badge]" -> (employee id, badge); problems as (line, message id, params)."""
    found, problems, seen = [], [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        nip, _, badge = (part.strip() for part in line.partition(","))
        employee = db.session.scalar(select(Employee).where(Employee.nip == nip.replace(" ", "")))
        if employee is None or not employee.active:
            problems.append((number, N_("Baris %(line)s: tidak ada pegawai aktif dengan NIP %(nip)s."),
                             {"nip": nip}))
        elif employee.unit_id != unit_id:
            problems.append((number, N_("Baris %(line)s: %(name)s bukan pegawai unit ini."), {"name": employee.name}))
        elif len(badge) > 20:
            problems.append((number, N_("Baris %(line)s: kode petugas paling banyak 20 karakter."), {}))
        elif employee.id in seen:
            problems.append((number, N_("Baris %(line)s: %(name)s sudah ada di daftar."), {"name": employee.name}))
        else:
            seen.add(employee.id)
            found.append((employee.id, badge))
    return found, problems


def save_service(service: PublicService | None, values: dict, officer_text: str, actor: User
                 ) -> tuple[PublicService | None, dict[str, list]]:
    """Create or edit a service and its officer list. Returns (service, field -> problems); commits when none."""
    problems: dict[str, list] = {}
    name = values["name"].strip()
    clash = db.session.scalar(select(PublicService.id).where(PublicService.unit_id == values["unit_id"],
                                                             func.lower(PublicService.name) == name.lower()))
    if clash is not None and (service is None or clash != service.id):
        problems["name"] = [(None, N_("Unit ini sudah punya layanan dengan nama itu."), {})]
    found, officer_problems = _parse_officers(officer_text, values["unit_id"])
    if officer_problems:
        problems["officers"] = officer_problems
    if problems:
        return None, problems
    is_new = service is None
    if is_new:
        service = PublicService()
        db.session.add(service)
    service.unit_id, service.name = values["unit_id"], name
    service.description = values.get("description", "").strip()
    service.active = bool(values.get("active", True))
    db.session.flush()
    db.session.execute(delete(service_officer).where(service_officer.c.service_id == service.id))
    if found:
        db.session.execute(insert(service_officer), [{"service_id": service.id, "employee_id": e, "badge": b}
                                                     for e, b in found])
    audit.record(actor, "service.created" if is_new else "service.edited", f"service:{service.id}", name=name,
                 officers=len(found))
    db.session.commit()
    return service, {}


def set_population(service: PublicService, year: int, semester: int, users: int, actor: User) -> None:
    """Record the number of service users in a half-year (replacing an earlier figure). Commits."""
    values = {"service_id": service.id, "year": year, "semester": semester, "users": users}
    insert_ = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert_(ServicePopulation).values(**values).on_conflict_do_update(
        index_elements=["service_id", "year", "semester"], set_={"users": users}))
    audit.record(actor, "service.population", f"service:{service.id}", year=year, semester=semester, users=users)
    db.session.commit()


# --- the citizen ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OfficerSurvey:
    """The running cycle a citizen's officer rating feeds, and what the public is asked in it."""

    cycle: Cycle
    items: tuple  # ((AskedCompetency, (AskedIndicator, ...)), ...)

    @property
    def indicator_ids(self) -> list[int]:
        return [i.id for _, indicators in self.items for i in indicators]


def officer_survey(service: PublicService) -> OfficerSurvey | None:
    """The cycle collecting answers for the service's unit now (latest period first), if the public rates in it."""
    if reading():
        _, (statement, shape) = _reading_queries()
        row = db.session.execute(statement, {"unit_id": service.unit_id}).first()
        cycle = None if row is None else shape.make(row, 0)
    else:
        cycle = db.session.scalar(_collecting_cycle_query(), {"unit_id": service.unit_id})
    if cycle is None:
        return None
    items = asked_items(cycle, PUBLIC)
    return OfficerSurvey(cycle, items) if items else None


@dataclass(frozen=True)
class CitizenPage:
    """What a citizen's page shows, read in one statement: the service and its unit, the officer survey of the
    cycle collecting answers for the unit now (None when there is none, or the public is not asked in it) and the
    service's officers."""

    service: PublicService
    survey: OfficerSurvey | None
    officers: list[Officer]


@cache
def _citizen_page_query():
    """The service by its token with its unit, the unit's collecting cycle and a row per active officer of the
    service (one row without an officer when it has none): ``_collecting`` and ``_active_officers``, joined."""
    service, unit, cycle = Shape(PublicService), Shape(Unit, "unit"), Shape(Cycle, "cycle")
    running = aliased(Cycle, name="running")
    collecting = (_collecting(running, PublicService.unit_id).with_only_columns(running.id)
                  .correlate(PublicService).scalar_subquery())
    officer = _active_officers()
    statement = (select(*service.columns, *unit.columns, *cycle.columns, officer.c.id, officer.c.name,
                        officer.c.badge)
                 .join(Unit, Unit.id == PublicService.unit_id)
                 .outerjoin(Cycle, Cycle.id == collecting)
                 .outerjoin(officer, officer.c.service_id == PublicService.id)
                 .where(PublicService.token == bindparam("token"), PublicService.active.is_(True))
                 .order_by(officer.c.name, officer.c.id))
    return statement, service, unit, cycle


def citizen_page(token: str) -> CitizenPage | None:
    """A citizen's page (a request that only reads): the same as ``by_token``, ``officer_survey`` and
    ``officers`` together, in one statement instead of three."""
    statement, service_shape, unit_shape, cycle_shape = _citizen_page_query()
    rows = db.session.execute(statement, {"token": token[:24]}).all()
    if not rows:
        return None
    service, unit, cycle = stand_ins(rows[0], service_shape, unit_shape, cycle_shape)
    service.unit = unit
    items = asked_items(cycle, PUBLIC) if cycle is not None else ()
    officers = [Officer(*row[-3:]) for row in rows if row[-3] is not None]
    return CitizenPage(service, OfficerSurvey(cycle, items) if items else None, officers)


@cache
def _answer_insert():
    return insert(PublicAnswer.__table__)


def submit(service: PublicService, sub: rules.Submission, survey: OfficerSurvey | None, today: date) -> None:
    """Store one citizen's answer and, when an officer was rated, the officer's anonymous public response.

    One transaction. Nothing about the client is stored, and the two rows are not linked. Commits."""
    # A plain INSERT, built once: the ORM's unit of work would cost as much again, for a row nothing reads back.
    db.session.connection().execute(_answer_insert(), dict(
        service_id=service.id, year=today.year, semester=rules.semester_of(today.month), submitted_on=today,
        suggestion=sub.suggestion, **sub.profile, **{code.lower(): value for code, value in sub.scores.items()}))
    if survey is not None and sub.names_officer:
        asked = set(survey.indicator_ids)
        response = Response(cycle_id=survey.cycle.id, subject_id=sub.officer_id, source=PUBLIC, rater_id=None,
                            submitted_on=today)
        db.session.add(response)
        db.session.flush()
        db.session.execute(insert(Answer), [{"response_id": response.id, "indicator_id": i, "score": s}
                                            for i, s in sorted(sub.officer_scores.items()) if i in asked])
    db.session.commit()


# --- the dashboard ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Dashboard:
    year: int
    semester: int
    respondents: int
    summary: ikm.IkmSummary | None
    population: int | None
    sample: ikm.SampleStatus
    trend: list[tuple[int, int, ikm.IkmSummary, int]]  # (year, semester, summary, respondents)
    profile: dict[str, dict[str, int]]  # profile key -> code -> respondents ("" = not given)


def _element_totals(where) -> dict[tuple[int, int], tuple[int, dict[str, tuple[int, int]]]]:
    columns = [func.count()] + [func.sum(c) for c in ELEMENT_COLUMNS]
    rows = db.session.execute(select(PublicAnswer.year, PublicAnswer.semester, *columns).where(*where)
                              .group_by(PublicAnswer.year, PublicAnswer.semester)).all()
    result = {}
    for year, semester, count, *sums in rows:
        result[(year, semester)] = (count, {e.code: (int(total), count) for e, total in zip(ikm.ELEMENTS, sums)})
    return result


def dashboard(service: PublicService, year: int, semester: int) -> Dashboard:
    """IKM of one half-year, its trend over every half-year, the respondents' profile (four grouped queries)."""
    periods = _element_totals((PublicAnswer.service_id == service.id,))
    count, totals = periods.get((year, semester), (0, {}))
    summary = ikm.summarise(totals) if count else None
    population = db.session.scalar(select(ServicePopulation.users).where(
        ServicePopulation.service_id == service.id, ServicePopulation.year == year,
        ServicePopulation.semester == semester))
    trend = [(y, s, ikm.summarise(t), n) for (y, s), (n, t) in sorted(periods.items())]
    profile: dict[str, dict[str, int]] = {}
    for key in rules.PROFILE:
        column = getattr(PublicAnswer, key)
        profile[key] = {code or "": n for code, n in db.session.execute(
            select(column, func.count()).where(PublicAnswer.service_id == service.id, PublicAnswer.year == year,
                                               PublicAnswer.semester == semester).group_by(column))}
    return Dashboard(year, semester, count, summary, population, ikm.sample_status(count, population), trend,
                     profile)


def suggestions(service: PublicService, year: int, semester: int, include_hidden: bool, page: int,
                per_page: int) -> Page:
    """Suggestions of a half-year, newest day first (within a day in key order, which is random)."""
    query = (select(PublicAnswer).where(PublicAnswer.service_id == service.id, PublicAnswer.year == year,
                                        PublicAnswer.semester == semester, PublicAnswer.suggestion != "")
             .order_by(PublicAnswer.submitted_on.desc(), PublicAnswer.id))
    if not include_hidden:
        query = query.where(PublicAnswer.hidden.is_(False))
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return Page(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all(), page, per_page, total)


def set_hidden(answer: PublicAnswer, hidden: bool, reason: str, actor: User) -> str | None:
    """Hide (with a reason) or show again a suggestion; recorded in the audit log. Returns a problem or None."""
    reason = reason.strip()
    if hidden and not reason:
        return N_("Tulis alasan menyembunyikan saran ini.")
    if len(reason) > 300:
        return N_("Alasan paling banyak 300 karakter.")
    answer.hidden, answer.hidden_reason = hidden, reason if hidden else ""
    audit.record(actor, "public.suggestion_hidden" if hidden else "public.suggestion_shown",
                 f"public_answer:{answer.id}", reason=reason)
    db.session.commit()
    return None


def get_answer(answer_id: str) -> PublicAnswer | None:
    return db.session.get(PublicAnswer, answer_id[:32])


def periods(service: PublicService, today: date) -> list[tuple[int, int]]:
    """Half-years with answers or a population figure, and the current one, newest first."""
    found = set(db.session.execute(select(PublicAnswer.year, PublicAnswer.semester).distinct()
                                   .where(PublicAnswer.service_id == service.id)).all())
    found |= set(db.session.execute(select(ServicePopulation.year, ServicePopulation.semester)
                                    .where(ServicePopulation.service_id == service.id)).all())
    found.add((today.year, rules.semester_of(today.month)))
    return sorted(((int(y), int(s)) for y, s in found), reverse=True)
