"""Who may use the local web app: the browser that opened the link ``letters serve`` printed.

The server listens on the loopback address only. The link carries a one-time token; the
first request with it gets a session cookie (HttpOnly, SameSite=Strict) and the token is
spent. Every other request needs the cookie (403 without it); every POST carries the
session's CSRF token; a request whose Host is not this server (DNS rebinding) or whose
Origin is another site is refused. Pages load nothing from elsewhere (the CSP says so).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.datastructures import URL
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

__all__ = ["HEADERS", "SESSION_COOKIE", "Keys", "check_csrf", "check_request"]

SESSION_COOKIE = "letters_session"

#: Sent with every response: nothing from other sites, no framing, no sniffing, no caching of case data.
HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # no-referrer would make a browser send "Origin: null" with our own forms
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


@dataclass
class Keys:
    """The secrets of one server run: the link's one-time token, then the session and its CSRF token."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    session: str | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    #: Host headers this server answers to (``127.0.0.1:PORT``, ``localhost:PORT``).
    hosts: set[str] = field(default_factory=set)

    def link(self, base: str) -> str:
        return f"{base.rstrip('/')}/?{urlencode({'token': self.token})}"

    def spend(self, offered: str) -> str | None:
        """A new session for the right token, once; ``None`` otherwise."""
        if self.session is not None or not hmac.compare_digest(offered.encode(), self.token.encode()):
            return None
        self.session = secrets.token_urlsafe(32)
        return self.session

    def known(self, cookie: str | None) -> bool:
        return bool(cookie and self.session and hmac.compare_digest(cookie.encode(), self.session.encode()))


def _origin_ok(request: Request) -> bool:
    """A browser names the page a request comes from; only this server's own pages may send one."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    url = URL(origin)
    keys: Keys = request.app.state.keys
    allowed = keys.hosts or {request.headers.get("host", "")}
    return url.scheme == "http" and url.netloc in allowed


def check_request(request: Request) -> Response | str | None:
    """``None``: go on; a response: the request is refused or answered (the token exchange);
    a string: the reason it is refused, for the 403 page."""
    keys: Keys = request.app.state.keys
    host = request.headers.get("host", "")
    if keys.hosts and host not in keys.hosts:
        return "host"
    if not _origin_ok(request):
        return "origin"
    token = request.query_params.get("token")
    if token is not None:
        session = keys.spend(token)
        if session is None:
            return "token"
        response = RedirectResponse(str(request.url.remove_query_params("token")), status_code=303)
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/")
        return response
    if not keys.known(request.cookies.get(SESSION_COOKIE)):
        return "cookie"
    return None


def check_csrf(request: Request, offered: object) -> bool:
    keys: Keys = request.app.state.keys
    return isinstance(offered, str) and hmac.compare_digest(offered.encode(), keys.csrf.encode())
