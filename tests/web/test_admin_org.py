"""HR pages for units and employees: search, paging, editing, CSV upload; other roles refused."""
import io

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Employee, User
from tests import factories, sql
from tests.services.test_importer import HEADER, nip

PAGES = ["/admin/units", "/admin/employees", "/admin/employees/new", "/admin/employees/import"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["trainer", "supervisor", "outsider"])
def test_other_roles_are_refused(browser, org, path, who):
    browser.login(getattr(org, who).nip)
    assert browser.get(path).status_code == 403


def test_edit_page_refused_for_employee(browser, org):
    browser.login(org.reports[0].nip)
    assert browser.get(f"/admin/employees/{org.reports[1].id}").status_code == 403
    assert browser.post(f"/admin/employees/{org.reports[1].id}/reset-password").status_code == 403


def test_units_list_and_search(browser, org):
    browser.login(org.hr.nip)
    html = browser.get("/admin/units").get_data(as_text=True)
    assert "DINKES" in html and "BKPSDM" in html
    html = browser.get("/admin/units?q=kes").get_data(as_text=True)
    assert "DINKES" in html and "BKPSDM" not in html


def test_employee_search_page_and_htmx_fragment(browser, org):
    browser.login(org.hr.nip)
    page = browser.get("/admin/employees?q=rekan")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html
    results = html.split('id="employee-results"')[1]
    assert "Rekan 0" in results and "Hana HR" not in results
    fragment = browser.get("/admin/employees?q=rekan", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "<html" not in text
    assert text.lstrip().startswith('<div id="employee-results">')
    assert "Rekan 2" in text
    by_nip = browser.get(f"/admin/employees?q={org.supervisor.nip[:10]}").get_data(as_text=True)
    assert "Sari Atasan" in by_nip
    by_unit = browser.get(f"/admin/employees?unit={org.other_unit.id}").get_data(as_text=True)
    assert "Odi Luar" in by_unit and "Rekan 0" not in by_unit


def test_employee_list_pages_with_constant_query_count(app, browser, org):
    app.config["PAGE_SIZE"] = 2
    browser.login(org.hr.nip)
    html = browser.get("/admin/employees?page=2").get_data(as_text=True)
    assert "Halaman 2 dari 4" in html

    def queries_for(path):
        with sql.recorded() as seen:
            browser.get(path)
        return len(seen)

    app.config["PAGE_SIZE"] = 2
    few = queries_for("/admin/employees")
    for i in range(20):
        factories.employee(org.unit, f"Tambahan {i}", supervisor=org.supervisor, account=False)
    db.session.commit()
    app.config["PAGE_SIZE"] = 20
    many = queries_for("/admin/employees")
    assert few == many


def test_empty_search_says_what_to_do(browser, org):
    browser.login(org.hr.nip)
    assert "Tidak ada pegawai yang cocok" in browser.get("/admin/employees?q=zzzz").get_data(as_text=True)


def test_edit_employee_and_roles(browser, org):
    browser.login(org.hr.nip)
    target = org.reports[0]
    data = {"name": "Rekan Nol", "email": "nol@uji.go.id", "unit_id": org.other_unit.id, "position": "Analis",
            "position_type": "fungsional", "golongan": "III/b", "status": "PNS", "supervisor_nip": "",
            "active": "y", "roles": ["trainer"]}
    response = browser.post(f"/admin/employees/{target.id}", data)
    assert response.status_code == 303
    db.session.refresh(target)
    assert (target.name, target.unit_id, target.supervisor_id) == ("Rekan Nol", org.other_unit.id, None)
    user = db.session.scalar(select(User).filter_by(employee_id=target.id))
    assert user.roles == {"trainer"}


def test_edit_refuses_supervisor_loop_and_keeps_input(browser, org):
    browser.login(org.hr.nip)
    boss = org.supervisor
    data = {"name": "Nama Diketik", "email": boss.email, "unit_id": org.unit.id, "position": "Kasi",
            "position_type": "pengawas", "golongan": "", "status": "PNS", "supervisor_nip": org.reports[0].nip,
            "active": "y"}
    response = browser.post(f"/admin/employees/{boss.id}", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "rantai atasan berputar" in html
    assert 'value="Nama Diketik"' in html
    db.session.refresh(boss)
    assert boss.supervisor_id is None


def test_create_employee_validates_nip_and_shows_one_time_password(browser, org):
    browser.login(org.hr.nip)
    data = {"nip": "123", "name": "Baru", "email": "", "unit_id": org.unit.id, "position": "Staf",
            "position_type": "pelaksana", "golongan": "", "status": "PNS", "supervisor_nip": "", "active": "y"}
    response = browser.post("/admin/employees/new", data)
    assert response.status_code == 422
    assert "18 digit" in response.get_data(as_text=True)
    data["nip"] = nip(77)
    data["status"] = "PPPK"
    response = browser.post("/admin/employees/new", data)
    assert response.status_code == 422
    assert "tidak cocok dengan bentuk NIP" in response.get_data(as_text=True)
    data["status"] = "PNS"
    response = browser.post("/admin/employees/new", data)
    assert response.status_code == 200
    assert "Kata sandi sekali pakai" in response.get_data(as_text=True)
    employee = db.session.scalar(select(Employee).filter_by(nip=nip(77)))
    assert db.session.scalar(select(User).filter_by(employee_id=employee.id)).must_change_password


def test_reset_password_signs_the_employee_in_with_the_new_one(app, browser, org):
    browser.login(org.hr.nip)
    response = browser.post(f"/admin/employees/{org.reports[1].id}/reset-password")
    html = response.get_data(as_text=True)
    password = html.split('<p class="one-time-password"><code>')[1].split("</code>")[0]
    other = app.test_client()
    from tests.conftest import Browser

    employee = Browser(other)
    response = employee.login(org.reports[1].nip, password)
    assert response.headers["Location"] == "/auth/password"


def test_csv_upload_success_and_errors(browser, org):
    browser.login(org.hr.nip)
    good = f"{HEADER}\n{nip(5)},Warga Baru,baru@uji.go.id,DINKES,Staf,pelaksana,,PNS,{org.supervisor.nip},\n"
    response = browser.post("/admin/employees/import", {"file": (io.BytesIO(good.encode()), "pegawai.csv")},
                            content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:300]
    assert "Impor berhasil" in html and nip(5) in html
    bad = f"{HEADER}\n{nip(6)},X,x@uji.go.id,NOPE,Staf,pelaksana,,PNS,,\n"
    response = browser.post("/admin/employees/import", {"file": (io.BytesIO(bad.encode()), "pegawai.csv")},
                            content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Baris 2:" in response.get_data(as_text=True)
    assert db.session.scalar(select(Employee).filter_by(nip=nip(6))) is None
    latin = f"{HEADER}\n{nip(7)},José,j@uji.go.id,DINKES,Staf,pelaksana,,PNS,,\n".encode("latin-1")
    response = browser.post("/admin/employees/import", {"file": (io.BytesIO(latin), "pegawai.csv")},
                            content_type="multipart/form-data")
    assert response.status_code == 422
    assert "bukan UTF-8" in response.get_data(as_text=True)


def test_csv_upload_without_file(browser, org):
    browser.login(org.hr.nip)
    response = browser.post("/admin/employees/import", {})
    assert response.status_code == 422
    assert "Pilih berkas CSV" in response.get_data(as_text=True)
