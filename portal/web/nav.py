"""The main navigation: one entry per audience, shown only to roles that may use it."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for

from portal.cache import app_cache
from portal.domain.roles import EMPLOYEE, HR_ADMIN, SUPERVISOR, TRAINER
from portal.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class NavEntry:
    role: str
    endpoint: str
    label: object  # a lazy string
    description: object


@dataclass(frozen=True)
class NavItem:
    url: str
    label: object  # a lazy string, translated where it is shown
    description: object
    prefix: str  # the first part of the URL's path: the item is current on pages whose path starts with it


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


def _items(roles: frozenset[str]) -> tuple[NavItem, ...]:
    items = []
    for entry in ENTRIES:
        if entry.role in roles and entry.endpoint in current_app.view_functions:
            url = url_for(entry.endpoint)
            prefix = "/" + url.strip("/").split("/")[0] if url.strip("/") else "/"
            items.append(NavItem(url, entry.label, entry.description, prefix))
    return tuple(items)


def menu(roles: frozenset[str]) -> tuple[NavItem, ...]:
    """The entries ``roles`` may use, made once per worker for each set of roles (and the prefix the app is
    served under, which is in every URL)."""
    return app_cache("menus").get((request.script_root, roles), lambda: _items(roles))


def current(items: tuple[NavItem, ...], path: str) -> tuple[int, ...]:
    """The places in ``items`` of the entries that ``path`` is under."""
    return tuple(place for place, item in enumerate(items) if path.startswith(item.prefix))
