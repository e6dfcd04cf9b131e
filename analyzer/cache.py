"""A content-addressed cache of per-article results.

The key is a hash of the article's text, the rule packs' version and the analysing code (the engine's
source and the versions of the NLP packages), so a new version of a terms document re-analyses only the
articles that changed, and a rule-pack, engine or model upgrade invalidates everything.
Entries are small JSON files written atomically, each with a checksum of its value; an entry that is not
a regular file, does not parse, fails its checksum or (checked by the engine) has the wrong shape is a
miss, never an error.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import tempfile
from importlib import metadata
from pathlib import Path

import platformdirs

FORMAT = "2"  # bump when the cached value's shape changes


def cache_dir() -> Path:
    """``$KIYAKU_CACHE_DIR``, else the user's cache directory."""
    return Path(os.environ.get("KIYAKU_CACHE_DIR") or platformdirs.user_cache_dir("kiyaku"))


# What decides a cached result besides the text and the rules: the matching code and the model's tokens.
_PACKAGES = ("spacy", "ginza", "ja-ginza", "sudachipy", "sudachidict-core")


def code_files() -> list[Path]:
    """The analysing code: ``nlp`` and every module of the ``engine`` package (a new module is covered
    without being named here)."""
    here = Path(__file__).parent
    return [here / "nlp.py", *sorted((here / "engine").glob("*.py"))]


@functools.cache
def code_version() -> str:
    h = hashlib.sha256()
    for path in code_files():
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in _PACKAGES:
        try:
            h.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{package}=-".encode())
    return h.hexdigest()[:16]


def cache_key(text: str, version: str) -> str:
    return hashlib.sha256(f"{FORMAT}\0{code_version()}\0{version}\0{text}".encode("utf-8")).hexdigest()


MAX_ENTRY = 16 * 1024 * 1024  # bytes: an article's hits are a few kilobytes


def _checksum(value) -> str:
    """sha256 of the value's canonical JSON: a changed digit in an entry makes it a miss."""
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ArticleCache:
    """get/put JSON values by key; a disabled cache misses every time and writes nothing."""

    def __init__(self, directory: Path | None = None, enabled: bool = True):
        self.enabled = enabled
        self.directory = directory or cache_dir()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str):
        """The value stored under ``key``, or None: a miss, also for anything that is not an intact entry
        (another file type, broken JSON, a checksum that does not match what it guards)."""
        if not self.enabled:
            return None
        try:
            fd = os.open(self._path(key), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None  # a FIFO or device put in the cache: never read (it could block or never end)
            with os.fdopen(fd, "rb", closefd=False) as fh:
                raw = fh.read(MAX_ENTRY + 1)
            entry = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_ENTRY else None
        except (OSError, ValueError):
            return None
        finally:
            os.close(fd)
        if not isinstance(entry, dict) or set(entry) != {"sum", "value"} or entry["sum"] != _checksum(entry["value"]):
            return None
        return entry["value"]

    def put(self, key: str, value) -> None:
        if not self.enabled:
            return
        path = self._path(key)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"sum": _checksum(value), "value": value}, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:
            # A read-only or full cache directory must not fail the analysis.
            if tmp:
                Path(tmp).unlink(missing_ok=True)
