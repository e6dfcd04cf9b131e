"""Print HTML to PDF as a user would with the browser's "Save as PDF": the system's headless Chromium
(over the DevTools pipe of ``test_browser.Browser``), A4, default margins, with the browser's own header
and footer (date, title, address, 「1/5」). One browser prints many pages."""

from __future__ import annotations

import base64
from pathlib import Path

from test_browser import Browser

A4 = {"paperWidth": 8.27, "paperHeight": 11.69}  # inches


class Printer:
    def __init__(self, profile: Path):
        self.browser = Browser("about:blank", profile)

    def print_pdf(self, page: Path) -> bytes:
        """The PDF of an HTML file, printed once it has loaded."""
        browser = self.browser
        browser.url = page.as_uri()
        browser.send("Page.navigate", {"url": browser.url}, browser.session)
        browser.wait_loaded()
        options = {**A4, "displayHeaderFooter": True, "printBackground": False}
        return base64.b64decode(browser.send("Page.printToPDF", options, browser.session)["data"])

    def close(self) -> None:
        self.browser.close()
