"""The life of an appraisal cycle: draft → nominating → collecting → closed → released.

Each step is HR's and guarded here, without a database: the service gathers the facts, this module says
whether the step may be taken and, if not, why (in words HR can act on).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.domain.text import N_

DRAFT, NOMINATING, COLLECTING, CLOSED, RELEASED = "draft", "nominating", "collecting", "closed", "released"
STATES = (DRAFT, NOMINATING, COLLECTING, CLOSED, RELEASED)
NEXT = {DRAFT: NOMINATING, NOMINATING: COLLECTING, COLLECTING: CLOSED, CLOSED: RELEASED}
# States whose framework is frozen: answers may exist that were given to its exact wording.
FROZEN = (NOMINATING, COLLECTING, CLOSED, RELEASED)
STATE_LABELS = {
    DRAFT: N_("Draf"),
    NOMINATING: N_("Nominasi rekan"),
    COLLECTING: N_("Pengisian penilaian"),
    CLOSED: N_("Ditutup"),
    RELEASED: N_("Laporan dirilis"),
}
ACTION_LABELS = {
    NOMINATING: N_("Buka siklus (mulai nominasi rekan)"),
    COLLECTING: N_("Mulai pengisian penilaian"),
    CLOSED: N_("Tutup siklus"),
    RELEASED: N_("Rilis laporan"),
}


@dataclass(frozen=True)
class CycleFacts:
    state: str
    has_framework: bool
    unit_count: int
    employee_count: int
    period_start: date
    period_end: date
    nomination_deadline: date | None
    feedback_deadline: date | None
    pending_nominations: int = 0


@dataclass(frozen=True)
class Problem:
    message: str
    params: dict
    # True when HR may go ahead anyway by confirming (e.g. closing before the deadline).
    confirmable: bool = False


def settings_problems(period_start: date | None, period_end: date | None, nomination_deadline: date | None,
                      feedback_deadline: date | None, min_group_size: int, comment_min_group_size: int,
                      peer_min: int, peer_max: int, peer_cap: int) -> dict[str, str]:
    """Field → message for cycle settings that do not fit together."""
    problems: dict[str, str] = {}
    if period_start and period_end and period_end < period_start:
        problems["period_end"] = N_("Akhir periode harus sesudah awal periode.")
    if nomination_deadline and feedback_deadline and feedback_deadline < nomination_deadline:
        problems["feedback_deadline"] = N_("Batas pengisian harus sesudah batas nominasi.")
    if min_group_size < 2:
        problems["min_group_size"] = N_("Ukuran kelompok minimum paling kecil 2; 3 adalah kebiasaan umum.")
    if comment_min_group_size < min_group_size:
        problems["comment_min_group_size"] = N_("Batas untuk komentar tidak boleh lebih kecil dari batas untuk nilai.")
    if peer_max < peer_min:
        problems["peer_max"] = N_("Jumlah rekan maksimum harus sama atau lebih besar dari minimum.")
    if peer_cap < 1:
        problems["peer_cap"] = N_("Batas permintaan per penilai paling kecil 1.")
    return problems


def transition_problems(facts: CycleFacts, target: str, today: date, confirmed: bool = False) -> list[Problem]:
    """Why the cycle cannot move to ``target`` now; empty when it can.

    Confirmable problems disappear when ``confirmed`` is true."""
    if NEXT.get(facts.state) != target:
        return [Problem(N_("Siklus berstatus \"%(state)s\" tidak dapat berpindah ke \"%(target)s\"."),
                        {"state": facts.state, "target": target})]
    problems: list[Problem] = []
    if target == NOMINATING:
        if not facts.has_framework:
            problems.append(Problem(N_("Pilih kerangka kompetensi dulu."), {}))
        if facts.unit_count == 0:
            problems.append(Problem(N_("Pilih minimal satu unit yang dinilai."), {}))
        elif facts.employee_count == 0:
            problems.append(Problem(N_("Unit yang dipilih belum punya pegawai aktif."), {}))
        if facts.feedback_deadline is None:
            problems.append(Problem(N_("Isi batas waktu pengisian penilaian."), {}))
    elif target == COLLECTING:
        if facts.pending_nominations:
            problems.append(Problem(
                N_("%(count)s nominasi rekan belum diputuskan atasan; bila dilanjutkan, nominasi itu disetujui."),
                {"count": facts.pending_nominations}, confirmable=True))
        if facts.nomination_deadline and today <= facts.nomination_deadline:
            problems.append(Problem(N_("Batas nominasi (%(deadline)s) belum lewat."),
                                    {"deadline": facts.nomination_deadline.isoformat()}, confirmable=True))
    elif target == CLOSED:
        if facts.feedback_deadline and today <= facts.feedback_deadline:
            problems.append(Problem(
                N_("Batas pengisian (%(deadline)s) belum lewat; penilai yang belum selesai tidak dapat mengisi lagi."),
                {"deadline": facts.feedback_deadline.isoformat()}, confirmable=True))
    if confirmed:
        problems = [p for p in problems if not p.confirmable]
    return problems


def accepts_answers(state: str) -> bool:
    return state == COLLECTING or state == NOMINATING


def accepts_nominations(state: str) -> bool:
    return state == NOMINATING
