"""A page's cells and the columns' roles -> its table rows: grid rows joined where one number
cell spans several, and rows holding several fiches that neither a rule nor a gap set apart cut
at their numbers."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Literal

from pipeline import config
from pipeline.columns import Columns, entries
from pipeline.document import Cell, Page
from pipeline.geometry import Step, cheapest_increasing, cheapest_with_ties
from pipeline.numbering import is_numero, numero_and_mark
from pipeline.text import Line, compact, join_lines, middle, offset_lines

#: What a row is (``row_kinds``): unclassified yet (""), page furniture, a table header row, a theme
#: band, a fiche's first row, a fiche's continuation after a page break, an annex after the table,
#: a row without text, or text before the first fiche.
RowKind = Literal["", "furniture", "header", "band", "fiche", "continuation", "annex", "empty", "stray"]


def masked(text: str) -> str:
    """Text with its digits masked: equal on pages repeating the same furniture ("Page # / #")."""
    return re.sub(r"\d+", "#", text)


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
    kind: RowKind = ""  # set by ``row_kinds.classify``
    estimated: bool = False  # cut from a row holding several numbers by an estimate (no rule, no gap)
    annex_number: str = ""  # the fiche number a row of an annex prints
    theme_tie: bool = False  # its theme chosen among label centres by a near tie (``row_themes``)
    theme_placed: bool = False  # its theme placed by the labels' centres (``row_themes.themes_by_centres``)
    opens_below: bool = False  # a part without number of the fiche below it on its page (``fiches.fiche_groups``)
    closes_above: bool = False  # ... of the fiche above it on its page
    furniture: list[Line] = field(default_factory=list)  # lines of page furniture cut from its cells
    label_rest: str = ""  # a band's: the rest of its label, which a page break put atop the next page
    ends_label: bool = False  # a band row holding that rest (``row_kinds.join_cut_bands``)

    def text(self, col: int | None) -> str:
        return " ".join(c.text for c in self.cells.get(col, [])).strip() if col is not None else ""

    def filled(self) -> list[Cell]:
        return [c for cells in self.cells.values() for c in cells if c.lines]

    def text_top(self) -> float:
        """Where the row's first line of text starts (rows split at gaps have moving borders)."""
        return min((c.text_top for c in self.filled() + self.spanning if c.lines), default=self.top)

    def text_bottom(self) -> float:
        """Where the row's last line of text ends (its top without text)."""
        return max((ln.top + ln.size for c in self.filled() for ln in c.lines), default=self.top)

    def first_size(self) -> float:
        """The size of the row's first line (10 pt for a row without lines of its own)."""
        lines = [ln for c in self.filled() for ln in c.lines]
        return min(lines, key=lambda ln: ln.top).size if lines else 10.0

    def reading_text(self) -> str:
        """The row's text line by line, left to right, however the grid cut it into cells."""
        lines = sorted((round(ln.top / config.EXTRACT.line_tolerance), ln.x0, ln.text)
                       for c in self.spanning + self.filled() for ln in c.lines)
        return join_lines(text for _, _, text in lines)

    def signature(self) -> str:
        """The row's text with digits masked: equal on pages repeating the same furniture."""
        return masked(self.reading_text())


def row_groups(page: Page, cols: Columns) -> list[Row]:
    """Table rows of a page: grid rows, joined where one number cell spans several."""
    numero_col = cols.roles["numero"]
    n_rows = max((c.row1 for c in page.cells), default=0)
    start_of = list(range(n_rows))
    for cell in page.cells:
        if cell.cols == (numero_col,) and cell.row1 - cell.row0 > 1:
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
                if len(cell.cols) > 1 and numero_col in cell.cols:
                    row.spanning.append(cell)
                elif cell.cols:
                    row.cells.setdefault(cell.cols[0], []).append(cell)
    for row in ordered:
        row.top = min((c.top for c in page.cells if c.row0 == row.row0), default=0.0)
        row.bottom = max((c.bottom for c in page.cells if c.row1 == row.row1), default=row.top)
    return ordered


def number_tops(row: Row, numero_col: int) -> list[float]:
    """Where each fiche number of a row starts (a number with its mark, "4.4 X", too)."""
    return sorted(top for cell in row.cells.get(numero_col, []) for top, text in entries(cell)
                  if is_numero(numero_and_mark(text)[0]))


