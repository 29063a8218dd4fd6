"""Body charts: geometry and sides, every catalogue mark drawn, accessibility, golden files."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from chromium import CHROMIUM_ARGS, launch_chromium

from acupressure.charts.bodymap import MARGIN, placed_marks, render_chart, view_box
from acupressure.charts.figures import VIEWS
from acupressure.errors import BadInput, UnknownName
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.loader import Knowledge
from acupressure.knowledge.models import ChartMark, Complaint, Point, SourceClaim
from acupressure.knowledge.records import validated

SVG = "{http://www.w3.org/2000/svg}"
GOLDEN = Path(__file__).parent / "golden"
BODY_VIEWS = ("front", "back")


def entry(
    code: str,
    marks: list[tuple[str, float, float]],
    *,
    bilateral: bool = True,
    kind: str = "point",
    indications: tuple[str, ...] = ("lower_back",),
) -> Point:
    return validated(
        Point,
        {
            "code": code,
            "kind": kind,
            "pinyin": code.title(),
            "pinyin_plain": code.title(),
            "english": f"Test {code.replace('_', ' ')}",
            "region": "lower_back",
            "bilateral": bilateral,
            "location": "test location",
            "finding": "test finding",
            "indications": list(indications),
            "sources": [SourceClaim(source="test", says="test")],
            "chart": [ChartMark(view=view, x=x, y=y) for view, x, y in marks],
        },
    )


@pytest.fixture(scope="module")
def small() -> Catalogue:
    """A fixed little catalogue: one entry of every kind on every view (stable goldens)."""
    points = (
        entry("GV14", [("back", 0.5, 0.17)], bilateral=False, indications=("upper_back",)),
        entry("BL23", [("back", 0.454, 0.38), ("front", 0.546, 0.38)]),
        entry("BL52", [("back", 0.408, 0.38)]),
        entry("GV4", [("back", 0.5, 0.38)], bilateral=False),
        entry("BL40", [("back", 0.412, 0.715), ("side", 0.47, 0.715)], indications=("knee",)),
        entry("GB30", [("back", 0.373, 0.477), ("side", 0.47, 0.47)], indications=("hip",)),
        entry("KI27", [("front", 0.562, 0.185)], indications=("upper_back",)),
        entry("CV6", [("front", 0.5, 0.423)], bilateral=False),
        entry("LI4", [("hand", 0.344, 0.521)], indications=("stress",)),
        entry("LR3", [("foot_top", 0.356, 0.426)], indications=("stress",)),
        entry("KI1", [("foot_sole", 0.676, 0.465)], indications=("stress",)),
        entry(
            "paraspinal",
            [("back", 0.477, 0.33), ("back", 0.477, 0.38), ("back", 0.477, 0.43)],
            kind="region",
        ),
        entry("sacral_dimples", [("back", 0.486, 0.452)], kind="region"),
    )
    complaints = {
        "lower_back": Complaint(id="lower_back", label="Lower back pain", description="test")
    }
    return Catalogue(
        Knowledge(
            points=points, shared_names=(), sources={}, complaints=complaints, fingerprint="t"
        )
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def marks_of(root: ET.Element, code: str) -> dict[str, ET.Element]:
    """The link group of each side of a point, keyed by side."""
    found = {}
    for element in root.iter():
        if element.get("data-code") == code:
            found[element.get("data-side", "")] = element
    return found


def dot(group: ET.Element) -> tuple[float, float]:
    for circle in group.iter(f"{SVG}circle"):
        if "mark-dot" in circle.get("class", ""):
            return float(circle.get("cx", "nan")), float(circle.get("cy", "nan"))
    raise AssertionError("no dot in the mark")


def label(group: ET.Element) -> str:
    text = next(t for t in group.iter(f"{SVG}text") if t.get("class") == "mark-label")
    return "".join(text.itertext())


# --- geometry ---------------------------------------------------------------------------


def test_a_point_draws_at_its_fraction_of_the_box(small: Catalogue) -> None:
    root = parse(render_chart(catalogue=small, view="back"))
    width, height = view_box("back")
    assert dot(marks_of(root, "BL40")["left"]) == (0.412 * width, 0.715 * height)
    assert dot(marks_of(root, "BL40")["right"]) == pytest.approx((0.588 * width, 715.0))
    assert dot(marks_of(root, "GV14")["midline"]) == (250.0, 170.0)
    hand = parse(render_chart(catalogue=small, view="hand"))
    width, height = view_box("hand")
    assert dot(marks_of(hand, "LI4")["left"]) == pytest.approx(
        (0.344 * width, 0.521 * height), abs=0.1
    )
    assert dot(marks_of(hand, "LI4")["right"]) == pytest.approx(
        (0.656 * width, 0.521 * height), abs=0.1
    )


def test_back_view_has_the_persons_left_on_the_picture_left(small: Catalogue) -> None:
    root = parse(render_chart(catalogue=small, view="back"))
    spine = dot(marks_of(root, "GV4")["midline"])[0]
    sides = marks_of(root, "BL23")
    assert dot(sides["left"])[0] < spine < dot(sides["right"])[0]
    assert label(sides["left"]).endswith("L") and label(sides["right"]).endswith("R")


def test_front_view_is_mirrored(small: Catalogue) -> None:
    root = parse(render_chart(catalogue=small, view="front"))
    midline = dot(marks_of(root, "CV6")["midline"])[0]
    sides = marks_of(root, "BL23")
    assert dot(sides["right"])[0] < midline < dot(sides["left"])[0]
    assert sides["left"].get("aria-label") == "BL23 L, left, Test BL23"


def test_midline_points_are_drawn_once_and_close_ups_show_both_sides(
    small: Catalogue,
) -> None:
    """Left-side steps need a left hand and foot: the close-ups draw both, named L and R."""
    assert set(marks_of(parse(render_chart(catalogue=small, view="back")), "GV4")) == {"midline"}
    for view, code in (("hand", "LI4"), ("foot_top", "LR3"), ("foot_sole", "KI1")):
        sides = marks_of(parse(render_chart(catalogue=small, view=view)), code)
        assert set(sides) == {"left", "right"}, view
        assert label(sides["left"]).endswith("L") and label(sides["right"]).endswith("R")
    assert set(marks_of(parse(render_chart(catalogue=small, view="side")), "BL40")) == {"right"}


def test_placed_marks_lists_what_is_drawn_in_picture_coordinates(small: Catalogue) -> None:
    marks = placed_marks(catalogue=small, view="back")
    bl23 = [mark for mark in marks if mark.code == "BL23"]
    assert [(m.side, m.x, m.y) for m in bl23] == [("left", 227.0, 380.0), ("right", 273.0, 380.0)]
    assert marks[0].to_json() == {
        "point": "GV14",
        "kind": "point",
        "side": "midline",
        "x": 250.0,
        "y": 170.0,
    }


def test_labels_never_overlap(small: Catalogue) -> None:
    for view in VIEWS:
        root = parse(render_chart(catalogue=small, view=view))
        rows: dict[str, list[float]] = {}
        for text in root.iter(f"{SVG}text"):
            if text.get("class") == "mark-label":
                rows.setdefault(text.get("text-anchor", ""), []).append(float(text.get("y", 0)))
        for ys in rows.values():
            ys.sort()
            assert all(b - a >= 45.9 for a, b in zip(ys, ys[1:], strict=False)), view


# --- emphasis ---------------------------------------------------------------------------


def test_a_complaint_emphasises_its_points_and_dims_the_rest(small: Catalogue) -> None:
    root = parse(render_chart(catalogue=small, view="back", complaint="lower_back"))
    assert "hl" in marks_of(root, "BL23")["left"].get("class", "").split()
    assert "dim" in marks_of(root, "GV14")["midline"].get("class", "").split()
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None and "lower back pain" in title.text
    both = parse(
        render_chart(catalogue=small, view="back", complaint="lower_back", highlight={"GV14"})
    )
    assert "hl" in marks_of(both, "GV14")["midline"].get("class", "").split()  # asked for
    assert marks_of(both, "BL23")["left"].get("class", "").split()[-1] != "dim"


def test_highlight_and_numbers(small: Catalogue) -> None:
    svg = render_chart(
        catalogue=small, view="back", highlight={"BL40"}, numbered={"BL23:left": 1, "BL23": 2}
    )
    root = parse(svg)
    assert "hl" in marks_of(root, "BL40")["right"].get("class", "").split()
    assert "hl" not in marks_of(root, "BL23")["left"].get("class", "").split()
    labels = {side: label(group) for side, group in marks_of(root, "BL23").items()}
    assert labels == {"left": "1. BL23 L", "right": "2. BL23 R"}
    assert dot(marks_of(root, "BL23")["left"]) == (227.0, 380.0)
    in_dots = {
        (float(t.get("x", 0)), "".join(t.itertext()))
        for group in root.iter(f"{SVG}g")
        if group.get("class") == "mark-numbers"
        for t in group.iter(f"{SVG}text")
    }
    assert in_dots == {(227.0, "1"), (273.0, "2")}


# --- every catalogue mark, accessibility, safety of the markup --------------------------


def test_every_mark_of_the_shipped_catalogue_is_drawn(catalogue: Catalogue) -> None:
    for view in VIEWS:
        root = parse(render_chart(catalogue=catalogue, view=view))
        drawn = sorted(
            (element.get("data-code"), element.get("data-side")) for element in root.iter(f"{SVG}a")
        )
        expected = {(mark.code, mark.side) for mark in placed_marks(catalogue=catalogue, view=view)}
        assert set(drawn) == expected, view
        codes = {point.code for point in catalogue if any(m.view == view for m in point.chart)}
        assert codes == {code for code, _side in drawn}, view


def test_shipped_bilateral_marks_follow_the_side_convention(catalogue: Catalogue) -> None:
    """Front and back marks of bilateral points give the person's LEFT point (DESIGN.md)."""
    for point in catalogue:
        for mark in point.chart:
            if point.bilateral and mark.view == "back":
                assert mark.x <= 0.5, point.code
            if point.bilateral and mark.view == "front":
                assert mark.x >= 0.5, point.code
            if not point.bilateral and mark.view in BODY_VIEWS:
                assert mark.x == pytest.approx(0.5, abs=0.01), point.code
            if point.bilateral and mark.view in ("hand", "foot_top"):
                assert mark.x < 0.5, point.code  # the left hand and foot are on the left
            if point.bilateral and mark.view == "foot_sole":
                assert mark.x > 0.5, point.code  # seen from below: the left sole on the right


