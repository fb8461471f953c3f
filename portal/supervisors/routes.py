from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.domain import cycle_rules
from portal.domain.roles import HR_ADMIN, SUPERVISOR
from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Employee
from portal.security import current_roles
from portal.services import cycles, nominations, progress
from portal.services.cycles import CycleError
from portal.supervisors import bp
from portal.web import refuse, render_page, roles_required

RUNNING = (cycle_rules.NOMINATING, cycle_rules.COLLECTING)


def _may_manage(subject: Employee) -> None:
    """The subject's own supervisor decides; HR may override."""
    if subject.supervisor_id != current_user.employee_id and HR_ADMIN not in current_roles():
        abort(403)


def _running_cycle(cycle_id: int):
    cycle = cycles.get_cycle(cycle_id) or abort(404)
    if cycle.state not in RUNNING:
        refuse(409, _("Siklus ini tidak lagi menerima perubahan nominasi."))
    return cycle


@bp.get("/")
@roles_required(SUPERVISOR)
def team():
    me = current_user.employee
    sections = [(cycle, progress.team_progress(cycle, me), nominations.for_team(cycle, me))
                for cycle in cycles.cycles_in(RUNNING)]
    sections = [s for s in sections if s[1] or s[2]]
    return render_page("supervisors/team.html", sections=sections, form=FlaskForm())


@bp.get("/<int:cycle_id>/members/<int:subject_id>")
@roles_required(SUPERVISOR, HR_ADMIN)
def member(cycle_id: int, subject_id: int):
    cycle = _running_cycle(cycle_id)
    subject = db.session.get(Employee, subject_id) or abort(404)
    _may_manage(subject)
    if not cycles.in_cycle(cycle, subject.id):
        abort(404)
    q = request.args.get("q", "").strip()[:100]
    page = max(1, request.args.get("page", 1, type=int) or 1)
    return render_page("supervisors/member.html", "peers/_candidates.html", cycle=cycle, subject=subject, q=q,
                       nominated=nominations.for_subject(cycle, subject), form=FlaskForm(),
                       add_url=url_for("supervisors.add_peer", cycle_id=cycle.id, subject_id=subject.id),
                       candidates=nominations.search_candidates(cycle, subject, q, page,
                                                                current_app.config["PAGE_SIZE"]))


@bp.post("/<int:cycle_id>/members/<int:subject_id>/add")
@roles_required(SUPERVISOR, HR_ADMIN)
def add_peer(cycle_id: int, subject_id: int):
    cycle = _running_cycle(cycle_id)
    subject = db.session.get(Employee, subject_id) or abort(404)
    _may_manage(subject)
    if not FlaskForm().validate_on_submit():
        abort(400)
    candidate = request.form.get("candidate_id", type=int)
    if candidate is None:
        refuse(422, _("Pilih rekan yang ingin ditambahkan."))
    try:
        nominations.add_peer(cycle, subject, candidate, current_user, approved=True)
    except CycleError as error:
        refuse(error.status, _(error.message, **error.params))
    flash(_("Rekan ditambahkan dan langsung disetujui."), "success")
    return redirect(url_for("supervisors.member", cycle_id=cycle.id, subject_id=subject.id), code=303)


@bp.post("/nominations/<int:assignment_id>")
@roles_required(SUPERVISOR, HR_ADMIN)
def decide(assignment_id: int):
    assignment = nominations.get_peer_assignment(assignment_id) or abort(404)
    _may_manage(assignment.subject)
    if not FlaskForm().validate_on_submit():
        abort(400)
    decision = request.form.get("decision")
    if decision not in ("approve", "remove"):
        refuse(422, _("Pilih setujui atau hapus."))
    try:
        nominations.decide(assignment, decision == "approve", current_user)
    except CycleError as error:
        refuse(error.status, _(error.message, **error.params))
    flash(_("Nominasi disetujui.") if decision == "approve" else _("Nominasi dihapus."), "success")
    target = request.form.get("back")
    if target == "member":
        return redirect(url_for("supervisors.member", cycle_id=assignment.cycle_id,
                                subject_id=assignment.subject_id), code=303)
    return redirect(url_for("supervisors.team"), code=303)
