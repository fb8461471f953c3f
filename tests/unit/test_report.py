import json
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.anonymity import ANONYMOUS_GROUPS, NO_RESPONSES, TOO_FEW, comment_plan, decide_groups
from portal.domain.report import (
    AGREED_STRENGTH,
    BLIND_SPOT,
    DEVELOPMENT_AREA,
    GROUP_LABELS,
    HIDDEN_STRENGTH,
    HIGH,
    QUADRANT_LABELS,
    QUADRANTS,
    Comment,
    CompetencyInfo,
    IndicatorScore,
    IndicatorTotal,
    RaterScore,
    RatingTotal,
    ReportInput,
    Suppressed,
    all_others_scores,
    build_report,
    report_from_dict,
    report_to_dict,
    round2,
    unit_average,
)
from portal.domain.sources import ANONYMOUS, SOURCES

BA1 = CompetencyInfo("BA.1", "Berorientasi Pelayanan", ((1, "memahami kebutuhan"), (2, "ramah"), (3, "perbaikan")))
BA2 = CompetencyInfo("BA.2", "Akuntabel", ((4, "jujur"), (5, "efisien")))
FRAMEWORK = (BA1, BA2)


def make_input(answers, comments=(), framework=FRAMEWORK, respondents=None, k=3, comment_k=None):
    """``answers`` maps (source, response) to {indicator: score or None}; ratings are derived from them."""
    competency_of = {ind: c.code for c in framework for ind, _ in c.indicators}
    ratings, items = [], []
    for (source, response), scores in answers.items():
        per_competency = {}
        for indicator, score in scores.items():
            code = competency_of[indicator]
            items.append(IndicatorScore(source, response, indicator, code, score))
            per_competency.setdefault(code, []).append(score)
        for code, values in per_competency.items():
            given_scores = [v for v in values if v is not None]
            ratings.append(RaterScore(source, response, code, len(given_scores), sum(given_scores)))
    if respondents is None:
        respondents = {}
        for source, _ in answers:
            respondents[source] = respondents.get(source, 0) + 1
    return ReportInput(framework, tuple(ratings), tuple(items), tuple(comments), respondents, k,
                       k if comment_k is None else comment_k)


def row(report, code):
    return next(r for r in report.competencies if r.code == code)


def indicator(report, code, ind):
    return next(i for i in row(report, code).indicators if i.id == ind)


def everyone(score, peers=3, indicators=(1, 2, 3, 4, 5)):
    answers = {("self", "s"): dict.fromkeys(indicators, score), ("supervisor", "b"): dict.fromkeys(indicators, score)}
    for i in range(peers):
        answers[("peer", f"p{i}")] = dict.fromkeys(indicators, score)
    return answers


# --- arithmetic ----------------------------------------------------------------------------------------

def test_rounding_is_exact_half_up():
    assert round2(Fraction(11, 3)) == Decimal("3.67")
    assert str(round2(Fraction(11, 3))) == "3.67"
    assert str(round2(Fraction(25, 8))) == "3.13"
    assert str(round2(Fraction(-25, 8))) == "-3.13"
    assert str(round2(Fraction(4))) == "4.00"
    assert str(round2(Fraction(-1, 1000))) == "0.00"


def test_not_applicable_is_left_out_of_averages():
    report = build_report(make_input({("self", "s"): {1: 4, 2: None, 3: 5, 4: None, 5: None}}))
    assert row(report, "BA.1").scores["self"] == Decimal("4.50")
    assert indicator(report, "BA.1", 2).scores["self"] is None
    assert indicator(report, "BA.1", 3).scores["self"] == Decimal("5.00")
    assert row(report, "BA.2").scores["self"] is None  # nothing scored on BA.2


