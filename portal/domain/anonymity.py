"""Which rater groups a report may show: the only place that decides it.

Self and supervisor are attributed and always shown as themselves. An anonymous source (peer, direct
report, public) is shown on its own when it has at least ``k`` respondents. Anonymous sources with
1..k-1 respondents are pooled into one "others" group when together they reach ``k``; otherwise each is
suppressed with a visible reason. "others" pools *only* the small sources: adding a shown group to it
would let a reader subtract that group's figures and recover the small one.

Inside a shown anonymous group a single figure (one competency, one indicator) is still hidden when fewer
than ``k`` raters contributed to it, see :func:`cell_shown`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from portal.domain.sources import ANONYMOUS, ATTRIBUTED, DIRECT_REPORT, PEER, PUBLIC, SELF, SOURCES, SUPERVISOR
from portal.domain.text import N_

OTHERS = "others"
# Display groups in the order a report lists them.
DISPLAY_GROUPS = (SELF, SUPERVISOR, PEER, DIRECT_REPORT, PUBLIC, OTHERS)
ANONYMOUS_GROUPS = (PEER, DIRECT_REPORT, PUBLIC, OTHERS)

# Formatted by the web layer with the threshold in force: ``_(reason) % {"k": threshold}``.
TOO_FEW = N_("kurang dari %(k)s penilai, disembunyikan untuk menjaga kerahasiaan")
NO_RESPONSES = N_("belum ada jawaban")


@dataclass(frozen=True)
class GroupPlan:
    """What may be shown at one threshold.

    ``groups`` maps each shown display group to the sources it pools, in display order;
    ``respondents`` gives each shown display group's number of respondents; ``suppressed`` maps a
    hidden source to its reason (a message id taking ``k``); ``no_responses`` lists sources nobody
    answered for (absent from the report, not hidden).
    """

    threshold: int
    groups: dict[str, frozenset[str]] = field(default_factory=dict)
    respondents: dict[str, int] = field(default_factory=dict)
    suppressed: dict[str, str] = field(default_factory=dict)
    no_responses: frozenset[str] = frozenset()

    @property
    def visible_sources(self) -> frozenset[str]:
        return frozenset().union(*self.groups.values())

    def group_of(self, source: str) -> str | None:
        """The display group showing ``source``, or None when its answers must not be shown."""
        for group, sources in self.groups.items():
            if source in sources:
                return group
        return None


def _counts(respondents: Mapping[str, int]) -> dict[str, int]:
    unknown = set(respondents) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources: {sorted(unknown)}")
    counts = {source: int(respondents.get(source, 0)) for source in SOURCES}
    if any(n < 0 for n in counts.values()):
        raise ValueError("respondent counts cannot be negative")
    return counts


def _plan(counts: dict[str, int], k: int, candidates: tuple[str, ...], hidden: tuple[str, ...]) -> GroupPlan:
    """Apply the rule at ``k``; ``hidden`` sources are suppressed whatever their size."""
    groups: dict[str, frozenset[str]] = {}
    sizes: dict[str, int] = {}
    for source in ATTRIBUTED:
        if counts[source]:
            groups[source] = frozenset({source})
            sizes[source] = counts[source]
    small = [s for s in candidates if 0 < counts[s] < k]
    for source in candidates:
        if counts[source] >= k:
            groups[source] = frozenset({source})
            sizes[source] = counts[source]
    suppressed = {s: TOO_FEW for s in hidden if counts[s]}
    pooled = sum(counts[s] for s in small)
    if small and pooled >= k:
        groups[OTHERS] = frozenset(small)
        sizes[OTHERS] = pooled
    else:
        suppressed.update((s, TOO_FEW) for s in small)
    ordered = {g: groups[g] for g in DISPLAY_GROUPS if g in groups}
    return GroupPlan(
        threshold=k,
        groups=ordered,
        respondents={g: sizes[g] for g in ordered},
        suppressed={s: suppressed[s] for s in SOURCES if s in suppressed},
        no_responses=frozenset(s for s in SOURCES if not counts[s]),
    )


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError("the minimum group size must be a positive whole number")


def decide_groups(respondents: Mapping[str, int], k: int) -> GroupPlan:
    """Group plan for scores: ``respondents`` maps a source to its number of submitted responses."""
    _check_k(k)
    return _plan(_counts(respondents), k, ANONYMOUS, ())


def comment_plan(respondents: Mapping[str, int], k: int, comment_k: int) -> GroupPlan:
    """Group plan for comments: the same rule at ``comment_k`` (which may not be below ``k``).

    A source whose scores are suppressed at ``k`` stays suppressed here too, so its comments never surface
    in an "others" pool that only reaches the stricter comment threshold with its help.
    """
    _check_k(k)
    _check_k(comment_k)
    if comment_k < k:
        raise ValueError("the minimum group size for comments cannot be below the one for scores")
    counts = _counts(respondents)
    hidden = tuple(decide_groups(counts, k).suppressed)
    candidates = tuple(s for s in ANONYMOUS if s not in hidden)
    return _plan(counts, comment_k, candidates, hidden)


def cell_shown(group: str, raters: int, k: int) -> bool:
    """Whether one figure of a shown display group may be shown, given how many raters it rests on."""
    if group in ATTRIBUTED:
        return raters > 0
    return raters >= k
