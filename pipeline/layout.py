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
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Sequence

from pipeline import config


@dataclass(frozen=True)
class Word:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    direction: str = "ltr"
    size: float = 10.0
    first_char_width: float = 0.0
    bold: bool = False
    space: float = 0.0  # width of a word space in the word's font, 0 when unknown
    invisible: bool = False  # drawn in text render mode 3 (an OCR layer)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


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
        for line in cluster(group, key=lambda r: r.pos, tolerance=config.RULE_SNAP):
            pos = statistics.median(r.pos for r in line)
            spans = sorted((r.start, r.end) for r in line)
            start, end = spans[0]
            for s, e in spans[1:]:
                if s <= end + config.RULE_SNAP:
                    end = max(end, e)
                else:
                    merged.append(Rule(horizontal, pos, start, end))
                    start, end = s, e
            merged.append(Rule(horizontal, pos, start, end))
    return [r for r in merged if r.end - r.start >= config.MIN_RULE_LENGTH]


def cluster(items: Sequence, key, tolerance: float) -> list[list]:
    """Group items sorted by ``key`` into runs whose successive keys differ by <= tolerance."""
    groups: list[list] = []
    for item in sorted(items, key=key):
        if groups and key(item) - key(groups[-1][-1]) <= tolerance:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def linked_groups(keys: Sequence, links: Iterable[tuple]) -> list[list]:
    """The keys grouped so that any two linked keys end in one group (union-find)."""
    parent = {k: k for k in keys}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in links:
        parent[find(a)] = find(b)
    groups: dict = {}
    for k in keys:
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def _touch(a: Rule, b: Rule) -> bool:
    snap = config.RULE_SNAP
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


# --- text axes ------------------------------------------------------------------------------------


def text_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Upright words grouped by line (close tops), each line sorted left to right."""
    upright = [w for w in words if w.direction == "ltr"]
    lines = cluster(upright, key=lambda w: w.top, tolerance=config.LINE_TOLERANCE)
    return [sorted(line, key=lambda w: w.x0) for line in lines]


class Piece(NamedTuple):
    """Words of one line close enough to be one cell's text."""

    x0: float
    x1: float
    text: str


def chunks(line: list[Word]) -> list[Piece]:
    """A line's pieces, separated by gaps wider than a word space could be."""
    out: list[Piece] = []
    for w in line:
        if out and w.x0 - out[-1].x1 <= max(config.CHUNK_GAP_EM * w.size, config.CHUNK_GAP_SPACES * w.space):
            out[-1] = Piece(out[-1].x0, max(out[-1].x1, w.x1), f"{out[-1].text} {w.text}")
        else:
            out.append(Piece(w.x0, w.x1, w.text))
    return out


def column_gutters(words: Sequence[Word], ys: Sequence[float], starts: Sequence[float] = ()) -> list[float]:
    """Column boundaries of a table without vertical rules, at the middle of each gutter.

    Only rows whose text falls in at least two separate x-ranges take part (band rows, titles
    and page numbers are one block of text), and in them a line that is one block spanning most
    of the row, or one bold piece from its left edge (a band or title run together with table
    rows), is left out. A gutter is then an
    x-interval no text piece starts or ends in, that a piece ends just before and another starts
    just after, that text runs across only by exception (``_separates``), and that is ``MIN_GUTTER``
    wide, or narrower (a borderless spreadsheet) where several pieces start right after it.
    A column of list markers alone is not a column: it joins the text it marks (``_drop_marker_columns``).
    """
    rows: dict[int, list[Word]] = {}
    for w in words:
        rows.setdefault(sum(1 for y in ys if y <= w.cy), []).append(w)
    table_rows: list[list[Piece]] = []
    for row in rows.values():
        lines = text_lines(row)
        if not lines:
            continue
        left = min(line[0].x0 for line in lines)
        width = max(line[-1].x1 for line in lines) - left
        narrow = []
        for line in lines:
            whole = chunks(line)
            cut = _split_at(whole, line, starts)
            if not _one_wide_block(cut if len(lines) > 1 else whole, width) and not _bold_label(line, whole, left):
                narrow += cut
        if len(_covered_ranges(narrow)) >= 2:
            table_rows.append(narrow)  # a band or title line crossing the gutters does not count
    pieces = [p for row in table_rows for p in row]
    if len(pieces) < 2:
        return []
    ends = {round(p.x1, 1) for p in pieces}
    begins = Counter(round(p.x0, 1) for p in pieces)
    positions = sorted(ends | set(begins))
    gutters: list[tuple[float, float]] = []
    for a, b in zip(positions, positions[1:]):
        if a not in ends or b not in begins:
            continue
        aligned = sum(n for x, n in begins.items() if abs(x - b) <= 0.5)
        if b - a < config.MIN_GUTTER and not (b - a >= config.NARROW_GUTTER and aligned >= config.ALIGNED_STARTS):
            continue
        if _separates(pieces, a, b):
            gutters.append((a, b))
    return _drop_marker_columns([(a + b) / 2 for a, b in gutters], table_rows)


