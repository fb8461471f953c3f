"""The citizens' satisfaction survey (no account), its abuse controls, HR's services and IKM dashboard."""
import io
import re
from datetime import date
from html import unescape

import openpyxl
import pytest
from sqlalchemy import func, select, update

from portal.domain import public_survey
from portal.extensions import db
from portal.models import Answer, AuditEvent, PublicAnswer, PublicService, Response, service_officer
from portal.services import cycles, reports
from tests import factories, sql
from tests.conftest import csrf_token

GOOD = {f"u{n}": "3" for n in range(1, 10)}


def make_service(org, officers=()):
    service = PublicService(unit_id=org.unit.id, name="Pelayanan KIA", description="Loket ibu dan anak")
    db.session.add(service)
    db.session.flush()
    for n, officer in enumerate(officers):
        db.session.execute(service_officer.insert().values(service_id=service.id, employee_id=officer.id,
                                                           badge=f"LKT-{n}"))
    db.session.commit()
    return service


class Citizen:
    """A citizen's browser: reads the form (CSRF token and stamp), then posts it."""

    def __init__(self, client, service):
        self.client, self.service = client, service

    def open(self):
        return self.client.get(f"/s/{self.service.token}")

    def send(self, answers=None, fresh=True, **extra):
        html = self.open().get_data(as_text=True) if fresh else ""
        stamp = re.search(r'name="stamp" value="([^"]+)"', html)
        form = {"csrf_token": csrf_token(self.client, f"/s/{self.service.token}"),
                "stamp": stamp.group(1) if stamp else "", **(GOOD if answers is None else answers), **extra}
        return self.client.post(f"/s/{self.service.token}", data=form)


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- the citizen ----------------------------------------------------------------------------------------

def test_a_citizen_answers_without_an_account(client, org):
    service = make_service(org)
    citizen = Citizen(client, service)
    page = citizen.open()
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Pelayanan KIA" in html and "Sangat sesuai" in html
    assert f"Pelayanan KIA · {org.unit.name}" in unescape(html)  # the unit, read with the service
    assert "htmx.min.js" not in html and "<script" not in html  # no script on the citizen's page
    sent = citizen.send(age_band="30_39", sex="p", suggestion="Antrean lebih tertib")
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/thanks")
    answer = db.session.scalar(select(PublicAnswer))
    assert (answer.u1, answer.u9, answer.age_band, answer.sex, answer.suggestion) == (3, 3, "30_39", "p",
                                                                                      "Antrean lebih tertib")
    assert answer.submitted_on == date.today() and answer.semester == public_survey.semester_of(date.today().month)
    assert answer.service_id == service.id and answer.hidden is False and answer.hidden_reason == ""
    assert len(answer.id) == 32, "a random key, not a count of answers"
    columns = {c.name for c in PublicAnswer.__table__.columns}
    assert not columns & {"ip", "address", "remote_addr", "user_agent", "created_at"}
    assert "Terima kasih" in client.get(f"/s/{service.token}/thanks").get_data(as_text=True)


def test_the_survey_page_is_in_english_on_request(client, org):
    service = make_service(org)
    client.post("/language", data={"lang": "en", "next": f"/s/{service.token}",
                                   "csrf_token": csrf_token(client, f"/s/{service.token}")})
    html = client.get(f"/s/{service.token}").get_data(as_text=True)
    assert "Public satisfaction survey" in html and "Very suitable" in html


def test_unknown_or_inactive_services_are_404(client, org):
    service = make_service(org)
    assert client.get("/s/no-such-token").status_code == 404
    service.active = False
    db.session.commit()
    assert client.get(f"/s/{service.token}").status_code == 404


