"""Cycles, nominations, surveys and progress through the web, as each role uses them."""
import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Assignment, Cycle, Framework, OutboxMessage, Response
from tests import factories, sql


def assignment_of(cycle, subject, rater, source):
    return db.session.scalar(select(Assignment.id).filter_by(cycle_id=cycle.id, subject_id=subject.id,
                                                             rater_id=rater.id, source=source))


def answers_for(browser, assignment_id, score="4"):
    html = browser.get(f"/tasks/{assignment_id}").get_data(as_text=True)
    return {name: score for name in set(re.findall(r'name="(answer-\d+)"', html))}


@pytest.fixture
def running(org):
    extra = [factories.employee(org.unit, f"Rekan Ekstra {i}") for i in range(2)]
    db.session.commit()
    return factories.running_cycle(org, peers={org.reports[0]: [org.reports[1], org.reports[2], *extra]})


@pytest.mark.parametrize("path", ["/admin/cycles", "/admin/cycles/new", "/admin/frameworks", "/admin/outbox"])
@pytest.mark.parametrize("who", ["trainer", "supervisor", "outsider"])
def test_hr_pages_refuse_other_roles(browser, org, path, who):
    browser.login(getattr(org, who).nip)
    assert browser.get(path).status_code == 403


def test_a_non_hr_cannot_open_a_cycle(browser, org):
    cycle = factories.cycle([org.unit])
    db.session.commit()
    browser.login(org.supervisor.nip)
    assert browser.post(f"/admin/cycles/{cycle.id}/transition", {"target": "nominating"}).status_code == 403
    assert db.session.get(Cycle, cycle.id).state == "draft"


def test_signed_out_visitors_are_sent_to_login(client, org):
    assert client.get("/tasks/").status_code == 302
    assert client.get("/peers/").status_code == 302


def test_hr_creates_and_opens_a_cycle(browser, org):
    framework = factories.small_framework()
    db.session.commit()
    browser.login(org.hr.nip)
    form = {"name": "Semester II 2026", "period_start": "2026-07-01", "period_end": "2026-12-31",
            "framework_id": framework.id, "units": [org.unit.id], "nomination_deadline": "2026-07-31",
            "feedback_deadline": "2026-09-30", "min_group_size": 3, "comment_min_group_size": 3, "peer_min": 3,
            "peer_max": 8, "peer_cap": 10}
    bad = browser.post("/admin/cycles/new", {**form, "period_end": "2026-01-01"})
    assert bad.status_code == 422 and "Semester II 2026" in bad.get_data(as_text=True)
    created = browser.post("/admin/cycles/new", form)
    assert created.status_code == 303
    cycle = db.session.scalar(select(Cycle).filter_by(name="Semester II 2026"))
    assert [u.id for u in cycle.units] == [org.unit.id]
    opened = browser.post(f"/admin/cycles/{cycle.id}/transition", {"target": "nominating"})
    assert opened.status_code == 303
    assert db.session.get(Cycle, cycle.id).state == "nominating"
    skipping = browser.post(f"/admin/cycles/{cycle.id}/transition", {"target": "released"})
    assert skipping.status_code == 409 and "tidak dapat berpindah" in skipping.get_data(as_text=True)


def test_closing_before_the_deadline_asks_for_confirmation(browser, org, running):
    running.feedback_deadline = factories.date(2099, 12, 31)
    db.session.commit()
    browser.login(org.hr.nip)
    refused = browser.post(f"/admin/cycles/{running.id}/transition", {"target": "closed"})
    assert refused.status_code == 409 and "belum lewat" in refused.get_data(as_text=True)
    assert db.session.get(Cycle, running.id).state == "collecting"
    confirmed = browser.post(f"/admin/cycles/{running.id}/transition", {"target": "closed", "confirm": "1"})
    assert confirmed.status_code == 303 and db.session.get(Cycle, running.id).state == "closed"


