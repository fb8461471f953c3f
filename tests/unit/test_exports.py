"""CSV and XLSX exports: formula-injection defence, numbers stay numbers, layout, unicode, file names."""
import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from portal.domain.exports import Table, neutralise, safe_filename, to_csv, to_xlsx

DANGEROUS = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]
BOM = "\ufeff"


def xml_legal(char: str) -> bool:
    """The XML 1.0 Char production, written out independently of the module's pattern."""
    code = ord(char)
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)


def legal(text: str) -> str:
    return "".join(c for c in text if xml_legal(c))


def csv_rows(data: bytes, delimiter: str = ",") -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM):], newline=""), delimiter=delimiter))


def sheets(data: bytes):
    return load_workbook(io.BytesIO(data))


def one_cell(value) -> Table:
    return Table("Uji", ("Nilai",), ((value,),))


def scores_table(**kwargs) -> Table:
    return Table(
        kwargs.pop("title", "Skor Kompetensi"),
        ("Kompetensi", "Skor", "Responden", "Tanggal"),
        (("Integritas", Decimal("3.45"), 7, date(2026, 6, 30)),
         ("Kerja sama", Decimal("-0.50"), -2, None)),
        **kwargs,
    )


@pytest.mark.parametrize("start", DANGEROUS)
def test_neutralise_prefixes_formula_starts(start):
    assert neutralise(start + "SUM(A1:A9)") == "'" + start + "SUM(A1:A9)"


@pytest.mark.parametrize("text", ["Integritas", "'=already quoted", " =1+1", "a=b", "", "3.5", "#N/A"])
def test_neutralise_leaves_plain_text(text):
    assert neutralise(text) == text


def test_neutralise_strips_xml_illegal_characters():
    assert neutralise("a\x00b\x07c\x1fd\ufffe\uffffe") == "abcde"
    assert neutralise("\x00=1+1") == "'=1+1"  # stripping cannot uncover a formula
    assert neutralise("tab\there\nline\rend") == "tab\there\nline\rend"


@pytest.mark.parametrize("start", DANGEROUS)
def test_csv_cells_never_start_a_formula(start):
    payload = start + 'HYPERLINK("http://evil.example","klik")'
    rows = csv_rows(to_csv(Table("Uji", (start + "kolom",), ((payload,),), notes=(start + "catatan",))))
    assert rows == [["'" + start + "catatan"], ["'" + start + "kolom"], ["'" + payload]]


@pytest.mark.parametrize("start", DANGEROUS)
def test_xlsx_cells_never_hold_a_formula(start):
    payload = start + "cmd|' /C calc'!A0"
    sheet = sheets(to_xlsx(Table("Uji", (start + "kolom",), ((payload,),), notes=(start + "catatan",)))).active
    cells = [sheet["A1"], sheet["A2"], sheet["A3"]]
    # XLSX stores a carriage return as a line feed
    expected = ["'" + text.replace("\r", "\n") for text in (start + "catatan", start + "kolom", payload)]
    assert [c.value for c in cells] == expected
    assert all(c.data_type == "s" for c in cells)


def test_xlsx_error_codes_stay_text():
    cell = sheets(to_xlsx(one_cell("#N/A"))).active["A2"]
    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_negative_numbers_stay_numbers():
    assert csv_rows(to_csv(scores_table()))[2] == ["Kerja sama", "-0.50", "-2", ""]
    sheet = sheets(to_xlsx(scores_table())).active
    assert (sheet["B3"].value, sheet["B3"].data_type) == (-0.5, "n")
    assert (sheet["C3"].value, sheet["C3"].data_type) == (-2, "n")


def test_csv_starts_with_a_bom_and_is_utf8():
    data = to_csv(scores_table())
    assert data.startswith(b"\xef\xbb\xbf")
    assert csv_rows(data) == [
        ["Kompetensi", "Skor", "Responden", "Tanggal"],
        ["Integritas", "3.45", "7", "2026-06-30"],
        ["Kerja sama", "-0.50", "-2", ""],
    ]


def test_csv_decimal_comma_for_indonesian_excel():
    data = to_csv(scores_table(), decimal_comma=True)
    assert data.decode("utf-8").splitlines()[1] == "Integritas;3,45;7;2026-06-30"
    assert csv_rows(data, ";")[2] == ["Kerja sama", "-0,50", "-2", ""]


