"""Frozen records: validated by pydantic where data comes in, plain Python everywhere else.

The domain types (points, safety rules, profiles, steps, routines) are standard-library
dataclasses. Pydantic checks them where outside data arrives (the YAML files, a profile
file, a form) through `validated`, using each field's annotation; inside, a record is just
an object. So a command that only reads the kept, already-validated knowledge and plans
from it never imports pydantic, which alone costs several bare interpreter starts.
"""

from __future__ import annotations

import dataclasses
import sys
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import annotated_types as constraints
    from pydantic import BaseModel, TypeAdapter

Record = TypeVar("Record")

# What pydantic reads from a record class (`__pydantic_config__`): unknown keys and wrong
# types are errors; text in the knowledge files is trimmed.
STRICT: dict[str, Any] = {"extra": "forbid"}
STRICT_TRIMMED: dict[str, Any] = {"extra": "forbid", "str_strip_whitespace": True}


class InvalidRecord(ValueError):
    """Data that is not a valid record; `problems` are pydantic's error details."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(problems)} validation problem(s)")
        self.problems = problems


def validated(kind: type[Record], data: Any, *, strict: bool = False) -> Record:
    """`data` checked and built as a `kind`; InvalidRecord lists what is wrong.

    `strict` refuses every conversion ("40" is not 40, 1 is not true) in the record's own
    fields. Catching InvalidRecord needs no pydantic, so a caller imports it only on a miss.
    """
    from pydantic import ValidationError

    key: Any = kind  # a class is hashable; mypy cannot see that through the TypeVar
    try:
        if strict:
            return strictly_validated(kind, data)
        record: Record = _adapter(key).validate_python(data)
        return record
    except ValidationError as error:
        raise InvalidRecord([dict(item) for item in error.errors()]) from None


def strictly_validated(kind: type[Record], data: Any) -> Record:
    """`data` built as a `kind` with no conversion at all; raises pydantic's
    ValidationError, so a pydantic validator may call it and keep each field's error."""
    key: Any = kind
    checked = _strict_model(key).model_validate(data)
    return kind(**{name: getattr(checked, name) for name in field_names(kind)})


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


@cache
def _strict_model(kind: Any) -> type[BaseModel]:
    """A strict pydantic model with the record's fields (pydantic's strict mode takes only
    instances of a dataclass itself, never a dict, so it checks a model built from it)."""
    from typing import get_type_hints

    from pydantic import ConfigDict, create_model

    hints = get_type_hints(kind, include_extras=True)
    fields: dict[str, Any] = {}
    for item in dataclasses.fields(kind):
        if item.default is not dataclasses.MISSING:
            fields[item.name] = (hints[item.name], item.default)
        elif item.default_factory is not dataclasses.MISSING:
            fields[item.name] = (hints[item.name], item.default_factory())
        else:
            fields[item.name] = (hints[item.name], ...)
    config = ConfigDict(**kind.__pydantic_config__, strict=True)  # type: ignore[typeddict-item]
    return create_model(kind.__name__, __config__=config, **fields)


def plain(value: Any) -> Any:
    """A record as JSON-ready data: dicts, lists and scalars, fields in declared order.

    A routine is about a thousand values and a web page asks for it on every request, so
    the common cases are tested by exact type first.
    """
    kind: Any = type(value)
    if kind in _LEAVES:
        return value
    if kind is list or kind is tuple:
        return [item if type(item) in _LEAVES else plain(item) for item in value]
    if kind is dict:
        return {k: item if type(item) in _LEAVES else plain(item) for k, item in value.items()}
    if dataclasses.is_dataclass(kind):
        return {name: plain(getattr(value, name)) for name in field_names(type(value))}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


_LEAVES = frozenset({str, int, float, bool, type(None)})


def lazy_module(name: str) -> ModuleType:
    """A module that loads on its first attribute access (importlib's LazyLoader).

    The records' annotations name annotated_types' constraints (pydantic reads them), but
    only pydantic ever evaluates them; loading that module eagerly cost a command more
    than planning does.
    """
    if name in sys.modules:
        return sys.modules[name]
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


def field_names(kind: type[Any]) -> tuple[str, ...]:
    """The fields of a record class, in declared order (found once per class)."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return names


_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


if not TYPE_CHECKING:
    # The constraints the records' annotations name (`constraints.Interval(gt=0)`): only
    # pydantic evaluates them, so the module loads when it does.
    constraints = lazy_module("annotated_types")


__all__ = [
    "STRICT",
    "STRICT_TRIMMED",
    "InvalidRecord",
    "constraints",
    "field_names",
    "lazy_module",
    "plain",
    "strictly_validated",
    "validated",
]
