"""Body charts for pages: the project's own SVG, drawn on the server by acupressure.bodymap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from acupressure.knowledge.catalogue import Catalogue

VIEW_ORDER = ("back", "front", "side", "hand", "foot_top", "foot_sole")
VIEW_LABELS = {
    "back": "Back of the body",
    "front": "Front of the body",
    "side": "Right side of the body",
    "hand": "Backs of the hands",
    "foot_top": "Tops of the feet",
    "foot_sole": "Soles of the feet",
}


VIEW_SHORT = {  # the view switcher's words
    "back": "Back",
    "front": "Front",
    "side": "Side",
    "hand": "Hands",
    "foot_top": "Feet",
    "foot_sole": "Soles",
}


def views_for(catalogue: Catalogue, codes: Iterable[str]) -> list[str]:
    """The views that show these points, in a fixed, readable order."""
    wanted = {view for code in codes if code in catalogue for view in catalogue.get(code).views()}
    return [view for view in VIEW_ORDER if view in wanted]


def charts(
    catalogue: Catalogue,
    *,
    views: Iterable[str],
    highlight: Iterable[str] = (),
    numbered: dict[str, int] | None = None,
    complaint: str | None = None,
    only: Iterable[str] | None = None,
    landmarks_of: Iterable[str] = (),
    crop: bool = False,
    prefix: str = "chart",
) -> list[dict[str, Any]]:
    """One figure per view: its label and its SVG, ready to embed in a template.

    `only` leaves every other point off the charts (a plan shows its routine alone);
    `crop` frames just the marks (a handout's small chart beside one step).
    """
    from acupressure.web.memo import chart_svg

    marked = frozenset(highlight)
    drawn = frozenset(only) if only is not None else None
    return [
        {
            "view": view,
            "id": f"{prefix}-{view}-figure",
            "label": VIEW_LABELS[view],
            "short": VIEW_SHORT[view],
            "svg": Markup(
                chart_svg(
                    catalogue,
                    view=view,
                    highlight=marked,
                    numbered=numbered,
                    complaint=complaint,
                    only=drawn,
                    landmarks_of=tuple(landmarks_of),
                    crop=crop,
                    stylesheet=False,
                    id_prefix=f"{prefix}-{view}",
                )
            ),
        }
        for view in views
    ]
