"""Repair stage: page grids of fragments -> one clean record per fiche action.

Steps, each a function below:
1. ``read_pages``: cells and words per page; rotated text rebuilt into labels (``themes``).
2. ``logical_columns``: one set of columns for the whole document.
3. ``assign_roles``: which column is the number, title, objectives, mark, pilot, theme or an
   extra column, from the header row when there is one and from the content otherwise.
4. ``row_groups``: per page, table rows (a number cell spanning several grid rows is one row).
5. ``classify``: page furniture (repeated running titles, repeated headers, stale bands), header
   rows, theme bands, fiche rows and continuations of a fiche cut by a page break.
6. ``build_fiches``: fields assembled from the cells' lines (``text``), themes attached.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

import pandas as pd

from pipeline import config, models
from pipeline.layout import Word, _cluster
from pipeline.text import Line, break_unit_width, fold, items, paragraphs, remove_residue, single_line
from pipeline.themes import Label, Theme, parse_theme, rotated_labels


class TableError(ValueError):
    """The document holds no usable fiche table (the CLI names the file)."""


@dataclass
class Cell:
    page: int
    row0: int
    row1: int
    x0: float
    top: float
    x1: float
    bottom: float
    cols: tuple[int, ...] = ()  # logical columns covered
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return single_line(cell_lines(self))


@dataclass
class Page:
    number: int
    height: float
    cells: list[Cell]
    labels: list[tuple[Label, Theme | None]]


@dataclass
class Row:
    """A table row on one page: its cells by logical column."""

    page: int
    row0: int
    row1: int
    top: float
    bottom: float
    cells: dict[int, list[Cell]] = field(default_factory=dict)
    spanning: list[Cell] = field(default_factory=list)  # one cell over several columns (a band)
    kind: str = ""

    def text(self, col: int) -> str:
        return " ".join(c.text for c in self.cells.get(col, [])).strip()

    def signature(self) -> str:
        """The row's text with digits masked: equal on pages repeating the same furniture."""
        texts = [c.text for c in self.spanning] + [self.text(k) for k in sorted(self.cells)]
        return re.sub(r"\d+", "#", " | ".join(t for t in texts if t))


@dataclass
class Columns:
    """Roles of the logical columns: role -> column index, plus headers of the others."""

    roles: dict[str, int]
    theme: int | None
    headers: dict[int, str]
    extra: list[int]


# --- 1. pages -------------------------------------------------------------------------------------


def _word(r: dict) -> Word:
    return Word(r["x0"], r["top"], r["x1"], r["bottom"], r["text"], r["direction"], r["size"])


def read_pages(records: list[dict]) -> list[Page]:
    """Cells with their words, and rebuilt rotated labels, for every page."""
    by_page: dict[int, list[dict]] = defaultdict(list)
    for r in records:
        by_page[r["page"]].append(r)
    pages = []
    for number in sorted(by_page):
        rows = by_page[number]
        cells = {(r["row0"], r["col0"]): Cell(number, r["row0"], r["row1"], r["x0"], r["top"], r["x1"], r["bottom"])
                 for r in rows if r["kind"] == "cell"}
        words = [(r, _word(r)) for r in rows if r["kind"] == "word"]
        labels = rotated_labels([w for _, w in words if w.direction != "ltr"])
        parsed = [(label, parse_theme(label.text)) for label in labels]
        in_labels = {id(w) for label, theme in parsed if theme for w in label.words}
        for r, w in words:
            if id(w) not in in_labels and r["in_table"]:
                cells[(r["row0"], r["col0"])].words.append(w)
        pages.append(Page(number, rows[0]["page_height"], sorted(cells.values(), key=lambda c: (c.row0, c.x0)), parsed))
    return pages


def cell_lines(cell: Cell) -> list[Line]:
    """The printed lines of a cell, top to bottom (rotated words read as one more line)."""
    upright = [w for w in cell.words if w.direction == "ltr"]
    lines = []
    for group in _cluster(upright, key=lambda w: w.top, tolerance=config.LINE_TOLERANCE):
        group.sort(key=lambda w: w.x0)
        text = group[0].text
        for prev, word in zip(group, group[1:]):
            text += (" " if word.x0 - prev.x1 > 0.1 * word.size else "") + word.text
        unit = break_unit_width([(w.text, w.x0, w.x1) for w in group])
        size = statistics.median(w.size for w in group)
        lines.append(Line(text, group[0].x0, group[-1].x1, unit, size=size, page=cell.page))
    rotated = [w for w in cell.words if w.direction != "ltr"]
    if rotated:
        lines.append(Line(" ".join(w.text for w in rotated), 0, 0, 0, page=cell.page))
    return lines


