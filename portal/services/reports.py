"""Development reports: frozen snapshots taken when a cycle closes, their release, and reading them back.

Closing reads grouped sums and counts from SQL, a chunk of employees at a time, and hands them to the pure
report rules (:mod:`portal.domain.report`); the result is stored as plain data and never recomputed, so a
released report cannot move and nobody can learn an answer by watching it move.
"""
from __future__ import annotations

import json
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from sqlalchemy import JSON, and_, bindparam, create_engine, delete, event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator
from sqlalchemy.orm import aliased, defer, joinedload

from portal.cache import app_cache
from portal.database import reading
from portal.domain import closing
from portal.domain import cycle_rules as rules
from portal.domain.recommendations import EXPECTATION, Need, development_needs
from portal.domain.report import (
    CompetencyInfo,
    Report,
    ReportInput,
    report_from_dict,
)
from portal.domain.roles import HR_ADMIN
from portal.domain.sources import SELF
from portal.domain.text import is_digits
from portal.extensions import db
from portal.i18n import gettext
from portal.models import (
    Answer,
    Assignment,
    Competency,
    CompetencyComment,
    Cycle,
    Employee,
    Indicator,
    Recommendation,
    ReportFindings,
    ReportScore,
    ReportSnapshot,
    Response,
    Training,
    Unit,
    TrainingDemand,
    UnitScore,
    User,
)
from portal.rows import PageReads, Parts, Shape, stand_ins
from portal.services import audit, bulk, mail, plans, trainings
from portal.services.cycles import AFTER_TRANSITION_HOOKS, TRANSITION_HOOKS
from portal.services.org import Page, _like
from portal.services.plans import PlanLine
from portal.services.trainings import TrainingSummary

CHUNK = 250  # employees whose answers are read and reported at once while closing
PARALLEL_FROM = 1000  # smaller cycles close in-process: starting workers would cost more than it saves
RECOMMENDATIONS_PER_NEED = 3


# --- closing: snapshots -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Framework:
    competencies: tuple[CompetencyInfo, ...]
    code_of: dict[int, str]  # competency id -> code
    competency_of: dict[int, str]  # indicator id -> competency code

    @property
    def indicator_ids(self) -> list[int]:
        return list(self.competency_of)


def _framework(framework_id: int) -> Framework:
    competencies = db.session.execute(
        select(Competency.id, Competency.code, Competency.name)
        .where(Competency.framework_id == framework_id, Competency.retired.is_(False))
        .order_by(Competency.position, Competency.id)).all()
    code_of = {cid: code for cid, code, _ in competencies}
    indicators: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for iid, cid, text in db.session.execute(
            select(Indicator.id, Indicator.competency_id, Indicator.text)
            .where(Indicator.competency_id.in_(list(code_of)), Indicator.retired.is_(False))
            .order_by(Indicator.position, Indicator.id)):
        indicators[cid].append((iid, text))
    infos = tuple(CompetencyInfo(code, name, tuple(indicators[cid])) for cid, code, name in competencies)
    return Framework(infos, code_of, {i: code_of[cid] for cid, rows in indicators.items() for i, _ in rows})


def _answer_rows(conn, cycle_id: int, framework: Framework, subject_ids: Sequence[int]) -> dict[int, closing.Rows]:
    """Every subject's grouped answers as plain tuples, from five grouped queries on ``conn`` (the session, or
    a closing worker's own connection)."""
    rows = {subject: closing.Rows({}, [], [], []) for subject in subject_ids}
    in_chunk = (Response.cycle_id == cycle_id, Response.subject_id.in_(subject_ids))
    for subject, source, count in conn.execute(
            select(Response.subject_id, Response.source, func.count()).where(*in_chunk)
            .group_by(Response.subject_id, Response.source)):
        rows[subject].respondents[source] = count

    code_of = framework.code_of
    asked = Indicator.id.in_(framework.indicator_ids)
    # Per response and competency: how many indicators were scored and their sum; then, per subject, source,
    # competency and that count, how many raters and their summed totals (RatingTotal).
    per_response = (select(Response.subject_id.label("subject"), Response.source.label("source"),
                           Indicator.competency_id.label("competency"), func.count(Answer.score).label("rated"),
                           func.coalesce(func.sum(Answer.score), 0).label("total"))
                    .join(Answer, Answer.response_id == Response.id)
                    .join(Indicator, Indicator.id == Answer.indicator_id)
                    .where(*in_chunk, asked)
                    .group_by(Response.subject_id, Response.source, Response.id, Indicator.competency_id)).subquery()
    for subject, source, competency, rated, raters, total in conn.execute(
            select(per_response.c.subject, per_response.c.source, per_response.c.competency, per_response.c.rated,
                   func.count(), func.sum(per_response.c.total))
            .group_by(per_response.c.subject, per_response.c.source, per_response.c.competency,
                      per_response.c.rated)):
        rows[subject].ratings.append((source, code_of[competency], rated, raters, int(total)))

    competency_of = framework.competency_of  # an indicator's competency, without joining the indicator table
    for subject, source, indicator, count, total in conn.execute(
            select(Response.subject_id, Response.source, Answer.indicator_id, func.count(Answer.score),
                   func.coalesce(func.sum(Answer.score), 0))
            .join(Answer, Answer.response_id == Response.id)
            .where(*in_chunk, Answer.indicator_id.in_(framework.indicator_ids))
            .group_by(Response.subject_id, Response.source, Answer.indicator_id)):
        rows[subject].items.append((source, indicator, competency_of[indicator], count, int(total)))

    for subject, source, competency, text in conn.execute(
            select(Response.subject_id, Response.source, CompetencyComment.competency_id, CompetencyComment.text)
            .join(CompetencyComment, CompetencyComment.response_id == Response.id)
            .where(*in_chunk, CompetencyComment.competency_id.in_(list(code_of)))):
        rows[subject].comments.append((source, code_of[competency], "competency", text))
    for subject, source, strengths, to_develop in conn.execute(
            select(Response.subject_id, Response.source, Response.strengths, Response.to_develop)
            .where(*in_chunk, (Response.strengths != "") | (Response.to_develop != ""))):
        if strengths:
            rows[subject].comments.append((source, None, "strengths", strengths))
        if to_develop:
            rows[subject].comments.append((source, None, "to_develop", to_develop))
    return rows


