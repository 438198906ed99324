"""A label's printed lines -> its text as one line, the words its cell's edge cut made whole again
where French or the document's own words say so, and the cuts nothing settles told as doubts."""

from __future__ import annotations

from typing import Callable, NamedTuple

from pipeline import config
from pipeline.lexicon import french
from pipeline.text import fold, join_wrapped, word_key


def label_reading(lines: list[str], known: frozenset[str] = frozenset()) -> "Joined":
    """A label cell's lines as one text, a word its cell's edge cut made whole again where the
    line goes on with a piece of letters that is no word, French or printed whole by the document
    (``known``, ``text.vocabulary``), and the two make one ("profession" / "nels"), or with a lone
    lower-case letter ("l’épanouissemen" / "t", "Psychologique" / "s"; "A" may be "À"). Two
    pieces that neither French nor the document names, the second short and in lower case
    ("professionnalisa" / "nt"), are glued but undecided: likelier a long word the cell's edge cut
    than two words, which the page alone does not tell."""
    def word(piece: str) -> bool:
        return french(piece) or word_key(piece) in known

    def lone(piece: str) -> bool:
        return piece.isascii() and piece.islower() and piece not in "ay"

    return _joined_lines(lines, word, word, lone, lambda piece: word_key(piece) in known)


class Joined(NamedTuple):
    """Lines as one text, and whether a cut was left that nothing settles."""

    text: str
    undecided: bool


def _joined_lines(lines: list[str], word: Callable[[str], bool], joined: Callable[[str], bool],
                  lone: Callable[[str], bool], printed_whole: Callable[[str], bool]) -> Joined:
    """Lines as one text, glued where a line's first piece goes on the word before it: both are
    letters there (not a capital after a lower-case letter), the piece is no ``word`` (or is one,
    after a piece that is none) and the two
    make a ``joined`` one; a single letter
    also where it is ``lone`` (no word of its own), but never after a piece the document prints
    whole (``printed_whole``: "Axe CIL" / "E"); where both are in lower case and make a ``joined``
    one, glued but undecided (a plural's "s" carried alone, "expérimentation" / "s", or a word and
    a letter of its own: the document prints the singular); glued but undecided where two pieces
    are no word, the second in lower case and short as a cut word's end is (``_cut_end``).
    Undecided also where a lone letter stays apart, and where a lone letter is glued to a word
    into no word ("réhabilitations" / "s")."""
    text, undecided = "", False
    for line in lines:
        left, right = text.split(" ")[-1], line.split(" ")[0]
        if not (left[-1:].isalpha() and right[:1].isalpha()) or (left[-1].islower() and right[0].isupper()):
            cut = False  # no word goes on in capitals after a lower-case letter ("pour" / "PRE" is no "pourpre")
        elif word(right):  # "multidisciplinair" / "es": a piece that is no word, then a word, together a word
            cut = len(right) > 1 and not word(left) and joined(left + right)
        elif len(right) > 1:  # two pieces that are no word, the second short and in lower case: likelier one word cut
            cut = joined(left + right) or (not word(left) and _cut_end(right))
            undecided = undecided or (cut and not joined(left + right))
        elif left[-1].islower() and right.islower() and printed_whole(left) and joined(left + right):
            cut = undecided = True  # a plural's "s" carried alone, or a word and a letter of its own
        else:
            cut = not printed_whole(left) and (joined(left + right) or lone(right))
        apart = not cut and left[-1:].isalpha() and right.isalpha() and right.islower()
        guessed = cut and len(right) == 1 and word(left) and not joined(left + right)  # "réhabilitations" / "s"
        stray = apart and len(right) == 1 and lone(right)  # a letter that is no word, left alone
        undecided = undecided or guessed or stray
        text = text + line if cut else join_wrapped(text, line)
    return Joined(text, undecided)


def _cut_end(piece: str) -> bool:
    """True when a piece that is no word reads as the end of a word its cell's edge cut: in
    lower case and shorter than ``glued_piece_min`` ("professionnalisa" / "nt")."""
    return piece.isalpha() and piece.islower() and len(piece) < config.CHECKS.glued_piece_min


def rejoined(lines: list[str], printed: set[str], whole: set[str]) -> Joined:
    """A rotated label's lines as one text, a word cut across two lines made whole again ("DELINQUANC" / "E"), where
    the line goes on with a piece of letters that is no word (French, or printed whole by the
    document's cells: ``whole``, ``text.vocabulary``, folded) and the two make a French word or
    one the cells print (``printed``: every word of the cells, folded), or with a lone letter that
    the cells never print alone ("PERMANENC" / "E"). A rotated cell gives no edge to measure
    against, so the words decide."""
    def whole_word(piece: str) -> bool:
        return len(fold(piece)) > 1 and fold(piece) in whole

    def joined(piece: str) -> bool:
        return french(piece) or fold(piece) in printed

    return _joined_lines(lines, lambda piece: french(piece) or whole_word(piece), joined,
                         lambda letter: letter.isascii() and fold(letter) not in printed, whole_word)
