"""The document's pages -> each column's header text, from the header rows: the first page whose
header names two roles, and where it leaves a column out, a later page printing it whole."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from pipeline import config
from pipeline.numbering import is_numero, numero_and_mark
from pipeline.text import Line, compact, fold, split_marker
from pipeline.themes import label_opening, parse_theme

if TYPE_CHECKING:
    from pipeline.document import Cell, Document, Page


def role_of_header(text: str) -> str | None:
    """The role a header names, trying it as printed and with line breaks removed ("AA P")."""
    folded = fold(text)
    for role, pattern in config.TABLE.header_patterns.items():
        if any(re.search(pattern, form) for form in (folded, folded.replace(" ", ""))):
            return role
    return None


class TableHeader(NamedTuple):
    """The table's header: each column's text, and the columns whose header prints two."""

    texts: dict[int, str]
    merged: tuple[int, ...]


def table_header(doc: Document, numero_col: int) -> TableHeader:
    """The table's header, from every page's header row (a page's header naming two roles)."""
    headers = [h for h in (_page_header(doc, page, numero_col) for page in doc.pages) if _names_roles(h)]
    return TableHeader(_header_texts(headers), _merged_headers(headers))


def _header_texts(headers: list[PageHeader]) -> dict[int, str]:
    """Header text per column, from the first header row; where that header leaves a column out
    (two headers run into one cell, "Enjeu Partenaires" in a monospaced font; a header wider than
    its column cut in pieces on rows of their own, "Numér" / "o"), that column's header from the
    header row of a later page (repeated by the producer) that agrees on every column both name
    and prints it whole where the first page printed its pieces (``PageHeader.printed``)."""
    texts: dict[int, str] = {}
    printed: dict[int, str] = {}
    for header in headers:
        if texts and not set(printed) - set(texts):
            break
        if not texts:
            texts, printed = header.texts, header.printed
        elif all(texts[col] == text for col, text in header.texts.items() if col in texts):
            texts |= {col: text for col, text in header.texts.items()
                      if col not in texts and compact(text) in printed.get(col, "")}
    return texts


class PageHeader(NamedTuple):
    """A page's header texts per column, and per column the compacted text its cells print
    above the first numbered row (those over several columns included)."""

    texts: dict[int, str]
    printed: dict[int, str]
    split: frozenset[int] = frozenset()  # columns whose header cell prints two texts a gap apart on a line


def _page_header(doc: Document, page: Page, numero_col: int) -> PageHeader:
    """A page's header: its cells above its first numbered row, from the highest grid row
    naming two roles (else one) down to the first band, the top one of each column: a running
    title above the header row ("Programmation des fiches actions") is no header, nor a band
    below it (over several columns, or a theme label within one), nor the last line of a fiche
    cut by the page break, printed under the repeated header. And per column, the text of all
    its cells above the first numbered row (those over several columns too), joined in reading
    order: where two headers run into one cell, or a header wider than its column was cut in
    pieces, what the page prints of each."""
    first = min((c.row0 for c in page.cells
                 if c.cols == (numero_col,) and any(is_numero(numero_and_mark(ln.text)[0]) for ln in c.lines)), default=None)
    if first is None:
        return PageHeader({}, {})
    above = [_above_band(c) for c in page.cells if c.row1 <= first and c.lines and len(c.cols) == 1]
    above = [_below_title(c, [o for o in above if o.row0 == c.row0 and o is not c]) for c in above]
    naming = Counter(c.row0 for c in above if role_of_header(doc.flow([c])))
    top = min((row for row, n in naming.items() if n >= 2), default=min(naming, default=0))
    band = min((c.row0 for c in page.cells if top < c.row0 and c.row1 <= first and c.lines
                and (len(c.cols) > 1 or parse_theme(doc.flow([c])))), default=first)  # a theme band below the header
    texts: dict[int, str] = {}
    split: set[int] = set()
    for c in sorted(above, key=lambda c: c.row0):  # a column's header is its top cell: one below it starts the body
        if top <= c.row0 < _content_row(doc, above, top, band) and c.cols[0] not in texts:
            texts[c.cols[0]] = doc.flow([c])
            if any(not b.beside_number for ln in c.lines for b in ln.breaks):
                split.add(c.cols[0])
    printed: dict[int, str] = {}
    for c in sorted(page.cells, key=lambda c: (c.row0, c.text_top)):
        if c.row1 <= first and c.lines:
            for col in c.cols:
                printed[col] = printed.get(col, "") + compact(doc.flow([c]))
    return PageHeader(texts, printed, frozenset(split))


def _names_roles(header: PageHeader) -> bool:
    """True when a page's header names two roles or more: the table's header row."""
    return sum(1 for t in header.texts.values() if role_of_header(t)) >= 2


def _merged_headers(headers: list[PageHeader]) -> tuple[int, ...]:
    """The columns whose header cell, on a page with a header row, prints two texts on one line
    a gap wider than a word space apart ("Pilote      Partenaires"): two columns that the
    pages' gutters did not part (the second's text starting a word space after the first's
    longest lines), read as one."""
    return tuple(sorted({col for header in headers for col in header.split}))


def _above_band(cell: Cell) -> Cell:
    """A cell above the first fiche without its lines from a theme label on: a band touching
    the header row (a borderless table, no gap between them) prints its label in the header's
    cell, under the header ("Objectifs" / "Axe 3 – …")."""
    k = next((k for k, ln in enumerate(cell.lines) if k and (parse_theme(ln.text) or label_opening(ln.text))), None)
    return cell if k is None else replace(cell, lines=cell.lines[:k])


def _below_title(cell: Cell, beside: list[Cell]) -> Cell:
    """A header cell without its lines above the first line of every other cell of its row
    (``beside``), where with them it holds more words than a header may (``header_max_words``)
    and without them it does not: the document's title run into the header's cell, no gap
    between them ("Contrat de ville – Programmation des fiches actions" / "Description")."""
    if not beside:
        return cell
    start = min(c.lines[0].top for c in beside)
    k = next((k for k, ln in enumerate(cell.lines) if ln.top + ln.size > start), len(cell.lines))
    most = config.TABLE.header_max_words
    if 0 < k < len(cell.lines) and _words(cell.lines) > most >= _words(cell.lines[k:]):
        return replace(cell, lines=cell.lines[k:])
    return cell


def _words(lines: list[Line]) -> int:
    return sum(len(ln.text.split()) for ln in lines)


def _content_row(doc: Document, cells: list[Cell], top: int, end: int) -> int:
    """The first grid row from ``top`` holding a cell too long for a header or opening with a
    list marker (the top of a fiche's top-aligned text, above its centred number), else ``end``."""
    def content(text: str) -> bool:
        return len(text.split()) > config.TABLE.header_max_words or split_marker(text)[0] is not None

    return min((c.row0 for c in cells if top <= c.row0 < end and content(doc.flow([c]))), default=end)
