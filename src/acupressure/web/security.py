"""Safe by default: CSRF tokens, a strict Content-Security-Policy, size limits, headers.

CSRF is a signed double submit: a random nonce lives in an HttpOnly, SameSite=Strict
cookie and every form carries HMAC(secret, nonce). JSON endpoints need no token because a
cross-site page cannot send `application/json` without a CORS preflight we never grant;
the middleware also refuses unsafe requests whose Origin or Sec-Fetch-Site says they come
from another site. Requests for any host name but the allowed ones (loopback by default)
are refused, so a DNS-rebinding page cannot read or write the diary through the browser,
and redirects never echo the Host header: their Location is a path on this server.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "acu_csrf"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "media-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), screen-wake-lock=(self)",
}


def sign(*, secret: str, nonce: str) -> str:
    """The token a form must send back for this browser's nonce."""
    return hmac.new(secret.encode(), nonce.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """Token for the forms of the page being rendered."""
    secret: str = request.app.state.settings.secret_key
    return sign(secret=secret, nonce=request.state.csrf_nonce)


async def require_csrf(request: Request) -> None:
    """Dependency of every form route: the posted token must match the cookie's nonce."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    nonce = request.cookies.get(CSRF_COOKIE, "")
    expected = sign(secret=request.app.state.settings.secret_key, nonce=nonce)
    if (
        not nonce
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode())
    ):
        raise HTTPException(
            status_code=403,
            detail=(
                "The form's security token is missing or out of date. "
                "Reload the page and try again."
            ),
        )


def _cross_site(headers: Headers) -> bool:
    """True when the browser tells us an unsafe request comes from another site."""
    if headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    return urlsplit(origin).netloc != headers.get("host", "")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"Request body larger than {limit} bytes.")


def host_name(header: str) -> str | None:
    """The host name of a Host header ("[::1]:8000" -> "::1"), None if malformed."""
    if not header or "@" in header or "/" in header:
        return None
    parts = urlsplit(f"//{header}")
    try:
        parts.port  # noqa: B018 - a port that is not a number makes the header malformed
    except ValueError:
        return None
    return parts.hostname


class SecurityMiddleware:
    """Pure ASGI middleware: host check, size limit, cross-site refusal, CSRF nonce cookie,
    headers."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        secure_cookies: bool,
        allowed_hosts: tuple[str, ...],
    ) -> None:
        self.app = app
        self.limit = max_body_bytes
        self.secure = secure_cookies
        self.hosts = {host_name(host) for host in allowed_hosts} - {None}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _plain(send, *refusal)
            return
        nonce, fresh = self._nonce(headers)
        scope.setdefault("state", {})["csrf_nonce"] = nonce
        await self.app(scope, self._limited(receive), self._decorated(send, nonce, fresh))

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        if host_name(headers.get("host", "")) not in self.hosts:
            return 400, (
                "Unknown host name: this app answers only at the address it printed "
                "when it started (for example http://127.0.0.1:8000/)."
            )
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return 413, f"Request body larger than {self.limit} bytes."
        if scope["method"] in UNSAFE_METHODS and _cross_site(headers):
            return 403, "Requests from other sites are refused."
        return None

    @staticmethod
    def _nonce(headers: Headers) -> tuple[str, bool]:
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header just means no nonce yet
            cookie = SimpleCookie()
        morsel = cookie.get(CSRF_COOKIE)
        if morsel is not None and 20 <= len(morsel.value) <= 100 and morsel.value.isascii():
            return morsel.value, False
        return secrets.token_urlsafe(24), True

    def _limited(self, receive: Receive) -> Receive:
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        return limited

    def _decorated(self, send: Send, nonce: str, fresh: bool) -> Send:
        async def decorated(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    out.setdefault(name, value)
                out.setdefault("cache-control", "no-store")
                location = out.get("location")
                if location and urlsplit(location).netloc:  # e.g. the trailing-slash redirect
                    parts = urlsplit(location)
                    out["location"] = (parts.path or "/") + (
                        f"?{parts.query}" if parts.query else ""
                    )
                if fresh:
                    secure = "; Secure" if self.secure else ""
                    out.append(
                        "set-cookie",
                        f"{CSRF_COOKIE}={nonce}; Path=/; HttpOnly; SameSite=Strict{secure}",
                    )
            await send(message)

        return decorated


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
