from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain import cycle_rules as rules
from portal.domain.nominations import NominationFacts, nomination_problem, nomination_status, overloaded
from portal.domain.survey import AnswerSheet, CompetencyItems, completion, parse_form, submission_errors

TODAY = date(2026, 6, 15)


def facts(**changes):
    values = dict(state="draft", has_framework=True, unit_count=2, employee_count=10, period_start=date(2026, 1, 1),
                  period_end=date(2026, 6, 30), nomination_deadline=date(2026, 6, 1),
                  feedback_deadline=date(2026, 6, 30), pending_nominations=0)
    values.update(changes)
    return rules.CycleFacts(**values)


def messages(problems):
    return [p.message for p in problems]


def test_a_complete_draft_opens():
    assert rules.transition_problems(facts(), rules.NOMINATING, TODAY) == []


@pytest.mark.parametrize("change, expected", [
    ({"has_framework": False}, "Pilih kerangka kompetensi dulu."),
    ({"unit_count": 0}, "Pilih minimal satu unit yang dinilai."),
    ({"employee_count": 0}, "Unit yang dipilih belum punya pegawai aktif."),
    ({"feedback_deadline": None}, "Isi batas waktu pengisian penilaian."),
])
def test_opening_needs_framework_units_and_deadline(change, expected):
    problems = rules.transition_problems(facts(**change), rules.NOMINATING, TODAY, confirmed=True)
    assert messages(problems) == [expected]
    assert not problems[0].confirmable


@pytest.mark.parametrize("state, target", [
    ("draft", "collecting"), ("draft", "closed"), ("nominating", "released"), ("released", "draft"),
    ("closed", "collecting"), ("collecting", "nominating"),
])
def test_no_skipping_or_going_back(state, target):
    problems = rules.transition_problems(facts(state=state), target, TODAY, confirmed=True)
    assert len(problems) == 1 and "tidak dapat berpindah" in problems[0].message


def test_closing_before_the_deadline_needs_confirmation():
    state = facts(state="collecting")
    problems = rules.transition_problems(state, rules.CLOSED, TODAY)
    assert len(problems) == 1 and problems[0].confirmable
    assert rules.transition_problems(state, rules.CLOSED, TODAY, confirmed=True) == []
    assert rules.transition_problems(state, rules.CLOSED, date(2026, 7, 1)) == []


def test_collecting_with_undecided_nominations_needs_confirmation():
    state = facts(state="nominating", pending_nominations=4)
    problems = rules.transition_problems(state, rules.COLLECTING, date(2026, 6, 2))
    assert [p.params for p in problems] == [{"count": 4}]
    assert rules.transition_problems(state, rules.COLLECTING, date(2026, 6, 2), confirmed=True) == []


def test_release_after_close_has_no_conditions():
    assert rules.transition_problems(facts(state="closed"), rules.RELEASED, TODAY) == []


@given(st.sampled_from(rules.STATES), st.sampled_from(rules.STATES), st.booleans())
def test_only_the_next_state_is_reachable(state, target, confirmed):
    problems = rules.transition_problems(facts(state=state), target, TODAY, confirmed)
    if rules.NEXT.get(state) != target:
        assert problems and not problems[0].confirmable


def test_settings_that_do_not_fit_together():
    problems = rules.settings_problems(date(2026, 6, 1), date(2026, 1, 1), date(2026, 6, 1), date(2026, 5, 1),
                                       1, 1, 5, 3, 0)
    assert set(problems) == {"period_end", "feedback_deadline", "min_group_size", "peer_max", "peer_cap"}
    assert "comment_min_group_size" in rules.settings_problems(None, None, None, None, 3, 2, 3, 8, 10)
    assert rules.settings_problems(date(2026, 1, 1), date(2026, 6, 30), None, None, 3, 3, 3, 8, 10) == {}


def nomination(**changes):
    values = dict(subject_id=1, candidate_id=2, candidate_active=True, candidate_in_cycle=True,
                  current_peers=[3, 4], other_raters=[9], peer_max=8)
    values.update(changes)
    return NominationFacts(**values)


@pytest.mark.parametrize("change, fragment", [
    ({"candidate_id": 1}, "diri sendiri"),
    ({"candidate_id": 3}, "sudah ada"),
    ({"candidate_id": 9}, "atasan atau bawahan"),
    ({"candidate_in_cycle": False}, "tidak termasuk"),
    ({"candidate_active": False}, "tidak termasuk"),
    ({"peer_max": 2}, "maksimum"),
])
def test_nomination_refusals(change, fragment):
    assert fragment in nomination_problem(nomination(**change))


def test_a_fitting_nomination_is_accepted():
    assert nomination_problem(nomination()) is None


def test_overloaded_raters_and_status():
    assert overloaded({1: 10, 2: 11, 3: 2}, cap=10) == {2: 11}
    assert [nomination_status(n, 3, 8) for n in (0, 2, 3, 7, 8)] == ["short", "short", "ok", "ok", "full"]


ITEMS = [CompetencyItems(10, (1, 2)), CompetencyItems(20, (3,))]


def test_parse_keeps_valid_answers_and_reports_bad_ones():
    sheet, errors = parse_form({"answer-1": "4", "answer-2": "na", "answer-3": "9", "answer-77": "5",
                                "comment-10": "  Baik sekali ", "strengths": "Ramah"}, ITEMS)
    assert sheet.answers == {1: 4, 2: None}
    assert sheet.comments == {10: "Baik sekali"} and sheet.strengths == "Ramah"
    assert list(errors) == ["answer-3"]
    assert completion(sheet, ITEMS) == (2, 3)


def test_parse_merges_into_a_draft_and_clears_emptied_comments():
    draft = AnswerSheet(answers={1: 2}, comments={10: "lama"}, to_develop="x")
    sheet, _ = parse_form({"answer-3": "5", "comment-10": " "}, ITEMS, draft)
    assert sheet.answers == {1: 2, 3: 5} and sheet.comments == {} and sheet.to_develop == "x"


def test_submission_needs_every_item_and_short_comments():
    sheet = AnswerSheet(answers={1: 3, 2: None}, comments={20: "x" * 2001}, strengths="y" * 2001)
    assert set(submission_errors(sheet, ITEMS)) == {"answer-3", "comment-20", "strengths"}
    sheet = AnswerSheet(answers={1: 3, 2: None, 3: 1}, comments={20: "x" * 2000})
    assert submission_errors(sheet, ITEMS) == {}


@given(st.dictionaries(st.sampled_from([1, 2, 3]), st.one_of(st.none(), st.integers(1, 5))),
       st.dictionaries(st.sampled_from([10, 20]), st.text(min_size=1, max_size=20)), st.text(max_size=30))
def test_draft_round_trip(answers, comments, strengths):
    sheet = AnswerSheet(answers=answers, comments=comments, strengths=strengths)
    data = sheet.to_draft()
    back = AnswerSheet.from_draft(data["answers"], data["comments"], data["strengths"], data["to_develop"])
    assert back.answers == answers and back.strengths == strengths
    assert back.comments == {k: v for k, v in comments.items() if v}
