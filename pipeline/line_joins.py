"""A fiche's text lines -> the joins at line ends that the text rules took and nothing settles:
a one-word line glued to the next line's word or set apart from it, a dash or a mark that word
wrap may have put at a line start (read by ``verifications``, which flags the fiche)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import config
from pipeline.lexicon import french
from pipeline.text import no_room, separator, split_marker, word_key

if TYPE_CHECKING:
    from pipeline.document import Document
    from pipeline.text import Line


def _maybe_two_words(left: str, right: str) -> bool:
    """True when a cut word's two pieces could be two words: the second piece (up to a slash)
    is long enough to be one, a word of one letter ("a") or a French word in lower case ("ce":
    the first piece may be a word the dictionary lacks, "multidisciplinaires"; "DIRECC" / "TE"
    are an acronym's pieces), or the join puts letters against digits ("Budget" / "2021")."""
    printed = right.split("/")[0]
    piece = word_key(printed)
    return (len(piece) >= config.CHECKS.glued_piece_min or piece in config.CELL_TEXT.one_letter_words
            or (printed.islower() and french(piece)) or (left[-1:].isalpha() and piece[:1].isdigit()))


def _printed_whole(word: str, known: frozenset[str]) -> bool:
    """True when the document prints the word whole, or each of its parts around slashes."""
    return word_key(word) in known or all(word_key(part) in known for part in word.split("/") if part)


def glued_words(doc: "Document", columns: list[list["Line"]]) -> list[str]:
    """Words the text rules made by joining a one-word line to the next line's first word (a
    word cut at the cell's edge) when that first word is long enough to be a word of its own and
    the document never prints the joined one: "bénéficiaires" / "suivis" read as
    "bénéficiairessuivis" may be two words, where "Indicateu" / "r" may not. (A break after a
    slash joins without a space by rule.) ``columns``: the lines of each text column of a fiche."""
    out = []
    for lines in columns:
        for line, following in zip(lines, lines[1:]):
            left, right = line.text.strip(), following.text.split()
            if (right and " " not in left and not left.endswith(("-", "/")) and not right[0].startswith("/")
                    and separator(line, following, doc.space, doc.known) == ""
                    and _maybe_two_words(left, right[0]) and not _printed_whole(left + right[0], doc.known)
                    and not (french(left + right[0]) and not french(left))):  # "numé" / "rique": French says one word
                out.append(left + right[0])
    return out


def split_words(doc: "Document", columns: list[list["Line"]]) -> list[str]:
    """One-word lines that fill their cell (the next line's first letter did not fit), read as
    a word followed by a short one (``split_piece_max``), where the document never prints the
    first word whole elsewhere: "bénéficiair" / "es suivis" may be one cut word as well as
    "départemental" / "de" two words. A capitalised word filling a line is a name, whole
    ("Département" / "de la Loire"). ``columns``: the lines of each text column of a fiche."""
    out = []
    for lines in columns:
        for line, following in zip(lines, lines[1:]):
            left, right = line.text.strip(), following.text.split()
            if (right and " " not in left and left[:1].islower() and left[-1:].isalpha() and right[0][:1].islower()
                    and len(word_key(right[0])) <= config.CHECKS.split_piece_max
                    and no_room(line, following) and separator(line, following, doc.space, doc.known) == " "
                    and word_key(left) not in doc.known
                    and not (french(left) and not french(left + right[0]))):  # "départemental" / "de": French says two
                out.append(f"{left} {right[0]}")
    return out


def wrapped_dashes(doc: "Document", lines: list["Line"]) -> bool:
    """True when a line opened by a dash (a sub-item marker, also a dash inside a sentence:
    "à moyen – long terme") goes on in lower case after a line that ends without punctuation
    and that the dash and its word would not have fitted on: word wrap may have put the
    sentence's dash there. ``lines``: those of one text column of a fiche."""
    return any(marker in config.CELL_TEXT.markers_needing_space and split_marker(following.text)[0] is not None
               and split_marker(following.text)[1][:1].islower() and line.text.rstrip()[-1:] not in ".,;:!?"
               and separator(line, following, doc.space, doc.known) is not None
               for line, following in zip(lines, lines[1:]) for marker in following.text.split()[:1])


def wrapped_marks(doc: "Document", lines: list["Line"]) -> list[str]:
    """Marks wrapped to a line start whose space before is a tie of the document's own evidence:
    a closing mark ("environnementaux," / "…)") it prints glued to a word about as often as after
    a space, or a separator ("nationale" / "/ CAF") it never prints, neither apart nor inside a
    word. ``lines``: those of one text column of a fiche."""
    out = []
    for line, following in zip(lines, lines[1:]):
        mark = following.text.split()[0] if following.text.split() else ""
        glued, apart = doc.marks.get(mark, (0, 0))
        tie = min(glued, apart) >= config.CELL_TEXT.mark_tie_share * (glued + apart) > 0 or _never_printed(doc, mark)
        text = config.CELL_TEXT
        if (mark and not mark.strip(text.word_punctuation) and mark[0] not in text.opening + text.spaced_marks
                and tie and line.x1 + following.first_width > line.limit - text.wrap_margin  # glued, it did not fit either
                and separator(line, following, doc.space, doc.known) is not None):
            out.append(mark)
    return out


def _never_printed(doc: "Document", mark: str) -> bool:
    """True for a separator mark (not a closing one) the document prints nowhere but at line
    starts: neither standing apart inside a line nor inside a word ("DDCS/DIRECCTE")."""
    return (mark[:1] not in config.CELL_TEXT.closing_marks and mark not in doc.known
            and not any(mark in word.strip(config.CELL_TEXT.word_punctuation) for word in doc.known.printed))
