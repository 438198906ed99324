"""The words of a page without drawn rules on an axis -> that axis' borders read from the text:
column gutters (x-ranges only page-wide text crosses), row gaps (y-ranges no text covers, taller
than the gap between two lines of a cell), the borders around bands and titles, and the row
borders a merged column's text hides."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import NamedTuple, Sequence

from pipeline import config
from pipeline.geometry import Word, apart, beyond_a_space, merged_intervals, monospaced, text_lines
from pipeline.layers import stacked_borders
from pipeline.numbering import is_label_number, is_numero


class Piece(NamedTuple):
    """Words of one line close enough to be one cell's text."""

    x0: float
    x1: float
    text: str


def chunks(line: list[Word]) -> list[Piece]:
    """A line's pieces, separated by gaps wider than a word space could be."""
    out: list[Piece] = []
    for w in line:
        if out and not apart(out[-1].x1, w):
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
    just after, that text runs across only by exception (``_separates``), and that is ``min_gutter``
    wide, or narrower (a borderless spreadsheet) where several pieces start right after it.
    A column of list markers alone is not a column: it joins the text it marks (``_drop_marker_columns``).
    """
    table_rows, left_out = _table_pieces(words, ys, starts)
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
        starts_after = b - a >= config.LAYOUT.narrow_gutter and aligned >= config.LAYOUT.aligned_starts
        if b - a < config.LAYOUT.min_gutter and not starts_after:
            continue
        if _separates(pieces, a, b):
            gutters.append((a, b))
    gutters = sorted(gutters + _overflowed_gutters(pieces, begins, gutters))
    return _drop_marker_columns([_border_in(a, b, left_out) for a, b in gutters], table_rows)


def _table_pieces(words: Sequence[Word], ys: Sequence[float], starts: Sequence[float]) -> tuple[list[list[Piece]], list[Piece]]:
    """The text pieces of each row between ``ys`` that falls in two separate x-ranges or more,
    the lines that are bands or titles left out (``column_gutters``); and the pieces of those
    left out that other text runs beside (``_beside_others``)."""
    rows: dict[int, list[Word]] = {}
    for w in words:
        rows.setdefault(sum(1 for y in ys if y <= w.cy), []).append(w)
    table_rows: list[list[Piece]] = []
    left_out: list[Piece] = []
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
            elif _beside_others(line, lines):
                left_out += whole
        if len(_covered_ranges(narrow)) >= 2:
            table_rows.append(narrow)  # a band or title line crossing the gutters does not count
    return table_rows, left_out


def _beside_others(line: list[Word], lines: list[list[Word]]) -> bool:
    """True when other lines of text run beside the line, over part of its height: it is a
    cell's line (a bold label in its column), not a band alone across the table."""
    top, bottom = min(w.top for w in line), max(w.bottom for w in line)
    return any(other is not line and min(w.top for w in other) < bottom and max(w.bottom for w in other) > top
               for other in lines)


def _border_in(a: float, b: float, left_out: list[Piece]) -> float:
    """The column border in the gutter ``[a, b]``: its middle, moved clear of the lines the
    gutters were found without that other text runs beside (a bold label run together with
    table rows, ``_beside_others``) where one of them ends or starts inside the gutter (a label
    a little wider than its column: the border cut through its last word, which the reader then
    took for a band across the columns; a band alone on its line may end anywhere)."""
    low = max((p.x1 for p in left_out if p.x0 < a < p.x1 < b), default=a)
    high = min((p.x0 for p in left_out if a < p.x0 < b < p.x1), default=b)
    return (low + high) / 2 if low < high else (a + b) / 2


