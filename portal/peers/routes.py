from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.domain.roles import EMPLOYEE
from portal.i18n import gettext as _
from portal.peers import bp
from portal.services import cycles, nominations
from portal.services.cycles import CycleError
from portal.web import render_page, refuse, roles_required


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _my_cycle(cycle_id: int | None):
    open_cycles = nominations.nomination_cycles(current_user.employee)
    if cycle_id is None:
        return open_cycles, (open_cycles[0] if open_cycles else None)
    chosen = next((c for c in open_cycles if c.id == cycle_id), None)
    if chosen is None:
        abort(404)
    return open_cycles, chosen


@bp.get("/", endpoint="nominations")
@roles_required(EMPLOYEE)
def nominations_page():
    open_cycles, cycle = _my_cycle(request.args.get("cycle", type=int))
    q = request.args.get("q", "").strip()[:100]
    context = {"open_cycles": open_cycles, "cycle": cycle, "q": q, "form": FlaskForm()}
    if cycle is not None:
        context["mine"] = nominations.for_subject(cycle, current_user.employee)
        context["add_url"] = url_for("peers.nominate", cycle_id=cycle.id)
        context["candidates"] = nominations.search_candidates(cycle, current_user.employee, q, _page(),
                                                              current_app.config["PAGE_SIZE"])
    return render_page("peers/nominations.html", "peers/_candidates.html", **context)


@bp.post("/<int:cycle_id>/nominate")
@roles_required(EMPLOYEE)
def nominate(cycle_id: int):
    _open_cycles, cycle = _my_cycle(cycle_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    candidate = request.form.get("candidate_id", type=int)
    if candidate is None:
        refuse(422, _("Pilih rekan yang ingin dinominasikan."))
    try:
        nominations.add_peer(cycle, current_user.employee, candidate, current_user, approved=False)
    except CycleError as error:
        refuse(error.status, _(error.message, **error.params))
    flash(_("Nominasi ditambahkan; menunggu persetujuan atasan."), "success")
    return redirect(url_for("peers.nominations", cycle=cycle.id, q=request.form.get("q", "")), code=303)


@bp.post("/nominations/<int:assignment_id>/withdraw")
@roles_required(EMPLOYEE)
def withdraw(assignment_id: int):
    assignment = nominations.get_peer_assignment(assignment_id) or abort(404)
    if assignment.subject_id != current_user.employee_id:
        abort(403)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        nominations.withdraw(assignment, current_user)
    except CycleError as error:
        refuse(error.status, _(error.message, **error.params))
    flash(_("Nominasi ditarik."), "success")
    return redirect(url_for("peers.nominations", cycle=assignment.cycle_id), code=303)
