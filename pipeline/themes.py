"""Theme labels ("ENJEU 3 : …", "AXE 2 – …"): parsed from text, rebuilt from rotated words.

A spreadsheet prints a rotated label of a merged cell on every page the cell spans, centred on
the whole cell: its characters run past the page edge, and neighbouring labels share baselines.
``rotated_labels`` rebuilds each label from a page's rotated words: words on one baseline are
cut into runs at gaps, runs on successive baselines that overlap along the reading direction
are lines of one label. Each label keeps its centre, which may lie outside the page: it tells
which merged cell the label belongs to.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Sequence

from pipeline import config
from pipeline.geometry import Border, Word, chained, cluster, linked_groups
from pipeline.label_words import label_reading, rejoined
from pipeline.text import at_line_pitch, compact, fold, join_lines, join_wrapped, offset_lines

if TYPE_CHECKING:
    from pipeline.document import Cell, Page
    from pipeline.rows import Row
    from pipeline.text import Line

#: Row kinds that make up the body of the table (theme cells run beside them).
TABLE_ROWS = ("fiche", "continuation", "empty")

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True)
class Theme:
    numero: int  # the top level's number ("AXE 2", "Orientation 2.3" -> 2)
    libelle: str
    mot: str
    printed: str = ""  # the number as printed: "2", "II", "2.3"
    #: Its label is doubtful: rebuilt from pieces a page break cut, facing another label across
    #: a break (``join_cut_labels``), or printed over other glyphs.
    estimated: bool = field(default=False, compare=False)

    @property
    def depth(self) -> int:
        """1 for "AXE 2", 2 for "Orientation 2.3": the levels its number holds."""
        return self.printed.count(".") + 1


@dataclass(frozen=True)
class Label:
    """A rotated label as printed, with the centre of its text (page coordinates)."""

    text: str
    cx: float
    cy: float
    words: tuple[Word, ...]
    lines: tuple[str, ...] = ()  # the printed lines, in reading order
    direction: str = "btt"  # btt: read bottom to top; ttb: top to bottom
    top: float = 0.0  # extent of its words down the page
    bottom: float = 0.0
    xs: tuple[float, ...] = ()  # where each line stands across the page, in reading order


def rejoin(label: Label, printed: set[str], whole: set[str]) -> tuple[Label, bool]:
    """The label with a word cut across two of its lines made whole again (``label_words.rejoined``),
    and whether a cut was left that nothing settles."""
    if not label.lines:
        return label, False
    reading = rejoined(list(label.lines), printed, whole)
    return replace(label, text=reading.text), reading.undecided


def _roman(value: str) -> int:
    total = 0
    for char, following in zip(value, value[1:] + " "):
        v = _ROMAN[char]
        total += -v if following != " " and _ROMAN.get(following, 0) > v else v
    return total


def parse_theme(text: str) -> Theme | None:
    """The theme of a label such as "ENJEU 3 : Renforcer …", or None if it is not one."""
    m = config.TABLE.theme_pattern.match(" ".join(text.split()))
    if not m or not m.group("libelle"):
        return None
    number = m.group("numero")
    first = number.split(".", 1)[0]
    if not first.isdigit() and not re.fullmatch(r"[IVXLC]+", number):
        return None
    if m.group("sep") is None and not m.group("mot").isupper():
        return None  # "Phase 1 identification" is prose; "ENJEU 1 ORGANISER" is a label
    value = int(first) if first.isdigit() else _roman(number)
    return Theme(value, m.group("libelle").strip(), m.group("mot"), number)


def _runs(line: list[Word], borders: Sequence[Border]) -> list[list[Word]]:
    """A rotated baseline cut into runs of words at gaps too wide to be a word space (in its font:
    a monospaced one's is 0.6 em) and at the ``borders`` between two words (``_parted``)."""
    reverse = line[0].direction == "btt"  # bottom to top: reading order is decreasing y
    ordered = sorted(line, key=lambda w: w.bottom, reverse=reverse)
    runs: list[list[Word]] = []
    for k, word in enumerate(ordered):
        if runs and not _opens_another(runs[-1], ordered[k:k + 2]) and not _parted(runs[-1][-1], word, borders):
            prev = runs[-1][-1]
            gap = (prev.top - word.bottom) if reverse else (word.top - prev.bottom)
            if -1.0 <= gap <= max(config.TABLE.label_run_gap_em * word.size, config.LAYOUT.chunk_gap_spaces * word.space):
                runs[-1].append(word)
                continue
        runs.append([word])
    return runs


def _parted(a: Word, b: Word, borders: Sequence[Border]) -> bool:
    """True when one of ``borders`` runs between two words of a rotated baseline."""
    low, high = min(a.bottom, b.bottom), max(a.top, b.top)
    return any(low <= y <= high and x0 <= a.cx <= x1 for y, x0, x1 in borders)


def _parting(baselines: list[list[list[Word]]], borders: Sequence[Border]) -> list[Border]:
    """The drawn cell borders lying where a baseline's runs part at another label's opening
    (``_opens_another``), the only border in that gap: two merged cells, each label clipped there
    when printed, so that every baseline across is cut there too (the labels' next lines run on
    along one baseline as well)."""
    gaps = [(a[-1], b[0]) for runs in baselines for a, b in zip(runs, runs[1:]) if _opens_another(a, b[:2])]
    within = ([border for border in borders if _parted(a, b, [border])] for a, b in gaps)
    return [inside[0] for inside in within if len(inside) == 1]  # several: the cells between hold neither label


def _opens_another(run: list[Word], coming: list[Word]) -> bool:
    """True when the coming words open a label with the theme word and a number, as the run
    did: two neighbouring labels too long for their cells run on along one baseline ("Axe 11 :
    PREVENTION" then "Axe 12 : AXES …", a word space apart)."""
    def opening(words: list[Word]) -> str | None:
        if len(words) == 2 and re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,7}", words[1].text.rstrip(":.-–")):
            return fold(words[0].text)
        return None

    return len(run) >= 2 and opening(run[:2]) is not None and opening(coming) == opening(run[:2])


