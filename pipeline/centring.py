"""Fiche drafts of a table whose cells are centred on their numbers -> the fiches with a cell
off its number: a neighbour's lines read into the fiche, or its own into a neighbour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import config
from pipeline.text import centre_offset

if TYPE_CHECKING:
    from pipeline.fiches import Draft


def off_centre(drafts: list["Draft"], numero_col: int, columns: list[int]) -> set[int]:
    """Indices of the fiches printed on one page with a cell off their number by more than
    ``off_centre_lines``, in a column that centres its cells on the number: most
    (``centred_column_share``, at least ``min_evidence``) of its telling cells sit within
    ``centred_within_lines`` of it. A cell tells when it is three lines high or more
    (top-aligned, its middle would lie a line below its number's) and two lines shorter than
    its fiche's tallest cell (which sits on the number whatever the alignment). Catches a neighbour's lines read into the
    fiche, or its own into a neighbour, where cells are centred and nothing else sets rows apart."""
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
    number = next((ln for c in draft.number_row.cells.get(numero_col, []) for ln in c.lines), None)
    if number is None or len({row.page for row in draft.rows}) > 1:
        return {}
    size = number.size or 10.0
    found = {col: lines for col in columns if (lines := [ln for c in draft.cells(col) for ln in c.lines])}
    height = {col: max(ln.top + ln.size for ln in lines) - min(ln.top for ln in lines) for col, lines in found.items()}
    tallest = max(height.values(), default=0.0)
    return {col: (centre_offset(lines, number), height[col] >= 3 * size and tallest - height[col] >= 2 * size)
            for col, lines in found.items()}