def _overflowed_gutters(pieces: list[Piece], begins: Counter, found: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Gutters that a few pieces starting inside them and running on past the next column's
    start hide (a header word wider than its narrow column, centred on it, overflows both its
    sides): before a column start shared by ``aligned_starts`` pieces, the gap from the furthest
    piece end, ``min_gutter`` wide, holding only the starts of at most ``gutter_crossings`` such
    pieces, and parting text (``_separates``)."""
    out = []
    for b in sorted(x for x, n in begins.items() if n >= config.LAYOUT.aligned_starts):
        a = max((p.x1 for p in pieces if p.x1 < b), default=None)
        if a is None or b - a < config.LAYOUT.min_gutter or any(x0 <= b and a <= x1 for x0, x1 in found):
            continue
        inside = [p for p in pieces if a < p.x0 < b]
        if inside and len(inside) <= config.LAYOUT.gutter_crossings and all(p.x1 > b for p in inside) \
                and _separates([p for p in pieces if p not in inside], a, b):
            out.append((a, b))
    return out


def _separates(pieces: list[Piece], a: float, b: float) -> bool:
    """True when the gap ``[a, b]`` parts text rather than falls inside it: at most
    ``gutter_crossings`` pieces run across it, and fewer than the pieces it keeps apart in the
    same stretch (a centred header word that starts after a column's short lines does not open a
    column that its longer lines run across)."""
    crossing = [p for p in pieces if p.x0 < a and p.x1 > b]
    if not crossing:
        return True
    lo, hi = min(p.x0 for p in crossing), max(p.x1 for p in crossing)
    parted = sum(1 for p in pieces if p.x0 < hi and p.x1 > lo and (p.x1 <= a or p.x0 >= b))
    return len(crossing) <= config.LAYOUT.gutter_crossings and parted > len(crossing)


def _one_wide_block(pieces: list[Piece], row_width: float) -> bool:
    """True for a line that is one block of text across most of its row: a band or a title.
    A row of one line is judged before its line is cut at column starts (a word of a band may
    start where a column does); in a row of several lines, text of neighbouring cells run
    together is told apart by those cuts."""
    return len(pieces) == 1 and pieces[0].x1 - pieces[0].x0 >= config.LAYOUT.spanning_share * row_width


def _bold_label(line: list[Word], pieces: list[Piece], left: float) -> bool:
    """True for a line of bold text in one piece from the row's left edge: a band or a title
    run together with table rows (a borderless table without gaps), however short."""
    return len(pieces) == 1 and all(w.bold for w in line) and abs(line[0].x0 - left) <= 1


def column_starts(words: Sequence[Word]) -> list[float]:
    """x positions where the text of many lines starts after a gap: the left edges of columns."""
    return [x for x, n in _piece_starts(words).items() if n >= config.LAYOUT.aligned_starts]


def starts_past(words: Sequence[Word], xs: Sequence[float]) -> list[float]:
    """Column starts (``column_starts``) and, past each border of ``xs``, the nearest x where a
    piece starts, where at least two do: the left edge of a column whose page holds only a few
    of its lines (a word starting there in a line run across the border is that column's,
    however narrow the gap before it)."""
    counts = _piece_starts(words)
    nearest = [min((x for x in counts if x > b), default=None) for b in xs]
    return sorted({x for x, n in counts.items() if n >= config.LAYOUT.aligned_starts}
                  | {x for x in nearest if x is not None and counts[x] >= 2})


def _piece_starts(words: Sequence[Word]) -> Counter[int]:
    """How many text pieces (``chunks``) start at each x, rounded to the point, and, in a
    monospaced font, words after a gap wider than a typed space (``beyond_a_space`` by
    ``monospace_gap_share``: two cells, "Oui 1", apart by their padding only; a proportional
    font's justified lines stretch spaces)."""
    counts: Counter[int] = Counter()
    share = config.LAYOUT.monospace_gap_share
    for line in text_lines(words):
        counts.update(round(p.x0) for p in chunks(line))
        counts.update(round(b.x0) for a, b in zip(line, line[1:])
                      if monospaced(a) and monospaced(b) and beyond_a_space(a.x1, b, share) and not apart(a.x1, b))
    return counts


def _split_at(pieces: list[Piece], line: list[Word], column_starts: Sequence[float]) -> list[Piece]:
    """Pieces cut before any word that starts a column (two cells' texts run together where a
    borderless spreadsheet leaves less than a word space between them), but between a theme
    word and its number (``_theme_word_cut``)."""
    out: list[Piece] = []
    for piece in pieces:
        inside = [w for w in line if piece.x0 <= w.x0 and w.x1 <= piece.x1]
        current = [inside[0]] if inside else []
        alone = len(inside) == len(line)  # the piece is its line's only text
        for word in inside[1:]:
            if any(abs(word.x0 - x) <= 1 for x in column_starts) and not _theme_word_cut(current, word, piece, alone):
                out.append(Piece(current[0].x0, current[-1].x1, " ".join(w.text for w in current)))
                current = []
            current.append(word)
        if current:
            out.append(Piece(current[0].x0, current[-1].x1, " ".join(w.text for w in current)))
    return out


def _theme_word_cut(current: list[Word], word: Word, piece: Piece, alone: bool) -> bool:
    """True when cutting before ``word`` would part a theme label's word from its number, a
    typed space of the font apart (``typed_space_share``): a band "Axe 1 : …" whose "1" starts
    where the titles do, one text, not two cells' texts that came close. A number that ends
    the piece beside other cells' text on its line is a cell of its own ("Education nationale"
    | "X", a mark one typed space past a monospaced pilot), a label's number opens its text
    (``alone``: the piece is its line's only text, a band "Axe 2" may end there)."""
    before = current[-1]
    typed = word.space > 0 and abs(word.x0 - before.x1 - word.space) <= config.LAYOUT.typed_space_share * word.space
    head = " ".join(w.text for w in current)
    rest = piece.text[len(head) + 1:]
    return typed and (len(rest.split()) > 1 or alone) and is_label_number(head, rest)


def _drop_marker_columns(xs: list[float], rows: list[list[Piece]]) -> list[float]:
    """Boundaries without those that would set list markers ("•", "–") apart as a column: a
    column of nothing but markers where some row holds more of them than fiche numbers (a list).
    With at most one per fiche, the signs are marks ("✓" for the call for projects) and keep their
    column, also where rows run together for want of gaps (two fiches, two numbers, two marks)."""
    kept: list[float] = []
    numbers = [sum(1 for p in row if is_numero(p.text)) for row in rows]
    for x in xs:
        left = kept[-1] if kept else float("-inf")
        inside = [[p.text.strip() for p in row if left < (p.x0 + p.x1) / 2 < x] for row in rows]
        texts = [t for row in inside for t in row]
        if texts and all(t in config.CELL_TEXT.markers for t in texts) and any(
                len(row) > max(1, n) for row, n in zip(inside, numbers)):
            continue
        kept.append(x)
    return kept


def _covered_ranges(pieces: list[Piece]) -> list[tuple[float, float]]:
    """The x-ranges covered by the pieces, overlapping ones joined."""
    return merged_intervals((p.x0, p.x1) for p in pieces)


def row_gaps(words: Sequence[Word], rules: Sequence[float] = ()) -> list[float]:
    """Row boundaries of a table without horizontal rules, in the middle of each tall gap (a gap
    that a rule already divides gives no second boundary), and between lines printed over one
    another (``stacked_borders``)."""
    upright = [w for w in words if w.direction == "ltr"]
    return sorted([(a + b) / 2 for a, b in _tall_gaps(upright, rules)] + stacked_borders(upright))


def _tall_gaps(upright: Sequence[Word], rules: Sequence[float]) -> list[tuple[float, float]]:
    """The (top, bottom) of the gaps between text lines taller than ``_row_gap_threshold``
    that no rule divides."""
    merged = _text_spans(upright)
    threshold = _row_gap_threshold(upright)
    return [(a[1], b[0]) for a, b in zip(merged, merged[1:])
            if b[0] - a[1] > threshold and not any(a[1] <= y <= b[0] for y in rules)]


def _text_spans(upright: Sequence[Word]) -> list[tuple[float, float]]:
    """The y-ranges text covers, overlapping words' ranges joined, top to bottom."""
    return merged_intervals((w.top, w.bottom) for w in upright)


def _row_gap_threshold(upright: Sequence[Word]) -> float:
    """The vertical gap above which text lines are in two rows: the typical gap between lines
    (most are between two lines of one cell) plus ``row_gap_em`` font sizes."""
    merged = _text_spans(upright)
    gaps = [b[0] - a[1] for a, b in zip(merged, merged[1:])]
    if not gaps:
        return float("inf")
    return statistics.median(gaps) + config.LAYOUT.row_gap_em * statistics.median(w.size for w in upright)


def _column_of(word: Word, xs: Sequence[float]) -> int:
    return sum(1 for x in xs if x <= word.cx)


def borders_beside_merged(words: Sequence[Word], xs: Sequence[float], ys: Sequence[float]) -> list[float]:
    """Row borders of a borderless table that a merged column's text hides: gaps every other
    column leaves open, each crossed by one block of that column's lines with other columns'
    text beside it on both sides. A column is merged (a theme cell down several rows) when one
    such block reads as a theme label ("ENJEU 2 : …") with the text of ``merged_beside_columns``
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
        least = config.LAYOUT.merged_beside_columns
        if any(n >= least and label for _, n, label in crossings) and _labels_column(upright, xs, col):
            out += [y for y, n, _ in crossings if n >= 1]
    return sorted(out)


def _labels_column(words: Sequence[Word], xs: Sequence[float], col: int) -> bool:
    """True when most of a column's blocks of text below its first one (a header) read as theme
    labels: a column of theme cells, not one whose text merely holds a "Phase 1 : …"."""
    blocks = _blocks([w for w in words if _column_of(w, xs) == col], words)[1:]
    labels = sum(_label_like(words, xs, col, (a, b)) for a, b in blocks)
    return labels >= len(blocks) - labels


def _label_like(words: Sequence[Word], xs: Sequence[float], col: int, block: tuple[float, float]) -> bool:
    """True when a block of column ``col``'s text is a theme label and nothing else: it opens
    with a theme word, a number and words ("ENJEU 2 : Favoriser …", not "Budget 2021 : 25 000 €"),
    and is one paragraph of one style (a merged cell holds its label alone; a band printed above
    a fiche's objectives, bold over plain text or followed by list items, is no merged cell)."""
    lines = text_lines([w for w in words if _column_of(w, xs) == col and block[0] <= w.top and w.bottom <= block[1]])
    match = config.TABLE.theme_pattern.match(" ".join(w.text for line in lines for w in line))
    one_style = len({w.bold for line in lines for w in line}) == 1
    items = any(line[0].text in config.CELL_TEXT.markers for line in lines[1:])
    return bool(match and match["libelle"][:1].isalpha()) and one_style and not items


def _block_over(words: Sequence[Word], xs: Sequence[float], col: int, y: float) -> tuple[float, float] | None:
    """The (top, bottom) of column ``col``'s paragraph over ``y``: its lines chained while no
    further apart than two lines of one paragraph; None when ``y`` falls between two of them."""
    return next(((a, b) for a, b in _blocks([w for w in words if _column_of(w, xs) == col], words) if a <= y <= b), None)


def _blocks(column: Sequence[Word], words: Sequence[Word]) -> list[tuple[float, float]]:
    """The (top, bottom) of a column's paragraphs: its lines chained while no further apart
    than two lines of one paragraph of the page (``words``)."""
    limit = _line_gap(words) + config.LAYOUT.row_gap_em * statistics.median(w.size for w in words)
    return merged_intervals(_text_spans(column), limit)


def crossed_paragraph(words: Sequence[Word], xs: Sequence[float], col: int, y: float) -> bool:
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
        if spanning_pieces(line, xs, starts) and not _amid_paragraph(lines, k, xs, starts):
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
    return [b for b in borders if not any(abs(b - y) < config.EXTRACT.line_tolerance for y in ys)]


def _amid_paragraph(lines: list[list[Word]], k: int, xs: Sequence[float], starts: Sequence[float]) -> bool:
    """True when line ``k`` also holds a piece of another cell that runs on above and below it at
    a line's leading (a paragraph of its column, which no border cuts): it is a table row whose
    cell text runs over a gutter its page's few lines put there (a partners cell under a centred
    header), not a band or title."""
    if not 0 < k < len(lines) - 1:
        return False
    line, above, below = lines[k], lines[k - 1], lines[k + 1]
    size = statistics.median(w.size for w in line)
    spanning = spanning_pieces(line, xs, starts)
    others = [c for c in chunks(line) if not any(p.x0 < c.x1 and c.x0 < p.x1 for p in spanning)]

    def beside(other: list[Word], piece: Piece) -> bool:
        return any(w.x0 < piece.x1 and piece.x0 < w.x1 for w in other)

    tight = (min(w.top for w in line) - max(w.bottom for w in above) <= 0.5 * size
             and min(w.top for w in below) - max(w.bottom for w in line) <= 0.5 * size)
    return tight and any(beside(above, p) and beside(below, p) for p in others)


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


def spanning_pieces(line: list[Word], xs: Sequence[float], starts: Sequence[float] = ()) -> list[Piece]:
    """Pieces of a line that run across a column border (two cells' texts that merely come
    close, in a borderless spreadsheet, are cut apart where a column starts)."""
    return [p for p in _split_at(chunks(line), line, starts) if any(p.x0 < x - 1 and p.x1 > x + 1 for x in xs)]
