"""Classified rows and a theme column (or the pages' rotated labels) -> the theme beside each
row: the theme cell it lies in, or, where no cell holds each fiche's theme, the label whose
merged cell's centre its rows lay around."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import replace

from pipeline import config, numbering
from pipeline.alignment import CellAlignment, row_spans
from pipeline.columns import Columns
from pipeline.document import Cell, Document, Page
from pipeline.geometry import Box, cheapest_with_ties
from pipeline.label_words import label_reading
from pipeline.numbering import numero_of
from pipeline.rows import Row
from pipeline.text import crowded
from pipeline.theme_doubts import (
    mark_beside_cut_labels,
    mark_beside_doubtful_labels,
    mark_beside_lost_labels,
    mark_continued_before_doubt,
    mark_reached_by_labels,
)
from pipeline.themes import TABLE_ROWS, Label, Theme, column_labels, in_theme_column, label_parts, names_another, parse_theme


def theme_of_cells(page: Page, col: int, rows: list[Row], labels: bool,
                   known: frozenset[str] = frozenset()) -> dict[tuple[int, int], Theme | None]:
    """The theme of each cell of a theme column beside fiche rows: its text's (``known``: the
    document's words, to make whole a word the cell's edge cut), or (``labels``) the rotated
    label whose centre it holds.

    A label whose centre lies above (below) those cells belongs to the first (last) one: its
    merged cell continues from the previous page (onto the next one)."""
    spans = [(r.row0, r.row1) for r in rows if r.page == page.number and r.kind in TABLE_ROWS]
    cells = sorted((c for c in page.cells if in_theme_column(c, col)
                    and any(c.row0 < r1 and r0 < c.row1 for r0, r1 in spans)), key=lambda c: c.top)
    out: dict[tuple[int, int], Theme | None] = {(c.row0, c.row1): _cell_theme(c, known) for c in cells}
    if not cells or not labels:
        return out
    inside = [(label, theme) for label, theme in page.labels if theme and cells[0].top <= label.cy < cells[-1].bottom]
    clamped = [(label, theme) for label, theme in page.labels if theme and (label, theme) not in inside]
    for label, theme in clamped + inside:  # a label centred in a cell wins over one from beyond the page
        target = cells[0] if label.cy < cells[0].top else cells[-1] if label.cy >= cells[-1].bottom else \
            next(c for c in cells if c.top <= label.cy < c.bottom)
        out[(target.row0, target.row1)] = theme
    return out


def _cell_theme(cell: Cell, known: frozenset[str]) -> Theme | None:
    """The theme a cell's lines name (``label_words.label_reading``), doubtful (``estimated``)
    when they crowd (another column's text run into the theme cell, or its own text overflowing
    it), leave a cut word that nothing settles or open another label."""
    reading = label_reading([ln.text for ln in cell.lines], known)
    theme = parse_theme(reading.text.strip())
    if theme and (crowded(cell.lines) or reading.undecided or names_another(theme)):
        return replace(theme, estimated=True)
    return theme


def themes_by_centres(doc: Document, rows: list[Row], numero_col: int, labels: dict[int, list[tuple[Label, Theme]]],
                      repeated: bool, col: int | None = None, aligned: CellAlignment = "") -> list[Theme | None]:
    """The theme of each row (None beside rows outside the table body; empty without labels)
    from the theme labels beside them (``labels`` by page), when no grid cell holds each fiche's
    theme (rotated labels, or a borderless theme column).

    The theme column is a stack of merged cells, each label centred on its cell, and a cell cut
    by page breaks goes on across pages (``repeated``: its label printed on every page it spans,
    as spreadsheets print rotated labels). Laying the pages' table bodies end to end, the
    borders between cells are the row borders that put each cell's middle closest to its
    label's centre (chosen together, so that one imprecise centre does not shift the cells
    after it), between fiches numbered in the two themes where the numbers say so, and above
    each label where labels open their cells (``_theme_cuts``); where a shaded cell of theme
    column ``col`` starts or ends between two labels, there (``_shade_borders``)."""
    body = [r for r in rows if r.kind in TABLE_ROWS]
    position, origin = _body_positions(doc, body, labels, numero_col, aligned)  # aligned with ``body``
    centres: dict[Theme, list[float]] = defaultdict(list)
    for number, (shift, top) in origin.items():
        for label, theme in labels.get(number, []):
            centres[theme].append(shift + label.cy - top)
    if not centres:
        return []
    order = sorted(centres, key=lambda t: statistics.median(centres[t]))
    allowed = _cuts_allowed(labels, body, position, order) if repeated else [[] for _ in order[1:]]
    carried, opened = _page_openings(doc, col, body, position, labels)
    shaded = sorted(set(_shade_borders(doc, col, body, position) + carried + opened))
    middles = [statistics.median(centres[t]) for t in order]
    for k, (a, c) in enumerate(zip(middles, middles[1:])):
        drawn = [b for b in shaded if a < b < c]
        if drawn:
            allowed[k] = [b for b in allowed[k] if b in drawn] or drawn
    for floor in carried:
        k = sum(1 for m in middles if m < floor) - 1  # the cell the shade goes on with, and the next one
        if 0 <= k < len(allowed):
            allowed[k] = [b for b in allowed[k] if b >= floor] or allowed[k]
    prefixes = _theme_prefixes(body, position, order, numero_col)
    cuts, ties = _theme_cuts(body, position, order, middles, prefixes, allowed, labels, shaded)
    spans = iter(position)
    out: list[Theme | None] = []
    for r in rows:
        middle = sum(next(spans)) / 2 if r.kind in TABLE_ROWS else None
        out.append(order[sum(1 for c in cuts if c <= middle)] if middle is not None else None)
        r.theme_tie = r.theme_tie or (middle is not None and any(low < middle < high for low, high in ties))
        r.theme_placed = r.theme_placed or middle is not None
    mark_beside_lost_labels(body, labels, set(origin), set(centres))
    mark_beside_cut_labels(doc, rows, out, labels)
    if not prefixes:  # else the numbers place the borders, not the labels
        mark_reached_by_labels(rows, out, labels)
    mark_beside_doubtful_labels(body, position, order, middles, labels)
    return out


def _theme_cuts(body: list[Row], position: list[tuple[float, float]], order: list[Theme], middles: list[float],
                prefixes: list[tuple[float, str]], allowed: list[list[float]],
                labels: dict[int, list[tuple[Label, Theme]]], shaded: list[float]
                ) -> tuple[list[float], list[tuple[float, float]]]:
    """The borders between the themes' cells, and the stretches of doubt: where the numbers
    name the themes, between fiches of two themes; where labels open their cells
    (``_label_rows``), above each; else by the labels' centres (``_best_borders``), doubtful
    around a label far from its cell's middle, unless each border is the one a shade's edge
    draws between the two labels (``shaded``): drawn, not estimated."""
    borders = sorted({end for _, end in position})
    if prefixes:
        return _best_borders(middles, borders, _cuts_by_numbers(prefixes, position, order, allowed))
    opening = _label_rows(body, labels, order)
    if opening:
        return [position[k - 1][1] for k in opening[1:]], []
    cuts, ties = _best_borders(middles, borders, allowed)
    if len(cuts) < len(middles) - 1:
        return cuts, ties
    if shaded and all(sum(a < b < c for b in shaded) == 1 and a < cut < c for cut, a, c in zip(cuts, middles, middles[1:])):
        return cuts, []
    row_height = statistics.median(bottom - top for top, bottom in position) if position else 0.0
    return cuts, ties + _off_centre(middles, [0.0, *cuts, borders[-1] if borders else 0.0], row_height)


def _label_rows(body: list[Row], labels: dict[int, list[tuple[Label, Theme]]], order: list[Theme]) -> list[int] | None:
    """Where each theme's first label starts on the first line of a row of the table body
    (within ``line_tolerance``: theme cells aligned to the top, as a browser prints them), the
    index in ``body`` of the row each theme's label opens, in order; None otherwise (two
    labels at least, no fiche above the first)."""
    first: dict[Theme, tuple[int, float]] = {}
    for number in sorted(labels):
        for label, theme in labels[number]:
            first.setdefault(theme, (number, label.top))
    opened: list[int] = []
    for theme in order:
        page, top = first[theme]
        near = config.EXTRACT.line_tolerance
        k = next((k for k, r in enumerate(body) if r.page == page and abs(r.text_top() - top) <= near), None)
        if k is None or (opened and k <= opened[-1]):
            return None
        opened.append(k)
    return opened if len(opened) >= 2 and all(r.kind != "fiche" for r in body[:opened[0]]) else None


def _off_centre(middles: list[float], bounds: list[float], row_height: float) -> list[tuple[float, float]]:
    """The stretches whose theme is doubtful because a cell's label is far from the cell's
    middle: farther than ``theme_off_centre_share`` of the cell's height and than half a
    typical row (``row_height``: no border choice does better within a row). The labels are not
    centred (top-aligned in their cells), so centres do not place the borders; the cell and its
    neighbours are doubtful."""
    last = len(bounds) - 1
    return [(bounds[max(k - 1, 0)], bounds[min(k + 2, last)]) for k, middle in enumerate(middles)
            if abs((bounds[k] + bounds[k + 1]) / 2 - middle)
            > max(config.TABLE.theme_off_centre_share * (bounds[k + 1] - bounds[k]), row_height / 2)]


def _body_positions(doc: Document, body: list[Row], labels: dict[int, list[tuple[Label, Theme]]], numero_col: int,
                    aligned: CellAlignment = "") -> tuple[list[tuple[float, float]], dict[int, tuple[float, float]]]:
    """The (top, bottom) of each row of ``body`` (in document order) with the pages' table
    bodies laid end to end, and each page's (offset, top) in that layout. A page's last row runs
    down to its lowest theme label (``labels`` by page): a label lies within its cell, which can
    end below every fiche's text (a browser's row made as tall as its rotated label). Where the
    cells are ``aligned`` (centred, top), a page's row borders are read from its rows' texts (``row_spans``)."""
    spans = row_spans(body, aligned, numero_col)
    origin: dict[int, tuple[float, float]] = {}
    ends: dict[int, float] = {}
    offset = 0.0
    for page in doc.pages:
        page_spans = [span for r, span in zip(body, spans) if r.page == page.number]
        if page_spans:
            top = min(t for t, _ in page_spans)
            ends[page.number] = max([b for _, b in page_spans]
                                    + [max(label.bottom, label.cy) for label, _ in labels.get(page.number, [])])
            origin[page.number] = (offset, top)
            offset += ends[page.number] - top
    last = {r.page: k for k, r in enumerate(body)}
    return [(origin[r.page][0] + top - origin[r.page][1],
             origin[r.page][0] + (ends[r.page] if last[r.page] == k else bottom) - origin[r.page][1])
            for k, (r, (top, bottom)) in enumerate(zip(body, spans))], origin


def _shade_borders(doc: Document, col: int | None, body: list[Row], position: list[tuple[float, float]]) -> list[float]:
    """The row borders (laid end to end as ``position``) that the shaded cells of theme column
    ``col`` draw (a browser shades each merged cell on its own): where a shade centred in the
    column, half to twice its width, starts or ends in the gap between two rows' texts (within
    ``shade_edge_em``). A shade over several theme cells (a spreadsheet shades a region at once)
    starts and ends with the table: no border inside it."""
    shades, filled = _column_shades(doc, col), _filled_by_page(body)
    out = []
    for page in doc.pages:
        edges = [y for s in shades.get(page.number, []) for y in (s[1], s[3])]
        rows = filled.get(page.number, [])
        for (k, above), (_, below) in zip(rows, rows[1:]):
            near = config.TABLE.shade_edge_em * below.first_size()
            if any(above.text_bottom() - near <= y <= below.text_top() + near for y in edges):
                out.append(position[k][1])
    return sorted(set(out))


def _page_openings(doc: Document, col: int | None, body: list[Row], position: list[tuple[float, float]],
                   labels: dict[int, list[tuple[Label, Theme]]]) -> tuple[list[float], list[float]]:
    """Row borders (laid end to end as ``position``) that the shades of theme column ``col``
    opening a page draw (``_column_shades``; a browser prints a merged cell's label once, on
    its first page): after a shade holding no label, where the page before ends with a shade
    down to the pages' lowest shaded bottom (a cell the page break cut, not one ended early
    by a row moved whole to the next page), the bottom of the last row beside it, where that
    cell ends (returned apart too: the theme before runs at least that far); before a shade
    holding a label no page before showed, the page break, where that label's cell starts."""
    shades, filled = _column_shades(doc, col), _filled_by_page(body)
    lowest = max((s[3] for page in shades.values() for s in page), default=0.0)
    carried: list[float] = []
    opened: list[float] = []
    seen: set[Theme] = set()
    cut = False
    for page in doc.pages:
        rows = filled.get(page.number, [])
        if rows:
            near = config.TABLE.shade_edge_em * rows[0][1].first_size()
            for s in shades.get(page.number, []):
                if s[1] <= rows[0][1].text_top() + near:
                    inside = {theme for label, theme in labels.get(page.number, []) if s[1] <= label.cy <= s[3]}
                    beside = [k for k, r in rows if s[1] <= (r.text_top() + r.text_bottom()) / 2 <= s[3]]
                    if not inside and beside and cut:
                        carried.append(position[beside[-1]][1])
                    elif inside and not inside & seen and rows[0][0] > 0:
                        opened.append(position[rows[0][0] - 1][1])
            cut = any(s[3] >= lowest - near for s in shades.get(page.number, []))
        seen |= {theme for _, theme in labels.get(page.number, [])}
    return carried, opened


