"""Tables of report figures as downloadable CSV and XLSX files, safe to open in a spreadsheet.

Every text cell goes through :func:`neutralise`: text that a spreadsheet would run as a formula (OWASP "CSV
injection") gets a leading apostrophe, and characters XML 1.0 cannot carry are dropped, so names, comments and
unit titles typed by users can never become formulas. Numbers and dates stay numbers and dates.

Identifiers such as NIP (18 digits) belong in ``str`` cells: Excel keeps only 15 significant digits.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

Cell = str | int | Decimal | float | date | None

# First characters that make a spreadsheet read a cell as a formula (OWASP), and to be safe their full-width
# forms too.
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
# Everything outside the XML 1.0 Char production; openpyxl refuses the control characters and a file holding
# U+FFFE/U+FFFF or a lone surrogate cannot be read back.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31  # Excel's limit, counted in UTF-16 code units
_RESERVED_SHEETS = frozenset({"history"})  # Excel keeps this name for change tracking
_DEFAULT_CREATED = datetime(2000, 1, 1)
_MAX_WIDTH = 60


@dataclass(frozen=True)
class Table:
    """One sheet (XLSX) or block (CSV): notes are printed above the header, one line each."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Lists are accepted and frozen, so a Table stays hashable and immutable.
        object.__setattr__(self, "headers", tuple(self.headers))
        object.__setattr__(self, "rows", tuple(tuple(row) for row in self.rows))
        object.__setattr__(self, "notes", tuple(self.notes))
        if not self.headers:
            raise ValueError(f"table {self.title!r} has no columns")
        for text in (self.title, *self.headers, *self.notes):
            if not isinstance(text, str):
                raise TypeError(f"table {self.title!r}: titles, headers and notes must be text, not {text!r}")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.headers):
                raise ValueError(f"table {self.title!r}, row {number}: {len(row)} cells for "
                                 f"{len(self.headers)} columns")
            for value in row:
                _check_cell(value, self.title, number)


def _check_cell(value: object, title: str, number: int) -> None:
    where = f"table {title!r}, row {number}"
    # bool is an int to Python but would print as "True"; time and timedelta have no agreed rendering here.
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal, float, date, type(None))):
        raise TypeError(f"{where}: unsupported cell {value!r}")
    if isinstance(value, (Decimal, float)) and not Decimal(value).is_finite():
        raise ValueError(f"{where}: spreadsheets cannot hold {value}")
    if isinstance(value, datetime) and value.tzinfo is not None:
        raise ValueError(f"{where}: convert {value} to local time without tzinfo first")


def neutralise(value: str) -> str:
    """Text as a spreadsheet will show it and never run it: XML-illegal characters dropped, and a leading
    apostrophe when it starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return)."""
    value = _ILLEGAL.sub("", value)
    return "'" + value if value[:1] in FORMULA_STARTS else value


