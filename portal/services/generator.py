"""Realistic test data at city or province scale, for benchmarks and trying the portal with many people.

``generate(n)`` adds an agency of ``n`` employees in units of about 40 (a head, three section heads, staff),
every one with an account, the standard framework and catalogue, public services with counter officers, and
two cycles over all units:

- "Semester I" is collecting and fully answered (self, supervisor, 3–8 peers each, a few public ratings of
  officers): closing it is the heavy step the benchmark times;
- "Semester II" is collecting with every assignment still open, for the survey pages.

Rows are written with bulk inserts, a chunk of employees at a time, so memory stays flat; ``progress`` is
called with (step, done, total) as it goes.
"""
from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, insert, select, update
from werkzeug.security import generate_password_hash

from portal.domain import public_survey
from portal.domain.nip import make_pns_nip
from portal.domain.roles import HR_ADMIN, TRAINER
from portal.domain.sources import PEER, PUBLIC, SELF, SUPERVISOR
from portal.extensions import db
from portal.models import (
    Agency,
    Answer,
    Assignment,
    Competency,
    CompetencyComment,
    Cycle,
    Employee,
    Indicator,
    PublicAnswer,
    PublicService,
    Receipt,
    Response,
    Unit,
    User,
    UserRole,
    cycle_unit,
    service_officer,
)
from portal.services.bulk import analyze, insert_rows
from portal.services.frameworks import seed_standard
from portal.services.trainings import seed_catalogue

UNIT_SIZE = 40
CHUNK = 500
# Security scan (B105) accepted: generated test organisations only, printed by the command.
PASSWORD = "Cermin360-data"  # nosec B105
NA_SHARE = 0.03
COMMENTS = ("Sangat membantu rekan kerja.", "Perlu lebih tepat waktu dalam menyelesaikan laporan.",
            "Ramah kepada masyarakat.", "Bisa lebih terbuka menerima masukan.", "Teliti dan dapat diandalkan.")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Generated:
    agency_code: str
    employees: int
    answered_cycle_id: int
    open_cycle_id: int
    password: str


def _quiet(_step: str, _done: int, _total: int) -> None:
    return None


def _nips(rng: random.Random, count: int) -> list[str]:
    taken = set(db.session.scalars(select(Employee.nip)))
    result = []
    while len(result) < count:
        birth = date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
        nip = make_pns_nip(birth, birth.year + rng.randint(22, 30), rng.choice((1, 3, 12)), rng.choice("LP"),
                           rng.randint(1, 999))
        if nip not in taken:
            taken.add(nip)
            result.append(nip)
    return result


