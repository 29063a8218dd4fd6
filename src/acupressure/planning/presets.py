"""Each article's own routine as a named preset (knowledge/data/presets.yaml).

Presets keep the article's points, order and timings; the planner still passes them
through the safety screen, so a preset never bypasses an exclusion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from acupressure.errors import BadInput, KnowledgeError
from acupressure.knowledge.cache import InvalidYAML, default_directory, kept_record
from acupressure.knowledge.loader import Knowledge
from acupressure.knowledge.models import Motion, Position, Pressure, Tool
from acupressure.knowledge.records import STRICT, InvalidRecord, plain
from acupressure.knowledge.records import constraints as at
from acupressure.safety.rules import MoveOption


class _Strict:
    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT


@dataclass(frozen=True, kw_only=True)
class PresetOption(_Strict):
    """An optional move the article adds to a step (knees to chest, a foot warm-up...).

    The safety limits can forbid it by id or by its position; the cue then leaves it out.
    """

    id: MoveOption
    text: str
    position: Position | None = None


@dataclass(frozen=True, kw_only=True)
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
    seconds: Annotated[int, at.Interval(gt=0)]
    repetitions: Annotated[int, at.Interval(gt=0)] = 1
    pause_seconds: Annotated[int, at.Interval(ge=0)] = 0
    circle_change_every: Annotated[int, at.Interval(gt=0)] | None = None
    timing: Literal["stated", "default"]
    cue: str
    note: str
    until_relief: bool = False  # the article says hold until relief: our time is the bound
    # also_positions: where the move also works, when a limit forbids
    also_positions: list[Position] = field(default_factory=list)
    options: list[PresetOption] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class PresetSchedule(_Strict):
    times_per_day: Annotated[int, at.Interval(gt=0)]
    moments: Annotated[list[str], at.MinLen(1)]
    course_days: Annotated[int, at.Interval(gt=0)]
    course_source: str


@dataclass(frozen=True, kw_only=True)
class Preset(_Strict):
    """A named routine taken from one article."""

    name: str
    title: str
    source: str
    summary: str
    schedule: PresetSchedule
    steps: Annotated[list[PresetStep], at.MinLen(1)]

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = plain(self)
        data["points"] = [step.point for step in self.steps]
        return data


@dataclass(frozen=True, kw_only=True)
class _PresetsFile(_Strict):
    presets: list[Preset]


@cache
def _load(path: Path | None = None) -> tuple[Preset, ...]:
    path = path or default_directory() / "presets.yaml"
    try:
        presets = kept_record(path, _PresetsFile).presets
    except (OSError, InvalidYAML, UnicodeDecodeError) as error:
        raise KnowledgeError([f"{path.name}: {error}"]) from None
    except InvalidRecord as error:
        raise KnowledgeError(
            [
                f"{path.name}: {'.'.join(str(p) for p in item['loc'])}: {item['msg']}"
                for item in error.problems
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
