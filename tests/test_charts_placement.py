"""Every shipped mark sits on its figure and on the right side of its landmarks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from acupressure.charts.figures import VIEWS, figure, inside
from acupressure.charts.placement import placement_problems
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.models import ChartMark, Point


def moved(point: Point, view: str, x: float, y: float) -> Point:
    """The same point with its mark on `view` put elsewhere."""
    chart = [m for m in point.chart if m.view != view] + [ChartMark(view=view, x=x, y=y)]
    return replace(point, **{"chart": chart})


def test_every_shipped_mark_is_on_its_figure_and_beside_its_landmarks(
    catalogue: Catalogue,
) -> None:
    assert placement_problems(catalogue.points) == []


@pytest.mark.parametrize(
    ("code", "view", "x", "y", "words"),
    [
        ("BL32", "back", 0.44, 0.45, "outside the sacral dimples"),
        ("BL42", "back", 0.39, 0.22, "on the shoulder blade"),
        ("LI4", "front", 0.76, 0.54, "palms"),
        ("LI4", "hand", 0.25, 0.6, "little-finger side"),
        ("LR3", "foot_top", 0.356, 0.7, "heads and the bases"),
        ("LR3", "foot_top", 0.3, 0.426, "between the 1st and 2nd metatarsals"),
        ("BL40", "back", 0.396, 0.68, "popliteal crease"),
        ("BL23", "back", 0.3, 0.38, "cun from the midline"),
        ("KI1", "foot_sole", 0.676, 0.8, "toe web to the heel"),
        ("GB30", "back", 0.45, 0.477, "trochanter"),
    ],
)
def test_a_misplaced_mark_is_named(
    catalogue: Catalogue, code: str, view: str, x: float, y: float, words: str
) -> None:
    problems = placement_problems([moved(catalogue.get(code), view, x, y)])
    assert any(words in problem for problem in problems), problems


def test_a_mark_off_the_body_is_named(catalogue: Catalogue) -> None:
    problems = placement_problems([moved(catalogue.get("BL23"), "back", 0.02, 0.38)])
    assert any("off the figure" in problem for problem in problems)


def test_the_outline_has_holes_where_the_body_has_gaps() -> None:
    back = figure("back")
    assert inside(back, 250, 380)  # the lower back
    assert not inside(back, 250, 600)  # between the thighs
    assert not inside(back, 168, 280)  # between the arm and the trunk
    hand = figure("hand")
    assert inside(hand, 337, 200) and inside(hand, 163, 200)  # both hands
    assert not inside(hand, 250, 200)  # between them
    for view in VIEWS:
        assert figure(view).outlines, view
