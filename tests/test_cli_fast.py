"""The fast path answers the everyday commands exactly as the Typer application does, and
hands everything else to Typer; the everyday commands import neither Typer nor Rich."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from acupressure.cli import app
from acupressure.cli.fast import route, run_fast
from answered import answered

runner = CliRunner()


def fast(argv: list[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of the fast path, run in this process."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            assert run_fast(argv), f"the fast path refused {argv}"
        except SystemExit as stop:
            code = int(stop.code or 0)
    return code, out.getvalue(), err.getvalue()


def typer_(argv: list[str]) -> tuple[int, str, str]:
    result = runner.invoke(app, argv)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(answered(complaints=["lower_back", "sciatica"], minutes=8)))
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["points", "show", "BL40"],
        ["points", "show", "BL40", "--json"],
        ["points", "show", "--json", "Weizhong"],
        ["points", "show", "委中", "--json"],
        ["points", "show", "B54", "--json"],
        ["points", "show", "ub-40"],
        ["points", "show", "no such point"],
        ["points", "show", "--json", "Bladder"],
    ],
)
def test_points_show_answers_as_typer_does(argv: list[str]) -> None:
    assert fast(argv) == typer_(argv)


def test_plan_json_answers_as_typer_does(profile: Path, tmp_path: Path) -> None:
    argv = ["plan", str(profile), "--json"]
    assert fast(argv) == typer_(argv)
    incomplete = '{"complaints": ["lower_back"], "minutes": 10}'
    for bad in ('{"complaints": []}', "not json", json.dumps(answered(minutes=99)), incomplete):
        profile.write_text(bad)
        code, out, err = fast(argv)
        assert (code, out, err) == typer_(argv)
        assert code == 2 and err.startswith("error: ")
    missing = ["plan", str(tmp_path / "missing.json"), "--json"]
    assert fast(missing) == typer_(missing)


def _without_uid(result: tuple[int, str, str]) -> tuple[int, str, str]:
    code, out, err = result
    if out.startswith("{"):
        document = json.loads(out)
        document["session"].pop("uid")
        out = json.dumps(document)
    return code, out, err


@pytest.mark.parametrize(
    "options",
    [
        ["--pain-before", "6", "--pain-after", "4", "--date", "2026-11-02"],
        ["--pain-before=6", "--pain-after=3", "--date", "2026-11-02T08:30", "--json"],
        ["--pain-after", "3", "--pain-before", "5", "--side-effect", "bruising",
         "--side-effect", "more-pain", "--note", "stiff, évening", "--date", "2026-11-03",
         "--json"],
        ["--pain-before", "11", "--pain-after", "3", "--date", "2026-11-02"],
        ["--pain-before", "4", "--pain-after", "3", "--date", "2999-01-01"],
        ["--pain-before", "4", "--pain-after", "3", "--date", "yesterday"],
        ["--pain-before", "4", "--pain-after", "3", "--side-effect", "headache"],
    ],
)  # fmt: skip
def test_diary_add_answers_as_typer_does(tmp_path: Path, options: list[str]) -> None:
    first, second = (f"sqlite:///{tmp_path / name}" for name in ("fast.db", "typer.db"))
    by_fast = fast(["diary", "add", *options, "--db", first])
    by_typer = typer_(["diary", "add", *options, "--db", second])
    assert _without_uid(by_fast) == _without_uid(by_typer)


def test_diary_summary_answers_as_typer_does(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'diary.db'}"
    for day in range(1, 12):
        pain = ["--pain-before", str(3 + day % 4), "--pain-after", str(2 + day % 3)]
        fast(["diary", "add", *pain, "--date", f"2026-11-{day:02d}", "--db", db])
    for extra in ([], ["--json"], ["--per-day", "2", "--json"], ["--per-day=1"]):
        argv = ["diary", "summary", *extra, "--db", db]
        assert fast(argv) == typer_(argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["points"],
        ["points", "show"],
        ["points", "show", "--help"],
        ["points", "show", "BL40", "--jsn"],
        ["points", "show", "BL40", "LV3"],
        ["points", "search", "knee"],
        ["plan", "profile.json"],
        ["plan", "profile.json", "--json", "--preset", "article-002"],
        ["plan", "--json"],
        ["diary", "add", "--pain-before", "x", "--pain-after", "2"],
        ["diary", "add", "--pain-before", "4"],
        ["diary", "add", "--pain-before", "4", "--pain-after", "2", "--help"],
        ["diary", "add", "--pain-bef", "4", "--pain-after", "2"],
        ["diary", "summary", "--per-day", "two"],
        ["diary", "summary", "--per-day", "0"],
        ["diary", "summary", "--per-day=13"],
        ["diary", "list"],
        ["screen", "profile.json", "--json"],
    ],
)
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert route(argv) is None


ENTRY = Path(sys.executable).with_name("acupressure")


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["points", "show", "BL40", "--json"], {"typer", "rich", "pydantic", "yaml"}),
        (["points", "show", "BL40"], {"typer", "pydantic", "yaml"}),
        (["plan", "{profile}", "--json"], {"typer", "rich", "yaml", "pydantic", "pydantic_core"}),
        (["diary", "add", "--pain-before", "3", "--pain-after", "2"],
         {"typer", "rich", "alembic", "sqlalchemy", "acupressure.diary.analytics"}),
        (["diary", "summary", "--json"], {"typer", "rich", "alembic", "sqlalchemy"}),
    ],
)  # fmt: skip
def test_everyday_commands_import_no_typer_or_rich(
    argv: list[str], absent: set[str], profile: Path, tmp_path: Path
) -> None:
    """Measured, not timed: the modules a whole process imports (the cache warmed first)."""
    argv = [part.replace("{profile}", str(profile)) for part in argv]
    probe = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sys.modules)))\n"
        "from acupressure.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "ACUPRESSURE_DB": f"sqlite:///{tmp_path / 'diary.db'}"}
    command = [sys.executable, "-c", probe, *argv]
    for _ in range(3):  # the first runs may build the knowledge snapshot, the diary, its SQL
        result = subprocess.run(command, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stderr.rsplit("MODULES ", 1)[1].split())
    assert not {name for name in loaded if name in absent or name.split(".")[0] in absent}
