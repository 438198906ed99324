"""Cell lines -> clean text: typed breaks versus word wrap, hyphenated compounds, bullet items.

A PDF does not say which line breaks were typed. The rule used throughout: word wrap never
breaks a line where the next word would still have fitted, so such a break was typed. Wrapped
lines are joined with one space (no space after a hyphen that ends a compound: "socio-" +
"professionnelle"); typed breaks separate paragraphs, items or, in a pilot cell, organisations.
Where the page cannot tell (a one-word line that fills its cell: a word cut, or two words?), the
document's own vocabulary decides: the words it prints whole elsewhere (``vocabulary``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable

from pipeline import config
from pipeline.lexicon import french

#: A glyph the PDF gives no Unicode for: pdfminer's "(cid:N)", a private-use character, U+FFFD.
#: Private-use characters that office fonts draw as bullets (``config.CELL_TEXT.markers``) are read, not lost.
UNMAPPED = re.compile(r"\(cid:\d+\)|(?![" + "".join(m for m in config.CELL_TEXT.markers if "\ue000" <= m <= "\uf8ff")
                      + r"])[\ue000-\uf8ff\ufffd]")


def unmapped_glyphs(text: str) -> int:
    """How many glyphs of a text have no Unicode mapping."""
    return len(UNMAPPED.findall(text))


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of a cell."""

    text: str
    x0: float
    x1: float
    first_width: float  # width of the first unit a line break may not split ("ans ;")
    first_char: float = 0.0  # width of the line's first character
    limit: float = float("inf")  # right edge where word wrap breaks this column's lines
    edge: float = float("inf")  # the cell's right border minus its padding
    size: float = 10.0
    page: int = 0
    top: float = 0.0
    words: int = 1  # how many of the PDF's words it prints (the word account counts them)
    invisible: bool = False  # drawn invisible: an OCR layer's text
    overprinted: bool = False  # some glyphs printed over others (text overflowing its cell)
    overflows: bool = False  # runs past its column's border (cut from the next column's text there)
    #: Where the line falls apart in pieces wider apart than a word space (``geometry.beyond_a_space``:
    #: two cells' texts a page's gutters did not part), or after a fiche number opening it, left to right.
    breaks: tuple["Break", ...] = ()


@dataclass(frozen=True)
class Break:
    """A gap in a line wider than a word space, and what the line's piece after it starts with."""

    offset: int  # where the piece after it starts in the line's text
    words: int  # the PDF words before it
    end: float  # right end of the piece before it
    start: float  # left end of the piece after it
    first_width: float  # the piece after it: its first unbreakable unit, and first character
    first_char: float
    #: A word space beside a fiche number, not wider: a cut there is trusted only where the piece
    #: after it lies in one column ("3.1.2 Région", "Thème 4 : Incarnés 6" in a monospaced font).
    beside_number: bool = False


def cut_line(line: Line, at: Break) -> tuple[Line, Line]:
    """A line cut in two at one of its breaks."""
    before = [b for b in line.breaks if b.offset < at.offset]
    after = tuple(replace(b, offset=b.offset - at.offset, words=b.words - at.words) for b in line.breaks if b.offset > at.offset)
    left = replace(line, text=line.text[:at.offset].rstrip(), x1=at.end, words=at.words, breaks=tuple(before))
    right = replace(line, text=line.text[at.offset:], x0=at.start, words=line.words - at.words, breaks=after,
                    first_width=at.first_width, first_char=at.first_char)
    return left, right


def break_unit_width(words: list[tuple[str, float, float]]) -> float:
    """Width of a line's first word with the punctuation no line break may precede
    (French "ans ;" or "« logiciel »" are printed with no-break spaces)."""
    _, start, end = words[0]
    for text, _, x1 in words[1:]:
        if not config.CELL_TEXT.no_break_before.match(text):
            break
        end = x1
    return end - start


def no_room(line: Line, following: Line) -> bool:
    """True when the next line's first character would have pushed the line past its cell's edge:
    a line of one word ending there may be a word cut because it is longer than the cell."""
    return line.x1 + following.first_char > line.edge + config.CELL_TEXT.cut_word_tolerance


