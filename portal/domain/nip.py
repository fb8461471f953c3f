"""NIP (Nomor Induk Pegawai) validation for PNS and PPPK, as described in DOMAIN.md.

PNS : birth date YYYYMMDD + TMT CPNS YYYYMM + sex (1/2) + serial 001–999.
PPPK: birth date YYYYMMDD + TMT year YYYY + '2' + period digit + sex (1/2) + serial 001–999.
The 13th digit tells the forms apart: a PNS TMT month starts with 0 or 1, a PPPK NIP has 2 there.
"""
from __future__ import annotations

from portal.domain.text import N_, is_digits

from dataclasses import dataclass
from datetime import date

MIN_AGE_AT_APPOINTMENT = 18


class InvalidNip(ValueError):
    """The NIP is malformed; ``str(error)`` is an Indonesian message fit for the user."""


@dataclass(frozen=True)
class Nip:
    value: str
    status: str  # "PNS" or "PPPK"
    birth_date: date
    appointment_year: int
    appointment_month: int | None  # PNS only
    sex: str  # "L" (laki-laki) or "P" (perempuan)
    serial: int


def _date(text: str) -> date | None:
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def parse_nip(raw: str) -> Nip:
    """Return the parsed NIP or raise ``InvalidNip`` saying what is wrong."""
    value = (raw or "").replace(" ", "").strip()
    if len(value) != 18 or not is_digits(value):
        raise InvalidNip(N_("NIP harus 18 digit angka."))
    birth = _date(value[0:8])
    if birth is None or birth.year < 1900:
        raise InvalidNip(N_("Delapan digit pertama NIP bukan tanggal lahir yang valid (TTTTBBHH)."))
    serial = int(value[15:18])
    if serial == 0:
        raise InvalidNip(N_("Nomor urut NIP (tiga digit terakhir) harus 001–999."))
    sex_digit = value[14]
    if sex_digit not in "12":
        raise InvalidNip(N_("Digit ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan)."))
    sex = "L" if sex_digit == "1" else "P"
    year = int(value[8:12])
    if value[12] == "2":
        status, month = "PPPK", None
        if value[13] == "0":
            raise InvalidNip(N_("Digit ke-14 NIP PPPK (periode pengangkatan) harus 1–9."))
        if year - birth.year < MIN_AGE_AT_APPOINTMENT:
            raise InvalidNip(N_("Tahun pengangkatan PPPK pada NIP terlalu dekat dengan tanggal lahir."))
    else:
        status, month = "PNS", int(value[12:14])
        if not 1 <= month <= 12:
            raise InvalidNip(N_("Digit ke-9 sampai ke-14 NIP harus TMT CPNS yang valid (TTTTBB)."))
        months_old = (year - birth.year) * 12 + (month - birth.month)
        if months_old < MIN_AGE_AT_APPOINTMENT * 12:
            raise InvalidNip(N_("TMT CPNS pada NIP terlalu dekat dengan tanggal lahir (minimal 18 tahun)."))
    return Nip(value, status, birth, year, month, sex, serial)


def nip_error(raw: str) -> str | None:
    """The user-facing problem with ``raw``, or None when it is a valid NIP."""
    try:
        parse_nip(raw)
    except InvalidNip as error:
        return str(error)
    return None


def make_pns_nip(birth: date, tmt_year: int, tmt_month: int, sex: str, serial: int) -> str:
    return f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{1 if sex == 'L' else 2}{serial:03d}"


def make_pppk_nip(birth: date, tmt_year: int, period: int, sex: str, serial: int) -> str:
    return f"{birth:%Y%m%d}{tmt_year:04d}2{period}{1 if sex == 'L' else 2}{serial:03d}"
