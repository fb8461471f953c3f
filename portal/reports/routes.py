from datetime import date

from flask import abort, current_app, flash, jsonify, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from portal import page_reads
from portal.domain.recommendations import ANNUAL_JP, PLAN_STATUS_LABELS
from portal.domain.report import METHOD_NOTE
from portal.domain.roles import EMPLOYEE, HR_ADMIN, SUPERVISOR
from portal.i18n import gettext as _
from portal.extensions import db
from portal.models import Employee
from portal.reports import bp, findings
from portal.reports.forms import CommentForm, PlanItemForm
from portal.security import current_roles
from portal.services import plans, reports, trainings
from portal.web import render_page, roles_required
from portal.web.widgets import for_reader


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _readable(cycle_id: int, subject_id: int):
    snap = reports.snapshot(cycle_id, subject_id, str(get_locale())) or abort(404)
    if not reports.may_read(current_user, snap):
        abort(403)
    return snap


@bp.get("/")
@roles_required(EMPLOYEE, HR_ADMIN)
def mine():
    me = current_user.employee
    rows = reports.own_reports(me) if me is not None else []
    return render_page("reports/mine.html", rows=rows, roles=current_roles())


@bp.get("/team")
@roles_required(SUPERVISOR)
def team():
    q = request.args.get("q", "").strip()[:100]
    result = reports.team_reports(current_user.employee, q, _page(), current_app.config["PAGE_SIZE"])
    return render_page("reports/list.html", "reports/_results.html", result=result, q=q, endpoint="reports.team",
                       title=_("Laporan tim saya"), cycles=None, cycle_id=None)


@bp.get("/all")
@roles_required(HR_ADMIN)
def everyone():
    q = request.args.get("q", "").strip()[:100]
    cycle_id = request.args.get("cycle", type=int)
    result = reports.all_reports(cycle_id, q, _page(), current_app.config["PAGE_SIZE"])
    return render_page("reports/list.html", "reports/_results.html", result=result, q=q, endpoint="reports.everyone",
                       title=_("Semua laporan"), cycles=reports.reported_cycles(), cycle_id=cycle_id)


def report_context(view, own: bool, items, jp, year: int, may_comment: bool, found: Markup | None = None) -> dict:
    """What ``reports/report.html`` renders; every figure in it comes from ``view`` (the frozen snapshot).
    ``found`` is the findings' markup (see ``findings.findings``); without it they are rendered afresh."""
    if found is None:
        found = for_reader(findings.render(view), own)
    return dict(
        view=view, snap=view.snapshot, subject=view.snapshot.subject, own=own, findings=found,
        method_note=_(METHOD_NOTE), items=items, jp=jp, year=year, annual_jp=ANNUAL_JP,
        status_labels=PLAN_STATUS_LABELS, may_comment=may_comment)


@page_reads.with_account("reports.report")
def _report_reads(args: dict):
    return reports.page_reads(args["cycle_id"], args["subject_id"])


@bp.get("/<int:cycle_id>/<int:subject_id>")
@roles_required(EMPLOYEE, SUPERVISOR, HR_ADMIN)
def report(cycle_id: int, subject_id: int):
    snap = _readable(cycle_id, subject_id)
    subject = snap.subject
    year = date.today().year
    view, own = reports.view(snap), current_user.employee_id == subject.id
    return render_page("reports/report.html", **report_context(
        view, own, view.plan, plans.year_plan(view.plan, year), year,
        plans.may_comment(current_user, subject), findings.findings(view, own)))


@bp.get("/<int:cycle_id>/<int:subject_id>.json")
@roles_required(EMPLOYEE, SUPERVISOR, HR_ADMIN)
def report_json(cycle_id: int, subject_id: int):
    snap = _readable(cycle_id, subject_id)
    response = jsonify(reports.export(snap))
    response.headers["Content-Disposition"] = f'attachment; filename="laporan-{cycle_id}-{snap.subject.nip}.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- development plan ---------------------------------------------------------------------------------

