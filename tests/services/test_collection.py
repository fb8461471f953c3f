"""Cycles, nominations and survey submission against the database (both backends)."""
import threading
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update

from portal.extensions import db
from portal.models import (Answer, Assignment, AuditEvent, CompetencyComment, Cycle, Draft, Employee, Receipt,
                           Response)
from portal.services import cycles, frameworks, nominations, surveys
from portal.services.cycles import CycleError
from tests import factories, sql

TODAY = date(2026, 3, 1)


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def assignment(cycle, subject, rater, source):
    return db.session.scalar(select(Assignment).filter_by(cycle_id=cycle.id, subject_id=subject.id,
                                                          rater_id=rater.id, source=source))


def full_form(survey, score="4"):
    form = {f"answer-{i}": score for group in survey.item_ids for i in group.indicator_ids}
    form["strengths"] = "Ramah kepada warga"
    return form


def test_opening_creates_self_and_supervisor_assignments(org):
    cycle = factories.running_cycle(org, state="nominating")
    members = [org.supervisor, *org.reports]
    assert count(Assignment, Assignment.cycle_id == cycle.id, Assignment.source == "self") == len(members)
    # The unit head has no supervisor in the portal, so three supervisor assignments.
    assert count(Assignment, Assignment.cycle_id == cycle.id, Assignment.source == "supervisor") == 3
    assert count(Assignment, Assignment.source == "report") == 0
    event = db.session.scalar(select(AuditEvent).filter_by(action="cycle.transition"))
    assert event.detail["to_state"] == "nominating" and event.actor_id == factories.hr_user(org).id


def test_direct_reports_rate_their_supervisor_when_the_cycle_says_so(org):
    cycle = factories.running_cycle(org, state="nominating", direct_reports_rate=True)
    raters = set(db.session.scalars(select(Assignment.rater_id).filter_by(cycle_id=cycle.id, source="report",
                                                                            subject_id=org.supervisor.id)))
    assert raters == {r.id for r in org.reports}


def test_transition_refused_without_framework_and_nothing_changes(org):
    cycle = factories.cycle([org.unit])
    cycle.framework_id = None
    db.session.commit()
    problems = cycles.transition(cycle.id, "nominating", factories.hr_user(org), True, TODAY)
    assert [p.message for p in problems] == ["Pilih kerangka kompetensi dulu."]
    assert db.session.get(type(cycle), cycle.id).state == "draft"
    assert count(Assignment) == 0


def test_nomination_rules_and_supervisor_decisions(org):
    cycle = factories.running_cycle(org, state="nominating")
    subject, peer = org.reports[0], org.reports[1]
    user = db.session.get(Employee, subject.id)
    account = db.session.scalar(db.select(factories.User).filter_by(employee_id=subject.id))
    with pytest.raises(CycleError, match="diri sendiri"):
        nominations.add_peer(cycle, user, subject.id, account, approved=False)
    with pytest.raises(CycleError, match="atasan atau bawahan"):
        nominations.add_peer(cycle, user, org.supervisor.id, account, approved=False)
    with pytest.raises(CycleError, match="tidak termasuk"):
        nominations.add_peer(cycle, user, org.outsider.id, account, approved=False)
    nominations.add_peer(cycle, user, peer.id, account, approved=False)
    with pytest.raises(CycleError, match="sudah ada"):
        nominations.add_peer(cycle, user, peer.id, account, approved=False)
    nominated = assignment(cycle, subject, peer, "peer")
    assert nominated.state == "proposed"
    nominations.decide(nominated, approve=True, actor=factories.hr_user(org))
    assert assignment(cycle, subject, peer, "peer").state == "active"
    with pytest.raises(CycleError, match="sudah diputuskan"):
        nominations.withdraw(assignment(cycle, subject, peer, "peer"), account)


def test_approved_peers_cannot_be_removed_once_collecting(org):
    extra = factories.employee(org.unit, "Rekan Tambahan")
    db.session.commit()
    cycle = factories.running_cycle(org, peers={org.reports[0]: [org.reports[1], extra]})
    answered = assignment(cycle, org.reports[0], org.reports[1], "peer")
    survey = surveys.load_survey(answered)
    assert surveys.submit(survey, full_form(survey), TODAY) == {}
    waiting = assignment(cycle, org.reports[0], extra, "peer")
    hr = factories.hr_user(org)
    # The same refusal whether or not the peer has answered: the refusal must not reveal it.
    messages = []
    for item in (answered, waiting):
        with pytest.raises(CycleError) as error:
            nominations.decide(db.session.get(Assignment, item.id), approve=False, actor=hr)
        messages.append(error.value.message)
    assert messages[0] == messages[1]


