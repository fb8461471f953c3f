"""Employee row rules: each bad value is reported with its line; the file is read as Excel writes it."""
import pytest

from portal.domain import employee_rows as rules
from portal.domain.nip import make_pns_nip

HEADER = ",".join(rules.COLUMNS)
NIP_A = "196711101992031001"
NIP_B = "198002152005012002"
KNOWN = rules.Known(unit_codes=frozenset({"DINKES"}), supervisor_of={}, email_owner={})


def parse(text: str):
    return rules.check_file(rules.read_rows(text), KNOWN)


def row(nip=NIP_A, name="Ahmad", email="a@x.go.id", unit="DINKES", position="Staf", ptype="pelaksana",
        gol="III/a", status="PNS", sup="", roles=""):
    return ",".join([nip, name, email, unit, position, ptype, gol, status, sup, roles])


def messages(errors):
    return [(e.line, e.message % dict(e.params) if e.params else e.message) for e in errors]


def test_valid_file_with_bom_and_semicolons():
    text = "\ufeff" + (HEADER + "\n" + row() + "\n").replace(",", ";")
    rows, errors = rules.check_file(rules.read_rows(rules.decode(text.encode("utf-8"))), KNOWN)
    assert errors == []
    assert rows[0].nip == NIP_A and rows[0].email == "a@x.go.id" and rows[0].line == 2


def test_latin1_file_is_refused_with_advice():
    with pytest.raises(rules.FileProblem) as problem:
        rules.decode((HEADER + "\n" + row(name="José")).encode("latin-1"))
    assert "UTF-8" in problem.value.message


@pytest.mark.parametrize("data", [b"", b"   \n"])
def test_empty_file(data):
    with pytest.raises(rules.FileProblem) as problem:
        rules.decode(data)
    assert "kosong" in problem.value.message


def test_header_only():
    with pytest.raises(rules.FileProblem) as problem:
        rules.read_rows(HEADER + "\n")
    assert "hanya berisi baris judul" in problem.value.message


def test_wrong_columns_are_named():
    with pytest.raises(rules.FileProblem) as problem:
        rules.read_rows("nip,nama\n1,2\n")
    text = problem.value.message % problem.value.params
    assert "Tidak ada: name, email" in text
    assert "Tidak dikenal: nama" in text


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        (row(nip="123"), "18 digit"),
        (row(email="bukan-email"), "tidak valid"),
        (row(unit="XX"), "Kode unit \"XX\""),
        (row(ptype="bos"), "Jenis jabatan"),
        (row(status="HONORER"), "PNS atau PPPK"),
        (row(gol="V/z"), "Golongan PNS"),
        (row(status="PPPK", gol="IX"), "berbentuk PNS"),
        (row(sup=NIP_B), "tidak ditemukan"),
        (row(sup=NIP_A), "atasan dirinya sendiri"),
        (row(roles="bos"), "Peran tidak dikenal"),
        (row(name=""), "name wajib diisi"),
        (row() + ",extra", "Jumlah kolom"),
    ],
)
def test_each_bad_row_kind_is_reported_on_its_line(line, fragment):
    rows, errors = parse(HEADER + "\n" + line + "\n")
    found = messages(errors)
    assert rows == [] or errors
    assert any(n == 2 and fragment in text for n, text in found), found


def test_duplicates_within_the_file():
    text = "\n".join([HEADER, row(), row(email="b@x.go.id"), row(nip=NIP_B)]) + "\n"
    _rows, errors = parse(text)
    found = messages(errors)
    assert (3, f"NIP {NIP_A} sudah ada di baris 2.") in found
    assert (4, "E-mail a@x.go.id sudah dipakai di baris 2.") in found


def test_supervisor_loop_across_file_and_database():
    known = rules.Known(frozenset({"DINKES"}), supervisor_of={NIP_B: NIP_A}, email_owner={})
    _rows, errors = rules.check_file(rules.read_rows(HEADER + "\n" + row(sup=NIP_B) + "\n"), known)
    assert any("Rantai atasan berputar" in text for _, text in messages(errors))


def test_email_of_another_employee_in_the_database():
    known = rules.Known(frozenset({"DINKES"}), supervisor_of={NIP_B: None}, email_owner={"a@x.go.id": NIP_B})
    _rows, errors = rules.check_file(rules.read_rows(HEADER + "\n" + row() + "\n"), known)
    assert any("sudah dipakai pegawai lain" in text for _, text in messages(errors))


def test_supervisor_later_in_the_same_file_is_fine():
    boss = make_pns_nip(__import__("datetime").date(1970, 1, 1), 1995, 3, "L", 7)
    text = "\n".join([HEADER, row(sup=boss), row(nip=boss, email="boss@x.go.id")]) + "\n"
    rows, errors = parse(text)
    assert errors == []
    assert len(rows) == 2
