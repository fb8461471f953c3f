"""Server-side SVG charts for reports and dashboards, returned as strings to embed inline (``|safe``).

Three kinds: :func:`comparison_chart` (horizontal grouped bars, e.g. self vs. all others per competency),
:func:`bar_chart` (one series of horizontal bars, e.g. IKM elements U1..U9, with an optional threshold line)
and :func:`trend_chart` (lines with points per period; a missing value breaks the line).

Every piece of text may come from user data, so all of it is stripped of characters XML 1.0 forbids and then
escaped. The Content-Security-Policy forbids inline styles: there is no ``style`` attribute and no ``<style>``
element; colours come from the site's CSS through classes (``chart-series-<n>``, ``chart-bar``, ``chart-axis``
…). Only series 0 carries ``currentColor`` as a fallback, so a chart stays readable if the CSS is missing.

No data (no categories, labels, periods or series) raises ``ValueError("no data")``: the caller shows a
message instead of an empty chart. Output is deterministic; coordinates are rounded to one decimal.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
# Security scan (B406) accepted: escapes our output; nothing is parsed.
from xml.sax.saxutils import escape, quoteattr  # nosec B406

from portal.domain.text import ascii_markup

WIDTH = 640  # viewBox width; the chart scales to its container
MISSING = "–"
MAX_TICKS = 10  # automatic ticks: the smallest 1-2-5 step giving at most this many intervals

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Everything outside XML 1.0's Char production: C0 controls except tab/LF/CR, lone surrogates, U+FFFE/FFFF.
_PLAIN = re.compile(r"[A-Za-z0-9 ._-]*")
# Text that needs no escaping and holds nothing XML forbids: figures, their tooltips ("Diri sendiri: 3,45").
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9 .,:()+_-]*")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CENT = Decimal("0.01")

_PAD = 12  # outer margin
_FONT = 12  # font-size on the root; CSS may override, the layout assumes about this size
_CHAR = 6.6  # average character width at _FONT, for truncating labels
_ROW = 18  # legend row, category label row
_BAR = 14  # bar thickness
_BAR_GAP = 4
_GROUP_GAP = 10
_VALUE_ROOM = 56  # right of the plot, for the value printed after a bar
_PLOT_HEIGHT = 220  # trend chart
_POINT_RADIUS = 3.5


@dataclass(frozen=True)
class Series:
    """One named row of values, one per category or period; None = no value (nothing drawn)."""

    name: str
    values: Sequence[Decimal | None]


def two_decimals(value: Decimal) -> str:
    """The default value format: rounded half up to two decimals, point as separator."""
    return f"{value.quantize(_CENT, ROUND_HALF_UP):f}"


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow (they cannot even be escaped)."""
    return _NOT_XML.sub("", str(text))


# --- public charts ---------------------------------------------------------------------------------------

def comparison_chart(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    scale_min: Decimal | int = 1,
    scale_max: Decimal | int = 5,
    *,
    ticks: Sequence[Decimal | int] | None = None,
    format_value: Callable[[Decimal], str] = two_decimals,
    missing_label: str = MISSING,
) -> str:
    """Horizontal grouped bars: one group per category, one bar per series, with a legend of series names."""
    _check_id(chart_id)
    scale = _Scale.of(scale_min, scale_max)
    tick_values = _ticks(scale, ticks)
    if not categories or not series:
        raise ValueError("no data")
    rows = [_check_values(s.values, len(categories), scale) for s in series]
    groups = [
        (category, [(i, s.name, rows[i][c]) for i, s in enumerate(series)])
        for c, category in enumerate(categories)
    ]
    return _horizontal(
        chart_id, title, description, "chart-comparison", groups, [s.name for s in series], scale,
        tick_values, format_value, missing_label, threshold=None, threshold_label=None,
    )


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[Decimal | None],
    scale_min: Decimal | int = 0,
    scale_max: Decimal | int = 100,
    *,
    ticks: Sequence[Decimal | int] | None = None,
    format_value: Callable[[Decimal], str] = two_decimals,
    missing_label: str = MISSING,
    threshold: Decimal | int | None = None,
    threshold_label: str | None = None,
) -> str:
    """One series of horizontal bars, each labelled above; optionally a dashed threshold line.

    With a threshold, bars with a value below it also get the class ``chart-below-threshold``."""
    _check_id(chart_id)
    scale = _Scale.of(scale_min, scale_max)
    tick_values = _ticks(scale, ticks)
    if not labels:
        raise ValueError("no data")
    checked = _check_values(values, len(labels), scale)
    if threshold is not None:
        threshold = _check_value(threshold, scale)
    groups = [(label, [(0, label, value)]) for label, value in zip(labels, checked)]
    return _horizontal(
        chart_id, title, description, "chart-bars", groups, None, scale, tick_values, format_value,
        missing_label, threshold=threshold, threshold_label=threshold_label,
    )


