from datetime import date

from flask import abort, current_app, flash, jsonify, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from portal.domain import charts
from portal.domain.recommendations import ANNUAL_JP, PLAN_STATUS_LABELS
from portal.domain.report import GROUP_LABELS, HIGH_RULE, METHOD_NOTE, QUADRANT_LABELS, QUADRANTS
from portal.domain.roles import EMPLOYEE, HR_ADMIN, SUPERVISOR
from portal.i18n import fixed_formatter, format_fixed, gettext as _, markup_translator
from portal.extensions import db
from portal.models import Employee
from portal.reports import bp
from portal.reports.forms import CommentForm, PlanItemForm
from portal.security import current_roles
from portal.services import plans, reports, trainings
from portal.web import render_page, roles_required
from portal.web.cache import render_cache
from portal.web.widgets import ReportAdvice, ReportTables, ScoreCells, training_lines


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _readable(cycle_id: int, subject_id: int):
    snap = reports.snapshot(cycle_id, subject_id) or abort(404)
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


def findings_context(view, own: bool) -> dict:
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


def findings(view, own: bool) -> Markup:
    """The findings of a report, from the cache when this worker has shown them in this language before.

    The key holds everything they are made of: the snapshot (its id and creation time, as ids can come back
    after a cycle is deleted), the language, the unit averages and trends read with it, the suggested
    trainings as the catalogue describes them now, and ``own``."""
    snap = view.snapshot
    trainings = tuple(t for suggestion in view.suggestions for t in suggestion.trainings)  # frozen: hashable
    key = (snap.id, snap.created_at, str(get_locale()), own, tuple(sorted(view.unit_scores.items())),
           tuple(sorted(view.trends.items())), trainings)
    return render_cache("report-findings").get(key, lambda: _render_findings(view, own))


def _render_findings(view, own: bool) -> str:
    # Without the context processors (the menu, the request, the session): what the cache keeps may hold nothing
    # of the request it was first made for, and a first view skips making the menu a second time.
    return current_app.jinja_env.get_template("reports/_findings.html").render(**findings_context(view, own))


def report_context(view, own: bool, items, jp, year: int, may_comment: bool, found: Markup | None = None) -> dict:
    """What ``reports/report.html`` renders; every figure in it comes from ``view`` (the frozen snapshot).
    ``found`` is the findings' markup (see ``findings``); without it they are rendered afresh."""
    if found is None:
        found = Markup(_render_findings(view, own))  # nosec B704
    return dict(
        view=view, report=view.report, snap=view.snapshot, subject=view.snapshot.subject, own=own, findings=found,
        method_note=_(METHOD_NOTE), items=items, jp=jp, year=year, annual_jp=ANNUAL_JP,
        status_labels=PLAN_STATUS_LABELS, may_comment=may_comment)


@bp.get("/<int:cycle_id>/<int:subject_id>")
@roles_required(EMPLOYEE, SUPERVISOR, HR_ADMIN)
def report(cycle_id: int, subject_id: int):
    snap = _readable(cycle_id, subject_id)
    subject = snap.subject
    year = date.today().year
    view, own = reports.view(snap), current_user.employee_id == subject.id
    return render_page("reports/report.html", **report_context(
        view, own, view.plan, plans.year_plan(view.plan, year), year,
        plans.may_comment(current_user, subject), findings(view, own)))


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
