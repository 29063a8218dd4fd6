"""Spoken and sound cues, so a person pressing with both hands need not look at a screen.

Speech uses espeak-ng (Debian package `espeak-ng`) when it is on PATH; without it the
session shows text only and says so. The sound cue is a short tone played with aplay or
paplay when one of them is present, otherwise the terminal bell. Nothing here pretends:
`Voice.notice` says which of these are actually available.
"""

from __future__ import annotations

import math
import queue
import shutil
import struct
import subprocess
import tempfile
import threading
import wave
from pathlib import Path

_MAX_WAITING = 3  # at demo speeds cues pile up; older unspoken ones are dropped


def find_espeak() -> str | None:
    """Path of espeak-ng, or None."""
    return shutil.which("espeak-ng")


def find_player() -> list[str] | None:
    """A command that plays a WAV file (ALSA's aplay or PulseAudio's paplay), or None."""
    for name, flags in (("paplay", []), ("aplay", ["-q"])):
        path = shutil.which(name)
        if path:
            return [path, *flags]
    return None


def write_speech_wav(*, text: str, path: Path, executable: str | None = None) -> Path:
    """Speak `text` into a WAV file with espeak-ng (`-w`); raises if espeak-ng is missing."""
    espeak = executable or find_espeak()
    if espeak is None:
        raise FileNotFoundError("espeak-ng not found")
    subprocess.run([espeak, "-w", str(path), text], check=True, capture_output=True, timeout=30)
    return path


def write_tone_wav(
    *, path: Path, frequency: float = 880.0, seconds: float = 0.15, rate: int = 22050
) -> Path:
    """A short sine tone with a soft fade, mono 16-bit: the sound cue at every change."""
    count = int(seconds * rate)
    fade = max(count // 10, 1)
    frames = bytearray()
    for index in range(count):
        envelope = min(1.0, index / fade, (count - index) / fade)
        sample = 0.4 * envelope * math.sin(2 * math.pi * frequency * index / rate)
        frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


class Voice:
    """Speaks cues in a background thread and plays a chime; both optional.

    Cues are spoken one after another; when more than a few are waiting the oldest are
    dropped so speech never lags far behind the session.
    """

    def __init__(self, *, speech: bool = True, sound: bool = True) -> None:
        self.speech = speech
        self.espeak = find_espeak() if speech else None
        self.player = find_player() if sound else None
        self.bell = sound and self.player is None
        self._tone: Path | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._players: list[subprocess.Popen[bytes]] = []
        self.problem: str | None = None  # espeak-ng ran but reported an error (no audio device)
        if self.espeak:
            self._thread = threading.Thread(target=self._speak_loop, daemon=True)
            self._thread.start()
        if self.player:
            self._tmp = tempfile.TemporaryDirectory(prefix="acupressure-")
            self._tone = write_tone_wav(path=Path(self._tmp.name) / "cue.wav")

    @property
    def notices(self) -> list[str]:
        """What the person should know about the cues they will (not) hear."""
        found: list[str] = []
        if self.speech and self.espeak is None:
            found.append("speech: espeak-ng not found, showing text only")
        if self.problem:
            found.append(f"speech: espeak-ng could not play sound ({self.problem})")
        return found

    @property
    def pending(self) -> int:
        """Cues waiting to be spoken."""
        return self._queue.qsize()

    def say(self, text: str) -> None:
        if self.espeak is None:
            return
        while self._queue.qsize() >= _MAX_WAITING:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(text)

    def chime(self) -> bool:
        """Play the tone; False when the caller should ring the terminal bell instead."""
        if self.player and self._tone:
            self._players = [p for p in self._players if p.poll() is None]
            command = [*self.player, str(self._tone)]
            self._players.append(
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )
            return True
        return False

    def _speak_loop(self) -> None:
        assert self.espeak is not None
        while (text := self._queue.get()) is not None:
            self._process = subprocess.Popen(
                [self.espeak, text], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            _, errors = self._process.communicate()
            if errors and self.problem is None:
                # espeak-ng exits 0 even when it cannot open an audio device; say so.
                lines = errors.decode(errors="replace").strip().splitlines()
                self.problem = lines[-1] if lines else "unknown error"

    def close(self, *, finish_within: float = 0.0) -> None:
        """Stop speaking and remove the temporary tone.

        `finish_within` lets the last cues ("all steps done") be heard, up to that many
        seconds; after a quit the voice stops at once.
        """
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=finish_within)
            if self._thread.is_alive():
                while not self._queue.empty():
                    self._queue.get_nowait()
                self._queue.put(None)
                if self._process is not None and self._process.poll() is None:
                    self._process.terminate()
                self._thread.join(timeout=5)
            self._thread = None
        for player in self._players:
            player.wait(timeout=5)
        self._players = []
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


__all__ = ["Voice", "find_espeak", "find_player", "write_speech_wav", "write_tone_wav"]