def _inputs(cycle: Cycle, framework: Framework, subject_ids: Sequence[int]) -> dict[int, ReportInput]:
    """Every subject's report input (what the snapshot is computed from)."""
    return {subject: closing.report_input(rows, framework.competencies, cycle.min_group_size,
                                          cycle.comment_min_group_size)
            for subject, rows in _answer_rows(db.session, cycle.id, framework, subject_ids).items()}


@dataclass
class _Totals:
    """What closing gathers across chunks for the unit and training figures."""

    scores: dict[int, list[dict[str, Decimal | None]]] = field(default_factory=lambda: defaultdict(list))
    demand: dict[tuple[int | None, int], tuple[set[int], set[str]]] = field(default_factory=dict)

    def recommend(self, unit: int, subject: int, code: str, training: int) -> None:
        for key in ((unit, training), (None, training)):
            subjects, codes = self.demand.setdefault(key, (set(), set()))
            subjects.add(subject)
            codes.add(code)


class _JSONText(TypeDecorator):
    """A JSON column's value handed over as JSON text already (bound as is, with the column's own cast)."""

    impl = JSON
    cache_ok = True

    def bind_processor(self, dialect):
        return None


@cache
def _snapshot_insert():
    table = ReportSnapshot.__table__
    values = {name: bindparam(name) for name in ("cycle_id", "subject_id", "unit_id")}
    return (table.insert().values(**values, data=bindparam("data", type_=_JSONText()))
            .returning(table.c.id, table.c.subject_id))


class Ready(NamedTuple):
    """A closed report as the closing process stores it: its data already JSON text, made by the worker that
    computed it (a string crosses between processes for a fraction of a nested dict's cost, and is written as
    is)."""

    subject: int
    data: str
    scores: tuple
    recommendations: tuple


def _ready(closed: closing.Closed) -> Ready:
    return Ready(closed.subject, json.dumps(closed.data, separators=(",", ":")), closed.scores,
                 closed.recommendations)


def _store(cycle: Cycle, units: dict[int, int], closed: list[Ready], totals: _Totals) -> None:
    """Write one chunk's snapshots, skill-gap rows and recommendations (bulk inserts, flush only)."""
    ids = dict((subject, sid) for sid, subject in db.session.execute(
        _snapshot_insert(),
        [{"cycle_id": cycle.id, "subject_id": c.subject, "unit_id": units[c.subject], "data": c.data}
         for c in closed]))
    scores, recommended = [], []
    for c in closed:
        unit = units[c.subject]
        scores += [{"snapshot_id": ids[c.subject], "competency_code": code, "competency_name": name,
                    "cycle_id": cycle.id, "unit_id": unit, "others_score": others, "self_score": own}
                   for code, name, others, own in c.scores]
        totals.scores[unit].append({code: others for code, _name, others, _own in c.scores})
        recommended += [{"snapshot_id": ids[c.subject], "cycle_id": cycle.id, "subject_id": c.subject,
                         "training_id": training, "competency_code": code, "rank": rank}
                        for rank, (code, training) in enumerate(c.recommendations, start=1)]
        for code, training in c.recommendations:
            totals.recommend(unit, c.subject, code, training)
    # These rows never become ORM objects here, so skip the ORM's per-row bookkeeping (COPY on PostgreSQL).
    bulk.insert_rows(ReportScore, scores, core=True)
    bulk.insert_rows(Recommendation, recommended, core=True)


