"""Body charts: every point and region of the catalogue drawn on a figure, as standalone SVG.

The knowledge base places points (normalised x, y per view, DESIGN.md); this module only
draws them, so the same picture serves the web app, printed handouts and the CLI. Output is
deterministic (golden tests), uses no scripts and no external resources, and styles every
element with presentation attributes plus CSS classes the web page may override.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol
from xml.sax.saxutils import escape, quoteattr

from acupressure.errors import BadInput, UnknownName
from acupressure.figures import VIEWS, figure
from acupressure.models import COMPLAINT_IDS, Complaint, Point

ChartSide = Literal["left", "right", "midline"]

MARGIN = 60  # room for labels beside the figure, outside the view's box
LABEL_GAP = 17.0  # vertical distance between two labels in one column

VIEW_TITLES: dict[str, str] = {
    "back": "Back of the body",
    "front": "Front of the body",
    "side": "Right side of the body",
    "hand": "Back of the right hand",
    "foot_top": "Top of the right foot",
    "foot_sole": "Sole of the right foot",
}
VIEW_ORIENTATION: dict[str, str] = {
    "back": "The person is seen from behind: their left side is on the left of the picture.",
    "front": "The person faces you: their left side is on the right of the picture.",
    "side": "The person's right side, facing right.",
    "hand": "Back of a right hand, fingers up, thumb on the left; the left hand is its "
    "mirror image.",
    "foot_top": "Top of a right foot, toes up, big toe on the left; the left foot is its "
    "mirror image.",
    "foot_sole": "Sole of a right foot, toes up, big toe on the right; the left foot is its "
    "mirror image.",
}
# x of the label columns (left column text ends here, right column text starts here)
_COLUMNS: dict[str, tuple[float, float]] = {
    "back": (74, 426),
    "front": (74, 426),
    "side": (176, 362),
    "hand": (76, 372),
    "foot_top": (144, 356),
    "foot_sole": (144, 356),
}

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
"""


class ChartCatalogue(Protocol):
    """What the charts need of a catalogue: its entries (and complaint labels, if any)."""

    @property
    def points(self) -> Sequence[Point]: ...

    @property
    def complaints(self) -> Mapping[str, Complaint]: ...


@dataclass(frozen=True)
class DrawnMark:
    """One mark as drawn, in picture coordinates (the view's box, before margins)."""

    code: str
    kind: str
    side: ChartSide
    x: float
    y: float

    def to_json(self) -> dict[str, object]:
        return {"point": self.code, "kind": self.kind, "side": self.side, "x": self.x, "y": self.y}


@dataclass(frozen=True)
class _Item:
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


def view_box(view: str) -> tuple[int, int]:
    """Width and height of a view's box, the unit of the picture coordinates."""
    _check_view(view)
    spec = figure(view)
    return spec.width, spec.height


def placed_marks(*, catalogue: ChartCatalogue, view: str) -> list[DrawnMark]:
    """Every mark drawn on a view, both sides of bilateral points, in catalogue order."""
    _check_view(view)
    spec = figure(view)
    marks: list[DrawnMark] = []
    for point in catalogue.points:
        for mark in point.chart:
            if mark.view != view:
                continue
            for side, x in _sides(point, view, mark.x):
                marks.append(
                    DrawnMark(
                        point.code,
                        point.kind,
                        side,
                        round(x * spec.width, 1),
                        round(mark.y * spec.height, 1),
                    )
                )
    return marks


def render_chart(
    *,
    catalogue: ChartCatalogue,
    view: str,
    highlight: Collection[str] = frozenset(),
    numbered: Mapping[str, int] | None = None,
    complaint: str | None = None,
    title: str | None = None,
    links: bool = True,
    stylesheet: bool = True,
    id_prefix: str | None = None,
) -> str:
    """The chart of one view as a standalone SVG document.

    `complaint` emphasises the points indicated for it and dims the rest; `highlight`
    emphasises the given codes; `numbered` prints step numbers in the dots (keys are codes,
    or "CODE:left" / "CODE:right" for one side). With `links` every mark is a link to
    /points/CODE; `stylesheet=False` leaves out the <style> element (pages with a strict
    Content-Security-Policy put CHART_CSS in their own stylesheet instead).
    """
    _check_view(view)
    codes = [point.code for point in catalogue.points]
    numbers = dict(numbered or {})
    _check_codes([*highlight, *(key.split(":", 1)[0] for key in numbers)], codes)
    for key in numbers:
        if ":" in key and key.split(":", 1)[1] not in ("left", "right", "midline"):
            raise BadInput(f"Unknown side in {key!r}: use CODE, CODE:left or CODE:right.")
    if complaint is not None and complaint not in COMPLAINT_IDS:
        raise BadInput(
            f"Unknown complaint {complaint!r}. Choose one of: {', '.join(COMPLAINT_IDS)}."
        )
    items = _items(catalogue, view, set(highlight), numbers, complaint)
    prefix = id_prefix or f"chart-{view}"
    heading = title or _default_title(catalogue, view, complaint)
    return _document(
        view,
        items,
        heading,
        _description(view, items, complaint),
        prefix,
        links=links,
        stylesheet=stylesheet,
    )