def trend_chart(
    chart_id: str,
    title: str,
    description: str,
    periods: Sequence[str],
    series: Sequence[Series],
    scale_min: Decimal | int,
    scale_max: Decimal | int,
    *,
    ticks: Sequence[Decimal | int] | None = None,
    format_value: Callable[[Decimal], str] = two_decimals,
) -> str:
    """A line per series over the periods, a point per value; a None value breaks the line.

    Values appear in each point's tooltip (``<title>``) only: pair the chart with a table for print."""
    _check_id(chart_id)
    scale = _Scale.of(scale_min, scale_max)
    tick_values = _ticks(scale, ticks)
    if not periods or not series:
        raise ValueError("no data")
    rows = [_check_values(s.values, len(periods), scale) for s in series]

    y, legend = _legend([s.name for s in series], _PAD, _PAD)
    x0, x1 = _PAD + 32, WIDTH - _PAD - 4
    top = y + 6
    bottom = top + _PLOT_HEIGHT

    def y_of(value: Decimal) -> float:
        return bottom - scale.fraction(value) * _PLOT_HEIGHT

    back = [_line(x0, y_of(t), x1, y_of(t), "chart-grid") for t in tick_values]
    back += [
        _text(x0 - 6, y_of(t) + 4, _tick_text(t, format_value), "chart-label chart-tick", anchor="end")
        for t in tick_values
    ]
    band = (x1 - x0) / len(periods)
    xs = [x0 + band * (p + 0.5) for p in range(len(periods))]
    fit = max(3, int(band / _CHAR))
    back += [
        _text(x, bottom + 16, period, "chart-label chart-period", anchor="middle", fit=fit)
        for x, period in zip(xs, periods)
    ]

    front: list[str] = []
    for index, (s, values) in enumerate(zip(series, rows)):
        fallback = _fallback(index)
        stroke = [("stroke", "currentColor")] if fallback else []
        for run in _runs(values):
            points = " ".join(f"{_n(xs[p])},{_n(y_of(values[p]))}" for p in run)
            front.append(_element(
                "polyline",
                [("class", f"chart-line chart-series-{index}"), ("fill", "none"), *stroke, ("points", points)],
            ))
        for period, x, value in zip(periods, xs, values):
            if value is not None:
                front.append(_element(
                    "circle",
                    [("class", f"chart-point chart-series-{index}"), ("cx", _n(x)), ("cy", _n(y_of(value))),
                     ("r", _n(_POINT_RADIUS)), *fallback],
                    _tooltip(f"{s.name} – {period}: {format_value(value)}"),
                ))
    axis = [_line(x0, top, x0, bottom, "chart-axis"), _line(x0, bottom, x1, bottom, "chart-axis")]
    height = bottom + 16 + 4 + _PAD
    return _svg(chart_id, title, description, "chart-trend", height, [*legend, *back, *axis, *front])


# --- layout ------------------------------------------------------------------------------------------------

_Bar = tuple[int, str, Decimal | None]  # (series index, name for the tooltip, value)