def _filled_by_page(body: list[Row]) -> dict[int, list[tuple[int, Row]]]:
    """Per page, its rows with text, each with its index in ``body``, in order."""
    out: dict[int, list[tuple[int, Row]]] = defaultdict(list)
    for k, row in enumerate(body):
        if row.filled():
            out[row.page].append((k, row))
    return out


def _column_shades(doc: Document, col: int | None) -> dict[int, list[Box]]:
    """Per page, the shades of theme column ``col``: centred in it, half to twice its width."""
    if col is None:
        return {}
    x0, x1 = doc.bounds[col], doc.bounds[col + 1]
    width = x1 - x0
    return {page.number: [s for s in page.shades if x0 <= (s[0] + s[2]) / 2 <= x1 and 0.5 * width <= s[2] - s[0] <= 2 * width]
            for page in doc.pages}


def _cuts_allowed(labels: dict[int, list[tuple[Label, Theme]]], body: list[Row],
                  position: list[tuple[float, float]], order: list[Theme]) -> list[list[float]]:
    """For the cut between each theme and the next, the row borders it may take: a page that
    shows theme labels holds rows of those themes only (a merged cell prints its label on
    every page it spans), so the rows on each side of the cut must be on pages showing their
    theme, or showing none."""
    shown = {number: {theme for _, theme in page_labels} for number, page_labels in labels.items()}
    around = {end: (r.page, (following or r).page)
              for r, (_, end), following in zip(body, position, [*body[1:], None])}

    def fits(theme: Theme, page: int) -> bool:
        return not shown.get(page) or theme in shown[page]

    return [[b for b, (above, below) in sorted(around.items()) if fits(before, above) and fits(after, below)]
            for before, after in zip(order, order[1:])]


