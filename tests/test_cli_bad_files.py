"""Files that are not what they claim: every one is one `error:` line and exit 2 (no
traceback), and nothing is written. Profiles in other encodings or binary, JSON nested
past Python's recursion limit as a profile or an import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-c", "from acupressure.cli import main; main()"]
DEEP = ("[" * 200_000 + "]" * 200_000).encode()
DEEP_OBJECT = ('{"sessions": ' + "[" * 200_000 + "]" * 200_000 + "}").encode()
PROFILE = '{"complaints": ["lower_back"], "minutes": 5}'
BAD_PROFILES = {
    "latin-1": '{"complaints": ["lower_back"], "name": "Müller"}'.encode("latin-1"),
    "binary": bytes(range(256)) * 4,
    "utf-16": PROFILE.encode("utf-16"),
    "deep": DEEP,
    "deep-object": DEEP_OBJECT,
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True)


def one_error_line(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result.stderr[-800:]
    assert result.stderr.startswith("error: "), result.stderr[-800:]
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


CASES = [("plan", kind) for kind in sorted(BAD_PROFILES)] + [
    ("screen", "utf-16"),
    ("screen", "deep"),
    ("session", "binary"),
    ("session", "deep-object"),
]


@pytest.mark.parametrize(("command", "kind"), CASES)
def test_a_profile_that_is_not_utf8_json_is_one_error_line(
    tmp_path: Path, command: str, kind: str
) -> None:
    profile = tmp_path / "profile.json"
    profile.write_bytes(BAD_PROFILES[kind])
    extra = ["--json"] if command != "session" else ["--db", f"sqlite:///{tmp_path / 'd.db'}"]
    one_error_line(run(command, str(profile), *extra))


@pytest.mark.parametrize("payload", [DEEP, DEEP_OBJECT], ids=["array", "object"])
def test_an_import_nested_past_the_recursion_limit_is_one_error_line(
    tmp_path: Path, payload: bytes
) -> None:
    file = tmp_path / "diary.json"
    file.write_bytes(payload)
    db = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
    one_error_line(run("diary", "import", str(file), "--db", db))
    listed = run("diary", "list", "--json", "--db", db)
    assert listed.returncode == 0 and '"sessions": []' in listed.stdout