def _same_label(a: list[Word], b: list[Word]) -> bool:
    """Two runs are successive lines of one label: adjacent baselines, overlapping extents."""
    size = max(a[0].size, b[0].size)
    pitch = abs(a[0].cx - b[0].cx) / size
    low, high = config.TABLE.line_pitch_em
    if not low <= pitch <= high:
        return False
    a0, a1 = min(w.top for w in a), max(w.bottom for w in a)
    b0, b1 = min(w.top for w in b), max(w.bottom for w in b)
    overlap = min(a1, b1) - max(a0, b0)
    return overlap >= config.LAYOUT.cover_share * min(a1 - a0, b1 - b0)


def rotated_labels(words: list[Word], borders: Sequence[Border] = ()) -> list[Label]:
    """Every rotated text block of a page, rebuilt in reading order; ``borders``: the page's drawn
    cell borders across, as (y, x0, x1)."""
    labels: list[Label] = []
    for direction in ("btt", "ttb"):
        rotated = [w for w in words if w.direction == direction]
        if not rotated:
            continue
        size = statistics.median(w.size for w in rotated)
        across = min(config.EXTRACT.line_tolerance, config.EXTRACT.rotated_line_tolerance_em * size)
        baselines = cluster(rotated, key=lambda w: w.cx, tolerance=across)
        parting = _parting([_runs(line, ()) for line in baselines], borders)
        runs = [run for line in baselines for run in _runs(line, parting)]
        links = ((i, j) for i in range(len(runs)) for j in range(i + 1, len(runs)) if _same_label(runs[i], runs[j]))
        for block in ([runs[i] for i in group] for group in linked_groups(range(len(runs)), links)):
            # Lines of text running up the page follow each other left to right.
            block.sort(key=lambda run: run[0].cx, reverse=direction == "ttb")
            lines = tuple(" ".join(w.text for w in run) for run in block)
            text = join_lines(lines)
            members = tuple(w for run in block for w in run)
            labels.append(Label(
                text=text,
                lines=lines,
                cx=sum(run[0].cx for run in block) / len(block),
                cy=sum((min(w.top for w in run) + max(w.bottom for w in run)) / 2 for run in block) / len(block),
                words=members,
                direction=direction,
                top=min(w.top for w in members),
                bottom=max(w.bottom for w in members),
                xs=tuple(run[0].cx for run in block),
            ))
    return labels


def _glued(first: str, second: str) -> tuple[str, ...]:
    """Two parts of a line a page break cut, in reading order: one where a glyph the break
    crossed is printed on both pages ("Axe" + "e 1 :" -> "Axe 1 :"); else two, as two lines
    are, that ``rejoin`` makes one word where the document prints it whole ("ED" + "UCATION")."""
    if first and second and first[-1] == second[0]:
        return (first + second[1:],)
    return tuple(part for part in (first, second) if part)


