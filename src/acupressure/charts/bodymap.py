"""Body charts: every point and region of the catalogue drawn on a figure, as standalone SVG.

The knowledge base places points (normalised x, y per view, DESIGN.md); this module only
draws them, so the same picture serves the web app, printed handouts and the CLI. Here is
what to draw (which marks, emphasised or dimmed, numbered, described in words); the SVG
itself is written by `chart_svg`, the labels placed by `chart_labels`.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from acupressure.charts.figures import KEY_LANDMARKS, VIEWS, figure, landmark_kind
from acupressure.charts.svg import CHART_CSS, MARGIN, ChartItem, ChartSide, chart_document
from acupressure.errors import BadInput, UnknownName
from acupressure.knowledge.models import COMPLAINT_IDS, Complaint, Point

VIEW_TITLES: dict[str, str] = {
    "back": "Back of the body",
    "front": "Front of the body",
    "side": "Right side of the body",
    "hand": "Backs of the hands",
    "foot_top": "Tops of the feet",
    "foot_sole": "Soles of the feet",
}
VIEW_ORIENTATION: dict[str, str] = {
    "back": "The person is seen from behind: their left side is on the left of the picture.",
    "front": "The person faces you: their left side is on the right of the picture.",
    "side": "The person's right side, facing right.",
    "hand": "The backs of both hands, fingers up: the left hand on the left, the right hand "
    "on the right, thumbs towards the middle.",
    "foot_top": "Both feet seen from above, toes up: the left foot on the left, the right foot "
    "on the right, big toes towards the middle.",
    "foot_sole": "Both soles seen from below, toes up, as when someone faces you: the right "
    "sole on the left, the left sole on the right, big toes towards the middle.",
}


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
    only: Collection[str] | None = None,
    landmarks_of: Collection[str] = (),
    crop: bool = False,
    title: str | None = None,
    links: bool = True,
    stylesheet: bool = True,
    id_prefix: str | None = None,
) -> str:
    """The chart of one view as a standalone SVG document.

    `complaint` emphasises the points indicated for it and dims the rest; `highlight`
    emphasises the given codes; `numbered` prints step numbers in the dots (keys are codes,
    or "CODE:left" / "CODE:right" for one side). `only` draws just those codes (a plan's
    chart shows its routine and nothing else); `landmarks_of` draws the landmarks those
    points are measured from more strongly (a point's own page); `crop` frames just the
    marks, labelled beside them (a small chart for one step). With `links` every mark
    is a link to /points/CODE; `stylesheet=False` leaves out the <style> element (pages
    with a strict Content-Security-Policy put CHART_CSS in their own stylesheet instead).
    """
    _check_view(view)
    codes = [point.code for point in catalogue.points]
    numbers = dict(numbered or {})
    wanted = set(only) if only is not None else None
    _check_codes([*highlight, *(key.split(":", 1)[0] for key in numbers), *(wanted or ())], codes)
    for key in numbers:
        if ":" in key and key.split(":", 1)[1] not in ("left", "right", "midline"):
            raise BadInput(f"Unknown side in {key!r}: use CODE, CODE:left or CODE:right.")
    if complaint is not None and complaint not in COMPLAINT_IDS:
        raise BadInput(
            f"Unknown complaint {complaint!r}. Choose one of: {', '.join(COMPLAINT_IDS)}."
        )
    items = _items(catalogue, view, set(highlight), numbers, complaint, wanted)
    prefix = id_prefix or f"chart-{view}"
    heading = title or _default_title(catalogue, view, complaint)
    strong = [name for code in landmarks_of for name in KEY_LANDMARKS.get(code, ())]
    shown = {landmark_kind(mark) for mark in (*figure(view).landmarks, *figure(view).details)}
    description = _description(view, items, complaint)
    if drawn := [name for name in dict.fromkeys(strong) if name in shown]:
        words = ", ".join(name.replace("_", " ") for name in drawn)
        description += f" Landmarks to find it by, drawn darker: {words}."
    return chart_document(
        view,
        items,
        heading,
        description,
        prefix,
        links=links,
        stylesheet=stylesheet,
        key_landmarks=strong,
        crop=crop,
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
    if view == "side":
        return [("right", x)]  # the side view shows the person's right side
    if x == 0.5:
        return [("midline", x)]
    return [("left", x), ("right", 1 - x)]


def _items(
    catalogue: ChartCatalogue,
    view: str,
    highlight: set[str],
    numbers: dict[str, int],
    complaint: str | None,
    wanted: set[str] | None,
) -> list[ChartItem]:
    spec = figure(view)
    items: list[ChartItem] = []
    for point in catalogue.points:
        if wanted is not None and point.code not in wanted:
            continue
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
            tag = {"left": "L", "right": "R"}.get(side, "") if view != "side" else ""
            items.extend(
                ChartItem(point, side, tuple(group), state, number, tag) for group in groups
            )
    order = {"dim": 0, "": 1, "hl": 2}  # emphasised marks are drawn last, on top
    return sorted(items, key=lambda item: (item.point.kind == "point", order[item.state]))


def _default_title(catalogue: ChartCatalogue, view: str, complaint: str | None) -> str:
    heading = f"{VIEW_TITLES[view]}: acupressure points"
    if complaint is None:
        return heading
    known = catalogue.complaints.get(complaint)
    label = known.label if known is not None else complaint.replace("_", " ")
    return f"{heading} for {label.lower()}"


def _description(view: str, items: Sequence[ChartItem], complaint: str | None) -> str:
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


__all__ = [
    "CHART_CSS",
    "MARGIN",
    "VIEW_ORIENTATION",
    "VIEW_TITLES",
    "ChartCatalogue",
    "ChartSide",
    "DrawnMark",
    "placed_marks",
    "render_chart",
    "view_box",
]
