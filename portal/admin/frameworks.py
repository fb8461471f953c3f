"""HR: competency frameworks. Editing a framework in use makes a new version (see services.frameworks)."""
from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.admin import bp
from portal.admin.forms import GROUP_LABELS, CompetencyForm
from portal.domain.roles import HR_ADMIN
from portal.domain.sources import SOURCES
from portal.domain.text import is_digits
from portal.i18n import gettext as _
from portal.services import frameworks
from portal.services.frameworks import FrameworkError
from portal.web import refuse, render_page, roles_required

BLANK_ROWS = 2


@bp.get("/frameworks", endpoint="frameworks")
@roles_required(HR_ADMIN)
def frameworks_list():
    return render_page("admin/frameworks.html", rows=frameworks.list_frameworks())


@bp.get("/frameworks/<int:framework_id>")
@roles_required(HR_ADMIN)
def framework(framework_id: int):
    item = frameworks.get_framework(framework_id) or abort(404)
    return render_page("admin/framework.html", framework=item, frozen=frameworks.is_frozen(item),
                       groups=GROUP_LABELS, form=FlaskForm())


def _indicator_rows(form) -> list[dict]:
    rows = []
    index = 0
    while f"ind-{index}-text" in form:
        raw_id = form.get(f"ind-{index}-id", "")
        position = form.get(f"ind-{index}-position", "")
        rows.append({"id": int(raw_id) if is_digits(raw_id) else None, "text": form.get(f"ind-{index}-text", "")[:1000],
                     "sources": form.getlist(f"ind-{index}-sources"), "retired": bool(form.get(f"ind-{index}-retired")),
                     "position": int(position) if is_digits(position.removeprefix("-")) else None})
        index += 1
        if index > 200:
            break
    return rows


@bp.route("/frameworks/<int:framework_id>/competencies/new", methods=["GET", "POST"], defaults={"competency_id": None})
@bp.route("/frameworks/<int:framework_id>/competencies/<int:competency_id>", methods=["GET", "POST"])
@roles_required(HR_ADMIN)
def competency(framework_id: int, competency_id: int | None):
    item = frameworks.get_framework(framework_id) or abort(404)
    current = next((c for c in item.competencies if c.id == competency_id), None)
    if competency_id is not None and current is None:
        abort(404)
    form = CompetencyForm(obj=current)
    rows = ([{"id": i.id, "text": i.text, "sources": list(i.source_set), "retired": i.retired, "position": i.position}
             for i in current.indicators] if current else [])
    error = None
    if request.method == "POST":
        rows = _indicator_rows(request.form)
        if form.validate_on_submit():
            values = {name: getattr(form, name).data for name in ("code", "name", "competency_group", "description",
                                                                   "retired")}
            try:
                saved = frameworks.save_competency(item, competency_id, values, rows, current_user)
            except FrameworkError as problem:
                error = _(problem.message, **problem.params)
            else:
                if saved.framework_id != item.id:
                    flash(_("Kerangka ini sudah dipakai siklus yang berjalan, jadi perubahan disimpan sebagai versi "
                            "%(version)s. Jawaban lama tetap memakai kata-kata versi sebelumnya.",
                            version=saved.framework.version), "warning")
                else:
                    flash(_("Kompetensi %(code)s tersimpan.", code=saved.code), "success")
                return redirect(url_for("admin.framework", framework_id=saved.framework_id), code=303)
    rows = rows + [{"id": None, "text": "", "sources": ["self", "supervisor", "peer", "report"], "retired": False,
                    "position": None} for _ in range(BLANK_ROWS)]
    status = 422 if (form.errors or error) else 200
    return render_page("admin/competency_form.html", framework=item, competency=current, form=form, rows=rows,
                       error=error, sources=SOURCES, frozen=frameworks.is_frozen(item), status=status)


@bp.post("/frameworks/<int:framework_id>/competencies/<int:competency_id>/move")
@roles_required(HR_ADMIN)
def move_competency(framework_id: int, competency_id: int):
    item = frameworks.get_framework(framework_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    step = -1 if request.form.get("step") == "up" else 1
    try:
        target = frameworks.move_competency(item, competency_id, step, current_user)
    except FrameworkError as problem:
        refuse(404, _(problem.message, **problem.params))
    return redirect(url_for("admin.framework", framework_id=target.id), code=303)
