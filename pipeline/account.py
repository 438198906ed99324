"""The word account: a read document's rows and fiche drafts -> where each word of the PDF went.

Every word of every page is counted in exactly one part (``models.CompteMots``): a field of a
fiche, a theme (band, label or theme cell), a table header row, page furniture, text outside the
table (titles, prose, page numbers), an annex after the fiches, or *unread*: words the reader put
nowhere (a cell of no column, a band or theme cell that names no theme, text above the first
fiche on its page, words inside the table's frame but in no cell). Unread lines are returned
with their place, for a warning each and a flag on the fiches beside them.
"""

from __future__ import annotations

import typing
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from pipeline import config, models
from pipeline.geometry import Word, text_lines
from pipeline.text import Line, compact, fold
from pipeline.themes import column_labels, parse_theme

if TYPE_CHECKING:
    from pipeline.columns import Columns
    from pipeline.document import Cell, Document, Page
    from pipeline.fiches import Draft
    from pipeline.rows import Row

#: The part of the page each kind of row is, when it is not a fiche's.
ROW_PARTS = {"furniture": "mobilier", "header": "en_tete", "band": "theme", "annex": "annexe"}
#: Every part, in the model's order (``models.CompteMots``).
PARTS: tuple[str, ...] = typing.get_args(models.CompteMots.model_fields["partie"].annotation)


@dataclass(frozen=True)
class Unread:
    """A line of words the reader put nowhere."""

    page: int
    x0: float
    top: float
    text: str
    words: int


@dataclass(frozen=True)
class Placed:
    """A line read into a part other than a fiche's, with its box."""

    page: int
    part: str
    box: tuple[float, float, float, float]
    text: str


@dataclass
class Account:
    parts: Counter[str]
    unread: list[Unread]
    annex_numbers: list[str]  # fiche numbers printed in the annex (to say so)
    elsewhere: list[Placed]  # lines read into a part that is not a fiche (unread ones included)

    def rows(self, edition: str) -> list[dict]:
        """``CompteMots`` records, every part listed (0 included) in a fixed order."""
        return [{"edition": edition, "partie": part, "mots": self.parts[part]} for part in PARTS]

    def zones(self, edition: str) -> list[dict]:
        """``Zone`` records: where each line of each non-fiche part stands."""
        return [{"edition": edition, "page": z.page, "partie": z.part, "x0": z.box[0], "top": z.box[1],
                 "x1": z.box[2], "bottom": z.box[3], "texte": z.text} for z in self.elsewhere]


def _row_lines(row: "Row") -> Iterable[Line]:
    return (ln for cell in row.spanning + row.filled() for ln in cell.lines)


def _above_header(rows: list["Row"]) -> set[int]:
    """Indices of the rows above the table: above its first header row, or without one the bands
    naming no theme and the stray rows above its first theme band (a title printed right above a
    borderless table, alone or cut off the band it touched), when that comes before the first fiche."""
    for k, row in enumerate(rows):
        if row.kind == "fiche":
            return set()
        if row.kind == "header":
            return {j for j in range(k) if rows[j].page == row.page}
        if row.kind == "band" and parse_theme(row.reading_text()):
            return {j for j in range(k) if rows[j].page == row.page and rows[j].kind in ("band", "stray")}
    return set()


def placed_lines(doc: "Document", rows: list["Row"], drafts: list["Draft"], cols: "Columns") -> dict[int, str]:
    """id(line) -> the part it was read into, for every line the reader used."""
    placed: dict[int, str] = {}
    above = _above_header(rows)
    header_texts = {compact(cols.headers.get(col, "")) for col in cols.theme_cols}
    for k, row in enumerate(rows):
        part = ROW_PARTS.get(row.kind)
        if row.kind == "band" and parse_theme(row.reading_text()) is None and not row.ends_label:
            part = None  # a band that names no theme was read into nothing
        if part is None and k in above:
            part = "hors_tableau"  # the document's title, above the table's header row
        if part:
            placed.update((id(ln), part) for ln in _row_lines(row))
        placed.update((id(ln), ROW_PARTS["furniture"]) for ln in row.furniture)
        if part and (row.kind in ("header", "furniture") or k in above):
            # the header over a theme column, beside the rows; the title above the table, whole
            page = next(p for p in doc.pages if p.number == row.page)
            placed.update((id(ln), part) for cell in page.cells
                          if len(cell.cols) == 1 and cell.cols[0] in cols.theme_cols
                          and row.row0 <= cell.row0 and cell.row1 <= row.row1
                          for ln in cell.lines if k in above or compact(ln.text) in header_texts)
    for col in cols.theme_cols:  # the rest of a theme label that a page break cut
        _, continued = column_labels(doc.pages, col, rows, cols.headers.get(col, ""), doc.known)
        placed.update((id(ln), "theme") for cell in continued for ln in cell.lines if id(ln) not in placed)
    fields = {*cols.roles.values(), *cols.extra}
    for draft in drafts:
        for row in draft.rows:
            placed.update((id(ln), "fiche") for col, cells in row.cells.items() if col in fields
                          for cell in cells for ln in cell.lines)
    for page in doc.pages:
        placed.update((id(ln), "theme") for cell in page.cells
                      if len(cell.cols) == 1 and cell.cols[0] in cols.theme_cols and parse_theme(cell.text)
                      for ln in cell.lines)
    first = min((row.page for row in rows if row.kind == "fiche"), default=0)
    annex = min((row.page for row in rows if row.kind == "annex"), default=float("inf"))
    for page in doc.pages:  # what is left on the pages before the table and from its annex on
        part = "hors_tableau" if page.number < first else "annexe" if page.number >= annex else None
        if part:
            for cell in page.cells:
                placed.update((id(ln), part) for ln in cell.lines if id(ln) not in placed)
    return placed