def test_overloaded_raters_are_flagged(org):
    subjects = [factories.employee(org.unit, f"Subjek {i}") for i in range(3)]
    db.session.commit()
    cycle = factories.running_cycle(org, peers={s: [org.reports[2]] for s in subjects}, state="nominating",
                                    peer_cap=2)
    flagged = nominations.overloaded_raters(cycle)
    assert [(e.id, n) for e, n in flagged] == [(org.reports[2].id, 3)]


def test_anonymous_submission_stores_no_rater_and_removes_the_draft(org):
    cycle = factories.running_cycle(org, peers={org.reports[0]: [org.reports[1]]})
    item = assignment(cycle, org.reports[0], org.reports[1], "peer")
    survey = surveys.load_survey(item)
    surveys.save_draft(survey, {"comment-" + str(survey.item_ids[0].competency_id): "Sabar melayani"})
    assert count(Draft) == 1
    assert surveys.submit(surveys.load_survey(item), full_form(survey), TODAY) == {}
    response = db.session.scalar(select(Response))
    assert response.source == "peer" and response.rater_id is None and response.submitted_on == TODAY
    assert count(Answer) == 4 and count(CompetencyComment) == 1
    assert count(Draft) == 0 and count(Receipt, Receipt.assignment_id == item.id) == 1
    assert db.session.get(Assignment, item.id).state == "completed"


def test_saving_a_draft_again_replaces_every_field_it_writes(org):
    """The autosave's upsert (built once, its values as parameters) writes the first draft and replaces each of
    its fields on the next save; it names every field a draft is made of."""
    from portal.domain.survey import AnswerSheet

    assert set(AnswerSheet().to_draft()) | {"updated_at"} == set(surveys._DRAFT_FIELDS)
    cycle = factories.running_cycle(org, peers={org.reports[0]: [org.reports[1]]})
    item = assignment(cycle, org.reports[0], org.reports[1], "peer")
    first, second = (surveys.load_survey(item).item_ids[n] for n in (0, 1))
    surveys.save_draft(surveys.load_survey(item), {f"answer-{first.indicator_ids[0]}": "2",
                                                   f"comment-{first.competency_id}": "Awal", "strengths": "Ramah"})
    saved = db.session.get(Draft, item.id)
    before = saved.updated_at
    assert (saved.answers, saved.comments, saved.strengths) == ({str(first.indicator_ids[0]): 2},
                                                                {str(first.competency_id): "Awal"}, "Ramah")
    db.session.expunge_all()
    surveys.save_draft(surveys.load_survey(db.session.get(Assignment, item.id)), {
        f"answer-{first.indicator_ids[0]}": "5", f"comment-{first.competency_id}": "",
        f"comment-{second.competency_id}": "Kedua", "strengths": "Teliti", "to_develop": "Disiplin"})
    db.session.expunge_all()
    again = db.session.get(Draft, item.id)
    assert again.answers == {str(first.indicator_ids[0]): 5} and again.comments == {str(second.competency_id): "Kedua"}
    assert (again.strengths, again.to_develop) == ("Teliti", "Disiplin") and again.updated_at >= before
    assert count(Draft) == 1


def test_self_and_supervisor_responses_are_attributed(org):
    cycle = factories.running_cycle(org)
    item = assignment(cycle, org.reports[0], org.supervisor, "supervisor")
    survey = surveys.load_survey(item)
    assert surveys.submit(survey, full_form(survey), TODAY) == {}
    assert db.session.scalar(select(Response.rater_id)) == org.supervisor.id


def test_incomplete_submission_keeps_the_answers_as_a_draft(org):
    cycle = factories.running_cycle(org)
    item = assignment(cycle, org.reports[0], org.reports[0], "self")
    survey = surveys.load_survey(item)
    form = full_form(survey)
    missing = next(iter(form))
    del form[missing]
    errors = surveys.submit(survey, form, TODAY)
    assert list(errors) == [missing]
    assert count(Response) == 0
    kept = surveys.load_survey(db.session.get(Assignment, item.id))
    assert len(kept.sheet.answers) == 3 and kept.sheet.strengths == "Ramah kepada warga"


def test_double_submission_is_refused_and_stores_one_response(org):
    cycle = factories.running_cycle(org)
    item = assignment(cycle, org.reports[0], org.reports[0], "self")
    survey = surveys.load_survey(item)
    assert surveys.submit(survey, full_form(survey), TODAY) == {}
    with pytest.raises(surveys.AlreadySubmitted):
        surveys.submit(surveys.load_survey(db.session.get(Assignment, item.id)), full_form(survey), TODAY)
    assert count(Response) == 1


def test_a_closed_cycle_takes_no_answers(org):
    cycle = factories.running_cycle(org, state="closed")
    item = assignment(cycle, org.reports[0], org.reports[0], "self")
    with pytest.raises(CycleError, match="ditutup"):
        surveys.save_draft(surveys.load_survey(item), {"answer-1": "3"})


