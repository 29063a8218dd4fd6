"""Errors the core raises; the faces turn them into exit codes and HTTP statuses."""

from __future__ import annotations

from collections.abc import Sequence


class AcupressureError(Exception):
    """Base of every error the package raises on purpose."""

    exit_code = 1


class BadInput(AcupressureError):
    """The caller gave something we cannot accept: an unknown name, an out-of-range value."""

    exit_code = 2


class UnknownName(BadInput):
    """A point name that resolves to nothing; carries the closest names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" Closest names: {', '.join(suggestions)}." if suggestions else ""
        super().__init__(f"Unknown point or region {name!r}.{hint}")


class UnknownComplaint(UnknownName):
    """A complaint that is none of the known ids; carries the closest one, if any."""

    def __init__(self, word: str, closest: str | None, ids: Sequence[str]) -> None:
        self.name = word
        self.closest = closest
        self.suggestions = [closest] if closest else list(ids)
        hint = f"did you mean {closest}? " if closest else ""
        BadInput.__init__(self, f"unknown complaint {word!r}; {hint}choose from: {', '.join(ids)}")


class AmbiguousName(BadInput):
    """A name that honestly means more than one entry: we list them instead of guessing."""

    def __init__(self, name: str, candidates: list[str], note: str) -> None:
        self.name = name
        self.candidates = candidates
        self.note = note
        options = " or ".join(candidates)
        super().__init__(f"{name!r} can mean {options}: {note} Ask again with one of these codes.")


class KnowledgeError(AcupressureError):
    """The knowledge base files are invalid; the message names file, entry and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Invalid knowledge base:\n" + "\n".join(f"- {p}" for p in problems))


class NotFound(BadInput):
    """An entry asked for by its id is not there, or not one the asker may see (the two look
    the same on purpose): exit 2 in the CLI, 404 on the web."""