def _separates(pieces: list[Piece], a: float, b: float) -> bool:
    """True when the gap ``[a, b]`` parts text rather than falls inside it: at most
    ``GUTTER_CROSSINGS`` pieces run across it, and fewer than the pieces it keeps apart in the
    same stretch (a centred header word that starts after a column's short lines does not open a
    column that its longer lines run across)."""
    crossing = [p for p in pieces if p.x0 < a and p.x1 > b]
    if not crossing:
        return True
    lo, hi = min(p.x0 for p in crossing), max(p.x1 for p in crossing)
    parted = sum(1 for p in pieces if p.x0 < hi and p.x1 > lo and (p.x1 <= a or p.x0 >= b))
    return len(crossing) <= config.GUTTER_CROSSINGS and parted > len(crossing)


def _one_wide_block(pieces: list[Piece], row_width: float) -> bool:
    """True for a line that is one block of text across most of its row: a band or a title.
    A row of one line is judged before its line is cut at column starts (a word of a band may
    start where a column does); in a row of several lines, text of neighbouring cells run
    together is told apart by those cuts."""
    return len(pieces) == 1 and pieces[0].x1 - pieces[0].x0 >= config.SPANNING_SHARE * row_width


def _bold_label(line: list[Word], pieces: list[Piece], left: float) -> bool:
    """True for a line of bold text in one piece from the row's left edge: a band or a title
    run together with table rows (a borderless table without gaps), however short."""
    return len(pieces) == 1 and all(w.bold for w in line) and abs(line[0].x0 - left) <= 1


def column_starts(words: Sequence[Word]) -> list[float]:
    """x positions where the text of many lines starts after a gap: the left edges of columns."""
    starts = Counter(round(p.x0) for line in text_lines(words) for p in chunks(line))
    return [x for x, n in starts.items() if n >= config.ALIGNED_STARTS]


def _split_at(pieces: list[Piece], line: list[Word], column_starts: Sequence[float]) -> list[Piece]:
    """Pieces cut before any word that starts a column (two cells' texts run together where a
    borderless spreadsheet leaves less than a word space between them)."""
    out: list[Piece] = []
    for piece in pieces:
        inside = [w for w in line if piece.x0 <= w.x0 and w.x1 <= piece.x1]
        current = [inside[0]] if inside else []
        for word in inside[1:]:
            if any(abs(word.x0 - x) <= 1 for x in column_starts):
                out.append(Piece(current[0].x0, current[-1].x1, " ".join(w.text for w in current)))
                current = []
            current.append(word)
        if current:
            out.append(Piece(current[0].x0, current[-1].x1, " ".join(w.text for w in current)))
    return out


def _drop_marker_columns(xs: list[float], rows: list[list[Piece]]) -> list[float]:
    """Boundaries without those that would set list markers ("•", "–") apart as a column: a
    column of nothing but markers where some row holds several of them (a list). With at most
    one per row, the signs are marks ("✓" for the call for projects) and keep their column."""
    kept: list[float] = []
    for x in xs:
        left = kept[-1] if kept else float("-inf")
        inside = [[p.text.strip() for p in row if left < (p.x0 + p.x1) / 2 < x] for row in rows]
        texts = [t for row in inside for t in row]
        if texts and all(t in config.MARKERS for t in texts) and any(len(row) > 1 for row in inside):
            continue
        kept.append(x)
    return kept


