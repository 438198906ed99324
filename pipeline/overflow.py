"""A page's cells and the words outside them -> the lines a cell printed past its border given
back to the cell whose text they go on with: across a drawn row border between two cells
(``overflow_moved``), past the table's frame above or below it (``take_overflow``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline import config
from pipeline.geometry import Word, text_lines
from pipeline.printed_lines import lines_of
from pipeline.text import Line, at_line_pitch

if TYPE_CHECKING:
    from pipeline.document import Cell, Page


def overflow_moved(cells: dict[tuple[int, int], Cell]) -> None:
    """A line that a drawn row border runs through (spreadsheet text overflowing a row too short
    for it, ``crossed``; the border a rule or a shaded row's edge) goes to the cell of its column
    whose text it goes on with (``_goes_with``); the last line of a band over several columns, to
    the cell below that holds it (a title overflowing its row upwards under a shaded band). Where
    it goes on with the lines on both sides alike, it stays, marked ``overprinted``: whose it is,
    nothing says. A border read from a gap in the text says nothing: the lines it runs through
    are one tall cell's."""
    for (_, col0), cell in cells.items():
        if not cell.bottom_drawn or not cell.lines:
            continue
        below = _cell_below(cells, cell, col0)
        if below is None or not below.lines:
            continue
        last, first = cell.lines[-1], below.lines[0]
        if crossed(last, cell.bottom) and last is not first:
            _settle(last, (cell, below.lines[:2], cell.lines[-2::-1][:2]), (below, 0))
        elif crossed(first, below.top):
            _settle(first, (below, cell.lines[::-1][:2], below.lines[1:3]), (cell, len(cell.lines)))


def take_overflow(page: Page, before: Page | None) -> None:
    """Words outside the table that a cell on its edge printed past its border (a spreadsheet
    cell too short for its text, bottom-aligned at the top of a page, its text overflowing
    above the frame, or overflowing below it), read into that cell (``_overflow_into``), but
    for lines above the frame that the page ``before`` ends with in the same place across (a
    merged cell a page break cut, printed again on each page and clipped to it)."""
    if not page.cells:
        return
    top, bottom = min(c.top for c in page.cells), max(c.bottom for c in page.cells)
    snap, taken = config.EXTRACT.rule_snap, set()
    for cell in (c for c in page.cells if c.lines and not c.merged):
        mine = [w for w in page.outside if cell.x0 <= w.x0 and w.x1 <= cell.x1 and w.direction == "ltr"]
        if cell.top <= top + snap:
            ended = {ln.text for c in (before.cells if before else []) if c.x0 < cell.x1 and cell.x0 < c.x1
                     for ln in c.lines}
            taken |= _overflow_into(cell, [w for w in mine if w.top < top], top, page.number, ended)
        if cell.bottom >= bottom - snap:  # a word the frame's rule runs through is past it too
            taken |= _overflow_into(cell, [w for w in mine if w.bottom > bottom], bottom, page.number, None)
    page.outside = [w for w in page.outside if id(w) not in taken]


def _overflow_into(cell: Cell, words: list[Word], rule: float, page: int, ended: set[str] | None) -> set[int]:
    """Of the words beyond the frame's ``rule`` within a cell's width, the lines that its text
    runs on with: the nearest reaching the rule (``overflow_reach``), or anywhere below a cell
    whose foot no rule closes (a merged cell a page break cut), each a line's pitch from
    the one before (``_chained``); added to the cell, and the ids of their words returned.
    ``ended``: for lines above the frame, the texts the page before ends with across the cell
    (lines all printed there are that page's, printed again)."""
    upward = ended is not None
    groups = text_lines(words)
    if upward:
        groups.reverse()  # nearest the frame first
    lines = [lines_of(group, page)[0] for group in groups]
    reach, edge = config.EXTRACT.overflow_reach, cell.lines[:2] if upward else cell.lines[::-1][:2]
    if not lines or not ((not upward and not cell.bottom_drawn)
                         or (lines[0].top + lines[0].size >= rule - reach if upward else lines[0].top <= rule + reach)):
        return set()
    run = _chained(lines, edge, upward)
    if ended is not None and all(ln.text in ended for ln in run):
        return set()
    cell.lines = [*reversed(run), *cell.lines] if upward else [*cell.lines, *run]
    cell.text_top = min(ln.top for ln in cell.lines)
    return {id(w) for group in groups[:len(run)] for w in group}


def _chained(lines: list[Line], edge: list[Line], upward: bool) -> list[Line]:
    """The lines (nearest the cell first) that follow one another from the cell's ``edge``
    lines (its nearest first) at a line's pitch, the cell's own where it has two lines
    (``_evenly_spaced``: a caption or a footer beside the frame keeps a pitch of its own), up
    to the first that does not."""
    run: list[Line] = []
    for line in lines:
        last = run[-1] if run else edge[0]
        if not at_line_pitch(*((line, last) if upward else (last, line))):
            break
        if not run and len(edge) > 1 and not _evenly_spaced([line, edge[0], edge[1]]):
            break
        run.append(line)
    return run


def _settle(line: Line, here: tuple[Cell, list[Line], list[Line]], there: tuple[Cell, int]) -> None:
    """A line a drawn border runs through, in cell ``here[0]`` (``here[1]``: the nearest lines
    across the border, ``here[2]``: those on its own side): moved into cell ``there[0]`` at
    ``there[1]`` where it goes on with the lines across, kept where it goes on with its own,
    else kept and marked ``overprinted``."""
    cell, across, own = here
    if _goes_with(line, across, own):
        move_line(cell, there[0], line, there[1])
    elif not _goes_with(line, own, across):
        cell.lines = [replace(ln, overprinted=True) if ln is line else ln for ln in cell.lines]


def _cell_below(cells: dict[tuple[int, int], Cell], cell: Cell, col0: int) -> Cell | None:
    """The cell under ``cell`` in its column; under a cell merged over several columns, the one
    holding its last line across (None where no one cell does)."""
    if not cell.merged:
        below = cells.get((cell.row1, col0))
        return below if below is not None and below.x1 == cell.x1 else None
    line, snap = cell.lines[-1], config.EXTRACT.rule_snap
    return next((c for (row0, _), c in cells.items()
                 if row0 == cell.row1 and c.x0 - snap <= line.x0 and line.x1 <= c.x1 + snap and c.x1 <= cell.x1 + snap), None)


def _goes_with(line: Line, there: list[Line], here: list[Line]) -> bool:
    """True when a straddling line belongs with the nearest lines ``there`` (across the edge,
    nearest first) rather than those ``here``: it is a line's pitch (``line_pitch_em``) from
    there and not from here, or from both but only there do the next lines keep its pitch (an
    evenly spaced paragraph, ``even_pitch_em``)."""
    if not at_line_pitch(*sorted((line, there[0]), key=lambda ln: ln.top)):
        return False
    if not here or not at_line_pitch(*sorted((line, here[0]), key=lambda ln: ln.top)):
        return True
    return _evenly_spaced([line, *there]) and not _evenly_spaced([line, *here])


def _evenly_spaced(lines: list[Line]) -> bool:
    """True when three lines (the first, then the two nearest it) lie at one pitch."""
    if len(lines) < 3:
        return False
    a, b, c = (ln.top for ln in lines)
    return abs(abs(b - a) - abs(c - b)) <= config.TABLE.even_pitch_em * lines[0].size


def crossed(line: Line, rule: float) -> bool:
    """True when a rule runs through a line's body, ``rule_through_line_share`` of its size
    inside it on both sides (not through a glyph's ascent or descent)."""
    inside = config.TABLE.rule_through_line_share * line.size
    return line.top + inside < rule < line.top + line.size - inside


def move_line(source: Cell, target: Cell, line: Line, at: int) -> None:
    """Move ``line`` from ``source`` to ``target`` at index ``at``, both cells' text tops kept."""
    source.lines = [ln for ln in source.lines if ln is not line]
    target.lines.insert(at, line)
    for cell in (source, target):
        cell.text_top = min((ln.top for ln in cell.lines), default=float("inf"))
