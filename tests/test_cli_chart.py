"""The chart command: writes the SVG, lists what it drew, exits 2 naming bad input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from typer.testing import CliRunner

from acupressure.charts.bodymap import placed_marks
from acupressure.cli import app
from acupressure.knowledge.catalogue import Catalogue

runner = CliRunner()


def test_chart_writes_the_svg_file(tmp_path: Path, catalogue: Catalogue) -> None:
    out = tmp_path / "back.svg"
    result = runner.invoke(app, ["chart", "--view", "back", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert root.get("data-view") == "back"
    codes = {element.get("data-code") for element in root.iter() if element.get("data-code")}
    assert codes == {mark.code for mark in placed_marks(catalogue=catalogue, view="back")}


def test_chart_json_lists_what_was_drawn(tmp_path: Path, catalogue: Catalogue) -> None:
    out = tmp_path / "front.svg"
    result = runner.invoke(
        app,
        ["chart", "--view", "front", "--complaint", "lower_back", "--out", str(out), "--json"],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["view"] == "front" and (document["width"], document["height"]) == (500, 1000)
    assert document["out"] == str(out) and out.exists()
    expected = [mark.to_json() for mark in placed_marks(catalogue=catalogue, view="front")]
    assert document["marks"] == expected
    assert all(set(mark) == {"point", "kind", "side", "x", "y"} for mark in document["marks"])


def test_chart_without_out_prints_the_svg() -> None:
    result = runner.invoke(app, ["chart", "--view", "hand"])
    assert result.exit_code == 0, result.output
    assert ET.fromstring(result.stdout).get("data-view") == "hand"


def test_highlight_accepts_any_name_of_a_point(tmp_path: Path) -> None:
    out = tmp_path / "back.svg"
    result = runner.invoke(app, ["chart", "--highlight", "ub-40", "--out", str(out)])
    assert result.exit_code == 0, result.output
    marked = [
        element
        for element in ET.fromstring(out.read_text(encoding="utf-8")).iter()
        if element.get("data-code") == "BL40"
    ]
    assert marked and all("hl" in element.get("class", "").split() for element in marked)


def test_bad_input_exits_2_and_names_it(tmp_path: Path) -> None:
    out = tmp_path / "x.svg"
    for args, name in (
        (["--view", "top"], "top"),
        (["--complaint", "backache"], "backache"),
        (["--highlight", "XX99"], "XX99"),
    ):
        result = runner.invoke(app, ["chart", *args, "--out", str(out)])
        assert result.exit_code == 2, args
        assert name in result.stderr and result.stdout == ""
    assert not out.exists()


def test_unwritable_out_is_a_runtime_failure(tmp_path: Path) -> None:
    result = runner.invoke(app, ["chart", "--out", str(tmp_path / "missing" / "x.svg")])
    assert result.exit_code == 1
    assert "cannot write" in result.stderr
