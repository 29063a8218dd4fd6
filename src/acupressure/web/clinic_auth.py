"""Who is asking, in clinic mode: a bearer token or the login cookie, checked on every
request against the database (no session state in this process).

The single-user app has no login and this module does nothing there. In clinic mode every
route needs an account except the login page, `/api/ping` and `/api/token`: the API answers
401 without one, a page sends the browser to the login form. The login cookie is HttpOnly,
SameSite=Lax, and Secure when the app is served over HTTPS (directly or behind a proxy
that says so with `--forwarded`).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from acupressure.clinic.accounts import Account
from acupressure.clinic.auth import Auth

SESSION_COOKIE = "acu_session"
PUBLIC = frozenset(
    {("GET", "/login"), ("POST", "/login"), ("GET", "/api/ping"), ("POST", "/api/token")}
)


class LoginRequired(Exception):
    """A page was asked for without a login: the browser goes to the login form."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def clinic_auth(request: Request) -> Auth:
    auth: Auth = request.app.state.auth
    return auth


def bearer(request: Request) -> str:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def require_account(request: Request) -> None:
    """App-wide dependency in clinic mode: resolve the caller, or refuse."""
    if (request.method, request.url.path) in PUBLIC:
        return
    auth = clinic_auth(request)
    token = bearer(request)
    account = auth.resolve(token=token, kind="api") if token else None
    if account is None and not token:
        cookie = request.cookies.get(SESSION_COOKIE, "")
        account = auth.resolve(token=cookie, kind="web") if cookie else None
    if account is not None:
        request.state.account = account
        return
    if request.url.path.startswith("/api/") or token:
        raise HTTPException(
            status_code=401,
            detail="Log in first: POST /api/token, then send Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))


def current_account(request: Request) -> Account:
    account: Account | None = getattr(request.state, "account", None)
    if account is None:  # only reachable if a route forgot the app-wide dependency
        raise HTTPException(status_code=401, detail="Log in first.")
    return account


def current_practitioner(request: Request) -> Account:
    account = current_account(request)
    if account.role != "practitioner":
        raise HTTPException(status_code=403, detail="Only a practitioner sees clients.")
    return account


AccountDep = Annotated[Account, Depends(current_account)]
PractitionerDep = Annotated[Account, Depends(current_practitioner)]
AuthDep = Annotated[Auth, Depends(clinic_auth)]


def secure_request(request: Request) -> bool:
    """Whether the login cookie must be Secure: HTTPS here, or settings say so."""
    return bool(request.app.state.settings.secure_cookies) or request.url.scheme == "https"


def set_login_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=7 * 24 * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_request(request),
    )


def clear_login_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure_request(request)
    )


async def login_required(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return RedirectResponse(f"/login?next={quote(exc.next_path, safe='/')}", status_code=303)


__all__ = [
    "PUBLIC",
    "SESSION_COOKIE",
    "AccountDep",
    "AuthDep",
    "LoginRequired",
    "PractitionerDep",
    "clear_login_cookie",
    "login_required",
    "require_account",
    "set_login_cookie",
]