# --- 2. columns -----------------------------------------------------------------------------------


def logical_columns(pages: list[Page]) -> list[float]:
    """Column boundaries shared by all pages: the most common page layout, median positions."""
    layouts = []
    for page in pages:
        xs = sorted({round(c.x0, 1) for c in page.cells} | {round(c.x1, 1) for c in page.cells})
        layouts.append(_cluster(xs, key=float, tolerance=config.RULE_SNAP))
    count = Counter(len(x) for x in layouts if x).most_common(1)
    if not count:
        raise TableError("no table found on any page")
    n = count[0][0]
    chosen = [x for x in layouts if len(x) == n]
    return [statistics.median(statistics.median(x[k]) for x in chosen) for k in range(n)]


def place_cells(pages: list[Page], bounds: list[float]) -> None:
    """Give every cell the logical columns it covers (at least half of a column's width)."""
    for page in pages:
        for cell in page.cells:
            covered = []
            for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
                overlap = min(b, cell.x1) - max(a, cell.x0)
                if overlap >= 0.5 * (b - a) or overlap >= 0.5 * (cell.x1 - cell.x0):
                    covered.append(k)
            cell.cols = tuple(covered)


# --- 3. roles -------------------------------------------------------------------------------------


def _is_numero(text: str) -> bool:
    return bool(config.NUMERO_PATTERN.match(text.replace(" ", "") if len(text) < 12 else text))


def _column_texts(pages: list[Page], n_cols: int) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = defaultdict(list)
    for page in pages:
        for cell in page.cells:
            if len(cell.cols) == 1 and cell.words:
                texts[cell.cols[0]].append(cell.text)
    return texts


def find_numero_column(texts: dict[int, list[str]]) -> int | None:
    """The column whose cells are nearly all distinct fiche numbers."""
    best, best_score = None, 0.0
    for col, values in texts.items():
        matching = [v for v in values if _is_numero(v)]
        share = len(matching) / len(values)
        if share < config.NUMERO_COLUMN_SHARE or len(matching) < 2:
            continue
        score = len(set(matching)) * share
        if score > best_score:
            best, best_score = col, score
    return best


def _header_rows(pages: list[Page], numero_col: int) -> dict[int, list[str]]:
    """Header text per column: rows above the first numbered row of each page that name roles."""
    headers: dict[int, list[str]] = defaultdict(list)
    for page in pages:
        first = min((c.row0 for c in page.cells if numero_col in c.cols and len(c.cols) == 1
                     and c.words and _is_numero(c.text)), default=None)
        if first is None:
            continue
        above = [c for c in page.cells if c.row1 <= first and c.words and len(c.cols) == 1]
        if not _looks_like_header(above):
            continue
        for cell in above:
            if cell.text not in headers[cell.cols[0]]:
                headers[cell.cols[0]].append(_header_text(cell))
        if headers:
            break
    return headers


def _header_text(cell: Cell) -> str:
    lines = [line.text for line in cell_lines(cell)]
    return " ".join(lines)


def _header_forms(text: str) -> list[str]:
    """A header folded as printed and with its line breaks removed ("AA" / "P" -> "aap")."""
    folded = fold(text)
    return [folded, folded.replace(" ", "")]


def _role_of_header(text: str) -> str | None:
    for role, pattern in config.HEADER_PATTERNS.items():
        if any(re.search(pattern, form) for form in _header_forms(text)):
            return role
    return None


def _looks_like_header(cells: list[Cell]) -> bool:
    named = sum(1 for c in cells if _role_of_header(_header_text(c)))
    return named >= 2 and all(len(c.text.split()) <= 8 for c in cells)


def _mark_like(values: list[str]) -> bool:
    folded = [fold(v) for v in values if v.strip()]
    return bool(folded) and all(v in config.YES_MARKS or v in config.NO_MARKS or len(v) <= 3 for v in folded)


