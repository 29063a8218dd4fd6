"""The catalogue: every point and region, and one answer for any name a reader types.

Names are folded and indexed once, so a lookup is a dictionary hit; only a miss pays
for fuzzy matching, to suggest the closest names.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from acupressure.errors import AmbiguousName, UnknownName
from acupressure.loader import (
    Knowledge,
    default_directory,
    fingerprint,
    load_knowledge,
    names_of,
)
from acupressure.models import Complaint, Point, SharedName, Source
from acupressure.names import CodeReading, fold, read_code

__all__ = ["Catalogue", "Resolution", "load_catalogue"]

CACHE_VERSION = "1"


@dataclass(frozen=True)
class Resolution:
    """The entry a name resolved to, and what we assumed to get there."""

    point: Point
    assumed: str = ""


class Catalogue:
    """Indexed, read-only view of the knowledge base."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.points: tuple[Point, ...] = knowledge.points
        self.sources: dict[str, Source] = knowledge.sources
        self.complaints: dict[str, Complaint] = knowledge.complaints
        self.shared_names: tuple[SharedName, ...] = knowledge.shared_names
        self.fingerprint = knowledge.fingerprint
        self._by_code = {point.code: point for point in self.points}
        self._by_name: dict[str, list[str]] = {}
        for point in self.points:
            for _field, name in names_of(point):
                codes = self._by_name.setdefault(fold(name), [])
                if point.code not in codes:
                    codes.append(point.code)
        self._shared = {fold(shared.name): shared for shared in self.shared_names}

    def __iter__(self) -> Iterator[Point]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Point:
        """The entry with exactly this code."""
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownName(code, self.closest(code)) from None

    def find(self, name: str) -> Point:
        """The one entry a name means (see resolve)."""
        return self.resolve(name).point

    def resolve(self, name: str) -> Resolution:
        """Resolve any code, alias, pinyin, characters or English name to one entry.

        A code is read first, so the old bladder numbering is always stated; a name two
        entries share is never guessed: the reader is asked to choose.
        """
        key = fold(name)
        if not key:
            raise UnknownName(name, [])
        readings = [r for r in read_code(key) if r.code in self._by_code]
        if len(readings) > 1:
            raise AmbiguousName(
                name,
                [r.code for r in readings],
                "older books number the bladder points differently "
                f"(old B{key[1:]} is today's {readings[1].code}; modern {readings[0].code}).",
            )
        if readings:
            return Resolution(self._by_code[readings[0].code], _assumption(name, readings[0]))
        codes = self._by_name.get(key, [])
        if len(codes) > 1:
            shared = self._shared.get(key)
            raise AmbiguousName(name, codes, shared.note if shared else "the name is shared.")
        if codes:
            return Resolution(self._by_code[codes[0]])
        raise UnknownName(name, self.closest(name))

    def closest(self, name: str, *, limit: int = 5) -> list[str]:
        """The entries whose names are most like `name`, as 'CODE (English name)'."""
        from rapidfuzz import fuzz, process

        choices = list(self._by_name)
        matches = process.extract(fold(name), choices, scorer=fuzz.WRatio, limit=limit * 4)
        found: list[str] = []
        for key, _score, _index in matches:
            for code in self._by_name[key]:
                label = f"{code} ({self._by_code[code].english})"
                if label not in found:
                    found.append(label)
        return found[:limit]

    def search(self, text: str) -> list[Point]:
        """Entries whose names, location, area or complaints mention every word of `text`."""
        words = [fold(word) for word in text.split() if fold(word)]
        if not words:
            return []
        scored: list[tuple[int, int, Point]] = []
        for order, point in enumerate(self.points):
            score = _score(point, words, self.complaints)
            if score:
                scored.append((-score, order, point))
        return [point for _score_, _order, point in sorted(scored, key=lambda s: s[:2])]

    def for_complaint(self, complaint: str) -> list[Point]:
        """Entries indicated for a complaint id, in catalogue order."""
        if complaint not in self.complaints:
            raise UnknownName(complaint, sorted(self.complaints))
        return [point for point in self.points if complaint in point.indications]


def _assumption(name: str, reading: CodeReading) -> str:
    if reading.numbering == "old":
        return f"{name.strip()} read in the old bladder numbering: today's {reading.code}."
    if reading.numbering == "modern":
        return f"{name.strip()} read in the modern numbering: {reading.code}."
    return ""


def _score(point: Point, words: list[str], complaints: dict[str, Complaint]) -> int:
    """Rank a match: a name beats an indication, which beats the location text."""
    names = " ".join(fold(name) for _field, name in names_of(point))
    indications = " ".join(
        fold(f"{cid} {complaints[cid].label}") for cid in point.indications if cid in complaints
    )
    text = fold(f"{point.region} {' '.join(point.tags)}") + " " + fold(point.location)
    text += " " + fold(point.finding)
    total = 0
    for word in words:
        if word in names:
            total += 3
        elif word in indications:
            total += 2
        elif word in text:
            total += 1
        else:
            return 0
    return total


def _cache_path(directory: Path, print_: str) -> Path | None:
    if os.environ.get("ACUPRESSURE_NO_CACHE"):
        return None
    import hashlib

    from platformdirs import user_cache_dir

    place = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:12]
    name = f"knowledge-{CACHE_VERSION}-{print_[:16]}-{place}.pickle"
    return Path(user_cache_dir("acupressure")) / name


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Load and index the knowledge base; reuse a validated copy while the files are unchanged."""
    directory = directory or default_directory()
    cache = _cache_path(directory, fingerprint(directory))
    if cache is not None and cache.exists():
        try:
            knowledge = pickle.loads(cache.read_bytes())
            if isinstance(knowledge, Knowledge):
                return Catalogue(knowledge)
        except Exception:  # a stale or broken cache is only a cache: validate again
            cache.unlink(missing_ok=True)
    knowledge = load_knowledge(directory)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(knowledge))
            temporary.replace(cache)
        except OSError:
            pass
    return Catalogue(knowledge)
