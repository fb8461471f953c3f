"""Markup built in Python for speed (radios, options, report score cells) escapes what it inserts."""
from types import SimpleNamespace

from portal.web.widgets import (OWN_END, OWN_START, GapRows, ScaleRadios, ScoreCells, Slotted, SurveySections, for_reader,
                                options)

SCALE = [(1, "Kurang"), (2, "Baik <b>")]


def _radios(radios: ScaleRadios, name: str, answers: dict, key):
    """One question's buttons, filled with ``answers`` (question key -> value, None for "cannot rate")."""
    out = Slotted()
    radios.add_to(out, name, key)
    return out.fill(answers, {})


def test_the_stored_answer_is_checked_and_only_it():
    html = _radios(ScaleRadios(SCALE, "na", "Tidak dapat menilai"), "answer-7", {7: 2}, 7)
    assert html.count("checked") == 1
    assert 'name="answer-7" value="2" checked> <span class="scale-value">2</span> Baik &lt;b&gt;</label>' in html
    assert '<label class="na"><input type="radio" name="answer-7" value="na"> Tidak dapat menilai</label>' in html


def test_cannot_rate_is_checked_when_stored_as_none_and_nothing_when_unanswered():
    radios = ScaleRadios(SCALE, "na", "Tidak dapat menilai")
    assert 'value="na" checked>' in _radios(radios, "answer-7", {7: None}, 7)
    assert "checked" not in _radios(radios, "answer-7", {8: 1}, 7)


def test_hostile_names_and_labels_are_escaped():
    html = _radios(ScaleRadios([(1, '"><script>x</script>')], '"na', "<i>"), 'a"b', {}, 1)
    assert "<script>" not in html and "<i>" not in html
    assert 'name="a&#34;b" value="1">' in html and 'value="&#34;na">' in html


def test_options_mark_the_selected_value_and_escape_labels():
    html = options([(1, "Dinas <Kesehatan>"), (2, 'Kecamatan "Candisari"'), (3, "Lain")], 2)
    assert html == ('<option value="1">Dinas &lt;Kesehatan&gt;</option>'
                    '<option value="2" selected>Kecamatan &#34;Candisari&#34;</option><option value="3">Lain</option>')
    assert "selected" not in options([(1, "A")], None)


def test_options_escape_once_but_mark_each_request_its_own_selection():
    units = [(1, "Dinas A"), (2, "Dinas <B>"), (3, "Dinas C")]
    assert options(units, 3).count(" selected") == 1 and '<option value="3" selected>Dinas C' in options(units, 3)
    # The same list again, from the cache: the earlier selection is not kept.
    again = options(list(units), 1)
    assert again.startswith('<option value="1" selected>Dinas A</option>') and again.count(" selected") == 1
    assert "selected" not in options(units, 99) and "Dinas &lt;B&gt;" in options(units, 99)


def test_options_can_show_each_value_before_its_label():
    html = options((("M.01", "Integritas <utama>"), ("M.02", "Kerja sama")), "M.02", value_in_label=True)
    assert html == ('<option value="M.01">M.01 Integritas &lt;utama&gt;</option>'
                    '<option value="M.02" selected>M.02 Kerja sama</option>')
    assert "M.01 Integritas" not in options((("M.01", "Integritas"),), None)


def test_options_mark_every_option_with_the_selected_value():
    html = options([("x", "Satu"), ("y", "Dua"), ("x", "Tiga")], "x")
    assert html == ('<option value="x" selected>Satu</option><option value="y">Dua</option>'
                    '<option value="x" selected>Tiga</option>')


def test_score_cells_show_the_figure_the_withheld_reason_or_a_dash():
    asked = []

    def reason(text):
        asked.append(text)
        return f"{text} <k=3>"

    cells = ScoreCells(["self", "peer", "public", "supervisor"], "disembunyikan", reason, lambda v: f"{v:.2f}")
    html = cells({"self": 4, "peer": None, "public": None}, {"peer": "too few", "public": "too few"})
    assert html == ('<td class="num">4.00</td>'
                    '<td class="num"><abbr title="too few &lt;k=3&gt;">disembunyikan</abbr></td>'
                    '<td class="num"><abbr title="too few &lt;k=3&gt;">disembunyikan</abbr></td>'
                    '<td class="num">&mdash;</td>')
    cells({"self": None}, {"peer": "too few"})
    assert asked == ["too few"]  # translated once per page, not once per cell