def _plan_form(employee: Employee, item=None, snapshot_id: int | None = None) -> PlanItemForm:
    form = PlanItemForm(obj=item)
    competencies = trainings.known_competencies()
    form.competency_code.choices = [SelectChoice("", _("— tidak terkait kompetensi tertentu —"))] + [
        SelectChoice(code, f"{code} {name}") for code, name in competencies]
    catalogue = trainings.search("", "", True, 1, 500).items
    form.training_id.choices = [SelectChoice("", _("— tanpa pelatihan katalog —"))] + [
        SelectChoice(t.id, f"{t.code} · {t.title} ({t.jp} JP)") for t in catalogue]
    if item is None and request.method == "GET":
        form.competency_code.data = request.args.get("competency", "")[:16]
        form.training_id.data = request.args.get("training", type=int)
        form.status.data = "planned"
    return form


def _values(form: PlanItemForm, snapshot_id: int | None) -> dict:
    return {"competency_code": form.competency_code.data or "", "goal": form.goal.data or "",
            "action": form.action.data or "", "training_id": form.training_id.data, "jp": form.jp.data,
            "target_date": form.target_date.data, "status": form.status.data, "snapshot_id": snapshot_id}


def _apply_problems(form: PlanItemForm, problems: dict) -> None:
    for name, message in problems.items():
        getattr(form, name).errors = list(getattr(form, name).errors or []) + [_(message)]


@bp.route("/plan/new", methods=["GET", "POST"])
@roles_required(EMPLOYEE)
def new_plan_item():
    me = current_user.employee
    snapshot_id = request.args.get("snapshot", type=int)
    form = _plan_form(me, snapshot_id=snapshot_id)
    if form.validate_on_submit():
        item, problems = plans.save(me, None, _values(form, snapshot_id), current_user, date.today())
        if item is not None:
            flash(_("Rencana pengembangan tersimpan."), "success")
            return redirect(url_for("reports.plan"), code=303)
        _apply_problems(form, problems)
    status = 422 if request.method == "POST" else 200
    return render_page("reports/plan_item.html", form=form, item=None, status=status)


@bp.route("/plan/<int:item_id>", methods=["GET", "POST"])
@roles_required(EMPLOYEE)
def plan_item(item_id: int):
    item = plans.get(item_id) or abort(404)
    if item.employee_id != current_user.employee_id:
        abort(403)
    form = _plan_form(current_user.employee, item)
    if form.validate_on_submit():
        saved, problems = plans.save(current_user.employee, item, _values(form, item.snapshot_id), current_user,
                                     date.today())
        if saved is not None:
            flash(_("Rencana pengembangan tersimpan."), "success")
            return redirect(url_for("reports.plan"), code=303)
        _apply_problems(form, problems)
    status = 422 if request.method == "POST" else 200
    return render_page("reports/plan_item.html", form=form, item=item, status=status)


@bp.get("/plan")
@roles_required(EMPLOYEE)
def plan():
    return _plan_page(current_user.employee)


@bp.get("/plan/of/<int:employee_id>")
@roles_required(SUPERVISOR, HR_ADMIN)
def plan_of(employee_id: int):
    employee = db.session.get(Employee, employee_id) or abort(404)
    if not plans.may_read(current_user, employee):
        abort(403)
    return _plan_page(employee)


def _plan_page(employee: Employee, comment_form: CommentForm | None = None, status: int = 200):
    year = date.today().year
    items = plans.items_for(employee.id)
    return render_page("reports/plan.html", employee=employee, items=items,
                       jp=plans.year_plan(items, year), year=year, annual_jp=ANNUAL_JP,
                       status_labels=PLAN_STATUS_LABELS, own=employee.id == current_user.employee_id,
                       may_comment=plans.may_comment(current_user, employee),
                       comment_form=comment_form or CommentForm(), status=status)


@bp.post("/plan/<int:item_id>/comments")
@roles_required(EMPLOYEE)
def comment(item_id: int):
    item = plans.get(item_id) or abort(404)
    employee = db.session.get(Employee, item.employee_id)
    if not plans.may_comment(current_user, employee):
        abort(403)
    form = CommentForm()
    problem = None if form.validate_on_submit() else next(iter(form.errors.values()))[0]
    if problem is None:
        problem = plans.add_comment(item, current_user.employee, form.text.data)
        if problem is not None:
            problem = _(problem)
    if problem is not None:
        form.text.errors = [problem]
        form.errors_for = item.id
        return _plan_page(employee, comment_form=form, status=422)
    flash(_("Komentar tersimpan."), "success")
    target = "reports.plan" if employee.id == current_user.employee_id else "reports.plan_of"
    args = {} if target == "reports.plan" else {"employee_id": employee.id}
    return redirect(url_for(target, **args) + f"#item-{item.id}", code=303)
