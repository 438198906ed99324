"""Words on a page and the small geometry every stage shares: runs of close values, linked
groups, joined intervals, text lines, and the choice of increasing positions that costs least."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from pipeline import config

Box = tuple[float, float, float, float]  # (x0, top, x1, bottom), in points from the page's top-left corner
Border = tuple[float, float, float]  # (y, x0, x1): a drawn border across, in points from the page's top-left corner


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
    overprinted: bool = False  # some of its glyphs lie over other glyphs, or over its cell's rule

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def apart(end: float, word: Word) -> bool:
    """True when the gap between a line's text ending at ``end`` and its next word is wider than
    a word space could be: two cells' texts (``config.LAYOUT.chunk_gap_em``, ``chunk_gap_spaces``)."""
    return word.x0 - end > max(config.LAYOUT.chunk_gap_em * word.size, config.LAYOUT.chunk_gap_spaces * word.space)


def monospaced(word: Word) -> bool:
    """True when the word's glyphs are as wide as its font's space, each (a monospaced font)."""
    width = (word.x1 - word.x0) / max(len(word.text), 1)
    return word.space > 0 and abs(width - word.space) <= config.LAYOUT.monospace_tolerance * word.space


def beyond_a_space(end: float, word: Word, share: float | None = None) -> bool:
    """True when the gap between a line's text ending at ``end`` and its next word is wider than
    a space typed in the word's font, by ``share`` of it (``config.LAYOUT.typed_space_share``
    unless given), and than a narrow word space (``chunk_gap_em``): where two cells' texts may
    meet, in a monospaced font too (a cell padding is a little more than one of its spaces)."""
    gap, share = word.x0 - end, config.LAYOUT.typed_space_share if share is None else share
    return gap > config.LAYOUT.chunk_gap_em * word.size and gap > (1 + share) * word.space


def cluster(items: Sequence, key, tolerance: float) -> list[list]:
    """Group items sorted by ``key`` into runs whose successive keys differ by <= tolerance."""
    groups: list[list] = []
    for item in sorted(items, key=key):
        if groups and key(item) - key(groups[-1][-1]) <= tolerance:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def chained(items: Iterable, goes_on: Callable[[Any, Any], bool]) -> list[list]:
    """The items in their order, cut into chains in which each item ``goes_on`` from the one before."""
    out: list[list] = []
    for item in items:
        if out and goes_on(out[-1][-1], item):
            out[-1].append(item)
        else:
            out.append([item])
    return out


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


def weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    """The value under which half the weight lies; midway between two values when half falls
    exactly between them, so that equal weights give the plain median."""
    pairs = sorted(zip(values, weights))
    half, below = sum(weights) / 2, 0.0
    for k, (value, weight) in enumerate(pairs):
        below += weight
        if below > half:
            return value
        if below == half:
            return (value + pairs[k + 1][0]) / 2
    raise ValueError("weighted_median of nothing")


def line_tolerance(size: float) -> float:
    """How far apart the tops of one line's glyphs may lie for text of ``size`` points:
    ``line_tolerance``, and at most ``line_tolerance_em`` font sizes (unknown sizes: the former)."""
    if size <= 0:
        return config.EXTRACT.line_tolerance
    return min(config.EXTRACT.line_tolerance, config.EXTRACT.line_tolerance_em * size)


def text_lines(words: Sequence[Word], tolerance: float | None = None) -> list[list[Word]]:
    """Upright words grouped by line (tops within ``tolerance``, by default ``line_tolerance``;
    words covering each other are never one line, ``_unstacked``), each line sorted left to right."""
    upright = [w for w in words if w.direction == "ltr"]
    lines = cluster(upright, key=lambda w: w.top, tolerance=config.EXTRACT.line_tolerance if tolerance is None else tolerance)
    return [sorted(part, key=lambda w: w.x0) for line in lines for part in _unstacked(line)]


def cover_each_other(a: Word, b: Word) -> bool:
    """True when two words lie over each other along their line by more than ``stack_overlap_em``
    of the smaller one's size: texts printed over one another (kerning stays far below)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > config.EXTRACT.stack_overlap_em * min(a.size, b.size)


def _unstacked(line: list[Word]) -> list[list[Word]]:
    """A line's words (sorted by top) parted into lines, top to bottom, where some lie over
    others along it (``stack_overlap_em``: a line printed over another, a little lower): at the
    widest step between their tops, while words still cover each other."""
    covered = any(cover_each_other(a, b) for k, a in enumerate(line) for b in line[k + 1:])
    steps = [b.top - a.top for a, b in zip(line, line[1:])]
    if not covered or not steps or max(steps) <= 0:
        return [line]
    k = steps.index(max(steps)) + 1
    return _unstacked(line[:k]) + _unstacked(line[k:])


def merged_intervals(spans: Iterable[tuple[float, float]], gap: float = 0.0) -> list[tuple[float, float]]:
    """The intervals sorted, those that overlap or lie at most ``gap`` apart joined."""
    out: list[list[float]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + gap:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(start, end) for start, end in out]


Step = Callable[[float, float, int], float]


def _cheapest(options: Sequence[Sequence[float]], start: float, step: Step,
              end: Callable[[float], float]) -> tuple[float, list[float]]:
    """(cost, values) of ``cheapest_increasing``; (inf, []) when no increasing choice exists."""
    best: dict[float, tuple[float, list[float]]] = {start: (0.0, [])}  # last value -> (cost so far, values)
    for k, choices in enumerate(options):
        best = {c: min((total + step(last, c, k), path + [c]) for last, (total, path) in best.items() if last < c)
                for c in choices if any(last < c for last in best)}
    return min(((total + end(last), path) for last, (total, path) in best.items()), default=(float("inf"), []))


def cheapest_increasing(options: Sequence[Sequence[float]], start: float, step: Step,
                        end: Callable[[float], float]) -> list[float]:
    """One value from each list of ``options``, strictly increasing from ``start``, that costs
    least: ``step(previous, value, k)`` for the k-th choice, plus ``end(last)``. A dynamic
    programme over the last value chosen; empty when the options allow no increasing choice."""
    return _cheapest(options, start, step, end)[1]


def cheapest_with_ties(options: Sequence[Sequence[float]], start: float, step: Step, end: Callable[[float], float],
                       share: float) -> tuple[list[float], list[tuple[float, float]]]:
    """``cheapest_increasing``'s choice, and the stretches between a value it chose and another
    of its options whose best choice costs less than ``share`` times their distance more:
    decisions that the costs take by a near tie. (Where every cost measures a distance, moving
    a value by ``d`` past what fits costs about ``d``.)"""
    cost, path = _cheapest(options, start, step, end)
    ties = []
    for k, chosen in enumerate(path):
        for other in options[k]:
            forced = [*options[:k], [other], *options[k + 1:]]
            if other != chosen and _cheapest(forced, start, step, end)[0] - cost < share * abs(other - chosen):
                ties.append((min(chosen, other), max(chosen, other)))
    return path, ties
