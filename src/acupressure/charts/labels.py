"""Where the labels of a body chart go: two columns beside the figure, never overlapping.

Each mark gets a label in the column on its side of the figure; a midline mark goes to the
column with fewer labels nearby. Within a column, labels keep the marks' top-to-bottom order
and are pushed apart to at least LABEL_GAP, so the leader lines never cross.
"""

from __future__ import annotations

from collections.abc import Sequence

from acupressure.charts.figures import figure

LABEL_GAP = 46.0  # vertical distance between two labels in one column (HIT_HEIGHT)
# x of the label columns (left column text ends here, right column text starts here)
COLUMNS: dict[str, tuple[float, float]] = {
    "back": (74, 426),
    "front": (74, 426),
    "side": (176, 362),
    "hand": (76, 372),
    "foot_top": (144, 356),
    "foot_sole": (144, 356),
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
        for (_y, _distance, index), y in zip(ordered, ys, strict=True):
            rows[index] = (column_x, y, is_left)
    return [rows[index] for index in range(len(anchors))]


def _spread(wanted: Sequence[float], height: float) -> list[float]:
    low, high = LABEL_GAP / 2, height - LABEL_GAP / 2
    ys: list[float] = []
    for y in wanted:
        ys.append(max(low, y, ys[-1] + LABEL_GAP if ys else low))
    for index in range(len(ys) - 1, -1, -1):
        limit = high if index == len(ys) - 1 else ys[index + 1] - LABEL_GAP
        ys[index] = min(ys[index], limit)
    return ys
