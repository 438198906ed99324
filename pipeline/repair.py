"""Repair stage: page grids of fragments -> one clean record per fiche action.

Steps, each a function below:
1. ``read_document``: cells and words per page, rotated text rebuilt into labels (``themes``),
   one set of columns for the whole document, the width of a space and where each column wraps.
2. ``assign_roles``: which column is the number, title, objectives, mark, pilot, theme or an
   extra column, from the header row when it names them and from the content otherwise.
3. ``row_groups``: per page, table rows (a number cell spanning several grid rows is one row).
4. ``classify``: page furniture (repeated running titles, repeated headers, stale bands), header
   rows, theme bands, fiche rows and continuations of a fiche cut by a page break.
5. ``drafts`` and ``build_fiche``: each fiche's rows and theme, then its fields assembled from
   the cells' lines with the text rules of ``text``.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from pipeline import config, models, numbering
from pipeline.account import account
from pipeline.layout import Word, cluster, text_lines
from pipeline.plausible import not_a_fiche_table
from pipeline.text import (
    Line,
    break_unit_width,
    compact,
    fold,
    items,
    mark_spacing,
    paragraphs,
    remove_residue,
    separator,
    split_marker,
    unmapped_glyphs,
    vocabulary,
)
from pipeline.themes import (
    TABLE_ROWS,
    Label,
    Levels,
    Theme,
    column_labels,
    label_parts,
    parse_theme,
    rejoin,
    rotated_labels,
)
from pipeline.verifications import verify

if TYPE_CHECKING:
    import pandas as pd


class TableError(ValueError):
    """The document holds no usable fiche table (the CLI names the file); ``action``: what to do,
    when it is not the general advice."""

    def __init__(self, message: str, action: str | None = None):
        super().__init__(message)
        self.action = action


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
    cols: tuple[int, ...] = ()  # logical columns covered
    lines: list[Line] = field(default_factory=list)
    text_top: float = float("inf")  # top of its first word

    @cached_property
    def text(self) -> str:
        """The cell's words, lines joined by spaces (for classifying; fields use ``Document``)."""
        return " ".join(line.text for line in self.lines).strip()

    @property
    def text_right(self) -> float:
        """The right border less the cell's padding (taken equal to its left one)."""
        return self.x1 - max(0.0, min((ln.x0 - self.x0 for ln in self.lines), default=0.0))


def lines_of(words: list[Word], page: int, gaps: list[float]) -> list[Line]:
    """The printed lines of a cell's words, top to bottom (rotated words read as one more line);
    the gaps between words on a line are added to ``gaps`` (to measure the document's word space)."""
    lines = []
    for group in text_lines(words):
        gaps += [b.x0 - a.x1 for a, b in zip(group, group[1:]) if 0.1 * b.size < b.x0 - a.x1 < b.size]
        text = group[0].text
        for prev, word in zip(group, group[1:]):
            text += (" " if word.x0 - prev.x1 > 0.1 * word.size else "") + word.text
        unit = break_unit_width([(w.text, w.x0, w.x1) for w in group])
        size = statistics.median(w.size for w in group)
        lines.append(Line(text, group[0].x0, group[-1].x1, unit, group[0].first_char_width, size=size, page=page,
                          top=min(w.top for w in group), words=len(group), invisible=any(w.invisible for w in group)))
    rotated = [w for w in words if w.direction != "ltr"]
    if rotated:
        lines.append(Line(" ".join(w.text for w in rotated), 0, 0, 0, 0, page=page, top=min(w.top for w in rotated),
                          words=len(rotated), invisible=any(w.invisible for w in rotated)))
    return lines


@dataclass
class Page:
    number: int
    cells: list[Cell]
    labels: list[tuple[Label, Theme | None]]
    outside: list[Word] = field(default_factory=list)  # words in no cell nor theme label
    label_words: int = 0  # words of its theme labels
    fonts_unmapped: dict[str, int] = field(default_factory=dict)  # font -> words with glyphs without Unicode


@dataclass
class Row:
    """A table row on one page: its cells by logical column."""

    page: int
    row0: int
    row1: int
    top: float = 0.0
    bottom: float = 0.0
    cells: dict[int, list[Cell]] = field(default_factory=dict)
    spanning: list[Cell] = field(default_factory=list)  # one cell over several columns (a band)
    kind: str = ""
    estimated: bool = False  # cut from a row holding several numbers by an estimate (no rule, no gap)
    annex_number: str = ""  # the fiche number a row of an annex prints

    def text(self, col: int | None) -> str:
        return " ".join(c.text for c in self.cells.get(col, [])).strip() if col is not None else ""

    def filled(self) -> list[Cell]:
        return [c for cells in self.cells.values() for c in cells if c.lines]

    def text_top(self) -> float:
        """Where the row's first line of text starts (rows split at gaps have moving borders)."""
        return min((c.text_top for c in self.filled() + self.spanning if c.lines), default=self.top)

    def reading_text(self) -> str:
        """The row's text line by line, left to right, however the grid cut it into cells."""
        lines = sorted((round(ln.top / config.LINE_TOLERANCE), ln.x0, ln.text)
                       for c in self.spanning + self.filled() for ln in c.lines)
        return " ".join(text for _, _, text in lines)

    def signature(self) -> str:
        """The row's text with digits masked: equal on pages repeating the same furniture."""
        return re.sub(r"\d+", "#", self.reading_text())


@dataclass
class Columns:
    """Roles of the logical columns: role -> column index, plus headers of the others."""

    roles: dict[str, int]
    theme: int | None
    headers: dict[int, str]
    extra: list[int]
    sub_theme: int | None = None  # a second column of theme cells, the level under ``theme``

    @property
    def theme_cols(self) -> tuple[int, ...]:
        """The columns of theme cells, which run beside the fiche rows rather than in them."""
        return tuple(c for c in (self.theme, self.sub_theme) if c is not None)


@dataclass
class Document:
    """The pages of an edition with what every text rule needs to know about them."""

    pages: list[Page]
    bounds: list[float]  # logical column boundaries
    space: float = 2.5  # width of a word space
    limits: dict[int, float] = field(default_factory=dict)  # per column: where word wrap breaks
    bullet_x: dict[int, float] = field(default_factory=dict)  # per column: where first-level bullets stand
    known: frozenset[str] = frozenset()  # the words the document prints whole (``text.vocabulary``)
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


# --- 1. document ----------------------------------------------------------------------------------


def _word(r: dict) -> Word:
    return Word(r["x0"], r["top"], r["x1"], r["bottom"], r["text"], r["direction"], r["size"], r["first_char_width"],
                invisible=r["invisible"])


