"""A table's rows -> how its fiches sit in their cells: centred on their numbers, or starting at
them (``alignment``), by the votes of the rows that can tell (``alignment_votes``); and where
that alignment puts the borders no rule draws (``row_spans``)."""

from __future__ import annotations

import math
import statistics
from itertools import takewhile
from typing import Literal, NamedTuple

from pipeline import config
from pipeline.rows import Row, number_middle, number_tops

#: How a table's cells sit in their rows, where its rows tell: centred, top-aligned, or unknown.
CellAlignment = Literal["centred", "top", ""]


def start_votes(rows: list[Row], numero_col: int) -> list[bool]:
    """For each number after the first of a row holding several (top-aligned fiches run together,
    in a borderless table whose rows touch?): True when most other columns have a line starting
    at its height and no line of another column starts less than a line above it (a centred cell
    of an even number of lines straddles its number; cells of one line sit on it whatever the
    alignment). Tables whose rows are all set apart give none: they never need cutting."""
    votes = []
    for row in rows:
        numbers = number_tops(row, numero_col)
        others = [[ln for c in cells for ln in c.lines] for col, cells in row.cells.items() if col != numero_col]
        others = [lines for lines in others if lines]
        for top in numbers[1:]:
            hits = sum(any(abs(ln.top - top) <= config.EXTRACT.line_tolerance for ln in lines) for lines in others)
            straddled = any(top - ln.size < ln.top < top - config.EXTRACT.line_tolerance for lines in others for ln in lines)
            votes.append(hits >= config.TABLE.row_start_share * len(others) and not straddled)
    return votes


def numbers_start_rows(rows: list[Row], numero_col: int) -> bool:
    """True when rows that hold several fiche numbers are top-aligned fiches run together
    (``start_votes``)."""
    return _carried(start_votes(rows, numero_col))


def numbers_top_rows(rows: list[Row], numero_col: int) -> bool:
    """True when the rows of one number and several lines (at least ``min_evidence``) nearly all
    (``usual_column_share``) start with their number's line: a top-aligned table, where text
    above a row's number is another fiche's (the rest of one a page break cut, in a borderless
    table whose cells have no padding to set it apart)."""
    numbered = [(number_tops(r, numero_col), r) for r in rows if any(len(c.lines) > 1 for c in r.filled())]
    tall = [(numbers[0], r) for numbers, r in numbered if len(numbers) == 1]
    top = [r for number, r in tall if number - r.text_top() <= config.EXTRACT.line_tolerance]
    return len(top) >= config.TABLE.min_evidence and len(top) >= config.TABLE.usual_column_share * len(tall)


def centred_votes(rows: list[Row], numero_col: int, intitule: int | None) -> list[bool]:
    """For each row of one number and a title of several lines: True when the number faces the
    title's middle rather than its first line (spreadsheet cells centred vertically)."""
    votes = []
    for row in rows:
        numbers = number_tops(row, numero_col)
        title = sorted(ln.top for c in (row.cells.get(intitule, []) if intitule is not None else []) for ln in c.lines)
        if len(numbers) == 1 and len(title) >= 2:
            middle = (title[0] + title[-1]) / 2
            votes.append(abs(numbers[0] - middle) < abs(numbers[0] - title[0]))
    return votes


def numbers_centred(rows: list[Row], numero_col: int, intitule: int | None) -> bool:
    """True when fiche numbers sit in the middle of their rows (``centred_votes``)."""
    return _carried(centred_votes(rows, numero_col, intitule))


class AlignmentVotes(NamedTuple):
    """The rows' votes on how fiches sit in their cells, counted once for every reading of them."""

    centred: list[bool]  # ``centred_votes``
    starting: list[bool]  # ``start_votes``


def alignment_votes(rows: list[Row], numero_col: int, intitule: int | None) -> AlignmentVotes:
    return AlignmentVotes(centred_votes(rows, numero_col, intitule), start_votes(rows, numero_col))


