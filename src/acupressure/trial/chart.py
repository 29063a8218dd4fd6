"""The result picture: daily pain coloured by arm, and each pair's difference, as SVG.

Built with ElementTree (escaping done by the library), accessible by design: the SVG has
role="img", a <title> and a <desc> that say what it shows in words, every mark has its own
<title>, and the two arms differ by shape as well as colour (circles for A, squares for B),
so nothing depends on seeing colour. Wash-out days are drawn hollow. Deterministic output.
"""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

from acupressure.trial.analysis import Analysis
from acupressure.trial.records import Trial

WIDTH, HEIGHT = 720, 420
LEFT, RIGHT = 48, 16
DAILY_TOP, DAILY_BOTTOM = 40, 220
PAIRS_TOP, PAIRS_BOTTOM = 280, 390
COLOURS = {"A": "#1d5fa8", "B": "#9a4200"}  # both >= 4.5:1 against white


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: object) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {k.replace("_", "-"): str(v) for k, v in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def trial_svg(trial: Trial, analysis: Analysis) -> str:
    """The chart of one trial and its analysis."""
    design = trial.design
    days = (design.end - design.start).days + 1
    span = WIDTH - LEFT - RIGHT

    def x_of(offset: float) -> float:
        return round(LEFT + span * (offset + 0.5) / days, 1)

    def y_of(pain: float) -> float:
        return round(DAILY_BOTTOM - (DAILY_BOTTOM - DAILY_TOP) * pain / 10, 1)

    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "role": "img",
            "aria-labelledby": "trial-chart-title trial-chart-desc",
            "class": "trial-chart",
        },
    )
    _add(
        svg,
        "title",
        "Your trial: daily pain by arm, and the difference in each pair",
        id="trial-chart-title",
    )
    _add(svg, "desc", _description(trial, analysis), id="trial-chart-desc")
    _add(
        svg,
        "text",
        "Daily pain (0-10): circles A, squares B; hollow marks are wash-out days",
        x=LEFT,
        y=24,
        font_size=14,
    )
    for pain in (0, 5, 10):
        _add(svg, "line", x1=LEFT, x2=WIDTH - RIGHT, y1=y_of(pain), y2=y_of(pain), stroke="#ccc")
        _add(svg, "text", str(pain), x=LEFT - 8, y=y_of(pain) + 4, font_size=12, text_anchor="end")
    periods = design.schedule()
    for period in periods:
        start = (period.start - design.start).days
        _add(
            svg,
            "rect",
            x=x_of(start - 0.5),
            y=DAILY_TOP,
            width=round(span * design.period_days / days, 1),
            height=DAILY_BOTTOM - DAILY_TOP,
            fill=COLOURS[period.arm],
            fill_opacity=0.06,
        )
        _add(
            svg,
            "text",
            period.arm,
            x=x_of(start + design.period_days / 2 - 0.5),
            y=DAILY_BOTTOM + 16,
            font_size=12,
            text_anchor="middle",
            fill=COLOURS[period.arm],
        )
    by_day = {rating.day: rating.pain for rating in trial.ratings}
    for period in periods:
        for offset in range(design.period_days):
            day = period.start + timedelta(days=offset)
            if day not in by_day:
                continue
            x, y = x_of((day - design.start).days), y_of(by_day[day])
            washout = day <= period.washout_until
            colour = COLOURS[period.arm]
            fill = "white" if washout else colour
            if period.arm == "A":
                mark = _add(
                    svg, "circle", cx=x, cy=y, r=4, fill=fill, stroke=colour, stroke_width=1.5
                )
            else:
                mark = _add(
                    svg,
                    "rect",
                    x=x - 4,
                    y=y - 4,
                    width=8,
                    height=8,
                    fill=fill,
                    stroke=colour,
                    stroke_width=1.5,
                )
            note = ", wash-out (left out)" if washout else ""
            _add(mark, "title", f"{day}: pain {by_day[day]}, arm {period.arm}{note}")
    _pairs(svg, analysis)
    return ET.tostring(svg, encoding="unicode")


def _pairs(svg: ET.Element, analysis: Analysis) -> None:
    _add(
        svg,
        "text",
        "Each pair: A minus B (below the line: A lower)",
        x=LEFT,
        y=PAIRS_TOP - 16,
        font_size=14,
    )
    scale = max([3.0, *(abs(p.difference) for p in analysis.pair_differences)])
    middle = (PAIRS_TOP + PAIRS_BOTTOM) / 2
    half = (PAIRS_BOTTOM - PAIRS_TOP) / 2
    _add(svg, "line", x1=LEFT, x2=WIDTH - RIGHT, y1=middle, y2=middle, stroke="#333")
    count = max(1, len(analysis.pair_differences))
    step = (WIDTH - LEFT - RIGHT) / count
    for index, pair in enumerate(analysis.pair_differences):
        height = round(half * abs(pair.difference) / scale, 1)
        top = middle - height if pair.difference > 0 else middle  # A lower: below the line
        colour = COLOURS["B"] if pair.difference > 0 else COLOURS["A"]
        x = round(LEFT + step * index + step * 0.3, 1)
        bar = _add(
            svg,
            "rect",
            x=x,
            y=round(top, 1),
            width=round(step * 0.4, 1),
            height=max(height, 1),
            fill=colour,
        )
        _add(
            bar,
            "title",
            f"Pair {pair.pair}: A {pair.mean_a:.1f}, B {pair.mean_b:.1f}, "
            f"difference {pair.difference:+.1f}",
        )
        _add(
            svg,
            "text",
            f"pair {pair.pair}",
            x=round(x + step * 0.2, 1),
            y=PAIRS_BOTTOM + 20,
            font_size=12,
            text_anchor="middle",
        )


def _description(trial: Trial, analysis: Analysis) -> str:
    rated = len(trial.ratings)
    pairs = "; ".join(
        f"pair {p.pair}: A {p.mean_a:.1f}, B {p.mean_b:.1f}" for p in analysis.pair_differences
    )
    return (
        f"{rated} daily ratings over {2 * trial.design.pairs} periods. "
        f"{pairs or 'No complete pair yet'}. Verdict: {analysis.verdict.replace('_', ' ')}."
    )


__all__ = ["trial_svg"]