def read_page(records: list[dict], gaps: list[float]) -> Page:
    """One page's cells with their lines, and its rotated labels rebuilt; the gaps between words
    on a line are added to ``gaps`` (to measure the document's word space)."""
    number = records[0]["page"]
    cells = {(r["row0"], r["col0"]): Cell(number, r["row0"], r["row1"], r["x0"], r["top"], r["x1"], r["bottom"],
                                          r["ruled_cols"], r["col1"] - r["col0"] > 1)
             for r in records if r["kind"] == "cell"}
    words = [(r, _word(r)) for r in records if r["kind"] == "word"]
    parsed = [(label, parse_theme(label.text)) for label in rotated_labels([w for _, w in words if w.direction != "ltr"])]
    in_labels = {id(w) for label, theme in parsed if theme for w in label.words}
    by_cell: dict[tuple[int, int], list[Word]] = defaultdict(list)
    outside = []
    for r, w in words:
        if id(w) in in_labels:
            continue
        if r["in_table"]:
            by_cell[(r["row0"], r["col0"])].append(w)
        else:
            outside.append(w)
    for k, cell_words in by_cell.items():
        cells[k].lines = lines_of(cell_words, number, gaps)
        cells[k].text_top = min(w.top for w in cell_words)
    labels = [(replace(label, words=()), theme) for label, theme in parsed]
    unmapped = Counter(r["font"].split("+")[-1] for r, _ in words if unmapped_glyphs(r["text"]))
    return Page(number, sorted(cells.values(), key=lambda c: (c.row0, c.x0)), labels, outside, len(in_labels),
                dict(unmapped))


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


def logical_columns(pages: list[Page]) -> list[float]:
    """Column boundaries shared by the table's pages, median positions. Pages are grouped by
    their number of column boundaries: the table's group is the one whose pages hold the most
    distinct fiche numbers in one column (prose before the table and other tables after it lay
    their pages out otherwise), the most common one among equals."""
    groups: dict[int, list[tuple[Page, list[list[float]]]]] = defaultdict(list)
    for page in pages:
        xs = sorted({round(c.x0, 1) for c in page.cells} | {round(c.x1, 1) for c in page.cells})
        layout = cluster(xs, key=float, tolerance=config.RULE_SNAP)
        if layout:
            groups[len(layout)].append((page, layout))
    if not groups:
        raise TableError("aucun tableau sur aucune page")

    def bounds(n: int) -> list[float]:
        return [statistics.median(statistics.median(x[k]) for _, x in groups[n]) for k in range(n)]

    def numbers(n: int) -> int:
        group = [page for page, _ in groups[n]]
        place_cells(group, bounds(n))
        texts = _column_texts(group, by_entry=True)
        col = find_numero_column(texts)
        return len({numero_of(t) for t in texts[col] if _is_numero(t)}) if col is not None else 0

    return bounds(max(groups, key=lambda n: (numbers(n), len(groups[n]))))


def place_cells(pages: list[Page], bounds: list[float]) -> None:
    """Give every cell the logical columns it covers (at least half of a column's width). A cell
    of one page column without drawn borders covers the columns its text does: a column left
    empty on a page has no gutter there, and its neighbour's cell reaches over it."""
    for page in pages:
        for cell in page.cells:
            upright = [ln for ln in cell.lines if ln.x1 > ln.x0]
            x0, x1 = (cell.x0, cell.x1) if cell.ruled or cell.merged or not upright else (
                min(ln.x0 for ln in upright), max(ln.x1 for ln in upright))
            covered = []
            for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
                overlap = min(b, x1) - max(a, x0)
                if overlap >= 0.5 * (b - a) or overlap >= 0.5 * (x1 - x0):
                    covered.append(k)
            cell.cols = tuple(covered)


def column_lines(pages: list[Page]) -> Iterator[tuple[int, Line]]:
    """(logical column, line) for every line of a cell within one column."""
    for page in pages:
        for cell in page.cells:
            if len(cell.cols) == 1:
                for line in cell.lines:
                    yield cell.cols[0], line


def wrap_limits(pages: list[Page]) -> dict[int, float]:
    """Per logical column, the right edge where word wrap breaks lines: the furthest line end
    seen in the column (``Document.lines`` never lets it pass a cell's border and padding)."""
    ends: dict[int, float] = {}
    for col, line in column_lines(pages):
        ends[col] = max(ends.get(col, line.x1), line.x1)
    return ends


def bullet_positions(pages: list[Page]) -> dict[int, float]:
    """Per logical column, where its leftmost bullets stand: the first level of its lists."""
    where: dict[int, float] = {}
    for col, line in column_lines(pages):
        if split_marker(line.text)[0] is not None:
            where[col] = min(where.get(col, line.x0), line.x0)
    return where


def read_document(fragments: "pd.DataFrame | Iterable[list[dict]]") -> Document:
    """The document's pages read one at a time, its columns, word space and wrap limits."""
    gaps: list[float] = []
    pages = [read_page(records, gaps) for records in page_records(fragments)]
    if not pages:
        raise TableError("le document n'a aucune page")
    bounds = logical_columns(pages)
    place_cells(pages, bounds)
    sizes = [line.size for page in pages for cell in page.cells for line in cell.lines if line.size]
    space = statistics.median(gaps) if gaps else 0.25 * (statistics.median(sizes) if sizes else 10.0)
    doc = Document(pages, bounds, space, wrap_limits(pages), bullet_positions(pages))
    doc.known = vocabulary(doc.lines([cell]) for page in pages for cell in page.cells)
    doc.marks = mark_spacing(cell.lines for page in pages for cell in page.cells)
    if any(len(label.lines) > 1 for page in pages for label, theme in page.labels if theme):
        whole = {fold(w) for w in doc.known}
        printed = {fold(w) for w in {w for page in pages for cell in page.cells for line in cell.lines
                                     for w in line.text.split()}}
        for page in pages:  # theme labels read again, their cut words made whole
            page.labels = [(rejoined, parse_theme(rejoined.text)) if theme else (label, None)
                           for label, theme in page.labels for rejoined in [rejoin(label, printed, whole)]]
    return doc


# --- 2. roles -------------------------------------------------------------------------------------


def numero_of(text: str) -> str:
    """The fiche number a number cell prints, without the words before it ("Fiche n° 1.1") or
    the dot or bracket after it ("1.1.", "4)")."""
    return config.NUMERO_PREFIX.sub("", text.strip()).rstrip(".)")


def _is_numero(text: str) -> bool:
    text = numero_of(text)
    return bool(config.NUMERO_PATTERN.match(text.replace(" ", "") if len(text) < 12 else text))