@pytest.mark.parametrize("change, field, message", [
    ({"u5": ""}, "u5", "Pilih salah satu jawaban"),
    ({"u1": "7"}, "u1", "salah satu dari empat"),
    ({"u2": "<script>"}, "u2", "salah satu dari empat"),
    ({"sex": "x"}, "sex", "Pilih dari daftar"),
    ({"suggestion": "a" * 1001}, "suggestion", "paling banyak 1.000"),
])
def test_bad_values_are_explained_and_the_form_is_kept(client, org, change, field, message):
    service = make_service(org)
    response = Citizen(client, service).send({**GOOD, "u3": "4", **change}, age_band="40_49")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert 'name="u3" value="4" checked' in html and 'value="40_49" selected' in html
    assert count(PublicAnswer) == 0


def test_the_honeypot_stores_nothing(client, org):
    service = make_service(org)
    response = Citizen(client, service).send(website="http://spam.example")
    assert response.status_code == 303 and count(PublicAnswer) == 0


def test_answers_sent_too_fast_are_refused_and_kept(app, client, org):
    service = make_service(org)
    app.config["PUBLIC_MIN_FILL_SECONDS"] = 60
    response = Citizen(client, service).send(suggestion="Cepat sekali")
    assert response.status_code == 422 and "terlalu cepat" in response.get_data(as_text=True)
    assert "Cepat sekali" in response.get_data(as_text=True) and count(PublicAnswer) == 0


def test_a_forged_or_missing_stamp_is_refused(client, org):
    service = make_service(org)
    other = PublicService(unit_id=org.unit.id, name="Imunisasi")
    db.session.add(other)
    db.session.commit()
    missing = Citizen(client, service).send(fresh=False)
    assert missing.status_code == 400 and count(PublicAnswer) == 0
    foreign = client.get(f"/s/{other.token}").get_data(as_text=True)
    stamp = re.search(r'name="stamp" value="([^"]+)"', foreign).group(1)
    wrong = client.post(f"/s/{service.token}", data={**GOOD, "stamp": stamp,
                                                      "csrf_token": csrf_token(client, f"/s/{service.token}")})
    assert wrong.status_code == 400 and "layanan lain" in wrong.get_data(as_text=True)
    assert count(PublicAnswer) == 0


def test_one_answer_per_browser_per_service_per_day(client, org):
    service = make_service(org)
    citizen = Citizen(client, service)
    assert citizen.send().status_code == 303
    assert "sudah mengisi" in citizen.open().get_data(as_text=True)
    again = client.post(f"/s/{service.token}", data={**GOOD, "csrf_token": csrf_token(client, "/auth/login")})
    assert again.status_code == 409 and count(PublicAnswer) == 1


def test_the_survey_post_is_rate_limited_per_address(app, client, org):
    service = make_service(org)
    app.config["PUBLIC_RATE_LIMIT"] = "2 per minute"
    citizen = Citizen(client, service)
    statuses = []
    for _ in range(3):
        client.delete_cookie(f"skm_{service.id}", path=f"/s/{service.token}")
        statuses.append(citizen.send().status_code)
    assert statuses == [303, 303, 429]
    assert count(PublicAnswer) == 2


