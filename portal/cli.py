"""Flask commands: seed-demo, create-admin (import-employees lives with the import service)."""
from __future__ import annotations

import csv
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from portal.domain.passwords import password_problems
from portal.domain.roles import HR_ADMIN
from portal.extensions import db


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only seed when the database holds no organisation yet.")
def seed_demo_command(if_empty: bool) -> None:
    """Create the demo city government (idempotent)."""
    from portal.services import demo

    if if_empty and not demo.is_empty():
        click.echo("Basis data sudah berisi organisasi; data demo tidak ditambahkan.")
        return
    result = demo.seed_demo()
    click.echo(("Organisasi demo dibuat" if result.created else "Organisasi demo sudah ada")
               + f": {result.employees} pegawai.")
    click.echo(f"Akun demo (kata sandi: {demo.DEMO_PASSWORD}):")
    for account in result.accounts:
        click.echo(f"  {account.role:<11} {account.login:<22} {account.name}")


@click.command("create-admin")
@click.option("--email", prompt="E-mail", help="Login e-mail of the new HR admin.")
@click.option("--name", prompt="Nama", help="Display name.")
@click.password_option("--password", prompt="Kata sandi", confirmation_prompt="Ulangi kata sandi")
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create an HR admin account that is not tied to an employee record."""
    from email_validator import EmailNotValidError, validate_email

    from portal.models import User

    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="--email") from None
    problems = password_problems(password, email)
    if problems:
        raise click.BadParameter(" ".join(problems), param_hint="--password")
    if db.session.scalar(select(func.count()).select_from(User).where(func.lower(User.email) == email)):
        raise click.ClickException(f"Akun dengan e-mail {email} sudah ada.")
    user = User(email=email, display_name=name.strip(), must_change_password=False)
    user.set_password(password)
    user.set_roles({HR_ADMIN})
    db.session.add(user)
    db.session.commit()
    click.echo(f"Admin {email} dibuat.")


@click.command("import-employees")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report what would change; write nothing.")
@click.option("--passwords-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the one-time passwords of new accounts (required when accounts are created).")
def import_employees_command(csv_file: Path, dry_run: bool, passwords_out: Path | None) -> None:
    """Upsert employees by NIP from a CSV file: all rows or none."""
    from portal.domain.employee_rows import describe
    from portal.services import importer

    data = csv_file.read_bytes()
    check = importer.import_employees(data, dry_run=True)
    if check.ok and check.created and not dry_run and passwords_out is None:
        raise click.UsageError(f"Impor ini membuat {check.created} akun baru; beri --passwords-out BERKAS untuk "
                               "menyimpan kata sandi sekali pakai mereka.")
    if check.ok and not dry_run:
        if passwords_out is not None and passwords_out.exists():
            raise click.UsageError(f"{passwords_out} sudah ada; pilih nama berkas baru.")
        total = check.rows + check.created * 2
        with click.progressbar(length=total, label="Mengimpor pegawai") as bar:
            result = importer.import_employees(data, progress=bar.update)
    else:
        result = check
    if not result.ok:
        click.echo(f"Berkas ditolak; tidak ada yang disimpan. {len(result.errors)} kesalahan:", err=True)
        for error in result.errors:
            where = f"baris {error.line}: " if error.line else ""
            click.echo(f"  {where}{describe(error)}", err=True)
        raise SystemExit(1)
    summary = (f"{result.rows} baris valid: {result.created} pegawai baru, {result.updated} diperbarui, "
               f"{result.unchanged} tidak berubah.")
    click.echo(summary + (" Tidak ada yang disimpan (--dry-run)." if dry_run else " Tersimpan."))
    if result.new_accounts and passwords_out is not None:
        passwords_out.touch(mode=0o600)
        with passwords_out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["nip", "name", "one_time_password"])
            writer.writerows((a.nip, a.name, a.password) for a in result.new_accounts)
        click.echo(f"Kata sandi sekali pakai {len(result.new_accounts)} akun baru ditulis ke {passwords_out} "
                   "(hanya bisa dibaca Anda). Serahkan secara pribadi, lalu hapus berkasnya.")


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target: Path | None) -> None:
    """Write a consistent copy of the SQLite database (default: instance/backups/)."""
    from portal.services import backup

    try:
        path = backup.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Cadangan ditulis ke {path}")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(source: Path, yes: bool) -> None:
    """Replace the SQLite database with a backup (the current data is saved first). Stop the portal first."""
    from portal.extensions import db
    from portal.services import backup

    if not yes:
        click.confirm("Semua data saat ini akan diganti dengan isi cadangan. Lanjutkan?", abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        safety = backup.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    if safety:
        click.echo(f"Data lama disimpan di {safety}")
    click.echo(f"Basis data dipulihkan dari {source}")


@click.command("export-report")
@click.option("--cycle", "cycle_id", type=int, required=True, help="Cycle id.")
@click.option("--nip", required=True, help="The employee's NIP.")
def export_report_command(cycle_id: int, nip: str) -> None:
    """Print one development report as JSON (the data of the report page)."""
    import json

    from portal.models import Employee
    from portal.services import reports

    employee = db.session.scalar(select(Employee).where(Employee.nip == nip.strip()))
    snap = reports.snapshot(cycle_id, employee.id) if employee is not None else None
    if snap is None:
        raise click.ClickException(f"Laporan untuk NIP {nip} di siklus {cycle_id} tidak ditemukan "
                                   "(laporan dibuat saat siklus ditutup).")
    click.echo(json.dumps(reports.export(snap), ensure_ascii=False, indent=2, sort_keys=True))


@click.command("export-skill-gaps")
@click.option("--cycle", "cycle_id", type=int, required=True, help="Cycle id.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
def export_skill_gaps_command(cycle_id: int, fmt: str) -> None:
    """Print the competency x unit skill-gap matrix of a closed cycle."""
    import json

    from portal.domain import cycle_rules
    from portal.models import Cycle
    from portal.services import skill_gaps

    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None or cycle.state not in (cycle_rules.CLOSED, cycle_rules.RELEASED):
        raise click.ClickException(f"Siklus {cycle_id} tidak ditemukan atau belum ditutup.")
    cells = [{"unit": c.unit_name, "unit_id": c.unit_id, "competency": c.competency_code,
              "competency_name": c.competency_name, "employees": c.employees,
              "average": None if c.average is None else str(c.average), "below_expectation": c.below}
             for c in skill_gaps.matrix(cycle)]
    if fmt == "json":
        click.echo(json.dumps({"cycle": {"id": cycle.id, "name": cycle.name}, "k": cycle.min_group_size,
                               "cells": cells}, ensure_ascii=False, indent=2))
        return
    out = click.get_text_stream("stdout")
    writer = csv.DictWriter(out, fieldnames=list(cells[0]) if cells else ["unit"])
    writer.writeheader()
    writer.writerows(cells)


@click.command("generate-data")
@click.option("--employees", type=click.IntRange(10, 200_000), required=True, help="How many employees.")
@click.option("--seed", type=int, default=360, show_default=True, help="Random seed (same seed, same data).")
def generate_data_command(employees: int, seed: int) -> None:
    """Add a realistic organisation with an answered and an open cycle (for benchmarks and trials)."""
    import time

    from portal.services import generator

    started = time.perf_counter()

    def progress(step: str, done: int, total: int) -> None:
        click.echo(f"  {step}: {done}/{total} ({time.perf_counter() - started:.1f} s)")

    result = generator.generate(employees, seed, progress)
    click.echo(f"{result.employees} pegawai dibuat ({result.agency_code}) dalam {time.perf_counter() - started:.1f} s; "
               f"siklus terjawab {result.answered_cycle_id}, siklus terbuka {result.open_cycle_id}; "
               f"kata sandi semua akun: {result.password}")


@click.command("close-cycle")
@click.option("--cycle", "cycle_id", type=int, required=True, help="Cycle id.")
@click.option("--release", is_flag=True, help="Release the reports right after closing (or, closed, now).")
def close_cycle_command(cycle_id: int, release: bool) -> None:
    """Close a collecting cycle (computing every report) and, with --release, release its reports (rendering
    their findings) from the shell, e.g. for a very large cycle that would outlast a web request; with --release
    a cycle closed already is only released. The deadline check is confirmed, the audit log records no user."""
    import time
    from datetime import date

    from portal.models import Cycle
    from portal.services import cycles

    started = time.perf_counter()
    cycle = db.session.get(Cycle, cycle_id)
    closed_already = cycle is not None and cycle.state == "closed"
    targets = ("closed",) if not release else ("released",) if closed_already else ("closed", "released")
    for target in targets:
        problems = cycles.transition(cycle_id, target, None, True, date.today())
        if problems:
            raise click.ClickException("; ".join(p.message % p.params if p.params else p.message for p in problems))
    click.echo(f"Siklus {cycle_id} {'dirilis' if release else 'ditutup'} dalam {time.perf_counter() - started:.1f} s.")


@click.command("store-findings")
@click.option("--cycle", "cycle_id", type=int, required=True, help="Cycle id (closed or released).")
def store_findings_command(cycle_id: int) -> None:
    """Render and store the findings of every report of a closed cycle (again), as its release does: after a
    deployment that changed how findings look, their first views would otherwise each render them."""
    import time

    from portal.models import Cycle
    from portal.reports import findings

    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None or cycle.state not in ("closed", "released"):
        raise click.ClickException(f"Siklus {cycle_id} tidak ada atau belum ditutup: belum ada laporan.")
    started = time.perf_counter()
    stored = findings.store_for_cycle(cycle)
    click.echo(f"Temuan {stored} laporan siklus {cycle_id} disimpan dalam {time.perf_counter() - started:.1f} s.")


@click.command("seed-catalogue")
def seed_catalogue_command() -> None:
    """Add the starter training catalogue's missing entries."""
    from portal.services import trainings

    added = trainings.seed_catalogue()
    db.session.commit()
    click.echo(f"{added} pelatihan ditambahkan ke katalog.")


def init_app(app: Flask) -> None:
    app.cli.add_command(export_report_command)
    app.cli.add_command(export_skill_gaps_command)
    app.cli.add_command(seed_catalogue_command)
    app.cli.add_command(generate_data_command)
    app.cli.add_command(close_cycle_command)
    app.cli.add_command(store_findings_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(import_employees_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
