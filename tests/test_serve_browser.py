"""`kiyaku serve` in real headless Chromium (the system's, driven by Playwright): upload, paste, URL,
compare and its 新旧対照表, the notice DOCX download, a hostile document, and the refusals."""
from __future__ import annotations

import io
import re

import pytest

from test_browser import chromium_binary
from web_support import CORPORA, kiyaku_server, local_server

pytestmark = [pytest.mark.browser, pytest.mark.nlp]
SAMPLE = CORPORA / "gov-portal" / "terms.txt"
HOSTILE = (
    "サービス利用規約\n\n"
    "第1条（目的）\n本規約は<script>window.__pwned = 1; console.log('pwned')</script>本サービスの利用条件を定めます。\n\n"
    "第2条（免責）\n当社は、本サービスに関して利用者に生じた一切の損害について、いかなる責任も負いません。"
    "<img src=x onerror=\"window.__pwned = 2; console.log('pwned')\">\n\n"
    "第3条（第三者提供）\n当社は、利用者の個人情報を提携先に提供することがあります。"
    "詳細は<a href=\"javascript:window.__pwned=3\">こちら</a>、または javascript:alert(1) を参照。\n"
    "\"><svg onload=\"window.__pwned=4\"></svg>\n"
)


@pytest.fixture(scope="module")
def app_url():
    with kiyaku_server(allow_private=True) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_binary(), args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.console_lines = []
    opened.errors = []
    opened.on("console", lambda m: opened.console_lines.append(m.text))
    opened.on("pageerror", lambda e: opened.errors.append(str(e)))
    yield opened
    context.close()


def _result(page) -> None:
    page.wait_for_url(re.compile(r"/[ac]/[^/]+$"), timeout=60_000)
    page.wait_for_selector("nav.kiyaku-app", timeout=60_000)  # past the progress page, if any


def test_upload_shows_the_summary_and_a_highlighted_high_finding(page, app_url):
    page.goto(app_url)
    page.set_input_files("#upload input[type=file]", str(SAMPLE))
    page.click("#upload button")
    _result(page)
    assert page.locator("[class*=summary]").first.is_visible()
    high = page.locator("mark.sev-high").first
    high.scroll_into_view_if_needed()
    assert high.is_visible() and high.inner_text().strip()
    assert page.errors == []


def test_pasted_text(page, app_url):
    page.goto(app_url)
    page.fill("#paste textarea", SAMPLE.read_text(encoding="utf-8"))
    page.click("#paste button")
    _result(page)
    assert page.locator("mark.sev-high").count() > 0


def test_a_url_served_by_the_test_server(page, app_url):
    with local_server() as pages:
        url = pages.url("/corpora/regional-health-net/terms.html")
        page.goto(app_url)
        page.fill("#url input[name=url]", url)
        page.click("#url button")
        _result(page)
    assert url in page.content()
    assert page.locator("mark").count() > 0


def test_compare_two_versions_and_see_the_taisho(page, app_url):
    page.goto(app_url)
    page.set_input_files("#compare input[name=old_file]", str(CORPORA / "medical-app" / "v2023.txt"))
    page.set_input_files("#compare input[name=new_file]", str(CORPORA / "medical-app" / "v2024.txt"))
    page.click("#compare button")
    _result(page)
    page.click("nav.kiyaku-app a.tab >> text=新旧対照表")
    page.wait_for_url("**/taisho")
    assert page.locator("table").first.is_visible()
    assert "新旧対照表" in page.locator("body").inner_text()
    assert page.locator("text=改正後").count() + page.locator("text=新").count() > 0


def test_download_the_notice_docx_and_open_it(page, app_url, tmp_path):
    import docx

    page.goto(app_url)
    page.set_input_files("#upload input[type=file]", str(SAMPLE))
    page.click("#upload button")
    _result(page)
    with page.expect_download() as wait:
        page.click("a.download >> text=会員向け通知文（Word）")
    saved = tmp_path / wait.value.suggested_filename
    wait.value.save_as(saved)
    assert saved.name == "terms-notice.docx"
    document = docx.Document(io.BytesIO(saved.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "第" in text and len(document.paragraphs) > 3


def test_a_hostile_document_runs_no_script(page, app_url, tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    page.goto(app_url)
    page.set_input_files("#upload input[type=file]", str(hostile))
    page.click("#upload button")
    _result(page)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    # The markup is on the page as text, and nowhere as elements.
    assert "<script>window.__pwned" in page.locator("main").inner_text()
    assert page.evaluate("document.querySelectorAll('main img, main svg, main a[href^=\"javascript:\"]').length") == 0
    scripts = page.evaluate("Array.from(document.scripts).map(s => s.textContent)")
    assert not any("__pwned" in s for s in scripts)
    for link in page.locator("main a").all():  # clicking every link in the report runs nothing either
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript:")
    assert not any("pwned" in line for line in page.console_lines)
    assert page.errors == []


def test_an_oversized_upload_is_refused_with_a_message(page, app_url):
    from kiyaku.analyzer.load import MAX_BYTES

    page.goto(app_url)
    page.set_input_files("#upload input[type=file]", files=[
        {"name": "big.txt", "mimeType": "text/plain", "buffer": b"a" * (MAX_BYTES + 1)}])
    page.click("#upload button")
    page.wait_for_selector(".error .message")
    assert "ファイルが大きすぎます" in page.inner_text(".error .message")


def test_a_private_address_url_is_refused_with_a_message(page):
    with kiyaku_server() as strict:
        page.goto(strict)
        page.fill("#url input[name=url]", "http://127.0.0.1:9/terms.html")
        page.click("#url button")
        page.wait_for_selector(".error .message", timeout=60_000)
        message = page.inner_text(".error .message")
    assert "refused" in message and "loopback" in message
