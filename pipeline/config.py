"""Every tunable value of the pipeline, in one place, with how it was chosen.

Lengths are PDF points (1/72 inch). Values expressed as a ratio of the font size scale with the
document; absolute values are only used where the PDF producer, not the text, sets them.
"""

from __future__ import annotations

import re

# --- extract: characters, words and ruling lines ------------------------------------------------

#: Two characters on one line belong to the same word when the gap between them is below this
#: many font sizes (pdfplumber's fixed 3 pt glued the texts of two cells of a borderless
#: spreadsheet, 2.8 pt apart at 8 pt; a word space without a space character is 0.25 em or more).
WORD_GAP_EM = 0.25
#: Characters whose baselines differ by less than this are on one line (pdfplumber's default).
LINE_TOLERANCE = 3.0
#: Rotated glyphs of one line share their baseline exactly (one text matrix per line), and the
#: lines of a small rotated label are closer than ``LINE_TOLERANCE`` (4.6 pt at 5 pt); two
#: labels side by side would chain them into one: across a rotated line, this many font sizes.
ROTATED_LINE_TOLERANCE_EM = 0.25
#: A word's glyphs longer together than the word by this share are printed over one another: two
#: labels of a browser print overflowing onto each other interleave their glyphs (together about
#: twice the word's length); kerning ("P." tucks the period under the P: 16 % in the browser
#: prints) and abutting glyphs stay far below.
OVERPRINT_SHARE = 0.4
#: Between two words of a line, a gap under this many font sizes is no space (kerning, glyphs
#: placed one by one: the words run together); the narrowest space of the fonts tried (condensed,
#: monospaced) is about 0.2 em.
WORD_SPACE_MIN_EM = 0.1
#: A gap of this many font sizes or more is no word space either (a tab, a gutter): left out when
#: the document's word space is measured.
WORD_SPACE_MAX_EM = 1.0
#: The word space taken, in font sizes, for a document whose lines never hold two words.
DEFAULT_SPACE_EM = 0.25
#: Font names containing one of these words are bold (used to tell header rows from data).
BOLD_FONT_WORDS = ("bold", "black", "heavy", "semibold", "demibold")
#: A drawn segment shorter than this is not a rule (bullets, check boxes and glyph art are).
MIN_RULE_LENGTH = 4.0
#: A filled, unstroked shape thicker than this in both directions is a background (a shaded
#: row, cell or band); a rule is a line, or a filled rectangle under 2 pt thick, as office
#: producers and browsers draw borders. A background's top and bottom are row borders. On a
#: page that draws no vertical rule, its sides are not column rules: a shaded row (drawn whole,
#: or cell by cell as a browser does) would make a borderless table look ruled and merge its
#: columns (27, then 45, of 69 fiches lost). Where the page draws column rules they stay (a
#: spreadsheet's shaded header row gives the table's outer border).
BACKGROUND_MIN_THICKNESS = 2.0
#: A small shape drawn just before the first word of a line is a list marker, as browsers draw
#: them (a disc, a circle, a square): at most this many points either way…
MARKER_SHAPE_MAX = 8.0
#: …between these shares of the word's font size (a disc is 0.3 to 0.4 em)…
MARKER_SHAPE_EM = (0.1, 0.8)
#: …about as tall as wide…
MARKER_SHAPE_ASPECT = 1.6
#: …and at most this many font sizes before the word, with no text before it on its line
#: within the same distance.
MARKER_SHAPE_GAP_EM = 2.0
#: Rule ends closer than this are joined, and rule positions closer than this are the same line
#: (office producers draw each cell border separately, a fraction of a point apart).
RULE_SNAP = 2.0
#: A cell border is drawn when rules cover at least this share of it; otherwise the two cells on
#: either side are one merged cell.
BORDER_COVERAGE = 0.5

# --- layout of tables without rules -------------------------------------------------------------

