"""What closing a cycle computes per employee, as plain data: the frozen report, its per-competency scores
and the ranked training suggestions. The database layer hands over each employee's grouped answers as plain
tuples, a chunk of employees at a time."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from portal.domain.recommendations import TrainingOption, development_needs, recommend
from portal.domain.report import (Comment, CompetencyInfo, IndicatorTotal, RatingTotal, ReportInput, build_report,
                                  report_to_dict, unit_average)
from portal.domain.sources import SELF


class Rows(NamedTuple):
    """One employee's grouped answers as the database returns them."""

    respondents: dict[str, int]
    ratings: list[tuple[str, str, int, int, int]]  # RatingTotal fields
    items: list[tuple[str, int, str, int, int]]  # IndicatorTotal fields
    comments: list[tuple[str, str | None, str, str]]  # Comment fields


class Chunk(NamedTuple):
    competencies: tuple[CompetencyInfo, ...]
    k: int
    comment_k: int
    subjects: tuple[tuple[int, str, Rows], ...]  # (employee id, position type, rows)


def report_input(rows: Rows, competencies: tuple[CompetencyInfo, ...], k: int, comment_k: int) -> ReportInput:
    return ReportInput(competencies, tuple(RatingTotal(*r) for r in rows.ratings),
                       tuple(IndicatorTotal(*i) for i in rows.items), tuple(Comment(*c) for c in rows.comments),
                       rows.respondents, k, comment_k)


@dataclass(frozen=True)
class Closed:
    subject: int
    data: dict[str, Any]  # report_to_dict
    scores: tuple[tuple[str, str, Decimal | None, Decimal | None], ...]  # (code, name, all others, self)
    recommendations: tuple[tuple[str, int], ...]  # (competency code, training id), best first


def close_one(subject: int, position_type: str, inp: ReportInput, catalogue: Sequence[TrainingOption],
              per_need: int) -> Closed:
    report = build_report(inp)
    scores = tuple((row.code, row.name, row.all_others, row.scores.get(SELF)) for row in report.competencies)
    suggestions = recommend(development_needs(report.competencies), catalogue, position_type, per_need)
    ranked = tuple((s.need.competency, t.id) for s in suggestions for t in s.trainings)
    return Closed(subject, report_to_dict(report), scores, ranked)


def close_chunk(chunk: Chunk, catalogue: Sequence[TrainingOption], per_need: int) -> list[Closed]:
    return [close_one(subject, position_type, report_input(rows, chunk.competencies, chunk.k, chunk.comment_k),
                      catalogue, per_need)
            for subject, position_type, rows in chunk.subjects]


def unit_figures(subject_scores: Sequence[Mapping[str, Decimal | None]], k: int, expectation: Decimal
                 ) -> dict[str, tuple[int, Decimal | None, int | None]]:
    """Per competency of one unit: (employees with a score, their average, how many below expectation).

    Average and count below are None unless at least ``k`` employees have a score."""
    averages = unit_average(subject_scores, k)
    figures = {}
    for code, average in averages.items():
        scores = [s[code] for s in subject_scores if s.get(code) is not None]
        below = sum(1 for score in scores if score < expectation)
        figures[code] = (len(scores), average, below if average is not None else None)
    return figures