def test_employee_nominates_and_supervisor_approves(browser, org):
    cycle = factories.running_cycle(org, state="nominating")
    browser.login(org.reports[0].nip)
    page = browser.get("/peers/?q=Rekan")
    assert page.status_code == 200 and org.reports[1].name in page.get_data(as_text=True)
    fragment = browser.get("/peers/?q=Rekan", headers={"HX-Request": "true"})
    assert 'id="candidates"' in fragment.get_data(as_text=True) and "<html" not in fragment.get_data(as_text=True)
    assert browser.post(f"/peers/{cycle.id}/nominate", {"candidate_id": org.reports[0].id}).status_code == 422
    assert browser.post(f"/peers/{cycle.id}/nominate", {"candidate_id": org.reports[1].id}).status_code == 303
    nomination = db.session.scalar(select(Assignment).filter_by(cycle_id=cycle.id, source="peer"))
    assert nomination.state == "proposed"
    # The employee cannot approve; another employee cannot withdraw it.
    assert browser.post(f"/team/nominations/{nomination.id}", {"decision": "approve"}).status_code == 403
    browser.logout()
    browser.login(org.reports[2].nip)
    assert browser.post(f"/peers/nominations/{nomination.id}/withdraw").status_code == 403
    browser.logout()
    browser.login(org.supervisor.nip)
    team = browser.get("/team/").get_data(as_text=True)
    assert org.reports[1].name in team
    assert browser.post(f"/team/nominations/{nomination.id}", {"decision": "approve"}).status_code == 303
    assert db.session.get(Assignment, nomination.id).state == "active"


def test_a_supervisor_cannot_decide_for_another_team(browser, org):
    cycle = factories.running_cycle(org, state="nominating")
    other_boss = factories.employee(org.unit, "Atasan Lain", position_type="pengawas")
    factories.employee(org.unit, "Bawahan Lain", supervisor=other_boss)
    db.session.commit()
    hr = factories.hr_user(org)
    from portal.services import nominations
    nominations.add_peer(cycle, org.reports[0], org.reports[1].id, hr, approved=False)
    nomination = db.session.scalar(select(Assignment.id).filter_by(cycle_id=cycle.id, source="peer"))
    browser.login(other_boss.nip)
    assert browser.post(f"/team/nominations/{nomination}", {"decision": "remove"}).status_code == 403
    assert browser.get(f"/team/{cycle.id}/members/{org.reports[0].id}").status_code == 403


def test_tasks_list_and_a_rater_cannot_open_another_raters_assignment(browser, org, running):
    mine = assignment_of(running, org.reports[0], org.reports[1], "peer")
    theirs = assignment_of(running, org.reports[0], org.reports[2], "peer")
    browser.login(org.reports[1].nip)
    tasks = browser.get("/tasks/").get_data(as_text=True)
    assert f"/tasks/{mine}" in tasks and f"/tasks/{theirs}" not in tasks
    assert browser.get(f"/tasks/{theirs}").status_code == 403
    assert browser.post(f"/tasks/{theirs}/draft", {"answer-1": "5"}).status_code == 403
    assert browser.post(f"/tasks/{theirs}/submit", {}).status_code == 403
    assert browser.get("/tasks/999999").status_code == 404


def test_the_task_list_shows_whom_in_which_cycle_how_far_and_until_when(browser, org, running):
    from babel.dates import format_date

    mine = assignment_of(running, org.reports[0], org.reports[1], "peer")
    own = assignment_of(running, org.reports[1], org.reports[1], "self")
    browser.login(org.reports[1].nip)
    names = sorted(answers_for(browser, mine))
    assert browser.post(f"/tasks/{mine}/draft", {names[0]: "3"}, htmx=True).status_code == 200
    html = browser.get("/tasks/").get_data(as_text=True)
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr>(?:(?!</tr>).)*?href="/tasks/(\d+)"(?:(?!</tr>).)*</tr>',
                                                           html, re.S)}
    peer_row, own_row = rows[str(mine)], rows[str(own)]
    deadline = format_date(running.feedback_deadline, "medium", locale="id")
    assert org.reports[0].name in peer_row and "Rekan kerja" in peer_row and running.name in peer_row
    assert f"{1}/{len(names)}" in peer_row and "Lanjutkan" in peer_row and deadline in peer_row
    assert "Penilaian diri" in own_row and "Diri sendiri" in own_row and "0/" in own_row and "Isi" in own_row