def test_svg_is_standalone_and_accessible(small: Catalogue) -> None:
    svg = render_chart(catalogue=small, view="back")
    root = parse(svg)
    assert root.get("role") == "figure"  # holds links, so not "img" (axe: nested-interactive)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert desc.text is not None and "left side is on the left" in desc.text
    links = list(root.iter(f"{SVG}a"))
    assert links and all(a.get("href") == f"/points/{a.get('data-code')}" for a in links)
    assert all(a.get("aria-label") for a in links)
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    plain = parse(render_chart(catalogue=small, view="back", links=False, stylesheet=False))
    assert plain.get("role") == "img" and not list(plain.iter(f"{SVG}a"))
    assert plain.find(f"{SVG}style") is None


def test_names_are_escaped() -> None:
    tricky = entry("X<1>", [("back", 0.4, 0.5)])
    catalogue = Catalogue(
        Knowledge(points=(tricky,), shared_names=(), sources={}, complaints={}, fingerprint="t")
    )
    root = parse(render_chart(catalogue=catalogue, view="back", title="a & b"))
    assert marks_of(root, "X<1>")


def test_bad_input_names_what_was_wrong(small: Catalogue) -> None:
    with pytest.raises(BadInput, match="'top'"):
        render_chart(catalogue=small, view="top")
    with pytest.raises(BadInput, match="'backache'"):
        render_chart(catalogue=small, view="back", complaint="backache")
    with pytest.raises(UnknownName, match="'BL99'") as raised:
        render_chart(catalogue=small, view="back", highlight={"BL99"})
    assert raised.value.suggestions
    with pytest.raises(UnknownName, match="'ZZ1'"):
        render_chart(catalogue=small, view="back", numbered={"ZZ1:left": 1})
    with pytest.raises(BadInput, match="'BL23:top'"):
        render_chart(catalogue=small, view="back", numbered={"BL23:top": 1})


