"""`kiyaku serve`: bind, warm the NLP, print the address, serve until interrupted.

It binds 127.0.0.1 unless ``--host`` says otherwise; any other address is reachable from other
computers, so it is refused without ``--token SECRET`` and warned about with it. The socket is bound
before the model is loaded (a port in use fails at once) and the address printed only once the first
request can be answered warm.
"""
from __future__ import annotations

import ipaddress
import socket
import sys
import time

from kiyaku.analyzer.errors import UsageError

DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(*, host: str, port: int, token: str | None, open_browser: bool, cache: bool, allow_private: bool,
          rules: tuple[str, ...]) -> int:
    import uvicorn

    from kiyaku.web.app import LOOPBACK_HOSTS, Settings

    loopback = is_loopback(host)
    if not loopback and not token:
        raise UsageError(None, f"usage: --host {host} lets other computers in: give --token SECRET as well, "
                               "a shared secret they must present (see `kiyaku serve --help`)")
    sock = _bind(host, port)
    if not loopback:
        print(f"kiyaku serve: warning: listening on {host}, reachable from other computers; documents sent here "
              "are readable by anyone holding the token. Use it only on a network you trust.", file=sys.stderr)
    print("kiyaku serve: loading the language model…", file=sys.stderr, flush=True)
    started = time.monotonic()
    app = build_app(Settings(token=token, cache=cache, allow_private=allow_private, rules=rules,
                             hosts=LOOPBACK_HOSTS if loopback else None))
    seconds = time.monotonic() - started
    bound = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("localhost", "127.0.0.1") else (f"[{host}]" if ":" in host else host)
    address = f"http://{shown}:{bound}/" + (f"?token={token}" if token else "")
    print(f"kiyaku serve: ready in {seconds:.1f} s at {address}  (Ctrl-C to stop)", file=sys.stderr, flush=True)
    print(address, flush=True)  # standard output: the address alone, for scripts
    if open_browser:
        import webbrowser

        webbrowser.open(address)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    server.run(sockets=[sock])
    return 0


def build_app(settings):
    """The application, its analysing thread already warm (the model loaded, the templates compiled)."""
    from kiyaku.web.app import create_app
    from kiyaku.web.guard import content_security_policy, script_hashes
    from kiyaku.web.jobs import Analyzer

    analyzer = Analyzer(rules=settings.rules, cache=settings.cache, allow_private=settings.allow_private)
    analyzer.warm()
    return create_app(analyzer, settings, content_security_policy(script_hashes(analyzer.probe_pages)))


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    try:
        sock = socket.create_server((host.strip("[]"), port), family=family, reuse_port=False)
    except OSError as err:
        raise UsageError(None, f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    sock.set_inheritable(True)
    return sock
