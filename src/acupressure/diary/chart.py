"""A picture of daily pain with the sessions marked, as SVG or PNG (matplotlib, Agg).

matplotlib is imported here, lazily, so the rest of the diary and the CLI's `--help` stay
fast. The SVG carries no date or random ids, so the same diary draws the same file.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any, Literal

from acupressure.diary.analytics import daily_pain
from acupressure.diary.entries import SessionEntry, plausible
from acupressure.errors import BadInput

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

Format = Literal["svg", "png"]


def format_for(suffix: str) -> Format:
    """The image format a file name asks for; anything but .svg or .png is bad input."""
    cleaned = suffix.lower().lstrip(".")
    if cleaned == "svg":
        return "svg"
    if cleaned == "png":
        return "png"
    raise BadInput(f"chart file must end in .svg or .png, not {suffix or '(no suffix)'!r}")


MIN_SPAN_DAYS = 6  # one day alone would make matplotlib zoom to hours (or years)
MAX_DAY_TICKS = 10


def render(
    *, sessions: Sequence[SessionEntry], image: Format = "svg", tz: tzinfo | None = None
) -> bytes:
    """The chart of `draw` as SVG or PNG bytes."""
    import matplotlib

    figure = draw(sessions=sessions, tz=tz)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "acupressure", "svg.fonttype": "none"}):
        metadata = {"Date": None} if image == "svg" else {"Software": None}
        figure.savefig(buffer, format=image, metadata=metadata)
    return buffer.getvalue()


def draw(*, sessions: Sequence[SessionEntry], tz: tzinfo | None = None) -> Figure:
    """Daily mean pain before sessions as a line; session days as ticks; side effects as x."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    placed = [entry for entry in sessions if plausible(entry.started_at)]  # as the summary
    days = list(daily_pain(sessions=placed, tz=tz).values())
    figure = Figure(figsize=(9, 4), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    rated = [d for d in days if d.pain is not None]
    rated_days: Any = [d.day for d in rated]
    rated_pain: Any = [d.pain for d in rated]
    all_days: Any = [d.day for d in days]
    axes.plot(
        rated_days,
        rated_pain,
        color="#1f5f8b",
        linewidth=1.2,
        marker="o" if len(rated) <= 60 else None,
        markersize=3,
        label="pain before sessions (daily mean)",
    )
    if days:
        axes.plot(
            all_days,
            [-0.4] * len(days),
            linestyle="none",
            marker="|",
            markersize=8,
            color="#2e8b57",
            label="session days",
        )
    flagged: Any = [d.day for d in days if d.side_effects]
    if flagged:
        axes.plot(
            flagged,
            [10.4] * len(flagged),
            linestyle="none",
            marker="x",
            color="#c0392b",
            label="side effect reported",
        )
    axes.set_ylim(-1, 11)
    axes.set_yticks(range(0, 11, 2))
    axes.set_ylabel("pain 0-10")
    axes.set_title("Daily pain" if days else "Daily pain (no sessions recorded yet)")
    axes.grid(axis="y", alpha=0.3)
    if days:
        figure.legend(loc="outside lower center", fontsize="small", frameon=False, ncols=3)
    _date_axis(axes, [d.day for d in days])
    figure.autofmt_xdate()
    return figure


def _date_axis(axes: Axes, days: Sequence[date]) -> None:
    """Whole days only, at least MIN_SPAN_DAYS wide, with labels a person reads as dates."""
    from matplotlib import dates

    mdates: Any = dates  # its helpers are untyped
    if not days:
        axes.set_xticks([])
        return
    first, last = min(days), max(days)
    pad = max((MIN_SPAN_DAYS - (last - first).days) / 2, 0.5)  # half a day beyond each end
    low, high = mdates.date2num(first) - pad, mdates.date2num(last) + pad
    axes.set_xlim(low, high)
    span = high - low
    same_year = first.year == last.year
    locator: Any
    if span <= 7 * MAX_DAY_TICKS:
        locator = mdates.DayLocator(interval=max(1, math.ceil(span / MAX_DAY_TICKS)))
        pattern = "%d %b" if same_year else "%d %b %Y"
        formatter: Any = mdates.DateFormatter(pattern)
    else:  # months or years: the automatic locator picks whole months or years, never hours
        locator = mdates.AutoDateLocator(minticks=3, maxticks=MAX_DAY_TICKS)
        formatter = mdates.ConciseDateFormatter(locator)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(formatter)


__all__ = ["draw", "format_for", "render"]