def alignment(rows: list[Row], numero_col: int, votes: AlignmentVotes) -> tuple[bool, bool]:
    """(centred, top-aligned): the fiches' cells centred on their numbers, or starting at them.
    Where both readings have their evidence, the one more rows show wins: the rows that vote
    centred may be a page's first ones only, the rest of a fiche a break cut above a top-aligned
    number (office seed 1161: 3 rows against 15 numbers starting their lines); centred titles of
    three lines also start on their number's line (office seed 613: 37 rows against 3). Rows whose
    number faces its title's first line rather than its middle (``centred_votes`` against) tell
    top-aligned cells as numbers starting their lines do, and count with them where rows run
    together (office seed 4603: two of each, too few apart); a table whose rows are all set
    apart (no start votes) needs no cutting, and its cells are not read as starting at their
    numbers on that evidence alone (a number wrapped under its prefix, "Fiche n°" / "1.10", is
    no text of another fiche above it)."""
    centred, starting = votes
    is_centred = _carried(centred) and not (_carried(starting) and sum(starting) > sum(centred))
    # The votes against centring count too, in a table whose rows run together (it has start votes)
    at_first_lines = bool(starting) and _carried(starting + [not vote for vote in centred])
    return is_centred, not is_centred and (at_first_lines or numbers_top_rows(rows, numero_col))


def starts_doubtful(votes: AlignmentVotes) -> bool:
    """True when the rows' votes for top-aligned fiches (``start_votes``) carry it thinly: the
    votes against (numbers not starting their lines, numbers facing their titles' middle) reach
    ``alignment_doubt_share`` of those for it. Centred cells of one line, or of an odd number
    of lines, also put a line at their number's height: a few such rows look top-aligned."""
    against = len(votes.starting) - sum(votes.starting) + sum(votes.centred)
    return against >= config.TABLE.alignment_doubt_share * sum(votes.starting)


def _carried(votes: list[bool]) -> bool:
    """True when enough votes are cast (``min_evidence``) and enough of them say yes."""
    return len(votes) >= config.TABLE.min_evidence and sum(votes) >= config.TABLE.numero_column_share * len(votes)


def centred_spans(texts: list[tuple[float, float]], slack: float = 0.0) -> list[tuple[float, float]] | None:
    """The (top, bottom) of a page's fiche rows (two at least, in order, by the extent of their
    ``texts``) whose cells are centred and whose borders no rule draws: each row's borders lie
    symmetric about its text's middle (its cells centred on one line), so the first border sets
    every other; it is taken in the middle of the stretch that keeps each border between the
    texts of the rows it parts (or into them by ``slack``). None where no first border does (a
    row cut by a page break, text not centred): a border in the middle of each gap is then as
    good a guess. Gaps are unequal above and below a row that one tall neighbour (a long label
    beside it) stretched, which that guess misses."""
    if len(texts) < 2:
        return None
    low, high = -math.inf, texts[0][0] + slack
    offset, sign = 0.0, 1.0  # border k = offset + sign * border 0
    for (top, bottom), (below, _) in zip(texts, texts[1:]):
        offset, sign = top + bottom - offset, -sign
        ends = sorted(sign * (y - offset) for y in (bottom - slack, below + slack))
        low, high = max(low, ends[0]), min(high, ends[1])
    if low > high:
        return None
    borders = [(low + high) / 2]
    for top, bottom in texts:
        borders.append(top + bottom - borders[-1])
    return list(zip(borders, borders[1:]))