def _covered_ranges(pieces: list[Piece]) -> list[tuple[float, float]]:
    """The x-ranges covered by the pieces, overlapping ones joined."""
    out: list[list[float]] = []
    for s, e in sorted((p.x0, p.x1) for p in pieces):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def row_gaps(words: Sequence[Word], rules: Sequence[float] = ()) -> list[float]:
    """Row boundaries of a table without horizontal rules, in the middle of each tall gap (a gap
    that a rule already divides gives no second boundary)."""
    return [(a + b) / 2 for a, b in _tall_gaps([w for w in words if w.direction == "ltr"], rules)]


def _tall_gaps(upright: Sequence[Word], rules: Sequence[float]) -> list[tuple[float, float]]:
    """The (top, bottom) of the gaps between text lines taller than ``_row_gap_threshold``
    that no rule divides."""
    merged = _text_spans(upright)
    threshold = _row_gap_threshold(upright)
    return [(a[1], b[0]) for a, b in zip(merged, merged[1:])
            if b[0] - a[1] > threshold and not any(a[1] <= y <= b[0] for y in rules)]


def _text_spans(upright: Sequence[Word]) -> list[list[float]]:
    """The y-ranges text covers, overlapping words' ranges joined, top to bottom."""
    merged: list[list[float]] = []
    for top, bottom in sorted((w.top, w.bottom) for w in upright):
        if merged and top <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    return merged


def _row_gap_threshold(upright: Sequence[Word]) -> float:
    """The vertical gap above which text lines are in two rows: the typical gap between lines
    (most are between two lines of one cell) plus ``ROW_GAP_EM`` font sizes."""
    merged = _text_spans(upright)
    gaps = [b[0] - a[1] for a, b in zip(merged, merged[1:])]
    if not gaps:
        return float("inf")
    return statistics.median(gaps) + config.ROW_GAP_EM * statistics.median(w.size for w in upright)


def _column_of(word: Word, xs: Sequence[float]) -> int:
    return sum(1 for x in xs if x <= word.cx)


def borders_beside_merged(words: Sequence[Word], xs: Sequence[float], ys: Sequence[float]) -> list[float]:
    """Row borders of a borderless table that a merged column's text hides: gaps every other
    column leaves open, each crossed by one block of that column's lines with other columns'
    text beside it on both sides. A column is merged (a theme cell down several rows) when one
    such block reads as a theme label ("ENJEU 2 : …") with the text of ``MERGED_BESIDE_COLUMNS``
    other columns on each side of its gap: the text of touching rows runs across their border
    too, and a cell merely taller than its neighbours, centred beside them, has only a merged
    column's text past them. ``xs``: the inner column borders; ``ys``: the borders so far."""
    upright = [w for w in words if w.direction == "ltr"]
    out: list[float] = []
    for col in range(len(xs) + 1):
        others = [w for w in upright if _column_of(w, xs) != col]
        crossings = []
        for top, bottom in _tall_gaps(others, ys) if len(others) < len(upright) else []:
            block = _block_over(upright, xs, col, (top + bottom) / 2)
            if block:
                beside = [len({_column_of(w, xs) for w in others if w.top < high and w.bottom > low})
                          for low, high in ((block[0], top), (bottom, block[1]))]
                crossings.append(((top + bottom) / 2, min(beside), _label_like(upright, xs, col, block)))
        if any(n >= config.MERGED_BESIDE_COLUMNS and label for _, n, label in crossings) and _labels_column(upright, xs, col):
            out += [y for y, n, _ in crossings if n >= 1]
    return sorted(out)


def _labels_column(words: Sequence[Word], xs: Sequence[float], col: int) -> bool:
    """True when most of a column's blocks of text below its first one (a header) read as theme
    labels: a column of theme cells, not one whose text merely holds a "Phase 1 : …"."""
    blocks = _blocks([w for w in words if _column_of(w, xs) == col], words)[1:]
    labels = sum(_label_like(words, xs, col, (a, b)) for a, b in blocks)
    return labels >= len(blocks) - labels


def _label_like(words: Sequence[Word], xs: Sequence[float], col: int, block: tuple[float, float]) -> bool:
    """True when a block of column ``col``'s text opens as a theme label does: a theme word, a
    number and words ("ENJEU 2 : Favoriser …", not "Budget 2021 : 25 000 €")."""
    inside = [w for w in words if _column_of(w, xs) == col and block[0] <= w.top and w.bottom <= block[1]]
    text = " ".join(w.text for line in text_lines(inside) for w in line)
    match = config.THEME_PATTERN.match(text)
    return bool(match and match["libelle"][:1].isalpha())


