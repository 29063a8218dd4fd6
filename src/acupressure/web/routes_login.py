"""Clinic mode's doors: the login form and logout for browsers, /api/token for programs.
(`/api/ping`, in routes_home, stays open for health checks behind a proxy.)"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from acupressure.clinic.auth import TooManyAttempts, WrongPassword
from acupressure.web.clinic_auth import (
    SESSION_COOKIE,
    AccountDep,
    AuthDep,
    bearer,
    clear_login_cookie,
    set_login_cookie,
)
from acupressure.web.render import page
from acupressure.web.security import require_csrf

router = APIRouter()


class Credentials(BaseModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1000)


class LoginForm(Credentials):
    next: str = Field(default="/", max_length=2000)
    csrf_token: str = Field(default="", max_length=200)


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _check(auth: AuthDep, request: Request, email: str, password: str) -> Any:
    """The account for these credentials; 401 when wrong, 429 when too many failures."""
    try:
        return auth.login(email=email, password=password, address=_address(request))
    except WrongPassword as error:
        raise HTTPException(status_code=401, detail=str(error)) from None
    except TooManyAttempts as error:
        headers = {"Retry-After": str(error.retry_after)}
        raise HTTPException(status_code=429, detail=str(error), headers=headers) from None


@router.post("/api/token", tags=["clinic"], summary="Log in: a bearer token for the API")
def token(credentials: Credentials, request: Request, auth: AuthDep) -> dict[str, str]:
    account = _check(auth, request, credentials.email, credentials.password)
    return {"access_token": auth.issue(account=account, kind="api"), "token_type": "bearer"}


@router.delete("/api/token", tags=["clinic"], status_code=204, summary="Log out a bearer token")
def revoke_token(request: Request, auth: AuthDep, _account: AccountDep) -> Response:
    auth.revoke(token=bearer(request))
    return Response(status_code=204)


@router.get("/api/me", tags=["clinic"], summary="The account logged in")
def me(account: AccountDep) -> dict[str, object]:
    return account.to_json()


def _safe_next(target: str) -> str:
    """Only a path on this site: never an open redirect to another one."""
    ok = target.startswith("/") and not target.startswith(("//", "/\\"))
    return target if ok else "/"


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: Annotated[str, Query(max_length=2000)] = "/") -> Response:
    context = {"next": _safe_next(next), "problem": ""}
    return page(request, "login.html", context, title="Log in")


@router.post("/login", include_in_schema=False, dependencies=[Depends(require_csrf)])
def login_submit(request: Request, auth: AuthDep, form: Annotated[LoginForm, Form()]) -> Response:
    try:
        account = _check(auth, request, form.email, form.password)
    except HTTPException as refused:
        context = {"next": _safe_next(form.next), "problem": str(refused.detail)}
        response = page(request, "login.html", context, title="Log in",
                        status_code=refused.status_code)  # fmt: skip
        for name, value in (refused.headers or {}).items():
            response.headers[name] = value
        return response
    response = RedirectResponse(_safe_next(form.next), status_code=303)
    set_login_cookie(response, request, auth.issue(account=account, kind="web"))
    return response


@router.post("/logout", include_in_schema=False, dependencies=[Depends(require_csrf)])
def logout(request: Request, auth: AuthDep) -> Response:
    auth.revoke(token=request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    clear_login_cookie(response, request)
    return response
