"""One employee's 360° development report, built from already aggregated answers.

The database layer hands over a :class:`ReportInput`; :func:`build_report` turns it into a frozen
:class:`Report`, and :func:`report_to_dict` into the plain data that the JSON export and the released
snapshot store (:func:`report_from_dict` rebuilds it). What may be shown is decided by
:mod:`portal.domain.anonymity` only; a hidden source or figure never reaches any output value.

Method, stated so the report can explain it:

- a rater counts towards a competency when they scored at least half of its indicators ("Tidak dapat
  menilai" excluded); their competency score is the mean of the indicators they scored, and a group's
  score is the mean of its counted raters' scores;
- an indicator's score is the mean of the scores given to it, "Tidak dapat menilai" left out;
- "all others" pools every shown rater except the employee: the supervisor and the raters behind each
  shown anonymous figure;
- scores are exact fractions until output, then rounded half up to two decimals.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import lcm
from typing import Any

from portal.domain.anonymity import (
    DISPLAY_GROUPS,
    NO_RESPONSES,
    OTHERS,
    TOO_FEW,
    GroupPlan,
    cell_shown,
    comment_plan,
    decide_groups,
)
from portal.domain.sources import DIRECT_REPORT, PEER, PUBLIC, SELF, SOURCES, SUPERVISOR
from portal.domain.text import N_

FORMAT_VERSION = 1

HIGH = Decimal("3.50")  # a score at or above HIGH counts as "high" for the quadrants
AGREED_STRENGTH = "agreed_strength"  # self high, others high
HIDDEN_STRENGTH = "hidden_strength"  # others high, self not
BLIND_SPOT = "blind_spot"  # self high, others not
DEVELOPMENT_AREA = "development_area"  # neither high
QUADRANTS = (AGREED_STRENGTH, HIDDEN_STRENGTH, BLIND_SPOT, DEVELOPMENT_AREA)
TOP = 3  # strengths and development areas listed in the summary

KINDS = ("competency", "strengths", "to_develop")

ALL_OTHERS = "all_others"
GROUP_LABELS = {
    SELF: N_("Diri sendiri"),
    SUPERVISOR: N_("Atasan"),
    PEER: N_("Rekan kerja"),
    DIRECT_REPORT: N_("Bawahan langsung"),
    PUBLIC: N_("Masyarakat"),
    OTHERS: N_("Penilai lain (gabungan)"),
    ALL_OTHERS: N_("Semua penilai selain diri sendiri"),
}
QUADRANT_LABELS = {
    AGREED_STRENGTH: N_("Kekuatan yang disepakati"),
    HIDDEN_STRENGTH: N_("Kekuatan tersembunyi"),
    BLIND_SPOT: N_("Titik buta"),
    DEVELOPMENT_AREA: N_("Area pengembangan"),
}
# Formatted by the web layer with ``{"high": HIGH}``.
HIGH_RULE = N_(
    "Skor %(high)s ke atas dihitung tinggi. Kuadran diisi hanya bila skor diri sendiri dan skor semua "
    "penilai lain tersedia."
)
METHOD_NOTE = N_(
    "Seorang penilai dihitung pada suatu kompetensi bila ia menilai sedikitnya separuh indikatornya; "
    "jawaban \"Tidak dapat menilai\" tidak ikut dirata-rata."
)


# --- input ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RaterScore:
    """One response's answers on one competency."""

    source: str
    response: str  # opaque key, used only to count distinct respondents; never output
    competency: str
    rated: int  # indicators of this competency the rater scored ("Tidak dapat menilai" excluded)
    total: int  # sum of those scores


@dataclass(frozen=True)
class RatingTotal:
    """The raters of one source who scored ``rated`` indicators of a competency, counted and summed in SQL:
    ``raters`` responses whose totals add up to ``total``. Equivalent to their :class:`RaterScore` rows,
    since raters with the same ``rated`` share the denominator of their means."""

    source: str
    competency: str
    rated: int
    raters: int
    total: int


@dataclass(frozen=True)
class IndicatorScore:
    """One response's score on one indicator (None = "Tidak dapat menilai")."""

    source: str
    response: str
    indicator: int
    competency: str
    score: int | None