# --- choosing what to draw -------------------------------------------------------------


def _check_view(view: str) -> None:
    if view not in VIEWS:
        raise BadInput(f"Unknown chart view {view!r}. Choose one of: {', '.join(VIEWS)}.")


def _check_codes(requested: Sequence[str], codes: Sequence[str]) -> None:
    for code in requested:
        if code not in codes:
            raise UnknownName(code, difflib.get_close_matches(code, codes, n=3, cutoff=0.5))


def _sides(point: Point, view: str, x: float) -> list[tuple[ChartSide, float]]:
    if not point.bilateral:
        return [("midline", x)]
    if view not in ("front", "back"):
        return [("right", x)]  # close-ups and the side view show the right side
    if x == 0.5:
        return [("midline", x)]
    return [("left", x), ("right", 1 - x)]


def _items(
    catalogue: ChartCatalogue,
    view: str,
    highlight: set[str],
    numbers: dict[str, int],
    complaint: str | None,
) -> list[_Item]:
    spec = figure(view)
    items: list[_Item] = []
    for point in catalogue.points:
        by_side: dict[ChartSide, list[tuple[float, float]]] = {}
        for mark in point.chart:
            if mark.view != view:
                continue
            for side, x in _sides(point, view, mark.x):
                by_side.setdefault(side, []).append((x * spec.width, mark.y * spec.height))
        if point.code in highlight:
            state = "hl"
        elif complaint is not None and complaint not in point.indications:
            state = "dim"
        elif complaint is not None and not highlight:
            state = "hl"
        else:
            state = ""
        for side, spots in by_side.items():
            spots.sort(key=lambda spot: (spot[1], spot[0]))  # a region's band runs top down
            groups = [spots] if point.kind == "region" else [[spot] for spot in spots]
            number = numbers.get(f"{point.code}:{side}", numbers.get(point.code))
            tag = {"left": "L", "right": "R"}.get(side, "") if view in ("front", "back") else ""
            items.extend(_Item(point, side, tuple(group), state, number, tag) for group in groups)
    order = {"dim": 0, "": 1, "hl": 2}  # emphasised marks are drawn last, on top
    return sorted(items, key=lambda item: (item.point.kind == "point", order[item.state]))


def _default_title(catalogue: ChartCatalogue, view: str, complaint: str | None) -> str:
    heading = f"{VIEW_TITLES[view]}: acupressure points"
    if complaint is None:
        return heading
    known = catalogue.complaints.get(complaint)
    label = known.label if known is not None else complaint.replace("_", " ")
    return f"{heading} for {label.lower()}"


def _description(view: str, items: Sequence[_Item], complaint: str | None) -> str:
    seen: dict[str, list[str]] = {}
    for item in sorted(items, key=lambda item: item.anchor[1]):
        sides = seen.setdefault(item.point.code, [])
        if item.side not in sides:
            sides.append(item.side)
    parts = []
    for code, sides in seen.items():
        point = next(item.point for item in items if item.point.code == code)
        where = "both sides" if len(sides) == 2 else ("midline" if sides == ["midline"] else "")
        name = f"{code} {point.pinyin_plain}".strip() if point.kind == "point" else point.english
        parts.append(f"{name} ({where})" if where else name)
    text = VIEW_ORIENTATION[view]
    text += f" Marked: {', '.join(parts)}." if parts else " No points are marked on this view."
    if complaint is not None:
        emphasised = sorted({item.point.code for item in items if item.state != "dim"})
        text += f" Emphasised for {complaint.replace('_', ' ')}: "
        text += f"{', '.join(emphasised)}." if emphasised else "none on this view."
    return text


