"""The URL fetcher against a local HTTP server started here: redirects, charset lies, size and time
limits, content types, SSRF refusals, and --select / --remove. No test touches the internet."""
from __future__ import annotations

import subprocess
import sys

import pytest

from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load import load
from kiyaku.analyzer.load.fetch import FetchPolicy, fetch, is_url
from web_support import CORPORA, local_server

LOCAL = FetchPolicy(allow_private=True, timeout=5)


@pytest.fixture(scope="module")
def server():
    with local_server() as running:
        yield running


def test_a_corpus_page_is_fetched_and_loaded_like_the_file(server):
    url = server.url("/corpora/regional-health-net/terms.html")
    source = load(url, fetch=LOCAL)
    from_file = load(str(CORPORA / "regional-health-net" / "terms.html"))
    assert source.text == from_file.text and source.format == "html"
    assert source.sha256 == from_file.sha256
    assert source.to_dict()["url"] == url and source.to_dict()["final_url"] == url
    assert source.fetched_at.endswith("Z") and source.fetched_at[:2] == "20"
    assert source.path == url


def test_redirects_are_followed_and_the_final_url_recorded(server):
    source = load(server.url("/redirect-twice"), fetch=LOCAL)
    assert source.final_url == server.url("/corpora/gov-portal/terms.txt")
    assert source.url == server.url("/redirect-twice")
    assert source.text == load(str(CORPORA / "gov-portal" / "terms.txt")).text


def test_a_redirect_loop_stops_at_the_limit(server):
    with pytest.raises(InputError, match="more than 3 redirects"):
        fetch(server.url("/redirect-loop"), FetchPolicy(allow_private=True, max_redirects=3))


def test_a_redirect_to_file_is_refused(server):
    with pytest.raises(InputError, match=r"only http and https URLs are fetched \(redirected to file:\)"):
        fetch(server.url("/redirect-file"), LOCAL)


def test_the_declared_charset_is_only_a_hint(server):
    lied = load(server.url("/sjis-says-utf8"), fetch=LOCAL)  # Shift_JIS bytes, header and <meta> say UTF-8
    assert lied.encoding == "cp932" and "第1条（目的）この規約は" in lied.text
    lied = load(server.url("/utf8-says-sjis"), fetch=LOCAL)  # UTF-8 bytes, header and <meta> say Shift_JIS
    assert lied.encoding == "utf-8" and "第1条（目的）この規約は" in lied.text


def test_the_content_type_decides_the_loader(server):
    # A page served as text/html is read as HTML even when it does not look like a full page.
    assert load(server.url("/html-as-text"), fetch=LOCAL).format == "html"
    # No content type: the bytes decide (a PDF).
    assert load(server.url("/no-type-pdf"), fetch=LOCAL).format == "pdf"
    with pytest.raises(InputError, match="content type image/png is not a terms document"):
        load(server.url("/image"), fetch=LOCAL)


def test_size_limits_declared_and_streamed(server):
    small = FetchPolicy(allow_private=True, max_bytes=1000)
    with pytest.raises(InputError, match=r"larger than the 1000 bytes limit \(5000 bytes\)"):
        fetch(server.url("/big-declared"), small)
    with pytest.raises(InputError, match="larger than the 1000 bytes limit$"):
        fetch(server.url("/big-chunked"), small)  # no Content-Length: counted while reading


def test_time_limits(server):
    with pytest.raises(InputError, match=r"no answer within 0.5 s"):
        fetch(server.url("/silent"), FetchPolicy(allow_private=True, timeout=0.5))
    with pytest.raises(InputError, match="too slow"):
        fetch(server.url("/drip"), FetchPolicy(allow_private=True, timeout=1))


def test_http_errors_name_the_url(server):
    url = server.url("/missing")
    with pytest.raises(InputError) as err:
        fetch(url, LOCAL)
    assert str(err.value) == f"{url}: HTTP 404 Not Found"


@pytest.mark.parametrize("url, kind", [
    ("http://127.0.0.1:9/terms", "loopback"),
    ("http://localhost:9/terms", "loopback"),
    ("http://[::1]:9/terms", "loopback"),
    ("http://[::ffff:127.0.0.1]:9/terms", "loopback"),
    ("http://2130706433:9/terms", "loopback"),  # 127.0.0.1 written as one number
    ("http://10.1.2.3/terms", "private"),
    ("http://192.168.0.1/terms", "private"),
    ("http://172.16.5.4/terms", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),  # cloud metadata
    ("http://[fe80::1]/terms", "link-local"),
    ("http://100.64.0.1/terms", "non-public"),  # shared address space
    ("http://0.0.0.0:9/terms", "private"),
])
def test_ssrf_targets_are_refused_before_connecting(url, kind):
    with pytest.raises(InputError, match=f"refused: .* is a {kind} address .*--allow-private"):
        fetch(url)


def test_the_test_server_itself_is_refused_without_allow_private(server):
    with pytest.raises(InputError, match="loopback"):
        fetch(server.url("/corpora/gov-portal/terms.txt"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/terms.txt", "gopher://x/"])
def test_other_schemes_are_refused(url):
    assert is_url(url)
    with pytest.raises(InputError, match="only http and https URLs are fetched$"):
        load(url)


def test_paths_are_not_urls():
    for spec in ("terms.txt", "-", "C:\\terms\\a.txt", "HEAD~1:terms.txt", "dir/http:x"):
        assert not is_url(spec)


def test_select_and_remove_choose_the_container(server):
    url = server.url("/html-as-text")
    whole = load(url, fetch=LOCAL).text
    assert "お知らせ" in whole
    chosen = load(url, fetch=LOCAL, select="#terms", remove=(".ad",)).text
    assert "第1条（目的）" in chosen and "お知らせ" not in chosen and "広告" not in chosen
    with pytest.raises(InputError, match="--select '#nothing' matches nothing"):
        load(url, fetch=LOCAL, select="#nothing")
    with pytest.raises(InputError, match="--select: not a CSS selector"):
        load(url, fetch=LOCAL, select="##")


def test_the_cli_refuses_a_private_url_in_one_line(server):
    url = server.url("/corpora/gov-portal/terms.txt")
    for argv in (["analyze", url], ["notice", url], ["diff", url, url]):
        done = subprocess.run([sys.executable, "-m", "kiyaku", *argv, "--no-cache"], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "refused" in done.stderr and "--allow-private" in done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.nlp
def test_analyze_notice_and_diff_read_urls(server, tmp_path, monkeypatch):
    import json

    from kiyaku.cli import main

    monkeypatch.setenv("KIYAKU_CACHE_DIR", str(tmp_path / "cache"))
    old = server.url("/corpora/medical-app/v2023.txt")
    new = server.url("/corpora/medical-app/v2024.txt")
    out = tmp_path / "a.json"
    assert main(["analyze", new, "--allow-private", "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["source"]["url"] == new and data["source"]["fetched_at"]
    assert data["findings"]
    assert main(["notice", new, "--allow-private", "-o", str(tmp_path / "n.md")]) == 0
    assert main(["diff", old, new, "--allow-private", "--format", "json", "-o", str(tmp_path / "d.json")]) == 0
    assert json.loads((tmp_path / "d.json").read_text())
