"""Rows, the themes read for them and the labels they were read from -> the rows whose theme
may be another's (``Row.theme_tie``, flagged ``theme_estime``): beside a label lost, cut by a
page break or doubtful, reached by another theme's label, or continuing a cell across a break up
to a doubtful label."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from pipeline import config

if TYPE_CHECKING:
    from pipeline.document import Document
    from pipeline.rows import Row
    from pipeline.themes import Label, Theme


def mark_beside_lost_labels(body: list[Row], labels: dict[int, list[tuple[Label, Theme]]], with_rows: set[int],
                            placed: set[Theme]) -> None:
    """Rows that may belong to a theme whose label lies on a page without table rows (a rotated
    label a browser centred on a merged cell running past the table's last row onto the next
    page): no row takes that theme, and the rows of the page with rows before it (else after
    it, ``with_rows``) are ties."""
    doubtful = set()
    for number, page_labels in labels.items():
        if number not in with_rows and any(theme not in placed for _, theme in page_labels):
            before = [n for n in with_rows if n < number]
            after = [n for n in with_rows if n > number]
            doubtful |= {max(before)} if before else {min(after)} if after else set()
    for row in (r for r in body if r.page in doubtful):
        row.theme_tie = True


def mark_beside_cut_labels(doc: Document, rows: list[Row], themes: list[Theme | None],
                           labels: dict[int, list[tuple[Label, Theme]]]) -> None:
    """Rows beside a label that a page break cut (running past its page's upright words: centred
    on a cell that spans pages, its centre says nothing of the part on this page) that took
    another theme are ties: the label's cell may hold them."""
    bodies = {page.number: page.body for page in doc.pages}
    for row, theme in zip(rows, themes):
        if theme is None:
            continue
        middle, (top, bottom) = (row.top + row.bottom) / 2, bodies[row.page]
        if any(other != theme and label.top <= middle <= label.bottom and (label.top < top or label.bottom > bottom)
               for label, other in labels.get(row.page, [])):
            row.theme_tie = True


def mark_reached_by_labels(rows: list[Row], themes: list[Theme | None],
                           labels: dict[int, list[tuple[Label, Theme]]]) -> None:
    """Rows that took another theme than a label whose text runs into them by more than
    ``label_reach_em`` of its font size, or past their middle, are ties: a rotated label is
    printed inside its merged cell (a label set at its cell's foot, off the cell's centre, moves
    the border its centre places into its own cell)."""
    for row, theme in zip(rows, themes):
        if theme is None:
            continue
        middle = (row.top + row.bottom) / 2
        for label, other in labels.get(row.page, []):
            reach = config.TABLE.label_reach_em * (label.words[0].size if label.words else 10.0)
            runs_in = row.top < label.bottom - reach and label.top + reach < row.bottom
            if other != theme and (runs_in or label.top < middle < label.bottom):
                row.theme_tie = True


def mark_beside_doubtful_labels(body: list[Row], position: list[tuple[float, float]], order: list[Theme],
                                middles: list[float], labels: dict[int, list[tuple[Label, Theme]]]) -> None:
    """Rows (``body``, laid end to end at ``position``) between the centres (``middles``, in
    ``order``) of a doubtful label's neighbours (``Theme.estimated``: printed over another
    label, rebuilt from pieces) are ties: the borders its centre placed, on either side of it,
    may lie anywhere there."""
    doubtful = {theme for page in labels.values() for _, theme in page if theme.estimated}
    ends = [-math.inf, *middles, math.inf]
    for k in (k for k, theme in enumerate(order) if theme in doubtful):
        for row, span in zip(body, position):
            row.theme_tie = row.theme_tie or ends[k] < sum(span) / 2 < ends[k + 2]


def mark_continued_before_doubt(rows: list[Row], shown: list[Theme | None], filled: list[Theme | None],
                                labelled: list[tuple[tuple[int, int], Theme]]) -> None:
    """Rows whose theme a cell without label took across a page break (``shown`` before,
    ``filled`` after, per row) are ties where the next label shown after them (``labelled``:
    (page, grid row) of each labelled cell, in order) is doubtful (``Theme.estimated``: printed
    over another label, its cell may start anywhere above it)."""
    for row, before, after in zip(rows, shown, filled):
        if before is None and after is not None:
            following = next((theme for at, theme in labelled if at > (row.page, row.row0)), None)
            row.theme_tie = row.theme_tie or (following is not None and following.estimated)
