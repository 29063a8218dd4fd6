"""Fitting asks "does the guided session fit?" dozens of times per plan; its quick answer
must be the very session the finished steps give."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acupressure.knowledge.catalogue import Catalogue
from acupressure.planning.finding_time import guided_seconds
from acupressure.planning.fitting import by_position, guided, keep_order, to_steps
from acupressure.planning.techniques import PlannedPoint, gentlest
from acupressure.safety.profile import parse_profile
from acupressure.safety.rules import PointLimit
from answered import answered

NOTES = ["Press lightly: a bruise comes easily.", "Skip it if the skin is broken here, and "
         "ask your doctor which points are safe for you before the next session."]  # fmt: skip
PROFILE = parse_profile(answered(complaints=["lower_back", "sciatica", "knee"], minutes=10))


@st.composite
def planned_points(draw: st.DrawFn, catalogue: Catalogue) -> list[PlannedPoint]:
    points = draw(st.lists(st.sampled_from(catalogue.points), max_size=8))
    items = []
    for point in points:
        item = gentlest(point, PROFILE, catalogue, PointLimit())
        seconds = draw(st.integers(min_value=item.min_seconds, max_value=item.seconds + 30))
        item = item.at(seconds, draw(st.integers(min_value=1, max_value=3)))
        notes = draw(st.lists(st.sampled_from(NOTES), max_size=2))
        items.append(replace(item, notes=tuple(notes)))
    arrange = draw(st.sampled_from([by_position, keep_order]))
    return arrange(items) if items else items


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_quick_guided_time_is_the_steps_guided_time(
    data: st.DataObject, catalogue: Catalogue
) -> None:
    items = data.draw(planned_points(catalogue))
    assert guided(items) == guided_seconds(to_steps(items))
