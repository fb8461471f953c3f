"""`flask backup` / `flask restore` round trip on SQLite; PostgreSQL is refused with advice."""
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Employee
from tests import factories


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Employee))


def test_backup_and_restore_round_trip(app, runner, tmp_path, backend):
    if backend != "sqlite":
        result = runner.invoke(args=["backup", str(tmp_path / "x.sqlite3")])
        assert result.exit_code != 0
        assert "pg_dump" in result.output
        return
    factories.small_org()
    before = _count()
    target = tmp_path / "copy.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists()

    unit = factories.unit("BARU", "Unit Baru")
    factories.employee(unit, "Setelah Cadangan")
    db.session.commit()
    assert _count() == before + 1

    db.session.remove()
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Data lama disimpan" in result.output
    assert _count() == before


def test_backup_refuses_to_overwrite(app, runner, tmp_path, backend):
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"older backup")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code != 0
    assert ("sudah ada" if backend == "sqlite" else "pg_dump") in result.output
    assert target.read_bytes() == b"older backup"


def test_restore_rejects_a_file_that_is_not_a_backup(app, runner, tmp_path, backend):
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("bukan basis data")
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    if backend == "sqlite":
        assert "bukan cadangan" in result.output
