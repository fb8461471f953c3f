"""Report findings rendered when a cycle's reports are released (portal.reports.findings): stored, shown on a first
view exactly as the page would render them, and left unused once anything they were made of has changed."""
import zlib

from sqlalchemy import delete, func, select, update

from portal.extensions import db
from portal.models import ReportFindings, ReportSnapshot, Training
from portal.reports import findings
from portal.services import cycles, reports, trainings
from tests import factories
from tests.web.test_reports_web import CLOSE_DAY, _findings, close, rated, url

MARK = "<p>Dibaca dari temuan tersimpan.</p>"


def _snapshot(cycle, subject) -> ReportSnapshot:
    return db.session.scalar(select(ReportSnapshot).where(ReportSnapshot.cycle_id == cycle.id,
                                                          ReportSnapshot.subject_id == subject.id))


def _mark_stored(snap: ReportSnapshot) -> None:
    """Put MARK into the stored findings, their digest unchanged: a page showing MARK read them."""
    row = db.session.get(ReportFindings, (snap.id, "id"))
    row.markup = findings._compressed(zlib.decompress(row.markup, -15).decode().replace(
        '<div id="findings">', '<div id="findings">' + MARK))
    db.session.commit()


def _forget(app) -> None:
    """What this worker keeps of reports and their findings (as in another worker)."""
    app.extensions.pop("portal_render_caches", None)


def _stored_rows(cycle_id: int) -> list[tuple]:
    rows = db.session.execute(select(ReportFindings.snapshot_id, ReportFindings.locale, ReportFindings.key,
                                     ReportFindings.markup)
                              .join(ReportSnapshot, ReportSnapshot.id == ReportFindings.snapshot_id)
                              .where(ReportSnapshot.cycle_id == cycle_id).order_by(ReportFindings.snapshot_id))
    return [(sid, locale, key, zlib.decompress(markup, -15).decode()) for sid, locale, key, markup in rows]


def test_closing_stores_no_findings_and_releasing_stores_every_reports_in_indonesian(app, org):
    cycle, subject, _ = rated(org, release=False)
    assert _stored_rows(cycle.id) == []
    assert cycles.transition(cycle.id, "released", factories.hr_user(org), True, CLOSE_DAY) == []
    snapshots = db.session.scalar(select(func.count()).where(ReportSnapshot.cycle_id == cycle.id))
    stored = _stored_rows(cycle.id)
    assert snapshots >= 5 and len(stored) == snapshots
    assert {locale for _sid, locale, _key, _markup in stored} == {"id"}
    assert all(markup.lstrip().startswith('<div id="findings">') and "Saran pengembangan" in markup
               for _sid, _locale, _key, markup in stored)


def test_a_first_view_shows_the_stored_findings_and_no_one_elses_links(app, browser, org):
    cycle, subject, _ = rated(org)
    _mark_stored(_snapshot(cycle, subject))
    browser.login(subject.nip)
    own = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert MARK in own and "Masukkan ke rencana" in own and "<!--own-->" not in own
    browser.logout()
    _forget(app)
    browser.login(org.supervisor.nip)
    theirs = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert MARK in theirs and "Masukkan ke rencana" not in theirs and "<!--own" not in theirs


def test_a_first_view_of_stored_findings_parses_no_report(app, browser, org, monkeypatch):
    """The stored markup is chosen by what the page reads with the snapshot; the rest of the page takes the
    report's group sizes from its cycle: nothing on the page needs the report parsed."""
    trainings.seed_catalogue()
    subject, people = org.reports[0], factories.colleagues(org, 3)
    cycle = factories.running_cycle(org, peers={subject: people}, min_group_size=2, comment_min_group_size=4)
    for person in people:
        factories.answer(cycle, subject, person, "peer", "2", comment="Perlu lebih sabar")
    factories.answer(cycle, subject, subject, "self", "5")
    close(org, cycle, True)
    _mark_stored(_snapshot(cycle, subject))
    _forget(app)
    parsed = []
    parse = reports.report_from_dict
    monkeypatch.setattr(reports, "report_from_dict", lambda data: parsed.append(1) or parse(data))
    browser.login(subject.nip)
    page = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert MARK in page and parsed == []
    assert "jumlah penjawabnya minimal 2; komentar bila minimal 4." in page
    report = reports.view(reports.snapshot(cycle.id, subject.id)).report
    assert (report.k, report.comment_k) == (2, 4) and parsed == [1]


def test_stored_findings_are_what_the_page_renders(app, browser, org):
    cycle, subject, _ = rated(org)
    readers = (subject, org.supervisor)
    stored, rendered = {}, {}
    for shown in (stored, rendered):
        if shown is rendered:
            db.session.execute(update(ReportFindings).values(key="0" * 64))  # none matches: the page renders
            db.session.commit()
        for reader in readers:
            _forget(app)
            browser.login(reader.nip)
            shown[reader.nip] = _findings(browser.get(url(cycle, subject)).get_data(as_text=True))
            browser.logout()
    assert stored == rendered
    assert "Masukkan ke rencana" in stored[subject.nip] and "Masukkan ke rencana" not in stored[org.supervisor.nip]


