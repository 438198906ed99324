"""Pages of cells -> the table's logical columns (the boundaries its pages share) and their
roles: which column is the number, title, objectives, mark, pilot, theme or an extra column, from
the header row when it names them and from the content otherwise."""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipeline import config
from pipeline.errors import TableError
from pipeline.geometry import cluster, weighted_median
from pipeline.headers import role_of_header, table_header
from pipeline.numbering import is_label_number, is_numero, numero_and_mark, numero_of
from pipeline.text import Line, compact, cut_line, fold, join_lines, separator
from pipeline.themes import cell_runs, in_theme_column, label_opening, parse_theme

if TYPE_CHECKING:
    from pipeline.document import Cell, Document, Page


@dataclass
class Columns:
    """Roles of the logical columns: role -> column index, plus headers of the others."""

    roles: dict[str, int]
    theme: int | None
    headers: dict[int, str]
    extra: list[int]
    sub_theme: int | None = None  # a second column of theme cells, the level under ``theme``
    tied: tuple[str, ...] = ()  # roles read from the content where another column would do nearly as well
    labelled: tuple[int, ...] = ()  # extra columns some cells of which read as theme labels
    merged: tuple[int, ...] = ()  # text columns whose header prints two headers side by side (``TableHeader.merged``)

    @property
    def text_cols(self) -> list[int]:
        """The columns read as text: title, objectives, pilots and the extra ones."""
        return self.core_cols + self.extra

    @property
    def core_cols(self) -> list[int]:
        """The columns of a fiche's own text: title, objectives, pilots (an extra column, partners
        or a deadline, is often left blank)."""
        return [self.roles[r] for r in ("intitule", "objectifs", "pilote") if r in self.roles]

    @property
    def theme_cols(self) -> tuple[int, ...]:
        """The columns of theme cells, which run beside the fiche rows rather than in them."""
        return tuple(c for c in (self.theme, self.sub_theme) if c is not None)


def entries(cell: Cell) -> list[tuple[float, str]]:
    """(top, text) of each line of a cell, a number cut at the cell's edge ("13.1" / "0") joined
    to its end, and words wrapped before a number ("Fiche n°" / "1.1") to it: the entries of a
    cell that may hold several fiches' numbers run together."""
    lines = [replace(ln, edge=cell.text_right) for ln in cell.lines]
    out: list[tuple[float, str]] = []
    for k, line in enumerate(lines):
        joined = out[-1][1] + line.text if out else ""
        cut = k and separator(lines[k - 1], line, 0.0) == "" and len(line.text) < len(out[-1][1])
        if cut and is_numero(joined):  # the end of a cut number is shorter than its start
            out[-1] = (out[-1][0], joined)
        elif out and not re.search(r"\d", out[-1][1]) and is_numero(f"{out[-1][1]} {line.text}"):
            out[-1] = (out[-1][0], f"{out[-1][1]} {line.text}")
        else:
            out.append((line.top, line.text))
    return out


def column_texts(pages: list[Page], by_entry: bool = False) -> dict[int, list[str]]:
    """Texts of each column's cells (or of their entries)."""
    texts: dict[int, list[str]] = defaultdict(list)
    for page in pages:
        for cell in page.cells:
            if len(cell.cols) == 1 and cell.lines:
                texts[cell.cols[0]] += [text for _, text in entries(cell)] if by_entry else [cell.text]
    return texts


def find_numero_column(texts: dict[int, list[str]]) -> int | None:
    """The column holding the most distinct fiche numbers, entry by entry (and mostly numbers; one
    followed by a mark counts, ``numbering.numero_and_mark``: no page's gutter parted the two)."""
    best, best_score = None, 0
    for col, values in texts.items():
        matching = [head for head in (numero_and_mark(v)[0] for v in values) if is_numero(head)]
        if len(matching) < 2 or len(matching) < config.TABLE.numero_column_share * len(values):
            continue
        if len(set(matching)) < config.TABLE.numero_column_share * len(matching):
            continue
        if len(set(matching)) > best_score:
            best, best_score = col, len(set(matching))
    return best


def logical_columns(pages: list[Page]) -> list[float]:
    """Column boundaries shared by the table's pages, their median positions weighted by each
    page's lines (a page holding the end of one fiche says less than a full one). Pages are grouped by
    their number of column boundaries: the table's group is the one whose pages hold the most
    distinct fiche numbers in one column (prose before the table and other tables after it lay
    their pages out otherwise), the most common one among equals."""
    groups: dict[int, list[tuple[Page, list[list[float]]]]] = defaultdict(list)
    for page in pages:
        xs = sorted({round(c.x0, 1) for c in page.cells} | {round(c.x1, 1) for c in page.cells})
        layout = cluster(xs, key=float, tolerance=config.EXTRACT.rule_snap)
        if layout:
            groups[len(layout)].append((page, layout))
    if not groups:
        raise TableError("aucun tableau sur aucune page")

    def bounds(n: int) -> list[float]:
        weights = [sum(len(c.lines) for c in page.cells) + 1 for page, _ in groups[n]]
        return [weighted_median([statistics.median(x[k]) for _, x in groups[n]], weights) for k in range(n)]

    def numbers(n: int) -> int:
        group = [page for page, _ in groups[n]]
        place_cells(group, bounds(n))
        texts = column_texts(group, by_entry=True)
        col = find_numero_column(texts)
        return len({numero_of(t) for t in texts[col] if is_numero(t)}) if col is not None else 0

    return bounds(max(groups, key=lambda n: (numbers(n), len(groups[n]))))


