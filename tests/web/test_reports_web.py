"""Reports, development plans, trainers' skill-gap lists and the catalogue through the web, per role."""
import csv
import io
import json
import re
from datetime import date, timedelta
from html import unescape

import openpyxl
import pytest
from sqlalchemy import func, select, text, update

from portal.extensions import db
from portal.models import PlanComment, PlanItem, ReportSnapshot, Training
from portal.services import cycles, trainings
from tests import factories, sql

CLOSE_DAY = date(2026, 4, 1)


def close(org, cycle, release=True):
    hr = factories.hr_user(org)
    assert cycles.transition(cycle.id, "closed", hr, True, CLOSE_DAY) == []
    if release:
        assert cycles.transition(cycle.id, "released", hr, True, CLOSE_DAY) == []


def rated(org, peers=3, release=True, peer_score="2", comment="Perlu lebih sabar"):
    """reports[0] rated by ``peers`` peers, the supervisor and themself; the catalogue seeded; closed."""
    trainings.seed_catalogue()
    subject = org.reports[0]
    people = factories.colleagues(org, peers)
    cycle = factories.running_cycle(org, peers={subject: people})
    for person in people:
        factories.answer(cycle, subject, person, "peer", peer_score, comment=comment, strengths="Tepat waktu")
    factories.answer(cycle, subject, org.supervisor, "supervisor", "3")
    factories.answer(cycle, subject, subject, "self", "5")
    close(org, cycle, release)
    return cycle, subject, people


def url(cycle, subject):
    return f"/reports/{cycle.id}/{subject.id}"


# --- reading a report -----------------------------------------------------------------------------------

def test_the_employee_reads_their_released_report(browser, org):
    cycle, subject, peers = rated(org)
    browser.login(subject.nip)
    listing = browser.get("/reports/").get_data(as_text=True)
    assert url(cycle, subject) in listing
    page = browser.get(url(cycle, subject))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Berorientasi Pelayanan" in html and "Rekan kerja" in html
    assert "<svg" in html and 'role="img"' in html and "<table" in html  # chart with a data table beside it
    assert "2,00" in html and "5,00" in html  # Indonesian decimals: peers 2, self 5
    assert "Titik buta" in html and "Perlu lebih sabar" in html
    assert "Saran pengembangan" in html and "JP" in html
    for peer in peers:  # no rater appears anywhere
        assert peer.name not in html and peer.nip not in html


def test_english_report(browser, org):
    cycle, subject, _ = rated(org)
    browser.login(subject.nip)
    browser.post("/language", {"lang": "en", "next": "/"})
    html = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert "Development report" in html and "2.00" in html


def _findings(html: str) -> str:
    return html[html.index('<div id="findings">'):html.index('<section class="card" aria-labelledby="plan">')]


def test_report_and_skill_gap_pages_are_written_in_ascii(browser, org):
    """Characters beyond ASCII in their markup (dashes, middle dots, a comment's quotes) are character references:
    Python keeps such a page at one byte a character and encodes it as a plain copy (``ascii_markup``). What was
    typed still reads as typed."""
    comment = "Perlu lebih sabar — “tenang” ✓"
    cycle, subject, _ = rated(org, comment=comment)
    pages = [(subject, url(cycle, subject)), (org.supervisor, url(cycle, subject)), (org.hr, url(cycle, subject)),
             (org.trainer, f"/trainers/?cycle={cycle.id}"), (subject, "/reports/"), (subject, "/tasks/")]
    for lang in ("id", "en"):
        for person, path in pages:
            browser.login(person.nip)
            browser.post("/language", {"lang": lang, "next": "/"})
            page = browser.get(path).get_data(as_text=True)
            assert page.isascii(), (path, lang, sorted({c for c in page if not c.isascii()}))
            if path == url(cycle, subject):
                assert comment in unescape(page)
            browser.logout()


def _get_with_statements(browser, path) -> tuple[str, list[str]]:
    """A page's HTML and the SQL statements serving it ran."""
    with sql.recorded() as statements:
        response = browser.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True), statements