#: Within a line, a gap wider than this many font sizes separates two columns' text: a word
#: space is 0.25 to 0.33 em, a gutter is two cell paddings (6 to 11 pt in office tables).
CHUNK_GAP_EM = 0.45
#: …and than this many of the font's own word spaces (a monospaced space is 0.6 em).
CHUNK_GAP_SPACES = 1.3
#: A gap within this share of the font's word space is a typed space: a theme word and its
#: number so apart are one label (a band "Thème 1 – …" whose "1" starts where the titles do),
#: not cut there where a column starts. Alone, a typed-space gap proves nothing: two touching
#: cells' texts came that close in an office fixture.
TYPED_SPACE_SHARE = 0.1
#: A column gutter is at least this wide…
MIN_GUTTER = 3.0
#: …or at least this wide when this many text pieces start right after it (a borderless
#: spreadsheet leaves only its cells' paddings, under 3 pt, between a full line and the next
#: column, whose lines all start at one x).
NARROW_GUTTER = 1.0
ALIGNED_STARTS = 3
#: At most this many pieces of text may run across a column gutter: a theme band or a title
#: that a row gap did not set apart from the table rows.
GUTTER_CROSSINGS = 2
#: A line that is one piece of text as wide as this share of its row is a band or a title.
SPANNING_SHARE = 0.6
#: Between two lines of one cell, the vertical gap is the font's leading (about 0.2 em); a gap
#: larger than the typical line gap by this many font sizes separates two table rows.
ROW_GAP_EM = 0.35
#: A borderless column's paragraph running across a gap of every other column is a cell merged
#: down several rows (a theme cell) when the text of this many other columns stands beside it
#: on both sides of the gap: a fiche row's number and title at least. A tall cell with its
#: neighbours centred beside it has, past them, only the merged column's text.
MERGED_BESIDE_COLUMNS = 2
#: Between two touching cells of a column, their paddings widen the line gap by at least this
#: many font sizes (a spreadsheet's short cell above a tall one whose text is centred).
CELL_GAP_EM = 0.2
#: A cut between centred fiches that puts a column's lines all on one side (the other fiche with
#: no text there) is an estimate when another cut costs less than this share of the distance
#: more (moving a cut by one line of height h moves two middles by h/2: about h more).
CUT_TIE_SHARE = 0.5
#: Text repeated on this share of pages (or more) at the same place is page furniture
#: (running title, page number), not table content.
FURNITURE_PAGE_SHARE = 0.5
#: A page number as running footers print it ("Page 3 / 8", "page 3 sur 8", "p. 3"): a line of
#: this text standing apart at a row's top or foot is page furniture, even on a single page.
PAGE_NUMBER = re.compile(r"^(?:page|p\.)\s*\d+(?:\s*(?:/|sur)\s*\d+)?$", re.IGNORECASE)

# --- checks: what makes a fiche doubtful -------------------------------------------------------

#: A document is unreadable when at least this share of its words hold glyphs without Unicode
#: (fonts embedded without their Unicode table: the text is "(cid:12)"); below it, the fiches
#: holding such glyphs are flagged and the glyphs removed from their text.
UNMAPPED_SHARE = 0.5
#: An edition numbers its fiches by one pattern ("9.9", "A9", "9.9.9") when at least this share
#: of its numbers have that shape; the others are then off the pattern. (The shared editions and
#: every generated one have one shape; 0.8 leaves room for one fiche in five numbered otherwise
#: before the edition is said to have no pattern at all.)
NUMERO_SHAPE_SHARE = 0.8
#: A fiche printed over more pages than this is unusual (a fiche of the shared editions spans at
#: most two pages; three means a page of its own and more, or an annex glued to it)…
USUAL_FICHE_PAGES = 2
#: …and over more than this many times the edition's median number of pages per fiche.
USUAL_FICHE_PAGES_RATIO = 2.0

