"""Cues rendered by espeak-ng to WAV files, cached by their words, for browsers with no voice.

A browser without a speech voice (headless, some Linux desktops) would "speak" in silence;
the web app plays these files instead. The same words always give the same file, so a
session's cues are rendered once and then served from the cache. Files are written to a
temporary name and renamed, so a reader never sees half a file; the cache keeps at most
MAX_FILES and removes the oldest beyond that.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from acupressure.guide.speech import find_espeak, write_speech_wav

MAX_TEXT = 600  # characters: longer than any cue, short enough to render in a moment
MAX_FILES = 2000


class SpeechUnavailable(RuntimeError):
    """espeak-ng is not installed (Debian package `espeak-ng`)."""


def default_cache_directory() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("acupressure")) / "speech"


class SpokenAudio:
    """WAV files of spoken words, rendered on first use and kept by a hash of the words."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_directory()

    def path_for(self, text: str) -> Path:
        key = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:32]
        return self.directory / f"{key}.wav"

    def wav(self, text: str) -> Path:
        """The WAV file saying `text`, rendered now if it is not in the cache."""
        words = " ".join(text.split())
        if not words or len(words) > MAX_TEXT:
            raise ValueError(f"text must be 1 to {MAX_TEXT} characters")
        path = self.path_for(words)
        if path.exists():
            return path
        espeak = find_espeak()
        if espeak is None:
            raise SpeechUnavailable("espeak-ng is not installed: install the espeak-ng package")
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".part")
        os.close(handle)
        try:
            write_speech_wav(text=words, path=Path(temporary), executable=espeak)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
        self._prune()
        return path

    def _prune(self) -> None:
        files = sorted(self.directory.glob("*.wav"), key=lambda f: f.stat().st_mtime)
        for old in files[: max(len(files) - MAX_FILES, 0)]:
            old.unlink(missing_ok=True)


__all__ = ["MAX_TEXT", "SpeechUnavailable", "SpokenAudio", "default_cache_directory"]