def _block_over(words: Sequence[Word], xs: Sequence[float], col: int, y: float) -> tuple[float, float] | None:
    """The (top, bottom) of column ``col``'s paragraph over ``y``: its lines chained while no
    further apart than two lines of one paragraph; None when ``y`` falls between two of them."""
    return next(((a, b) for a, b in _blocks([w for w in words if _column_of(w, xs) == col], words) if a <= y <= b), None)


def _blocks(column: Sequence[Word], words: Sequence[Word]) -> list[tuple[float, float]]:
    """The (top, bottom) of a column's paragraphs: its lines chained while no further apart
    than two lines of one paragraph of the page (``words``)."""
    limit = _line_gap(words) + config.ROW_GAP_EM * statistics.median(w.size for w in words)
    blocks: list[list[float]] = []
    for top, bottom in _text_spans(column):
        if blocks and top - blocks[-1][1] <= limit:
            blocks[-1][1] = bottom
        else:
            blocks.append([top, bottom])
    return [(a, b) for a, b in blocks]


def _crossed(words: Sequence[Word], xs: Sequence[float], col: int, y: float) -> bool:
    """True when one paragraph of column ``col`` runs across ``y`` (``_block_over``)."""
    upright = [w for w in words if w.direction == "ltr"]
    return bool(upright) and _block_over(upright, xs, col, y) is not None