def _joined(upper: Label, lower: Label) -> Label | None:
    """The label of which ``upper`` ends its page and ``lower`` opens the next one, when every
    line of ``lower`` goes on a line of ``upper`` (the same place across the page). Its lines
    are more than ``upper``'s where a break fell between two glyphs."""
    pairs = {j: next((i for i, x in enumerate(upper.xs) if abs(x - y) <= config.EXTRACT.line_tolerance), None)
             for j, y in enumerate(lower.xs)}
    if upper.direction != lower.direction or not pairs or None in pairs.values():
        return None
    continued = {i: lower.lines[j] for j, i in pairs.items()}
    lines = tuple(part for i, line in enumerate(upper.lines) for part in (
        _glued(continued.get(i, ""), line) if upper.direction == "btt" else _glued(line, continued.get(i, ""))))
    text = join_lines(lines)
    length = lower.bottom - lower.top  # of the part beyond the break, laid below the page's
    return replace(upper, text=text, lines=lines, words=(), bottom=upper.bottom + length,
                   cy=(upper.top + upper.bottom + length) / 2)


def join_cut_labels(pages: list["Page"]) -> None:
    """Rotated labels that a page break cut (a browser prints a merged cell's label once, centred
    on the whole cell, and a break may fall across it): a label or piece of text running past the
    bottom of a page's upright text, and one running past the top of the next page's on the same
    lines across, one of them no theme label on its own, are one label, placed on the first page.
    Where each cut line shows the glyph the break crossed on both pages, the join is certain;
    where a break fell between two glyphs, whether it cut a word is the document's vocabulary's
    guess (``rejoin``): its theme is marked ``estimated`` (and stays so where a piece's glyphs
    lie over others), as are two different themes facing each other across a break (a piece
    read into a neighbouring label). The same theme on both sides is a spreadsheet's label
    printed on every page. Pieces left unjoined are words outside any cell (the account reports
    them)."""
    for above, below in zip(pages, pages[1:]):
        for (upper, upper_theme), (lower, lower_theme) in _facing(above, below):
            if upper_theme and lower_theme and upper_theme == lower_theme:
                continue
            whole = _joined(upper, lower) if upper_theme is None or lower_theme is None else None
            theme = parse_theme(whole.text) if whole else None
            if whole and theme:
                doubt = len(whole.lines) > len(upper.lines) or any(t.estimated for t in (upper_theme, lower_theme) if t) \
                    or any(w.overprinted for label in (upper, lower) for w in label.words)
                _take(above, upper, (whole, replace(theme, estimated=doubt)))
                _take(below, lower, None)
            else:
                for page, label, read in ((above, upper, upper_theme), (below, lower, lower_theme)):
                    if read:
                        _take(page, label, (label, replace(read, estimated=True)))
    for page in pages:
        page.outside.extend(w for piece in page.pieces for w in piece.words)
        page.pieces = []


def _facing(above: "Page", below: "Page") -> list[tuple[tuple[Label, Theme | None], tuple[Label, Theme | None]]]:
    """Pairs of rotated texts (label or piece, with its theme) running past the bottom of
    ``above``'s upright text and past the top of ``below``'s, on the same lines across."""
    def texts(page: "Page") -> list[tuple[Label, Theme | None]]:
        return [(label, None) for label in page.pieces] + [(label, t) for label, t in page.labels if t]

    openers = [o for o in texts(below) if o[0].top < below.body[0]]
    pairs = []
    for ender in (e for e in texts(above) if e[0].bottom > above.body[1]):
        opener = next((o for o in openers if o[0].direction == ender[0].direction and any(
            abs(x - y) <= config.EXTRACT.line_tolerance for x in ender[0].xs for y in o[0].xs)), None)
        if opener:
            openers.remove(opener)
            pairs.append((ender, opener))
    return pairs


def _take(page: "Page", label: Label, instead: tuple[Label, Theme] | None) -> None:
    """Remove ``label`` (a theme label or a piece) from ``page``, putting ``instead`` in its place."""
    if any(label is piece for piece in page.pieces):
        page.pieces = [piece for piece in page.pieces if piece is not label]
        page.label_words += len(label.words)
        page.labels += [instead] if instead else []
        return
    labels: list[tuple[Label, Theme | None]] = []
    for entry in page.labels:
        labels += [entry] if entry[0] is not label else [instead] if instead else []
    page.labels = labels


