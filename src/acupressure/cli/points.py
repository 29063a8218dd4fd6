"""CLI commands: look points up (`points`, `points show`, `points search`) and `check` the data."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from acupressure.cli.output import emit_json, fail, reported_errors

if TYPE_CHECKING:
    from acupressure.knowledge.catalogue import Catalogue

points_app = typer.Typer(
    help="Look up points and regions by any name: codes, old codes, pinyin, characters, English.",
    invoke_without_command=True,
)

JSON_OPTION = typer.Option(False, "--json", help="Print one JSON document instead of a table.")


def _catalogue() -> Catalogue:
    from acupressure.knowledge.catalogue import load_catalogue

    with reported_errors():
        return load_catalogue()


@points_app.callback()
def list_points(
    ctx: typer.Context,
    complaint: str | None = typer.Option(None, help="Only entries indicated for this complaint."),
    region: str | None = typer.Option(None, help="Only entries in this body area."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List every point and region (filter by complaint or body area)."""
    if ctx.invoked_subcommand is not None:
        return
    _list(complaint=complaint, region=region, as_json=as_json)


def _list(*, complaint: str | None, region: str | None, as_json: bool) -> None:
    catalogue = _catalogue()
    with reported_errors():
        entries = catalogue.for_complaint(complaint) if complaint else list(catalogue)
    if region is not None:
        areas = sorted({point.region for point in catalogue})
        if region not in areas:
            fail(f"unknown region {region!r}; choose from: {', '.join(areas)}")
        entries = [point for point in entries if point.region == region]
    if as_json:
        emit_json([point.to_json() for point in entries])
        return
    from acupressure.cli.point_views import points_table

    points_table(entries)


@points_app.command("list")
def list_command(
    complaint: str | None = typer.Option(None, help="Only entries indicated for this complaint."),
    region: str | None = typer.Option(None, help="Only entries in this body area."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List every point and region, as `points` alone does (filter by complaint or area)."""
    _list(complaint=complaint, region=region, as_json=as_json)


@points_app.command("show")
def show_point(
    name: str = typer.Argument(..., help="Any name: BL40, B54, UB-40, Weizhong, 委中, ..."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show one entry: names, where it is, how to find and press it, what each source says."""
    from acupressure.cli.everyday import show_point as show

    show(name, as_json=as_json)


@points_app.command("search")
def search_points(
    text: str = typer.Argument(..., help="Words to find in names, locations and complaints."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Find entries by words in their names, location, body area or complaints."""
    catalogue = _catalogue()
    found = catalogue.search(text)
    if as_json:
        emit_json([point.to_json() for point in found])
        return
    if not found:
        close = [f"{p.code} {p.pinyin} ({p.english})" for p in catalogue.suggestions(text)]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        fail(f"nothing matches {text!r}{hint}", code=1)
    from acupressure.cli.point_views import points_table

    points_table(found)


def check(
    directory: str | None = typer.Option(None, help="Check another knowledge directory."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Validate the knowledge base (points, sources, safety rules, presets); exit 1 on a problem."""
    from pathlib import Path

    from acupressure.errors import KnowledgeError
    from acupressure.knowledge.audit import audit_knowledge
    from acupressure.planning.presets import load_presets, preset_problems
    from acupressure.safety.rules import load_rules, rule_problems

    try:
        folder, knowledge, summary = audit_knowledge(Path(directory) if directory else None)
        # Read the files afresh: the loaders' caches may hold an earlier version of them.
        rules = load_rules.__wrapped__(folder / "safety.yaml")
        presets = load_presets(folder / "presets.yaml", fresh=True)
        problems = rule_problems(rules, knowledge=knowledge)
        problems += preset_problems(presets, knowledge=knowledge)
        if problems:
            raise KnowledgeError(problems)
        summary |= {"safety_rules": len(rules.rules), "presets": len(presets)}
    except KnowledgeError as error:
        if as_json:
            emit_json({"ok": False, "problems": error.problems})
        fail(str(error), code=1)
    if as_json:
        emit_json({"ok": True, **summary})
    else:
        counts = ", ".join(f"{count} {what.replace('_', ' ')}" for what, count in summary.items())
        typer.echo(f"knowledge base ok: {counts}")


def register(app: typer.Typer) -> None:
    """Add `points` and `check` to the application."""
    app.add_typer(points_app, name="points")
    app.command("check")(check)