def _store_totals(cycle: Cycle, framework: Framework, totals: _Totals) -> None:
    names = {c.code: c.name for c in framework.competencies}
    unit_names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(list(totals.scores)))).all())
    rows = [{"cycle_id": cycle.id, "unit_id": unit, "unit_name": unit_names[unit], "competency_code": code,
             "competency_name": names[code], "subjects": subjects, "score": score, "below": below}
            for unit, subject_scores in totals.scores.items()
            for code, (subjects, score, below) in closing.unit_figures(subject_scores, cycle.min_group_size,
                                                                        EXPECTATION).items()
            if subjects]
    if rows:
        db.session.execute(UnitScore.__table__.insert(), rows)
    demand = [{"cycle_id": cycle.id, "unit_id": unit, "training_id": training, "employees": len(subjects),
               "competencies": ",".join(sorted(codes))[:200]}
              for (unit, training), (subjects, codes) in totals.demand.items()]
    if demand:
        db.session.execute(TrainingDemand.__table__.insert(), demand)


def close_workers(subjects: int) -> int:
    """Worker processes that read and compute reports while a large cycle closes: CLOSE_WORKERS, or one per CPU
    (at most four). 0 does everything in this process."""
    if subjects < PARALLEL_FROM:
        return 0
    configured = current_app.config.get("CLOSE_WORKERS")
    return configured if configured is not None else min(os.cpu_count() or 1, 4)


def _close_chunk(conn, cycle_id: int, framework: Framework, k: int, comment_k: int,
                 subjects: Sequence[tuple[int, str]], catalogue) -> list[Ready]:
    """Read one chunk's answers and compute its reports; ``subjects`` are (employee id, position type)."""
    rows = _answer_rows(conn, cycle_id, framework, [subject for subject, _type in subjects])
    chunk = closing.Chunk(framework.competencies, k, comment_k,
                          tuple((subject, position_type, rows[subject]) for subject, position_type in subjects))
    return [_ready(c) for c in closing.close_chunk(chunk, catalogue, RECOMMENDATIONS_PER_NEED)]


_worker_engine: Engine | None = None


# A chunk's answers are a few thousand responses of a table of millions, each response's answers stored
# together: PostgreSQL's default cost of a random read (4, for spinning disks) made it scan the whole answer
# table, in parallel, for every chunk (1.1 s a chunk at 10,000 employees, on three processes) instead of
# following the primary key (0.4 s on one). The closing workers are the parallelism.
CHUNK_READ_SETTINGS = {"random_page_cost": "1.1", "max_parallel_workers_per_gather": "0"}


def _chunk_read_settings(dbapi_connection, _record) -> None:
    with dbapi_connection.cursor() as cursor:
        for name, value in CHUNK_READ_SETTINGS.items():
            cursor.execute(f"SET {name} = {value}")
    dbapi_connection.commit()


def _read_chunks_by_key_here() -> None:
    """The same settings for a close in this process, for the closing transaction only (SET LOCAL): the answer
    table holds every earlier cycle's answers too, however few employees this cycle has."""
    if db.session.get_bind().dialect.name == "postgresql":
        for name, value in CHUNK_READ_SETTINGS.items():
            db.session.execute(text(f"SET LOCAL {name} = {value}"))


# Each stored score and recommendation has its keys checked against the snapshots stored a moment before, in
# the same transaction, by a query PostgreSQL plans once per connection, for the table as its statistics last
# described it. After those tables were analyzed empty (a routine VACUUM ANALYZE on a new installation) or
# small (a pilot cycle), that plan was a scan of the whole snapshot table, for each of 443,000 rows of a
# 10,000-employee close: 150-167 s instead of 33 s. While the reports are stored, lookups follow the keys.
@contextmanager
def _checks_by_key():
    if db.session.get_bind().dialect.name != "postgresql":
        yield
        return
    previous = db.session.scalar(text("SELECT current_setting('enable_seqscan')"))
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    yield
    db.session.execute(text("SELECT set_config('enable_seqscan', :value, true)"), {"value": previous})


def _start_worker(url: str, options: dict) -> None:
    global _worker_engine
    _worker_engine = create_engine(url, **options)
    if _worker_engine.dialect.name == "postgresql":
        event.listen(_worker_engine, "connect", _chunk_read_settings)


def _close_chunk_in_worker(*args) -> list[Ready]:
    # Its own connection sees what is committed: the answers, which closing does not change.
    with _worker_engine.connect() as conn:
        return _close_chunk(conn, *args)


def _closed_chunks(tasks: Iterator[tuple], workers: int) -> Iterator[list[Ready]]:
    """``_close_chunk`` of every task, in order. With workers, they read and compute while this process stores
    the results; at most ``workers + 1`` chunks are in memory at once. Workers are spawned (not forked), so they
    share no connection or lock with this process, whose transaction stays open until the cycle is closed."""
    if workers == 0:
        _read_chunks_by_key_here()
        for task in tasks:
            yield _close_chunk(db.session, *task)
        return
    url = db.engine.url.render_as_string(hide_password=False)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                             initargs=(url, current_app.config["SQLALCHEMY_ENGINE_OPTIONS"])) as executor:
        yield from bulk.in_order(executor, ((_close_chunk_in_worker, *task) for task in tasks), workers)


