"""Domain types of the knowledge base, validated when the YAML files are loaded.

Every field that other tools read through the JSON contract (DESIGN.md) is here; the
records are strict (unknown keys are errors) so a typo in the data fails loudly. They are
frozen dataclasses (knowledge.records): pydantic checks them on the way in only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal, get_args

from acupressure.knowledge.records import STRICT_TRIMMED, plain
from acupressure.knowledge.records import constraints as at

ComplaintId = Literal["lower_back", "upper_back", "sciatica", "hip", "knee", "stiffness", "stress"]
COMPLAINT_IDS: tuple[str, ...] = get_args(ComplaintId)
Kind = Literal["point", "region"]
BodyArea = Literal[
    "head",
    "neck",
    "shoulder",
    "chest",
    "upper_back",
    "lower_back",
    "sacrum",
    "buttock",
    "abdomen",
    "arm",
    "hand",
    "thigh",
    "knee",
    "lower_leg",
    "foot",
]
# What safety rules select points by, besides region and view (see knowledge/data/safety.yaml).
Tag = Literal[
    "lower_back",
    "sacral",
    "over_spine",
    "lower_abdomen",
    "abdomen",
    "behind_knee",
    "leg",
    "lower_leg",
    "foot",
    "hand",
    "arm",
    "neck",
    "shoulder",
    "head",
    "chest",
    "upper_back",
    "buttock",
    "pregnancy_avoid",
]
TAGS: tuple[str, ...] = get_args(Tag)
View = Literal["front", "back", "side", "hand", "foot_top", "foot_sole"]
Pressure = Literal["light", "moderate", "firm"]
Motion = Literal["hold", "circles", "knead"]
# "lying" is on the back; "lying_side" on the side (pregnancy: never flat on the back).
Position = Literal["sitting", "lying", "lying_side", "standing"]
Tool = Literal["fingertip", "thumb", "thumbs", "knuckles", "fist", "palm", "massage_tool"]
CautionLevel = Literal["avoid", "gentle", "note"]
Certainty = Literal["standard", "probable", "uncertain"]
SourceKind = Literal[
    "article", "book", "standard", "trial", "review", "guideline", "safety", "measure"
]


def a_word_without_spaces(value: str) -> bool:
    """A point's code: one non-empty word (the name pydantic's message shows)."""
    return bool(value) and not any(ch.isspace() for ch in value)


class Strict:
    """Base for every knowledge record: unknown keys and wrong types are errors."""

    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT_TRIMMED


@dataclass(frozen=True, kw_only=True)
class Source(Strict):
    """An article or reference that statements in the knowledge base cite."""

    id: str
    kind: SourceKind
    title: str
    short_title: str = ""  # how people are shown an article's name
    citation: str
    identifiers: dict[str, str] = field(default_factory=dict)
    summary: str
    limits: str = ""


@dataclass(frozen=True, kw_only=True)
class Complaint(Strict):
    """A complaint a person can choose; points list these ids as indications."""

    id: ComplaintId
    label: str
    description: str


@dataclass(frozen=True, kw_only=True)
class Caution(Strict):
    """A reason to press gently, to avoid a point, or simply to know something."""

    condition: str
    level: CautionLevel
    reason: str
    source: str


@dataclass(frozen=True, kw_only=True)
class Technique(Strict):
    """How one source says to press a point; empty fields mean the source is silent."""

    source: str
    pressure: Pressure | None = None
    motion: Motion | None = None
    tool: Tool | None = None
    seconds: Annotated[int, at.Interval(gt=0)] | None = None
    seconds_max: Annotated[int, at.Interval(gt=0)] | None = None
    repetitions: Annotated[int, at.Interval(gt=0)] | None = None
    per_day: Annotated[int, at.Interval(gt=0)] | None = None
    course_days: Annotated[int, at.Interval(gt=0)] | None = None
    positions: list[Position] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SourceClaim(Strict):
    """What one source says about a point and whether that matches the standard."""

    source: str
    says: str
    agrees: bool | None = None
    note: str = ""
    recommends: bool = True  # False when the source only describes the area, never the point


@dataclass(frozen=True, kw_only=True)
class ChartMark(Strict):
    """Where the point is drawn: normalised x, y in the view's box.

    For a bilateral point on the front or back view, x is the person's left-side point;
    the right-side point is drawn mirrored at 1 - x.
    """

    view: View
    x: Annotated[float, at.Interval(ge=0.0, le=1.0)]
    y: Annotated[float, at.Interval(ge=0.0, le=1.0)]


@dataclass(frozen=True, kw_only=True)
class Mapping(Strict):
    """For regions and loose descriptions: which standard points, and how sure we are."""

    points: list[str] = field(default_factory=list)
    certainty: Certainty
    note: str


@dataclass(frozen=True, kw_only=True)
class Point(Strict):
    """A standard acupressure point, or a region the articles treat as one."""

    code: Annotated[str, at.Predicate(a_word_without_spaces)]
    kind: Kind
    pinyin: str
    pinyin_plain: str
    hanzi_traditional: str = ""
    hanzi_simplified: str = ""
    english: str
    english_names: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    old_codes: list[str] = field(default_factory=list)
    region: BodyArea
    tags: list[Tag] = field(default_factory=list)
    bilateral: bool
    location: str
    finding: str
    indications: Annotated[list[ComplaintId], at.MinLen(1)]
    cautions: list[Caution] = field(default_factory=list)
    techniques: list[Technique] = field(default_factory=list)
    sources: Annotated[list[SourceClaim], at.MinLen(1)]
    chart: Annotated[list[ChartMark], at.MinLen(1)]
    chart_label: str = ""  # the short name a chart prints by a region (points print the code)
    mapping: Mapping | None = None

    @property
    def hanzi(self) -> str:
        """Characters as one string: 'traditional / simplified' where they differ."""
        trad, simp = self.hanzi_traditional, self.hanzi_simplified
        if trad and simp and trad != simp:
            return f"{trad} / {simp}"
        return trad or simp

    def views(self) -> list[str]:
        return [mark.view for mark in self.chart]

    @property
    def other_names(self) -> list[str]:
        """Every name besides the code and main English name, old codes included."""
        names: list[str] = []
        for name in [*self.english_names, *self.old_codes, *self.aliases]:
            if name != self.english and name not in names:
                names.append(name)
        return names

    def to_json(self) -> dict[str, object]:
        """The point document of the JSON contract (DESIGN.md), plus the extra detail."""
        data: dict[str, object] = plain(self)
        data["hanzi"] = self.hanzi
        data["aliases"] = self.other_names
        return data


@dataclass(frozen=True, kw_only=True)
class SharedName(Strict):
    """A name that honestly belongs to more than one entry (declared, never guessed)."""

    name: str
    codes: Annotated[list[str], at.MinLen(2)]
    note: str