@dataclass(frozen=True)
class IndicatorTotal:
    """The scores one source gave one indicator, counted and summed in SQL ("Tidak dapat menilai" left out).

    Equivalent to that source's :class:`IndicatorScore` rows; the database layer sends these so that closing
    a cycle reads one row per source and indicator instead of one per answer."""

    source: str
    indicator: int
    competency: str
    count: int
    total: int


@dataclass(frozen=True)
class Comment:
    """A competency comment (``competency`` set) or an open answer (``competency`` None)."""

    source: str
    competency: str | None
    kind: str
    text: str


@dataclass(frozen=True)
class CompetencyInfo:
    code: str
    name: str
    indicators: tuple[tuple[int, str], ...]  # (indicator id, text) in order


@dataclass(frozen=True)
class ReportInput:
    competencies: tuple[CompetencyInfo, ...]  # in framework order
    ratings: tuple[RaterScore | RatingTotal, ...]
    items: tuple[IndicatorScore | IndicatorTotal, ...]
    comments: tuple[Comment, ...]
    respondents: Mapping[str, int]  # source -> number of submitted responses
    k: int = 3  # minimum group size for scores
    comment_k: int = 3  # minimum group size for comments, never below k

    def __post_init__(self) -> None:
        if self.k < 1:
            raise ValueError("k must be at least 1")
        if self.comment_k < self.k:
            raise ValueError("comment_k cannot be below k")


# --- output --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorRow:
    id: int
    text: str
    scores: dict[str, Decimal | None]  # display group -> score (None: no data or withheld)
    withheld: dict[str, str]  # display group -> reason its figure is hidden (takes ``k``)
    all_others: Decimal | None


@dataclass(frozen=True)
class CompetencyRow:
    code: str
    name: str
    scores: dict[str, Decimal | None]
    withheld: dict[str, str]
    all_others: Decimal | None
    gap: Decimal | None  # self - all others
    quadrant: str | None  # one of QUADRANTS, when both self and all others are known
    indicators: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class GroupSummary:
    group: str
    respondents: int
    overall: Decimal | None  # mean of the group's shown competency scores


@dataclass(frozen=True)
class ShownComment:
    group: str  # display group at the comment threshold
    competency: str | None
    kind: str
    text: str


@dataclass(frozen=True)
class Suppressed:
    source: str
    reason: str  # message id; format with {"k": threshold}
    threshold: int


@dataclass(frozen=True)
class Report:
    k: int
    comment_k: int
    high: Decimal
    groups: tuple[GroupSummary, ...]  # shown display groups, in display order
    overall_all_others: Decimal | None
    competencies: tuple[CompetencyRow, ...]  # framework order
    strengths: tuple[str, ...]  # competency codes, strongest first
    development_areas: tuple[str, ...]  # competency codes, weakest first
    comments: tuple[ShownComment, ...]
    suppressed: tuple[Suppressed, ...]  # sources whose scores are hidden or that nobody answered for
    comments_suppressed: tuple[Suppressed, ...]  # sources whose comments are hidden


# --- arithmetic ----------------------------------------------------------------------------------------

def _round_ratio(numerator: int, denominator: int) -> Decimal:
    """numerator/denominator (denominator > 0) rounded half away from zero to two decimals, in integers."""
    hundredths = (abs(numerator) * 200 + denominator) // (2 * denominator)  # floor(|v| * 100 + 1/2)
    return Decimal(-hundredths if numerator < 0 else hundredths).scaleb(-2)


def round2(value: Fraction) -> Decimal:
    """Round half away from zero to two decimals, exactly (integer arithmetic: this runs for every figure)."""
    if not isinstance(value, Fraction):
        value = Fraction(value)
    return _round_ratio(value.numerator, value.denominator)


def _round(value: Fraction | None) -> Decimal | None:
    return None if value is None else round2(value)


def _mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


# --- building ------------------------------------------------------------------------------------------

class _Sum:
    """Exact running sum of values n/d kept as integers per denominator (a Fraction per value is too slow
    when a cycle of thousands closes); ``count`` is how many values were added."""

    __slots__ = ("count", "parts")

    def __init__(self) -> None:
        self.count = 0
        self.parts: dict[int, int] = {}

    def add(self, count: int, numerator: int, denominator: int = 1) -> None:
        self.count += count
        self.parts[denominator] = self.parts.get(denominator, 0) + numerator


