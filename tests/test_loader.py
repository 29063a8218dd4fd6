"""A broken knowledge file stops loading with a message naming file, entry and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from acupressure.errors import KnowledgeError
from acupressure.knowledge.loader import load_knowledge

Data = dict[str, Any]


def edit(directory: Path, filename: str, change: Callable[[Data], None]) -> None:
    path = directory / filename
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def entry(data: Data, code: str) -> Data:
    found: Data = next(p for p in data["points"] if p["code"] == code)
    return found


def problems_of(directory: Path) -> str:
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(directory)
    return "\n".join(raised.value.problems)


def test_the_shipped_knowledge_base_is_valid() -> None:
    knowledge = load_knowledge()
    assert len(knowledge.points) >= 22
    assert {"BL23", "BL40", "paraspinal"} <= {p.code for p in knowledge.points}


def test_missing_field(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "points.yaml", lambda d: entry(d, "BL40").pop("location"))
    message = problems_of(knowledge_copy)
    assert "points.yaml" in message and "'BL40'" in message and "location" in message


def test_unknown_complaint_id(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "points.yaml", lambda d: entry(d, "LI4")["indications"].append("flu"))
    message = problems_of(knowledge_copy)
    assert "'LI4'" in message and "indications" in message


def test_unknown_source(knowledge_copy: Path) -> None:
    def change(data: Data) -> None:
        entry(data, "GB21")["sources"][0]["source"] = "blog-post-9"

    edit(knowledge_copy, "points.yaml", change)
    message = problems_of(knowledge_copy)
    assert "'GB21'" in message and "sources[0].source" in message and "blog-post-9" in message


def test_duplicate_code(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "points.yaml", lambda d: d["points"].append(dict(entry(d, "CV6"))))
    message = problems_of(knowledge_copy)
    assert "'CV6'" in message and "duplicate" in message


def test_alias_claimed_twice_without_declaration(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "points.yaml", lambda d: entry(d, "GV20")["aliases"].append("Hoku"))
    message = problems_of(knowledge_copy)
    assert "hoku" in message and "GV20" in message and "LI4" in message
    assert "shared_names" in message


def test_a_declared_shared_name_is_allowed(knowledge_copy: Path) -> None:
    def change(data: Data) -> None:
        entry(data, "GV20")["aliases"].append("Test Name")
        entry(data, "GV14")["aliases"].append("Test Name")
        data["shared_names"].append(
            {"name": "Test Name", "codes": ["GV20", "GV14"], "note": "both on the midline."}
        )

    edit(knowledge_copy, "points.yaml", change)
    assert load_knowledge(knowledge_copy)


def test_shared_name_with_unknown_code(knowledge_copy: Path) -> None:
    def change(data: Data) -> None:
        data["shared_names"].append({"name": "x", "codes": ["GV20", "ZZ9"], "note": "n"})

    edit(knowledge_copy, "points.yaml", change)
    assert "ZZ9" in problems_of(knowledge_copy)


def test_coordinates_out_of_range(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "points.yaml", lambda d: entry(d, "BL23")["chart"][0].update(x=1.4))
    message = problems_of(knowledge_copy)
    assert "'BL23'" in message and "chart[0].x" in message


def test_unknown_field_is_refused(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "points.yaml", lambda d: entry(d, "KI1").update(colour="red"))
    message = problems_of(knowledge_copy)
    assert "'KI1'" in message and "colour" in message


def test_unknown_mapping_target(knowledge_copy: Path) -> None:
    def change(data: Data) -> None:
        entry(data, "paraspinal")["mapping"]["points"].append("BL99")

    edit(knowledge_copy, "points.yaml", change)
    assert "BL99" in problems_of(knowledge_copy)


def test_missing_complaint_in_complaints_file(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "complaints.yaml", lambda d: d["complaints"].pop())
    assert "complaints.yaml" in problems_of(knowledge_copy)


def test_duplicate_source(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "sources.yaml", lambda d: d["sources"].append(dict(d["sources"][0])))
    message = problems_of(knowledge_copy)
    assert "sources.yaml" in message and "duplicate" in message


def test_invalid_yaml(knowledge_copy: Path) -> None:
    (knowledge_copy / "sources.yaml").write_text("sources: [unclosed", encoding="utf-8")
    assert "sources.yaml: not valid YAML" in problems_of(knowledge_copy)


def test_missing_file(knowledge_copy: Path) -> None:
    (knowledge_copy / "complaints.yaml").unlink()
    assert "complaints.yaml: file is missing" in problems_of(knowledge_copy)


def test_every_citation_in_the_data_points_into_sources(knowledge_copy: Path) -> None:
    knowledge = load_knowledge(knowledge_copy)
    for point in knowledge.points:
        for claim in point.sources:
            assert claim.source in knowledge.sources


def test_unknown_tag_is_refused(knowledge_copy: Path) -> None:
    """Safety rules select points by tag: a misspelt tag would silently escape them."""
    edit(
        knowledge_copy, "points.yaml", lambda d: entry(d, "BL40")["tags"].append("behind_the_knee")
    )
    message = problems_of(knowledge_copy)
    assert "'BL40'" in message and "tags" in message
