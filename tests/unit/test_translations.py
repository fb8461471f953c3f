"""Every user-facing string has an English translation (Indonesian is the source language)."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "portal/translations/en/LC_MESSAGES/messages.po"


def _ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def _translated(string: str | tuple) -> bool:
    """A plural entry is a tuple of forms; every form must be filled in."""
    return bool(string) if isinstance(string, str) else all(string)


def test_every_source_string_is_in_the_english_catalogue(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "-k", "N_", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    missing = _ids(pot) - _ids(CATALOG)
    assert not missing, f"run `make messages` and translate: {sorted(missing)[:10]}"


def test_every_english_entry_is_translated():
    with CATALOG.open("rb") as handle:
        untranslated = [m.id for m in read_po(handle) if m.id and not m.fuzzy and not _translated(m.string)]
    assert untranslated == []