def test_cached_findings_follow_language_reader_and_catalogue(app, browser, org):
    """Findings are kept per worker; each thing they are made of that can change gets its own entry."""
    cycle, subject, _ = rated(org)
    browser.login(subject.nip)
    first = browser.get(url(cycle, subject)).get_data(as_text=True)
    again = browser.get(url(cycle, subject)).get_data(as_text=True)
    cache = app.extensions["portal_render_caches"]["report-findings"]
    assert _findings(first) == _findings(again) and len(cache) == 1
    assert "Masukkan ke rencana" in first  # the employee may put a suggestion into the plan
    browser.post("/language", {"lang": "en", "next": "/"})
    english = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert "Development suggestions" in english and "Saran pengembangan" not in english and len(cache) == 2
    browser.post("/language", {"lang": "id", "next": "/"})
    titles = re.findall(r"<strong>([^<]+)</strong>", _findings(first))
    suggested = db.session.scalar(select(Training).where(Training.title.in_(titles)).limit(1))
    suggested.title = "Pelatihan Berganti Judul"
    db.session.commit()
    renamed = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert "Pelatihan Berganti Judul" in renamed and len(cache) == 3
    browser.logout()
    browser.login(org.supervisor.nip)  # the same findings, without the employee's own links
    theirs = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert "Pelatihan Berganti Judul" in theirs and "Masukkan ke rencana" not in theirs and len(cache) == 4
    assert "<!--own" not in theirs and "<!--own" not in renamed


def test_a_training_renamed_outside_the_portal_shows_at_once_on_kept_and_stored_findings(app, browser, org):
    """The page reads the catalogue's revision, not the trainings: the database raises it on any edit."""
    cycle, subject, _ = rated(org)
    browser.login(subject.nip)
    first = browser.get(url(cycle, subject)).get_data(as_text=True)  # kept by this worker from now on
    titles = re.findall(r"<strong>([^<]+)</strong>", _findings(first))
    title = db.session.scalar(select(Training.title).where(Training.title.in_(titles)).limit(1))
    db.session.execute(text("UPDATE training SET title = 'Judul dari SQL' WHERE title = :title"), {"title": title})
    db.session.commit()
    again = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert "Judul dari SQL" in again and title not in _findings(again)
    browser.logout()
    browser.login(org.supervisor.nip)  # a first view for this reader: the stored findings are older, not used
    assert "Judul dari SQL" in browser.get(url(cycle, subject)).get_data(as_text=True)


def test_without_a_cache_the_page_is_the_same(app, browser, org):
    cycle, subject, _ = rated(org)
    browser.login(subject.nip)
    cached = browser.get(url(cycle, subject)).get_data(as_text=True)
    app.extensions["portal_render_caches"]["report-findings"].size = 0
    app.extensions["portal_render_caches"]["report-findings"]._entries.clear()
    assert _findings(browser.get(url(cycle, subject)).get_data(as_text=True)) == _findings(cached)