def test_the_survey_page_again_reads_only_the_account_and_the_survey(app, browser, org, running):
    """The assignment, its cycle, the person rated and the draft come from one query of the columns the page
    shows: no ORM object is loaded for one of them (a query more)."""
    from babel.dates import format_date

    mine = assignment_of(running, org.reports[0], org.reports[1], "peer")
    browser.login(org.reports[1].nip)
    first = browser.get(f"/tasks/{mine}").get_data(as_text=True)
    with sql.recorded() as statements:
        again = browser.get(f"/tasks/{mine}").get_data(as_text=True)
    # On PostgreSQL in the account's statement (portal.page_reads); SQLite reads the survey on its own.
    assert len(statements) == (2 if db.engine.dialect.name == "sqlite" else 1), statements
    assert "user_account" in statements[0] and "assignment" in statements[-1]
    deadline = format_date(running.feedback_deadline, "medium", locale="id")
    for shown in (org.reports[0].name, running.name, deadline, f"minimal {running.min_group_size} orang"):
        assert shown in again and shown in first, shown


def test_the_task_list_counts_a_frameworks_questions_once_per_worker(app, browser, org, running):
    """How many questions each task has comes from the frozen framework, read once: the next task list runs only
    the account's and the tasks' queries, with the same figures."""
    mine = assignment_of(running, org.reports[0], org.reports[1], "peer")
    browser.login(org.reports[1].nip)
    total = len(answers_for(browser, mine))
    first = browser.get("/tasks/").get_data(as_text=True)
    with sql.recorded() as statements:
        again = browser.get("/tasks/").get_data(as_text=True)
    table = lambda html: html[html.index("<table"):html.index("</table>")]  # noqa: E731 (no CSRF token in it)
    assert table(again) == table(first) and f"0/{total}" in table(again)
    # On PostgreSQL the tasks come in the account's statement (portal.page_reads); SQLite reads them on their own.
    assert len(statements) == (2 if db.engine.dialect.name == "sqlite" else 1), statements
    assert "user_account" in statements[0] and "assignment" in statements[-1]
    assert not any("indicator" in s.lower() and "count(" in s.lower() for s in statements)


def test_the_task_list_shows_only_the_signed_in_raters_tasks(browser, org, running):
    """The tasks are chosen by the account in SQL: each rater sees their own, someone without tasks none."""
    mine = assignment_of(running, org.reports[0], org.reports[1], "peer")
    theirs = assignment_of(running, org.reports[0], org.reports[2], "peer")
    for rater, shown, hidden in ((org.reports[1], mine, theirs), (org.reports[2], theirs, mine)):
        browser.login(rater.nip)
        html = browser.get("/tasks/").get_data(as_text=True)
        assert f"/tasks/{shown}" in html and f"/tasks/{hidden}" not in html
        browser.logout()


def test_autosave_returns_a_fragment_and_reload_keeps_the_answers(browser, org, running):
    item = assignment_of(running, org.reports[0], org.reports[1], "peer")
    browser.login(org.reports[1].nip)
    names = sorted(answers_for(browser, item))
    saved = browser.post(f"/tasks/{item}/draft", {names[0]: "2", "strengths": "Tepat waktu"}, htmx=True)
    html = saved.get_data(as_text=True)
    assert saved.status_code == 200 and 'id="save-state"' in html and "<html" not in html and "1 dari 4" in html
    page = browser.get(f"/tasks/{item}").get_data(as_text=True)
    assert re.search(rf'name="{names[0]}" value="2" checked', page) and "Tepat waktu" in page


def test_an_autosave_reads_and_locks_the_assignment_in_one_query(browser, org, running):
    item = assignment_of(running, org.reports[0], org.reports[1], "peer")
    browser.login(org.reports[1].nip)
    names = sorted(answers_for(browser, item))
    browser.token()  # read before counting (a page of its own)
    with sql.recorded() as recorded:
        assert browser.post(f"/tasks/{item}/draft", {names[0]: "2"}, htmx=True).status_code == 200
    statements = [s.lower() for s in recorded]
    reads = [s for s in statements if s.lstrip().startswith("select") and "from assignment" in s]
    assert len(reads) == 1 and len(statements) == 3, statements
    assert re.search(rf'name="{names[0]}" value="2" checked', browser.get(f"/tasks/{item}").get_data(as_text=True))


