"""The training catalogue: seeding the starter list, searching, editing, and the options recommendations use."""
from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import delete, func, insert, or_, select

from portal.domain import standard_trainings as standard
from portal.domain.recommendations import TrainingOption
from portal.domain.text import N_
from portal.extensions import db
from portal.models import CatalogueRevision, Competency, Framework, Training, User, training_competency
from portal.services import audit
from portal.services.org import _like

CODE_MAX, TITLE_MAX, PROVIDER_MAX = 32, 200, 200


class TrainingSummary(NamedTuple):
    """What a report or a list shows of a training, as the catalogue describes it now (read as plain columns:
    these lists are long and on hot pages; a tuple, made and hashed a few dozen times per report page)."""

    id: int
    code: str
    title: str
    provider: str
    form: str
    jp: int
    level: int


def revision_column():
    """The catalogue's revision (``CatalogueRevision``: raised by the database whenever a training's description as
    reports and lists show it changes; 0 before the first change), as a column expression, for a page to read it
    with its other rows and key what it keeps by it."""
    revision = select(CatalogueRevision.revision).where(CatalogueRevision.id == 1).scalar_subquery()
    return func.coalesce(revision, 0)


def revision() -> int:
    return db.session.scalar(select(revision_column()))


SUMMARY_COLUMNS = (Training.id, Training.code, Training.title, Training.provider, Training.form, Training.jp,
                   Training.level)


def seed_catalogue() -> int:
    """Add the starter catalogue's entries that are missing (by code); returns how many. Flushes."""
    present = set(db.session.scalars(select(Training.code)))
    added = 0
    for seed in standard.TRAININGS:
        if seed.code in present:
            continue
        training = Training(code=seed.code, title=seed.title, provider=seed.provider, form=seed.form, kind=seed.kind,
                            jp=seed.jp, level=seed.level, description=seed.description, active=True)
        db.session.add(training)
        db.session.flush()
        db.session.execute(insert(training_competency),
                           [{"training_id": training.id, "competency_code": code} for code in seed.competencies])
        added += 1
    return added


def search(q: str, competency: str, active_only: bool, page: int, per_page: int):
    query = select(Training).order_by(Training.code)
    if q:
        like = _like(q)
        query = query.where(or_(func.lower(Training.title).like(like, escape="\\"),
                                func.lower(Training.code).like(like, escape="\\"),
                                func.lower(Training.provider).like(like, escape="\\")))
    if competency:
        query = query.where(Training.id.in_(select(training_competency.c.training_id)
                                            .where(training_competency.c.competency_code == competency)))
    if active_only:
        query = query.where(Training.active.is_(True))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def competencies_of(training_ids: list[int]) -> dict[int, list[str]]:
    """Training id -> competency codes, in one query."""
    result: dict[int, list[str]] = {tid: [] for tid in training_ids}
    if training_ids:
        for tid, code in db.session.execute(
                select(training_competency.c.training_id, training_competency.c.competency_code)
                .where(training_competency.c.training_id.in_(training_ids))
                .order_by(training_competency.c.competency_code)):
            result[tid].append(code)
    return result


def known_competencies() -> list[tuple[str, str]]:
    """(code, name) of every competency in any framework, newest wording first, one per code."""
    rows = db.session.execute(select(Competency.code, Competency.name).join(Framework)
                              .order_by(Competency.code, Framework.version.desc())).all()
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return sorted(seen.items())


def get(training_id: int) -> Training | None:
    return db.session.get(Training, training_id)


def problems(values: dict, codes: list[str], training: Training | None) -> dict[str, str]:
    """Field -> message; the form validates shapes, this checks what needs the database."""
    found: dict[str, str] = {}
    code = values["code"].strip()
    clash = db.session.scalar(select(Training.id).where(Training.code == code))
    if clash is not None and (training is None or clash != training.id):
        found["code"] = N_("Kode %(code)s sudah dipakai pelatihan lain.")
    known = {c for c, _ in known_competencies()}
    if not codes:
        found["competencies"] = N_("Pilih sedikitnya satu kompetensi yang dikembangkan.")
    elif not set(codes) <= known:
        found["competencies"] = N_("Ada kompetensi yang tidak dikenal.")
    if values["kind"] not in standard.KINDS.get(values["form"], ()):
        found["kind"] = N_("Jenis ini tidak cocok dengan bentuk pengembangan yang dipilih.")
    return found


def save(training: Training | None, values: dict, codes: list[str], actor: User) -> tuple[Training | None, dict]:
    """Create or edit a catalogue entry; returns (training, problems). Commits when there are none."""
    found = problems(values, codes, training)
    if found:
        return None, found
    is_new = training is None
    if is_new:
        training = Training()
        db.session.add(training)
    training.code = values["code"].strip()
    training.title = values["title"].strip()
    training.provider = values["provider"].strip()
    training.form, training.kind = values["form"], values["kind"]
    training.jp, training.level = values["jp"], values["level"]
    training.description = values.get("description", "").strip()
    training.active = bool(values.get("active", True))
    db.session.flush()
    db.session.execute(delete(training_competency).where(training_competency.c.training_id == training.id))
    db.session.execute(insert(training_competency),
                       [{"training_id": training.id, "competency_code": c} for c in sorted(set(codes))])
    audit.record(actor, "training.created" if is_new else "training.edited", f"training:{training.id}",
                 code=training.code)
    db.session.commit()
    return training, {}


def options() -> list[TrainingOption]:
    """The active catalogue as the recommendation rules read it (two queries)."""
    trainings = db.session.scalars(select(Training).where(Training.active.is_(True)).order_by(Training.code)).all()
    codes = competencies_of([t.id for t in trainings])
    return [TrainingOption(t.id, t.code, t.title, t.provider, t.form, t.kind, t.jp, t.level, tuple(codes[t.id]))
            for t in trainings]