def _line_gap(upright: Sequence[Word]) -> float:
    """The gap between two lines of one paragraph: the lower quartile of the gaps between text
    lines (a page of short cells has as many gaps between rows as inside cells)."""
    merged = _text_spans(upright)
    gaps = sorted(b[0] - a[1] for a, b in zip(merged, merged[1:]))
    return gaps[len(gaps) // 4] if gaps else 0.0


def spanning_line_borders(words: Sequence[Word], xs: Sequence[float], ys: Sequence[float],
                          starts: Sequence[float] = ()) -> list[float]:
    """Row borders a borderless table without gaps still has: around each band or title (text
    running across a column gutter, with the lines that continue it in the same style), and
    below a bold header block that sits above plain text in the same row."""
    lines = text_lines(words)
    borders = []
    k = 0
    while k < len(lines):
        line = lines[k]
        if spanning_pieces(line, xs, starts):
            last = k
            while last + 1 < len(lines) and _continues(lines[last], lines[last + 1]):
                last += 1
            borders += [min(w.top for w in line) - 0.5, max(w.bottom for w in lines[last]) + 0.5]
            k = last + 1
        else:
            k += 1
    for band in _bands(lines, [*ys, *borders]):
        plain = [min(w.top for w in line) for line in band if not all(w.bold for w in line)]
        if plain and any(all(w.bold for w in line) and max(w.bottom for w in line) <= min(plain) for line in band):
            borders.append(min(plain) - 0.5)
    return [b for b in borders if not any(abs(b - y) < config.LINE_TOLERANCE for y in ys)]


def _continues(line: list[Word], following: list[Word]) -> bool:
    """``following`` is the next line of the same paragraph: one piece of text (a header row
    below a title is several), same style, same left edge, the usual line spacing below."""
    same_style = all(w.bold for w in following) == all(w.bold for w in line) and abs(following[0].size - line[0].size) < 0.5
    gap = min(w.top for w in following) - max(w.bottom for w in line)
    return (same_style and len(chunks(following)) == 1 and abs(following[0].x0 - line[0].x0) <= 1
            and gap <= 0.5 * line[0].size)


def _bands(lines: list[list[Word]], borders: Sequence[float]) -> list[list[list[Word]]]:
    """Lines grouped by the row band (between consecutive borders) they fall in."""
    groups: dict[int, list[list[Word]]] = {}
    for line in lines:
        top = min(w.top for w in line)
        groups.setdefault(sum(1 for b in borders if b <= top), []).append(line)
    return list(groups.values())


# --- grid -----------------------------------------------------------------------------------------


def _positions(rules: Iterable[Rule]) -> list[float]:
    return [statistics.median(g) for g in cluster([r.pos for r in rules], key=float, tolerance=config.RULE_SNAP)]


def _coverage(rules: list[Rule], pos: float, start: float, end: float) -> float:
    """Share of the border ``[start, end]`` at ``pos`` that rules draw."""
    covered = 0.0
    for r in rules:
        if abs(r.pos - pos) <= config.RULE_SNAP:
            covered += max(0.0, min(r.end, end) - max(r.start, start))
    return covered / max(end - start, 1e-6)


def spanning_pieces(line: list[Word], xs: Sequence[float], starts: Sequence[float] = ()) -> list[Piece]:
    """Pieces of a line that run across a column border (two cells' texts that merely come
    close, in a borderless spreadsheet, are cut apart where a column starts)."""
    return [p for p in _split_at(chunks(line), line, starts) if any(p.x0 < x - 1 and p.x1 > x + 1 for x in xs)]


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
                       and min(r.end, box[2]) - max(r.start, box[0]) >= config.SPANNING_SHARE * width]
    inner = [w for w in words if _inside(w, box)]
    hrules = [r for r in table_rules if r.horizontal]
    vrules = [r for r in table_rules if not r.horizontal]
    x0, top, x1, bottom = box
    xs = [x for x in _positions(vrules) if x0 + config.RULE_SNAP < x < x1 - config.RULE_SNAP]
    ys = [y for y in _positions(hrules) if top + config.RULE_SNAP < y < bottom - config.RULE_SNAP]
    ruled_cols, ruled_rows = bool(xs), bool(ys) and bool(networks)
    if not ruled_rows:
        # Without a frame, lines across the text (row lines, a shaded band's edges) are row
        # borders where they are drawn, and gaps in the text are borders elsewhere.
        ys = sorted(ys + row_gaps(inner, ys))
    starts = column_starts(inner) if not ruled_cols else []
    if not ruled_cols:
        xs = column_gutters(inner, ys, starts)
        if not ruled_rows:
            ys = sorted(set(ys) | set(spanning_line_borders(inner, xs, ys, starts)))
    hidden = borders_beside_merged(inner, xs, ys) if not ruled_rows else []
    ys = sorted(set(ys) | set(hidden))
    grid = Grid([x0, *xs, x1], [top, *ys, bottom], ruled_cols, ruled_rows)
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
    drawn = {k for k, y in enumerate(ys) if any(abs(r.pos - y) <= config.RULE_SNAP for r in hrules)}
    links = []
    for i in range(n_rows):
        band = [w for w in words if ys[i] <= w.cy < ys[i + 1]] if not grid.ruled_cols else []
        spanning = [p for line in text_lines(band) for p in spanning_pieces(line, xs[1:-1], starts)]
        for j in range(n_cols):
            if j + 1 < n_cols:
                if grid.ruled_cols:
                    open_border = _coverage(vrules, xs[j + 1], ys[i], ys[i + 1]) < config.BORDER_COVERAGE
                else:  # text running across the gutter
                    open_border = any(p.x0 < xs[j + 1] - 1 and p.x1 > xs[j + 1] + 1 for p in spanning)
                if open_border:
                    links.append(((i, j), (i, j + 1)))
            if i + 1 < n_rows and grid.ruled_rows:
                if _coverage(hrules, ys[i + 1], xs[j], xs[j + 1]) < config.BORDER_COVERAGE:
                    links.append(((i, j), (i + 1, j)))
            elif i + 1 < n_rows and i + 1 in drawn:  # a line drawn under the column's text, not the blank beside it
                start, end = _text_extent(words, xs[j], xs[j + 1], ys[i], ys[min(i + 2, n_rows)])
                if _coverage(hrules, ys[i + 1], start, end) < config.BORDER_COVERAGE:
                    links.append(((i, j), (i + 1, j)))
            elif i + 1 < n_rows and ys[i + 1] in hidden and _crossed(words, xs[1:-1], j, ys[i + 1]):
                links.append(((i, j), (i + 1, j)))  # a paragraph running across a border found in the text
    cells = []
    for keys in linked_groups([(i, j) for i in range(n_rows) for j in range(n_cols)], links):
        r0, r1 = min(k[0] for k in keys), max(k[0] for k in keys) + 1
        c0, c1 = min(k[1] for k in keys), max(k[1] for k in keys) + 1
        cells.append(Cell(r0, r1, c0, c1, xs[c0], ys[r0], xs[c1], ys[r1]))
    return sorted(cells, key=lambda c: (c.row0, c.col0))