def test_score_cells_write_a_figure_once_per_page_and_each_value_its_own():
    written = []

    def number(value):
        written.append(value)
        return f"{value:.2f}"

    cells = ScoreCells(["self", "peer"], "disembunyikan", str, number)
    assert cells({"self": 4, "peer": 3.5}, {}) == '<td class="num">4.00</td><td class="num">3.50</td>'
    assert cells({"self": 3.5, "peer": 4}, {}) == '<td class="num">3.50</td><td class="num">4.00</td>'
    assert written == [4, 3.5]


def test_score_cells_escape_what_they_insert():
    html = ScoreCells(["a"], "<i>", lambda r: r, lambda v: '"><script>')({"a": 1}, {})
    assert "<script>" not in html and "&#34;&gt;&lt;script&gt;" in html
    assert "<i>" not in ScoreCells(["a"], "<i>", lambda r: r, str)({}, {"a": "x"})


def _sections(errors=None):
    items = [(SimpleNamespace(id=1, name="Pelayanan <prima>", description="Cepat & ramah"),
              [SimpleNamespace(id=7, text="Ramah <b>selalu</b>"), SimpleNamespace(id=8, text="Tepat waktu")]),
             (SimpleNamespace(id=2, name="Komunikasi", description=None), [SimpleNamespace(id=9, text="Jelas")])]
    return SurveySections(ScaleRadios(SCALE, "na", "Tidak dapat menilai"),
                          lambda message, **values: f"[{message % values}]", 2000).slots(items, errors or {})


def test_survey_sections_hold_the_questions_and_fill_each_pages_answers_and_comments():
    sections = _sections()
    html = sections.fill({7: 2, 9: None}, {1: "Baik <b>sekali</b>\nbaris 2"})
    assert html.count("<section") == 2 and html.count("<fieldset") == 3 and html.count(" checked") == 2
    assert '<h2 id="c1">Pelayanan &lt;prima&gt;</h2>\n    <p class="hint">Cepat &amp; ramah</p>' in html
    assert '<fieldset class="scale">\n      <legend>Ramah &lt;b&gt;selalu&lt;/b&gt;</legend>' in html
    assert 'name="answer-7" value="2" checked>' in html and 'name="answer-9" value="na" checked>' in html
    assert '<label for="comment-1">[Komentar tentang Pelayanan &lt;prima&gt; (tidak wajib)]</label>' in html
    assert 'maxlength="2000">Baik &lt;b&gt;sekali&lt;/b&gt;\nbaris 2</textarea>' in html
    assert '<textarea id="comment-2" name="comment-2" rows="2" maxlength="2000"></textarea>' in html
    # The same sections for the next page: nothing of the first page's answers is kept.
    again = sections.fill({8: 1}, {})
    assert again.count(" checked") == 1 and 'name="answer-8" value="1" checked>' in again and "sekali" not in again
    assert "checked" not in sections.fill({7: 3, 99: 1}, {5: "x"}), "values and questions not asked check nothing"


def test_survey_sections_mark_only_the_refused_fields_and_escape_text_and_message():
    html = _sections({"answer-8": 'Pilih "nilai" & lanjut', "comment-2": "Terlalu <panjang>"}).fill({7: 2}, {})
    assert html.count("has-error") == 2 and 'name="answer-7" value="2" checked>' in html
    assert ('<fieldset class="scale has-error" aria-describedby="answer-8-err">\n      <legend>Tepat waktu</legend>'
            in html)
    assert '<p class="errors" id="answer-8-err">[Pilih &#34;nilai&#34; &amp; lanjut]</p>' in html
    assert ('<textarea id="comment-2" name="comment-2" rows="2" maxlength="2000" aria-describedby="comment-2-err"'
            ' aria-invalid="true"></textarea>\n      <p class="errors" id="comment-2-err">[Terlalu &lt;panjang&gt;]</p>'
            in html)


def test_slotted_markup_checks_by_question_and_value_and_escapes_texts():
    out = Slotted()
    out.add("<a")
    out.radio("q", 1)
    out.add("><b")
    out.radio("q", None)
    out.add(">")
    out.text("t")
    assert out.fill({"q": 1}, {"t": "<i>"}) == "<a checked><b>&lt;i&gt;"
    assert out.fill({"q": None}, {}) == "<a><b checked>"
    assert out.fill({}, {}) == "<a><b>"