def place_cells(pages: list[Page], bounds: list[float]) -> None:
    """Give every cell the logical columns it covers (at least half of a column's width). A cell
    of one page column without drawn borders covers the columns its text does: a column left
    empty on a page has no gutter there, and its neighbour's cell reaches over it; so does a cell
    merged because its text runs over its page's gutters when that text lies within one logical
    column (a page with too few rows to show its own gutters; a band merged whole stays so);
    where each of its lines lies within one column, it is one cell per column (``split_by_columns``)."""
    for page in pages:
        gutters = {c.x0 for c in page.cells}
        for cell in page.cells:
            upright = [ln for ln in cell.lines if ln.x1 > ln.x0]
            snap = config.EXTRACT.rule_snap
            over = any(ln.x0 < x - snap and x + snap < ln.x1 for ln in upright for x in gutters if cell.x0 < x < cell.x1)
            by_text = upright and not cell.ruled and (not cell.merged or (over and _in_one_column(upright, bounds)))
            x0, x1 = (min(ln.x0 for ln in upright), max(ln.x1 for ln in upright)) if by_text else (cell.x0, cell.x1)
            covered = []
            for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
                overlap = min(b, x1) - max(a, x0)
                if overlap >= config.LAYOUT.cover_share * min(b - a, x1 - x0):
                    covered.append(k)
            cell.cols = tuple(covered)
        page.cells = [part for cell in page.cells for part in split_by_columns(cell, bounds)]


def _column_of(line: Line, bounds: list[float]) -> int | None:
    """The logical column an upright line lies within, if any."""
    inside = [k for k in range(len(bounds) - 1)
              if bounds[k] - config.EXTRACT.rule_snap <= line.x0 and line.x1 <= bounds[k + 1] + config.EXTRACT.rule_snap]
    return inside[0] if inside and line.x1 > line.x0 else None


def _in_one_column(lines: list[Line], bounds: list[float]) -> bool:
    columns = {_column_of(line, bounds) for line in lines}
    return len(columns) == 1 and None not in columns


def split_by_columns(cell: Cell, bounds: list[float]) -> list[Cell]:
    """A cell read from gutters whose every line lies within one logical column, in several
    columns (a page whose gutters missed a column the other pages show: bold theme labels left
    out of the gutters beside the numbers, a column with too few lines to show its own), as one
    cell per column; a line holding two cells' texts is cut where a wider gap than a word space
    parts them over a column border ("12 x", a number and its mark), or at the word space beside
    a fiche number ("3.2 X", "Thème 4 : Incarnés 6" in a monospaced font: the only cut made in a
    cell the text merged over its page's columns). Any other cell as it is."""
    if cell.ruled or not cell.lines:
        return [cell]
    by_col: dict[int, list[Line]] = defaultdict(list)
    for line in cell.lines:
        pieces = _cut_at_bounds(line, bounds, numbers_only=cell.merged)
        if pieces is None:
            return [cell]
        for k, piece in pieces:
            by_col[k].append(piece)
    if len(by_col) < 2:
        return [cell]
    return [replace(cell, x0=max(cell.x0, bounds[k]), x1=min(cell.x1, bounds[k + 1]), cols=(k,), lines=lines,
                    text_top=min(ln.top for ln in lines), merged=False) for k, lines in sorted(by_col.items())]


