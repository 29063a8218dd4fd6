"""The one place that decides what is unsafe: red flags to a verdict, conditions to limits.

The rules are data (knowledge/data/safety.yaml); this module validates them and applies them
to every point in the catalogue through its code, region, view and tags, so a point added
later is covered by the rules that already exist. The planner only sees what passes here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, get_args, overload

from acupressure.errors import KnowledgeError
from acupressure.knowledge.cache import InvalidYAML, default_directory, kept_record
from acupressure.knowledge.catalogue import Catalogue
from acupressure.knowledge.loader import Knowledge
from acupressure.knowledge.models import (
    TAGS,
    BodyArea,
    Point,
    Position,
    Pressure,
    Tag,
    Tool,
    View,
)
from acupressure.knowledge.records import STRICT, InvalidRecord
from acupressure.knowledge.records import constraints as at
from acupressure.safety.profile import (
    CONDITION_IDS,
    RED_FLAG_IDS,
    ConditionId,
    Profile,
    RedFlagId,
)
from acupressure.safety.verdict import Exclusion, Verdict

Trigger = Literal["pregnant", "always"] | RedFlagId | ConditionId
# Optional moves a technique may add (article 000's knees-to-chest rocking, lying on fists).
MoveOption = Literal[
    "knees_to_chest", "rocking", "lying_on_fists", "foot_warm_up", "start_painful_side"
]
MOVE_OPTIONS: tuple[str, ...] = get_args(MoveOption)
Level = Literal["emergency", "urgent", "caution"]
PRESSURE_ORDER: dict[str, int] = {"light": 0, "moderate": 1, "firm": 2}
# Point-level cautions (points.yaml) whose condition applies to everyone.
GENERAL_CONDITIONS = frozenset({"all", "always", "any", "anyone", "everyone", "general"})
_TRIGGER_ALIASES = {"pregnancy": "pregnant"}
VERDICT_ORDER: tuple[Verdict, ...] = ("emergency", "urgent", "caution", "ok")


class _Strict:
    __pydantic_config__: ClassVar[dict[str, Any]] = STRICT


@dataclass(frozen=True, kw_only=True)
class Selector(_Strict):
    """Which points a rule covers: any listed code, region, tag or view (or all of them)."""

    all: bool = False
    codes: list[str] = field(default_factory=list)
    regions: list[BodyArea] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    views: list[View] = field(default_factory=list)

    def matches(self, point: Point) -> bool:
        return (
            self.all
            or point.code in self.codes
            or point.region in self.regions
            or any(tag in self.tags for tag in point.tags)
            or any(view in self.views for view in point.views())
        )


@dataclass(frozen=True, kw_only=True)
class Limit(_Strict):
    """How a rule restricts pressing a point it does not exclude."""

    max_pressure: Pressure | None = None
    max_seconds: Annotated[int, at.Interval(gt=0)] | None = None
    max_repetitions: Annotated[int, at.Interval(gt=0)] | None = None
    forbid_tools: list[Tool] = field(default_factory=list)
    forbid_positions: list[Position] = field(default_factory=list)
    forbid_options: list[MoveOption] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Rule(_Strict):
    """Exclude or limit the selected points whenever one of `when` is true of the person."""

    id: str
    when: Annotated[list[Trigger], at.MinLen(1)]
    action: Literal["exclude", "limit"]
    select: Selector
    limit: Limit | None = None
    reason: str
    sources: Annotated[list[str], at.MinLen(1)]

    def __post_init__(self) -> None:
        if (self.action == "limit") != (self.limit is not None):
            raise ValueError("a 'limit' rule needs a limit and an 'exclude' rule must not have one")


@dataclass(frozen=True, kw_only=True)
class RedFlag(_Strict):
    """A warning sign; `asked_when: pregnant` flags are asked only then, counted always."""

    id: RedFlagId
    verdict: Level
    asked_when: Literal["pregnant"] | None = None
    question: str
    reason: str
    advice: Annotated[str, at.MinLen(1)]
    sources: Annotated[list[str], at.MinLen(1)]

    @property
    def maternity(self) -> bool:
        return self.asked_when == "pregnant"


@dataclass(frozen=True, kw_only=True)
class ConditionInfo(_Strict):
    id: ConditionId
    question: str
    reason: str
    advice: Annotated[str, at.MinLen(1)]
    sources: Annotated[list[str], at.MinLen(1)]


@dataclass(frozen=True, kw_only=True)
class PregnancyInfo(_Strict):
    question: str
    reason: str
    advice: str
    sources: Annotated[list[str], at.MinLen(1)]


@dataclass(frozen=True, kw_only=True)
class AgeRule(_Strict):
    id: str
    verdict: Level = "caution"
    older_than: int | None = None
    younger_than: int | None = None
    reason: str
    advice: str
    sources: Annotated[list[str], at.MinLen(1)]

    def applies(self, age: int | None) -> bool:
        if age is None:
            return False
        return (self.older_than is not None and age > self.older_than) or (
            self.younger_than is not None and age < self.younger_than
        )


@dataclass(frozen=True, kw_only=True)
class FractureRisk(_Strict):
    """Two or more fracture risk factors together: see a doctor before pressing the spine."""

    min_count: Annotated[int, at.Interval(ge=2)]
    age_from: int
    factors: Annotated[list[RedFlagId | ConditionId], at.MinLen(1)]
    verdict: Level
    reason: str
    advice: str
    sources: Annotated[list[str], at.MinLen(1)]

    def applies(self, profile: Profile) -> bool:
        facts = {*profile.red_flags, *profile.conditions}
        count = sum(factor in facts for factor in self.factors) + (profile.age >= self.age_from)
        return count >= self.min_count


@dataclass(frozen=True, kw_only=True)
class Finding(_Strict):
    """One answer that shapes the verdict: its level, why, what to do, and the sources."""

    id: str
    verdict: Level
    reason: str
    advice: str = ""
    sources: list[str]
    maternity: bool = False


@dataclass(frozen=True, kw_only=True)
class AdviceText(_Strict):
    emergency: list[str]
    urgent: list[str]
    maternity: Annotated[list[str], at.MinLen(1)]
    caution: list[str]
    ok: list[str]
    always: list[str]
    no_point: Annotated[list[str], at.MinLen(1)]  # {what}: the complaint or preset


@dataclass(frozen=True, kw_only=True)
class SafetyRules(_Strict):
    """Layout of knowledge/data/safety.yaml."""

    advice: AdviceText
    red_flags: list[RedFlag]
    pregnancy: PregnancyInfo
    changes: Annotated[list[str], at.MinLen(1)]  # what the last review changed
    changes_in_short: Annotated[str, at.Len(1, 240)]  # one line of it
    age: list[AgeRule]
    fracture_risk: FractureRisk
    conditions: list[ConditionInfo]
    rules: list[Rule]

    def __post_init__(self) -> None:
        for label, ids, expected in (
            ("red_flags", [flag.id for flag in self.red_flags], RED_FLAG_IDS),
            ("conditions", [item.id for item in self.conditions], CONDITION_IDS),
        ):
            if sorted(ids) != sorted(expected):
                raise ValueError(f"{label} must list each of {', '.join(expected)} exactly once")
        rule_ids = [rule.id for rule in self.rules]
        if len(set(rule_ids)) != len(rule_ids):
            raise ValueError("rule ids must be unique")

    def source_ids(self) -> set[str]:
        """Every source the rules cite (a test checks them against sources.yaml)."""
        items: list[RedFlag | ConditionInfo | AgeRule | Rule | PregnancyInfo | FractureRisk] = [
            *self.red_flags,
            *self.conditions,
            *self.age,
            *self.rules,
            self.pregnancy,
            self.fracture_risk,
        ]
        return {source for item in items for source in item.sources}


@dataclass(frozen=True, kw_only=True)
class PointLimit(_Strict):
    """The combined limits on one point: the gentlest pressure, the shortest hold."""

    max_pressure: Pressure | None = None
    max_seconds: int | None = None
    max_repetitions: int | None = None
    forbid_tools: tuple[Tool, ...] = ()
    forbid_positions: tuple[Position, ...] = ()
    forbid_options: tuple[MoveOption, ...] = ()
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # note-level cautions to read

    def merge(self, limit: Limit, reason: str) -> PointLimit:
        pressures: list[Pressure] = [
            p for p in (self.max_pressure, limit.max_pressure) if p is not None
        ]
        seconds = [s for s in (self.max_seconds, limit.max_seconds) if s is not None]
        reps = [r for r in (self.max_repetitions, limit.max_repetitions) if r is not None]
        gentlest = sorted(pressures, key=PRESSURE_ORDER.__getitem__)[:1]
        return replace(
            self,
            max_pressure=gentlest[0] if gentlest else None,
            max_seconds=min(seconds) if seconds else None,
            max_repetitions=min(reps) if reps else None,
            forbid_tools=tuple(dict.fromkeys([*self.forbid_tools, *limit.forbid_tools])),
            forbid_positions=tuple(
                dict.fromkeys([*self.forbid_positions, *limit.forbid_positions])
            ),
            forbid_options=tuple(dict.fromkeys([*self.forbid_options, *limit.forbid_options])),
            reasons=tuple(dict.fromkeys([*self.reasons, reason])),
        )

    def with_note(self, note: str) -> PointLimit:
        return replace(self, notes=tuple(dict.fromkeys([*self.notes, note])))


@dataclass(frozen=True, kw_only=True)
class Question(_Strict):
    """One interview question, shared by the CLI, the web app and the session re-screen."""

    id: str
    text: str
    kind: Literal["yes_no", "number", "choice", "multi_choice"]
    group: str
    choices: list[str] = field(default_factory=list)
    # asked_when: asked only when the person is or may be pregnant
    asked_when: Literal["pregnant"] | None = None


@dataclass(frozen=True, kw_only=True)
class Screening(_Strict):
    """The verdict, why, what to do, and which points are excluded or limited."""

    verdict: Verdict
    reasons: list[str]
    advice: list[str]
    excluded: list[Exclusion] = field(default_factory=list)
    point_limits: dict[str, PointLimit] = field(default_factory=dict)
    cautions: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def self_care(self) -> bool:
        """True when a routine may be offered at all (caution or ok)."""
        return self.verdict in ("caution", "ok")

    def allows(self, code: str) -> bool:
        return code not in {item.point for item in self.excluded}

    def to_json(self) -> dict[str, object]:
        """The `screen` JSON contract: verdict, reasons, advice (plus cautions, sources)."""
        return {
            "verdict": self.verdict,
            "reasons": self.reasons,
            "advice": self.advice,
            "cautions": self.cautions,
            "sources": self.sources,
        }


def _default_rules_path() -> Path:
    return default_directory() / "safety.yaml"


@cache
def load_rules(path: Path | None = None) -> SafetyRules:
    """Read and validate safety.yaml; a bad entry fails loudly, naming file and field."""
    path = path or _default_rules_path()
    try:
        return kept_record(path, SafetyRules)
    except OSError as error:
        raise KnowledgeError([f"{path}: cannot read ({error.strerror})"]) from None
    except (InvalidYAML, UnicodeDecodeError) as error:
        raise KnowledgeError([f"{path}: invalid YAML ({error})"]) from None
    except InvalidRecord as error:
        raise KnowledgeError(
            [
                f"{path.name}: {'.'.join(str(p) for p in item['loc']) or 'top level'}: "
                f"{item['msg']}"
                for item in error.problems
            ]
        ) from None


def rule_problems(rules: SafetyRules, *, knowledge: Knowledge) -> list[str]:
    """Cross-file checks: every rule cites only sources the knowledge base has."""
    return [
        f"safety.yaml: rule {rule.id!r}, field sources: unknown source {source!r}"
        for rule in rules.rules
        for source in rule.sources
        if source not in knowledge.sources
    ]


def active_triggers(profile: Profile) -> set[str]:
    """Every fact about the person that can switch a rule on."""
    triggers: set[str] = {"always", *profile.red_flags, *profile.conditions}
    if profile.pregnant:
        triggers.add("pregnant")
    return triggers


def findings(profile: Profile, rules: SafetyRules) -> list[Finding]:
    """Every answer that shapes the verdict, in a fixed order: flags, pregnancy, age, ..."""
    found = _flag_findings(profile.red_flags, rules)
    if profile.pregnant:
        info = rules.pregnancy
        found.append(
            Finding(
                id="pregnant",
                verdict="caution",
                reason=info.reason,
                advice=info.advice,
                sources=info.sources,
            )
        )
    found += [
        Finding(id=r.id, verdict=r.verdict, reason=r.reason, advice=r.advice, sources=r.sources)
        for r in rules.age
        if r.applies(profile.age)
    ]
    risk = rules.fracture_risk
    if risk.applies(profile):
        found.append(
            Finding(
                id="fracture_risk",
                verdict=risk.verdict,
                reason=risk.reason,
                advice=risk.advice,
                sources=risk.sources,
            )
        )
    found += [
        Finding(
            id=info.id,
            verdict="caution",
            reason=info.reason,
            advice=info.advice,
            sources=info.sources,
        )
        for info in rules.conditions
        if info.id in profile.conditions
    ]
    return found


def _flag_findings(flag_ids: Sequence[str], rules: SafetyRules) -> list[Finding]:
    """The findings of these red flags, in the rules' order."""
    return [
        Finding(
            id=flag.id,
            verdict=flag.verdict,
            reason=flag.reason,
            advice=flag.advice,
            sources=flag.sources,
            maternity=flag.maternity,
        )
        for flag in rules.red_flags
        if flag.id in flag_ids
    ]


