"""Bad input through the public API: one exception whose text is the command line's.

The package reports bad input with two errors, :class:`~model.scenarios.ScenarioError`
(problems in scenario and observation files, one ``file:line: key: what was expected``
each) and :class:`~model.errors.UserInputError` (a bad option value, an output that must
not be overwritten).  ``python -m model`` prints them as::

    error: <problem>                        one line per problem
    N problems found; nothing was written.  after scenario-file problems only

The API raises :class:`WorkbookInputError` instead, whose ``str()`` is exactly those
lines.  This is the one place the lines are formatted (:meth:`WorkbookInputError.from_error`):
the command line (:func:`model.cli.main.main`) prints the package's errors through it and
the API's error as it is, so a message seen in a notebook is the one the command line prints.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from model.errors import UserInputError
from model.scenarios import ScenarioError, ScenarioProblem

__all__ = ["WorkbookInputError", "input_errors", "bad_input"]

_F = TypeVar("_F", bound=Callable[..., Any])


class WorkbookInputError(ValueError):
    """Bad input given to the workbook: the one exception type of the public API.

    ``str(error)`` is exactly what ``python -m model`` prints on standard error for the
    same input: one ``error: ...`` line per problem (``file:line: key: what was
    expected`` for a scenario file) and, after scenario-file problems, the count line
    ``N problems found; nothing was written.``  Nothing is written when it is raised.

    Attributes
    ----------
    lines : list of str
        The lines, as printed.
    problems : list of model.scenarios.ScenarioProblem
        The scenario-file problems (file, line, key, message); empty for other bad input.

    Examples
    --------
    >>> import model
    >>> try:
    ...     model.derive("baseline", "my-case", levers={"growth_minig": 0.05})
    ... except model.WorkbookInputError as exc:
    ...     print(exc)
    error: derive('my-case'): levers.growth_minig: unknown parameter; did you mean 'growth_mining'?
    1 problem found; nothing was written.
    """

    def __init__(self, lines: Sequence[str], problems: Sequence[ScenarioProblem] = ()):
        self.lines = list(lines)
        self.problems = list(problems)
        super().__init__("\n".join(self.lines))

    @classmethod
    def from_error(cls, exc: ScenarioError | UserInputError) -> "WorkbookInputError":
        """The error the command line reports for ``exc``, as one exception."""
        if isinstance(exc, ScenarioError):
            n = len(exc.problems)
            return cls([f"error: {p}" for p in exc.problems]
                       + [f"{n} problem{'s' if n != 1 else ''} found; nothing was written."], exc.problems)
        return cls([f"error: {exc}"])


def bad_input(message: str) -> WorkbookInputError:
    """Bad input the API itself finds: one line, as the command line would print it."""
    return WorkbookInputError([f"error: {message}"])


def input_errors(func: _F) -> _F:
    """Raise :class:`WorkbookInputError` for the package's bad-input errors inside ``func``."""

    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (ScenarioError, UserInputError) as exc:
            raise WorkbookInputError.from_error(exc) from exc

    return checked  # type: ignore[return-value]