# --- labels ----------------------------------------------------------------------------


def _label_rows(view: str, items: Sequence[_Item]) -> list[tuple[float, float, bool]]:
    """Per item (label x, label y, in the left column), spread so labels never overlap."""
    spec = figure(view)
    centre = spec.width / 2
    left_x, right_x = _COLUMNS[view]
    columns: dict[bool, list[int]] = {True: [], False: []}
    middle = []
    for index, item in enumerate(items):
        if abs(item.anchor[0] - centre) < 0.5:
            middle.append(index)
        else:
            columns[item.anchor[0] < centre].append(index)
    for index in middle:  # a midline label goes where fewer labels are nearby
        level = items[index].anchor[1]
        crowd = {
            side: sum(abs(items[other].anchor[1] - level) < 60 for other in members)
            for side, members in columns.items()
        }
        columns[crowd[True] < crowd[False]].append(index)
    rows: dict[int, tuple[float, float, bool]] = {}
    for is_left, members in columns.items():
        column_x = left_x if is_left else right_x
        # level marks: the one nearest the column takes the upper label, so leaders never cross
        ordered = sorted(
            (items[index].anchor[1], abs(items[index].anchor[0] - column_x), index)
            for index in members
        )
        ys = _spread([y for y, _distance, _index in ordered], spec.height)
        for (_y, _distance, index), y in zip(ordered, ys, strict=True):
            rows[index] = (column_x, y, is_left)
    return [rows[index] for index in range(len(items))]


def _spread(wanted: Sequence[float], height: float) -> list[float]:
    low, high = 12.0, height - 8.0
    ys: list[float] = []
    for y in wanted:
        ys.append(max(low, y, ys[-1] + LABEL_GAP if ys else low))
    for index in range(len(ys) - 1, -1, -1):
        limit = high if index == len(ys) - 1 else ys[index + 1] - LABEL_GAP
        ys[index] = min(ys[index], limit)
    return ys


# --- SVG -------------------------------------------------------------------------------


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _document(
    view: str,
    items: Sequence[_Item],
    heading: str,
    description: str,
    prefix: str,
    *,
    links: bool,
    stylesheet: bool,
) -> str:
    spec = figure(view)
    width, height = spec.width + 2 * MARGIN, spec.height
    role = "figure" if links and items else "img"  # an img role may not hold links
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-MARGIN} 0 {width} {height}" '
        f'class="chart chart-{view}" role="{role}" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" data-view="{view}" '
        f'font-family="{FONT}">',
        f'<title id="{prefix}-title">{escape(heading)}</title>',
        f'<desc id="{prefix}-desc">{escape(description)}</desc>',
    ]
    if stylesheet:
        out.append(f"<style>{CHART_CSS}</style>")
    out.append(
        f'<rect class="chart-bg" x="{-MARGIN}" y="0" width="{width}" height="{height}" '
        'fill="#ffffff"/>'
    )
    out.extend(_figure_layers(view))
    rows = _label_rows(view, items)
    out.append('<g class="marks">')
    for item, row in zip(items, rows, strict=True):
        out.append(_mark(item, row, links=links))
    out.append("</g>")
    numbered = [item for item in items if item.number is not None and item.point.kind == "point"]
    if numbered:  # outside the links, so a link's text is its label alone
        out.append(
            '<g class="mark-numbers" aria-hidden="true" pointer-events="none" '
            'text-anchor="middle" font-size="11" font-weight="700" fill="#ffffff">'
        )
        out.extend(
            f'<text x="{_n(item.anchor[0])}" y="{_n(item.anchor[1] + 4)}">{item.number}</text>'
            for item in numbered
        )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _figure_layers(view: str) -> list[str]:
    spec = figure(view)
    placed = f' transform="{spec.transform}"' if spec.transform else ""
    out = [f'<g class="figure" aria-hidden="true"{placed}>']
    out.append(
        '<g class="figure-edge" fill="none" stroke="#8a6f5a" stroke-width="4" '
        'stroke-linejoin="round">'
    )
    out.extend(f'<path d="{shape}"/>' for shape in spec.shapes)
    out.append("</g>")
    out.append('<g class="figure-skin" fill="#f6e7d8">')
    out.extend(f'<path d="{shape}"/>' for shape in spec.shapes)
    out.append("</g>")
    out.append('<g class="figure-detail" fill="none" stroke="#8a6f5a" stroke-width="1.2">')
    out.extend(f'<path d="{detail}"/>' for detail in spec.details)
    out.append("</g>")
    out.append(
        '<g class="guide" fill="none" stroke="#a8896f" stroke-width="1.2" stroke-dasharray="5 4">'
    )
    out.extend(f'<path d="{guide}"/>' for guide in spec.guides)
    out.append("</g>")
    for overlay in spec.overlays:
        out.append(
            f'<path class="figure-overlay" d="{overlay}" fill="#f6e7d8" '
            'stroke="#8a6f5a" stroke-width="2" stroke-linejoin="round"/>'
        )
    out.append("</g>")
    return out