def test_script_in_a_suggestion_is_shown_as_text(browser, org):
    service = make_service(org)
    Citizen(browser.client, service).send(suggestion="<script>alert(1)</script>")
    browser.client.delete_cookie("session")
    browser.login(org.hr.nip)
    html = browser.get(f"/admin/services/{service.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- officers into the 360 --------------------------------------------------------------------------------

def test_naming_an_officer_feeds_the_officers_report_anonymously(app, client, org):
    officer = org.reports[0]
    cycle = factories.running_cycle(org)
    service = make_service(org, officers=[officer])
    public_items = re.findall(r'name="officer-(\d+)"', client.get(f"/s/{service.token}").get_data(as_text=True))
    assert public_items and officer.name in client.get(f"/s/{service.token}").get_data(as_text=True)
    incomplete = Citizen(client, service).send(officer=str(officer.id))
    assert incomplete.status_code == 422 and "sedikitnya satu nilai" in incomplete.get_data(as_text=True)
    stranger = Citizen(client, service).send(officer=str(org.outsider.id))
    assert stranger.status_code == 422
    for n in range(3):
        client.delete_cookie(f"skm_{service.id}", path=f"/s/{service.token}")
        rating = {f"officer-{i}": "4" for i in set(public_items)}
        assert Citizen(client, service).send(officer=str(officer.id), **rating).status_code == 303
    responses = db.session.scalars(select(Response).where(Response.source == "public")).all()
    assert len(responses) == 3 and all(r.rater_id is None and r.subject_id == officer.id for r in responses)
    assert count(Answer, Answer.response_id.in_([r.id for r in responses])) == 3 * len(set(public_items))
    assert count(PublicAnswer) == 3
    hr = factories.hr_user(org)
    assert cycles.transition(cycle.id, "closed", hr, True, date(2026, 4, 1)) == []
    report = reports.view(reports.snapshot(cycle.id, officer.id)).report
    assert [g.group for g in report.groups if g.group == "public"] == ["public"]
    assert next(r for r in report.competencies if r.code == "M.03").scores["public"] == 4


def test_a_correction_keeps_the_officer_and_each_rating_given(client, org):
    factories.running_cycle(org)
    officer = org.reports[0]
    service = make_service(org, officers=[officer])
    item = re.findall(r'name="officer-(\d+)"', Citizen(client, service).open().get_data(as_text=True))[0]
    checked = rf'name="officer-{item}" value="(\w+)" checked'
    for given, kept in (("2", ["2"]), (public_survey.CANNOT_SAY, [public_survey.CANNOT_SAY]), ("", [])):
        html = Citizen(client, service).send({**GOOD, "u1": "7"}, officer=str(officer.id),
                                             **{f"officer-{item}": given}).get_data(as_text=True)
        assert f'<option value="{officer.id}" selected>' in html and re.findall(checked, html) == kept
    assert count(PublicAnswer) == 0


def test_an_answer_without_the_officer_question_reads_no_cycle_or_officer(app, client, org):
    """Most citizens skip the officer question: their answer is stored without reading the running cycle or the
    officer list; an answer sent back for a correction still shows the officer question."""
    factories.running_cycle(org)
    service = make_service(org, officers=[org.reports[0]])
    html = Citizen(client, service).open().get_data(as_text=True)
    assert 'name="officer"' in html
    form = {"csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1),
            "stamp": re.search(r'name="stamp" value="([^"]+)"', html).group(1), "officer": "", **GOOD}
    with sql.recorded() as recorded:
        assert client.post(f"/s/{service.token}", data=form).status_code == 303
    statements = [s.lower() for s in recorded]
    posted = [s for s in statements if "public_answer" in s or "public_service" in s]
    assert posted and not [s for s in statements if "cycle_unit" in s or "service_officer" in s]
    assert count(PublicAnswer) == 1
    client.delete_cookie(f"skm_{service.id}", path=f"/s/{service.token}")
    corrected = Citizen(client, service).send(answers={**GOOD, "u1": "9"})
    assert corrected.status_code == 422 and 'name="officer"' in corrected.get_data(as_text=True)


def test_a_stored_answer_reads_nothing_after_its_commit(client, org):
    """The answer's cookie is made from what was read before the commit, so the POST does not read the service
    again (on PostgreSQL that was a transaction of its own)."""
    service = make_service(org)
    citizen = Citizen(client, service)
    html = citizen.open().get_data(as_text=True)
    form = {"csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1),
            "stamp": re.search(r'name="stamp" value="([^"]+)"', html).group(1), **GOOD}
    path, cookie = f"/s/{service.token}", f"skm_{service.id}="  # the test's own objects expire at the commit
    with sql.recorded() as statements:
        sent = client.post(path, data=form)
    assert sent.status_code == 303 and cookie in sent.headers["Set-Cookie"]
    assert [s.split()[0].lower() for s in statements] == ["select", "insert"], statements


def test_without_a_collecting_cycle_the_officer_question_is_not_asked(client, org):
    service = make_service(org, officers=[org.reports[0]])
    html = client.get(f"/s/{service.token}").get_data(as_text=True)
    assert 'name="officer"' not in html
    assert Citizen(client, service).send(officer=str(org.reports[0].id)).status_code == 303
    assert count(Response) == 0


def _masked(html: str) -> str:
    """The page without what differs between two visits (the signed stamp and the CSRF token)."""
    html = re.sub(r'name="stamp" value="[^"]+"', "stamp", html)
    return re.sub(r'[0-9A-Za-z._-]{40,}', "token", html)


def test_the_unanswered_questions_are_made_once_and_follow_every_change(app, client, org):
    """The questions of an unanswered form are kept per worker: a second citizen gets the same page; a new officer,
    another language or a cycle that stops collecting show at once; a form sent back keeps what was typed."""
    from portal.web.cache import render_cache

    cycle = factories.running_cycle(org)
    service = make_service(org, officers=[org.reports[0]])
    first = Citizen(client, service).open().get_data(as_text=True)
    assert len(render_cache("public-questions")) == 1 and org.reports[0].name in first
    assert _masked(Citizen(app.test_client(), service).open().get_data(as_text=True)) == _masked(first)
    assert len(render_cache("public-questions")) == 1, "the second citizen's questions came from the cache"

    db.session.execute(service_officer.insert().values(service_id=service.id, employee_id=org.reports[1].id,
                                                       badge="LKT-9"))
    db.session.commit()
    html = Citizen(client, service).open().get_data(as_text=True)
    assert f"{org.reports[1].name} (LKT-9)" in html and org.reports[0].name in html

    item = re.findall(r'name="officer-(\d+)"', html)[0]
    refused = Citizen(client, service).send({**GOOD, "u2": "9"}, officer=str(org.reports[1].id),
                                            **{f"officer-{item}": "2"})
    kept = refused.get_data(as_text=True)
    assert refused.status_code == 422 and f'<option value="{org.reports[1].id}" selected>' in kept
    assert re.findall(rf'name="officer-{item}" value="(\w+)" checked', kept) == ["2"]
    assert 'name="u1" value="3" checked' in kept and 'class="question has-error" id="f-u2"' in kept
    again = Citizen(client, service).open().get_data(as_text=True)
    assert " checked" not in again and "has-error" not in again, "the typed answers stay with that citizen"

    english = app.test_client()
    english.post("/language", data={"lang": "en", "next": f"/s/{service.token}",
                                    "csrf_token": csrf_token(english, f"/s/{service.token}")})
    assert "Very suitable" in Citizen(english, service).open().get_data(as_text=True)
    assert "Very suitable" not in Citizen(client, service).open().get_data(as_text=True)

    cycles.transition(cycle.id, "closed", factories.hr_user(org), True, date(2026, 4, 1))
    assert 'name="officer"' not in Citizen(client, service).open().get_data(as_text=True)


# --- HR ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/admin/services", "/admin/services/new", "/admin/services/{id}",
                                  "/admin/services/{id}/poster", "/admin/services/{id}/export.csv"])