def warning_signs(flag_ids: Sequence[str]) -> Screening | None:
    """What the screen says of red flags answered "yes" at a re-screen: its verdict, reasons
    and advice for them alone (the maternity unit's lines when every one is a pregnancy
    sign), or None when none of them stops self-care."""
    rules = load_rules()
    found = _flag_findings(flag_ids, rules)
    verdict = _verdict(found)
    if verdict not in ("emergency", "urgent"):
        return None
    reasons, advice, sources = _reasons_and_advice(found, rules, verdict)
    return Screening(verdict=verdict, reasons=reasons, advice=advice, sources=sources)


def _verdict(found: Sequence[Finding]) -> Verdict:
    levels = {item.verdict for item in found}
    return next((v for v in VERDICT_ORDER if v in levels), "ok")


def _reasons_and_advice(
    found: Sequence[Finding], rules: SafetyRules, verdict: Verdict
) -> tuple[list[str], list[str], list[str]]:
    """Why this verdict, what to do, and the sources behind both, in a fixed order.

    A stop verdict shows only the answers that stop self-care; when every one of them is a
    pregnancy warning sign, the general "call a doctor" lines give way to the maternity ones.
    """
    if verdict in ("emergency", "urgent"):
        shown = sorted(
            (f for f in found if f.verdict in ("emergency", "urgent")),
            key=lambda f: VERDICT_ORDER.index(f.verdict),
        )
        general = (
            rules.advice.maternity
            if all(f.maternity for f in shown)
            else getattr(rules.advice, verdict)
        )
        advice = [*general, *(f.advice for f in shown)]
    else:
        shown = list(found)
        advice = [*getattr(rules.advice, verdict), *(f.advice for f in shown if f.advice)]
        advice += rules.advice.always
    return (
        list(dict.fromkeys(f.reason for f in shown)),
        list(dict.fromkeys(advice)),
        list(dict.fromkeys(s for f in shown for s in f.sources)),
    )