def _horizontal(
    chart_id: str,
    title: str,
    description: str,
    kind: str,
    groups: list[tuple[str, list[_Bar]]],
    legend_names: list[str] | None,
    scale: _Scale,
    tick_values: list[Decimal],
    format_value: Callable[[Decimal], str],
    missing_label: str,
    *,
    threshold: Decimal | None,
    threshold_label: str | None,
) -> str:
    x0, x1 = _PAD + 12, WIDTH - _VALUE_ROOM
    width = x1 - x0

    def x_of(value: Decimal) -> float:
        return x0 + scale.fraction(value) * width

    y, legend = _legend(legend_names or [], x0, _PAD)
    if threshold is not None and threshold_label:
        y += 16
    top = y
    front: list[str] = []
    fit = int((WIDTH - x0 - _PAD) / _CHAR)
    start, bar = _n(x0), _n(_BAR)
    for label, bars in groups:
        front.append(_text(x0, y + 12, label, "chart-label chart-category", fit=fit))
        y += _ROW
        for index, name, value in bars:
            if value is None:
                front.append(_text(
                    x0 + 4, y + _BAR - 3, missing_label, "chart-value chart-missing",
                    tooltip=f"{name}: {missing_label}",
                ))
            else:
                below = threshold is not None and value < threshold
                shown, end = format_value(value), x_of(value)
                # What _element and _text make of these (a report draws dozens of bars): the class and the
                # coordinates are plain by construction, the figure and the tooltip escaped by _content.
                fill = ' fill="currentColor"' if index == 0 else ""
                front.append(f'<rect class="chart-bar chart-series-{index}{" chart-below-threshold" if below else ""}"'
                             f' x="{start}" y="{_n(y)}" width="{_n(end - x0)}" height="{bar}"{fill}>'
                             f"{_tooltip(f'{name}: {shown}')}</rect>")
                front.append(_text(end + 4, y + _BAR - 3, shown, "chart-value"))
            y += _BAR + _BAR_GAP
        y += _GROUP_GAP - _BAR_GAP
    bottom = y

    back = [_line(x_of(t), top, x_of(t), bottom, "chart-grid") for t in tick_values]
    axis = [_line(x0, top, x0, bottom, "chart-axis"), _line(x0, bottom, x1, bottom, "chart-axis")]
    axis += [
        _text(x_of(t), bottom + 14, _tick_text(t, format_value), "chart-label chart-tick", anchor="middle")
        for t in tick_values
    ]
    if threshold is not None:
        x = x_of(threshold)
        front.append(_element(
            "line",
            [("class", "chart-threshold"), ("x1", _n(x)), ("y1", _n(top - 4)), ("x2", _n(x)), ("y2", _n(bottom)),
             ("stroke-dasharray", "6 4")],
        ))
        if threshold_label:
            front.append(_text(x, top - 8, threshold_label, "chart-label chart-threshold-label", anchor="middle"))
    height = bottom + 14 + 4 + _PAD
    return _svg(chart_id, title, description, kind, height, [*legend, *back, *axis, *front])


def _legend(names: list[str], x: float, y: float) -> tuple[float, list[str]]:
    """Legend rows stacked from ``y`` (no text measuring needed); returns the y below it and its markup."""
    if not names:
        return y, []
    items = []
    for index, name in enumerate(names):
        items.append(_element(
            "rect",
            [("class", f"chart-legend-swatch chart-series-{index}"), ("x", _n(x)), ("y", _n(y + 2)),
             ("width", "12"), ("height", "12"), *_fallback(index)],
        ))
        items.append(_text(x + 18, y + 12, name, "chart-label chart-legend-label"))
        y += _ROW
    return y + 6, ['<g class="chart-legend">', *items, "</g>"]


def _runs(values: list[Decimal | None]) -> list[list[int]]:
    """Positions of consecutive values, two or more (a lone point is drawn as its circle only)."""
    runs: list[list[int]] = [[]]
    for position, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(position)
    return [run for run in runs if len(run) > 1]


# --- validation ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Scale:
    low: Decimal
    high: Decimal

    @classmethod
    def of(cls, low: Decimal | int, high: Decimal | int) -> _Scale:
        low, high = _decimal(low), _decimal(high)
        if not low < high:
            raise ValueError(f"scale_min {low} must be below scale_max {high}")
        return cls(low, high)

    def fraction(self, value: Decimal) -> float:
        return float((value - self.low) / (self.high - self.low))


def _check_id(chart_id: str) -> None:
    if not isinstance(chart_id, str) or not _ID.fullmatch(chart_id):
        raise ValueError(f"invalid chart_id {chart_id!r}")


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"expected a Decimal, got {value!r}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    return value


def _check_value(value: object, scale: _Scale) -> Decimal:
    number = _decimal(value)
    if not scale.low <= number <= scale.high:
        raise ValueError(f"{number} is outside the scale {scale.low}..{scale.high}")
    return number


def _check_values(values: Sequence[object], expected: int, scale: _Scale) -> list[Decimal | None]:
    if len(values) != expected:
        raise ValueError(f"{len(values)} values for {expected} labels")
    return [None if v is None else _check_value(v, scale) for v in values]


