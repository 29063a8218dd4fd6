"""The trial's design, allocation and ratings in the diary's exports (CLI and web)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from tests.webapp import make_client
from typer.testing import CliRunner

from acupressure.cli import app
from acupressure.diary.entries import SessionEntry
from acupressure.diary.store import DiaryStore, make_engine
from acupressure.trial.design import ArmSpec, make_design
from acupressure.trial.store import TrialStore

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A diary with one session and a trial three weeks in, rated every day."""
    url = f"sqlite:///{tmp_path / 'diary.sqlite'}"
    engine = make_engine(url)
    try:
        DiaryStore(engine).add_session(
            entry=SessionEntry(started_at=datetime(2026, 3, 2, 8, tzinfo=UTC), pain_before=5)
        )
        design = make_design(
            arm_a=ArmSpec(kind="preset", name="article-002", label="Article 002"),
            arm_b=ArmSpec(kind="none", name="none", label="usual care"),
            start=date.today() - timedelta(days=20),
            seed=21,
        )
        store = TrialStore(engine)
        store.start(design=design, now=datetime.now(UTC))
        for offset in range(21):
            store.rate(day=design.start + timedelta(days=offset), pain=offset % 7,
                       interference=None, now=datetime.now(UTC))  # fmt: skip
    finally:
        engine.dispose()
    return url


def export(db: str, fmt: str) -> str:
    result = runner.invoke(app, ["diary", "export", "--format", fmt], env={"ACUPRESSURE_DB": db})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_json_export_carries_design_allocation_and_ratings(db: str) -> None:
    document = json.loads(export(db, "json"))
    (trial,) = document["trials"]
    assert trial["design"]["seed"] == 21 and len(trial["design"]["allocation"]) == 6
    assert [p["arm"] for p in trial["design"]["schedule"]] == [
        arm for order in trial["design"]["allocation"] for arm in order
    ]
    assert "p < 0.05" in trial["design"]["decision_rule"]
    assert len(trial["ratings"]) == 21 and trial["ratings"][3]["pain"] == 3
    assert len(document["sessions"]) == 1


def test_the_csv_export_carries_the_trial_rows(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(export(db, "csv"))))
    kinds = [row["kind"] for row in rows]
    assert kinds.count("trial") == 1 and kinds.count("trial_period") == 12
    assert kinds.count("trial_rating") == 21 and kinds.count("session") == 1
    design = json.loads(next(r for r in rows if r["kind"] == "trial")["design"])
    periods = [r for r in rows if r["kind"] == "trial_period"]
    assert [r["arm"] for r in periods] == [p["arm"] for p in design["schedule"]]
    rating = next(r for r in rows if r["kind"] == "trial_rating")
    assert rating["pain"] == "0" and rating["arm"] == design["schedule"][0]["arm"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_with_a_trial_imports_back_into_a_diary(
    db: str, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"export.{fmt}"
    path.write_text(export(db, fmt), encoding="utf-8")
    fresh = {"ACUPRESSURE_DB": f"sqlite:///{tmp_path / 'fresh.sqlite'}"}
    result = runner.invoke(app, ["diary", "import", str(path), "--json"], env=fresh)
    assert result.exit_code == 0, result.stderr
    listed = json.loads(runner.invoke(app, ["diary", "list", "--json"], env=fresh).stdout)
    assert len(listed["sessions"]) == 1


def test_the_fhir_bundle_has_a_study_and_an_observation_per_rating(db: str) -> None:
    document: dict[str, Any] = json.loads(export(db, "fhir"))
    Bundle.model_validate(document)  # a valid FHIR R4B Bundle, the ResearchStudy included
    resources = [entry["resource"] for entry in document["entry"]]
    (study,) = [r for r in resources if r["resourceType"] == "ResearchStudy"]
    assert [arm["name"] for arm in study["arm"]] == ["A", "B"]
    assert "seed 21" in study["description"] and study["status"] == "active"
    trial_ratings = [
        r for r in resources if "personal trial" in r.get("note", [{}])[0].get("text", "")
    ]
    assert len(trial_ratings) == 21
    assert trial_ratings[0]["code"]["coding"][0]["code"] == "72514-3"


def test_the_web_export_has_the_trial_too(db: str, tmp_path: Path) -> None:
    client = make_client(tmp_path)  # the same diary file as the fixture's
    document = client.get("/diary/export.json").json()
    assert len(document["trials"]) == 1
    assert "trial_rating" in client.get("/diary/export.csv").text
    assert "ResearchStudy" in client.get("/diary/export.fhir").text