def test_gap_rows_show_the_figure_with_its_share_or_withhold_the_cell():
    from decimal import Decimal
    from types import SimpleNamespace

    def cell(unit, average, below, employees=10):
        return SimpleNamespace(competency_code="M.01", competency_name="Integritas <utama>", unit_name=unit,
                               employees=employees, average=average, below=below,
                               below_share=None if below is None else below / employees)

    rows = GapRows("disembunyikan (kurang dari 3 pegawai)", Decimal("3.50"), lambda v: f"{v:.2f}",
                   lambda v: f"{round(v * 100)}%")
    html = rows.cells([cell("Dinas <b>A</b>", Decimal("3.25"), 4), cell("Dinas B", Decimal("3.50"), 0),
                       cell("Dinas C", None, None, employees=2)])
    assert html == (
        '<tr><td>M.01 Integritas &lt;utama&gt;</td><td>Dinas &lt;b&gt;A&lt;/b&gt;</td><td class="num">10</td>\n'
        '    <td class="num below">3.25</td><td class="num">4 (40%)</td></tr>\n'
        '  <tr><td>M.01 Integritas &lt;utama&gt;</td><td>Dinas B</td><td class="num">10</td>\n'
        '    <td class="num">3.50</td><td class="num">0 (0%)</td></tr>\n'
        '  <tr><td>M.01 Integritas &lt;utama&gt;</td><td>Dinas C</td><td class="num">2</td>\n'
        '    <td class="num" colspan="2">disembunyikan (kurang dari 3 pegawai)</td></tr>')
    assert rows.cells([]) == ""
    assert "<script>" not in GapRows("<script>", 1, str, str).cells([cell("X", None, None)])


def _demand(title: str, employees: int = 12):
    from portal.services.skill_gaps import TrainingDemandRow
    from portal.services.trainings import TrainingSummary

    training = TrainingSummary(7, "PK-01", title, "BPSDM", "klasikal", 24, 2)
    return TrainingDemandRow(training, employees, ("BA.1", "M.05"))


def test_gap_rows_link_each_recommended_training_and_escape_it():
    html = GapRows.demand([_demand('Pelayanan "prima" & ramah')], "/trainers/recommended", "?cycle=3&unit=5")
    assert html == ('<tr><td><a href="/trainers/recommended/7?cycle=3&amp;unit=5">PK-01 &middot; Pelayanan &#34;prima&#34; '
                    '&amp; ramah</a></td>\n      <td>BA.1, M.05</td><td class="num">24</td><td class="num">12</td></tr>')


def test_gap_demand_rows_follow_an_edited_training_and_new_counts():
    first = GapRows.demand([_demand("Pelayanan prima")], "/t", "?cycle=3")
    assert GapRows.demand([_demand("Pelayanan prima")], "/t", "?cycle=3") == first
    assert "Pelayanan publik" in GapRows.demand([_demand("Pelayanan publik")], "/t", "?cycle=3")
    assert '<td class="num">13</td>' in GapRows.demand([_demand("Pelayanan prima", 13)], "/t", "?cycle=3")
    assert "?cycle=4" in GapRows.demand([_demand("Pelayanan prima")], "/t", "?cycle=4")


def _tables():
    from markupsafe import Markup

    from portal.web.widgets import ReportTables

    cells = ScoreCells(["self", "peer"], "disembunyikan", lambda reason: reason, lambda v: f"{v:.2f}")
    translate = lambda message, **values: Markup(f"[{message}]") % values  # noqa: E731 (as the template's _())
    return ReportTables(cells, lambda v: f"{v:.2f}", translate)