def _mark(item: _Item, row: tuple[float, float, bool], *, links: bool) -> str:
    point, side = item.point, item.side
    classes = " ".join(part for part in ("mark", point.kind, f"side-{side}", item.state) if part)
    side_word = {"left": ", person's left side", "right": ", person's right side"}.get(side, "")
    name = point.pinyin_plain if point.kind == "point" else point.english
    # the accessible name starts with the visible label (axe: label-content-name-mismatch)
    label = escape(f"{_visible(item)}: {name}{side_word}")
    attrs = (
        f'class="{classes}" data-code={quoteattr(point.code)} data-side="{side}" '
        f'data-kind="{point.kind}"'
    )
    if links:
        opening = f'<a href="/points/{escape(point.code)}" {attrs} aria-label="{label}">'
        closing = "</a>"
    else:
        opening, closing = f"<g {attrs}>", "</g>"
    body = [opening]
    body.extend(_leader(item, row))
    body.extend(_region_shape(item) if point.kind == "region" else _dot(item))
    body.append(_label(item, row))
    body.append(closing)
    return "".join(body)


def _leader(item: _Item, row: tuple[float, float, bool]) -> list[str]:
    (x, y), (lx, ly, is_left) = item.anchor, row
    end = lx + (4 if is_left else -4)
    colour = DIMMED if item.state == "dim" else "#6b7280"
    return [
        f'<path class="mark-leader" d="M{_n(x)} {_n(y)}L{_n(end)} {_n(ly)}" '
        f'stroke="{colour}" stroke-width="0.9" fill="none"/>'
    ]


def _dot(item: _Item) -> list[str]:
    x, y = item.anchor
    fill = DIMMED if item.state == "dim" else POINT
    parts = []
    if item.state == "hl":
        parts.append(
            f'<circle class="mark-ring" cx="{_n(x)}" cy="{_n(y)}" r="13" '
            f'fill="none" stroke="{POINT}" stroke-width="2.5"/>'
        )
    radius = 9 if item.number is not None else (7 if item.state == "hl" else 5.5)
    parts.append(
        f'<circle class="mark-dot" cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" '
        f'fill="{fill}" stroke="#ffffff" stroke-width="1.5"/>'
    )
    return parts


def _region_shape(item: _Item) -> list[str]:
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


def _label(item: _Item, row: tuple[float, float, bool]) -> str:
    lx, ly, is_left = row
    anchor = "end" if is_left else "start"
    colour = MUTED if item.state == "dim" else INK
    weight = ' font-weight="700"' if item.state == "hl" else ""
    text = escape(item.point.code.replace("_", " "))
    tag = (
        (
            f'<tspan class="mark-side" fill="{MUTED}" font-size="11" font-weight="400">'
            f" {item.tag}</tspan>"
        )
        if item.tag
        else ""
    )
    number = f"{item.number}. " if item.number is not None else ""
    return (  # keep in step with _visible
        f'<text class="mark-label" x="{_n(lx)}" y="{_n(ly + 4.5)}" text-anchor="{anchor}" '
        f'font-size="13" fill="{colour}"{weight}>{number}{text}{tag}</text>'
    )


def _visible(item: _Item) -> str:
    """The label's text as a reader sees it, e.g. "2. BL23 L"."""
    number = f"{item.number}. " if item.number is not None else ""
    tag = f" {item.tag}" if item.tag else ""
    return f"{number}{item.point.code.replace('_', ' ')}{tag}"
