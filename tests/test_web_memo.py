"""The web's kept answers: a kept plan or chart is exactly what planning or drawing gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acupressure.charts.bodymap import render_chart
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.models import COMPLAINT_IDS
from acupressure.planning.planner import plan
from acupressure.safety.profile import CONDITION_IDS, POSITION_CHOICES, RED_FLAG_IDS, parse_profile
from acupressure.web.forms import Answers
from acupressure.web.memo import chart_svg, query_with_preset, routine_for
from acupressure.web.routes_plan import plan_context
from answered import answered
from test_planner import PRESET_NAMES, PROFILES
from webapp import make_client

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(fields=PROFILES, preset=PRESET_NAMES, again=PROFILES)
def test_a_kept_plan_is_the_plan_planned_afresh(
    catalogue: Catalogue, fields: dict[str, Any], preset: str | None, again: dict[str, Any]
) -> None:
    profile = parse_profile(answered(fields))
    reference = plan(profile=profile, catalogue=catalogue, preset=preset).to_json()
    assert routine_for(catalogue, profile, preset).to_json() == reference
    assert routine_for(catalogue, profile, preset).to_json() == reference  # now kept
    # the same answers written another way (repeats, other order of keys) are the same plan
    repeated = {**fields, "complaints": fields["complaints"] * 2}
    same = parse_profile(dict(reversed(list(answered(repeated).items()))))
    assert routine_for(catalogue, same, preset).to_json() == reference
    other = parse_profile(answered(again))
    assert routine_for(catalogue, other, preset).to_json() == (
        plan(profile=other, catalogue=catalogue, preset=preset).to_json()
    )


ANSWERS = st.fixed_dictionaries(
    {
        "complaints": st.lists(st.sampled_from(COMPLAINT_IDS), max_size=3),
        "age": st.none() | st.integers(min_value=1, max_value=120),
        "pregnant": st.none() | st.booleans(),
        "red_flags": st.lists(st.sampled_from([*RED_FLAG_IDS, "none"]), max_size=3),
        "conditions": st.lists(st.sampled_from([*CONDITION_IDS, "none"]), max_size=3),
        "minutes": st.integers(min_value=1, max_value=60),
        "position": st.sampled_from(POSITION_CHOICES),
        "preset": PRESET_NAMES,
    }
)


@SETTINGS
@given(fields=ANSWERS, other=ANSWERS, preset=PRESET_NAMES)
def test_a_kept_preset_link_is_the_link_made_afresh(
    fields: dict[str, Any], other: dict[str, Any], preset: str | None
) -> None:
    for answers in (Answers.model_validate(fields), Answers.model_validate(other)):
        data = answers.model_dump(include=set(Answers.model_fields))
        expected = Answers.model_validate({**data, "preset": preset}).query()
        assert query_with_preset(answers, preset) == expected
        assert query_with_preset(answers, preset) == expected


def test_the_plan_api_answers_what_planning_afresh_gives(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    client = make_client(tmp_path)
    for fields in ({"minutes": 10}, {"minutes": 4, "position": "sitting"}, {"age": 70}):
        complete = {**answered(fields), "red_flags": ["none"], "conditions": ["none"]}
        answers = Answers.model_validate(complete)
        routine = plan(profile=answers.profile(), catalogue=catalogue, preset=answers.preset)
        expected = json.loads(json.dumps(plan_context(catalogue, answers, routine)))
        first = client.get(f"/api/plan?{answers.query()}")
        second = client.get(f"/api/plan?{answers.query()}")
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        assert first.json() == expected


def test_kept_charts_are_the_charts_drawn_afresh(catalogue: Catalogue) -> None:
    codes = [point.code for point in catalogue.points]
    for code in codes:
        point = catalogue.get(code)
        for view in point.views():
            arguments: dict[str, Any] = {
                "view": view,
                "highlight": {code},
                "only": {code},
                "landmarks_of": (code,),
                "stylesheet": False,
                "id_prefix": f"chart-{view}",
            }
            reference = render_chart(catalogue=catalogue, **arguments)
            assert chart_svg(catalogue, **arguments) == reference
            assert chart_svg(catalogue, **arguments) == reference
    numbered = {"BL40:left": 1, "BL40:right": 2, "BL23": 3}
    for arguments in (
        {"view": "back"},
        {"view": "back", "complaint": "lower_back"},
        {"view": "back", "highlight": ["BL23", "BL40"], "numbered": numbered,
         "only": ["BL23", "BL40"], "id_prefix": "plan-back"},
        {"view": "back", "highlight": ["BL40"], "crop": True},
    ):  # fmt: skip
        reference = render_chart(catalogue=catalogue, **arguments)
        assert chart_svg(catalogue, **arguments) == reference
        assert chart_svg(catalogue, **arguments) == reference


def test_the_point_page_draws_the_same_chart_every_time(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    pages = [client.get("/points/BL40").text for _ in range(2)]
    charts = [page[page.index("<svg") : page.rindex("</svg>")] for page in pages]
    assert charts[0] == charts[1] and "BL40" in charts[0]
    svg = client.get("/charts/back.svg?highlight=BL40")
    assert svg.status_code == 200 and svg.text == client.get("/charts/back.svg?highlight=BL40").text
