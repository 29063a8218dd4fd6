"""`acupressure session` as a person (or a script) runs it: the real command in a subprocess.

Scripts drive it through stdin lines; one test drives it through a pseudo-terminal with
single key presses, as on a real terminal. Every test uses its own SQLite diary file.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from acupressure.cli.session import parse_pain, parse_side_effects, parse_yes_no
from acupressure.diary.analytics import is_abandoned
from acupressure.diary.entries import SessionEntry
from acupressure.diary.store import DiaryStore, make_engine
from acupressure.guide.session import rescreen_questions
from answered import answered

COMMAND = str(Path(sys.executable).with_name("acupressure"))
NO_TO_ALL = "no\n" * len(rescreen_questions())
GUARD = 60  # seconds: a hung session fails the test instead of hanging the run


def first_preset() -> str:
    from acupressure.planning.presets import list_presets

    return list_presets()[0].name


def preset_title(name: str) -> str:
    from acupressure.planning.presets import get_preset

    return get_preset(name).title


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'diary.sqlite3'}"


@pytest.fixture()
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(answered(age=45, minutes=5)))
    return path


def session(
    *args: str, stdin: str, db: str, speech: bool = False, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    quiet = [] if speech else ["--no-speech"]
    return subprocess.run(
        [COMMAND, "session", *args, "--speed", "1000", *quiet, "--db", db],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=GUARD,
        env={**os.environ, "COLUMNS": "200", "PATH": path or os.environ["PATH"]},
    )


def diary(db: str) -> list[SessionEntry]:
    engine = make_engine(db)
    try:
        return DiaryStore(engine).list_sessions()
    finally:
        engine.dispose()


def test_full_session_from_a_profile_is_recorded(profile: Path, db: str) -> None:
    result = session(str(profile), stdin=f"5\n{NO_TO_ALL}2\n\n", db=db)
    assert result.returncode == 0, result.stderr
    assert "speech" not in result.stdout  # --no-speech: no notice about espeak-ng
    assert "No profile given" not in result.stdout
    assert "Press now" in result.stdout
    assert "steps done" in result.stdout
    (entry,) = diary(db)
    assert entry.origin == "guided"
    assert (entry.pain_before, entry.pain_after) == (5, 2)
    assert entry.steps_planned > 0
    assert entry.steps_completed == entry.steps_planned
    assert entry.side_effects == []
    assert entry.ended_at is not None and entry.ended_at >= entry.started_at


def test_full_session_from_a_preset_is_recorded(profile: Path, db: str) -> None:
    preset = first_preset()
    result = session(str(profile), "--preset", preset, stdin=f"4\n{NO_TO_ALL}4\nnone\n", db=db)
    assert result.returncode == 0, result.stderr
    (entry,) = diary(db)
    assert entry.routine == preset_title(preset)  # what a person reads, as the web stores it
    assert entry.steps_completed == entry.steps_planned > 0
    listed = subprocess.run(
        [COMMAND, "diary", "list", "--db", db], capture_output=True, text=True, timeout=GUARD
    )
    assert listed.returncode == 0, listed.stderr
    assert preset_title(preset) in listed.stdout and preset not in listed.stdout
    as_json = subprocess.run(
        [COMMAND, "diary", "list", "--json", "--db", db],
        capture_output=True,
        text=True,
        timeout=GUARD,
    )
    (stored,) = json.loads(as_json.stdout)["sessions"]
    assert stored["routine"] == preset_title(preset)


def test_a_preset_without_a_profile_from_a_script_exits_2(db: str) -> None:
    """Not answering is not "no": no adult with nothing declared is assumed."""
    result = session("--preset", first_preset(), stdin=f"4\n{NO_TO_ALL}4\nnone\n", db=db)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: session --preset without a profile")
    assert "PROFILE.json" in line and 'not answering is not "no"' in line
    assert "Press now" not in result.stdout
    assert diary(db) == []


def test_pregnant_the_warning_signs_are_asked_again_and_a_yes_stops_it(
    tmp_path: Path, db: str
) -> None:
    path = tmp_path / "pregnant.json"
    path.write_text(json.dumps(answered(age=31, pregnant=True, minutes=5)))
    questions = rescreen_questions(pregnant=True)
    assert len(questions) > len(rescreen_questions())
    stop_at = next(i for i, q in enumerate(questions) if q.id == "pregnancy_tightenings")
    result = session(str(path), stdin="6\n" + "no\n" * stop_at + "yes\n", db=db)
    assert result.returncode == 1, result.stderr
    assert questions[stop_at].text in result.stdout
    assert "Not starting the session (emergency)" in result.stdout
    assert "maternity unit" in result.stdout and "Press now" not in result.stdout
    assert "not counted as a session done" in result.stdout
    (entry,) = diary(db)  # kept as what it was: stopped, nothing pressed
    assert (entry.steps_completed, entry.pain_before, entry.pain_after) == (0, 6, None)
    assert entry.steps_planned > 0 and entry.origin == "guided"
    assert entry.note.startswith("Stopped before the first step, nothing pressed:")
    assert questions[stop_at].reason in entry.note
    assert is_abandoned(entry)


def test_pregnant_all_no_asks_every_warning_sign_then_guides(tmp_path: Path, db: str) -> None:
    path = tmp_path / "pregnant.json"
    path.write_text(json.dumps(answered(age=31, pregnant=True, minutes=5)))
    every = rescreen_questions(pregnant=True)
    result = session(str(path), stdin="3\n" + "no\n" * len(every) + "2\n\n", db=db)
    assert result.returncode == 0, result.stderr
    assert all(q.text in result.stdout for q in every)
    (entry,) = diary(db)
    assert entry.steps_completed == entry.steps_planned > 0 and entry.note == ""


def test_not_pregnant_the_pregnancy_signs_are_not_asked(profile: Path, db: str) -> None:
    result = session(str(profile), stdin=f"5\n{NO_TO_ALL}2\n\n", db=db)
    assert result.returncode == 0, result.stderr
    maternity = [q for q in rescreen_questions(pregnant=True) if q.maternity]
    assert maternity and not any(q.text in result.stdout for q in maternity)


def test_without_espeak_it_says_so_once_and_shows_text(
    profile: Path, db: str, tmp_path: Path
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = session(
        str(profile), stdin=f"5\n{NO_TO_ALL}2\n\n", db=db, speech=True, path=str(empty)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("speech: espeak-ng not found, showing text only") == 1
    assert "Press now" in result.stdout
    assert len(diary(db)) == 1


def test_skip_back_and_quit_from_script(profile: Path, db: str) -> None:
    commands = "p\nresume\nn\nb\nn\nq\n"
    result = session(str(profile), stdin=f"6\n{NO_TO_ALL}{commands}7\nmore pain\n", db=db)
    assert result.returncode == 0, result.stderr
    (entry,) = diary(db)
    assert entry.steps_completed == 0  # every step was skipped or quit before its release
    assert entry.steps_planned > 1
    assert entry.side_effects == ["more_pain"]
    assert "have your back assessed" in result.stdout


def test_rescreen_yes_stops_before_the_first_step(profile: Path, db: str) -> None:
    result = session(str(profile), stdin="5\nyes\n", db=db)
    assert result.returncode == 1
    assert "Not starting the session (emergency)" in result.stdout
    assert "Press now" not in result.stdout
    (entry,) = diary(db)  # the stop is kept, not counted as a session done
    assert (entry.steps_completed, entry.pain_before) == (0, 5) and is_abandoned(entry)
    assert entry.note.startswith("Stopped before the first step")


def test_profile_with_a_red_flag_never_starts(tmp_path: Path, db: str) -> None:
    path = tmp_path / "flag.json"
    path.write_text(json.dumps(answered(red_flags=["saddle_numbness"])))
    result = session(str(path), stdin="", db=db)
    assert result.returncode == 1
    assert "Not starting the session" in result.stdout
    assert diary(db) == []


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ("11\n", "0 to 10"),
        ("x\n", "0 to 10"),
        (f"5\n{NO_TO_ALL}-1\n", "0 to 10"),
        ("5\nmaybe\n", "yes or no"),
        (f"5\n{NO_TO_ALL}3\nheadache\n", "unknown side effect 'headache'"),
        ("", "input ended"),
    ],
)
def test_bad_answer_from_a_script_exits_2_and_records_nothing(
    profile: Path, db: str, answers: str, message: str
) -> None:
    result = session(str(profile), stdin=answers, db=db)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.startswith("error: ")
    assert diary(db) == []


def test_a_bad_diary_url_fails_before_any_question(profile: Path) -> None:
    result = session(str(profile), stdin="", db="nosuchdriver://x")
    assert result.returncode == 2
    assert "nosuchdriver" in result.stderr
    assert "Pain" not in result.stdout


def test_needs_a_profile_or_a_preset(db: str) -> None:
    result = session(stdin="", db=db)
    assert result.returncode == 2
    assert "--preset" in result.stderr


def test_unknown_preset_exits_2(db: str) -> None:
    result = session("--preset", "no-such-preset", stdin="", db=db)
    assert result.returncode == 2
    assert "no-such-preset" in result.stderr


def test_parsers_accept_and_refuse() -> None:
    assert parse_pain("") is None
    assert parse_pain(" 10 ") == 10
    assert parse_yes_no("Yes") is True and parse_yes_no("n") is False
    assert parse_side_effects("More pain, bruising") == ["more_pain", "bruising"]
    assert parse_side_effects("none") == []
    for bad in ("11", "x", "-1", "3.5"):
        with pytest.raises(ValueError):
            parse_pain(bad)


class Terminal:
    """The command on a pseudo-terminal: what a person sees and the keys they press."""

    def __init__(self, *args: str, command: list[str] | None = None) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.process = subprocess.Popen(
            [*(command or [COMMAND, "session"]), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "COLUMNS": "120", "LINES": "40", "TERM": "xterm"},
            close_fds=True,
        )
        os.close(slave)
        self.seen = ""

    def expect(self, text: str) -> None:
        deadline = time.monotonic() + GUARD
        while text not in self.seen:
            assert time.monotonic() < deadline, f"never saw {text!r} in:\n{self.seen[-2000:]}"
            if select.select([self.master], [], [], 0.1)[0]:
                try:
                    self.seen += os.read(self.master, 65536).decode(errors="replace")
                except OSError:  # the other side closed
                    assert text in self.seen, f"ended without {text!r}:\n{self.seen[-2000:]}"

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def interrupt(self) -> None:
        """Ctrl-C: the terminal's SIGINT (this pseudo-terminal is not the process's
        controlling terminal, so the signal is sent as the terminal would send it)."""
        self.process.send_signal(signal.SIGINT)

    def finish(self) -> int:
        while True:
            try:
                if select.select([self.master], [], [], 0.1)[0]:
                    if not os.read(self.master, 65536):
                        break
                elif self.process.poll() is not None:
                    break
            except OSError:
                break
        return self.process.wait(timeout=GUARD)

    def close(self) -> None:
        """End the process if a failed test left it running."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=GUARD)
        os.close(self.master)