def _without_tokens(html: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*?value="|"X-CSRFToken": ")[^"]+', r"\1…", html)


def test_a_report_is_parsed_once_per_worker_and_its_data_then_left_unread(app, browser, org, monkeypatch):
    from portal.services import reports

    app.config["STORE_FINDINGS"] = False  # every first view renders, so parses
    cycle, subject, _ = rated(org)
    parsed = []
    parse = reports.report_from_dict
    monkeypatch.setattr(reports, "report_from_dict", lambda data: parsed.append(1) or parse(data))
    browser.login(subject.nip)
    first = browser.get(url(cycle, subject)).get_data(as_text=True)
    again, statements = _get_with_statements(browser, url(cycle, subject))
    # The CSRF token is signed with the second it was made in: two pages a second apart differ only there.
    assert _without_tokens(again) == _without_tokens(first) and len(parsed) == 1
    assert statements and not any("report_snapshot.data" in statement for statement in statements)
    # A snapshot taken anew under the same id (a cycle deleted and closed again) is a new entry.
    snap = reports.snapshot(cycle.id, subject.id)
    data = {**snap.data, "overall_all_others": "1.25"}
    db.session.execute(update(ReportSnapshot).where(ReportSnapshot.id == snap.id)
                       .values(data=data, created_at=snap.created_at + timedelta(seconds=1)))
    db.session.commit()
    retaken = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert len(parsed) == 2 and "1,25" in _findings(retaken) and "1,25" not in _findings(first)


def test_a_first_view_reads_the_stored_findings_with_its_snapshot_and_a_later_one_neither(app, browser, org):
    """The morning after a release every request is a first view: the findings stored at the release come in the
    snapshot's own statement, and the report's data is not read at all. Once shown, neither is read again; if what
    this worker kept is gone meanwhile, the stored findings are read on their own."""
    cycle, subject, _ = rated(org)
    browser.login(subject.nip)

    def reads(statements):
        with_snapshot = [s for s in statements if "report_findings" in s and "JOIN cycle" in s]
        alone = [s for s in statements if "report_findings" in s and "JOIN cycle" not in s]
        data = [s for s in statements if "report_snapshot.data" in s]
        return len(with_snapshot), len(alone), len(data)

    first, statements = _get_with_statements(browser, url(cycle, subject))
    assert reads(statements) == (1, 0, 0)
    again, statements = _get_with_statements(browser, url(cycle, subject))
    assert reads(statements) == (0, 0, 0) and len(statements) == len(_get_with_statements(
        browser, url(cycle, subject))[1])
    app.extensions["portal_render_caches"]["report-findings"]._entries.clear()
    third, statements = _get_with_statements(browser, url(cycle, subject))
    assert reads(statements) == (0, 1, 0)
    assert _findings(third) == _findings(first) == _findings(again)


def test_a_first_view_and_a_later_one_run_the_same_statement_objects(browser, org):
    """A statement equal to the one SQLAlchemy compiled but another object has its result's columns mapped again
    on every run (0.1 ms each): the page's reads are made once, so whatever a first view and a later one both run
    (the earlier scores, the suggested trainings, the plan lines and the account) is one object."""
    cycle, subject, _ = rated(org)
    browser.login(subject.nip)
    page, by_sql = url(cycle, subject), {}
    for _ in range(3):  # a first view, then two later ones
        with sql.invoked() as statements:
            assert browser.get(page).status_code == 200
        for statement in statements:
            by_sql.setdefault(str(statement), set()).add(id(statement))
    assert any("plan_item" in text for text in by_sql)
    assert {text: len(ids) for text, ids in by_sql.items() if len(ids) > 1} == {}


def test_a_units_averages_are_read_only_to_render_findings_and_once_per_worker(browser, org):
    """Frozen with the snapshot: a first view of findings stored at the release does not read them; findings
    rendered on the page (here in English, which is not stored) read them once per unit and worker."""
    cycle, subject, _ = rated(org)
    neighbour = org.reports[1]
    assert neighbour.unit_id == subject.unit_id
    browser.login(org.hr.nip)
    stored_view, statements = _get_with_statements(browser, url(cycle, subject))
    assert "report_findings" in " ".join(statements) and not any("unit_score" in s for s in statements)
    browser.post("/language", {"lang": "en", "next": "/reports/"})
    first, statements = _get_with_statements(browser, url(cycle, subject))
    assert sum("unit_score" in statement for statement in statements) == 1
    second, statements = _get_with_statements(browser, url(cycle, neighbour))
    assert first and second and statements and not any("unit_score" in statement for statement in statements)
    assert "Unit average" in first, "the averages are shown"
    from portal.models import UnitScore
    from portal.services import reports

    stored = dict(db.session.execute(select(UnitScore.competency_code, UnitScore.score).where(
        UnitScore.cycle_id == cycle.id, UnitScore.unit_id == subject.unit_id, UnitScore.score.is_not(None))).all())
    assert dict(reports.view(reports.snapshot(cycle.id, neighbour.id)).unit_scores) == stored


def test_before_release_only_hr_sees_the_report(browser, org):
    cycle, subject, _ = rated(org, release=False)
    browser.login(subject.nip)
    assert browser.get(url(cycle, subject)).status_code == 403
    assert url(cycle, subject) not in browser.get("/reports/").get_data(as_text=True)
    browser.logout()
    browser.login(org.hr.nip)
    page = browser.get(url(cycle, subject))
    assert page.status_code == 200 and "Belum dirilis" in page.get_data(as_text=True)


@pytest.mark.parametrize("who, status", [("supervisor", 200), ("hr", 200), ("trainer", 403), ("outsider", 403)])
def test_who_may_read_a_report(browser, org, who, status):
    cycle, subject, _ = rated(org)
    browser.login(getattr(org, who).nip)
    assert browser.get(url(cycle, subject)).status_code == status
    assert browser.get(url(cycle, subject) + ".json").status_code == status


def test_a_colleague_cannot_read_another_report(browser, org):
    cycle, subject, peers = rated(org)
    browser.login(peers[0].nip)  # even one who rated the subject
    assert browser.get(url(cycle, subject)).status_code == 403
    browser.logout()
    browser.login(org.reports[1].nip)
    assert browser.get(url(cycle, subject)).status_code == 403


def test_unknown_reports_are_404(browser, org):
    cycle, subject, _ = rated(org)
    browser.login(org.hr.nip)
    assert browser.get(f"/reports/{cycle.id}/999999").status_code == 404
    assert browser.get(f"/reports/999999/{subject.id}").status_code == 404


def test_signed_out_visitors_are_sent_to_login(client, org):
    for path in ("/reports/", "/reports/plan", "/trainers/", "/trainers/catalogue"):
        assert client.get(path).status_code == 302


@pytest.mark.parametrize("peers, shown", [(2, False), (3, True), (4, True)])
def test_peer_figures_and_comments_need_k_respondents(browser, org, peers, shown):
    cycle, subject, _ = rated(org, peers=peers, comment="Catatan-XYZ")
    browser.login(subject.nip)
    html = browser.get(url(cycle, subject)).get_data(as_text=True)
    data = browser.get(url(cycle, subject) + ".json").get_data(as_text=True)
    assert ("Catatan-XYZ" in html) is shown and ("Catatan-XYZ" in data) is shown
    assert ('"peer"' in json.dumps(json.loads(data)["report"]["groups"])) is shown
    if not shown:
        assert "kurang dari 3 penilai" in html


def test_the_json_download_holds_the_page_data(browser, org):
    cycle, subject, _ = rated(org)
    browser.login(subject.nip)
    response = browser.get(url(cycle, subject) + ".json")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = response.get_json()
    assert data["employee"]["nip"] == subject.nip and data["cycle"]["name"] == "Semester I 2026"
    assert [c["code"] for c in data["report"]["competencies"]] == ["BA.1", "M.03"]
    assert data["recommendations"] and data["recommendations"][0]["trainings"]


def test_export_report_command_prints_the_same_json(app, org, browser):
    cycle, subject, _ = rated(org)
    browser.login(subject.nip)
    page_data = browser.get(url(cycle, subject) + ".json").get_json()
    result = app.test_cli_runner().invoke(args=["export-report", "--cycle", str(cycle.id), "--nip", subject.nip])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == page_data
    missing = app.test_cli_runner().invoke(args=["export-report", "--cycle", str(cycle.id), "--nip", "1" * 18])
    assert missing.exit_code != 0 and "tidak ditemukan" in missing.output


def test_team_and_all_lists_search_and_page(browser, org):
    cycle, subject, _ = rated(org)
    browser.login(org.supervisor.nip)
    team = browser.get("/reports/team?q=" + subject.name.split()[0]).get_data(as_text=True)
    assert subject.name in team
    fragment = browser.get("/reports/team?q=zzzz", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'id="report-results"' in fragment and "<html" not in fragment and "zzzz" in fragment
    assert browser.get("/reports/all").status_code == 403
    browser.logout()
    browser.login(org.hr.nip)
    everyone = browser.get(f"/reports/all?cycle={cycle.id}&q={subject.nip}").get_data(as_text=True)
    assert subject.name in everyone and org.reports[1].name not in everyone
    browser.logout()
    browser.login(org.reports[1].nip)
    assert browser.get("/reports/team").status_code == 403


def _count_queries(browser, path):
    return len(_get_with_statements(browser, path)[1])


def test_the_report_page_query_count_does_not_grow_with_answers(browser, org):
    cycle, subject, _ = rated(org, peers=3)
    browser.login(org.hr.nip)
    browser.get(url(cycle, subject))  # warm-up: first-request work is not the page's
    few = _count_queries(browser, url(cycle, subject))
    many_people = factories.colleagues(org, 6)
    later = factories.running_cycle(org, peers={org.reports[1]: many_people}, name="Semester II 2026",
                                    framework=cycle.framework, period_start=date(2026, 7, 1),
                                    period_end=date(2026, 12, 31))
    for person in many_people:
        factories.answer(later, org.reports[1], person, "peer", "3", comment="Bagus")
    close(org, later)
    browser.get(url(later, org.reports[1]))  # the same warm-up (the report parsed and kept)
    many = _count_queries(browser, url(later, org.reports[1]))
    assert few == many


# --- development plan -----------------------------------------------------------------------------------

def plan_form(**changes):
    form = {"competency_code": "BA.1", "goal": "Melayani dengan sabar", "action": "Ikut pelatihan pelayanan",
            "training_id": "", "jp": "", "target_date": date(date.today().year, 12, 31).isoformat(),
            "status": "planned"}
    form.update(changes)
    return form


def test_the_employee_turns_a_recommendation_into_a_plan_item(browser, org):
    cycle, subject, _ = rated(org)
    training = db.session.scalar(select(Training).where(Training.code == "PK.001"))
    browser.login(subject.nip)
    form_page = browser.get(f"/reports/plan/new?competency=BA.1&training={training.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{training.id}">', form_page)
    saved = browser.post("/reports/plan/new", plan_form(training_id=str(training.id)))
    assert saved.status_code == 303
    item = db.session.scalar(select(PlanItem))
    assert (item.employee_id, item.training_id, item.jp) == (subject.id, training.id, training.jp)
    plan = browser.get("/reports/plan").get_data(as_text=True)
    assert "Melayani dengan sabar" in plan and f"{training.jp} dari 20 JP" in plan


def test_the_year_total_counts_this_year_s_items_that_are_not_cancelled(browser, org):
    cycle, subject, _ = rated(org)
    year = date.today().year
    for jp, status, when in ((6, "planned", date(year, 12, 30)), (4, "done", date(year, 12, 31)),
                             (9, "cancelled", date(year, 12, 29)), (7, "planned", date(year + 1, 1, 15))):
        db.session.add(PlanItem(employee_id=subject.id, competency_code="BA.1", goal=f"Tujuan {jp}", action="Belajar",
                                jp=jp, target_date=when, status=status))
    db.session.commit()
    browser.login(subject.nip)
    expected = f"Tahun {year}: 10 dari 20 JP direncanakan, 4 JP selesai."
    assert expected in browser.get("/reports/plan").get_data(as_text=True)
    assert expected in browser.get(url(cycle, subject)).get_data(as_text=True)


def test_a_bad_plan_item_keeps_what_was_typed(browser, org):
    rated(org)
    browser.login(org.reports[0].nip)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = browser.post("/reports/plan/new", plan_form(goal="", action="Membaca buku layanan",
                                                           target_date=yesterday, jp="500"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tujuan pengembangan wajib diisi." in html and "JP harus antara 1 dan 200." in html
    assert "Membaca buku layanan" in html
    assert db.session.scalar(select(func.count()).select_from(PlanItem)) == 0
    past = browser.post("/reports/plan/new", plan_form(target_date=yesterday))
    assert past.status_code == 422 and "Tanggal target tidak boleh sebelum hari ini." in past.get_data(as_text=True)


def test_only_the_owner_edits_a_plan_item_and_the_supervisor_comments(browser, org):
    rated(org)
    subject = org.reports[0]
    browser.login(subject.nip)
    assert browser.post("/reports/plan/new", plan_form()).status_code == 303
    item = db.session.scalar(select(PlanItem))
    assert browser.post(f"/reports/plan/{item.id}", plan_form(status="in_progress")).status_code == 303
    assert db.session.get(PlanItem, item.id).status == "in_progress"
    browser.logout()

    browser.login(org.reports[1].nip)
    assert browser.post(f"/reports/plan/{item.id}", plan_form(status="done")).status_code == 403
    assert browser.post(f"/reports/plan/{item.id}/comments", {"text": "iseng"}).status_code == 403
    assert browser.get(f"/reports/plan/of/{subject.id}").status_code == 403
    browser.logout()

    browser.login(org.supervisor.nip)
    assert subject.name in browser.get(f"/reports/plan/of/{subject.id}").get_data(as_text=True)
    empty = browser.post(f"/reports/plan/{item.id}/comments", {"text": "  "})
    assert empty.status_code == 422 and "Tulis komentar" in empty.get_data(as_text=True)
    assert browser.post(f"/reports/plan/{item.id}/comments", {"text": "Bagus, lanjutkan"}).status_code == 303
    assert browser.post(f"/reports/plan/{item.id}", plan_form(status="done")).status_code == 403
    browser.logout()

    browser.login(org.trainer.nip)
    assert browser.get(f"/reports/plan/of/{subject.id}").status_code == 403
    browser.logout()
    browser.login(org.hr.nip)
    assert "Bagus, lanjutkan" in browser.get(f"/reports/plan/of/{subject.id}").get_data(as_text=True)
    assert browser.post(f"/reports/plan/{item.id}/comments", {"text": "HR"}).status_code == 403
    assert [c.text for c in db.session.scalars(select(PlanComment))] == ["Bagus, lanjutkan"]
    assert db.session.get(PlanItem, item.id).status == "in_progress"


# --- trainers -------------------------------------------------------------------------------------------

def test_the_trainer_filters_the_skill_gap_list_and_downloads_it(browser, org):
    cycle, subject, peers = rated(org)
    browser.login(org.trainer.nip)
    page = browser.get(f"/trainers/?cycle={cycle.id}&competency=BA.1&sort=below&dir=desc")
    html = page.get_data(as_text=True)
    matrix = html.split('id="skill-gaps"')[1].split("Pelatihan yang")[0]
    assert page.status_code == 200 and "BA.1 Berorientasi" in matrix and "M.03" not in matrix
    fragment = browser.get(f"/trainers/?cycle={cycle.id}&sort=nonsense", headers={"HX-Request": "true"})
    assert 'id="skill-gaps"' in fragment.get_data(as_text=True) and "<html" not in fragment.get_data(as_text=True)
    xlsx = browser.get(f"/trainers/skill-gaps.xlsx?cycle={cycle.id}")
    assert xlsx.status_code == 200 and xlsx.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c is not None]
    assert "BA.1" in cells and "Dinas Kesehatan" in cells
    csv_file = browser.get(f"/trainers/skill-gaps.csv?cycle={cycle.id}")
    assert csv_file.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(csv_file.data.decode("utf-8-sig")), delimiter=";"))
    assert any("BA.1" in row for row in rows)
    assert browser.get(f"/trainers/skill-gaps.pdf?cycle={cycle.id}").status_code == 404
    for body in (html, xlsx.data.decode("latin-1"), csv_file.data.decode("utf-8")):
        assert all(peer.name not in body for peer in peers)


def test_who_a_training_is_recommended_to_names_subjects_never_raters(browser, org):
    cycle, subject, peers = rated(org)
    training = db.session.scalar(select(Training).where(Training.code == "PK.001"))
    browser.login(org.trainer.nip)
    html = browser.get(f"/trainers/trainings/{training.id}?cycle={cycle.id}").get_data(as_text=True)
    assert subject.name in html
    assert all(peer.name not in html for peer in peers) and org.supervisor.name not in html
    xlsx = browser.get(f"/trainers/trainings/{training.id}/employees.xlsx?cycle={cycle.id}")
    values = [c for row in openpyxl.load_workbook(io.BytesIO(xlsx.data)).worksheets[0].iter_rows(values_only=True)
              for c in row]
    assert subject.nip in values and all(peer.nip not in values for peer in peers)


def test_trainers_see_released_cycles_only(browser, org):
    cycle, _, _ = rated(org, release=False)
    browser.login(org.trainer.nip)
    assert "Belum ada siklus" in browser.get("/trainers/").get_data(as_text=True)
    assert browser.get(f"/trainers/?cycle={cycle.id}").status_code == 403
    assert browser.get("/trainers/?cycle=99999").status_code == 404
    browser.logout()
    browser.login(org.hr.nip)
    assert browser.get(f"/trainers/?cycle={cycle.id}").status_code == 200


@pytest.mark.parametrize("path", ["/trainers/", "/trainers/catalogue", "/trainers/catalogue/new",
                                  "/trainers/skill-gaps.csv"])
@pytest.mark.parametrize("who", ["supervisor", "outsider"])
def test_trainer_pages_refuse_other_roles(browser, org, path, who):
    browser.login(getattr(org, who).nip)
    assert browser.get(path).status_code == 403


def test_the_catalogue_is_edited_by_trainers(browser, org):
    browser.login(org.trainer.nip)
    empty = browser.get("/trainers/catalogue").get_data(as_text=True)
    assert "Isi katalog contoh" in empty
    assert browser.post("/trainers/catalogue/seed").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Training)) > 30
    form = {"code": "PK.900", "title": "Coaching pelayanan", "provider": "BKPSDM Kota", "form": "nonklasikal",
            "kind": "coaching", "jp": "8", "level": "2", "competencies": ["BA.1"], "description": "", "active": "y"}
    factories.small_framework()  # known competency codes come from frameworks
    db.session.commit()
    assert browser.post("/trainers/catalogue/new", form).status_code == 303
    duplicate = browser.post("/trainers/catalogue/new", {**form, "title": "Lagi"})
    assert duplicate.status_code == 422 and "PK.900 sudah dipakai" in duplicate.get_data(as_text=True)
    mismatch = browser.post("/trainers/catalogue/new", {**form, "code": "PK.901", "kind": "seminar"})
    assert mismatch.status_code == 422 and "tidak cocok" in mismatch.get_data(as_text=True)
    assert "Coaching pelayanan" in browser.get("/trainers/catalogue?q=coaching").get_data(as_text=True)
    training = db.session.scalar(select(Training).where(Training.code == "PK.900"))
    assert training.competency_codes == ["BA.1"]


