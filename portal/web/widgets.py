"""Markup built in Python where a template would repeat the same few tags hundreds of times per page."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from flask import Flask
from jinja2.filters import do_urlencode
from markupsafe import Markup, escape

from portal.domain.text import N_


class Slotted:
    """Markup with holes filled per page: a radio button's ``checked`` (keyed by question and value) and a text
    (keyed by name, escaped when filled). Made once, it can be kept and filled for any number of pages."""

    def __init__(self):
        self._parts: list[str] = []
        self._radios: dict[tuple, int] = {}
        self._texts: dict = {}

    def add(self, markup: str) -> None:
        self._parts.append(markup)

    def radio(self, key, value) -> None:
        self._radios[(key, value)] = len(self._parts)
        self._parts.append("")

    def text(self, key) -> None:
        self._texts[key] = len(self._parts)
        self._parts.append("")

    def fill(self, answers: dict, texts: dict) -> Markup:
        """``answers`` maps a question to the value whose radio is checked (None: "cannot rate")."""
        parts = self._parts.copy()
        for key, value in answers.items():
            index = self._radios.get((key, value))
            if index is not None:
                parts[index] = " checked"
        for key, value in texts.items():
            index = self._texts.get(key)
            if index is not None:
                parts[index] = escape(value)
        # The fixed parts were escaped when added, the texts just now.
        return Markup("".join(parts))  # nosec B704


class ScaleRadios:
    """The radio buttons of one survey question: the 1-5 choices, then "cannot rate" (stored as None).

    A survey page asks dozens of questions with six choices each; the labels are escaped once here, not once per
    button."""

    def __init__(self, scale, na: str, na_label: str):
        # Markup.format escapes every value it inserts.
        self._choices = [(value, str(Markup('" value="{}"').format(value)),
                          str(Markup('> <span class="scale-value">{}</span> {}</label>').format(value, label)))
                         for value, label in scale]
        self._na = str(Markup('" value="{}"').format(na))
        self._na_tail = str(Markup("> {}</label>").format(na_label))

    def add_to(self, out: Slotted, name: str, key) -> None:
        """The question's buttons, with a hole for each ``checked`` (question ``key`` and the button's value)."""
        start = f'<label><input type="radio" name="{escape(name)}'
        for number, (value, attr, tail) in enumerate(self._choices):
            out.add(f"{start}{attr}" if number == 0 else f"{tail_before}\n      {start}{attr}")
            out.radio(key, value)
            tail_before = tail
        out.add(f'{tail_before}\n      <label class="na"><input type="radio" name="{escape(name)}{self._na}')
        out.radio(key, None)
        out.add(self._na_tail)


class SurveySections:
    """A survey's competency sections: each with its questions (a fieldset and radio buttons per behaviour) and
    a comment box. ``slots(items, errors)`` makes them with holes for the answers and comments, so the markup
    of a framework's questions can be made once and filled for every rater (see ``Slotted``); ``errors`` maps
    field names to message ids of a refused survey, ``translate`` is the page's ``_``."""

    def __init__(self, radios: ScaleRadios, translate: Callable[..., str], limit: int):
        self._radios, self._translate, self._limit = radios, translate, limit

    def slots(self, items, errors: dict) -> Slotted:
        out, _ = Slotted(), self._translate
        for competency, indicators in items:
            out.add(f'<section class="competency card" aria-labelledby="c{competency.id}">\n    '
                    f'<h2 id="c{competency.id}">{escape(competency.name)}</h2>\n    ')
            if competency.description:
                out.add(f'<p class="hint">{escape(competency.description)}</p>\n    ')
            for number, indicator in enumerate(indicators):
                name = f"answer-{indicator.id}"
                legend = f"<legend>{escape(indicator.text)}</legend>"
                gap = "" if number == 0 else "\n    "
                if name in errors:
                    out.add(f'{gap}<fieldset class="scale has-error" aria-describedby="{name}-err">\n      {legend}'
                            f"\n      ")
                    self._radios.add_to(out, name, indicator.id)
                    message = escape(str(_(errors[name])))
                    out.add(f'\n      <p class="errors" id="{name}-err">{message}</p>\n    </fieldset>')
                else:
                    out.add(f'{gap}<fieldset class="scale">\n      {legend}\n      ')
                    self._radios.add_to(out, name, indicator.id)
                    out.add("\n    </fieldset>")
            cname = f"comment-{competency.id}"
            failed = cname in errors
            label = escape(_("Komentar tentang %(name)s (tidak wajib)", name=competency.name))
            described = f' aria-describedby="{cname}-err" aria-invalid="true"' if failed else ""
            out.add(f'\n    <div class="field{" has-error" if failed else ""}">\n      <label for="{cname}">{label}'
                    f'</label>\n      <textarea id="{cname}" name="{cname}" rows="2" maxlength="{self._limit}"'
                    f"{described}>")
            out.text(competency.id)
            out.add("</textarea>")
            if failed:
                out.add(f'\n      <p class="errors" id="{cname}-err">{escape(str(_(errors[cname])))}</p>')
            out.add("\n    </div>\n  </section>\n  ")
        return out


