"""Find the table grid of one page: from ruling lines where they exist, from text otherwise.

A pure function of a page's words and drawn edges (no PDF library here), used by ``extract``.

The grid is a list of column boundaries ``xs`` and row boundaries ``ys``. An axis takes its
boundaries from the table's rules when it has interior rules, and from the text otherwise:
column gutters are x-ranges that only page-wide text (bands, titles) crosses; row gaps are
y-ranges no text covers that are clearly taller than the gap between two lines of a cell.
Elementary cells are then merged where their shared border is not drawn (ruled axis) or is
crossed by text (text axis), which recovers merged cells: band rows, tall theme cells.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from pipeline import config
from pipeline.geometry import Word, cluster, linked_groups, merged_intervals, text_lines
from pipeline.text_axes import (
    borders_beside_merged,
    column_gutters,
    column_starts,
    crossed_paragraph,
    row_gaps,
    spanning_line_borders,
    spanning_pieces,
    starts_past,
)


@dataclass(frozen=True)
class Rule:
    """A straight drawn segment: ``pos`` is its y (horizontal) or x (vertical)."""

    horizontal: bool
    pos: float
    start: float
    end: float


@dataclass(frozen=True)
class Cell:
    row0: int
    row1: int
    col0: int
    col1: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    ruled_cols: bool
    ruled_rows: bool
    cells: list[Cell] = field(default_factory=list)
    drawn_ys: frozenset[float] = frozenset()  # row borders drawn (a rule, a shaded row's edge), not read from gaps

    def cell_at(self, x: float, y: float) -> Cell | None:
        """The (merged) cell containing the point, or None outside the grid."""
        for cell in self.cells:
            if cell.x0 <= x < cell.x1 and cell.top <= y < cell.bottom:
                return cell
        return None


# --- rules ----------------------------------------------------------------------------------------


def rules_from_edges(edges: Iterable[tuple[str, float, float, float, float]]) -> list[Rule]:
    """Join drawn edges ``(orientation, x0, top, x1, bottom)`` into maximal straight rules."""
    raw = []
    for orientation, x0, top, x1, bottom in edges:
        if orientation == "h":
            raw.append(Rule(True, (top + bottom) / 2, min(x0, x1), max(x0, x1)))
        else:
            raw.append(Rule(False, (x0 + x1) / 2, min(top, bottom), max(top, bottom)))
    merged: list[Rule] = []
    for horizontal in (True, False):
        group = sorted((r for r in raw if r.horizontal == horizontal), key=lambda r: (r.pos, r.start))
        for line in cluster(group, key=lambda r: r.pos, tolerance=config.EXTRACT.rule_snap):
            pos = statistics.median(r.pos for r in line)
            spans = merged_intervals(((r.start, r.end) for r in line), config.EXTRACT.rule_snap)
            merged += [Rule(horizontal, pos, start, end) for start, end in spans]
    return [r for r in merged if r.end - r.start >= config.EXTRACT.min_rule_length]


def _touch(a: Rule, b: Rule) -> bool:
    snap = config.EXTRACT.rule_snap
    if a.horizontal == b.horizontal:
        return abs(a.pos - b.pos) <= snap and a.start <= b.end + snap and b.start <= a.end + snap
    h, v = (a, b) if a.horizontal else (b, a)
    return v.start - snap <= h.pos <= v.end + snap and h.start - snap <= v.pos <= h.end + snap


def rule_networks(rules: list[Rule]) -> list[list[Rule]]:
    """Connected sets of rules that touch each other (each a candidate table frame)."""
    links = ((i, j) for i in range(len(rules)) for j in range(i + 1, len(rules)) if _touch(rules[i], rules[j]))
    groups = [[rules[i] for i in group] for group in linked_groups(range(len(rules)), links)]
    return [g for g in groups if any(r.horizontal for r in g) and not all(r.horizontal for r in g)]


def _bbox(rules: Iterable[Rule]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for r in rules:
        if r.horizontal:
            xs += [r.start, r.end]
            ys.append(r.pos)
        else:
            ys += [r.start, r.end]
            xs.append(r.pos)
    return min(xs), min(ys), max(xs), max(ys)


def _inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= word.cx <= x1 and top <= word.cy <= bottom


# --- grid -----------------------------------------------------------------------------------------


def _positions(rules: Iterable[Rule]) -> list[float]:
    return [statistics.median(g) for g in cluster([r.pos for r in rules], key=float, tolerance=config.EXTRACT.rule_snap)]


def _coverage(rules: list[Rule], pos: float, start: float, end: float) -> float:
    """Share of the border ``[start, end]`` at ``pos`` that rules draw."""
    covered = 0.0
    for r in rules:
        if abs(r.pos - pos) <= config.EXTRACT.rule_snap:
            covered += max(0.0, min(r.end, end) - max(r.start, start))
    return covered / max(end - start, 1e-6)


def build_grid(words: Sequence[Word], edges: Iterable[tuple[str, float, float, float, float]]) -> Grid | None:
    """The table grid of a page, or None when the page has no text."""
    rules = rules_from_edges(edges)
    framed = [(n, box) for n in rule_networks(rules)
              if sum(_inside(w, box := _bbox(n)) for w in words) >= max(1, len(words) // 10)]
    networks = [n for n, _ in framed]
    if networks:
        boxes = [box for _, box in framed]
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        table_rules = [r for n in networks for r in n]
    else:
        upright = [w for w in words if w.direction == "ltr"]
        if not upright:
            return None
        box = (min(w.x0 for w in upright) - 1, min(w.top for w in upright) - 1,
               max(w.x1 for w in upright) + 1, max(w.bottom for w in upright) + 1)
        # Lines between rows only (no frame): rules across most of the text are row borders.
        width = box[2] - box[0]
        table_rules = [r for r in rules if r.horizontal and box[1] <= r.pos <= box[3]
                       and min(r.end, box[2]) - max(r.start, box[0]) >= config.LAYOUT.spanning_share * width]
    inner = [w for w in words if _inside(w, box)]
    hrules = [r for r in table_rules if r.horizontal]
    vrules = [r for r in table_rules if not r.horizontal]
    x0, top, x1, bottom = box
    xs = [x for x in _positions(vrules) if x0 + config.EXTRACT.rule_snap < x < x1 - config.EXTRACT.rule_snap]
    ys = [y for y in _positions(hrules) if top + config.EXTRACT.rule_snap < y < bottom - config.EXTRACT.rule_snap]
    ruled_cols, ruled_rows = bool(xs), bool(ys) and bool(networks)
    if not ruled_rows:
        # Without a frame, lines across the text (row lines, a shaded band's edges) are row
        # borders where they are drawn, and gaps in the text are borders elsewhere.
        ys = sorted(ys + row_gaps(inner, ys))
    starts = column_starts(inner) if not ruled_cols else []
    if not ruled_cols:
        xs = column_gutters(inner, ys, starts)
        past = starts_past(inner, xs)
        if set(past) != set(starts):  # the starts of columns the page holds few lines of: cut there too
            starts, xs = past, column_gutters(inner, ys, past)
        if not ruled_rows:
            ys = sorted(set(ys) | set(spanning_line_borders(inner, xs, ys, starts)))
    hidden = borders_beside_merged(inner, xs, ys) if not ruled_rows else []
    ys = sorted(set(ys) | set(hidden))
    drawn = frozenset(y for y in ys if ruled_rows or any(abs(r.pos - y) <= config.EXTRACT.rule_snap for r in hrules))
    grid = Grid([x0, *xs, x1], [top, *ys, bottom], ruled_cols, ruled_rows, drawn_ys=drawn)
    grid.cells = _merge_cells(grid, hrules, vrules, inner, starts, hidden)
    return grid


def _text_extent(words: Sequence[Word], x0: float, x1: float, top: float, bottom: float) -> tuple[float, float]:
    """The x-range the upright text of a column part covers (the whole part where it has none;
    rotated labels beside the column are no part of its text)."""
    inside = [w for w in words if w.direction == "ltr" and x0 <= w.cx < x1 and top <= w.cy < bottom]
    return (min(w.x0 for w in inside), max(w.x1 for w in inside)) if inside else (x0, x1)


def _merge_cells(grid: Grid, hrules: list[Rule], vrules: list[Rule], words: Sequence[Word],
                 starts: Sequence[float], hidden: Sequence[float] = ()) -> list[Cell]:
    """Elementary cells joined where the border between them is absent (``hidden``: row
    borders of a borderless table that a merged cell's text crosses)."""
    xs, ys = grid.xs, grid.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    # Without a frame, a row line that leaves a column out (a merged theme cell beside the
    # fiches) does not cut that column; borders found in the text gaps cut every column.
    drawn = {k for k, y in enumerate(ys) if y in grid.drawn_ys}
    links = []
    for i in range(n_rows):
        band = [w for w in words if ys[i] <= w.cy < ys[i + 1]] if not grid.ruled_cols else []
        spanning = [p for line in text_lines(band) for p in spanning_pieces(line, xs[1:-1], starts)]
        for j in range(n_cols):
            if j + 1 < n_cols:
                if grid.ruled_cols:
                    open_border = _coverage(vrules, xs[j + 1], ys[i], ys[i + 1]) < config.EXTRACT.border_coverage
                else:  # text running across the gutter
                    open_border = any(p.x0 < xs[j + 1] - 1 and p.x1 > xs[j + 1] + 1 for p in spanning)
                if open_border:
                    links.append(((i, j), (i, j + 1)))
            if i + 1 < n_rows and grid.ruled_rows:
                if _coverage(hrules, ys[i + 1], xs[j], xs[j + 1]) < config.EXTRACT.border_coverage:
                    links.append(((i, j), (i + 1, j)))
            elif i + 1 < n_rows and i + 1 in drawn:  # a line drawn under the column's text, not the blank beside it
                start, end = _text_extent(words, xs[j], xs[j + 1], ys[i], ys[min(i + 2, n_rows)])
                if _coverage(hrules, ys[i + 1], start, end) < config.EXTRACT.border_coverage:
                    links.append(((i, j), (i + 1, j)))
            elif i + 1 < n_rows and ys[i + 1] in hidden and crossed_paragraph(words, xs[1:-1], j, ys[i + 1]):
                links.append(((i, j), (i + 1, j)))  # a paragraph running across a border found in the text
    cells = []
    for keys in linked_groups([(i, j) for i in range(n_rows) for j in range(n_cols)], links):
        r0, r1 = min(k[0] for k in keys), max(k[0] for k in keys) + 1
        c0, c1 = min(k[1] for k in keys), max(k[1] for k in keys) + 1
        cells.append(Cell(r0, r1, c0, c1, xs[c0], ys[r0], xs[c1], ys[r1]))
    return sorted(cells, key=lambda c: (c.row0, c.col0))
