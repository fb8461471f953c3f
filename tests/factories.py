"""Test data builders. Every builder flushes; tests commit when they need to."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from portal.domain.nip import make_pns_nip
from portal.domain.roles import HR_ADMIN, TRAINER
from portal.extensions import db
from portal.models import Agency, Employee, Unit, User

PASSWORD = "Rahasia-uji-123"
_serial = itertools.count(1)


def nip() -> str:
    n = next(_serial)
    # Born 1970-1984, appointed 2005-2014: always at least 18 at TMT, so every NIP is valid.
    return make_pns_nip(date(1970 + n % 15, 1 + n % 12, 1 + n % 27), 2005 + (n // 15) % 10, 1 + (n // 7) % 12,
                        "L" if n % 2 else "P", 1 + (n // 150) % 999)


def agency(code: str = "KOTA") -> Agency:
    found = db.session.query(Agency).filter_by(code=code).one_or_none()
    if found:
        return found
    item = Agency(code=code, name=f"Pemerintah {code}")
    db.session.add(item)
    db.session.flush()
    return item


def unit(code: str = "DINKES", name: str = "Dinas Kesehatan", parent: Unit | None = None) -> Unit:
    item = Unit(agency=agency(), code=code, name=name, parent=parent)
    db.session.add(item)
    db.session.flush()
    return item


def employee(unit_: Unit, name: str = "Pegawai", supervisor: Employee | None = None, position_type="pelaksana",
             email: str | None = None, account: bool = True, roles: set[str] = frozenset(),
             must_change_password: bool = False) -> Employee:
    value = nip()
    item = Employee(nip=value, name=name, email=email or f"p{value}@uji.go.id", unit=unit_, position="Staf",
                    position_type=position_type, golongan="III/a", status="PNS", supervisor=supervisor)
    db.session.add(item)
    db.session.flush()
    if account:
        user = User(employee=item, must_change_password=must_change_password)
        user.set_password(PASSWORD)
        user.set_roles(set(roles))
        db.session.add(user)
        db.session.flush()
    return item


@dataclass
class SmallOrg:
    unit: Unit
    other_unit: Unit
    hr: Employee
    trainer: Employee
    supervisor: Employee
    reports: list[Employee]
    outsider: Employee


def small_org() -> SmallOrg:
    dinkes = unit("DINKES", "Dinas Kesehatan")
    bkpsdm = unit("BKPSDM", "BKPSDM")
    hr = employee(bkpsdm, "Hana HR", roles={HR_ADMIN}, email="hr@uji.go.id")
    trainer = employee(bkpsdm, "Tono Pelatih", roles={TRAINER}, email="pelatih@uji.go.id")
    supervisor = employee(dinkes, "Sari Atasan", position_type="pengawas", email="atasan@uji.go.id")
    reports = [employee(dinkes, f"Rekan {i}", supervisor=supervisor, email=f"rekan{i}@uji.go.id") for i in range(3)]
    outsider = employee(bkpsdm, "Odi Luar", email="luar@uji.go.id")
    db.session.commit()
    return SmallOrg(dinkes, bkpsdm, hr, trainer, supervisor, reports, outsider)


def small_framework(code: str = "UJI"):
    """Two competencies of two indicators; the second competency's last indicator is also rated by the public."""
    from portal.models import Competency, Framework, Indicator

    item = Framework(code=code, name=f"Kerangka {code}", version=1)
    for n, (ccode, name) in enumerate((("BA.1", "Berorientasi Pelayanan"), ("M.03", "Komunikasi"))):
        competency = Competency(code=ccode, name=name, competency_group="core_value" if n == 0 else "managerial",
                                position=n)
        competency.indicators = [
            Indicator(text=f"{name}: perilaku {i + 1}", position=i,
                      sources="self,supervisor,peer,report" + (",public" if n == 1 and i == 1 else ""))
            for i in range(2)]
        item.competencies.append(competency)
    db.session.add(item)
    db.session.flush()
    return item


def cycle(units, framework=None, name: str = "Semester I 2026", **settings):
    from portal.models import Cycle

    values = dict(period_start=date(2026, 1, 1), period_end=date(2026, 6, 30), nomination_deadline=date(2026, 2, 1),
                  feedback_deadline=date(2026, 3, 31))
    values.update(settings)
    item = Cycle(name=name, framework=framework or small_framework(), units=list(units), **values)
    db.session.add(item)
    db.session.flush()
    return item


def hr_user(org_: SmallOrg) -> User:
    return db.session.scalar(db.select(User).filter_by(employee_id=org_.hr.id))


def running_cycle(org_: SmallOrg, peers: dict | None = None, state: str = "collecting", **settings):
    """A cycle over the org's unit, opened (assignments made), with ``peers`` {subject: [raters]} approved,
    and moved on to ``state``."""
    from portal.services import cycles, nominations

    item = cycle([org_.unit], **settings)
    db.session.commit()
    hr = hr_user(org_)
    assert cycles.transition(item.id, "nominating", hr, True, date(2026, 1, 2)) == []
    for subject, raters in (peers or {}).items():
        for rater in raters:
            nominations.add_peer(item, subject, rater.id, hr, approved=True)
    if state in ("collecting", "closed"):
        assert cycles.transition(item.id, "collecting", hr, True, date(2026, 2, 2)) == []
    if state == "closed":
        assert cycles.transition(item.id, "closed", hr, True, date(2026, 4, 1)) == []
    return db.session.get(type(item), item.id)


def answer(cycle_, subject: Employee, rater: Employee, source: str, score="4", comment: str = "",
           strengths: str = "", today: date = date(2026, 3, 1)) -> None:
    """Submit ``rater``'s whole survey about ``subject`` with one score (or "na") everywhere."""
    from portal.models import Assignment
    from portal.services import surveys

    item = db.session.scalar(db.select(Assignment).filter_by(cycle_id=cycle_.id, subject_id=subject.id,
                                                             rater_id=rater.id, source=source))
    survey = surveys.load_survey(item)
    form = {f"answer-{i}": str(score) for group in survey.item_ids for i in group.indicator_ids}
    if comment:
        form.update({f"comment-{group.competency_id}": comment for group in survey.item_ids})
    form["strengths"] = strengths
    assert surveys.submit(survey, form, today) == {}


def colleagues(org_: SmallOrg, count: int) -> list[Employee]:
    """More staff under the org's supervisor, so a subject can have enough peers."""
    start = db.session.scalar(db.select(db.func.count()).select_from(Employee))
    people = [employee(org_.unit, f"Kolega {start + i}", supervisor=org_.supervisor,
                       email=f"kolega{start + i}@uji.go.id") for i in range(count)]
    db.session.commit()
    return people
