"""Competency frameworks: the standard seed, and HR's edits.

A framework used by a cycle that has left draft is frozen: answers may exist that were given to its exact
wording. Editing it copies it into a new version first; draft cycles move to the new version, running and
past cycles keep theirs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, func, select

from portal.cache import app_cache
from portal.domain import cycle_rules
from portal.domain import standard_framework as standard
from portal.domain.sources import SOURCES
from portal.domain.text import N_
from portal.extensions import db
from portal.models import Competency, Cycle, Framework, Indicator, User
from portal.models.framework import source_set
from portal.services import audit


class FrameworkError(Exception):
    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params


def seed_standard() -> Framework:
    """The BerAKHLAK + managerial framework, version 1; returns the existing one when present. Flushes."""
    found = db.session.scalar(select(Framework).filter_by(code=standard.STANDARD_FRAMEWORK_CODE)
                              .order_by(Framework.version.desc()).limit(1))
    if found:
        return found
    framework = Framework(code=standard.STANDARD_FRAMEWORK_CODE, name=standard.STANDARD_FRAMEWORK_NAME, version=1)
    for position, seed in enumerate(standard.COMPETENCIES):
        competency = Competency(code=seed.code, name=seed.name, competency_group=seed.group,
                                description=seed.description, position=position)
        competency.indicators = [Indicator(text=i.text, position=n, sources=",".join(i.sources))
                                 for n, i in enumerate(seed.indicators)]
        framework.competencies.append(competency)
    db.session.add(framework)
    db.session.flush()
    return framework


@dataclass(frozen=True)
class FrameworkRow:
    framework: Framework
    competencies: int
    cycles: int
    frozen: bool


def list_frameworks() -> list[FrameworkRow]:
    competencies = dict(db.session.execute(
        select(Competency.framework_id, func.count()).where(Competency.retired.is_(False))
        .group_by(Competency.framework_id)).all())
    cycles = {row[0]: (row[1], row[2]) for row in db.session.execute(
        select(Cycle.framework_id, func.count(),
               func.count().filter(Cycle.state.in_(cycle_rules.FROZEN))).group_by(Cycle.framework_id)).all()}
    frameworks = db.session.scalars(select(Framework).order_by(Framework.code, Framework.version.desc())).all()
    return [FrameworkRow(f, competencies.get(f.id, 0), cycles.get(f.id, (0, 0))[0], cycles.get(f.id, (0, 0))[1] > 0)
            for f in frameworks]


def is_frozen(framework: Framework) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Cycle).where(
        Cycle.framework_id == framework.id, Cycle.state.in_(cycle_rules.FROZEN))))


def _editable(framework: Framework, actor: User) -> tuple[Framework, dict[int, Competency], dict[int, Indicator]]:
    """The framework to write to, and maps from the given framework's ids to its rows."""
    competencies = {c.id: c for c in framework.competencies}
    indicators = {i.id: i for c in framework.competencies for i in c.indicators}
    if not is_frozen(framework):
        return framework, competencies, indicators
    latest = db.session.scalar(select(func.max(Framework.version)).filter_by(code=framework.code))
    copy = Framework(code=framework.code, name=framework.name, version=latest + 1, previous_id=framework.id)
    new_competencies, new_indicators = {}, {}
    for old in framework.competencies:
        competency = Competency(code=old.code, name=old.name, competency_group=old.competency_group,
                                description=old.description, position=old.position, retired=old.retired)
        for old_indicator in old.indicators:
            indicator = Indicator(text=old_indicator.text, position=old_indicator.position,
                                  sources=old_indicator.sources, retired=old_indicator.retired)
            competency.indicators.append(indicator)
            new_indicators[old_indicator.id] = indicator
        copy.competencies.append(competency)
        new_competencies[old.id] = competency
    db.session.add(copy)
    db.session.flush()
    for cycle in db.session.scalars(select(Cycle).filter_by(framework_id=framework.id, state=cycle_rules.DRAFT)):
        cycle.framework_id = copy.id
    audit.record(actor, "framework.new_version", f"framework:{copy.id}", previous=framework.id, version=copy.version)
    return copy, new_competencies, new_indicators


def _clean_sources(sources) -> str:
    chosen = [s for s in SOURCES if s in set(sources)]
    if not chosen:
        raise FrameworkError(N_("Pilih minimal satu sumber penilai untuk indikator ini."))
    return ",".join(chosen)


