"""The figures the body charts are drawn on: outlines from a real body, landmarks as guides.

Outlines come from the MakeHuman base mesh (CC0), posed in the anatomical position, fitted
to the landmark heights of DESIGN.md and projected once by tools/charts/derive_outlines.py
into data/outlines.json (polygons in picture units, and the mesh's joints per view). The
bony landmarks the points are measured from are drawn here as faint guides, placed from
the DESIGN.md table (1 B-cun = H/65 = 15.4 units on the whole-body views) and from the
mesh's joints on the close-ups. Everything a chart draws under its marks lives here; the
points' coordinates live in the knowledge base; `acupressure.charts.placement` checks one
against the other.

Frames (normalised x, y of each view's box; DESIGN.md):
- back, front, side: 500 x 1000, midline x 250; the front is mirrored.
- hand: 500 x 340, the backs of both hands, fingers up: the left hand on the left (thumb
  towards the middle), the right hand on the right (its mirror image).
- foot_top: 500 x 340, both feet from above, toes up: left foot on the left, big toes
  towards the middle.
- foot_sole: 500 x 340, both soles from below, toes up: the right sole on the LEFT, the
  left sole on the right (as when you look at the soles of someone facing you).
For every bilateral point the knowledge base gives the person's LEFT point; the right one
is drawn at 1 - x.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

Pt = tuple[float, float]
Polygon = tuple[Pt, ...]

CX = 250.0  # midline of the whole-body views
CUN = 1000 / 65  # one B-cun on the whole-body views (DESIGN.md)
SCAPULA_MEDIAL_BORDER = 3.3 * CUN  # from the midline at T3: BL42 (3 cun) lies medial to it
DIMPLE_OFFSET = 1.8 * CUN  # sacral dimples over the PSIS; BL32 (S2 foramen) lies medial
NIPPLE_OFFSET = 4 * CUN  # between the nipples: 8 cun


@dataclass(frozen=True)
class Landmark:
    """A bony landmark or skin crease drawn as a faint guide; `path` in picture units."""

    name: str
    path: Polygon
    closed: bool = False


@dataclass(frozen=True)
class Figure:
    """What a view draws under its points: the body's outline, details, landmark guides."""

    width: int
    height: int
    outlines: tuple[Polygon, ...]  # closed polygons, filled as skin (even-odd: holes stay)
    landmarks: tuple[Landmark, ...] = ()
    details: tuple[Landmark, ...] = ()  # nails, navel, nipples, eyes: drawn like the edge
    overlays: tuple[Polygon, ...] = ()  # the near arm of the side view, over the trunk
    overlay_edges: tuple[Polygon, ...] = ()  # its edge without the cut at the shoulder
    joints: Mapping[str, Pt] = field(default_factory=dict)

    def landmark(self, name: str) -> Landmark:
        return next(mark for mark in (*self.landmarks, *self.details) if mark.name == name)


def path_data(points: Sequence[Pt], *, closed: bool = True) -> str:
    """SVG path data through the points (straight segments: the outlines are fine-grained)."""
    head, *rest = points
    text = f"M{_n(head[0])} {_n(head[1])}" + "".join(f"L{_n(x)} {_n(y)}" for x, y in rest)
    return text + ("Z" if closed else "")


def smooth(points: Sequence[Pt], *, closed: bool = False) -> str:
    """Path data for a smooth curve through a few points (Catmull-Rom as cubic Beziers)."""
    pts = list(points)
    count = len(pts)
    out = [f"M{_n(pts[0][0])} {_n(pts[0][1])}"]
    last = count if closed else count - 1
    for i in range(last):
        p0 = pts[(i - 1) % count] if closed or i > 0 else pts[i]
        p1, p2 = pts[i], pts[(i + 1) % count]
        p3 = pts[(i + 2) % count] if closed or i + 2 < count else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out.append(f"C{_n(c1[0])} {_n(c1[1])} {_n(c2[0])} {_n(c2[1])} {_n(p2[0])} {_n(p2[1])}")
    return "".join(out) + ("Z" if closed else "")


