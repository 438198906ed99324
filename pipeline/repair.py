"""Repair stage: fragments of one edition -> one clean record per fiche action, its warnings
and the account of every word. The chain, each step a module read in this order:

1. ``document``: cells and words per page, rotated text rebuilt into labels (``themes``), one set
   of columns for the whole document (``columns``), the width of a space and where each column wraps.
2. ``columns``: which column is the number, title, objectives, mark, pilot, theme or an extra
   column, from the header row when it names them and from the content otherwise.
3. ``rows``: per page, table rows (a number cell spanning several grid rows is one row; rows
   holding several fiches cut at their numbers).
4. ``row_kinds``: page furniture, header rows, theme bands, fiche rows, continuations of a fiche
   cut by a page break, annexes.
5. ``row_themes``: the theme beside each row, from theme cells or rotated labels.
6. ``fiches``: each fiche's rows and theme, then its fields assembled from the cells' lines.
7. ``account`` and ``verifications``: where every word went, and which fiches are doubtful.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, NamedTuple

from pipeline.account import account
from pipeline.avertissements import Warnings
from pipeline.columns import assign_roles
from pipeline.document import read_document, unreadable
from pipeline.errors import TableError
from pipeline.fiches import build_fiche, drafts
from pipeline.plausible import not_a_fiche_table
from pipeline.verifications import verify

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Reading", "TableError", "repair"]


class Reading(NamedTuple):
    """What the repair stage reads from an edition."""

    fiches: list[dict]  # ``Fiche`` records
    warnings: list[dict]  # ``Avertissement`` records
    words: list[dict]  # ``CompteMots`` records: where every word of the PDF went
    zones: list[dict]  # ``Zone`` records: where the words that went to no fiche stand


def repair(fragments: "pd.DataFrame | Iterable[list[dict]]", edition: str) -> Reading:
    """Fragments of one edition (a table, or a stream of pages as ``extract.pages`` yields them)
    -> its fiches, each flagged where its reading is doubtful, warnings and word account."""
    doc = read_document(fragments)
    unreadable(doc)
    cols = assign_roles(doc)
    warnings = Warnings(edition)
    fiche_drafts, rows = drafts(doc, cols)
    if not fiche_drafts:
        raise TableError("aucune ligne de fiche dans le tableau")
    fiches = [build_fiche(doc, d, cols, warnings) for d in fiche_drafts]
    problem = not_a_fiche_table(fiches)
    if problem:
        raise TableError(problem)
    words = account(doc, rows, fiche_drafts, cols)
    verify(fiches, fiche_drafts, doc, cols, words, warnings)
    return Reading(fiches, warnings.records, words.rows(edition), words.zones(edition))
