"""Errors the library raises. Only the CLI turns them into exit codes and one stderr line."""

import re

MAX_MESSAGE = 300  # characters of a problem's description shown; a path is shown whole

# Newlines, tabs, ESC and the other C0/C1 controls, and the bidi overrides: shown as escapes, so a file
# named with a newline or an escape sequence gives one line that does not command the terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\n``, ``\\x1b``): one visible line."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), str(text))


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``printable(text)`` cut to ``limit`` characters."""
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class KiyakuError(Exception):
    """A problem with what the user handed us. ``str(err)`` is the one line shown to the user."""

    def __init__(self, path: str | None, problem: str):
        self.path = path
        self.problem = problem
        line = one_line(problem)
        super().__init__(f"{printable(path)}: {line}" if path else line)

    def __reduce__(self):
        # Pickle by state, not by re-calling __init__ (whose arguments differ per subclass): errors
        # travel back from the worker processes of a corpus run.
        return _restore, (type(self), self.args, self.__dict__)


class InputError(KiyakuError):
    """A document that cannot be read: missing, empty, binary, undecodable, truncated, too large."""


class RulePackError(KiyakuError):
    """A malformed rule pack. ``path`` names the file; ``line`` (1-based) where known."""

    def __init__(self, path: str, problem: str, line: int | None = None):
        self.line = line
        super().__init__(f"{path}:{line}" if line else path, problem)


class OutputError(KiyakuError):
    """The report cannot be written: a full disk, a read-only target, a missing permission."""


class UsageError(KiyakuError):
    """A command line or gold file that does not make sense."""


def _restore(cls, args, state):
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err