def test_a_changed_training_another_language_or_new_code_renders_afresh(app, browser, org, monkeypatch):
    cycle, subject, _ = rated(org)
    _mark_stored(_snapshot(cycle, subject))
    browser.login(subject.nip)
    browser.post("/language", {"lang": "en", "next": "/"})
    english = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert "Development suggestions" in english and MARK not in english
    browser.post("/language", {"lang": "id", "next": "/"})

    _forget(app)
    monkeypatch.setattr(findings, "_rendering_version", lambda: b"another deployment")
    assert MARK not in browser.get(url(cycle, subject)).get_data(as_text=True)
    monkeypatch.undo()

    _forget(app)
    assert MARK in browser.get(url(cycle, subject)).get_data(as_text=True)
    _forget(app)
    db.session.execute(update(Training).values(title=Training.title + " (judul baru)"))
    db.session.commit()
    renamed = browser.get(url(cycle, subject)).get_data(as_text=True)
    assert MARK not in renamed and "(judul baru)" in _findings(renamed)


def test_worker_processes_store_the_same_findings_as_this_process(app, org, monkeypatch):
    cycle, _subject, _ = rated(org)
    in_process = _stored_rows(cycle.id)
    db.session.execute(delete(ReportFindings))
    db.session.commit()
    monkeypatch.setattr(findings, "CHUNK", 2)  # several chunks in flight at once
    monkeypatch.setattr(reports, "PARALLEL_FROM", 0)
    app.config["CLOSE_WORKERS"] = 2
    assert findings.store_for_cycle(cycle) == len(in_process)
    assert _stored_rows(cycle.id) == in_process


def test_the_store_findings_command_renders_a_closed_cycles_findings_again(app, browser, org, monkeypatch):
    cycle, subject, _ = rated(org)
    before = _stored_rows(cycle.id)
    monkeypatch.setattr(findings, "_rendering_version", lambda: b"a new deployment")
    result = app.test_cli_runner().invoke(args=["store-findings", "--cycle", str(cycle.id)])
    assert result.exit_code == 0 and f"Temuan {len(before)} laporan" in result.output
    again = _stored_rows(cycle.id)
    assert len(again) == len(before) and {key for *_x, key, _m in again}.isdisjoint({key for *_x, key, _m in before})
    _mark_stored(_snapshot(cycle, subject))  # the new deployment's rows are the ones read
    browser.login(subject.nip)
    assert MARK in browser.get(url(cycle, subject)).get_data(as_text=True)

    missing = app.test_cli_runner().invoke(args=["store-findings", "--cycle", "999999"])
    assert missing.exit_code != 0 and "belum ditutup" in missing.output


def test_without_store_findings_a_release_stores_none_and_the_page_renders_them(app, browser, org):
    app.config["STORE_FINDINGS"] = False
    cycle, subject, _ = rated(org)
    assert _stored_rows(cycle.id) == []
    browser.login(subject.nip)
    page = browser.get(url(cycle, subject))
    assert page.status_code == 200 and "Saran pengembangan" in page.get_data(as_text=True)


def test_a_release_whose_findings_fail_to_render_is_still_a_release(app, browser, org, monkeypatch, caplog):
    def broken(view):
        raise RuntimeError("template missing")

    monkeypatch.setattr(findings, "render", broken)
    cycle, subject, _ = rated(org)
    assert db.session.get(type(cycle), cycle.id).state == "released" and _stored_rows(cycle.id) == []
    assert "not stored" in caplog.text
    monkeypatch.undo()
    browser.login(subject.nip)
    assert "Saran pengembangan" in browser.get(url(cycle, subject)).get_data(as_text=True)


def test_close_cycle_closes_and_then_with_release_releases_a_closed_cycle(app, org):
    subject = org.reports[0]
    cycle = factories.running_cycle(org)
    factories.answer(cycle, subject, subject, "self", "4")
    runner = app.test_cli_runner()
    closed = runner.invoke(args=["close-cycle", "--cycle", str(cycle.id)])
    assert closed.exit_code == 0 and "ditutup" in closed.output
    db.session.expire_all()
    assert db.session.get(type(cycle), cycle.id).state == "closed" and _stored_rows(cycle.id) == []
    released = runner.invoke(args=["close-cycle", "--cycle", str(cycle.id), "--release"])
    assert released.exit_code == 0 and "dirilis" in released.output
    db.session.expire_all()
    assert db.session.get(type(cycle), cycle.id).state == "released" and len(_stored_rows(cycle.id)) >= 1
    again = runner.invoke(args=["close-cycle", "--cycle", str(cycle.id), "--release"])
    assert again.exit_code != 0  # released already: nothing left to do, and it says so
