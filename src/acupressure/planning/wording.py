"""How a plan names its sources and states its facts to the person reading it.

An article is named by its short title (its file name stays the citation in `sources`), a
trial by its first author and year, never by an id such as "article 003" or "murphy2019";
and each fact is said once, even where two safety limits give the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

_AUTHOR_YEAR = re.compile(r"^([a-z]+)(\d{4})$")
# A sentence ends at . ! or ? followed by a space and a capital, a quote or a bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
# Words that introduce a run of sentences; a repeated sentence is compared without them.
_LEADS = ("Limits: ", "Why: ")


@cache
def _named() -> tuple[dict[str, str], int]:
    """Each source's name for people, and how many articles there are."""
    from acupressure.knowledge.catalogue import load_catalogue

    names: dict[str, str] = {}
    articles = 0
    for key, source in load_catalogue().sources.items():
        if source.kind == "article":
            articles += 1
            if source.short_title:
                names[key] = f"“{source.short_title}”"
    return names, articles


def source_label(source: str) -> str:
    """A source as a person reads it: “Short title” for an article, "Murphy 2019" for a
    study named by author and year, else the id as given."""
    name = _named()[0].get(source)
    if name:
        return name
    match = _AUTHOR_YEAR.match(source)
    if match:
        return f"{match.group(1).capitalize()} {match.group(2)}"
    return source


def article_title(source: str) -> str:
    """An article's short title without quotes (a table's cell), else its label."""
    return source_label(source).strip("“”")


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def recommended_by(articles: list[str]) -> str:
    """Which articles name a point, in few words: all, all but one or two, or each title."""
    total = _named()[1]
    count = len(articles)
    if count == total:
        return f"recommended by all {total} articles"
    if count >= 3 and total - count <= 2:
        others = _and([source_label(s) for s in _named()[0] if s not in articles])
        return f"recommended by {count} of the {total} articles (all but {others})"
    return f"recommended by {_and([source_label(s) for s in articles])}"


def sentences(text: str) -> list[str]:
    """The sentences of a text, in order."""
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


def _lead(sentence: str) -> str:
    return next((lead for lead in _LEADS if sentence.startswith(lead)), "")


def _core(sentence: str) -> str:
    return sentence.removeprefix(_lead(sentence)).strip()


def _without(text: str, known: set[str]) -> str:
    """Drop the sentences whose core is known; a dropped "Limits: " passes to the next."""
    kept: list[str] = []
    lead = ""
    for sentence in sentences(text):
        core = _core(sentence)
        if core in known:
            lead = _lead(sentence) or lead
            continue
        known.add(core)
        kept.append(sentence if _lead(sentence) else lead + sentence)
        lead = ""
    return " ".join(kept)


def one_sentence_each(text: str) -> str:
    """The text with each sentence said once (the first time it comes)."""
    return _without(text, set())


def unsaid(text: str, said: Iterable[str]) -> str:
    """The text without the sentences a page already says elsewhere (its cautions)."""
    return _without(text, {_core(sentence) for line in said for sentence in sentences(line)})


__all__ = [
    "article_title",
    "one_sentence_each",
    "recommended_by",
    "sentences",
    "source_label",
    "unsaid",
]