class ScoreCells:
    """The score cells of one row of a report's tables, a cell per rater group: the figure, "hidden" with the
    reason as its title, or a dash. A report has a few hundred (every indicator by every group).

    ``number`` formats a score, ``reason`` translates a withheld cell's reason (once per reason and page)."""

    def __init__(self, groups, hidden: str, reason: Callable[[str], str], number: Callable[[object], str]):
        self._groups = tuple(groups)
        self._hidden = escape(hidden)
        self._reason, self._number = reason, number
        self._titles: dict[str, Markup] = {}
        self._figures: dict[object, str] = {}  # a figure's cell, made once per page: scores repeat

    def __call__(self, scores: dict, withheld: dict) -> Markup:
        parts, figures = [], self._figures
        for group in self._groups:
            value = scores.get(group)
            if value is not None:
                cell = figures.get(value)
                if cell is None:
                    cell = figures[value] = f'<td class="num">{escape(self._number(value))}</td>'
                parts.append(cell)
            elif group in withheld:
                parts.append(f'<td class="num"><abbr title="{self._title(withheld[group])}">{self._hidden}</abbr></td>')
            else:
                parts.append('<td class="num">&mdash;</td>')
        # Every inserted value is escaped (figures and reasons here, the word "hidden" in __init__).
        return Markup("".join(parts))  # nosec B704

    def _title(self, reason: str) -> Markup:
        found = self._titles.get(reason)
        if found is None:
            found = self._titles[reason] = escape(self._reason(reason))
        return found


class ReportTables:
    """A report's score table rows (a competency each) and its behaviour tables (a ``<details>`` per competency,
    a row per behaviour): one call each instead of template loops over a few hundred cells.

    ``cells`` makes each row's group cells, ``number`` formats a figure, ``translate`` is the template's ``_()``
    (markup with escaped variables)."""

    def __init__(self, cells: ScoreCells, number: Callable[[object], str], translate: Callable[..., Markup]):
        self._cells, self._number, self._translate = cells, number, translate
        self._figures: dict[object, str] = {}

    def _figure(self, value) -> str:
        if value is None:
            return "&mdash;"
        found = self._figures.get(value)
        if found is None:
            found = self._figures[value] = escape(self._number(value))
        return found

    def competency_rows(self, competencies, unit_scores, trends) -> Markup:
        parts = []
        for row in competencies:
            unit = self._figure(unit_scores.get(row.code)) if row.code in unit_scores else "&mdash;"
            trend = trends.get(row.code)
            if trend is None:
                change = "&mdash;"
            else:
                title = self._translate("dibanding %(cycle)s (%(score)s)", cycle=trend.cycle_name,
                                        score=self._number(trend.previous))
                sign = "+" if trend.change > 0 else ""
                change = f'<span title="{title}">{sign}{escape(self._number(trend.change))}</span>'
            parts.append(f'<tr><th scope="row">{escape(row.code)} {escape(row.name)}</th>\n        '
                         f'{self._cells(row.scores, row.withheld)}\n        '
                         f'<td class="num">{self._figure(row.all_others)}</td>\n        '
                         f'<td class="num">{self._figure(row.gap)}</td>\n        '
                         f'<td class="num">{unit}</td>\n        <td class="num">{change}</td></tr>')
        # Codes, names and figures are escaped here, the cells and the title by what made them.
        return Markup("\n    ".join(parts))  # nosec B704

    def indicator_tables(self, competencies, head: Markup) -> Markup:
        """``head`` is the tables' ``<thead>``, the same for every competency."""
        parts = []
        for row in competencies:
            rows = "\n      ".join(
                f'<tr><td>{escape(ind.text)}</td>\n          {self._cells(ind.scores, ind.withheld)}\n          '
                f'<td class="num">{self._figure(ind.all_others)}</td></tr>' for ind in row.indicators)
            summary = self._translate("Perilaku (indikator) %(code)s %(name)s", code=row.code, name=row.name)
            parts.append(f'<details class="indicators">\n    <summary>{summary}</summary>\n    '
                         f'<div class="table-wrap"><table>\n      {head}\n      <tbody>\n      {rows}\n      '
                         f'</tbody>\n    </table></div>\n  </details>')
        # Texts and figures are escaped here, the cells, the summary and the head by what made them.
        return Markup("\n  ".join(parts))  # nosec B704


