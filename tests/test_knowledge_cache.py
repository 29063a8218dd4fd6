"""The copies of parsed YAML and validated records: reused while the bytes are unchanged,
never stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from acupressure.knowledge import cache
from acupressure.knowledge.cache import InvalidYAML, kept_record, parsed_yaml
from acupressure.knowledge.files import ComplaintsFile
from acupressure.knowledge.models import Complaint
from acupressure.knowledge.records import InvalidRecord


def test_a_parsed_file_is_kept_as_json_and_a_change_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "rules.yaml"
    data.write_text("rules:\n  - id: one\n    level: 3\n", encoding="utf-8")
    assert parsed_yaml(data) == {"rules": [{"id": "one", "level": 3}]}
    (copy,) = (tmp_path / "cache").rglob("*.yaml.json")
    assert parsed_yaml(data) == {"rules": [{"id": "one", "level": 3}]}
    data.write_text("rules: []\n", encoding="utf-8")
    assert parsed_yaml(data) == {"rules": []}
    assert len(list((tmp_path / "cache").rglob("*.yaml.json"))) == 2
    copy.write_text("{broken", encoding="utf-8")
    data.write_text("rules:\n  - id: one\n    level: 3\n", encoding="utf-8")
    assert parsed_yaml(data) == {"rules": [{"id": "one", "level": 3}]}


def test_what_json_cannot_hold_exactly_is_parsed_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "odd.yaml"
    data.write_text("when: 2026-03-02\n1: one\n", encoding="utf-8")
    first = parsed_yaml(data)
    assert first == parsed_yaml(data) and 1 in first
    assert not list((tmp_path / "cache").rglob("*.yaml.json"))


def test_invalid_yaml_is_reported_and_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "bad.yaml"
    data.write_text("rules: [unclosed\n", encoding="utf-8")
    with pytest.raises(InvalidYAML, match="flow sequence"):
        parsed_yaml(data)
    assert not list((tmp_path / "cache").rglob("*.yaml.json"))


def test_no_cache_means_no_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("ACUPRESSURE_NO_CACHE", "1")
    data = tmp_path / "rules.yaml"
    data.write_text("a: 1\n", encoding="utf-8")
    assert parsed_yaml(data) == {"a": 1}
    assert cache.cache_file("x", "json") is None
    assert not (tmp_path / "cache").exists()


def test_a_validated_record_is_kept_and_a_change_or_a_broken_copy_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "complaints.yaml"
    data.write_text(
        "complaints:\n  - id: knee\n    label: Knee pain\n    description: ' the knee '\n",
        encoding="utf-8",
    )
    first = kept_record(data, ComplaintsFile)
    assert first.complaints == [Complaint(id="knee", label="Knee pain", description="the knee")]
    (copy,) = (tmp_path / "cache").rglob("*.record.pickle")
    assert kept_record(data, ComplaintsFile) == first
    copy.write_bytes(b"not a pickle")
    assert kept_record(data, ComplaintsFile) == first
    data.write_text("complaints: []\n", encoding="utf-8")
    assert kept_record(data, ComplaintsFile).complaints == []


def test_an_invalid_record_is_reported_and_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "complaints.yaml"
    data.write_text("complaints:\n  - id: elbow\n    label: E\n    description: D\n", "utf-8")
    with pytest.raises(InvalidRecord) as raised:
        kept_record(data, ComplaintsFile)
    assert [problem["loc"] for problem in raised.value.problems] == [("complaints", 0, "id")]
    assert not list((tmp_path / "cache").rglob("*.record.pickle"))
