"""Rich renderings of points for the terminal (imported only when something is shown)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from acupressure.catalogue import Catalogue
from acupressure.models import Point, Technique

AGREEMENT = {True: "agrees", False: "differs", None: "not a location claim"}


def points_table(points: list[Point]) -> None:
    """One row per entry: code, names, area, sides, complaints."""
    table = Table(title=f"{len(points)} entries", show_lines=False)
    for column in ("Code", "Name", "Pinyin", "Area", "Sides", "For"):
        table.add_column(column)
    for point in points:
        sides = "both sides" if point.bilateral else "midline"
        if point.kind == "region":
            sides = f"region, {sides}"
        table.add_row(
            point.code,
            point.english,
            point.pinyin,
            point.region.replace("_", " "),
            sides,
            ", ".join(point.indications),
        )
    Console().print(table)


def technique_line(technique: Technique) -> str:
    """A technique in one readable line: pressure, motion, tool, time, how often."""
    parts: list[str] = [
        value
        for value in (technique.pressure, technique.motion, technique.tool)
        if value is not None
    ]
    if technique.seconds:
        span = f"{technique.seconds}"
        if technique.seconds_max and technique.seconds_max != technique.seconds:
            span += f"-{technique.seconds_max}"
        parts.append(f"{span} s")
    if technique.repetitions:
        parts.append(f"x{technique.repetitions}")
    if technique.per_day:
        parts.append(f"{technique.per_day}/day")
    if technique.course_days:
        parts.append(f"for {technique.course_days} days")
    if technique.positions:
        parts.append("(" + ", ".join(technique.positions) + ")")
    line = ", ".join(parts) or "no details given"
    return f"{line}. {technique.note}".strip() if technique.note else line


def point_panel(point: Point, catalogue: Catalogue, *, assumed: str = "") -> None:
    """Everything about one entry, source by source, disagreements included."""
    names = Table.grid(padding=(0, 2))
    names.add_row("Pinyin", f"{point.pinyin} ({point.pinyin_plain})")
    if point.hanzi:
        names.add_row("Characters", point.hanzi)
    names.add_row("English", ", ".join([point.english, *point.english_names[:6]]))
    if point.other_names:
        names.add_row("Also called", ", ".join(point.other_names))
    names.add_row("Area", point.region.replace("_", " "))
    names.add_row("Sides", "both sides (press left and right)" if point.bilateral else "midline")
    names.add_row("Helps with", ", ".join(point.indications))
    parts: list[object] = []
    if assumed:
        parts.append(Text(f"Note: {assumed}", style="yellow"))
    parts += [names, _section("Where it is", point.location), _section("Find it", point.finding)]
    if point.mapping:
        parts.append(
            _section(
                f"Mapping ({point.mapping.certainty})",
                f"{', '.join(point.mapping.points)}: {point.mapping.note}",
            )
        )
    if point.techniques:
        techniques = Table("Source", "How to press", box=None)
        for technique in point.techniques:
            techniques.add_row(
                _source_label(catalogue, technique.source), technique_line(technique)
            )
        parts += [Text("How to press it", style="bold"), techniques]
    if point.cautions:
        cautions = Table("Level", "When", "Why", box=None)
        for caution in point.cautions:
            cautions.add_row(caution.level, caution.condition.replace("_", " "), caution.reason)
        parts += [Text("Cautions", style="bold red"), cautions]
    claims = Table("Source", "Says", "Standard?", box=None)
    for claim in point.sources:
        verdict = AGREEMENT[claim.agrees] + (f": {claim.note}" if claim.note else "")
        claims.add_row(_source_label(catalogue, claim.source), claim.says, verdict)
    parts += [Text("What the sources say", style="bold"), claims]
    title = f"{point.code} · {point.english}" + (" (region)" if point.kind == "region" else "")
    Console().print(Panel(Group(*parts), title=title, expand=False))  # type: ignore[arg-type]


def _section(title: str, body: str) -> Group:
    return Group(Text(title, style="bold"), Text(body))


def _source_label(catalogue: Catalogue, source_id: str) -> str:
    source = catalogue.sources.get(source_id)
    if source is None:
        return source_id
    if source.kind == "article":
        return f"article {source_id[:3]}"
    return source_id
