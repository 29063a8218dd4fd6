"""Self-acupressure for back pain from a curated, cited knowledge base."""

from __future__ import annotations

from acupressure.errors import (
    AcupressureError,
    AmbiguousName,
    BadInput,
    KnowledgeError,
    UnknownName,
)

__all__ = [
    "AcupressureError",
    "AmbiguousName",
    "BadInput",
    "KnowledgeError",
    "UnknownName",
    "__version__",
]

__version__ = "0.1.0"
