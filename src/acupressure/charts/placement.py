"""Does every mark sit where its standard location says, on the figure it is drawn on?

The knowledge base places points; `figures` draws the body and its landmarks. This module
checks one against the other, as an illustrator would by eye: each mark inside its figure's
outline, and on the right side of the landmarks its location is measured from (BL32 inside
the sacral dimples, BL42 medial to the shoulder blade, LI4 on the back of the hand between
the 1st and 2nd metacarpals, LR3 between the 1st and 2nd metatarsals). Problems come back
as sentences, so a test (or a person editing points.yaml) reads what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from acupressure.charts.figures import (
    CUN,
    CX,
    DIMPLE_OFFSET,
    SCAPULA_MEDIAL_BORDER,
    SPINOUS,
    Figure,
    Pt,
    figure,
    inside,
    metacarpal_base,
    metatarsal_base,
)
from acupressure.knowledge.models import Point

Rule = Callable[[Figure, Pt], str | None]  # a problem in words, or None


def _level(y: float, name: str, *, within: float = 0.75 * CUN) -> Rule:
    def rule(_figure: Figure, at: Pt) -> str | None:
        if abs(at[1] - y) > within:
            return f"is at y {at[1]:.0f}, not level with {name} (y {y:.0f})"
        return None

    return rule


def _from_midline(low: float, high: float, what: str) -> Rule:
    def rule(_figure: Figure, at: Pt) -> str | None:
        out = abs(at[0] - CX)
        if not low <= out <= high:
            return f"is {out / CUN:.1f} cun from the midline, not {what}"
        return None

    return rule


def _medial_to_scapula(_figure: Figure, at: Pt) -> str | None:
    if abs(at[0] - CX) >= SCAPULA_MEDIAL_BORDER:
        return "lies on the shoulder blade, not medial to its inner edge"
    return None


def _within_dimples(_figure: Figure, at: Pt) -> str | None:
    if abs(at[0] - CX) >= DIMPLE_OFFSET:
        return "lies outside the sacral dimples (it belongs in the 2nd sacral foramen)"
    return None


def _between(first: Pt, second: Pt, third: Pt, fourth: Pt, at: Pt) -> bool:
    """Is `at` between line first-second and line third-fourth (at its own height)?"""

    def x_on(a: Pt, b: Pt, y: float) -> float:
        return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1])

    left, right = sorted((x_on(first, second, at[1]), x_on(third, fourth, at[1])))
    return left < at[0] < right


def _right_half(at: Pt, width: float = 500) -> Pt:
    """The mark on the picture's right half (close-ups trace the right limb there)."""
    return at if at[0] > width / 2 else (width - at[0], at[1])


def _back_of_hand_web(fig: Figure, at: Pt) -> str | None:
    j = fig.joints
    x, y = _right_half(at)
    base, knuckle = metacarpal_base(j, 2), j["r-finger-2-1"]
    thumb_knuckle = j["r-finger-1-2"]
    # beside the middle of the 2nd metacarpal: between its knuckle and base heights
    if not knuckle[1] < y < base[1]:
        return "is not beside the 2nd metacarpal (above its knuckle or below its base)"
    # on the thumb side of the 2nd metacarpal, not across it
    x_line = base[0] + (knuckle[0] - base[0]) * (y - base[1]) / (knuckle[1] - base[1])
    if x >= x_line:
        return "lies on the little-finger side of the 2nd metacarpal"
    if thumb_knuckle[0] > x:  # past the thumb's knuckle: on the thumb, not the web
        return "lies on the thumb, not in the web beside the 2nd metacarpal"
    return None


def _between_metatarsals(fig: Figure, at: Pt) -> str | None:
    j = fig.joints
    x, y = _right_half(at)
    heads = j["r-toe-1-1"], j["r-toe-2-1"]
    bases = metatarsal_base(j, 1), metatarsal_base(j, 2)
    if not min(heads[0][1], heads[1][1]) < y < max(bases[0][1], bases[1][1]):
        return "is not between the heads and the bases of the 1st and 2nd metatarsals"
    if not _between(bases[0], heads[0], bases[1], heads[1], (x, y)):
        return "is not between the 1st and 2nd metatarsals"
    return None