def take_snapshots(cycle: Cycle, actor: User | None) -> int:
    """Compute and store every report of the cycle, its skill-gap rows, unit averages and recommendations.

    Runs inside the closing transaction (flush only), a chunk of employees at a time so memory stays flat;
    returns the number of reports."""
    for model in (UnitScore, TrainingDemand, ReportSnapshot):  # closed once, but never keep two versions
        db.session.execute(delete(model).where(model.cycle_id == cycle.id))
    framework = _framework(cycle.framework_id)
    catalogue = trainings.options()
    subjects = db.session.execute(
        select(Employee.id, Employee.unit_id, Employee.position_type)
        .where(Employee.id.in_(select(Assignment.subject_id).where(Assignment.cycle_id == cycle.id,
                                                                   Assignment.source == SELF)))
        .order_by(Employee.id)).all()
    units = {s.id: s.unit_id for s in subjects}
    totals = _Totals()

    tasks = ((cycle.id, framework, cycle.min_group_size, cycle.comment_min_group_size,
              tuple((s.id, s.position_type) for s in chunk), catalogue) for chunk in bulk.chunks(subjects, CHUNK))
    with _checks_by_key():
        for closed in _closed_chunks(tasks, close_workers(len(subjects))):
            _store(cycle, units, closed, totals)
    _store_totals(cycle, framework, totals)
    audit.record(actor, "cycle.snapshots", f"cycle:{cycle.id}", reports=len(subjects))
    return len(subjects)


def notify_release(cycle: Cycle, actor: User | None) -> int:
    """Queue one message per employee with a report (delivered after the commit); returns how many."""
    rows = db.session.execute(
        select(Employee.name, Employee.email).join(ReportSnapshot, ReportSnapshot.subject_id == Employee.id)
        .where(ReportSnapshot.cycle_id == cycle.id, Employee.email.is_not(None), Employee.email != "")).all()
    link = url_for("reports.mine", _external=True) if has_request_context() else "/reports/"
    with force_locale("id"):
        subject = gettext("Laporan pengembangan Anda untuk %(cycle)s sudah tersedia", cycle=cycle.name)
        for name, email in rows:
            body = gettext("Yth. %(name)s,\n\nLaporan umpan balik 360° Anda untuk siklus %(cycle)s sudah dapat "
                           "dibaca, beserta saran pelatihan untuk rencana pengembangan Anda.\nBuka: %(link)s\n\n"
                           "Terima kasih.", name=name, cycle=cycle.name, link=link)
            mail.queue(email, subject, body)
    audit.record(actor, "cycle.release_notified", f"cycle:{cycle.id}", messages=len(rows))
    return len(rows)


# Written by a close, read the next morning by everyone's report and the skill-gap pages.
CLOSE_TABLES = (ReportSnapshot, ReportScore, UnitScore, TrainingDemand, Recommendation)


def refresh_statistics(cycle: Cycle) -> None:
    """After a close has committed: without fresh statistics the planner would plan the skill-gap and report
    queries for the empty tables it last saw (a sort of every cell instead of an index walk). Commits."""
    bulk.analyze(CLOSE_TABLES)


TRANSITION_HOOKS.setdefault(rules.CLOSED, []).append(take_snapshots)
AFTER_TRANSITION_HOOKS.setdefault(rules.CLOSED, []).append(refresh_statistics)
TRANSITION_HOOKS.setdefault(rules.RELEASED, []).append(notify_release)


# --- reading ------------------------------------------------------------------------------------------

# The report page's statements are built once and take their values as parameters: building a statement
# costs SQLAlchemy about as much time as running one of these, and everyone opens their report.
@cache
def _snapshot_query():
    # The report itself (its data) is read only when needed: ``view`` keeps it parsed.
    return (select(ReportSnapshot).options(joinedload(ReportSnapshot.cycle), joinedload(ReportSnapshot.subject),
                                           defer(ReportSnapshot.data))
            .where(ReportSnapshot.cycle_id == bindparam("cycle_id"),
                   ReportSnapshot.subject_id == bindparam("subject_id")))


def _earlier(period_start):
    """The earlier released scores (trends), before they are narrowed to reports; ``period_start`` is the reported
    cycle's (an expression)."""
    return (select(ReportScore.competency_code, ReportScore.others_score, Cycle.name)
            .join(ReportSnapshot, ReportSnapshot.id == ReportScore.snapshot_id)
            .join(Cycle, Cycle.id == ReportSnapshot.cycle_id)
            .where(Cycle.state == rules.RELEASED, Cycle.period_end < period_start,
                   ReportScore.others_score.is_not(None)))


