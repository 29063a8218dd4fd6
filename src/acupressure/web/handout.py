"""The printable handout's small charts: each step's point, close up, beside its words.

A whole-body chart printed beside a step would make its labels a few points high. Each
step instead gets its own chart from acupressure.charts (its point alone, numbered as the
step), shown through a window on the part of the picture around the point: a band of
CROP_HEIGHT units, on the half where the step's label is. Printed CROP_WIDTH units wide
at HANDOUT_CHART_MM, the charts' 25-unit labels are 8 pt or more (print.css sets the size).
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.routine import Routine, Step
from acupressure.web.charts import VIEW_LABELS, VIEW_ORDER

CROP_WIDTH = 400  # of the chart's 700 units (100 of margin each side of the 500 box)
CROP_HEIGHT = 150  # 17 mm high at 46 mm wide: a chart no taller than its step's words
HANDOUT_CHART_MM = 46  # printed width: 25-unit labels at 46 mm / 400 units = 8.2 pt
_VIEW_BOX = re.compile(r'viewBox="[^"]*"')
_LABEL = re.compile(r'<text class="mark-label" x="(-?[\d.]+)" y="(-?[\d.]+)" text-anchor="(\w+)"')


def step_charts(catalogue: Catalogue, routine: Routine) -> list[dict[str, Any]]:
    """One small chart per step: the view, its label, and the cropped SVG."""
    return [_step_chart(catalogue, step, number) for number, step in enumerate(routine.steps, 1)]


# A hand or foot point is clearer on its close-up than on the whole body.
_PREFERRED = ("hand", "foot_top", "foot_sole", *VIEW_ORDER)


def _view(catalogue: Catalogue, step: Step) -> str:
    views = catalogue.get(step.point).views()
    return next(view for view in _PREFERRED if view in views)


def _step_chart(catalogue: Catalogue, step: Step, number: int) -> dict[str, Any]:
    from acupressure.charts.bodymap import placed_marks, render_chart, view_box

    view = _view(catalogue, step)
    key = f"{step.point}:{step.side}" if step.side in ("left", "right") else step.point
    svg = render_chart(
        catalogue=catalogue,
        view=view,
        highlight={step.point},
        numbered={key: number},
        only={step.point},
        title=f"Step {number}: {step.name if step.point.islower() else step.point} on the "
        f"{VIEW_LABELS[view].lower()}",
        links=False,
        stylesheet=False,
        id_prefix=f"handout-step-{number}",
    )
    width, height = view_box(view)
    marks = [m for m in placed_marks(catalogue=catalogue, view=view) if m.code == step.point]
    mark = next((m for m in marks if m.side == step.side), marks[0] if marks else None)
    mark_y = mark.y if mark else height / 2
    left_half = (mark.x if mark else width / 2) < width / 2
    label = _numbered_label(svg, number)
    if label is not None:  # the window shows the step's numbered label and its mark
        left_half = label[2] == "end"
        mark_y = label[1]
    x = -100 if left_half else width + 100 - CROP_WIDTH
    y = min(max(mark_y - CROP_HEIGHT / 2, 0), max(height - CROP_HEIGHT, 0))
    box = f'viewBox="{x:g} {y:g} {CROP_WIDTH} {min(CROP_HEIGHT, height)}"'
    return {"view": view, "label": VIEW_LABELS[view], "svg": Markup(_VIEW_BOX.sub(box, svg, 1))}


def _numbered_label(svg: str, number: int) -> tuple[float, float, str] | None:
    """Where the chart put the step's numbered label (x, y, text anchor), if it says."""
    for match in _LABEL.finditer(svg):
        following = svg[match.end() : match.end() + 200]
        if f">{number}. " in following.split("</text>", 1)[0] + " ":
            return float(match.group(1)), float(match.group(2)), match.group(3)
    return None


__all__ = ["CROP_HEIGHT", "CROP_WIDTH", "HANDOUT_CHART_MM", "step_charts"]
