"""A report's findings (``reports/_findings.html``) as markup: the same for everyone who reads the report in one
language, apart from the employee's own links to the plan (``widgets.for_reader``).

They are made from the frozen snapshot (with the unit's averages and the suggested trainings its close stored)
and from what the page reads with it (the trends, the catalogue's revision, which names how it describes the
suggested trainings), so they are kept: per worker, for each report shown (``portal.web.cache``), and, in the
default language, in the database (``ReportFindings``), rendered when the reports are released, so that the
first view of each report the morning after is not rendered either.
What is stored carries a digest of everything it was made of (``key``), the code that renders it included; a
page that finds another digest (a training edited, a new deployment) renders the findings afresh.
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from flask import Flask, current_app, url_for
from flask_babel import force_locale, get_locale
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import joinedload

from portal.domain import charts, cycle_rules as rules
from portal.domain.report import GROUP_LABELS, HIGH_RULE, QUADRANT_LABELS, QUADRANTS
from portal.domain.text import ascii_markup
from portal.extensions import db
from portal.i18n import fixed_formatter, format_fixed, gettext as _, markup_translator
from portal.models import ReportFindings, ReportSnapshot
from portal.services import bulk, reports
from portal.services.cycles import AFTER_TRANSITION_HOOKS
from portal.web.cache import render_cache
from portal.web.widgets import ReportAdvice, ReportTables, ScoreCells, for_reader, training_lines

log = logging.getLogger(__name__)
TEMPLATE = "reports/_findings.html"
STORED_LOCALE = reports.STORED_LOCALE  # the default language: the one most reports are read in
CHUNK = 200  # reports rendered per task while a cycle's findings are stored
ROOT = Path(__file__).resolve().parents[2]
# What decides the findings' markup besides the values in ``key``: a deployment that changes one of these
# leaves the stored findings unused (each page renders them) until ``flask store-findings`` stores them again.
RENDERING_FILES = ("templates/reports/_findings.html", "portal/reports/findings.py", "portal/web/widgets.py",
                   "portal/domain/charts.py", "portal/domain/report.py", "portal/i18n.py",
                   "portal/domain/text.py", "portal/web/ascii.py")


def _value(value) -> str:
    return format_fixed(value, 2)


def _chart(view) -> str | None:
    rows = [r for r in view.report.competencies if r.all_others is not None or r.scores.get("self") is not None]
    if not rows:
        return None
    return charts.comparison_chart(
        "chart-self-others", _("Diri sendiri dibandingkan semua penilai lain"),
        _("Skor per kompetensi pada skala 1 sampai 5. Angka yang sama ada di tabel di bawah grafik."),
        [f"{r.code} {r.name}" for r in rows],
        [charts.Series(_("Diri sendiri"), [r.scores.get("self") for r in rows]),
         charts.Series(_("Semua penilai lain"), [r.all_others for r in rows])],
        1, 5, format_value=fixed_formatter(2), missing_label=_("tidak ada"))


def context(view, own: bool) -> dict:
    """What ``reports/_findings.html`` renders: values fixed when the cycle closed, the suggested trainings,
    and, for the employee (``own``), links that put a suggestion into the plan."""
    translate = markup_translator()
    return dict(
        view=view, report=view.report, snap=view.snapshot, own=own, chart=_chart(view),
        names={r.code: r.name for r in view.report.competencies},
        # Translated once per page: the tables repeat these labels in every row.
        group_labels={key: _(label) for key, label in GROUP_LABELS.items()},
        quadrant_labels={key: _(label) for key, label in QUADRANT_LABELS.items()}, quadrants=QUADRANTS,
        tables=ReportTables(ScoreCells([g.group for g in view.report.groups], _("disembunyikan"),
                                       lambda reason: _(reason, k=view.report.k), fixed_formatter(2)),
                            fixed_formatter(2), translate),
        advice=ReportAdvice(translate, fixed_formatter(2), training_lines(str(get_locale()))),
        plan_link=lambda code: url_for("reports.new_plan_item", snapshot=view.snapshot.id, competency=code),
        high_rule=_(HIGH_RULE, high=_value(view.report.high)))


def render(view) -> str:
    """The employee's findings in the current language, their own links marked (``widgets.for_reader``).

    Without the context processors (the menu, the request, the session): what is kept may hold nothing of the
    request it was first made for, and a first view skips making the menu a second time."""
    # ASCII (comments and names too): what every reader's page is made of is encoded for it as a plain copy.
    return ascii_markup(current_app.jinja_env.get_template(TEMPLATE).render(**context(view, True)))


def key(view) -> tuple:
    """Everything the findings are made of besides the snapshot itself (its id and creation time: ids can come
    back after a cycle is deleted): the language and what the page reads with the snapshot (the earlier scores
    the trends come from, the catalogue's revision), as read: made without parsing the report or reading the
    unit's averages (``ReportView.made_of``)."""
    return (str(get_locale()), *view.made_of)


@cache
def _rendering_version() -> bytes:
    digest = hashlib.sha256()
    for name in RENDERING_FILES:
        digest.update((ROOT / name).read_bytes())
    for catalogue in sorted((ROOT / "portal/translations").glob("*/LC_MESSAGES/messages.mo")):
        digest.update(catalogue.read_bytes())
    return digest.digest()


def digest(made_of: tuple) -> str:
    """The stored findings' ``key``: ``made_of`` (see ``key``) and the files that render them, digested."""
    return hashlib.sha256(_rendering_version() + repr(made_of).encode()).hexdigest()


def _stored(view, made_of: tuple) -> str | None:
    """The findings stored at the release, if they were made of exactly ``made_of``."""
    found = reports.stored_findings(view.snapshot, str(get_locale()))
    if found is None or found[0] != digest(made_of):
        return None
    return zlib.decompress(found[1], -15, 1 << 16).decode()  # most are 40-50 KB: grown once at most


def findings(view, own: bool):
    """The findings of a report as ``own`` (the employee, or not) reads them: kept by this worker once shown in
    this language, else stored at the release, else rendered (the only case that parses the report)."""
    snap, made_of = view.snapshot, key(view)
    # Kept as each reader sees them: a page inserts the markup as it is kept, never a copy made for it.
    found = render_cache("report-findings").get(
        (snap.id, snap.created_at, made_of, own), lambda: for_reader(_stored(view, made_of) or render(view), own))
    reports.shown(snap)
    return found


# --- rendered at the release --------------------------------------------------------------------------

def _rendered(snapshot_ids: Sequence[int]) -> list[dict]:
    """The stored rows of these reports' findings in ``STORED_LOCALE``; needs a request context (addresses)."""
    snaps = db.session.scalars(select(ReportSnapshot)
                               .options(joinedload(ReportSnapshot.cycle), joinedload(ReportSnapshot.subject))
                               .where(ReportSnapshot.id.in_(snapshot_ids)).order_by(ReportSnapshot.id)).all()
    with force_locale(STORED_LOCALE):
        return [{"snapshot_id": view.snapshot.id, "locale": STORED_LOCALE, "key": digest(key(view)),
                 "markup": _compressed(render(view))} for view in reports.views(snaps)]


def _compressed(markup: str) -> bytes:
    # Raw deflate (no checksum to compute on every first view), a fifth as fast to make as zlib's default for a
    # fifth more bytes: 7 KB of a report's 44 KB.
    packer = zlib.compressobj(1, wbits=-15)
    return packer.compress(markup.encode()) + packer.flush()


_worker_app: Flask | None = None


def _start_worker(config: dict) -> None:
    global _worker_app
    from portal import create_app

    _worker_app = create_app(config)


def _rendered_in_worker(snapshot_ids: Sequence[int]) -> list[dict]:
    # A reading request: the worker only reads (and on PostgreSQL its connection runs in autocommit).
    with _worker_app.test_request_context("/"):
        try:
            return _rendered(snapshot_ids)
        finally:
            db.session.remove()


def _all_rendered(ids: Sequence[int], workers: int) -> Iterator[list[dict]]:
    """``_rendered`` of every chunk of ``ids``; with workers (spawned, each with its own app and connection),
    at most ``workers + 1`` chunks are in memory at once."""
    if workers == 0:
        # Not a reading request: this process's session writes what is rendered. The reports parsed meanwhile go
        # into caches of their own, so that this process's pages read what was stored, as every other's do.
        kept = current_app.extensions.get("portal_render_caches", {})
        current_app.extensions["portal_render_caches"] = {}
        try:
            with current_app.test_request_context("/", method="POST"):
                for chunk in bulk.chunks(ids, CHUNK):
                    yield _rendered(chunk)
        finally:
            current_app.extensions["portal_render_caches"] = kept
        return
    config = {"SQLALCHEMY_DATABASE_URI": db.engine.url.render_as_string(hide_password=False),
              "SQLALCHEMY_ENGINE_OPTIONS": current_app.config["SQLALCHEMY_ENGINE_OPTIONS"],
              "SECRET_KEY": current_app.config["SECRET_KEY"], "RENDER_CACHE_SIZE": 100}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                             initargs=(config,)) as executor:
        yield from bulk.in_order(executor, ((_rendered_in_worker, chunk) for chunk in bulk.chunks(ids, CHUNK)), workers)