def _variant_numero(text: str) -> bool:
    """A short number cell with a digit that is no fiche number: a number in a variant form."""
    text = numero_of(text)
    return 0 < len(text) <= config.VARIANT_NUMERO_MAX and bool(re.search(r"\d", text)) and not _is_numero(text)


def entries(cell: Cell) -> list[tuple[float, str]]:
    """(top, text) of each line of a cell, a number cut at the cell's edge ("13.1" / "0") joined
    to its end, and words wrapped before a number ("Fiche n°" / "1.1") to it: the entries of a
    cell that may hold several fiches' numbers run together."""
    lines = [replace(ln, edge=cell.text_right) for ln in cell.lines]
    out: list[tuple[float, str]] = []
    for k, line in enumerate(lines):
        joined = out[-1][1] + line.text if out else ""
        cut = k and separator(lines[k - 1], line, 0.0) == "" and len(line.text) < len(out[-1][1])
        if cut and _is_numero(joined):  # the end of a cut number is shorter than its start
            out[-1] = (out[-1][0], joined)
        elif out and not re.search(r"\d", out[-1][1]) and _is_numero(f"{out[-1][1]} {line.text}"):
            out[-1] = (out[-1][0], f"{out[-1][1]} {line.text}")
        else:
            out.append((line.top, line.text))
    return out


def _column_texts(pages: list[Page], by_entry: bool = False) -> dict[int, list[str]]:
    """Texts of each column's cells (or of their entries)."""
    texts: dict[int, list[str]] = defaultdict(list)
    for page in pages:
        for cell in page.cells:
            if len(cell.cols) == 1 and cell.lines:
                texts[cell.cols[0]] += [text for _, text in entries(cell)] if by_entry else [cell.text]
    return texts


def find_numero_column(texts: dict[int, list[str]]) -> int | None:
    """The column holding the most distinct fiche numbers, entry by entry (and mostly numbers)."""
    best, best_score = None, 0
    for col, values in texts.items():
        matching = [v for v in values if _is_numero(v)]
        if len(matching) < 2 or len(matching) < config.NUMERO_COLUMN_SHARE * len(values):
            continue
        if len(set(matching)) < config.NUMERO_COLUMN_SHARE * len(matching):
            continue
        if len(set(matching)) > best_score:
            best, best_score = col, len(set(matching))
    return best


def role_of_header(text: str) -> str | None:
    """The role a header names, trying it as printed and with line breaks removed ("AA P")."""
    folded = fold(text)
    for role, pattern in config.HEADER_PATTERNS.items():
        if any(re.search(pattern, form) for form in (folded, folded.replace(" ", ""))):
            return role
    return None


def header_texts(doc: Document, numero_col: int) -> dict[int, str]:
    """Header text per column: cells above the first numbered row of the first page that has a
    row naming at least two roles."""
    for page in doc.pages:
        first = min((c.row0 for c in page.cells
                     if c.cols == (numero_col,) and any(_is_numero(ln.text) for ln in c.lines)), default=None)
        if first is None:
            continue
        above = [c for c in page.cells if c.row1 <= first and c.lines and len(c.cols) == 1]
        texts = {c.cols[0]: doc.flow([c]) for c in above}
        if sum(1 for t in texts.values() if role_of_header(t)) >= 2 and all(len(t.split()) <= 8 for t in texts.values()):
            return texts
    return {}


def _mark_like(values: list[str]) -> bool:
    """True when every value is a mark ("Oui", "X", "Non", a short sign) or marks ("Oui Oui",
    where a row holds two fiches)."""
    def mark(word: str) -> bool:
        return word in config.YES_MARKS or word in config.NO_MARKS

    folded = [fold(v) for v in values if v.strip()]
    return bool(folded) and all(mark(v) or len(v) <= 3 or all(mark(w) for w in v.split()) for v in folded)


def _theme_column(doc: Document, texts: dict[int, list[str]]) -> int | None:
    """The column holding theme labels printed as rotated text, if the grid gives them one: a
    column with nothing else in it (without rules, rotated text has no column of its own and
    ``themes_by_centres`` places the labels)."""
    votes: Counter[int] = Counter()
    for page in doc.pages:
        for label, theme in page.labels:
            for k, (a, b) in enumerate(zip(doc.bounds, doc.bounds[1:])):
                if theme and a <= label.cx < b and all(parse_theme(t) for t in texts.get(k, [])):
                    votes[k] += 1
    return votes.most_common(1)[0][0] if votes else None


def assign_roles(doc: Document) -> Columns:
    """Column roles from the header when it names them, from the content otherwise."""
    texts = _column_texts(doc.pages)
    numero = find_numero_column(_column_texts(doc.pages, by_entry=True))
    if numero is None:
        raise TableError("aucune colonne de numéros de fiche (comme 1.1, 1.2 …)")
    headers = header_texts(doc, numero)
    _move_lone_headers(headers, texts)
    roles: dict[str, int] = {"numero": numero}
    theme = _theme_column(doc, texts)
    for col in sorted(headers):
        role = role_of_header(headers[col])
        if role == "theme" and theme is None:
            theme = col
        elif role and role != "theme" and role not in roles and col not in roles.values() and col != theme:
            roles[role] = col
    free = [c for c in range(doc.n_cols) if c not in roles.values() and c != theme and texts.get(c)]
    keys = {c: compact(headers.get(c, "")) for c in free}
    body = {c: [t for t in texts[c] if compact(t) != keys[c]] or texts[c] for c in free}
    sub = next((c for c in free if theme is not None and all(parse_theme(t) for t in body[c])), None)
    free = [c for c in free if c != sub]
    _content_roles(roles, sorted(free, key=lambda c: bool(headers.get(c, "").strip())), body)
    return Columns(roles, theme, headers, [c for c in free if c not in roles.values()], sub)


def _move_lone_headers(headers: dict[int, str], texts: dict[int, list[str]]) -> None:
    """A header over nothing but itself belongs to the neighbouring column that has text and no
    header: without rules, a header centred over short lines stands apart as a column of its own."""
    for col, head in list(headers.items()):
        key = compact(head)
        if not head.strip() or any(compact(t) != key for t in texts.get(col, [])):
            continue
        for side in (col - 1, col + 1):
            if not headers.get(side, "").strip() and any(compact(t) != key for t in texts.get(side, [])):
                headers[side] = headers.pop(col)
                break


