"""The diary's own failures, free of SQLAlchemy so the SQLite hot path (`quick`) raises
exactly what the full store raises."""

from __future__ import annotations

from acupressure.errors import AcupressureError, BadInput


class DiaryError(AcupressureError):
    """The database could not be opened or written (exit 1: not the user's input)."""


class DiaryBusy(DiaryError):
    """Another writer held the diary longer than the busy timeout (web: 503)."""

    def __init__(self) -> None:
        super().__init__(
            "the diary is busy: another program is writing to it (an import?); "
            "nothing was changed, try again in a moment"
        )


class NewerDiary(BadInput):
    """The database was upgraded by a newer acupressure than this one."""


__all__ = ["DiaryBusy", "DiaryError", "NewerDiary"]