def _suggested_select():
    """Suggested trainings (code, *training summary) as the catalogue describes them now, before they are
    narrowed to reports."""
    return (select(Recommendation.competency_code, *trainings.SUMMARY_COLUMNS)
            .join(Training, Training.id == Recommendation.training_id))


@cache
def _unit_scores_query():
    return (select(UnitScore.competency_code, UnitScore.score)
            .where(UnitScore.cycle_id == bindparam("cycle_id"), UnitScore.unit_id == bindparam("unit_id"),
                   UnitScore.score.is_not(None)))


@cache
def _page_reads() -> tuple[tuple, ...]:
    """What the report page reads with the snapshot, by the address's cycle and employee (``cycle_id``,
    ``subject_id``, and ``employee_id`` for the plan): the earlier scores and the plan lines, each a select and
    its order (``Parts``). The suggested trainings are read only to render the findings (``ReportView``): what
    the page needs to know of them is the catalogue's revision, read with the snapshot. Made once: the page's
    ``Parts`` share these objects, so SQLite runs the same statements for a first view and a later one
    (``rows._alone``)."""
    reported = aliased(Cycle)
    period_start = select(reported.period_start).where(reported.id == bindparam("cycle_id")).scalar_subquery()
    earlier = _earlier(period_start)
    return ((earlier.where(ReportSnapshot.subject_id == bindparam("subject_id")),
             (Cycle.period_end.desc(), Cycle.id.desc())),
            plans.lines_part())


@cache
def _suggested_query():
    """A report's suggested trainings, as the catalogue describes them now, in rank order."""
    return _suggested_select().where(Recommendation.snapshot_id == bindparam("snapshot_id")).order_by(Recommendation.rank)


@cache
def _view_queries() -> Parts:
    """The page's reads after the snapshot (a POST's, or a snapshot read without them)."""
    return Parts(*_page_reads())


@cache
def _page_parts(with_findings: bool) -> Parts:
    """The report page's reads in a reading request: the snapshot (``_reading_snapshot_query``) first, then
    ``_page_reads``. On PostgreSQL one statement: a statement costs a round trip, the driver's work and the
    server's, more than a page's few rows (``Parts``)."""
    statement = _reading_snapshot_query(with_findings)[0]
    return Parts((statement, ()), *_page_reads())


@cache
def _reading_snapshot_query(with_findings: bool):
    """The snapshot, its cycle and employee, then the catalogue's revision and, ``with_findings``, the findings
    stored at the release (``portal.reports.findings``) as the last two columns, for a report this worker has
    not shown yet."""
    # What the report's page, its download and ``may_read`` use of the cycle and the employee.
    snapshot = Shape(ReportSnapshot, skip=("data",))
    cycle = Shape(Cycle, "cycle", only=("name", "state", "period_start", "period_end", "created_at",
                                        "min_group_size", "comment_min_group_size"))
    subject = Shape(Employee, "subject", only=("nip", "name", "unit_id", "supervisor_id", "active"))
    stored = (ReportFindings.key, ReportFindings.markup) if with_findings else ()
    revision = trainings.revision_column().label("catalogue_revision")
    statement = (select(*snapshot.columns, *cycle.columns, *subject.columns, revision, *stored)
                 .join(Cycle, Cycle.id == ReportSnapshot.cycle_id)
                 .join(Employee, Employee.id == ReportSnapshot.subject_id)
                 .where(ReportSnapshot.cycle_id == bindparam("cycle_id"),
                        ReportSnapshot.subject_id == bindparam("subject_id")))
    if with_findings:
        statement = statement.outerjoin(ReportFindings, and_(ReportFindings.snapshot_id == ReportSnapshot.id,
                                                             ReportFindings.locale == bindparam("locale")))
    return statement, snapshot, cycle, subject


@cache
def _data_query():
    return select(ReportSnapshot.data).where(ReportSnapshot.id == bindparam("snapshot_id"))


@cache
def _stored_findings_query():
    return select(ReportFindings.key, ReportFindings.markup).where(
        ReportFindings.snapshot_id == bindparam("snapshot_id"), ReportFindings.locale == bindparam("locale"))


STORED_LOCALE = "id"  # the language report findings are stored in at the release: the default, most read
SHOWN = "shown-reports"  # the reports, by cycle and employee, whose findings this worker has shown (``shown``)


def shown(snap: ReportSnapshot) -> None:
    """Note that this worker keeps the findings of ``snap`` (``portal.reports.findings``): its next ``snapshot``
    query leaves the stored ones unread. A stale note (the kept findings gone since, a cycle deleted and its ids
    taken again) only means they are read by ``stored_findings`` instead."""
    app_cache(SHOWN).get((snap.cycle_id, snap.subject_id), lambda: True)


