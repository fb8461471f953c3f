"""Online backup and restore of the embedded SQLite database (PostgreSQL: use pg_dump / pg_restore)."""
from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """The backup or restore cannot be done; the message says why and what to do."""


def sqlite_path(database_uri: str) -> Path:
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        raise BackupError("Backup/restore bawaan hanya untuk SQLite. Untuk PostgreSQL gunakan pg_dump dan "
                          "pg_restore (lihat README).")
    if not url.database or url.database == ":memory:":
        raise BackupError("Basis data SQLite ini ada di memori; tidak ada yang bisa dicadangkan.")
    return Path(url.database)


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # a consistent copy even while the portal is writing
    finally:
        dst.close()
        src.close()


def backup(database_uri: str, target: Path | None = None) -> Path:
    """Write a consistent copy of the live database and return its path."""
    live = sqlite_path(database_uri)
    if not live.exists():
        raise BackupError(f"Basis data {live} belum ada. Jalankan `make run` atau `flask db upgrade` dulu.")
    if target is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = live.parent / "backups" / f"cermin360-{stamp}.sqlite3"
    target = Path(target)
    if target.exists():
        raise BackupError(f"Berkas {target} sudah ada; pilih nama lain agar cadangan lama tidak tertimpa.")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(live, target)
    target.chmod(0o600)
    return target


def _check_backup_file(path: Path) -> None:
    if not path.exists():
        raise BackupError(f"Berkas cadangan {path} tidak ditemukan.")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            version = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'employee'"
                                   ).fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} bukan cadangan Cermin 360 yang valid ({error}).") from None
    if ok != "ok" or not version:
        raise BackupError(f"{path} rusak atau bukan cadangan Cermin 360 (pemeriksaan integritas: {ok}).")


def restore(database_uri: str, source: Path) -> Path:
    """Replace the live database with ``source`` (checked first). Returns the safety copy of the old data."""
    live = sqlite_path(database_uri)
    source = Path(source)
    _check_backup_file(source)
    safety = None
    if live.exists():
        safety = backup(database_uri, live.parent / "backups" /
                        f"before-restore-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S-%f')}.sqlite3")
    live.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(live)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return safety
