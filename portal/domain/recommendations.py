"""Development needs from a released 360° report, training suggestions for them, and the yearly JP plan.

Rules, stated so the pages can explain them:

- a competency is a *need* when the score of all raters other than the employee is below the expectation
  (``EXPECTATION``, the report's "high" threshold); its gap is how far below. A competency that others rate at or
  above the expectation is still a need when it is a *blind spot*: the employee's self-score is at least
  ``BLIND_SPOT_GAP`` above the others' score. Competencies without an others' score are skipped: there is no
  evidence to act on;
- needs are ranked by gap, largest first; blind spots (gap 0) follow, the widest self-vs-others difference first;
  equal needs keep the report's (framework) order;
- a training is suggested for a need only when it develops that competency. Trainings aimed at the level the
  position requires (PermenPANRB 38/2017, ``STANDARD_LEVEL``) come first, then the nearest levels, a level not
  above the target before one above it at the same distance; then nonklasikal before klasikal, fewer JP first,
  then catalogue code. A need without a matching training is still listed (the page says to ask HR);
- the yearly plan counts the JP of every plan item that is not cancelled against the 20 JP each PNS is owed.

Pure Python: the database layer hands over report rows, the active catalogue and the plan items.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from portal.domain.report import HIGH
from portal.domain.sources import SELF
from portal.domain.standard_framework import STANDARD_LEVEL
from portal.domain.standard_trainings import NONKLASIKAL
from portal.domain.text import N_

EXPECTATION = HIGH  # Decimal("3.50"): an others' score below it is a development need
BLIND_SPOT_GAP = Decimal("0.75")  # self - others at or above this is a blind spot, whatever the others' score

BELOW_EXPECTATION = N_("di bawah harapan")
BLIND_SPOT_REASON = N_("titik buta: penilaian diri jauh di atas penilaian orang lain")

# PP 11/2017 art. 203 as amended by PP 17/2020: every PNS is owed at least 20 JP of competency development a year.
ANNUAL_JP = 20

PLANNED = "planned"
IN_PROGRESS = "in_progress"
DONE = "done"
CANCELLED = "cancelled"
PLAN_STATUSES = (PLANNED, IN_PROGRESS, DONE, CANCELLED)
PLAN_STATUS_LABELS = {
    PLANNED: N_("Direncanakan"),
    IN_PROGRESS: N_("Berjalan"),
    DONE: N_("Selesai"),
    CANCELLED: N_("Dibatalkan"),
}

GOAL_MAX = 300
ACTION_MAX = 1000
JP_MIN = 1
JP_MAX = 200


# --- inputs --------------------------------------------------------------------------------------------

class CompetencyRowLike(Protocol):
    """What a development need is read from; :class:`portal.domain.report.CompetencyRow` fits."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def all_others(self) -> Decimal | None: ...

    @property
    def scores(self) -> Mapping[str, Decimal | None]: ...


@dataclass(frozen=True)
class TrainingOption:
    """One entry of the active training catalogue."""

    id: int
    code: str
    title: str
    provider: str
    form: str  # klasikal / nonklasikal
    kind: str
    jp: int
    level: int  # 1-5, the level the training aims at
    competencies: tuple[str, ...]  # competency codes it develops


# --- outputs -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Need:
    competency: str  # competency code
    name: str
    score: Decimal | None  # all-others score
    self_score: Decimal | None
    gap: Decimal  # EXPECTATION - score when below it, else 0
    reason: str  # BELOW_EXPECTATION or BLIND_SPOT_REASON (message id)


@dataclass(frozen=True)
class Recommendation:
    need: Need
    trainings: tuple[TrainingOption, ...]  # best first; empty: no matching training, ask HR


@dataclass(frozen=True)
class JpPlan:
    planned_jp: int  # every item not cancelled
    done_jp: int
    target: int
    remaining: int  # JP still to plan to reach the target
    reached: bool


# --- needs ---------------------------------------------------------------------------------------------