def to_csv(tables: Table | Sequence[Table], decimal_comma: bool = False) -> bytes:
    """UTF-8 CSV with a byte order mark, so Excel reads Indonesian text right.

    ``decimal_comma`` is for Excel set to Indonesian: ``;`` between cells and ``1,5`` for one and a half.
    A single table is its notes, header and rows; several tables each start with their title row and are
    separated by a blank line.
    """
    tables = _as_tables(tables)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";" if decimal_comma else ",")
    for index, table in enumerate(tables):
        if len(tables) > 1:
            if index:
                writer.writerow([])
            writer.writerow([neutralise(table.title)])
        for note in table.notes:
            writer.writerow([neutralise(note)])
        writer.writerow([neutralise(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([_csv_text(value, decimal_comma) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_text(value: Cell, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    # repr is a float's shortest exact decimal form; "f" never writes an exponent (1E+2 → 100).
    number = format(value if isinstance(value, Decimal) else Decimal(repr(value)), "f")
    return number.replace(".", ",") if decimal_comma else number


def to_xlsx(tables: Table | Sequence[Table], created: datetime | None = None) -> bytes:
    """An Excel workbook with one sheet per table: notes on top, a bold frozen header with a filter, real
    numbers and dates. The same tables and ``created`` give the same bytes."""
    tables = _as_tables(tables)
    created = _naive_utc(created or _DEFAULT_CREATED)
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = workbook.properties.lastModifiedBy = "Cermin 360"
    workbook.properties.created = workbook.properties.modified = created
    taken: set[str] = set(_RESERVED_SHEETS)
    for table in tables:
        name = _sheet_name(table.title, taken)
        taken.add(name.casefold())
        _fill_sheet(workbook.create_sheet(name), table)
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which would stamp the current time as "modified".
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _restamp(buffer.getvalue(), created)


def _fill_sheet(sheet, table: Table) -> None:
    for number, note in enumerate(table.notes, start=1):
        _put(sheet.cell(number, 1), note)
    header_row = len(table.notes) + 1
    bold = Font(bold=True)
    for column, header in enumerate(table.headers, start=1):
        cell = sheet.cell(header_row, column)
        _put(cell, header)
        cell.font = bold
    for number, row in enumerate(table.rows, start=header_row + 1):
        for column, value in enumerate(row, start=1):
            _put(sheet.cell(number, column), value)
    last = get_column_letter(len(table.headers))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(table.rows)}"
    for column, header in enumerate(table.headers, start=1):
        longest = max((_width(row[column - 1]) for row in table.rows), default=0)
        width = max(longest, _width(header)) + 2  # notes are left out: they may overflow into empty cells
        sheet.column_dimensions[get_column_letter(column)].width = min(width, _MAX_WIDTH)


def _put(cell, value: Cell) -> None:
    if isinstance(value, str):
        # XML turns a bare CR into LF on reading, so write the line break Excel itself uses.
        text = neutralise(value).replace("\r\n", "\n").replace("\r", "\n")
        cell.value = text or None  # an empty string would be an empty but typed cell
        if text:
            cell.data_type = "s"  # openpyxl would store "#N/A" and the like as error values
        return
    if isinstance(value, datetime):
        value = value.replace(microsecond=0)  # whole seconds, as in the CSV
    cell.value = value
    if isinstance(value, Decimal):
        cell.number_format = "0.00"
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"


def _width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    if isinstance(value, str):
        return max(len(line) for line in neutralise(value).splitlines() or [""])
    return len(_csv_text(value, False))


def _sheet_name(title: str, taken: Collection[str]) -> str:
    """A valid Excel sheet name from a title, unique against ``taken`` (case-folded names)."""
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", _ILLEGAL.sub("", title)).split())
    base = _clip(base, _SHEET_MAX).strip(" '") or "Lembar"
    name, counter = base, 1
    while name.casefold() in taken:
        counter += 1
        suffix = f" ({counter})"
        name = _clip(base, _SHEET_MAX - len(suffix)).rstrip(" '") + suffix
    return name


def _clip(text: str, units: int) -> str:
    """At most ``units`` UTF-16 code units, never splitting a character."""
    while len(text.encode("utf-16-le")) > 2 * units:
        text = text[:-1]
    return text


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _restamp(data: bytes, moment: datetime) -> bytes:
    """The same archive with every member dated ``moment`` instead of the time of writing."""
    stamp = max(moment, datetime(1980, 1, 1)).timetuple()[:6]  # the zip format starts in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = member.external_attr
            target.writestr(info, source.read(member))
    return out.getvalue()


def _as_tables(tables: Table | Sequence[Table]) -> tuple[Table, ...]:
    tables = (tables,) if isinstance(tables, Table) else tuple(tables)
    if not tables:
        raise ValueError("nothing to export")
    return tables


def safe_filename(text: str, extension: str) -> str:
    """An ASCII file name for Content-Disposition: "Laporan Semester I 2026", "xlsx" →
    "laporan-semester-i-2026.xlsx". Never empty, at most 80 characters."""
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:10]
    suffix = f".{extension}" if extension else ""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:80 - len(suffix)].rstrip("-") or "export"
    return slug + suffix
