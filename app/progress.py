"""Progress for long multi-document runs: on a terminal only, never in pipes or CI logs."""
from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")


def show_progress(count: int, stream=None) -> bool:
    """A bar helps only for several documents, on an interactive stderr, outside CI."""
    stream = stream if stream is not None else sys.stderr
    if count < 2 or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def track_documents(results: Iterable[T], count: int) -> Iterator[T]:
    """Yield ``results`` (one per document) unchanged, with a transient bar on stderr when it helps."""
    if not show_progress(count):
        yield from results
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("解析中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # Lines written to stdout while the bar shows (a streamed jsonl) go through rich only when stdout
    # is this same terminal; redirected, they must reach the file or pipe untouched.
    with Progress(*columns, console=Console(stderr=True), transient=True, redirect_stdout=_stdout_is_tty()) as progress:
        task = progress.add_task("analyze", total=count)
        for result in results:
            yield result
            progress.advance(task)


def _stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