def test_rater_counts_only_when_scoring_at_least_half_the_indicators():
    report = build_report(make_input({
        ("supervisor", "b"): {1: 5, 2: None, 3: None, 4: 2, 5: None},
    }))
    assert row(report, "BA.1").scores["supervisor"] is None  # 1 of 3 indicators
    assert indicator(report, "BA.1", 1).scores["supervisor"] == Decimal("5.00")  # the item itself still shows
    assert row(report, "BA.2").scores["supervisor"] == Decimal("2.00")  # 1 of 2 is half
    report = build_report(make_input({("supervisor", "b"): {1: 5, 2: 4, 3: None}}))
    assert row(report, "BA.1").scores["supervisor"] == Decimal("4.50")  # 2 of 3


def test_group_score_is_the_mean_of_rater_means():
    report = build_report(make_input({
        ("peer", "p1"): {1: 5, 2: 5, 3: None},
        ("peer", "p2"): {1: 1, 2: 1, 3: 1},
        ("peer", "p3"): {1: 3, 2: 3, 3: 3},
    }))
    # pooling the eight item scores would give 2.75
    assert row(report, "BA.1").scores["peer"] == Decimal("3.00")
    assert indicator(report, "BA.1", 1).scores["peer"] == Decimal("3.00")


def test_figure_with_too_few_raters_in_a_shown_group_is_withheld():
    report = build_report(make_input({
        ("supervisor", "b"): {1: 2, 2: 2, 3: 2},
        ("peer", "p1"): {1: 5, 2: 5, 3: 5},
        ("peer", "p2"): {1: 5, 2: 5, 3: 5},
        ("peer", "p3"): {1: 5, 2: 5, 3: None},
    }))
    item = indicator(report, "BA.1", 3)
    assert item.scores["peer"] is None
    assert item.withheld == {"peer": TOO_FEW}
    assert item.all_others == Decimal("2.00")  # the two peers' scores stay out of the pooled figure
    assert indicator(report, "BA.1", 1).scores["peer"] == Decimal("5.00")
    assert row(report, "BA.1").scores["peer"] == Decimal("5.00")
    assert row(report, "BA.1").withheld == {}
    # nobody rated BA.2: the peer figure is withheld, the supervisor's simply absent
    assert row(report, "BA.2").scores == {"supervisor": None, "peer": None}
    assert row(report, "BA.2").withheld == {"peer": TOO_FEW}


def test_all_others_pools_raters_not_group_means():
    answers = everyone(2, peers=3, indicators=(1, 2, 3))
    answers[("supervisor", "b")] = {1: 5, 2: 5, 3: 5}
    report = build_report(make_input(answers))
    assert row(report, "BA.1").all_others == Decimal("2.75")  # (5 + 2 + 2 + 2) / 4, not (5 + 2) / 2
    assert row(report, "BA.1").gap == Decimal("-0.75")
    assert all_others_scores(make_input(answers))["BA.1"] == Fraction(11, 4)


def test_suppressed_group_stays_out_of_all_others():
    answers = {("self", "s"): {1: 4, 2: 4, 3: 4}, ("supervisor", "b"): {1: 3, 2: 3, 3: 3},
               ("peer", "p1"): {1: 1, 2: 1, 3: 1}, ("peer", "p2"): {1: 1, 2: 1, 3: 1}}
    report = build_report(make_input(answers))
    assert report.suppressed[0] == Suppressed("peer", TOO_FEW, 3)
    assert "peer" not in row(report, "BA.1").scores
    assert row(report, "BA.1").all_others == Decimal("3.00")
    assert [g.group for g in report.groups] == ["self", "supervisor"]


def test_small_groups_merge_into_others_in_the_report():
    answers = {("peer", "p1"): {1: 4, 2: 4, 3: 4}, ("peer", "p2"): {1: 2, 2: 2, 3: 2},
               ("report", "r1"): {1: 3, 2: 3, 3: 3}, ("report", "r2"): {1: 5, 2: 5, 3: 5}}
    report = build_report(make_input(answers))
    assert [(g.group, g.respondents) for g in report.groups] == [("others", 4)]
    assert row(report, "BA.1").scores == {"others": Decimal("3.50")}
    assert row(report, "BA.1").all_others == Decimal("3.50")