def save_competency(framework: Framework, competency_id: int | None, values: dict,
                    indicators: list[dict], actor: User) -> Competency:
    """Create or update a competency and its indicators in one go; commits.

    ``indicators`` are dicts with id (None for a new one), text, sources, retired, position."""
    target, competencies, indicator_map = _editable(framework, actor)
    code = values["code"].strip().upper()
    clash = next((c for c in target.competencies if c.code == code
                  and (competency_id is None or c is not competencies.get(competency_id))), None)
    if clash:
        raise FrameworkError(N_("Kode %(code)s sudah dipakai kompetensi lain di kerangka ini."), code=code)
    if competency_id is None:
        competency = Competency(code=code, position=len(target.competencies))
        target.competencies.append(competency)
    else:
        competency = competencies.get(competency_id)
        if competency is None:
            raise FrameworkError(N_("Kompetensi ini tidak ada di kerangka ini."))
    competency.code = code
    competency.name = values["name"].strip()
    competency.competency_group = values["competency_group"]
    competency.description = values.get("description", "").strip()
    competency.retired = bool(values.get("retired"))
    for row in indicators:
        text = row["text"].strip()
        if row.get("id") is None:
            if not text:
                continue
            indicator = Indicator(position=len(competency.indicators))
            competency.indicators.append(indicator)
        else:
            indicator = indicator_map.get(row["id"])
            if indicator is None or indicator not in competency.indicators:
                raise FrameworkError(N_("Indikator ini bukan milik kompetensi ini."))
            if not text:
                raise FrameworkError(N_("Teks indikator tidak boleh kosong; tandai \"pensiun\" bila tidak dipakai lagi."))
        indicator.text = text
        indicator.sources = _clean_sources(row.get("sources") or ())
        indicator.retired = bool(row.get("retired"))
        if row.get("position") is not None:
            indicator.position = row["position"]
    _renumber(competency.indicators)
    db.session.flush()
    audit.record(actor, "framework.competency_saved", f"framework:{target.id}", competency=competency.code)
    db.session.commit()
    return competency


def _renumber(rows) -> None:
    for position, row in enumerate(sorted(rows, key=lambda r: (r.position, r.id or 0))):
        row.position = position


def move_competency(framework: Framework, competency_id: int, step: int, actor: User) -> Framework:
    """Move a competency one place up (step -1) or down (+1); commits. Returns the framework written to."""
    target, competencies, _ = _editable(framework, actor)
    competency = competencies.get(competency_id)
    if competency is None:
        raise FrameworkError(N_("Kompetensi ini tidak ada di kerangka ini."))
    ordered = sorted(target.competencies, key=lambda c: c.position)
    index = ordered.index(competency)
    other = index + (1 if step > 0 else -1)
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, row in enumerate(ordered):
        row.position = position
    audit.record(actor, "framework.reordered", f"framework:{target.id}", competency=competency.code)
    db.session.commit()
    return target


def get_framework(framework_id: int) -> Framework | None:
    return db.session.get(Framework, framework_id)


@dataclass(frozen=True)
class AskedCompetency:
    """A competency as a survey shows it (read-only: no ORM object per question)."""
    id: int
    code: str
    name: str
    description: str | None


@dataclass(frozen=True)
class AskedIndicator:
    id: int
    text: str


@cache
def _items_query():
    """Built once: every survey page runs it (see surveys._task_parts)."""
    return (select(Competency.id, Competency.code, Competency.name, Competency.description, Indicator.id,
                   Indicator.text, Indicator.sources)
            .join(Indicator, Indicator.competency_id == Competency.id)
            .where(Competency.framework_id == bindparam("framework_id"), Competency.retired.is_(False),
                   Indicator.retired.is_(False))
            .order_by(Competency.position, Indicator.position))


def asked_items(cycle: Cycle, source: str) -> tuple[tuple[AskedCompetency, tuple[AskedIndicator, ...]], ...]:
    """``items_for`` the cycle's framework (read-only), kept per worker once the cycle has left draft: its
    framework is then frozen (an edit makes a new version, see ``_editable``) and no cycle goes back to draft or
    is deleted."""
    def read():
        return tuple((competency, tuple(asked)) for competency, asked in items_for(cycle.framework_id, source))
    if cycle.state not in cycle_rules.FROZEN:
        return read()
    return app_cache("asked-items").get((cycle.framework_id, source), read)


def items_for(framework_id: int, source: str) -> list[tuple[AskedCompetency, list[AskedIndicator]]]:
    """The competencies and indicators ``source`` rates in this framework, in order (one query)."""
    grouped: dict[int, tuple[AskedCompetency, list[AskedIndicator]]] = {}
    for c_id, code, name, description, i_id, text, sources in db.session.execute(
            _items_query(), {"framework_id": framework_id}):
        if source in source_set(sources):
            if c_id not in grouped:
                grouped[c_id] = (AskedCompetency(c_id, code, name, description), [])
            grouped[c_id][1].append(AskedIndicator(i_id, text))
    return list(grouped.values())