def test_output_is_deterministic(small: Catalogue) -> None:
    for view in VIEWS:
        assert render_chart(catalogue=small, view=view) == render_chart(catalogue=small, view=view)


@pytest.mark.parametrize("view", VIEWS)
def test_golden(small: Catalogue, view: str) -> None:
    """Compare with tests/golden/chart_VIEW.svg; UPDATE_GOLDEN=1 rewrites the files."""
    svg = render_chart(
        catalogue=small,
        view=view,
        complaint="lower_back" if view == "back" else None,
        highlight={"CV6"} if view == "front" else set(),
    )
    path = GOLDEN / f"chart_{view}.svg"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(svg, encoding="utf-8")
    assert path.exists(), f"{path.name} is missing: run the tests once with UPDATE_GOLDEN=1"
    assert path.read_text(encoding="utf-8") == svg


# --- a real browser draws it ------------------------------------------------------------


Colour = Callable[[float, float], tuple[int, ...]]
WHITE = (255, 255, 255)


def screenshots(charts: dict[str, str], folder: Path) -> dict[str, Colour]:
    """Let Chromium draw the charts (one page, one launch); answer colours per chart.

    Each colour function takes picture coordinates of its view's box.
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is needed for this test (make chromium)"
    tops, top, body = {}, 0, []
    for view, svg in charts.items():
        width, height = view_box(view)
        tops[view] = top
        sized = svg.replace("<svg ", f'<svg width="{width + 2 * MARGIN}" height="{height}" ', 1)
        body.append(f'<div style="height:{height}px">{sized}</div>')
        top += height
    source, shot = folder / "charts.html", folder / "charts.png"
    source.write_text(
        "<!doctype html><html><body style='margin:0'>" + "".join(body) + "</body></html>",
        encoding="utf-8",
    )
    subprocess.run(
        [
            chromium,
            *CHROMIUM_ARGS,
            "--hide-scrollbars",
            f"--user-data-dir={folder / 'profile'}",
            f"--screenshot={shot}",
            f"--window-size={500 + 2 * MARGIN},{top}",
            source.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    from matplotlib.image import imread

    pixels = imread(str(shot))  # rows x columns x RGB(A), as floats 0..1

    def reader(offset: int) -> Colour:
        def colour(x: float, y: float) -> tuple[int, ...]:
            row = min(offset + round(y), pixels.shape[0] - 1)
            return tuple(round(float(v) * 255) for v in pixels[row, round(x + MARGIN), :3])

        return colour

    return {view: reader(offset) for view, offset in tops.items()}


@pytest.mark.browser
def test_chromium_draws_the_points_on_the_body(small: Catalogue, tmp_path: Path) -> None:
    colour = screenshots({"back": render_chart(catalogue=small, view="back")}, tmp_path)["back"]
    width, _height = view_box("back")
    red = (0xB4, 0x23, 0x18)
    for x, y in ((0.412 * width, 715), (0.588 * width, 715), (250, 170)):  # BL40 x2, GV14
        assert all(abs(a - b) < 30 for a, b in zip(colour(x, y), red, strict=True)), (x, y)
    assert colour(-MARGIN + 5, 5) == WHITE  # background
    assert colour(206, 600) != WHITE  # inside the left thigh: the figure is drawn
    assert colour(250, 600) == WHITE  # the gap between the thighs


@pytest.mark.browser
def test_every_shipped_mark_sits_on_the_figure(catalogue: Catalogue, tmp_path: Path) -> None:
    """Draw each figure without marks and look under every mark: skin or edge, never paper."""
    empty = Catalogue(
        Knowledge(points=(), shared_names=(), sources={}, complaints={}, fingerprint="e")
    )
    colours = screenshots(
        {view: render_chart(catalogue=empty, view=view) for view in VIEWS}, tmp_path
    )
    for view in VIEWS:
        for mark in placed_marks(catalogue=catalogue, view=view):
            assert colours[view](mark.x, mark.y) != WHITE, (view, mark)


def test_shipped_points_sit_at_their_landmarks(catalogue: Catalogue) -> None:
    """The checks a reader would make by eye (DESIGN.md landmark table)."""

    def where(code: str, view: str) -> tuple[float, float]:
        mark = next(m for m in catalogue.get(code).chart if m.view == view)
        return mark.x, mark.y

    assert where("BL40", "back")[1] == pytest.approx(0.715, abs=0.01)  # knee crease
    assert where("GV14", "back")[1] == pytest.approx(0.17, abs=0.01)  # base of the neck
    assert 0.40 < where("CV6", "front")[1] < where("CV4", "front")[1] < 0.48  # below the navel
    assert where("BL23", "back")[1] == pytest.approx(0.38, abs=0.01)  # L2
    assert where("GB21", "back")[0] < where("BL42", "back")[0] < 0.5  # shoulder is outside


AXE = Path(__file__).resolve().parents[1] / "tools/browser/node_modules/axe-core/axe.min.js"


@pytest.mark.browser
def test_charts_pass_axe_in_a_page(catalogue: Catalogue) -> None:
    """Every view, plain, filtered and numbered, inline in one page: no serious violations."""
    from playwright.sync_api import sync_playwright

    assert AXE.exists(), f"{AXE} is missing: `make test` installs it (npm ci in tools/browser)"
    figures = []
    for view in VIEWS:
        for variant, options in (
            ("plain", {}),
            ("filtered", {"complaint": "lower_back", "highlight": {"BL40"}}),
            ("numbered", {"numbered": {"BL23:left": 1, "BL23:right": 2, "LI4": 3}}),
        ):
            svg = render_chart(
                catalogue=catalogue,
                view=view,
                id_prefix=f"{view}-{variant}",
                stylesheet=False,
                **options,
            )
            figures.append(f"<figure>{svg}<figcaption>{view} {variant}</figcaption></figure>")
    html = (
        '<!doctype html><html lang="en"><head><title>charts</title></head><body><main>'
        + "".join(figures)
        + "</main></body></html>"
    )
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.set_content(html)
            page.evaluate(AXE.read_text(encoding="utf-8"))
            found = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
        finally:
            browser.close()
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_only_draws_the_given_points(small: Catalogue) -> None:
    root = parse(render_chart(catalogue=small, view="back", only={"BL23"}, numbered={"BL23": 1}))
    assert {a.get("data-code") for a in root.iter(f"{SVG}a")} == {"BL23"}
    with pytest.raises(UnknownName, match="'BL99'"):
        render_chart(catalogue=small, view="back", only={"BL99"})


def test_a_points_landmarks_are_drawn_darker_and_named(catalogue: Catalogue) -> None:
    root = parse(
        render_chart(catalogue=catalogue, view="back", only={"BL42"}, landmarks_of={"BL42"})
    )
    strong = next(g for g in root.iter(f"{SVG}g") if "guide-key" in g.get("class", ""))
    names = {path.get("data-landmark") for path in strong.iter(f"{SVG}path")}
    assert {"scapula_left_half", "scapula_right_half", "spinous_T3"} <= names
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text is not None and "scapula" in desc.text
    plain = parse(render_chart(catalogue=catalogue, view="back"))
    assert not any("guide-key" in g.get("class", "") for g in plain.iter(f"{SVG}g"))


def test_a_cropped_chart_frames_its_marks_and_labels(catalogue: Catalogue) -> None:
    """A handout's small chart for one step: the marks and their labels, nothing far away."""
    svg = render_chart(
        catalogue=catalogue, view="back", only={"BL23"}, numbered={"BL23": 1}, crop=True
    )
    root = parse(svg)
    left, top, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert 300 <= width < 500 + 2 * MARGIN and 300 <= height < 1000
    for side in ("left", "right"):
        x, y = dot(marks_of(root, "BL23")[side])
        assert left < x < left + width and top < y < top + height
        hit = next(r for r in marks_of(root, "BL23")[side].iter(f"{SVG}rect"))
        hx, hw = float(hit.get("x", 0)), float(hit.get("width", 0))
        assert left <= hx and hx + hw <= left + width, side  # the label is inside the frame
    assert labels_of(root) == ["1. BL23 L", "1. BL23 R"]


def labels_of(root: ET.Element) -> list[str]:
    return sorted(
        "".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("class") == "mark-label"
    )
