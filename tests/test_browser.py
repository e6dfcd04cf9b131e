"""The HTML report in a real browser: Debian's headless Chromium, driven over the DevTools protocol.

The protocol runs over ``--remote-debugging-pipe`` (file descriptors 3 and 4, NUL-terminated JSON),
so no port is opened and no extra package is needed. Checks: the page loads, the marks are
visible, a real mouse click on a filter checkbox hides that category, ``#hide=`` in the address
applies a filter on load, and a hostile document's markup never runs.
"""
from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from render_support import gold_analysis
from kiyaku.reports.render.analysis import render_analyses
from test_render_html import hostile_analysis

pytestmark = pytest.mark.browser

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--remote-debugging-pipe", "--window-size=1280,900",
]
TIMEOUT = 60.0


def chromium_binary() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; CI must install Debian's chromium (see .ci/run)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


class Browser:
    """A minimal DevTools-protocol client over the pipe Chromium opens on fds 3 (in) and 4 (out)."""

    def __init__(self, url: str, profile: Path):
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_fds():  # runs in the child before exec
            # through fresh copies: a pipe that already is fd 3 or 4 (a process with nothing else open)
            # would otherwise stay close-on-exec, as dup2 onto itself changes nothing
            readable, writable = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(readable, 3)
            os.dup2(writable, 4)

        self.proc = subprocess.Popen(
            [chromium_binary(), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_fds, close_fds=False,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._next_id = 0
        self.session = self._attach()
        self.url = url
        self.send("Page.navigate", {"url": url}, self.session)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def _attach(self) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            pages = [t for t in self.send("Target.getTargets")["targetInfos"] if t["type"] == "page"]
            if pages:
                return self.send("Target.attachToTarget", {"targetId": pages[0]["targetId"], "flatten": True})["sessionId"]
            time.sleep(0.1)
        raise TimeoutError("chromium opened no page")

    def eval(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                           self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def wait_loaded(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while self.eval("location.href + ' ' + document.readyState") != f"{self.url} complete":
            if time.monotonic() > deadline:
                raise TimeoutError("page did not load")
            time.sleep(0.1)

    def click(self, selector: str) -> None:
        """A real mouse click at the element's centre (not a synthetic JS click)."""
        box = self.eval(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                        " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "clickCount": 1}, self.session)

    def screenshot(self, path: Path) -> None:
        import base64

        data = self.send("Page.captureScreenshot", {"format": "png"}, self.session)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)


@pytest.fixture
def open_page(tmp_path):
    opened = []

    def _open(html: str, fragment: str = "") -> Browser:
        page = tmp_path / f"report{len(opened)}.html"
        page.write_text(html, encoding="utf-8")
        browser = Browser(page.as_uri() + fragment, tmp_path / f"profile{len(opened)}")
        opened.append(browser)
        browser.wait_loaded()
        return browser

    yield _open
    for browser in opened:
        browser.close()


VISIBLE = "(el => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0)"
CARDS_SHOWN = f"[...document.querySelectorAll('.card[data-id]')].filter({VISIBLE}).map(c => c.dataset.cat)"
LIT_MARKS = ("[...document.querySelectorAll('mark[data-f]')]"
             ".filter(m => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)').length")


def test_report_loads_with_visible_marks_and_filter_hides_a_category(open_page):
    analysis = gold_analysis()
    page = open_page(render_analyses([analysis], "html"))
    assert page.eval("document.title").startswith("利用規約の注記")
    marks = page.eval("document.querySelectorAll('mark[data-f]').length")
    assert marks > 0
    assert page.eval(f"[...document.querySelectorAll('mark[data-f]')].every({VISIBLE})")
    lit_before = page.eval(LIT_MARKS)
    assert lit_before == marks  # every mark highlighted
    shown = page.eval(CARDS_SHOWN)
    assert len(shown) == len(analysis.findings) and "disclosure" in shown
    # The whole text is on the page, as text.
    assert page.eval("[...document.querySelectorAll('.text')].map(d => d.textContent).join('')") == analysis.source.text

    page.click("#filters input[value=disclosure]")
    assert page.eval("document.querySelector('#filters input[value=disclosure]').checked") is False
    shown = page.eval(CARDS_SHOWN)
    assert "disclosure" not in shown
    assert len(shown) == sum(f.category != "disclosure" for f in analysis.findings)
    # marks that only disclosure findings cover lose their highlight; the others keep it
    disclosure_only = page.eval(
        "[...document.querySelectorAll('mark[data-f]')].filter(m => m.dataset.f.split(' ').every("
        "id => document.getElementById(id).dataset.cat === 'disclosure'))"
        ".map(m => getComputedStyle(m).backgroundColor)")
    assert disclosure_only and set(disclosure_only) == {"rgba(0, 0, 0, 0)"}
    assert 0 < page.eval(LIT_MARKS) < lit_before
    assert page.eval("document.getElementById('shown').textContent").startswith(f"表示中 {len(shown)} /")

    page.click("#filters input[value=disclosure]")
    assert len(page.eval(CARDS_SHOWN)) == len(analysis.findings)


def test_address_fragment_applies_a_filter_on_load(open_page):
    analysis = gold_analysis()
    page = open_page(render_analyses([analysis], "html"), "#hide=low,usage_limit")
    shown = page.eval(CARDS_SHOWN)
    expected = [f for f in analysis.findings if f.severity != "low" and f.category != "usage_limit"]
    assert len(shown) == len(expected) and "usage_limit" not in shown
    assert page.eval("document.querySelector('#filters input[value=low]').checked") is False


def test_hostile_document_never_runs(open_page, tmp_path):
    page = open_page(render_analyses([hostile_analysis()], "html"))
    time.sleep(0.5)  # give an onerror handler the chance it must not get
    assert "pwned" not in page.eval("document.title")
    assert page.eval("typeof window.pwned") == "undefined"
    assert page.eval("document.querySelectorAll('main img, main .text b, main .text script').length") == 0
    text = page.eval("[...document.querySelectorAll('.text')].map(d => d.textContent).join('')")
    assert "<script>document.title='pwned';window.pwned=1</script>" in text
    assert "<img src=x onerror=" in text
    assert page.eval("document.querySelectorAll('mark[data-f]').length") > 0
    if os.environ.get("KIYAKU_SCREENSHOT"):  # for a look by eye: KIYAKU_SCREENSHOT=dir pytest -m browser
        page.screenshot(Path(os.environ["KIYAKU_SCREENSHOT"]) / "hostile.png")


def in_first_screen(page, selector: str) -> bool:
    """The element's top and bottom lie within the 800 px of the first screen, and it is not hidden."""
    return page.eval(f"(() => {{ const el = document.querySelector({json.dumps(selector)}); if (!el) return false;"
                     " const r = el.getBoundingClientRect();"
                     " return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; })()")


def test_summary_and_first_high_finding_in_the_first_screen(open_page, tmp_path):
    """At 1280×800 the physician sees the summary and the most serious finding without scrolling."""
    page = open_page(render_analyses([gold_analysis()], "html"))
    page.send("Emulation.setDeviceMetricsOverride",
              {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}, page.session)
    assert page.eval("[window.innerWidth, window.innerHeight]") == [1280, 800]
    assert page.eval("window.scrollY") == 0
    for part in (".glance .counts", ".glance .top", ".glance .flows"):
        assert in_first_screen(page, part), part
    first = ".findings .finding"
    assert page.eval(f"document.querySelector('{first}').dataset.sev") == "high"
    assert in_first_screen(page, f"{first} .card-head") and in_first_screen(page, f"{first} .quote")
    shot = tmp_path / "first-screen.png"
    page.screenshot(shot)
    assert shot.read_bytes()[16:24] == (1280).to_bytes(4, "big") + (800).to_bytes(4, "big")  # PNG IHDR size


def test_filters_survive_a_reload(open_page):
    analysis = gold_analysis()
    page = open_page(render_analyses([analysis], "html"))
    page.click("#filters input[value=low]")
    page.click("#filters input[value=disclosure]")
    assert "hide=" in page.eval("location.hash")
    page.send("Page.reload", {}, page.session)
    time.sleep(0.3)
    deadline = time.monotonic() + TIMEOUT
    while page.eval("document.readyState") != "complete" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert page.eval("document.querySelector('#filters input[value=low]').checked") is False
    assert page.eval("document.querySelector('#filters input[value=disclosure]').checked") is False
    hidden_rows = page.eval("[...document.querySelectorAll('.finding')].filter(r => r.hidden).length")
    expected = sum(1 for f in analysis.findings
                   if not f.document_level and f.article and (f.severity == "low" or f.category == "disclosure"))
    assert hidden_rows == expected > 0
