"""Rows of the document -> the kind of each: page furniture (running titles, repeated headers,
stale bands), header row, theme band, fiche, continuation of a fiche cut by a page break, annex,
empty or stray."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace

from pipeline import config, numbering
from pipeline.columns import Columns
from pipeline.document import Cell, Document, Page
from pipeline.numbering import is_numero, numero_of, variant_numero
from pipeline.overflow import move_line
from pipeline.rows import Row, masked, row_part
from pipeline.text import Line, at_line_pitch, compact, fold, join_lines
from pipeline.themes import Theme, parse_theme


def mark_furniture(rows: list[Row], n_pages: int, numero_col: int) -> None:
    """Rows without a number repeated at the same height on many pages (running titles,
    repeated header rows, stale title bands), and rows that read as a page number."""
    def key(row: Row) -> tuple[int, str]:
        return round(row.text_top() / config.EXTRACT.rule_snap), row.signature()

    candidates = [row for row in rows if row.signature() and not is_numero(row.text(numero_col))]
    seen: dict[tuple[int, str], set[int]] = defaultdict(set)
    for row in candidates:
        seen[key(row)].add(row.page)
    for row in candidates:
        if len(seen[key(row)]) >= _furniture_pages(n_pages):
            row.kind = "furniture"
    for row in rows:  # whatever columns its words fell in: "Page 10 / 18", "18" in the numbers' column
        if config.LAYOUT.page_number.match(row.reading_text()):
            row.kind = "furniture"


def cut_furniture_lines(rows: list[Row], n_pages: int) -> None:
    """A running title or page number that a borderless page ran into a table row (nothing set
    it apart from the row's cells) is furniture too: a line standing apart above (or below) all
    the row's other text is cut from its cell (``Row.furniture``) when it reads, at the same
    height, as a furniture row or as such a line of other pages, or as a page number."""
    tops: dict[str, list[tuple[int, float]]] = defaultdict(list)  # masked text -> (page, top)
    for row in rows:
        if row.kind == "furniture":
            tops[row.signature()].append((row.page, row.text_top()))
    apart = [_standing_apart(row) if row.kind != "furniture" else [] for row in rows]
    for row, lines in zip(rows, apart):
        for line in lines:
            tops[masked(line.text)].append((row.page, line.top))

    def furniture(line: Line) -> bool:
        pages = {page for page, top in tops[masked(line.text)] if abs(top - line.top) <= config.EXTRACT.rule_snap}
        return len(pages) >= _furniture_pages(n_pages) or bool(config.LAYOUT.page_number.match(line.text.strip()))

    for row, lines in zip(rows, apart):
        cut = {id(ln) for ln in lines if furniture(ln)}
        for cells in row.cells.values() if cut else []:
            for k, cell in enumerate(cells):
                rest = [ln for ln in cell.lines if id(ln) not in cut]
                if len(rest) < len(cell.lines):
                    row.furniture += [ln for ln in cell.lines if id(ln) in cut]
                    cells[k] = replace(cell, lines=rest, text_top=min((ln.top for ln in rest), default=float("inf")))


def _furniture_pages(n_pages: int) -> float:
    """On how many pages text must repeat at one place to be page furniture (two at least)."""
    return max(2, config.LAYOUT.furniture_page_share * n_pages)


def _standing_apart(row: Row) -> list[Line]:
    """The row's first line when every other line of the row starts below its foot, and its last
    line when every other one ends above its top (a line of text on its own, above or below the
    row's cells); none in a row of one line."""
    lines = sorted((ln for c in row.filled() for ln in c.lines if ln.x1 > ln.x0), key=lambda ln: ln.top)
    if len(lines) < 2:
        return []
    first, last = lines[0], lines[-1]
    out = [first] if all(ln.top >= first.top + first.size for ln in lines[1:]) else []
    return out + ([last] if all(ln.top + ln.size <= last.top for ln in lines[:-1]) else [])


def split_off_bands(rows: list[Row]) -> list[Row]:
    """Bands that touch the fiche beside them (no rule, no gap: a borderless word-processor
    table), cut off as band rows: a row's first or last line standing apart that reads as a
    theme with the theme word of the document's other bands (or of a run of such lines,
    ``_numbered_run_words``) and the next number of their series ("Orientation 4" after
    "Orientation 3"; a fiche's last objective "Axe 2 : …" under "Axe 5" stays text); a row alone
    in one cell so reading is a band too."""
    words = {fold(theme.mot) for row in rows if row.kind == "band" and (theme := parse_theme(row.reading_text()))}
    words |= _numbered_run_words(rows)
    last: dict[str, int] = {}  # series of band numbers ("" for "3", "2." for "2.3") -> its last number
    out: list[Row] = []
    for row in rows:
        theme = parse_theme(row.reading_text()) if row.kind in ("continuation", "stray") and len(row.filled()) == 1 else None
        if theme and fold(theme.mot) in words and _series(theme)[1] == last.get(_series(theme)[0], 0) + 1:
            row.kind = "band"  # a band of one column's width, the series' next
        parts = _title_and_band(row, words, last) if words and row.kind == "band" else [row]
        if words and row.kind in ("fiche", "continuation", "stray"):
            for line in _standing_apart(row):
                theme = parse_theme(line.text)
                if theme and fold(theme.mot) in words and _series(theme)[1] == last.get(_series(theme)[0], 0) + 1:
                    parts = [*parts[:-1], *_cut_off(parts[-1], line)]
        for part in parts:
            if part.kind == "band" and (theme := parse_theme(part.reading_text())):
                last[_series(theme)[0]] = _series(theme)[1]
        out += parts
    return out


def join_cut_bands(rows: list[Row]) -> None:
    """A band ending its page, whose next page opens (below the header repeated there) with a part
    without number that names no theme: a band row that the page break cut (a word processor
    breaks a row across pages), the part the rest of its label (``Row.label_rest``), not the end
    of the fiche above the band. Not in a table of centred cells, where such a part is the top of
    the next fiche's top-aligned cell (``rows.nearer_next``)."""
    content = [row for row in rows if row.kind in ("band", "fiche", "continuation", "stray", "annex")]
    for band, rest in zip(content, content[1:]):
        if band.kind == "band" and rest.kind == "continuation" and rest.page == band.page + 1 \
                and parse_theme(rest.reading_text()) is None:
            band.label_rest, rest.kind, rest.ends_label = rest.reading_text(), "band", True


def give_back_strays(rows: list[Row]) -> None:
    """A band row's cell apart from its label (an empty column between them), not a line's pitch
    below the label's last line (a centred label's next line), whose lines go on at a line's
    pitch with the same column's first line in the row below: the top of a fiche's cell too
    tall for its row, overflowing up into the band's shade (office seed 706: "Axe 3 - …
    Temporairement"), given back to that row."""
    for k, row in enumerate(rows):
        if row.kind != "band":
            continue
        below = next((r for r in itertools.islice(rows, k + 1, None) if r.kind != "empty"), None)
        if below is None or below.page != row.page or below.kind not in ("fiche", "continuation"):
            continue
        label = _label_columns(row)
        ends = [c.lines[-1] for c in row.spanning + row.filled() if c.lines and set(c.cols) & label]
        for col, cells in row.cells.items():
            under = next((c for c in below.cells.get(col, []) if c.lines), None)
            for cell in (c for c in cells if c.lines and col not in label):
                wrapped = any(at_line_pitch(end, cell.lines[0]) for end in ends)  # the label's next line, centred
                if under is not None and not wrapped and at_line_pitch(cell.lines[-1], under.lines[0]):
                    for at, line in enumerate(list(cell.lines)):
                        move_line(cell, under, line, at)


def _label_columns(row: Row) -> set[int]:
    """The columns a band's label covers: those of its cell over the number's column, or of its
    first filled cell, and of the filled cells next to them on either side (a label the gutters
    cut)."""
    spans = [set(c.cols) for c in row.spanning] or [set(c.cols) for c in sorted(row.filled(), key=lambda c: c.cols)][:1]
    cols = set().union(*spans) if spans else set()
    others = [set(c.cols) for c in row.filled()]
    grown = True
    while cols and grown:
        beside = [span for span in others if not span <= cols and (min(span) == max(cols) + 1 or max(span) == min(cols) - 1)]
        cols |= set().union(*beside) if beside else set()
        grown = bool(beside)
    return cols


def _numbered_run_words(rows: list[Row]) -> set[str]:
    """Theme words that no band confirms but that rows alone in one cell, or lines standing
    apart from their row's other lines, print with numbers following one another down the
    document ("AXE 1", "AXE 2", "AXE 3": bands of a borderless table touching the fiches
    around them), ``min_evidence`` times or more."""
    texts = [text for row in rows if row.kind in ("fiche", "continuation", "stray") for text in (
        [row.reading_text()] if row.kind != "fiche" and len(row.filled()) == 1 else [ln.text for ln in _standing_apart(row)])]
    runs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for theme in (t for text in texts if (t := parse_theme(text))):
        series, counter = _series(theme)
        run = runs[(fold(theme.mot), series)]
        if not run or counter == run[-1] + 1:
            run.append(counter)
    return {word for (word, _), run in runs.items() if len(run) >= config.TABLE.min_evidence}


def _title_and_band(row: Row, words: set[str], last: dict[str, int]) -> list[Row]:
    """A band whose text names no theme while its last lines, standing apart below the others,
    do, with the theme word of the document's other bands and the next number of their series
    (a title printed right above a borderless table's first band, "Programmation des fiches" /
    "AXE 1 - …"): two rows, the text above (a band naming nothing) and the band."""
    if parse_theme(row.reading_text()) is not None:
        return [row]
    lines = sorted((ln for c in row.spanning + row.filled() for ln in c.lines), key=lambda ln: ln.top)
    for k in range(1, len(lines)):
        theme = parse_theme(join_lines(ln.text for ln in lines[k:]))
        if (theme and fold(theme.mot) in words and _series(theme)[1] == last.get(_series(theme)[0], 0) + 1
                and all(ln.top + ln.size <= lines[k].top for ln in lines[:k])):
            return [_lines_between(row, (row.top, lines[k].top)), _lines_between(row, (lines[k].top, row.bottom))]
    return [row]


def _lines_between(row: Row, span: tuple[float, float]) -> Row:
    """The part of a band between two heights (``rows.row_part``), its spanning cells cut to the
    lines there too."""
    start, end = span
    part = row_part(row, span, {}, row.estimated)
    part.kind = row.kind
    part.spanning = [replace(c, lines=inside, text_top=min(ln.top for ln in inside)) for c in row.spanning
                     if (inside := [ln for ln in c.lines if start <= ln.top < end])]
    return part


def _series(theme: Theme) -> tuple[str, int]:
    """(series, counter) of a theme's number: ("", 3) for "AXE 3", ("2.", 3) for "2.3"."""
    return numbering.split(theme.printed) or ("", theme.numero)


def _cut_off(row: Row, line: Line) -> list[Row]:
    """``row`` cut above and below ``line``, the line's part a band, the rest keeping its kind."""
    others = [ln.top for c in row.filled() for ln in c.lines if ln is not line]
    if not others:
        return [row]
    cut = line.top if line.top > min(others) else min(others)
    parts = [row_part(row, (row.top, cut), {}, row.estimated), row_part(row, (cut, float("inf")), {}, row.estimated)]
    for part in parts:
        part.kind = "band" if any(ln is line for c in part.filled() for ln in c.lines) else row.kind
    parts[0].furniture = row.furniture
    return parts


def _columns_covered(row: Row) -> int:
    return len({col for cell in row.spanning + row.filled() for col in cell.cols})


def _cut_band(row: Row, cols: Columns) -> bool:
    """A band row that a borderless grid cut into cells: a theme label starting in the table's
    first column and running over several, in cells read from gutters (drawn borders would have
    merged a band's cell; a fiche's continuation may start "NPNRU 2 (…)" in its title cell)."""
    filled = row.filled()
    first = min([*cols.roles.values(), *cols.extra])
    return (bool(filled) and _columns_covered(row) >= 2 and not any(cell.ruled for cell in filled)
            and min(cell.cols[0] for cell in filled) == first and parse_theme(row.reading_text()) is not None)


def _wrapped_band(row: Row) -> bool:
    """A band whose label wraps, its last lines short enough to fit in one column: a row of
    cells over several columns and lines each a line's pitch (``line_pitch_em``) below the one
    above, all below the first of those cells, reading as a theme."""
    if not row.spanning or parse_theme(row.reading_text()) is None:
        return False
    lines = sorted((ln for c in row.spanning + row.filled() for ln in c.lines), key=lambda ln: ln.top)
    first = min(ln.top for c in row.spanning for ln in c.lines)
    pitch = config.TABLE.line_pitch_em[1]
    return lines[0].top >= first and all(b.top - a.top <= pitch * a.size for a, b in zip(lines, lines[1:]))


def prints_header(row: Row, header: set[str]) -> bool:
    """True when each filled cell of the row prints a column header (compacted, ``header``), two
    of them run together ("Enjeu Partenaires" in a monospaced font), or the opening of one cut
    short, of ``header_prefix_min`` characters or more, beside two whole ones: a header row
    repeated on a new page whose wrapped words the next row hides ("App el à proj" for "Appel à
    projets")."""
    texts = [compact(c.text) for c in row.filled()]
    whole = [t in header or any(t.startswith(h) and t[len(h):] in header for h in header) for t in texts]
    opening = config.TABLE.header_prefix_min
    return all(whole) or sum(whole) >= 2 and all(
        known or len(t) >= opening and any(h.startswith(t) for h in header) for t, known in zip(texts, whole))


def classify(rows: list[Row], cols: Columns, n_pages: int) -> None:
    """Label each row: furniture, header, band, fiche, continuation, empty or stray."""
    numero_col = cols.roles["numero"]
    mark_furniture(rows, n_pages, numero_col)
    cut_furniture_lines(rows, n_pages)
    header = {compact(h) for h in cols.headers.values() if h}
    started = False
    for row in rows:
        if row.kind:
            continue
        variant = variant_numero(row.text(numero_col)) and parse_theme(row.reading_text()) is None  # not "Axe 1 : …"
        if is_numero(row.text(numero_col)) or variant:
            row.kind = "fiche"
            started = True
        elif (row.spanning and not row.filled()) or _cut_band(row, cols) or _wrapped_band(row):
            row.kind = "band"
        elif not row.filled() or all(c.row1 > row.row1 for c in row.filled()):
            row.kind = "empty"  # no text, or only that of cells running on into the rows below, which read it
        elif prints_header(row, header):
            row.kind = "header"
        elif started:
            row.kind = "continuation"  # a fiche cut by a page break: no number on this part
        else:
            row.kind = "stray"
    mark_header_pieces(rows, cols.headers)
    confirm_narrow_bands(rows, numero_col)


def mark_header_pieces(rows: list[Row], headers: dict[int, str]) -> None:
    """Rows beside a header row on its page, with only empty rows between, whose every filled
    cell prints a piece of a header of the columns it covers, of ``header_prefix_min``
    characters or more, or its end ("Numér" / "o"): the lines of a header wider than its column
    ("Appel à" / "projets" over two columns) that the grid cut into rows of their own, not a
    fiche's text."""
    def piece(cell: Cell) -> bool:
        text = compact(cell.text)
        names = [compact(headers.get(col, "")) for col in cell.cols]
        return bool(text) and any(text in name and (len(text) >= config.TABLE.header_prefix_min or name.endswith(text))
                                  for name in names)

    def beside_header(k: int, step: int) -> bool:
        j = k + step
        while 0 <= j < len(rows) and rows[j].page == rows[k].page and rows[j].kind in ("empty", "header"):
            if rows[j].kind == "header":
                return True
            j += step
        return False

    for k, row in enumerate(rows):
        if row.kind in ("stray", "continuation") and row.filled() and all(piece(c) for c in row.filled()) \
                and (beside_header(k, -1) or beside_header(k, 1)):
            row.kind = "header"


def fits_columns(page: Page, bounds: list[float], ruled_table: bool) -> bool:
    """True when a page may continue the table (prose and other tables lay their pages out their
    own way): every column border of a ruled page lies on one of the table's, and a page of a
    ruled table is ruled. Gutters read from the text move with the text of each page: a
    borderless page after a borderless table may always continue it."""
    ruled = bool(page.cells) and all(cell.ruled for cell in page.cells)
    if not ruled:
        return not (ruled_table and page.cells)
    narrowest = min((b - a for a, b in zip(bounds, bounds[1:])), default=0.0)
    tolerance = max(2 * config.EXTRACT.rule_snap, config.CHECKS.column_fit_share * narrowest)
    edges = {c.x0 for c in page.cells} | {c.x1 for c in page.cells}
    return all(min(abs(x - b) for b in bounds) <= tolerance for x in edges)


def annex_start(rows: list[Row], doc: Document, numero_col: int) -> int | None:
    """The first page of an annex after the table's first fiche: a page after the last fiche's
    that holds no fiche and does not continue the table's drawn columns (a budget, prose), or a
    page whose fiche numbers mostly repeat those of the pages before it (an indicator table
    numbered 1.1, 1.2 … after the fiches)."""
    numbers: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        if row.kind == "fiche":
            numbers[row.page].append(numbering.plain_form(numero_of(row.text(numero_col))))
    if not numbers:
        return None
    table_pages = [page for page in doc.pages if page.number in numbers]
    ruled_table = sum(all(c.ruled for c in page.cells) for page in table_pages) > len(table_pages) / 2
    seen: set[str] = set()
    for page in doc.pages:
        on_page = numbers.get(page.number, [])
        if page.number > min(numbers):
            repeated = sum(1 for n in on_page if n in seen)
            if len(on_page) >= config.TABLE.min_evidence and repeated >= config.TABLE.numero_column_share * len(on_page):
                return page.number
            if not on_page and page.number > max(numbers) and not fits_columns(page, doc.bounds, ruled_table):
                return page.number
        seen.update(on_page)
    return None


def mark_annex(rows: list[Row], doc: Document, numero_col: int) -> None:
    """Rows from the annex's first page on: an annex (a budget, indicators, prose), never a
    fiche nor a fiche's continuation."""
    start = annex_start(rows, doc, numero_col)
    if start is None:
        return
    for row in rows:
        if row.page >= start and row.kind in ("fiche", "continuation", "band", "header", "stray"):
            row.annex_number = numero_of(row.text(numero_col)) if row.kind == "fiche" else ""
            row.kind = "annex"


def confirm_narrow_bands(rows: list[Row], numero_col: int) -> None:
    """Rows whose only cell holds a theme label, right before a fiche or a band, are bands whose
    text fits in one column (no grid tells them from a cell), when the document confirms it: its
    other bands use the same theme word, or such rows number ``min_evidence`` themes or more with
    one word ("AXE 1", "AXE 2", "AXE 3", each before a fiche), or the number of the fiche or of the
    sub-theme band after it starts with the theme's number ("AXE 2" then "Orientation 2.1"; a
    lone "Phase 1 : …" ending a fiche cut by a page break stays text). Repeated until no row
    changes: a narrow theme band above a narrow sub-theme band is confirmed once the one below is."""
    while _confirm_narrow_bands_once(rows, numero_col):
        pass


def _confirm_narrow_bands_once(rows: list[Row], numero_col: int) -> bool:
    """One pass of ``confirm_narrow_bands``; True when a row became a band."""
    words = {fold(theme.mot) for row in rows if row.kind == "band" and (theme := parse_theme(row.reading_text()))}
    body = [row for row in rows if row.kind in ("band", "fiche", "continuation", "stray")]
    candidates = [(row, following, theme) for row, following in zip(body, body[1:])
                  if row.kind in ("continuation", "stray") and following.kind in ("fiche", "band") and len(row.filled()) == 1
                  and (theme := parse_theme(row.reading_text()))]
    numbers: dict[str, set[int]] = defaultdict(set)
    for _, _, theme in candidates:
        numbers[fold(theme.mot)].add(theme.numero)
    words |= {word for word, seen in numbers.items() if len(seen) >= config.TABLE.min_evidence}
    changed = False
    for row, following, theme in candidates:
        below = parse_theme(following.reading_text()) if following.kind == "band" else None
        opened = below.printed if below else numero_of(following.text(numero_col))
        if fold(theme.mot) in words or opened.startswith(f"{theme.numero}."):
            row.kind = "band"
            changed = True
    return changed
