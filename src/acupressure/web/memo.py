"""Pure answers the pages ask for again and again, kept per process (least recently used).

A plan is a function of the catalogue, the normalised profile and the preset; a chart's SVG
of the catalogue and the drawing's arguments; a plan's link to another preset of the answers
(their query string says them all) and that preset. The safety rules and presets a plan also reads
are already loaded once per process (`load_rules`, `load_presets`), so keeping the answers
for the process's life changes nothing a request sees: only how often the planner and the
chart renderer run. The catalogue is part of every key (by identity: an app holds one), so
two apps over different knowledge never share an answer. Callers must not change what they
get back: a Routine is a frozen model and an SVG a string.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.records import plain

if TYPE_CHECKING:
    from acupressure.planning.routine import Routine
    from acupressure.safety.profile import Profile
    from acupressure.web.forms import Answers

PLANS_KEPT = 256
CHARTS_KEPT = 256


@dataclass(frozen=True)
class _Answers:
    """A validated profile, compared by its normalised JSON (the profile itself rides along)."""

    normalised: str
    profile: Profile = field(compare=False, hash=False)


def routine_for(catalogue: Catalogue, profile: Profile, preset: str | None) -> Routine:
    """`plan(...)` for these answers, planned once per normalised profile."""
    return _routine(catalogue, _Answers(json.dumps(plain(profile)), profile), preset)


@lru_cache(maxsize=PLANS_KEPT)
def _routine(catalogue: Catalogue, answers: _Answers, preset: str | None) -> Routine:
    from acupressure.planning.planner import plan

    return plan(profile=answers.profile, catalogue=catalogue, preset=preset)


@dataclass(frozen=True)
class _Query:
    """Answers compared by the query string that reopens them (the answers ride along)."""

    query: str
    answers: Answers = field(compare=False, hash=False)


def query_with_preset(answers: Answers, preset: str | None) -> str:
    """The query string of the same answers with another preset (a plan's preset links)."""
    return _query_with_preset(_Query(answers.query(), answers), preset)


@lru_cache(maxsize=PLANS_KEPT)
def _query_with_preset(answers: _Query, preset: str | None) -> str:
    from acupressure.web.forms import Answers

    data = answers.answers.model_dump(include=set(Answers.model_fields))
    return Answers.model_validate({**data, "preset": preset}).query()


def chart_svg(
    catalogue: Catalogue,
    *,
    view: str,
    highlight: Collection[str] = (),
    numbered: Mapping[str, int] | None = None,
    complaint: str | None = None,
    only: Collection[str] | None = None,
    landmarks_of: Collection[str] = (),
    crop: bool = False,
    stylesheet: bool = True,
    id_prefix: str | None = None,
) -> str:
    """`render_chart(...)` with these arguments, drawn once per distinct set of them."""
    return _chart(
        catalogue,
        view,
        frozenset(highlight),
        None if numbered is None else tuple(numbered.items()),
        complaint,
        None if only is None else frozenset(only),
        tuple(landmarks_of),
        crop,
        stylesheet,
        id_prefix,
    )


@lru_cache(maxsize=CHARTS_KEPT)
def _chart(
    catalogue: Catalogue,
    view: str,
    highlight: frozenset[str],
    numbered: tuple[tuple[str, int], ...] | None,
    complaint: str | None,
    only: frozenset[str] | None,
    landmarks_of: tuple[str, ...],
    crop: bool,
    stylesheet: bool,
    id_prefix: str | None,
) -> str:
    from acupressure.charts.bodymap import render_chart

    return render_chart(
        catalogue=catalogue,
        view=view,
        highlight=highlight,
        numbered=None if numbered is None else dict(numbered),
        complaint=complaint,
        only=only,
        landmarks_of=landmarks_of,
        crop=crop,
        stylesheet=stylesheet,
        id_prefix=id_prefix,
    )


__all__ = ["chart_svg", "query_with_preset", "routine_for"]
