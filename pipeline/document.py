"""Fragments of an edition (page cells and words) -> one ``Document``: its pages' cells with
their printed lines, rotated theme labels rebuilt, the table's logical columns, and what every
text rule needs to know (word space, where each column wraps, where its bullets stand)."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Iterator

from pipeline import config, models
from pipeline.columns import logical_columns, place_cells
from pipeline.errors import TableError
from pipeline.geometry import Box, Word
from pipeline.overflow import overflow_moved, take_overflow
from pipeline.printed_lines import lines_of, word_gaps
from pipeline.text import (
    Line,
    Vocabulary,
    fold,
    items,
    join_lines,
    mark_spacing,
    paragraphs,
    split_marker,
    unmapped_glyphs,
    vocabulary,
)
from pipeline.themes import Label, Theme, join_cut_labels, names_another, parse_theme, rejoin, rotated_labels

if TYPE_CHECKING:
    import pandas as pd


@dataclass(eq=False)
class Cell:
    """A grid cell with its printed lines (the words themselves are not kept)."""

    page: int
    row0: int
    row1: int
    x0: float
    top: float
    x1: float
    bottom: float
    ruled: bool = True  # the column borders are drawn rules (else gutters read from the text)
    merged: bool = False  # spans several columns of its page's grid
    bottom_drawn: bool = False  # its bottom border is drawn (a rule, a shaded row's edge), not read from a gap
    cols: tuple[int, ...] = ()  # logical columns covered
    lines: list[Line] = field(default_factory=list)
    text_top: float = float("inf")  # top of its first word

    @cached_property
    def text(self) -> str:
        """The cell's words, wrapped lines joined (for classifying and labels; fields use ``Document``)."""
        return join_lines(line.text for line in self.lines).strip()

    @property
    def text_right(self) -> float:
        """The right border less the cell's padding (taken equal to its left one)."""
        return self.x1 - max(0.0, min((ln.x0 - self.x0 for ln in self.lines), default=0.0))


@dataclass
class Page:
    number: int
    cells: list[Cell]
    labels: list[tuple[Label, Theme | None]]
    outside: list[Word] = field(default_factory=list)  # words in no cell nor theme label
    label_words: int = 0  # words of its theme labels
    fonts_unmapped: dict[str, int] = field(default_factory=dict)  # font -> words with glyphs without Unicode
    word_gaps: list[float] = field(default_factory=list)  # gaps between words of its lines that may be spaces
    body: tuple[float, float] = (0.0, 0.0)  # top and bottom of its upright words
    #: Rotated text running past ``body`` that reads as no theme: a part of a label a page break cut.
    pieces: list[Label] = field(default_factory=list)
    shades: list[Box] = field(default_factory=list)  # its shaded backgrounds (filled rectangles)


@dataclass
class Document:
    """The pages of an edition with what every text rule needs to know about them."""

    pages: list[Page]
    bounds: list[float]  # logical column boundaries
    space: float = 2.5  # width of a word space
    limits: dict[int, float] = field(default_factory=dict)  # per column: where word wrap breaks
    bullet_x: dict[int, float] = field(default_factory=dict)  # per column: where first-level bullets stand
    known: Vocabulary = field(default_factory=Vocabulary)  # the words the document prints whole (``text.vocabulary``)
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)  # closing marks glued, apart (``text.mark_spacing``)

    @property
    def n_cols(self) -> int:
        return len(self.bounds) - 1

    def lines(self, cells: list[Cell]) -> list[Line]:
        """Lines of successive cells of one field, each knowing where its column wraps: the
        furthest line end seen in the column, within the cell's border less its padding (a
        gutter read from the text says nothing of the border: there the furthest end is all)."""
        out: list[Line] = []
        for cell in cells:
            border = cell.text_right
            limit = min(self.limits.get(cell.cols[0], border) if cell.cols else border, border)
            edge = border if cell.ruled else limit
            out += [replace(ln, limit=limit, edge=edge) for ln in cell.lines]
        return out

    def paragraphs(self, cells: list[Cell]) -> list[str]:
        return paragraphs(self.lines(cells), self.space, self.known)

    def flow(self, cells: list[Cell]) -> str:
        """The cells' text as one paragraph: typed breaks and wraps both become spaces."""
        return " ".join(self.paragraphs(cells))

    def items(self, cells: list[Cell]) -> list[tuple[int, str]]:
        bullet_x = self.bullet_x.get(cells[0].cols[0]) if cells and cells[0].cols else None
        return items(self.lines(cells), self.space, bullet_x, self.known)