def generate(employees: int, seed: int = 360, progress: Progress = _quiet) -> Generated:
    """Add the organisation and its two cycles. Commits once per step."""
    if employees < 10:
        raise ValueError("generate at least 10 employees")
    # Security scan (B311) accepted: reproducible test data, not secrets.
    rng = random.Random(seed)  # nosec B311
    existing = db.session.scalar(select(func.count()).select_from(Agency).where(Agency.code.like("GEN%")))
    code = f"GEN{existing + 1}"
    framework = seed_standard()
    seed_catalogue()
    agency = Agency(code=code, name=f"Pemerintah Provinsi Data Uji {existing + 1}")
    db.session.add(agency)
    db.session.flush()

    # --- organisation -----------------------------------------------------------------------------
    unit_count = max(1, -(-employees // UNIT_SIZE))
    insert_rows(Unit, [{"agency_id": agency.id, "code": f"{code}-U{u:04d}", "name": f"Unit Uji {existing + 1}.{u:04d}",
                        "parent_id": None} for u in range(unit_count)])
    unit_ids = list(db.session.scalars(select(Unit.id).where(Unit.agency_id == agency.id).order_by(Unit.id)))
    nips = _nips(rng, employees)
    people: list[dict] = []
    for n, nip in enumerate(nips):
        unit = n // UNIT_SIZE
        slot = n % UNIT_SIZE
        kind = "administrator" if slot == 0 else "pengawas" if slot <= 3 else rng.choice(("pelaksana", "fungsional"))
        people.append({"nip": nip, "name": f"Pegawai Uji {existing + 1}-{n:05d}", "email": None,
                       "unit_id": unit_ids[unit], "position": kind.capitalize(), "position_type": kind,
                       "golongan": "III/b", "status": "PNS", "supervisor_id": None, "active": True})
    insert_rows(Employee, people)
    ids = list(db.session.scalars(select(Employee.id).where(Employee.unit_id.in_(unit_ids)).order_by(Employee.id)))
    supervisor_of: dict[int, int | None] = {}
    by_unit: dict[int, list[int]] = {}
    for n, employee_id in enumerate(ids):
        slot, base = n % UNIT_SIZE, n - n % UNIT_SIZE
        supervisor_of[employee_id] = None if slot == 0 else ids[base] if slot <= 3 else ids[base + 1 + slot % 3] \
            if base + 1 + slot % 3 < len(ids) else ids[base]
        by_unit.setdefault(n // UNIT_SIZE, []).append(employee_id)
    for start in range(0, len(ids), CHUNK):
        db.session.execute(update(Employee), [{"id": e, "supervisor_id": supervisor_of[e]}
                                              for e in ids[start:start + CHUNK]])
    password_hash = generate_password_hash(PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"])
    # Security scan (B105) accepted: a flag, not a password.
    insert_rows(User, [{"employee_id": e, "password_hash": password_hash, "must_change_password": False,  # nosec B105
                        "active": True, "auth_epoch": 1} for e in ids])
    users = dict(db.session.execute(select(User.employee_id, User.id).where(User.employee_id.in_(ids[:2]))).all())
    insert_rows(UserRole, [{"user_id": users[ids[0]], "role": HR_ADMIN}, {"user_id": users[ids[1]], "role": TRAINER}])
    db.session.commit()
    progress("organisation", employees, employees)

    # --- public services ---------------------------------------------------------------------------
    services = []
    for u, unit_id in enumerate(unit_ids[:: max(1, unit_count // 20)]):
        service = PublicService(unit_id=unit_id, name=f"Layanan uji {u + 1}", description="")
        db.session.add(service)
        services.append(service)
    db.session.flush()
    officers: dict[int, list[int]] = {}
    for service in services:
        unit_index = unit_ids.index(service.unit_id)
        staff = by_unit[unit_index][4:7] or by_unit[unit_index][:1]
        officers[service.id] = staff
        db.session.execute(insert(service_officer), [{"service_id": service.id, "employee_id": e, "badge": f"L-{i}"}
                                                     for i, e in enumerate(staff)])
    today = date.today()
    semester = public_survey.semester_of(today.month)
    insert_rows(PublicAnswer, [
        {"id": uuid.uuid4().hex, "service_id": service.id, "year": today.year, "semester": semester,
         "submitted_on": today, **{f"u{k}": rng.choice((2, 3, 3, 4, 4)) for k in range(1, 10)},
         "age_band": rng.choice(("20_29", "30_39", "40_49", None)), "sex": rng.choice(("l", "p", None)),
         "education": None, "occupation": None, "suggestion": "", "hidden": False, "hidden_reason": ""}
        for service in services for _ in range(30)])
    db.session.commit()
    progress("public services", len(services), len(services))

    # --- cycles ------------------------------------------------------------------------------------
    def make_cycle(name: str) -> Cycle:
        cycle = Cycle(name=name, period_start=date(today.year, 1, 1), period_end=date(today.year, 12, 31),
                      framework_id=framework.id, state="collecting", nomination_deadline=today,
                      feedback_deadline=today, min_group_size=3, comment_min_group_size=3)
        db.session.add(cycle)
        db.session.flush()
        db.session.execute(insert(cycle_unit), [{"cycle_id": cycle.id, "unit_id": u} for u in unit_ids])
        return cycle

    answered = make_cycle(f"Semester I {today.year} (data uji {existing + 1})")
    open_cycle = make_cycle(f"Semester II {today.year} (data uji {existing + 1})")
    asked = _asked(framework.id)
    public_items = [i for i, sources, _c in asked if PUBLIC in sources]
    competencies = sorted({c for _i, _s, c in asked})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        _write_cycle(rng, answered, open_cycle, chunk, ids, by_unit, supervisor_of, asked, competencies)
        db.session.commit()
        progress("cycles", min(start + CHUNK, len(ids)), len(ids))
    # Citizens' ratings of counter officers, anonymous public responses in the answered cycle.
    public_rows, public_answers = [], []
    for service in services:
        for officer in officers[service.id]:
            for _ in range(4):
                key = uuid.uuid4().hex
                public_rows.append({"id": key, "cycle_id": answered.id, "subject_id": officer, "source": PUBLIC,
                                    "rater_id": None, "submitted_on": today, "strengths": "", "to_develop": ""})
                public_answers += [{"response_id": key, "indicator_id": i, "score": rng.randint(3, 5)}
                                   for i in public_items]
    insert_rows(Response, public_rows)
    insert_rows(Answer, public_answers)
    db.session.commit()
    # Without statistics the first close plans sequential scans of the whole answer table for every chunk. Only
    # the tables loaded here: statistics of a still-empty table (the reports) would make its foreign-key checks
    # scan it.
    analyze((Unit, Employee, User, UserRole, Assignment, Receipt, Response, Answer, CompetencyComment, PublicAnswer))
    return Generated(code, employees, answered.id, open_cycle.id, PASSWORD)


def _asked(framework_id: int) -> list[tuple[int, frozenset[str], int]]:
    rows = db.session.execute(
        select(Indicator.id, Indicator.sources, Indicator.competency_id).join(Competency)
        .where(Competency.framework_id == framework_id, Competency.retired.is_(False), Indicator.retired.is_(False))
        .order_by(Competency.position, Indicator.position)).all()
    return [(i, frozenset(s.split(",")), c) for i, s, c in rows]


def _write_cycle(rng, answered, open_cycle, chunk, ids, by_unit, supervisor_of, asked, competencies) -> None:
    index = {e: n for n, e in enumerate(ids)}
    assignments, open_assignments, responses, answers, comments = [], [], [], [], []
    for subject in chunk:
        unit = by_unit[index[subject] // UNIT_SIZE]
        supervisor = supervisor_of[subject]
        pool = [e for e in unit if e != subject and e != supervisor]
        peers = rng.sample(pool, min(len(pool), rng.randint(3, 8)))
        raters = [(subject, SELF)] + ([(supervisor, SUPERVISOR)] if supervisor else []) + [(p, PEER) for p in peers]
        level = rng.uniform(2.4, 4.6)
        for rater, source in raters:
            assignments.append({"cycle_id": answered.id, "subject_id": subject, "rater_id": rater, "source": source,
                                "state": "completed"})
            open_assignments.append({"cycle_id": open_cycle.id, "subject_id": subject, "rater_id": rater,
                                     "source": source, "state": "active"})
            key = uuid.uuid4().hex
            responses.append({"id": key, "cycle_id": answered.id, "subject_id": subject, "source": source,
                              "rater_id": None if source == PEER else rater, "submitted_on": answered.period_start,
                              "strengths": rng.choice(COMMENTS) if rng.random() < 0.3 else "", "to_develop": ""})
            bias = 0.5 if source == SELF else 0.0
            for indicator, sources, _competency in asked:
                if source not in sources:
                    continue
                score = None if rng.random() < NA_SHARE else max(1, min(5, round(level + bias + rng.gauss(0, 0.7))))
                answers.append({"response_id": key, "indicator_id": indicator, "score": score})
            if rng.random() < 0.2:
                comments.append({"response_id": key, "competency_id": rng.choice(competencies),
                                 "text": rng.choice(COMMENTS)})
    insert_rows(Assignment, assignments)
    insert_rows(Assignment, open_assignments)
    done = db.session.scalars(select(Assignment.id).where(Assignment.cycle_id == answered.id,
                                                          Assignment.subject_id.in_(chunk))).all()
    insert_rows(Receipt, [{"assignment_id": a} for a in done])
    insert_rows(Response, responses)
    insert_rows(Answer, answers)
    insert_rows(CompetencyComment, comments)