#: A word cut at a cell's edge and joined to the next line is doubtful when the next line's
#: piece (up to a slash) has at least this many characters: it may be a word of its own
#: ("bénéficiaires" / "suivis", "association" / "porteuse"), where the end of a cut word is
#: mostly short ("Indicateu" / "r", "numér" / "ique", "DIRECCT" / "E/SGAR)"). Chosen on the fuzz
#: layouts: 5 flags every wrong join seen there and none of the right ones of the shared and
#: office editions (one right join of the fuzz is flagged: "numé" / "rique").
GLUED_PIECE_MIN = 5
#: The other way: a one-word line that fills its cell, never printed whole elsewhere, read as a
#: word followed by a word of at most this many letters that the document prints ("de", "es",
#: "le"), is flagged: such a short word ends a cut word as often as it starts the next one
#: ("bénéficiair" / "es", "pluriprofessionnel" / "le", but "départemental" / "de"). Longer known
#: words ("sociaux", "pour") vouch for two words: on the fuzz layouts, 2 flags every wrong split
#: seen and 2 right ones ("départemental" / "de"), against 13 without a limit.
SPLIT_PIECE_MAX = 2
#: A ruled page after the table's last fiche continues the table when each of its column borders
#: lies within this share of the narrowest column of one of the table's (office producers draw a
#: border a point or two apart from page to page; another table's borders fall elsewhere).
COLUMN_FIT_SHARE = 0.25

# --- repair: table structure --------------------------------------------------------------------

#: A number cell of fewer characters than this is matched with its spaces removed ("1 .2", a
#: number whose glyphs a PDF spaced out); longer texts are prose and keep their spaces.
NUMERO_SPACED_MAX = 12
#: A row of the header names its columns in at most this many words per cell (a longer cell is
#: a title or prose above the table, not a header).
HEADER_MAX_WORDS = 8
#: A call-for-projects cell holds a mark: a known one, or a sign of at most this many characters.
MARK_MAX_CHARS = 3
#: Fiche numbers start their rows when, for each number after the first in a row, a line starts
#: at its height in at least this share of the other columns (some cells of a fiche are empty).
ROW_START_SHARE = 2 / 3

#: Header words that name each column role, matched on folded text (lower case, no accents,
#: punctuation as spaces; a wrapped or cut header is tried both with and without the line
#: breaks). Order matters: the first role whose pattern matches wins.
HEADER_PATTERNS: dict[str, str] = {
    "numero": r"^(n|no|num|numero|nr|ref|reference|code)( (de )?(la )?fiche)?$|^(fiche|action) (n|no)$",
    "appel_a_projets": r"\b(aap|a a p|appel|appels|ao|ouvert)\b",
    "pilote": r"\b(pilote|pilotes|pilotage|porteur|porteurs|portage|responsable|responsables|chef de file|"
              r"referent|referents|maitre d ouvrage|maitrise d ouvrage)\b",
    "objectifs": r"\b(objectif|objectifs|description|contenu|finalite|finalites)\b",
    "theme": r"^(enjeu|enjeux|axe|axes|theme|themes|thematique|thematiques|orientation|orientations|priorite|"
             r"priorites|pilier|piliers|volet|volets)$",
    "intitule": r"\b(fiche|fiches|action|actions|intitule|intitules|titre|libelle|nom)\b",
}
#: Words a number cell may print before the number itself: "Fiche n° 1.1", "FA 2.3", "N°4".
NUMERO_PREFIX = re.compile(r"^(?:(?:fiche(?: action)?|action|fa)\.?\s*)?(?:n[°ºo]\.?\s*)?(?=\S*\d)", re.IGNORECASE)
#: A fiche number as printed: "1", "1.10", "2.3.1", "A.2", "A1", "12 b", "1.5 bis" (always a digit).
NUMERO_PATTERN = re.compile(r"^(?:[A-Z][.\-]?)?\d{1,3}(?:[.\-]\d{1,3}){0,3}(?: ?(?:bis|ter|quater|[a-z]))?$")
#: A number cell holding at most this many characters, one a digit, that is not a fiche number
#: is a number typed in a variant form ("1,5", "l.5"): its own fiche, read as its plain form
#: where the edition's pattern makes it unambiguous, quarantined otherwise; never text merged
#: into the fiche above. (The longest plain numbers, "A.12.3.4 bis", have 12 characters.)
VARIANT_NUMERO_MAX = 12
#: Share of non-empty cells of a column that must look like fiche numbers for the column to be
#: the number column (the rest: repeated headers, page furniture); numbers are also mostly
#: distinct (a column of priorities 1, 2, 3 is not one of fiche numbers).
NUMERO_COLUMN_SHARE = 0.5
#: A column nearly every fiche fills: the number, title and objectives are in every fiche;
#: optional columns (partners, budget, the mark) are empty in a quarter of fiches or more.
USUAL_COLUMN_SHARE = 0.9