def _word(r: dict) -> Word:
    return Word(r["x0"], r["top"], r["x1"], r["bottom"], r["text"], r["direction"], r["size"], r["first_char_width"],
                space=r["space_width"], invisible=r["invisible"], overprinted=r["overprinted"])


def _label_theme(label: Label) -> Theme | None:
    """The theme a rotated label reads as, marked estimated where its glyphs overlap others or
    its text opens another label (two labels overflowing their short cells, read as one)."""
    theme = parse_theme(label.text)
    if theme and (any(w.overprinted for w in label.words) or names_another(theme)):
        return replace(theme, estimated=True)
    return theme


def read_page(records: list[dict]) -> Page:
    """One page's cells with their lines, and its rotated labels rebuilt."""
    number = records[0]["page"]
    cells = {(r["row0"], r["col0"]): Cell(number, r["row0"], r["row1"], r["x0"], r["top"], r["x1"], r["bottom"],
                                          r["ruled_cols"], r["col1"] - r["col0"] > 1, r["bottom_drawn"])
             for r in records if r["kind"] == "cell"}
    words = [(r, _word(r)) for r in records if r["kind"] == "word"]
    borders = [(c.bottom, c.x0, c.x1) for c in cells.values() if c.bottom_drawn]
    parsed = [(label, _label_theme(label)) for label in rotated_labels([w for _, w in words if w.direction != "ltr"], borders)]
    upright = [w for _, w in words if w.direction == "ltr"]
    # A page without upright text has an empty body: its rotated text all runs past it (a label
    # longer than its cell, which a browser prints on past the table's end, over a page break).
    body = (min(w.top for w in upright), max(w.bottom for w in upright)) if upright else (math.inf, -math.inf)
    pieces = [label for label, theme in parsed if theme is None and (label.top < body[0] or label.bottom > body[1])]
    in_labels = {id(w) for label, theme in parsed if theme for w in label.words}
    in_pieces = {id(w) for label in pieces for w in label.words}
    by_cell: dict[tuple[int, int], list[Word]] = defaultdict(list)
    outside = []
    for r, w in words:
        if id(w) in in_labels or id(w) in in_pieces:
            continue
        if r["in_table"]:
            by_cell[(r["row0"], r["col0"])].append(w)
        else:
            outside.append(w)
    for k, cell_words in by_cell.items():
        cells[k].lines = lines_of(cell_words, number)
        cells[k].text_top = min(w.top for w in cell_words)
    overflow_moved(cells)
    gaps = [gap for cell_words in by_cell.values() for gap in word_gaps(cell_words)]
    labels = [(replace(label, words=()), theme) for label, theme in parsed if all(label is not p for p in pieces)]
    unmapped = Counter(r["font"].split("+")[-1] for r, _ in words if unmapped_glyphs(r["text"]))
    shades = [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in records if r["kind"] == "shade"]
    return Page(number, sorted(cells.values(), key=lambda c: (c.row0, c.x0)), labels, outside, len(in_labels),
                dict(unmapped), gaps, body, pieces, shades)