def separator(line: Line, following: Line, space: float, known: frozenset[str] = frozenset()) -> str | None:
    """How two successive lines of a cell join: None for a typed break, " " for word wrap,
    "" for a word cut at the line end (a compound's hyphen, or a word too long for the cell).
    ``known``: the words the document prints whole (``vocabulary``)."""
    left, right = line.text.rstrip(), following.text.lstrip()
    if cut_after_hyphen(left, right):
        return ""
    if (" " not in left and split_marker(right)[0] is None and not _new_word(left, right)
            and no_room(line, following) and not _two_words(left, right.split()[0] if right else "", known)):
        return ""  # a word longer than the cell, cut where its next character did not fit
    if line.x1 + space + following.first_width <= line.limit - config.CELL_TEXT.wrap_margin:
        return None
    if left.endswith(config.CELL_TEXT.item_end) and re.match(r"[A-ZÀ-Ý][a-zà-ÿ]", right):
        return None
    mark = right.split()[0] if right else ""
    if (known and mark and not mark.strip(config.CELL_TEXT.word_punctuation) and mark not in known
            and mark[0] not in config.CELL_TEXT.opening + config.CELL_TEXT.spaced_marks
            and not _spaced_separator(mark, known)):
        return ""  # a closing mark the document never sets apart, wrapped alone: "environnementaux," / "…)"
    return " "


def _spaced_separator(mark: str, known: frozenset[str]) -> bool:
    """True for a separator (no closing, opening or spaced mark) standing alone at a line start,
    a space after it, that the document never glues inside a word ("DDCS/DIRECCTE"): typed
    spaced on one side, it was on the other ("nationale" / "/ Mission")."""
    text = config.CELL_TEXT
    if mark[0] in text.closing_marks + text.opening + text.spaced_marks:
        return False
    printed = known.printed if isinstance(known, Vocabulary) else known
    return not any(mark in word[1:-1] for word in printed)


def word_key(word: str) -> str:
    """A word as the vocabulary knows it: lower case, without the punctuation around it (a
    mark standing alone, like the French " :", is its own key)."""
    return unicodedata.normalize("NFC", word.strip(config.CELL_TEXT.word_punctuation).lower()) or word


class Vocabulary(frozenset):
    """The words a document prints whole (``vocabulary``); ``printed``: every word it prints,
    those at a line's ends included (a whole word there, or the half of a cut one)."""

    printed: frozenset[str]

    def __new__(cls, whole: Iterable[str] = (), printed: Iterable[str] = ()) -> "Vocabulary":
        made = super().__new__(cls, whole)
        made.printed = frozenset(printed)
        return made


def vocabulary(cells: Iterable[list[Line]]) -> Vocabulary:
    """The words a document prints whole, from the lines of each of its cells: the words inside
    a line, its last word when the line stops short of the cell's edge by more than a character,
    and its first word when the line before did (else they may be halves of a cut word; a
    cell's first line may continue a word cut at the foot of the cell above it, on the page
    before or in a grid row that split a cell), and a word filling its line that several lines
    go on from with other words (``_ends_whole``). Single ASCII letters are left out."""
    printed: set[str] = set()
    anywhere: set[str] = set()
    goes_on: dict[str, set[str]] = {}
    for lines in cells:
        for k, line in enumerate(lines):
            parts = line.text.split()
            first = 0 if k and _short(lines[k - 1]) else 1
            last = len(parts) if _short(line) else len(parts) - 1
            printed.update(parts[first:last])
            anywhere.update(word_key(w) for w in parts)
            following = lines[k + 1].text.split() if k + 1 < len(lines) else []
            if parts and following and split_marker(lines[k + 1].text)[0] is None:
                goes_on.setdefault(parts[-1], set()).add(word_key(following[0]))
    printed.update(word for word, nexts in goes_on.items() if _ends_whole(word, nexts))
    words = {word_key(piece) for w in printed for piece in [w, *w.split("/")]}
    # A lone ASCII letter says nothing ("Indicateur" / "s"); "à" and a standing ":" are words.
    return Vocabulary((w for w in words if len(w) > 1 or (w and not (w.isascii() and w.isalpha()))), anywhere)


def mark_spacing(cells: Iterable[list[Line]]) -> dict[str, tuple[int, int]]:
    """How often a document prints each run of closing marks inside a line glued to the word
    before it ("associations…)" counts for "…)" and ")") and after a space (", …)"): the
    evidence for the space before such a run wrapped to a line start."""
    glued: Counter[str] = Counter()
    apart: Counter[str] = Counter()
    for lines in cells:
        for line in lines:
            for word in line.text.split()[1:]:
                if not word.strip(config.CELL_TEXT.word_punctuation):
                    apart[word] += 1
                elif tail := re.search(r"(?<=[^\W_])[^\w\s]+$", word):
                    glued.update(tail[0][k:] for k in range(len(tail[0])))
    return {mark: (glued[mark], apart[mark]) for mark in glued.keys() | apart.keys()}


def _ends_whole(word: str, nexts: set[str]) -> bool:
    """True when a word that ends lines is whole, for the lines after it open with two words or
    more, none the start of another and none making a French word with it: a word cut at a
    cell's edge goes on with its own rest ("professionnalisati" / "on", each time it is cut at
    that width); a word the width of its column (a browser sizes a column to its longest word)
    is followed by whatever comes next ("multidisciplinaires" / "ce", / "réelle")."""
    distinct = sorted(n for n in nexts if n)
    if len(distinct) < 2 or any(b.startswith(a) for a, b in zip(distinct, distinct[1:])):
        return False
    return not any(french(word + n) for n in distinct)


