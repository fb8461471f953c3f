"""Closing a cycle: snapshots, skill-gap rows, unit averages, recommendations, release (both backends)."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select, text

from portal.domain.report import build_report, report_to_dict
from portal.extensions import db
from portal.models import (OutboxMessage, Recommendation, ReportScore, ReportSnapshot, Response, Training,
                           UnitScore)
from portal.services import cycles, reports, trainings
from tests import factories, sql
from tests.conftest import PG_URL

CLOSE_DAY = date(2026, 4, 1)


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def close(org, cycle, state="closed"):
    hr = factories.hr_user(org)
    assert cycles.transition(cycle.id, "closed", hr, True, CLOSE_DAY) == []
    if state == "released":
        assert cycles.transition(cycle.id, "released", hr, True, CLOSE_DAY) == []
    return db.session.get(type(cycle), cycle.id)


def collected(org, peer_scores, supervisor_score="4", self_score="4", comment=""):
    """A collecting cycle where reports[0] was rated by len(peer_scores) peers, the supervisor and themself."""
    subject = org.reports[0]
    peers = factories.colleagues(org, len(peer_scores)) if peer_scores else []
    cycle = factories.running_cycle(org, peers={subject: peers})
    for peer, score in zip(peers, peer_scores):
        factories.answer(cycle, subject, peer, "peer", score, comment=comment, strengths="Sabar melayani")
    factories.answer(cycle, subject, org.supervisor, "supervisor", supervisor_score)
    factories.answer(cycle, subject, subject, "self", self_score)
    return cycle, subject


def test_closing_stores_one_frozen_report_per_employee(org):
    cycle, subject = collected(org, ["2", "3", "2"], self_score="5")
    cycle = close(org, cycle)
    employees_in_cycle = 1 + len(org.reports) + 3  # supervisor, reports, colleagues
    assert count(ReportSnapshot, ReportSnapshot.cycle_id == cycle.id) == employees_in_cycle
    view = reports.view(reports.snapshot(cycle.id, subject.id))
    row = view.report.competencies[0]
    assert row.scores["peer"] == Decimal("2.33") and row.scores["self"] == Decimal("5.00")
    assert row.scores["supervisor"] == Decimal("4.00")
    assert row.all_others == Decimal("2.75")  # (2 + 3 + 2 + 4) / 4
    assert row.quadrant == "blind_spot"
    scores = db.session.scalars(select(ReportScore).join(ReportSnapshot)
                                .where(ReportSnapshot.subject_id == subject.id)).all()
    assert {(s.competency_code, s.others_score, s.self_score) for s in scores} == {
        ("BA.1", Decimal("2.75"), Decimal("5.00")), ("M.03", Decimal("2.75"), Decimal("5.00"))}


def test_the_snapshot_equals_the_report_computed_from_the_answers(org):
    cycle, subject = collected(org, ["5", "3", "na"], comment="Perlu lebih sabar")
    cycle = close(org, cycle)
    framework = reports._framework(cycle.framework_id)
    fresh = build_report(reports._inputs(cycle, framework, [subject.id])[subject.id])
    assert reports.snapshot(cycle.id, subject.id).data == report_to_dict(fresh)


def test_two_peers_are_not_shown_on_their_own(org):
    cycle, subject = collected(org, ["1", "1"], comment="Catatan-XYZ-rekan")
    cycle = close(org, cycle)
    report = reports.view(reports.snapshot(cycle.id, subject.id)).report
    row = report.competencies[0]
    assert "peer" not in row.scores and "others" not in row.scores
    assert row.all_others == Decimal("4.00")  # the supervisor alone: the two peers are left out
    assert [s.source for s in report.suppressed if s.source == "peer"] == ["peer"]
    assert all("XYZ" not in c.text for c in report.comments)
    assert "XYZ" not in str(reports.snapshot(cycle.id, subject.id).data)


def test_nothing_changes_after_close(org):
    cycle, subject = collected(org, ["2", "2", "2"])
    cycle = close(org, cycle, state="released")
    before = reports.snapshot(cycle.id, subject.id).data
    # A late answer written straight into the table (the survey refuses it) does not move the report.
    db.session.add(Response(cycle_id=cycle.id, subject_id=subject.id, source="peer", submitted_on=CLOSE_DAY))
    db.session.commit()
    assert reports.snapshot(cycle.id, subject.id).data == before


def test_unit_averages_need_k_employees_with_a_score(org):
    cycle, subject = collected(org, ["3", "3", "3"])
    cycle = close(org, cycle)
    # Only reports[0] has answers from others: one employee is fewer than k = 3, so no unit average.
    rows = db.session.scalars(select(UnitScore).where(UnitScore.cycle_id == cycle.id)).all()
    assert {(r.competency_code, r.subjects, r.score, r.below) for r in rows} == {("BA.1", 1, None, None),
                                                                                  ("M.03", 1, None, None)}
    assert reports.view(reports.snapshot(cycle.id, subject.id)).unit_scores == {}

    subjects = factories.colleagues(org, 3)
    cycle2 = factories.running_cycle(org, name="Semester II 2026", framework=cycle.framework, period_start=date(2026, 7, 1),
                                     period_end=date(2026, 12, 31))
    for person, score in zip(subjects, ("2", "3", "4")):
        factories.answer(cycle2, person, org.supervisor, "supervisor", score)
    cycle2 = close(org, cycle2)
    averages = db.session.scalars(select(UnitScore).where(UnitScore.cycle_id == cycle2.id)).all()
    # Scores 2, 3 and 4: average 3.00, two of the three below the expectation of 3.50.
    assert {(a.competency_code, a.subjects, a.score, a.below) for a in averages} == {
        ("BA.1", 3, Decimal("3.00"), 2), ("M.03", 3, Decimal("3.00"), 2)}
    view = reports.view(reports.snapshot(cycle2.id, subjects[0].id))
    assert view.unit_scores == {"BA.1": Decimal("3.00"), "M.03": Decimal("3.00")}


def test_recommendations_follow_the_development_needs(org):
    trainings.seed_catalogue()
    cycle, subject = collected(org, ["2", "2", "2"], supervisor_score="2")
    db.session.execute(Training.__table__.update().where(Training.code == "PK.001").values(active=False))
    db.session.commit()
    cycle = close(org, cycle)
    rows = db.session.scalars(select(Recommendation).where(Recommendation.subject_id == subject.id)
                              .order_by(Recommendation.rank)).all()
    assert rows and [r.rank for r in rows] == list(range(1, len(rows) + 1))
    assert {r.competency_code for r in rows} == {"BA.1", "M.03"}
    inactive = db.session.scalar(select(Training.id).where(Training.code == "PK.001"))
    assert inactive not in {r.training_id for r in rows}
    view = reports.view(reports.snapshot(cycle.id, subject.id))
    assert [s.need.competency for s in view.suggestions] == ["BA.1", "M.03"]
    assert all(0 < len(s.trainings) <= reports.RECOMMENDATIONS_PER_NEED for s in view.suggestions)
    # Nobody rated reports[1]: no evidence, no need, no recommendation.
    assert count(Recommendation, Recommendation.subject_id == org.reports[1].id) == 0


def test_release_notifies_every_employee_with_a_report(org):
    cycle, subject = collected(org, ["4", "4", "4"])
    close(org, cycle)
    assert count(OutboxMessage) == 0
    close_released = cycles.transition(cycle.id, "released", factories.hr_user(org), True, CLOSE_DAY)
    assert close_released == []
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert len(messages) == count(ReportSnapshot)
    assert all("Semester I 2026" in m.subject for m in messages)
    # The message names the cycle and the reader, never a rater.
    own = next(m for m in messages if m.recipient == subject.email)
    assert subject.name in own.body and "Kolega" not in own.body and org.supervisor.name not in own.body


def test_the_trend_compares_with_the_previous_released_report(org):
    cycle, subject = collected(org, ["2", "2", "2"])
    close(org, cycle, state="released")
    peers = db.session.scalars(select(factories.Employee).where(factories.Employee.name.like("Kolega%"))).all()
    later = factories.running_cycle(org, peers={subject: peers}, name="Semester II 2026", framework=cycle.framework,
                                    period_start=date(2026, 7, 1), period_end=date(2026, 12, 31))
    for peer in peers:
        factories.answer(later, subject, peer, "peer", "4")
    factories.answer(later, subject, org.supervisor, "supervisor", "4")
    later = close(org, later, state="released")
    view = reports.view(reports.snapshot(later.id, subject.id))
    trend = view.trends["BA.1"]
    assert trend.cycle_name == "Semester I 2026"
    assert (trend.previous, trend.change) == (Decimal("2.50"), Decimal("1.50"))


def _queries(callable_):
    db.session.expire_all()
    with sql.recorded() as seen:
        callable_()
    return len(seen)


if PG_URL:

    @pytest.mark.parametrize("backend", ["postgresql"])
    def test_closing_leaves_fresh_planner_statistics_on_postgresql(org, backend):
        """The morning's pages are planned for the rows the close wrote, not for the empty tables of before."""
        cycle, _subject = collected(org, ["2", "3", "2"])
        tables = [model.__tablename__ for model in reports.CLOSE_TABLES]
        stale = text("SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() "
                     "AND relname = ANY(:tables) AND (last_analyze IS NULL OR n_mod_since_analyze > 0)")
        close(org, cycle)
        db.session.execute(text("SELECT pg_stat_clear_snapshot()"))
        assert list(db.session.scalars(stale, {"tables": tables})) == []
        assert count(UnitScore) > 0 and count(ReportScore) > 0


