"""Rules for employee rows (CSV import and the HR edit form): pure validation, line-numbered errors.

The importer reads the whole file, validates every row against these rules and against what the database
already holds, and writes nothing unless every row is valid.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from portal.domain.nip import InvalidNip, parse_nip
from portal.domain.org import POSITION_TYPES, STATUSES, find_supervisor_loop, golongan_error
from portal.domain.roles import parse_roles
from portal.domain.text import N_

COLUMNS = ("nip", "name", "email", "unit_code", "position", "position_type", "golongan", "status",
           "supervisor_nip", "roles")
REQUIRED = ("nip", "name", "unit_code", "position", "position_type", "status")


@dataclass(frozen=True)
class RowError:
    line: int  # 1-based line in the file (the header is line 1); 0 for file-level problems
    message: str  # an N_-marked Indonesian template
    params: Mapping[str, str] = field(default_factory=dict)


def describe(error: RowError, translate=lambda text: text) -> str:
    """The error as a sentence; ``translate`` is gettext in the web layer, identity in the CLI."""
    text = translate(error.message)
    return text % dict(error.params) if error.params else text


@dataclass(frozen=True)
class EmployeeRow:
    line: int
    nip: str
    name: str
    email: str | None
    unit_code: str
    position: str
    position_type: str
    golongan: str | None
    status: str
    supervisor_nip: str | None
    roles: frozenset[str]


class FileProblem(ValueError):
    """The file cannot be read as an employee CSV at all."""

    def __init__(self, message: str, **params: str):
        super().__init__(message)
        self.message = message
        self.params = params


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM). Anything else is refused with advice."""
    if not data.strip():
        raise FileProblem(N_("Berkas kosong. Unggah CSV dengan baris judul dan minimal satu baris pegawai."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(N_("Berkas bukan UTF-8 (mungkin disimpan Excel sebagai ANSI/Latin-1). Di Excel pilih "
                             "Simpan Sebagai → \"CSV UTF-8 (dipisahkan koma)\" lalu unggah lagi.")) from None


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """Parse CSV text (comma or semicolon) into (line number, row) pairs. Raises FileProblem."""
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise FileProblem(N_("Berkas kosong. Unggah CSV dengan baris judul dan minimal satu baris pegawai.")) from None
    except csv.Error as error:
        raise FileProblem(N_("CSV tidak dapat dibaca: %(error)s"), error=str(error)) from None
    names = [h.strip().lower() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    unknown = [h for h in names if h and h not in COLUMNS]
    if missing or unknown:
        raise FileProblem(N_("Kolom tidak sesuai. Wajib ada: %(expected)s. Tidak ada: %(missing)s. Tidak dikenal: "
                             "%(unknown)s."), expected=", ".join(COLUMNS), missing=", ".join(missing) or "-",
                          unknown=", ".join(unknown) or "-")
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(names):
                rows.append((line, {"__width__": str(len(values))}))
                continue
            rows.append((line, {n: v.strip() for n, v in zip(names, values, strict=True)}))
    except csv.Error as error:
        raise FileProblem(N_("CSV tidak dapat dibaca di baris %(line)s: %(error)s"), line=str(reader.line_num),
                          error=str(error)) from None
    if not rows:
        raise FileProblem(N_("Berkas hanya berisi baris judul; tidak ada pegawai untuk diimpor."))
    return rows


def check_row(line: int, raw: Mapping[str, str], errors: list[RowError]) -> EmployeeRow | None:
    """Validate one row on its own; append errors and return the row when it is valid."""
    if "__width__" in raw:
        errors.append(RowError(line, N_("Jumlah kolom %(count)s, seharusnya %(expected)s."),
                               {"count": raw["__width__"], "expected": str(len(COLUMNS))}))
        return None
    before = len(errors)
    for column in REQUIRED:
        if not raw.get(column):
            errors.append(RowError(line, N_("Kolom %(column)s wajib diisi."), {"column": column}))
    nip = raw.get("nip", "").replace(" ", "")
    status = raw.get("status", "").upper()
    if nip:
        try:
            parsed = parse_nip(nip)
        except InvalidNip as error:
            errors.append(RowError(line, str(error)))
        else:
            if status in STATUSES and parsed.status != status:
                errors.append(RowError(line, N_("NIP %(nip)s berbentuk %(form)s, tetapi status diisi %(status)s."),
                                       {"nip": nip, "form": parsed.status, "status": status}))
    if status and status not in STATUSES:
        errors.append(RowError(line, N_("Status harus PNS atau PPPK, bukan \"%(value)s\"."), {"value": status}))
    position_type = raw.get("position_type", "").lower()
    if position_type and position_type not in POSITION_TYPES:
        errors.append(RowError(line, N_("Jenis jabatan \"%(value)s\" tidak dikenal; pilih salah satu: %(choices)s."),
                               {"value": position_type, "choices": ", ".join(POSITION_TYPES)}))
    golongan = raw.get("golongan") or None
    if golongan and status in STATUSES:
        problem = golongan_error(status, golongan)
        if problem:
            errors.append(RowError(line, problem))
    email = raw.get("email") or None
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            errors.append(RowError(line, N_("Alamat e-mail \"%(value)s\" tidak valid."), {"value": raw["email"]}))
    supervisor = (raw.get("supervisor_nip") or "").replace(" ", "") or None
    if supervisor and supervisor == nip:
        errors.append(RowError(line, N_("Pegawai tidak boleh menjadi atasan dirinya sendiri.")))
    roles, unknown = parse_roles(raw.get("roles", ""))
    if unknown:
        errors.append(RowError(line, N_("Peran tidak dikenal: %(roles)s (yang dikenal: trainer, hr_admin)."),
                               {"roles": ", ".join(unknown)}))
    for column, limit in (("name", 200), ("position", 200), ("unit_code", 32)):
        if len(raw.get(column, "")) > limit:
            errors.append(RowError(line, N_("Kolom %(column)s terlalu panjang (maksimal %(limit)s karakter)."),
                                   {"column": column, "limit": str(limit)}))
    if len(errors) > before:
        return None
    return EmployeeRow(line, nip, raw["name"], email, raw["unit_code"], raw["position"], position_type, golongan,
                       status, supervisor, roles)


@dataclass(frozen=True)
class Known:
    """What the database already holds, loaded in a few queries before validation."""

    unit_codes: frozenset[str]
    supervisor_of: Mapping[str, str | None]  # NIP → supervisor NIP, for employees already stored
    email_owner: Mapping[str, str]  # e-mail (lower case) → NIP of the employee who has it


def check_file(raw_rows: Iterable[tuple[int, Mapping[str, str]]], known: Known) -> tuple[list[EmployeeRow],
                                                                                         list[RowError]]:
    """Validate every row and the rows together (duplicates, references, supervisor loops)."""
    errors: list[RowError] = []
    rows: list[EmployeeRow] = []
    seen_nip: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    for line, raw in raw_rows:
        row = check_row(line, raw, errors)
        if row is None:
            continue
        if row.nip in seen_nip:
            errors.append(RowError(line, N_("NIP %(nip)s sudah ada di baris %(other)s."),
                                   {"nip": row.nip, "other": str(seen_nip[row.nip])}))
            continue
        seen_nip[row.nip] = line
        if row.email:
            if row.email in seen_email:
                errors.append(RowError(line, N_("E-mail %(email)s sudah dipakai di baris %(other)s."),
                                       {"email": row.email, "other": str(seen_email[row.email])}))
                continue
            seen_email[row.email] = line
        if row.unit_code not in known.unit_codes:
            errors.append(RowError(line, N_("Kode unit \"%(code)s\" tidak dikenal. Buat unitnya dulu atau perbaiki "
                                            "kodenya."), {"code": row.unit_code}))
            continue
        rows.append(row)
    in_file = {row.nip for row in rows}
    for row in rows:
        owner = known.email_owner.get(row.email) if row.email else None
        if owner and owner != row.nip:
            errors.append(RowError(row.line, N_("E-mail %(email)s sudah dipakai pegawai lain (NIP %(nip)s)."),
                                   {"email": row.email, "nip": owner}))
        if row.supervisor_nip and row.supervisor_nip not in in_file and row.supervisor_nip not in known.supervisor_of:
            errors.append(RowError(row.line, N_("Atasan dengan NIP %(nip)s tidak ditemukan di berkas maupun di "
                                                "basis data."), {"nip": row.supervisor_nip}))
    chain = dict(known.supervisor_of)
    chain.update({row.nip: row.supervisor_nip for row in rows})
    loop = find_supervisor_loop(chain)
    if loop:
        lines = {row.nip: row.line for row in rows}
        errors.append(RowError(min(lines.get(n, 0) for n in loop) if any(n in lines for n in loop) else 0,
                               N_("Rantai atasan berputar: %(chain)s."), {"chain": " → ".join(loop + loop[:1])}))
    errors.sort(key=lambda e: e.line)
    return rows, errors
