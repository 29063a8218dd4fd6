"""The chart is a real SVG or PNG, the same diary draws the same SVG, bad suffixes refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from acupressure.diary.chart import format_for, render
from acupressure.diary.entries import SessionEntry
from acupressure.errors import BadInput

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def sessions(days: int = 20) -> list[SessionEntry]:
    return [
        SessionEntry(
            uid=f"s{n}",
            started_at=START + timedelta(days=n),
            pain_before=7 - n // 4,
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
