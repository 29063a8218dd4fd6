"""The name index: folded name -> entry codes, and the rules that turn a name into one code.

It holds only plain strings, so it can be saved as JSON and answer a lookup in a fresh
process without loading (or validating) the whole knowledge base.
"""

from __future__ import annotations

from typing import NamedTuple

from acupressure.errors import AmbiguousName, UnknownName
from acupressure.knowledge.names import CodeReading, fold, read_code


class NameIndex(NamedTuple):
    """Every name every entry answers to, folded; built once, looked up in constant time.

    (A named tuple, not a dataclass: `dataclasses` imports `inspect`, which costs a
    `points show` more than its lookup.)
    """

    labels: dict[str, str]  # code -> main English name, in catalogue order
    names: dict[str, list[str]]  # folded name -> codes
    shared_notes: dict[str, str]  # folded shared name -> note

    @classmethod
    def build(
        cls,
        entries: list[tuple[str, str, list[str]]],
        shared: dict[str, str],
    ) -> NameIndex:
        """From (code, English name, every name) triples and {shared name: note}."""
        names: dict[str, list[str]] = {}
        for code, _english, all_names in entries:
            for name in all_names:
                key = fold(name)
                if key and code not in names.setdefault(key, []):
                    names[key].append(code)
        return cls(
            labels={code: english for code, english, _names in entries},
            names=names,
            shared_notes={fold(name): note for name, note in shared.items()},
        )

    def to_json(self) -> dict[str, object]:
        return {"labels": self.labels, "names": self.names, "shared_notes": self.shared_notes}

    @classmethod
    def from_json(cls, data: dict[str, dict[str, object]]) -> NameIndex:
        return cls(
            labels={str(k): str(v) for k, v in data["labels"].items()},
            names={str(k): [str(c) for c in v] for k, v in data["names"].items()},  # type: ignore[attr-defined]
            shared_notes={str(k): str(v) for k, v in data["shared_notes"].items()},
        )

    def resolve(self, name: str) -> tuple[str, str]:
        """(code, what was assumed) for a name; never guesses between two entries.

        A code is read first, so the numbering assumed for a bare "B" is always stated.
        """
        key = fold(name)
        if not key:
            raise UnknownName(name, [])
        readings = [reading for reading in read_code(key) if reading.code in self.labels]
        if len(readings) > 1:
            raise AmbiguousName(
                name,
                [reading.code for reading in readings],
                "older books number the bladder points differently "
                f"(old B{key[1:]} is today's {readings[1].code}; modern {readings[0].code}).",
            )
        if readings:
            return readings[0].code, _assumption(name, readings[0])
        codes = self.names.get(key, [])
        if len(codes) > 1:
            note = self.shared_notes.get(key, "the name is shared.")
            raise AmbiguousName(name, list(codes), note)
        if codes:
            return codes[0], ""
        raise UnknownName(name, self.closest(name))

    def closest(self, name: str, *, limit: int = 5, score_cutoff: float = 0) -> list[str]:
        """The entries whose names look most like `name`, as 'CODE (English name)'.

        `score_cutoff` (0-100) drops names too unlike `name` to be worth suggesting.
        """
        from rapidfuzz import fuzz, process

        matches = process.extract(
            fold(name),
            list(self.names),
            scorer=fuzz.WRatio,
            limit=limit * 4,
            score_cutoff=score_cutoff,
        )
        found: list[str] = []
        for key, _score, _index in matches:
            for code in self.names[key]:
                label = f"{code} ({self.labels[code]})"
                if label not in found:
                    found.append(label)
        return found[:limit]


def _assumption(name: str, reading: CodeReading) -> str:
    if reading.numbering == "old":
        return f"{name.strip()} read in the old bladder numbering: today's {reading.code}."
    if reading.numbering == "modern":
        return f"{name.strip()} read in the modern numbering: {reading.code}."
    return ""
