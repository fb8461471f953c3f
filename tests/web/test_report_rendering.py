"""Properties of the rendered report page and its JSON: nothing from a group below k ever reaches them.

The page is rendered from the snapshot data (as the route does, through ``report_context``) for generated
answer sets; answers and comments of suppressed groups are then changed, and the output must not move."""
import json
from datetime import date
from types import SimpleNamespace

import pytest
from flask import render_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.domain.anonymity import comment_plan, decide_groups
from portal.domain.recommendations import jp_plan
from portal.domain.report import Comment, build_report, report_from_dict, report_to_dict
from portal.reports.routes import report_context
from portal.services.reports import ReportView
from tests.conftest import base_config
from tests.unit.test_report import answers_of, assemble, scenarios

MARK = "ZQX-rahasia"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from portal import create_app

    return create_app(base_config(SQLALCHEMY_DATABASE_URI="sqlite://"))


def render(app, report) -> tuple[str, str]:
    """(page HTML, JSON text) for a report, as the report page and the download show it."""
    data = report_to_dict(report)
    cycle = SimpleNamespace(id=1, name="Semester I 2026", state="released", period_start=date(2026, 1, 1),
                            period_end=date(2026, 6, 30), min_group_size=report.k,
                            comment_min_group_size=report.comment_k)
    subject = SimpleNamespace(id=7, name="Pegawai Uji", nip="199001012020121001", supervisor_id=None)
    snap = SimpleNamespace(id=1, cycle=cycle, cycle_id=1, subject=subject, subject_id=7, unit_id=1, data=data)
    view = ReportView(snap, (), 0, suggested=(), report=report_from_dict(data), unit_scores={})
    html = render_template("reports/report.html", **report_context(view, True, [], jp_plan([]), 2026, True))
    return html, json.dumps(data, ensure_ascii=False)


def marked(framework, source, count):
    """Comments carrying MARK for every response of a source."""
    return [Comment(source, framework[0].code, "competency", f"{MARK} {n}") for n in range(count)]


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.data())
def test_suppressed_groups_never_reach_the_page_or_the_json(app, data):
    framework, counts, per_source, k, comment_k = data.draw(scenarios())
    hidden_scores = decide_groups(counts, k).suppressed
    hidden_comments = comment_plan(counts, k, comment_k).suppressed
    with_marks = dict(per_source)
    for source in hidden_comments:
        ratings, items, comments = with_marks[source]
        with_marks[source] = (ratings, items, list(comments) + marked(framework, source, counts[source]))
    changed = dict(with_marks)
    for source in hidden_scores:
        ratings, items, _ = data.draw(answers_of(framework, source, counts[source]))
        changed[source] = (ratings, items, with_marks[source][2])
    with app.test_request_context("/"):
        html, text = render(app, build_report(assemble(framework, counts, with_marks, k, comment_k)))
        assert MARK not in html and MARK not in text
        assert render(app, build_report(assemble(framework, counts, changed, k, comment_k))) == (html, text)


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenarios())
def test_the_page_from_the_snapshot_equals_the_page_from_the_answers(app, scenario):
    report = build_report(assemble(*scenario))
    with app.test_request_context("/"):
        frozen = report_from_dict(json.loads(json.dumps(report_to_dict(report))))
        assert render(app, frozen) == render(app, report)