def _centred_texts(rows: list[Row], fiches: list[int], numero_col: int) -> list[tuple[float, float]]:
    """The stretch each fiche row (``fiches``: their indices in ``rows``, a page's) needs, its
    text with the parts around it of its fiche (``Row.opens_below``, ``Row.closes_above``: a
    centred cell's lines that the page's grid cut off its number's), widened to lie
    symmetric about its number cell's middle (the row's, its cells being centred): a top-aligned
    cell beside centred ones (objectives set to the top, the row taller than them) starts at the
    row's top, above the middle of its own text. Kept to its text where widening it would reach
    another row's (a row a page break cut: its number is centred on the whole row, not on the
    page's part of it)."""
    plain = []
    for k in fiches:
        opening = takewhile(lambda r: r.kind != "fiche", reversed(rows[:k]))
        closing = takewhile(lambda r: r.kind != "fiche", rows[k + 1:])
        plain.append((min([rows[k].text_top()] + [r.text_top() for r in opening if r.opens_below and r.filled()]),
                      max([rows[k].text_bottom()] + [r.text_bottom() for r in closing if r.closes_above and r.filled()])))
    out = []
    for j, (k, (top, bottom)) in enumerate(zip(fiches, plain)):
        middle = number_middle(rows[k], numero_col)
        middle = (top + bottom) / 2 if middle is None else middle
        reach = max(middle - top, bottom - middle)
        above, below = plain[j - 1][1] if j else -math.inf, plain[j + 1][0] if j + 1 < len(plain) else math.inf
        out.append((middle - reach, middle + reach) if above <= middle - reach and middle + reach <= below else (top, bottom))
    return out


def row_spans(rows: list[Row], aligned: CellAlignment, numero_col: int) -> list[tuple[float, float]]:
    """The (top, bottom) of each row (in document order): its grid borders, or where no rule
    draws them, those its cells' alignment tells (``_page_spans``)."""
    spans = [(r.top, r.bottom) for r in rows]
    for number in sorted({r.page for r in rows}) if aligned else []:
        ks = [k for k, r in enumerate(rows) if r.page == number]
        page_rows = [rows[k] for k in ks]
        if not any(c.bottom_drawn for r in page_rows for c in r.filled()):
            for k, span in zip(ks, _page_spans(page_rows, aligned, numero_col)):
                spans[k] = span
    return spans


def _gap_spans(texts: list[tuple[float, float]], top: float, bottom: float) -> list[tuple[float, float]]:
    """Rows (by the extent of their ``texts``) parted in the middle of each gap between two
    texts, the first from ``top`` (its row's) and the last down to ``bottom``, or to its text
    where that reaches further."""
    borders = [min(top, texts[0][0])] + [(end + below) / 2 for (_, end), (below, _) in zip(texts, texts[1:])]
    return list(zip(borders, [*borders[1:], max(bottom, texts[-1][1])]))


def _page_spans(rows: list[Row], aligned: CellAlignment, numero_col: int) -> list[tuple[float, float]]:
    """A page's rows' (top, bottom) where its cells are centred, the fiche rows' from
    ``centred_spans`` (where only blank rows and their fiches' parts lie between them; where no
    border fits, in the middle of the gaps between their texts, ``_gap_spans``), the others'
    kept between them;
    where they are top-aligned, each row from its first line to the next row's (a cell's text
    starts at its top, and the blank under it is its own: the middle of the gap is no border)."""
    if aligned == "top":  # a row whose text overflows above the row before it ends where it starts
        tops = [r.text_top() for r in rows]
        return [(top, max(top, below)) for top, below in zip(tops, [*tops[1:], rows[-1].bottom])]
    spans = [(r.top, r.bottom) for r in rows]
    fiches = [k for k, r in enumerate(rows) if r.kind == "fiche"]
    if not fiches or any(r.kind not in ("fiche", "empty") and not (r.opens_below or r.closes_above)
                         for r in rows[fiches[0]:fiches[-1]]) \
            or any(not rows[k].filled() for k in fiches):
        return spans
    texts = _centred_texts(rows, fiches, numero_col)
    slack = config.TABLE.centred_border_slack_em * statistics.median(rows[k].first_size() for k in fiches)
    read = centred_spans(texts, slack) or _gap_spans(texts, rows[fiches[0]].top, rows[fiches[-1]].bottom)
    for k, span in zip(fiches, read):
        spans[k] = span
    for k, (top, bottom) in enumerate(spans):
        if k not in fiches:  # between the fiche rows around it
            low = max((spans[j][1] for j in fiches if j < k), default=-math.inf)
            high = min((spans[j][0] for j in fiches if j > k), default=math.inf)
            top = min(max(top, low), high)
            spans[k] = (top, max(top, min(bottom, high)))
    return spans
