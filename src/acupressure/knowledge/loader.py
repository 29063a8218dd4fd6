"""Read the knowledge files and refuse bad data loudly, naming file, entry and field.

Pydantic checks each entry's shape; the cross-checks here catch what no single entry
can see: duplicate codes, citations of unknown sources, names claimed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from acupressure.errors import KnowledgeError
from acupressure.knowledge.cache import default_directory, fingerprint
from acupressure.knowledge.models import (
    COMPLAINT_IDS,
    Complaint,
    Point,
    SharedName,
    Source,
)
from acupressure.knowledge.names import fold
from acupressure.knowledge.records import InvalidRecord, validated

if TYPE_CHECKING:
    from acupressure.knowledge.files import PointsFile

Entry = TypeVar("Entry")
FileLayout = TypeVar("FileLayout")


@dataclass(frozen=True)
class Knowledge:
    """The validated contents of the knowledge directory."""

    points: tuple[Point, ...]
    shared_names: tuple[SharedName, ...]
    sources: dict[str, Source]
    complaints: dict[str, Complaint]
    fingerprint: str


def load_knowledge(directory: Path | None = None, *, print_: str | None = None) -> Knowledge:
    """Validate every knowledge file; raise KnowledgeError listing every problem."""
    from acupressure.knowledge.files import ComplaintsFile, PointsFile, SourcesFile

    directory = directory or default_directory()
    problems: list[str] = []
    sources_file = _validated(directory, "sources.yaml", SourcesFile, "sources", "id", problems)
    complaints_file = _validated(
        directory, "complaints.yaml", ComplaintsFile, "complaints", "id", problems
    )
    points_file = _validated(directory, "points.yaml", PointsFile, "points", "code", problems)
    if problems or sources_file is None or complaints_file is None or points_file is None:
        raise KnowledgeError(problems)
    sources = _unique(sources_file.sources, "sources.yaml", "id", problems)
    complaints = _unique(complaints_file.complaints, "complaints.yaml", "id", problems)
    points = _unique(points_file.points, "points.yaml", "code", problems)
    for missing in sorted(set(COMPLAINT_IDS) - set(complaints)):
        problems.append(f"complaints.yaml: complaint {missing!r} is missing")
    problems += _citation_problems(points_file, set(sources))
    problems += _reference_problems(points_file, set(points))
    problems += _name_problems(points_file)
    if problems:
        raise KnowledgeError(problems)
    return Knowledge(
        points=tuple(points_file.points),
        shared_names=tuple(points_file.shared_names),
        sources=sources,
        complaints=complaints,
        fingerprint=print_ or fingerprint(directory),
    )


def _validated(
    directory: Path,
    filename: str,
    layout: type[FileLayout],
    list_key: str,
    id_key: str,
    problems: list[str],
) -> FileLayout | None:
    import yaml

    path = directory / filename
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{filename}: file is missing from {directory}")
        return None
    except yaml.YAMLError as error:
        problems.append(f"{filename}: not valid YAML: {error}")
        return None
    try:
        return validated(layout, raw)
    except InvalidRecord as error:
        for item in error.problems:
            problems.append(_describe(filename, raw, list_key, id_key, item["loc"], item["msg"]))
        return None


def _describe(
    filename: str, raw: Any, list_key: str, id_key: str, loc: tuple[Any, ...], msg: str
) -> str:
    """Name the entry by its id where we can, then the field path inside it."""
    if len(loc) >= 2 and loc[0] == list_key and isinstance(loc[1], int):
        entry_id = "?"
        entries = raw.get(list_key) if isinstance(raw, dict) else None
        if isinstance(entries, list) and loc[1] < len(entries):
            entry = entries[loc[1]]
            if isinstance(entry, dict):
                entry_id = str(entry.get(id_key, "?"))
        field = _field_path(loc[2:]) or "(the entry itself)"
        return f"{filename}: entry {entry_id!r} ({list_key}[{loc[1]}]), field {field}: {msg}"
    return f"{filename}: field {_field_path(loc) or '(top level)'}: {msg}"


def _field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _unique(entries: list[Entry], filename: str, key: str, problems: list[str]) -> dict[str, Entry]:
    seen: dict[str, Entry] = {}
    for index, entry in enumerate(entries):
        value = str(getattr(entry, key))
        if value in seen:
            problems.append(f"{filename}: entry {value!r} (index {index}), field {key}: duplicate")
        seen[value] = entry
    return seen


def _citation_problems(points_file: PointsFile, known: set[str]) -> list[str]:
    problems = []
    for point in points_file.points:
        cited = [(f"sources[{i}].source", c.source) for i, c in enumerate(point.sources)]
        cited += [(f"techniques[{i}].source", t.source) for i, t in enumerate(point.techniques)]
        cited += [(f"cautions[{i}].source", c.source) for i, c in enumerate(point.cautions)]
        for field, source in cited:
            if source not in known:
                problems.append(
                    f"points.yaml: entry {point.code!r}, field {field}: "
                    f"unknown source {source!r} (not in sources.yaml)"
                )
    return problems


def _reference_problems(points_file: PointsFile, codes: set[str]) -> list[str]:
    problems = []
    for point in points_file.points:
        if point.mapping:
            for code in point.mapping.points:
                if code not in codes:
                    problems.append(
                        f"points.yaml: entry {point.code!r}, field mapping.points: "
                        f"unknown point {code!r}"
                    )
    for index, shared in enumerate(points_file.shared_names):
        for code in shared.codes:
            if code not in codes:
                problems.append(
                    f"points.yaml: shared name {shared.name!r} (shared_names[{index}]), "
                    f"field codes: unknown point {code!r}"
                )
    return problems


def names_of(point: Point) -> list[tuple[str, str]]:
    """Every (field, name) a point answers to, in order of authority."""
    names = [("code", point.code), ("pinyin", point.pinyin), ("pinyin_plain", point.pinyin_plain)]
    names += [("hanzi_traditional", point.hanzi_traditional)]
    names += [("hanzi_simplified", point.hanzi_simplified), ("english", point.english)]
    names += [("english_names", name) for name in point.english_names]
    names += [("old_codes", name) for name in point.old_codes]
    names += [("aliases", name) for name in point.aliases]
    return [(field, name) for field, name in names if fold(name)]


def _name_problems(points_file: PointsFile) -> list[str]:
    """A name claimed by two entries must be declared shared, with exactly those entries."""
    owners: dict[str, dict[str, str]] = {}
    for point in points_file.points:
        for field, name in names_of(point):
            owners.setdefault(fold(name), {}).setdefault(point.code, field)
    declared = {fold(shared.name): set(shared.codes) for shared in points_file.shared_names}
    problems = []
    for key, claimants in owners.items():
        if len(claimants) < 2:
            continue
        if declared.get(key) == set(claimants):
            continue
        who = ", ".join(f"{code} ({field})" for code, field in claimants.items())
        problems.append(
            f"points.yaml: name {key!r} is claimed by {who} but not declared in shared_names "
            "with exactly those codes"
        )
    return problems