def _content_roles(roles: dict[str, int], free: list[int], texts: dict[int, list[str]]) -> None:
    """Fill the roles no header named, from what the columns hold (blank-header columns first):
    marks, then the wordiest column (objectives), the most distinct one (titles), and the one
    most written in names (pilots; a column of repeated amounts or indicators is not)."""
    def take(role: str, col: int) -> None:
        roles[role] = col
        free.remove(col)

    if "appel_a_projets" not in roles:
        marks = [c for c in free if _mark_like(texts[c])]
        if marks:
            take("appel_a_projets", marks[0])
    words = {c: statistics.mean(len(t.split()) for t in texts[c]) for c in free}
    if "objectifs" not in roles and free:
        take("objectifs", max(free, key=lambda c: words[c]))
    distinct = {c: len(set(texts[c])) / len(texts[c]) for c in free}
    if "intitule" not in roles and free:
        take("intitule", max(free, key=lambda c: (round(distinct[c], 1), words[c])))
    if "pilote" not in roles and free:
        names = {c: _capitalised_share(texts[c]) for c in free}
        take("pilote", max(free, key=lambda c: (round(names[c], 1), -round(distinct[c], 1), -words[c])))


def _capitalised_share(texts: list[str]) -> float:
    """Share of a column's words that start with a capital: high for organisation names
    ("Métropole, Etat (DDCS)"), low for prose, amounts and indicators."""
    words = [w for text in texts for w in text.split() if re.search(r"[^\W\d_]", w)]
    return sum(1 for w in words if w[0].isupper()) / len(words) if words else 0.0


# --- 3. rows --------------------------------------------------------------------------------------


def row_groups(page: Page, cols: Columns) -> list[Row]:
    """Table rows of a page: grid rows, joined where one number cell spans several."""
    numero = cols.roles["numero"]
    n_rows = max((c.row1 for c in page.cells), default=0)
    start_of = list(range(n_rows))
    for cell in page.cells:
        if cell.cols == (numero,) and cell.row1 - cell.row0 > 1:
            for r in range(cell.row0, cell.row1):
                start_of[r] = start_of[cell.row0]
    rows: dict[int, Row] = {}
    for r in range(n_rows):
        rows.setdefault(start_of[r], Row(page.number, start_of[r], r + 1)).row1 = r + 1
    ordered = sorted(rows.values(), key=lambda row: row.row0)
    for cell in page.cells:
        if len(cell.cols) == 1 and cell.cols[0] in cols.theme_cols:
            continue
        for row in ordered:
            if row.row0 < cell.row1 and cell.row0 < row.row1:
                if len(cell.cols) > 1 and numero in cell.cols:
                    row.spanning.append(cell)
                elif cell.cols:
                    row.cells.setdefault(cell.cols[0], []).append(cell)
    for row in ordered:
        row.top = min((c.top for c in page.cells if c.row0 == row.row0), default=0.0)
        row.bottom = max((c.bottom for c in page.cells if c.row1 == row.row1), default=row.top)
    return ordered


def number_tops(row: Row, numero: int) -> list[float]:
    """Where each fiche number of a row starts."""
    return sorted(top for cell in row.cells.get(numero, []) for top, text in entries(cell) if _is_numero(text))


def numbers_start_rows(rows: list[Row], numero: int) -> bool:
    """True when rows that hold several fiche numbers are top-aligned fiches run together (a
    borderless table whose rows touch): each number after the first has, in most other columns,
    a line starting at its height. Tables whose rows are all set apart never need cutting."""
    votes = []
    for row in rows:
        numbers = number_tops(row, numero)
        others = [[ln.top for c in cells for ln in c.lines] for col, cells in row.cells.items() if col != numero]
        others = [tops for tops in others if tops]
        for top in numbers[1:]:
            hits = sum(any(abs(t - top) <= config.LINE_TOLERANCE for t in tops) for tops in others)
            votes.append(hits >= 2 / 3 * len(others))
    return len(votes) >= config.MIN_EVIDENCE and sum(votes) >= config.NUMERO_COLUMN_SHARE * len(votes)


def numbers_centred(rows: list[Row], numero: int, intitule: int | None) -> bool:
    """True when fiche numbers sit in the middle of their rows (spreadsheet cells centred
    vertically): in fiches whose title runs over several lines, the number faces the title's
    middle rather than its first line."""
    votes = []
    for row in rows:
        numbers = number_tops(row, numero)
        title = sorted(ln.top for c in (row.cells.get(intitule, []) if intitule is not None else []) for ln in c.lines)
        if len(numbers) == 1 and len(title) >= 2:
            middle = (title[0] + title[-1]) / 2
            votes.append(abs(numbers[0] - middle) < abs(numbers[0] - title[0]))
    return len(votes) >= config.MIN_EVIDENCE and sum(votes) >= config.NUMERO_COLUMN_SHARE * len(votes)


def nearer_next(row: Row, previous: Row | None, following: Row | None, numero: int, carried_over: bool) -> bool:
    """True when a part without number, with centred cells, belongs to the next fiche of its
    page (a fiche's text starts above its number, and a gap may set it apart). Between two
    fiches of the page: when it is nearer the next number than the previous one. Above the
    page's first fiche: when the part that opens the page already continues the fiche a page
    break cut (``carried_over``): that fiche's text goes on from the top of the page without a
    gap, so what a gap sets apart below it is the next fiche's."""
    if following is None or following.page != row.page:
        return False
    if previous is None or previous.page != row.page:
        return carried_over
    below = number_tops(following, numero)[0] - max(ln.top for c in row.filled() for ln in c.lines)
    return below < row.text_top() - number_tops(previous, numero)[0]


def split_at_numbers(row: Row, numero: int, top_aligned: bool) -> list[Row]:
    """A row holding several fiche numbers is several fiches that neither a rule nor a gap set
    apart (a borderless table whose rows touch), every cell's lines going to the part they start
    in. Where numbers start their rows, it is cut at the line of each number (text above the
    first number is a part of its own: the end of a fiche from the previous page); where they
    sit mid-row, halfway between two numbers, or in a column whose lines leave a wider gap
    between the two numbers than between its other lines, in that gap (the padding between two
    cells: a short cell above a tall one)."""
    numbers = number_tops(row, numero)
    if top_aligned:
        cuts = [t - config.LINE_TOLERANCE for t in numbers]
        if numbers and row.text_top() < cuts[0]:
            cuts.insert(0, row.top)
    else:
        cuts = [row.top] + [(a + b) / 2 for a, b in zip(numbers, numbers[1:])]
    if len(cuts) < 2:
        return [row]
    cuts[0] = min(cuts[0], row.top)
    column_cuts, estimated = {}, [False] * len(cuts)
    for col, cells in row.cells.items():
        column_cuts[col], guessed = (cuts, []) if top_aligned else _cuts_at_gaps(
            [ln for c in cells for ln in c.lines], numbers, cuts)
        for k in guessed:  # the parts on both sides of an estimated cut
            estimated[k] = estimated[k + 1] = True
    parts = []
    for k, start in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else float("inf")
        part = Row(row.page, row.row0, row.row1, top=max(start, row.top), bottom=min(end, row.bottom),
                   estimated=estimated[k])
        for col, cells in row.cells.items():
            mine = column_cuts[col]
            low, high = mine[k], mine[k + 1] if k + 1 < len(mine) else float("inf")
            for cell in cells:
                lines = [ln for ln in cell.lines if low <= ln.top < high]
                if lines:
                    part.cells.setdefault(col, []).append(replace(cell, lines=lines, text_top=min(ln.top for ln in lines)))
        part.spanning = [c for c in row.spanning if start <= c.text_top < end]
        parts.append(part)
    return parts


