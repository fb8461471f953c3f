"""A whole appraisal cycle in the real browser, as its users click through it, plus the same survey without
JavaScript and with the keyboard only.

The journey runs the seeded demo cycle from draft to released reports. The no-JS and keyboard tests answer
surveys in a second cycle (Dinas Perhubungan only, which the journey never touches), so they pass whether they
run before or after the journey closes the demo cycle."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import Page

DEMO_CYCLE = "Semester I 2027 (demo)"
SIDE_CYCLE = "Uji papan ketik 2027"
SERVICE = "Pendaftaran pasien Puskesmas"
HR, EMPLOYEE, SUPERVISOR, TRAINER = "hr@demo.go.id", "pegawai@demo.go.id", "atasan@demo.go.id", "pelatih@demo.go.id"


@dataclass(frozen=True)
class Person:
    name: str
    nip: str


def _lookup(live_server, query):
    """Read demo data the test needs (NIPs, names) straight from the live server's database."""
    from portal.extensions import db

    with live_server["app"].app_context():
        return query(db.session)


def _cast(live_server) -> dict:
    from portal.models import Employee, PublicService, service_officer

    def query(session):
        employee = session.scalar(select(Employee).where(Employee.email == EMPLOYEE))
        unique = Counter(session.scalars(select(Employee.name)))
        colleagues = session.scalars(select(Employee).where(
            Employee.supervisor_id == employee.supervisor_id, Employee.id != employee.id).order_by(Employee.id))
        peers = [Person(e.name, e.nip) for e in colleagues if unique[e.name] == 1][:3]
        officer = session.scalar(
            select(Employee).join(service_officer, service_officer.c.employee_id == Employee.id)
            .join(PublicService, PublicService.id == service_officer.c.service_id)
            .where(PublicService.name == SERVICE).order_by(Employee.name))
        return {"employee": Person(employee.name, employee.nip), "peers": peers,
                "officer": Person(officer.name, officer.nip)}

    return _lookup(live_server, query)


def _confirm_if_asked(page) -> None:
    """Moving a cycle before its deadline asks HR to confirm; after the deadline it does not."""
    confirm = page.locator("input[name=confirm]")
    if confirm.count():
        confirm.check()


def _transition(hr: Page, action: str, state: str) -> None:
    _confirm_if_asked(hr.page)
    hr.page.get_by_role("button", name=action).click()
    expect(hr.page.locator(".flash-success")).to_contain_text(f"Status siklus sekarang: {state}.")
    expect(hr.page.locator("h1 .badge")).to_have_text(state)


def _open_demo_cycle(hr: Page) -> None:
    hr.goto("/admin/cycles")
    hr.page.get_by_role("link", name=DEMO_CYCLE).click()
    expect(hr.page.locator("h1")).to_contain_text(DEMO_CYCLE)


def _wait_saved(page, total: int) -> None:
    """The autosave has caught up with every answer (so leaving the page aborts no request)."""
    expect(page.locator("#save-state")).to_contain_text("Draf tersimpan.")
    expect(page.locator("#save-state")).to_contain_text(f"{total} dari {total} pernyataan terjawab.")


def _answer(page, value: str, start: int = 0) -> int:
    """Pick ``value`` for every statement from the ``start``-th on; returns how many statements there are."""
    scales = page.locator("fieldset.scale")
    count = scales.count()
    for i in range(start, count):
        scales.nth(i).locator(f"input[value='{value}']").check()
    return count


def _open_task(rater: Page, subject: str) -> None:
    rater.goto("/tasks/")
    rater.page.locator("tbody tr", has_text=subject).get_by_role("link").click()
    expect(rater.page.locator("h1")).to_contain_text(subject)
    rater.settled()


def _submit_survey(rater: Page, subject: str) -> None:
    rater.page.get_by_role("button", name="Kirim penilaian").click()
    expect(rater.page.locator(".flash-success")).to_contain_text("Terima kasih, penilaian Anda terkirim.")
    expect(rater.page.locator("tbody tr", has_text=subject)).to_contain_text("Terkirim")


def _accessible(tab: Page, name: str) -> None:
    tab.shot(name)
    assert tab.axe_violations() == [], name