def test_report_rows_show_figures_unit_average_and_change_or_a_dash():
    from decimal import Decimal
    from types import SimpleNamespace

    rows = [SimpleNamespace(code="M.01", name="Integritas & etika", scores={"self": Decimal("4"), "peer": None},
                            withheld={"peer": "too few"}, all_others=Decimal("3.5"), gap=Decimal("0.5")),
            SimpleNamespace(code="M.02", name="Kerjasama", scores={}, withheld={}, all_others=None, gap=None)]
    trends = {"M.01": SimpleNamespace(cycle_name="Semester <1>", previous=Decimal("3.25"), change=Decimal("0.25"))}
    html = _tables().competency_rows(rows, {"M.01": Decimal("3.75")}, trends)
    assert html == (
        '<tr><th scope="row">M.01 Integritas &amp; etika</th>\n'
        '        <td class="num">4.00</td><td class="num"><abbr title="too few">disembunyikan</abbr></td>\n'
        '        <td class="num">3.50</td>\n        <td class="num">0.50</td>\n        <td class="num">3.75</td>\n'
        '        <td class="num"><span title="[dibanding Semester &lt;1&gt; (3.25)]">+0.25</span></td></tr>\n'
        '    <tr><th scope="row">M.02 Kerjasama</th>\n'
        '        <td class="num">&mdash;</td><td class="num">&mdash;</td>\n'
        '        <td class="num">&mdash;</td>\n        <td class="num">&mdash;</td>\n        <td class="num">&mdash;</td>\n'
        '        <td class="num">&mdash;</td></tr>')
    falling = {"M.02": SimpleNamespace(cycle_name="S1", previous=Decimal("3"), change=Decimal("-0.5"))}
    assert '<span title="[dibanding S1 (3.00)]">-0.50</span>' in _tables().competency_rows(
        rows[1:], {}, falling)


def test_report_rows_fill_the_template_message_with_escaped_values():
    from decimal import Decimal
    from types import SimpleNamespace

    from markupsafe import Markup

    from portal.web.widgets import ReportTables

    row = SimpleNamespace(code="M.01", name="X", scores={}, withheld={}, all_others=None, gap=None)
    trend = SimpleNamespace(cycle_name='Semester "1" <b>', previous=Decimal("3"), change=Decimal("0"))
    tables = ReportTables(ScoreCells([], "", str, str), lambda v: f"{v:.2f}",
                          lambda message, **values: Markup("dibanding %(cycle)s (%(score)s)") % values)
    html = tables.competency_rows([row], {}, {"M.01": trend})
    assert '<span title="dibanding Semester &#34;1&#34; &lt;b&gt; (3.00)">0.00</span>' in html


def test_behaviour_tables_list_each_competencys_behaviours_under_the_shared_head():
    from decimal import Decimal
    from types import SimpleNamespace

    from markupsafe import Markup

    rows = [SimpleNamespace(code="M.01", name="<Integritas>", indicators=(
        SimpleNamespace(text="Jujur <selalu>", scores={"self": Decimal("5")}, withheld={}, all_others=None),
        SimpleNamespace(text="Disiplin", scores={"peer": Decimal("3")}, withheld={}, all_others=Decimal("3"))))]
    html = _tables().indicator_tables(rows, Markup("<thead>H</thead>"))
    assert html == (
        '<details class="indicators">\n    <summary>[Perilaku (indikator) M.01 &lt;Integritas&gt;]</summary>\n'
        '    <div class="table-wrap"><table>\n      <thead>H</thead>\n      <tbody>\n'
        '      <tr><td>Jujur &lt;selalu&gt;</td>\n          <td class="num">5.00</td><td class="num">&mdash;</td>\n'
        '          <td class="num">&mdash;</td></tr>\n'
        '      <tr><td>Disiplin</td>\n          <td class="num">&mdash;</td><td class="num">3.00</td>\n'
        '          <td class="num">3.00</td></tr>\n      </tbody>\n    </table></div>\n  </details>')


def _advice():
    from markupsafe import Markup, escape

    from portal.web.widgets import ReportAdvice

    def translate(message, **values):
        return Markup(f"[{escape(message)}]") % {k: escape(v) for k, v in values.items()}

    return ReportAdvice(translate, lambda value: f"{value:.2f}".replace(".", ","))


def test_report_quadrants_list_each_quadrants_competencies_or_say_none():
    rows = [SimpleNamespace(code="BA.1", name="Pelayanan <prima>", quadrant="open"),
            SimpleNamespace(code="M.03", name="Komunikasi", quadrant="open"),
            SimpleNamespace(code="M.04", name="Kerja sama", quadrant=None)]
    html = _advice().quadrants(rows, ("open", "blind"), {"open": "Terbuka & jelas", "blind": "Titik buta"})
    assert html == ('<div class="quadrant quadrant-open">\n      <h3>Terbuka &amp; jelas</h3>\n      '
                    '<ul><li>BA.1 Pelayanan &lt;prima&gt;</li><li>M.03 Komunikasi</li></ul>\n    </div>\n    '
                    '<div class="quadrant quadrant-blind">\n      <h3>Titik buta</h3>\n      '
                    '<p class="hint">[Tidak ada.]</p>\n    </div>')


