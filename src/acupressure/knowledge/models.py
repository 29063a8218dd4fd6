"""Domain types of the knowledge base, validated when the YAML files are loaded.

Every field that other tools read through the JSON contract (DESIGN.md) is here; the
models are strict (unknown keys are errors) so a typo in the data fails loudly.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

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

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
PositiveInt = Annotated[int, Field(gt=0)]


class Strict(BaseModel):
    """Base for every data model: unknown keys and wrong types are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Strict):
    """An article or reference that statements in the knowledge base cite."""

    id: str
    kind: SourceKind
    title: str
    short_title: str = Field(default="", description="how people are shown an article's name")
    citation: str
    identifiers: dict[str, str] = Field(default_factory=dict)
    summary: str
    limits: str = ""


class Complaint(Strict):
    """A complaint a person can choose; points list these ids as indications."""

    id: ComplaintId
    label: str
    description: str


class Caution(Strict):
    """A reason to press gently, to avoid a point, or simply to know something."""

    condition: str
    level: CautionLevel
    reason: str
    source: str


class Technique(Strict):
    """How one source says to press a point; empty fields mean the source is silent."""

    source: str
    pressure: Pressure | None = None
    motion: Motion | None = None
    tool: Tool | None = None
    seconds: PositiveInt | None = None
    seconds_max: PositiveInt | None = None
    repetitions: PositiveInt | None = None
    per_day: PositiveInt | None = None
    course_days: PositiveInt | None = None
    positions: list[Position] = Field(default_factory=list)
    note: str = ""


class SourceClaim(Strict):
    """What one source says about a point and whether that matches the standard."""

    source: str
    says: str
    agrees: bool | None = None
    note: str = ""
    recommends: bool = Field(
        default=True,
        description="False when the source only describes the area and never names the point",
    )


class ChartMark(Strict):
    """Where the point is drawn: normalised x, y in the view's box.

    For a bilateral point on the front or back view, x is the person's left-side point;
    the right-side point is drawn mirrored at 1 - x.
    """

    view: View
    x: Fraction
    y: Fraction


class Mapping(Strict):
    """For regions and loose descriptions: which standard points, and how sure we are."""

    points: list[str] = Field(default_factory=list)
    certainty: Certainty
    note: str


class Point(Strict):
    """A standard acupressure point, or a region the articles treat as one."""

    code: str
    kind: Kind
    pinyin: str
    pinyin_plain: str
    hanzi_traditional: str = ""
    hanzi_simplified: str = ""
    english: str
    english_names: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    old_codes: list[str] = Field(default_factory=list)
    region: BodyArea
    tags: list[Tag] = Field(default_factory=list)
    bilateral: bool
    location: str
    finding: str
    indications: list[ComplaintId] = Field(min_length=1)
    cautions: list[Caution] = Field(default_factory=list)
    techniques: list[Technique] = Field(default_factory=list)
    sources: list[SourceClaim] = Field(min_length=1)
    chart: list[ChartMark] = Field(min_length=1)
    chart_label: str = ""  # the short name a chart prints by a region (points print the code)
    mapping: Mapping | None = None

    @field_validator("code")
    @classmethod
    def _code_shape(cls, value: str) -> str:
        if not value or any(ch.isspace() for ch in value):
            raise ValueError("code must be a non-empty word without spaces")
        return value

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
        data = self.model_dump(mode="json")
        data["hanzi"] = self.hanzi
        data["aliases"] = self.other_names
        return data


class SharedName(Strict):
    """A name that honestly belongs to more than one entry (declared, never guessed)."""

    name: str
    codes: list[str] = Field(min_length=2)
    note: str


class PointsFile(Strict):
    """Layout of knowledge/data/points.yaml."""

    points: list[Point]
    shared_names: list[SharedName] = Field(default_factory=list)


class SourcesFile(Strict):
    """Layout of knowledge/data/sources.yaml."""

    sources: list[Source]


class ComplaintsFile(Strict):
    """Layout of knowledge/data/complaints.yaml."""

    complaints: list[Complaint]
