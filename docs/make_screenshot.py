"""The README's screenshot of `kiyaku serve`: the bundled sample uploaded, its analysis page at 1280×800,
taken with the system's headless Chromium (Playwright, never `playwright install`).

    python docs/make_screenshot.py            # writes docs/serve.png
"""
from __future__ import annotations

import re
import shutil
import sys
from importlib.resources import as_file, files
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # web_support: the server in a thread


def main() -> int:
    from playwright.sync_api import sync_playwright

    from web_support import kiyaku_server

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with kiyaku_server() as base, sync_playwright() as p, \
            as_file(files("kiyaku.corpora") / "gov-portal" / "terms.txt") as sample:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base)
        page.set_input_files("#upload input[type=file]", str(sample))
        page.click("#upload button")
        page.wait_for_url(re.compile(r"/a/[^/]+$"))
        page.wait_for_selector("nav.kiyaku-app")
        page.screenshot(path=str(HERE / "serve.png"))
        browser.close()
    print(HERE / "serve.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