def test_report_suggestions_show_trainings_and_link_only_the_employees_own_report_to_the_plan():
    from decimal import Decimal

    need = SimpleNamespace(competency="M.03 &", name="Komunikasi <lisan>", score=Decimal("2.5"),
                           self_score=Decimal("4"), reason="Di bawah harapan")
    from portal.services.trainings import TrainingSummary

    training = TrainingSummary(id=7, code="T-7", title='Menulis "surat"', provider="BPSDM <Jateng>", form="daring",
                               jp=12, level=2)
    suggestions = [SimpleNamespace(need=need, trainings=(training,)),
                   SimpleNamespace(need=SimpleNamespace(competency="BA.1", name="Pelayanan", score=None,
                                                        self_score=None, reason="Titik buta"), trainings=())]
    own = _advice().suggestions(suggestions, True, 42, "/reports/plan/new", lambda code: f"/plan?c={code}&x=1")
    assert '<h3>M.03 &amp; Komunikasi &lt;lisan&gt;</h3>' in own
    assert ('<p class="hint">[Di bawah harapan] &middot; [skor penilai lain 2,50] &middot; [diri sendiri 4,00]</p>' in own)
    assert ('<li><strong>Menulis &#34;surat&#34;</strong> &middot; BPSDM &lt;Jateng&gt; &middot; Daring &middot; [12 JP] &middot; [level 2]'
            in own)
    assert ('<a class="no-print" href="/reports/plan/new?snapshot=42&amp;competency=M.03%20%26&amp;training=7">'
            '[Masukkan ke rencana]</a>' in own)
    assert '<p class="hint">[Titik buta] &middot; [skor penilai lain ]</p>' in own, "no score, no self score"
    assert "<p>[Belum ada pelatihan di katalog" in own
    assert '<p class="no-print"><a href="/plan?c=BA.1&amp;x=1">[Susun kegiatan pengembangan]</a></p>' in own
    other = _advice().suggestions(suggestions, False, 42, "/reports/plan/new", lambda code: "/plan")
    assert "no-print" not in other and "Masukkan" not in other and "Susun" not in other
    assert other.count('<div class="suggestion">') == 2
    # One rendering serves both: the employee's links are marked, and only the employee's reading keeps them.
    assert for_reader(own, False) == other
    assert for_reader(own, True) == own.replace(OWN_START, "").replace(OWN_END, "")
    assert "<!--" not in for_reader(own, True) and own.count(OWN_START) == own.count(OWN_END) == 2


def test_report_suggestions_write_each_trainings_line_once_per_language_and_follow_an_edited_training():
    from markupsafe import Markup, escape

    from portal.services.trainings import TrainingSummary
    from portal.web.widgets import ReportAdvice

    asked = []

    def translate(message, **values):
        asked.append(message)
        return Markup(f"[{escape(message)}]") % {k: escape(v) for k, v in values.items()}

    need = SimpleNamespace(competency="M.03", name="Komunikasi", score=None, self_score=None, reason="Titik buta")
    training = TrainingSummary(7, "T-7", "Menulis surat", "BPSDM", "klasikal", 12, 2)
    lines = {}
    first = ReportAdvice(translate, str, lines).suggestions([SimpleNamespace(need=need, trainings=(training,))],
                                                            True, 42, "/plan/new", str)
    assert first.count("[12 JP]") == 1 and asked.count("%(jp)s JP") == 1
    # Another report in the same language: the line is kept, the link into the plan is the new report's own.
    second = ReportAdvice(translate, str, lines).suggestions([SimpleNamespace(need=need, trainings=(training,))],
                                                             True, 43, "/plan/new", str)
    assert asked.count("%(jp)s JP") == 1 and "snapshot=43" in second and "snapshot=42" not in second
    shown = ReportAdvice(translate, str, lines).suggestions([SimpleNamespace(need=need, trainings=(training,))],
                                                            False, 43, "/plan/new", str)
    assert "<strong>Menulis surat</strong>" in shown and "snapshot=" not in shown  # no link on another's report
    edited = training._replace(title="Menulis surat dinas")
    again = ReportAdvice(translate, str, lines).suggestions([SimpleNamespace(need=need, trainings=(edited,))],
                                                            False, 43, "/plan/new", str)
    assert "<strong>Menulis surat dinas</strong>" in again and asked.count("%(jp)s JP") == 2