def _cuts_at_gaps(lines: list[Line], numbers: list[float], cuts: list[float]) -> tuple[list[float], list[int]]:
    """A column's cuts between centred fiches, and the indices of those estimated. Each cut lies
    between the two numbers (a centred cell's text never reaches past its neighbour's number):
    in the widest gap between the column's lines there when it exceeds their usual gap by
    ``CELL_GAP_EM`` (the two cells' paddings), else between the two lines that leave each
    fiche's text best centred on its number (the halfway cut when the column has no line
    there): an estimate when the column leaves several places to cut."""
    lines = sorted(lines, key=lambda ln: ln.top)
    if not lines:
        return cuts, []
    size = lines[0].size or 10.0
    gaps = [(b.top - a.top - a.size, (a.top + a.size + b.top) / 2) for a, b in zip(lines, lines[1:])]
    usual = statistics.median(g for g, _ in gaps) if gaps else 0.0
    options = []
    for a, b, halfway in zip(numbers, numbers[1:], cuts[1:]):
        inside = [(g, at) for g, at in gaps if a < at < b]
        widest = max(inside, default=None)
        if widest and widest[0] > usual + config.CELL_GAP_EM * size:
            options.append([widest[1]])
        else:
            options.append([at for _, at in inside] or [halfway])
    guessed = [k for k, choices in enumerate(options) if len(choices) > 1]
    return cuts[:1] + (_most_centred(options, [ln.top for ln in lines], numbers) or cuts[1:]), guessed


def _most_centred(options: list[list[float]], tops: list[float], numbers: list[float]) -> list[float]:
    """One cut from each list of options, in order, that puts the middle of each fiche's lines
    (``tops``) nearest its number; empty when the options allow no increasing choice."""
    def cost(low: float, high: float, number: float) -> float:
        block = [t for t in tops if low <= t < high]
        return abs((block[0] + block[-1]) / 2 - number) if block else 0.0

    best: dict[float, tuple[float, list[float]]] = {float("-inf"): (0.0, [])}  # last cut -> (cost so far, cuts)
    for k, choices in enumerate(options):
        best = {c: min((total + cost(last, c, numbers[k]), path + [c]) for last, (total, path) in best.items()
                       if last < c) for c in choices if any(last < c for last in best)}
    return min(((total + cost(last, float("inf"), numbers[-1]), path) for last, (total, path) in best.items()),
               default=(0.0, []))[1]


# --- 4. classify ----------------------------------------------------------------------------------


def mark_furniture(rows: list[Row], n_pages: int, numero: int) -> None:
    """Rows without a number repeated at the same height on many pages: running titles,
    repeated header rows, stale title bands."""
    def key(row: Row) -> tuple[int, str]:
        return round(row.text_top() / config.RULE_SNAP), row.signature()

    candidates = [row for row in rows if row.signature() and not _is_numero(row.text(numero))]
    seen: dict[tuple[int, str], set[int]] = defaultdict(set)
    for row in candidates:
        seen[key(row)].add(row.page)
    threshold = max(2, config.FURNITURE_PAGE_SHARE * n_pages)
    for row in candidates:
        if len(seen[key(row)]) >= threshold:
            row.kind = "furniture"


def _columns_covered(row: Row) -> int:
    return len({col for cell in row.spanning + row.filled() for col in cell.cols})


def _cut_band(row: Row, cols: Columns) -> bool:
    """A band row that a borderless grid cut into cells: a theme label starting in the table's
    first column and running over several, in cells read from gutters (drawn borders would have
    merged a band's cell; a fiche's continuation may start "NPNRU 2 (…)" in its title cell)."""
    filled = row.filled()
    first = min([*cols.roles.values(), *cols.extra])
    return (bool(filled) and _columns_covered(row) >= 2 and not any(cell.ruled for cell in filled)
            and min(cell.cols[0] for cell in filled) == first and parse_theme(row.reading_text()) is not None)


def classify(rows: list[Row], cols: Columns, n_pages: int) -> None:
    """Label each row: furniture, header, band, fiche, continuation, empty or stray."""
    numero = cols.roles["numero"]
    mark_furniture(rows, n_pages, numero)
    header = {compact(h) for h in cols.headers.values() if h}
    started = False
    for row in rows:
        if row.kind:
            continue
        variant = _variant_numero(row.text(numero)) and parse_theme(row.reading_text()) is None  # not "Axe 1 : …"
        if _is_numero(row.text(numero)) or variant:
            row.kind = "fiche"
            started = True
        elif (row.spanning and not row.filled()) or _cut_band(row, cols):
            row.kind = "band"
        elif not row.filled():
            row.kind = "empty"
        elif all(compact(c.text) in header for c in row.filled()):
            row.kind = "header"
        elif started:
            row.kind = "continuation"  # a fiche cut by a page break: no number on this part
        else:
            row.kind = "stray"
    confirm_narrow_bands(rows, numero)


def fits_columns(page: Page, bounds: list[float], ruled_table: bool) -> bool:
    """True when a page may continue the table (prose and other tables lay their pages out their
    own way): every column border of a ruled page lies on one of the table's, and a page of a
    ruled table is ruled. Gutters read from the text move with the text of each page: a
    borderless page after a borderless table may always continue it."""
    ruled = bool(page.cells) and all(cell.ruled for cell in page.cells)
    if not ruled:
        return not (ruled_table and page.cells)
    narrowest = min((b - a for a, b in zip(bounds, bounds[1:])), default=0.0)
    tolerance = max(2 * config.RULE_SNAP, config.COLUMN_FIT_SHARE * narrowest)
    edges = {c.x0 for c in page.cells} | {c.x1 for c in page.cells}
    return all(min(abs(x - b) for b in bounds) <= tolerance for x in edges)