def test_without_javascript_draft_and_submit_work_and_a_second_submit_is_409(browser, org, running):
    item = assignment_of(running, org.reports[0], org.reports[1], "peer")
    browser.login(org.reports[1].nip)
    answers = answers_for(browser, item)
    first = dict(list(answers.items())[:2])
    assert browser.post(f"/tasks/{item}/draft", first).status_code == 303
    incomplete = browser.post(f"/tasks/{item}/submit", {"to_develop": "Delegasi"})
    body = incomplete.get_data(as_text=True)
    assert incomplete.status_code == 422 and "Delegasi" in body and "Beri nilai" in body
    assert browser.post(f"/tasks/{item}/submit", answers).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    again = browser.post(f"/tasks/{item}/submit", answers)
    assert again.status_code == 409 and "sudah dikirim" in again.get_data(as_text=True)
    assert browser.post(f"/tasks/{item}/draft", answers, htmx=True).status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_a_refused_survey_marks_exactly_the_questions_and_comments_at_fault_and_keeps_the_text(browser, org, running):
    item = assignment_of(running, org.reports[0], org.reports[1], "peer")
    browser.login(org.reports[1].nip)
    html = browser.get(f"/tasks/{item}").get_data(as_text=True)
    names = sorted(set(re.findall(r'name="(answer-\d+)"', html)))
    comment, other = sorted(set(re.findall(r'name="(comment-\d+)"', html)))[:2]
    assert "has-error" not in html
    refused = browser.post(f"/tasks/{item}/submit", {names[0]: "4", comment: "x" * 2001, other: "Rapi & teliti"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert '<fieldset class="scale">\n      <legend>' in page  # the answered question is not marked
    for name in names[1:]:
        assert f'<fieldset class="scale has-error" aria-describedby="{name}-err">' in page
        assert re.search(rf'<p class="errors" id="{name}-err">\S', page)
    assert re.search(rf'<textarea id="{comment}" [^>]*aria-describedby="{comment}-err" aria-invalid="true">x{{2001}}<',
                     page)
    assert f'<p class="errors" id="{comment}-err">' in page
    assert re.search(rf'<textarea id="{other}" name="{other}" rows="2" maxlength="2000">Rapi &amp; teliti<', page)
    assert page.count("has-error") == len(names) - 1 + 1


def test_a_frameworks_questions_are_made_once_and_each_rater_sees_only_their_own_answers(app, client, org, running):
    """The questions of a framework are kept per worker, language and rater group; every page fills in its own
    rater's draft, and a refused survey's errors never reach another rater's page."""
    from portal.cache import app_cache
    from tests.conftest import Browser

    first, second = Browser(client), Browser(app.test_client())
    first.login(org.reports[1].nip)
    second.login(org.reports[2].nip)
    mine, theirs = (assignment_of(running, org.reports[0], rater, "peer") for rater in org.reports[1:3])
    names = sorted(answers_for(first, mine))
    comment = re.findall(r'name="(comment-\d+)"', first.get(f"/tasks/{mine}").get_data(as_text=True))[0]
    assert len(app_cache("survey-sections")) == 1
    assert first.post(f"/tasks/{mine}/draft", {names[0]: "2", comment: "Rapi <b>sekali</b>"}).status_code == 303
    refused = first.post(f"/tasks/{mine}/submit", {names[1]: "9"})
    assert refused.status_code == 422 and "has-error" in refused.get_data(as_text=True)

    page = first.get(f"/tasks/{mine}").get_data(as_text=True)
    assert re.search(rf'name="{names[0]}" value="2" checked', page) and "Rapi &lt;b&gt;sekali&lt;/b&gt;" in page
    assert "has-error" not in page
    other = second.get(f"/tasks/{theirs}").get_data(as_text=True)
    assert sorted(set(re.findall(r'name="(answer-\d+)"', other))) == names
    assert " checked" not in other and "sekali" not in other and "has-error" not in other
    assert len(app_cache("survey-sections")) == 1, "the second rater's questions came from the cache"

    client.post("/language", data={"lang": "en", "next": "/"}, headers={"X-CSRFToken": first.token()})
    english = first.get(f"/tasks/{mine}").get_data(as_text=True)
    assert "Cannot rate" in english and re.search(rf'name="{names[0]}" value="2" checked', english)
    assert len(app_cache("survey-sections")) == 2


def test_csrf_is_required_on_survey_posts(client, browser, org, running):
    item = assignment_of(running, org.reports[0], org.reports[1], "peer")
    browser.login(org.reports[1].nip)
    assert client.post(f"/tasks/{item}/draft", data={"answer-1": "3"}).status_code == 400


def test_out_of_range_values_are_refused_without_losing_the_rest(browser, org, running):
    item = assignment_of(running, org.reports[0], org.reports[0], "self")
    browser.login(org.reports[0].nip)
    names = sorted(answers_for(browser, item))
    response = browser.post(f"/tasks/{item}/draft", {names[0]: "9", names[1]: "3"}, htmx=True)
    assert response.status_code == 422
    page = browser.get(f"/tasks/{item}").get_data(as_text=True)
    assert re.search(rf'name="{names[1]}" value="3" checked', page)


def test_supervisor_sees_counts_not_which_peer_answered(browser, org, running):
    item = assignment_of(running, org.reports[0], org.reports[1], "peer")
    browser.login(org.reports[1].nip)
    browser.post(f"/tasks/{item}/submit", answers_for(browser, item))
    browser.logout()
    browser.login(org.supervisor.nip)
    team = browser.get("/team/").get_data(as_text=True)
    assert "1/4" in team
    assert "Menunggu persetujuan" not in team
    # Every approved peer is shown the same way, answered or not.
    assert team.count("Disetujui") >= 4


def test_reminders_go_to_unfinished_raters_once_per_48_hours(browser, org, running):
    browser.login(org.hr.nip)
    assert browser.post(f"/admin/cycles/{running.id}/reminders").status_code == 303
    sent = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    raters = db.session.scalar(select(func.count(func.distinct(Assignment.rater_id))).where(
        Assignment.cycle_id == running.id, Assignment.state == "active"))
    assert sent == raters > 0
    bodies = " ".join(db.session.scalars(select(OutboxMessage.body)))
    assert org.reports[0].name not in bodies.replace(f"Yth. {org.reports[0].name}", "")
    assert browser.post(f"/admin/cycles/{running.id}/reminders").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == sent
    outbox = browser.get("/admin/outbox").get_data(as_text=True)
    assert "Pengingat" in outbox


def test_hr_progress_fragment_refreshes(browser, org, running):
    browser.login(org.hr.nip)
    page = browser.get(f"/admin/cycles/{running.id}")
    assert page.status_code == 200 and "Dinas Kesehatan" in page.get_data(as_text=True)
    fragment = browser.get(f"/admin/cycles/{running.id}/progress", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and 'id="cycle-progress"' in html and "<html" not in html


def test_hr_edits_a_competency_and_a_frozen_framework_gets_a_new_version(browser, org, running):
    browser.login(org.hr.nip)
    framework = running.framework
    competency = framework.competencies[0]
    form = {"code": competency.code, "name": "Pelayanan Prima", "competency_group": "core_value",
            "description": "", "ind-0-id": competency.indicators[0].id, "ind-0-text": "Menyapa warga dengan ramah",
            "ind-0-sources": ["self", "peer", "public"], "ind-0-position": "0",
            "ind-1-id": competency.indicators[1].id, "ind-1-text": competency.indicators[1].text,
            "ind-1-sources": ["self"], "ind-1-position": "1", "ind-2-id": "", "ind-2-text": "", "ind-2-position": ""}
    saved = browser.post(f"/admin/frameworks/{framework.id}/competencies/{competency.id}", form)
    assert saved.status_code == 303
    latest = db.session.scalar(select(Framework).order_by(Framework.version.desc()))
    assert latest.version == 2 and latest.competencies[0].name == "Pelayanan Prima"
    assert db.session.get(Framework, framework.id).competencies[0].name != "Pelayanan Prima"
    empty = browser.post(f"/admin/frameworks/{latest.id}/competencies/{latest.competencies[0].id}",
                         {**form, "ind-0-id": latest.competencies[0].indicators[0].id, "ind-0-sources": []})
    assert empty.status_code == 422 and "minimal satu sumber" in empty.get_data(as_text=True)
