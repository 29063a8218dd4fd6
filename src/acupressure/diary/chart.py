"""A picture of daily pain with the sessions marked, as SVG or PNG (matplotlib, Agg).

matplotlib is imported here, lazily, so the rest of the diary and the CLI's `--help` stay
fast. The SVG carries no date or random ids, so the same diary draws the same file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import tzinfo
from typing import Any, Literal

from acupressure.diary.analytics import daily_pain
from acupressure.diary.entries import SessionEntry
from acupressure.errors import BadInput

Format = Literal["svg", "png"]


def format_for(suffix: str) -> Format:
    """The image format a file name asks for; anything but .svg or .png is bad input."""
    cleaned = suffix.lower().lstrip(".")
    if cleaned == "svg":
        return "svg"
    if cleaned == "png":
        return "png"
    raise BadInput(f"chart file must end in .svg or .png, not {suffix or '(no suffix)'!r}")


def render(
    *, sessions: Sequence[SessionEntry], image: Format = "svg", tz: tzinfo | None = None
) -> bytes:
    """Daily mean pain before sessions as a line; session days as ticks; side effects as x."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    days = list(daily_pain(sessions=sessions, tz=tz).values())
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
    figure.autofmt_xdate()
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "acupressure", "svg.fonttype": "none"}):
        metadata = {"Date": None} if image == "svg" else {"Software": None}
        figure.savefig(buffer, format=image, metadata=metadata)
    return buffer.getvalue()


__all__ = ["format_for", "render"]