#: A layout trait read from the page (numbers starting their rows) is trusted when at least this
#: many cases show it: one coincidence must not decide for a whole document.
MIN_EVIDENCE = 3
#: Theme labels: "ENJEU 3 : …", "AXE 2 – …", "Axe II. …", "Thème n°4 - …". The theme word is any
#: one or two words; the label must then sit where themes sit (a band row or a tall merged cell).
THEME_PATTERN = re.compile(
    r"^\s*(?P<mot>[^\W\d_]+(?: [^\W\d_]+)?)\s+(?:[nN][°º]\s*)?(?P<numero>\d{1,3}(?:\.\d{1,3}){0,2}|[IVXLC]{1,7})\b\s*"
    r"(?P<sep>[:.\-–—)]|/)?\s*(?P<libelle>.*?)\s*$",
    re.DOTALL,
)
#: Within one rotated line, words further apart than this many font sizes belong to two labels
#: (neighbouring merged cells draw their text on the same baseline). A word space is 0.25 to
#: 0.33 em; the closest two labels of the spreadsheet edition are 0.56 em apart.
LABEL_RUN_GAP_EM = 0.5
#: Two lines are successive lines of one label when their baselines are this many font sizes
#: apart (line pitch is 1.0 to 1.5 em) and, rotated, they overlap along the reading direction.
LINE_PITCH_EM = (0.85, 1.6)
#: Two lines of one cell closer than this many font sizes (top to top) are not one paragraph's
#: (line pitch is 1.0 to 1.5 em; a line's own words share a top within ``LINE_TOLERANCE``): two
#: texts printed at offset heights, a neighbouring cell's run into this one (0.68 em in the
#: random office edition that showed it).
CELL_LINE_PITCH_MIN_EM = 0.85
#: A drawn row rule runs through a line (text overflowing its row) when it lies this share of
#: the line's size or more inside it on both sides: a glyph's ascent or descent past a rule
#: (0.05 em in the shared Word edition) is no overflow; an overflowing line clipped by a
#: spreadsheet straddles the rule (about 0.5 em each side in the office seed that showed it).
RULE_THROUGH_LINE_SHARE = 0.25
#: Three lines are evenly spaced (one paragraph) when their two gaps differ by at most this many
#: font sizes: a spreadsheet keeps a paragraph's pitch to 0.03 em; in the office seed that showed
#: it, a title overflowing onto a shaded band's label lay 0.28 em nearer the label than its pitch.
EVEN_PITCH_EM = 0.1

#: A cell that is a figure: an amount, a rate, a year, a count, a reference ("12 500 €", "42,9 %",
#: "2024", "1.2", "3 M€").
FIGURE_CELL = re.compile(r"[-+–]?\s*[\d(][\d\s.,/:()%+\-–]*(?:\s*(?:k€|m€|€|eur|euros?|%|ans?|ha|m2|m²))?",
                         re.IGNORECASE)
#: A row reads as a fiche when fewer than this share of its text cells are figures (a fiche
#: may have a budget and a deadline column beside title, objectives and pilot: 2 figures of 5)…
FIGURE_CELL_SHARE = 0.5
#: …and a table is one of fiches actions when at least this share of its rows read as fiches.
#: Every fiche of the shared, generated and office editions does; a budget (amounts, funders),
#: a table of indicators and a page of scattered numbers have under 10 % such rows.
FICHE_ROW_SHARE = 0.5

# --- repair: text of a cell ---------------------------------------------------------------------