def test_suppressed_and_unanswered_sources_are_listed_with_reasons():
    report = build_report(make_input({("self", "s"): {1: 4}, ("peer", "p1"): {1: 4}}))
    assert report.suppressed == (
        Suppressed("supervisor", NO_RESPONSES, 3),
        Suppressed("peer", TOO_FEW, 3),
        Suppressed("report", NO_RESPONSES, 3),
        Suppressed("public", NO_RESPONSES, 3),
    )


def test_quadrants_need_both_scores_and_use_the_stated_threshold():
    framework = tuple(CompetencyInfo(f"C{i}", f"Kompetensi {i}", ((i, "butir"),)) for i in range(1, 6))
    self_scores = {1: 4, 2: 3, 3: 4, 4: 2, 5: 5}
    other_scores = {1: 4, 2: 4, 3: 3, 4: 2, 5: None}
    answers = {("self", "s"): self_scores, ("supervisor", "b"): other_scores}
    report = build_report(make_input(answers, framework=framework))
    assert [r.quadrant for r in report.competencies] == [
        AGREED_STRENGTH, HIDDEN_STRENGTH, BLIND_SPOT, DEVELOPMENT_AREA, None]
    assert [r.gap for r in report.competencies] == [
        Decimal("0.00"), Decimal("-1.00"), Decimal("1.00"), Decimal("0.00"), None]
    assert HIGH == Decimal("3.5") and report.high == HIGH
    assert set(QUADRANT_LABELS) == set(QUADRANTS)


def test_a_score_of_exactly_high_counts_as_high():
    framework = (CompetencyInfo("C1", "Kompetensi", ((1, "a"), (2, "b"))),)
    answers = {("self", "s"): {1: 3, 2: 4}, ("supervisor", "b"): {1: 4, 2: 3}}
    report = build_report(make_input(answers, framework=framework))
    assert report.competencies[0].all_others == Decimal("3.50")
    assert report.competencies[0].quadrant == AGREED_STRENGTH


def one_rater_framework(others, self_score=3):
    """One single-indicator competency per entry of ``others`` (the supervisor's scores)."""
    framework = tuple(CompetencyInfo(f"V{i}", f"Nilai {i}", ((i, "butir"),)) for i in range(1, len(others) + 1))
    answers = {("self", "s"): dict.fromkeys(range(1, len(others) + 1), self_score),
               ("supervisor", "b"): {i: s for i, s in enumerate(others, start=1)}}
    return make_input(answers, framework=framework)


def test_strengths_and_development_areas_rank_all_others_with_framework_order_breaking_ties():
    report = build_report(one_rater_framework([3, 5, 1, 5, 2, 4, 1]))
    assert report.strengths == ("V2", "V4", "V6")
    assert report.development_areas == ("V3", "V7", "V5")


def test_a_competency_is_never_both_strength_and_development_area():
    report = build_report(one_rater_framework([3] * 7))
    assert report.strengths == ("V1", "V2", "V3")
    assert report.development_areas == ("V4", "V5", "V6")


def test_fewer_than_three_when_few_competencies_are_scored():
    report = build_report(one_rater_framework([5, 1, 4, 2]))
    assert report.strengths == ("V1", "V3")
    assert report.development_areas == ("V2", "V4")
    report = build_report(one_rater_framework([5, None, None]))
    assert report.strengths == () and report.development_areas == ()


def test_summary_lists_respondents_and_overall_scores():
    answers = everyone(4, peers=3, indicators=(1, 2, 3))
    answers[("supervisor", "b")] = {1: 4, 2: 4, 3: 4, 4: 2, 5: 2}
    answers[("peer", "p0")] = {1: 4, 2: 4, 3: 4, 4: 5, 5: 5}  # the only peer on BA.2: withheld
    report = build_report(make_input(answers))
    summary = {g.group: (g.respondents, g.overall) for g in report.groups}
    assert summary == {"self": (1, Decimal("4.00")), "supervisor": (1, Decimal("3.00")),
                       "peer": (3, Decimal("4.00"))}
    assert row(report, "BA.2").all_others == Decimal("2.00")
    assert report.overall_all_others == Decimal("3.00")


