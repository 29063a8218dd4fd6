"""Typed access to what create_app put on the app: the catalogue and the caller's diary."""

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
    """The diary of whoever asks: the local one, or in clinic mode the logged-in account's
    own (the one place a web request chooses a diary)."""
    if request.app.state.settings.clinic:
        from acupressure.web.clinic_auth import current_account

        return DiaryStore(request.app.state.engine, owner=current_account(request).owner)
    diary: DiaryStore = request.app.state.diary
    return diary


def get_trials(request: Request) -> TrialStore:
    trials: TrialStore = request.app.state.trials
    return trials


CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]
DiaryDep = Annotated[DiaryStore, Depends(get_diary)]
TrialsDep = Annotated[TrialStore, Depends(get_trials)]