def number_line(row: Row, numero_col: int) -> Line | None:
    """The first line of a row's number cells: its fiche number's, in a row of one fiche."""
    return next((ln for c in row.cells.get(numero_col, []) for ln in c.lines), None)


def number_middle(row: Row, numero_col: int) -> float | None:
    """The middle of a row's number cells' text (None without one): its cells' middle, in a
    table of centred cells."""
    lines = [ln for c in row.cells.get(numero_col, []) for ln in c.lines]
    return middle(lines) if lines else None


def centred_end(row: Row, numero_col: int, top: float) -> float | None:
    """How far down a row of centred cells whose first line starts at ``top`` can reach: its cells
    are centred on its number or start at its top, so they end no further below the number's
    middle than ``top`` lies above it (``line_tolerance`` more); None without a number."""
    centre = number_middle(row, numero_col)
    return None if centre is None else 2 * centre - top + config.EXTRACT.line_tolerance


def number_top(row: Row, numero_col: int) -> float:
    """Where a fiche row's first number starts; for a number in a variant form, which
    ``number_tops`` does not count ("A", "1 bis"), its cell's first line."""
    tops = number_tops(row, numero_col) or [ln.top for c in row.cells.get(numero_col, []) for ln in c.lines[:1]]
    return min(tops, default=row.text_top())


def nearer_next(row: Row, previous: Row | None, following: Row | None, numero_col: int, carried_over: bool,
                below_cols: set[int] | None = None, before_cols: set[int] | None = None) -> bool:
    """True when a part without number, with centred cells, belongs to the next fiche of its
    page (a fiche's text starts above its number, and a gap may set it apart). Between two
    fiches of the page: when it is nearer the next number than the previous one. Above the
    page's first fiche: when the part that opens the page already continues the fiche a page
    break cut (that fiche's text goes on from the top of the page without a gap, so what a gap
    sets apart below it is the next fiche's), or when the break fell between two fiches
    (``fiches._break_between_rows``): ``carried_over``. Where the part's columns are
    filled in the previous fiche (``before_cols``: the columns its rows so far fill; None: its
    number row's) and nowhere in the next fiche (``below_cols``: the columns
    its rows fill, ``following_columns``; None: unknown), it goes to the next one, whatever the distances (one
    cell per column: a top-aligned objectives cell beside centred ones starts far above its
    number; a spreadsheet moves a row whole to the next page)."""
    if following is None or following.page != row.page:
        return False
    part = filled_cols(row)
    if before_cols is None and previous is not None:
        before_cols = filled_cols(previous)
    if below_cols is not None and before_cols is not None and part <= before_cols and not part & below_cols:
        return True
    if previous is None or previous.page != row.page:
        return carried_over
    below = number_top(following, numero_col) - max(ln.top for c in row.filled() for ln in c.lines)
    return below < row.text_top() - number_top(previous, numero_col)


def filled_cols(row: Row) -> set[int]:
    return {col for col, cells in row.cells.items() if any(c.lines for c in cells)}


def following_columns(rows: list[Row]) -> dict[int, set[int]]:
    """For each fiche row (by ``id``), the columns it and the parts after it on its page, up to
    the next fiche or band, fill."""
    out: dict[int, set[int]] = {}
    current: Row | None = None
    for row in rows:
        if row.kind in ("fiche", "band") or (current is not None and row.page != current.page):
            current = row if row.kind == "fiche" else None
            if current is not None:
                out[id(current)] = set()
        if current is not None and row.kind in ("fiche", "continuation"):
            out[id(current)] |= filled_cols(row)
    return out