def test_reading_a_report_takes_the_same_queries_whatever_the_number_of_answers(org):
    trainings.seed_catalogue()
    small, subject = collected(org, ["2", "2", "2"])
    small = close(org, small, state="released")
    few = _queries(lambda: reports.view(reports.snapshot(small.id, subject.id)))
    peers = factories.colleagues(org, 5)
    big = factories.running_cycle(org, peers={org.reports[1]: peers}, name="Semester II 2026", framework=small.framework,
                                  period_start=date(2026, 7, 1), period_end=date(2026, 12, 31))
    for peer in peers:
        factories.answer(big, org.reports[1], peer, "peer", "2", comment="Tingkatkan komunikasi")
    big = close(org, big, state="released")
    many = _queries(lambda: reports.view(reports.snapshot(big.id, org.reports[1].id)))
    # The data is read apart from its snapshot row here (pages keep it parsed); the view reads the plan lines too.
    assert few == many <= (8 if db.engine.dialect.name == "sqlite" else 6)



def test_the_skill_gap_matrix_pages_sorts_and_keeps_withheld_cells_last(org):
    from portal.services import skill_gaps

    other = factories.unit("DINKES-PKM", "Puskesmas", parent=org.unit)
    staff = [factories.employee(other, f"Staf {i}", supervisor=org.supervisor) for i in range(3)]
    db.session.commit()
    cycle = factories.cycle([org.unit, other])
    db.session.commit()
    hr = factories.hr_user(org)
    assert cycles.transition(cycle.id, "nominating", hr, True, date(2026, 1, 2)) == []
    assert cycles.transition(cycle.id, "collecting", hr, True, date(2026, 2, 2)) == []
    for person, score in zip(staff, ("2", "2", "3")):
        factories.answer(cycle, person, org.supervisor, "supervisor", score)
    factories.answer(cycle, org.reports[0], org.supervisor, "supervisor", "5")
    cycle = close(org, cycle)
    cells = skill_gaps.matrix(cycle, sort="score", descending=True)
    shown = [c for c in cells if c.average is not None]
    assert [(c.unit_name, c.average, c.below) for c in shown] == [("Puskesmas", Decimal("2.33"), 3)] * 2
    assert all(c.average is None and c.below is None for c in cells[len(shown):])  # Dinas Kesehatan: 1 < k
    for descending in (False, True):
        assert [c.average for c in skill_gaps.matrix(cycle, sort="score", descending=descending)][-1] is None
    page = skill_gaps.matrix_page(cycle, None, "", "competency", False, 2, 3)
    assert (page.total, len(page.items), page.pages) == (4, 1, 2)
    assert [c.competency_code for c in skill_gaps.matrix(cycle, competency="M.03")] == ["M.03", "M.03"]
    # A closed cycle's cells never change: each filter's count and each page are read once per worker.
    with sql.recorded() as statements:
        again = skill_gaps.matrix_page(cycle, None, "", "score", True, 1, 3)
        assert again.total == 4 and not any("count(" in s.lower() for s in statements) and len(statements) == 1
        assert [c.average for c in again.items] == [c.average for c in cells[:3]]
        by_unit = skill_gaps.matrix_page(cycle, other.id, "", "competency", False, 1, 3)
        assert by_unit.total == 2 and sum("count(" in s.lower() for s in statements) == 1
        assert {c.unit_name for c in by_unit.items} == {"Puskesmas"}
        assert skill_gaps.matrix_page(cycle, None, "M.03", "competency", False, 1, 3).total == 2
        statements.clear()
        assert skill_gaps.matrix_page(cycle, None, "", "score", True, 1, 3).items == again.items
        assert skill_gaps.matrix_page(cycle, other.id, "", "competency", False, 1, 3).items == by_unit.items
        assert statements == [], "pages shown before come from the worker's cache"
        assert skill_gaps.matrix_page(cycle, None, "", "score", True, 2, 3).items == cells[3:]


