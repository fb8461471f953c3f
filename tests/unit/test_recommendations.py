"""Development needs, training suggestions and the yearly JP plan (portal.domain.recommendations): no app, no DB."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain.recommendations import (
    ACTION_MAX,
    ANNUAL_JP,
    BELOW_EXPECTATION,
    BLIND_SPOT_GAP,
    BLIND_SPOT_REASON,
    CANCELLED,
    DONE,
    EXPECTATION,
    GOAL_MAX,
    IN_PROGRESS,
    JP_MAX,
    JP_MIN,
    PLAN_STATUS_LABELS,
    PLAN_STATUSES,
    PLANNED,
    Need,
    TrainingOption,
    _rank,
    development_needs,
    jp_plan,
    plan_item_problems,
    recommend,
    target_level,
)
from portal.domain.report import HIGH, CompetencyRow
from portal.domain.sources import SELF
from portal.domain.standard_framework import STANDARD_LEVEL
from portal.domain.standard_trainings import KLASIKAL, NONKLASIKAL

D = Decimal
TODAY = date(2026, 3, 15)


def row(code: str, others: str | Decimal | None, own: str | Decimal | None = None, name: str | None = None):
    """A report row as build_report makes it; only code, name, all_others and the self score matter here."""
    others = None if others is None else D(others)
    own = None if own is None else D(own)
    return CompetencyRow(
        code=code,
        name=name or f"Kompetensi {code}",
        scores={SELF: own, "supervisor": others},
        withheld={},
        all_others=others,
        gap=None if others is None or own is None else own - others,
        quadrant=None,
        indicators=(),
    )


def need(code: str, score: str = "3.00", gap: str = "0.50") -> Need:
    return Need(code, f"Kompetensi {code}", D(score), None, D(gap), BELOW_EXPECTATION)


_ids = iter(range(1, 10_000))


def training(code: str, level: int, *competencies: str, form: str = KLASIKAL, jp: int = 16, id: int | None = None):
    return TrainingOption(
        id=next(_ids) if id is None else id,
        code=code,
        title=f"Pelatihan {code}",
        provider="BPSDM Provinsi",
        form=form,
        kind="pelatihan_teknis" if form == KLASIKAL else "e_learning",
        jp=jp,
        level=level,
        competencies=competencies or ("M.01",),
    )


def codes(needs) -> list[str]:
    return [n.competency for n in needs]


# --- constants -----------------------------------------------------------------------------------------

def test_thresholds_are_the_documented_ones():
    assert EXPECTATION == HIGH == D("3.50")
    assert BLIND_SPOT_GAP == D("0.75")
    assert ANNUAL_JP == 20
    assert (GOAL_MAX, ACTION_MAX, JP_MIN, JP_MAX) == (300, 1000, 1, 200)
    assert set(PLAN_STATUS_LABELS) == set(PLAN_STATUSES) == {PLANNED, IN_PROGRESS, DONE, CANCELLED}


# --- development_needs ---------------------------------------------------------------------------------

def test_no_rows_no_needs():
    assert development_needs([]) == []


def test_below_expectation_need_carries_score_self_score_gap_and_reason():
    [only] = development_needs([row("BA.1", "3.10", "3.40", name="Berorientasi Pelayanan")])
    assert only == Need("BA.1", "Berorientasi Pelayanan", D("3.10"), D("3.40"), D("0.40"), BELOW_EXPECTATION)


def test_below_expectation_sorted_by_gap_largest_first():
    rows = [row("A", "3.40"), row("B", "2.00"), row("C", "3.00"), row("D", "1.25")]
    needs = development_needs(rows)
    assert codes(needs) == ["D", "B", "C", "A"]
    assert [n.gap for n in needs] == [D("2.25"), D("1.50"), D("0.50"), D("0.10")]


def test_equal_gaps_keep_the_report_order():
    rows = [row("M.03", "3.00"), row("M.01", "2.50"), row("BA.7", "3.00"), row("BA.2", "3.00")]
    assert codes(development_needs(rows)) == ["M.01", "M.03", "BA.7", "BA.2"]


def test_equal_gaps_written_differently_still_tie():
    # Decimal("3") and Decimal("3.00") are equal; the sort must not reorder them by representation
    rows = [row("X", "3.00"), row("Y", D("3")), row("Z", "3.0")]
    assert codes(development_needs(rows)) == ["X", "Y", "Z"]


def test_score_exactly_at_expectation_is_not_a_need():
    assert development_needs([row("A", "3.50"), row("B", "3.50", "3.50"), row("C", "4.00", "4.20")]) == []


def test_score_just_below_expectation_is_a_need():
    [only] = development_needs([row("A", "3.49")])
    assert only.gap == D("0.01")
    assert only.reason == BELOW_EXPECTATION


def test_below_expectation_without_self_score_is_still_a_need():
    [only] = development_needs([row("A", "2.80", None)])
    assert only.self_score is None
    assert only.gap == D("0.70")


def test_blind_spot_at_exactly_the_gap():
    [only] = development_needs([row("A", "3.50", "4.25")])
    assert only == Need("A", "Kompetensi A", D("3.50"), D("4.25"), D("0.00"), BLIND_SPOT_REASON)


def test_blind_spot_just_under_the_gap_is_not_a_need():
    assert development_needs([row("A", "3.50", "4.24"), row("B", "4.00", "4.74")]) == []


def test_blind_spot_with_high_others_score():
    [only] = development_needs([row("A", "4.20", "5.00")])
    assert only.reason == BLIND_SPOT_REASON
    assert only.gap == 0


def test_above_expectation_without_self_score_is_not_a_blind_spot():
    assert development_needs([row("A", "3.60", None)]) == []


def test_self_score_far_below_others_is_not_a_need():
    assert development_needs([row("A", "4.50", "2.00")]) == []


def test_below_expectation_wins_over_blind_spot():
    # others below the expectation AND self far above: listed once, as below expectation with its gap
    [only] = development_needs([row("A", "2.50", "4.50")])
    assert only.reason == BELOW_EXPECTATION
    assert only.gap == D("1.00")


def test_blind_spots_come_after_every_below_expectation_need():
    rows = [row("BLIND", "3.60", "5.00"), row("SMALL", "3.45"), row("OK", "4.00", "4.00"), row("BIG", "2.00")]
    needs = development_needs(rows)
    assert codes(needs) == ["BIG", "SMALL", "BLIND"]
    assert [n.reason for n in needs] == [BELOW_EXPECTATION, BELOW_EXPECTATION, BLIND_SPOT_REASON]


def test_blind_spots_widest_difference_first_ties_in_report_order():
    rows = [
        row("B1", "3.50", "4.25"),  # 0.75
        row("B2", "3.60", "5.00"),  # 1.40
        row("B3", "4.00", "4.75"),  # 0.75
        row("B4", "3.75", "4.75"),  # 1.00
    ]
    assert codes(development_needs(rows)) == ["B2", "B4", "B1", "B3"]


def test_rows_without_others_score_are_skipped():
    rows = [row("NONE", None, "1.00"), row("NONE2", None, None), row("A", "3.00")]
    assert codes(development_needs(rows)) == ["A"]


def test_accepts_any_row_like_object():
    class Plain:
        code = "M.02"
        name = "Kerjasama"
        all_others = D("3.20")
        scores = {}  # no self score at all

    [only] = development_needs([Plain()])
    assert (only.competency, only.self_score, only.gap) == ("M.02", None, D("0.30"))


scores = st.decimals(min_value=1, max_value=5, places=2, allow_nan=False, allow_infinity=False)
row_specs = st.lists(st.tuples(st.none() | scores, st.none() | scores), max_size=12)


@given(row_specs)
def test_needs_follow_the_rules(specs):
    rows = [row(f"C{i}", others, own) for i, (others, own) in enumerate(specs)]
    needs = development_needs(rows)
    by_code = {r.code: r for r in rows}
    index = {r.code: i for i, r in enumerate(rows)}

    # exactly the rows that qualify, each once
    expected = {
        r.code
        for r in rows
        if r.all_others is not None
        and (
            r.all_others < EXPECTATION
            or (r.scores[SELF] is not None and r.scores[SELF] - r.all_others >= BLIND_SPOT_GAP)
        )
    }
    assert sorted(codes(needs)) == sorted(expected)

    below = [n for n in needs if n.reason == BELOW_EXPECTATION]
    blind = [n for n in needs if n.reason == BLIND_SPOT_REASON]
    assert needs == below + blind  # blind spots after every below-expectation need
    for n in needs:
        source = by_code[n.competency]
        assert n.score == source.all_others
        assert n.self_score == source.scores[SELF]
    for n in below:
        assert n.score < EXPECTATION
        assert n.gap == EXPECTATION - n.score > 0
    for n in blind:
        assert n.score >= EXPECTATION
        assert n.gap == 0
        assert n.self_score - n.score >= BLIND_SPOT_GAP
    for first, second in zip(below, below[1:]):
        assert first.gap > second.gap or (
            first.gap == second.gap and index[first.competency] < index[second.competency]
        )
    for first, second in zip(blind, blind[1:]):
        wide, narrow = first.self_score - first.score, second.self_score - second.score
        assert wide > narrow or (wide == narrow and index[first.competency] < index[second.competency])


# --- target_level --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("position_type", "level"),
    [("jpt", 4), ("administrator", 3), ("pengawas", 2), ("fungsional", 2), ("pelaksana", 1)],
)
def test_target_level_of_known_position_types(position_type, level):
    assert target_level(position_type) == level == STANDARD_LEVEL[position_type]


@pytest.mark.parametrize("position_type", ["", "honorer", "JPT", " pengawas", "unknown"])
def test_target_level_of_unknown_position_type_is_paham(position_type):
    assert target_level(position_type) == 1


# --- recommend -----------------------------------------------------------------------------------------

def test_only_trainings_that_develop_the_competency():
    catalogue = [
        training("T1", 2, "M.02"),
        training("T2", 2, "M.01", "M.02"),
        training("T3", 2, "M.010"),  # a code that merely contains the need's code does not match
        training("T4", 2, "M.0"),
    ]
    [rec] = recommend([need("M.01")], catalogue, "pengawas")
    assert [t.code for t in rec.trainings] == ["T2"]


def test_recommendations_keep_need_order_and_carry_the_need():
    needs = [need("M.05"), need("BA.1"), need("M.05", "3.40", "0.10")]
    catalogue = [training("T1", 1, "M.05"), training("T2", 1, "BA.1")]
    result = recommend(needs, catalogue, "pelaksana")
    assert [r.need for r in result] == needs
    assert [[t.code for t in r.trainings] for r in result] == [["T1"], ["T2"], ["T1"]]


def test_need_without_training_still_listed_with_empty_tuple():
    [rec] = recommend([need("SK.01")], [training("T1", 2, "M.01")], "pengawas")
    assert rec.need.competency == "SK.01"
    assert rec.trainings == ()


def test_empty_catalogue_and_empty_needs():
    assert recommend([], [training("T1", 1)], "jpt") == []
    assert [r.trainings for r in recommend([need("M.01"), need("M.02")], [], "jpt")] == [(), ()]


def test_level_distance_ranks_first():
    # administrator: target 3
    catalogue = [training("L1", 1), training("L5", 5), training("L3", 3), training("L4", 4)]
    [rec] = recommend([need("M.01")], catalogue, "administrator", per_need=10)
    assert [t.code for t in rec.trainings] == ["L3", "L4", "L1", "L5"]


def test_at_the_same_distance_a_level_not_above_the_target_comes_first():
    # pengawas: target 2; levels 1 and 3 are both one away
    catalogue = [training("ABOVE", 3, form=NONKLASIKAL, jp=1), training("BELOW", 1, form=KLASIKAL, jp=40)]
    [rec] = recommend([need("M.01")], catalogue, "pengawas")
    assert [t.code for t in rec.trainings] == ["BELOW", "ABOVE"]


def test_level_distance_beats_form_and_jp():
    catalogue = [training("FAR", 1, form=NONKLASIKAL, jp=2), training("EXACT", 4, form=KLASIKAL, jp=40)]
    [rec] = recommend([need("M.01")], catalogue, "jpt")
    assert [t.code for t in rec.trainings] == ["EXACT", "FAR"]


def test_nonklasikal_before_klasikal_at_the_same_level():
    catalogue = [training("A-KLAS", 2, form=KLASIKAL, jp=8), training("Z-NONK", 2, form=NONKLASIKAL, jp=30)]
    [rec] = recommend([need("M.01")], catalogue, "pengawas")
    assert [t.code for t in rec.trainings] == ["Z-NONK", "A-KLAS"]


def test_fewer_jp_first_at_the_same_level_and_form():
    catalogue = [training("A", 2, jp=30), training("B", 2, jp=8), training("C", 2, jp=16)]
    [rec] = recommend([need("M.01")], catalogue, "pengawas")
    assert [t.code for t in rec.trainings] == ["B", "C", "A"]


def test_catalogue_code_breaks_the_remaining_ties():
    catalogue = [training("PK.010", 2), training("PK.002", 2), training("PK.007", 2)]
    [rec] = recommend([need("M.01")], catalogue, "fungsional")
    assert [t.code for t in rec.trainings] == ["PK.002", "PK.007", "PK.010"]


def test_id_breaks_a_tie_on_code():
    catalogue = [training("SAME", 2, id=9), training("SAME", 2, id=3)]
    [rec] = recommend([need("M.01")], catalogue, "pengawas")
    assert [t.id for t in rec.trainings] == [3, 9]


def test_unknown_position_type_aims_at_level_one():
    catalogue = [training("L2", 2), training("L1", 1), training("L4", 4)]
    [rec] = recommend([need("M.01")], catalogue, "kontrak")
    assert [t.code for t in rec.trainings] == ["L1", "L2", "L4"]


def test_per_need_caps_each_list():
    catalogue = [training(f"T{i}", 2, "M.01", "M.02") for i in range(5)]
    result = recommend([need("M.01"), need("M.02")], catalogue, "pengawas", per_need=2)
    assert [[t.code for t in r.trainings] for r in result] == [["T0", "T1"], ["T0", "T1"]]


def test_per_need_defaults_to_three():
    catalogue = [training(f"T{i}", 2) for i in range(5)]
    [rec] = recommend([need("M.01")], catalogue, "pengawas")
    assert len(rec.trainings) == 3


def test_per_need_zero_lists_needs_without_trainings():
    [rec] = recommend([need("M.01")], [training("T1", 2)], "pengawas", per_need=0)
    assert rec.trainings == ()


def test_per_need_larger_than_matches_returns_all_matches():
    [rec] = recommend([need("M.01")], [training("T1", 2), training("T2", 2)], "pengawas", per_need=50)
    assert len(rec.trainings) == 2


def test_negative_per_need_raises():
    with pytest.raises(ValueError, match="per_need"):
        recommend([need("M.01")], [training("T1", 2)], "pengawas", per_need=-1)


def test_negative_per_need_raises_even_without_needs():
    with pytest.raises(ValueError):
        recommend([], [], "pengawas", per_need=-5)


trainings = st.lists(
    st.builds(
        lambda code, level, form, jp, comps: (code, level, form, jp, comps),
        st.sampled_from(["PK.001", "PK.002", "PK.003"]),
        st.integers(1, 5),
        st.sampled_from([KLASIKAL, NONKLASIKAL]),
        st.integers(1, 40),
        st.lists(st.sampled_from(["M.01", "M.02", "BA.1"]), min_size=1, max_size=3, unique=True),
    ),
    max_size=10,
)


@given(
    trainings,
    st.lists(st.sampled_from(["M.01", "M.02", "BA.1", "SK.01"]), max_size=4),
    st.sampled_from([*STANDARD_LEVEL, "lainnya"]),
    st.integers(0, 6),
    st.randoms(use_true_random=False),
)
def test_recommendations_follow_the_rules(specs, need_codes, position_type, per_need, rnd):
    catalogue = [
        TrainingOption(i, code, code, "BKPSDM", form, "kursus", jp, level, tuple(comps))
        for i, (code, level, form, jp, comps) in enumerate(specs)
    ]
    needs = [need(c) for c in need_codes]
    target = target_level(position_type)
    result = recommend(needs, catalogue, position_type, per_need)

    assert [r.need for r in result] == needs
    for rec in result:
        matching = [t for t in catalogue if rec.need.competency in t.competencies]
        chosen = list(rec.trainings)
        assert len(chosen) == min(per_need, len(matching))
        assert len({t.id for t in chosen}) == len(chosen)
        assert all(rec.need.competency in t.competencies for t in chosen)
        ranks = [_rank(t, target) for t in chosen]
        assert ranks == sorted(ranks)
        # nothing left out ranks better than anything chosen
        if chosen:
            worst = max(ranks)
            assert all(_rank(t, target) >= worst for t in matching if t not in chosen)
            # a closer level is never passed over for a farther one
            assert all(
                abs(t.level - target) >= abs(chosen[-1].level - target) for t in matching if t not in chosen
            )

    # the catalogue's order does not matter
    shuffled = list(catalogue)
    rnd.shuffle(shuffled)
    assert recommend(needs, shuffled, position_type, per_need) == result


# --- jp_plan -------------------------------------------------------------------------------------------

def test_empty_plan():
    plan = jp_plan([])
    assert (plan.planned_jp, plan.done_jp, plan.target, plan.remaining, plan.reached) == (0, 0, 20, 20, False)


def test_cancelled_items_do_not_count():
    plan = jp_plan([(10, PLANNED), (40, CANCELLED), (5, DONE)])
    assert plan.planned_jp == 15
    assert plan.done_jp == 5
    assert plan.remaining == 5
    assert not plan.reached


def test_done_counts_as_planned_and_as_done():
    plan = jp_plan([(8, DONE), (4, DONE), (3, IN_PROGRESS), (2, PLANNED)])
    assert (plan.planned_jp, plan.done_jp) == (17, 12)


def test_cancelled_done_is_not_counted_as_done():
    plan = jp_plan([(20, CANCELLED)])
    assert (plan.planned_jp, plan.done_jp, plan.remaining, plan.reached) == (0, 0, 20, False)


@pytest.mark.parametrize(
    ("jp", "remaining", "reached"),
    [(19, 1, False), (20, 0, True), (21, 0, True)],
)
def test_remaining_and_reached_around_the_annual_target(jp, remaining, reached):
    plan = jp_plan([(jp, PLANNED)])
    assert plan.planned_jp == jp
    assert plan.remaining == remaining
    assert plan.reached is reached


def test_target_is_reached_by_plan_not_only_by_done_items():
    plan = jp_plan([(20, PLANNED)])
    assert plan.reached
    assert plan.done_jp == 0


def test_custom_year_target():
    plan = jp_plan([(10, DONE), (5, IN_PROGRESS)], year_target=40)
    assert (plan.target, plan.remaining, plan.reached) == (40, 25, False)


@pytest.mark.parametrize("status", ["", "Done", "finished", "canceled", None])
def test_unknown_status_raises(status):
    with pytest.raises(ValueError, match="unknown plan status"):
        jp_plan([(5, PLANNED), (5, status)])


def test_unknown_status_raises_even_after_cancelled_items():
    with pytest.raises(ValueError):
        jp_plan([(5, CANCELLED), (3, "archived")])


@given(
    st.lists(st.tuples(st.integers(JP_MIN, JP_MAX), st.sampled_from(PLAN_STATUSES)), max_size=15),
    st.integers(0, 100),
)
def test_jp_plan_totals_always_add_up(items, year_target):
    plan = jp_plan(items, year_target)
    assert plan.planned_jp == sum(jp for jp, status in items if status != CANCELLED)
    assert plan.done_jp == sum(jp for jp, status in items if status == DONE)
    assert 0 <= plan.done_jp <= plan.planned_jp
    assert plan.target == year_target
    assert plan.remaining == max(0, year_target - plan.planned_jp)
    assert plan.reached == (plan.remaining == 0) == (plan.planned_jp >= year_target)
    assert jp_plan(list(reversed(items)), year_target) == plan


# --- plan_item_problems --------------------------------------------------------------------------------

def problems(goal="Memimpin rapat koordinasi", action="Mengikuti coaching", target_date=TODAY, jp=16):
    return plan_item_problems(goal, action, target_date, TODAY, jp)


def test_valid_item_has_no_problems():
    assert problems() == {}


def test_every_field_wrong_at_once():
    assert plan_item_problems("", " ", None, TODAY, 0) == {
        "goal": "Tujuan pengembangan wajib diisi.",
        "action": "Kegiatan pengembangan wajib diisi.",
        "target_date": "Tanggal target wajib diisi.",
        "jp": "JP harus antara 1 dan 200.",
    }


@pytest.mark.parametrize("blank", ["", " ", "   \t\n ", "\u00a0\u3000"])
def test_blank_goal_and_action_are_required(blank):
    found = problems(goal=blank, action=blank)
    assert found == {"goal": "Tujuan pengembangan wajib diisi.", "action": "Kegiatan pengembangan wajib diisi."}


def test_goal_length_boundary():
    assert "goal" not in problems(goal="g" * GOAL_MAX)
    assert problems(goal="g" * (GOAL_MAX + 1)) == {"goal": "Tujuan pengembangan paling banyak 300 karakter."}


def test_goal_length_counts_after_stripping():
    assert problems(goal="  " + "g" * GOAL_MAX + "\n") == {}


def test_action_length_boundary():
    assert "action" not in problems(action="a" * ACTION_MAX)
    assert problems(action="a" * (ACTION_MAX + 1)) == {
        "action": "Kegiatan pengembangan paling banyak 1.000 karakter."
    }


def test_action_length_counts_after_stripping():
    assert problems(action="\t" + "a" * ACTION_MAX + "   ") == {}


def test_target_date_is_required():
    assert problems(target_date=None) == {"target_date": "Tanggal target wajib diisi."}


def test_target_date_in_the_past_is_refused():
    assert problems(target_date=TODAY - timedelta(days=1)) == {
        "target_date": "Tanggal target tidak boleh sebelum hari ini."
    }
    assert "target_date" in problems(target_date=date(2020, 1, 1))


def test_target_date_today_and_later_are_allowed():
    assert problems(target_date=TODAY) == {}
    assert problems(target_date=TODAY + timedelta(days=1)) == {}
    assert problems(target_date=date(2030, 12, 31)) == {}


@pytest.mark.parametrize(("jp", "valid"), [(None, True), (1, True), (200, True), (0, False), (201, False), (-5, False)])
def test_jp_bounds(jp, valid):
    found = problems(jp=jp)
    if valid:
        assert found == {}
    else:
        assert found == {"jp": "JP harus antara 1 dan 200."}


@given(
    st.text(max_size=320),
    st.text(max_size=1020),
    st.none() | st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    st.none() | st.integers(-10, 250),
)
def test_problems_flag_exactly_the_broken_fields(goal, action, target_date, jp):
    found = plan_item_problems(goal, action, target_date, TODAY, jp)
    assert set(found) <= {"goal", "action", "target_date", "jp"}
    assert all(isinstance(message, str) and message for message in found.values())
    assert ("goal" in found) == (not goal.strip() or len(goal.strip()) > GOAL_MAX)
    assert ("action" in found) == (not action.strip() or len(action.strip()) > ACTION_MAX)
    assert ("target_date" in found) == (target_date is None or target_date < TODAY)
    assert ("jp" in found) == (jp is not None and not JP_MIN <= jp <= JP_MAX)
