"""The employee import service: all or nothing, upsert by NIP, bulk on large files."""
from datetime import date

from sqlalchemy import func, select

from portal.domain.employee_rows import COLUMNS
from portal.domain.nip import make_pns_nip
from portal.extensions import db
from portal.models import Employee, User
from portal.services import importer
from tests import factories

HEADER = ",".join(COLUMNS)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def nip(i: int) -> str:
    year = 1960 + i % 30
    return make_pns_nip(date(year, 1 + i % 12, 1 + i % 28), year + 20 + i % 10, 1 + i % 12, "L" if i % 2 else "P",
                        1 + i % 999)


def csv_bytes(lines: list[str]) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def test_import_creates_employees_accounts_and_supervisor_chain(app):
    factories.unit("DINKES")
    db.session.commit()
    boss, staff = nip(1), nip(2)
    data = csv_bytes([
        f"{staff},Staf Satu,staf@x.go.id,DINKES,Perawat,fungsional,III/a,PNS,{boss},",
        f"{boss},Kepala Seksi,kasi@x.go.id,DINKES,Kepala Seksi,pengawas,III/d,PNS,,trainer",
    ])
    result = importer.import_employees(data)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    employee = db.session.scalar(select(Employee).filter_by(nip=staff))
    assert employee.supervisor.nip == boss
    accounts = {a.nip: a.password for a in result.new_accounts}
    user = db.session.scalar(select(User).filter_by(employee_id=employee.id))
    assert user.must_change_password
    assert user.check_password(accounts[staff])
    boss_user = db.session.scalar(select(User).join(Employee, User.employee_id == Employee.id).filter(Employee.nip == boss))
    assert boss_user.roles == {"trainer"}


def test_second_import_updates_and_counts_unchanged(app):
    factories.unit("DINKES")
    db.session.commit()
    lines = [f"{nip(1)},A,a@x.go.id,DINKES,Staf,pelaksana,II/c,PNS,,", f"{nip(2)},B,b@x.go.id,DINKES,Staf,pelaksana,,PNS,,"]
    assert importer.import_employees(csv_bytes(lines)).ok
    lines[0] = lines[0].replace(",A,", ",A Baru,")
    result = importer.import_employees(csv_bytes(lines))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert result.new_accounts == []
    assert db.session.scalar(select(Employee.name).filter_by(nip=nip(1))) == "A Baru"


def test_one_bad_row_rejects_the_whole_file(app):
    factories.unit("DINKES")
    db.session.commit()
    before = count(Employee)
    data = csv_bytes([f"{nip(1)},A,a@x.go.id,DINKES,Staf,pelaksana,,PNS,,",
                      f"{nip(2)},B,b@x.go.id,NOPE,Staf,pelaksana,,PNS,,"])
    result = importer.import_employees(data)
    assert not result.ok
    assert [e.line for e in result.errors] == [3]
    assert count(Employee) == before


def test_supervisor_loop_with_the_database_is_refused(app):
    unit = factories.unit("DINKES")
    boss = factories.employee(unit, "Boss")
    staff = factories.employee(unit, "Staf", supervisor=boss)
    db.session.commit()
    data = csv_bytes([f"{boss.nip},Boss,boss@x.go.id,DINKES,Kepala,pengawas,,PNS,{staff.nip},"])
    result = importer.import_employees(data)
    assert any("Rantai atasan" in e.message for e in result.errors)
    db.session.refresh(boss)
    assert boss.supervisor_id is None


def test_dry_run_writes_nothing(app):
    factories.unit("DINKES")
    db.session.commit()
    result = importer.import_employees(csv_bytes([f"{nip(1)},A,a@x.go.id,DINKES,Staf,pelaksana,,PNS,,"]), dry_run=True)
    assert result.ok and result.created == 1
    assert count(Employee) == 0


def test_ten_thousand_rows(app):
    factories.unit("DINKES")
    db.session.commit()
    lines = []
    for i in range(10_000):
        supervisor = nip(i // 10 * 10) if i % 10 else ""
        lines.append(f"{nip(i)},Pegawai {i},p{i}@x.go.id,DINKES,Staf,pelaksana,III/a,PNS,{supervisor},")
    calls = []
    result = importer.import_employees(csv_bytes(lines), progress=calls.append)
    assert result.ok, result.errors[:3]
    assert result.created == 10_000
    assert count(Employee) == 10_000
    assert count(User) == 10_000
    assert sum(calls) > 10_000
    assert db.session.scalar(select(func.count()).select_from(Employee).where(Employee.supervisor_id.is_not(None))) == 9_000


def test_cli_import_writes_passwords_file(app, runner, tmp_path):
    factories.unit("DINKES")
    db.session.commit()
    source = tmp_path / "pegawai.csv"
    source.write_bytes(csv_bytes([f"{nip(1)},A,a@x.go.id,DINKES,Staf,pelaksana,,PNS,,"]))
    result = runner.invoke(args=["import-employees", str(source)])
    assert result.exit_code != 0
    assert "--passwords-out" in result.output
    out = tmp_path / "sandi.csv"
    result = runner.invoke(args=["import-employees", str(source), "--passwords-out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 pegawai baru" in result.output
    assert out.stat().st_mode & 0o777 == 0o600
    assert nip(1) in out.read_text()


def test_cli_reports_line_numbered_errors(app, runner, tmp_path):
    source = tmp_path / "pegawai.csv"
    source.write_bytes(csv_bytes([f"{nip(1)},A,a@x.go.id,NOPE,Staf,pelaksana,,PNS,,"]))
    result = runner.invoke(args=["import-employees", str(source)])
    assert result.exit_code == 1
    assert "baris 2: Kode unit \"NOPE\" tidak dikenal" in result.output