class ReportAdvice:
    """A report's quadrants (the competencies in each) and its suggestions (a competency to develop each, with
    the catalogue's trainings for it): one call each instead of template loops over a few dozen trainings.

    ``translate`` is the template's ``_()`` (markup with escaped variables), ``number`` formats a score.
    ``lines`` keeps each training's line as written in this language (``training_lines``): the catalogue's few
    dozen trainings fill every report's suggestions."""

    def __init__(self, translate: Callable[..., Markup], number: Callable[[object], str], lines: dict | None = None):
        self._translate, self._number = translate, number
        self._lines = {} if lines is None else lines

    def _training(self, t) -> str:
        """A training's line up to the link into the plan; ``t`` is hashable (its fields are the key)."""
        found = self._lines.get(t)
        if found is None:
            _ = self._translate
            found = (f"<li><strong>{escape(t.title)}</strong> &middot; {escape(t.provider)} &middot; "
                     f"{escape(str(t.form).capitalize())} &middot; {_('%(jp)s JP', jp=t.jp)} &middot; "
                     f"{_('level %(level)s', level=t.level)}\n        ")
            if len(self._lines) >= _LINES_KEPT:
                self._lines.clear()  # edited trainings leave lines behind: start again
            self._lines[t] = found
        return found

    def quadrants(self, competencies, quadrants, labels: dict) -> Markup:
        _ = self._translate
        none = _("Tidak ada.")
        parts = []
        for quadrant in quadrants:
            rows = "".join(f"<li>{escape(row.code)} {escape(row.name)}</li>" for row in competencies
                           if row.quadrant == quadrant)
            listed = f"<ul>{rows}</ul>" if rows else f'<p class="hint">{none}</p>'
            parts.append(f'<div class="quadrant quadrant-{escape(quadrant)}">\n      <h3>{escape(labels[quadrant])}'
                         f"</h3>\n      {listed}\n    </div>")
        # Codes, names and labels are escaped here, the message by ``translate``.
        return Markup("\n    ".join(parts))  # nosec B704

    def suggestions(self, suggestions, own: bool, snapshot_id: int, plan_new: str,
                    plan_link: Callable[[str], str]) -> Markup:
        """``plan_new`` is the address of a new plan item; ``plan_link(code)`` the one for a competency without a
        training in the catalogue (only the employee's own report links to the plan). The links are marked
        (``OWN_START``, ``OWN_END``): ``for_reader`` takes them out of the employee's markup for anyone else."""
        _, number = self._translate, self._number
        add_to_plan, parts = _("Masukkan ke rencana"), []
        for s in suggestions:
            need = s.need
            score = "" if need.score is None else number(need.score)
            hint = f"{_(need.reason)} &middot; {_('skor penilai lain %(score)s', score=score)}"
            if need.self_score is not None:
                hint += f" &middot; {_('diri sendiri %(score)s', score=number(need.self_score))}"
            if s.trainings:
                code = escape(do_urlencode(need.competency))
                items = []
                for t in s.trainings:
                    link = (f'{OWN_START}<a class="no-print" href="{escape(plan_new)}?snapshot={escape(snapshot_id)}'
                            f'&amp;competency={code}&amp;training={escape(t.id)}">{add_to_plan}</a>{OWN_END}'
                            ) if own else ""
                    items.append(f"{self._training(t)}{link}</li>")
                body = "<ul>\n      " + "\n      ".join(items) + "\n    </ul>"
            else:
                body = f"<p>{_(NO_TRAINING)}</p>"
                if own:
                    body += (f'{OWN_START}\n    <p class="no-print"><a href="{escape(plan_link(need.competency))}">'
                             f'{_("Susun kegiatan pengembangan")}</a></p>{OWN_END}')
            parts.append(f'<div class="suggestion">\n    <h3>{escape(need.competency)} {escape(need.name)}</h3>\n    '
                         f'<p class="hint">{hint}</p>\n    {body}\n  </div>')
        # Texts, figures and addresses are escaped here, messages by ``translate``.
        return Markup("\n  ".join(parts))  # nosec B704


# Around what only the employee reads in their own report's markup: one rendering serves every reader.
OWN_START, OWN_END = "<!--own-->", "<!--/own-->"


