"""Peer nomination rules: who may be proposed as a peer rater for whom."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from portal.domain.text import N_


@dataclass(frozen=True)
class NominationFacts:
    subject_id: int
    candidate_id: int
    candidate_active: bool
    candidate_in_cycle: bool
    current_peers: Collection[int]  # proposed or active peer raters of the subject
    other_raters: Collection[int]  # raters of the subject in another role (supervisor, direct reports)
    peer_max: int


def nomination_problem(facts: NominationFacts) -> str | None:
    """The reason ``candidate`` cannot be added as a peer of ``subject``, or None."""
    if facts.candidate_id == facts.subject_id:
        return N_("Anda tidak dapat menominasikan diri sendiri.")
    if not facts.candidate_active or not facts.candidate_in_cycle:
        return N_("Pegawai ini tidak termasuk siklus penilaian ini.")
    if facts.candidate_id in facts.current_peers:
        return N_("Rekan ini sudah ada di daftar nominasi.")
    if facts.candidate_id in facts.other_raters:
        return N_("Pegawai ini sudah menilai sebagai atasan atau bawahan; pilih rekan lain.")
    if len(facts.current_peers) >= facts.peer_max:
        return N_("Jumlah rekan sudah maksimum (%(max)s). Hapus satu nominasi sebelum menambah.")
    return None


def overloaded(requests_per_rater: Mapping[int, int], cap: int) -> dict[int, int]:
    """Raters asked for more peer reviews than ``cap``, with their counts."""
    return {rater: count for rater, count in requests_per_rater.items() if count > cap}


def nomination_status(count: int, peer_min: int, peer_max: int) -> str:
    """'short', 'ok' or 'full' for a subject's number of peers."""
    if count < peer_min:
        return "short"
    return "full" if count >= peer_max else "ok"