def split_at_numbers(row: Row, numero_col: int, top_aligned: bool, doubtful: bool = False,
                     filled: frozenset[int] = frozenset()) -> list[Row]:
    """A row holding several fiche numbers is several fiches that neither a rule nor a gap set
    apart (a borderless table whose rows touch), every cell's lines going to the part they start
    in. Where numbers start their rows, it is cut at the line of each number (text above the
    first number is a part of its own: the end of a fiche from the previous page; the parts
    ``estimated`` where that alignment is ``doubtful``, ``starts_doubtful``); where they
    sit mid-row, halfway between two numbers, or in a column whose lines leave a wider gap
    between the two numbers than between its other lines, in that gap (the padding between two
    cells: a short cell above a tall one). A fiche left without a line in a column of ``filled``
    (``always_filled``) that the row prints is ``estimated``, and so are its neighbours there:
    its text there may have gone to one of them."""
    numbers = number_tops(row, numero_col)
    if top_aligned:
        cuts = [t - config.EXTRACT.line_tolerance for t in numbers]
        if numbers and row.text_top() < cuts[0]:
            cuts.insert(0, row.top)
    else:
        cuts = [row.top] + [(a + b) / 2 for a, b in zip(numbers, numbers[1:])]
    if len(cuts) < 2:
        return [row]
    cuts[0] = min(cuts[0], row.top, row.text_top())  # a line overflowing above the row is its first part's
    column_cuts, estimated = {}, [top_aligned and doubtful] * len(cuts)
    for col, cells in row.cells.items():
        column_cuts[col], guessed = (cuts, []) if top_aligned else _cuts_at_gaps(
            [ln for c in cells for ln in c.lines], numbers, cuts)
        for k in guessed:  # the parts on both sides of an estimated cut
            estimated[k] = estimated[k + 1] = True
    parts = []
    for k, start in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else float("inf")
        bounds = {col: (mine[k], mine[k + 1] if k + 1 < len(mine) else float("inf")) for col, mine in column_cuts.items()}
        parts.append(row_part(row, (start, end), bounds, estimated[k]))
    for k, part in enumerate(parts):
        if number_tops(part, numero_col) and any(col not in filled_cols(part) for col in filled & filled_cols(row)):
            for near in parts[max(k - 1, 0):k + 2]:
                near.estimated = True
    return parts


def always_filled(rows: list[Row], numero_col: int) -> frozenset[int]:
    """Columns nearly every fiche fills (``usual_columns``), told by the rows holding one fiche
    number, ``min_evidence`` of them at least."""
    single = [filled_cols(row) for row in rows if len(number_tops(row, numero_col)) == 1]
    return usual_columns(single) if len(single) >= config.TABLE.min_evidence else frozenset()


def usual_columns(filled: Iterable[set[int]]) -> frozenset[int]:
    """Columns that nearly every fiche fills (``usual_column_share``), given the columns each
    fiche fills."""
    fiches = list(filled)
    counts = Counter(col for cols in fiches for col in cols)
    return frozenset(col for col, n in counts.items() if n >= config.TABLE.usual_column_share * len(fiches))


def split_off_opening(row: Row, numero_col: int) -> list[Row]:
    """In a table of centred cells, the text atop a row above its first fiche's own cells (the
    end of a fiche a page break cut, run into the row since no rule sets it apart) is a part of
    its own. A centred fiche's lines are centred on its number: where neither the row's lines
    nor its borders are (their middle more than a line off the number's; a top-aligned cell
    beside centred ones leaves the borders centred), each column is cut at the gap above the
    number that leaves its lines below best centred on it, when that gap is wider than the
    row's leading by ``cell_gap_em`` (two cells' paddings) and the cut brings them within a line
    of it. Without such a gap nothing is cut: spreadsheet text overflowing its cell is off
    centre too."""
    numbers = number_tops(row, numero_col)
    lines = [ln for c in row.filled() for ln in c.lines]
    if not numbers or not lines:
        return [row]
    size = next(ln.size for c in row.cells[numero_col] for ln in c.lines) or 10.0
    number = numbers[0] + size / 2
    if abs(middle(lines) - number) <= size or abs((row.top + row.bottom) / 2 - number) <= size:
        return [row]
    columns = {col: sorted((ln for c in cells for ln in c.lines), key=lambda ln: ln.top) for col, cells in row.cells.items()}
    leading = min((b.top - a.top - a.size for col in columns.values() for a, b in zip(col, col[1:])), default=0.0)
    cuts = {col: at for col, col_lines in columns.items()
            if (at := _opening_cut(col_lines, numbers[0], number, leading + config.LAYOUT.cell_gap_em * size)) is not None}
    if not cuts:
        return [row]
    start = min(cuts.values())
    opening = row_part(row, (row.top, start), {col: (row.top, cuts.get(col, row.top)) for col in row.cells}, False)
    rest = row_part(row, (start, float("inf")), {col: (cuts.get(col, float("-inf")), float("inf")) for col in row.cells},
                    row.estimated)
    return [opening, rest] if opening.filled() else [row]