def _theme_prefixes(body: list[Row], position: list[tuple[float, float]], order: list[Theme],
                    numero_col: int) -> list[tuple[float, str]]:
    """(bottom, theme prefix of its number) of each fiche row, where the edition numbers its
    fiches by theme ("5.9" in theme 5, ``theme_prefix_share`` of them), or where its numbers run
    through one series per theme, in the themes' order ("A1", "B1", "B2", "C1" under three
    themes: ``_series_themes``); none otherwise."""
    depth = max(t.depth for t in order)
    numeros = [(end, numero_of(r.text(numero_col))) for r, (_, end) in zip(body, position) if r.kind == "fiche"]
    fiches = [(end, numbering.theme_prefix(numero, depth)) for end, numero in numeros]
    numbers = {_theme_key(t) for t in order}
    if fiches and sum(p in numbers for _, p in fiches) >= config.TABLE.theme_prefix_share * len(fiches):
        return fiches
    return _series_themes(numeros, order)


def _series_themes(numeros: list[tuple[float, str]], order: list[Theme]) -> list[tuple[float, str]]:
    """(bottom, theme key) of each fiche row, where the numbers' series (their prefix,
    ``numbering.split``) come in as many runs as there are themes, each series in one run: the
    j-th run is the j-th theme's (a numbering that starts a series at each theme prints the
    borders the labels only estimate); none otherwise."""
    series = [numbering.series(numero) for _, numero in numeros]
    runs = [mark for k, mark in enumerate(series) if not k or series[k - 1] != mark]
    if len(runs) != len(order) or len(set(runs)) != len(runs) or "" in runs:
        return []
    key = {mark: _theme_key(theme) for mark, theme in zip(runs, order)}
    return [(end, key[mark]) for (end, _), mark in zip(numeros, series)]


