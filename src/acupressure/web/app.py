"""The application factory: settings in, a ready FastAPI app out (nothing at import time)."""

from __future__ import annotations

from importlib.resources import files

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from acupressure import __version__
from acupressure.web import (
    errors,
    openapi,
    routes_clients,
    routes_diary,
    routes_diary_edit,
    routes_home,
    routes_login,
    routes_plan,
    routes_points,
    routes_practice,
    routes_report,
    routes_routine,
    routes_session,
    routes_trial,
)
from acupressure.web.clinic_auth import LoginRequired, login_required, require_account
from acupressure.web.render import make_templates
from acupressure.web.security import SecurityMiddleware
from acupressure.web.settings import Settings

ROUTE_MODULES = (
    routes_home,
    routes_plan,
    routes_points,
    routes_session,
    routes_diary,
    routes_diary_edit,
    routes_report,
)
# The trial's tables have no owner yet: a personal trial stays a single-user feature.
SINGLE_USER_MODULES = (routes_trial,)
CLINIC_ROUTE_MODULES = (routes_login, routes_clients, routes_practice, routes_routine)
DESCRIPTION = (
    "The JSON twins of the pages of the local acupressure web app. Every page under `/` "
    "has its data under `/api/`. Bad input is answered with a 4xx and a message."
)


def _open_clinic(app: FastAPI, settings: Settings, busy_ms: int) -> None:
    """Clinic mode: the migrated clinic database, its accounts and logins; no diary of a
    local owner at all, so every diary the app opens is a logged-in account's."""
    from acupressure.clinic import Accounts, Auth, open_clinic
    from acupressure.clinic.database import shared_secret

    engine = open_clinic(settings.db_url, busy_timeout_ms=busy_ms)
    settings = settings.model_copy(update={"secret_key": shared_secret(engine)})
    app.state.settings = settings
    app.state.engine = engine
    app.state.accounts = Accounts(engine)
    app.state.auth = Auth(app.state.accounts)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app: load the knowledge base, open the diary, mount routes and static files."""
    from acupressure.diary.store import DiaryStore, make_engine
    from acupressure.guide.spoken_audio import SpokenAudio
    from acupressure.knowledge.catalogue import load_catalogue
    from acupressure.trial.store import TrialStore

    settings = settings or Settings()
    app = FastAPI(
        title="acupressure",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(require_account)] if settings.clinic else [],
    )
    app.state.settings = settings
    app.state.templates = make_templates()
    app.state.catalogue = load_catalogue()
    busy_ms = round(settings.busy_timeout_seconds * 1000)
    if settings.clinic:
        _open_clinic(app, settings, busy_ms)
    else:
        app.state.diary = DiaryStore(make_engine(settings.db_url, busy_timeout_ms=busy_ms))
        app.state.trials = TrialStore(app.state.diary.engine)
    app.state.spoken_audio = SpokenAudio(settings.speech_cache)
    for module in ROUTE_MODULES:
        app.include_router(module.router)
    for module in CLINIC_ROUTE_MODULES if settings.clinic else SINGLE_USER_MODULES:
        app.include_router(module.router)
    static = StaticFiles(directory=str(files("acupressure.web") / "static"))
    app.mount("/static", static, name="static")
    errors.install(app)
    openapi.install(app)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_middleware(
        SecurityMiddleware,
        max_body_bytes=settings.max_body_bytes,
        secure_cookies=settings.secure_cookies,
        allowed_hosts=settings.allowed_hosts,
    )
    return app
