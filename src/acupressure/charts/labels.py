"""Where the labels of a body chart go: two columns beside the figure, never overlapping.

Each mark gets a label in the column on its side of the figure; a midline mark goes to the
column with fewer labels nearby. Within a column, labels keep the marks' top-to-bottom order
and are pushed apart to at least LABEL_GAP (the height of a label's tap target); where two
leader lines would still cross, the two labels swap places.
"""

from __future__ import annotations

from collections.abc import Sequence

from acupressure.charts.figures import figure

LABEL_GAP = 50.0  # vertical distance between two labels in one column (HIT_HEIGHT)
# x of the label columns (left column text ends here, right column text starts here)
COLUMNS: dict[str, tuple[float, float]] = {
    "back": (56, 444),
    "front": (56, 444),
    "side": (150, 372),
    "hand": (78, 422),
    "foot_top": (92, 408),
    "foot_sole": (92, 408),
}

LabelRow = tuple[float, float, bool]  # label x, label y, in the left column


def label_rows(view: str, anchors: Sequence[tuple[float, float]]) -> list[LabelRow]:
    """Per mark anchor (label x, label y, in the left column), spread so labels never overlap."""
    spec = figure(view)
    centre = spec.width / 2
    left_x, right_x = COLUMNS[view]
    columns: dict[bool, list[int]] = {True: [], False: []}
    middle = []
    for index, anchor in enumerate(anchors):
        if abs(anchor[0] - centre) < 0.5:
            middle.append(index)
        else:
            columns[anchor[0] < centre].append(index)
    for index in middle:  # a midline label goes where fewer labels are nearby
        level = anchors[index][1]
        crowd = {
            side: sum(abs(anchors[other][1] - level) < 60 for other in members)
            for side, members in columns.items()
        }
        columns[crowd[True] < crowd[False]].append(index)
    rows: dict[int, LabelRow] = {}
    for is_left, members in columns.items():
        column_x = left_x if is_left else right_x
        # level marks: the one nearest the column takes the upper label, so leaders never cross
        ordered = sorted(
            (anchors[index][1], abs(anchors[index][0] - column_x), index) for index in members
        )
        ys = _spread([y for y, _distance, _index in ordered], spec.height)
        members_in_order = [index for _y, _distance, index in ordered]
        ys = _uncross([anchors[index] for index in members_in_order], ys, column_x)
        for index, y in zip(members_in_order, ys, strict=True):
            rows[index] = (column_x, y, is_left)
    return [rows[index] for index in range(len(anchors))]


BESIDE = 22.0  # from a dot to its label when labels sit beside the marks (cropped charts)


def beside_rows(view: str, anchors: Sequence[tuple[float, float]]) -> list[LabelRow]:
    """Labels right beside their marks, outwards from the midline (a cropped chart).

    Marks on one side are spread apart like a column's, so their labels never overlap."""
    centre = figure(view).width / 2
    rows: dict[int, LabelRow] = {}
    for is_left in (True, False):
        members = sorted(
            (anchors[i][1], i)
            for i in range(len(anchors))
            if (anchors[i][0] < centre - 0.5) == is_left
        )
        ys = _spread([y for y, _i in members], 10_000.0)
        for (_y, index), y in zip(members, ys, strict=True):
            x = anchors[index][0] + (-BESIDE if is_left else BESIDE)
            rows[index] = (x, y, is_left)
    return [rows[index] for index in range(len(anchors))]


def _uncross(anchors: Sequence[tuple[float, float]], ys: list[float], x: float) -> list[float]:
    """Swap label slots until no two leaders cross.

    Two leaders that end on the same vertical line cross in exactly one of the two ways of
    pairing their ends, so swapping the slots of a crossing pair removes that crossing.
    """
    ys = list(ys)
    for _round in range(len(ys) * len(ys) + 1):
        swapped = False
        for i in range(len(ys)):
            for j in range(i + 1, len(ys)):
                if _crosses(anchors[i], (x, ys[i]), anchors[j], (x, ys[j])):
                    ys[i], ys[j] = ys[j], ys[i]
                    swapped = True
        if not swapped:
            break
    return ys


def _crosses(
    a1: tuple[float, float],
    a2: tuple[float, float],
    b1: tuple[float, float],
    b2: tuple[float, float],
) -> bool:
    """Do segments a1-a2 and b1-b2 cross (touching ends do not count)?"""

    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = side(b1, b2, a1), side(b1, b2, a2)
    d3, d4 = side(a1, a2, b1), side(a1, a2, b2)
    return d1 * d2 < 0 and d3 * d4 < 0


def _spread(wanted: Sequence[float], height: float) -> list[float]:
    low, high = LABEL_GAP / 2, height - LABEL_GAP / 2
    ys: list[float] = []
    for y in wanted:
        ys.append(max(low, y, ys[-1] + LABEL_GAP if ys else low))
    for index in range(len(ys) - 1, -1, -1):
        limit = high if index == len(ys) - 1 else ys[index + 1] - LABEL_GAP
        ys[index] = min(ys[index], limit)
    return ys