def development_needs(rows: Sequence[CompetencyRowLike]) -> list[Need]:
    """Competencies below expectation (largest gap first), then blind spots (widest self-vs-others first)."""
    below: list[Need] = []
    blind: list[tuple[Decimal, Need]] = []
    for row in rows:
        others = row.all_others
        if others is None:
            continue
        own = row.scores.get(SELF)
        if others < EXPECTATION:
            below.append(Need(row.code, row.name, others, own, EXPECTATION - others, BELOW_EXPECTATION))
        elif own is not None and own - others >= BLIND_SPOT_GAP:
            blind.append((own - others, Need(row.code, row.name, others, own, Decimal("0.00"), BLIND_SPOT_REASON)))
    below.sort(key=lambda need: need.gap, reverse=True)  # stable: ties keep input order
    blind.sort(key=lambda pair: pair[0], reverse=True)
    return below + [need for _, need in blind]


# --- training suggestions ------------------------------------------------------------------------------

def target_level(position_type: str) -> int:
    """The level a position requires (PermenPANRB 38/2017); 1 (Paham) when the type is unknown."""
    return STANDARD_LEVEL.get(position_type, 1)


def _rank(training: TrainingOption, target: int) -> tuple[int, bool, bool, int, str, int]:
    return (
        abs(training.level - target),
        training.level > target,  # at the same distance, a level not above the target first
        training.form != NONKLASIKAL,  # then nonklasikal before klasikal
        training.jp,  # then fewer JP
        training.code,
        training.id,
    )


def recommend(
    needs: Sequence[Need], catalogue: Sequence[TrainingOption], position_type: str, per_need: int = 3
) -> list[Recommendation]:
    """For each need, in order, at most ``per_need`` trainings that develop its competency, best first."""
    if per_need < 0:
        raise ValueError("per_need cannot be negative")
    target = target_level(position_type)
    result = []
    for need in needs:
        matching = sorted(
            (training for training in catalogue if need.competency in training.competencies),
            key=lambda training: _rank(training, target),
        )
        result.append(Recommendation(need, tuple(matching[:per_need])))
    return result


# --- the yearly plan -----------------------------------------------------------------------------------

def jp_plan(planned: Sequence[tuple[int, str]], year_target: int = ANNUAL_JP) -> JpPlan:
    """Totals of one employee's plan items in a year: ``planned`` holds (jp, status) pairs."""
    planned_jp = done_jp = 0
    for jp, status in planned:
        if status not in PLAN_STATUSES:
            raise ValueError(f"unknown plan status {status!r}")
        if status == CANCELLED:
            continue
        planned_jp += jp
        if status == DONE:
            done_jp += jp
    return JpPlan(planned_jp, done_jp, year_target, max(0, year_target - planned_jp), planned_jp >= year_target)


def plan_item_problems(goal: str, action: str, target_date: date | None, today: date, jp: int | None) -> dict[str, str]:
    """Field -> message for a development-plan item that cannot be saved; empty when it can."""
    problems: dict[str, str] = {}
    goal = goal.strip()
    if not goal:
        problems["goal"] = N_("Tujuan pengembangan wajib diisi.")
    elif len(goal) > GOAL_MAX:
        problems["goal"] = N_("Tujuan pengembangan paling banyak 300 karakter.")
    action = action.strip()
    if not action:
        problems["action"] = N_("Kegiatan pengembangan wajib diisi.")
    elif len(action) > ACTION_MAX:
        problems["action"] = N_("Kegiatan pengembangan paling banyak 1.000 karakter.")
    if target_date is None:
        problems["target_date"] = N_("Tanggal target wajib diisi.")
    elif target_date < today:
        problems["target_date"] = N_("Tanggal target tidak boleh sebelum hari ini.")
    if jp is not None and not JP_MIN <= jp <= JP_MAX:
        problems["jp"] = N_("JP harus antara 1 dan 200.")
    return problems
