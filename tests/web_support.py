"""A local HTTP server for the URL tests: the project's own corpora, plus routes that misbehave on purpose.

It listens on 127.0.0.1 only (so every test that fetches from it needs ``allow_private``); nothing
here touches the internet.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

CORPORA = Path(__file__).parent.parent / "corpora"
TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain", ".md": "text/markdown",
         ".pdf": "application/pdf",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def do_GET(self) -> None:  # the name http.server calls
        path = self.path.split("?", 1)[0]
        route = self.routes.get(path)
        if route is not None:
            route(self)
            return
        if path.startswith("/corpora/"):
            file = (CORPORA / path[len("/corpora/"):]).resolve()
            if CORPORA.resolve() in file.parents and file.is_file():
                self.reply(file.read_bytes(), TYPES.get(file.suffix, "application/octet-stream"))
                return
        self.send_error(404)

    def reply(self, body: bytes, content_type: str | None, status: int = 200, length: bool = True) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


class LocalServer:
    def __init__(self, routes: dict):
        handler = type("Handler", (_Handler,), {"routes": routes})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path


def _drip(handler: _Handler) -> None:
    """Answers at once, then one byte every 0.2 s for ever (well, 10 s)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    try:
        for _ in range(50):
            handler.wfile.write(b"a")
            handler.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass


def _silent(handler: _Handler) -> None:
    time.sleep(3)
    try:
        handler.reply(b"late", "text/plain")
    except OSError:
        pass


def _chunked_big(handler: _Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    try:
        for _ in range(64):
            chunk = "規約".encode() * 512
            handler.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        handler.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass


SJIS_PAGE = ("<html><head><meta charset=\"utf-8\"><title>規約</title></head><body><main>"
             "<h1>サービス利用規約</h1><p>第1条（目的）この規約は、当社が提供するサービスの利用条件を定めるものです。</p>"
             "</main></body></html>")
SELECT_PAGE = ("<html><body><nav>メニュー</nav><div id=\"news\"><p>お知らせ：新しい機能を追加しました。</p></div>"
               "<div id=\"terms\"><h1>利用規約</h1><p>第1条（目的）本規約は本サービスの利用条件を定めます。</p>"
               "<p class=\"ad\">広告：今なら半額キャンペーン実施中です。</p></div></body></html>")


def standard_routes() -> dict:
    return {
        "/redirect-once": lambda h: h.redirect("/corpora/gov-portal/terms.txt"),
        "/redirect-twice": lambda h: h.redirect("/redirect-once", 301),
        "/redirect-loop": lambda h: h.redirect("/redirect-loop"),
        "/redirect-file": lambda h: h.redirect("file:///etc/passwd"),
        "/sjis-says-utf8": lambda h: h.reply(SJIS_PAGE.encode("cp932"), "text/html; charset=utf-8"),
        "/utf8-says-sjis": lambda h: h.reply(SJIS_PAGE.replace('charset="utf-8"', 'charset="shift_jis"').encode(),
                                             "text/html; charset=Shift_JIS"),
        "/image": lambda h: h.reply(b"\x89PNG\r\n\x1a\n", "image/png"),
        "/no-type-pdf": lambda h: h.reply((CORPORA / "pdf-clinic" / "terms.pdf").read_bytes(), None),
        "/html-as-text": lambda h: h.reply(SELECT_PAGE.encode(), "text/html"),
        "/big-declared": lambda h: h.reply(b"x" * 5000, "text/plain"),
        "/big-chunked": _chunked_big,
        "/drip": _drip,
        "/silent": _silent,
        "/missing": lambda h: h.send_error(404),
    }


@contextmanager
def local_server(extra: dict | None = None) -> Iterator[LocalServer]:
    routes = standard_routes()
    routes.update(extra or {})
    server = LocalServer(routes)
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


@contextmanager
def kiyaku_server(**settings) -> Iterator[str]:
    """`kiyaku serve` in this process (sharing the session's GiNZA model), on a free loopback port."""
    import socket

    import uvicorn

    from kiyaku.web.app import Settings
    from kiyaku.web.server import build_app

    app = build_app(Settings(**settings))
    sock = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("kiyaku serve did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