def annex_start(rows: list[Row], doc: Document, numero: int) -> int | None:
    """The first page of an annex after the table's first fiche: a page after the last fiche's
    that holds no fiche and does not continue the table's drawn columns (a budget, prose), or a
    page whose fiche numbers mostly repeat those of the pages before it (an indicator table
    numbered 1.1, 1.2 … after the fiches)."""
    numbers: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        if row.kind == "fiche":
            numbers[row.page].append(numbering.plain_form(numero_of(row.text(numero))))
    if not numbers:
        return None
    table_pages = [page for page in doc.pages if page.number in numbers]
    ruled_table = sum(all(c.ruled for c in page.cells) for page in table_pages) > len(table_pages) / 2
    seen: set[str] = set()
    for page in doc.pages:
        on_page = numbers.get(page.number, [])
        if page.number > min(numbers):
            repeated = sum(1 for n in on_page if n in seen)
            if len(on_page) >= config.MIN_EVIDENCE and repeated >= config.NUMERO_COLUMN_SHARE * len(on_page):
                return page.number
            if not on_page and page.number > max(numbers) and not fits_columns(page, doc.bounds, ruled_table):
                return page.number
        seen.update(on_page)
    return None


def mark_annex(rows: list[Row], doc: Document, numero: int) -> None:
    """Rows from the annex's first page on: an annex (a budget, indicators, prose), never a
    fiche nor a fiche's continuation."""
    start = annex_start(rows, doc, numero)
    if start is None:
        return
    for row in rows:
        if row.page >= start and row.kind in ("fiche", "continuation", "band", "header", "stray"):
            row.annex_number = numero_of(row.text(numero)) if row.kind == "fiche" else ""
            row.kind = "annex"


def confirm_narrow_bands(rows: list[Row], numero: int) -> None:
    """Rows whose only cell holds a theme label, right before a fiche, are bands whose text fits
    in one column (no grid tells them from a cell), when the document confirms it: its other
    bands use the same theme word, or the fiche's number starts with the theme's number (a lone
    "Phase 1 : …" ending a fiche cut by a page break stays text)."""
    words = {fold(theme.mot) for row in rows if row.kind == "band" and (theme := parse_theme(row.reading_text()))}
    body = [row for row in rows if row.kind in ("band", "fiche", "continuation", "stray")]
    for row, following in zip(body, body[1:]):
        if row.kind not in ("continuation", "stray") or following.kind != "fiche" or len(row.filled()) != 1:
            continue
        theme = parse_theme(row.reading_text())
        if theme and (fold(theme.mot) in words or numero_of(following.text(numero)).startswith(f"{theme.numero}.")):
            row.kind = "band"


# --- 5. fiches ------------------------------------------------------------------------------------


@dataclass
class Draft:
    """A fiche being assembled from its rows."""

    rows: list[Row]
    theme: Theme | None = None
    theme_read: bool = True  # False when taken from the fiche before (no band, cell or label gives it)
    below: tuple[Theme, ...] = ()  # sub-themes, from the level under the theme down

    def cells(self, col: int | None) -> list[Cell]:
        return [c for row in self.rows for c in row.cells.get(col, [])] if col is not None else []

    @property
    def number_row(self) -> Row:
        return next((row for row in self.rows if row.kind == "fiche"), self.rows[0])


def theme_of_cells(page: Page, col: int, rows: list[Row], labels: bool) -> dict[tuple[int, int], Theme | None]:
    """The theme of each cell of a theme column beside fiche rows: its text's, or (``labels``)
    the rotated label whose centre it holds.

    A label whose centre lies above (below) those cells belongs to the first (last) one: its
    merged cell continues from the previous page (onto the next one)."""
    spans = [(r.row0, r.row1) for r in rows if r.page == page.number and r.kind in TABLE_ROWS]
    cells = sorted((c for c in page.cells if c.cols == (col,)
                    and any(c.row0 < r1 and r0 < c.row1 for r0, r1 in spans)), key=lambda c: c.top)
    out: dict[tuple[int, int], Theme | None] = {(c.row0, c.row1): parse_theme(c.text) for c in cells}
    if not cells or not labels:
        return out
    inside = [(label, theme) for label, theme in page.labels if theme and cells[0].top <= label.cy < cells[-1].bottom]
    clamped = [(label, theme) for label, theme in page.labels if theme and (label, theme) not in inside]
    for label, theme in clamped + inside:  # a label centred in a cell wins over one from beyond the page
        target = cells[0] if label.cy < cells[0].top else cells[-1] if label.cy >= cells[-1].bottom else \
            next(c for c in cells if c.top <= label.cy < c.bottom)
        out[(target.row0, target.row1)] = theme
    return out


def themes_by_centres(doc: Document, rows: list[Row], numero_col: int, labels: dict[int, list[tuple[Label, Theme]]],
                      repeated: bool) -> dict[int, Theme]:
    """Themes of table rows from the theme labels beside them (``labels`` by page), when no
    grid cell holds each fiche's theme (rotated labels, or a borderless theme column).

    The theme column is a stack of merged cells, each label centred on its cell, and a cell cut
    by page breaks goes on across pages (``repeated``: its label printed on every page it spans,
    as spreadsheets print rotated labels). Laying the pages' table bodies end to end, the
    borders between cells are the row borders that put each cell's middle closest to its
    label's centre (chosen together, so that one imprecise centre does not shift the cells
    after it), and between fiches numbered in the two themes where the numbers say so."""
    body = [r for r in rows if r.kind in TABLE_ROWS]
    position, origin = _body_positions(doc, body)
    centres: dict[Theme, list[float]] = defaultdict(list)
    for number, (shift, top) in origin.items():
        for label, theme in labels.get(number, []):
            centres[theme].append(shift + label.cy - top)
    if not centres:
        return {}
    order = sorted(centres, key=lambda t: statistics.median(centres[t]))
    middles = [statistics.median(centres[t]) for t in order]
    borders = sorted({end for _, end in position.values()})
    allowed = _cuts_allowed(labels, body, position, order) if repeated else [[] for _ in order[1:]]
    cuts = _best_borders(middles, borders, _cuts_by_numbers(body, position, order, numero_col, allowed))
    out = {}
    for r in body:
        middle = sum(position[id(r)]) / 2
        out[id(r)] = order[sum(1 for c in cuts if c <= middle)]
    return out