def test_skill_gap_rows_keep_the_unit_names_of_the_close(org):
    """The units' names are stored with the figures: a unit renamed later keeps the name the cycle closed with
    in its skill-gap list and filter, like the competency names (a closed cycle's rows never change)."""
    from portal.models import Unit
    from portal.services import skill_gaps

    cycle, _subject = collected(org, ["3", "3", "3"])
    cycle = close(org, cycle, "released")
    stored = set(db.session.execute(select(UnitScore.unit_id, UnitScore.unit_name)
                                    .where(UnitScore.cycle_id == cycle.id)).all())
    assert stored == {(org.unit.id, "Dinas Kesehatan")}
    db.session.execute(Unit.__table__.update().where(Unit.id == org.unit.id).values(name="Dinas Kesehatan Baru"))
    db.session.commit()
    assert skill_gaps.units(cycle) == [(org.unit.id, "Dinas Kesehatan")]
    assert {c.unit_name for c in skill_gaps.matrix(cycle)} == {"Dinas Kesehatan"}
    with sql.recorded() as statements:
        assert skill_gaps.units(cycle) == [(org.unit.id, "Dinas Kesehatan")]
    assert statements == [], "a closed cycle's units come from the worker's cache"


def test_a_closed_cycles_competencies_are_read_once_per_worker(org):
    from portal.models import Competency
    from portal.services import skill_gaps

    cycle, _subject = collected(org, ["3", "3", "3"])
    cycle = close(org, cycle)
    expected = tuple(tuple(row) for row in db.session.execute(
        select(Competency.code, Competency.name).where(Competency.framework_id == cycle.framework_id,
                                                       Competency.retired.is_(False))
        .order_by(Competency.position, Competency.id)))
    assert expected and skill_gaps.competencies(cycle) == expected
    with sql.recorded() as statements:
        assert skill_gaps.competencies(cycle) == expected
    assert statements == [], "a frozen framework's competencies come from the worker's cache"