@pytest.mark.parametrize(("value", "point", "comma"), [
    (Decimal("1E+3"), "1000", "1000"),
    (Decimal("1.5E-7"), "0.00000015", "0,00000015"),
    (1e-07, "0.0000001", "0,0000001"),
    (2.5, "2.5", "2,5"),
    (1e20, "100000000000000000000", "100000000000000000000"),
])
def test_csv_numbers_have_no_exponent(value, point, comma):
    assert csv_rows(to_csv(one_cell(value)))[1] == [point]
    assert csv_rows(to_csv(one_cell(value), decimal_comma=True), ";")[1] == [comma]


def test_datetime_cells():
    moment = datetime(2026, 7, 1, 8, 30, 15, 999)
    assert csv_rows(to_csv(one_cell(moment)))[1] == ["2026-07-01 08:30:15"]
    cell = sheets(to_xlsx(one_cell(moment))).active["A2"]
    assert cell.value == datetime(2026, 7, 1, 8, 30, 15)
    assert cell.is_date


def test_notes_come_before_the_header():
    table = scores_table(notes=("Siklus: Semester I 2026", "Kelompok < 3 penilai disembunyikan"))
    rows = csv_rows(to_csv(table))
    assert rows[:3] == [["Siklus: Semester I 2026"], ["Kelompok < 3 penilai disembunyikan"],
                        ["Kompetensi", "Skor", "Responden", "Tanggal"]]
    sheet = sheets(to_xlsx(table)).active
    assert [sheet.cell(r, 1).value for r in (1, 2, 3, 4)] == [
        "Siklus: Semester I 2026", "Kelompok < 3 penilai disembunyikan", "Kompetensi", "Integritas"]
    assert sheet.cell(1, 2).value is None
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:D5"
    assert sheet.cell(3, 1).font.bold and not sheet.cell(4, 1).font.bold


def test_xlsx_types_formats_and_widths():
    sheet = sheets(to_xlsx(scores_table())).active
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    assert (sheet["B2"].value, sheet["B2"].number_format) == (3.45, "0.00")
    assert sheet["C2"].value == 7
    assert sheet["D2"].value == datetime(2026, 6, 30) and sheet["D2"].is_date
    assert sheet["D3"].value is None
    assert sheet.column_dimensions["A"].width == len("Kompetensi") + 2
    assert sheet.column_dimensions["D"].width == len("2026-06-30") + 2


def test_column_width_is_capped():
    sheet = sheets(to_xlsx(one_cell("panjang " * 40))).active
    assert sheet.column_dimensions["A"].width == 60


def test_multiple_tables():
    second = Table("Responden", ("Sumber", "Jumlah"), (("Rekan kerja", 4),), notes=("Catatan",))
    rows = csv_rows(to_csv([scores_table(), second]))
    assert rows[0] == ["Skor Kompetensi"]
    assert rows[1] == ["Kompetensi", "Skor", "Responden", "Tanggal"]
    assert rows[4:] == [[], ["Responden"], ["Catatan"], ["Sumber", "Jumlah"], ["Rekan kerja", "4"]]
    book = sheets(to_xlsx((scores_table(), second)))
    assert book.sheetnames == ["Skor Kompetensi", "Responden"]
    assert book["Responden"]["A3"].value == "Rekan kerja"


def test_a_single_table_has_no_title_row():
    assert csv_rows(to_csv(scores_table()))[0][0] == "Kompetensi"


def test_nothing_to_export():
    with pytest.raises(ValueError):
        to_csv([])
    with pytest.raises(ValueError):
        to_xlsx(())


def test_sheet_names_are_sanitised_and_unique():
    titles = [
        "Laporan [Draft]: A/B\\C*D?",
        "Laporan Kesenjangan Kompetensi Semester I 2026",
        "Laporan Kesenjangan Kompetensi Semester I 2026 (ulang)",
        "laporan kesenjangan kompetensi semester I 2026",
        "",
        "[]:*?",
        "'Kutip'",
        "History",
        "Emoji 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
    ]
    names = sheets(to_xlsx([Table(t, ("a",), ()) for t in titles])).sheetnames
    assert names[0] == "Laporan Draft A B C D"
    assert names[1] == "Laporan Kesenjangan Kompetensi"
    assert names[2] == "Laporan Kesenjangan Kompete (2)"
    assert names[3] == "laporan kesenjangan kompete (3)"  # Excel compares names case-insensitively
    assert names[4:8] == ["Lembar", "Lembar (2)", "Kutip", "History (2)"]
    assert names[8].startswith("Emoji 😀") and len(names[8].encode("utf-16-le")) <= 62
    assert len({n.casefold() for n in names}) == len(names)
    assert all(len(n) <= 31 for n in names)