@pytest.mark.parametrize("who", ["trainer", "supervisor", "outsider"])
def test_service_pages_are_hr_only(browser, org, path, who):
    service = make_service(org)
    browser.login(getattr(org, who).nip)
    assert browser.get(path.format(id=service.id)).status_code == 403


def test_hr_sets_up_a_service_with_officers(browser, org):
    browser.login(org.hr.nip)
    assert "Belum ada layanan publik" in browser.get("/admin/services").get_data(as_text=True)
    form = {"unit_id": org.unit.id, "name": "Pengurusan izin usaha", "description": "",
            "officers": f"{org.reports[0].nip}, LKT-01\n{org.outsider.nip}\n1234", "active": "y"}
    bad = browser.post("/admin/services/new", form)
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Baris 2" in html and "Baris 3" in html and "Pengurusan izin usaha" in html
    created = browser.post("/admin/services/new", {**form, "officers": f"{org.reports[0].nip}, LKT-01"})
    assert created.status_code == 303
    service = db.session.scalar(select(PublicService))
    page = browser.get(f"/admin/services/{service.id}").get_data(as_text=True)
    assert f"/s/{service.token}" in page and "LKT-01" in page
    duplicate = browser.post("/admin/services/new", form | {"officers": ""})
    assert duplicate.status_code == 422 and "sudah punya layanan" in duplicate.get_data(as_text=True)
    poster = browser.get(f"/admin/services/{service.id}/poster").get_data(as_text=True)
    assert '<svg viewBox=' in poster and 'class="qr"' in poster and f"/s/{service.token}" in poster
    assert "style=" not in poster.split('class="qr"')[1].split("</svg>")[0]


