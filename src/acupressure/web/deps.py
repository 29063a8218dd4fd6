"""Typed access to what create_app put on the app: the catalogue and the diary."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from acupressure.diary.store import DiaryStore
from acupressure.knowledge.catalogue import Catalogue
from acupressure.trial.store import TrialStore


def get_catalogue(request: Request) -> Catalogue:
    catalogue: Catalogue = request.app.state.catalogue
    return catalogue


def get_diary(request: Request) -> DiaryStore:
    diary: DiaryStore = request.app.state.diary
    return diary


def get_trials(request: Request) -> TrialStore:
    trials: TrialStore = request.app.state.trials
    return trials


CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]
DiaryDep = Annotated[DiaryStore, Depends(get_diary)]
TrialsDep = Annotated[TrialStore, Depends(get_trials)]
