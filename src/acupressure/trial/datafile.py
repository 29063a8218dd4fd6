"""Trial data from a CSV file: one row a day with `date`, `arm`, `pain` and maybe `pair`.

Without `pair`, periods are `period_days` long counted from the first date and each two
consecutive periods form a pair; two periods of the same arm side by side are normal (the
order is random within each pair), but a pair must hold one period of each arm. Every
problem names its row (the header is row 1) and field; nothing is guessed.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date, timedelta
from pathlib import Path

from acupressure.errors import BadInput
from acupressure.trial.analysis import Arm, Period

REQUIRED = ("date", "arm", "pain")
COLUMNS = (*REQUIRED, "pair")
MAX_PROBLEMS = 20


class _Row:
    __slots__ = ("arm", "day", "number", "pain", "pair")

    def __init__(self, number: int, day: date, arm: Arm, pain: float, pair: int | None) -> None:
        self.number, self.day, self.arm, self.pain, self.pair = number, day, arm, pain, pair


def read_csv(path: Path, *, period_days: int = 7) -> list[Period]:
    """Read and check a trial CSV file into periods."""
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as error:
        raise BadInput(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    except OSError as error:
        raise BadInput(f"{path}: cannot read ({error.strerror})") from error
    return parse_csv(content, period_days=period_days, where=f"{path}: ")


def parse_csv(content: str, *, period_days: int = 7, where: str = "") -> list[Period]:
    """Check every row, then group them into periods and pairs."""
    if period_days < 2:
        raise BadInput(f"--period-days: must be at least 2, not {period_days}")
    reader = csv.DictReader(io.StringIO(content, newline=""))
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
        reader.fieldnames = header
        raw = list(reader)
    except csv.Error as error:
        raise BadInput(f"{where}malformed CSV: {error}") from error
    if not header:
        raise BadInput(f"{where}empty file: expected a header row with date, arm, pain")
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing or unknown:
        parts = [f"missing column(s) {', '.join(missing)}"] if missing else []
        parts += [f"unknown column(s) {', '.join(unknown)}"] if unknown else []
        raise BadInput(f"{where}row 1: {'; '.join(parts)} (expected date, arm, pain, pair)")
    problems: list[str] = []
    rows: list[_Row] = []
    for number, cells in enumerate(raw, start=2):
        try:
            rows.append(_row(number, cells))
        except BadInput as error:
            problems.append(str(error))
    _raise_if(problems, where)
    _check_dates(rows, where)
    with_pair = [row for row in rows if row.pair is not None]
    if with_pair and len(with_pair) != len(rows):
        blank = next(row for row in rows if row.pair is None)
        raise BadInput(f"{where}row {blank.number}.pair: empty, but other rows give a pair")
    periods = _by_pair(rows) if with_pair else _by_date(rows, period_days, where)
    return periods


def _row(number: int, cells: dict[str | None, str | None]) -> _Row:
    if None in cells or any(value is None for value in cells.values()):
        raise BadInput(f"row {number}: wrong number of fields")
    text = {key: (value or "").strip() for key, value in cells.items() if key is not None}
    try:
        day = date.fromisoformat(text["date"])
    except ValueError:
        raise BadInput(
            f"row {number}.date: {text['date']!r} is not a date like 2026-03-02 (YYYY-MM-DD)"
        ) from None
    arm = text["arm"].upper()
    if arm not in ("A", "B"):
        raise BadInput(f"row {number}.arm: must be A or B, not {text['arm']!r}")
    try:
        pain = float(text["pain"])
    except ValueError:
        raise BadInput(f"row {number}.pain: {text['pain']!r} is not a number 0 to 10") from None
    if not math.isfinite(pain) or not 0 <= pain <= 10:
        raise BadInput(f"row {number}.pain: {text['pain']!r} is outside 0 to 10")
    pair: int | None = None
    if text.get("pair"):
        if not text["pair"].isdigit() or int(text["pair"]) < 1:
            raise BadInput(f"row {number}.pair: {text['pair']!r} is not a pair number 1, 2, ...")
        pair = int(text["pair"])
    return _Row(number, day, "A" if arm == "A" else "B", pain, pair)


def _check_dates(rows: list[_Row], where: str) -> None:
    seen: dict[date, int] = {}
    for row in rows:
        if row.day in seen:
            raise BadInput(
                f"{where}row {row.number}.date: {row.day} is already on row {seen[row.day]} "
                "(one rating a day)"
            )
        seen[row.day] = row.number


def _by_date(rows: list[_Row], period_days: int, where: str) -> list[Period]:
    if not rows:
        return []
    first = min(row.day for row in rows)
    groups: dict[int, list[_Row]] = {}
    for row in sorted(rows, key=lambda r: r.day):
        groups.setdefault((row.day - first).days // period_days, []).append(row)
    periods: dict[int, Period] = {}
    for index, members in groups.items():
        arm = members[0].arm
        for row in members:
            if row.arm != arm:
                start = first + timedelta(days=index * period_days)
                raise BadInput(
                    f"{where}row {row.number}.arm: the period from {start} is arm {arm}, "
                    f"this row says {row.arm} (periods are {period_days} days from {first})"
                )
        partner = periods.get(index ^ 1)
        if partner is not None and partner.arm == arm:
            raise BadInput(
                f"{where}row {members[0].number}.arm: pair {index // 2 + 1} has arm {arm} in both "
                "periods; each pair needs one period of A and one of B"
            )
        periods[index] = Period(
            pair=index // 2 + 1,
            arm=arm,
            start=first + timedelta(days=index * period_days),
            ratings=tuple((row.day, row.pain) for row in members),
        )
    return [periods[index] for index in sorted(periods)]


def _by_pair(rows: list[_Row]) -> list[Period]:
    groups: dict[tuple[int, Arm], list[_Row]] = {}
    for row in sorted(rows, key=lambda r: r.day):
        assert row.pair is not None
        groups.setdefault((row.pair, row.arm), []).append(row)
    return [
        Period(
            pair=pair,
            arm=arm,
            start=members[0].day,
            ratings=tuple((row.day, row.pain) for row in members),
        )
        for (pair, arm), members in sorted(groups.items(), key=lambda item: item[1][0].day)
    ]


def _raise_if(problems: list[str], where: str) -> None:
    if problems:
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        tail = f"; and {more} more" if more else ""
        raise BadInput(f"{where}{'; '.join(shown)}{tail}")


__all__ = ["COLUMNS", "parse_csv", "read_csv"]
