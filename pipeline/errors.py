"""Errors the CLI turns into one clear line and a non-zero exit code."""

from __future__ import annotations

from pathlib import Path

#: Exit codes of ``python -m pipeline``: documented in the README, reported by make.
EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_REJECTS = 3


class InputError(Exception):
    """A file the pipeline cannot use: says which file, what is wrong and what to do."""

    def __init__(self, path: Path | str, cause: str, action: str):
        self.path, self.cause, self.action = Path(path), cause, action
        super().__init__(f"{self.path}: {cause}; {action}")
