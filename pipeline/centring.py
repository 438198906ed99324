"""Fiche drafts of a table whose cells are centred on their numbers -> the fiches with a cell
off its number, or text hanging below it: a neighbour's lines read into the fiche, or its own
into a neighbour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import config
from pipeline.rows import number_line
from pipeline.text import centre_offset

if TYPE_CHECKING:
    from pipeline.fiches import Draft


def off_centre(drafts: list["Draft"], numero_col: int, columns: list[int]) -> set[int]:
    """Indices of the fiches printed on one page with a cell off their number by more than
    ``off_centre_lines``, in a column that centres its cells on the number: most
    (``centred_column_share``, at least ``min_evidence``) of its telling cells sit within
    ``centred_within_lines`` of it. A cell tells when it is ``telling_cell_lines`` high or more
    and ``telling_room_lines`` shorter than its fiche's tallest cell. Catches a neighbour's lines
    read into the fiche, or its own into a neighbour, where cells are centred and nothing else
    sets rows apart."""
    spans = [_column_spans(draft, numero_col, columns) for draft in drafts]
    centred = set()
    for col in columns:
        telling = [offset for found in spans if col in found and (offset := found[col])[1]]
        near = sum(1 for off, _ in telling if off <= config.TABLE.centred_within_lines)
        if near >= config.TABLE.min_evidence and near >= config.TABLE.centred_column_share * len(telling):
            centred.add(col)
    limit = config.TABLE.off_centre_lines
    return {k for k, found in enumerate(spans) if any(col in centred and off > limit for col, (off, _) in found.items())}


def _column_spans(draft: "Draft", numero_col: int, columns: list[int]) -> dict[int, tuple[float, bool]]:
    """For a fiche printed on one page: each column's (distance in lines from its lines' middle
    to the number's, whether the cell tells the column's alignment: ``off_centre``)."""
    number = number_line(draft.number_row, numero_col)
    if number is None or len({row.page for row in draft.rows}) > 1:
        return {}
    size = number.size or 10.0
    found = {col: lines for col in columns if (lines := [ln for c in draft.cells(col) for ln in c.lines])}
    height = {col: max(ln.top + ln.size for ln in lines) - min(ln.top for ln in lines) for col, lines in found.items()}
    tallest = max(height.values(), default=0.0)
    cell, room = config.TABLE.telling_cell_lines * size, config.TABLE.telling_room_lines * size
    return {col: (centre_offset(lines, number), height[col] >= cell and tallest - height[col] >= room)
            for col, lines in found.items()}


def overhanging(drafts: list["Draft"], numero_col: int, columns: list[int]) -> set[int]:
    """Indices of the fiches printed on one page whose text reaches farther below their number
    than above it, by more than ``overhang_lines``, in a table where most fiches whose text is
    tall enough to tell (it would hang that much, top-aligned under its number) do not
    (``centred_column_share``, at least ``min_evidence``: numbers centred in their rows). A row
    is as deep below its number as above, and a cell, centred or top-aligned, stays inside its
    row: text hanging lower is the next fiche's, read into this one."""
    limit = config.TABLE.overhang_lines
    found = [_overhang(draft, numero_col, columns) for draft in drafts]
    telling = [excess for excess, height in (f for f in found if f is not None) if height - 1 > limit]
    fits = sum(1 for excess in telling if excess <= limit)
    if fits < config.TABLE.min_evidence or fits < config.TABLE.centred_column_share * len(telling):
        return set()
    return {k for k, f in enumerate(found) if f is not None and f[0] > limit}


def _overhang(draft: "Draft", numero_col: int, columns: list[int]) -> tuple[float, float] | None:
    """For a fiche printed on one page: how much deeper its text reaches below its number's
    middle than above it, and how tall it is, in lines of the number's size (None: no number,
    or several pages)."""
    number = number_line(draft.number_row, numero_col)
    lines = [ln for col in columns for c in draft.cells(col) for ln in c.lines]
    if number is None or not lines or len({row.page for row in draft.rows}) > 1:
        return None
    size = number.size or 10.0
    mid, top, bottom = number.top + size / 2, min(ln.top for ln in lines), max(ln.top + ln.size for ln in lines)
    return ((bottom - mid) - (mid - top)) / size, (bottom - top) / size