def test_training_demand_follows_the_unit_and_competency_filters(org):
    from portal.services import skill_gaps

    trainings.seed_catalogue()
    cycle, subject = collected(org, ["2", "2", "2"], supervisor_score="2")
    cycle = close(org, cycle)
    everyone = skill_gaps.training_demand(cycle)
    assert everyone and all(row.employees == 1 for row in everyone)
    only_ba1 = skill_gaps.training_demand(cycle, competency="BA.1")
    assert only_ba1 and all("BA.1" in row.competencies for row in only_ba1) and len(only_ba1) < len(everyone)
    assert skill_gaps.training_demand(cycle, unit_id=org.other_unit.id) == []
    assert [r.training.id for r in skill_gaps.training_demand(cycle, unit_id=org.unit.id)] == \
        [r.training.id for r in everyone]


def test_the_skill_gap_page_reads_its_cycles_and_the_catalogue_revision_in_one_statement(org):
    """``cycles_and_revision`` gives what ``visible_cycles`` and ``trainings.revision`` give; in one statement on
    PostgreSQL (SQLite reads the parts apart, ``portal.rows.Parts``)."""
    from portal.models import Training, User
    from portal.services import skill_gaps

    trainings.seed_catalogue()
    first, _subject = collected(org, ["2", "2", "2"], supervisor_score="2")
    first = close(org, first, state="released")
    peers = factories.colleagues(org, 3)
    later = factories.running_cycle(org, peers={org.reports[1]: peers}, name="Semester II 2026",
                                    framework=first.framework, period_start=date(2026, 7, 1),
                                    period_end=date(2026, 12, 31))
    for peer in peers:
        factories.answer(later, org.reports[1], peer, "peer", "1")
    later = close(org, later)  # closed, not released: HR sees it, trainers do not
    trainer = db.session.scalar(select(User).where(User.employee_id == org.trainer.id))
    hr = factories.hr_user(org)
    for revision in (0, 1):
        for user, seen in ((trainer, [first.id]), (hr, [later.id, first.id])):
            assert user.id and user.roles  # loaded (again, after a commit) before counting
            with sql.recorded() as statements:
                cycles_, read = skill_gaps.cycles_and_revision(user)
            assert len(statements) == (2 if db.engine.dialect.name == "sqlite" else 1)
            assert [c.id for c in cycles_] == [c.id for c in skill_gaps.visible_cycles(user)] == seen
            assert read == trainings.revision() == revision
        db.session.scalars(select(Training).limit(1)).one().jp += 1
        db.session.commit()