def _short(line: Line) -> bool:
    return line.x1 < line.edge - config.CELL_TEXT.whole_word_margin_em * line.size


def _two_words(left: str, right: str, known: frozenset[str]) -> bool:
    """True when a line's last word and the next line's first are two words: the document
    never prints the two run together, and prints one of them whole ("départemental" / "de",
    "bénéficiaires" / "suivis"; unlike "associati" / "ons", "lecture/numéri" / "que"), unless
    it prints the two run together somewhere and not the first alone ("bénéficiair" / "es",
    where "bénéficiaires" opens a line elsewhere), or unless the joined word is French and the
    first piece is not (``lexicon``). Where the document prints none of the three, the language
    decides: two French words that do not make one ("Appel" / "à": a word of one letter counts).
    A mark the document prints after a space ("Indicateur" / ": nombre", "Département" / "/ CAF")
    is a word of its own, but for a closing one; so is a separator typed spaced (``_spaced_separator``)."""
    if right and not right.strip(config.CELL_TEXT.word_punctuation):  # ":" and "/" may stand apart, "," never does
        return (right in known and right[0] not in config.CELL_TEXT.closing_marks) or _spaced_separator(right, known)
    printed_last = left.split("/")[-1]  # as printed: a capital may stand for an accented letter ("Education")
    last, first = word_key(printed_last), word_key(right)
    joined = word_key(last + right)
    if isinstance(known, Vocabulary) and joined in known.printed and last not in known:
        return False
    if joined not in known and last not in known and first not in known:  # the document says nothing: the language does
        return (french(printed_last) and (french(right) or first in config.CELL_TEXT.one_letter_words)
                and not french(printed_last + right))
    if french(printed_last + right) and not french(printed_last):
        return False
    return joined not in known and (first in known or (last in known and len(first) > 1))


def _new_word(left: str, right: str) -> bool:
    """A lower-case letter then a capital ("Métropole" / "Ville"), a letter then a number of
    several digits ("semestre" / "2025": French sets a number apart from a word), a mark that
    ends a word ("Préfecture," / "Etat"), an opening bracket or quote ("pluriprofessionnelle" /
    "(quartier"), or an elided article ("l’employabilité" / "l'ouverture"): two words, never one cut."""
    return (bool(re.search(r"[a-zà-ÿ]$", left) and re.match(r"[A-ZÀ-Ý]", right)) or right[:1] in config.CELL_TEXT.opening
            or bool(re.search(r"[^\W\d_]$", left) and re.match(r"\d{2,}(?![^\W\d_])", right))
            or left[-1:] in config.CELL_TEXT.word_end_marks or bool(config.CELL_TEXT.elision.match(right)))


def split_marker(text: str) -> tuple[int | None, str]:
    """The level of the item a line's marker opens (None without marker), and the text after it."""
    stripped = text.lstrip()
    for marker, level in config.CELL_TEXT.markers.items():
        if not stripped.startswith(marker):
            continue
        rest = stripped[len(marker):]
        if marker in config.CELL_TEXT.markers_needing_space and not rest[:1].isspace():
            continue
        if not rest.strip() and marker in config.CELL_TEXT.markers_needing_space:
            continue
        return level, rest.strip()
    return None, text.strip()


def paragraphs(lines: list[Line], space: float, known: frozenset[str] = frozenset()) -> list[str]:
    """The cell's text split at typed line breaks, wrapped lines joined."""
    out: list[str] = []
    for i, line in enumerate(lines):
        sep = separator(lines[i - 1], line, space, known) if i else None
        if sep is None:
            out.append(line.text.strip())
        else:
            out[-1] = f"{out[-1]}{sep}{line.text.strip()}"
    return [p for p in out if p]