def _point_rules(point: Point, triggers: set[str]) -> Iterator[tuple[str, str, str]]:
    """The point's own cautions that apply to this person: (level, reason, source)."""
    for caution in point.cautions:
        condition = _TRIGGER_ALIASES.get(caution.condition, caution.condition)
        if condition in triggers or condition in GENERAL_CONDITIONS:
            yield caution.level, caution.reason, caution.source


def screen(*, profile: Profile, catalogue: Catalogue) -> Screening:
    """Verdict, reasons and advice for a profile, and the points it must not be given."""
    rules = load_rules()
    found = findings(profile, rules)
    verdict = _verdict(found)
    reasons, advice, sources = _reasons_and_advice(found, rules, verdict)
    triggers = active_triggers(profile)
    active = [rule for rule in rules.rules if triggers.intersection(rule.when)]
    excluded: list[Exclusion] = []
    limits: dict[str, PointLimit] = {}
    for point in catalogue.points:
        why = [r for r in active if r.action == "exclude" and r.select.matches(point)]
        own = list(_point_rules(point, triggers))
        avoid = [(reason, source) for level, reason, source in own if level == "avoid"]
        if why or avoid:
            excluded.append(
                Exclusion(
                    point=point.code,
                    reason=" ".join(dict.fromkeys([r.reason for r in why] + [a[0] for a in avoid])),
                    sources=list(
                        dict.fromkeys([s for r in why for s in r.sources] + [a[1] for a in avoid])
                    ),
                )
            )
            continue
        limit = PointLimit()
        for rule in active:
            if rule.limit is not None and rule.select.matches(point):
                limit = limit.merge(rule.limit, rule.reason)
        for level, reason, _source in own:
            if level == "gentle":
                limit = limit.merge(Limit(max_pressure="light"), reason)
            elif level == "note":
                limit = limit.with_note(reason)
        if limit != PointLimit():
            limits[point.code] = limit
    # Exclusions carry their reason in `excluded`; repeating it here said it twice.
    cautions = list(
        dict.fromkeys(r.reason for r in active if "always" not in r.when and r.action == "limit")
    )
    rule_sources = [s for r in active if "always" not in r.when for s in r.sources]
    return Screening(
        verdict=verdict,
        reasons=reasons,
        advice=advice,
        excluded=excluded,
        point_limits=limits,
        cautions=cautions if verdict in ("caution", "ok") else [],
        sources=list(dict.fromkeys([*sources, *rule_sources])),
    )