def test_the_training_demand_shows_an_edited_training_at_once(browser, org):
    """The demand rows' markup is kept under the rows themselves: a training edited after a page showed it
    appears with its new title on the next page; the competency filter keeps the chosen competency."""
    cycle, _subject, _peers = rated(org)
    training = db.session.scalar(select(Training).where(Training.code == "PK.001"))
    browser.login(org.trainer.nip)
    old_title = training.title
    before = browser.get(f"/trainers/?cycle={cycle.id}&competency=BA.1").get_data(as_text=True)
    assert f"PK.001 · {old_title}" in unescape(before)
    assert '<option value="BA.1" selected>BA.1 Berorientasi' in before
    form = {"code": "PK.001", "title": "Pelayanan prima edisi baru", "provider": training.provider,
            "form": training.form, "kind": training.kind, "jp": str(training.jp), "level": str(training.level),
            "competencies": ["BA.1"], "description": training.description or "", "active": "y"}
    saved = browser.post(f"/trainers/catalogue/{training.id}", form)
    assert saved.status_code == 303, saved.get_data(as_text=True)[-3000:]
    after = browser.get(f"/trainers/?cycle={cycle.id}&competency=BA.1").get_data(as_text=True)
    after = unescape(after)
    assert "PK.001 · Pelayanan prima edisi baru" in after and f"PK.001 · {old_title}" not in after


