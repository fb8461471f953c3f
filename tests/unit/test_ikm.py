"""SKM / IKM rules from DOMAIN.md: exact NRR and IKM, grade boundaries, Krejcie–Morgan sample."""
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain import ikm as skm

WORKED_TOTALS = (105, 101, 100, 116, 102, 105, 106, 105, 115)
WORKED = {f"U{i}": (total, 29) for i, total in enumerate(WORKED_TOTALS, start=1)}


def test_nine_elements_each_with_a_question_and_four_answers():
    assert [e.code for e in skm.ELEMENTS] == [f"U{i}" for i in range(1, 10)]
    assert skm.ELEMENTS[3].name == "Biaya/Tarif"
    assert skm.ELEMENTS[3].answers == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    for element in skm.ELEMENTS:
        assert element.name and element.question.endswith("?")
        assert len(set(element.answers)) == 4 and all(element.answers)


def test_worked_example_from_domain():
    value = skm.ikm(WORKED)
    assert value == Fraction(955 * 25, 29 * 9)
    assert skm.display(value) == Decimal("91.48")
    assert skm.grade(value) == skm.Grade("A", "Sangat Baik")


def test_summary_for_the_dashboard():
    summary = skm.summarise(WORKED)
    assert list(summary.nrr) == [f"U{i}" for i in range(1, 10)]
    assert summary.nrr["U4"] == Fraction(116, 29)
    assert summary.element_values["U4"] == Fraction(116 * 25, 29)
    assert (summary.ikm, summary.display, summary.grade.letter) == (skm.ikm(WORKED), Decimal("91.48"), "A")


def test_summary_without_answers():
    summary = skm.summarise({"U1": (0, 0)})
    assert (dict(summary.nrr), dict(summary.element_values)) == ({}, {})
    assert (summary.ikm, summary.display, summary.grade) == (None, None, None)


def test_nrr():
    assert skm.nrr(105, 29) == Fraction(105, 29)
    with pytest.raises(ValueError):
        skm.nrr(0, 0)


@pytest.mark.parametrize(("total", "respondents"), [(9, 10), (41, 10), (3, -1)])
def test_impossible_totals_are_refused(total, respondents):
    with pytest.raises(ValueError):
        skm.nrr(total, respondents)


def test_nothing_answered_gives_no_index():
    assert skm.ikm({}) is None
    assert skm.ikm({code: (0, 0) for code in WORKED}) is None


def test_unanswered_element_is_left_out_not_counted_as_zero():
    # Eight elements all scored 4 and U9 skipped: the mean of the answered ones, i.e. the maximum.
    answered = {f"U{i}": (40, 10) for i in range(1, 9)}
    assert skm.ikm(answered | {"U9": (0, 0)}) == skm.ikm(answered) == 100


def test_unknown_element_code_is_refused():
    with pytest.raises(ValueError, match="U10"):
        skm.ikm({"U10": (4, 1)})


@pytest.mark.parametrize(
    ("value", "letter", "label"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_grade_boundaries(value, letter, label):
    for form in (Decimal(value), Fraction(value), float(value)):
        assert skm.grade(form) == skm.Grade(letter, label)


@pytest.mark.parametrize("value", ["24.99", "100.01", "-50", "1e400"])
def test_grade_outside_the_scale_is_refused(value):
    with pytest.raises(ValueError):
        skm.grade(Decimal(value))


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")])
def test_grade_of_a_non_number_is_refused(value):
    with pytest.raises(ValueError):
        skm.grade(value)


def test_grade_is_judged_on_the_rounded_value():
    assert skm.grade(Fraction("88.305")).letter == "A"  # shows as 88.31
    assert skm.grade(88.305).letter == "A"  # the float as written, not its binary 88.30499…
    assert skm.grade(Fraction("88.3049999")).letter == "B"
    assert skm.grade(Fraction("24.995")).letter == "D"  # shows as 25.00
    assert skm.grade(Fraction("100.004")).letter == "A"  # shows as 100.00


def test_display_rounds_half_up():
    assert skm.display(Fraction(1, 8)) == Decimal("0.13")
    assert skm.display(Fraction(-1, 8)) == Decimal("-0.13")
    assert skm.display(Fraction(100)) == Decimal("100.00")
    assert str(skm.display(Fraction(9148, 100))) == "91.48"


@pytest.mark.parametrize(("population", "required"), [(1, 1), (100, 80), (1000, 278), (10000, 370)])
def test_minimum_sample(population, required):
    assert skm.minimum_sample(population) == required


@pytest.mark.parametrize("population", [0, -5])
def test_minimum_sample_needs_a_population(population):
    with pytest.raises(ValueError):
        skm.minimum_sample(population)


def test_sample_status():
    assert skm.sample_status(80, 100) == skm.SampleStatus(required=80, respondents=80, reached=True)
    assert skm.sample_status(79, 100) == skm.SampleStatus(required=80, respondents=79, reached=False)
    assert skm.sample_status(12, None) == skm.SampleStatus(required=None, respondents=12, reached=None)
    with pytest.raises(ValueError):
        skm.sample_status(-1, 100)


answers = st.dictionaries(
    st.sampled_from([e.code for e in skm.ELEMENTS]),
    st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=60),
    min_size=1,
)


@given(answers)
def test_ikm_is_the_mean_nrr_times_25_and_stays_on_the_scale(scores):
    value = skm.ikm({code: (sum(s), len(s)) for code, s in scores.items()})
    mean_nrr = sum(Fraction(sum(s), len(s)) for s in scores.values()) / len(scores)
    assert value == mean_nrr * 25
    assert 25 <= value <= 100
    assert skm.grade(value).letter in "ABCD"


@given(st.lists(st.lists(st.integers(min_value=1, max_value=4), min_size=9, max_size=9), min_size=1, max_size=40))
def test_full_survey_uses_the_regulation_weight_of_one_ninth(respondents):
    totals = {f"U{i + 1}": (sum(r[i] for r in respondents), len(respondents)) for i in range(9)}
    expected = sum(Fraction(total, n) * Fraction(1, 9) for total, n in totals.values()) * 25
    assert skm.ikm(totals) == expected
    assert skm.summarise(totals).display == skm.display(expected)