def _send_totals(client, service, rows):
    for row in rows:
        client.delete_cookie(f"skm_{service.id}", path=f"/s/{service.token}")
        assert Citizen(client, service).send({f"u{n + 1}": str(v) for n, v in enumerate(row)}).status_code == 303


def test_the_dashboard_shows_ikm_sample_and_exports(browser, org):
    service = make_service(org)
    _send_totals(browser.client, service, [(4, 4, 3, 4, 4, 3, 4, 4, 4), (3, 3, 3, 4, 3, 3, 3, 3, 4)])
    browser.client.delete_cookie("session")
    browser.login(org.hr.nip)
    today = date.today()
    period = f"{today.year}-{public_survey.semester_of(today.month)}"
    html = browser.get(f"/admin/services/{service.id}?period={period}").get_data(as_text=True)
    # IKM = mean NRR x 25 = (34 + 29) / 18 x 25 = 87.50 -> B (76.61-88.30)
    assert "87,50" in html and ">B<" in html and "Isi jumlah pengguna layanan" in html
    assert browser.post(f"/admin/services/{service.id}/population",
                        {"year": today.year, "semester": period[-1], "users": "0"}).status_code == 422
    assert browser.post(f"/admin/services/{service.id}/population",
                        {"year": today.year, "semester": period[-1], "users": "100"}).status_code == 303
    html = browser.get(f"/admin/services/{service.id}?period={period}").get_data(as_text=True)
    assert "Belum tercapai" in html and "minimum 80" in html
    assert browser.get(f"/admin/services/{service.id}?period=2026-3").status_code == 400
    xlsx = browser.get(f"/admin/services/{service.id}/export.xlsx?period={period}")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    values = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row]
    assert "U1" in values and 87.5 in values and "B" in values and 80 in values
    csv_text = browser.get(f"/admin/services/{service.id}/export.csv?period={period}").data.decode("utf-8-sig")
    assert "87,50" in csv_text and "Persyaratan" in csv_text


def test_hr_hides_an_abusive_suggestion_with_a_reason(browser, org):
    service = make_service(org)
    Citizen(browser.client, service).send(suggestion="kata kasar sekali")
    answer = db.session.scalar(select(PublicAnswer))
    browser.client.delete_cookie("session")
    browser.login(org.hr.nip)
    no_reason = browser.post(f"/admin/services/answers/{answer.id}/visibility", {"hide": "1", "reason": ""})
    assert no_reason.status_code == 422 and not db.session.get(PublicAnswer, answer.id).hidden
    assert browser.post(f"/admin/services/answers/{answer.id}/visibility",
                        {"hide": "1", "reason": "Kata kasar"}).status_code == 303
    assert db.session.get(PublicAnswer, answer.id).hidden and count(PublicAnswer) == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "public.suggestion_hidden"))
    assert event.detail["reason"] == "Kata kasar" and event.actor_id == factories.hr_user(org).id
    page = browser.get(f"/admin/services/{service.id}").get_data(as_text=True)
    assert "kata kasar sekali" not in page
    assert "kata kasar sekali" in browser.get(f"/admin/services/{service.id}?hidden=1").get_data(as_text=True)
    browser.logout()
    browser.login(org.supervisor.nip)
    assert browser.post(f"/admin/services/answers/{answer.id}/visibility", {"hide": "0"}).status_code == 403


