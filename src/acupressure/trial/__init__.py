"""A personal N-of-1 trial of a routine: does it help *you*?

A service over the diary: the design (two arms, periods in pairs, a recorded random order),
the daily rating, the stop rules, the analysis with its fixed decision rule, reminders and
storage in the diary's database. The faces see the models and `service`.
"""

from __future__ import annotations

from acupressure.trial.analysis import Analysis, Period, analyse
from acupressure.trial.design import ArmSpec, TrialDesign, make_design
from acupressure.trial.records import Rating, Trial

__all__ = [
    "Analysis",
    "ArmSpec",
    "Period",
    "Rating",
    "Trial",
    "TrialDesign",
    "analyse",
    "make_design",
]
