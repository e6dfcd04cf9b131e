"""`kiyaku serve` over HTTP: the pages, the downloads (the CLI's bytes), the limits, the token, the Host
check, and nothing written to disk. A real server on a loopback port, in this process."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import httpx
import pytest

from kiyaku.cli import main
from kiyaku.web import downloads
from web_support import CORPORA, kiyaku_server, local_server

pytestmark = pytest.mark.nlp
SAMPLE = CORPORA / "gov-portal" / "terms.txt"
OLD, NEW = CORPORA / "medical-app" / "v2023.txt", CORPORA / "medical-app" / "v2024.txt"


@pytest.fixture(scope="module")
def base():
    with kiyaku_server(allow_private=True) as url:
        yield url


@pytest.fixture(scope="module")
def client(base):
    with httpx.Client(base_url=base, timeout=120) as c:
        yield c


def _post(client, path: str, files=None, data=None) -> httpx.Response:
    sent = client.post(path, files=files, data=data)
    assert sent.status_code == 303, sent.text
    page = client.get(sent.headers["location"])
    while "http-equiv=\"refresh\"" in page.text:  # the progress page, for a slow machine
        page = client.get(sent.headers["location"])
    return page


def _cli(tmp_path, monkeypatch, argv: list[str]) -> bytes:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "cli.out"
    assert main([*argv, "--no-cache", "-o", str(out)]) == 0
    return out.read_bytes()


def test_the_input_page_offers_upload_paste_url_and_compare(client):
    page = client.get("/")
    assert page.status_code == 200
    for field in ('type="file" name="file"', 'name="text"', 'name="url"', 'name="old_file"', 'name="new_url"'):
        assert field in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert "<script" not in page.text


def test_an_upload_is_analysed_and_every_download_is_the_clis(client, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the DOCX notice records its creation time
    page = _post(client, "/analyze", files={"file": ("terms.txt", SAMPLE.read_bytes(), "text/plain")})
    assert page.status_code == 200 and 'class="sev-high"' in page.text and 'class="kiyaku-app"' in page.text
    job = str(page.url).rsplit("/", 1)[1]
    (tmp_path / "terms.txt").write_bytes(SAMPLE.read_bytes())
    cli = {
        "notice.md": ["notice", "terms.txt", "--format", "md"],
        "notice.html": ["notice", "terms.txt", "--format", "html"],
        "notice.docx": ["notice", "terms.txt", "--format", "docx"],
        "csv": ["analyze", "terms.txt", "--format", "csv"],
        "json": ["analyze", "terms.txt", "--format", "json"],
    }
    assert set(cli) == set(downloads.ANALYSIS)
    for name, argv in cli.items():
        got = client.get(f"/a/{job}/download/{name}")
        assert got.status_code == 200 and got.headers["content-disposition"].startswith("attachment;")
        expected = _cli(tmp_path, monkeypatch, argv)
        assert got.content == expected, name


def test_pasted_text_is_read_as_standard_input(client, tmp_path, monkeypatch):
    text = SAMPLE.read_text(encoding="utf-8")
    page = _post(client, "/analyze", files={"text": (None, text)})
    assert 'class="sev-high"' in page.text
    job = str(page.url).rsplit("/", 1)[1]
    web = client.get(f"/a/{job}/download/json").content
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert web == _cli(tmp_path, monkeypatch, ["analyze", "-", "--format", "json"])


def test_a_comparison_gives_the_delta_the_taisho_and_the_clis_downloads(client, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the DOCX notice records its creation time
    page = _post(client, "/compare", files={"old_file": ("v2023.txt", OLD.read_bytes(), "text/plain"),
                                            "new_file": ("v2024.txt", NEW.read_bytes(), "text/plain")})
    assert page.status_code == 200 and "/taisho" in page.text
    job = str(page.url).rsplit("/", 1)[1]
    taisho = client.get(f"/c/{job}/taisho")
    assert taisho.status_code == 200 and "新旧対照表" in taisho.text
    for name in ("v2023.txt", "v2024.txt"):
        (tmp_path / name).write_bytes((CORPORA / "medical-app" / name).read_bytes())
    cli = {
        "taisho.docx": ["diff", "v2023.txt", "v2024.txt", "--format", "docx"],
        "sarif": ["diff", "v2023.txt", "v2024.txt", "--format", "sarif"],
        "json": ["diff", "v2023.txt", "v2024.txt", "--format", "json"],
        "notice.md": ["notice", "v2024.txt", "--since", "v2023.txt", "--taisho", "--format", "md"],
        "notice.docx": ["notice", "v2024.txt", "--since", "v2023.txt", "--taisho", "--format", "docx"],
    }
    assert set(cli) == set(downloads.COMPARISON)
    for name, argv in cli.items():
        got = client.get(f"/c/{job}/download/{name}")
        assert got.status_code == 200
        expected = _cli(tmp_path, monkeypatch, argv)
        assert got.content == expected, name


def test_a_url_is_fetched_and_recorded(client):
    with local_server() as pages:
        url = pages.url("/corpora/regional-health-net/terms.html")
        page = _post(client, "/analyze", files={"url": (None, url)})
        assert page.status_code == 200, page.text
        job = str(page.url).rsplit("/", 1)[1]
        source = json.loads(client.get(f"/a/{job}/download/json").content)["source"]
    assert source["url"] == url and source["final_url"] == url and source["fetched_at"]


def test_a_private_url_is_refused_unless_allowed(tmp_path):
    with kiyaku_server() as strict, httpx.Client(base_url=strict, timeout=60) as client:
        page = _post(client, "/analyze", files={"url": (None, "http://169.254.169.254/latest/meta-data/")})
        assert page.status_code == 400
        assert "refused: 169.254.169.254 is a link-local address" in page.text


def test_an_oversized_upload_is_refused_with_the_clis_limit(client):
    from kiyaku.analyzer.load import MAX_BYTES

    sent = client.post("/analyze", files={"file": ("big.txt", b"a" * (MAX_BYTES + 1), "text/plain")})
    assert sent.status_code == 413
    assert "ファイルが大きすぎます：big.txt: larger than the 20 MB limit" in sent.text
    sent = client.post("/analyze", files={"file": ("huge.txt", b"a" * (2 * MAX_BYTES + 300_000), "text/plain")})
    assert sent.status_code == 413 and "大きすぎます" in sent.text


def test_bad_input_is_one_clear_message(client):
    sent = client.post("/analyze", files={"file": ("empty.txt", b"  \n", "text/plain")})
    page = client.get(sent.headers["location"])
    assert page.status_code == 400 and "empty.txt: empty file" in page.text
    sent = client.post("/analyze", files={"text": (None, "")})
    assert sent.status_code == 400 and "文書がありません" in sent.text


def test_nothing_is_written_to_disk(tmp_path, monkeypatch):
    import tempfile

    spool, cache = tmp_path / "tmp", tmp_path / "cache"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))  # where an upload would spill over
    monkeypatch.setenv("KIYAKU_CACHE_DIR", str(cache))
    with kiyaku_server() as url, httpx.Client(base_url=url, timeout=120) as client:
        page = _post(client, "/analyze", files={"file": ("terms.txt", SAMPLE.read_bytes(), "text/plain")})
        assert page.status_code == 200
        # 1.4 MB: past the 1 MB at which an upload is usually spooled to a temporary file (refused quickly after)
        page = _post(client, "/analyze", files={"file": ("big.bin", b"\x00\x01" * 700_000, "application/octet-stream")})
        assert page.status_code == 400 and "binary data" in page.text
    assert list(spool.iterdir()) == [] and not cache.exists()


def test_a_token_is_required_when_set_and_unknown_hosts_are_refused():
    with kiyaku_server(token="s3cret") as url:
        with httpx.Client(base_url=url, timeout=30) as client:
            assert client.get("/").status_code == 401
            assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
            sent = client.get("/?token=s3cret")
            assert sent.status_code == 303 and sent.headers["location"] == "/"
            assert client.get("/").status_code == 200  # the cookie now
            sent = client.get(httpx.URL(url + "//attacker.example/?token=s3cret"))
            assert sent.headers["location"] == "/attacker.example/"  # never a redirect to another host
    with kiyaku_server() as url, httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400  # DNS rebinding
        assert client.get("/", headers={"Host": "localhost:1234"}).status_code == 200


@pytest.mark.parametrize("argv, message", [
    (["serve", "--host", "0.0.0.0"], "lets other computers in: give --token SECRET"),
    (["serve", "--host", "192.168.1.20", "--port", "0"], "lets other computers in: give --token SECRET"),
])
def test_serve_refuses_an_open_host_without_a_token(argv, message):
    done = subprocess.run([sys.executable, "-m", "kiyaku", *argv], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and message in done.stderr and done.stderr.count("\n") == 1