# --- comments ------------------------------------------------------------------------------------------

def three_peers(**extra):
    answers = everyone(4, peers=3)
    answers.update(extra)
    return answers


def test_comments_are_ordered_by_competency_kind_and_text_not_submission():
    comments = [
        Comment("peer", None, "to_develop", "Perlu lebih tepat waktu"),
        Comment("supervisor", "BA.2", "competency", "jujur"),
        Comment("peer", "BA.1", "competency", "ramah sekali"),
        Comment("self", "BA.1", "competency", "Aku berusaha"),
        Comment("peer", None, "strengths", "cekatan"),
        Comment("peer", "BA.1", "competency", "  "),
    ]
    report = build_report(make_input(three_peers(), comments))
    assert [(c.group, c.competency, c.kind, c.text) for c in report.comments] == [
        ("self", "BA.1", "competency", "Aku berusaha"),
        ("peer", "BA.1", "competency", "ramah sekali"),
        ("supervisor", "BA.2", "competency", "jujur"),
        ("peer", None, "strengths", "cekatan"),
        ("peer", None, "to_develop", "Perlu lebih tepat waktu"),
    ]
    assert report.comments_suppressed == ()


def test_comments_of_a_suppressed_group_are_dropped():
    answers = {("self", "s"): {1: 4}, ("peer", "p1"): {1: 4}, ("peer", "p2"): {1: 2}}
    report = build_report(make_input(answers, [Comment("peer", None, "strengths", "rajin"),
                                               Comment("self", None, "strengths", "tekun")]))
    assert [c.text for c in report.comments] == ["tekun"]
    assert Suppressed("peer", TOO_FEW, 3) in report.comments_suppressed


def test_stricter_comment_threshold_hides_comments_of_a_group_that_shows_scores():
    inp = make_input(three_peers(), [Comment("peer", "BA.1", "competency", "ramah")], comment_k=4)
    report = build_report(inp)
    assert row(report, "BA.1").scores["peer"] == Decimal("4.00")
    assert report.comments == ()
    assert report.comments_suppressed == (Suppressed("peer", TOO_FEW, 4),)


def test_comment_threshold_below_score_threshold_raises():
    with pytest.raises(ValueError):
        make_input(three_peers(), k=3, comment_k=2)


def test_comments_of_pooled_groups_show_only_the_pooled_name():
    answers = {("peer", "p1"): {1: 4}, ("peer", "p2"): {1: 4}, ("report", "r1"): {1: 4}}
    comments = [Comment("report", None, "strengths", "sabar"), Comment("peer", None, "strengths", "disiplin")]
    report = build_report(make_input(answers, comments))
    assert [(c.group, c.text) for c in report.comments] == [("others", "disiplin"), ("others", "sabar")]


# --- plain data ----------------------------------------------------------------------------------------

def test_plain_data_is_json_safe_round_trips_and_holds_no_response_keys():
    answers = {("self", "SELF-KEY"): {1: 4, 2: 3, 3: None, 4: 5, 5: 5}, ("supervisor", "BOSS-KEY"): {1: 2, 2: 3, 3: 3}}
    for i in range(3):
        answers[("peer", f"PEER-KEY-{i}")] = {1: 3, 2: 4, 3: 4, 4: 2, 5: None}
    report = build_report(make_input(answers, [Comment("peer", "BA.2", "competency", "teliti")]))
    data = report_to_dict(report)
    text = json.dumps(data)
    assert "KEY" not in text
    assert data["competencies"][0]["scores"]["peer"] == "3.67"
    assert data["competencies"][1]["scores"]["peer"] == "2.00"
    assert data["high"] == "3.50"
    assert report_from_dict(json.loads(text)) == report


