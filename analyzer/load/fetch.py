"""Fetching a terms page from the web: one guarded HTTP GET, shared by the CLI and ``kiyaku serve``.

It lives with the loaders because it is one more way of getting a document's bytes; what follows
(type, decoding, extraction) is the loaders' job, exactly as for a file. The guards:

- only ``http`` and ``https`` (``file:`` and every other scheme are refused);
- a timeout per network operation and one deadline for the whole fetch (a server that drips bytes
  is cut off), and the loaders' size limit, checked on ``Content-Length`` and again while reading;
- redirects followed by hand, at most ``max_redirects``, each hop checked like the first;
- SSRF: a host whose address is not globally routable (loopback, private, link-local — which holds the
  cloud metadata address 169.254.169.254 — shared, reserved, multicast) is refused before connecting,
  and the address actually connected to is checked again (a DNS answer that changed in between),
  unless ``allow_private`` is set;
- the ``Content-Type`` decides the loader; its charset is passed on only as a hint, the bytes decide.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from kiyaku.analyzer.errors import InputError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")

# Content type → the extension the loaders read it as. Types not listed are refused, except the
# generic ones, where the bytes decide (as for a file with no extension).
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
_GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream", "application/x-download"}
USER_AGENT = "kiyaku (terms-of-use annotator; one request per document)"


@dataclass(frozen=True)
class FetchPolicy:
    """How a URL may be fetched. The defaults are the CLI's and the web app's."""

    allow_private: bool = False
    timeout: float = 20.0  # seconds: each connect/read, and the whole fetch
    max_bytes: int | None = None  # None: the loaders' MAX_BYTES
    max_redirects: int = 5


@dataclass
class Fetched:
    url: str  # as given
    final_url: str  # after redirects
    fetched_at: str  # ISO 8601, UTC, to the second
    data: bytes
    extension: str  # how the loaders should read it ("" to let the bytes decide)
    charset: str | None  # the declared charset: a hint


def is_url(spec: str) -> bool:
    """A ``scheme:`` spec (http, https, file, ftp, …), as opposed to a path, ``-`` or a Windows drive."""
    return bool(_SCHEME.match(spec)) and not _WINDOWS_DRIVE.match(spec) and ("://" in spec or spec.lower().startswith("file:"))


def fetch(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """GET ``url`` under ``policy``; every refusal is an :class:`InputError` naming the URL."""
    import httpx

    from kiyaku.analyzer.load import MAX_BYTES

    policy = policy or FetchPolicy()
    limit = policy.max_bytes or MAX_BYTES
    deadline = time.monotonic() + policy.timeout
    fetched_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    current = url
    timeout = httpx.Timeout(policy.timeout)
    with httpx.Client(follow_redirects=False, timeout=timeout, trust_env=False,
                      headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}) as client:
        for _ in range(policy.max_redirects + 1):
            host = _check_target(url, current, policy)
            try:
                with client.stream("GET", current) as response:
                    if not policy.allow_private:
                        _check_peer(url, host, response)
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise InputError(url, f"HTTP {response.status_code} redirect without a Location")
                        current = urljoin(current, location)
                        continue
                    if response.status_code != 200:
                        raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
                    extension, charset = _content_type(url, response.headers.get("content-type", ""))
                    data = _read_body(url, response, limit, deadline)
            except httpx.TimeoutException:
                raise InputError(url, f"no answer within {policy.timeout:g} s") from None
            except httpx.HTTPError as err:
                raise InputError(url, f"cannot fetch: {err}") from None
            return Fetched(url, current, fetched_at, data, extension, charset)
    raise InputError(url, f"more than {policy.max_redirects} redirects")


def _check_target(url: str, current: str, policy: FetchPolicy) -> str:
    parts = urlsplit(current)
    if parts.scheme.lower() not in ("http", "https"):
        where = "" if current == url else f" (redirected to {parts.scheme}:)"
        raise InputError(url, f"only http and https URLs are fetched{where}")
    host = parts.hostname
    if not host:
        raise InputError(url, "no host in the URL")
    if policy.allow_private:
        return host
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise InputError(url, f"cannot resolve host {host}: {getattr(err, 'strerror', None) or err}") from None
    for info in infos:
        _refuse_private(url, host, info[4][0])
    return host


def _refuse_private(url: str, host: str, address: str) -> None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if not ip.is_global:
        kind = ("loopback" if ip.is_loopback else "link-local" if ip.is_link_local
                else "private" if ip.is_private else "non-public")
        raise InputError(url, f"refused: {host} is a {kind} address ({ip}); use --allow-private to fetch it")


def _check_peer(url: str, host: str, response) -> None:
    """The address actually connected to (a DNS answer may differ from the one checked)."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        _refuse_private(url, host, peer[0])


def _content_type(url: str, header: str) -> tuple[str, str | None]:
    mime, _, params = header.partition(";")
    mime = mime.strip().lower()
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    if mime in CONTENT_TYPES:
        return CONTENT_TYPES[mime], charset
    if mime in _GENERIC_TYPES:
        return "", charset
    raise InputError(url, f"content type {mime} is not a terms document (html, text, markdown, pdf or docx)")


def _read_body(url: str, response, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputError(url, f"larger than the {_size(limit)} limit ({declared} bytes)")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise InputError(url, f"larger than the {_size(limit)} limit")
        if time.monotonic() > deadline:
            raise InputError(url, "too slow: the whole page did not arrive in time")
        chunks.append(chunk)
    return b"".join(chunks)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
