"""Organisation vocabulary: position types, employment status, golongan, supervisor chains."""
from __future__ import annotations

from portal.domain.text import N_

from collections.abc import Mapping

POSITION_TYPES = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional")
STATUSES = ("PNS", "PPPK")

PNS_GOLONGAN = tuple(f"{g}/{s}" for g, subs in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
                     for s in subs)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
          "XVI", "XVII")
PPPK_GOLONGAN = _ROMAN


def golongan_error(status: str, golongan: str | None) -> str | None:
    """Empty golongan is allowed (not yet known); otherwise it must fit the status."""
    if not golongan:
        return None
    if status == "PNS" and golongan not in PNS_GOLONGAN:
        return N_("Golongan PNS harus salah satu dari I/a sampai IV/e.")
    if status == "PPPK" and golongan not in PPPK_GOLONGAN:
        return N_("Golongan PPPK harus angka romawi I sampai XVII.")
    return None


def find_supervisor_loop(supervisor_of: Mapping[str, str | None]) -> list[str] | None:
    """Return one loop in the supervisor chain (as a list of keys), or None if there is none.

    ``supervisor_of`` maps an employee key to their supervisor's key (or None).
    """
    state: dict[str, int] = {}  # 1 = on the current path, 2 = known to end without a loop
    for start in supervisor_of:
        path: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) != 2:
            if state.get(node) == 1:
                return path[path.index(node):]
            state[node] = 1
            path.append(node)
            node = supervisor_of.get(node)
        for visited in path:
            state[visited] = 2
    return None
