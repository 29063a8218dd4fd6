"""CLI command: `chart` draws a body chart as SVG (the same picture the web app shows)."""

from __future__ import annotations

from pathlib import Path

import typer

from acupressure.cli.output import emit_json, fail, reported_errors

VIEW_HELP = "back, front, side, hand, foot_top or foot_sole."


def register(app: typer.Typer) -> None:
    """Add this module's commands to the application."""
    app.command("chart")(chart)


def chart(
    view: str = typer.Option("back", "--view", help=f"Which picture: {VIEW_HELP}"),
    complaint: str | None = typer.Option(
        None, help="Emphasise the points for this complaint (e.g. lower_back) and dim the rest."
    ),
    highlight: list[str] = typer.Option(  # noqa: B008
        [], "--highlight", help="Emphasise this point (any name; repeat for more)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Write the SVG to this file (default: print it on stdout)."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print what was drawn (point, side, x, y) as one JSON document."
    ),
) -> None:
    """Draw the points and regions of one view as an SVG picture, labelled and clickable."""
    from acupressure.charts.bodymap import placed_marks, render_chart, view_box
    from acupressure.knowledge.catalogue import load_catalogue

    with reported_errors():
        catalogue = load_catalogue()
        codes = frozenset(catalogue.find(name).code for name in highlight)
        svg = render_chart(catalogue=catalogue, view=view, highlight=codes, complaint=complaint)
        marks = placed_marks(catalogue=catalogue, view=view)
        width, height = view_box(view)
    if out is not None:
        try:
            out.write_text(svg, encoding="utf-8")
        except OSError as error:
            fail(f"cannot write {out}: {error.strerror}", code=1)
    if as_json:
        emit_json(
            {
                "view": view,
                "width": width,
                "height": height,
                "out": str(out) if out else None,
                "marks": [m.to_json() for m in marks],
            }
        )
    elif out is None:
        typer.echo(svg, nl=False)
