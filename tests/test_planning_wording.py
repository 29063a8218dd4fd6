"""What a person reads in a plan: articles by their short titles, no internal ids, each fact
once, no instruction that contradicts the routine (issue 14, item 9; issue 9).

Checked over every preset and complaint, positions and conditions that change the wording,
in the plan itself, its .ics reminders, the CLI's text and the web plan and handout.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from rich.console import Console

from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.models import COMPLAINT_IDS
from acupressure.planning.calendar import routine_to_ics
from acupressure.planning.planner import plan
from acupressure.planning.presets import list_presets
from acupressure.planning.routine import Routine
from acupressure.planning.wording import (
    one_sentence_each,
    recommended_by,
    sentences,
    source_label,
    unsaid,
)
from acupressure.safety.profile import CONDITION_IDS, RED_FLAG_IDS, parse_profile
from answered import answered
from test_planner import PRESET_NAMES, PROFILES

ARTICLE_NUMBER = re.compile(r"\barticles? 0\d\d\b|\b0\d\d_[0-9a-f]{16}\.txt\b", re.IGNORECASE)
CONDITION_SETS: tuple[list[str], ...] = (
    [],
    ["anticoagulants", "varicose_veins"],
    ["osteoporosis"],
    ["implanted_device", "hot_swollen_knee"],
)
PRESETS = [None, *(preset.name for preset in list_presets())]


def raw_ids(catalogue: Catalogue) -> set[str]:
    """Words that are ids, never words: regions, answers, positions, sources, options."""
    ids = {p.code for p in catalogue.points if not p.code.isupper()}
    ids |= {*COMPLAINT_IDS, *RED_FLAG_IDS, *CONDITION_IDS, "lying_side", *catalogue.sources}
    for preset in list_presets():
        ids |= {option.id for step in preset.steps for option in step.options}
    return {i for i in ids if "_" in i or any(c.isdigit() for c in i)}


def read_texts(routine: Routine) -> list[str]:
    """Every text of a routine a person reads (the plan's, not its ids or citations)."""
    texts = [routine.title, *routine.reasons, *routine.advice, *routine.cautions]
    texts += [item.reason for item in routine.excluded]
    texts += routine.also_suitable
    for step in routine.steps:
        texts += [step.name, step.cue, step.finding, step.why, *step.alternatives, *step.notes]
    if routine.schedule is not None:
        texts += [*routine.schedule.moments, *routine.schedule.stop_if]
        texts += [course.text for course in routine.schedule.point_courses]
    return texts


def leaks(text: str, ids: set[str]) -> list[str]:
    """An article's number or file name, or an internal id, in a text."""
    found = [f"article number: {text[:90]!r}"] if ARTICLE_NUMBER.search(text) else []
    words = set(re.findall(r"[A-Za-z0-9_.]+", text))
    return found + [f"raw id {word!r}: {text[:80]!r}" for word in sorted(words & ids)]


def problems(routine: Routine, texts: list[str], ids: set[str], *, sitting: bool) -> list[str]:
    found = []
    for text in texts:
        found += leaks(text, ids)
        said = [s.removeprefix("Limits: ").removeprefix("Why: ") for s in sentences(text)]
        repeated = {s for s in said if said.count(s) > 1}
        found += [f"said twice: {s[:80]!r}" for s in repeated]
    if len(set(routine.cautions)) != len(routine.cautions):
        found.append("a caution listed twice")
    found += [f"under Cautions: {c!r}" for c in routine.cautions if "also suitable" in c.lower()]
    for step, after in zip(routine.steps, routine.steps[1:], strict=False):
        if after.point == step.point and re.search(
            r"then (do|switch to) the other (hand|side|foot|arm|leg)", step.finding + step.cue
        ):
            found.append(f"{step.point}: 'the other hand' is the next step already")
    if sitting and routine.preset is None:
        for step in routine.steps:
            for sentence in sentences(step.finding) + sentences(step.cue):
                if sentence.startswith("Stand"):
                    found.append(f"{step.point}: {sentence[:60]!r} in a sitting routine")
    return found


def sweep() -> list[tuple[str | None, dict[str, Any]]]:
    cases: list[tuple[str | None, dict[str, Any]]] = []
    for preset in PRESETS:
        complaints = [["lower_back"]] if preset else [[c] for c in COMPLAINT_IDS]
        if preset is None:
            complaints += [["lower_back", "sciatica", "knee"], ["upper_back", "stress", "hip"]]
        for chosen in complaints:
            for position in ("any", "sitting", "lying", "standing"):
                for conditions in CONDITION_SETS:
                    for pregnant in (False, True):
                        fields = {
                            "complaints": chosen,
                            "position": position,
                            "conditions": conditions,
                            "pregnant": pregnant,
                            "minutes": 30,
                        }
                        cases.append((preset, fields))
    return cases


def test_every_preset_and_complaint_reads_as_words_not_ids(catalogue: Catalogue) -> None:
    ids = raw_ids(catalogue)
    assert {"sacral_dimples", "forearm_arc", "murphy2019"} <= ids
    found: dict[str, int] = {}
    plans = 0
    for preset, fields in sweep():
        routine = plan(profile=parse_profile(answered(fields)), catalogue=catalogue, preset=preset)
        sitting = fields["position"] == "sitting"
        listed = problems(routine, read_texts(routine), ids, sitting=sitting)
        if routine.steps:
            plans += 1
            ics = routine_to_ics(routine=routine, start=date(2026, 3, 2)).decode()
            listed += leaks(ics.replace("\r\n ", "").replace("\\n", "\n"), ids)
        for problem in listed:
            found[problem] = found.get(problem, 0) + 1
    assert plans > 300
    assert found == {}


def test_the_why_names_articles_by_short_title(catalogue: Catalogue) -> None:
    routine = plan(
        profile=parse_profile(answered(complaints=["lower_back", "sciatica", "knee"], minutes=30)),
        catalogue=catalogue,
    )
    titles = [f"“{s.short_title}”" for s in catalogue.sources.values() if s.kind == "article"]
    whys = " ".join(step.why for step in routine.steps)
    assert any(title in whys for title in titles)
    assert "recommended by all 5 articles" in whys
    preset = plan(profile=parse_profile(answered()), catalogue=catalogue, preset="article-000")
    first = preset.steps[0].why
    assert first.startswith("Step 1 of “Using acupressure for back pain”.")
    for step in preset.steps:  # named once, then "the article"
        assert "Time from the article." in step.why or "The article gives no time" in step.why


def test_labels_and_the_sentence_rules() -> None:
    assert (
        source_label("003_fa2bb5155661d23b.txt") == "“Acupressure techniques for lower back pain”"
    )
    assert source_label("murphy2019") == "Murphy 2019"
    every = [
        "000_fe043fb46845d653.txt",
        "001_e8bd01af3b5418dd.txt",
        "002_38170f6678176df8.txt",
        "003_fa2bb5155661d23b.txt",
        "004_82d96cd1af386d05.txt",
    ]
    assert recommended_by(every) == "recommended by all 5 articles"
    assert recommended_by(every[:4]) == (
        "recommended by 4 of the 5 articles (all but “From the hand to the Dan Tien”)"
    )
    assert recommended_by(every[1:3]) == (
        "recommended by “Six point groups for back pain” and “Points and timings for back pain”"
    )
    twice = "Gentle only. This is our own inference. Fingers only. This is our own inference."
    assert one_sentence_each(twice) == "Gentle only. This is our own inference. Fingers only."
    why = "Time from the article. Limits: Gentle only. Holds of 30 s."
    assert unsaid(why, ["Gentle only."]) == "Time from the article. Limits: Holds of 30 s."
    assert unsaid(why, ["Gentle only. Holds of 30 s."]) == "Time from the article."


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=PROFILES, preset=PRESET_NAMES)
def test_no_leak_over_random_profiles(
    catalogue: Catalogue, fields: dict[str, Any], preset: str | None
) -> None:
    routine = plan(profile=parse_profile(answered(fields)), catalogue=catalogue, preset=preset)
    sitting = fields["position"] == "sitting"
    assert problems(routine, read_texts(routine), raw_ids(catalogue), sitting=sitting) == []