def test_terminal_keys_drive_the_live_session(profile: Path, db: str) -> None:
    terminal = Terminal(str(profile), "--speed", "20", "--no-speech", "--db", db)
    try:
        drive_terminal(terminal)
    finally:
        terminal.close()
    (entry,) = diary(db)
    assert (entry.pain_before, entry.pain_after) == (3, 2)
    assert entry.steps_completed == 0


def drive_terminal(terminal: Terminal) -> None:
    terminal.expect("(Enter to skip):")
    terminal.send("x\r")  # on a terminal a bad answer is asked again
    terminal.expect("please answer again")
    terminal.send("3\r")
    for _ in rescreen_questions():
        terminal.expect("[y/n]:")
        terminal.send("no\r")
        terminal.seen = terminal.seen.replace("[y/n]:", "", 1)
    terminal.expect("Step 1 of")
    terminal.expect("space pause/resume")  # the live panel
    terminal.send(" ")
    terminal.expect("PAUSED")
    terminal.send(" n")
    terminal.expect("Step 2 of")
    terminal.send("q")
    terminal.expect("How bad is it now")
    terminal.send("2\r")
    terminal.expect("side effects")
    terminal.send("\r")
    terminal.expect("Saved in the diary")
    assert terminal.finish() == 0


def test_ctrl_c_keeps_the_pain_before_and_says_what_was_kept(profile: Path, db: str) -> None:
    terminal = Terminal(str(profile), "--speed", "20", "--no-speech", "--db", db)
    try:
        terminal.expect("(Enter to skip):")
        terminal.send("4\r")
        for _ in rescreen_questions():
            terminal.expect("[y/n]:")
            terminal.send("n\r")
            terminal.seen = terminal.seen.replace("[y/n]:", "", 1)
        terminal.expect("Step 1 of")
        terminal.interrupt()  # Ctrl-C while guiding stops the guide
        terminal.expect("Ctrl-C again keeps it")
        terminal.expect("How bad is it now")
        terminal.interrupt()  # and at a question keeps what was said, however soon it comes
        terminal.expect("Interrupted: kept as diary entry")
        assert terminal.finish() == 1
    finally:
        terminal.close()
    assert "pain before 4/10" in terminal.seen and "Traceback" not in terminal.seen
    (entry,) = diary(db)
    assert (entry.pain_before, entry.pain_after, entry.steps_completed) == (4, None, 0)


