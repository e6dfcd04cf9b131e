"""Where a command's output goes, and what it exits with (shared by the CLI and its command handlers).

Exit codes: 0 done, 1 a diff whose new risk reaches --fail-on (or a failed rule example), 2 bad input or usage.
Output is written piece by piece to standard output, or to a file that appears, by rename, only once complete.
"""
from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kiyaku.analyzer.errors import OutputError, UsageError

EXIT_OK, EXIT_FAIL_ON, EXIT_BAD = 0, 1, 2


@contextmanager
def _writing(name: str):
    """An OSError while writing the report is the user's problem with the target, named as such
    (``-o /dev/full``, a full disk, a read-only directory); a closed pipe is not an error at all."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError(name, f"cannot write the report: {err.strerror or err}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _StdoutSink:
    """Standard output, flushed after every piece so a reader of a pipe sees each one as it comes."""

    def write(self, data: str | bytes) -> None:
        if isinstance(data, bytes) and sys.stdout.isatty():
            raise UsageError(None, "usage: this format is a binary file (docx), not text for the screen: "
                                   "add -o FILE.docx")
        with _writing("<stdout>"):
            if isinstance(data, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            else:
                sys.stdout.write(data)
                sys.stdout.flush()


class _StreamSink:
    """An output path that is a device or a pipe."""

    def __init__(self, stream, name: str):
        self.stream, self.name = stream, name

    def write(self, data: str | bytes) -> None:
        with _writing(self.name):
            self.stream.write(data if isinstance(data, bytes) else data.encode("utf-8"))
            self.stream.flush()


class _FileSink:
    """A file that appears, by rename, only once complete; the temporary file is made at the first piece."""

    def __init__(self, out: str):
        self.target = Path(out)
        if self.target.is_dir():
            raise UsageError(out, "is a directory, not an output file")
        if not self.target.parent.is_dir():  # checked before any work; kiyaku does not make directories
            raise UsageError(out, f"cannot write: the directory {self.target.parent} does not exist")
        self.tmp: str | None = None
        self.fh = None

    def write(self, data: str | bytes) -> None:
        with _writing(str(self.target)):
            if self.fh is None:
                fd, self.tmp = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp")
                self.fh = os.fdopen(fd, "wb")
            self.fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))

    def commit(self) -> None:
        if self.fh is not None:
            with _writing(str(self.target)):
                self.fh.close()
                os.chmod(self.tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report gets the user's usual mode
                os.replace(self.tmp, self.target)

    def discard(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass  # the full disk that failed the write fails the flush too: the file goes anyway
            Path(self.tmp).unlink(missing_ok=True)


@contextmanager
def open_output(out: str | None) -> Iterator[_StdoutSink | _FileSink]:
    """Somewhere to write a report piece by piece: stdout, or ``out`` written atomically.

    The file is created only if something is written, and only when the block ends normally:
    an error or an interrupt on the way leaves no file (and no temporary file) behind.
    """
    if out is None or out == "-":
        yield _StdoutSink()
        return
    if os.path.exists(out) and not os.path.isdir(out) and not os.path.isfile(out):
        # /dev/null, a FIFO, /dev/stdout: a stream, not a file to replace (a rename would put a regular
        # file where the device was). Written as it comes.
        with _writing(out):
            stream = open(out, "wb")
        try:
            yield _StreamSink(stream, out)
        finally:
            with _writing(out):
                stream.close()
        return
    sink = _FileSink(out)
    try:
        yield sink
    except BaseException:
        sink.discard()
        raise
    try:
        sink.commit()
    except BaseException:
        sink.discard()
        raise


def write_output(data: str | bytes, out: str | None) -> None:
    """Write to stdout, or to ``out`` through a temp file and a rename so no half-written file remains."""
    with open_output(out) as sink:
        sink.write(data)


def default_format(fmt: str | None) -> str:
    if fmt:
        return fmt
    return "text" if sys.stdout.isatty() else "json"
