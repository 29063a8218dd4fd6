"""Each article's own routine as a named preset (knowledge/data/presets.yaml).

Presets keep the article's points, order and timings; the planner still passes them
through the safety screen, so a preset never bypasses an exclusion.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from acupressure.errors import BadInput, KnowledgeError
from acupressure.knowledge.cache import InvalidYAML, default_directory, parsed_yaml
from acupressure.knowledge.loader import Knowledge
from acupressure.knowledge.models import Motion, Position, Pressure, Tool
from acupressure.safety.rules import MoveOption


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PresetOption(_Strict):
    """An optional move the article adds to a step (knees to chest, a foot warm-up...).

    The safety limits can forbid it by id or by its position; the cue then leaves it out.
    """

    id: MoveOption
    text: str
    position: Position | None = None


class PresetStep(_Strict):
    """One point of an article's routine, as the article gives it.

    The cue says where the hands go, in our words; pressure, time and position are said by
    the planner from the step itself, so a safety limit never leaves two voices in a cue.
    """

    point: str
    side: Literal["both", "alternate", "midline"]
    position: Position
    pressure: Pressure
    motion: Motion
    tool: Tool
    seconds: int = Field(gt=0)
    repetitions: int = Field(default=1, gt=0)
    pause_seconds: int = Field(default=0, ge=0)
    circle_change_every: int | None = Field(default=None, gt=0)
    timing: Literal["stated", "default"]
    cue: str
    note: str
    until_relief: bool = Field(
        default=False, description="the article says hold until relief: our time is the bound"
    )
    also_positions: list[Position] = Field(
        default_factory=list, description="where the move also works, when a limit forbids"
    )
    options: list[PresetOption] = Field(default_factory=list)


class PresetSchedule(_Strict):
    times_per_day: int = Field(gt=0)
    moments: list[str] = Field(min_length=1)
    course_days: int = Field(gt=0)
    course_source: str


class Preset(_Strict):
    """A named routine taken from one article."""

    name: str
    title: str
    source: str
    summary: str
    schedule: PresetSchedule
    steps: list[PresetStep] = Field(min_length=1)

    def to_json(self) -> dict[str, object]:
        data = self.model_dump(mode="json")
        data["points"] = [step.point for step in self.steps]
        return data


class _PresetsFile(_Strict):
    presets: list[Preset]


@cache
def _load(path: Path | None = None) -> tuple[Preset, ...]:
    path = path or default_directory() / "presets.yaml"
    try:
        presets = _PresetsFile.model_validate(parsed_yaml(path)).presets
    except (OSError, InvalidYAML, UnicodeDecodeError) as error:
        raise KnowledgeError([f"{path.name}: {error}"]) from None
    except ValidationError as error:
        raise KnowledgeError(
            [
                f"{path.name}: {'.'.join(str(p) for p in item['loc'])}: {item['msg']}"
                for item in error.errors()
            ]
        ) from None
    names = [preset.name for preset in presets]
    if len(set(names)) != len(names):
        raise KnowledgeError([f"{path.name}: preset names must be unique"])
    return tuple(presets)


def load_presets(path: Path | None = None, *, fresh: bool = False) -> tuple[Preset, ...]:
    """Read and validate presets.yaml (the shipped one by default); `fresh` skips the cache."""
    return _load.__wrapped__(path) if fresh else _load(path)


def preset_problems(presets: Sequence[Preset], *, knowledge: Knowledge) -> list[str]:
    """Cross-file checks: a preset names only points and sources the knowledge base has."""
    codes = {point.code for point in knowledge.points}
    problems = [
        f"presets.yaml: preset {preset.name!r}, step {index}: unknown point {step.point!r}"
        for preset in presets
        for index, step in enumerate(preset.steps)
        if step.point not in codes
    ]
    return problems + [
        f"presets.yaml: preset {preset.name!r}: unknown source {preset.source!r}"
        for preset in presets
        if preset.source not in knowledge.sources
    ]


def list_presets() -> list[Preset]:
    """Every preset, in file order (one per article)."""
    return list(_load())


def get_preset(name: str) -> Preset:
    """A preset by name; 'article-002', '002' and 'Article 002' all work."""
    wanted = name.strip().lower().replace(" ", "-")
    for preset in _load():
        if wanted in (preset.name, preset.name.removeprefix("article-")):
            return preset
    names = ", ".join(preset.name for preset in _load())
    raise BadInput(f"preset: unknown preset {name!r}; choose from {names}")


__all__ = [
    "Preset",
    "PresetSchedule",
    "PresetStep",
    "get_preset",
    "list_presets",
    "load_presets",
]
