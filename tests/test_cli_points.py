"""The points commands: tables, panels, JSON contract, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from acupressure.cli import app
from contract import POINT_FIELDS

runner = CliRunner()


def run_json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_points_json_lists_every_entry_with_the_contract_fields() -> None:
    entries = run_json("points")
    assert isinstance(entries, list) and len(entries) >= 22
    for document in entries:
        assert POINT_FIELDS <= set(document)
        assert document["kind"] in {"point", "region"}
        for caution in document["cautions"]:
            assert set(caution) >= {"condition", "level", "reason"}
            assert caution["level"] in {"avoid", "gentle", "note"}
        for claim in document["sources"]:
            assert set(claim) >= {"source", "says", "agrees"}


def test_show_json_for_an_old_code() -> None:
    document = run_json("points", "show", "B54")
    assert isinstance(document, dict)
    assert document["code"] == "BL40"
    assert "B54" in document["aliases"]
    assert document["hanzi"] == "委中"
    assert document["bilateral"] is True
    assert "old bladder numbering" in document["resolved_from"]["assumed"]


def test_show_prints_a_readable_panel() -> None:
    result = runner.invoke(app, ["points", "show", "ub-40"])
    assert result.exit_code == 0
    for text in ("BL40", "Weizhong", "What the sources say", "Using acupressure for back pain"):
        assert text in result.stdout


def test_unknown_name_exits_2_with_closest_names() -> None:
    result = runner.invoke(app, ["points", "show", "Weizhung"])
    assert result.exit_code == 2
    assert "Unknown point" in result.stderr and "BL40" in result.stderr
    assert result.stdout == ""


def test_ambiguous_name_exits_2_listing_both() -> None:
    result = runner.invoke(app, ["points", "show", "Sea of Vitality"])
    assert result.exit_code == 2
    assert "BL23" in result.stderr and "BL52" in result.stderr


def test_filter_by_complaint_and_region() -> None:
    knee = run_json("points", "--complaint", "knee")
    assert isinstance(knee, list) and "BL40" in [d["code"] for d in knee]
    assert all("knee" in d["indications"] for d in knee)
    lower = run_json("points", "--region", "lower_back")
    assert isinstance(lower, list) and {d["region"] for d in lower} == {"lower_back"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["points", "--complaint", "headache"], "headache"),
        (["points", "--region", "elbow"], "elbow"),
    ],
)
def test_bad_filters_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_search() -> None:
    found = run_json("points", "search", "knee")
    assert isinstance(found, list) and "BL40" in [d["code"] for d in found]
    table = runner.invoke(app, ["points", "search", "sciatica"])
    assert table.exit_code == 0 and "GB30" in table.stdout
    nothing = runner.invoke(app, ["points", "search", "qqqq"])
    assert nothing.exit_code == 1
    assert "did you mean" not in nothing.stderr


def test_a_search_that_finds_nothing_suggests_close_names() -> None:
    result = runner.invoke(app, ["points", "search", "wiezhong"])
    assert result.exit_code == 1
    assert "did you mean BL40" in result.stderr


def test_points_table() -> None:
    result = runner.invoke(app, ["points"])
    assert result.exit_code == 0
    assert "BL23" in result.stdout and "paraspinal" in result.stdout


def test_check_passes_on_the_shipped_data() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0 and "knowledge base ok" in result.stdout


def test_check_fails_naming_the_problem(knowledge_copy: Path) -> None:
    points = knowledge_copy / "points.yaml"
    points.write_text(points.read_text(encoding="utf-8").replace("BL40", "BL23"), "utf-8")
    result = runner.invoke(app, ["check", "--directory", str(knowledge_copy), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and any("duplicate" in p for p in report["problems"])


def test_installed_console_script_prints_only_json(tmp_path: Path) -> None:
    """The real process: stdout is exactly one JSON document."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    script = Path(sys.executable).with_name("acupressure")
    done = subprocess.run(
        [str(script), "points", "show", "LV3", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["code"] == "LR3"
    missing = subprocess.run(
        [str(script), "points", "show", "nowhere"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert missing.returncode == 2 and "closest" in missing.stderr.lower()


def test_check_covers_presets_and_safety_rules(knowledge_copy: Path) -> None:
    from acupressure.knowledge.cache import default_directory

    for name in ("safety.yaml", "presets.yaml"):
        (knowledge_copy / name).write_text(
            (default_directory() / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    good = runner.invoke(app, ["check", "--directory", str(knowledge_copy), "--json"])
    assert good.exit_code == 0, good.output
    assert json.loads(good.stdout)["presets"] == 5
    presets = knowledge_copy / "presets.yaml"
    presets.write_text(presets.read_text(encoding="utf-8").replace("BL40", "BL99", 1), "utf-8")
    bad = runner.invoke(app, ["check", "--directory", str(knowledge_copy)])
    assert bad.exit_code == 1 and "BL99" in bad.stderr and "presets.yaml" in bad.stderr
    rules = knowledge_copy / "safety.yaml"
    rules.write_text("rules: [", encoding="utf-8")
    broken = runner.invoke(app, ["check", "--directory", str(knowledge_copy)])
    assert broken.exit_code == 1 and "safety.yaml" in broken.stderr


def test_points_list_is_the_list(catalogue: object) -> None:
    assert run_json("points", "list") == run_json("points")
    knee = run_json("points", "list", "--complaint", "knee")
    assert knee == run_json("points", "--complaint", "knee") and knee


def test_a_near_miss_complaint_gets_did_you_mean() -> None:
    for args in (["points", "--complaint", "knees"], ["points", "list", "--complaint", "knees"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert "did you mean knee?" in result.stderr
        assert "point or region" not in result.stderr