def test_a_page_reads_the_snapshot_as_columns_and_a_post_as_the_orm_object(app, org):
    """The report page's snapshot, cycle and employee come from one query of columns in a GET, the same values
    the ORM loads for a POST; a report that does not exist is None either way."""
    from portal.models import Cycle, Employee
    from portal.rows import Columns
    from portal.services import reports

    cycle, subject, _ = rated(org)
    # What the page, its download and may_read use: read as columns (anything else comes from the ORM object).
    fields = {"snapshot": ("id", "cycle_id", "subject_id", "unit_id", "created_at"),
              "cycle": ("id", "name", "state", "period_start", "period_end", "created_at"),
              "subject": ("id", "name", "nip", "supervisor_id", "unit_id", "active")}

    def seen(snap):
        return {"snapshot": {f: getattr(snap, f) for f in fields["snapshot"]},
                "cycle": {f: getattr(snap.cycle, f) for f in fields["cycle"]},
                "subject": {f: getattr(snap.subject, f) for f in fields["subject"]}}

    with app.test_request_context(url(cycle, subject), method="POST"):
        posted = reports.snapshot(cycle.id, subject.id)
        assert isinstance(posted, ReportSnapshot) and isinstance(posted.cycle, Cycle)
        expected = seen(posted)
        assert reports.snapshot(cycle.id, org.outsider.id) is None
    db.session.expunge_all()
    with app.test_request_context(url(cycle, subject)):
        read = reports.snapshot(cycle.id, subject.id)
        assert isinstance(read, Columns) and not isinstance(read.subject, Employee)
        assert seen(read) == expected
        assert "_entity" not in vars(read.cycle) and "_entity" not in vars(read.subject), "no ORM load for these"
        assert (read.cycle.peer_min, read.subject.position) == (cycle.peer_min, subject.position), \
            "a column left out comes from the ORM object"
        assert reports.view(read).report.competencies, "the data is read for the view"
        assert reports.snapshot(cycle.id, org.outsider.id) is None


