from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from portal import page_reads
from portal.domain.exports import Table
from portal.domain.recommendations import EXPECTATION
from portal.domain.roles import HR_ADMIN, TRAINER
from portal.domain.standard_trainings import FORM_LABELS, KIND_LABELS
from portal.extensions import db
from portal.i18n import fixed_formatter, gettext as _, percent_formatter
from portal.models import Cycle
from portal.services import skill_gaps as gaps, trainings
from portal.trainers import bp
from portal.trainers.forms import TrainingForm
from portal.web import refuse, render_page, roles_required
from portal.web.cache import render_cache
from portal.web.downloads import FORMATS, download
from portal.web.widgets import GapRows


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _cycle(cycles: list[Cycle]) -> Cycle | None:
    """The cycle asked for (it must be one this user may see), else the latest."""
    wanted = request.args.get("cycle", type=int)
    if wanted is None:
        return cycles[0] if cycles else None
    for cycle in cycles:
        if cycle.id == wanted:
            return cycle
    if db.session.get(Cycle, wanted) is None:
        abort(404)
    refuse(403, _("Laporan siklus ini belum dirilis, jadi kesenjangan kompetensinya belum dapat dilihat."))


def _filters():
    unit_id = request.args.get("unit", type=int)
    competency = request.args.get("competency", "").strip()[:16]
    sort = request.args.get("sort", "competency")
    if sort not in gaps.SORTS:
        sort = "competency"
    return unit_id, competency, sort, request.args.get("dir") == "desc"


@page_reads.with_account("trainers.skill_gaps")
def _skill_gap_reads(_args: dict):
    return gaps.page_reads()


@bp.get("/")
@roles_required(TRAINER, HR_ADMIN)
def skill_gaps():
    unit_id, competency, sort, descending = _filters()
    cycles, revision = gaps.cycles_and_revision(current_user)
    cycle = _cycle(cycles)
    if cycle is None:
        return render_page("trainers/skill_gaps.html", cycle=None, cycles=[])
    gap_rows = GapRows(_("disembunyikan (kurang dari %(k)s pegawai)", k=cycle.min_group_size), EXPECTATION,
                       fixed_formatter(2), percent_formatter())
    return render_page(
        "trainers/skill_gaps.html", "trainers/_matrix.html", cycle=cycle, cycles=cycles,
        gap_table=_gap_table(cycle, unit_id, competency, sort, descending, gap_rows),
        demand_section=_demand_section(cycle, unit_id, competency, revision, gap_rows),
        units=gaps.units(cycle), competencies=gaps.competencies(cycle), unit_id=unit_id,
        competency=competency, sort=sort, descending=descending, expectation=EXPECTATION)


def _gap_table(cycle: Cycle, unit_id: int | None, competency: str, sort: str, descending: bool,
               gap_rows: GapRows) -> Markup:
    """One page of the skill-gap table with its downloads and pager. A closed cycle's cells never change, so
    its table is kept per worker under what it is made of: the cycle, the language and the request's arguments
    (its filters, order and page, which the links repeat)."""
    page, per_page = _page(), current_app.config["PAGE_SIZE"]

    def render() -> str:
        cells = gaps.matrix_page(cycle, unit_id, competency, sort, descending, page, per_page)
        return render_template("trainers/_gap_table.html", cycle=cycle, cells=cells, gap_rows=gap_rows)

    if not gaps.stored(cycle):
        return Markup(render())  # nosec B704 (the template escapes what it inserts)
    key = (cycle.id, cycle.created_at, cycle.name, cycle.min_group_size, str(get_locale()), request.script_root,
           unit_id, competency, sort, descending, page, per_page, tuple(request.args.items(multi=True)))
    return render_cache("gap-tables").get(key, render)


def _demand_section(cycle: Cycle, unit_id: int | None, competency: str, revision: int, gap_rows: GapRows) -> Markup:
    """The cycle's training demand for the filters. Stored at its close, so kept per worker once rendered under
    what it is made of: the cycle, the filters, the language and the catalogue's ``revision`` (it shows the
    trainings as the catalogue describes them now); the demand is read only to render it."""
    def render() -> str:
        return render_template("trainers/_demand.html", cycle=cycle, unit_id=unit_id, gap_rows=gap_rows,
                               demand=gaps.training_demand(cycle, unit_id, competency))

    if not gaps.stored(cycle):
        return Markup(render())  # nosec B704 (the template escapes what it inserts)
    key = (cycle.id, cycle.created_at, str(get_locale()), request.script_root, unit_id, competency, revision)
    return render_cache("gap-demand").get(key, render)


def _matrix_table(cycle: Cycle, cells) -> Table:
    return Table(
        title=_("Kesenjangan kompetensi"),
        headers=(_("Kompetensi"), _("Nama kompetensi"), _("Unit"), _("Pegawai dengan skor"),
                 _("Rata-rata penilai lain"), _("Di bawah harapan"), _("Persentase di bawah harapan")),
        rows=tuple((c.competency_code, c.competency_name, c.unit_name, c.employees, c.average, c.below,
                    None if c.below_share is None else round(c.below_share * 100, 1)) for c in cells),
        notes=(_("Siklus: %(cycle)s", cycle=cycle.name),
               _("Harapan: skor %(high)s. Sel dengan kurang dari %(k)s pegawai dikosongkan untuk menjaga kerahasiaan.",
                 high=EXPECTATION, k=cycle.min_group_size)))