def inside(figure: Figure, x: float, y: float) -> bool:
    """Is the picture point on the body (even-odd over the outlines, or on an overlay)?"""
    return _in_polygons(figure.outlines, x, y) or _in_polygons(figure.overlays, x, y)


def _in_polygons(polygons: Sequence[Polygon], x: float, y: float) -> bool:
    crossings = 0
    for polygon in polygons:
        for (x1, y1), (x2, y2) in zip(polygon, (*polygon[1:], polygon[0]), strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _mirror(points: Sequence[Pt], width: float = 500) -> Polygon:
    return tuple((width - x, y) for x, y in points)


def _both(name: str, points: Sequence[Pt], *, closed: bool = False) -> list[Landmark]:
    """A landmark on the picture's left half and its mirror image on the right half."""
    return [
        Landmark(f"{name}_left_half", tuple(points), closed),
        Landmark(f"{name}_right_half", _mirror(points), closed),
    ]


def _ring(cx: float, cy: float, rx: float, ry: float, count: int = 8) -> Polygon:
    """A small closed ellipse as points (nails, dimples, nipples, the navel)."""
    from math import cos, pi, sin

    return tuple(
        (round(cx + rx * cos(2 * pi * i / count), 1), round(cy + ry * sin(2 * pi * i / count), 1))
        for i in range(count)
    )


# --- the data of one view ---------------------------------------------------------------


@cache
def _data() -> dict[str, Any]:
    source = resources.files("acupressure") / "charts" / "data" / "outlines.json"
    loaded: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return loaded


def _polygons(raw: Sequence[Sequence[Sequence[float]]]) -> tuple[Polygon, ...]:
    return tuple(tuple((float(x), float(y)) for x, y in shape) for shape in raw)


def _base(view: str) -> Figure:
    raw = _data()["views"][view]
    return Figure(
        width=int(raw["width"]),
        height=int(raw["height"]),
        outlines=_polygons(raw["shapes"]),
        overlays=_polygons(raw["overlays"]),
        overlay_edges=_polygons(raw["overlay_edges"]),
        joints={name: (float(x), float(y)) for name, (x, y) in raw["joints"].items()},
    )


def _with(base: Figure, landmarks: Sequence[Landmark], details: Sequence[Landmark]) -> Figure:
    return Figure(
        base.width,
        base.height,
        base.outlines,
        tuple(landmarks),
        tuple(details),
        base.overlays,
        base.overlay_edges,
        base.joints,
    )


# --- whole body, from behind ------------------------------------------------------------

# Heights from DESIGN.md (fraction of H, times 1000): C7 170, T3 220, T7 (inferior angle of
# the scapula) 280, L2 380, iliac crest (L4) 410, PSIS / S2 445, trochanter 470, sacral
# hiatus 490, gluteal fold 530, popliteal crease 715, lateral malleolus 960.
SPINOUS = {"C7": 170.0, "T3": 220.0, "T7": 280.0, "L2": 380.0, "L4": 410.0}
# the left shoulder blade (picture left on the back view): superior angle, medial border
# 3.3 cun out at T3 and slightly more at the inferior angle, lateral border to the glenoid
SCAPULA: Polygon = (
    (190.0, 192.0),
    (CX - SCAPULA_MEDIAL_BORDER, 205.0),
    (CX - SCAPULA_MEDIAL_BORDER, 222.0),
    (CX - SCAPULA_MEDIAL_BORDER - 1, 252.0),
    (CX - SCAPULA_MEDIAL_BORDER - 4, 280.0),
    (180.0, 262.0),
    (160.0, 232.0),
    (146.0, 204.0),
)
SCAPULA_SPINE: Polygon = ((CX - SCAPULA_MEDIAL_BORDER, 218.0), (172.0, 204.0), (138.0, 186.0))
ILIAC_CREST: Polygon = ((160.0, 432.0), (185.0, 414.0), (215.0, 409.0), (250.0, 410.0))
SACRUM: Polygon = ((CX - 30, 432.0), (CX - 22, 462.0), (CX, 490.0))
TROCHANTER = (158.0, 470.0)  # left greater trochanter, just inside the hip's outline
GLUTEAL_FOLD: Polygon = ((CX - 6, 528.0), (215.0, 536.0), (178.0, 528.0), (160.0, 518.0))
POPLITEAL: Polygon = ((180.0, 715.0), (198.0, 718.0), (216.0, 715.0))
MALLEOLUS = (181.0, 960.0)  # left lateral malleolus seen from behind


def _back_figure() -> Figure:
    base = _base("back")
    marks = [Landmark("spine", ((CX, 166.0), (CX, 490.0)))]
    marks += [
        Landmark(f"spinous_{name}", ((CX - 7, y), (CX + 7, y))) for name, y in SPINOUS.items()
    ]
    marks += _both("scapula", SCAPULA)
    marks += _both("scapula_spine", SCAPULA_SPINE)
    marks += _both("iliac_crest", ILIAC_CREST)
    marks += _both("sacrum", SACRUM)
    marks += _both("trochanter", _ring(*TROCHANTER, 7, 9), closed=True)
    marks += _both("gluteal_fold", GLUTEAL_FOLD)
    marks += _both("popliteal_crease", POPLITEAL)
    marks += _both("malleolus", _ring(*MALLEOLUS, 5, 6), closed=True)
    marks += _hand_guides(base, "l", "back")
    details = _both("dimple", _ring(CX - DIMPLE_OFFSET, 445.0, 3.5, 3), closed=True)
    return _with(base, marks, details)


def _hand_guides(base: Figure, side: str, view: str) -> list[Landmark]:
    """Wrist crease and 2nd metacarpal on the small hands of the whole-body views."""
    wrist = base.joints[f"{side}-hand"]
    knuckle = base.joints[f"{side}-finger-2-1"]
    mirror = view == "front"
    lines = [
        Landmark("wrist_crease", ((wrist[0] - 13, wrist[1] + 8), (wrist[0] + 13, wrist[1] + 8))),
        Landmark("metacarpal_2", (_towards(wrist, knuckle, 0.25), knuckle)),
    ]
    return [line for mark in lines for line in _pair(mark, mirror=mirror)]


def _pair(mark: Landmark, *, mirror: bool) -> list[Landmark]:
    points = _mirror(mark.path) if mirror else mark.path
    return [
        Landmark(f"{mark.name}_left_half", points if not mirror else _mirror(points)),
        Landmark(f"{mark.name}_right_half", _mirror(points) if not mirror else points),
    ]


def _towards(a: Pt, b: Pt, share: float) -> Pt:
    return (round(a[0] + (b[0] - a[0]) * share, 1), round(a[1] + (b[1] - a[1]) * share, 1))


# --- whole body, from the front (mirrored) ----------------------------------------------


def _front_figure() -> Figure:
    base = _base("front")
    marks = [Landmark("midline", ((CX, 186.0), (CX, 480.0)))]
    marks += _both("clavicle", ((238.0, 180.0), (208.0, 178.0), (176.0, 176.0), (146.0, 180.0)))
    marks += _both("groin", ((238.0, 488.0), (206.0, 470.0), (170.0, 440.0)))
    marks += _both("elbow_crease", ((112.0, 370.0), (126.0, 373.0), (140.0, 370.0)))
    marks += _both("kneecap", _ring(196.0, 700.0, 13, 17), closed=True)
    marks += [
        Landmark("pubic_bone", ((CX - 22, 482.0), (CX, 479.0), (CX + 22, 482.0))),
        Landmark("costal_margin", ((CX - 62, 340.0), (CX - 30, 300.0), (CX, 282.0))),
        Landmark("costal_margin_r", ((CX + 62, 340.0), (CX + 30, 300.0), (CX, 282.0))),
    ]
    details = [Landmark("navel", _ring(CX, 400.0, 4, 5), closed=True)]
    details += _both("nipple", _ring(CX - NIPPLE_OFFSET, 280.0, 3.5, 3.5), closed=True)
    return _with(base, marks, details)


# --- whole body, the person's right side, facing right -----------------------------------


def _side_figure() -> Figure:
    base = _base("side")
    marks = [
        Landmark(
            "spine",
            (
                (224.0, 168.0),
                (214.0, 220.0),
                (207.0, 300.0),
                (210.0, 380.0),
                (196.0, 440.0),
                (176.0, 490.0),
            ),
        ),
        Landmark("iliac_crest", ((212.0, 420.0), (240.0, 408.0), (272.0, 414.0))),
        Landmark("trochanter", _ring(226.0, 470.0, 8, 10), closed=True),
        Landmark("popliteal_crease", ((200.0, 715.0), (212.0, 717.0), (222.0, 714.0))),
        Landmark("elbow_crease", ((236.0, 364.0), (246.0, 370.0), (254.0, 378.0))),
        Landmark("malleolus", _ring(222.0, 960.0, 5, 6), closed=True),
    ]
    return _with(base, marks, [])


# --- close-ups ---------------------------------------------------------------------------


def _hand_figure() -> Figure:
    base = _base("hand")
    j = base.joints
    wrist = j["r-hand"]
    marks: list[Landmark] = []
    for finger in (2, 3, 4, 5):  # metacarpals, from their bases by the wrist to the knuckles
        marks += _both_halves(
            f"metacarpal_{finger}", (metacarpal_base(j, finger), j[f"r-finger-{finger}-1"])
        )
    marks += _both_halves("metacarpal_1", (j["r-finger-1-1"], j["r-finger-1-2"]))
    marks += _both_halves(
        "wrist_crease", ((wrist[0] - 20, wrist[1] + 19), (wrist[0] + 30, wrist[1] + 12))
    )
    details: list[Landmark] = []
    for finger in (1, 2, 3, 4, 5):  # nails: this is the back of the hand, not the palm
        tip, joint = j[f"r-finger-{finger}-4"], j[f"r-finger-{finger}-3"]
        details += _both_halves(
            f"nail_{finger}", _ring(*_towards(tip, joint, 0.35), 5, 7), closed=True
        )
    return _with(base, marks, details)


def metacarpal_base(joints: Mapping[str, Pt], finger: int) -> Pt:
    """Where a metacarpal meets the wrist bones (right hand, picture units)."""
    if finger == 2:  # on the thumb side of the carpus, beside the thumb's own base
        return _towards(joints["r-hand-3"], joints["r-finger-1-1"], 0.25)
    return _towards(joints[f"r-finger-{finger}-1"], joints["r-hand"], 0.72)


def metatarsal_base(joints: Mapping[str, Pt], toe: int) -> Pt:
    """Where a metatarsal meets the midfoot (right foot from above, picture units)."""
    return _towards(joints[f"r-toe-{toe}-1"], joints["r-ankle"], 0.45)


def _both_halves(name: str, points: Sequence[Pt], *, closed: bool = False) -> list[Landmark]:
    """A close-up landmark traced on the right limb (picture right) and mirrored."""
    right = tuple(points)
    return [
        Landmark(f"{name}_left_half", _mirror(right), closed),
        Landmark(f"{name}_right_half", right, closed),
    ]


def _foot_top_figure() -> Figure:
    base = _base("foot_top")
    j = base.joints
    ankle = j["r-ankle"]
    marks: list[Landmark] = []
    for toe in (1, 2, 3, 4, 5):
        marks += _both_halves(f"metatarsal_{toe}", (metatarsal_base(j, toe), j[f"r-toe-{toe}-1"]))
    marks += _both_halves(
        "ankle_crease",
        ((ankle[0] - 44, ankle[1] - 30), (ankle[0], ankle[1] - 36), (ankle[0] + 44, ankle[1] - 30)),
    )
    marks += _both_halves("medial_malleolus", _ring(ankle[0] - 36, ankle[1] - 6, 6, 9), closed=True)
    marks += _both_halves(
        "lateral_malleolus", _ring(ankle[0] + 38, ankle[1] + 6, 6, 9), closed=True
    )
    details: list[Landmark] = []
    for toe, size in ((1, 7), (2, 4.5), (3, 4.5), (4, 4), (5, 4)):
        tip, joint = j[f"r-toe-{toe}-{3 if toe == 1 else 4}"], j[f"r-toe-{toe}-2"]
        centre = _towards(tip, joint, 0.3)
        details += _both_halves(f"toenail_{toe}", _ring(*centre, size, size + 1.5), closed=True)
    return _with(base, marks, details)


def _foot_sole_figure() -> Figure:
    base = _base("foot_sole")
    j = base.joints
    heads = [j[f"r-toe-{toe}-1"] for toe in (5, 4, 3, 2, 1)]
    ankle = j["r-ankle"]
    marks = _mirror_sole(
        [
            Landmark("ball_of_foot", tuple((x, y + 22) for x, y in heads)),
            Landmark("toe_crease", tuple((x, y - 8) for x, y in heads)),
            Landmark(
                "heel_pad",
                (
                    (ankle[0] - 36, ankle[1] + 6),
                    (ankle[0], ankle[1] - 2),
                    (ankle[0] + 36, ankle[1] + 6),
                ),
            ),
        ]
    )
    return _with(base, marks, [])


def _mirror_sole(marks: Sequence[Landmark]) -> list[Landmark]:
    """Sole landmarks traced on the right sole (picture left) and mirrored to the left sole."""
    out = []
    for mark in marks:
        out.append(Landmark(f"{mark.name}_left_half", mark.path, mark.closed))
        out.append(Landmark(f"{mark.name}_right_half", _mirror(mark.path), mark.closed))
    return out


# The landmarks each point is measured from (names of landmarks and details above, without
# their _left_half / _right_half ending): a point's own page draws them more strongly.
KEY_LANDMARKS: dict[str, tuple[str, ...]] = {
    "BL23": ("spinous_L2", "iliac_crest"),
    "BL52": ("spinous_L2", "iliac_crest", "scapula"),
    "GV4": ("spinous_L2", "iliac_crest"),
    "BL53": ("dimple", "sacrum"),
    "BL32": ("dimple", "sacrum"),
    "GB30": ("trochanter", "sacrum"),
    "BL40": ("popliteal_crease",),
    "BL42": ("scapula", "scapula_spine", "spinous_T3"),
    "GV14": ("spinous_C7",),
    "GB21": ("spinous_C7", "scapula_spine", "clavicle"),
    "KI27": ("clavicle", "midline"),
    "CV6": ("navel", "pubic_bone", "midline"),
    "CV4": ("navel", "pubic_bone", "midline"),
    "LI4": ("metacarpal_1", "metacarpal_2", "wrist_crease"),
    "LI11": ("elbow_crease",),
    "LI10": ("elbow_crease",),
    "LR3": ("metatarsal_1", "metatarsal_2"),
    "KI1": ("ball_of_foot", "toe_crease", "heel_pad"),
    "paraspinal": ("spine", "iliac_crest"),
    "sacral_dimples": ("dimple", "sacrum"),
    "forearm_arc": ("elbow_crease",),
}


def landmark_kind(mark: Landmark) -> str:
    """A landmark's name without the half of the picture it is drawn on."""
    return mark.name.removesuffix("_left_half").removesuffix("_right_half")


_BUILDERS: dict[str, Callable[[], Figure]] = {
    "back": _back_figure,
    "front": _front_figure,
    "side": _side_figure,
    "hand": _hand_figure,
    "foot_top": _foot_top_figure,
    "foot_sole": _foot_sole_figure,
}
VIEWS: tuple[str, ...] = tuple(_BUILDERS)


@cache
def figure(view: str) -> Figure:
    """The drawing of one view (built on first use, then kept)."""
    return _BUILDERS[view]()


def source_note() -> str:
    """Where the outlines come from and under which licence (shown in the SVG metadata)."""
    source = _data()["source"]
    return f"Outlines: {source['mesh']}; {source['licence']}."
