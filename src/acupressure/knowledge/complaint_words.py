"""Complaints as people type them: "lower back", "Lower-back, knees", "sciatica and hip".

The ids (lower_back, knee, ...) are the profile contract; people type words. Each part
separated by commas, "and" or spaces is read as an id, two words at a time first ("lower
back"), then one ("knee"), ignoring case, hyphens and a plural s. A word that is none of
them is refused with the closest id, so "knees" gets "did you mean knee?".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from acupressure.errors import UnknownComplaint


def _key(word: str) -> str:
    return re.sub(r"[\s_\-]+", "_", word.strip().lower())


def closest_complaint(word: str, ids: Sequence[str]) -> str | None:
    """The complaint id most like `word`, when one is close enough to suggest."""
    from rapidfuzz import fuzz, process

    key = _key(word)
    if key.endswith("s") and key[:-1] in ids:
        return key[:-1]
    found = process.extractOne(key, list(ids), scorer=fuzz.WRatio, score_cutoff=70)
    return str(found[0]) if found else None


def read_complaints(text: str, ids: Sequence[str]) -> list[str]:
    """The complaint ids named in `text`, in order, each once; unknown words raise."""
    words = [w for w in re.split(r"[,;/+&\s]+|\band\b", text.lower()) if w.strip()]
    found: list[str] = []
    index = 0
    while index < len(words):
        pair = _key("_".join(words[index : index + 2])) if index + 1 < len(words) else ""
        one = _key(words[index])
        if pair in ids or pair.removesuffix("s") in ids:
            chosen, index = (pair if pair in ids else pair.removesuffix("s")), index + 2
        elif one in ids:
            chosen, index = one, index + 1
        else:
            raise UnknownComplaint(words[index], closest_complaint(words[index], ids), ids)
        if chosen not in found:
            found.append(chosen)
    return found


__all__ = ["closest_complaint", "read_complaints"]