def without_points(*, screening: Screening, what: str) -> Screening:
    """The screening when its rules leave out every point a plan could use.

    "You can try self-acupressure" would then be wrong: say plainly that no point suits
    this person for `what` (e.g. "for knee pain"), and what to do instead.
    """
    rules = load_rules()
    general = {*rules.advice.caution, *rules.advice.ok}
    return replace(
        screening,
        advice=[
            *(line.format(what=what) for line in rules.advice.no_point),
            *(line for line in screening.advice if line not in general),
        ],
        sources=list(dict.fromkeys([*screening.sources, "nice_ng59"])),
    )


def rescreen_questions(*, pregnant: bool = False) -> list[Question]:
    """The emergency and urgent red flags, asked again before every session.

    The pregnancy warning signs are among them only for someone who is or may be pregnant.
    """
    return [
        Question(
            id=flag.id,
            text=flag.question,
            kind="yes_no",
            group=flag.verdict,
            asked_when=flag.asked_when,
        )
        for flag in sorted(load_rules().red_flags, key=lambda f: VERDICT_ORDER.index(f.verdict))
        if flag.verdict in ("emergency", "urgent") and (pregnant or not flag.maternity)
    ]


class _LazyQuestions(Sequence[Question]):
    """RESCREEN_QUESTIONS without reading YAML at import time."""

    @overload
    def __getitem__(self, index: int) -> Question: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Question]: ...
    def __getitem__(self, index: int | slice) -> Question | Sequence[Question]:
        return rescreen_questions()[index]

    def __len__(self) -> int:
        return len(rescreen_questions())


RESCREEN_QUESTIONS: Sequence[Question] = _LazyQuestions()

__all__ = [
    "RESCREEN_QUESTIONS",
    "TAGS",
    "PointLimit",
    "Question",
    "SafetyRules",
    "Screening",
    "load_rules",
    "rescreen_questions",
    "screen",
    "warning_signs",
    "without_points",
]