def page_reads(cycle_id: int, subject_id: int) -> PageReads:
    """What the report page reads on every request (``snapshot``): the snapshot, for a report this worker has not
    shown (a first view: the morning after a release, every request) with the findings stored at the release,
    and what the page shows with it (``_page_parts``)."""
    with_findings = (cycle_id, subject_id) not in app_cache(SHOWN)
    return PageReads(("report", cycle_id, subject_id, with_findings), _page_parts(with_findings),
                     {"cycle_id": cycle_id, "subject_id": subject_id, "employee_id": subject_id,
                      "locale": STORED_LOCALE})


def snapshot(cycle_id: int, subject_id: int, locale: str = "") -> ReportSnapshot | None:
    """The snapshot with its cycle and employee, without its data: ``ReportView`` parses that only if it has to,
    once per worker. A reading request gets them as stand-ins read in one query of columns (``portal.rows``), a
    POST as ORM objects.

    A reading request reads with it what its page shows with it (``page_reads``, as ``page_rows``), and for a
    report this worker has not shown, as ``stored_findings`` (digest, markup), the findings stored at the release
    if the page is in their language (``locale``), or None: the page then neither renders them nor parses the
    report."""
    if not reading():
        return db.session.scalar(_snapshot_query(), {"cycle_id": cycle_id, "subject_id": subject_id})
    reads = page_reads(cycle_id, subject_id)
    with_findings = reads.key[-1]
    _statement, snapshot_, cycle, subject = _reading_snapshot_query(with_findings)
    rows, *page_rows = reads.read()
    if not rows:
        return None
    row = rows[0]
    found, its_cycle, its_subject = stand_ins(row, snapshot_, cycle, subject)
    found.cycle, found.subject, found.page_rows = its_cycle, its_subject, page_rows
    found.catalogue_revision = row[len(snapshot_.keys) + len(cycle.keys) + len(subject.keys)]
    if with_findings:
        found.stored_findings = None if row[-2] is None or locale != STORED_LOCALE else (row[-2], row[-1])
    return found


def stored_findings(snap: ReportSnapshot, locale: str) -> tuple[str, bytes] | None:
    """(digest, markup) of the findings stored at the release in ``locale``, read with the snapshot when it was
    (``snapshot``), else now."""
    if "stored_findings" not in vars(snap):
        row = db.session.execute(_stored_findings_query(), {"snapshot_id": snap.id, "locale": locale}).first()
        return None if row is None else tuple(row)
    return snap.stored_findings


def may_read(user: User, snap: ReportSnapshot) -> bool:
    """The employee and their direct supervisor once released; HR from the close on. Never a rater as such."""
    if HR_ADMIN in user.roles:
        return True
    if snap.cycle.state != rules.RELEASED or user.employee is None:
        return False
    return snap.subject_id == user.employee.id or snap.subject.supervisor_id == user.employee.id


@dataclass(frozen=True)
class Trend:
    cycle_name: str
    previous: Decimal
    change: Decimal


@dataclass(frozen=True)
class Suggestion:
    need: Need
    trainings: tuple[TrainingSummary, ...]


Parsed = tuple[Report, tuple[Need, ...], Mapping[str, Decimal | None]]


def _derived(report: Report) -> Parsed:
    """The report, its development needs and its "all others" score by competency."""
    scores = MappingProxyType({row.code: row.all_others for row in report.competencies})
    return report, tuple(development_needs(report.competencies)), scores


def _parsed(snap: ReportSnapshot) -> Parsed:
    """``_derived`` of the snapshot's report, parsed once per worker (a snapshot never changes; its creation time
    is in the key, as ids can come back after a cycle is deleted)."""
    def parsed():
        data = vars(snap).get("data")  # an ORM object's, if loaded; never an ORM load here
        if data is None:
            data = db.session.scalar(_data_query(), {"snapshot_id": snap.id})
        return _derived(report_from_dict(data))

    return app_cache("reports").get((snap.id, snap.created_at), parsed)