def test_the_report_lists_the_plan_items_by_target_date(browser, org):
    cycle, subject, _ = rated(org)
    year = date.today().year
    for goal, when, status in (("Kedua", date(year, 12, 30), "done"), ("Pertama", date(year, 12, 1), "planned")):
        db.session.add(PlanItem(employee_id=subject.id, competency_code="BA.1", goal=goal, action="Belajar", jp=4,
                                target_date=when, status=status))
    db.session.commit()
    browser.login(subject.nip)
    browser.get(url(cycle, subject))  # the unit's averages, read once per worker
    html, statements = _get_with_statements(browser, url(cycle, subject))
    text = unescape(html)
    first, second = text.index("<li>Pertama · Direncanakan"), text.index("<li>Kedua · Selesai")
    assert first < second and "· 4 JP</li>" in text
    # The plan lines and the earlier scores (trends) are read apart on SQLite; on PostgreSQL in one statement
    # with the account and the snapshot (portal.rows.Parts, portal.page_reads). The suggested trainings only
    # when the findings are rendered.
    reads = [s for s in statements if "plan_item" in s or "report_score" in s]
    assert not any("recommendation" in s for s in statements)
    if db.engine.dialect.name == "sqlite":
        assert len(reads) == 2 and len(statements) == 4
    else:
        assert len(statements) == 1 and all(name in statements[0] for name in (
            "user_account", "plan_item", "catalogue_revision", "report_score", "JOIN employee"))


