"""The JSON contract both faces keep (DESIGN.md): the fields every point document has."""

from __future__ import annotations

POINT_FIELDS = frozenset(
    {
        "code",
        "kind",
        "pinyin",
        "hanzi",
        "english",
        "aliases",
        "region",
        "bilateral",
        "location",
        "finding",
        "indications",
        "cautions",
        "techniques",
        "sources",
    }
)