def _cut_at_bounds(line: Line, bounds: list[float], numbers_only: bool = False) -> list[tuple[int, Line]] | None:
    """A line's pieces, each with its logical column: the line whole where it lies within one;
    else cut at its breaks over a column border, a gap wider than a space (unless
    ``numbers_only``), and at the word space beside a fiche number standing alone on its side of
    it, where the piece after it lies in a column of its own (``Break.beside_number``) and the
    text before it starts in a column before that one (its last word may overflow its cell
    towards the number). None where a piece lies in no column."""
    whole = _column_of(line, bounds)
    if whole is not None:
        return [(whole, line)]
    snap = config.EXTRACT.rule_snap
    pieces: list[tuple[int, Line]] = []
    rest = line
    for at in reversed(line.breaks):
        left, after = cut_line(rest, at)
        k = _column_of(after, bounds)
        if at.beside_number:  # the number alone on one side: "3.2" | "X", "Incarnés" | "6"
            alone = (is_numero(after.text.strip()) and not is_label_number(left.text.strip(), after.text.strip())) \
                or (left.words == 1 and is_numero(left.text))
            cut = alone and k is not None and _column_at(left.x0, bounds) < k
        else:
            cut = not numbers_only and any(at.end - snap <= x <= at.start + snap for x in bounds[1:-1])
        if cut:
            if k is None:
                return None
            rest = left
            pieces.insert(0, (k, after))
    first = _column_of(rest, bounds)
    if first is None and pieces and _column_at(rest.x0, bounds) < pieces[0][0]:
        first = _column_at(rest.x0, bounds)  # its last word overflows into the column of the piece after it
        rest = replace(rest, overflows=True)
    return None if first is None else [(first, rest), *pieces]


def _column_at(x: float, bounds: list[float]) -> int:
    """The logical column holding abscissa ``x``."""
    return max(0, min(len(bounds) - 2, bisect.bisect_right(bounds, x + config.EXTRACT.rule_snap) - 1))


def _mark_like(values: list[str]) -> bool:
    """True when every value is a mark ("Oui", "X", "Non", a short sign) or marks ("Oui Oui",
    where a row holds two fiches)."""
    def mark(word: str) -> bool:
        return word in config.CELL_TEXT.yes_marks or word in config.CELL_TEXT.no_marks

    folded = [fold(v) for v in values if v.strip()]
    short = config.TABLE.mark_max_chars
    return bool(folded) and all(mark(v) or len(v) <= short or all(mark(w) for w in v.split()) for v in folded)


def _theme_column(doc: Document, texts: dict[int, list[str]]) -> int | None:
    """The column holding theme labels printed as rotated text, if the grid gives them one: a
    column with nothing else in it (without rules, rotated text has no column of its own and
    ``themes_by_centres`` places the labels)."""
    votes: Counter[int] = Counter()
    for page in doc.pages:
        for label, theme in page.labels:
            for k, (a, b) in enumerate(zip(doc.bounds, doc.bounds[1:])):
                if theme and a <= label.cx < b and all(parse_theme(t) for t in texts.get(k, [])):
                    votes[k] += 1
    return votes.most_common(1)[0][0] if votes else None


def assign_roles(doc: Document) -> Columns:
    """Column roles from the header when it names them, from the content otherwise."""
    texts = column_texts(doc.pages)
    by_entry = column_texts(doc.pages, by_entry=True)
    numero = find_numero_column(by_entry)
    if numero is None:
        raise TableError("aucune colonne de numéros de fiche (comme 1.1, 1.2 …)")
    header = table_header(doc, numero)
    headers = header.texts
    _move_lone_headers(headers, texts)
    roles: dict[str, int] = {"numero": numero}
    theme = _theme_column(doc, texts)
    for col in sorted(headers):
        role = role_of_header(headers[col])
        if role == "theme" and theme is None:
            theme = col
        elif role and role != "theme" and role not in roles and col not in roles.values() and col != theme:
            roles[role] = col
    free = [c for c in range(doc.n_cols) if c not in roles.values() and c != theme and texts.get(c)]
    body = {c: [t for t in texts[c] if not _is_header(t, headers.get(c, ""))] or texts[c] for c in free}
    top_level = theme is not None or any(t for page in doc.pages for _, t in page.labels)  # a column or rotated labels
    sub = next((c for c in free if top_level and _holds_theme_labels(doc, c, headers.get(c, ""))), None)
    free = [c for c in free if c != sub]
    rows = sum(1 for t in texts[numero] if any(is_numero(w) for w in t.split()))  # cells as the other columns cut them
    tied = _content_roles(roles, sorted(free, key=lambda c: bool(headers.get(c, "").strip())), body, rows)
    extra = [c for c in free if c not in roles.values()]
    labelled = tuple(c for c in extra if any(_theme_label(t) for t in body[c]))
    columns = Columns(roles, theme, headers, extra, sub, tied, labelled)
    return replace(columns, merged=tuple(c for c in header.merged if c in columns.text_cols))


def _theme_label(text: str) -> bool:
    """True for a theme label named by a theme word ("Orientation 1.2 : …"; not "Page 1 / 2")."""
    theme = parse_theme(text)
    return theme is not None and re.search(config.TABLE.header_patterns["theme"], fold(theme.mot)) is not None


def _is_header(text: str, header: str) -> bool:
    """A cell opening with its column's header is the header (where a borderless grid ran the rest
    of a cut cell into it)."""
    key = compact(header)
    return bool(key) and compact(text).startswith(key)


