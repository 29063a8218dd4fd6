"""One style for every question the CLI asks: "Question? [choices] (hint): ".

Choices are in square brackets, what Enter does or what else is accepted in round ones,
then a colon: the same as Rich's own prompts, which the interview uses, so the screening
questions and the session's questions read alike.
"""

from __future__ import annotations

from collections.abc import Sequence

YES_NO = ("y", "n")


def prompt_text(question: str, *, choices: Sequence[str] = (), hint: str = "") -> str:
    """The line to show: the question, then [choices], then (hint), then ": "."""
    parts = [question.strip()]
    if choices:
        parts.append("[" + "/".join(choices) + "]")
    if hint:
        parts.append(f"({hint})")
    return " ".join(parts) + ": "


__all__ = ["YES_NO", "prompt_text"]