def page_records(fragments: "pd.DataFrame | Iterable[list[dict]]") -> Iterator[list[dict]]:
    """Fragment records page by page, from a table of fragments or a stream of pages."""
    if hasattr(fragments, "columns"):  # a DataFrame (pandas is imported only by callers using one)
        records = models.records(fragments, models.Fragment)
        by_page: dict[int, list[dict]] = defaultdict(list)
        for r in records:
            by_page[r["page"]].append(r)
        yield from (by_page[n] for n in sorted(by_page))
    else:
        yield from (page for page in fragments if page)


def joined_cells(cells: list[Cell]) -> list[Cell]:
    """Cells of one page row that its gutters set apart within one logical column (list markers
    a browser drew as shapes, standing in a column of their own left of their items' text) as
    one cell: its lines side by side at one height joined left to right."""
    groups: dict[tuple[int, int, tuple[int, ...]], list[Cell]] = defaultdict(list)
    for cell in cells:
        groups[(cell.row0, cell.row1, cell.cols)].append(cell)
    out = []
    for (_, _, cols), group in groups.items():
        if len(cols) != 1 or len(group) < 2 or any(c.ruled for c in group):
            out += group
            continue
        group.sort(key=lambda c: c.x0)
        lines = sorted((ln for c in group for ln in c.lines), key=lambda ln: (ln.top, ln.x0))
        merged = replace(group[0], x1=group[-1].x1, lines=_side_by_side(lines))
        merged.text_top = min((ln.top for ln in merged.lines), default=float("inf"))
        out.append(merged)
    return sorted(out, key=lambda c: (c.row0, c.x0))


def _side_by_side(lines: list[Line]) -> list[Line]:
    """Lines (by height, then left to right) with those at one height joined into one."""
    out: list[Line] = []
    for line in lines:
        last = out[-1] if out else None
        if last is not None and abs(line.top - last.top) <= config.EXTRACT.line_tolerance and line.x0 >= last.x1:
            out[-1] = replace(last, text=f"{last.text} {line.text}", x1=line.x1, words=last.words + line.words,
                              invisible=last.invisible or line.invisible, overprinted=last.overprinted or line.overprinted,
                              breaks=())
        else:
            out.append(line)
    return out


def column_lines(pages: list[Page]) -> Iterator[tuple[int, Line]]:
    """(logical column, line) for every line of a cell within one column."""
    for page in pages:
        for cell in page.cells:
            if len(cell.cols) == 1:
                for line in cell.lines:
                    yield cell.cols[0], line


def wrap_limits(pages: list[Page], bounds: list[float]) -> dict[int, float]:
    """Per logical column, the right edge where word wrap breaks lines: the furthest line end
    seen in the column (``Document.lines`` never lets it pass a cell's border and padding),
    leaving out the lines that overflow it (``Line.overflows``: a word run past its cell says
    nothing of where the column wraps), those a page's gutter cut from the text running on
    beside them (a title over the table cut at a word space) and those of a band over the table
    whose short text lies within one column (a cell spanning half of another column or more, or
    a theme label alone in its grid row: the band's cell, with its own paddings, cut by gutters;
    in a borderless table, a band's line read into a column's cell: office seed 4119)."""
    ends: dict[int, float] = {}
    for page in pages:
        starts = [line for cell in page.cells for line in cell.lines]
        alone = Counter(cell.row0 for cell in page.cells if cell.lines)
        for cell in page.cells:
            band = alone[cell.row0] == 1 and bool(cell.lines) and parse_theme(cell.lines[0].text) is not None
            if len(cell.cols) != 1 or band or _spans_another(cell, bounds):
                continue
            for line in cell.lines:
                if not line.overflows and not _runs_on(line, starts) and not _band_line(line, cell):
                    ends[cell.cols[0]] = max(ends.get(cell.cols[0], line.x1), line.x1)
    return ends


def _band_line(line: Line, cell: Cell) -> bool:
    """True for a theme label's line read into a column's cell of a borderless table: the band
    spans the table, and its short text wraps, if at all, at the table's edge."""
    return not cell.ruled and parse_theme(line.text) is not None


