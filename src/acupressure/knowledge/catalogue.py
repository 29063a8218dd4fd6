"""The catalogue: every point and region, and one answer for any name a reader types.

Names are folded and indexed once, so a lookup is a dictionary hit; only a miss pays
for fuzzy matching, to suggest the closest names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from acupressure.errors import UnknownComplaint, UnknownName
from acupressure.knowledge.cache import (
    cache_file,
    default_directory,
    fingerprint,
    read_json,
    write_atomically,
)
from acupressure.knowledge.nameindex import NameIndex
from acupressure.knowledge.names import fold

if TYPE_CHECKING:
    from acupressure.knowledge.loader import Knowledge
    from acupressure.knowledge.models import Complaint, Point, SharedName, Source

__all__ = ["Catalogue", "QuickHit", "Resolution", "load_catalogue", "quick_lookup"]


class Resolution(NamedTuple):
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

    @cached_property
    def index(self) -> NameIndex:
        """Every name folded to its entry, built when a name is first looked up (a plan
        asks only for exact codes)."""
        from acupressure.knowledge.loader import names_of

        return NameIndex.build(
            [(p.code, p.english, [name for _f, name in names_of(p)]) for p in self.points],
            {shared.name: shared.note for shared in self.shared_names},
        )

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
        """Resolve any code, alias, pinyin, characters or English name to one entry."""
        code, assumed = self.index.resolve(name)
        return Resolution(self._by_code[code], assumed)

    def closest(self, name: str, *, limit: int = 5, score_cutoff: float = 0) -> list[str]:
        """The entries whose names are most like `name`, as 'CODE (English name)'."""
        return self.index.closest(name, limit=limit, score_cutoff=score_cutoff)

    def suggestions(self, text: str, *, limit: int = 3) -> list[Point]:
        """Entries whose names are close to `text`, for a search that found nothing."""
        labels = self.closest(text, limit=limit, score_cutoff=70)
        codes = [label.partition(" (")[0] for label in labels]
        return [self._by_code[code] for code in codes if code in self._by_code]

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
            from acupressure.knowledge.complaint_words import closest_complaint

            ids = list(self.complaints)
            raise UnknownComplaint(complaint, closest_complaint(complaint, ids), ids)
        return [point for point in self.points if complaint in point.indications]

    def quick_document(self) -> dict[str, Any]:
        """What a fresh process needs to answer `points show` without this catalogue."""
        return {
            "fingerprint": self.fingerprint,
            "index": self.index.to_json(),
            "documents": {point.code: point.to_json() for point in self.points},
            "sources": {
                key: {"kind": s.kind, "title": s.title, "short_title": s.short_title}
                for key, s in self.sources.items()
            },
        }


def _score(point: Point, words: list[str], complaints: dict[str, Complaint]) -> int:
    """Rank a match: a name beats an indication, which beats the location text."""
    from acupressure.knowledge.loader import names_of

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


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Load and index the knowledge base; reuse a validated copy while the files are unchanged."""
    import pickle

    from acupressure.knowledge.loader import Knowledge, load_knowledge

    directory = directory or default_directory()
    print_ = fingerprint(directory)
    cache = cache_file(print_, "pickle")
    if cache is not None and cache.exists():
        try:
            knowledge = pickle.loads(cache.read_bytes())
            if isinstance(knowledge, Knowledge) and knowledge.fingerprint == print_:
                return Catalogue(knowledge)
        except Exception:  # a stale or broken cache is only a cache: validate again
            cache.unlink(missing_ok=True)
    catalogue = Catalogue(load_knowledge(directory, print_=print_))
    write_atomically(cache, pickle.dumps(catalogue_knowledge(catalogue)))
    quick = json.dumps(catalogue.quick_document(), ensure_ascii=False).encode()
    write_atomically(cache_file(print_, "json"), quick)
    return catalogue


def catalogue_knowledge(catalogue: Catalogue) -> Knowledge:
    from acupressure.knowledge.loader import Knowledge

    return Knowledge(
        points=catalogue.points,
        shared_names=catalogue.shared_names,
        sources=catalogue.sources,
        complaints=catalogue.complaints,
        fingerprint=catalogue.fingerprint,
    )


class QuickHit(NamedTuple):
    """One entry's JSON document, found without loading the validated catalogue."""

    document: dict[str, Any]
    assumed: str
    sources: dict[str, dict[str, str]]


def quick_lookup(name: str, directory: Path | None = None) -> QuickHit:
    """Resolve a name from the saved index; the first run (or changed data) validates once."""
    directory = directory or default_directory()
    print_ = fingerprint(directory)
    data = read_json(cache_file(print_, "json"))
    if data is None or data.get("fingerprint") != print_:
        data = load_catalogue(directory).quick_document()
    code, assumed = NameIndex.from_json(data["index"]).resolve(name)
    return QuickHit(data["documents"][code], assumed, data["sources"])