@dataclass
class Levels:
    """The themes in force reading down a table: the top theme and the sub-themes below it. A
    sub-theme never replaces the top theme: a band is one when its number has the top's number
    before a dot ("Orientation 1.2"), or when, under a top theme, it uses another theme word than
    the top themes (``word``: that of the theme column's labels, else of the first band)."""

    word: str | None = None
    top: Theme | None = None
    below: tuple[tuple[int, Theme], ...] = ()  # (depth, theme)

    def read(self, theme: Theme | None) -> None:
        """Take in the theme of a band."""
        if theme is None:
            return
        if self.word is None:
            self.word = fold(theme.mot)
        depth = theme.depth
        if depth == 1 and self.top is not None and fold(theme.mot) != self.word:
            depth = 2
        if depth == 1:
            self.top, self.below = theme, ()
        else:
            self.below = tuple((d, t) for d, t in self.below if d < depth) + ((depth, theme),)

    def under(self, top: Theme | None) -> tuple[Theme, ...]:
        """The sub-themes in force under ``top`` (dotted ones only under their own top theme)."""
        if top is None:
            return ()
        return tuple(t for _, t in self.below if t.depth == 1 or t.numero == top.numero)


def column_labels(pages: list["Page"], col: int, rows: list["Row"], header: str, known: frozenset[str] = frozenset()
                  ) -> tuple[dict[int, list[tuple[Label, Theme]]], list["Cell"]]:
    """The labels a theme column prints beside the table rows, by page, each centred on its
    text; and the cells whose text went on a label. A label is read from a run of cells, one
    ``continuing`` the other (a merged cell a row border cut). Text that opens a page's column
    without naming a theme (below the column's ``header`` where the page repeats it) goes on the
    last label of the page before: a merged cell that a page break cut ("ENJEU 11 : PREVENTION
    DE" / "LA DELINQUANCE"), but for the bare opening of another label ("Orientation 3.2 :"),
    for a line the break ran across, which a spreadsheet prints on both pages, and for the label
    printed again above the table (every run above the page's first label is tried). A page's
    last run that only opens a label ("Orientation 3.3 :", the break cut it there) opens the next
    page's first run. A label whose text opens another one inside it is doubtful."""
    out: dict[int, list[tuple[Label, Theme]]] = {}
    used: list["Cell"] = []
    last: tuple[int, int] | None = None
    pending: list["Line"] = []
    for page in pages:
        out[page.number] = []
        spans = [(r.row0, r.row1) for r in rows if r.page == page.number and r.kind in TABLE_ROWS]
        runs = cell_runs(sorted((c for c in page.cells if in_theme_column(c, col) and c.lines), key=lambda c: c.top))
        for n, run in enumerate(runs):
            if not (lines := [ln for cell in run for ln in cell.lines if not (header and compact(ln.text) == compact(header))]):
                continue  # the column's header, repeated: the opening of a label a break cut goes on below it
            lines, pending = pending + lines, []
            beside = any(cell.row0 < r1 and r0 < cell.row1 for cell in run for r0, r1 in spans)
            parts = label_parts(lines)
            for k, part in enumerate(parts):
                reading = label_reading([ln.text for ln in part], known)
                text = reading.text
                theme = parse_theme(text) if beside else None
                if theme is None and n == len(runs) - 1 and k == len(parts) - 1 and label_opening(text):
                    pending = part
                    used += run
                    continue
                if k == 0 and theme is None and last is not None and not out[page.number]:
                    number, at = last
                    joined = _continued(*out[number][at], part)
                    if joined:
                        out[number][at] = joined
                        used += run
                        continue
                if theme:
                    out[page.number].append(_column_label(text, theme, part, run[0], reading.undecided))
                    last = (page.number, len(out[page.number]) - 1)
                    used += run
    doubtful = {number: [(label, replace(theme, estimated=theme.estimated or names_another(theme)))
                         for label, theme in page_labels] for number, page_labels in out.items()}
    return doubtful, used


def _column_label(text: str, theme: Theme, part: list["Line"], cell: "Cell", cut_undecided: bool) -> tuple[Label, Theme]:
    """A label read from a theme column's lines, doubtful with another column's text in it or a
    word cut that nothing settles (``cut_undecided``)."""
    doubt = offset_lines(part) or cut_undecided
    top, bottom = part[0].top, part[-1].top + part[-1].size
    label = Label(text, (cell.x0 + cell.x1) / 2, (top + bottom) / 2, (), tuple(ln.text for ln in part), top=top, bottom=bottom)
    return label, replace(theme, estimated=theme.estimated or doubt)


