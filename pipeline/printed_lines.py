"""A cell's words -> its printed lines: each line's text with a space where the words are apart,
its size and top, the gaps wider than a space it holds (``Break``), the rotated words as one more
line; and the gaps between words that may be word spaces."""

from __future__ import annotations

import statistics

from pipeline import config
from pipeline.geometry import Word, beyond_a_space, line_tolerance, text_lines
from pipeline.numbering import is_numero
from pipeline.text import Break, Line, break_unit_width


def word_gaps(words: list[Word]) -> list[float]:
    """The gaps between successive words of each line that may be word spaces (to measure the
    document's word space)."""
    return [b.x0 - a.x1 for group in text_lines(words) for a, b in zip(group, group[1:])
            if config.EXTRACT.word_space_min_em * b.size < b.x0 - a.x1 < config.EXTRACT.word_space_max_em * b.size]


def lines_of(words: list[Word], page: int) -> list[Line]:
    """The printed lines of a cell's words, top to bottom (rotated words read as one more line).
    Words of one cell are on one line within ``line_tolerance`` font sizes: a line of the next
    row printed over the cell's last (a row too short for its text) is a line of its own."""
    lines = []
    upright = [w.size for w in words if w.direction == "ltr"]
    for group in text_lines(words, line_tolerance(statistics.median(upright)) if upright else None):
        text, breaks = group[0].text, []
        for k, (prev, word) in enumerate(zip(group, group[1:]), 1):
            text += " " if word.x0 - prev.x1 > config.EXTRACT.word_space_min_em * word.size else ""
            wide = beyond_a_space(prev.x1, word)
            if wide or (text.endswith(" ") and (k == 1 and is_numero(prev.text) or is_numero(word.text))):
                breaks.append(Break(len(text), k, prev.x1, word.x0, _unit(group[k:]), word.first_char_width,
                                    beside_number=not wide))
            text += word.text
        size = statistics.median(w.size for w in group)
        lines.append(Line(text, group[0].x0, group[-1].x1, _unit(group), group[0].first_char_width, size=size, page=page,
                          top=min(w.top for w in group), words=len(group), invisible=any(w.invisible for w in group),
                          overprinted=any(w.overprinted for w in group), breaks=tuple(breaks)))
    rotated = [w for w in words if w.direction != "ltr"]
    if rotated:
        lines.append(Line(" ".join(w.text for w in rotated), 0, 0, 0, 0, page=page, top=min(w.top for w in rotated),
                          words=len(rotated), invisible=any(w.invisible for w in rotated),
                          overprinted=any(w.overprinted for w in rotated)))
    return lines


def _unit(words: list[Word]) -> float:
    return break_unit_width([(w.text, w.x0, w.x1) for w in words])