def _cuts_by_numbers(fiches: list[tuple[float, str]], position: list[tuple[float, float]], order: list[Theme],
                     allowed: list[list[float]]) -> list[list[float]]:
    """The allowed cuts narrowed to the borders between a fiche numbered in the theme above and
    one numbered in the theme below (``fiches``: ``_theme_prefixes``): label centres only
    estimate a border that no rule draws, the numbers print it; they win over the pages' labels
    too (a browser prints a merged cell's label once, not on every page the cell spans)."""
    borders = sorted({end for _, end in position})
    above = {b: next((p for end, p in reversed(fiches) if end <= b), None) for b in borders}
    below = {b: next((p for end, p in fiches if end > b), None) for b in borders}
    out = []
    for (before, after), choices in zip(zip(order, order[1:]), allowed):
        keys = (_theme_key(before), _theme_key(after))
        agree = [b for b in choices or borders if (above[b], below[b]) == keys]
        out.append(agree or [b for b in borders if (above[b], below[b]) == keys] or choices)
    return out


def _theme_key(theme: Theme) -> str:
    """The theme's number as fiche numbers print it before their own: "5" (of "V"), "2.3"."""
    return theme.printed if theme.depth > 1 else str(theme.numero)


def _best_borders(middles: list[float], borders: list[float],
                  allowed: list[list[float]]) -> tuple[list[float], list[tuple[float, float]]]:
    """Cuts between successive cells (one fewer than ``middles``), each a row border between
    two label centres (among the ``allowed`` ones when there are any), minimising how far each
    cell's middle is from its label's centre. Cells start at 0 and the last ends at the last
    border. Also the stretches between a cut and another border it could take at a near tie
    (``theme_tie_share``): the rows there may belong to either theme."""
    end = borders[-1] if borders else 0.0
    candidates = [choices or borders for choices in allowed]
    options = [[b for b in choices if a < b < c] or [min(choices, key=lambda b: abs(b - (a + c) / 2))]
               for a, c, choices in zip(middles, middles[1:], candidates)]
    def step(start: float, cut: float, k: int) -> float:
        return abs((start + cut) / 2 - middles[k])

    def last(start: float) -> float:
        return abs((start + end) / 2 - middles[-1])

    cuts, ties = cheapest_with_ties(options, 0.0, step, last, config.TABLE.theme_tie_share)
    if len(cuts) < len(options):  # no increasing borders fit the labels: no row's theme is read
        return cuts, [(-math.inf, math.inf)]
    return cuts, ties


