"""Where the knowledge files live, and the validated copies kept between runs.

Validating the YAML costs far more than answering a lookup, so each process reuses the
last validated copy while the files' fingerprint is unchanged. Parsing YAML alone (PyYAML
is pure Python here) costs more than a whole plan, so the other data files (safety rules,
presets) are kept as plain JSON keyed by a hash of their bytes: pydantic then validates
that JSON in about a millisecond. This module imports no pydantic, and YAML only on a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

Record = TypeVar("Record")
KNOWLEDGE_FILES = ("sources.yaml", "complaints.yaml", "points.yaml")
CACHE_VERSION = "3"
PACKAGE = Path(__file__).resolve().parent.parent  # src/acupressure
# The code a cached catalogue or knowledge snapshot is made by (knowledge may import errors).
KNOWLEDGE_CODE = ("knowledge", "errors.py")
# The code that defines and checks the other data files' records (safety rules, presets).
RECORD_CODE = ("knowledge", "safety", "planning", "errors.py")


def default_directory() -> Path:
    """The knowledge files shipped inside the package (beside this module: a plain path,
    since importlib.resources alone would import tempfile, shutil and zipfile)."""
    return Path(__file__).resolve().parent / "data"


def source_digest(parts: tuple[str, ...]) -> str:
    """A hash of the code that makes a cached document: the source of these modules and
    rooms of the package (paths relative to it), the interpreter and pydantic's version,
    so a cache made by other code is never read as this code's answer."""
    import sys

    digest = hashlib.sha256(sys.version.encode())
    digest.update(_pydantic_version())
    for part in parts:
        path = PACKAGE / part
        files = sorted(path.glob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(f"\0{file.relative_to(PACKAGE)}\0".encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _pydantic_version() -> bytes:
    """pydantic's version file, found without importing pydantic (which costs a lot)."""
    from importlib.util import find_spec

    spec = find_spec("pydantic")
    if spec is None or spec.origin is None:
        return b"no pydantic"
    try:
        return (Path(spec.origin).parent / "version.py").read_bytes()
    except OSError:
        return b"pydantic version unknown"


def fingerprint(directory: Path) -> str:
    """A hash of the knowledge files, where they are and the code that reads them, so a
    cache knows its data and its maker."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update(source_digest(KNOWLEDGE_CODE).encode())
    digest.update(str(directory.resolve()).encode())
    for name in KNOWLEDGE_FILES:
        path = directory / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def cache_file(print_: str, suffix: str) -> Path | None:
    """The cache file for one fingerprint, or None when caching is switched off."""
    if os.environ.get("ACUPRESSURE_NO_CACHE"):
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("acupressure")) / f"knowledge-{print_[:24]}.{suffix}"


def write_atomically(path: Path | None, payload: bytes) -> None:
    """Write through a temporary file, so a reader never sees half a cache."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(payload)
        temporary.replace(path)
    except OSError:
        pass  # a cache we cannot write is only slower, never wrong


def kept_record(path: Path, kind: type[Record]) -> Record:
    """The validated `kind` in a YAML data file, from a pickled copy while the file's bytes
    and the code that defines its records are unchanged (so no pydantic on a hit).

    Raises OSError, InvalidYAML and UnicodeDecodeError as `parsed_yaml` does, and
    InvalidRecord when the data is not a valid `kind`.
    """
    import pickle

    from acupressure.knowledge.records import validated

    raw = path.read_bytes()
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{_record_code()}\0".encode() + raw).hexdigest()
    copy = cache_file(digest, "record.pickle")
    if copy is not None and copy.exists():
        try:
            kept = pickle.loads(copy.read_bytes())
            if isinstance(kept, kind):
                return kept
        except Exception:  # a stale or broken copy is only a cache: validate again
            pass
    record = validated(kind, parsed_yaml(path))
    write_atomically(copy, pickle.dumps(record))
    return record


@cache
def _record_code() -> str:
    return source_digest(RECORD_CODE)


class InvalidYAML(ValueError):
    """A data file that is not valid YAML; the message is the parser's."""


def parsed_yaml(path: Path) -> Any:
    """The data in a YAML file, from a JSON copy while the file's bytes are unchanged.

    Raises OSError when the file cannot be read and InvalidYAML when it does not parse.
    A document JSON cannot hold exactly (dates, non-text keys) is simply not cached.
    """
    raw = path.read_bytes()
    digest = hashlib.sha256(CACHE_VERSION.encode() + b"\0" + raw).hexdigest()
    copy = cache_file(digest, "yaml.json")
    cached = read_json(copy)
    if cached is not None and cached.get("sha256") == digest:
        return cached["data"]
    import yaml

    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except yaml.YAMLError as error:
        raise InvalidYAML(str(error)) from None
    try:
        text = json.dumps({"sha256": digest, "data": data}, ensure_ascii=False)
    except (TypeError, ValueError):
        return data
    if json.loads(text)["data"] == data:
        write_atomically(copy, text.encode())
    return data


def read_json(path: Path | None) -> dict[str, Any] | None:
    """A cached JSON document, or None when it is missing or unreadable."""
    if path is None or not path.exists():
        return None
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