def test_unknown_format_version_is_refused():
    data = report_to_dict(build_report(make_input(three_peers())))
    data["version"] = 99
    with pytest.raises(ValueError):
        report_from_dict(data)


def test_labels_cover_every_display_group():
    assert set(GROUP_LABELS) == {"self", "supervisor", "peer", "report", "public", "others", "all_others"}


# --- unit average --------------------------------------------------------------------------------------

def test_unit_average_needs_k_subjects_per_competency():
    subjects = [
        {"BA.1": Fraction(4), "BA.2": None},
        {"BA.1": Fraction(3), "BA.2": Fraction(5)},
        {"BA.1": Fraction(7, 2), "BA.2": Fraction(5)},
    ]
    assert unit_average(subjects, 3) == {"BA.1": Decimal("3.50"), "BA.2": None}
    assert unit_average(subjects, 2) == {"BA.1": Decimal("3.50"), "BA.2": Decimal("5.00")}
    assert unit_average([], 3) == {}


def test_unit_average_takes_exact_all_others_scores():
    inp = make_input(three_peers())
    assert unit_average([all_others_scores(inp)] * 3, 3) == {"BA.1": Decimal("4.00"), "BA.2": Decimal("4.00")}


# --- validation ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("change", [
    {"ratings": (RaterScore("peer", "x", "XX.9", 1, 3),)},
    {"ratings": (RaterScore("peer", "x", "BA.1", 4, 12),)},
    {"ratings": (RaterScore("peer", "x", "BA.1", 2, 11),)},
    {"ratings": (RaterScore("peer", "x", "BA.1", 1, 3), RaterScore("peer", "x", "BA.1", 1, 4))},
    {"ratings": (RaterScore("boss", "x", "BA.1", 1, 3),)},
    {"items": (IndicatorScore("peer", "x", 4, "BA.1", 3),)},
    {"items": (IndicatorScore("peer", "x", 1, "BA.1", 6),)},
    {"items": (IndicatorScore("peer", "x", 1, "BA.1", 3), IndicatorScore("peer", "x", 1, "BA.1", 2))},
    {"items": (IndicatorTotal("peer", 1, "BA.1", 2, 11),)},
    {"items": (IndicatorTotal("peer", 1, "BA.1", 2, 1),)},
    {"items": (IndicatorTotal("peer", 1, "BA.1", 1, 3), IndicatorTotal("peer", 1, "BA.1", 1, 4))},
    {"items": (IndicatorTotal("peer", 4, "BA.1", 1, 3),)},
    {"ratings": (RatingTotal("peer", "BA.1", 2, 0, 0),)},
    {"ratings": (RatingTotal("peer", "BA.1", 2, 2, 21),)},
    {"ratings": (RatingTotal("peer", "BA.1", 4, 1, 12),)},
    {"ratings": (RatingTotal("peer", "BA.1", 2, 1, 6), RatingTotal("peer", "BA.1", 2, 1, 7))},
    {"comments": (Comment("peer", None, "gossip", "..."),)},
    {"comments": (Comment("peer", "XX.9", "competency", "..."),)},
])
def test_impossible_input_is_refused(change):
    with pytest.raises(ValueError):
        build_report(replace(make_input(three_peers()), **change))


# --- properties ----------------------------------------------------------------------------------------

ANSWER = st.one_of(st.just("-"), st.none(), st.integers(1, 5))  # "-": not answered at all
TEXTS = st.text(alphabet="aAbB ", max_size=4)


@st.composite
def frameworks(draw):
    competencies, next_id = [], 1
    for i in range(draw(st.integers(1, 4))):
        size = draw(st.integers(1, 3))
        indicators = tuple((next_id + j, f"butir {next_id + j}") for j in range(size))
        competencies.append(CompetencyInfo(f"K{i}", f"Kompetensi {i}", indicators))
        next_id += size
    return tuple(competencies)