def test_the_citizens_page_reads_its_service_and_cycle_as_columns(app, org):
    """The service with its unit comes from a query of columns in a GET and in a POST (an answer only reads it),
    the collecting cycle too in a GET: the same values the ORM loads; an unknown or inactive token is None."""
    from portal.models import Cycle
    from portal.rows import Columns
    from portal.services import public

    cycle = factories.running_cycle(org)
    service = make_service(org, officers=[org.reports[0]])
    token = service.token
    fields = ("id", "name", "token", "unit_id", "active")

    def seen(found):
        survey = public.officer_survey(found)
        return ({f: getattr(found, f) for f in fields}, found.unit.name, survey.cycle.id, survey.cycle.framework_id,
                survey.indicator_ids)

    with app.test_request_context(f"/s/{token}", method="POST"):
        loaded = db.session.get(PublicService, service.id)
        assert isinstance(public.officer_survey(loaded).cycle, Cycle)
        expected = seen(loaded)
        posted = public.by_token(token)
        assert isinstance(posted, Columns) and seen(posted) == expected
        assert public.by_token("tidak-ada") is None
    db.session.expunge_all()
    with app.test_request_context(f"/s/{token}"):
        read = public.by_token(token)
        assert isinstance(read, Columns) and isinstance(public.officer_survey(read).cycle, Columns)
        assert seen(read) == expected and expected[2] == cycle.id and expected[1] == "Dinas Kesehatan"
        assert public.by_token("tidak-ada") is None
    db.session.execute(update(PublicService).where(PublicService.id == service.id).values(active=False))
    db.session.commit()
    for method in ("GET", "POST"):
        with app.test_request_context(f"/s/{token}", method=method):
            assert public.by_token(token) is None, method


def test_the_citizens_page_is_read_in_one_statement_with_what_three_would_read(app, client, org):
    """The citizen's GET reads the service, its unit, the collecting cycle and the officers in one statement: the
    same service, cycle (the latest period first) and officers (active ones, by name) as ``by_token``,
    ``officer_survey`` and ``officers`` read; without a cycle the officers are still listed; an unknown or
    inactive token is None."""
    from portal.services import public

    service = make_service(org, officers=[org.reports[1], org.reports[0], org.supervisor])
    org.supervisor.active = False
    db.session.commit()
    token = service.token
    with app.test_request_context(f"/s/{token}"):
        page = public.citizen_page(token)
        assert page.survey is None and page.service.unit.name == "Dinas Kesehatan"
        assert [o.id for o in page.officers] == [o.id for o in public.officers(page.service)]
        assert org.supervisor.id not in [o.id for o in page.officers] and len(page.officers) == 2
        names = [o.name for o in page.officers]
        assert names == sorted(names)
        assert public.citizen_page("tidak-ada") is None

    earlier = factories.running_cycle(org, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30))
    later = factories.running_cycle(org, name="Semester II 2026", framework=earlier.framework,
                                    period_start=date(2026, 7, 1), period_end=date(2026, 12, 31))
    with app.test_request_context(f"/s/{token}"):
        page = public.citizen_page(token)
        alone = public.by_token(token)
        survey = public.officer_survey(alone)
        assert page.survey.cycle.id == survey.cycle.id == later.id != earlier.id
        assert page.survey.indicator_ids == survey.indicator_ids and page.survey.indicator_ids
        assert {f: getattr(page.service, f) for f in ("id", "name", "token", "unit_id", "active")} == \
            {f: getattr(alone, f) for f in ("id", "name", "token", "unit_id", "active")}

    with sql.recorded() as statements:
        html = client.get(f"/s/{token}").get_data(as_text=True)
    assert len(statements) == 1, statements
    assert 'name="officer"' in html and org.reports[0].name in html and org.supervisor.name not in html

    service.active = False
    db.session.commit()
    with app.test_request_context(f"/s/{token}"):
        assert public.citizen_page(token) is None
    assert client.get(f"/s/{token}").status_code == 404
