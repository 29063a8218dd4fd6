"""How people write point names, and how we fold them to one key.

Readers arrive with "UB-40", "Bl 40", "Bladder 40", "Wěizhōng" or "委中"; folding case,
spaces, hyphens, dots and tone marks, and reading channel prefixes, lets one dictionary
lookup find them all.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Every way the articles and textbooks write a channel, folded, mapped to its WHO prefix.
CHANNEL_PREFIXES: dict[str, str] = {
    "lu": "LU",
    "lung": "LU",
    "li": "LI",
    "largeintestine": "LI",
    "st": "ST",
    "stomach": "ST",
    "sp": "SP",
    "spleen": "SP",
    "ht": "HT",
    "heart": "HT",
    "si": "SI",
    "smallintestine": "SI",
    "bl": "BL",
    "ub": "BL",
    "bladder": "BL",
    "urinarybladder": "BL",
    "ki": "KI",
    "k": "KI",
    "kid": "KI",
    "kidney": "KI",
    "pc": "PC",
    "p": "PC",
    "pericardium": "PC",
    "te": "TE",
    "tw": "TE",
    "sj": "TE",
    "triplewarmer": "TE",
    "tripleenergizer": "TE",
    "tripleburner": "TE",
    "sanjiao": "TE",
    "gb": "GB",
    "gallbladder": "GB",
    "lr": "LR",
    "lv": "LR",
    "liv": "LR",
    "liver": "LR",
    "gv": "GV",
    "du": "GV",
    "dumai": "GV",
    "governingvessel": "GV",
    "governor": "GV",
    "governorvessel": "GV",
    "cv": "CV",
    "ren": "CV",
    "renmai": "CV",
    "conceptionvessel": "CV",
}

# The bare "B" prefix: older books number the outer back line before the thigh points.
OLD_BLADDER_RANGE = range(36, 55)

_CODE = re.compile(r"^([a-z]+)0*(\d{1,3})$")


def fold(text: str) -> str:
    """Fold a name to its lookup key: no case, tone marks, spaces, hyphens or dots."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = [ch for ch in decomposed if not unicodedata.combining(ch)]
    return "".join(ch for ch in "".join(kept).casefold() if ch.isalnum())


def old_bladder_to_modern(number: int) -> int:
    """Old B36-B49 are today's BL41-BL54; old B50-B54 are today's BL36-BL40."""
    if number not in OLD_BLADDER_RANGE:
        raise ValueError(f"B{number} is outside the renumbered range B36-B54")
    return number + 5 if number <= 49 else number - 14


class CodeReading(NamedTuple):
    """One way to read a code-shaped name: the WHO code and the numbering assumed."""

    code: str
    numbering: str  # "standard", "modern", or "old"


def read_code(folded: str) -> list[CodeReading]:
    """Read a folded name as a channel code; a bare B36-B54 has two readings."""
    match = _CODE.match(folded)
    if not match:
        return []
    prefix, digits = match.groups()
    number = int(digits)
    if prefix == "b":
        if number in OLD_BLADDER_RANGE:
            return [
                CodeReading(f"BL{number}", "modern"),
                CodeReading(f"BL{old_bladder_to_modern(number)}", "old"),
            ]
        return [CodeReading(f"BL{number}", "standard")]
    channel = CHANNEL_PREFIXES.get(prefix)
    if channel is None:
        return []
    return [CodeReading(f"{channel}{number}", "standard")]
