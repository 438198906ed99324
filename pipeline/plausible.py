"""Fiche records read from a table -> whether that table is one of fiches actions at all.

A numbered table is not always a table of fiches: a budget (amounts, funders), a table of
indicators or a page of scattered numbers also give a "number column". What every table of fiches
actions has is a title written in words beside each number, and cells that are mostly text, not
figures. The test looks at those two traits only, never at the words of one document.
"""

from __future__ import annotations

import json
import re

from pipeline import config

_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")


def is_figure(text: str) -> bool:
    """True for a cell that is a figure: an amount, a rate, a year, a count ("12 500 €", "42.9")."""
    return bool(config.TABLE.figure_cell.fullmatch(text.strip()))


def _cells(fiche: dict) -> list[str]:
    """The non-empty text cells of a fiche, the number and the call-for-projects mark apart."""
    extra = json.loads(fiche["colonnes_supplementaires"] or "{}").values()
    texts = [fiche["intitule"], " ".join(fiche["objectifs"]), fiche["pilote_brut"], *extra]
    return [t for t in texts if t and t.strip()]


def reads_as_fiche(fiche: dict) -> bool:
    """A title written in words, and fewer figures than text among its cells."""
    cells = _cells(fiche)
    figures = sum(map(is_figure, cells))
    return bool(_LETTER_WORD.search(fiche["intitule"] or "")) and figures < config.TABLE.figure_cell_share * len(cells)


def not_a_fiche_table(fiches: list[dict]) -> str | None:
    """Why these rows are not fiches actions (None when they are)."""
    good = sum(map(reads_as_fiche, fiches))
    if fiches and good >= config.TABLE.fiche_row_share * len(fiches):
        return None
    return (f"{len(fiches) - good} lignes numérotées sur {len(fiches)} n'ont pas d'intitulé rédigé ou sont surtout "
            f"des nombres : un tableau de montants, d'indicateurs ou de chiffres, pas de fiches actions")