@pytest.mark.parametrize("preset", PRESETS)
def test_the_cli_plan_text_reads_as_words(catalogue: Catalogue, preset: str | None) -> None:
    from acupressure.cli.safety import _show_routine

    fields = answered(complaints=["lower_back", "sciatica", "knee"], minutes=30)
    for conditions in CONDITION_SETS:
        routine = plan(
            profile=parse_profile({**fields, "conditions": conditions}),
            catalogue=catalogue,
            preset=preset,
        )
        out = io.StringIO()
        _show_routine(routine, Console(file=out, width=200, color_system=None))
        text = out.getvalue()
        assert not ARTICLE_NUMBER.search(text), text
        assert not set(re.findall(r"[A-Za-z0-9_.]+", text)) & raw_ids(catalogue), text
        for caution in routine.cautions:
            assert text.count(caution) == 1  # said under Note:, not again in every step's why


@pytest.mark.parametrize("page", ["/plan", "/plan/handout"])
def test_the_web_plan_and_handout_read_as_words(
    tmp_path: Any, catalogue: Catalogue, page: str
) -> None:
    import html as markup

    from webapp import make_client, profile_query

    client = make_client(tmp_path)
    for preset in PRESETS:
        for conditions in CONDITION_SETS:
            query = profile_query(
                complaints=["lower_back", "sciatica", "knee"], minutes=30, conditions=conditions
            )
            if preset:
                query += f"&preset={preset}"
            response = client.get(f"{page}?{query}")
            assert response.status_code == 200
            body = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", response.text, flags=re.S)
            text = markup.unescape(re.sub(r"<[^>]+>", " ", body))
            assert not ARTICLE_NUMBER.search(text)
            assert not set(re.findall(r"[A-Za-z0-9_.]+", text)) & raw_ids(catalogue)
