"""A session typed in by hand: the plain check and the plain view held to `SessionEntry`.

The plain check accepts nothing the model refuses, makes the very row the model's values
make, and accepts every session of the kinds `diary add` sends that the model accepts; the
stored session shows the same JSON and the same line either way.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import get_args

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from acupressure.cli.everyday import session_line
from acupressure.diary.entries import SessionEntry, SideEffect
from acupressure.diary.fields import SIDE_EFFECTS
from acupressure.diary.manual import plain_values, typed_session
from acupressure.diary.rows import session_values, stored_session

zones = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=45)),
                         timezone(-timedelta(hours=10))])  # fmt: skip
# Well-formed values, and for each field the values that are not (or not plainly) so.
GOOD = {
    "started_at": st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31),
                               timezones=zones),
    "pain_before": st.none() | st.integers(0, 10),
    "pain_after": st.none() | st.integers(0, 10),
    "side_effects": st.lists(st.sampled_from(SIDE_EFFECTS), max_size=5),
    "note": st.text(max_size=30) | st.text(alphabet="ab ", min_size=3990, max_size=4000),
}  # fmt: skip
BAD = {
    "started_at": st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(1899, 12, 31),
                               timezones=zones)
    | st.datetimes(min_value=datetime(2100, 1, 1), timezones=zones) | st.datetimes(),
    "pain_before": st.integers(-3, -1) | st.integers(11, 14) | st.booleans() | st.floats(0, 10)
    | st.text(max_size=2),
    "pain_after": st.integers(-3, -1) | st.integers(11, 14) | st.booleans() | st.floats(0, 10),
    "side_effects": st.lists(st.sampled_from(["itch", "", "Bruising"]) | st.integers(),
                             min_size=1, max_size=3),
    "note": st.text(alphabet="ab", min_size=4001, max_size=4005)
    | st.sampled_from(["a\x00b", "\ud800", 7]),
}  # fmt: skip


@st.composite
def sessions_typed_in(draw: st.DrawFn) -> dict[str, object]:
    """A well-formed session, or one with a single field that is not."""
    data = {name: draw(values) for name, values in GOOD.items()}
    spoilt = draw(st.none() | st.sampled_from(sorted(BAD)))
    if spoilt is not None:
        data[spoilt] = draw(BAD[spoilt])
    return {"uid": "a-uid", **data}


def by_the_model(data: dict[str, object]) -> SessionEntry | None:
    try:
        return SessionEntry.model_validate({**data, "origin": "manual"})
    except ValidationError:
        return None


@settings(max_examples=500, deadline=None)
@given(data=sessions_typed_in())
def test_the_plain_check_accepts_what_the_model_accepts_and_makes_its_row(
    data: dict[str, object],
) -> None:
    plain = plain_values(**data)  # type: ignore[arg-type]
    entry = by_the_model(data)
    if plain is not None:
        assert entry is not None, "the plain check let through what the model refuses"
        assert plain == session_values(entry)
    plainly_typed = (
        isinstance(data["started_at"], datetime) and data["started_at"].tzinfo is not None
        and all(p is None or type(p) is int for p in (data["pain_before"], data["pain_after"]))
        and all(type(k) is str for k in data["side_effects"])  # type: ignore[attr-defined]
        and type(data["note"]) is str
    )  # fmt: skip
    if entry is not None and plainly_typed:
        assert plain is not None, "a well-formed session was left to the model"


@settings(max_examples=200, deadline=None)
@given(started_at=GOOD["started_at"],
       pain_before=st.none() | st.integers(0, 10), pain_after=st.none() | st.integers(0, 10),
       side_effects=st.lists(st.sampled_from(SIDE_EFFECTS), max_size=4),
       note=st.text(max_size=40).filter(lambda t: "\x00" not in t),
       row_id=st.integers(1, 10**6))  # fmt: skip
def test_the_stored_session_shows_the_models_json_and_line(
    started_at: datetime, pain_before: int | None, pain_after: int | None,
    side_effects: list[str], note: str, row_id: int,
) -> None:  # fmt: skip
    values = plain_values(uid="a-uid", started_at=started_at, pain_before=pain_before,
                          pain_after=pain_after, side_effects=side_effects, note=note)  # fmt: skip
    assert values is not None
    typed, model = typed_session(row_id, values), stored_session(row_id, values)
    assert typed.document() == model.model_dump(mode="json")
    assert session_line(typed) == session_line(model)


def test_the_side_effects_are_the_models() -> None:
    assert get_args(SideEffect) == SIDE_EFFECTS


def test_diary_add_builds_no_models(tmp_path: Path) -> None:
    probe = ("import sys, atexit\n"
             "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sys.modules)))\n"
             "from acupressure.cli import main\nmain()\n")  # fmt: skip
    url = f"sqlite:///{tmp_path / 'diary.sqlite3'}"
    for _ in range(3):  # the first makes the diary, the second compiles the SQL: then everyday
        command = [sys.executable, "-c", probe, "diary", "add", "--pain-before", "5",
                   "--pain-after", "3", "--side-effect", "bruising", "--db", url]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    loaded = set(result.stderr.rsplit("MODULES ", 1)[1].split())
    assert not {name for name in loaded if name.split(".")[0] in ("pydantic", "sqlalchemy")}
    assert result.stdout.startswith("3  ")
