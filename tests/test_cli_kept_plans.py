"""`plan FILE --json` printed again from the user cache: always what planning afresh prints,
and never once the profile, a knowledge file or the code that plans has changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from acupressure.cli import kept_plans
from acupressure.cli.kept_plans import plan_key
from acupressure.knowledge.cache import PACKAGE
from answered import answered
from test_cli_fast import fast, typer_
from test_planner import PROFILES

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _kept_files(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.plan.json"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@SETTINGS
@given(fields=PROFILES)
def test_a_kept_plan_is_what_planning_afresh_prints(
    tmp_path_factory: pytest.TempPathFactory, fields: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("kept")
    profile = folder / "profile.json"
    profile.write_text(json.dumps(answered(fields)))
    argv = ["plan", str(profile), "--json"]
    reference = typer_(argv)  # the Typer command: no cache on its path
    first = fast(argv)
    kept = fast(argv)
    assert first == kept == reference
    assert kept_plans.kept_plan(profile)[1] == reference[1]


def test_bad_input_is_never_kept_and_always_explained(tmp_path: Path, cache: Path) -> None:
    profile = tmp_path / "profile.json"
    for bad in ('{"complaints": []}', "not json", json.dumps(answered(minutes=99))):
        profile.write_text(bad)
        for _ in range(2):
            code, out, err = fast(["plan", str(profile), "--json"])
            assert code == 2 and out == "" and err.startswith("error: ")
    assert _kept_files(cache) == []


def test_a_change_to_the_profile_data_or_code_is_a_new_plan(
    tmp_path: Path, cache: Path, knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(answered(minutes=8)))
    argv = ["plan", str(profile), "--json"]
    eight = fast(argv)
    assert len(_kept_files(cache)) == 1 and fast(argv) == eight
    assert _kept_files(cache)[0].stat().st_mode & 0o777 == 0o600  # the answers are private
    profile.write_text(json.dumps(answered(minutes=3)))
    three = fast(argv)
    assert three == typer_(argv) and three != eight
    assert len(_kept_files(cache)) == 2
    raw = profile.read_bytes()
    # the key covers every knowledge file and every module that plans
    before = plan_key(raw, knowledge_copy)
    safety = knowledge_copy / "safety.yaml"
    safety.write_text(safety.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert plan_key(raw, knowledge_copy) != before
    package = tmp_path / "package"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr("acupressure.knowledge.cache.PACKAGE", package)
    copied = plan_key(raw, knowledge_copy)
    planner = package / "planning" / "planner.py"
    planner.write_text(planner.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert plan_key(raw, knowledge_copy) != copied


def test_no_cache_keeps_nothing(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACUPRESSURE_NO_CACHE", "1")
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(answered()))
    argv = ["plan", str(profile), "--json"]
    assert fast(argv) == fast(argv) == typer_(argv)
    assert not cache.exists()
