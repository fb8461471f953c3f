"""The main navigation: one entry per audience, shown only to roles that may use it."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, url_for

from portal.domain.roles import EMPLOYEE, HR_ADMIN, SUPERVISOR, TRAINER
from portal.i18n import lazy_gettext as _l
from portal.security import current_roles


@dataclass(frozen=True)
class NavEntry:
    role: str
    endpoint: str
    label: object  # a lazy string
    description: object


# Order is the order in the menu. Entries whose endpoint is not registered are left out.
ENTRIES = (
    NavEntry(EMPLOYEE, "self_review.tasks", _l("Tugas penilaian"),
             _l("Isi penilaian diri dan penilaian untuk rekan kerja.")),
    NavEntry(EMPLOYEE, "peers.nominations", _l("Nominasi rekan"), _l("Usulkan rekan kerja yang menilai Anda.")),
    NavEntry(EMPLOYEE, "reports.mine", _l("Laporan saya"),
             _l("Baca laporan pengembangan dan susun rencana pengembangan.")),
    NavEntry(SUPERVISOR, "supervisors.team", _l("Tim saya"),
             _l("Setujui nominasi, nilai bawahan langsung, pantau kemajuan tim.")),
    NavEntry(TRAINER, "trainers.skill_gaps", _l("Kesenjangan kompetensi"),
             _l("Lihat kompetensi yang perlu dikembangkan dan siapa yang perlu pelatihan.")),
    NavEntry(HR_ADMIN, "admin.index", _l("Administrasi"),
             _l("Kelola unit, pegawai, kerangka kompetensi, siklus, dan rilis laporan.")),
)


def nav_items() -> list[dict]:
    roles = current_roles()
    items = []
    for entry in ENTRIES:
        if entry.role in roles and entry.endpoint in current_app.view_functions:
            url = url_for(entry.endpoint)
            prefix = "/" + url.strip("/").split("/")[0] if url.strip("/") else "/"
            items.append({"url": url, "label": entry.label, "description": entry.description, "prefix": prefix})
    return items


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"nav_items": nav_items()})
