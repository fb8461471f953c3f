from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from portal.admin import bp
from portal.admin.forms import EmployeeForm, ImportForm
from portal.domain.employee_rows import COLUMNS, describe
from portal.domain.roles import HR_ADMIN
from portal.extensions import db
from portal.i18n import gettext as _, lazy_gettext as _l
from portal.models import Employee, Unit, User
from portal.services import importer, org
from portal.web import render_page, roles_required


# Cards on the admin home; each shows once its endpoint exists.
ADMIN_LINKS = (
    ("admin.employees", _l("Pegawai"), _l("Cari, ubah, dan tambah pegawai; atur peran dan kata sandi.")),
    ("admin.units", _l("Unit kerja"), _l("Daftar unit beserta jumlah pegawainya.")),
    ("admin.import_employees", _l("Impor pegawai (CSV)"), _l("Tambah atau perbarui banyak pegawai sekaligus.")),
    ("admin.cycles", _l("Siklus penilaian"), _l("Buka, pantau, tutup, dan rilis siklus 360°.")),
    ("admin.frameworks", _l("Kerangka kompetensi"), _l("Nilai BerAKHLAK, kompetensi manajerial, dan indikatornya.")),
    ("admin.outbox", _l("Kotak keluar e-mail"), _l("Pengingat dan pemberitahuan yang dikirim portal.")),
    ("admin.public_services", _l("Layanan publik (SKM)"), _l("Survei kepuasan masyarakat dan nilai IKM.")),
    ("trainers.catalogue", _l("Katalog pelatihan"), _l("Pelatihan yang dapat direkomendasikan.")),
)


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


@bp.get("/")
@roles_required(HR_ADMIN)
def index():
    counts = {
        "units": db.session.scalar(select(func.count()).select_from(Unit)),
        "employees": db.session.scalar(select(func.count()).select_from(Employee).where(Employee.active.is_(True))),
        "accounts": db.session.scalar(select(func.count()).select_from(User).where(User.active.is_(True))),
    }
    return render_page("admin/index.html", counts=counts, admin_links=ADMIN_LINKS,
                       view_endpoints=current_app.view_functions)


@bp.get("/units")
@roles_required(HR_ADMIN)
def units():
    q = request.args.get("q", "").strip()[:100]
    result = org.search_units(q, _page(), current_app.config["PAGE_SIZE"])
    return render_page("admin/units.html", "admin/_unit_results.html", result=result, q=q)


@bp.get("/employees")
@roles_required(HR_ADMIN)
def employees():
    q = request.args.get("q", "").strip()[:100]
    unit_id = request.args.get("unit", type=int)
    result = org.search_employees(q, unit_id, _page(), current_app.config["PAGE_SIZE"])
    return render_page("admin/employees.html", "admin/_employee_results.html", result=result, q=q,
                       unit_id=unit_id, units=org.unit_choices())


def _employee_form(employee=None) -> EmployeeForm:
    form = EmployeeForm(obj=employee)
    form.unit_id.choices = org.unit_select_choices()
    if employee is not None and request.method == "GET":
        form.supervisor_nip.data = employee.supervisor.nip if employee.supervisor else ""
        account = org.account_of(employee)
        form.roles.data = sorted(account.roles) if account else []
    return form


def _save(form: EmployeeForm, employee):
    values = {field: getattr(form, field).data for field in
              ("nip", "name", "email", "unit_id", "position", "position_type", "golongan", "status",
               "supervisor_nip", "active")}
    saved, problems, password = org.save_employee(employee, values, set(form.roles.data or []), current_user)
    for field, message in problems.items():
        getattr(form, field).errors.append(_(message, form=values.get("_form", "")))
    return saved, password


@bp.route("/employees/new", methods=["GET", "POST"])
@roles_required(HR_ADMIN)
def new_employee():
    form = _employee_form()
    if form.validate_on_submit():
        saved, password = _save(form, None)
        if saved is not None:
            return render_template("admin/employee_saved.html", employee=saved, password=password)
    return render_page("admin/employee_form.html", form=form, employee=None, status=422 if form.errors else 200)


@bp.route("/employees/<int:employee_id>", methods=["GET", "POST"])
@roles_required(HR_ADMIN)
def edit_employee(employee_id: int):
    employee = org.get_employee(employee_id) or abort(404)
    form = _employee_form(employee)
    if request.method == "POST":
        form.nip.data = employee.nip  # the NIP identifies the record; it is not edited here
    if form.validate_on_submit():
        saved, password = _save(form, employee)
        if saved is not None:
            if password:
                return render_template("admin/employee_saved.html", employee=saved, password=password)
            flash(_("Data %(name)s tersimpan.", name=saved.name), "success")
            return redirect(url_for("admin.edit_employee", employee_id=saved.id), code=303)
    return render_page("admin/employee_form.html", form=form, employee=employee, reset_form=FlaskForm(),
                       status=422 if form.errors else 200)


@bp.post("/employees/<int:employee_id>/reset-password")
@roles_required(HR_ADMIN)
def reset_password(employee_id: int):
    employee = org.get_employee(employee_id) or abort(404)
    password = org.reset_password(employee, current_user)
    return render_template("admin/employee_saved.html", employee=employee, password=password, reset=True)


@bp.route("/employees/import", methods=["GET", "POST"])
@roles_required(HR_ADMIN)
def import_employees():
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        result = importer.import_employees(form.file.data.read(), dry_run=form.dry_run.data)
    errors = [(e.line, describe(e, _)) for e in result.errors] if result else []
    status = 422 if form.errors or errors else 200
    return render_page("admin/import.html", form=form, result=result, errors=errors, columns=COLUMNS, status=status)