@st.composite
def comments_of(draw, framework, source):
    comments = []
    for _ in range(draw(st.integers(0, 3))):
        competency = draw(st.sampled_from([None] + [c.code for c in framework]))
        kind = "competency" if competency else draw(st.sampled_from(["strengths", "to_develop"]))
        comments.append(Comment(source, competency, kind, draw(TEXTS)))
    return comments


@st.composite
def answers_of(draw, framework, source, count):
    """Ratings, item scores and comments of every response of one source."""
    ratings, items = [], []
    for n in range(count):
        response = f"{source}-{n}"
        for competency in framework:
            scored = []
            for indicator, _ in competency.indicators:
                answer = draw(ANSWER)
                if answer != "-":
                    items.append(IndicatorScore(source, response, indicator, competency.code, answer))
                    scored.append(answer)
            if scored:
                given_scores = [s for s in scored if s is not None]
                ratings.append(RaterScore(source, response, competency.code, len(given_scores), sum(given_scores)))
    return ratings, items, draw(comments_of(framework, source))


COUNT_LIMITS = {"self": 1, "supervisor": 2, "peer": 7, "report": 7, "public": 7}


@st.composite
def scenarios(draw):
    framework = draw(frameworks())
    counts = {s: draw(st.integers(0, COUNT_LIMITS[s])) for s in SOURCES}
    per_source = {s: draw(answers_of(framework, s, counts[s])) for s in SOURCES}
    k = draw(st.integers(2, 6))
    comment_k = draw(st.integers(k, k + 2))
    return framework, counts, per_source, k, comment_k


def assemble(framework, counts, per_source, k, comment_k):
    ratings, items, comments = [], [], []
    for source in SOURCES:
        r, i, c = per_source[source]
        ratings += r
        items += i
        comments += c
    return ReportInput(framework, tuple(ratings), tuple(items), tuple(comments), counts, k, comment_k)


@settings(deadline=None)
@given(st.data())
def test_suppressed_sources_cannot_change_the_report(data):
    framework, counts, per_source, k, comment_k = data.draw(scenarios())
    before = report_to_dict(build_report(assemble(framework, counts, per_source, k, comment_k)))
    changed = dict(per_source)
    for source in decide_groups(counts, k).suppressed:
        changed[source] = data.draw(answers_of(framework, source, counts[source]))
    for source in comment_plan(counts, k, comment_k).suppressed:
        ratings, items, _ = changed[source]
        changed[source] = (ratings, items, data.draw(comments_of(framework, source)))
    assert report_to_dict(build_report(assemble(framework, counts, changed, k, comment_k))) == before


@settings(deadline=None)
@given(st.data())
def test_withheld_figures_do_not_depend_on_their_raters(data):
    inp = assemble(*data.draw(scenarios()))
    report = build_report(inp)
    plan = decide_groups(inp.respondents, inp.k)
    hidden_competencies = {(r.code, g) for r in report.competencies for g in r.withheld}
    hidden_items = {(i.id, g) for r in report.competencies for i in r.indicators for g in i.withheld}
    ratings = tuple(
        replace(r, total=data.draw(st.integers(r.rated, 5 * r.rated)))
        if (r.competency, plan.group_of(r.source)) in hidden_competencies else r
        for r in inp.ratings)
    items = tuple(
        replace(i, score=data.draw(st.integers(1, 5)))
        if (i.indicator, plan.group_of(i.source)) in hidden_items and i.score is not None else i
        for i in inp.items)
    assert report_to_dict(build_report(replace(inp, ratings=ratings, items=items))) == report_to_dict(report)