def for_reader(markup: str, own: bool) -> Markup:
    """Markup rendered for the employee (``own``), as ``own`` sees it: for anyone else without their links."""
    # str's own methods: Markup's would escape what they are given. Escaped when made, so nosec B704 below.
    if own:
        return Markup(str.replace(str.replace(markup, OWN_START, ""), OWN_END, ""))  # nosec B704
    # Split, not a regular expression: the findings are 40 KB, and a pattern would try each character.
    first, *marked = str.split(markup, OWN_START)
    return Markup(first + "".join(part[part.index(OWN_END) + len(OWN_END):] for part in marked))  # nosec B704


_LINES_KEPT = 4096
_TRAINING_LINES: dict[str, dict] = {}


def training_lines(language: str) -> dict:
    """The training lines kept for ``language`` in this process (see ``ReportAdvice``)."""
    return _TRAINING_LINES.setdefault(language, {})


NO_TRAINING = N_("Belum ada pelatihan di katalog untuk kompetensi ini. Tanyakan ke admin kepegawaian atau susun "
                 "kegiatan mandiri (coaching, mentoring, belajar mandiri).")


class GapRows:
    """The rows of the trainers' skill-gap table, one per unit and competency (a page of them), and of its training
    demand table (every training recommended in the cycle): one call per table instead of a template loop.

    ``hidden`` is the text of a withheld cell (fewer than k employees), ``number`` and ``percent`` format the
    figures in the page's language; ``expectation`` marks the averages below it."""

    def __init__(self, hidden: str, expectation, number: Callable[[object], str], percent: Callable[[object], str]):
        self._hidden = f'<td class="num" colspan="2">{escape(hidden)}</td>'
        self._expectation, self._number, self._percent = expectation, number, percent

    def cells(self, cells) -> Markup:
        parts = []
        for c in cells:
            head = (f'<tr><td>{escape(c.competency_code)} {escape(c.competency_name)}</td>'
                    f'<td>{escape(c.unit_name)}</td><td class="num">{escape(c.employees)}</td>')
            if c.average is None:
                parts.append(f"{head}\n    {self._hidden}</tr>")
            else:
                below = " below" if c.average < self._expectation else ""
                parts.append(f'{head}\n    <td class="num{below}">{escape(self._number(c.average))}</td>'
                             f'<td class="num">{escape(c.below)} ({escape(self._percent(c.below_share))})</td></tr>')
        # Every inserted value is escaped (here, or the hidden text in __init__).
        return Markup("\n  ".join(parts))  # nosec B704

    @staticmethod
    def demand(rows, trainings_url: str, query: str) -> Markup:
        """``trainings_url`` ends before the training's id, ``query`` is what follows it (``?cycle=…``).

        The rows (stored at the close, with the catalogue's descriptions as read now) are the key of a
        per-process memo: the same rows make the same markup, and an edited training makes new rows."""
        return _demand_rows(tuple(rows), trainings_url, query)


@lru_cache(maxsize=256)
def _demand_rows(rows: tuple, trainings_url: str, query: str) -> Markup:
    base, tail = escape(trainings_url), escape(query)
    parts = [f'<tr><td><a href="{base}/{escape(d.training.id)}{tail}">{escape(d.training.code)} &middot; '
             f'{escape(d.training.title)}</a></td>\n      <td>{escape(", ".join(d.competencies))}</td>'
             f'<td class="num">{escape(d.training.jp)}</td><td class="num">{escape(d.employees)}</td></tr>'
             for d in rows]
    # Every inserted value is escaped above.
    return Markup("\n  ".join(parts))  # nosec B704


def options(choices, selected, value_in_label: bool = False) -> Markup:
    """``<option>`` elements for (value, label) pairs, the one whose value equals ``selected`` marked: a filter
    listing every unit of a province has hundreds, the same on every request, so they are escaped once.
    ``value_in_label`` shows each as "value label" (a competency's code before its name)."""
    html, marks = _option_list(tuple(choices), value_in_label)
    at = marks.get(selected, ())
    if at:
        pieces, start = [], 0
        for offset in at:
            pieces += (html[start:offset], " selected")
            start = offset
        html = "".join(pieces) + html[start:]
    # Values and labels were escaped in _option_list.
    return Markup(html)  # nosec B704


@lru_cache(maxsize=64)
def _option_list(choices: tuple, value_in_label: bool) -> tuple[str, dict]:
    """The options with nothing selected, and where " selected" goes for each value (after its value="...")."""
    parts, marks, length = [], {}, 0
    for value, label in choices:
        head = f'<option value="{escape(value)}"'
        marks.setdefault(value, []).append(length + len(head))
        shown = f"{escape(value)} {escape(label)}" if value_in_label else escape(label)
        parts.append(f"{head}>{shown}</option>")
        length += len(parts[-1])
    return "".join(parts), marks


def init_app(app: Flask) -> None:
    app.jinja_env.globals["options"] = options
