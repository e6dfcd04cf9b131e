"""The server's safety: headers on every answer, the shared token, the Host check, a bounded body.

Content-Security-Policy: nothing is loaded from anywhere but this server (``default-src 'none'`` and
``'self'`` where needed), and the only scripts that run are the server's own files and the inline
scripts the report renderers write themselves, allowed by their SHA-256 (computed at start-up from the
renderers' output on a probe document). A script that came from a document — were it ever to escape
the templates' escaping — matches no hash and does not run.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from urllib.parse import urlencode

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse, RedirectResponse, Response

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
TOKEN_COOKIE = "kiyaku_token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def script_hashes(pages: list[str]) -> list[str]:
    """CSP sources for the inline scripts of the renderers' pages."""
    found = sorted({m.group(1) for page in pages for m in _INLINE_SCRIPT.finditer(page)})
    return [f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in found]


def content_security_policy(hashes: list[str]) -> str:
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # the reports' own <style>; styles cannot fetch (img/font are 'self')
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ])


class Guard:
    """ASGI middleware: the Host check, the token, and the safety headers on every response."""

    def __init__(self, app, *, csp: str, token: str | None, hosts: tuple[str, ...] | None):
        self.app, self.csp, self.token, self.hosts = app, csp, token, hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await self._secured(refusal)(scope, receive, send)
            return

        async def send_secured(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self._headers()
            await send(message)

        await self.app(scope, receive, send_secured)

    def _headers(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"content-security-policy", self.csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cache-control", b"no-store"),  # documents may be internal: no copy in the browser's cache
            (b"cross-origin-resource-policy", b"same-origin"),
        ]

    def _secured(self, response: Response) -> Response:
        response.raw_headers.extend(self._headers())
        return response

    def _refusal(self, scope, headers: Headers) -> Response | None:
        if self.hosts is not None:
            host = headers.get("host", "").rsplit(":", 1)[0] if not headers.get("host", "").startswith("[") \
                else headers.get("host", "").split("]", 1)[0] + "]"
            if host not in self.hosts:
                # A page elsewhere whose name now points here (DNS rebinding) must not read the results.
                return PlainTextResponse("kiyaku: unknown Host header", status_code=400)
        if not self.token:
            return None
        query = dict(_pairs(scope.get("query_string", b"").decode("latin-1")))
        given = query.get("token")
        if given is not None and _same(given, self.token):
            rest = urlencode([(k, v) for k, v in _pairs(scope.get("query_string", b"").decode("latin-1")) if k != "token"])
            path = "/" + scope["path"].lstrip("/")  # never "//host": a redirect stays on this server
            response = RedirectResponse(path + (f"?{rest}" if rest else ""), status_code=303)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return response
        cookie = _cookie(headers.get("cookie", ""), TOKEN_COOKIE)
        bearer = headers.get("authorization", "")
        if (cookie and _same(cookie, self.token)) or (bearer.startswith("Bearer ") and _same(bearer[7:], self.token)):
            return None
        return PlainTextResponse("kiyaku: このサーバーには合言葉（トークン）が必要です。"
                                 "起動した人から ?token=… 付きのアドレスを受け取ってください。\n", status_code=401)


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _pairs(query: str):
    from urllib.parse import parse_qsl

    return parse_qsl(query, keep_blank_values=True)


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class BodyTooLarge(Exception):
    pass


async def bounded_body(request, limit: int) -> bytes:
    """The request body, refused past ``limit`` bytes (declared or counted); the rest is drained
    up to a point so the browser reads the refusal instead of a reset connection."""
    declared = request.headers.get("content-length", "")
    chunks, size = [], 0
    too_large = declared.isdigit() and int(declared) > limit
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            too_large = True
        if too_large:
            if size > 8 * limit:
                break
            continue
        chunks.append(chunk)
    if too_large:
        raise BodyTooLarge()
    return b"".join(chunks)