def test_the_source_of_a_submitted_response_cannot_change(org):
    cycle = factories.running_cycle(org, peers={org.reports[0]: [org.reports[1]]})
    item = assignment(cycle, org.reports[0], org.reports[1], "peer")
    survey = surveys.load_survey(item)
    surveys.submit(survey, full_form(survey), TODAY)
    response = db.session.scalar(select(Response))
    response.source = "report"
    with pytest.raises(ValueError, match="cannot change"):
        db.session.flush()
    db.session.rollback()


def test_editing_a_frozen_framework_makes_a_new_version(org):
    cycle = factories.running_cycle(org, state="nominating")
    draft_cycle = factories.cycle([org.unit], framework=cycle.framework, name="Draf berikut")
    db.session.commit()
    old = cycle.framework
    competency = old.competencies[0]
    indicators = [{"id": i.id, "text": i.text + " (direvisi)", "sources": ["self", "peer"], "retired": False,
                   "position": i.position} for i in competency.indicators]
    saved = frameworks.save_competency(old, competency.id, {"code": competency.code, "name": competency.name,
                                                            "competency_group": "core_value"}, indicators,
                                       factories.hr_user(org))
    assert saved.framework.version == 2 and saved.framework.previous_id == old.id
    db.session.expire_all()
    assert all("direvisi" not in i.text for i in db.session.get(type(old), old.id).competencies[0].indicators)
    assert db.session.get(type(cycle), cycle.id).framework_id == old.id
    assert db.session.get(type(draft_cycle), draft_cycle.id).framework_id == saved.framework_id


def _revise(framework, hr):
    """HR rewords every behaviour of the framework's first competency; returns the framework written to."""
    competency = framework.competencies[0]
    indicators = [{"id": i.id, "text": i.text + " (direvisi)", "sources": ["self", "peer"], "retired": False,
                   "position": i.position} for i in competency.indicators]
    return frameworks.save_competency(framework, competency.id, {"code": competency.code, "name": competency.name,
                                                                 "competency_group": "core_value"}, indicators, hr)


def _texts(items):
    return [i.text for _, indicators in items for i in indicators]


def test_a_running_cycle_keeps_its_questions_per_worker_and_a_draft_cycle_reads_them_afresh(org):
    cycle = factories.running_cycle(org, state="nominating")
    draft_cycle = factories.cycle([org.unit], framework=cycle.framework, name="Draf berikut")
    db.session.commit()
    first = frameworks.asked_items(cycle, "peer")
    with sql.recorded() as statements:
        assert frameworks.asked_items(cycle, "peer") == first and statements == []
    hr = factories.hr_user(org)
    assert _revise(cycle.framework, hr).framework.version == 2  # frozen: the edit went to a new version
    db.session.expire_all()
    kept = frameworks.asked_items(db.session.get(Cycle, cycle.id), "peer")
    assert kept == first and not any("direvisi" in text for text in _texts(kept))
    assert _texts(kept) == _texts(frameworks.items_for(cycle.framework_id, "peer"))
    # The draft cycle moved to the new version, which only drafts use: edited in place, and read afresh.
    draft = db.session.get(Cycle, draft_cycle.id)
    before = frameworks.asked_items(draft, "peer")
    assert _revise(draft.framework, hr).framework.version == 2
    after = frameworks.asked_items(draft, "peer")
    assert not any("(direvisi) (direvisi)" in text for text in _texts(before))
    assert any("(direvisi) (direvisi)" in text for text in _texts(after))


@pytest.mark.parametrize("same", [True, False])
def test_concurrent_submissions_lose_nothing(app, org, same):
    extra = factories.employee(org.unit, "Rekan Tambahan")
    db.session.commit()
    cycle = factories.running_cycle(org, peers={org.reports[0]: [org.reports[1], extra]})
    targets = [assignment(cycle, org.reports[0], org.reports[1], "peer")]
    targets.append(targets[0] if same else assignment(cycle, org.reports[0], extra, "peer"))
    ids = [t.id for t in targets]
    db.session.commit()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(assignment_id):
        with app.app_context():
            survey = surveys.load_survey(db.session.get(Assignment, assignment_id))
            form = full_form(survey)
            barrier.wait()
            try:
                outcomes.append(surveys.submit(survey, form, TODAY) == {})
            except surveys.AlreadySubmitted:
                outcomes.append(False)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    assert count(Response) == len(set(ids))
    assert sorted(outcomes) == ([False, True] if same else [True, True])