def _closing_result(cycle_id):
    snapshots = db.session.execute(select(ReportSnapshot.subject_id, ReportSnapshot.unit_id, ReportSnapshot.data)
                                   .where(ReportSnapshot.cycle_id == cycle_id)
                                   .order_by(ReportSnapshot.subject_id)).all()
    scores = db.session.execute(select(ReportSnapshot.subject_id, ReportScore.competency_code, ReportScore.others_score,
                                       ReportScore.self_score).join(ReportSnapshot)
                                .order_by(ReportSnapshot.subject_id, ReportScore.competency_code)).all()
    ranked = db.session.execute(select(Recommendation.subject_id, Recommendation.rank, Recommendation.training_id,
                                       Recommendation.competency_code)
                                .order_by(Recommendation.subject_id, Recommendation.rank)).all()
    units = db.session.execute(select(UnitScore.unit_id, UnitScore.competency_code, UnitScore.subjects,
                                      UnitScore.score, UnitScore.below)
                               .order_by(UnitScore.unit_id, UnitScore.competency_code)).all()
    return [tuple(r) for r in snapshots], [tuple(r) for r in scores], [tuple(r) for r in ranked], \
        [tuple(r) for r in units]


def test_worker_processes_close_a_cycle_exactly_as_this_process_does(app, org, monkeypatch):
    trainings.seed_catalogue()
    cycle, _subject = collected(org, ["2", "3", "2", "1"], self_score="5", comment="Perlu lebih teliti")
    cycle = close(org, cycle)
    in_process = _closing_result(cycle.id)
    assert len(in_process[0]) >= 6 and in_process[2], "enough reports and recommendations to compare"

    monkeypatch.setattr(reports, "CHUNK", 2)  # several chunks in flight at once
    monkeypatch.setattr(reports, "PARALLEL_FROM", 0)
    app.config["CLOSE_WORKERS"] = 2
    assert reports.close_workers(len(in_process[0])) == 2
    reports.take_snapshots(db.session.get(type(cycle), cycle.id), None)
    db.session.commit()
    assert _closing_result(cycle.id) == in_process


