"""Known ways to unmask a rater, each tried against the portal: small groups, late answers, order, and the
places identities could leak (pages, exports, JSON, logs, error pages)."""
import logging
import re
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import Assignment, Response
from portal.services import cycles
from tests import factories

CLOSE = date(2026, 4, 1)


def _release(org, cycle):
    hr = factories.hr_user(org)
    assert cycles.transition(cycle.id, "closed", hr, True, CLOSE) == []
    assert cycles.transition(cycle.id, "released", hr, True, CLOSE) == []


def _answer_in_browser(browser, cycle, subject, rater, score, comment):
    assignment = db.session.scalar(select(Assignment.id).filter_by(cycle_id=cycle.id, subject_id=subject.id,
                                                                  rater_id=rater.id))
    browser.login(rater.nip)
    html = browser.get(f"/tasks/{assignment}").get_data(as_text=True)
    form = {name: score for name in set(re.findall(r'name="(answer-\d+)"', html))}
    form.update({name: comment for name in set(re.findall(r'name="(comment-\d+)"', html))})
    response = browser.post(f"/tasks/{assignment}/submit", form)
    browser.logout()
    return response


def test_a_supervisor_whose_report_has_two_peer_answers_learns_nothing_about_them(browser, org):
    subject = org.reports[0]
    peers = factories.colleagues(org, 3)
    cycle = factories.running_cycle(org, peers={subject: peers})

    def nominations_seen_by_the_supervisor():
        browser.login(org.supervisor.nip)
        page = browser.get("/team/").get_data(as_text=True)
        browser.logout()
        nominees = page.split("<h3>Nominasi rekan</h3>", 1)[1]  # the progress table above has counts only
        return re.sub(r'name="csrf_token"[^>]*>', "", nominees)  # tokens differ per session

    before = nominations_seen_by_the_supervisor()
    for peer, comment in zip(peers[:2], ("Catatan-P1", "Catatan-P2")):
        assert _answer_in_browser(browser, cycle, subject, peer, "1", comment).status_code == 303
    assert nominations_seen_by_the_supervisor() == before  # nothing tells who has answered
    _release(org, cycle)
    browser.login(org.supervisor.nip)
    for path in (f"/reports/{cycle.id}/{subject.id}", f"/reports/{cycle.id}/{subject.id}.json"):
        body = browser.get(path).get_data(as_text=True)
        assert "Catatan-P" not in body
        assert all(peer.name not in body and peer.nip not in body for peer in peers)
    report = browser.get(f"/reports/{cycle.id}/{subject.id}.json").get_json()["report"]
    assert "peer" not in [g["group"] for g in report["groups"]]
    assert all("peer" not in row["scores"] and "others" not in row["scores"] for row in report["competencies"])
    assert {s["source"] for s in report["suppressed"]} >= {"peer"}


def test_a_late_peer_answer_after_release_is_refused_and_moves_nothing(browser, org):
    subject = org.reports[0]
    peers = factories.colleagues(org, 4)
    cycle = factories.running_cycle(org, peers={subject: peers})
    for peer in peers[:3]:
        factories.answer(cycle, subject, peer, "peer", "4")
    _release(org, cycle)
    browser.login(subject.nip)
    before = browser.get(f"/reports/{cycle.id}/{subject.id}.json").get_json()["report"]
    browser.logout()
    late = _answer_in_browser(browser, cycle, subject, peers[3], "1", "terlambat")
    assert late.status_code == 409
    assert db.session.scalar(select(Response.id).where(Response.source == "peer").order_by(Response.id).offset(3)) \
        is None
    browser.login(subject.nip)
    assert browser.get(f"/reports/{cycle.id}/{subject.id}.json").get_json()["report"] == before


def test_comments_are_shown_in_a_fixed_order_unrelated_to_submission(browser, org):
    subject = org.reports[0]
    peers = factories.colleagues(org, 3)
    cycle = factories.running_cycle(org, peers={subject: peers})
    for peer, comment in zip(peers, ("Zeta terakhir", "Alfa pertama", "Meta tengah")):
        factories.answer(cycle, subject, peer, "peer", "3", comment=comment)
    _release(org, cycle)
    browser.login(subject.nip)
    html = browser.get(f"/reports/{cycle.id}/{subject.id}").get_data(as_text=True)
    first = html.index("Alfa pertama")
    assert first < html.index("Meta tengah") < html.index("Zeta terakhir")
    stored = [r.id for r in db.session.scalars(select(Response).where(Response.source == "peer"))]
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in stored)  # random keys: no insertion order


def test_no_log_line_names_a_peer_rater(browser, org, caplog):
    subject = org.reports[0]
    peers = factories.colleagues(org, 3)
    cycle = factories.running_cycle(org, peers={subject: peers})
    with caplog.at_level(logging.DEBUG):
        for peer in peers:
            assert _answer_in_browser(browser, cycle, subject, peer, "3", "Baik").status_code == 303
        _release(org, cycle)
    text = "\n".join(record.getMessage() for record in caplog.records)
    for peer in peers:
        assert peer.name not in text and peer.nip not in text and f"rater_id={peer.id}" not in text


def test_error_pages_after_a_double_submission_name_nobody(browser, org):
    subject = org.reports[0]
    peers = factories.colleagues(org, 3)
    cycle = factories.running_cycle(org, peers={subject: peers})
    assert _answer_in_browser(browser, cycle, subject, peers[0], "3", "Baik").status_code == 303
    again = _answer_in_browser(browser, cycle, subject, peers[0], "3", "Baik")
    body = again.get_data(as_text=True)
    assert again.status_code == 409
    assert subject.nip not in body and all(p.nip not in body for p in peers[1:])
