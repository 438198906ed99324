"""What a run tells its user on stderr: errors, warnings, progress and summary lines, in French,
at the chosen verbosity (-q: errors only; -v: details).

Progress is one line updated in place only when it is the terminal's one running edition; with
several editions at once, or in a log, each edition prints whole lines at a tenth of its pages,
each with the time left. A line that is being updated in place is ended before anything else
is printed, so warnings never glue onto it.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

QUIET, NORMAL, VERBOSE = 0, 1, 2
#: The run's verbosity, set once by the CLI before any edition starts (workers inherit it).
level = NORMAL
#: The stream of a progress line still open (written with "\r", not yet ended), if any.
_open_line: TextIO | None = None


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "0 fiche", "1 fiche", "2 fiches": French takes the singular below 2."""
    return f"{count} {singular if count < 2 else plural_form or singular + 's'}"


def say(message: str, at: int = NORMAL, stream: TextIO | None = None) -> None:
    """One whole line on stderr, if the verbosity allows it."""
    global _open_line
    if level < at:
        return
    if _open_line is not None:
        print(file=_open_line)
        _open_line = None
    print(message, file=stream or sys.stderr, flush=True)


def error(message: str) -> None:
    say(f"erreur : {message}", at=QUIET)


def where(page: int | None, numero: str | None) -> str:
    return ", ".join(x for x in (f"page {page}" if page else "", f"fiche {numero}" if numero else "") if x)


def warn(warning: dict) -> None:
    place = where(warning["page"], warning["numero"])
    say(f"avertissement : {warning['edition']}: " + (f"{place} : " if place else "") + warning["message"])


def duration(seconds: float) -> str:
    """ "45 s", "3 min 05 s", "1 h 02 min"."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class Progress:
    """Per-page progress of one edition; ``live`` when it may update one terminal line in place."""

    #: Editions shorter than this print no progress in a log (they take a few seconds).
    LONG = 20

    def __init__(self, edition: str, stream: TextIO | None = None, live: bool | None = None):
        self.edition, self.stream = edition, stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live and self.stream.isatty()
        self.start, self.count = time.monotonic(), 0

    def _left(self, page: int, count: int) -> str:
        if page >= count or page < 2:
            return ""
        per_page = (time.monotonic() - self.start) / page
        return f", reste environ {duration(per_page * (count - page))}"

    def __call__(self, page: int, count: int) -> None:
        global _open_line
        self.count = count
        if level < NORMAL:
            return
        text = f"{self.edition}: page {page}/{count}{self._left(page, count)}"
        if self.live:
            print(f"\r{text}\033[K", end="", file=self.stream, flush=True)
            _open_line = self.stream
            if page == count:
                print(file=self.stream, flush=True)
                _open_line = None
        elif count >= self.LONG and (page % max(1, count // 10) == 0 or page == count):
            say(text, stream=self.stream)
        if page == count:
            self.step("lecture du tableau")

    def step(self, what: str) -> None:
        """After the pages of a long edition: what it does next, so that no stretch is silent."""
        if self.count >= self.LONG:
            say(f"{self.edition}: {what}…", stream=self.stream)