def _ticks(scale: _Scale, ticks: Sequence[Decimal | int] | None) -> list[Decimal]:
    if ticks is not None:
        return sorted({_check_value(t, scale) for t in ticks})
    step = _auto_step(scale)
    tick = (scale.low / step).to_integral_value(ROUND_CEILING) * step
    found = []
    while tick <= scale.high:
        found.append(tick)
        tick += step
    return found


def _auto_step(scale: _Scale) -> Decimal:
    """The smallest 1-2-2.5-5 step giving at most MAX_TICKS intervals, preferring one that starts at
    scale_min and ends at scale_max (25..100 → 25); whole numbers whenever the span is at least 2."""
    span = scale.high - scale.low
    whole = span >= 2
    exponent = 0 if whole else span.adjusted() - 1
    fitting = None
    while True:
        for factor in ("1", "2", "2.5", "5"):
            step = Decimal(factor).scaleb(exponent)
            if whole and not _whole(step):
                continue
            if step > span:
                return fitting if fitting is not None else step
            if span / step <= MAX_TICKS:
                if _whole(span / step) and _whole(scale.low / step):
                    return step
                fitting = step if fitting is None else fitting
        exponent += 1


def _whole(number: Decimal) -> bool:
    return number == number.to_integral_value()


def _tick_text(tick: Decimal, format_value: Callable[[Decimal], str]) -> str:
    return str(int(tick)) if _whole(tick) else format_value(tick)


# --- markup --------------------------------------------------------------------------------------------------

def _n(number: float) -> str:
    """A coordinate rounded to one decimal, without a trailing ``.0``."""
    text = f"{number:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _fallback(series_index: int) -> list[tuple[str, str]]:
    return [("fill", "currentColor")] if series_index == 0 else []


def _attribute(value: str) -> str:
    # Coordinates and class names (nearly every attribute) need no escaping: skip the general path for them.
    return f'"{value}"' if _PLAIN.fullmatch(value) else quoteattr(xml_text(value))


def _element(tag: str, attributes: list[tuple[str, str]], content: str | None = None) -> str:
    """Markup for one element; ``content`` is already escaped markup, None for an empty element."""
    attrs = "".join(f" {name}={_attribute(value)}" for name, value in attributes)
    return f"<{tag}{attrs}/>" if content is None else f"<{tag}{attrs}>{content}</{tag}>"


def _content(text: str) -> str:
    if type(text) is str and _PLAIN_TEXT.fullmatch(text):
        return text
    return escape(xml_text(text), {"\r": "&#13;"})  # a raw CR would be read back as LF


def _tooltip(text: str) -> str:
    return f"<title>{_content(text)}</title>"


def _text(
    x: float, y: float, text: str, classes: str, *,
    anchor: str | None = None, fit: int | None = None, tooltip: str | None = None,
) -> str:
    """A text element; cut to ``fit`` characters with an ellipsis, the full text then in its tooltip."""
    text = xml_text(text)
    content = _content(text)
    if fit is not None and len(text) > fit:
        content = _content(text[: fit - 1] + "…")
        tooltip = text if tooltip is None else tooltip
    if not content:
        return ""
    if tooltip:
        content += _tooltip(tooltip)
    # As _element writes it; coordinates are plain by construction (_n).
    anchored = f" text-anchor={_attribute(anchor)}" if anchor else ""
    return f'<text class={_attribute(classes)} x="{_n(x)}" y="{_n(y)}"{anchored}>{content}</text>'


def _line(xa: float, ya: float, xb: float, yb: float, classes: str) -> str:
    return _element("line", [("class", classes), ("x1", _n(xa)), ("y1", _n(ya)), ("x2", _n(xb)), ("y2", _n(yb))])


def _svg(chart_id: str, title: str, description: str, kind: str, height: float, body: list[str]) -> str:
    attributes = [
        ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", f"0 0 {WIDTH} {_n(height)}"), ("role", "img"),
        ("aria-labelledby", f"{chart_id}-title {chart_id}-desc"), ("class", f"chart {kind}"),
        ("font-size", str(_FONT)),
    ]
    lines = [
        _element("svg", attributes, "").removesuffix("</svg>"),
        _element("title", [("id", f"{chart_id}-title")], _content(title)),
        _element("desc", [("id", f"{chart_id}-desc")], _content(description)),
        *(line for line in body if line),
        "</svg>",
    ]
    return ascii_markup("\n".join(lines))