def test_closing_workers_read_chunks_by_index_on_postgresql(app):
    """A closing worker's connection tells PostgreSQL that a chunk's answers are cheap to look up by key and
    that the workers, not the query, run in parallel (see reports.CHUNK_READ_SETTINGS); SQLite is left as is."""
    url = db.engine.url.render_as_string(hide_password=False)
    reports._start_worker(url, app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    try:
        with reports._worker_engine.connect() as conn:
            if db.engine.dialect.name == "postgresql":
                shown = {name: conn.exec_driver_sql(f"SHOW {name}").scalar()
                         for name in reports.CHUNK_READ_SETTINGS}
                assert shown == reports.CHUNK_READ_SETTINGS
                assert conn.exec_driver_sql("SHOW search_path").scalar() == \
                    db.session.execute(text("SHOW search_path")).scalar(), "the worker reads the app's schema"
            else:  # no SET on SQLite, which has no such settings
                assert not event.contains(reports._worker_engine, "connect", reports._chunk_read_settings)
    finally:
        reports._worker_engine.dispose()
        reports._worker_engine = None


def test_a_close_in_this_process_reads_chunks_by_index_for_its_transaction_only(app, org, monkeypatch):
    cycle, _subject = collected(org, ["4", "3", "4"])
    postgresql = db.engine.dialect.name == "postgresql"
    seen = []
    answer_rows = reports._answer_rows

    def recording(conn, *args):
        if postgresql:
            seen.append({name: conn.execute(text(f"SHOW {name}")).scalar() for name in reports.CHUNK_READ_SETTINGS})
        else:
            seen.append(None)
        return answer_rows(conn, *args)

    monkeypatch.setattr(reports, "_answer_rows", recording)
    close(org, cycle)
    assert seen, "the close read its answers here (a small cycle: no workers)"
    if postgresql:
        assert seen == [reports.CHUNK_READ_SETTINGS] * len(seen)
        after = {name: db.session.execute(text(f"SHOW {name}")).scalar() for name in reports.CHUNK_READ_SETTINGS}
        assert after["random_page_cost"] != "1.1", "SET LOCAL: gone with the closing transaction"


def test_a_close_stores_its_reports_with_lookups_by_key_then_restores_the_setting(app, org, monkeypatch):
    """Each stored score and recommendation has its snapshot looked up; PostgreSQL plans that lookup once per
    connection, for the table as last analyzed (empty: a scan of the whole table per row). While a close
    stores, sequential scans are off; then the setting is what it was."""
    cycle, _subject = collected(org, ["4", "3", "4"])
    postgresql = db.engine.dialect.name == "postgresql"
    show = (lambda: db.session.execute(text("SHOW enable_seqscan")).scalar()) if postgresql else (lambda: None)
    seen, store = [], reports._store

    def recording(*args):
        seen.append(show())
        return store(*args)

    monkeypatch.setattr(reports, "_store", recording)
    if postgresql:
        db.session.execute(text("ANALYZE report_snapshot"))  # the table analyzed empty, as on a new installation
    reports.take_snapshots(db.session.get(type(cycle), cycle.id), None)
    assert seen, "the close stored its reports"
    if postgresql:
        assert seen == ["off"] * len(seen)
        assert show() == "on", "restored for the rest of the closing transaction"
        with reports._checks_by_key():
            plan = db.session.execute(text(
                "EXPLAIN SELECT 1 FROM ONLY report_snapshot x WHERE id = 1 AND cycle_id = 1 AND subject_id = 1 "
                "FOR KEY SHARE OF x")).scalars().all()
        assert "Seq Scan" not in "\n".join(plan) and "Index" in "\n".join(plan)
    db.session.rollback()


@pytest.mark.parametrize("column", ["cycle_id", "subject_id"])
def test_a_recommendation_belongs_to_its_snapshots_cycle_and_employee(org, column):
    from sqlalchemy.exc import IntegrityError

    trainings.seed_catalogue()
    cycle, subject = collected(org, ["2", "2", "2"])
    cycle = close(org, cycle)
    snapshot = db.session.scalar(select(ReportSnapshot).where(ReportSnapshot.subject_id == subject.id))
    other = {"cycle_id": lambda: factories.cycle([org.unit], cycle.framework, name="Lain").id,
             "subject_id": lambda: org.supervisor.id}[column]()
    row = {"snapshot_id": snapshot.id, "cycle_id": cycle.id, "subject_id": subject.id,
           "training_id": db.session.scalar(select(Training.id)), "competency_code": "BA.1", "rank": 1}
    db.session.execute(Recommendation.__table__.insert(), [row])  # its own snapshot's: accepted
    with pytest.raises(IntegrityError):
        db.session.execute(Recommendation.__table__.insert(), [dict(row, **{column: other})])
    db.session.rollback()


@pytest.mark.parametrize("column", ["cycle_id", "unit_id"])
def test_a_score_belongs_to_its_snapshots_cycle_and_unit(org, column):
    from sqlalchemy.exc import IntegrityError

    cycle, subject = collected(org, ["2", "2", "2"])
    cycle = close(org, cycle)
    snapshot = db.session.scalar(select(ReportSnapshot).where(ReportSnapshot.subject_id == subject.id))
    other = {"cycle_id": lambda: factories.cycle([org.unit], cycle.framework, name="Lain").id,
             "unit_id": lambda: factories.unit("LAIN", "Bagian Lain").id}[column]()
    row = {"snapshot_id": snapshot.id, "competency_code": "XX.1", "competency_name": "Uji", "cycle_id": cycle.id,
           "unit_id": snapshot.unit_id, "others_score": None, "self_score": None}
    db.session.execute(ReportScore.__table__.insert(), [row])
    with pytest.raises(IntegrityError):
        db.session.execute(ReportScore.__table__.insert(), [dict(row, competency_code="XX.2", **{column: other})])
    db.session.rollback()
