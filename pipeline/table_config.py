"""Settings of the table's structure (numbers, headers, columns, rows, themes), one frozen
dataclass with how each value was chosen, and its instance, read through ``config.py`` as
``config.TABLE``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from pipeline.settings import Checked


@dataclass(frozen=True)
class Table(Checked):
    """Repair: the table's structure (numbers, headers, columns, rows, themes)."""

    #: A number cell of fewer characters than this is matched with its spaces removed ("1 .2", a
    #: number whose glyphs a PDF spaced out); longer texts are prose and keep their spaces.
    numero_spaced_max: int = 12
    #: A row of the header names its columns in at most this many words per cell (a longer cell is
    #: a title or prose above the table, not a header).
    header_max_words: int = 8
    #: A call-for-projects cell holds a mark: a known one, or a sign of at most this many characters.
    mark_max_chars: int = 3
    #: Fiche numbers start their rows when, for each number after the first in a row, a line starts
    #: at its height in at least this share of the other columns (some cells of a fiche are empty).
    row_start_share: float = 2 / 3

    #: Header words that name each column role, matched on folded text (lower case, no accents,
    #: punctuation as spaces; a wrapped or cut header is tried both with and without the line
    #: breaks). Order matters: the first role whose pattern matches wins.
    header_patterns: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({
        "numero": r"^(n|no|num|numero|nr|ref|reference|code)( (de )?(la )?fiche)?$|^(fiche|action) (n|no)$",
        "appel_a_projets": r"\b(aap|a a p|appel|appels|ao|ouvert)\b",
        "pilote": r"\b(pilote|pilotes|pilotage|porteur|porteurs|portage|responsable|responsables|chef de file|"
                  r"referent|referents|maitre d ouvrage|maitrise d ouvrage)\b",
        "objectifs": r"\b(objectif|objectifs|description|contenu|finalite|finalites)\b",
        "theme": r"^(enjeu|enjeux|axe|axes|theme|themes|thematique|thematiques|orientation|orientations|priorite|"
                 r"priorites|pilier|piliers|volet|volets)$",
        "intitule": r"\b(fiche|fiches|action|actions|intitule|intitules|titre|libelle|nom)\b",
    }))
    #: Words a number cell may print before the number itself: "Fiche n° 1.1", "FA 2.3", "N°4".
    numero_prefix: re.Pattern[str] = re.compile(r"^(?:(?:fiche(?: action)?|action|fa)\.?\s*)?(?:n[°ºo]\.?\s*)?(?=\S*\d)",
                                                re.IGNORECASE)
    #: A fiche number as printed: "1", "1.10", "2.3.1", "A.2", "A1", "12 b", "1.5 bis" (always a digit).
    numero_pattern: re.Pattern[str] = re.compile(r"^(?:[A-Z][.\-]?)?\d{1,3}(?:[.\-]\d{1,3}){0,3}(?: ?(?:bis|ter|quater|[a-z]))?$")
    #: A number cell holding at most this many characters, one a digit, that is not a fiche number
    #: is a number typed in a variant form ("1,5", "l.5"): its own fiche, read as its plain form
    #: where the edition's pattern makes it unambiguous, quarantined otherwise; never text merged
    #: into the fiche above. (The longest plain numbers, "A.12.3.4 bis", have 12 characters.)
    variant_numero_max: int = 12
    #: Share of non-empty cells of a column that must look like fiche numbers for the column to be
    #: the number column (the rest: repeated headers, page furniture); numbers are also mostly
    #: distinct (a column of priorities 1, 2, 3 is not one of fiche numbers).
    numero_column_share: float = 0.5
    #: A column nearly every fiche fills: the number, title and objectives are in every fiche;
    #: optional columns (partners, budget, the mark) are empty in a quarter of fiches or more.
    usual_column_share: float = 0.9

    #: A layout trait read from the page (numbers starting their rows) is trusted when at least this
    #: many cases show it: one coincidence must not decide for a whole document.
    min_evidence: int = 3
    #: Top-aligned fiches run together are cut at their numbers' lines; the cuts are estimates
    #: when the rows' votes against that alignment reach this share of those for it (browser seed
    #: 2971: 2 votes for, 1 against and one centred title: six centred fiches cut top-aligned,
    #: 3 silent). Chosen on the fuzz: see the README's measures for the flags it adds.
    alignment_doubt_share: float = 0.5
    #: A page whose table ends this many ems (of the next page's first line) or more above the
    #: document's lowest table line was not cut inside a fiche: the producer moved the next row
    #: whole to the next page (a spreadsheet always does). A row broken across pages fills its
    #: page; widow and orphan control leaves at most two lines' room and their paddings (< 4 em).
    page_room_em: float = 4.0
    #: A repeated header row's cell cut short is a header from this many characters of its
    #: opening ("App" of "Appel à projets", beside two whole headers); one or two letters open
    #: too many words of a fiche's own cells.
    header_prefix_min: int = 3
    #: In a table of cells centred on their number, a cell whose lines' middle lies more than this
    #: many lines (of the number's size) off the number's is off centre, in a column that centres
    #: its cells (``centred_column_share``). In the shared, office and browser fixtures read
    #: exactly, such cells lie at most 0.6 lines off; a neighbour's line read into a cell moves it
    #: by half a line a line: office seed 548's title by 3.7 lines, seed 205's by 2.
    off_centre_lines: float = 1.0
    #: A cell tells its column's alignment when it is this many lines high or more (top-aligned,
    #: its middle would lie a line below its number's: ``off_centre_lines``)…
    telling_cell_lines: float = 3.0
    #: …and this many lines shorter than its fiche's tallest cell (which sits on the number
    #: whatever the alignment: its middle and the number's are one).
    telling_room_lines: float = 2.0
    #: A fiche whose text reaches this many lines (of its number's size) deeper below its number
    #: than above holds the next fiche's lines (``centring.overhanging``): seeds 210 and 205 hang
    #: 1.7 and 2.7 lines; a browser's two-line cell beside a one-line number, top-aligned in the
    #: last row of a page, hangs 1.2 (two browser fixtures read exactly).
    overhang_lines: float = 1.5
    #: A column centres its cells on their number when this share of its telling cells (three
    #: lines high or more, shorter than their fiche's tallest) sit within half a line of it.
    #: Top-aligned, none does (such a cell's middle lies a line below its number), so a share
    #: well under "nearly all" leaves room for the off-centre cells the check is after (office
    #: seed 210: 20 of 22 titles centred, the other two hold a neighbour's lines).
    centred_column_share: float = 0.75
    #: A cell sits centred on its number when its lines' middle lies within this many lines (of
    #: the number's size) of the number's middle: rounding of line positions by the producers
    #: stays under a tenth of a line; a line more or less moves the middle by half a line.
    centred_within_lines: float = 0.5
    #: Theme labels: "ENJEU 3 : …", "AXE 2 – …", "Axe II. …", "Thème n°4 - …". The theme word is any
    #: one or two words; the label must then sit where themes sit (a band row or a tall merged cell).
    theme_pattern: re.Pattern[str] = re.compile(
        r"^\s*(?P<mot>[^\W\d_]+(?: [^\W\d_]+)?)\s+(?:[nN][°º]\s*)?(?P<numero>\d{1,3}(?:\.\d{1,3}){0,2}|[IVXLC]{1,7})\b\s*"
        r"(?P<sep>[:.\-–—)]|/)?\s*(?P<libelle>.*?)\s*$",
        re.DOTALL,
    )
    #: Within one rotated line, words further apart than this many font sizes belong to two labels
    #: (neighbouring merged cells draw their text on the same baseline). A word space is 0.25 to
    #: 0.33 em; the closest two labels of the spreadsheet edition are 0.56 em apart.
    label_run_gap_em: float = 0.5
    #: Two lines are successive lines of one label when their baselines are this many font sizes
    #: apart (line pitch is 1.0 to 1.5 em) and, rotated, they overlap along the reading direction.
    line_pitch_em: tuple[float, float] = (0.85, 1.6)
    #: Two lines of one cell closer than this many font sizes (top to top) are not one paragraph's
    #: (line pitch is 1.0 to 1.5 em; a line's own words share a top within ``line_tolerance``): two
    #: texts printed at offset heights, a neighbouring cell's run into this one (0.68 em in the
    #: random office edition that showed it).
    cell_line_pitch_min_em: float = 0.85
    #: A drawn row rule runs through a line (text overflowing its row) when it lies this share of
    #: the line's size or more inside it on both sides: a glyph's ascent or descent past a rule
    #: (0.05 em in the shared Word edition) is no overflow; an overflowing line clipped by a
    #: spreadsheet straddles the rule (about 0.5 em each side in the office seed that showed it).
    rule_through_line_share: float = 0.25
    #: Three lines are evenly spaced (one paragraph) when their two gaps differ by at most this many
    #: font sizes: a spreadsheet keeps a paragraph's pitch to 0.03 em; in the office seed that showed
    #: it, a title overflowing onto a shaded band's label lay 0.28 em nearer the label than its pitch.
    even_pitch_em: float = 0.1

    #: A cell that is a figure: an amount, a rate, a year, a count, a reference ("12 500 €", "42,9 %",
    #: "2024", "1.2", "3 M€").
    figure_cell: re.Pattern[str] = re.compile(r"[-+–]?\s*[\d(][\d\s.,/:()%+\-–]*(?:\s*(?:k€|m€|€|eur|euros?|%|ans?|ha|m2|m²))?",
                             re.IGNORECASE)
    #: A row reads as a fiche when fewer than this share of its text cells are figures (a fiche
    #: may have a budget and a deadline column beside title, objectives and pilot: 2 figures of 5)…
    figure_cell_share: float = 0.5
    #: …and a table is one of fiches actions when at least this share of its rows read as fiches.
    #: Every fiche of the shared, generated and office editions does; a budget (amounts, funders),
    #: a table of indicators and a page of scattered numbers have under 10 % such rows.
    fiche_row_share: float = 0.5
    #: Without a cell per fiche, theme cells' borders are chosen so that each cell's middle is nearest
    #: its label's centre: moving a border across a row of height h moves two middles by h/2, about
    #: h more cost where the labels fit their cells. A border whose alternative costs less than this
    #: share of the distance more is taken by a near tie (a random layout, labels off their cells:
    #: +1 pt for moving a row of 92 pt, the fiche silently under the wrong theme), and flagged.
    theme_tie_share: float = 0.5
    #: Labels are centred in their merged cells when each lies within this share of its cell's
    #: height from the cell's middle (a centred label is off by less than a row's rounding; a label
    #: aligned to the top of a cell of several fiches is off by nearly half the cell).
    theme_off_centre_share: float = 0.25
    #: Centred rows' borders lie symmetric about their texts and between two rows' texts, or into
    #: them by this many font sizes: a text's extent is measured from its first line's top to its
    #: last line's top plus the font size, a little off the line boxes the producer centres (office
    #: seed 440, 7.4-pt text in rows that touch: the borders that fit every row miss by 0.3 pt).
    centred_border_slack_em: float = 0.1
    #: A rotated label running into a row by more than this many font sizes lies in the row's cell.
    label_reach_em: float = 1.0
    #: Two shaded theme cells that meet (a browser shades each merged cell on its own) draw the
    #: border between their themes: the shades' edges lie in the gap between two rows' texts,
    #: where the row border read from that gap falls within a cell's two paddings (4 to 9 pt at 8
    #: to 10 pt text); two shades closer than this many font sizes meet, and the row border that
    #: near their edges is theirs.
    shade_edge_em: float = 1.0
    #: Without a header naming it, the pilots' column is the one most written in capitalised names;
    #: another column within this share of it makes the choice a tie, flagged on every fiche: pilots
    #: and partners drawn from the same names score 0.6 to 1 ("Bailleurs sociaux" lowers it; 0.67
    #: against 0.9 in one random office edition), deadlines about 0.3, indicators 0.2, amounts 0.
    column_tie_share: float = 0.35
    #: ... unless that other column is written in figures: this share of its words or more hold a
    #: digit ("Budget 2021 : 25 000 €", one capitalised word in four; names hold none).
    column_tie_figures: float = 0.25
    #: ... unless one of the tied columns is written beside every fiche number and the others are
    #: left blank beside this share of the fiches or more: every fiche names its pilot, partners
    #: are often left out (a third of them in the random office editions). One blank in ten fiches
    #: is already more than a pilots' column shows; below that, a cell merged or split by the
    #: layout could make it.
    column_blank_share: float = 0.1
    #: An edition numbers its fiches by theme ("2.10" in enjeu 2) when this share of them agree;
    #: then a fiche filed under another theme than its number's prefix is rejected.
    theme_prefix_share: float = 0.8


TABLE = Table()
