"""The rating form: the scale, and what a complete answer sheet is.

Answers arrive as form fields (``answer-<indicator id>`` = "1".."5" or "na"; ``comment-<competency id>``;
``strengths``; ``to_develop``). Drafts keep whatever was typed, even when incomplete or too long, so nothing
the rater wrote is lost; only submission insists on completeness.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from portal.domain.text import N_, is_digits

SCALE = (
    (1, N_("Sangat kurang")),
    (2, N_("Kurang")),
    (3, N_("Cukup")),
    (4, N_("Baik")),
    (5, N_("Sangat baik")),
)
NOT_APPLICABLE = "na"
NOT_APPLICABLE_LABEL = N_("Tidak dapat menilai")
COMMENT_LIMIT = 2000


@dataclass(frozen=True)
class CompetencyItems:
    competency_id: int
    indicator_ids: tuple[int, ...]


@dataclass
class AnswerSheet:
    # indicator id → 1..5, or None for "cannot rate"; indicators not answered are absent.
    answers: dict[int, int | None] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    strengths: str = ""
    to_develop: str = ""

    def to_draft(self) -> dict:
        return {"answers": {str(k): (v if v is not None else NOT_APPLICABLE) for k, v in self.answers.items()},
                "comments": {str(k): v for k, v in self.comments.items() if v},
                "strengths": self.strengths, "to_develop": self.to_develop}

    @classmethod
    def from_draft(cls, answers: Mapping, comments: Mapping, strengths: str, to_develop: str) -> AnswerSheet:
        sheet = cls(strengths=strengths or "", to_develop=to_develop or "")
        for key, value in (answers or {}).items():
            parsed = _score(str(value))
            if is_digits(str(key)) and parsed is not _INVALID:
                sheet.answers[int(key)] = parsed
        sheet.comments = {int(k): str(v) for k, v in (comments or {}).items() if is_digits(str(k)) and v}
        return sheet


_INVALID = object()


def _score(value: str):
    value = value.strip().lower()
    if value == NOT_APPLICABLE:
        return None
    if value in ("1", "2", "3", "4", "5"):
        return int(value)
    return _INVALID


def parse_form(form: Mapping[str, str], items: Sequence[CompetencyItems], sheet: AnswerSheet | None = None
               ) -> tuple[AnswerSheet, dict[str, str]]:
    """Merge the posted fields into ``sheet`` (a draft), ignoring fields of other forms.

    Returns the sheet and field → error for values that are not on the scale (those are not kept)."""
    sheet = sheet or AnswerSheet()
    errors: dict[str, str] = {}
    for group in items:
        for indicator in group.indicator_ids:
            name = f"answer-{indicator}"
            if name in form:
                parsed = _score(form[name])
                if parsed is _INVALID:
                    errors[name] = N_("Pilih nilai 1–5 atau \"Tidak dapat menilai\".")
                else:
                    sheet.answers[indicator] = parsed
        name = f"comment-{group.competency_id}"
        if name in form:
            text = form[name].strip()
            if text:
                sheet.comments[group.competency_id] = text
            else:
                sheet.comments.pop(group.competency_id, None)
    if "strengths" in form:
        sheet.strengths = form["strengths"].strip()
    if "to_develop" in form:
        sheet.to_develop = form["to_develop"].strip()
    return sheet, errors


def completion(sheet: AnswerSheet, items: Sequence[CompetencyItems]) -> tuple[int, int]:
    """(answered, total) indicators; "cannot rate" counts as answered."""
    wanted = [i for group in items for i in group.indicator_ids]
    return sum(1 for i in wanted if i in sheet.answers), len(wanted)


def submission_errors(sheet: AnswerSheet, items: Sequence[CompetencyItems]) -> dict[str, str]:
    """Field → message for everything that stops the sheet from being submitted."""
    errors: dict[str, str] = {}
    for group in items:
        for indicator in group.indicator_ids:
            if indicator not in sheet.answers:
                errors[f"answer-{indicator}"] = N_("Beri nilai atau pilih \"Tidak dapat menilai\".")
        if len(sheet.comments.get(group.competency_id, "")) > COMMENT_LIMIT:
            errors[f"comment-{group.competency_id}"] = N_("Komentar paling banyak 2.000 karakter.")
    for name in ("strengths", "to_develop"):
        if len(getattr(sheet, name)) > COMMENT_LIMIT:
            errors[name] = N_("Jawaban paling banyak 2.000 karakter.")
    return errors
