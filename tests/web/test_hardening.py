"""Hostile input: oversized bodies, wrong content types, script in free text, formula injection in exports,
and the security headers on every kind of page."""
import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import PlanItem, Training
from portal.services import cycles, trainings
from tests import factories

SCRIPT = '<script>alert("x")</script>'


def test_an_oversized_body_is_refused_with_413(app, browser, org):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    browser.login(org.reports[0].nip)
    response = browser.post("/reports/plan/new", {"goal": "a" * 20_000})
    assert response.status_code == 413 and "melebihi batas ukuran" in response.get_data(as_text=True)
    assert db.session.scalar(select(PlanItem.id)) is None


@pytest.mark.parametrize("content_type, body", [
    ("application/json", '{"goal": "x"}'),
    ("text/plain", "goal=x"),
    ("application/x-www-form-urlencoded", "%%%%=&&&"),
    ("multipart/form-data; boundary=zz", "--zz\r\nbroken"),
])
def test_wrong_content_types_are_refused_cleanly(browser, org, content_type, body):
    browser.login(org.reports[0].nip)
    response = browser.client.post("/reports/plan/new", data=body, headers={"Content-Type": content_type})
    assert response.status_code in (400, 422)
    assert db.session.scalar(select(PlanItem.id)) is None


@pytest.mark.parametrize("path", ["/auth/login", "/s/unknown", "/health", "/static/css/portal.css"])
def test_security_headers_on_every_kind_of_response(client, org, path):
    response = client.get(path)
    response.close()
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_script_in_free_text_is_escaped_on_every_page_that_shows_it(browser, org):
    subject = org.reports[0]
    browser.login(subject.nip)
    form = {"competency_code": "", "goal": SCRIPT, "action": SCRIPT, "training_id": "", "jp": "",
            "target_date": date(date.today().year, 12, 31).isoformat(), "status": "planned"}
    assert browser.post("/reports/plan/new", form).status_code == 303
    item = db.session.scalar(select(PlanItem))
    assert browser.post(f"/reports/plan/{item.id}/comments", {"text": SCRIPT}).status_code == 303
    for path in ("/reports/plan", f"/reports/plan/{item.id}"):
        html = browser.get(path).get_data(as_text=True)
        assert SCRIPT not in html and "&lt;script&gt;" in html
    browser.logout()
    browser.login(org.supervisor.nip)
    html = browser.get(f"/reports/plan/of/{subject.id}").get_data(as_text=True)
    assert SCRIPT not in html and "&lt;script&gt;" in html


def test_exports_neutralise_formulas_in_names(browser, org):
    trainings.seed_catalogue()
    subject = org.reports[0]
    subject.name = "=HYPERLINK(\"http://evil.example\",\"klik\")"
    peers = factories.colleagues(org, 3)
    cycle = factories.running_cycle(org, peers={subject: peers})
    for peer in peers:
        factories.answer(cycle, subject, peer, "peer", "2")
    hr = factories.hr_user(org)
    assert cycles.transition(cycle.id, "closed", hr, True, date(2026, 4, 1)) == []
    assert cycles.transition(cycle.id, "released", hr, True, date(2026, 4, 1)) == []
    training = db.session.scalar(select(Training).where(Training.code == "PK.001"))
    browser.login(org.trainer.nip)
    xlsx = browser.get(f"/trainers/trainings/{training.id}/employees.xlsx?cycle={cycle.id}")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.value.startswith("'=") and c.data_type == "s" for c in cells)
    text = browser.get(f"/trainers/trainings/{training.id}/employees.csv?cycle={cycle.id}").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ";=HYPERLINK" not in text


def test_nul_bytes_in_free_text_never_break_a_save(browser, org):
    # PostgreSQL refuses NUL in text; SQLite would store it. Either way the user gets a clear answer.
    browser.login(org.reports[0].nip)
    form = {"competency_code": "", "goal": "Tujuan\x00", "action": "Kegiatan\x00baik", "training_id": "", "jp": "",
            "target_date": date(date.today().year, 12, 31).isoformat(), "status": "planned"}
    response = browser.post("/reports/plan/new", form)
    assert response.status_code == 400 and "NUL" in response.get_data(as_text=True)
    assert db.session.scalar(select(PlanItem)) is None
    assert browser.get("/reports/plan?q=a%00b").status_code == 400
    assert browser.get("/reports/plan?q%00=ab").status_code == 400
    multipart = browser.post("/reports/plan/new", form, content_type="multipart/form-data")
    assert multipart.status_code == 400 and db.session.scalar(select(PlanItem)) is None
    assert browser.get("/reports/plan?q=a%01b").status_code == 200