def test_whole_cycle_from_opening_to_development_plan(open_tab, live_server, monkeypatch, tmp_path):
    cast = _cast(live_server)
    employee, peers, officer = cast["employee"], cast["peers"], cast["officer"]
    assert len(peers) == 3

    # HR opens the demo cycle for nominations.
    hr = open_tab()
    hr.goto("/auth/login")
    _accessible(hr, "journey-login")
    hr.login(HR)
    _open_demo_cycle(hr)
    _accessible(hr, "journey-admin-cycle-draft")
    _transition(hr, "Buka siklus (mulai nominasi rekan)", "Nominasi rekan")

    # The employee nominates three colleagues with the search picker.
    me = open_tab()
    me.login(EMPLOYEE)
    me.goto("/peers/")
    for n, peer in enumerate(peers, start=1):
        me.settled()
        me.page.fill("#q", peer.name)
        expect(me.page.locator("#candidates li")).to_have_count(1)  # the htmx search has answered
        if n == 1:
            _accessible(me, "journey-peers-picker")
        me.page.get_by_role("button", name=f"Tambahkan {peer.name}").click()
        expect(me.page.locator(".flash-success")).to_contain_text("Nominasi ditambahkan")
        expect(me.page.locator("#mine-h")).to_contain_text(f"({n})")
    expect(me.page.locator("#candidates")).to_have_count(1)

    # The supervisor approves them.
    boss = open_tab()
    boss.login(SUPERVISOR)
    boss.goto("/team/")
    _accessible(boss, "journey-team")
    for peer in peers:
        boss.page.get_by_role("button", name=f"Setujui {peer.name}").click()
        expect(boss.page.locator(".flash-success")).to_contain_text("Nominasi disetujui.")
        expect(boss.page.get_by_role("button", name=f"Setujui {peer.name}")).to_have_count(0)

    # HR starts collection.
    _open_demo_cycle(hr)
    _transition(hr, "Mulai pengisian penilaian", "Pengisian penilaian")

    # The peers answer (the first one leaves halfway and comes back), then the supervisor.
    for n, peer in enumerate(peers):
        rater = open_tab()
        rater.login(peer.nip)
        if n == 0:
            rater.goto("/tasks/")
            _accessible(rater, "journey-tasks")
        _open_task(rater, employee.name)
        expect(rater.page.locator(".submit-box .notice")).to_contain_text("jawaban Anda menjadi anonim")
        if n == 0:
            _accessible(rater, "journey-survey")
            scales = rater.page.locator("fieldset.scale")
            for i in range(3):
                scales.nth(i).locator("input[value='4']").check()
            expect(rater.page.locator("#save-state")).to_contain_text("Draf tersimpan.")
            expect(rater.page.locator("#save-state")).to_contain_text("3 dari ")
            rater.quiet()
            rater.page.reload()
            for i in range(3):
                expect(scales.nth(i).locator("input[value='4']")).to_be_checked()
            expect(scales.nth(3).locator("input:checked")).to_have_count(0)
            total = _answer(rater.page, "3", start=3)
        else:
            total = _answer(rater.page, "2" if n == 1 else "3")
        _wait_saved(rater.page, total)
        _submit_survey(rater, employee.name)
    _open_task(boss, employee.name)
    boss.page.fill("#strengths", "Ramah dan tekun melayani pasien.")
    _wait_saved(boss.page, _answer(boss.page, "3"))
    _submit_survey(boss, employee.name)

    # Citizens answer the public survey from the address printed on the service's QR poster.
    hr.goto("/admin/services")
    hr.page.get_by_role("link", name=SERVICE).click()
    hr.page.get_by_role("link", name="Poster QR untuk loket").click()
    expect(hr.page.locator(".poster-qr svg")).to_be_visible()
    _accessible(hr, "journey-poster")
    address = hr.page.locator(".poster-address").inner_text().strip()
    assert address.startswith(live_server["url"] + "/"), address
    monkeypatch.setitem(live_server["app"].config, "PUBLIC_MIN_FILL_SECONDS", 0)
    for n, score in enumerate(("4", "3")):
        citizen = open_tab()
        citizen.page.goto(address)
        expect(citizen.page.locator("h1")).to_have_text("Survei kepuasan masyarakat")
        if n == 0:
            _accessible(citizen, "journey-public-survey")
        questions = citizen.page.locator("fieldset.question:has(input[type=radio][name^=u])")
        expect(questions).to_have_count(9)
        for i in range(9):
            questions.nth(i).locator(f"input[value='{score}']").check()
        if n == 0:
            officer_option = citizen.page.locator("#officer option", has_text=officer.name).inner_text()
            citizen.page.select_option("#officer", label=officer_option)
            ratings = citizen.page.locator("fieldset.subquestion")
            assert ratings.count() > 0
            for i in range(ratings.count()):
                ratings.nth(i).locator("input[value='4']").check()
            citizen.page.select_option("#sex", index=1)
        citizen.page.get_by_role("button", name="Kirim jawaban").click()
        expect(citizen.page.locator("h1")).to_have_text("Terima kasih")
        if n == 0:
            _accessible(citizen, "journey-public-thanks")

    # HR closes the cycle (reports are computed and frozen) and releases the reports.
    _open_demo_cycle(hr)
    _accessible(hr, "journey-admin-cycle-collecting")
    _transition(hr, "Tutup siklus", "Ditutup")
    _transition(hr, "Rilis laporan", "Laporan dirilis")

    # The employee reads the report and turns a suggestion into a development plan.
    me.goto("/reports/")
    me.page.get_by_role("link", name=DEMO_CYCLE).click()
    expect(me.page.locator("h1")).to_contain_text(employee.name)
    expect(me.page.locator("figure.chart-figure svg")).to_be_visible()
    assert me.page.locator("table.scores tbody tr").count() > 0
    _accessible(me, "journey-report")
    me.page.get_by_role("link", name="Masukkan ke rencana").first.click()
    expect(me.page.locator("h1")).to_have_text("Tambah rencana pengembangan")
    assert me.page.input_value("#competency_code") != ""
    assert me.page.input_value("#training_id") != ""
    _accessible(me, "journey-plan-form")
    goal = "Menjelaskan prosedur layanan dengan bahasa yang mudah dipahami pasien."
    me.page.fill("#goal", goal)
    me.page.fill("#action", "Ikut pelatihan yang disarankan, lalu praktik di loket bersama atasan.")
    me.page.fill("#target_date", "2027-09-30")
    me.page.get_by_role("button", name="Simpan").click()
    expect(me.page.locator(".flash-success")).to_contain_text("Rencana pengembangan tersimpan.")
    assert me.page.url.endswith("/reports/plan")
    expect(me.page.locator(".plan-item h2")).to_contain_text(goal)
    _accessible(me, "journey-plan")

    # The trainer filters the skill gaps and downloads them as a spreadsheet.
    trainer = open_tab()
    trainer.login(TRAINER)
    trainer.goto("/trainers/")
    expect(trainer.page.locator("#cycle option:checked")).to_have_text(DEMO_CYCLE)
    _accessible(trainer, "journey-skill-gaps")
    for select, option in (("#unit", {"label": "Dinas Kesehatan"}), ("#competency", {"index": 1})):
        with trainer.page.expect_response(lambda r: "/trainers/?" in r.url and r.request.method == "GET"):
            trainer.page.select_option(select, **option)
        expect(trainer.page.locator("#skill-gaps")).to_have_count(1)  # swapped in place, not nested
    competency = trainer.page.locator("#competency option:checked").inner_text().split()[0]
    expect(trainer.page.locator("#skill-gaps tbody tr").first).to_contain_text(competency)
    assert "unit=" in trainer.page.url and "competency=" in trainer.page.url
    _accessible(trainer, "journey-skill-gaps-filtered")
    with trainer.page.expect_download() as download:
        trainer.page.locator("#skill-gaps").get_by_role("link", name="Unduh XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    download.value.save_as(tmp_path / "skill-gaps.xlsx")
    rows = list(load_workbook(tmp_path / "skill-gaps.xlsx").active.iter_rows(values_only=True))
    assert len(rows) > 1, rows
    assert any(competency in str(cell) for row in rows[1:] for cell in row), rows


# --- the second cycle: surveys without JavaScript and with the keyboard only ----------------------------

@pytest.fixture(scope="module")
def side_cycle(chromium, live_server) -> dict:
    """HR creates and opens a cycle for Dinas Perhubungan; while nominations run, self and supervisor surveys
    already take answers. Returns the section head (a supervisor) and two of the staff."""
    from portal.models import Employee, Unit

    context = chromium.new_context(locale="id-ID")
    hr = Page(context.new_page(), live_server["url"])
    hr.login(HR)
    hr.goto("/admin/cycles/new")
    hr.page.fill("#name", SIDE_CYCLE)
    hr.page.fill("#period_start", "2027-01-01")
    hr.page.fill("#period_end", "2027-06-30")
    hr.page.get_by_label("Dinas Perhubungan").check()
    hr.page.fill("#nomination_deadline", "2027-01-31")
    hr.page.fill("#feedback_deadline", "2027-03-31")
    hr.page.get_by_role("button", name="Simpan").click()
    expect(hr.page.locator("h1")).to_contain_text(SIDE_CYCLE)
    _transition(hr, "Buka siklus (mulai nominasi rekan)", "Nominasi rekan")
    context.close()
    assert hr.problems == [], hr.problems

    def query(session):
        head = session.scalar(select(Employee).join(Unit).where(Unit.code == "DISHUB",
                                                                Employee.position_type == "pengawas"))
        staff = session.scalars(select(Employee).where(Employee.supervisor_id == head.id).order_by(Employee.id))
        return [Person(head.name, head.nip), *(Person(e.name, e.nip) for e in staff)]

    head, first, second, *_rest = _lookup(live_server, query)
    return {"supervisor": head, "staff": [first, second]}


def _task_row(page, cycle: str, subject: str | None):
    """The row of a task in ``cycle``: the rater's own self-assessment when ``subject`` is None."""
    rows = page.locator("tbody tr", has_text=cycle)
    return rows.filter(has_text="Penilaian diri") if subject is None else rows.filter(has_text=subject)


def test_supervisor_survey_without_javascript(open_tab, side_cycle):
    boss, subject = side_cycle["supervisor"], side_cycle["staff"][0]
    rater = open_tab(java_script_enabled=False)
    rater.login(boss.nip)
    rater.goto("/tasks/")
    _task_row(rater.page, SIDE_CYCLE, subject.name).get_by_role("link").click()
    expect(rater.page.locator("h1")).to_have_text(f"Penilaian untuk {subject.name}")
    expect(rater.page.locator(".submit-box .notice")).to_contain_text("tidak dapat diubah lagi")
    _answer(rater.page, "4")
    rater.page.fill("#to_develop", "Koordinasi jadwal pengujian kendaraan.")
    rater.page.get_by_role("button", name="Kirim penilaian").click()
    expect(rater.page.locator(".flash-success")).to_contain_text("Terima kasih, penilaian Anda terkirim.")
    expect(_task_row(rater.page, SIDE_CYCLE, subject.name)).to_contain_text("Terkirim")
    rater.shot("nojs-survey-sent")


FOCUSED = """() => { const e = document.activeElement;
  return {tag: e.tagName, type: e.type || '', href: e.getAttribute('href') || '',
          text: (e.innerText || '').trim()}; }"""


def _tab_to(page, wanted, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            return focused
    pytest.fail(f"Tab never reached the wanted element; last focused: {focused}")


def test_self_assessment_with_the_keyboard_only(open_tab, side_cycle):
    rater = open_tab()
    rater.login(side_cycle["staff"][1].nip)
    rater.goto("/tasks/")
    link = _task_row(rater.page, SIDE_CYCLE, None).get_by_role("link")
    href = link.get_attribute("href")
    _tab_to(rater.page, lambda f: f["tag"] == "A" and f["href"] == href)
    rater.page.keyboard.press("Enter")
    expect(rater.page.locator("h1")).to_have_text("Penilaian diri")
    rater.settled()

    # Tab through the form: each rating is a radio group; Space picks the first value, arrows move along.
    groups = 0
    while True:
        focused = _tab_to(rater.page, lambda f: f["type"] in ("radio", "submit"))
        if focused["type"] == "submit":
            if focused["text"] == "Kirim penilaian":
                break
            continue
        rater.page.keyboard.press("Space")
        for _ in range(3 if groups % 2 else 4):
            rater.page.keyboard.press("ArrowRight")
        groups += 1
        assert groups < 200
    total = rater.page.locator("fieldset.scale").count()
    assert groups == total
    expect(rater.page.locator("fieldset.scale input[value='5']:checked")).to_have_count((total + 1) // 2)
    expect(rater.page.locator("fieldset.scale input[value='4']:checked")).to_have_count(total // 2)
    _wait_saved(rater.page, total)
    rater.shot("keyboard-survey-filled")
    rater.page.keyboard.press("Enter")
    expect(rater.page.locator(".flash-success")).to_contain_text("Terima kasih, penilaian Anda terkirim.")
    expect(_task_row(rater.page, SIDE_CYCLE, None)).to_contain_text("Terkirim")