def test_a_survey_page_reads_the_survey_as_columns_and_a_post_as_the_orm_objects(app, org):
    """In a GET the survey (assignment, cycle, person rated, draft, whether it was sent) comes from one query of
    columns: the same survey a POST reads through the ORM, for a draft and for a sent survey."""
    from portal.rows import Columns

    cycle = factories.running_cycle(org, peers={org.reports[0]: [org.reports[1], org.reports[2]]})
    drafted = assignment(cycle, org.reports[0], org.reports[1], "peer")
    sent = assignment(cycle, org.reports[0], org.reports[2], "peer")
    survey = surveys.load_survey(drafted)
    first = survey.item_ids[0]
    surveys.save_draft(survey, {f"answer-{first.indicator_ids[0]}": "4", f"comment-{first.competency_id}": "Rapi",
                                "strengths": "Sabar"})
    done = surveys.load_survey(sent)
    assert surveys.submit(done, full_form(done), TODAY) == {}
    ids = (drafted.id, sent.id)
    db.session.commit()

    def seen(survey):
        a = survey.assignment
        return (a.id, a.source, a.state, a.rater_id, a.cycle.name, a.cycle.state, a.cycle.framework_id,
                a.subject.name, survey.sheet, survey.completed, survey.items, survey.progress)

    with app.test_request_context("/tasks/1", method="POST"):
        posted = {i: seen(surveys.find_survey(i)) for i in ids}
        assert isinstance(surveys.find_survey(ids[0]).assignment, Assignment)
    db.session.expunge_all()
    with app.test_request_context("/tasks/1"):
        read = {i: surveys.find_survey(i) for i in ids}
        assert all(isinstance(r.assignment, Columns) for r in read.values())
        assert {i: seen(r) for i, r in read.items()} == posted
        assert posted[ids[0]][8].strengths == "Sabar" and posted[ids[1]][9] is True
        assert surveys.find_survey(999_999) is None


def test_surveys_read_with_their_lock_take_turns(app, org):
    """A POST reads its survey with the assignment's lock (one query instead of two): two submissions of one
    assignment at once give one response, and the second is told it was already sent."""
    cycle = factories.running_cycle(org, peers={org.reports[0]: [org.reports[1]]})
    target = assignment(cycle, org.reports[0], org.reports[1], "peer").id
    form = full_form(surveys.load_survey(db.session.get(Assignment, target)))
    db.session.commit()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        with app.app_context():
            barrier.wait()
            try:
                survey = surveys.find_survey(target, lock=True)
                assert survey.locked
                outcomes.append(surveys.submit(survey, form, TODAY) == {})
            except surveys.AlreadySubmitted:
                outcomes.append(False)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    assert count(Response) == 1 and sorted(outcomes) == [False, True]


def test_the_schema_has_no_path_from_an_answer_to_its_rater():
    tables = {t.name: t for t in db.metadata.sorted_tables}
    for name in ("response", "answer", "competency_comment"):
        targets = {fk.column.table.name for fk in tables[name].foreign_keys}
        assert not targets & {"assignment", "receipt", "draft", "user_account", "audit_event"}, name
    assert {c.name for c in tables["receipt"].columns} == {"assignment_id"}
    assert not any(c.name.endswith("_at") for c in tables["response"].columns)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(6)), submitted=st.sets(st.integers(0, 5)),
       scores=st.lists(st.integers(1, 5), min_size=6, max_size=6))
def test_stored_anonymous_data_does_not_depend_on_who_answered(org, order, submitted, scores):
    """Submission k (in time) carries scores[k], whoever sends it: the stored anonymous data must be the same
    whichever rater sent which answers, in whichever order."""
    db.session.execute(delete(Response))
    db.session.execute(delete(Receipt))
    db.session.execute(delete(Draft))
    db.session.commit()
    cycle = db.session.scalar(select(cycles.Cycle).filter_by(name="Sifat"))
    if cycle is None:
        peers = [factories.employee(org.unit, f"Rekan {i}") for i in range(5)]
        db.session.commit()
        cycle = factories.running_cycle(org, peers={org.reports[0]: peers[:4] + [org.reports[1]]}, name="Sifat")
    db.session.execute(update(Assignment).where(Assignment.cycle_id == cycle.id).values(state="active"))
    db.session.commit()
    items = db.session.scalars(select(Assignment).filter_by(cycle_id=cycle.id, source="peer")
                               .order_by(Assignment.id)).all()
    items.append(assignment(cycle, org.reports[0], org.supervisor, "supervisor"))
    expected = []
    for step, index in enumerate(i for i in order if i in submitted):
        survey = surveys.load_survey(items[index])
        assert surveys.submit(survey, full_form(survey, score=str(scores[step])), TODAY) == {}
        if items[index].source == "peer":
            expected.append((org.reports[0].id, "peer", TODAY, tuple(scores[step] for _ in range(4))))
    anonymous = db.session.scalars(select(Response).filter_by(source="peer")).all()
    assert all(r.rater_id is None for r in anonymous)
    stored = [(r.subject_id, r.source, r.submitted_on, tuple(a.score for a in r.answers)) for r in anonymous]
    assert sorted(stored) == sorted(expected)
