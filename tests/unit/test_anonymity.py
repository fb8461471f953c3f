import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain.anonymity import (
    ANONYMOUS_GROUPS,
    NO_RESPONSES,
    OTHERS,
    TOO_FEW,
    cell_shown,
    comment_plan,
    decide_groups,
)
from portal.domain.sources import ANONYMOUS, SOURCES


def test_reason_names_the_threshold():
    assert TOO_FEW == "kurang dari %(k)s penilai, disembunyikan untuk menjaga kerahasiaan"
    assert TOO_FEW % {"k": 3} == "kurang dari 3 penilai, disembunyikan untuk menjaga kerahasiaan"
    assert NO_RESPONSES


def test_attributed_sources_are_shown_whatever_their_size():
    plan = decide_groups({"self": 1, "supervisor": 1}, 3)
    assert plan.groups == {"self": {"self"}, "supervisor": {"supervisor"}}
    assert plan.respondents == {"self": 1, "supervisor": 1}
    assert plan.suppressed == {}
    assert plan.no_responses == {"peer", "report", "public"}


def test_large_anonymous_groups_are_shown_on_their_own():
    plan = decide_groups({"self": 1, "peer": 3, "report": 5, "public": 40}, 3)
    assert list(plan.groups) == ["self", "peer", "report", "public"]
    assert plan.respondents["public"] == 40
    assert plan.no_responses == {"supervisor"}


def test_two_small_groups_merge_into_others():
    plan = decide_groups({"self": 1, "supervisor": 1, "peer": 2, "report": 2}, 3)
    assert plan.groups[OTHERS] == {"peer", "report"}
    assert plan.respondents[OTHERS] == 4
    assert "peer" not in plan.groups and "report" not in plan.groups
    assert plan.suppressed == {}
    assert plan.group_of("peer") == OTHERS
    assert plan.visible_sources == {"self", "supervisor", "peer", "report"}


def test_a_lone_small_group_is_suppressed_with_a_reason():
    plan = decide_groups({"self": 1, "supervisor": 1, "peer": 2}, 3)
    assert plan.suppressed == {"peer": TOO_FEW}
    assert OTHERS not in plan.groups
    assert plan.group_of("peer") is None
    assert plan.visible_sources == {"self", "supervisor"}
    assert plan.no_responses == {"report", "public"}


def test_small_groups_whose_sum_stays_below_k_are_each_suppressed():
    plan = decide_groups({"peer": 2, "report": 1, "public": 1}, 5)
    assert plan.suppressed == {"peer": TOO_FEW, "report": TOO_FEW, "public": TOO_FEW}
    assert plan.groups == {}


def test_others_never_pools_a_shown_group():
    # peers are shown; pooling them with the two reports would let "others - peers" reveal the reports.
    plan = decide_groups({"peer": 3, "report": 2}, 3)
    assert plan.groups == {"peer": {"peer"}}
    assert plan.suppressed == {"report": TOO_FEW}
    plan = decide_groups({"peer": 4, "report": 2, "public": 1}, 3)
    assert plan.groups == {"peer": {"peer"}, OTHERS: {"report", "public"}}
    assert plan.respondents == {"peer": 4, OTHERS: 3}


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        decide_groups({"boss": 1}, 3)
    with pytest.raises(ValueError):
        decide_groups({"peer": -1}, 3)
    with pytest.raises(ValueError):
        decide_groups({"peer": 1}, 0)


def test_comment_threshold_below_score_threshold_raises():
    with pytest.raises(ValueError):
        comment_plan({"peer": 3}, 3, 2)


def test_stricter_comment_threshold_hides_comments_of_a_group_that_shows_scores():
    counts = {"self": 1, "peer": 3, "report": 6}
    assert "peer" in decide_groups(counts, 3).groups
    plan = comment_plan(counts, 3, 4)
    assert plan.threshold == 4
    assert plan.suppressed == {"peer": TOO_FEW}
    assert plan.groups == {"self": {"self"}, "report": {"report"}}


def test_comments_of_a_source_hidden_at_k_stay_hidden_at_comment_k():
    counts = {"peer": 2, "report": 4}
    # On its own the comment threshold would pool both (6 >= 5) and surface the two peers' comments.
    assert decide_groups(counts, 5).groups == {OTHERS: {"peer", "report"}}
    plan = comment_plan(counts, 3, 5)
    assert plan.groups == {}
    assert plan.suppressed == {"peer": TOO_FEW, "report": TOO_FEW}


def test_cell_rule():
    assert cell_shown("self", 1, 3)
    assert cell_shown("supervisor", 1, 3)
    assert not cell_shown("supervisor", 0, 3)
    assert not cell_shown("peer", 2, 3)
    assert cell_shown("peer", 3, 3)
    assert not cell_shown(OTHERS, 0, 3)


counts_strategy = st.fixed_dictionaries({
    "self": st.integers(0, 1),
    "supervisor": st.integers(0, 2),
    "peer": st.integers(0, 8),
    "report": st.integers(0, 8),
    "public": st.integers(0, 8),
})


@given(counts_strategy, st.integers(1, 6), st.integers(0, 3))
def test_plans_only_show_groups_of_at_least_k(counts, k, extra):
    for plan, threshold in ((decide_groups(counts, k), k), (comment_plan(counts, k, k + extra), k + extra)):
        for group, sources in plan.groups.items():
            assert plan.respondents[group] == sum(counts[s] for s in sources)
            if group in ANONYMOUS_GROUPS:
                assert plan.respondents[group] >= threshold
        if OTHERS in plan.groups:
            assert all(counts[s] < threshold for s in plan.groups[OTHERS])
            assert len(plan.groups[OTHERS]) >= 2
        # every answered source is either shown in exactly one group or suppressed with a reason
        for source in SOURCES:
            homes = [g for g, members in plan.groups.items() if source in members]
            if counts[source] == 0:
                assert homes == [] and source in plan.no_responses and source not in plan.suppressed
            else:
                assert len(homes) + (source in plan.suppressed) == 1
                assert source in ANONYMOUS or homes == [source]


@given(counts_strategy, st.integers(1, 6), st.integers(0, 3))
def test_comments_never_show_more_sources_than_scores(counts, k, extra):
    scores = decide_groups(counts, k)
    comments = comment_plan(counts, k, k + extra)
    assert comments.visible_sources <= scores.visible_sources
    assert set(scores.suppressed) <= set(comments.suppressed)