def _on_palm_side(_figure: Figure, _at: Pt) -> str | None:
    return "is drawn on the front view, where the hands show their palms"


def _third_from_web_to_heel(fig: Figure, at: Pt) -> str | None:
    j = fig.joints
    x, y = (500 - at[0], at[1]) if at[0] > 250 else at  # the right sole is on the left
    web = ((j["r-toe-2-1"][0] + j["r-toe-3-1"][0]) / 2, (j["r-toe-2-1"][1] + j["r-toe-3-1"][1]) / 2)
    heel = max(p[1] for polygon in fig.outlines for p in polygon)
    share = (y - web[1]) / (heel - web[1])
    if not 0.2 < share < 0.45:
        return f"is {share:.2f} of the way from the toe web to the heel, not about a third"
    if abs(x - web[0]) > 20:
        return "is not in line with the 2nd and 3rd toes"
    return None


def _on_trochanter_line(_figure: Figure, at: Pt) -> str | None:
    from acupressure.charts.figures import TROCHANTER

    trochanter, hiatus = TROCHANTER, (CX, 490.0)
    x = at[0] if at[0] < CX else 2 * CX - at[0]
    share = (x - trochanter[0]) / (hiatus[0] - trochanter[0])
    if not 0.2 < share < 0.45:
        return f"is {share:.2f} of the way from the trochanter to the sacral hiatus, not a third"
    return None


L2, T3, C7 = SPINOUS["L2"], SPINOUS["T3"], SPINOUS["C7"]
RULES: dict[tuple[str, str], Sequence[Rule]] = {
    ("BL23", "back"): (_level(L2, "L2"), _from_midline(1.2 * CUN, 1.8 * CUN, "1.5 cun")),
    ("BL52", "back"): (_level(L2, "L2"), _from_midline(2.7 * CUN, 3.3 * CUN, "3 cun")),
    ("GV4", "back"): (_level(L2, "L2"), _from_midline(0, 1, "on the midline")),
    ("BL42", "back"): (
        _level(T3, "T3"),
        _from_midline(2.7 * CUN, 3.3 * CUN, "3 cun"),
        _medial_to_scapula,
    ),
    ("GV14", "back"): (_level(C7 + 5, "just below C7", within=10),),
    ("BL32", "back"): (_level(445.0, "S2", within=12), _within_dimples),
    ("BL53", "back"): (
        _level(445.0, "S2", within=12),
        _from_midline(2.7 * CUN, 3.3 * CUN, "3 cun"),
    ),
    ("BL40", "back"): (_level(715.0, "the popliteal crease", within=6),),
    ("GB30", "back"): (_on_trochanter_line,),
    ("LI4", "hand"): (_back_of_hand_web,),
    ("LI4", "front"): (_on_palm_side,),
    ("LR3", "foot_top"): (_between_metatarsals,),
    ("KI1", "foot_sole"): (_third_from_web_to_heel,),
    ("CV6", "front"): (_level(400 + 1.5 * CUN, "1.5 cun below the navel", within=6),),
    ("CV4", "front"): (_level(400 + 3 * CUN, "3 cun below the navel", within=6),),
    ("KI27", "front"): (_from_midline(1.7 * CUN, 2.3 * CUN, "2 cun"),),
}


def placement_problems(points: Iterable[Point]) -> list[str]:
    """Every mark off its figure or on the wrong side of a landmark, in words."""
    problems: list[str] = []
    for point in points:
        for mark in point.chart:
            fig = figure(mark.view)
            spots = [mark.x * fig.width]
            if point.bilateral and mark.x != 0.5 and mark.view != "side":
                spots.append((1 - mark.x) * fig.width)
            for x in spots:
                at = (x, mark.y * fig.height)
                where = f"{point.code} on the {mark.view} view at ({mark.x}, {mark.y})"
                if not inside(fig, *at):
                    problems.append(f"{where} is off the figure")
                for rule in RULES.get((point.code, mark.view), ()):
                    problem = rule(fig, at)
                    if problem:
                        problems.append(f"{where} {problem}")
    return problems