def test_the_skill_gap_page_again_reads_only_the_account_cycles_and_catalogue_revision(browser, org):
    """Its cycles are read as the columns the page uses: no ORM object is loaded for one (a query more); the
    table and the training demand are kept as rendered."""
    cycle, _subject, _peers = rated(org)
    browser.login(org.trainer.nip)
    first, reads = _get_with_statements(browser, f"/trainers/?cycle={cycle.id}")
    assert any("training_demand" in s for s in reads)
    again, statements = _get_with_statements(browser, f"/trainers/?cycle={cycle.id}")
    assert _TOKEN.sub("", again) == _TOKEN.sub("", first)
    # The account, the cycles and the catalogue's revision: one statement on PostgreSQL (portal.rows.Parts,
    # portal.page_reads), three on SQLite.
    assert len(statements) == (3 if db.engine.dialect.name == "sqlite" else 1), statements
    assert "user_account" in statements[0] and "catalogue_revision" in statements[-1]
    assert not any("training_demand" in s or "unit_score" in s for s in statements)
    assert not any(s.lstrip().startswith("SELECT cycle.id AS cycle_id") for s in statements)


_TOKEN = re.compile(r'value="[^"]{60,}"|"X-CSRFToken": "[^"]+"')


def _demand(html: str) -> str:
    return html[html.index('<section id="training-demand"'):html.index("</section>", html.index('id="training-demand"'))]


