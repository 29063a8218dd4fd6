"""`plan FILE --json` answered again from the document it printed last time.

The routine is a function of the profile file's bytes, the knowledge files (points, sources,
complaints, safety rules, presets) and the code that screens, plans and prints. Importing
that code (pydantic and every model) costs many times more than planning, so a printed plan
is kept in the user cache keyed by a hash of all three, and printed again only while every
one of them is unchanged. Only a plan that was validated, screened and planned in full is
ever kept; bad input never is, so its message comes from the real path each time. A kept
plan tells what the person answered, so only they may read it (mode 0600).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from acupressure.knowledge.cache import (
    cache_file,
    default_directory,
    source_digest,
    write_atomically,
)

# What prints `plan FILE --json`: the profile and the screen (safety), the planner
# (planning), the catalogue (knowledge), the errors, and this command's body and output.
PLAN_CODE = (
    "knowledge",
    "safety",
    "planning",
    "errors.py",
    "cli/everyday.py",
    "cli/output.py",
    "cli/kept_plans.py",
)


def plan_key(profile: bytes, directory: Path | None = None) -> str:
    """A hash of everything the printed plan depends on."""
    digest = hashlib.sha256(b"plan --json\0")
    digest.update(source_digest(PLAN_CODE).encode())
    for path in sorted((directory or default_directory()).glob("*.yaml")):
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    digest.update(b"\0profile\0")
    digest.update(profile)
    return digest.hexdigest()


def _file(key: str) -> Path | None:
    return cache_file(key, "plan.json")


def kept_plan(profile_path: Path) -> tuple[str, str | None]:
    """(key, the plan printed last time for these very bytes or None); ("", None) when the
    profile cannot be read (the real path says why)."""
    try:
        key = plan_key(profile_path.read_bytes())
    except OSError:
        return "", None
    path = _file(key)
    if path is None:
        return key, None
    try:
        return key, path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return key, None


def keep_plan(key: str, printed: str) -> None:
    """Keep a plan that was just planned in full and printed (readable by its owner alone:
    it says what the person answered)."""
    if key:
        write_atomically(_file(key), printed.encode("utf-8"), private=True)


__all__ = ["PLAN_CODE", "keep_plan", "kept_plan", "plan_key"]
