"""HR: public services, their survey posters (QR), service users per half-year, the IKM dashboard."""
from datetime import date

import segno
from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.admin import bp
from portal.admin.forms import PopulationForm, ServiceForm
from portal.domain import charts, ikm
from portal.domain import public_survey as rules
from portal.domain.exports import Table
from portal.i18n import format_fixed, gettext as _
from portal.domain.roles import HR_ADMIN
from portal.domain.text import is_digits
from portal.services import org, public
from portal.web import refuse, render_page, roles_required
from portal.web.downloads import FORMATS, download


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _service(service_id: int):
    return public.get(service_id) or abort(404)


@bp.get("/services")
@roles_required(HR_ADMIN)
def public_services():
    q = request.args.get("q", "").strip()[:100]
    unit_id = request.args.get("unit", type=int)
    result = public.search(q, unit_id, _page(), current_app.config["PAGE_SIZE"])
    return render_page("admin/services.html", "admin/_service_results.html", result=result, q=q, unit_id=unit_id,
                       units=org.unit_choices())


def _form(service=None) -> ServiceForm:
    form = ServiceForm(obj=service)
    form.unit_id.choices = org.unit_select_choices()
    if service is not None and request.method == "GET":
        form.officers.data = public.officer_lines(service)
    return form


def _edit(service=None):
    form = _form(service)
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            values = {"unit_id": form.unit_id.data, "name": form.name.data, "description": form.description.data or "",
                      "active": form.active.data}
            saved, problems = public.save_service(service, values, form.officers.data or "", current_user)
            if saved is not None:
                flash(_("Layanan %(name)s tersimpan.", name=saved.name), "success")
                return redirect(url_for("admin.public_service", service_id=saved.id), code=303)
            for name, rows in problems.items():
                getattr(form, name).errors = list(getattr(form, name).errors or []) + [
                    _(message, line=line, **params) for line, message, params in rows]
    return render_page("admin/service_form.html", form=form, service=service, status=status)


@bp.route("/services/new", methods=["GET", "POST"])
@roles_required(HR_ADMIN)
def new_public_service():
    return _edit()


@bp.route("/services/<int:service_id>/edit", methods=["GET", "POST"])
@roles_required(HR_ADMIN)
def edit_public_service(service_id: int):
    return _edit(_service(service_id))


def _period(service) -> tuple[int, int, list[tuple[int, int]]]:
    periods = public.periods(service, date.today())
    wanted = request.args.get("period", "")
    year, _sep, semester = wanted.partition("-")
    if is_digits(year) and semester in ("1", "2"):
        return int(year), int(semester), periods
    if wanted:
        refuse(400, _("Periode harus berbentuk TAHUN-SEMESTER, misalnya 2026-1."))
    return periods[0][0], periods[0][1], periods


def _number(value) -> str:
    return format_fixed(value, 2)


def _charts(board) -> tuple[str | None, str | None]:
    element_chart = trend_chart = None
    if board.summary is not None:
        element_chart = charts.bar_chart(
            "chart-elements", _("Nilai rata-rata per unsur"),
            _("Nilai rata-rata (NRR) tiap unsur pada skala 1 sampai 4. Angka yang sama ada di tabel."),
            [f"{e.code} {_(e.name)}" for e in ikm.ELEMENTS],
            [ikm.display(board.summary.nrr[e.code]) if e.code in board.summary.nrr else None for e in ikm.ELEMENTS],
            1, 4, format_value=_number)
    if len(board.trend) > 1:
        trend_chart = charts.trend_chart(
            "chart-trend", _("IKM per periode"), _("Nilai IKM tiap semester pada skala 25 sampai 100."),
            [rules.period_label(y, s) for y, s, _summary, _n in board.trend],
            [charts.Series("IKM", [s.display for _y, _s, s, _n in board.trend])], 25, 100, format_value=_number)
    return element_chart, trend_chart