def test_the_kept_training_demand_follows_filters_language_and_the_catalogue(app, browser, org):
    """Kept per worker by cycle, filters and language; a training edited, even by SQL outside the portal, shows
    at once (the catalogue's revision is in the key); a cycle not yet closed is rendered on every request."""
    from portal.web.cache import render_cache

    cycle, _subject, _peers = rated(org)
    browser.login(org.trainer.nip)
    page = f"/trainers/?cycle={cycle.id}"
    everyone = _demand(browser.get(page).get_data(as_text=True))
    titles = re.findall(r"&middot; ([^<]+)</a>", everyone)
    assert titles and len(render_cache("gap-demand")) == 1
    assert _demand(browser.get(page).get_data(as_text=True)) == everyone and len(render_cache("gap-demand")) == 1
    other_unit = _demand(browser.get(f"{page}&unit={org.other_unit.id}").get_data(as_text=True))
    assert "Belum ada saran pelatihan" in other_unit and len(render_cache("gap-demand")) == 2
    only = _demand(browser.get(f"{page}&competency=BA.1").get_data(as_text=True))
    assert "BA.1" in only and len(render_cache("gap-demand")) == 3
    db.session.execute(text("UPDATE training SET title = 'Judul dari SQL' WHERE title = :title"),
                       {"title": unescape(titles[0])})
    db.session.commit()
    renamed = _demand(browser.get(page).get_data(as_text=True))
    assert "Judul dari SQL" in renamed and renamed != everyone and len(render_cache("gap-demand")) == 4
    browser.post("/language", {"lang": "en", "next": "/trainers/"})
    english = _demand(browser.get(page).get_data(as_text=True))
    assert "Suggested training" in english and "Judul dari SQL" in english


def test_a_closed_cycles_skill_gap_table_is_made_once_per_page_language_and_arguments(app, browser, org):
    """The table of a page (its cells, downloads and pager) is kept per worker: the same page again comes from
    the cache; another filter, language or argument is a table of its own, with links that keep the arguments."""
    from portal.web.cache import render_cache

    cycle, _subject, _peers = rated(org)
    browser.login(org.trainer.nip)

    def table(query: str) -> str:
        html = browser.get(f"/trainers/?cycle={cycle.id}{query}").get_data(as_text=True)
        return html[html.index('<p class="toolbar no-print">'):html.index("Pelatihan yang")]

    first = table("")
    assert "BA.1 Berorientasi" in first and "M.03" in first and len(render_cache("gap-tables")) == 1
    assert table("") == first and len(render_cache("gap-tables")) == 1, "the same page from the cache"
    only = table("&competency=BA.1")
    assert "M.03" not in only and len(render_cache("gap-tables")) == 2
    tagged = table("&src=mail")
    assert f"skill-gaps.csv?cycle={cycle.id}&amp;src=mail" in tagged or "src=mail&amp;cycle" in tagged
    browser.post("/language", {"lang": "en", "next": "/trainers/"})
    english = browser.get(f"/trainers/?cycle={cycle.id}").get_data(as_text=True)
    assert "Download CSV" in english and "Unduh CSV" not in english
    assert len(render_cache("gap-tables")) == 4
