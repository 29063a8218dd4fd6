"""Speech and sound cues: espeak-ng is installed on this machine, so these run for real."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from acupressure.guide.speech import Voice, find_espeak, write_speech_wav, write_tone_wav
from acupressure.safety.profile import parse_profile


def wav_frames(path: Path) -> int:
    with wave.open(str(path), "rb") as audio:
        assert audio.getnchannels() >= 1
        assert audio.getframerate() > 0
        return audio.getnframes()


def test_finds_espeak_ng() -> None:
    path = find_espeak()
    assert path is not None
    assert Path(path).name == "espeak-ng"


def test_espeak_writes_a_valid_wav(tmp_path: Path) -> None:
    out = write_speech_wav(text="Press now, firm pressure.", path=tmp_path / "cue.wav")
    assert wav_frames(out) > 0


def test_tone_is_a_valid_wav_of_the_asked_length(tmp_path: Path) -> None:
    out = write_tone_wav(path=tmp_path / "tone.wav", seconds=0.2, rate=8000)
    assert wav_frames(out) == 1600


def test_no_speech_means_no_notice_and_no_voice() -> None:
    voice = Voice(speech=False, sound=False)
    try:
        assert voice.espeak is None
        assert voice.notices == []
        voice.say("nothing happens")
        assert not voice.chime()
    finally:
        voice.close()


def test_voice_speaks_in_the_background_and_closes() -> None:
    voice = Voice(speech=True, sound=False)
    try:
        assert voice.espeak is not None
        for number in range(10):  # more than it keeps waiting: older cues are dropped
            voice.say(f"cue {number}")
        assert voice.pending <= 3
    finally:
        voice.close()
    assert voice._thread is None


def test_missing_espeak_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    voice = Voice(speech=True, sound=True)
    try:
        assert voice.espeak is None
        assert voice.notices == ["speech: espeak-ng not found, showing text only"]
        assert voice.bell  # no aplay/paplay either: the terminal bell is the sound cue
    finally:
        voice.close()


def test_voice_can_let_the_last_cue_finish() -> None:
    voice = Voice(speech=True, sound=False)
    voice.say("All steps done.")
    voice.close(finish_within=10.0)
    assert voice.pending == 0
    assert voice._thread is None


def test_chime_plays_the_tone_with_aplay_when_present(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in aplay (this machine has no sound card) receives a valid WAV file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    played = tmp_path / "played.wav"
    aplay = bin_dir / "aplay"
    aplay.write_text(f'#!/bin/sh\nfor last; do :; done\n/bin/cp "$last" {played}\n')
    aplay.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    voice = Voice(speech=False, sound=True)
    try:
        assert voice.player is not None and voice.player[0] == str(aplay)
        assert not voice.bell
        assert voice.chime()
    finally:
        voice.close()  # waits for the player
    assert wav_frames(played) > 0


def test_the_speech_estimate_is_never_shorter_than_espeak_ng(tmp_path: Path) -> None:
    """Every cue any preset says, full and short: the timeline's estimate covers the WAV."""
    from acupressure.guide.cues import build_timeline, speech_seconds
    from acupressure.knowledge.catalogue import load_catalogue
    from acupressure.planning.planner import plan
    from acupressure.planning.presets import list_presets
    from answered import answered

    catalogue = load_catalogue()
    said: set[str] = set()
    for preset in list_presets():
        routine = plan(profile=parse_profile(answered()), catalogue=catalogue, preset=preset.name)
        for short in (False, True):
            said |= {event.say for event in build_timeline(routine, short=short) if event.say}
    assert len(said) > 20
    for number, text in enumerate(sorted(said)):
        path = write_speech_wav(text=text, path=tmp_path / f"{number}.wav")
        with wave.open(str(path), "rb") as audio:
            measured = audio.getnframes() / audio.getframerate()
        assert speech_seconds(text) >= measured, f"{text!r}: {measured:.2f} s said"


def test_spoken_audio_is_rendered_once_per_text(tmp_path: Path) -> None:
    from acupressure.guide.spoken_audio import SpokenAudio

    audio = SpokenAudio(tmp_path)
    first = audio.wav("Change direction.")
    assert wav_frames(first) > 0
    stamp = first.stat().st_mtime_ns
    assert audio.wav(" Change   direction. ") == first and first.stat().st_mtime_ns == stamp
    assert audio.wav("Release.") != first
    assert [p.suffix for p in tmp_path.iterdir()] == [".wav", ".wav"]  # no .part left behind
    with pytest.raises(ValueError, match="1 to 600"):
        audio.wav("")
