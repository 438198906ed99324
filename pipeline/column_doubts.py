"""Doubts a fiche's columns raise: the fiche records, their drafts and the table's columns ->
the fiches (or roles) whose text may have been read into another column. Raised as flags by
``verifications``."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from pipeline import config
from pipeline.rows import filled_cols, usual_columns

if TYPE_CHECKING:
    from pipeline.columns import Columns
    from pipeline.fiches import Draft


def empty_usual_cells(drafts: list["Draft"], columns: list[int]) -> list[int]:
    """Indices of the fiches without text in one of ``columns`` (``Columns.core_cols``) that
    nearly every fiche fills (``rows.usual_columns``, ``min_evidence`` fiches at least): its text
    there may have been read into another column or fiche (a pilot run into the title beside it,
    a top-aligned cell given to the fiche above)."""
    filled = _filled_by_fiche(drafts)
    if len(drafts) < config.TABLE.min_evidence:
        return []
    usual = usual_columns(filled) & set(columns)
    return [k for k, cols in enumerate(filled) if usual - cols]


def _filled_by_fiche(drafts: list["Draft"]) -> list[set[int]]:
    """The columns each fiche holds text in."""
    return [{col for row in draft.rows for col in filled_cols(row)} for draft in drafts]


#: The fields of the roles every fiche fills.
ROLE_FIELDS = {"intitule": "intitule", "objectifs": "objectifs", "pilote": "pilote_brut"}


def idle_roles(fiches: list[dict], drafts: list["Draft"], cols: "Columns") -> list[tuple[str, int]]:
    """The roles whose field most fiches leave empty (``numero_column_share``), each with a column
    without header that nearly every fiche fills (``usual_column_share``): the role's text may be
    there (a header over list markers and their text given to the markers' column, office seed 4272)."""
    n, usual = len(fiches), usual_columns(_filled_by_fiche(drafts))
    full = [c for c in cols.extra if not cols.headers.get(c) and c in usual]
    if n < config.TABLE.min_evidence or not full:
        return []
    return [(role, full[0]) for role, name in ROLE_FIELDS.items()
            if role in cols.roles and sum(1 for f in fiches if f[name]) < config.TABLE.numero_column_share * n]


def filled_columns(drafts: list["Draft"]) -> set[int]:
    """Columns holding text of their own in at least half of the fiches."""
    counts: Counter[int] = Counter()
    for draft in drafts:
        counts.update({cell.cols[0] for row in draft.rows for cells in row.cells.values() for cell in cells
                       if len(cell.cols) == 1 and cell.lines})
    return {col for col, n in counts.items() if n >= config.TABLE.numero_column_share * len(drafts)}


def straddling(draft: "Draft", filled: set[int], bounds: list[float]) -> bool:
    """True when a cell of the fiche runs over a column that most fiches fill with text of their
    own (a borderless cell whose text ran into its neighbour's), or over a border that a gap
    wider than a space in one of its lines straddles (two cells' texts, "d’activité" | "x"): all
    its text is read into its first column."""
    snap = config.EXTRACT.rule_snap
    inner = bounds[1:-1]
    return any(cell.lines and (set(cell.cols[1:]) & filled or any(
        not b.beside_number and any(b.end - snap <= x <= b.start + snap for x in inner[cell.cols[0]:cell.cols[-1]])
        for ln in cell.lines for b in ln.breaks)) for row in draft.rows for cells in row.cells.values() for cell in cells)