def assign_roles(pages: list[Page], n_cols: int) -> Columns:
    """Column roles from the header when it names them, from the content otherwise."""
    texts = _column_texts(pages, n_cols)
    numero = find_numero_column(texts)
    if numero is None:
        raise TableError("no column of fiche numbers (like 1.1, 1.2 …) was found")
    header_cells = _header_rows(pages, numero)
    headers = {col: " ".join(parts) for col, parts in header_cells.items()}
    roles: dict[str, int] = {"numero": numero}
    theme = _theme_column(pages)
    for col in sorted(headers):
        role = _role_of_header(headers[col])
        if role == "theme" and theme is None:
            theme = col
        elif role and role != "theme" and role not in roles and col not in roles.values() and col != theme:
            roles[role] = col
    free = [c for c in range(n_cols) if c not in roles.values() and c != theme and texts.get(c)]
    blank_first = sorted(free, key=lambda c: bool(headers.get(c, "").strip()))
    _content_roles(roles, blank_first, texts)
    extra = [c for c in free if c not in roles.values()]
    return Columns(roles, theme, headers, extra)


def _content_roles(roles: dict[str, int], free: list[int], texts: dict[int, list[str]]) -> None:
    """Fill the roles no header named, from what the columns hold."""
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
        take("intitule", max(free, key=lambda c: (round(distinct[c], 1), words[c])))
    if "pilote" not in roles and free:
        take("pilote", min(free, key=lambda c: (round(distinct[c], 1), words[c])))


def _theme_column(pages: list[Page]) -> int | None:
    """The column holding theme labels printed as rotated text, if any."""
    votes: Counter[int] = Counter()
    for page in pages:
        for label, theme in page.labels:
            if theme:
                for cell in page.cells:
                    if len(cell.cols) == 1 and cell.x0 <= label.cx < cell.x1:
                        votes[cell.cols[0]] += 1
                        break
    return votes.most_common(1)[0][0] if votes else None


# --- 4. rows --------------------------------------------------------------------------------------


def row_groups(page: Page, cols: Columns) -> list[Row]:
    """Table rows of a page: grid rows, joined where one number cell spans several."""
    numero = cols.roles["numero"]
    n_rows = max((c.row1 for c in page.cells), default=0)
    start_of = list(range(n_rows))
    for cell in page.cells:
        if cell.cols == (numero,) and cell.row1 - cell.row0 > 1:
            for r in range(cell.row0, cell.row1):
                start_of[r] = start_of[cell.row0]
    rows: dict[int, Row] = {}
    for r in range(n_rows):
        s = start_of[r]
        if s not in rows:
            rows[s] = Row(page.number, s, r + 1, 0.0, 0.0)
        rows[s].row1 = r + 1
    ordered = sorted(rows.values(), key=lambda row: row.row0)
    for cell in page.cells:
        if cols.theme is not None and cols.theme in cell.cols and len(cell.cols) == 1:
            continue
        covering = [row for row in ordered if row.row0 < cell.row1 and cell.row0 < row.row1]
        for row in covering:
            if len(cell.cols) > 1 and numero in cell.cols:
                row.spanning.append(cell)
            else:
                for col in cell.cols[:1]:
                    row.cells.setdefault(col, []).append(cell)
    for row in ordered:
        tops = [c.top for c in page.cells if c.row0 == row.row0]
        bottoms = [c.bottom for c in page.cells if c.row1 == row.row1]
        row.top, row.bottom = min(tops, default=0.0), max(bottoms, default=0.0)
    return ordered


# --- 5. classify ----------------------------------------------------------------------------------


def mark_furniture(rows: list[Row], n_pages: int, numero: int) -> None:
    """Rows without a number repeated at the same height on many pages: running titles,
    repeated header rows, stale title bands."""
    seen: dict[tuple[int, str], set[int]] = defaultdict(set)
    for row in rows:
        if not row.text(numero) and row.signature():
            seen[(round(row.top / 3), row.signature())].add(row.page)
    threshold = max(2, config.FURNITURE_PAGE_SHARE * n_pages)
    for row in rows:
        if not row.text(numero) and len(seen.get((round(row.top / 3), row.signature()), ())) >= threshold:
            row.kind = "furniture"