class ReportView:
    """Everything the report page shows of one snapshot: what the page reads with it (the earlier released
    scores, the catalogue's revision, the employee's plan), as read; the unit's averages and the suggested
    trainings when asked for; and the report itself, parsed only when something asks for it (``report``,
    ``trends``, ``suggestions``): a page whose findings are kept or were stored at the release
    (``portal.reports.findings``) never parses it, nor reads what only its findings show."""

    def __init__(self, snapshot: ReportSnapshot, earlier: Sequence[tuple], catalogue: int,
                 plan: tuple[PlanLine, ...] = (), suggested: Sequence[tuple] | None = None,
                 report: Report | None = None, unit_scores: Mapping[str, Decimal] | None = None):
        """``earlier``: (code, score, cycle name) rows, latest first; ``catalogue``: the catalogue's revision
        (``CatalogueRevision``) as read with them; ``suggested``: (code, *training summary) rows in rank order,
        else read when asked for; ``report`` if parsed already; ``unit_scores`` (code: average), else read when
        asked for."""
        self.snapshot = snapshot
        self.earlier, self.catalogue = tuple(map(tuple, earlier)), catalogue
        if unit_scores is not None:
            self.__dict__["unit_scores"] = unit_scores
        if suggested is not None:
            self.__dict__["suggested"] = tuple(map(tuple, suggested))
        self.plan = plan  # the employee's development plan as it is now
        if report is not None:
            self.__dict__["parsed"] = _derived(report)

    @cached_property
    def parsed(self) -> Parsed:
        return _parsed(self.snapshot)

    @property
    def report(self) -> Report:
        return self.parsed[0]

    @cached_property
    def trends(self) -> dict[str, Trend]:
        return _trends(self.earlier, self.parsed[2])

    @cached_property
    def unit_scores(self) -> Mapping[str, Decimal]:
        """The averages of the employee's unit (code: average), stored by the close that made the snapshot;
        shared between requests: read only."""
        return _unit_scores(self.snapshot)

    @cached_property
    def suggested(self) -> tuple[tuple, ...]:
        """The suggested trainings' rows: (code, *training summary), in rank order."""
        return tuple(map(tuple, db.session.execute(_suggested_query(), {"snapshot_id": self.snapshot.id})))

    @cached_property
    def suggestions(self) -> tuple[Suggestion, ...]:
        return _suggestions(self.suggested, self.parsed[1])

    @property
    def made_of(self) -> tuple:
        """Everything the findings show besides what is frozen with the snapshot, as hashable values: the earlier
        scores (a cycle deleted takes its scores away) and the catalogue's revision. Frozen with it: the unit's
        averages and the suggested trainings, stored by the close that made the snapshot (closing again makes
        another); how the catalogue describes the trainings is what the revision names."""
        return self.earlier, self.catalogue

    @property
    def k(self) -> int:
        """The report's smallest group (``report.k``), without parsing it: the cycle's, which cannot change once
        the cycle leaves its draft (``cycles.DRAFT_ONLY``), and the close reports with it."""
        return self.snapshot.cycle.min_group_size

    @property
    def comment_k(self) -> int:
        return self.snapshot.cycle.comment_min_group_size


def _unit_scores(snap: ReportSnapshot) -> Mapping[str, Decimal]:
    # A unit's averages were stored by the close and never change: read once per worker for the whole unit.
    return app_cache("unit-scores").get(
        (snap.cycle_id, snap.cycle.created_at, snap.unit_id),
        lambda: MappingProxyType(dict(db.session.execute(_unit_scores_query(), {"cycle_id": snap.cycle_id,
                                                                                "unit_id": snap.unit_id}).all())))


def _trends(earlier: Iterable[Sequence], now: Mapping[str, Decimal | None]) -> dict[str, Trend]:
    """From (code, score, cycle name) rows, latest first: the change since the latest earlier score per code."""
    trends: dict[str, Trend] = {}
    for code, score, cycle_name in earlier:
        if code in trends or now.get(code) is None:
            continue
        trends[code] = Trend(cycle_name, score, now[code] - score)
    return trends


def _suggestions(suggested: Iterable[Sequence], needs: Sequence[Need]) -> tuple[Suggestion, ...]:
    """From (code, *training summary) rows in rank order: each development need with its trainings."""
    by_code: dict[str, list[TrainingSummary]] = defaultdict(list)
    for code, *training in suggested:
        by_code[code].append(TrainingSummary(*training))
    return tuple(Suggestion(need, tuple(by_code.get(need.competency, ()))) for need in needs)


def view(snap: ReportSnapshot) -> ReportView:
    """Everything the report page shows, the employee's plan lines included: read with a reading request's
    snapshot, else in one more query (three on SQLite); the report's data only if it is parsed (``ReportView``)."""
    page_rows = vars(snap).get("page_rows")
    if page_rows is None:
        page_rows = _view_queries().read({"cycle_id": snap.cycle_id, "subject_id": snap.subject_id,
                                          "employee_id": snap.subject_id})
    earlier, plan = page_rows
    revision = vars(snap).get("catalogue_revision")
    return ReportView(snap, earlier, trainings.revision() if revision is None else revision,
                      tuple(PlanLine(*line) for line in plan))


@cache
def _chunk_view_queries():
    """``_view_queries``' trends and suggestions for many reports of one cycle at once (by employee, snapshot)."""
    earlier, suggested = _earlier(bindparam("period_start")), _suggested_select()
    earlier = (earlier.add_columns(ReportSnapshot.subject_id)
               .where(ReportSnapshot.subject_id.in_(bindparam("employee_ids", expanding=True)))
               .order_by(ReportSnapshot.subject_id, Cycle.period_end.desc(), Cycle.id.desc()))
    suggested = (suggested.add_columns(Recommendation.snapshot_id)
                 .where(Recommendation.snapshot_id.in_(bindparam("snapshot_ids", expanding=True)))
                 .order_by(Recommendation.snapshot_id, Recommendation.rank))
    return earlier, suggested