def row_themes(doc: Document, cols: Columns, col: int | None, rows: list[Row], aligned: CellAlignment = "") -> list[Theme | None]:
    """The theme beside each row (in the order of ``rows``) from theme column ``col`` (None: the page's rotated labels):
    its cell where every fiche row has one, else the labels' centres (rotated labels, or a
    borderless column's labels beside some rows)."""
    numero_col = cols.roles["numero"]
    rotated = {page.number: [(label, theme) for label, theme in page.labels if theme] for page in doc.pages}
    if col is None:
        return themes_by_centres(doc, rows, numero_col, rotated, repeated=True, aligned=aligned) or [None] * len(rows)
    beside = column_themes(doc, col, rows, col == cols.theme)
    one_each = all(len(label_parts(c.lines)) <= 1 for page in doc.pages for c in page.cells if in_theme_column(c, col))
    labels, _ = column_labels(doc.pages, col, rows, cols.headers.get(col, ""), doc.known)
    if one_each and all(theme for row, theme in zip(rows, beside) if row.kind == "fiche"):
        completed = _completed(beside, labels)
        if _plain_numbers(rows, numero_col):  # else the numbers show a theme carried too far
            mark_reached_by_labels(rows, completed, rotated)
        return completed
    if any(labels.values()):
        return themes_by_centres(doc, rows, numero_col, labels, repeated=False, col=col, aligned=aligned) or beside
    if col == cols.theme:  # a column of rotated labels whose cells no rule bounds
        return themes_by_centres(doc, rows, numero_col, rotated, repeated=True, col=col, aligned=aligned) or beside
    return beside


