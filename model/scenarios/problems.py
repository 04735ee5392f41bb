"""Problems found in scenario files, and the error that carries them.

Every problem is one line, ``file:line: key.path: what was expected`` (the
line and key are left out where they are not known), so that the command line
prints it as it is and a reader finds the place at once.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ScenarioProblem", "ScenarioError"]


@dataclass(frozen=True)
class ScenarioProblem:
    """One problem found in a scenario file."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ScenarioError(Exception):
    """Raised with every problem found while loading one or more scenario files."""

    def __init__(self, problems: list[ScenarioProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
