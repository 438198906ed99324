"""The document and its columns -> fiche drafts (each fiche's rows, theme and sub-themes, in
document order), then each draft -> one ``Fiche`` record assembled from its cells' lines with the
text rules of ``text``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from itertools import takewhile
from typing import Literal

from pipeline import config, models
from pipeline.alignment import CellAlignment, alignment, alignment_votes, numbers_centred, numbers_top_rows, starts_doubtful
from pipeline.avertissements import Warnings
from pipeline.columns import Columns
from pipeline.document import Cell, Document
from pipeline.numbering import numero_and_mark, numero_of, series
from pipeline.row_kinds import classify, give_back_strays, join_cut_bands, mark_annex, split_off_bands
from pipeline.row_themes import row_themes
from pipeline.rows import (
    Row,
    always_filled,
    centred_end,
    filled_cols,
    following_columns,
    nearer_next,
    number_line,
    number_tops,
    row_groups,
    split_at_numbers,
    split_off_closing,
    split_off_header,
    split_off_opening,
    usual_columns,
)
from pipeline.text import centre_offset, crowded, fold, join_lines, known_mark, remove_residue
from pipeline.themes import Levels, Theme, parse_theme


@dataclass
class Draft:
    """A fiche being assembled from its rows."""

    rows: list[Row]
    theme: Theme | None = None
    theme_read: bool = True  # False when taken from the fiche before (no band, cell or label gives it)
    below: tuple[Theme, ...] = ()  # sub-themes, from the level under the theme down
    spilled: bool = False  # the band right after it crowds text (its last cell's may have run there)
    theme_by_number: bool = False  # its theme taken from its number's series, against the labels' places

    def cells(self, col: int | None) -> list[Cell]:
        return [c for row in self.rows for c in row.cells.get(col, [])] if col is not None else []

    @property
    def number_row(self) -> Row:
        return next((row for row in self.rows if row.kind == "fiche"), self.rows[0])


def next_fiches(rows: list[Row]) -> list[Row | None]:
    """For every row (in the order of ``rows``), the next fiche row of the document, None after
    the last or when a band naming a theme (a new theme) comes first."""
    out: list[Row | None] = []
    upcoming: Row | None = None
    for row in reversed(rows):
        out.append(upcoming)
        if row.kind == "fiche":
            upcoming = row
        elif _new_theme(row):
            upcoming = None
    return out[::-1]


def classified_rows(doc: Document, cols: Columns) -> list[Row]:
    """Every row of the document, cut where several fiches run together, and classified."""
    numero_col = cols.roles["numero"]
    rows = [row for page in doc.pages for row in row_groups(page, cols)]
    votes = alignment_votes(rows, numero_col, cols.roles.get("intitule"))
    centred, top_aligned = alignment(rows, numero_col, votes)
    doubtful = top_aligned and starts_doubtful(votes)
    filled = always_filled(rows, numero_col) & set(cols.core_cols)
    rows = [part for row in rows for part in split_at_numbers(row, numero_col, top_aligned, doubtful, filled)]
    if not top_aligned and numbers_centred(rows, numero_col, cols.roles.get("intitule")):
        rows = [part for row in rows for part in split_off_opening(row, numero_col)]
        rows = [part for row in rows for part in split_off_closing(row, numero_col)]
    rows = [part for row in rows for part in split_off_header(row, cols.headers)]
    classify(rows, cols, len(doc.pages))
    if not centred and not top_aligned:
        mark_undecided_openings(rows, numero_col)
    rows = split_off_bands(rows)
    if not centred:
        join_cut_bands(rows)
    give_back_strays(rows)
    mark_annex(rows, doc, numero_col)
    return rows


def mark_undecided_openings(rows: list[Row], numero_col: int) -> None:
    """In a table whose alignment nothing settles (numbers neither centred nor atop their rows,
    on too few rows to tell), a page's first fiche row whose text starts a line or more above its
    number: the rest of the fiche a page break cut, or its own text centred on its number? It and
    the fiche row before are marked ``estimated``."""
    previous: Row | None = None
    for row in rows:
        if row.kind != "fiche":
            continue
        tops = number_tops(row, numero_col)
        if previous is not None and previous.page < row.page and len(tops) == 1 \
                and tops[0] - row.text_top() >= row.first_size():
            row.estimated = previous.estimated = True
        previous = row


def drafts(doc: Document, cols: Columns) -> tuple[list[Draft], list[Row]]:
    """Fiche rows with their continuations (``fiche_groups``, before the themes: the row borders
    the labels' centres are weighed against read the parts of each fiche), each with its theme,
    in document order; and every row of the document, classified (the word account reads them)."""
    numero_col = cols.roles["numero"]
    all_rows = classified_rows(doc, cols)
    centred = numbers_centred(all_rows, numero_col, cols.roles.get("intitule"))
    aligned: CellAlignment = "centred" if centred else "top" if numbers_top_rows(all_rows, numero_col) else ""
    opened = fiche_groups(all_rows, cols, aligned)
    beside = row_themes(doc, cols, cols.theme, all_rows, aligned)
    sub_beside = (row_themes(doc, cols, cols.sub_theme, all_rows, aligned) if cols.sub_theme is not None
                  else [None] * len(all_rows))
    column_words = Counter(fold(t.mot) for t in beside if t)
    levels = Levels(word=column_words.most_common(1)[0][0] if column_words else None)
    previous: Draft | None = None
    for k, row in enumerate(all_rows):
        if row.kind == "band":
            levels.read(band_theme(row))
        elif row.kind == "fiche":  # every fiche row opens a draft
            for read in (beside[k], sub_beside[k]):
                if read and read not in (levels.top, *levels.under(levels.top)):
                    levels.read(read)
            theme = beside[k] or (levels.top if cols.theme is None else None)  # bands set levels.top
            kept = theme or (previous.theme if previous else None)
            opened[k].theme, opened[k].theme_read, opened[k].below = kept, theme is not None, levels.under(kept)
        elif k in opened and previous is not None:  # a blank number: the theme of the fiche above
            opened[k].theme, opened[k].theme_read, opened[k].below = previous.theme, previous.theme_read, previous.below
        previous = opened.get(k, previous)
    out = list(opened.values())
    if centred:
        mark_divided_openings(out)
    settle_ties_by_numbers(out, numero_col)
    follow_printed_numbers(out, numero_col)
    return out, all_rows


def fiche_groups(all_rows: list[Row], cols: Columns, aligned: CellAlignment) -> dict[int, Draft]:
    """The fiches' rows, without their themes, by the index of the row that opens each (its
    number's row, or a part with its own title under a blank number): a part without number goes
    to the fiche above, or, cells being centred (``aligned``), to the next one where it is that
    one's text (``Row.closes_above``, ``Row.opens_below`` where that fiche's number is on the
    part's page). Where the alignment is unknown, the next fiche's empty cells make a part given
    to the fiche above doubtful even where that fiche fills its columns (``mark_doubtful_carry``)."""
    numero_col, centred = cols.roles["numero"], aligned == "centred"
    following, groups = next_fiches(all_rows), following_columns(all_rows)
    usual = usual_columns(groups.values())
    room = page_room(all_rows) if centred else {}  # read by the centred-table rule only
    opened: dict[int, Draft] = {}
    last: Draft | None = None  # the fiche opened last
    waiting: list[Row] = []  # parts that belong to the next fiche
    for k, row in enumerate(all_rows):
        if row.kind == "band" and last is not None and band_crowded(row):
            last.spilled = True
        elif row.kind == "fiche":
            opened[k] = last = Draft(waiting + [row])
            for part in waiting:
                part.opens_below = part.page == row.page
            waiting = []
        elif row.kind == "stray" and centred and last is None and (opening := _opens_first(k, all_rows, following[k])):
            row.estimated = row.estimated or opening == "estimated"
            waiting.append(row)
        elif row.kind == "continuation" and last is not None:  # only after a first fiche (classify)
            carried_over = any(r.page == row.page for r in last.rows)
            below = groups.get(id(following[k])) if centred else None
            moved = centred and not carried_over and (_break_between_rows(k, all_rows, room, numero_col)
                                                      or ended_above_number(row, last, numero_col))
            before = set().union(*(filled_cols(r) for r in last.rows))
            if centred and (_past_centred_row(row, last, following[k], numero_col)
                            or nearer_next(row, last.number_row, following[k], numero_col, carried_over or moved, below, before)):
                waiting.append(row)
            elif not centred and carried_over and _own_title(row, cols):
                opened[k] = last = Draft([row])  # a blank number
            else:
                mark_doubtful_carry(row, (before if aligned else set()) if carried_over else None, following[k], usual)
                row.closes_above = row.page == last.number_row.page
                last.rows.append(row)
    return opened


def settle_ties_by_numbers(fiche_drafts: list[Draft], numero_col: int) -> None:
    """Fiches whose theme a near tie chose (``Row.theme_tie``) take the theme and sub-themes
    that their number's series carries ("C" of "C2", "2.1." of "2.1.3"), the tie settled, where
    the edition's numbers carry their themes: each series of fiche numbers is read, outside ties
    and carried themes, under one theme and sub-themes, and the series name two themes or more
    (a theme cell's label centred between two fiches' rows that no border sets apart)."""
    prefixes = [series(numero_of(d.number_row.text(numero_col))) for d in fiche_drafts]
    readings: dict[str, set[tuple[Theme | None, tuple[Theme, ...]]]] = {}
    for draft, prefix in zip(fiche_drafts, prefixes):
        if not draft.number_row.theme_tie and draft.theme_read:
            readings.setdefault(prefix, set()).add((draft.theme, draft.below))
    if any(len(read) > 1 for read in readings.values()) or len({t for read in readings.values() for t, _ in read}) < 2:
        return
    for draft, prefix in zip(fiche_drafts, prefixes):
        if draft.number_row.theme_tie and prefix in readings:
            ((draft.theme, draft.below),) = readings[prefix]
            draft.number_row.theme_tie = False


def follow_printed_numbers(fiche_drafts: list[Draft], numero_col: int) -> None:
    """Fiches the labels' centres placed (``Row.theme_placed``) under a theme whose printed
    number does not open theirs ("3.1.2" under "2"), where the edition prints its numbers after
    their themes' (``theme_prefix_share`` of its fiches do) and a theme or sub-theme read in it
    prints the number theirs opens with: taken under that one, flagged (``theme_by_number``:
    their number or the labels' places are wrong)."""
    def key(draft: Draft) -> str | None:
        level = draft.below[-1] if draft.below else draft.theme
        return level.printed if level else None

    opening = [numero_of(d.number_row.text(numero_col)).rpartition(".")[0] for d in fiche_drafts]
    read = {key(d): (d.theme, d.below) for d in fiche_drafts if key(d)}
    if sum(k == key(d) for d, k in zip(fiche_drafts, opening)) < config.TABLE.theme_prefix_share * len(fiche_drafts):
        return
    for draft, k in zip(fiche_drafts, opening):
        if draft.number_row.theme_placed and k != key(draft) and k in read:
            (draft.theme, draft.below), draft.theme_by_number = read[k], True


def band_theme(row: Row) -> Theme | None:
    """A band's theme, doubtful where its lines crowd or overprint each other (a cell's text
    that overflowed its row runs under the band and into its label) or where a page break cut
    its label (``Row.label_rest``, joined back)."""
    theme = parse_theme(join_lines([row.reading_text(), row.label_rest]))
    return replace(theme, estimated=True) if theme and (band_crowded(row) or row.label_rest) else theme


def band_crowded(row: Row) -> bool:
    """True when a band's lines crowd or overprint each other (``text.crowded``)."""
    return any(crowded(c.lines) for c in row.spanning + row.filled())


def _new_theme(row: Row) -> bool:
    """A band that names a theme (an empty band row, a theme cell's shade, opens none)."""
    return row.kind == "band" and parse_theme(row.reading_text()) is not None


def _opens_first(k: int, rows: list[Row], fiche: Row | None) -> Literal["", "read", "estimated"]:
    """How a row without number above the first fiche (``rows[k]``), in a table of centred cells,
    opens that fiche: "read" where, under a header row, it fills only columns the fiche's row
    leaves empty (its top-aligned cell starting above its centred number, which no rule or gap
    set apart; the parts below its row may be the next fiche's, as the part is this one's);
    "estimated" where, under a header row, it fills others too (a centred cell cut above its
    number, or a caption?), or fills only those in a table without header row (a title above
    the table could sit there); "" where it is no part of it."""
    part = rows[k]
    fills = filled_cols(part)
    if fiche is None or fiche.page != part.page or part.spanning or not fills:
        return ""
    beside = not fills & filled_cols(fiche)
    if _below_header(k, rows):
        return "read" if beside else "estimated"
    return "estimated" if beside and not any(r.kind == "header" for r in rows) else ""


def _below_header(k: int, rows: list[Row]) -> bool:
    """True when a header row or the page's furniture lies above ``rows[k]`` on its page."""
    return any(r.page == rows[k].page and r.kind in ("header", "furniture") for r in rows[:k])


def _break_between_rows(k: int, rows: list[Row], room: dict[int, float], numero_col: int) -> bool:
    """True when the page break above the part opening a page (``rows[k]``) fell between two
    fiches, so that the part opens the next one: the page before leaves room for more lines
    (``page_room_em``; a producer moves a row that does not fit whole), or, cells being centred,
    the part centres the next fiche's cells on its number, which they are not without it (the
    top of a cell taller than its number's, pages that all end short)."""
    part = rows[k]
    if room.get(part.page - 1, 0.0) >= config.TABLE.page_room_em * part.first_size():
        return True
    on_page = list(takewhile(lambda j: rows[j].page == part.page, range(k + 1, len(rows))))
    numbered = [j for j in on_page if rows[j].kind == "fiche"]
    if not numbered or any(_new_theme(rows[j]) for j in on_page if j < numbered[0]):
        return False
    number = number_line(rows[numbered[0]], numero_col)
    if number is None:
        return False
    end = next((j for j in on_page if j > numbered[0] and rows[j].kind in ("fiche", "band")), len(rows))
    block = [rows[j] for j in on_page if j < end]
    within = config.TABLE.centred_within_lines
    columns = {col: [ln for r in block for c in r.cells.get(col, []) for ln in c.lines] for col in filled_cols(part)}
    mine = {col: [ln for c in part.cells[col] for ln in c.lines] for col in columns}
    return all(centre_offset(lines + mine[col], number) <= within for col, lines in columns.items()) and \
        any(not lines or centre_offset(lines, number) > within for lines in columns.values())


def _past_centred_row(part: Row, before: Draft, following: Row | None, numero_col: int) -> bool:
    """True when a part without number, between two fiches of its page in a table of centred
    cells, starts below all the row of the fiche ``before`` it can take: that row's cells are
    centred on its number, or start at its top (a top-aligned cell), so they end no further below
    the number's middle than its first line starts above it. The part is the next fiche's (its
    top-aligned cell, that row stretched by something else: a long label beside it)."""
    if following is None or following.page != part.page or before.number_row.page != part.page:
        return False
    end = centred_end(before.number_row, numero_col, min(r.text_top() for r in before.rows if r.page == part.page))
    return end is not None and part.text_top() > end


def ended_above_number(part: Row, before: Draft, numero_col: int) -> bool:
    """True when the fiche before a page break (``before``, its number on the page before the
    part's) ends, in every column the part opening the page fills, with a line above its
    number's (the line's middle above the number's top): cells aligned to the top of a row that
    ended there. A cell the break cut runs down to the break, below the number centred in its
    row's part on that page: the part is the next fiche's."""
    number = number_line(before.number_row, numero_col)
    if number is None or before.number_row.page != part.page - 1:
        return False
    last = {col: max((ln for r in before.rows if r.page == number.page for c in r.cells.get(col, []) for ln in c.lines),
                     key=lambda ln: ln.top, default=None) for col in filled_cols(part)}
    return bool(last) and all(ln is not None and ln.top + ln.size / 2 < number.top for ln in last.values())


def page_room(rows: list[Row]) -> dict[int, float]:
    """For each page, the room its table leaves below its last line, down to the document's
    lowest table line (the pages' usable bottom)."""
    bottoms: dict[int, float] = {}
    for row in rows:
        if row.kind in ("fiche", "continuation", "band"):
            for ln in (ln for c in row.filled() + row.spanning for ln in c.lines):
                bottoms[row.page] = max(bottoms.get(row.page, 0.0), ln.top + ln.size)
    lowest = max(bottoms.values(), default=0.0)
    return {page: lowest - bottom for page, bottom in bottoms.items()}


def mark_doubtful_carry(part: Row, before: set[int] | None, following: Row | None, usual: frozenset[int]) -> None:
    """A part without number given to the fiche above while the next fiche, on the part's page,
    leaves empty a column the part fills: the rest of the fiche above, or the next fiche's text
    aligned to the top of its cell above its number? Both marked ``estimated``. Opening a page, the
    column must be one nearly every fiche fills (``usual``: a page break cuts a fiche's cells); on
    the page of the fiche above, one that fiche leaves empty (``before``: a gap in its own cell
    says nothing where the cells' alignment is known; empty where it is not, office seed 5213:
    objectives set to the top of rows stretched by their labels, their numbers centred)."""
    if following is None or following.page != part.page:
        return
    left = filled_cols(part) - filled_cols(following)
    if left & usual if before is None else left - before:
        part.estimated = following.estimated = True


def mark_divided_openings(fiche_drafts: list[Draft]) -> None:
    """Parts without a number that open a page above its first (centred) fiche, shared out
    between the fiche a page break cut and the next one, are shared by an estimate (which parts
    are whose, no rule says): marked ``estimated`` in both fiches."""
    first: dict[int, float] = {}  # page -> top of its first fiche row
    for row in (r for draft in fiche_drafts for r in draft.rows if r.kind == "fiche"):
        first[row.page] = min(first.get(row.page, row.top), row.top)
    openings: dict[int, list[tuple[int, Row]]] = {}  # page -> (draft index, part) above its first fiche row
    for k, draft in enumerate(fiche_drafts):
        for row in draft.rows:
            if row.kind == "continuation" and row.top < first.get(row.page, float("inf")):
                openings.setdefault(row.page, []).append((k, row))
    for parts in openings.values():
        if len({k for k, _ in parts}) > 1:
            for _, row in parts:
                row.estimated = True


def _own_title(row: Row, cols: Columns) -> bool:
    """True when a part without number that a rule or a gap sets apart from the fiche above, on
    the same page, opens a title of its own (a capital): a fiche whose number cell is blank,
    not the rest of the fiche above (a page break, not a rule, cuts a fiche)."""
    return row.text(cols.roles.get("intitule"))[:1].isupper()


def build_fiche(doc: Document, draft: Draft, cols: Columns, warnings: Warnings) -> dict:
    """One ``Fiche`` record from a draft's cells."""
    role = cols.roles.get
    numero, mark = number_cell(doc, draft, role("numero"))
    page = draft.rows[0].page

    def clean(text: str) -> str:
        cleaned, residue = remove_residue(text)
        for r in residue:
            warnings.add("residu_tableur", page, numero, f"résidu de tableur {r!r} supprimé")
        return cleaned

    objectifs = [(level, clean(text)) for level, text in doc.items(draft.cells(role("objectifs")))]
    extra = {cols.headers.get(col) or f"colonne_{col + 1}": "\n".join(doc.paragraphs(draft.cells(col)))
             for col in cols.extra}
    if draft.theme is None:
        warnings.add("theme_absent", page, numero, "aucun thème (enjeu) trouvé pour cette fiche")
    named = [*cols.roles.items(), *((f"colonne_{c + 1}", c) for c in cols.extra)]
    provenance = {name: [[c.page, round(c.x0, 1), round(c.top, 1), round(c.x1, 1), round(c.bottom, 1)]
                         for c in draft.cells(col)] for name, col in named}
    return {
        "edition": warnings.edition,
        "enjeu": draft.theme.numero if draft.theme else None,
        "enjeu_libelle": draft.theme.libelle if draft.theme else None,
        "sous_enjeu": draft.below[0].printed if draft.below else None,
        "sous_enjeu_libelle": draft.below[0].libelle if draft.below else None,
        "themes": [{"niveau": level, "numero": t.printed or str(t.numero), "libelle": t.libelle}
                   for level, t in enumerate((*([draft.theme] if draft.theme else []), *draft.below), 1)],
        "numero": numero,
        "intitule": clean(doc.flow(draft.cells(role("intitule")))),
        "objectifs": [text for _, text in objectifs],
        "objectifs_niveaux": [level for level, _ in objectifs],
        "appel_a_projets": _mark_value(doc.flow(draft.cells(role("appel_a_projets"))) or mark, page, numero, warnings),
        "pilote_brut": "\n".join(clean(p) for p in doc.paragraphs(draft.cells(role("pilote")))),
        "pages": sorted({row.page for row in draft.rows}),
        "colonnes_supplementaires": models.dumps({k: v for k, v in extra.items() if v}),
        "provenance": models.dumps(provenance),
        "a_verifier": False,
        "verifications": [],
    }


def number_cell(doc: Document, draft: Draft, numero_col: int | None) -> tuple[str, str]:
    """The fiche number a draft's number cells print, and a call-for-projects mark printed
    after it on its line (``numbering.numero_and_mark``: "2 x", the marks' column run into the
    numbers'), or no mark."""
    cells = draft.cells(numero_col)
    head, mark = numero_and_mark(numero_of(" ".join(ln.text for c in cells for ln in c.lines)))
    return (head if mark else numero_of(doc.flow(cells))).replace(" ", ""), mark


def _mark_value(mark: str, page: int, numero: str, warnings: Warnings) -> bool:
    """A call-for-projects mark as a boolean: blank or a "no" mark is False, any other mark True."""
    if not mark.strip() or fold(mark) in config.CELL_TEXT.no_marks:
        return False
    if not known_mark(mark):
        warnings.add("marque_inconnue", page, numero, f"marque d'appel à projets inconnue {mark!r} lue comme oui")
    return True