def items(lines: list[Line], space: float, bullet_x: float | None = None,
          known: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """Objective items ``(level, text)``: a marker or a typed break opens a new item, a marker
    alone on its line the item of the line below (its first word too long to fit beside it). A bullet
    indented deeper than the column's first-level bullets (``bullet_x``: where the leftmost
    bullets of the column stand) is a sub-item, whatever its marker: word processors draw
    every level of a list with the same bullet."""
    if bullet_x is None:
        bullet_x = min((ln.x0 for ln in lines if split_marker(ln.text)[0] is not None), default=0.0)
    out: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        level, text = split_marker(line.text)
        if level is None and text in config.CELL_TEXT.markers and i + 1 < len(lines) \
                and split_marker(lines[i + 1].text)[0] is None:  # a marker alone: its first word wrapped
            level, text = config.CELL_TEXT.markers[text], ""
        sep = separator(lines[i - 1], line, space, known) if i else None
        if level is not None:
            deeper = line.x0 > bullet_x + config.CELL_TEXT.sub_item_indent_em * line.size
            out.append((max(level, 2) if deeper else level, text))
        elif out and not out[-1][1]:  # the first line of an item whose marker stands alone
            out[-1] = (out[-1][0], text)
        elif out and sep is not None and not _next_in_sequence(text, out[-1][1]):
            out[-1] = (out[-1][0], f"{out[-1][1]}{sep}{text}")
        elif text:
            out.append((0, text))
    return [(level, text) for level, text in out if text]


def _next_in_sequence(text: str, item: str) -> bool:
    """A line that numbers the paragraph after the current item's ("Phase 2 :" after "Phase 1 :",
    "2)" after "1)") opens a paragraph even where word wrap could have broken the line."""
    this, opened = config.CELL_TEXT.enumerator.match(text), config.CELL_TEXT.enumerator.match(item)
    return bool(this and opened and fold(this["word"] or "") == fold(opened["word"] or "")
                and int(this["n"]) == int(opened["n"]) + 1)


def join_wrapped(left: str, right: str) -> str:
    """Join two wrapped lines: one space, or none after a compound's hyphen ("socio-")."""
    if not left or not right:
        return left or right
    return left + right if cut_after_hyphen(left, right) else f"{left} {right}"


def cut_after_hyphen(left: str, right: str) -> bool:
    """True for a hyphenated compound or range that wrap cut after its hyphen: "socio-" /
    "culturel", "CM2-" / "6ème", "10-" / "12 ans"."""
    return re.search(r"[^\W_]-$", left) is not None and re.match(r"[^\W_]", right) is not None


def at_line_pitch(above: Line, below: Line) -> bool:
    """True when ``below`` is the line after ``above`` in one paragraph or label: their tops a
    line's pitch apart (``line_pitch_em``)."""
    low, high = config.TABLE.line_pitch_em
    return low <= (below.top - above.top) / max(above.size, below.size, 1.0) <= high


def offset_lines(lines: list[Line]) -> bool:
    """True when two successive upright lines of one cell lie closer than a line pitch
    (``cell_line_pitch_min_em``): texts of two cells at offset heights, read as one."""
    upright = sorted((ln for ln in lines if ln.x1 > ln.x0), key=lambda ln: (ln.page, ln.top))
    return any(a.page == b.page and b.top - a.top < config.TABLE.cell_line_pitch_min_em * min(a.size, b.size)
               for a, b in zip(upright, upright[1:]))


def crowded(lines: list[Line]) -> bool:
    """True when a cell's lines are two texts at offset heights (``offset_lines``) or print
    glyphs over one another or over a rule: text that overflowed its cell into another."""
    return offset_lines(lines) or any(ln.overprinted for ln in lines)


def middle(lines: list[Line]) -> float:
    """Halfway between the top of the first of some lines and the bottom of the last."""
    return (min(ln.top for ln in lines) + max(ln.top + ln.size for ln in lines)) / 2


def centre_offset(lines: list[Line], number: Line) -> float:
    """How far the middle of some lines lies from a number's line, in lines of its size."""
    return abs(middle(lines) - number.top - number.size / 2) / (number.size or 10.0)


def join_lines(lines: Iterable[str]) -> str:
    """Wrapped lines as one text (``join_wrapped`` between each two)."""
    text = ""
    for line in lines:
        text = join_wrapped(text, line)
    return text


def collapse(value):
    """Text with whitespace runs made single spaces (lists: each item), for comparing fields."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [collapse(v) for v in value]
    return value


def remove_residue(text: str) -> tuple[str, list[str]]:
    """Text without spreadsheet cell ranges glued into it ("F28:F33Le" -> "Le"), and what was cut."""
    found = [m.group(0) for m in config.CELL_TEXT.residue_pattern.finditer(text)]
    if not found:
        return text, []
    cleaned = config.CELL_TEXT.residue_pattern.sub("", text)
    return re.sub(r"\s{2,}", " ", cleaned).strip(), found


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: for matching words."""
    text = text.replace("°", "o").replace("º", "o")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def compact(text: str) -> str:
    """Folded text without spaces: a header compares equal however its lines were cut."""
    return fold(text).replace(" ", "")


def known_mark(mark: str) -> bool:
    """True for a call-for-projects mark the reader knows, a "yes" or a "no" ("Oui", "X", "✓", "Non")."""
    folded = fold(mark)
    known = config.CELL_TEXT.yes_marks | config.CELL_TEXT.no_marks
    return folded in known or mark.strip() in config.CELL_TEXT.yes_marks
