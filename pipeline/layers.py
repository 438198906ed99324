"""A page's characters in the order the PDF draws them -> the texts printed over one another:
each run of characters drawn along one line that covers another run of that line gets a layer of
its own (``char["layer"]``), so that words are read from one text at a time and never interleave
two texts' glyphs (a row too short for its text, whose last line a spreadsheet prints over the
next row's first one; a browser's rotated label run over the next one). Other characters keep
layer 0. And a page's words -> the row borders such lines tell (``stacked_borders``)."""

from __future__ import annotations

import statistics
from typing import Iterator, Sequence

from pipeline import config
from pipeline.geometry import Word, apart, chained, cluster, cover_each_other, line_tolerance


def _along(char: dict) -> tuple[float, float]:
    """Where a character starts and ends in its reading direction (upright: left to right;
    rotated: down or up the page)."""
    if char["direction"] in ("ltr", "rtl"):
        return char["x0"], char["x1"]
    if char["direction"] == "btt":
        return -char["bottom"], -char["top"]
    return char["top"], char["bottom"]


def _across(char: dict) -> float:
    """Where a character's line stands across its reading direction."""
    return char["top"] if char["direction"] in ("ltr", "rtl") else char["x0"]


def _same_line(a: dict, b: dict) -> bool:
    """True when two characters of one direction stand on one line (``line_tolerance``; rotated
    lines stand closer, ``rotated_line_tolerance_em``)."""
    size = min(a["fontsize"], b["fontsize"])
    tolerance = line_tolerance(size)
    if a["direction"] not in ("ltr", "rtl"):
        tolerance = min(tolerance, config.EXTRACT.rotated_line_tolerance_em * size)
    return a["direction"] == b["direction"] and abs(_across(a) - _across(b)) <= tolerance


def _continues(previous: dict, char: dict) -> bool:
    """True when ``char``, drawn right after ``previous``, goes on along its line: on it, after
    it, no further than a word space could be (``word_space_max_em``)."""
    start, end = _along(char)[0], _along(previous)[1]
    gap = config.EXTRACT.word_space_max_em * char["fontsize"]
    return (_same_line(previous, char) and char["invisible"] == previous["invisible"]
            and _along(previous)[0] <= start <= end + gap)


def drawn_runs(chars: list[dict]) -> list[list[dict]]:
    """The characters in drawing order, cut into runs that each go on along one line."""
    return chained(chars, _continues)


def _covers(a: list[dict], b: list[dict]) -> bool:
    """True when two runs of one line lie over each other along it by more than
    ``stack_overlap_em`` (kerned glyphs touch by far less), unless one is a copy of the other
    drawn in place (a fake bold: the same text, starting within that overlap)."""
    if a[0]["invisible"] or b[0]["invisible"] or not _same_line(a[0], b[0]):
        return False
    size = min(a[0]["fontsize"], b[0]["fontsize"])
    reach = config.EXTRACT.stack_overlap_em * size
    (a0, a1), (b0, b1) = (_along(a[0])[0], _along(a[-1])[1]), (_along(b[0])[0], _along(b[-1])[1])
    copy = "".join(c["text"] for c in a) == "".join(c["text"] for c in b) and abs(a0 - b0) <= reach
    return min(a1, b1) - max(a0, b0) > reach and not copy


def _pairs(drawn: list[list[dict]]) -> Iterator[tuple[int, int]]:
    """Pairs of runs (indices) that may stand on one line: runs sorted across the page, each
    with those whose first character stands within the widest line tolerance of its own."""
    order = sorted(range(len(drawn)), key=lambda k: (drawn[k][0]["direction"], _across(drawn[k][0])))
    for i, k in enumerate(order):
        for j in order[i + 1:]:
            first, other = drawn[k][0], drawn[j][0]
            if other["direction"] != first["direction"] or _across(other) - _across(first) > config.EXTRACT.line_tolerance:
                break
            yield k, j


def mark_layers(chars: list[dict]) -> None:
    """Give each character its ``layer``: 0, or for the runs that cover another run of their
    line, a number of their own (from 1, in drawing order)."""
    drawn = drawn_runs(chars)
    stacked = sorted({k for pair in _pairs(drawn) if _covers(drawn[pair[0]], drawn[pair[1]]) for k in pair})
    for char in chars:
        char["layer"] = 0
    for layer, k in enumerate(stacked, 1):
        for char in drawn[k]:
            char["layer"] = layer


def by_layer(by_direction: dict[str, list[dict]]) -> dict[tuple[str, int], list[dict]]:
    """Each direction's characters by layer: the words of a text printed over another are read
    from its own glyphs."""
    out: dict[tuple[str, int], list[dict]] = {}
    for direction, group in by_direction.items():
        for char in group:
            out.setdefault((direction, char["layer"]), []).append(char)
    return out


def stacked_borders(upright: Sequence[Word]) -> list[float]:
    """Row borders that lines printed over one another tell: a row too short for its text runs
    its last line over the next row's first, a little lower (two words crossing each other,
    ``stack_overlap_em`` along the line, ``word_overlap_share`` of their height across); the
    border lies between the two lines' middles (a word belongs to the row its middle is in), where
    no other word runs across it (a centred cell overflowing its row the other way)."""
    out: list[float] = []
    stacked: set[Word] = set()
    ordered = sorted(upright, key=lambda w: w.top)
    for k, a in enumerate(ordered):
        for b in ordered[k + 1:]:
            if b.top >= a.bottom:
                break
            size = min(a.size, b.size)
            across = min(a.bottom, b.bottom) - b.top
            if cover_each_other(a, b) and across > config.EXTRACT.word_overlap_share * size \
                    and b.cy - a.cy > config.EXTRACT.word_overlap_share * size:
                out.append((a.cy + b.cy) / 2)
                stacked |= {a, b}
    borders = [statistics.median(group) for group in cluster(out, key=float, tolerance=config.EXTRACT.line_tolerance)]
    own = _pieces_of(stacked, upright)
    return [y for y in borders if not any(_runs_across(w, y) for w in upright if w not in own)]


def _pieces_of(words: set[Word], upright: Sequence[Word]) -> set[Word]:
    """The words of the pieces of text holding ``words``: on their line (their top shared within
    ``line_top_tolerance_em``), no wider gap than a word space between them (``apart``)."""
    out: set[Word] = set()
    for word in words:
        line = sorted((w for w in upright if abs(w.top - word.top) <= config.EXTRACT.line_top_tolerance_em * word.size),
                      key=lambda w: w.x0)
        k = line.index(word)
        start = next((j + 1 for j in range(k, 0, -1) if apart(line[j - 1].x1, line[j])), 0)
        end = next((j for j in range(k + 1, len(line)) if apart(line[j - 1].x1, line[j])), len(line))
        out.update(line[start:end])
    return out


def _runs_across(word: Word, y: float) -> bool:
    """True when a word reaches past ``y`` on both sides by more than ``word_overlap_share`` of its size."""
    reach = config.EXTRACT.word_overlap_share * word.size
    return word.top + reach < y < word.bottom - reach
