"""The pain diary: sessions and weekly check-ins, stored, summarised honestly, exchanged.

A service package: it may import SQLAlchemy, but the faces only see the models in
`entries` and the results of `analytics`. Its names are looked up when first asked for,
so importing `diary.entries` or the SQLite hot path (`diary.quick`) does not import the
store and SQLAlchemy with it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acupressure.diary.entries import SIDE_EFFECTS, CheckIn, SessionEntry
    from acupressure.diary.errors import DiaryError
    from acupressure.diary.store import DiaryStore, ImportResult, make_engine

_HOMES = {
    "SIDE_EFFECTS": "entries",
    "CheckIn": "entries",
    "SessionEntry": "entries",
    "DiaryError": "errors",
    "DiaryStore": "store",
    "ImportResult": "store",
    "make_engine": "store",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)


__all__ = [
    "SIDE_EFFECTS",
    "CheckIn",
    "DiaryError",
    "DiaryStore",
    "ImportResult",
    "SessionEntry",
    "make_engine",
]