def test_ctrl_c_before_any_answer_records_nothing(profile: Path, db: str) -> None:
    terminal = Terminal(str(profile), "--no-speech", "--db", db)
    try:
        terminal.expect("(Enter to skip):")
        terminal.interrupt()
        terminal.expect("nothing was recorded")
        assert terminal.finish() == 1
    finally:
        terminal.close()
    assert diary(db) == []


def test_short_cues_after_three_completed_sessions(profile: Path, db: str) -> None:
    preset = ("--preset", first_preset())
    for _ in range(3):
        done = session(str(profile), *preset, stdin=f"4\n{NO_TO_ALL}3\nnone\n", db=db)
        assert done.returncode == 0, done.stderr
        assert "Short cues" not in done.stdout and "Find it:" in done.stdout
    short = session(str(profile), *preset, stdin=f"4\n{NO_TO_ALL}3\nnone\n", db=db)
    assert short.returncode == 0, short.stderr
    assert "completed this routine 3 times" in short.stdout and "Find it:" not in short.stdout
    full = session(str(profile), *preset, "--cues", "full", stdin=f"4\n{NO_TO_ALL}3\n\n", db=db)
    assert "Find it:" in full.stdout and "Short cues" not in full.stdout
    assert session(*preset, "--cues", "some", stdin="", db=db).returncode == 2