@bp.get("/services/<int:service_id>")
@roles_required(HR_ADMIN)
def public_service(service_id: int):
    service = _service(service_id)
    year, semester, periods = _period(service)
    board = public.dashboard(service, year, semester)
    element_chart, trend_chart = _charts(board)
    population_form = PopulationForm(year=year, semester=semester, users=board.population)
    show_hidden = request.args.get("hidden") == "1"
    return render_page(
        "admin/service.html", service=service, board=board, periods=periods, year=year, semester=semester,
        element_chart=element_chart, trend_chart=trend_chart, population_form=population_form,
        elements=ikm.ELEMENTS, profile_labels=rules.PROFILE_LABELS, profile_choices=rules.PROFILE,
        suggestions=public.suggestions(service, year, semester, show_hidden, _page(), current_app.config["PAGE_SIZE"]),
        show_hidden=show_hidden, officers=public.officers(service), form=FlaskForm(),
        period_label=rules.period_label, display=ikm.display, survey_url=url_for("public.survey", token=service.token, _external=True))


@bp.post("/services/<int:service_id>/population")
@roles_required(HR_ADMIN)
def service_population(service_id: int):
    service = _service(service_id)
    form = PopulationForm()
    if not form.validate_on_submit():
        message = next(iter(form.errors.values()))[0] if form.errors else _("Formulir tidak lengkap.")
        refuse(422, _("Jumlah pengguna belum tersimpan: %(problem)s", problem=message))
    public.set_population(service, form.year.data, form.semester.data, form.users.data, current_user)
    flash(_("Jumlah pengguna layanan tersimpan."), "success")
    return redirect(url_for("admin.public_service", service_id=service.id,
                            period=f"{form.year.data}-{form.semester.data}"), code=303)


@bp.get("/services/<int:service_id>/poster")
@roles_required(HR_ADMIN)
def service_poster(service_id: int):
    service = _service(service_id)
    address = url_for("public.survey", token=service.token, _external=True)
    qr = segno.make(address, error="m").svg_inline(scale=8, dark="#000", light="#fff", omitsize=True,
                                                   svgclass="qr", lineclass="qr-line")
    return render_page("admin/service_poster.html", service=service, address=address, qr=qr)


@bp.get("/services/<int:service_id>/export.<fmt>")
@roles_required(HR_ADMIN)
def export_public_service(service_id: int, fmt: str):
    if fmt not in FORMATS:
        abort(404)
    service = _service(service_id)
    year, semester, _periods = _period(service)
    board = public.dashboard(service, year, semester)
    label = rules.period_label(year, semester)
    notes = (_("Unit: %(unit)s", unit=service.unit.name), _("Layanan: %(name)s", name=service.name),
             _("Periode: semester %(period)s", period=label),
             _("Jumlah responden: %(n)s", n=board.respondents))
    summary = board.summary
    elements = Table(
        title=_("Unsur SKM"), notes=notes,
        headers=(_("Kode"), _("Unsur pelayanan"), _("Jumlah nilai"), _("Responden"), _("NRR"),
                 _("NRR tertimbang (× 1/9)")),
        rows=tuple((e.code, _(e.name), _total(board, e.code), board.respondents,
                    ikm.display(summary.nrr[e.code]) if summary and e.code in summary.nrr else None,
                    ikm.display(summary.nrr[e.code] / 9) if summary and e.code in summary.nrr else None)
                   for e in ikm.ELEMENTS))
    result = Table(
        title=_("IKM"), headers=(_("Ukuran"), _("Nilai")),
        rows=((_("IKM"), summary.display if summary else None),
              (_("Mutu pelayanan"), summary.grade.letter if summary else None),
              (_("Kinerja unit pelayanan"), _(summary.grade.label) if summary else None),
              (_("Responden"), board.respondents),
              (_("Jumlah pengguna layanan"), board.population),
              (_("Sampel minimum (Krejcie-Morgan)"), board.sample.required)))
    return download([elements, result], fmt, f"skm-{service.name}-{label}")


def _total(board, code: str):
    summary = board.summary
    if summary is None or code not in summary.nrr:
        return None
    return int(summary.nrr[code] * board.respondents)


@bp.post("/services/answers/<answer_id>/visibility")
@roles_required(HR_ADMIN)
def suggestion_visibility(answer_id: str):
    answer = public.get_answer(answer_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    hide = request.form.get("hide") == "1"
    problem = public.set_hidden(answer, hide, request.form.get("reason", ""), current_user)
    if problem is not None:
        refuse(422, _(problem))
    flash(_("Saran disembunyikan dari tampilan; datanya tetap tersimpan.") if hide else _("Saran ditampilkan lagi."),
          "success")
    return redirect(url_for("admin.public_service", service_id=answer.service_id,
                            period=f"{answer.year}-{answer.semester}"), code=303)