def classify(rows: list[Row], cols: Columns, n_pages: int) -> None:
    """Label each row: furniture, header, band, fiche, continuation or stray."""
    numero = cols.roles["numero"]
    mark_furniture(rows, n_pages, numero)
    header_signature = {fold(h) for h in cols.headers.values() if h}
    started = False
    for row in rows:
        if row.kind:
            continue
        if row.spanning and not any(c.words for cells in row.cells.values() for c in cells):
            row.kind = "band"
        elif _is_numero(row.text(numero)):
            row.kind = "fiche"
            started = True
        elif not any(cell.words for cells in row.cells.values() for cell in cells):
            row.kind = "empty"
        elif _header_like(row, header_signature):
            row.kind = "header"
        elif started:
            row.kind = "continuation"  # a fiche cut by a page break: no number on this part
        else:
            row.kind = "stray"


def _header_like(row: Row, header_signature: set[str]) -> bool:
    texts = [fold(_header_text(c)) for cells in row.cells.values() for c in cells if c.words]
    return bool(texts) and all(t in header_signature for t in texts)


# --- 6. fiches ------------------------------------------------------------------------------------


@dataclass
class Draft:
    """A fiche being assembled from its rows."""

    rows: list[Row]
    theme: Theme | None = None

    def cells(self, col: int | None) -> list[Cell]:
        if col is None:
            return []
        return [c for row in self.rows for c in row.cells.get(col, [])]


def space_width(pages: list[Page]) -> float:
    """Typical width of a word space in the document, from gaps between words on a line."""
    gaps = []
    for page in pages:
        for cell in page.cells:
            upright = [w for w in cell.words if w.direction == "ltr"]
            for line in _cluster(upright, key=lambda w: w.top, tolerance=config.LINE_TOLERANCE):
                line.sort(key=lambda w: w.x0)
                gaps += [b.x0 - a.x1 for a, b in zip(line, line[1:]) if 0.1 * b.size < b.x0 - a.x1 < b.size]
    return statistics.median(gaps) if gaps else 2.5


def wrap_limits(pages: list[Page]) -> dict[int, float]:
    """Per logical column, the right edge where word wrap breaks lines: the furthest line end
    seen in the column (never past the cell's right border minus its left padding)."""
    ends: dict[int, float] = defaultdict(float)
    for page in pages:
        for cell in page.cells:
            if len(cell.cols) == 1:
                for line in cell_lines(cell):
                    ends[cell.cols[0]] = max(ends[cell.cols[0]], line.x1)
    return dict(ends)


def _lines(cells: list[Cell], limits: dict[int, float]) -> list[Line]:
    """Lines of successive cells of one field, each knowing where its column wraps."""
    out: list[Line] = []
    for cell in cells:
        lines = cell_lines(cell)
        pad = max(0.0, min((ln.x0 - cell.x0 for ln in lines), default=0.0))
        edge = cell.x1 - pad
        limit = min(limits.get(cell.cols[0], edge) if cell.cols else edge, edge)
        out += [replace(ln, limit=limit, edge=edge) for ln in lines]
    return out


def theme_of_cells(page: Page, cols: Columns, rows: list[Row]) -> dict[tuple[int, int], Theme | None]:
    """The theme of each theme-column cell beside fiche rows: the label whose centre it holds.

    A label whose centre lies above (below) those cells belongs to the first (last) one: its
    merged cell continues from the previous page (onto the next one)."""
    spans = [(r.row0, r.row1) for r in rows if r.page == page.number and r.kind in ("fiche", "continuation")]
    cells = sorted((c for c in page.cells if cols.theme is not None and c.cols == (cols.theme,)
                    and any(c.row0 < r1 and r0 < c.row1 for r0, r1 in spans)), key=lambda c: c.top)
    out: dict[tuple[int, int], Theme | None] = {}
    for cell in cells:
        theme = parse_theme(cell.text) if cell.words else None
        out[(cell.row0, cell.row1)] = theme
    for label, theme in page.labels:
        if theme is None or not cells:
            continue
        if label.cy < cells[0].top:
            target = cells[0]
        elif label.cy >= cells[-1].bottom:
            target = cells[-1]
        else:
            target = next((c for c in cells if c.top <= label.cy < c.bottom), None)
        if target is not None:
            out[(target.row0, target.row1)] = theme
    return out


