"""The demo city government: the units the source articles name, ~60 employees, a supervisor chain,
one trainer and one HR admin. Deterministic, so it is the same on every laptop; idempotent."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select

from portal.domain.nip import make_pns_nip, make_pppk_nip
from portal.domain.roles import HR_ADMIN, TRAINER
from portal.extensions import db
from portal.models import Agency, Cycle, Employee, PublicService, Unit, User, service_officer
from portal.services.frameworks import seed_standard
from portal.services.trainings import seed_catalogue

AGENCY_CODE = "KOTA-DEMO"
# Security scan (B105) accepted: the README's published demo password.
DEMO_PASSWORD = "Cermin360-demo"  # nosec B105
DEMO_DOMAIN = "demo.go.id"
DEMO_LOGINS = (("hr_admin", "hr"), ("trainer", "pelatih"), ("supervisor", "atasan"), ("employee", "pegawai"))

UNITS = (
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", None),
    ("DINKES", "Dinas Kesehatan", None),
    ("DINKES-PKM", "UPTD Puskesmas Candisari", "DINKES"),
    ("DISDIK", "Dinas Pendidikan", None),
    ("DISHUB", "Dinas Perhubungan", None),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", None),
    ("KEC-CANDISARI", "Kecamatan Candisari", None),
)

_FIRST_M = ("Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Irfan", "Joko", "Rizky", "Slamet", "Teguh",
            "Wahyu", "Yusuf", "Agus", "Bambang", "Rudi", "Arif", "Imam", "Hasan", "Fikri")
_FIRST_F = ("Ani", "Dewi", "Fitri", "Indah", "Lestari", "Maya", "Nur", "Ratna", "Sari", "Siti", "Tuti", "Wulan",
            "Yuni", "Rina", "Putri", "Mega", "Dian", "Kartika", "Ayu", "Nadia")
_LAST = ("Saputra", "Pratama", "Wijaya", "Siregar", "Nasution", "Lubis", "Hutapea", "Pattimura", "Latuconsina",
         "Wulandari", "Hidayat", "Rahmawati", "Setiawan", "Kurniawan", "Susanti", "Halim", "Manuhutu", "Tanjung",
         "Simanjuntak", "Purnomo")

# Per unit: (position title, position type, golongan) for the head, the section heads and the staff.
_SHAPES = {
    "BKPSDM": ("Kepala BKPSDM", "Kepala Bidang Pengembangan Kompetensi", ("Analis SDM Aparatur", "Pengelola Data Kepegawaian")),
    "DINKES": ("Kepala Dinas Kesehatan", "Kepala Seksi Pelayanan Kesehatan", ("Perawat", "Bidan", "Pengadministrasi Umum")),
    "DINKES-PKM": ("Kepala UPTD Puskesmas", "Kepala Subbagian Tata Usaha Puskesmas", ("Dokter", "Perawat", "Petugas Pendaftaran")),
    "DISDIK": ("Kepala Dinas Pendidikan", "Kepala Seksi Kurikulum", ("Guru Ahli Pertama", "Pengawas Sekolah", "Pengelola Data Pendidikan")),
    "DISHUB": ("Kepala Dinas Perhubungan", "Kepala Seksi Pengawasan Lalu Lintas", ("Petugas Pengatur Lalu Lintas", "Penguji Kendaraan Bermotor")),
    "SATPOLPP": ("Kepala Satuan Polisi Pamong Praja", "Kepala Seksi Penegakan Perda", ("Polisi Pamong Praja", "Pengadministrasi Penindakan")),
    "KEC-CANDISARI": ("Camat Candisari", "Kepala Seksi Pelayanan Umum", ("Pengadministrasi Perizinan", "Petugas Layanan PATEN")),
}
_STAFF_PER_SECTION = 6


@dataclass(frozen=True)
class DemoAccount:
    role: str
    login: str
    name: str


@dataclass(frozen=True)
class SeedResult:
    created: bool
    employees: int
    accounts: list[DemoAccount]


def _nip(rng: random.Random, serials: set[str], pppk: bool, female: bool) -> str:
    while True:
        birth = date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
        sex = "P" if female else "L"
        if pppk:
            nip = make_pppk_nip(birth, max(birth.year + 22, 2019), rng.randint(1, 3), sex, rng.randint(1, 999))
        else:
            nip = make_pns_nip(birth, birth.year + rng.randint(22, 30), rng.choice((1, 3, 12)), sex,
                               rng.randint(1, 999))
        if nip not in serials:
            serials.add(nip)
            return nip


def is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(Agency))


def seed_demo() -> SeedResult:
    """Create the demo organisation unless it exists. Commits once."""
    existing = db.session.scalar(select(Agency).where(Agency.code == AGENCY_CODE))
    if existing is not None:
        seed_standard()
        seed_catalogue()
        db.session.commit()
        return SeedResult(False, db.session.scalar(select(func.count()).select_from(Employee)), demo_accounts())

    # Security scan (B311) accepted: the same demo data every time, not secrets.
    rng = random.Random(360)  # nosec B311
    agency = Agency(code=AGENCY_CODE, name="Pemerintah Kota Harapan (demo)")
    db.session.add(agency)
    units: dict[str, Unit] = {}
    for code, name, parent in UNITS:
        units[code] = Unit(agency=agency, code=code, name=name, parent=units.get(parent))
        db.session.add(units[code])

    used: set[str] = set()
    people: list[Employee] = []

    def person(unit: Unit, position: str, position_type: str, golongan: str, supervisor: Employee | None,
               pppk: bool = False) -> Employee:
        female = rng.random() < 0.5
        first = rng.choice(_FIRST_F if female else _FIRST_M)
        name = f"{first} {rng.choice(_LAST)}"
        nip = _nip(rng, used, pppk, female)
        employee = Employee(nip=nip, name=name, email=f"{first.lower()}.{nip[-6:]}@demo.go.id", unit=unit,
                            position=position, position_type=position_type, golongan=golongan,
                            status="PPPK" if pppk else "PNS", supervisor=supervisor)
        db.session.add(employee)
        people.append(employee)
        return employee

    heads: dict[str, Employee] = {}
    for code, _name, parent in UNITS:
        head_title, section_title, staff_titles = _SHAPES[code]
        head_type, head_gol = ("administrator", "III/d") if parent or code.startswith("KEC") else ("jpt", "IV/c")
        heads[code] = person(units[code], head_title, head_type, head_gol, heads.get(parent))
        section = person(units[code], section_title, "pengawas", "III/c", heads[code])
        for i in range(_STAFF_PER_SECTION + (1 if code in ("DINKES", "DISDIK") else 0)):
            title = staff_titles[i % len(staff_titles)]
            pppk = i == _STAFF_PER_SECTION - 1
            position_type = "fungsional" if title.startswith(("Perawat", "Bidan", "Dokter", "Guru", "Analis",
                                                                "Penguji", "Pengawas Sekolah")) else "pelaksana"
            person(units[code], title, position_type, "IX" if pppk else rng.choice(("II/c", "III/a", "III/b")),
                   section, pppk=pppk)
    db.session.flush()

    def account(employee: Employee, roles: set[str] = frozenset()) -> None:
        user = User(employee=employee, must_change_password=False)
        user.set_password(DEMO_PASSWORD)
        user.set_roles(set(roles))
        db.session.add(user)

    bkpsdm_staff = [e for e in people if e.unit.code == "BKPSDM" and e.position_type != "jpt"]
    hr, trainer = bkpsdm_staff[0], bkpsdm_staff[1]
    supervisor = next(e for e in people if e.unit.code == "DINKES" and e.position_type == "pengawas")
    employee_ = next(e for e in people if e.supervisor is supervisor)
    # Memorable logins for the README's demo accounts.
    for person_, login in ((hr, "hr"), (trainer, "pelatih"), (supervisor, "atasan"), (employee_, "pegawai")):
        person_.email = f"{login}@{DEMO_DOMAIN}"
    for employee in people:
        roles = {HR_ADMIN} if employee is hr else {TRAINER} if employee is trainer else set()
        account(employee, roles)
    framework = seed_standard()
    seed_catalogue()
    _seed_services(units, people)
    # A draft cycle HR can open at once to try the whole flow.
    db.session.add(Cycle(name="Semester I 2027 (demo)", period_start=date(2027, 1, 1), period_end=date(2027, 6, 30),
                         framework=framework, nomination_deadline=date(2027, 1, 31),
                         feedback_deadline=date(2027, 3, 31),
                         units=[units["DINKES"], units["DINKES-PKM"], units["KEC-CANDISARI"]]))
    db.session.commit()
    return SeedResult(True, len(people), demo_accounts())


_SERVICES = (
    ("KEC-CANDISARI", "Pengurusan izin usaha (PATEN)", "Surat izin usaha mikro dan kecil di loket PATEN kecamatan.",
     ("Pengadministrasi Perizinan", "Petugas Layanan PATEN")),
    ("DINKES-PKM", "Pendaftaran pasien Puskesmas", "Loket pendaftaran rawat jalan Puskesmas Candisari.",
     ("Petugas Pendaftaran", "Perawat")),
)


def _seed_services(units: dict[str, Unit], people: list[Employee]) -> None:
    """Two public services with their counter staff, so the SKM survey and poster can be tried at once."""
    for code, name, description, titles in _SERVICES:
        service = PublicService(unit=units[code], name=name, description=description)
        db.session.add(service)
        db.session.flush()
        staff = [e for e in people if e.unit is units[code] and e.position in titles]
        db.session.execute(insert(service_officer), [
            {"service_id": service.id, "employee_id": e.id, "badge": f"{code[:3]}-{n + 1:02d}"}
            for n, e in enumerate(staff)])


def demo_accounts() -> list[DemoAccount]:
    """One account per kind of user, for the README and the seed command's output."""
    emails = {f"{login}@{DEMO_DOMAIN}": role for role, login in DEMO_LOGINS}
    found = db.session.execute(select(Employee.email, Employee.nip, Employee.name).where(Employee.email.in_(emails)))
    by_role = {emails[email]: DemoAccount(emails[email], email, f"{name} (NIP {nip})") for email, nip, name in found}
    return [by_role[role] for role, _login in DEMO_LOGINS if role in by_role]
