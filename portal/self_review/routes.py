from datetime import date

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from portal import page_reads
from portal.cache import app_cache
from portal.domain import cycle_rules
from portal.domain import survey as rules
from portal.domain.roles import EMPLOYEE
from portal.i18n import gettext as _, markup_gettext
from portal.self_review import bp
from portal.services import surveys
from portal.services.cycles import CycleError
from portal.web import is_fragment_request, refuse, render_page, roles_required
from portal.web.widgets import ScaleRadios, Slotted, SurveySections


def _own_survey(assignment_id: int, lock: bool = False) -> surveys.Survey:
    survey = surveys.find_survey(assignment_id, lock) or abort(404)
    if survey.assignment.rater_id != current_user.employee_id or survey.assignment.state not in ("active", "completed"):
        abort(403)
    return survey


def _sections(survey, errors: dict) -> Markup:
    """The survey's questions with the rater's answers and comments. Without errors to show, the questions of a
    frozen framework (every cycle past its draft) are made once per worker, language and rater group and only
    filled in per page."""
    def make() -> Slotted:
        # Labels translated once, not once per radio button (a survey has hundreds).
        radios = ScaleRadios([(value, _(label)) for value, label in rules.SCALE], rules.NOT_APPLICABLE,
                             _(rules.NOT_APPLICABLE_LABEL))
        return SurveySections(radios, markup_gettext, rules.COMMENT_LIMIT).slots(survey.items, errors)

    assignment = survey.assignment
    if errors or assignment.cycle.state not in cycle_rules.FROZEN:
        slotted = make()
    else:
        key = (str(get_locale()), assignment.cycle.framework_id, assignment.source)
        slotted = app_cache("survey-sections").get(key, make)
    return slotted.fill(survey.sheet.answers, survey.sheet.comments)


def _render(survey, errors=None, status=200):
    errors = errors or {}
    sections = _sections(survey, errors) if not survey.completed else None
    return render_page("self_review/survey.html", survey=survey, errors=errors,
                       sections=sections, limit=rules.COMMENT_LIMIT, status=status)


@page_reads.with_account("self_review.tasks")
def _task_reads(_args: dict):
    return surveys.task_reads()


@bp.get("/")
@roles_required(EMPLOYEE)
def tasks():
    return render_page("self_review/tasks.html", tasks=surveys.tasks_of(current_user))


@page_reads.with_account("self_review.survey")
def _survey_reads(args: dict):
    return surveys.page_reads(args["assignment_id"])


@bp.get("/<int:assignment_id>")
@roles_required(EMPLOYEE)
def survey(assignment_id: int):
    return _render(_own_survey(assignment_id))


@bp.post("/<int:assignment_id>/draft")
@roles_required(EMPLOYEE)
def save_draft(assignment_id: int):
    survey_ = _own_survey(assignment_id, lock=True)
    try:
        errors = surveys.save_draft(survey_, request.form)
    except CycleError as error:
        refuse(error.status, _(error.message, **error.params))
    if is_fragment_request():
        return render_page("self_review/_save_state.html", survey=survey_, errors=errors,
                           status=422 if errors else 200)
    if errors:
        return _render(survey_, errors, 422)
    flash(_("Draf tersimpan. Anda dapat melanjutkan kapan saja sebelum batas waktu."), "success")
    return redirect(url_for("self_review.survey", assignment_id=assignment_id), code=303)


@bp.post("/<int:assignment_id>/submit")
@roles_required(EMPLOYEE)
def submit(assignment_id: int):
    survey_ = _own_survey(assignment_id, lock=True)
    try:
        errors = surveys.submit(survey_, request.form, date.today())
    except CycleError as error:
        refuse(error.status, _(error.message, **error.params))
    if errors:
        flash(_("Penilaian belum terkirim: %(count)s isian perlu dilengkapi. Jawaban Anda sudah disimpan sebagai draf.",
                count=len(errors)), "error")
        return _render(survey_, errors, 422)
    current_app.logger.info("survey submitted")  # no ids: a log line must not link a rater to an answer
    flash(_("Terima kasih, penilaian Anda terkirim."), "success")
    return redirect(url_for("self_review.tasks"), code=303)
