"""The chart is a real SVG or PNG, the same diary draws the same SVG, bad suffixes refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from acupressure.diary.chart import draw, format_for, render
from acupressure.diary.entries import SessionEntry
from acupressure.errors import BadInput

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def sessions(days: int = 20) -> list[SessionEntry]:
    return [
        SessionEntry(
            uid=f"s{n}",
            started_at=START + timedelta(days=n),
            pain_before=max(0, 7 - n // 4),
            pain_after=4,
            side_effects=["bruising"] if n == 5 else [],
        )
        for n in range(days)
    ]


def test_svg_is_well_formed_and_labelled() -> None:
    svg = render(sessions=sessions(), image="svg").decode("utf-8")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    for label in ("Daily pain", "pain 0-10", "session days", "side effect reported"):
        assert label in svg


def test_same_diary_draws_the_same_svg() -> None:
    assert render(sessions=sessions(), image="svg") == render(sessions=sessions(), image="svg")


def test_png_is_a_png() -> None:
    assert render(sessions=sessions(), image="png").startswith(b"\x89PNG\r\n\x1a\n")


def test_an_empty_diary_still_draws() -> None:
    svg = render(sessions=[], image="svg").decode("utf-8")
    assert "no sessions recorded yet" in svg


def test_unrated_sessions_are_still_marked() -> None:
    unrated = [SessionEntry(started_at=START + timedelta(days=n)) for n in range(3)]
    assert "session days" in render(sessions=unrated, image="svg").decode("utf-8")


@pytest.mark.parametrize(("suffix", "expected"), [(".svg", "svg"), (".PNG", "png")])
def test_format_follows_the_suffix(suffix: str, expected: str) -> None:
    assert format_for(suffix) == expected


@pytest.mark.parametrize("suffix", [".gif", "", ".svgz"])
def test_other_suffixes_are_bad_input(suffix: str) -> None:
    with pytest.raises(BadInput, match=r"\.svg or \.png"):
        format_for(suffix)


def x_axis(entries: list[SessionEntry]) -> tuple[float, list[float], list[str]]:
    """The x span in days, the tick positions and their labels, as drawn."""
    figure = draw(sessions=entries)
    figure.canvas.draw()
    axes = figure.axes[0]
    low, high = axes.get_xlim()
    ticks = [t for t in axes.get_xticks() if low <= t <= high]
    labels = [label.get_text() for label in axes.get_xticklabels() if label.get_text()]
    return high - low, ticks, labels


@pytest.mark.parametrize("count", [1, 2, 3, 20, 400])
def test_the_x_axis_spans_days_with_ticks_on_whole_days(count: int) -> None:
    span, ticks, labels = x_axis(sessions(count))
    assert 6 <= span <= count + 6
    assert 2 <= len(ticks) <= 12
    assert all(float(t).is_integer() for t in ticks)  # midnight: no 6-hour ticks
    assert labels and not any(":" in label for label in labels)


def test_a_single_entry_sits_in_a_few_days_around_it() -> None:
    span, ticks, labels = x_axis(sessions(1))
    assert span < 10  # not 2025 to 2029
    assert "02 Mar" in labels
