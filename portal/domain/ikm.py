"""Public satisfaction survey (SKM) and its index (IKM), as PermenPANRB 14/2017 defines them (DOMAIN.md).

Citizens score nine elements (unsur U1..U9) from 1 (worst) to 4 (best). Per element NRR = sum of scores ÷
respondents who answered it; IKM = mean NRR × 25, a value from 25 to 100 graded A–D (mutu pelayanan).
Arithmetic is exact (Fraction); only ``display`` and ``grade`` round, half-up to 2 decimals.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from portal.domain.text import N_


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    question: str
    answers: tuple[str, str, str, str]  # label for score 1 (worst) .. 4 (best)


ELEMENTS: tuple[Element, ...] = (
    Element("U1", N_("Persyaratan"),
            N_("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
            (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai"))),
    Element("U2", N_("Sistem, Mekanisme, dan Prosedur"),
            N_("Bagaimana pendapat Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
            (N_("Tidak mudah"), N_("Kurang mudah"), N_("Mudah"), N_("Sangat mudah"))),
    Element("U3", N_("Waktu Penyelesaian"),
            N_("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
            (N_("Tidak cepat"), N_("Kurang cepat"), N_("Cepat"), N_("Sangat cepat"))),
    Element("U4", N_("Biaya/Tarif"),
            N_("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
            (N_("Sangat mahal"), N_("Cukup mahal"), N_("Murah"), N_("Gratis"))),
    Element("U5", N_("Produk Spesifikasi Jenis Pelayanan"),
            N_("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam "
               "standar pelayanan dengan hasil yang diberikan?"),
            (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai"))),
    Element("U6", N_("Kompetensi Pelaksana"),
            N_("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
            (N_("Tidak kompeten"), N_("Kurang kompeten"), N_("Kompeten"), N_("Sangat kompeten"))),
    Element("U7", N_("Perilaku Pelaksana"),
            N_("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan "
               "keramahan?"),
            (N_("Tidak sopan dan ramah"), N_("Kurang sopan dan ramah"), N_("Sopan dan ramah"),
             N_("Sangat sopan dan ramah"))),
    Element("U8", N_("Penanganan Pengaduan, Saran dan Masukan"),
            N_("Bagaimana pendapat Saudara tentang penanganan pengaduan, saran dan masukan pengguna layanan?"),
            (N_("Tidak ada"), N_("Ada tetapi tidak berfungsi"), N_("Berfungsi kurang maksimal"),
             N_("Dikelola dengan baik"))),
    Element("U9", N_("Sarana dan Prasarana"),
            N_("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
            (N_("Buruk"), N_("Cukup"), N_("Baik"), N_("Sangat baik"))),
)
_CODES = frozenset(e.code for e in ELEMENTS)


@dataclass(frozen=True)
class Grade:
    letter: str  # "A".."D"
    label: str


# Lower bound (inclusive, on the value rounded to 2 decimals) of each grade, best first.
_GRADES = (
    (Decimal("88.31"), Grade("A", N_("Sangat Baik"))),
    (Decimal("76.61"), Grade("B", N_("Baik"))),
    (Decimal("65.00"), Grade("C", N_("Kurang Baik"))),
    (Decimal("25.00"), Grade("D", N_("Tidak Baik"))),
)


@dataclass(frozen=True)
class SampleStatus:
    required: int | None  # None when the number of service users is unknown
    respondents: int
    reached: bool | None


@dataclass(frozen=True)
class IkmSummary:
    nrr: Mapping[str, Fraction]  # answered elements only, in U1..U9 order
    element_values: Mapping[str, Fraction]  # NRR × 25 ("nilai unsur"), same keys
    ikm: Fraction | None
    display: Decimal | None
    grade: Grade | None


def nrr(total: int, respondents: int) -> Fraction:
    """Mean score of one element; every score is 1..4, so ``total`` must lie in [respondents, 4·respondents]."""
    if respondents <= 0:
        raise ValueError("respondents must be positive")
    if not respondents <= total <= 4 * respondents:
        raise ValueError(f"total {total} is impossible for {respondents} answers scored 1..4")
    return Fraction(total, respondents)


def _nrrs(element_totals: Mapping[str, tuple[int, int]]) -> dict[str, Fraction]:
    unknown = set(element_totals) - _CODES
    if unknown:
        raise ValueError(f"unknown element codes: {sorted(unknown)}")
    return {e.code: nrr(*element_totals[e.code]) for e in ELEMENTS
            if e.code in element_totals and element_totals[e.code][1] != 0}


def ikm(element_totals: Mapping[str, tuple[int, int]]) -> Fraction | None:
    """IKM = Σ(NRR × weight) × 25 from element code → (sum of scores, respondents who answered it).

    Elements nobody answered (respondents 0 or absent) are left out and the weight becomes 1/(answered
    elements) instead of 1/9, so a skipped element neither counts as a zero nor drags the index down;
    with all nine answered this is exactly the regulation's 1/9. Returns None when nothing was answered.
    """
    return _index(_nrrs(element_totals))


def _index(values: Mapping[str, Fraction]) -> Fraction | None:
    return sum(values.values(), Fraction(0)) / len(values) * 25 if values else None


def _round2(value: Fraction) -> Decimal:
    hundredths, rest = divmod(abs(value) * 100, 1)
    hundredths += rest >= Fraction(1, 2)  # half-up, i.e. away from zero like Decimal's ROUND_HALF_UP
    return Decimal(hundredths if value >= 0 else -hundredths).scaleb(-2)


def display(value: Fraction) -> Decimal:
    """The value as shown to people: rounded half-up to 2 decimals."""
    return _round2(Fraction(value))


def grade(value: Fraction | Decimal | float) -> Grade:
    """Service quality grade of an IKM value, judged on the value rounded half-up to 2 decimals.

    A float is taken at its shortest decimal form (repr), so 88.305 rounds to 88.31 as written.
    """
    if isinstance(value, (float, Decimal)) and not Decimal(value).is_finite():
        raise ValueError(f"IKM must be a finite number, not {value}")
    exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    shown = _round2(exact)
    if not Decimal(25) <= shown <= Decimal(100):
        raise ValueError(f"IKM {shown} is outside 25.00–100.00")
    return next(g for lower, g in _GRADES if shown >= lower)


def minimum_sample(population: int) -> int:
    """Krejcie–Morgan minimum respondents n = 3.841·N·0.25 / (0.0025·(N−1) + 3.841·0.25), rounded up.

    Rounding up (ceil) reproduces DOMAIN.md's pinned values: N=100 → 80, 1,000 → 278, 10,000 → 370.
    """
    if population <= 0:
        raise ValueError("population must be positive")
    chi2, p, d2 = Fraction("3.841"), Fraction(1, 4), Fraction("0.0025")
    return math.ceil(chi2 * population * p / (d2 * (population - 1) + chi2 * p))


def sample_status(respondents: int, population: int | None) -> SampleStatus:
    """Whether a unit's survey has reached the minimum sample; unknown when the population is unknown."""
    if respondents < 0:
        raise ValueError("respondents cannot be negative")
    if population is None:
        return SampleStatus(None, respondents, None)
    required = minimum_sample(population)
    return SampleStatus(required, respondents, respondents >= required)


def summarise(element_totals: Mapping[str, tuple[int, int]]) -> IkmSummary:
    """Everything a dashboard shows: per-element NRR and nilai unsur, the IKM, its display and grade."""
    values = _nrrs(element_totals)
    index = _index(values)
    return IkmSummary(
        nrr=MappingProxyType(values),
        element_values=MappingProxyType({code: v * 25 for code, v in values.items()}),
        ikm=index,
        display=None if index is None else display(index),
        grade=None if index is None else grade(index),
    )
