"""Every tunable value of the pipeline, with how it was chosen: one frozen settings dataclass per
stage (``settings.Checked``: checked when made), the reader's here and in ``table_config.py``
(the table's structure), the later stages' in ``output_config.py``, and one instance of each,
read as ``config.TABLE.cell_line_pitch_min_em``.

Lengths are PDF points (1/72 inch). Values expressed as a ratio of the font size scale with the
document; absolute values are only used where the PDF producer, not the text, sets them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

# The later stages' settings and the table's structure, read as ``config.PILOTS`` and
# ``config.TABLE`` like the others:
from pipeline.output_config import CONTROLE, DIFF, EMIT, FILES, PILOTS, TERRITORY  # noqa: F401
from pipeline.settings import Checked
from pipeline.table_config import TABLE, Table  # noqa: F401


@dataclass(frozen=True)
class Extract(Checked):
    """Extraction: characters, words and ruling lines."""

    #: Two characters on one line belong to the same word when the gap between them is below this
    #: many font sizes (pdfplumber's fixed 3 pt glued the texts of two cells of a borderless
    #: spreadsheet, 2.8 pt apart at 8 pt; a word space without a space character is 0.25 em or more).
    word_gap_em: float = 0.25
    #: Characters whose baselines differ by less than this are on one line (pdfplumber's default).
    line_tolerance: float = 3.0
    #: …and at most this many font sizes, for text under 7.5 pt: lines of a page are found by
    #: chaining characters whose tops lie within the tolerance, and in a centred borderless table
    #: the neighbouring columns' lines sit at every height; once the tolerance passes half the
    #: line pitch (about 1.1 em), two lines of one cell chain into one and their glyphs interleave
    #: (office seed 303: 4.8-pt text, lines 5.6 pt apart, 3 pt chained them).
    line_tolerance_em: float = 0.4
    #: Rotated glyphs of one line share their baseline exactly (one text matrix per line), and the
    #: lines of a small rotated label are closer than ``line_tolerance`` (4.6 pt at 5 pt); two
    #: labels side by side would chain them into one: across a rotated line, this many font sizes.
    rotated_line_tolerance_em: float = 0.25
    #: A word's glyphs longer together than the word by this share are printed over one another: two
    #: labels of a browser print overflowing onto each other interleave their glyphs (together about
    #: twice the word's length); kerning ("P." tucks the period under the P: 16 % in the browser
    #: prints) and abutting glyphs stay far below.
    overprint_share: float = 0.4
    #: Between two words of a line, a gap under this many font sizes is no space (kerning, glyphs
    #: placed one by one: the words run together); the narrowest space of the fonts tried (condensed,
    #: monospaced) is about 0.2 em.
    word_space_min_em: float = 0.1
    #: A gap of this many font sizes or more is no word space either (a tab, a gutter): left out when
    #: the document's word space is measured.
    word_space_max_em: float = 1.0
    #: The word space taken, in font sizes, for a document whose lines never hold two words.
    default_space_em: float = 0.25
    #: Font names containing one of these words are bold (used to tell header rows from data).
    bold_font_words: tuple[str, ...] = ("bold", "black", "heavy", "semibold", "demibold")
    #: A drawn segment shorter than this is not a rule (bullets, check boxes and glyph art are).
    min_rule_length: float = 4.0
    #: A filled, unstroked shape thicker than this in both directions is a background (a shaded
    #: row, cell or band); a rule is a line, or a filled rectangle under 2 pt thick, as office
    #: producers and browsers draw borders. A background's top and bottom are row borders. On a
    #: page that draws no vertical rule, its sides are not column rules: a shaded row (drawn whole,
    #: or cell by cell as a browser does) would make a borderless table look ruled and merge its
    #: columns (27, then 45, of 69 fiches lost). Where the page draws column rules they stay (a
    #: spreadsheet's shaded header row gives the table's outer border).
    background_min_thickness: float = 2.0
    #: A small shape drawn just before the first word of a line is a list marker, as browsers draw
    #: them (a disc, a circle, a square): at most this many points either way…
    marker_shape_max: float = 8.0
    #: …between these shares of the word's font size (a disc is 0.3 to 0.4 em)…
    marker_shape_em: tuple[float, float] = (0.1, 0.8)
    #: …about as tall as wide…
    marker_shape_aspect: float = 1.6
    #: …and at most this many font sizes before the word, with no text before it on its line
    #: within the same distance.
    marker_shape_gap_em: float = 2.0
    #: Rule ends closer than this are joined, and rule positions closer than this are the same line
    #: (office producers draw each cell border separately, a fraction of a point apart).
    rule_snap: float = 2.0
    #: A cell border is drawn when rules cover at least this share of it; otherwise the two cells on
    #: either side are one merged cell.
    border_coverage: float = 0.5
    #: Two upright words whose boxes cross, over this share of the lower one's height, are printed
    #: over one another: a cell's last line run out of its row onto the next row's first (office seed
    #: 781: 58 % at 6 pt). Successive lines of a cell, a line pitch apart (1.1 em and more), overlap
    #: by a tenth of a size at most; a top-aligned first line poking over its rule crosses no word.
    word_overlap_share: float = 0.3
    #: Two runs of characters the PDF draws apart, on one line, lying over each other along it by
    #: more than this many font sizes are two texts printed over one another (``layers``): half a
    #: glyph, where kerning tucks a glyph under its neighbour by a tenth of a size at most.
    stack_overlap_em: float = 0.5
    #: The words of one printed line share their top within this many font sizes (a run drawn
    #: glyph by glyph; a line printed over another one lies 0.3 em away from it or more, office
    #: seeds 4412, 5151).
    line_top_tolerance_em: float = 0.05
    #: A cell's text that overflowed past the table's frame runs on through its rule: the nearest
    #: line beyond it reaches within this many points of the rule (office seed 2195: 0.2 pt past
    #: it); a caption or running title beside the frame keeps a margin (3.3 pt in office seed 2101).
    overflow_reach: float = 1.0


EXTRACT = Extract()


@dataclass(frozen=True)
class Layout(Checked):
    """Layout of tables without rules: gutters, row gaps, spanning text."""

    #: Within a line, a gap wider than this many font sizes separates two columns' text: a word
    #: space is 0.25 to 0.33 em, a gutter is two cell paddings (6 to 11 pt in office tables).
    chunk_gap_em: float = 0.45
    #: …and than this many of the font's own word spaces (a monospaced space is 0.6 em).
    chunk_gap_spaces: float = 1.3
    #: A gap within this share of the font's word space is a typed space: a theme word and its
    #: number so apart are one label (a band "Thème 1 – …" whose "1" starts where the titles do),
    #: not cut there where a column starts (alone, it proves nothing: two cells' texts came as close).
    typed_space_share: float = 0.1
    #: A word is monospaced when its glyphs' mean width is within this share of its font's space.
    monospace_tolerance: float = 0.05
    #: In a monospaced font, a gap wider than its space by this share is two cells' paddings: word
    #: gaps are 1.00 space in browser prints (30 639 over 40), 0.96 to 1.03 in LibreOffice's (27 000
    #: over 30); paddings from 1.07 ("A1 2025", 4.5 pt at 4.2-pt spaces, browser seed 4344).
    monospace_gap_share: float = 0.05
    #: A column gutter is at least this wide…
    min_gutter: float = 3.0
    #: …or at least this wide when this many text pieces start right after it (a borderless
    #: spreadsheet leaves only its cells' paddings, under 3 pt, between a full line and the next
    #: column, whose lines all start at one x).
    narrow_gutter: float = 1.0
    aligned_starts: int = 3
    #: At most this many pieces of text may run across a column gutter: a theme band or a title
    #: that a row gap did not set apart from the table rows.
    gutter_crossings: int = 2
    #: A line that is one piece of text as wide as this share of its row is a band or a title.
    spanning_share: float = 0.6
    #: A span covers another (a cell a column, a rotated run another's) when they share at least
    #: this share of the shorter one: half, past which most of the shorter lies in the other.
    cover_share: float = 0.5
    #: Between two lines of one cell, the vertical gap is the font's leading (about 0.2 em); a gap
    #: larger than the typical line gap by this many font sizes separates two table rows.
    row_gap_em: float = 0.35
    #: A borderless column's paragraph running across a gap of every other column is a cell merged
    #: down several rows (a theme cell) when the text of this many other columns stands beside it
    #: on both sides of the gap: a fiche row's number and title at least. A tall cell with its
    #: neighbours centred beside it has, past them, only the merged column's text.
    merged_beside_columns: int = 2
    #: Between two touching cells of a column, their paddings widen the line gap by at least this
    #: many font sizes (a spreadsheet's short cell above a tall one whose text is centred).
    cell_gap_em: float = 0.2
    #: A cut between centred fiches that puts a column's lines all on one side (the other fiche with
    #: no text there) is an estimate when another cut costs less than this share of the distance
    #: more (moving a cut by one line of height h moves two middles by h/2: about h more).
    cut_tie_share: float = 0.5
    #: Text repeated on this share of pages (or more) at the same place is page furniture
    #: (running title, page number), not table content.
    furniture_page_share: float = 0.5
    #: A page number as running footers print it ("Page 3 / 8", "page 3 sur 8", "p. 3"): a line of
    #: this text standing apart at a row's top or foot is page furniture, even on a single page.
    page_number: re.Pattern[str] = re.compile(r"^(?:page|p\.)\s*\d+(?:\s*(?:/|sur)\s*\d+)?$", re.IGNORECASE)


LAYOUT = Layout()


@dataclass(frozen=True)
class Checks(Checked):
    """Checks: what makes a fiche doubtful."""

    #: A document is unreadable when at least this share of its words hold glyphs without Unicode
    #: (fonts embedded without their Unicode table: the text is "(cid:12)"); below it, the fiches
    #: holding such glyphs are flagged and the glyphs removed from their text.
    unmapped_share: float = 0.5
    #: An edition numbers its fiches by one pattern ("9.9", "A9", "9.9.9") when at least this share
    #: of its numbers have that shape; the others are then off the pattern. (The shared editions and
    #: every generated one have one shape; 0.8 leaves room for one fiche in five numbered otherwise
    #: before the edition is said to have no pattern at all.)
    numero_shape_share: float = 0.8
    #: A fiche filed under another theme than its number's prefix is flagged (not rejected: that
    #: takes ``Table.theme_prefix_share`` of all fiches) when at least this share of the fiches
    #: whose theme was read agree with their number: a theme lost over a third of the edition (its
    #: band not read, its fiches filed under the theme above) leaves the others half or more, where
    #: numbers that carry no theme ("1.1" under every axis) agree by chance in one theme of several.
    theme_prefix_flag_share: float = 0.5
    #: A fiche printed over more pages than this is unusual (a fiche of the shared editions spans at
    #: most two pages; three means a page of its own and more, or an annex glued to it)…
    usual_fiche_pages: int = 2
    #: …and over more than this many times the edition's median number of pages per fiche.
    usual_fiche_pages_ratio: float = 2.0
    #: A word cut at a cell's edge and joined to the next line is doubtful when the next line's
    #: piece (up to a slash) has at least this many characters: it may be a word of its own
    #: ("bénéficiaires" / "suivis", "association" / "porteuse"), where the end of a cut word is
    #: mostly short ("Indicateu" / "r", "numér" / "ique", "DIRECCT" / "E/SGAR)"). Chosen on the fuzz
    #: layouts: 5 flags every wrong join seen there and none of the right ones of the shared and
    #: office editions (one right join of the fuzz is flagged: "numé" / "rique"). In a label, a
    #: shorter piece in lower case that is no word, after a piece that is none, is taken for a cut
    #: word's end and glued, still undecided ("professionnalisa" / "nt"; ``label_words._cut_end``).
    glued_piece_min: int = 5
    #: The other way: a one-word line that fills its cell, never printed whole elsewhere, read as a
    #: word followed by a word of at most this many letters that the document prints ("de", "es",
    #: "le"), is flagged: such a short word ends a cut word as often as it starts the next one
    #: ("bénéficiair" / "es", "pluriprofessionnel" / "le", but "départemental" / "de"). Longer known
    #: words ("sociaux", "pour") vouch for two words: on the fuzz layouts, 2 flags every wrong split
    #: seen and 2 right ones ("départemental" / "de"), against 13 without a limit.
    split_piece_max: int = 2
    #: A ruled page after the table's last fiche continues the table when each of its column borders
    #: lies within this share of the narrowest column of one of the table's (office producers draw a
    #: border a point or two apart from page to page; another table's borders fall elsewhere).
    column_fit_share: float = 0.25
    #: A line ending with one of these ends a sentence; lines at most ``line_pitch_max_em`` font sizes
    #: apart follow at a cell's line pitch (about 1.2 em; a row's paddings add 0.3 em or more).
    sentence_ends: tuple[str, ...] = (".", ";", ":", "!", "?")
    line_pitch_max_em: float = 1.4


CHECKS = Checks()


@dataclass(frozen=True)
class CellText(Checked):
    """Repair: the text of a cell (lists, wrapped lines, marks)."""

    #: Line-start markers and the level of the item they open (1 bullet, 2 sub-item).
    #: A line without a marker that follows a typed line break opens a level-0 paragraph.
    markers: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({
        "•": 1, "●": 1, "▪": 1, "■": 1, "◆": 1, "►": 1, "➢": 1, "✓": 1, "*": 1,
        "\uf0b7": 1, "\uf0a7": 1, "\uf0d8": 1,  # Symbol / Wingdings bullets of office fonts
        "◦": 2, "○": 2, "-": 2, "–": 2, "—": 2, "o": 2,
    }))
    #: A bullet indented further than this many font sizes past the cell's first bullets is a
    #: sub-item (level 2): list styles draw both levels with the same bullet, 0.25 in apart.
    sub_item_indent_em: float = 1.0
    #: Markers that must be followed by a space to count (they also start ordinary words).
    markers_needing_space: frozenset[str] = frozenset({"-", "–", "—", "o", "*"})
    #: A line break is typed (not word wrap) when the next line's first word would have fitted on
    #: the line: line end + space + word <= usable right edge - this margin. The usable edge is the
    #: furthest line end seen in the column; the margin absorbs the rounding of office layout
    #: engines and of our space-width estimate (a word ending 0.05 pt inside that edge was still
    #: wrapped by the word processor).
    wrap_margin: float = 0.25
    #: A line holding one word, which the next line's first character would have pushed past the
    #: cell's edge (by more than this), was cut because the word is longer than the cell: the lines
    #: are joined without a space ("(DDCS/DIRECCTE/SGA" + "R)").
    cut_word_tolerance: float = 0.0
    #: An elided article or pronoun before a word ("l'ouverture", "d’accès", "qu’il", "jusqu’à"), or
    #: standing alone (browser seed 5223: "l’ l’orientation"): a line opening with one starts a word
    #: (no cut word goes on that way), and the dictionary looks up the word after it.
    elision: re.Pattern[str] = re.compile(r"^(?:[ldnsjmtc]|qu|jusqu|lorsqu|puisqu)['’](?=[^\W\d_]|\s|$)", re.IGNORECASE)
    #: Learned prefixes French makes words with, written whole ("pluriprofessionnelle",
    #: "interconnaissance", "socioculturel"): a word the dictionary lacks is French when what follows
    #: one is a word of ``prefixed_stem_min`` letters or more, and a prefix alone is a word ("pluri" /
    #: "quantitatif" at a line end stay apart, as before). Four letters or more only: "co", "ré"
    #: or "dé" before a word would make words of the pieces a line end cut ("cohabitat" / "ion").
    word_prefixes: tuple[str, ...] = ("pluri", "multi", "inter", "intra", "trans", "socio", "psycho", "médico",
                                      "extra", "hyper", "micro", "macro", "poly", "mono", "semi", "péri", "para",
                                      "auto", "anti", "post")
    #: …chosen so that a prefix before a short word is no word ("inter" + "ne"): five letters.
    prefixed_stem_min: int = 5
    #: Punctuation around a word, ignored when the document's vocabulary is looked up.
    word_punctuation: str = ".,;:!?()[]«»\"'’“”/…"
    #: French words of one letter, which the dictionary does not count (it counts no single letter):
    #: after a French word filling its line, one is a word of its own ("Appel" / "à projets"); after
    #: a piece nothing names it may also end a cut word ("territorialisation" / "a"), a join flagged.
    one_letter_words: tuple[str, ...] = ("a", "à", "y")
    #: A line that stops this many font sizes short of its cell's edge ends with a whole word.
    whole_word_margin_em: float = 1.0
    #: A numbered paragraph opener: "Phase 2 :", "Étape 3 -", "2)", "2." (word optional).
    enumerator: re.Pattern[str] = re.compile(r"^(?P<word>[^\W\d_]+ )?(?P<n>\d{1,2}) ?[:.)–-](?:\s|$)")
    #: Marks French typography sets after a (no-break) space: a line may start with one.
    spaced_marks: str = ";:!?»%"
    #: A closing mark wrapped to a line start is a tie (flagged ``ponctuation_incertaine``) when the
    #: document prints it, inside its lines, glued and apart each at least this share of the time:
    #: the shared edition's "…)" (glued 5, apart 1 or 2 by the layout) is; a "," set apart once
    #: among hundreds is a typo, not evidence.
    mark_tie_share: float = 0.1
    #: Marks that close what comes before them: one wrapped alone to a line start is glued back, even
    #: where the document once sets it apart (a "," after a space is a typo); any other mark it prints
    #: standing between words (" / ", " & ", " : ") is a word of its own there too.
    closing_marks: str = ",.)]…"
    #: Marks that end a word: a line ending with one never ends with half a word cut for want of room.
    word_end_marks: str = ",;:!?)]»…"
    #: Characters that open a word, never continue one cut at a line end.
    opening: str = "([«“\""
    #: Tokens a line break never precedes: closing punctuation, printed after a no-break space in
    #: French ("ans ;", "logiciel »"). They belong to the first unit of a line for the rule above.
    no_break_before: re.Pattern[str] = re.compile(r"^[;:!?»)\]…%]+[,.;:]*$")
    #: A line ending with this, followed by a capitalised word, ends an item even where the next word
    #: would not have fitted: French runs on in lower case after a semicolon, so a capital there
    #: starts a new list item.
    item_end: tuple[str, ...] = (";",)
    #: Spreadsheet residue glued into text: a cell range such as "F28:F33".
    residue_pattern: re.Pattern[str] = re.compile(r"(?<![\w:])\$?[A-Z]{1,3}\$?\d{1,7}:\$?[A-Z]{1,3}\$?\d{1,7}(?![\w:])|"
                                 r"(?<![\w:])\$?[A-Z]{1,3}\$?\d{1,7}:\$?[A-Z]{1,3}\$?\d{1,7}(?=[A-ZÀ-Ý][a-zà-ÿ])")

    #: Marks of the call-for-projects column meaning "no"; a blank cell also means no, and any other
    #: mark means yes (those not in ``yes_marks`` are reported as a warning).
    no_marks: frozenset[str] = frozenset({"non", "no", "n", "-", "–", "0", "false", "faux", "✗", "✘"})
    yes_marks: frozenset[str] = frozenset({"x", "oui", "o", "yes", "y", "1", "true", "vrai", "✓", "✔", "☑", "•", "v"})
    #: An unknown sign that a call-for-projects column prints in at least this share of its marked
    #: cells (and more than once) is the column's own mark (a check mark from a symbol font); any other
    #: unknown mark is doubtful (a page number run into the cell: "Page 1 / 1" among "x").
    own_mark_share: float = 0.5


CELL_TEXT = CellText()
