"""Rich renderings of points for the terminal (imported only when something is shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from acupressure.knowledge.models import Point

AGREEMENT = {True: "agrees", False: "differs", None: "uncertain or not about location"}


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


def technique_line(technique: dict[str, Any]) -> str:
    """A technique in one readable line: pressure, motion, tool, time, how often."""
    parts: list[str] = [
        str(technique[key]) for key in ("pressure", "motion", "tool") if technique.get(key)
    ]
    if technique.get("seconds"):
        span = f"{technique['seconds']}"
        if technique.get("seconds_max") and technique["seconds_max"] != technique["seconds"]:
            span += f"-{technique['seconds_max']}"
        parts.append(f"{span} s")
    if technique.get("repetitions"):
        parts.append(f"x{technique['repetitions']}")
    if technique.get("per_day"):
        parts.append(f"{technique['per_day']}/day")
    if technique.get("course_days"):
        parts.append(f"for {technique['course_days']} days")
    if technique.get("positions"):
        parts.append("(" + ", ".join(technique["positions"]) + ")")
    line = ", ".join(parts) or "no details given"
    note = technique.get("note") or ""
    return f"{line}. {note}".strip() if note else line


def point_panel(
    point: dict[str, Any],
    sources: dict[str, dict[str, str]],
    *,
    assumed: str = "",
    console: Console | None = None,
) -> None:
    """Everything about one entry (its JSON document), source by source, disagreements included."""
    (console or Console()).print(point_renderable(point, sources, assumed=assumed))


def point_renderable(
    point: dict[str, Any], sources: dict[str, dict[str, str]], *, assumed: str = ""
) -> Panel:
    """The panel of point_panel, not yet drawn."""
    names = Table.grid(padding=(0, 2))
    names.add_row("Pinyin", f"{point['pinyin']} ({point['pinyin_plain']})")
    if point["hanzi"]:
        names.add_row("Characters", point["hanzi"])
    others = [name for name in point["english_names"] if name != point["english"]]
    names.add_row("English", ", ".join([point["english"], *others[:6]]))
    if point["aliases"]:
        names.add_row("Also called", ", ".join(point["aliases"]))
    names.add_row("Area", point["region"].replace("_", " "))
    sides = "both sides (press left and right)" if point["bilateral"] else "midline"
    names.add_row("Sides", sides)
    names.add_row("Articles suggest it for", ", ".join(point["indications"]))
    parts: list[RenderableType] = []
    if assumed:
        parts.append(Text(f"Note: {assumed}", style="yellow"))
    parts += [names, _section("Where it is", point["location"])]
    parts.append(_section("Find it", point["finding"]))
    mapping = point.get("mapping")
    if mapping:
        body = f"{', '.join(mapping['points'])}: {mapping['note']}"
        parts.append(_section(f"Mapping ({mapping['certainty']})", body))
    if point["techniques"]:
        techniques = Table("Source", "How to press", box=None)
        for technique in point["techniques"]:
            techniques.add_row(_label(sources, technique["source"]), technique_line(technique))
        parts += [Text("How to press it", style="bold"), techniques]
    if point["cautions"]:
        cautions = Table("Level", "When", "Why", box=None)
        for caution in point["cautions"]:
            condition = caution["condition"].replace("_", " ")
            cautions.add_row(caution["level"], condition, caution["reason"])
        parts += [Text("Cautions", style="bold red"), cautions]
    claims = Table("Source", "Says", "Standard?", box=None)
    for claim in point["sources"]:
        verdict = AGREEMENT[claim["agrees"]] + (f": {claim['note']}" if claim["note"] else "")
        claims.add_row(_label(sources, claim["source"]), claim["says"], verdict)
    parts += [Text("What the sources say", style="bold"), claims]
    region = " (region)" if point["kind"] == "region" else ""
    title = f"{point['code']} · {point['english']}{region}"
    return Panel(Group(*parts), title=title, expand=False)


def _section(title: str, body: str) -> Group:
    return Group(Text(title, style="bold"), Text(body))


def _label(sources: dict[str, dict[str, str]], source_id: str) -> str:
    """Articles by their short title, references by their title: never a file name or id."""
    source = sources.get(source_id)
    if source is None:
        return source_id
    return source.get("short_title") or source["title"]
