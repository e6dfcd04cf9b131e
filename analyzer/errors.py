"""Errors the library raises. Only the CLI turns them into exit codes and one stderr line."""


class KiyakuError(Exception):
    """A problem with what the user handed us. ``str(err)`` is the one line shown to the user."""

    def __init__(self, path: str | None, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)

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


class UsageError(KiyakuError):
    """A command line or gold file that does not make sense."""


def _restore(cls, args, state):
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err