def names_another(theme: Theme) -> bool:
    """True when a label's text opens another label inside it ("… l’absentéisme 5.3.2
    Orientation 5.3 : …", or "Orientationactivité 3.2 :" where the end of the label above ran
    onto the line, or "non-scolarisésOrientation 1.3 :" where the next label's opening ran onto
    this one's last word), or a label's number glued to a word before its colon ("compris5.2 :",
    the next label's opening printed over this one's end): two cells' texts, or two labels, read
    as one."""
    opening = r"(?:(?<!\w)|(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý]))"  # after a space, or glued to a word in lower case
    return (re.search(rf"{opening}(?i:{re.escape(theme.mot)})(?:[^\W\d_]{{2,}})?\s+(?:[IVXLC]+\b|\d)",
                      theme.libelle) is not None
            or re.search(r"(?<=[^\W\d_])\d+(?:\.\d+)+\s*:", theme.libelle) is not None)


def _continued(label: Label, theme: Theme, part: list["Line"]) -> tuple[Label, Theme] | None:
    """The label with the lines that open the next page where they go on with it (a line the
    break ran across is printed on both pages; the label printed again, whole or clipped to the
    page, adds nothing)."""
    opening = config.TABLE.theme_pattern.match(join_lines(ln.text for ln in part))
    if opening and not opening["libelle"] and opening["numero"] != theme.printed:
        return None  # the bare opening of another label ("Orientation 3.2 :" after 3.1)
    if parse_theme(join_lines(ln.text for ln in part)) == theme or all(ln.text in label.lines for ln in part):
        return label, theme
    rest = part[1:] if label.lines and part[0].text == label.lines[-1] else part
    whole = join_wrapped(label.text, join_lines(ln.text for ln in rest))
    joined = parse_theme(whole)
    return (replace(label, text=whole, lines=label.lines + tuple(ln.text for ln in rest)), joined) if joined else None


def continues(above: "Cell", cell: "Cell") -> bool:
    """True when a cell's first line follows the last line of the cell above it at a label's
    line pitch (``line_pitch_em``): one label wrapped over a row border that the other
    columns' gaps drew through its merged cell (a borderless, centred spreadsheet); or when the
    two lines are printed over each other (``overprinted``, less than a line apart): a label
    overflowing its cell onto the next one's, which the two cells' texts read one at a time
    part at the border (office seed 3260)."""
    if not above.lines or not cell.lines:
        return False
    last, first = above.lines[-1], cell.lines[0]
    stacked = last.overprinted and first.overprinted and first.top - last.top < min(last.size, first.size)
    return at_line_pitch(last, first) or stacked


def in_theme_column(cell: "Cell", col: int) -> bool:
    """A cell of theme column ``col``: of that column alone, or opening in it with a line of a
    label that ran over into the next column (no gutter parts them on that line)."""
    return cell.cols == (col,) or (len(cell.cols) == 2 and cell.cols[0] == col)


def label_opening(text: str) -> bool:
    """True for a theme word and number with no label text ("Orientation 3.3 :")."""
    m = config.TABLE.theme_pattern.match(text)
    return m is not None and not m["libelle"]


def cell_runs(cells: list["Cell"]) -> list[list["Cell"]]:
    """A column's cells, top to bottom, in runs of cells each ``continuing`` the one before."""
    return chained(cells, continues)


def label_parts(lines: list["Line"]) -> list[list["Line"]]:
    """A theme cell's lines cut where a line opens another label with the same theme word
    ("Orientation 2.1 : Réussir à l'école" then "Orientation 2.2 : …"): a borderless column
    whose rows no gap sets apart holds several merged cells in one."""
    parts: list[list["Line"]] = []
    word = None
    for k, line in enumerate(lines):
        # the theme word may stand alone on its line, its number opening the next
        opening = config.TABLE.theme_pattern.match(" ".join(ln.text for ln in lines[k:k + 2]))
        if parts and opening and word and fold(opening["mot"]) == word:
            parts.append([line])
            continue
        if not parts:
            parts.append([])
            word = fold(opening["mot"]) if opening else None
        parts[-1].append(line)
    return parts