def views(snaps: Sequence[ReportSnapshot]) -> list[ReportView]:
    """``view`` of many snapshots of one cycle (ORM objects with their cycle and employee), in three queries
    however many: for the release, which renders every report's findings. Without the plans (``plan`` empty)."""
    if not snaps:
        return []
    earlier_query, suggested_query = _chunk_view_queries()
    earlier: dict[int, list] = defaultdict(list)
    for *row, subject in db.session.execute(earlier_query, {"employee_ids": [s.subject_id for s in snaps],
                                                            "period_start": snaps[0].cycle.period_start}):
        earlier[subject].append(row)
    suggested: dict[int, list] = defaultdict(list)
    for *row, snapshot_id in db.session.execute(suggested_query, {"snapshot_ids": [s.id for s in snaps]}):
        suggested[snapshot_id].append(row)
    revision = trainings.revision()
    return [ReportView(snap, earlier[snap.subject_id], revision, suggested=suggested[snap.id])
            for snap in snaps]


@dataclass(frozen=True)
class ReportListRow:
    snapshot_id: int
    cycle_id: int
    cycle_name: str
    period_end: date
    released: bool
    subject_id: int
    subject_name: str
    subject_nip: str
    unit_name: str


def _rows(query, page: int, per_page: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page([ReportListRow(r.id, r.cycle_id, r.cycle_name, r.period_end, r.state == rules.RELEASED,
                               r.subject_id, r.subject_name, r.nip, r.unit_name) for r in rows],
                page, per_page, total)


def _list_query():
    return (select(ReportSnapshot.id, ReportSnapshot.cycle_id, Cycle.name.label("cycle_name"), Cycle.period_end,
                   Cycle.state, ReportSnapshot.subject_id, Employee.name.label("subject_name"), Employee.nip,
                   Unit.name.label("unit_name"))
            .join(Cycle, Cycle.id == ReportSnapshot.cycle_id)
            .join(Employee, Employee.id == ReportSnapshot.subject_id)
            .join(Unit, Unit.id == ReportSnapshot.unit_id))


def own_reports(employee: Employee) -> list[ReportListRow]:
    query = _list_query().where(ReportSnapshot.subject_id == employee.id, Cycle.state == rules.RELEASED) \
        .order_by(Cycle.period_end.desc(), Cycle.id.desc())
    return _rows(query, 1, 100).items


def team_reports(supervisor: Employee, q: str, page: int, per_page: int) -> Page:
    query = _list_query().where(Employee.supervisor_id == supervisor.id, Cycle.state == rules.RELEASED)
    return _rows(_search(query, q).order_by(Cycle.period_end.desc(), Employee.name, Employee.id), page, per_page)


def all_reports(cycle_id: int | None, q: str, page: int, per_page: int) -> Page:
    query = _list_query().where(Cycle.state.in_((rules.CLOSED, rules.RELEASED)))
    if cycle_id:
        query = query.where(ReportSnapshot.cycle_id == cycle_id)
    return _rows(_search(query, q).order_by(Cycle.period_end.desc(), Employee.name, Employee.id), page, per_page)


def _search(query, q: str):
    q = q.strip()
    if not q:
        return query
    digits = q.replace(" ", "")
    if is_digits(digits):
        return query.where(Employee.nip.like(digits + "%"))
    return query.where(func.lower(Employee.name).like(_like(q), escape="\\"))


def reported_cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.state.in_((rules.CLOSED, rules.RELEASED)))
                                   .order_by(Cycle.period_end.desc(), Cycle.id.desc())))


def export(snap: ReportSnapshot) -> dict:
    """The report page's data as plain JSON (for the download and ``flask export-report``)."""
    shown = view(snap)
    return {
        "cycle": {"id": snap.cycle.id, "name": snap.cycle.name, "period_start": snap.cycle.period_start.isoformat(),
                  "period_end": snap.cycle.period_end.isoformat(), "state": snap.cycle.state},
        "employee": {"nip": snap.subject.nip, "name": snap.subject.name,
                     "unit": db.session.get(Unit, snap.unit_id).name},
        "report": snap.data,
        "unit_scores": {code: str(score) for code, score in shown.unit_scores.items()},
        "trends": {code: {"cycle": t.cycle_name, "previous": str(t.previous), "change": str(t.change)}
                   for code, t in shown.trends.items()},
        "recommendations": [
            {"competency": s.need.competency, "reason": s.need.reason,
             "score": None if s.need.score is None else str(s.need.score), "gap": str(s.need.gap),
             "trainings": [{"code": t.code, "title": t.title, "provider": t.provider, "form": t.form, "jp": t.jp,
                            "level": t.level} for t in s.trainings]}
            for s in shown.suggestions],
    }
