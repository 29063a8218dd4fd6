"""The pain diary: sessions and weekly check-ins, stored, summarised honestly, exchanged.

A service package: it may import SQLAlchemy, but the faces only see the models in
`entries` and the results of `analytics`.
"""

from __future__ import annotations

from acupressure.diary.entries import SIDE_EFFECTS, CheckIn, SessionEntry
from acupressure.diary.store import DiaryError, DiaryStore, ImportResult, make_engine

__all__ = [
    "SIDE_EFFECTS",
    "CheckIn",
    "DiaryError",
    "DiaryStore",
    "ImportResult",
    "SessionEntry",
    "make_engine",
]