def _spans_another(cell: Cell, bounds: list[float]) -> bool:
    """True when a cell of one logical column covers half of another column or more."""
    return any(min(cell.x1, b) - max(cell.x0, a) >= config.LAYOUT.cover_share * (b - a)
               for k, (a, b) in enumerate(zip(bounds, bounds[1:])) if k not in cell.cols)


def _runs_on(line: Line, others: list[Line]) -> bool:
    """True when another line starts on ``line``'s baseline no further than a word space past its end."""
    reach = config.LAYOUT.chunk_gap_em * line.size
    return any(abs(o.top - line.top) <= config.EXTRACT.line_tolerance and 0 <= o.x0 - line.x1 <= reach for o in others)


def bullet_positions(pages: list[Page]) -> dict[int, float]:
    """Per logical column, where its leftmost bullets stand: the first level of its lists."""
    where: dict[int, float] = {}
    for col, line in column_lines(pages):
        if split_marker(line.text)[0] is not None:
            where[col] = min(where.get(col, line.x0), line.x0)
    return where


def read_document(fragments: "pd.DataFrame | Iterable[list[dict]]") -> Document:
    """The document's pages read one at a time, its columns, word space and wrap limits."""
    pages = [read_page(records) for records in page_records(fragments)]
    if not pages:
        raise TableError("le document n'a aucune page")
    for before, page in zip([None, *pages], pages):
        take_overflow(page, before)
    join_cut_labels(pages)
    bounds = logical_columns(pages)
    place_cells(pages, bounds)
    for page in pages:
        page.cells = joined_cells(page.cells)
    sizes = [line.size for page in pages for cell in page.cells for line in cell.lines if line.size]
    gaps = [gap for page in pages for gap in page.word_gaps]
    space = statistics.median(gaps) if gaps else config.EXTRACT.default_space_em * (statistics.median(sizes) if sizes else 10.0)
    doc = Document(pages, bounds, space, wrap_limits(pages, bounds), bullet_positions(pages))
    doc.known = vocabulary(doc.lines([cell]) for page in pages for cell in page.cells)
    doc.marks = mark_spacing(cell.lines for page in pages for cell in page.cells)
    if any(len(label.lines) > 1 for page in pages for label, theme in page.labels if theme):
        whole = {fold(w) for w in doc.known}
        printed = {fold(w) for w in {w for page in pages for cell in page.cells for line in cell.lines
                                     for w in line.text.split()}}
        for page in pages:  # theme labels read again, their cut words made whole
            page.labels = [(made, _reparsed(made.text, theme, doubt)) if theme else (label, None)
                           for label, theme in page.labels for made, doubt in [rejoin(label, printed, whole)]]
    return doc


def _reparsed(text: str, before: Theme, doubt: bool) -> Theme | None:
    """The theme of a label's text read again, still marked estimated if it was, or if ``doubt``."""
    theme = parse_theme(text)
    return replace(theme, estimated=before.estimated or doubt) if theme else None


def unreadable(doc: Document) -> None:
    """Refuse a document most of whose words have glyphs without Unicode (fonts embedded without
    their Unicode table): read, it would publish "(cid:12)" for text."""
    words = sum(p.label_words + len(p.outside) + sum(ln.words for c in p.cells for ln in c.lines) for p in doc.pages)
    unmapped = sum(n for page in doc.pages for n in page.fonts_unmapped.values())
    if words and unmapped >= config.CHECKS.unmapped_share * words:
        fonts = sorted({font for page in doc.pages for font in page.fonts_unmapped})
        raise TableError(f"texte illisible : {unmapped} mots sur {words} ont des caractères sans correspondance "
                         f"Unicode (polices {', '.join(fonts[:5])})",
                         "réexportez le PDF en incorporant les polices avec leur table Unicode, ou passez-le à l'OCR")