def test_a_preset_without_a_profile_on_a_terminal_asks_the_screen_first(db: str) -> None:
    """As `plan` does with no file: every screen question, then the session (not twice)."""
    from acupressure.safety.questions import applies, interview

    replies = {"complaints": "lower back", "age": "40", "minutes": "5", "position": ""}
    terminal = Terminal("--preset", first_preset(), "--speed", "50", "--no-speech", "--db", db)
    answers: dict[str, object] = {}
    try:
        for question in interview(planning=True):
            if not applies(question, answers):
                continue
            terminal.expect(question.text[:30])
            terminal.seen = ""
            answers[question.id] = False if question.kind == "yes_no" else True
            terminal.send(replies.get(question.id, "n") + "\r")
        terminal.expect("(Enter to skip):")
        terminal.send("3\r")
        terminal.expect("Step 1 of")
        terminal.send("q")
        terminal.expect("How bad is it now")
        terminal.send("2\r")
        terminal.expect("side effects")
        terminal.send("\r")
        terminal.expect("Saved in the diary")
        assert terminal.finish() == 0
    finally:
        terminal.close()
    assert "Before the first step" not in terminal.seen  # asked a moment ago, not again
    (entry,) = diary(db)
    assert entry.routine == preset_title(first_preset())
    assert (entry.pain_before, entry.pain_after) == (3, 2)


def test_old_slug_sessions_and_new_title_sessions_count_together(profile: Path, db: str) -> None:
    """Diaries from before the title was stored hold the preset's slug: they still count."""
    from datetime import UTC, datetime, timedelta

    preset = first_preset()
    first = session(str(profile), "--preset", preset, stdin=f"4\n{NO_TO_ALL}3\nnone\n", db=db)
    assert first.returncode == 0, first.stderr
    (new,) = diary(db)
    engine = make_engine(db)
    try:
        store = DiaryStore(engine)
        for days in (2, 3):  # as the CLI stored them before: the slug
            store.add_session(
                entry=SessionEntry(
                    started_at=datetime.now(UTC) - timedelta(days=days),
                    routine=preset,
                    steps_planned=new.steps_planned,
                    steps_completed=new.steps_planned,
                    origin="guided",
                )
            )
    finally:
        engine.dispose()
    short = session(str(profile), "--preset", preset, stdin=f"4\n{NO_TO_ALL}3\nnone\n", db=db)
    assert short.returncode == 0, short.stderr
    assert "completed this routine 3 times" in short.stdout and "Find it:" not in short.stdout
