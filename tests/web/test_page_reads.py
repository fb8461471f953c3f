"""A page's reads done in the signed-in account's statement (portal.page_reads): one statement on
PostgreSQL for the report page, the same page as without it, and nothing of it for a request refused before
its view."""
from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import bindparam, select

from portal.extensions import db
from portal.models import Employee, User
from portal.rows import PageReads, Parts
from portal import page_reads
from tests import sql
from tests.web.test_reports_web import rated, url

_TOKEN = re.compile(r'value="[^"]{60,}"|"X-CSRFToken": "[^"]+"')


def _page(browser, path):
    with sql.recorded() as statements:
        response = browser.get(path)
    return response, statements


def test_the_report_page_reads_everything_with_the_account(browser, org, monkeypatch):
    cycle, subject, _ = rated(org)
    neighbour = org.reports[1]  # of the same unit: its averages, read once per worker, are kept by then
    browser.login(org.supervisor.nip)
    assert browser.get(url(cycle, neighbour)).status_code == 200
    for first_view in (True, False):  # with the findings stored at the release, then without (kept)
        response, statements = _page(browser, url(cycle, subject))
        assert response.status_code == 200 and subject.name in response.get_data(as_text=True)
        if db.engine.dialect.name == "postgresql":
            assert len(statements) == 1 and all(name in statements[0] for name in (
                "user_account", "catalogue_revision", "report_score", "plan_item"))
            assert ("report_findings" in statements[0]) == first_view
        else:  # SQLite runs each part alone: the account, the snapshot, the trends, the plan
            assert len(statements) == 4 and "user_account" in statements[0]
        assert not any("recommendation" in statement for statement in statements)  # only to render findings
    monkeypatch.setattr(page_reads, "_PAGES", {})
    alone, statements = _page(browser, url(cycle, subject))
    assert len(statements) == (2 if db.engine.dialect.name == "postgresql" else 4)
    assert _TOKEN.sub("", response.get_data(as_text=True)) == _TOKEN.sub("", alone.get_data(as_text=True))


def test_a_report_refused_before_its_view_shows_nothing_of_it(browser, org):
    cycle, subject, _ = rated(org)
    browser.login(org.outsider.nip)  # an employee, neither the subject nor their supervisor
    response, _ = _page(browser, url(cycle, subject))
    assert response.status_code == 403 and subject.name not in response.get_data(as_text=True)
    browser.logout()
    browser.login(org.trainer.nip)  # no role that reads reports
    response, _ = _page(browser, url(cycle, subject))
    assert response.status_code == 403 and subject.name not in response.get_data(as_text=True)


def test_an_expired_password_still_goes_first(browser, org):
    cycle, subject, _ = rated(org)
    account = db.session.scalar(select(User).where(User.employee_id == subject.id))
    browser.login(subject.nip)
    account.must_change_password = True
    db.session.commit()
    response = browser.get(url(cycle, subject))
    assert response.status_code in (302, 303) and "/auth/password" in response.headers["Location"]


@pytest.fixture
def probe(app, org, monkeypatch):
    """A page that registers its read of an employee's name by the address and shows it, read twice."""
    part = (select(Employee.name).where(Employee.id == bindparam("employee_id")), ())
    parts = Parts(part)
    seen = {}

    def reads(args):
        return PageReads(("probe", args["employee_id"]), parts, {"employee_id": args["employee_id"]})

    def show(employee_id):
        seen["kept"] = getattr(g, "portal_page_reads", None) is not None
        first = reads({"employee_id": employee_id}).read()
        seen["second"] = reads({"employee_id": employee_id}).read()  # read anew: what was read is used once
        return first[0][0][0]

    app.add_url_rule("/probe/<int:employee_id>", "probe", show, methods=["GET", "POST"])
    monkeypatch.setitem(page_reads._PAGES, "probe", reads)
    app.config["WTF_CSRF_ENABLED"] = False
    return seen


def test_a_registered_page_gets_its_rows_once_and_a_post_reads_them_itself(browser, org, probe):
    browser.login(org.reports[0].nip)
    target = org.reports[1]
    response, statements = _page(browser, f"/probe/{target.id}")
    assert response.get_data(as_text=True) == target.name and probe["kept"]
    assert probe["second"] == [[(target.name,)]]
    assert len(statements) == (2 if db.engine.dialect.name == "postgresql" else 3)  # the second read's own
    with sql.recorded() as statements:
        posted = browser.client.post(f"/probe/{target.id}")
    assert posted.get_data(as_text=True) == target.name and not probe["kept"]


def test_the_skill_gap_page_reads_with_the_account_only_what_its_roles_may_see(browser, org):
    cycle, _subject, _peers = rated(org, release=False)  # closed: HR may look before releasing, trainers not
    browser.login(org.trainer.nip)
    response, statements = _page(browser, "/trainers/")
    assert response.status_code == 200 and cycle.name not in response.get_data(as_text=True)
    assert browser.get(f"/trainers/?cycle={cycle.id}").status_code == 403
    browser.logout()
    browser.login(org.hr.nip)
    browser.get(f"/trainers/?cycle={cycle.id}")  # the table, kept per worker from now on
    response, statements = _page(browser, f"/trainers/?cycle={cycle.id}")
    assert response.status_code == 200 and cycle.name in response.get_data(as_text=True)
    if db.engine.dialect.name == "postgresql":
        assert len(statements) == 1 and "user_account" in statements[0] and "catalogue_revision" in statements[0]
    assert not any("training_demand" in statement for statement in statements)  # kept as rendered
