"""Self-acupressure for back pain from a curated, cited knowledge base."""

from __future__ import annotations

import logging

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

# Details of failures (a database's SQL and parameters) are logged, never shown; nothing is
# printed unless a face sets up a handler (the server's console, ACUPRESSURE_DEBUG=1).
logging.getLogger("acupressure").addHandler(logging.NullHandler())