def _ratio(parts: Mapping[int, int], count: int) -> tuple[int, int]:
    """The mean of the values summed in ``parts`` as (numerator, denominator), in integers."""
    if len(parts) == 1:  # the common case: one denominator (always 1 for indicators)
        ((d, n),) = parts.items()
        return n, d * count
    denominator = 1
    for d in parts:
        denominator = lcm(denominator, d)
    return sum(n * (denominator // d) for d, n in parts.items()), denominator * count


class _Cell:
    """One figure before output: how many values contribute, their exact sum, and whether it may be shown."""

    __slots__ = ("count", "parts", "shown", "_mean")

    def __init__(self, count: int, parts: Mapping[int, int], shown: bool) -> None:
        self.count, self.parts, self.shown = count, parts, shown
        self._mean: Fraction | None | bool = False  # False: not computed yet

    @property
    def mean(self) -> Fraction | None:
        if self._mean is False:
            self._mean = Fraction(*_ratio(self.parts, self.count)) if self.shown and self.count else None
        return self._mean

    @property
    def rounded(self) -> Decimal | None:
        """The shown mean rounded for output, without building a Fraction (indicator figures need no more)."""
        return _round_ratio(*_ratio(self.parts, self.count)) if self.shown and self.count else None


_EMPTY = _Sum()


def _cells(plan: GroupPlan, sums: Mapping[str, _Sum], k: int) -> dict[str, _Cell]:
    """Per shown display group: the cell. Sums are exact, so input order cannot change a result."""
    cells = {}
    for group in plan.groups:
        total = sums.get(group, _EMPTY)
        cells[group] = _Cell(total.count, total.parts, cell_shown(group, total.count, k))
    return cells


def _pooled(cells: Mapping[str, _Cell]) -> _Sum:
    # Only raters behind a shown figure: a hidden figure's raters would otherwise be recoverable by
    # subtracting the shown groups from the pooled score.
    pooled = _Sum()
    for group, cell in cells.items():
        if group != SELF and cell.shown:
            pooled.count += cell.count
            for d, n in cell.parts.items():
                pooled.parts[d] = pooled.parts.get(d, 0) + n
    return pooled


def _all_others(cells: Mapping[str, _Cell]) -> Fraction | None:
    pooled = _pooled(cells)
    return Fraction(*_ratio(pooled.parts, pooled.count)) if pooled.count else None


def _all_others_rounded(cells: Mapping[str, _Cell]) -> Decimal | None:
    pooled = _pooled(cells)
    return _round_ratio(*_ratio(pooled.parts, pooled.count)) if pooled.count else None


def _withheld(cells: Mapping[str, _Cell]) -> dict[str, str]:
    return {group: TOO_FEW for group, cell in cells.items() if not cell.shown and group != SELF
            and group != SUPERVISOR}


def _quadrant(self_score: Decimal | None, others: Decimal | None) -> str | None:
    if self_score is None or others is None:
        return None
    # Classified on the rounded figures so the label never contradicts the numbers printed beside it.
    self_high, others_high = self_score >= HIGH, others >= HIGH
    if self_high and others_high:
        return AGREED_STRENGTH
    if others_high:
        return HIDDEN_STRENGTH
    if self_high:
        return BLIND_SPOT
    return DEVELOPMENT_AREA


def _validate(inp: ReportInput, index: Mapping[str, int], indicator_of: Mapping[int, str]) -> None:
    sizes = {c.code: len(c.indicators) for c in inp.competencies}
    seen: set[tuple[str, str, str]] = set()
    seen_totals: set[tuple[str, str, int]] = set()
    for r in inp.ratings:
        if r.source not in SOURCES or r.competency not in index:
            raise ValueError(f"rating for unknown source or competency: {r.source!r}, {r.competency!r}")
        if isinstance(r, RatingTotal):
            if (r.raters < 1 or not 0 <= r.rated <= sizes[r.competency]
                    or not r.rated * r.raters <= r.total <= 5 * r.rated * r.raters):
                raise ValueError(f"impossible rating totals on {r.competency!r}")
            if (r.source, r.competency, r.rated) in seen_totals:
                raise ValueError(f"two rating totals of one source on {r.competency!r}")
            seen_totals.add((r.source, r.competency, r.rated))
            continue
        if not 0 <= r.rated <= sizes[r.competency] or not r.rated <= r.total <= 5 * r.rated:
            raise ValueError(f"impossible rating totals on {r.competency!r}")
        key = (r.source, r.response, r.competency)
        if key in seen:
            raise ValueError(f"two ratings of one response on {r.competency!r}")
        seen.add(key)
    seen_items: set[tuple[str, str, int]] = set()
    seen_totals: set[tuple[str, int]] = set()
    for item in inp.items:
        if item.source not in SOURCES or indicator_of.get(item.indicator) != item.competency:
            raise ValueError(f"score for unknown source or indicator: {item.source!r}, {item.indicator!r}")
        if isinstance(item, IndicatorTotal):
            if not 0 <= item.count <= item.total <= 5 * item.count:
                raise ValueError(f"impossible score totals on indicator {item.indicator!r}")
            if (item.source, item.indicator) in seen_totals:
                raise ValueError(f"two totals of one source on indicator {item.indicator!r}")
            seen_totals.add((item.source, item.indicator))
            continue
        if item.score is not None and not 1 <= item.score <= 5:
            raise ValueError("scores run from 1 to 5")
        key_item = (item.source, item.response, item.indicator)
        if key_item in seen_items:
            raise ValueError(f"two scores of one response on indicator {item.indicator!r}")
        seen_items.add(key_item)
    for comment in inp.comments:
        if comment.source not in SOURCES or comment.kind not in KINDS:
            raise ValueError(f"comment of unknown source or kind: {comment.source!r}, {comment.kind!r}")
        if comment.competency is not None and comment.competency not in index:
            raise ValueError(f"comment on unknown competency {comment.competency!r}")


def _competency_scores(inp: ReportInput, plan: GroupPlan) -> dict[str, dict[str, _Sum]]:
    """competency -> display group -> counted raters and the sum of their scores, visible sources only."""
    sizes = {c.code: len(c.indicators) for c in inp.competencies}
    scores: dict[str, dict[str, _Sum]] = defaultdict(dict)
    for r in inp.ratings:
        group = plan.group_of(r.source)
        if group is None or r.rated == 0 or r.rated * 2 < sizes[r.competency]:
            continue
        cell = scores[r.competency].get(group)
        if cell is None:
            cell = scores[r.competency][group] = _Sum()
        cell.add(r.raters if isinstance(r, RatingTotal) else 1, r.total, r.rated)
    return scores


def _indicator_scores(inp: ReportInput, plan: GroupPlan) -> dict[int, dict[str, _Sum]]:
    """indicator -> display group -> scores given and their sum, visible sources only."""
    scores: dict[int, dict[str, _Sum]] = defaultdict(dict)
    for item in inp.items:
        group = plan.group_of(item.source)
        if group is None:
            continue
        if isinstance(item, IndicatorTotal):
            count, total = item.count, item.total
        elif item.score is not None:
            count, total = 1, item.score
        else:
            continue
        if count:
            cell = scores[item.indicator].get(group)
            if cell is None:
                cell = scores[item.indicator][group] = _Sum()
            cell.add(count, total)
    return scores


def _indexes(inp: ReportInput) -> tuple[dict[str, int], dict[int, str]]:
    index = {c.code: i for i, c in enumerate(inp.competencies)}
    if len(index) != len(inp.competencies):
        raise ValueError("competency codes must be unique")
    indicator_of = {ind: c.code for c in inp.competencies for ind, _ in c.indicators}
    if len(indicator_of) != sum(len(c.indicators) for c in inp.competencies):
        raise ValueError("indicator ids must be unique")
    return index, indicator_of


def all_others_scores(inp: ReportInput) -> dict[str, Fraction | None]:
    """Exact "all others" score per competency (framework order), e.g. for :func:`unit_average`."""
    index, indicator_of = _indexes(inp)
    _validate(inp, index, indicator_of)
    plan = decide_groups(inp.respondents, inp.k)
    scores = _competency_scores(inp, plan)
    return {c.code: _all_others(_cells(plan, scores.get(c.code, {}), inp.k)) for c in inp.competencies}


def _summary_lists(exact_others: Mapping[str, Fraction | None], order: Mapping[str, int]
                   ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    known = [(score, code) for code, score in exact_others.items() if score is not None]
    # Each list takes at most half of the scored competencies, so none can be both a strength and a
    # development area.
    size = min(TOP, len(known) // 2)
    strongest = [code for _, code in sorted(known, key=lambda sc: (-sc[0], order[sc[1]]))[:size]]
    rest = [sc for sc in known if sc[1] not in strongest]
    weakest = [code for _, code in sorted(rest, key=lambda sc: (sc[0], order[sc[1]]))[:size]]
    return tuple(strongest), tuple(weakest)


def _comments(inp: ReportInput, plan: GroupPlan, order: Mapping[str, int]) -> tuple[ShownComment, ...]:
    last = len(order)  # open answers come after the competency comments
    shown = []
    for comment in inp.comments:
        group = plan.group_of(comment.source)
        text = comment.text.strip()
        if group is None or not text:
            continue
        shown.append(ShownComment(group, comment.competency, comment.kind, text))
    shown.sort(key=lambda c: (last if c.competency is None else order[c.competency], c.kind,
                              c.text.casefold(), c.text, DISPLAY_GROUPS.index(c.group)))
    return tuple(shown)


def _suppressed(plan: GroupPlan, with_empty: bool) -> tuple[Suppressed, ...]:
    rows = []
    for source in SOURCES:
        if source in plan.suppressed:
            rows.append(Suppressed(source, plan.suppressed[source], plan.threshold))
        elif with_empty and source in plan.no_responses:
            rows.append(Suppressed(source, NO_RESPONSES, plan.threshold))
    return tuple(rows)


def build_report(inp: ReportInput) -> Report:
    """The report for one employee; only sources the group plans allow are ever read."""
    index, indicator_of = _indexes(inp)
    _validate(inp, index, indicator_of)
    plan = decide_groups(inp.respondents, inp.k)
    cplan = comment_plan(inp.respondents, inp.k, inp.comment_k)
    competency_scores = _competency_scores(inp, plan)
    indicator_scores = _indicator_scores(inp, plan)

    rows = []
    exact_others: dict[str, Fraction | None] = {}
    group_means: dict[str, list[Fraction]] = defaultdict(list)
    for info in inp.competencies:
        cells = _cells(plan, competency_scores.get(info.code, {}), inp.k)
        others = _all_others(cells)
        exact_others[info.code] = others
        for group, cell in cells.items():
            if cell.mean is not None:
                group_means[group].append(cell.mean)
        self_mean = cells[SELF].mean if SELF in cells else None
        indicator_rows = []
        for indicator, text in info.indicators:
            icells = _cells(plan, indicator_scores.get(indicator, {}), inp.k)
            indicator_rows.append(IndicatorRow(
                id=indicator, text=text,
                scores={g: c.rounded for g, c in icells.items()},
                withheld=_withheld(icells),
                all_others=_all_others_rounded(icells),
            ))
        rounded_others, rounded_self = _round(others), _round(self_mean)
        rows.append(CompetencyRow(
            code=info.code, name=info.name,
            scores={g: _round(c.mean) for g, c in cells.items()},
            withheld=_withheld(cells),
            all_others=rounded_others,
            gap=None if self_mean is None or others is None else round2(self_mean - others),
            quadrant=_quadrant(rounded_self, rounded_others),
            indicators=tuple(indicator_rows),
        ))

    strengths, development = _summary_lists(exact_others, index)
    known_others = [v for v in exact_others.values() if v is not None]
    return Report(
        k=inp.k,
        comment_k=inp.comment_k,
        high=HIGH,
        groups=tuple(GroupSummary(g, plan.respondents[g], _round(_mean(group_means.get(g, []))))
                     for g in plan.groups),
        overall_all_others=_round(_mean(known_others)),
        competencies=tuple(rows),
        strengths=strengths,
        development_areas=development,
        comments=_comments(inp, cplan, index),
        suppressed=_suppressed(plan, with_empty=True),
        comments_suppressed=_suppressed(cplan, with_empty=False),
    )


def unit_average(subject_scores: Sequence[Mapping[str, Fraction | None]], k: int) -> dict[str, Decimal | None]:
    """Per competency, the mean of the subjects' "all others" scores; None unless at least ``k`` subjects
    have that score. Competencies keep the order in which they first appear."""
    values: dict[str, list[Fraction]] = {}
    for scores in subject_scores:
        for code, score in scores.items():
            bucket = values.setdefault(code, [])
            if score is not None:
                bucket.append(Fraction(score))
    return {code: _round(_mean(vals)) if len(vals) >= k else None for code, vals in values.items()}


# --- plain data ----------------------------------------------------------------------------------------

def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _scores_out(scores: Mapping[str, Decimal | None]) -> dict[str, str | None]:
    return {g: _s(v) for g, v in scores.items()}


def _scores_in(scores: Mapping[str, str | None]) -> dict[str, Decimal | None]:
    return {g: _d(v) for g, v in scores.items()}


def _suppressed_out(rows: Iterable[Suppressed]) -> list[dict[str, Any]]:
    return [{"source": r.source, "reason": r.reason, "threshold": r.threshold} for r in rows]


def _suppressed_in(rows: Iterable[Mapping[str, Any]]) -> tuple[Suppressed, ...]:
    return tuple(Suppressed(r["source"], r["reason"], r["threshold"]) for r in rows)


def report_to_dict(report: Report) -> dict[str, Any]:
    """JSON-safe plain data (scores as strings such as "3.67"); what exports and snapshots store."""
    return {
        "version": FORMAT_VERSION,
        "k": report.k,
        "comment_k": report.comment_k,
        "high": _s(report.high),
        "groups": [{"group": g.group, "respondents": g.respondents, "overall": _s(g.overall)}
                   for g in report.groups],
        "overall_all_others": _s(report.overall_all_others),
        "competencies": [
            {
                "code": row.code,
                "name": row.name,
                "scores": _scores_out(row.scores),
                "withheld": dict(row.withheld),
                "all_others": _s(row.all_others),
                "gap": _s(row.gap),
                "quadrant": row.quadrant,
                "indicators": [
                    {"id": ind.id, "text": ind.text, "scores": _scores_out(ind.scores),
                     "withheld": dict(ind.withheld), "all_others": _s(ind.all_others)}
                    for ind in row.indicators
                ],
            }
            for row in report.competencies
        ],
        "strengths": list(report.strengths),
        "development_areas": list(report.development_areas),
        "comments": [{"group": c.group, "competency": c.competency, "kind": c.kind, "text": c.text}
                     for c in report.comments],
        "suppressed": _suppressed_out(report.suppressed),
        "comments_suppressed": _suppressed_out(report.comments_suppressed),
    }


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """Rebuild a :class:`Report` from :func:`report_to_dict` output."""
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(f"unsupported report format version: {data.get('version')!r}")
    return Report(
        k=data["k"],
        comment_k=data["comment_k"],
        high=Decimal(data["high"]),
        groups=tuple(GroupSummary(g["group"], g["respondents"], _d(g["overall"])) for g in data["groups"]),
        overall_all_others=_d(data["overall_all_others"]),
        competencies=tuple(
            CompetencyRow(
                code=row["code"],
                name=row["name"],
                scores=_scores_in(row["scores"]),
                withheld=dict(row["withheld"]),
                all_others=_d(row["all_others"]),
                gap=_d(row["gap"]),
                quadrant=row["quadrant"],
                indicators=tuple(
                    IndicatorRow(ind["id"], ind["text"], _scores_in(ind["scores"]), dict(ind["withheld"]),
                                 _d(ind["all_others"]))
                    for ind in row["indicators"]
                ),
            )
            for row in data["competencies"]
        ),
        strengths=tuple(data["strengths"]),
        development_areas=tuple(data["development_areas"]),
        comments=tuple(ShownComment(c["group"], c["competency"], c["kind"], c["text"]) for c in data["comments"]),
        suppressed=_suppressed_in(data["suppressed"]),
        comments_suppressed=_suppressed_in(data["comments_suppressed"]),
    )