def _body_positions(doc: Document, body: list[Row]) -> tuple[dict[int, tuple[float, float]], dict[int, tuple[float, float]]]:
    """Rows' (top, bottom) with the pages' table bodies laid end to end, and each page's
    (offset, top) in that layout."""
    position: dict[int, tuple[float, float]] = {}
    origin: dict[int, tuple[float, float]] = {}
    offset = 0.0
    for page in doc.pages:
        page_rows = [r for r in body if r.page == page.number]
        if page_rows:
            top = min(r.top for r in page_rows)
            origin[page.number] = (offset, top)
            for r in page_rows:
                position[id(r)] = (offset + r.top - top, offset + r.bottom - top)
            offset += max(r.bottom for r in page_rows) - top
    return position, origin


def _cuts_allowed(labels: dict[int, list[tuple[Label, Theme]]], body: list[Row],
                  position: dict[int, tuple[float, float]], order: list[Theme]) -> list[list[float]]:
    """For the cut between each theme and the next, the row borders it may take: a page that
    shows theme labels holds rows of those themes only (a merged cell prints its label on
    every page it spans), so the rows on each side of the cut must be on pages showing their
    theme, or showing none."""
    shown = {number: {theme for _, theme in page_labels} for number, page_labels in labels.items()}
    around = {position[id(r)][1]: (r.page, (following or r).page) for r, following in zip(body, [*body[1:], None])}

    def fits(theme: Theme, page: int) -> bool:
        return not shown.get(page) or theme in shown[page]

    return [[b for b, (above, below) in sorted(around.items()) if fits(before, above) and fits(after, below)]
            for before, after in zip(order, order[1:])]


def _cuts_by_numbers(body: list[Row], position: dict[int, tuple[float, float]], order: list[Theme],
                     numero_col: int, allowed: list[list[float]]) -> list[list[float]]:
    """The allowed cuts narrowed, where the edition numbers its fiches by theme ("5.9" in theme
    5), to the borders between a fiche numbered in the theme above and one numbered in the theme
    below: label centres only estimate a border that no rule draws, the numbers print it."""
    depth = max(t.depth for t in order)
    fiches = [(position[id(r)][1], numbering.theme_prefix(numero_of(r.text(numero_col)), depth))
              for r in body if r.kind == "fiche"]
    numbers = {_theme_key(t) for t in order}
    if not fiches or sum(p in numbers for _, p in fiches) < config.THEME_PREFIX_SHARE * len(fiches):
        return allowed
    borders = sorted({end for _, end in position.values()})
    above = {b: next((p for end, p in reversed(fiches) if end <= b), None) for b in borders}
    below = {b: next((p for end, p in fiches if end > b), None) for b in borders}
    out = []
    for (before, after), choices in zip(zip(order, order[1:]), allowed):
        agree = [b for b in (choices or borders) if above[b] == _theme_key(before) and below[b] == _theme_key(after)]
        out.append(agree or choices)
    return out


def _theme_key(theme: Theme) -> str:
    """The theme's number as fiche numbers print it before their own: "5" (of "V"), "2.3"."""
    return theme.printed if theme.depth > 1 else str(theme.numero)


def _best_borders(middles: list[float], borders: list[float], allowed: list[list[float]]) -> list[float]:
    """Cuts between successive cells (one fewer than ``middles``), each a row border between
    two label centres (among the ``allowed`` ones when there are any), minimising how far each
    cell's middle is from its label's centre. Cells start at 0 and the last ends at the last
    border."""
    end = borders[-1] if borders else 0.0
    candidates = [choices or borders for choices in allowed]
    options = [[b for b in choices if a < b < c] or [min(choices, key=lambda b: abs(b - (a + c) / 2))]
               for a, c, choices in zip(middles, middles[1:], candidates)]
    best: dict[float, tuple[float, list[float]]] = {0.0: (0.0, [])}
    for k, choices in enumerate(options):
        best = {b: min(((cost + abs((start + b) / 2 - middles[k]), path + [b])
                        for start, (cost, path) in best.items() if start < b), default=(float("inf"), []))
                for b in choices}
    _, path = min(((cost + abs((start + end) / 2 - middles[-1]), path) for start, (cost, path) in best.items()),
                  key=lambda x: x[0])
    return path


def row_themes(doc: Document, cols: Columns, col: int | None, rows: list[Row]) -> dict[int, Theme | None]:
    """The theme beside each row from theme column ``col`` (None: the page's rotated labels):
    its cell where every fiche row has one, else the labels' centres (rotated labels, or a
    borderless column's labels beside some rows)."""
    numero = cols.roles["numero"]
    if col is None:
        rotated = {page.number: [(label, theme) for label, theme in page.labels if theme] for page in doc.pages}
        return dict(themes_by_centres(doc, rows, numero, rotated, repeated=True))
    beside = column_themes(doc, col, rows, col == cols.theme)
    one_each = all(len(label_parts(c.lines)) == 1 for page in doc.pages for c in page.cells if c.cols == (col,))
    if one_each and all(beside.get(id(row)) for row in rows if row.kind == "fiche"):
        return beside
    labels, _ = column_labels(doc.pages, col, rows, cols.headers.get(col, ""))
    return dict(themes_by_centres(doc, rows, numero, labels, repeated=False)) or beside


def column_themes(doc: Document, col: int, rows: list[Row], labels: bool) -> dict[int, Theme | None]:
    """The theme each row finds in a theme column beside it (``theme_of_cells``)."""
    cells = {page.number: theme_of_cells(page, col, rows, labels) for page in doc.pages}
    return {id(row): next((t for (r0, r1), t in cells[row.page].items()
                           if r0 <= row.row0 and row.row1 <= r1 and t), None) for row in rows}


def next_fiches(rows: list[Row]) -> dict[int, Row | None]:
    """For every row, the next fiche row of the document, None after the last or when a band
    (a new theme) comes first."""
    out: dict[int, Row | None] = {}
    upcoming: Row | None = None
    for row in reversed(rows):
        out[id(row)] = upcoming
        if row.kind in ("fiche", "band"):
            upcoming = row if row.kind == "fiche" else None
    return out


