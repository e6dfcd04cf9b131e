"""Documents in memory and the one warm thread that analyses them.

The GiNZA model, the rule packs and their compiled matchers are loaded once, at start-up, in the
analysing thread (``Analyzer.warm``); every request then only runs the pipeline. One thread, because
the NLP objects are not meant to be shared between threads and a second one would only contend for the
same cores. A job is a submitted piece of work: the page shows its progress until it is done, and
its result (analyses, diff, rendered pages) stays in memory, never on disk, while the server runs.
The store keeps the most recent ``KEEP`` jobs.
"""
from __future__ import annotations

import secrets
import sys
import threading
import time
import traceback
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.resources import as_file, files

from kiyaku.analyzer.errors import KiyakuError
from kiyaku.analyzer.load import STDIN, STDIN_NAME, load, load_bytes
from kiyaku.analyzer.load.fetch import FetchPolicy
from kiyaku.analyzer.model import Analysis

KEEP = 64
_NLP_THREAD: ThreadPoolExecutor | None = None
_NLP_THREAD_LOCK = threading.Lock()


def nlp_thread() -> ThreadPoolExecutor:
    """The process's one analysing thread: the NLP objects (SudachiPy's tokenizer above all) are global
    to the process and must not be used from two threads at once, whatever the number of apps."""
    global _NLP_THREAD
    with _NLP_THREAD_LOCK:
        if _NLP_THREAD is None:
            _NLP_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiyaku-nlp")
        return _NLP_THREAD


@dataclass(frozen=True)
class Given:
    """One document as the user gave it: an upload, pasted text, a URL, or an earlier job's analysis."""

    kind: str  # file | text | url | earlier
    name: str  # file name, URL, 貼り付けたテキスト, or the earlier job's label
    data: bytes = b""
    earlier: Analysis | None = None
    select: str | None = None
    remove: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class Job:
    id: str
    kind: str  # analysis | comparison
    label: str
    chars: int  # of the input, as far as known before loading (progress page)
    started: float = field(default_factory=time.monotonic)
    stage: str = "待機中"
    future: Future | None = None
    analyses: list[Analysis] = field(default_factory=list)  # [analysis] or [old, new]
    diff: object | None = None
    error: str | None = None
    pages: dict = field(default_factory=dict)  # rendered pages, by name
    seconds: float | None = None

    @property
    def done(self) -> bool:
        return self.future is not None and self.future.done()


class Analyzer:
    """The analysing thread and the jobs it has done."""

    def __init__(self, *, rules: tuple[str, ...] = (), cache: bool = False, allow_private: bool = False):
        self.options = {"rules": list(rules), "cache": cache}
        self.fetch = FetchPolicy(allow_private=allow_private)
        self._pool = nlp_thread()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self.probe_pages: list[str] = []  # the renderers' pages for the warm-up sample (CSP script hashes)

    # -- start-up -----------------------------------------------------------------------------
    def warm(self) -> float:
        """Load everything an analysis needs, in the analysing thread; returns the seconds it took."""
        started = time.monotonic()
        self._pool.submit(self._warm).result()
        return time.monotonic() - started

    def _warm(self) -> None:
        from kiyaku.analyzer.nlp import load_nlp
        from kiyaku.analyzer.pipeline import analyze_source
        from kiyaku.reports.render.analysis import render_analyses

        from kiyaku.reports.compare.diff import diff
        from kiyaku.reports.render.diff import render_diff

        load_nlp()
        with as_file(files("kiyaku.corpora") / "gov-portal" / "terms.txt") as sample:
            warmed = analyze_source(load(str(sample)), rules=self.options["rules"], cache=False)
        same = diff(warmed, warmed, rules=self.options["rules"])
        self.probe_pages = [render_analyses([warmed], "html"), render_diff(same, "html"),
                            render_diff(same, "taisho-html")]  # also compiles the templates once

    # -- jobs ---------------------------------------------------------------------------------
    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self) -> list[Job]:
        with self._lock:
            return [j for j in reversed(self._jobs.values()) if j.done and not j.error]

    def _add(self, job: Job) -> Job:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP:
                self._jobs.popitem(last=False)
        return job

    def analyse(self, given: Given) -> Job:
        job = self._add(Job(_new_id(), "analysis", given.name, _chars(given)))
        job.future = self._pool.submit(self._run, job, lambda: [self._analysis(job, given)])
        return job

    def compare(self, old: Given, new: Given) -> Job:
        job = self._add(Job(_new_id(), "comparison", f"{old.name} → {new.name}", _chars(old) + _chars(new)))

        def work():
            from kiyaku.reports.compare.diff import diff

            pair = [self._analysis(job, old, "旧版"), self._analysis(job, new, "新版")]
            job.stage = "2つの版を対応づけています"
            job.diff = diff(pair[0], pair[1], rules=self.options["rules"])
            return pair

        job.future = self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work) -> None:
        started = time.monotonic()
        try:
            job.analyses = work()
        except KiyakuError as err:
            job.error = str(err)
        except Exception as err:  # a bug of ours: the page says so in one line, the console has the rest
            traceback.print_exc(file=sys.stderr)
            job.error = f"内部エラー: {type(err).__name__}: {err}"
        finally:
            job.seconds = time.monotonic() - started
            job.stage = "完了"

    def _analysis(self, job: Job, given: Given, which: str = "") -> Analysis:
        from kiyaku.analyzer.pipeline import analyze_source

        if given.kind == "earlier":
            return given.earlier
        prefix = f"{which}：" if which else ""
        if given.kind == "url":
            job.stage = f"{prefix}ページを取得しています"
            source = load(given.name, fetch=self.fetch, select=given.select, remove=given.remove)
        elif given.kind == "text":
            source = load_bytes(given.data, STDIN, STDIN_NAME)  # as `kiyaku analyze -` reads it
        else:
            source = load_bytes(given.data, given.name, given.name)
        job.stage = f"{prefix}{len(source.text):,}文字を解析しています"
        return analyze_source(source, **self.options)


def _new_id() -> str:
    return secrets.token_urlsafe(12)  # unguessable: a result is reachable only by who made it (and the link)


def _chars(given: Given) -> int:
    if given.kind == "earlier" and given.earlier is not None:
        return len(given.earlier.source.text)
    return len(given.data.decode("utf-8", "ignore")) if given.kind == "text" else 0
