"""Reading a citizen's posted survey: every rule, and that valid values survive a refused form."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain import public_survey as rules

GOOD = {f"u{n}": "3" for n in range(1, 10)}


def test_a_complete_form_is_read():
    sub, errors = rules.parse({**GOOD, "u4": "4", "age_band": "20_29", "sex": "l", "suggestion": "  Bagus  "})
    assert errors == {}
    assert sub.scores["U4"] == 4 and len(sub.scores) == 9
    assert sub.profile == {"age_band": "20_29", "sex": "l"} and sub.suggestion == "Bagus"
    assert sub.officer_id is None and not sub.names_officer


@pytest.mark.parametrize("value, message", [
    ("", rules.ELEMENT_MISSING), ("0", rules.ELEMENT_INVALID), ("5", rules.ELEMENT_INVALID),
    ("dua", rules.ELEMENT_INVALID), ("-1", rules.ELEMENT_INVALID), ("3.5", rules.ELEMENT_INVALID),
    ("99999", rules.ELEMENT_INVALID),
])
def test_each_element_must_be_one_of_four(value, message):
    sub, errors = rules.parse({**GOOD, "u7": value})
    assert errors == {"u7": message}
    assert "U7" not in sub.scores and sub.scores["U8"] == 3  # the rest is kept


def test_missing_elements_are_each_named():
    _, errors = rules.parse({})
    assert set(errors) == {f"u{n}" for n in range(1, 10)}


def test_profile_values_must_come_from_the_lists():
    sub, errors = rules.parse({**GOOD, "education": "phd", "occupation": "pelajar"})
    assert errors == {"education": rules.PROFILE_INVALID} and sub.profile == {"occupation": "pelajar"}


def test_suggestion_length_boundary():
    assert rules.parse({**GOOD, "suggestion": "a" * 1000})[1] == {}
    assert rules.parse({**GOOD, "suggestion": "a" * 1001})[1] == {"suggestion": rules.SUGGESTION_TOO_LONG}


def test_an_officer_must_be_listed_and_rated():
    officers, items = [11, 12], [101, 102]
    sub, errors = rules.parse({**GOOD, "officer": "11", "officer-101": "5", "officer-102": "na"}, officers, items)
    assert errors == {} and sub.officer_id == 11 and sub.officer_scores == {101: 5, 102: None}
    assert sub.names_officer
    _, errors = rules.parse({**GOOD, "officer": "13", "officer-101": "5"}, officers, items)
    assert errors == {"officer": rules.OFFICER_UNKNOWN}
    _, errors = rules.parse({**GOOD, "officer": "11"}, officers, items)
    assert errors == {"officer": rules.OFFICER_UNRATED}
    _, errors = rules.parse({**GOOD, "officer": "11", "officer-101": "na"}, officers, items)
    assert errors == {"officer": rules.OFFICER_UNRATED}  # "cannot say" everywhere is no rating
    _, errors = rules.parse({**GOOD, "officer": "11", "officer-101": "6"}, officers, items)
    assert errors["officer-101"] == rules.OFFICER_INVALID


def test_ratings_of_unasked_items_are_ignored():
    sub, errors = rules.parse({**GOOD, "officer-999": "5"}, [11], [101])
    assert errors == {} and sub.officer_scores == {}


@pytest.mark.parametrize("month, semester", [(1, 1), (6, 1), (7, 2), (12, 2)])
def test_half_years(month, semester):
    assert rules.semester_of(month) == semester


@pytest.mark.parametrize("month", [0, 13])
def test_months_outside_the_year_are_refused(month):
    with pytest.raises(ValueError):
        rules.semester_of(month)


def test_period_labels():
    assert rules.period_label(2026, 1) == "I/2026" and rules.period_label(2026, 2) == "II/2026"


@given(st.dictionaries(st.sampled_from([f"u{n}" for n in range(1, 10)] + ["sex", "officer", "officer-1",
                                                                         "suggestion", "age_band"]),
                       st.text(max_size=12)))
def test_any_posted_values_give_valid_scores_or_a_message(form):
    sub, errors = rules.parse(form, [1], [1])
    for n in range(1, 10):
        assert (f"u{n}" in errors) != (f"U{n}" in sub.scores)
    assert all(1 <= v <= 4 for v in sub.scores.values())
    assert all(v is None or 1 <= v <= 5 for v in sub.officer_scores.values())
    assert set(sub.profile) <= set(rules.PROFILE) and all(v in rules.PROFILE[k] for k, v in sub.profile.items())


@pytest.mark.parametrize("value", ["²", "٣", "３", "1²", "-1", "+2", " "])
def test_digits_from_other_scripts_are_refused_with_a_message(value):
    sub, errors = rules.parse({"u1": value}, [1], [1])
    assert "u1" in errors and "U1" not in sub.scores