#: Line-start markers and the level of the item they open (1 bullet, 2 sub-item).
#: A line without a marker that follows a typed line break opens a level-0 paragraph.
MARKERS: dict[str, int] = {
    "•": 1, "●": 1, "▪": 1, "■": 1, "◆": 1, "►": 1, "➢": 1, "✓": 1, "*": 1,
    "\uf0b7": 1, "\uf0a7": 1, "\uf0d8": 1,  # Symbol / Wingdings bullets of office fonts
    "◦": 2, "○": 2, "-": 2, "–": 2, "—": 2, "o": 2,
}
#: A bullet indented further than this many font sizes past the cell's first bullets is a
#: sub-item (level 2): list styles draw both levels with the same bullet, 0.25 in apart.
SUB_ITEM_INDENT_EM = 1.0
#: Markers that must be followed by a space to count (they also start ordinary words).
MARKERS_NEEDING_SPACE = frozenset({"-", "–", "—", "o", "*"})
#: A line break is typed (not word wrap) when the next line's first word would have fitted on
#: the line: line end + space + word <= usable right edge - this margin. The usable edge is the
#: furthest line end seen in the column; the margin absorbs the rounding of office layout
#: engines and of our space-width estimate (a word ending 0.05 pt inside that edge was still
#: wrapped by the word processor).
WRAP_MARGIN = 0.25
#: A line holding one word, which the next line's first character would have pushed past the
#: cell's edge (by more than this), was cut because the word is longer than the cell: the lines
#: are joined without a space ("(DDCS/DIRECCTE/SGA" + "R)").
CUT_WORD_TOLERANCE = 0.0
#: An elided article or pronoun before a word ("l'ouverture", "d’accès", "qu’il", "jusqu’à"): a line
#: opening with one starts a word (no cut word goes on that way), and the dictionary looks up
#: the word after it.
ELISION = re.compile(r"^(?:[ldnsjmtc]|qu|jusqu|lorsqu|puisqu)['’](?=[^\W\d_])", re.IGNORECASE)
#: Punctuation around a word, ignored when the document's vocabulary is looked up.
WORD_PUNCTUATION = ".,;:!?()[]«»\"'’“”/…"
#: A line that stops this many font sizes short of its cell's edge ends with a whole word.
WHOLE_WORD_MARGIN_EM = 1.0
#: A numbered paragraph opener: "Phase 2 :", "Étape 3 -", "2)", "2." (word optional).
ENUMERATOR = re.compile(r"^(?P<word>[^\W\d_]+ )?(?P<n>\d{1,2}) ?[:.)–-](?:\s|$)")
#: Marks French typography sets after a (no-break) space: a line may start with one.
SPACED_MARKS = ";:!?»%"
#: A closing mark wrapped to a line start is a tie (flagged ``ponctuation_incertaine``) when the
#: document prints it, inside its lines, glued and apart each at least this share of the time:
#: the shared edition's "…)" (glued 5, apart 1 or 2 by the layout) is; a "," set apart once
#: among hundreds is a typo, not evidence.
MARK_TIE_SHARE = 0.1
#: Marks that close what comes before them: one wrapped alone to a line start is glued back, even
#: where the document once sets it apart (a "," after a space is a typo); any other mark it prints
#: standing between words (" / ", " & ", " : ") is a word of its own there too.
CLOSING_MARKS = ",.)]…"
#: Marks that end a word: a line ending with one never ends with half a word cut for want of room.
WORD_END_MARKS = ",;:!?)]»…"
#: Characters that open a word, never continue one cut at a line end.
OPENING = "([«“\""
#: Tokens a line break never precedes: closing punctuation, printed after a no-break space in
#: French ("ans ;", "logiciel »"). They belong to the first unit of a line for the rule above.
NO_BREAK_BEFORE = re.compile(r"^[;:!?»)\]…%]+[,.;:]*$")
#: A line ending with this, followed by a capitalised word, ends an item even where the next word
#: would not have fitted: French runs on in lower case after a semicolon, so a capital there
#: starts a new list item.
ITEM_END = (";",)
#: Spreadsheet residue glued into text: a cell range such as "F28:F33".
RESIDUE_PATTERN = re.compile(r"(?<![\w:])\$?[A-Z]{1,3}\$?\d{1,7}:\$?[A-Z]{1,3}\$?\d{1,7}(?![\w:])|"
                             r"(?<![\w:])\$?[A-Z]{1,3}\$?\d{1,7}:\$?[A-Z]{1,3}\$?\d{1,7}(?=[A-ZÀ-Ý][a-zà-ÿ])")