def _plain_numbers(rows: list[Row], numero_col: int) -> bool:
    """True when the fiche numbers carry no prefix that could name a theme ("7", not "2.1" or "B1")."""
    return not any(numbering.series(numero_of(r.text(numero_col))) for r in rows if r.kind == "fiche")


def _completed(beside: list[Theme | None], labels: dict[int, list[tuple[Label, Theme]]]) -> list[Theme | None]:
    """Cell themes whose merged cell a page break cut, completed with the text it prints atop
    the next page (``column_labels`` joins it to the label)."""
    whole = {(t.mot, t.printed): t for page_labels in labels.values() for _, t in page_labels}
    out = []
    for theme in beside:
        longer = whole.get((theme.mot, theme.printed)) if theme else None
        if theme and longer and longer.libelle != theme.libelle and longer.libelle.startswith(theme.libelle):
            theme = replace(longer, estimated=theme.estimated or longer.estimated)
        out.append(theme)
    return out


def _across_breaks(pages: list[dict[tuple[int, int], Theme | None]], labels_after: list[bool]) -> None:
    """Drawn theme cells without a label that a page break cut (a browser prints a merged
    cell's label once, on one of its pages): on a page that shows a label, the cells above its
    first labelled one continue the last theme of the page before, and those below its last
    labelled one open the first theme of the page after. A page that shows none continues the
    last theme of the page before in its first cell where the cell goes on past it: the next
    page opens with a cell without label (a merged cell over three pages or more), or the table
    ends there and no label follows (``labels_after``: one on a later page, say a rotated label
    a browser printed on a page without rows); if the next page opens with a label, its cell
    may have started here."""
    for k, cells in enumerate(pages):
        keys = [key for key, theme in cells.items() if theme]
        before = [t for t in pages[k - 1].values() if t] if k else []
        if not keys:
            following = pages[k + 1] if k + 1 < len(pages) else {}
            goes_on = following[min(following)] is None if following else not labels_after[k]
            if before and cells and goes_on:
                cells[min(cells)] = before[-1]
            continue
        after = [t for t in pages[k + 1].values() if t] if k + 1 < len(pages) else []
        for key in cells:
            if cells[key] is None and before and key[0] < keys[0][0]:
                cells[key] = before[-1]
            elif cells[key] is None and after and key[0] > keys[-1][0]:
                cells[key] = after[0]


def column_themes(doc: Document, col: int, rows: list[Row], labels: bool) -> list[Theme | None]:
    """The theme each row finds in a theme column beside it (``theme_of_cells``)."""
    cells = {page.number: theme_of_cells(page, col, rows, labels, doc.known) for page in doc.pages}
    if labels:
        ruled = {page.number for page in doc.pages  # cells bounded by drawn rules, down the column or across it
                 if any(c.ruled or c.bottom_drawn for c in page.cells if in_theme_column(c, col))}
        last_shown = max((page.number for page in doc.pages
                          if any(t for _, t in page.labels) or any(cells[page.number].values())), default=0)
        pages = sorted(ruled)
        shown = [_beside(cells[row.page], row) for row in rows]
        labelled = sorted((((page, key[0]), theme) for page, found in cells.items() for key, theme in found.items() if theme),
                          key=lambda item: item[0])
        _across_breaks([cells[n] for n in pages], [last_shown > n for n in pages])
        filled = [_beside(cells[row.page], row) for row in rows]
        mark_continued_before_doubt(rows, shown, filled, labelled)
        return filled
    return [_beside(cells[row.page], row) for row in rows]


def _beside(cells: dict[tuple[int, int], Theme | None], row: Row) -> Theme | None:
    """The theme of the theme cell holding a row, or of all those its grid rows meet where they
    agree, those naming none apart (a drawn border across the theme column within a fiche's row)."""
    held = next((t for (r0, r1), t in cells.items() if r0 <= row.row0 and row.row1 <= r1 and t), None)
    met = {t for (r0, r1), t in cells.items() if r0 < row.row1 and row.row0 < r1 and t}
    return held or (next(iter(met)) if len(met) == 1 else None)
