"""HR: appraisal cycles (settings, state changes, progress, reminders) and the mail outbox."""
from datetime import date

from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.admin import bp
from portal.admin.forms import CycleForm
from portal.domain import cycle_rules
from portal.domain.roles import HR_ADMIN
from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import AuditEvent
from portal.services import cycles, frameworks, mail, nominations, org, progress
from portal.services.cycles import CycleError
from portal.web import is_fragment_request, refuse, render_page, roles_required

FIELDS = ("name", "period_start", "period_end", "framework_id", "nomination_deadline", "feedback_deadline",
          "min_group_size", "comment_min_group_size", "peer_min", "peer_max", "peer_cap", "direct_reports_rate")


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _cycle_form(cycle=None) -> CycleForm:
    form = CycleForm(obj=cycle)
    form.framework_id.choices = [SelectChoice(row.framework.id, f"{row.framework.name} (v{row.framework.version})")
                                 for row in frameworks.list_frameworks()]
    form.units.choices = org.unit_select_choices()
    if cycle is not None and request.method == "GET":
        form.units.data = [u.id for u in cycle.units]
    return form


def _save(form: CycleForm, cycle):
    values = {name: getattr(form, name).data for name in FIELDS}
    saved, problems = cycles.save_cycle(cycle, values, form.units.data or [], current_user)
    for name, message in problems.items():
        getattr(form, name).errors.append(_(message))
    return saved


@bp.get("/cycles", endpoint="cycles")
@roles_required(HR_ADMIN)
def cycles_list():
    return render_page("admin/cycles.html", result=cycles.list_cycles(_page(), current_app.config["PAGE_SIZE"]))


@bp.route("/cycles/new", methods=["GET", "POST"])
@roles_required(HR_ADMIN)
def new_cycle():
    form = _cycle_form()
    if form.validate_on_submit():
        saved = _save(form, None)
        if saved is not None:
            flash(_("Siklus %(name)s dibuat sebagai draf.", name=saved.name), "success")
            return redirect(url_for("admin.cycle", cycle_id=saved.id), code=303)
    return render_page("admin/cycle_form.html", form=form, cycle=None, status=422 if form.errors else 200)


@bp.route("/cycles/<int:cycle_id>/edit", methods=["GET", "POST"])
@roles_required(HR_ADMIN)
def edit_cycle(cycle_id: int):
    cycle = cycles.get_cycle(cycle_id) or abort(404)
    if cycle.state in (cycle_rules.CLOSED, cycle_rules.RELEASED):
        refuse(409, _("Siklus yang sudah ditutup tidak dapat diubah."))
    form = _cycle_form(cycle)
    if form.validate_on_submit():
        saved = _save(form, cycle)
        if saved is not None:
            flash(_("Pengaturan siklus tersimpan."), "success")
            return redirect(url_for("admin.cycle", cycle_id=cycle.id), code=303)
    return render_page("admin/cycle_form.html", form=form, cycle=cycle, status=422 if form.errors else 200)


def _detail_context(cycle, problems=None):
    target = cycle_rules.NEXT.get(cycle.state)
    checks = problems if problems is not None else (
        cycle_rules.transition_problems(cycles.facts(cycle), target, date.today()) if target else [])
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.target == f"cycle:{cycle.id}")
                                .order_by(AuditEvent.id.desc()).limit(20)).all()
    return {"cycle": cycle, "target": target, "checks": checks, "events": events, "form": FlaskForm(),
            "rates": progress.unit_rates(cycle), "overloaded": nominations.overloaded_raters(cycle),
            "unfinished": progress.unfinished_raters(cycle, _page(), current_app.config["PAGE_SIZE"]),
            "action_labels": cycle_rules.ACTION_LABELS}


@bp.get("/cycles/<int:cycle_id>")
@roles_required(HR_ADMIN)
def cycle(cycle_id: int):
    cycle_ = cycles.get_cycle(cycle_id) or abort(404)
    return render_page("admin/cycle.html", **_detail_context(cycle_))


@bp.get("/cycles/<int:cycle_id>/progress")
@roles_required(HR_ADMIN)
def cycle_progress(cycle_id: int):
    cycle_ = cycles.get_cycle(cycle_id) or abort(404)
    if not is_fragment_request():
        return redirect(url_for("admin.cycle", cycle_id=cycle_id))
    return render_page("admin/_cycle_progress.html", **_detail_context(cycle_))


@bp.post("/cycles/<int:cycle_id>/transition")
@roles_required(HR_ADMIN)
def transition(cycle_id: int):
    cycle_ = cycles.get_cycle(cycle_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    target = request.form.get("target", "")
    if target not in cycle_rules.STATES:
        refuse(422, _("Status tujuan tidak dikenal."))
    try:
        problems = cycles.transition(cycle_.id, target, current_user, bool(request.form.get("confirm")), date.today())
    except CycleError as error:
        refuse(error.status, _(error.message, **error.params))
    if problems:
        flash(_("Siklus belum dapat dipindahkan. Lihat alasannya di bawah."), "error")
        return render_page("admin/cycle.html", status=409, **_detail_context(cycles.get_cycle(cycle_id), problems))
    flash(_("Status siklus sekarang: %(state)s.", state=_(cycle_rules.STATE_LABELS[target])), "success")
    return redirect(url_for("admin.cycle", cycle_id=cycle_id), code=303)


@bp.post("/cycles/<int:cycle_id>/reminders")
@roles_required(HR_ADMIN)
def reminders(cycle_id: int):
    cycle_ = cycles.get_cycle(cycle_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if cycle_.state not in (cycle_rules.NOMINATING, cycle_rules.COLLECTING):
        refuse(409, _("Pengingat hanya dapat dikirim selama siklus berjalan."))
    sent, skipped = progress.send_reminders(cycle_, current_user)
    flash(_("Pengingat dikirim ke %(sent)s penilai; %(skipped)s dilewati karena sudah diingatkan dalam 48 jam terakhir.",
            sent=sent, skipped=skipped), "success")
    return redirect(url_for("admin.cycle", cycle_id=cycle_id), code=303)


@bp.get("/outbox")
@roles_required(HR_ADMIN)
def outbox():
    return render_page("admin/outbox.html", result=mail.outbox(_page(), current_app.config["PAGE_SIZE"]),
                       smtp=bool(current_app.config.get("MAIL_SERVER")))