#: Marks of the call-for-projects column meaning "no"; a blank cell also means no, and any other
#: mark means yes (those not in YES_MARKS are reported as a warning).
NO_MARKS = frozenset({"non", "no", "n", "-", "–", "0", "false", "faux", "✗", "✘"})
YES_MARKS = frozenset({"x", "oui", "o", "yes", "y", "1", "true", "vrai", "✓", "✔", "☑", "•", "v"})
#: An unknown sign that a call-for-projects column prints in at least this share of its marked
#: cells (and more than once) is the column's own mark (a check mark from a symbol font); any other
#: unknown mark is doubtful (a page number run into the cell: "Page 1 / 1" among "x").
OWN_MARK_SHARE = 0.5

# --- normalise: pilot organisations -------------------------------------------------------------

#: Where a pilot cell may be cut into mentions: commas, slashes, semicolons, " et ", a dash
#: between spaces, line breaks. Parentheses are handled apart (they name attached actors).
PILOT_SEPARATORS = r"\s*[,/;\n]\s*|\s+et\s+|\s+[-–—]\s+|\s*&\s*"
#: A piece of a pilot cell starting with one of these lower-case words ("… et du droit") ends a
#: longer name: it is not cut off as a mention of its own unless it names a known actor.
PILOT_LINK_WORDS = frozenset({"du", "de", "des", "d", "la", "le", "les", "l", "aux", "au", "à", "pour", "en", "sur"})
#: An extra column whose header (folded) says this holds partners, read like the pilots.
PARTNER_HEADER = r"^(partenaires?|partenariats?|acteurs associes|structures associees)\b"
#: Leading words dropped before comparing names ("l'Etat", "la Métropole").
PILOT_ARTICLES = frozenset({"l", "le", "la", "les"})
#: Mentions of this many letters or fewer match only exactly ("EN", "3M", "PRE").
EXACT_ONLY_MAX_LETTERS = 3
#: Typos (optimal string alignment distance: insertion, deletion, substitution, swap of two
#: neighbours) tolerated in a mention of at least N characters, compared with names of at least
#: N characters too: one typo from 6 characters, two from 15. Measured by the property test of
#: tests/test_normalise.py on generated variants: 100 % precision, recall printed by the test.
#: Kept as small as recall allows, because a wrong match corrupts every count: a looser bound
#: (ratio >= 80 %) read "Caisse d'allocations familiales du Gard" as the CAF of the Hérault.
FUZZY_MAX_EDITS = ((6, 1), (15, 2))

# --- normalise: the contract's territory ------------------------------------------------------

#: The file giving a contract's territory, beside its PDF: raw/<name>.territoire.toml.
TERRITORY_SUFFIX = ".territoire.toml"
#: A pilot mention that is the name of a group of communes (kept when it holds two capitalised
#: words, so "la Métropole" is not one): the EPCI of a contract whose file does not name it.
EPCI_NAME_PATTERN = (r"(?:Communauté (?:d['’]agglomération|urbaine|de communes)|Métropole|Eurométropole|Agglomération)\b.*"
                     r"|.*\b(?:Métropole|Eurométropole|Agglomération|Agglo)")
#: How many of the texts that gave the inferred territory its warning quotes.
TERRITORY_EVIDENCE_SHOWN = 3

# --- validate and emit --------------------------------------------------------------------------

#: Without a cell per fiche, theme cells' borders are chosen so that each cell's middle is nearest
#: its label's centre: moving a border across a row of height h moves two middles by h/2, about
#: h more cost where the labels fit their cells. A border whose alternative costs less than this
#: share of the distance more is taken by a near tie (a random layout, labels off their cells:
#: +1 pt for moving a row of 92 pt, the fiche silently under the wrong theme), and flagged.
THEME_TIE_SHARE = 0.5
#: Labels are centred in their merged cells when each lies within this share of its cell's
#: height from the cell's middle (a centred label is off by less than a row's rounding; a label
#: aligned to the top of a cell of several fiches is off by nearly half the cell).
THEME_OFF_CENTRE_SHARE = 0.25
#: Without a header naming it, the pilots' column is the one most written in capitalised names;
#: another column within this share of it makes the choice a tie, flagged on every fiche: pilots
#: and partners drawn from the same names score 0.6 to 1 ("Bailleurs sociaux" lowers it; 0.67
#: against 0.9 in one random office edition), deadlines about 0.3, indicators 0.2, amounts 0.
COLUMN_TIE_SHARE = 0.35
#: ... unless that other column is written in figures: this share of its words or more hold a
#: digit ("Budget 2021 : 25 000 €", one capitalised word in four; names hold none).
COLUMN_TIE_FIGURES = 0.25

