"""Errors the CLI turns into one clear line and their own exit code."""

from __future__ import annotations

import errno
from pathlib import Path

#: Exit codes of ``python -m pipeline``: documented in ``--help`` and the README, reported by make.
EXIT_OK = 0
EXIT_BAD_INPUT = 2  # a file could not be used
EXIT_REJECTS = 3  # some fiches failed validation
EXIT_TO_CHECK = 4  # every fiche published, some flagged a_verifier (their reading is doubtful)
EXIT_USAGE = 64  # the command line is wrong (EX_USAGE)
EXIT_INTERNAL = 70  # a fault of the pipeline itself on this input (EX_SOFTWARE): earlier outputs stay whole
EXIT_OUTPUT = 73  # the output cannot be written: read-only, full, not a folder, locked (EX_CANTCREAT)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


class PipelineError(Exception):
    """A problem the user can fix: says which file, what is wrong and what to do."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, path: Path | str, cause: str, action: str):
        self.path, self.cause, self.action = Path(path), cause, action
        super().__init__(f"{self.path}: {cause} ; {action}")


class InputError(PipelineError):
    """An input file the pipeline cannot use."""


class OutputError(PipelineError):
    """An output folder the pipeline cannot write, or must not replace."""

    exit_code = EXIT_OUTPUT


def output_error(path: Path, exc: OSError) -> OutputError:
    """An ``OSError`` while writing an output, as one clear line."""
    causes = {errno.ENOSPC: "le disque est plein", errno.EROFS: "le système de fichiers est en lecture seule",
              errno.EACCES: "écriture refusée", errno.EPERM: "écriture refusée", errno.EDQUOT: "quota dépassé"}
    cause = causes.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return OutputError(path, f"impossible d'écrire la sortie ({cause})",
                       "libérez de la place ou choisissez un autre dossier avec --out ; "
                       "la sortie précédente est intacte")


class UsageError(Exception):
    """A command line that cannot be carried out as given."""

    exit_code = EXIT_USAGE


class TableError(ValueError):
    """The document holds no usable fiche table (the CLI names the file); ``action``: what to do,
    when it is not the general advice."""

    def __init__(self, message: str, action: str | None = None):
        super().__init__(message)
        self.action = action


def internal_error(path: Path | str, exc: Exception) -> str:
    """The one line saying that the pipeline itself failed on a file (a fault of its code, not of
    the file): which file, what failed, that no output is left half written, what to do."""
    return (f"{path}: erreur interne du pipeline ({type(exc).__name__}: {exc}) ; les sorties déjà publiées "
            "restent entières ; signalez-la avec ce fichier (le détail s'affiche avec -v)")
