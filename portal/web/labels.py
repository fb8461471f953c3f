"""Display labels shared by several audiences (sources, states), translated at render time."""
from __future__ import annotations

from flask import Flask

from portal.domain.cycle_rules import STATE_LABELS
from portal.i18n import lazy_gettext as _l

SOURCE_LABELS = {
    "self": _l("Diri sendiri"),
    "supervisor": _l("Atasan"),
    "peer": _l("Rekan kerja"),
    "report": _l("Bawahan langsung"),
    "public": _l("Masyarakat"),
    "others": _l("Gabungan penilai lain"),
    "all_others": _l("Semua penilai lain"),
}
ASSIGNMENT_STATE_LABELS = {
    "proposed": _l("Menunggu persetujuan atasan"),
    "active": _l("Disetujui"),
    "removed": _l("Dihapus"),
    "completed": _l("Disetujui"),  # never tell a subject which peer has answered
}


def init_app(app: Flask) -> None:
    from portal.i18n import gettext

    app.jinja_env.globals.update(
        SOURCE_LABELS=SOURCE_LABELS, ASSIGNMENT_STATE_LABELS=ASSIGNMENT_STATE_LABELS,
        cycle_state_label=lambda state: gettext(STATE_LABELS[state]) if state in STATE_LABELS else state,
    )