@bp.get("/skill-gaps.<fmt>")
@roles_required(TRAINER, HR_ADMIN)
def export_matrix(fmt: str):
    if fmt not in FORMATS:
        abort(404)
    cycle = _cycle(gaps.visible_cycles(current_user)) or abort(404)
    unit_id, competency, sort, descending = _filters()
    cells = gaps.matrix(cycle, unit_id, competency, sort, descending)
    demand = gaps.training_demand(cycle, unit_id, competency)
    demand_table = Table(
        title=_("Permintaan pelatihan"),
        headers=(_("Kode"), _("Pelatihan"), _("Penyelenggara"), _("JP"), _("Kompetensi"), _("Jumlah pegawai")),
        rows=tuple((d.training.code, d.training.title, d.training.provider, d.training.jp,
                    ", ".join(d.competencies), d.employees) for d in demand))
    return download([_matrix_table(cycle, cells), demand_table], fmt, f"kesenjangan-{cycle.name}")


@bp.get("/trainings/<int:training_id>")
@roles_required(TRAINER, HR_ADMIN)
def recommended(training_id: int):
    training = trainings.get(training_id) or abort(404)
    cycles = gaps.visible_cycles(current_user)
    cycle = _cycle(cycles) or abort(404)
    unit_id = request.args.get("unit", type=int)
    result = gaps.recommended_to(cycle, training.id, unit_id, _page(), current_app.config["PAGE_SIZE"])
    return render_page("trainers/recommended.html", training=training, cycle=cycle, cycles=cycles, result=result,
                       units=gaps.units(cycle), unit_id=unit_id)


@bp.get("/trainings/<int:training_id>/employees.<fmt>")
@roles_required(TRAINER, HR_ADMIN)
def export_recommended(training_id: int, fmt: str):
    if fmt not in FORMATS:
        abort(404)
    training = trainings.get(training_id) or abort(404)
    cycle = _cycle(gaps.visible_cycles(current_user)) or abort(404)
    unit_id = request.args.get("unit", type=int)
    result = gaps.recommended_to(cycle, training.id, unit_id, 1, 100_000)
    table = Table(title=training.title[:60],
                  headers=(_("Nama"), _("NIP"), _("Unit"), _("Kompetensi")),
                  rows=tuple((r.name, r.nip, r.unit_name, r.competencies) for r in result.items),
                  notes=(_("Siklus: %(cycle)s", cycle=cycle.name), f"{training.code} · {training.title}"))
    return download(table, fmt, f"peserta-{training.code}-{cycle.name}")


# --- catalogue ----------------------------------------------------------------------------------------

@bp.get("/catalogue")
@roles_required(TRAINER, HR_ADMIN)
def catalogue():
    q = request.args.get("q", "").strip()[:100]
    competency = request.args.get("competency", "").strip()[:16]
    result = trainings.search(q, competency, False, _page(), current_app.config["PAGE_SIZE"])
    return render_page("trainers/catalogue.html", "trainers/_catalogue_results.html", result=result, q=q,
                       competency=competency, competencies=trainings.known_competencies(),
                       codes=trainings.competencies_of([t.id for t in result.items]), kind_labels=KIND_LABELS,
                       form_labels=FORM_LABELS, form=FlaskForm())


@bp.post("/catalogue/seed")
@roles_required(TRAINER, HR_ADMIN)
def seed_catalogue():
    if not FlaskForm().validate_on_submit():
        abort(400)
    added = trainings.seed_catalogue()
    db.session.commit()
    flash(_("%(count)s pelatihan contoh ditambahkan ke katalog.", count=added), "success")
    return redirect(url_for("trainers.catalogue"), code=303)


def _training_form(training=None) -> TrainingForm:
    form = TrainingForm(obj=training)
    form.competencies.choices = [SelectChoice(code, f"{code} {name}") for code, name in trainings.known_competencies()]
    if training is not None and request.method == "GET":
        form.competencies.data = training.competency_codes
    return form


def _save(training=None):
    form = _training_form(training)
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            values = {name: getattr(form, name).data for name in
                      ("code", "title", "provider", "form", "kind", "jp", "level", "description", "active")}
            saved, problems = trainings.save(training, values, form.competencies.data or [], current_user)
            if saved is not None:
                flash(_("Pelatihan %(code)s tersimpan.", code=saved.code), "success")
                return redirect(url_for("trainers.catalogue"), code=303)
            for name, message in problems.items():
                getattr(form, name).errors = list(getattr(form, name).errors or []) + [
                    _(message, code=form.code.data)]
    return render_page("trainers/training_form.html", form=form, training=training, status=status)


@bp.route("/catalogue/new", methods=["GET", "POST"])
@roles_required(TRAINER, HR_ADMIN)
def new_training():
    return _save()


@bp.route("/catalogue/<int:training_id>", methods=["GET", "POST"])
@roles_required(TRAINER, HR_ADMIN)
def edit_training(training_id: int):
    return _save(trainings.get(training_id) or abort(404))