def drafts(doc: Document, cols: Columns) -> tuple[list[Draft], list[Row]]:
    """Fiche rows with their continuations, each with its theme, in document order; and every
    row of the document, classified (the word account reads them)."""
    numero = cols.roles["numero"]
    all_rows = [row for page in doc.pages for row in row_groups(page, cols)]
    top_aligned = numbers_start_rows(all_rows, numero)
    all_rows = [part for row in all_rows for part in split_at_numbers(row, numero, top_aligned)]
    classify(all_rows, cols, len(doc.pages))
    mark_annex(all_rows, doc, numero)
    beside = row_themes(doc, cols, cols.theme, all_rows)
    sub_beside = row_themes(doc, cols, cols.sub_theme, all_rows) if cols.sub_theme is not None else {}
    following = next_fiches(all_rows) if numbers_centred(all_rows, numero, cols.roles.get("intitule")) else {}
    out: list[Draft] = []
    waiting: list[Row] = []  # parts that belong to the next fiche
    column_words = Counter(fold(t.mot) for t in beside.values() if t)
    levels = Levels(word=column_words.most_common(1)[0][0] if column_words else None)
    for row in all_rows:
        if row.kind == "band":
            levels.read(parse_theme(row.reading_text()))
        elif row.kind == "fiche":
            for read in (beside.get(id(row)), sub_beside.get(id(row))):
                if read and read not in (levels.top, *levels.under(levels.top)):
                    levels.read(read)
            theme = beside.get(id(row)) or (levels.top if cols.theme is None else None)  # bands set levels.top
            kept = theme or (out[-1].theme if out else None)
            out.append(Draft(waiting + [row], kept, theme is not None, levels.under(kept)))
            waiting = []
        elif row.kind == "continuation":  # only after a first fiche (classify)
            carried_over = any(r.page == row.page for r in out[-1].rows)
            if following and nearer_next(row, out[-1].number_row, following[id(row)], numero, carried_over):
                waiting.append(row)
            elif not following and carried_over and _own_title(row, cols):
                out.append(Draft([row], out[-1].theme, out[-1].theme_read, out[-1].below))  # a blank number
            else:
                out[-1].rows.append(row)
    return out, all_rows


def _own_title(row: Row, cols: Columns) -> bool:
    """True when a part without number that a rule or a gap sets apart from the fiche above, on
    the same page, opens a title of its own (a capital): a fiche whose number cell is blank,
    not the rest of the fiche above (a page break, not a rule, cuts a fiche)."""
    return row.text(cols.roles.get("intitule"))[:1].isupper()


def build_fiche(doc: Document, draft: Draft, cols: Columns, edition: str, warnings: list[dict]) -> dict:
    """One ``Fiche`` record from a draft's cells."""
    role = cols.roles.get
    numero = numero_of(doc.flow(draft.cells(role("numero")))).replace(" ", "")
    page = draft.rows[0].page

    def clean(text: str) -> str:
        cleaned, residue = remove_residue(text)
        for r in residue:
            warnings.append(models.avertissement(edition, "residu_tableur", page, numero, f"résidu de tableur {r!r} supprimé"))
        return cleaned

    objectifs = [(level, clean(text)) for level, text in doc.items(draft.cells(role("objectifs")))]
    extra = {cols.headers.get(col) or f"colonne_{col + 1}": "\n".join(doc.paragraphs(draft.cells(col)))
             for col in cols.extra}
    if draft.theme is None:
        warnings.append(models.avertissement(edition, "theme_absent", page, numero,
                                             "aucun thème (enjeu) trouvé pour cette fiche"))
    named = [*cols.roles.items(), *((f"colonne_{c + 1}", c) for c in cols.extra)]
    provenance = {name: [[c.page, round(c.x0, 1), round(c.top, 1), round(c.x1, 1), round(c.bottom, 1)]
                         for c in draft.cells(col)] for name, col in named}
    return {
        "edition": edition,
        "enjeu": draft.theme.numero if draft.theme else None,
        "enjeu_libelle": draft.theme.libelle if draft.theme else None,
        "sous_enjeu": draft.below[0].printed if draft.below else None,
        "sous_enjeu_libelle": draft.below[0].libelle if draft.below else None,
        "themes": [{"niveau": level, "numero": t.printed or str(t.numero), "libelle": t.libelle}
                   for level, t in enumerate((*([draft.theme] if draft.theme else []), *draft.below), 1)],
        "numero": numero,
        "intitule": clean(doc.flow(draft.cells(role("intitule")))),
        "objectifs": [text for _, text in objectifs],
        "objectifs_niveaux": [level for level, _ in objectifs],
        "appel_a_projets": _mark_value(doc.flow(draft.cells(role("appel_a_projets"))), edition, page, numero, warnings),
        "pilote_brut": "\n".join(clean(p) for p in doc.paragraphs(draft.cells(role("pilote")))),
        "pages": sorted({row.page for row in draft.rows}),
        "colonnes_supplementaires": models.dumps({k: v for k, v in extra.items() if v}),
        "provenance": models.dumps(provenance),
        "a_verifier": False,
        "verifications": [],
    }


def _mark_value(mark: str, edition: str, page: int, numero: str, warnings: list[dict]) -> bool:
    """A call-for-projects mark as a boolean: blank or a "no" mark is False, any other mark True."""
    folded = fold(mark)
    if not mark.strip() or folded in config.NO_MARKS:
        return False
    if folded not in config.YES_MARKS and mark.strip() not in config.YES_MARKS:
        warnings.append(models.avertissement(edition, "marque_inconnue", page, numero,
                                 f"marque d'appel à projets inconnue {mark!r} lue comme oui"))
    return True


def unreadable(doc: Document) -> None:
    """Refuse a document most of whose words have glyphs without Unicode (fonts embedded without
    their Unicode table): read, it would publish "(cid:12)" for text."""
    words = sum(p.label_words + len(p.outside) + sum(ln.words for c in p.cells for ln in c.lines) for p in doc.pages)
    unmapped = sum(n for page in doc.pages for n in page.fonts_unmapped.values())
    if words and unmapped >= config.UNMAPPED_SHARE * words:
        fonts = sorted({font for page in doc.pages for font in page.fonts_unmapped})
        raise TableError(f"texte illisible : {unmapped} mots sur {words} ont des caractères sans correspondance "
                         f"Unicode (polices {', '.join(fonts[:5])})",
                         "réexportez le PDF en incorporant les polices avec leur table Unicode, ou passez-le à l'OCR")


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
    warnings: list[dict] = []
    fiche_drafts, rows = drafts(doc, cols)
    if not fiche_drafts:
        raise TableError("aucune ligne de fiche dans le tableau")
    fiches = [build_fiche(doc, d, cols, edition, warnings) for d in fiche_drafts]
    problem = not_a_fiche_table(fiches)
    if problem:
        raise TableError(problem)
    words = account(doc, rows, fiche_drafts, cols)
    text_columns = [cols.roles[r] for r in ("intitule", "objectifs", "pilote") if r in cols.roles] + cols.extra
    warnings += verify(fiches, fiche_drafts, doc, text_columns, words, edition)
    return Reading(fiches, warnings, words.rows(edition), words.zones(edition))