def _holds_theme_labels(doc: Document, col: int, header: str) -> bool:
    """True when every run of cells of a column (``themes.cell_runs``: a label cut by row
    borders), its header apart (a cell opening with it), reads as a theme label, but a page's
    first, which may be the rest of a label a page break cut, its last, which may open that
    label (``themes.label_opening``), and those printing again lines of the last label of the
    page before (clipped to the page)."""
    found, before = False, set()
    for page in doc.pages:
        cells = sorted((c for c in page.cells if in_theme_column(c, col) and c.text.strip() and not _is_header(c.text, header)),
                       key=lambda c: c.top)
        runs = cell_runs(cells)
        for k, run in enumerate(runs):
            lines, text = {ln.text for cell in run for ln in cell.lines}, join_lines(cell.text for cell in run)
            if parse_theme(text):
                found, before = True, lines
            elif k and not lines <= before and not (k == len(runs) - 1 and label_opening(text)):
                return False
    return found


def _move_lone_headers(headers: dict[int, str], texts: dict[int, list[str]]) -> None:
    """A header over nothing but itself belongs to the neighbouring column that has text and no
    header: without rules, a header centred over short lines stands apart as a column of its own."""
    for col, head in list(headers.items()):
        key = compact(head)
        if not head.strip() or any(compact(t) != key for t in texts.get(col, [])):
            continue
        for side in (col - 1, col + 1):
            if not headers.get(side, "").strip() and any(compact(t) != key for t in texts.get(side, [])):
                headers[side] = headers.pop(col)
                break


def _content_roles(roles: dict[str, int], free: list[int], texts: dict[int, list[str]], fiches: int) -> tuple[str, ...]:
    """Fill the roles no header named, from what the columns hold (blank-header columns first):
    marks, then the wordiest column (objectives), the most distinct one (titles; of two as
    distinct, the one less written in names, then the wordier), and the one
    most written in names (pilots; a column of repeated amounts or indicators is not). Returns
    the roles taken by a near tie: pilots where a column left over is written in names nearly
    as much (``column_tie_share``; partners beside the pilots, with no header to tell them) and
    the cells do not tell them apart (``_only_filled``; ``fiches``: how many cells of the number
    column hold numbers: rows run together share one cell in every column)."""
    def take(role: str, col: int) -> None:
        roles[role] = col
        free.remove(col)

    if "appel_a_projets" not in roles:
        marks = [c for c in free if _mark_like(texts[c])]
        if marks:
            take("appel_a_projets", marks[0])
    words = {c: statistics.mean(len(t.split()) for t in texts[c]) for c in free}
    if "objectifs" not in roles and free:
        take("objectifs", max(free, key=lambda c: words[c]))
    distinct = {c: len(set(texts[c])) / len(texts[c]) for c in free}
    if "intitule" not in roles and free:
        take("intitule", max(free, key=lambda c: (round(distinct[c], 1), -round(_capitalised_share(texts[c]), 1), words[c])))
    if "pilote" not in roles and free:
        names = {c: _capitalised_share(texts[c]) for c in free}
        best = max(free, key=lambda c: (round(names[c], 1), -round(distinct[c], 1), -words[c]))
        rivals = [c for c in free if c != best and names[c] >= names[best] - config.TABLE.column_tie_share
                  and _figure_share(texts[c]) < config.TABLE.column_tie_figures]
        filled = _only_filled([best, *rivals], texts, fiches)
        take("pilote", filled if filled is not None else best)
        if rivals and filled is None:
            return ("pilote",)
    return ()


def _only_filled(columns: list[int], texts: dict[int, list[str]], fiches: int) -> int | None:
    """The one of ``columns`` written beside every one of the ``fiches`` numbers, where each of
    the others is left blank beside ``column_blank_share`` of them or more: every fiche names its
    pilot, partners are often left blank. None where the cells do not tell."""
    full = [c for c in columns if len(texts[c]) >= fiches]
    sparse = [c for c in columns if fiches - len(texts[c]) >= config.TABLE.column_blank_share * fiches]
    return full[0] if len(full) == 1 and len(sparse) == len(columns) - 1 else None


def _figure_share(texts: list[str]) -> float:
    """Share of a column's words that hold a digit: amounts and dates, not names."""
    words = [w for text in texts for w in text.split()]
    return sum(1 for w in words if re.search(r"\d", w)) / len(words) if words else 0.0


def _capitalised_share(texts: list[str]) -> float:
    """Share of a column's words that start with a capital: high for organisation names
    ("Métropole, Etat (DDCS)"), low for prose, amounts and indicators; the words that separate
    names ("Région et Ville": ``config.PILOTS.pilot_separators``) are left out."""
    words = [w for text in texts for w in text.split()
             if re.search(r"[^\W\d_]", w) and not re.fullmatch(config.PILOTS.pilot_separators, f" {w} ")]
    return sum(1 for w in words if w[0].isupper()) / len(words) if words else 0.0
