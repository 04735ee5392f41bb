"""Errors a user can cause (exit status 2, one line each, no traceback)."""
from __future__ import annotations

__all__ = ["UserInputError"]


class UserInputError(Exception):
    """Bad input that is not a scenario-file problem (an existing output, a bad option value)."""