def store_for_cycle(cycle) -> int:
    """Render and store the findings of every report of a closed cycle (in worker processes for a large one:
    ``reports.close_workers``), in place of any stored before. Until this is done, pages render them. Commits;
    returns how many were stored."""
    ids = list(db.session.scalars(select(ReportSnapshot.id).where(ReportSnapshot.cycle_id == cycle.id)
                                  .order_by(ReportSnapshot.id)))
    db.session.execute(delete(ReportFindings).where(ReportFindings.snapshot_id.in_(
        select(ReportSnapshot.id).where(ReportSnapshot.cycle_id == cycle.id))))
    stored = 0
    for rows in _all_rendered(ids, reports.close_workers(len(ids))):
        if rows:
            db.session.execute(insert(ReportFindings.__table__), rows)
            stored += len(rows)
    db.session.commit()
    return stored


def store_after_release(cycle) -> None:
    """When a cycle's reports are released (committed): their findings for the morning after, unless
    STORE_FINDINGS is off. A failure loses only what it would have saved (each first view renders), so it is
    logged, not raised: the release has happened."""
    if not current_app.config["STORE_FINDINGS"]:
        return
    try:
        store_for_cycle(cycle)
    except Exception:  # noqa: BLE001 (any failure: the stored findings are only ever a saving)
        db.session.rollback()
        log.exception("findings of cycle %s not stored: each report renders them on its first view", cycle.id)


AFTER_TRANSITION_HOOKS.setdefault(rules.RELEASED, []).append(store_after_release)
