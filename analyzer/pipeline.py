"""The path of a document: load → structure → rules → Analysis. The library's front door."""
from __future__ import annotations

import multiprocessing
import os
import signal
from contextlib import contextmanager
from functools import partial
from typing import Iterable, Iterator

from kiyaku.analyzer.errors import KiyakuError
from kiyaku.analyzer.load import load
from kiyaku.analyzer.load.fetch import FetchPolicy
from kiyaku.analyzer.model import Analysis, Source
from kiyaku.analyzer.structure import parse

# Each worker holds its own GiNZA model (~0.5 GB): more than this buys little and costs memory.
MAX_WORKERS = 4


def analyze_source(source: Source, *, rules: Iterable[str] = (), cache: bool = True, thorough: bool = False) -> Analysis:
    """Structure and annotate a document that is already loaded."""
    from kiyaku.analyzer.engine import find
    from kiyaku.analyzer.engine.rulepack import load_ruleset

    ruleset = load_ruleset(list(rules))
    document = parse(source.text, headings=source.headings)
    document.title = source.title or document.title
    findings = find(document, ruleset, thorough=thorough, cache=cache)
    return Analysis(source=source, document=document, findings=findings, rules_version=ruleset.version)


def analyze(path: str, *, rules: Iterable[str] = (), cache: bool = True, thorough: bool = False,
            encoding: str | None = None, fetch: FetchPolicy | None = None, select: str | None = None,
            remove: tuple[str, ...] = ()) -> Analysis:
    """Read, structure and annotate one terms document (``-`` for standard input, or an http(s) URL
    fetched under ``fetch``; ``select`` / ``remove`` choose an HTML page's terms container).

    ``encoding`` overrides the detected encoding of a text or HTML file (``--encoding``)."""
    source = load(path, encoding=encoding, fetch=fetch, select=select, remove=tuple(remove))
    return analyze_source(source, rules=rules, cache=cache, thorough=thorough)


def _analyze_or_error(path: str, **options) -> Analysis | KiyakuError:
    try:
        return analyze(path, **options)
    except KiyakuError as err:
        return err


def worker_count(documents: int, requested: int | None = None) -> int:
    """Processes for a corpus run: one per usable core, capped, never more than the documents."""
    if requested is not None:
        return max(1, min(requested, documents))
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # spawn would re-import and reload everything per worker: not worth it for a CLI run
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_WORKERS, documents))


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: only the parent handles it (and terminates the pool).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent turns SIGTERM into an exception that cleans up; a worker (forked with that handler) just
    # ends, quietly, when the parent's pool terminates it or a CI timeout signals the whole group.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def analyze_many(
    paths: Iterable[str], *, workers: int | None = None, **options
) -> Iterator[Iterator[tuple[str, Analysis | KiyakuError]]]:
    """Analyse a corpus: ``with analyze_many(paths) as results: for path, result in results: …``.

    A bad file yields its error instead of stopping the run. Results come one at a time, in the
    order of ``paths`` whatever order the workers finish in, so output is deterministic and nothing
    holds all the analyses. With several documents the work is shared by a pool of forked processes,
    each loading GiNZA once (lazily); the pool exists before the caller starts anything else (a
    progress bar's thread), so nothing is forked in the middle of another thread's work.
    A malformed rule pack fails the whole run here, once, before any document is read.
    """
    from kiyaku.analyzer.engine.rulepack import load_ruleset

    paths = list(paths)
    load_ruleset(list(options.get("rules", ())))  # also inherited by the workers, already parsed
    analyze_one = partial(_analyze_or_error, **options)
    count = worker_count(len(paths), workers)
    if count <= 1 or "-" in paths:  # standard input can be read only by this process
        yield ((path, analyze_one(path)) for path in paths)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(count, initializer=_worker_init) as pool:  # leaving terminates the workers
        yield zip(paths, pool.imap(analyze_one, paths, chunksize=1))
