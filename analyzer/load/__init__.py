"""Reading a terms document: bytes from a file or standard input → :class:`kiyaku.analyzer.model.Source`.

The type is decided by content, not by name: ``%PDF`` is a PDF, a zip holding ``word/document.xml``
is a DOCX, markup is HTML (also when saved as ``.txt`` or ``.md``), anything else that decodes is text.
A file named ``.pdf`` or ``.docx`` that is not one is refused rather than read as text.

Limits: files over ``MAX_BYTES`` (20 MB) are refused before they are read in full; DOCX parts may
decompress to at most ``load_docx.MAX_UNCOMPRESSED`` (50 MB). Every problem is an
:class:`~kiyaku.analyzer.errors.InputError` with one line naming the file.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import re
import sys

from kiyaku.analyzer.errors import InputError
from kiyaku.analyzer.load.fetch import FetchPolicy, is_url
from kiyaku.analyzer.load.front_matter import split_front_matter
from kiyaku.analyzer.load.text import decode, normalise_newlines
from kiyaku.analyzer.model import Source

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: far above any terms document; bounds memory and parse time
STDIN = "-"
STDIN_NAME = "<stdin>"

_MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")
_HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t　]+\S", re.M)


def load(path: str, encoding: str | None = None, *, fetch: FetchPolicy | None = None,
         select: str | None = None, remove: tuple[str, ...] = ()) -> Source:
    """Read the document at ``path`` (``-`` for standard input, or an http(s) URL fetched under
    ``fetch``) and return its text and provenance.

    ``encoding`` (``--encoding``) overrides detection for text and HTML; PDF and DOCX carry their own.
    ``select`` / ``remove`` (CSS) choose an HTML page's terms container, as Open Terms Archive's
    declarations do.
    """
    if is_url(path):
        from kiyaku.analyzer.load.fetch import fetch as fetch_url

        got = fetch_url(path, fetch)
        source = load_bytes(got.data, path, path, encoding=encoding, extension=got.extension, charset=got.charset,
                            select=select, remove=remove)
        source.url, source.final_url, source.fetched_at = got.url, got.final_url, got.fetched_at
        return source
    name = STDIN_NAME if path == STDIN else path
    data = _read_stdin() if path == STDIN else _read_file(path)
    return load_bytes(data, path, name, encoding=encoding, select=select, remove=remove)


def load_bytes(data: bytes, path: str, name: str | None = None, encoding: str | None = None, *,
               extension: str | None = None, charset: str | None = None, select: str | None = None,
               remove: tuple[str, ...] = ()) -> Source:
    """Decode or extract ``data`` (the raw bytes of ``path``); ``name`` is how errors call it.

    ``extension`` overrides the one in ``path`` (a fetched page's content type); ``charset`` is a
    declared charset (an HTTP header's), a hint the bytes may overrule like a ``<meta>`` one."""
    name = name or path
    if len(data) > MAX_BYTES:
        raise InputError(name, f"larger than the {MAX_BYTES // (1024 * 1024)} MB limit")
    sha256 = hashlib.sha256(data).hexdigest()
    if not data.strip(b" \t\r\n\x0c\x1a"):
        raise InputError(name, "empty file")
    if extension is None:
        extension = os.path.splitext(path.lower())[1] if path != STDIN else ""
    head = data[:1024]

    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-") or (extension == ".pdf" and b"%PDF-" in head):
        from kiyaku.analyzer.load.pdf import extract as extract_pdf

        _no_selectors(name, select, remove, "a PDF")
        text, headings = extract_pdf(data, name)
        return _source(path, text, "pdf", "pdf", sha256, headings, name)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        from kiyaku.analyzer.load.docx import extract as extract_docx

        _no_selectors(name, select, remove, "a DOCX")
        text, headings = extract_docx(data, name)
        return _source(path, text, "docx", "docx", sha256, headings, name)
    if extension == ".pdf":
        raise InputError(name, "not a readable PDF: no %PDF header")
    if extension in (".docx", ".docm", ".dotx"):
        raise InputError(name, "not a readable DOCX: not a zip archive")
    _refuse_other_binaries(data, name)

    from kiyaku.analyzer.load import html as load_html

    text, encoding = decode(data, name, declared=load_html.declared_charset(data) or charset, encoding=encoding)
    title = None
    front = split_front_matter(text)
    if front is not None:
        title, text = front
    if extension in _HTML_EXTENSIONS or load_html.looks_like_html(text):
        body, headings = load_html.extract(text, name, select=select, remove=remove)
        return _source(path, body, encoding, "html", sha256, headings, name, title)
    if select or remove:
        raise InputError(name, "--select and --remove apply to HTML pages; this is not one")
    is_markdown = extension in _MARKDOWN_EXTENSIONS or len(_MARKDOWN_HEADING.findall(text)) >= 2
    return _source(path, text, encoding, "markdown" if is_markdown else "text", sha256, [], name, title)


def _no_selectors(name: str, select, remove, what: str) -> None:
    if select or remove:
        raise InputError(name, f"--select and --remove apply to HTML pages; this is {what}")


# Control characters (ESC, BEL, C1) that an HTML entity, a PDF or a DOCX can carry: as text they mean
# nothing, on a terminal they are commands. Each becomes a space, so every offset stays where it was.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _source(path, text, encoding, fmt, sha256, headings, name, title=None) -> Source:
    text = _CONTROLS.sub(" ", normalise_newlines(text))
    if not text.strip() or not text.strip("\ufeff\u3000 \t\n"):
        raise InputError(name, "no text in the document" if fmt in ("html", "pdf", "docx") else "empty file")
    return Source(path=path, text=text, encoding=encoding, format=fmt, sha256=sha256, headings=headings, title=title)


def _refuse_other_binaries(data: bytes, name: str) -> None:
    """Containers we do not read, named so the user knows what to convert."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise InputError(name, "legacy Word/Office (.doc) file: save it as DOCX, PDF or text")
    if data.startswith(b"{\\rtf"):
        raise InputError(name, "RTF is not supported: save it as DOCX, PDF or text")


def _read_file(path: str) -> bytes:
    """The file's bytes, once it is known to be a regular file within the size limit.

    A FIFO or a device would block or never end (standard input is ``-``); a symlink loop and a
    dangling link are named as what they are.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        dangling = os.path.islink(path)
        raise InputError(path, "a dangling symbolic link (its target does not exist)" if dangling else "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputError(path, "a symbolic link loop") from None
        raise InputError(path, f"cannot read: {err.strerror or err}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory, not a document")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket"
        raise InputError(path, f"{kind}, not a regular file (give - to read standard input)")
    if st.st_size > MAX_BYTES:
        raise InputError(path, f"larger than the {MAX_BYTES // (1024 * 1024)} MB limit ({st.st_size} bytes)")
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)  # a file still growing stops here
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None


def _read_stdin() -> bytes:
    try:
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    except (OSError, ValueError, AttributeError) as err:
        raise InputError(STDIN_NAME, f"cannot read standard input: {err}") from None