@settings(deadline=None)
@given(scenarios())
def test_every_shown_anonymous_group_has_at_least_k_respondents(scenario):
    framework, counts, per_source, k, comment_k = scenario
    inp = assemble(*scenario)
    data = report_to_dict(build_report(inp))
    plan = decide_groups(counts, k)
    sizes_of = {c.code: len(c.indicators) for c in framework}
    raters, scorers = Counter(), Counter()
    for r in inp.ratings:
        if r.rated and 2 * r.rated >= sizes_of[r.competency]:
            raters[r.competency, plan.group_of(r.source)] += 1
    for i in inp.items:
        if i.score is not None:
            scorers[i.indicator, plan.group_of(i.source)] += 1
    sizes = {g["group"]: g["respondents"] for g in data["groups"]}
    assert list(sizes) == list(plan.groups)
    for group, size in sizes.items():
        assert size == sum(counts[s] for s in plan.groups[group])
        if group in ANONYMOUS_GROUPS:
            assert size >= k
    for competency in data["competencies"]:
        for figures in [competency] + competency["indicators"]:
            assert set(figures["scores"]) == set(sizes)
            assert set(figures["withheld"]) <= set(sizes) & set(ANONYMOUS_GROUPS)
        # a shown anonymous figure rests on at least k raters of its own
        for group in set(sizes) & set(ANONYMOUS_GROUPS):
            if competency["scores"][group] is not None:
                assert raters[competency["code"], group] >= k
            for item in competency["indicators"]:
                if item["scores"][group] is not None:
                    assert scorers[item["id"], group] >= k
    cplan = comment_plan(counts, k, comment_k)
    for comment in data["comments"]:
        assert comment["group"] in cplan.groups
        if comment["group"] in ANONYMOUS_GROUPS:
            assert cplan.respondents[comment["group"]] >= comment_k
    hidden = {s["source"] for s in data["suppressed"] if s["reason"] == TOO_FEW}
    assert all(0 < counts[s] < k and s in ANONYMOUS for s in hidden)


@settings(deadline=None)
@given(scenarios())
def test_plain_data_round_trips(scenario):
    report = build_report(assemble(*scenario))
    data = report_to_dict(report)
    assert report_from_dict(data) == report
    assert report_from_dict(json.loads(json.dumps(data))) == report


@settings(deadline=None)
@given(st.data())
def test_input_order_and_response_keys_never_show(data):
    inp = assemble(*data.draw(scenarios()))
    keys = sorted({r.response for r in inp.ratings} | {i.response for i in inp.items})
    renamed = dict(zip(keys, data.draw(st.permutations(keys))))
    shuffled = replace(
        inp,
        ratings=tuple(replace(r, response=renamed[r.response]) for r in data.draw(st.permutations(inp.ratings))),
        items=tuple(replace(i, response=renamed[i.response]) for i in data.draw(st.permutations(inp.items))),
        comments=tuple(data.draw(st.permutations(inp.comments))),
        respondents=dict(reversed(list(inp.respondents.items()))),
    )
    assert report_to_dict(build_report(shuffled)) == report_to_dict(build_report(inp))


def _summed(items):
    """The per-answer scores as the database sums them: one row per source and indicator."""
    sums = {}
    for item in items:
        count, total = sums.get((item.source, item.indicator, item.competency), (0, 0))
        if item.score is not None:
            count, total = count + 1, total + item.score
        sums[(item.source, item.indicator, item.competency)] = (count, total)
    return tuple(IndicatorTotal(s, ind, code, count, total) for (s, ind, code), (count, total) in sums.items())


def _rating_totals(ratings):
    """Per-response competency ratings as the database sums them: per source, competency and indicators rated."""
    sums = {}
    for r in ratings:
        raters, total = sums.get((r.source, r.competency, r.rated), (0, 0))
        sums[(r.source, r.competency, r.rated)] = (raters + 1, total + r.total)
    return tuple(RatingTotal(s, code, rated, raters, total) for (s, code, rated), (raters, total) in sums.items())


@settings(deadline=None)
@given(scenarios())
def test_totals_summed_in_sql_give_the_same_report(scenario):
    inp = assemble(*scenario)
    summed = replace(inp, items=_summed(inp.items), ratings=_rating_totals(inp.ratings))
    assert report_to_dict(build_report(summed)) == report_to_dict(build_report(inp))
