"""Folding names and reading codes, including the old bladder numbering."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acupressure.knowledge.names import CodeReading, fold, old_bladder_to_modern, read_code


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("BL40", "bl40"),
        ("ub-40", "ub40"),
        ("Bl 40", "bl40"),
        ("B.54", "b54"),
        ("Wěizhōng", "weizhong"),
        ("Wei Zhong", "weizhong"),
        ("委中", "委中"),
        ("Commanding Middle", "commandingmiddle"),
        ("Joining-the-Valley", "joiningthevalley"),
    ],
)
def test_fold_ignores_case_spaces_hyphens_dots_and_tone_marks(text: str, key: str) -> None:
    assert fold(text) == key


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(
    ("old", "modern"),
    [(36, 41), (47, 52), (48, 53), (49, 54), (50, 36), (54, 40)],
)
def test_old_bladder_numbers(old: int, modern: int) -> None:
    assert old_bladder_to_modern(old) == modern


def test_old_bladder_numbers_outside_the_range_are_refused() -> None:
    with pytest.raises(ValueError, match="B23"):
        old_bladder_to_modern(23)


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("bladder40", "BL40"),
        ("urinarybladder40", "BL40"),
        ("ub40", "BL40"),
        ("largeintestine4", "LI4"),
        ("gallbladder30", "GB30"),
        ("governingvessel20", "GV20"),
        ("du20", "GV20"),
        ("conceptionvessel6", "CV6"),
        ("ren6", "CV6"),
        ("liver3", "LR3"),
        ("lv3", "LR3"),
        ("liv3", "LR3"),
        ("kidney27", "KI27"),
        ("k27", "KI27"),
        ("tw5", "TE5"),
        ("sj5", "TE5"),
        ("bl023", "BL23"),
        ("b23", "BL23"),
    ],
)
def test_channel_prefixes_read_as_who_codes(key: str, code: str) -> None:
    assert [reading.code for reading in read_code(key)] == [code]


def test_bare_b_in_the_renumbered_range_has_two_readings() -> None:
    assert read_code("b54") == [CodeReading("BL54", "modern"), CodeReading("BL40", "old")]


def test_words_that_are_not_codes_have_no_reading() -> None:
    assert read_code("weizhong") == []
    assert read_code("xy12") == []