def split_off_closing(row: Row, numero_col: int) -> list[Row]:
    """In a table of centred cells, a row's lines below all it can hold are a part of their own
    (the next fiche's top-aligned text, its row stretched by something else, which no rule or gap
    set apart): the row ends at ``centred_end`` from its first line."""
    end = centred_end(row, numero_col, row.text_top())
    if end is None or len(number_tops(row, numero_col)) != 1:
        return [row]
    below = [ln.top for c in row.filled() for ln in c.lines if ln.top > end]
    if not below:
        return [row]
    start = min(below)  # a line overflowing above the row is its first part's
    return [row_part(row, (min(row.top, row.text_top()), start), {}, row.estimated),
            row_part(row, (start, float("inf")), {}, row.estimated)]


def _opening_cut(lines: list[Line], number_top: float, number: float, wide: float) -> float | None:
    """Where a column's lines above a centred fiche's own end (``split_off_opening``), in a gap
    wider than ``wide``; None where no cut is needed or none is found."""
    if not lines:
        return None
    size = lines[0].size or 10.0
    gaps = [(a.top + a.size + b.top) / 2 for a, b in zip(lines, lines[1:])
            if b.top < number_top + config.EXTRACT.line_tolerance and b.top - a.top - a.size > wide]
    if lines[-1].top + lines[-1].size <= number_top:
        gaps.append(lines[-1].top + lines[-1].size)  # the fiche has no line here

    def cost(at: float) -> float:
        below = [ln for ln in lines if ln.top >= at]
        return abs(middle(below) - number) if below else 0.0

    if not gaps or cost(float("-inf")) <= size:
        return None
    at = min(gaps, key=cost)
    return at if cost(at) <= size else None


def row_part(row: Row, span: tuple[float, float], bounds: dict[int, tuple[float, float]], estimated: bool) -> Row:
    """The part of ``row`` between two heights (``span``), each column's lines taken between its
    own ``bounds``, and the spanning cells whose text starts within ``span``."""
    start, end = span
    part = Row(row.page, row.row0, row.row1, top=max(start, row.top), bottom=min(end, row.bottom), estimated=estimated)
    for col, cells in row.cells.items():
        low, high = bounds.get(col, span)
        for cell in cells:
            lines = [ln for ln in cell.lines if low <= ln.top < high]
            if lines:
                part.cells.setdefault(col, []).append(replace(cell, lines=lines, text_top=min(ln.top for ln in lines)))
    part.spanning = [c for c in row.spanning if start <= c.text_top < end]
    return part


def split_off_header(row: Row, headers: dict[int, str]) -> list[Row]:
    """A table header that a borderless grid ran into the rows beside it (the rest of a fiche a
    page break cut, below; the document's title, above): where lines of the row print their
    column's header in at least two columns, every other line of the row above them all or below
    them all, they are a row of their own."""
    head = {col: found for col, cells in row.cells.items()
            if (found := _header_lines(sorted((ln for c in cells for ln in c.lines), key=lambda ln: ln.top),
                                       compact(headers.get(col, ""))))}
    heading = [ln for lines in head.values() for ln in lines]
    others = [ln for c in row.filled() for ln in c.lines if all(ln is not h for h in heading)]
    if len(head) < 2 or not others:
        return [row]
    top, bottom = min(h.top for h in heading), max(h.top + h.size for h in heading)
    above = [ln for ln in others if ln.top + ln.size <= top + config.EXTRACT.line_tolerance]
    below = [ln for ln in others if ln.top + config.EXTRACT.line_tolerance >= bottom]
    if len(above) + len(below) < len(others):
        return [row]
    cuts = [row.top, *([top] if above else []), *([min(ln.top for ln in below)] if below else [])]
    ends = [*cuts[1:], float("inf")]
    return [row_part(row, (start, end), {}, row.estimated and bool(below) and k == len(cuts) - 1)
            for k, (start, end) in enumerate(zip(cuts, ends))]


