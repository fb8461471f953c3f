"""The citizen's satisfaction survey (SKM) form: what may be answered, and reading a posted form.

Nine elements on the 1–4 scale of PermenPANRB 14/2017, all required; an optional officer rating (1–5 or
"cannot say") on the behaviours the public may rate in the running 360° cycle; an optional profile and a
suggestion. Pure Python: the web layer passes the posted fields, this module says what is wrong in words a
citizen can act on, and keeps every valid value so the form is shown again as filled.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from portal.domain.ikm import ELEMENTS
from portal.domain.text import N_, is_digits

SUGGESTION_LIMIT = 1000
OFFICER_SCALE = (
    (1, N_("Sangat kurang")), (2, N_("Kurang")), (3, N_("Cukup")), (4, N_("Baik")), (5, N_("Sangat baik")),
)
CANNOT_SAY = "na"

AGE_BANDS = {
    "u20": N_("di bawah 20 tahun"), "20_29": N_("20–29 tahun"), "30_39": N_("30–39 tahun"),
    "40_49": N_("40–49 tahun"), "50_59": N_("50–59 tahun"), "60": N_("60 tahun ke atas"),
}
SEXES = {"l": N_("Laki-laki"), "p": N_("Perempuan")}
EDUCATION = {
    "sd": N_("SD atau sederajat"), "smp": N_("SMP atau sederajat"), "sma": N_("SMA/SMK atau sederajat"),
    "diploma": N_("Diploma (D1–D4)"), "s1": N_("S1"), "s2": N_("S2 atau lebih tinggi"),
}
OCCUPATIONS = {
    "pns": N_("PNS/PPPK/TNI/Polri"), "swasta": N_("Pegawai swasta"), "wirausaha": N_("Wirausaha"),
    "pelajar": N_("Pelajar/mahasiswa"), "irt": N_("Mengurus rumah tangga"), "lainnya": N_("Lainnya"),
}
PROFILE = {"age_band": AGE_BANDS, "sex": SEXES, "education": EDUCATION, "occupation": OCCUPATIONS}
PROFILE_LABELS = {"age_band": N_("Usia"), "sex": N_("Jenis kelamin"), "education": N_("Pendidikan terakhir"),
                  "occupation": N_("Pekerjaan")}

ELEMENT_MISSING = N_("Pilih salah satu jawaban untuk pertanyaan ini.")
ELEMENT_INVALID = N_("Jawaban harus salah satu dari empat pilihan.")
PROFILE_INVALID = N_("Pilih dari daftar, atau kosongkan.")
SUGGESTION_TOO_LONG = N_("Saran paling banyak 1.000 karakter.")
OFFICER_UNKNOWN = N_("Petugas ini tidak ada di daftar layanan ini. Pilih dari daftar, atau kosongkan.")
OFFICER_INVALID = N_("Pilih nilai 1–5 atau \"Tidak tahu\".")
OFFICER_UNRATED = N_("Beri sedikitnya satu nilai untuk petugas yang dipilih, atau kosongkan pilihan petugas.")


@dataclass
class Submission:
    scores: dict[str, int] = field(default_factory=dict)  # element code -> 1..4
    profile: dict[str, str] = field(default_factory=dict)  # profile key -> code
    suggestion: str = ""
    officer_id: int | None = None
    officer_scores: dict[int, int | None] = field(default_factory=dict)  # indicator id -> 1..5, None = "cannot say"

    @property
    def names_officer(self) -> bool:
        return self.officer_id is not None and any(v is not None for v in self.officer_scores.values())


def _int(value: str) -> int | None:
    value = value.strip()
    return int(value) if is_digits(value) and len(value) < 4 else None


def parse(form: Mapping[str, str], officers: Sequence[int] = (), officer_items: Sequence[int] = ()
          ) -> tuple[Submission, dict[str, str]]:
    """Read a posted survey. Returns what was valid (to show the form again) and field -> message."""
    sub, errors = Submission(), {}
    for element in ELEMENTS:
        name = element.code.lower()
        raw = form.get(name, "").strip()
        value = _int(raw)
        if not raw:
            errors[name] = ELEMENT_MISSING
        elif value is None or not 1 <= value <= 4:
            errors[name] = ELEMENT_INVALID
        else:
            sub.scores[element.code] = value
    for key, choices in PROFILE.items():
        raw = form.get(key, "").strip()
        if raw in choices:
            sub.profile[key] = raw
        elif raw:
            errors[key] = PROFILE_INVALID
    sub.suggestion = form.get("suggestion", "").strip()
    if len(sub.suggestion) > SUGGESTION_LIMIT:
        errors["suggestion"] = SUGGESTION_TOO_LONG
    raw_officer = form.get("officer", "").strip()
    if raw_officer:
        officer = _int(raw_officer)
        if officer is None or officer not in officers:
            errors["officer"] = OFFICER_UNKNOWN
        else:
            sub.officer_id = officer
    for indicator in officer_items:
        name = f"officer-{indicator}"
        raw = form.get(name, "").strip().lower()
        if not raw:
            continue
        value = _int(raw)
        if raw == CANNOT_SAY:
            sub.officer_scores[indicator] = None
        elif value is not None and 1 <= value <= 5:
            sub.officer_scores[indicator] = value
        else:
            errors[name] = OFFICER_INVALID
    if sub.officer_id is not None and not sub.names_officer and "officer" not in errors:
        errors["officer"] = OFFICER_UNRATED
    return sub, errors


def semester_of(month: int) -> int:
    """Periods are half-years: January–June is 1, July–December is 2."""
    if not 1 <= month <= 12:
        raise ValueError("month runs from 1 to 12")
    return 1 if month <= 6 else 2


def period_label(year: int, semester: int) -> str:
    return f"{'I' if semester == 1 else 'II'}/{year}"
