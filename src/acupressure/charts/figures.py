"""Outlines of the figures the body charts are drawn on, as SVG path data.

The geometry follows the frame of DESIGN.md ("Body charts: frame and proportions"), so a
point placed from its standard location lands on the right spot of the drawing. Whole-body
views use a 500 x 1000 box (1 unit = H/1000, the midline at x = 250); the close-ups of the
hand and foot use a 500 x 500 box. Outlines are smooth curves through hand-placed anchor
points: easy to read, easy to correct.

Frames (normalised x, y) as drawn, for whoever places points on them:

- hand (back of a RIGHT hand, fingers up, thumb on the left): wrist crease y 0.80; index
  knuckle (2nd MCP) about (0.35, 0.43); base of the 2nd metacarpal about (0.36, 0.76);
  the thumb-index web about (0.28, 0.54); LI4 at (0.33, 0.58).
- foot_top (top of a RIGHT foot, toes up, big toe on the left): big toe tip y 0.02, back
  of the heel y 0.86; 1st/2nd toe web about (0.40, 0.25); the 1st/2nd metatarsal bases
  meet about (0.40, 0.44); LR3 at (0.40, 0.40); ankle crease y 0.62.
- foot_sole (sole of a RIGHT foot, toes up, big toe on the right): 2nd/3rd toe web about
  (0.50, 0.32); back of the heel y 0.98; KI1 (a third of the way from web to heel) about
  (0.50, 0.54).
- side (the person's RIGHT side, facing the picture's right): back of the trunk near
  x 0.40-0.44, front of the chest near x 0.65; greater trochanter about (0.49, 0.47);
  lateral malleolus about (0.49, 0.96); same heights as the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

Pt = tuple[float, float]

CX = 250.0  # midline of the whole-body views


@dataclass(frozen=True)
class Figure:
    """What a view draws under its points: body shapes, then faint guide lines."""

    width: int
    height: int
    shapes: tuple[str, ...]  # closed path data, filled as skin
    guides: tuple[str, ...]  # open path data, drawn faintly on top
    details: tuple[str, ...] = ()  # small outlines (nails, navel), drawn like the body edge
    overlays: tuple[str, ...] = ()  # closed shapes in front of the body, with their own edge
    transform: str = ""  # where a close-up is drawn smaller or moved to fit the data's frame


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def smooth(points: Sequence[Pt], *, closed: bool = True) -> str:
    """Path data for a smooth curve through the points (Catmull-Rom as cubic Beziers)."""
    pts = list(points)
    count = len(pts)
    out = [f"M{_n(pts[0][0])} {_n(pts[0][1])}"]
    last = count if closed else count - 1
    for i in range(last):
        p0 = pts[(i - 1) % count] if closed or i > 0 else pts[i]
        p1 = pts[i]
        p2 = pts[(i + 1) % count]
        p3 = pts[(i + 2) % count] if closed or i + 2 < count else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out.append(f"C{_n(c1[0])} {_n(c1[1])} {_n(c2[0])} {_n(c2[1])} {_n(p2[0])} {_n(p2[1])}")
    if closed:
        out.append("Z")
    return "".join(out)


def line(*points: Pt) -> str:
    """Path data for straight segments."""
    head, *rest = points
    return f"M{_n(head[0])} {_n(head[1])}" + "".join(f"L{_n(x)} {_n(y)}" for x, y in rest)


def mirrored(half: Sequence[Pt], *, cx: float = CX) -> list[Pt]:
    """A symmetric outline from its picture-right half, given as (offset from cx, y)."""
    right = [(cx + dx, y) for dx, y in half]
    left = [(cx - dx, y) for dx, y in reversed(half) if dx != 0]
    return right + left


def flip(points: Sequence[Pt], *, cx: float = CX) -> list[Pt]:
    """The same outline mirrored about the vertical line x = cx."""
    return [(2 * cx - x, y) for x, y in points]


# --- whole body, front and back -------------------------------------------------------

# fmt: off
_HEAD_HALF: list[Pt] = [
    (0, 2), (26, 8), (41, 26), (45, 52), (46, 62), (51, 64), (52, 80), (47, 94),
    (40, 100), (35, 112), (24, 124), (0, 131),
]
# fmt: on
# neck, shoulder line, flank, outer leg, foot, inner leg up to the crotch (picture right)
# fmt: off
_TRUNK_HALF: list[Pt] = [
    (0, 120), (30, 118), (33, 150), (52, 164), (92, 173), (124, 182), (112, 214),
    (98, 240), (94, 285), (85, 345), (80, 390), (86, 425), (96, 462), (97, 500),
    (92, 570), (82, 645), (72, 700), (74, 740), (80, 790), (72, 850), (60, 915),
    (55, 945), (60, 968), (66, 985), (64, 998), (28, 998), (25, 968), (25, 935),
    (20, 870), (13, 800), (17, 745), (14, 705), (11, 630), (6, 545), (0, 502),
]
# fmt: on
# fmt: off
_ARM: list[Pt] = [
    (366, 178), (386, 194), (394, 232), (396, 290), (396, 336), (401, 372), (405, 412),
    (405, 470), (401, 512), (406, 540), (407, 582), (398, 615), (386, 628), (373, 618),
    (368, 584), (366, 548), (368, 514), (364, 470), (357, 420), (353, 372), (350, 320),
    (347, 262), (350, 228), (352, 198),
]
# fmt: on


def _body_shapes() -> tuple[str, ...]:
    head = smooth(mirrored(_HEAD_HALF))
    trunk = smooth(mirrored(_TRUNK_HALF))
    return (trunk, smooth(_ARM), smooth(flip(_ARM)), head)


def _both(path_points: Sequence[Pt]) -> list[list[Pt]]:
    return [list(path_points), flip(path_points)]


def _thumbs() -> list[str]:
    thumb = [(402, 522), (398, 548), (396, 574)]  # the thumb lies along the outer hand
    return [smooth(side, closed=False) for side in _both(thumb)]


# Landmarks measured against DESIGN.md (1 cun = 1000/65 = 15.4 units): the medial border of
# the left shoulder blade runs 3.3 cun from the midline at T3 (BL42, at 3 cun, lies just
# medial to it), from the superior angle (T2) to the inferior angle (T7, y 280).
# fmt: off
_SCAPULA: list[Pt] = [
    (186, 190), (199, 200), (200, 222), (199, 250), (202, 280), (184, 262), (160, 232),
    (140, 200),
]
_SCAPULA_SPINE: list[Pt] = [(200, 220), (170, 206), (140, 192), (122, 184)]
# sacral dimples over the posterior superior iliac spines: 1.8 cun out at S2 (y 0.445);
# BL32, in the 2nd sacral foramen about 0.85 cun out, lies medial to them
_DIMPLE: list[Pt] = [(220, 445), (223, 441), (226, 445), (223, 449)]
# nipples, 4 cun (62 units) from the midline at y 0.28 (between the nipples: 8 cun)
_NIPPLE: list[Pt] = [(309, 280), (312, 277), (315, 280), (312, 283)]
# fmt: on
SCAPULA_MEDIAL_BORDER = 50.0  # units from the midline at the level of T3
DIMPLE_OFFSET = 27.0  # units from the midline
NIPPLE_OFFSET = 62.0


def _back_figure() -> Figure:
    guides: list[str] = [
        line((CX, 172), (CX, 488)),  # spinous processes, C7 to the sacral hiatus
        smooth([(168, 405), (210, 412), (250, 414), (290, 412), (332, 405)], closed=False),
        smooth([(232, 452), (250, 492), (268, 452)], closed=False),  # sacrum
    ]
    for leg in _both([(193, 715), (206, 718), (220, 715)]):
        guides.append(smooth(leg, closed=False))  # popliteal crease
    for scapula in _both(_SCAPULA):
        guides.append(smooth(scapula, closed=False))
    for spine in _both(_SCAPULA_SPINE):
        guides.append(smooth(spine, closed=False))
    for fold in _both([(246, 532), (214, 538), (172, 526)]):
        guides.append(smooth(fold, closed=False))  # gluteal fold
    for elbow in _both([(355, 370), (374, 376), (394, 370)]):
        guides.append(smooth(elbow, closed=False))
    details = [
        *_thumbs(),
        *(smooth(dimple) for dimple in _both(_DIMPLE)),  # sacral dimples, over the PSIS
    ]
    return Figure(500, 1000, _body_shapes(), tuple(guides), tuple(details))


def _front_figure() -> Figure:
    guides: list[str] = [
        line((CX, 182), (CX, 470)),  # anterior midline
        smooth([(168, 405), (210, 410), (250, 412), (290, 410), (332, 405)], closed=False),
    ]
    for clavicle in _both([(238, 182), (262, 179), (290, 181), (318, 177), (346, 180)]):
        guides.append(smooth(clavicle, closed=False))
    for groin in _both([(262, 482), (294, 460), (330, 435)]):
        guides.append(smooth(groin, closed=False))
    for elbow in _both([(355, 370), (374, 366), (394, 370)]):
        guides.append(smooth(elbow, closed=False))
    for kneecap in _both([(197, 692), (207, 682), (218, 692), (218, 712), (207, 722), (197, 712)]):
        guides.append(smooth(kneecap))
    details = _thumbs()
    for chest in _both([(300, 300), (318, 310), (334, 300)]):
        guides.append(smooth(chest, closed=False))
    details += [
        smooth([(250, 396), (254, 400), (250, 404), (246, 400)]),  # navel
        *(smooth(nipple) for nipple in _both(_NIPPLE)),  # 4 cun from the midline
        smooth([(236, 88), (243, 84), (236, 81), (229, 84)]),  # eyes
        smooth([(264, 88), (271, 84), (264, 81), (257, 84)]),
        smooth([(241, 112), (250, 116), (259, 112), (250, 114)]),  # mouth
    ]
    return Figure(500, 1000, _body_shapes(), tuple(guides), tuple(details))


# --- whole body, the person's right side, facing the picture's right ------------------

# fmt: off
_PROFILE: list[Pt] = [
    (250, 2), (292, 16), (306, 48), (310, 76), (322, 94), (309, 101), (312, 111),
    (307, 122), (298, 131), (278, 136), (274, 160), (286, 184), (312, 222), (324, 262),
    (322, 292), (312, 318), (313, 360), (320, 400), (318, 440), (302, 480), (306, 530),
    (300, 620), (292, 690), (295, 718), (284, 760), (278, 850), (272, 930), (270, 958),
    (300, 972), (350, 986), (366, 994), (362, 1000), (226, 1000), (222, 986), (230, 952),
    (228, 880),
    (216, 800), (222, 740), (226, 714), (222, 650), (218, 570), (208, 532), (188, 496),
    (192, 450), (212, 410), (218, 380), (206, 330), (198, 270), (204, 218), (224, 176),
    (234, 146), (214, 116), (206, 70), (218, 24),
]
# fmt: on
# fmt: off
_SIDE_ARM: list[Pt] = [
    (240, 180), (262, 174), (280, 190), (284, 230), (278, 300), (272, 368), (278, 410),
    (282, 470), (284, 512), (290, 545), (290, 590), (282, 620), (270, 628), (258, 616),
    (252, 580), (252, 540), (252, 512), (244, 470), (236, 410), (232, 370), (228, 300),
    (226, 230), (228, 195),
]
# fmt: on


def _side_figure() -> Figure:
    guides = (
        smooth(
            [(226, 172), (222, 230), (214, 300), (224, 380), (214, 440), (200, 490)], closed=False
        ),  # spinous processes
        smooth([(226, 714), (238, 716), (250, 712)], closed=False),  # popliteal crease
        smooth([(208, 412), (240, 406), (272, 414)], closed=False),  # iliac crest
    )
    details = (
        smooth([(236, 70), (246, 66), (252, 80), (246, 98), (236, 96), (238, 82)]),  # ear
        smooth([(236, 466), (244, 460), (252, 466), (244, 474)]),  # trochanter
        smooth([(240, 956), (246, 951), (252, 956), (246, 961)]),  # lateral malleolus
        smooth([(296, 82), (302, 80), (306, 84), (301, 86)]),  # eye
    )
    return Figure(500, 1000, (smooth(_PROFILE),), guides, details, (smooth(_SIDE_ARM),))


# --- close-ups (500 x 500) ------------------------------------------------------------

# fmt: off
_HAND: list[Pt] = [
    (218, 470), (204, 446), (164, 396), (126, 352), (102, 310), (92, 268), (104, 250),
    (124, 262), (146, 300), (170, 326), (186, 300), (184, 200), (186, 110), (203, 88),
    (220, 106), (226, 240), (228, 140), (230, 66), (247, 52), (264, 66), (268, 240),
    (272, 150), (274, 84), (290, 72), (306, 86), (308, 246), (316, 200), (320, 156),
    (334, 144), (348, 158), (350, 240), (354, 300), (350, 380), (346, 470),
]
# fmt: on


def _hand_figure() -> Figure:
    guides = (
        line((212, 445), (205, 268)),  # 2nd metacarpal
        line((250, 445), (248, 255)),
        line((288, 445), (289, 262)),
        line((324, 445), (332, 285)),
        smooth([(212, 470), (280, 474), (346, 470)], closed=False),  # wrist crease
        line((200, 446), (128, 350)),  # 1st metacarpal
    )
    details = (
        smooth([(197, 116), (203, 104), (210, 116), (203, 128)]),  # nails
        smooth([(241, 78), (247, 66), (254, 78), (247, 90)]),
        smooth([(283, 98), (290, 86), (297, 98), (290, 110)]),
        smooth([(329, 166), (334, 156), (340, 166), (334, 176)]),
        smooth([(98, 272), (102, 260), (112, 264), (110, 280)]),
        smooth([(198, 268), (205, 262), (212, 268), (205, 274)]),  # knuckles
        smooth([(241, 256), (248, 250), (255, 256), (248, 262)]),
        smooth([(282, 262), (289, 256), (296, 262), (289, 268)]),
        smooth([(325, 286), (332, 280), (339, 286), (332, 292)]),
    )
    shapes = (smooth([*_HAND, (346, 590), (218, 590)]),)
    # drawn at 92% and moved up-left, so LI4 (beside the middle of the 2nd metacarpal,
    # (195, 350) in the coordinates above) lands on (0.33, 0.58), as points.yaml has it
    return Figure(500, 500, shapes, guides, details, transform="matrix(0.923 0 0 0.923 -15 -33)")


# fmt: off
_FOOT_TOP: list[Pt] = [
    (196, 480), (180, 440), (176, 380), (166, 300), (158, 230), (158, 160), (160, 80),
    (170, 36), (192, 24), (212, 40), (216, 120), (222, 150), (222, 60), (234, 42),
    (248, 54), (252, 156), (254, 80), (264, 64), (277, 74), (280, 170), (283, 100),
    (292, 88), (304, 98), (308, 186), (312, 130), (320, 118), (332, 128), (340, 220),
    (336, 300), (324, 380), (312, 440), (296, 480), (248, 492),
]
# fmt: on


def _foot_top_figure() -> Figure:
    guides = (
        line((212, 150), (219, 258)),  # 1st metatarsal
        line((236, 160), (224, 258)),  # 2nd metatarsal
        line((264, 172), (248, 264)),
        line((292, 186), (272, 272)),
        line((322, 214), (300, 282)),
        smooth([(178, 362), (250, 356), (322, 364)], closed=False),  # ankle crease
    )
    details = (
        smooth([(176, 50), (190, 40), (202, 52), (190, 66)]),  # nails
        smooth([(228, 66), (235, 58), (242, 66), (235, 74)]),
        smooth([(259, 82), (265, 74), (271, 82), (265, 90)]),
        smooth([(287, 104), (292, 98), (298, 104), (292, 110)]),
        smooth([(316, 134), (321, 128), (327, 134), (321, 140)]),
        smooth([(176, 386), (184, 378), (190, 390), (182, 398)]),  # medial malleolus
        smooth([(314, 396), (322, 386), (328, 398), (320, 408)]),  # lateral malleolus
    )
    # drawn at 90% and moved up, so LR3 (just before the 1st/2nd metatarsal bases meet,
    # (221, 235) above) lands on (0.40, 0.40), as points.yaml has it
    shapes = (smooth(_FOOT_TOP),)
    return Figure(500, 500, shapes, guides, details, transform="matrix(0.9 0 0 0.9 1 -11.5)")


def _foot_sole_figure() -> Figure:
    sole = flip(_FOOT_TOP)
    guides = (
        smooth([(320, 190), (250, 186), (186, 220)], closed=False),  # ball of the foot
        smooth([(318, 250), (300, 330), (310, 400)], closed=False),  # arch
        smooth([(208, 410), (250, 404), (300, 410)], closed=False),  # heel pad
    )
    details = tuple(
        smooth(flip(toe))
        for toe in (
            [(172, 70), (190, 52), (206, 70), (190, 96)],
            [(226, 80), (235, 70), (244, 80), (235, 96)],
            [(257, 96), (265, 86), (273, 96), (265, 110)],
            [(285, 116), (292, 106), (300, 116), (292, 130)],
            [(314, 144), (321, 134), (328, 144), (321, 156)],
        )
    )
    return Figure(500, 500, (smooth(sole),), guides, details)


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