def build_fiches(pages: list[Page], cols: Columns, edition: str) -> tuple[list[dict], list[dict]]:
    """Fiches in document order, with the warnings raised while assembling them."""
    warnings: list[dict] = []
    all_rows = [row for page in pages for row in row_groups(page, cols)]
    classify(all_rows, cols, len(pages))
    themes_by_page = {page.number: theme_of_cells(page, cols, all_rows) for page in pages}
    drafts: list[Draft] = []
    band_theme: Theme | None = None
    for row in all_rows:
        if row.kind == "band":
            theme = parse_theme(" ".join(single_line(cell_lines(c)) for c in row.spanning))
            if theme:
                band_theme = theme
        elif row.kind == "fiche":
            theme = next((t for (r0, r1), t in themes_by_page[row.page].items()
                          if r0 <= row.row0 and row.row1 <= r1 and t), None)
            drafts.append(Draft([row], theme or band_theme or (drafts[-1].theme if drafts else None)))
        elif row.kind == "continuation":
            drafts[-1].rows.append(row)
        elif row.kind == "stray":
            text = " ".join(row.text(c) for c in sorted(row.cells))[:80]
            warnings.append(_warning(edition, row.page, None, f"row outside any fiche ignored: {text!r}"))
    if not drafts:
        raise TableError("no fiche rows were found in the table")
    space = space_width(pages)
    limits = wrap_limits(pages)
    fiches = [_fiche(d, cols, edition, space, limits, warnings) for d in drafts]
    return fiches, warnings


def _warning(edition: str, page: int | None, numero: str | None, message: str) -> dict:
    return {"edition": edition, "etape": "repair", "page": page, "numero": numero, "message": message}


def _fiche(draft: Draft, cols: Columns, edition: str, space: float, limits: dict[int, float],
           warnings: list[dict]) -> dict:
    role = cols.roles.get
    numero = single_line(_lines(draft.cells(role("numero")), limits)).replace(" ", "")
    page = draft.rows[0].page

    def clean(text: str) -> str:
        cleaned, residue = remove_residue(text)
        for r in residue:
            warnings.append(_warning(edition, page, numero, f"spreadsheet residue {r!r} removed"))
        return cleaned

    objectifs = [(lvl, clean(t)) for lvl, t in items(_lines(draft.cells(role("objectifs")), limits), space)]
    pilote = "\n".join(clean(p) for p in paragraphs(_lines(draft.cells(role("pilote")), limits), space))
    mark = single_line(_lines(draft.cells(role("appel_a_projets")), limits))
    extra = {}
    for col in cols.extra:
        text = "\n".join(paragraphs(_lines(draft.cells(col), limits), space))
        if text:
            extra[cols.headers.get(col) or f"colonne_{col + 1}"] = text
    if draft.theme is None:
        warnings.append(_warning(edition, page, numero, "no theme (enjeu) found for this fiche"))
    provenance = {
        name: [[c.page, round(c.x0, 1), round(c.top, 1), round(c.x1, 1), round(c.bottom, 1)]
               for c in draft.cells(col)]
        for name, col in [*cols.roles.items(), *((f"colonne_{c + 1}", c) for c in cols.extra)]
    }
    return {
        "edition": edition,
        "enjeu": draft.theme.numero if draft.theme else None,
        "enjeu_libelle": draft.theme.libelle if draft.theme else None,
        "numero": numero,
        "intitule": clean(single_line(_lines(draft.cells(role("intitule")), limits))),
        "objectifs": [t for _, t in objectifs],
        "objectifs_niveaux": [lvl for lvl, _ in objectifs],
        "appel_a_projets": _mark_value(mark, edition, page, numero, warnings),
        "pilote_brut": pilote,
        "pages": sorted({row.page for row in draft.rows}),
        "colonnes_supplementaires": models.dumps(extra),
        "provenance": models.dumps(provenance),
    }


def _mark_value(mark: str, edition: str, page: int, numero: str, warnings: list[dict]) -> bool:
    folded = fold(mark)
    if not folded and not mark.strip():
        return False
    if folded in config.NO_MARKS:
        return False
    if folded not in config.YES_MARKS and mark.strip() not in config.YES_MARKS:
        warnings.append(_warning(edition, page, numero, f"unknown call-for-projects mark {mark!r} read as yes"))
    return True


def repair(fragments: pd.DataFrame, edition: str) -> tuple[list[dict], list[dict]]:
    """Fragments of one edition -> (fiches, warnings), as ``Fiche`` and ``Avertissement`` dicts."""
    records = models.records(fragments, models.Fragment)
    pages = read_pages(records)
    bounds = logical_columns(pages)
    place_cells(pages, bounds)
    cols = assign_roles(pages, len(bounds) - 1)
    return build_fiches(pages, cols, edition)