def _header_lines(lines: list[Line], wanted: str) -> list[Line]:
    """The successive lines of a column that print its header (``wanted``, compacted), or none."""
    for first in range(len(lines) if wanted else 0):
        text = ""
        for k in range(first, len(lines)):
            text += compact(lines[k].text)
            if text == wanted:
                return lines[first:k + 1]
            if not wanted.startswith(text):
                break
    return []


def _cuts_at_gaps(lines: list[Line], numbers: list[float], cuts: list[float]) -> tuple[list[float], list[int]]:
    """A column's cuts between centred fiches, and the indices of those estimated. Each cut lies
    between the two numbers (a centred cell's text never reaches past its neighbour's number):
    where two lines there lie closer than a line's pitch (``cell_line_pitch_min_em``: two
    cells' texts overflowing their rows into each other) and nowhere else; else in the gap
    between the column's lines there that is wider than its narrowest other gap (the leading
    inside a cell) and than any other gap there by ``cell_gap_em`` (the two cells' paddings);
    else, among such wide gaps or, without any, among all, between the two lines that leave
    each fiche's text best centred on its number (the halfway cut when the column has no line
    there): an estimate when the column leaves several places to cut. Where the column has no
    line between one of the numbers and halfway, that fiche may have no text in the column: the
    halfway cut is one more choice, an estimate only when it nearly ties (``cut_tie_share``)."""
    lines = sorted(lines, key=lambda ln: ln.top)
    if not lines:
        return cuts, []
    size = lines[0].size or 10.0
    gaps = [(b.top - a.top - a.size, (a.top + a.size + b.top) / 2 if a.top + a.size < b.top else (a.top + b.top) / 2)
            for a, b in zip(lines, lines[1:])]  # the middle of the gap, or of the tops of lines that overlap
    crowded = {at for (_, at), a, b in zip(gaps, lines, lines[1:]) if offset_lines([a, b])}
    usual = min((g for g, at in gaps if at not in crowded), default=0.0)
    options, lonely = [], []
    for a, b, halfway in zip(numbers, numbers[1:], cuts[1:]):
        inside = [(g, at) for g, at in gaps if a < at < b]
        if len([at for _, at in inside if at in crowded]) == 1:  # two cells' texts run into each other
            options.append([at for _, at in inside if at in crowded])
            continue
        margin = config.LAYOUT.cell_gap_em * size
        wide = sorted(((g, at) for g, at in inside if g > usual + margin), reverse=True)
        if wide and (len(wide) == 1 or wide[0][0] > wide[1][0] + margin):
            options.append([wide[0][1]])
            continue
        options.append([at for _, at in wide or inside] or [halfway])
        near = config.EXTRACT.line_tolerance
        if inside and not (any(a - near <= ln.top < halfway for ln in lines)
                           and any(halfway <= ln.top <= b + near for ln in lines)):
            lonely.append(len(options) - 1)
    guessed = [k for k, choices in enumerate(options) if len(choices) > 1]
    for k in lonely:
        options[k] = sorted({*options[k], cuts[k + 1]})
    step, end = _centring([ln.top for ln in lines], numbers)
    chosen, ties = cheapest_with_ties(options, float("-inf"), step, end, config.LAYOUT.cut_tie_share) if lonely else (
        cheapest_increasing(options, float("-inf"), step, end), [])
    guessed += [k for k in lonely if k not in guessed and any(lo in options[k] and hi in options[k] for lo, hi in ties)]
    return cuts[:1] + (chosen or cuts[1:]), guessed


def _centring(tops: list[float], numbers: list[float]) -> tuple[Step, Callable[[float], float]]:
    """The costs of cuts between centred fiches: how far the middle of each fiche's lines
    (``tops``) is from its number."""
    def cost(low: float, high: float, number: float) -> float:
        block = [t for t in tops if low <= t < high]
        return abs((block[0] + block[-1]) / 2 - number) if block else 0.0

    return (lambda last, cut, k: cost(last, cut, numbers[k])), (lambda last: cost(last, float("inf"), numbers[-1]))