def _frame(page: "Page") -> tuple[float, float, float, float] | None:
    """The box around a page's table cells."""
    if not page.cells:
        return None
    return (min(c.x0 for c in page.cells), min(c.top for c in page.cells),
            max(c.x1 for c in page.cells), max(c.bottom for c in page.cells))


def _inside(word: Word, frame: tuple[float, float, float, float] | None, runs_on: bool = False) -> bool:
    """True when the word lies inside the table's frame, or (``runs_on``: the table goes on over
    the next page) on the line right below it, less than its own height away across the frame's
    width: a cell's text that ran over the page's last row border (a label a page break cut),
    not text outside the table."""
    if frame is None or not frame[0] <= word.cx <= frame[2]:
        return False
    return frame[1] <= word.cy <= frame[3] or (runs_on and frame[3] < word.cy and word.top <= frame[3] + word.size)


def _overflow(page: "Page", words: list[Word], frame: tuple[float, float, float, float] | None) -> list[Word]:
    """Words right below the table, within one of its bottom cells' width, line after line
    without a line's gap: that cell's text run out of a row too short for it (a spreadsheet
    prints it past the row's bottom), not text outside the table."""
    if frame is None:
        return []
    bottom_cells = [c for c in page.cells if c.bottom >= frame[3] - config.EXTRACT.rule_snap]
    out: list[Word] = []
    for cell in bottom_cells:
        below, reach = frame[3], []
        for line in text_lines([w for w in words if cell.x0 <= w.x0 and w.x1 <= cell.x1 and w.cy > frame[3]]):
            if min(w.top for w in line) > below + max(w.size for w in line):
                break
            reach += line
            below = max(w.bottom for w in line)
        out += [w for w in reach if w not in out]
    return out


def account(doc: "Document", rows: list["Row"], drafts: list["Draft"], cols: "Columns") -> Account:
    """Where every word of the document went, and the lines read into nothing."""
    placed = placed_lines(doc, rows, drafts, cols)
    parts: Counter[str] = Counter()
    unread: list[Unread] = []
    elsewhere: list[Placed] = []
    last = max((page.number for page in doc.pages if page.cells), default=0)
    read_themes = {(fold(t.mot), t.printed) for d in drafts for t in (d.theme, *d.below) if t}
    for page in doc.pages:
        parts["theme"] += page.label_words
        frame, runs_on = _frame(page), page.number < last
        lost = [w for w in page.outside if _inside(w, frame, runs_on)]
        lost += _overflow(page, [w for w in page.outside if w not in lost], frame)
        for group in text_lines([w for w in page.outside if w not in lost]):
            parts["hors_tableau"] += len(group)
            elsewhere.append(Placed(page.number, "hors_tableau", _words_box(group), " ".join(w.text for w in group)))
        for group in text_lines(lost):
            text = " ".join(w.text for w in group)
            if _opens_read_theme(text, read_themes):  # a label's opening run over the page's last row
                parts["theme"] += len(group)
                elsewhere.append(Placed(page.number, "theme", _words_box(group), text))
                continue
            unread.append(Unread(page.number, group[0].x0, group[0].top, text, len(group)))
            elsewhere.append(Placed(page.number, "non_lu", _words_box(group), text))
        for cell in page.cells:
            for line in cell.lines:
                part = placed.get(id(line))
                box = _line_box(line, cell)
                if part:
                    parts[part] += line.words
                else:
                    unread.append(Unread(page.number, line.x0 or cell.x0, line.top, line.text, line.words))
                if part != "fiche":
                    elsewhere.append(Placed(page.number, part or "non_lu", box, line.text))
    parts["non_lu"] = sum(u.words for u in unread)
    return Account(parts, unread, [row.annex_number for row in rows if row.annex_number], elsewhere)


def _opens_read_theme(text: str, themes: set[tuple[str, str]]) -> bool:
    """True for a theme word and number alone ("Orientation 3.3 :") naming a theme the reading
    found (``themes``: folded word, number as printed)."""
    match = config.TABLE.theme_pattern.match(text)
    return match is not None and not match["libelle"] and (fold(match["mot"]), match["numero"]) in themes


def _words_box(words: list[Word]) -> tuple[float, float, float, float]:
    return min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words)


def _line_box(line: Line, cell: "Cell") -> tuple[float, float, float, float]:
    """A line's box (a rotated line, which keeps no x, is its cell's)."""
    if line.x1 <= line.x0:
        return cell.x0, cell.top, cell.x1, cell.bottom
    return line.x0, line.top, line.x1, line.top + line.size


def beside(unread: Unread, drafts: list["Draft"]) -> list[int]:
    """Indices of the drafts an unread line stands beside: the fiche whose rows on its page span
    its height, else the nearest fiche on its page, else the fiches before and after its page."""
    on_page = [(k, row) for k, d in enumerate(drafts) for row in d.rows if row.page == unread.page]
    spanning = sorted({k for k, row in on_page if row.top <= unread.top <= row.bottom})
    if spanning:
        return spanning
    if on_page:
        return [min(on_page, key=lambda kr: min(abs(kr[1].top - unread.top), abs(kr[1].bottom - unread.top)))[0]]
    before = [k for k, d in enumerate(drafts) if d.rows[0].page < unread.page]
    after = [k for k, d in enumerate(drafts) if d.rows[0].page > unread.page]
    return ([before[-1]] if before else []) + ([after[0]] if after else [])