#: An edition numbers its fiches by theme ("2.10" in enjeu 2) when this share of them agree;
#: then a fiche filed under another theme than its number's prefix is rejected.
THEME_PREFIX_SHARE = 0.8
#: Rows converted to Arrow at a time when writing Parquet (bounds memory on long editions).
PARQUET_BATCH_ROWS = 1000
#: Licence of the published datasets (French public bodies publish under Etalab's).
LICENCE = {"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0",
           "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}

# --- files: edition names, the output folder, resource limits ---------------------------------

#: Edition names longer than this are refused (a folder name, a partition and a package name;
#: file systems allow 255 bytes, and the Frictionless package name adds "contrat-de-ville-").
EDITION_MAX_LENGTH = 100
#: Names of the folders the pipeline itself writes in ``--out``: never an edition's.
RESERVED_EDITIONS = frozenset({"all", "diff"})
#: A PDF whose content streams decode to more than this many bytes in all is refused before it
#: is read: a 5 MB file inflating to 1.2 GB took 2.4 GB of memory (14 s) before this limit. The
#: shared editions decode to 0.4 MiB and less, the 800-page synthetic editions of the bench to
#: 2.7 MiB (measured with extract.DecodedBudget): the default leaves a margin of several hundred.
#: Settable with --max-decoded-mb.
MAX_DECODED_BYTES = 1024 * 1024 * 1024
#: Flate streams are measured this many bytes at a time (the memory the measure itself takes).
INFLATE_CHUNK = 1024 * 1024
#: A second run writing into the same ``--out`` waits this long for the first to finish before it
#: gives up (publication holds the lock for a second or two per edition; make -j runs several).
LOCK_WAIT_SECONDS = 600.0
#: ``--out`` must have at least this much free space before a run starts (an edition's outputs
#: take 0.4 MB for the shared edition, 16 MB for the 800-page synthetic one: `du` of its version).
MIN_FREE_BYTES = 64 * 1024 * 1024

# --- control page ------------------------------------------------------------------------------

#: Page images of the control page are rendered in grey at this many pixels per point (108 dpi):
#: 9-point text stays readable on a screen, and the 13 pages of the shared Word edition render in
#: 0.12 s (pypdfium2; 0.2 s in colour) to 160 kB each as JPEG, under 5 % of the pipeline's time…
CONTROLE_SCALE = 1.5
#: …at this quality (text edges stay sharp enough to read; PNG was four times larger).
CONTROLE_JPEG_QUALITY = 70

# --- diff: comparing two editions ---------------------------------------------------------------

#: Two fiches of two editions are the same fiche when their titles are this similar (rapidfuzz
#: token_sort_ratio on folded titles, 0-100; objectives similarity then breaks ties). Between two
#: distinct fiches of the shared edition the closest titles score 69.3 (the two POPAC fiches);
#: `pytest tests/test_diff.py -s` prints it.
DIFF_TITLE_MIN = 80
#: …or when their objectives are this similar (rapidfuzz ratio on the joined, folded items) even
#: though the title changed (a retitled fiche). Between distinct fiches the closest objectives
#: score 79.3 (6.9 and 6.10, sport and culture). token_set_ratio was rejected: it gives 100 to
#: fiche 1.6, whose objectives are a subset of 1.5's.
DIFF_OBJECTIVES_MIN = 90
#: An objectives-only match counts this share of its similarity, below any title match.
DIFF_OBJECTIVES_WEIGHT = 0.75
