"""A body chart as SVG: the figure, then one mark, leader line and label per chart item.

Output is deterministic (golden tests), uses no scripts and no external resources, and
styles every element with presentation attributes plus CSS classes (CHART_CSS) that the
web page may override. What to draw is decided in `acupressure.charts.bodymap`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from acupressure.charts.figures import Landmark, figure, landmark_kind, path_data, smooth
from acupressure.charts.labels import LabelRow, beside_rows, label_rows
from acupressure.knowledge.models import Point

ChartSide = Literal["left", "right", "midline"]

MARGIN = 100  # room for labels beside the figure, outside the view's box
# Sizes in picture units. A chart (700 units wide) shown 340 CSS px wide on a 390 px phone
# draws 1 unit as 0.486 px: 25-unit labels are 12.1 px, a 50-unit label row (the label's
# tap target) is 24.3 px, above the 24 x 24 px of WCAG 2.2 target size.
LABEL_SIZE = 25
HIT_HEIGHT = 50
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK = "#1f2937"
MUTED = "#4b5563"
POINT = "#b42318"
REGION = "#2563eb"
DIMMED = "#9ca3af"

CHART_CSS = """\
.chart .mark { cursor: pointer; }
.chart .mark:hover .mark-dot,
.chart .mark:focus-visible .mark-dot { stroke: #111827; stroke-width: 3; }
.chart .mark:hover .mark-label,
.chart .mark:focus-visible .mark-label { text-decoration: underline; }
.chart .mark:focus-visible { outline: 2px solid #111827; outline-offset: 2px; }
.chart .mark-hit { fill: transparent; }
.chart .mark.current .mark-dot { stroke: #111827; stroke-width: 3; }
.chart .mark.current .mark-label { text-decoration: underline; }
"""


@dataclass(frozen=True)
class ChartItem:
    """A point on one side, or a region's marks on one side: one link, one label."""

    point: Point
    side: ChartSide
    spots: tuple[tuple[float, float], ...]
    state: str  # "", "hl" or "dim"
    number: int | None
    tag: str  # "L" or "R" where both sides are drawn (front, back), else ""

    @property
    def anchor(self) -> tuple[float, float]:
        return self.spots[len(self.spots) // 2]


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def chart_document(
    view: str,
    items: Sequence[ChartItem],
    heading: str,
    description: str,
    prefix: str,
    *,
    links: bool,
    stylesheet: bool,
    key_landmarks: Collection[str] = (),
    crop: bool = False,
) -> str:
    """The standalone SVG document: figure, marks with leaders and labels, step numbers.

    `key_landmarks` (landmark names) are drawn more strongly than the other guides. `crop`
    frames only the marks, labelled beside their dots: a small chart for one step, whose
    labels stay large when it is printed small (25 units in a box of about 300)."""
    spec = figure(view)
    anchors = [item.anchor for item in items]
    rows = beside_rows(view, anchors) if crop and items else label_rows(view, anchors)
    left, top = float(-MARGIN), 0.0
    width, height = float(spec.width + 2 * MARGIN), float(spec.height)
    if crop and items:
        left, top, width, height = _frame(items, rows)
    box = f"{_n(left)} {_n(top)} {_n(width)} {_n(height)}"
    role = "figure" if links and items else "img"  # an img role may not hold links
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" '
        f'class="chart chart-{view}" role="{role}" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" data-view="{view}" '
        f'font-family="{FONT}">',
        f'<title id="{prefix}-title">{escape(heading)}</title>',
        f'<desc id="{prefix}-desc">{escape(description)}</desc>',
    ]
    if stylesheet:
        out.append(f"<style>{CHART_CSS}</style>")
    out.append(
        f'<rect class="chart-bg" x="{_n(left)}" y="{_n(top)}" width="{_n(width)}" '
        f'height="{_n(height)}" fill="#ffffff"/>'
    )
    out.extend(_figure_layers(view, set(key_landmarks)))
    out.append('<g class="marks">')
    for item, row in zip(items, rows, strict=True):
        out.append(_mark(item, row, view, links=links))
    out.append("</g>")
    numbered = [item for item in items if item.number is not None and item.point.kind == "point"]
    if numbered:  # outside the links, so a link's text is its label alone
        out.append(
            '<g class="mark-numbers" aria-hidden="true" pointer-events="none" '
            'text-anchor="middle" font-size="16" font-weight="700" fill="#ffffff">'
        )
        out.extend(
            f'<text x="{_n(item.anchor[0])}" y="{_n(item.anchor[1] + 5.5)}">{item.number}</text>'
            for item in numbered
        )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _figure_layers(view: str, key: set[str]) -> list[str]:
    spec = figure(view)
    body = "".join(path_data(outline) for outline in spec.outlines)
    out = ['<g class="figure" aria-hidden="true" pointer-events="none">']
    out.append(
        f'<path class="figure-skin" d="{body}" fill="#f6e7d8" fill-rule="evenodd" '
        'stroke="#8a6f5a" stroke-width="2" stroke-linejoin="round"/>'
    )
    for overlay, edge in zip(spec.overlays, spec.overlay_edges, strict=True):
        out.append(f'<path class="figure-overlay" d="{path_data(overlay)}" fill="#f1ddca"/>')
        out.append(
            f'<path class="figure-overlay-edge" d="{path_data(edge, closed=False)}" '
            'fill="none" stroke="#8a6f5a" stroke-width="2" stroke-linejoin="round"/>'
        )
    out.append(
        '<g class="guide" fill="none" stroke="#b59a84" stroke-width="1.3" '
        'stroke-dasharray="4 3" stroke-linecap="round">'
    )
    out.extend(
        f'<path data-landmark="{mark.name}" d="{_guide_path(mark)}"/>'
        for mark in spec.landmarks
        if landmark_kind(mark) not in key
    )
    out.append("</g>")
    out.append('<g class="figure-detail" fill="none" stroke="#8a6f5a" stroke-width="1.2">')
    out.extend(f'<path d="{_guide_path(mark)}"/>' for mark in spec.details)
    out.append("</g>")
    strong = [mark for mark in (*spec.landmarks, *spec.details) if landmark_kind(mark) in key]
    if strong:  # the landmarks this point is measured from
        out.append(
            '<g class="guide guide-key" fill="none" stroke="#6b4f3a" stroke-width="2.4" '
            'stroke-linecap="round">'
        )
        out.extend(
            f'<path data-landmark="{mark.name}" d="{_guide_path(mark)}"/>' for mark in strong
        )
        out.append("</g>")
    out.append("</g>")
    return out


def _guide_path(mark: Landmark) -> str:
    if mark.closed or len(mark.path) > 2:
        return smooth(mark.path, closed=mark.closed)
    return path_data(mark.path, closed=False)


def _mark(item: ChartItem, row: LabelRow, view: str, *, links: bool) -> str:
    point, side = item.point, item.side
    classes = " ".join(part for part in ("mark", point.kind, f"side-{side}", item.state) if part)
    side_word = {"left": ", left", "right": ", right"}.get(side, "")
    # "2. BL23 L, left, Sea of Vitality": the accessible name starts with the visible label
    # (axe: label-content-name-mismatch), then the person's side in words and the name
    label = escape(f"{_visible(item)}{side_word}, {point.english}")
    attrs = (
        f'class="{classes}" data-code={quoteattr(point.code)} data-side="{side}" '
        f'data-kind="{point.kind}"'
    )
    if point.chart and point.chart[0].view == view:  # the view that shows it best
        attrs += ' data-primary="true"'
    if links:
        opening = f'<a href="/points/{escape(point.code)}" {attrs} aria-label="{label}">'
        closing = "</a>"
    else:
        opening, closing = f"<g {attrs}>", "</g>"
    body = [opening]
    body.extend(_leader(item, row))
    body.extend(_region_shape(item) if point.kind == "region" else _dot(item))
    body.append(_label(item, row))
    body.append(_hit(item, row))
    body.append(closing)
    return "".join(body)


def _leader(item: ChartItem, row: LabelRow) -> list[str]:
    (x, y), (lx, ly, is_left) = item.anchor, row
    end = lx + (4 if is_left else -4)
    colour = DIMMED if item.state == "dim" else "#6b7280"
    return [
        f'<path class="mark-leader" d="M{_n(x)} {_n(y)}L{_n(end)} {_n(ly)}" '
        f'stroke="{colour}" stroke-width="1.2" fill="none" pointer-events="none"/>'
    ]


def _dot(item: ChartItem) -> list[str]:
    x, y = item.anchor
    fill = DIMMED if item.state == "dim" else POINT
    parts = []
    if item.state == "hl":
        parts.append(
            f'<circle class="mark-ring" cx="{_n(x)}" cy="{_n(y)}" r="11" '
            f'fill="none" stroke="{POINT}" stroke-width="2.5"/>'
        )
    radius = 11 if item.number is not None else (6.5 if item.state == "hl" else 5.5)
    parts.append(
        f'<circle class="mark-dot" cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" '
        f'fill="{fill}" stroke="#ffffff" stroke-width="1.5"/>'
    )
    return parts


def _region_shape(item: ChartItem) -> list[str]:
    dim = item.state == "dim"
    colour = DIMMED if dim else REGION
    opacity = "0.16" if dim else ("0.45" if item.state == "hl" else "0.3")
    if len(item.spots) == 1:
        x, y = item.spots[0]
        return [
            f'<circle class="mark-area" cx="{_n(x)}" cy="{_n(y)}" r="16" fill="{colour}" '
            f'fill-opacity="{opacity}" stroke="{colour}" stroke-width="1.5" '
            'stroke-dasharray="4 3"/>'
        ]
    path = "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in item.spots)
    return [
        f'<path class="mark-area" d="{path}" fill="none" stroke="{colour}" '
        f'stroke-opacity="{opacity}" stroke-width="22" stroke-linecap="round" '
        'stroke-linejoin="round"/>'
    ]


CROP_SIZE = 300.0  # the smallest side of a cropped chart, in picture units


def _frame(items: Sequence[ChartItem], rows: Sequence[LabelRow]) -> tuple[float, ...]:
    """The box round the marks and their labels, at least CROP_SIZE on each side."""
    xs: list[float] = []
    ys: list[float] = []
    for item, row in zip(items, rows, strict=True):
        for x, y in item.spots:
            xs += [x - 24, x + 24]
            ys += [y - 24, y + 24]
        x, y, w, h = label_extent(item, row)
        xs += [x, x + w]
        ys += [y, y + h]
    width = max(CROP_SIZE, max(xs) - min(xs) + 16)
    height = max(CROP_SIZE, max(ys) - min(ys) + 16)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return round(cx - width / 2, 1), round(cy - height / 2, 1), round(width, 1), round(height, 1)


def label_extent(item: ChartItem, row: LabelRow) -> tuple[float, float, float, float]:
    """The box a label's row takes (x, y, width, height): its text and its tap target."""
    lx, ly, is_left = row
    width = max(HIT_HEIGHT, 0.6 * LABEL_SIZE * len(_visible(item)) + 12)
    x = lx - width + 6 if is_left else lx - 6
    return x, ly - HIT_HEIGHT / 2, width, HIT_HEIGHT


def _hit(item: ChartItem, row: LabelRow) -> str:
    """An invisible rectangle round the label, so the link is at least 24 x 24 CSS px."""
    x, y, width, height = label_extent(item, row)
    return (
        f'<rect class="mark-hit" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" '
        f'height="{_n(height)}" fill="transparent"/>'
    )


def _label(item: ChartItem, row: LabelRow) -> str:
    lx, ly, is_left = row
    anchor = "end" if is_left else "start"
    colour = MUTED if item.state == "dim" else INK
    weight = ' font-weight="700"' if item.state == "hl" else ""
    text = escape(_short(item))
    tag = (
        f'<tspan class="mark-side" fill="{MUTED}" font-weight="400"> {item.tag}</tspan>'
        if item.tag and item.point.kind == "point"
        else ""
    )
    number = f"{item.number}. " if item.number is not None else ""
    return (  # keep in step with _visible
        f'<text class="mark-label" x="{_n(lx)}" y="{_n(ly + 8)}" text-anchor="{anchor}" '
        f'font-size="{LABEL_SIZE}" fill="{colour}" stroke="#ffffff" stroke-width="5" '
        f'stroke-linejoin="round" paint-order="stroke"{weight}>{number}{text}{tag}</text>'
    )


def _visible(item: ChartItem) -> str:
    """The label's text as a reader sees it, e.g. "2. BL23 L"."""
    number = f"{item.number}. " if item.number is not None else ""
    tag = f" {item.tag}" if item.tag and item.point.kind == "point" else ""
    return f"{number}{_short(item)}{tag}"


def _short(item: ChartItem) -> str:
    """A point's code; a region's chart label (its full name is in the accessible name)."""
    if item.point.kind == "region":
        return item.point.chart_label or item.point.code.split("_")[0]
    return item.point.code