def test_illegal_control_characters_are_stripped():
    table = Table("Uji\x00", ("Na\x01ma",), (("Budi\x0bSantoso\x1b",),), notes=("cat\x08atan",))
    assert csv_rows(to_csv(table)) == [["catatan"], ["Nama"], ["BudiSantoso"]]
    sheet = sheets(to_xlsx(table)).active
    assert sheet.title == "Uji"
    assert [sheet.cell(r, 1).value for r in (1, 2, 3)] == ["catatan", "Nama", "BudiSantoso"]


UNICODE = "Penilaian kinerja ASN — “sangat baik” ✓ Ñandú 日本語 😀👍🏽 ﷺ"


def test_unicode_round_trip():
    table = Table("Umpan balik 😀", ("Komentar",), ((UNICODE,), ("baris satu\nbaris dua",)))
    assert csv_rows(to_csv(table))[1:] == [[UNICODE], ["baris satu\nbaris dua"]]
    sheet = sheets(to_xlsx(table))["Umpan balik 😀"]
    assert [sheet["A2"].value, sheet["A3"].value] == [UNICODE, "baris satu\nbaris dua"]


def test_rows_must_match_the_header():
    with pytest.raises(ValueError, match="row 2"):
        Table("Uji", ("a", "b"), (("x", 1), ("y",)))
    with pytest.raises(ValueError):
        Table("Uji", ("a",), (("x", 1),))
    with pytest.raises(ValueError):
        Table("Uji", (), ())


@pytest.mark.parametrize("value", [True, object(), 1j, [1]])
def test_unsupported_cells_are_refused(value):
    with pytest.raises(TypeError):
        one_cell(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")])
def test_non_finite_numbers_are_refused(value):
    with pytest.raises(ValueError):
        one_cell(value)


def test_table_freezes_lists():
    table = Table("Uji", ["a"], [[1], [2]], notes=["n"])
    assert table == Table("Uji", ("a",), ((1,), (2,)), ("n",))
    assert hash(table) == hash(Table("Uji", ("a",), ((1,), (2,)), ("n",)))


def test_xlsx_is_reproducible():
    created = datetime(2026, 7, 1, 9, 0)
    first = to_xlsx(scores_table(), created=created)
    assert to_xlsx(scores_table(), created=created) == first
    book = sheets(first)
    assert book.properties.created == created
    assert book.properties.modified == created
    assert sheets(to_xlsx(scores_table())).properties.created == datetime(2000, 1, 1)


@pytest.mark.parametrize(("text", "extension", "expected"), [
    ("Laporan Semester I 2026", "xlsx", "laporan-semester-i-2026.xlsx"),
    ("Laporan Semester I 2026", ".CSV", "laporan-semester-i-2026.csv"),
    ("Rekap IKM – Dinas Kependudukan & Pencatatan Sipil", "csv",
     "rekap-ikm-dinas-kependudukan-pencatatan-sipil.csv"),
    ("Penilaian Pegawai: Ñandú Café", "xlsx", "penilaian-pegawai-nandu-cafe.xlsx"),
    ("../../etc/passwd", "csv", "etc-passwd.csv"),
    ("", "xlsx", "export.xlsx"),
    ("😀 日本語 ---", "xlsx", "export.xlsx"),
    ("laporan", "", "laporan"),
])
def test_safe_filename(text, extension, expected):
    assert safe_filename(text, extension) == expected


def test_safe_filename_is_short():
    name = safe_filename("Laporan kesenjangan kompetensi " * 10, "xlsx")
    assert len(name) <= 80 and name.endswith(".xlsx") and "-." not in name


@given(st.text())
def test_csv_round_trip_is_always_neutralised(text):
    rows = csv_rows(to_csv(Table("Uji", ("Nilai",), ((text,),))))
    (cell,) = rows[1]
    expected = legal(text)
    assert cell[:1] not in DANGEROUS
    assert cell == expected or (cell == "'" + expected and expected[:1] in DANGEROUS)


@settings(max_examples=30, deadline=None)
@given(st.text())
def test_xlsx_round_trip_is_always_neutralised(text):
    cell = sheets(to_xlsx(Table("Uji", ("Nilai",), ((text,),)))).active["A2"]
    value = cell.value or ""
    expected = legal(text)
    stored = expected.replace("\r\n", "\n").replace("\r", "\n")
    assert cell.data_type in ("s", "n")  # an empty string comes back as an empty cell
    assert value[:1] not in DANGEROUS
    assert value == stored or (value == "'" + stored and expected[:1] in DANGEROUS)
