"""Repair rules on hand-made rows: fiches run together in a borderless table, bands cut into
cells, furniture, continuation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.alignment import numbers_start_rows, numbers_top_rows
from pipeline.columns import Columns, place_cells, split_by_columns
from pipeline.document import Cell
from pipeline.fiches import band_theme, next_fiches
from pipeline.headers import role_of_header
from pipeline.row_kinds import classify, join_cut_bands, split_off_bands
from pipeline.rows import Row, always_filled, nearer_next, split_at_numbers, split_off_header, split_off_opening
from pipeline.text import Line

NUMERO, TITRE, OBJECTIFS = 0, 1, 2
COLS = Columns({"numero": NUMERO, "intitule": TITRE, "objectifs": OBJECTIFS}, None, {}, [])


def cell(col: int, *lines: tuple[float, str], page: int = 1, ruled: bool = False) -> Cell:
    made = [Line(text, 10.0 + 100 * col, 60.0 + 100 * col, 20.0, 5.0, size=9, page=page, top=top) for top, text in lines]
    return Cell(page, 0, 1, 100.0 * col, lines[0][0], 100.0 * col + 95, 500.0, ruled=ruled, cols=(col,), lines=made,
                text_top=lines[0][0])


def row(*cells: Cell, page: int = 1) -> Row:
    r = Row(page, 0, 1, top=min(c.top for c in cells), bottom=500.0)
    for c in cells:
        r.cells.setdefault(c.cols[0], []).append(c)
    return r


def test_fiches_run_together_are_cut_at_their_numbers():
    merged = row(cell(NUMERO, (100, "1.1"), (150, "1.2"), (200, "1.3"), (250, "1.4")),
                 cell(TITRE, (100, "Premier titre"), (111, "sur deux lignes"), (150, "Second titre"),
                      (200, "Troisième"), (250, "Quatrième")),
                 cell(OBJECTIFS, (80, "fin d'une fiche de la page précédente"), (100, "• Objectif A"),
                      (150, "• Objectif B"), (200, "• C"), (250, "• D")))
    assert numbers_start_rows([merged], NUMERO)
    parts = split_at_numbers(merged, NUMERO, top_aligned=True)
    assert [p.text(NUMERO) for p in parts] == ["", "1.1", "1.2", "1.3", "1.4"]
    assert parts[0].text(OBJECTIFS) == "fin d'une fiche de la page précédente"
    assert parts[1].text(TITRE) == "Premier titre sur deux lignes" and parts[2].text(OBJECTIFS) == "• Objectif B"


def test_in_a_top_aligned_table_text_above_a_row_s_number_is_another_fiche_s():
    # A borderless word-processor table without cell padding: a page opens with the rest of the
    # fiche a page break cut (three lines), then fiche 3.2, one line pitch lower; the other rows
    # of several lines start with their number.
    tall = [row(cell(NUMERO, (100, f"1.{k}")), cell(TITRE, (100, "Titre"), (113, "long"))) for k in range(1, 10)]
    opening = row(cell(NUMERO, (148.6, "3.2")), cell(TITRE, (95.2, "fin du titre"), (108.6, "d'avant"), (148.6, "Titre")),
                  cell(OBJECTIFS, (95.2, "• fin"), (148.6, "• Objectif")))
    assert numbers_top_rows([*tall, opening], NUMERO) and not numbers_top_rows(tall[:2] + [opening], NUMERO)
    parts = split_at_numbers(opening, NUMERO, top_aligned=True)
    assert [(p.text(NUMERO), p.text(TITRE)) for p in parts] == [("", "fin du titre d'avant"), ("3.2", "Titre")]
    centred = [row(cell(NUMERO, (111, n)), cell(TITRE, (100, "Titre"), (111, "sur trois"), (122, "lignes"))) for n in "123"]
    assert not numbers_top_rows([*tall, *centred], NUMERO)  # numbers mid-row: not top-aligned


def test_numbers_starting_their_rows_outvote_page_openings_that_look_centred():
    # A borderless table whose rows touch, top-aligned: each page is one row, the numbers after
    # its first start lines in every column (a vote each for top-aligned rows). The rows of one
    # number are pages whose first lines are the rest of the fiche a break cut: their titles run
    # from the page top down past the number, which faces their middle (a vote for centred). The
    # more numerous evidence wins; three titles centred on their numbers, by themselves, win.
    from pipeline.alignment import alignment, alignment_votes

    def aligned(rows: list[Row]) -> tuple[bool, bool]:
        return alignment(rows, NUMERO, alignment_votes(rows, NUMERO, TITRE))

    def page(first: int) -> Row:
        numbers = [(100.0 + 50 * k, f"{first}.{k}") for k in range(1, 6)]
        return row(cell(NUMERO, *numbers), cell(TITRE, *[(t, "Titre") for t, _ in numbers]),
                   cell(OBJECTIFS, *[(t, "• Objectif") for t, _ in numbers]))

    openings = [row(cell(NUMERO, (120.0, f"{n}.1")), cell(TITRE, (80.0, "fin du titre"), (100.0, "d'avant"),
                                                             (120.0, "Titre"), (140.0, "long"))) for n in (4, 5, 6)]
    assert aligned([page(1), page(2), page(3), *openings]) == (False, True)
    assert aligned(openings) == (True, False)
    assert aligned([page(1), *openings]) == (False, True)  # 4 numbers against 3 titles


def test_numbers_facing_their_titles_first_line_count_with_numbers_starting_their_lines():
    # A borderless top-aligned table: two rows of one number whose titles of two lines start on
    # the number's line (against centred cells), and one row of three fiches run together whose
    # second and third numbers start lines in every column. Two votes each, too few apart
    # (``min_evidence``): together they tell top-aligned cells.
    from pipeline.alignment import alignment, alignment_votes

    single = [row(cell(NUMERO, (t, f"{n}.1")), cell(TITRE, (t, "Un titre"), (t + 10, "sur deux lignes")),
                  cell(OBJECTIFS, (t, "• Objectif"), (t + 10, "• Un autre"))) for n, t in ((1, 100.0), (2, 200.0))]
    merged = row(cell(NUMERO, *[(300.0 + 40 * k, f"3.{k}") for k in (1, 2, 3)]),
                 cell(TITRE, *[(300.0 + 40 * k, "Titre") for k in (1, 2, 3)]),
                 cell(OBJECTIFS, *[(300.0 + 40 * k + d, "• Objectif") for k in (1, 2, 3) for d in (0, 10, 20)]))
    rows = [*single, merged]
    assert alignment(rows, NUMERO, alignment_votes(rows, NUMERO, TITRE)) == (False, True)
    assert alignment(single, NUMERO, alignment_votes(single, NUMERO, TITRE)) == (False, False)  # two votes only


def test_a_mark_printed_after_a_fiche_number_is_the_fiche_s_mark_and_a_doubt():
    # Monospaced, cell paddings narrower than a space: no page shows the gutter between numbers
    # and marks, so "12 x" is one cell of the numbers' column. The number is 12, the mark its
    # call for projects, and the fiche is flagged (a cell over two columns). "1.5 bis" and "12 1"
    # are no number and mark.
    from pipeline.account import account
    from pipeline.avertissements import Warnings
    from pipeline.document import Document
    from pipeline.fiches import Draft, build_fiche, number_cell
    from pipeline.numbering import numero_and_mark
    from pipeline.verifications import verify

    assert numero_and_mark("12 x") == ("12", "x") and numero_and_mark("2.1 Oui") == ("2.1", "Oui")
    assert numero_and_mark("1.5 bis") == ("1.5 bis", "") and numero_and_mark("12 1") == ("12 1", "")
    doc = Document([], [0.0, 100.0, 200.0, 300.0])
    drafts = [Draft([row(cell(NUMERO, (100, n)), cell(TITRE, (100, "Titre")))]) for n in ("11", "12 x", "13")]
    assert [number_cell(doc, d, NUMERO) for d in drafts] == [("11", ""), ("12", "x"), ("13", "")]
    fiches = [build_fiche(doc, d, COLS, Warnings("ed")) for d in drafts]
    assert [(f["numero"], f["appel_a_projets"]) for f in fiches] == [("11", False), ("12", True), ("13", False)]
    verify(fiches, drafts, doc, COLS, account(doc, [r for d in drafts for r in d.rows], drafts, COLS), Warnings("ed"))
    assert [("cellule_a_cheval" in [v["code"] for v in f["verifications"]]) for f in fiches] == [False, True, False]


def test_list_markers_in_a_column_of_their_own_join_their_items_text():
    # A browser draws bullets as shapes; on this page the gutter read from the text stands
    # between the bullets (x 65) and their items (x 75), both in the objectives' column: one
    # cell, each bullet on its item's line. A cell of another row or column stays apart.
    from pipeline.document import joined_cells

    markers = cell(OBJECTIFS, (240, "•"), (248, "•"))
    markers.lines = [replace(ln, x0=265.0, x1=267.5) for ln in markers.lines]
    items = cell(OBJECTIFS, (240, "Synergie petits"), (248, "Adapter proposé"), (256, "l'habitat"))
    items.lines = [replace(ln, x0=275.0, x1=330.0) for ln in items.lines]
    items.x0 = 270.0
    other = replace(cell(TITRE, (240, "Titre")), row0=1, row1=2)
    (objectives, title) = joined_cells([markers, items, other])
    assert [ln.text for ln in objectives.lines] == ["• Synergie petits", "• Adapter proposé", "l'habitat"]
    assert objectives.lines[0].words == 2 and (objectives.x0, objectives.x1) == (markers.x0, items.x1)
    assert title is other


def test_one_coincidence_does_not_make_a_layout():
    merged = row(cell(NUMERO, (100, "1.1"), (150, "1.2")), cell(TITRE, (100, "Titre"), (150, "Autre")))
    assert not numbers_start_rows([merged], NUMERO)


def test_centred_numbers_are_not_taken_for_top_aligned_ones_and_cut_halfway():
    centred = row(cell(NUMERO, (130, "1.1"), (260, "1.2")),
                  cell(TITRE, (120, "Titre"), (131, "centré"), (250, "Autre"), (261, "titre")),
                  cell(OBJECTIFS, (100, "• A"), (111, "• B"), (230, "• C")))
    assert not numbers_start_rows([centred], NUMERO)
    parts = split_at_numbers(centred, NUMERO, top_aligned=False)
    assert [(p.text(NUMERO), p.text(TITRE), p.text(OBJECTIFS)) for p in parts] == [
        ("1.1", "Titre centré", "• A • B"), ("1.2", "Autre titre", "• C")]


def test_centred_fiches_are_cut_in_a_column_where_its_lines_leave_a_gap():
    # A one-line fiche (number at 100) touching a tall centred one (number at 140): the tall
    # one's objectives start at 114, after the cells' paddings below the short one's line
    # (9 pt lines every 11 pt: a 2 pt gap, 5 pt after the short cell). Halfway would be 120.
    merged = row(cell(NUMERO, (100, "10.1"), (140, "10.2")),
                 cell(TITRE, (100, "Court"), (140, "Long")),
                 cell(OBJECTIFS, (100, "Contenu à définir"), (114, "• A"), (125, "• B"), (136, "• C"), (147, "• D")))
    parts = split_at_numbers(merged, NUMERO, top_aligned=False)
    assert [(p.text(NUMERO), p.text(OBJECTIFS)) for p in parts] == [
        ("10.1", "Contenu à définir"), ("10.2", "• A • B • C • D")]


def test_centred_fiches_without_a_gap_are_cut_where_each_text_is_centred_on_its_number():
    # Five title lines centred on 1.1 (at 110), one on 1.2 (at 143), 11 pt apart: halfway
    # (126.5) would give 1.1's last line to 1.2.
    merged = row(cell(NUMERO, (110, "1.1"), (143, "1.2")),
                 cell(TITRE, (88, "Un"), (99, "long"), (110, "titre"), (121, "sur cinq"), (132, "lignes"), (143, "Court")))
    parts = split_at_numbers(merged, NUMERO, top_aligned=False)
    assert [p.text(TITRE) for p in parts] == ["Un long titre sur cinq lignes", "Court"]


def test_centred_fiches_overflowing_into_each_other_are_cut_where_two_lines_crowd():
    # Two tall centred objectives cells overflowing their short rows: 1.1's last line (at 150)
    # and 1.2's first (at 157) lie closer than a line's pitch (11 pt elsewhere); halfway
    # between the numbers (140) would give 1.1's last lines to 1.2.
    first = [(95.0 + 11 * k, f"a{k}") for k in range(5)] + [(150.0, "fin de a")]
    second = [(157.0 + 11 * k, f"b{k}") for k in range(4)]
    merged = row(cell(NUMERO, (120, "1.1"), (160, "1.2")), cell(OBJECTIFS, *first, *second))
    parts = split_at_numbers(merged, NUMERO, top_aligned=False)
    assert [p.text(OBJECTIFS).split()[-1] for p in parts] == ["a", "b3"] and not any(p.estimated for p in parts)


def test_the_first_part_of_a_row_keeps_a_line_overflowing_above_it():
    merged = row(cell(NUMERO, (120, "1.1"), (160, "1.2")), cell(TITRE, (97, "Titre"), (108, "long"), (160, "Court")))
    merged.top = 100.0  # the title's first line overflows above the row
    assert [p.text(TITRE) for p in split_at_numbers(merged, NUMERO, top_aligned=False)] == ["Titre long", "Court"]


def test_centred_column_text_of_the_second_fiche_alone_is_not_cut_for_the_first():
    # 1.1 (at 391) has no indicator; 1.2's four lines (451 to 484) are centred on its number (467):
    # the only gap between the numbers (at 457) would give "Indicateur :" to 1.1.
    merged = row(cell(NUMERO, (391, "1.1"), (467, "1.2")), cell(TITRE, (391, "Titre"), (467, "Autre")),
                 cell(OBJECTIFS, (451, "Indicateur :"), (462, "nombre de"), (473, "bénéficiaires"), (484, "suivis")))
    parts = split_at_numbers(merged, NUMERO, top_aligned=False)
    assert [p.text(OBJECTIFS) for p in parts] == ["", "Indicateur : nombre de bénéficiaires suivis"]
    assert not any(p.estimated for p in parts)  # the other cut costs far more: no tie


def test_the_end_of_a_cut_fiche_atop_a_centred_row_is_a_part_of_its_own():
    # A borderless centred table: the page opens with two lines of the fiche a page break cut
    # (45, 54, 9 pt lines 9 pt apart), then a 4 pt padding, then fiche 3.4 centred on its number
    # (78): its two objectives lines (67, 76) and title lines (72, 81) face it.
    opening = row(cell(NUMERO, (78, "3.4")), cell(TITRE, (72, "Titre"), (81, "centré")),
                  cell(OBJECTIFS, (45, "• fin de la fiche"), (54, "d'avant"), (67, "• Objectif"), (76, "sur deux lignes")))
    opening.bottom = 95.0
    parts = split_off_opening(opening, NUMERO)
    assert [(p.text(NUMERO), p.text(TITRE), p.text(OBJECTIFS)) for p in parts] == [
        ("", "", "• fin de la fiche d'avant"), ("3.4", "Titre centré", "• Objectif sur deux lignes")]
    assert not any(p.estimated for p in parts)


def test_centred_rows_without_a_padding_gap_or_off_centre_text_are_not_cut():
    # The same lines evenly 9 pt apart (text overflowing a spreadsheet cell): no gap says where.
    overflowing = row(cell(NUMERO, (78, "3.4")), cell(TITRE, (72, "Titre"), (81, "centré")),
                      cell(OBJECTIFS, (45, "• A"), (54, "b"), (63, "• C"), (72, "d")))
    overflowing.bottom = 95.0
    assert split_off_opening(overflowing, NUMERO) == [overflowing]
    centred = row(cell(NUMERO, (78, "3.4")), cell(TITRE, (78, "Titre")),
                  cell(OBJECTIFS, (60, "• A"), (69, "b"), (82, "• C"), (91, "d")))  # a gap, but centred already
    assert split_off_opening(centred, NUMERO) == [centred]
    top_aligned = row(cell(NUMERO, (78, "3.4")), cell(TITRE, (72, "Titre"), (81, "centré")),
                      cell(OBJECTIFS, (45, "• A"), (54, "b"), (67, "• C")))
    top_aligned.bottom = 115.0  # the borders centred on the number: the objectives cell is top-aligned
    assert split_off_opening(top_aligned, NUMERO) == [top_aligned]


def test_a_band_whose_label_wraps_into_one_column_is_a_band():
    # A browser band over the table: its second line, short, lies inside one column.
    band = Row(1, 0, 1, top=70.0, bottom=90.0, spanning=[cell(NUMERO, (75, "ENJEU 1 : Collaboration et"))])
    band.cells[OBJECTIFS] = [cell(OBJECTIFS, (84, "valorisation"))]
    fiche = row(cell(NUMERO, (100, "1.1")), cell(TITRE, (100, "Titre")))
    far = Row(1, 0, 1, top=120.0, bottom=150.0, spanning=[cell(NUMERO, (120, "ENJEU 2 : Autre"))])
    far.cells[OBJECTIFS] = [cell(OBJECTIFS, (140, "texte d'une autre cellule"))]  # two lines apart: no wrap
    rows = [band, fiche, far]
    classify(rows, COLS, n_pages=1)
    assert [r.kind for r in rows] == ["band", "fiche", "continuation"]


def test_a_gutter_cell_over_two_columns_is_split_where_each_line_lies_in_one():
    # A page whose gutters missed the boundary at 100 that the other pages show: a theme label
    # (lines in column 0) beside a fiche number (column 1) read as one cell.
    bounds = [0.0, 100.0, 200.0, 300.0]
    label, number = cell(0, (100, "Orientation 5.1 :"), (111, "Accueil")), cell(1, (120, "5.1.3"))
    both = replace(label, x1=195.0, ruled=False, cols=(0, 1), lines=label.lines + number.lines)
    parts = split_by_columns(both, bounds)
    assert [(p.cols, p.text) for p in parts] == [((0,), "Orientation 5.1 : Accueil"), ((1,), "5.1.3")]
    assert parts[1].text_top == 120
    across = replace(both, lines=[replace(both.lines[0], x1=150.0), *both.lines[1:]])  # a line runs over the border
    assert split_by_columns(across, bounds) == [across]
    ruled = replace(both, ruled=True)
    assert split_by_columns(ruled, bounds) == [ruled]  # drawn borders say where the cell ends


def test_a_line_holding_two_cells_texts_is_cut_where_a_gap_parts_them_over_a_column_border():
    # A page whose gutters missed the border at 100: "12 x", a number and its mark, is one line.
    # Its gap over the border (92 to 104, wider than a space) cuts it; a gap elsewhere does not.
    from pipeline.text import Break

    bounds = [0.0, 100.0, 200.0]
    gap = Break(offset=3, words=1, end=92.0, start=104.0, first_width=5.0, first_char=5.0)
    line = Line("12 x", 80.0, 109.0, 10.0, 5.0, size=9, page=3, top=219.0, words=2, breaks=(gap,))
    both = Cell(3, 2, 3, 60.0, 200.0, 200.0, 280.0, ruled=False, cols=(0,), lines=[line], text_top=219.0)
    number, mark = split_by_columns(both, bounds)
    assert (number.cols, number.text, number.lines[0].x1, number.lines[0].words) == ((0,), "12", 92.0, 1)
    assert (mark.cols, mark.text, mark.lines[0].x0, mark.lines[0].words, mark.lines[0].first_width) == ((1,), "x", 104.0, 1, 5.0)
    inside = replace(both, lines=[replace(line, breaks=(replace(gap, end=60.0, start=70.0),))])
    assert split_by_columns(inside, bounds) == [inside]  # a gap left of the border: the line stays whole


def test_a_fiche_number_and_the_next_cell_s_text_a_typed_space_apart_are_cut_at_the_border():
    # Monospaced, a narrow padding: "3.2 X" merged the number and mark cells of its page. The
    # word space after the number lies over the border and "X" lies in one column: cut. A band
    # opening with a number ("1.2 Habitat et cadre de vie") runs on over several columns: whole.
    from pipeline.geometry import Word
    from pipeline.printed_lines import lines_of

    def words(*pieces: tuple[str, float]) -> list[Word]:
        return [Word(x0, 100.0, x0 + 4.8 * len(text), 108.0, text, size=8.0, first_char_width=4.8, space=4.8)
                for text, x0 in pieces]

    bounds = [0.0, 788.9, 806.5, 900.0]
    (line,) = lines_of(words(("3.2", 772.2), ("X", 791.1)), page=3)
    assert [(b.offset, b.beside_number) for b in line.breaks] == [(4, True)]
    merged = Cell(3, 2, 3, 770.0, 100.0, 806.5, 120.0, ruled=False, merged=True, cols=(0, 1), lines=[line], text_top=100.0)
    number, mark = split_by_columns(merged, bounds)
    assert (number.cols, number.text, mark.cols, mark.text) == ((0,), "3.2", (1,), "X")
    (band,) = lines_of(words(("1.2", 772.2), ("Habitat", 791.1), ("et", 830.0), ("cadre", 845.0)), page=3)
    spanning = replace(merged, x1=900.0, cols=(0, 1, 2), lines=[band])
    assert split_by_columns(spanning, bounds) == [spanning]
    (title,) = lines_of(words(("Ateliers", 10.0), ("X", 53.4)), page=3)
    assert title.breaks == ()  # a word space after a word that is no number records nothing


def test_a_fiche_number_a_typed_space_after_a_theme_label_overflowing_its_cell_is_cut_off():
    # Monospaced, no rules: a theme cell's bold label runs 3 pt past its column into the number
    # column's padding, a typed space before the fiche number: "Thème 4 : Incarnés 6" merged
    # the theme and number cells of its row. The number alone lies in its column: cut there, the
    # label to the column it starts in. A band whose text after its number runs over the border
    # ("AXE 1 : Emploi des jeunes") is no number alone: whole.
    from pipeline.geometry import Word
    from pipeline.printed_lines import lines_of

    def words(*pieces: tuple[str, float]) -> list[Word]:
        return [Word(x0, 300.0, x0 + 5.4 * len(text), 309.0, text, size=9.0, first_char_width=5.4, space=5.4)
                for text, x0 in pieces]

    bounds = [36.0, 130.0, 151.0, 294.0]
    (line,) = lines_of(words(("Thème", 36.0), ("4", 68.4), ("Incarnés", 90.0), ("6", 137.7)), page=2)
    merged = Cell(2, 3, 4, 36.0, 303.0, 151.0, 316.0, ruled=False, merged=True, cols=(0, 1), lines=[line], text_top=300.0)
    label, number = split_by_columns(merged, bounds)
    assert (label.cols, label.text, number.cols, number.text) == ((0,), "Thème 4 Incarnés", (1,), "6")
    (band,) = lines_of(words(("AXE", 100.0), ("1", 121.6), ("Emploi", 132.4), ("des", 170.2), ("jeunes", 191.8)), page=2)
    spanning = replace(merged, x1=294.0, cols=(0, 1, 2), lines=[band])
    assert split_by_columns(spanning, bounds) == [spanning]


def test_a_line_records_its_gaps_wider_than_a_typed_space():
    from pipeline.geometry import Word
    from pipeline.printed_lines import lines_of

    def word(text: str, x0: float, space: float) -> Word:
        return Word(x0, 100.0, x0 + 5.4 * len(text), 109.0, text, size=9.0, first_char_width=5.4, space=space)

    # Monospaced, a space 5.4 wide: "12", a cell padding of 6.0, "x"; then a typed space.
    (mono,) = lines_of([word("12", 548.6, 5.4), word("x", 565.4, 5.4), word("y", 576.2, 5.4)], page=3)
    assert mono.text == "12 x y" and [(b.offset, b.words, b.end, b.start) for b in mono.breaks] == [(3, 1, 559.4, 565.4)]
    # Proportional, a space 2.5 wide: a gap of 3.0 is a space (under 0.45 em), none is recorded.
    (plain,) = lines_of([word("de", 10.0, 2.5), word("la", 23.8, 2.5)], page=1)
    assert plain.breaks == ()


def test_a_cell_only_its_pages_gutters_merge_is_in_the_column_its_text_lies_in():
    # The last page holds one fiche, whose objectives (at 120 to 190, a column from 100 to 200)
    # stand above its other cells: that page's gutters cut the columns elsewhere and merge the
    # objectives cell over three columns. Its text lies in one column of the document's.
    from pipeline.document import Page

    bounds = [0.0, 100.0, 200.0, 300.0]
    objectives = cell(1, (100, "• Objectif"), (111, "sur deux lignes"))
    objectives.lines = [replace(ln, x0=103.0, x1=190.0) for ln in objectives.lines]
    merged = replace(objectives, x0=60.0, x1=300.0, merged=True, cols=())
    drawn = replace(merged, ruled=True)
    below = [replace(objectives, x0=x, x1=x + 10, top=200.0, lines=[], cols=()) for x in (60.0, 130.0, 250.0)]
    place_cells([Page(2, [merged, drawn, *below], [])], bounds)  # the page's gutters at 130 and 250
    assert merged.cols == (1,) and drawn.cols == (1, 2)  # drawn borders say where a cell ends
    across = replace(merged, lines=[replace(merged.lines[0], x1=250.0)], cols=())  # a line over the border at 200
    band = replace(merged, lines=[replace(merged.lines[0], x0=62.0, x1=131.0)], cols=())  # no gutter run over: a band
    place_cells([Page(2, [across, band, *below], [])], bounds)
    assert across.cols == (1, 2) and band.cols == (1, 2)


def test_band_cut_into_cells_is_still_a_band_and_prose_is_not():
    band = row(cell(NUMERO, (100, "ENJEU")), cell(TITRE, (100, "3 : Renforcer le soutien")))
    fiche = row(cell(NUMERO, (200, "3.1")), cell(TITRE, (200, "Titre")))
    prose = row(cell(OBJECTIFS, (300, "Phase 2 : action de coordination territorialisée")))
    rows = [fiche, band, prose]
    classify(rows, COLS, n_pages=1)
    assert [r.kind for r in rows] == ["fiche", "band", "continuation"]


def test_running_title_run_into_a_cell_is_cut_from_it_as_furniture():
    # A borderless page left no gap under its running title: it joined the first row's pilot cell.
    title = "Contrat de ville – Programmation des fiches actions"
    rows = []
    for page in (1, 2):
        rows += [row(cell(TITRE, (38, title), page=page), page=page),
                 row(cell(NUMERO, (60, f"1.{page}"), page=page), cell(TITRE, (60, "Titre"), page=page), page=page)]
    glued = row(cell(TITRE, (38, title), (60, "la fin du titre"), page=3), cell(OBJECTIFS, (60, "suite"), page=3), page=3)
    alone = row(cell(OBJECTIFS, (38, title), page=3), cell(TITRE, (60, "la suite"), page=3), page=3)
    beside = row(cell(OBJECTIFS, (38, title), page=3), cell(TITRE, (38, "une ligne à sa hauteur"), page=3), page=3)
    rows += [glued]
    classify(rows, COLS, n_pages=3)
    assert [r.kind for r in rows] == ["furniture", "fiche", "furniture", "fiche", "continuation"]
    assert glued.text(TITRE) == "la fin du titre" and [ln.text for ln in glued.furniture] == [title]
    rows[-1] = alone  # the title is the whole cell, above the row's other text: cut too
    classify(rows, COLS, n_pages=3)
    assert alone.text(OBJECTIFS) == "" and alone.text(TITRE) == "la suite"
    rows[-1] = beside  # a line at the height of other text of its row does not stand apart: kept
    classify(rows, COLS, n_pages=3)
    assert beside.text(OBJECTIFS) == title and not beside.furniture


def test_a_page_number_is_furniture_on_its_own_row_or_run_into_a_cell():
    fiche = row(cell(NUMERO, (100, "1.1")), cell(TITRE, (100, "Titre"), (560, "Page 1 / 1")))
    footer = row(cell(OBJECTIFS, (560, "page 2 sur 3")))
    rows = [fiche, footer]
    classify(rows, COLS, n_pages=1)
    assert [r.kind for r in rows] == ["fiche", "furniture"]
    assert fiche.text(TITRE) == "Titre" and [ln.text for ln in fiche.furniture] == ["Page 1 / 1"]
    # "Page 10 / 18" over a column border, its "18" cut off into the numbers' column: still a page number.
    number = cell(NUMERO, (560, "18"))
    number.lines = [replace(number.lines[0], x0=300.0, x1=310.0)]  # the numbers' column right of the objectives'
    split = row(cell(OBJECTIFS, (560, "Page 10 /")), number, page=10)
    rows = [fiche, split]
    classify(rows, COLS, n_pages=10)
    assert [r.kind for r in rows] == ["fiche", "furniture"]


def test_a_line_overflowing_its_column_says_nothing_of_where_the_column_wraps():
    from pipeline.document import Page, wrap_limits

    inside = cell(0, (100, "une ligne pleine"), (111, "la suivante"))
    inside.lines = [replace(inside.lines[0], x1=312.0), replace(inside.lines[1], x1=250.0)]
    footer = cell(0, (560, "Page 1 /"))
    footer.lines = [replace(footer.lines[0], x0=286.0, x1=320.6, overflows=True)]  # its "/" past the border at 315
    assert wrap_limits([Page(1, [inside, footer], [])], [0.0, 400.0]) == {0: 312.0}


def test_lines_not_wrapped_at_their_column_border_say_nothing_of_where_it_wraps():
    from pipeline.document import Page, wrap_limits

    inside = cell(0, (100, "une ligne pleine"))
    inside.lines = [replace(inside.lines[0], x1=250.0)]
    band = cell(0, (80, "Orientation 5 : un intitulé court"))  # a band over the table, its text within column 0
    band.x1, band.lines = 390.0, [replace(band.lines[0], x1=262.0)]
    title = cell(0, (40, "Programme d'actions du"))  # a title over the table cut at a gutter
    title.lines = [replace(title.lines[0], x1=258.0)]
    rest = cell(1, (40, "contrat de ville"))
    rest.lines = [replace(rest.lines[0], x0=261.0, x1=320.0)]
    bounds = [0.0, 260.0, 400.0]
    assert wrap_limits([Page(1, [inside, band, title, rest], [])], bounds) == {0: 250.0, 1: 320.0}
    rest.lines = [replace(rest.lines[0], x0=270.0)]  # two cells' texts, a gutter apart
    assert wrap_limits([Page(1, [inside, band, title, rest], [])], bounds)[0] == 258.0
    # A band cut by the page's gutters: its label alone in its grid row, within column 0.
    label = replace(cell(0, (150, "Orientation 3.3 : un intitulé")), row0=5, row1=6)
    label.lines = [replace(label.lines[0], x1=255.0)]
    assert wrap_limits([Page(1, [inside, label], [])], bounds) == {0: 250.0}
    beside = replace(cell(1, (150, "Ville")), row0=5, row1=6)  # a theme cell beside a fiche's
    assert wrap_limits([Page(1, [inside, label, beside], [])], bounds)[0] == 250.0  # borderless: a label's line
    label.ruled = True  # a ruled theme cell beside a fiche's: the column's own
    assert wrap_limits([Page(1, [inside, label, beside], [])], bounds)[0] == 255.0


def test_a_band_read_into_a_borderless_columns_cell_says_nothing_of_where_it_wraps():
    from pipeline.document import Page, wrap_limits

    # Office seed 4119: a Writer table without rules, its page's first column one cell; the band's
    # short label in it ended 2.6 pt past the column's lines, and wrapped lines read as typed breaks.
    column = cell(0, (100, "une ligne pleine"), (111, "Orientation 5 . Portées actions"), (122, "la suite"))
    column.lines = [replace(column.lines[0], x1=250.0), replace(column.lines[1], x1=262.0), column.lines[2]]
    assert wrap_limits([Page(1, [column], [])], [0.0, 300.0]) == {0: 250.0}
    column.ruled = True  # a ruled cell holds one row: its lines are the column's own
    assert wrap_limits([Page(1, [column], [])], [0.0, 300.0]) == {0: 262.0}


def test_continuation_starting_like_a_label_is_not_a_band():
    # The rest of a title cut by a page break: "NPNRU 2 (…)" reads like "ENJEU 2 …".
    for ruled in (True, False):
        fiche = row(cell(NUMERO, (100, "9.2"), ruled=ruled), cell(TITRE, (100, "Développer en"), ruled=ruled))
        rest = row(cell(TITRE, (30, "NPNRU 2 (Mosson et Cévennes)"), ruled=ruled),
                   cell(OBJECTIFS, (30, "qualité équivalente"), ruled=ruled), page=2)
        rows = [fiche, rest]
        classify(rows, COLS, n_pages=2)
        assert [r.kind for r in rows] == ["fiche", "continuation"]


def test_part_between_centred_fiches_goes_to_the_nearer_number_but_never_across_a_band():
    first = row(cell(NUMERO, (100, "1.1")), cell(TITRE, (100, "Titre")))
    part = row(cell(OBJECTIFS, (200, "• objectif"), (211, "• suite")))
    second = row(cell(NUMERO, (240, "1.2")), cell(TITRE, (230, "Autre"), (250, "titre")))
    rows = [first, part, second]
    classify(rows, COLS, n_pages=1)
    assert nearer_next(part, first, next_fiches(rows)[rows.index(part)], NUMERO, carried_over=False)
    band = row(cell(NUMERO, (225, "ENJEU")), cell(TITRE, (225, "2 : Emploi")))
    rows = [first, part, band, second]
    classify(rows, COLS, n_pages=1)
    assert next_fiches(rows)[rows.index(part)] is None
    assert not nearer_next(part, first, None, NUMERO, carried_over=False)


def test_a_part_between_centred_fiches_is_placed_beside_a_number_printed_with_its_mark_or_in_a_variant_form():
    # The marks' column run into the numbers' ("4.4 X"), or a number in a variant form ("4 bis"):
    # fiche rows whose number the distances are measured from all the same.
    for number in ("4.4 X", "4 bis"):
        first = row(cell(NUMERO, (100, number)), cell(TITRE, (100, "Titre")))
        part = row(cell(OBJECTIFS, (200, "• objectif"), (211, "• suite")))
        second = row(cell(NUMERO, (240, "4.5")), cell(TITRE, (230, "Autre"), (250, "titre")))
        rows = [first, part, second]
        classify(rows, COLS, n_pages=1)
        assert rows[0].kind == "fiche"
        assert nearer_next(part, first, second, NUMERO, carried_over=False)
        near = row(cell(OBJECTIFS, (112, "• objectif"), (123, "• suite")))
        rows = [first, near, second]
        classify(rows, COLS, n_pages=1)
        assert not nearer_next(near, first, second, NUMERO, carried_over=False)


def test_above_a_page_first_centred_fiche_only_the_opening_part_continues_the_cut_fiche():
    cut = row(cell(NUMERO, (500, "5.4")), cell(TITRE, (500, "Titre")))
    rest = row(cell(OBJECTIFS, (40, "durables")), page=2)
    top = row(cell(TITRE, (60, "Poursuivre la")), cell(OBJECTIFS, (60, "• Proposer")), page=2)
    fiche = row(cell(NUMERO, (80, "5.5")), cell(TITRE, (80, "réhabilitation")), page=2)
    rows = [cut, rest, top, fiche]
    classify(rows, COLS, n_pages=2)
    after = next_fiches(rows)
    assert not nearer_next(rest, cut, after[rows.index(rest)], NUMERO, carried_over=False)
    assert nearer_next(top, cut, after[rows.index(top)], NUMERO, carried_over=True)


def test_band_that_fits_in_one_column_is_a_band_when_the_document_confirms_it():
    first = row(cell(NUMERO, (100, "2.16")), cell(TITRE, (100, "Titre")))
    band = row(cell(OBJECTIFS, (200, "AXE 3 . RENFORCER LE SOUTIEN")))
    second = row(cell(NUMERO, (220, "3.1")), cell(TITRE, (220, "Titre")))
    phase = row(cell(OBJECTIFS, (300, "Phase 1 : identification des partenaires")))
    third = row(cell(NUMERO, (320, "6.1")), cell(TITRE, (320, "Titre")))
    rows = [first, band, second, phase, third]
    classify(rows, COLS, n_pages=1)
    assert [r.kind for r in rows] == ["fiche", "band", "fiche", "continuation", "fiche"]


def test_a_band_touching_a_fiche_is_cut_off_when_it_is_the_next_band_of_the_series():
    # A borderless word-processor table: "AXE 2" is the last line of fiche 1's row (no gap),
    # standing apart from its other lines; "AXE 4 : …" after "AXE 2" is a fiche's own text.
    band = Row(1, 0, 1, top=20.0, bottom=30.0, spanning=[cell(NUMERO, (20, "AXE 1 – Emploi et insertion"))])
    first = row(cell(NUMERO, (40, "1")), cell(TITRE, (40, "Titre")),
                cell(OBJECTIFS, (40, "• Objectif"), (51, "• Autre"), (62, "AXE 2 – Habitat")))
    second = row(cell(NUMERO, (80, "2")), cell(TITRE, (80, "Titre")),
                 cell(OBJECTIFS, (80, "• Objectif"), (91, "AXE 4 : une phrase")))
    rows = [band, first, second]
    classify(rows, COLS, n_pages=1)
    assert [r.kind for r in rows] == ["band", "fiche", "fiche"]
    cut = split_off_bands(rows)
    assert [(r.kind, r.text(OBJECTIFS)) for r in cut] == [
        ("band", ""), ("fiche", "• Objectif • Autre"), ("band", "AXE 2 – Habitat"),
        ("fiche", "• Objectif AXE 4 : une phrase")]
    assert cut[1].text(NUMERO) == "1" and cut[1].text(TITRE) == "Titre"


def test_bands_of_one_column_s_width_touching_the_fiches_are_cut_off_when_they_number_a_run():
    # Borderless, no grid, no band over the columns: "AXE 1" alone in the first cell under the
    # header, then "AXE 2" and "AXE 3" the last lines of fiches' rows, standing apart. The run
    # 1, 2, 3 of one theme word makes them bands; two such lines alone would stay text.
    def fiche(top: float, number: str, *last: str) -> Row:
        lines = [(top, "• Objectif"), (top + 11, "• Autre")] + [(top + 22, text) for text in last]
        return row(cell(NUMERO, (top, number)), cell(TITRE, (top, "Titre")), cell(OBJECTIFS, *lines))

    def rows(themes: int) -> list[Row]:
        opening = row(cell(OBJECTIFS, (20, "AXE 1 - Emploi et insertion")))
        made = [opening, fiche(40, "1"), fiche(80, "2", "AXE 2 - Habitat"), fiche(120, "3")]
        return made + ([fiche(160, "4", "AXE 3 - Santé"), fiche(200, "5")] if themes == 3 else [])

    three = rows(3)
    classify(three, COLS, n_pages=1)
    assert [r.kind for r in three] == ["stray", "fiche", "fiche", "fiche", "fiche", "fiche"]
    cut = split_off_bands(three)
    assert [r.kind for r in cut] == ["band", "fiche", "fiche", "band", "fiche", "fiche", "band", "fiche"]
    assert [r.text(OBJECTIFS) for r in cut if r.kind == "band"] == [
        "AXE 1 - Emploi et insertion", "AXE 2 - Habitat", "AXE 3 - Santé"]
    two = rows(2)
    classify(two, COLS, n_pages=1)
    assert [r.kind for r in split_off_bands(two)] == ["stray", "fiche", "fiche", "fiche"]


def test_a_title_overflowing_up_into_a_band_s_row_goes_back_to_its_fiche():
    # A spreadsheet band shaded across the table, its label in the first columns; the title of
    # the fiche below, too tall for its row, prints its first line inside the band's shade, in
    # the titles' column, an empty column away from the label, a line's pitch above the rest.
    from pipeline.row_kinds import give_back_strays

    band = Row(1, 0, 1, top=545.0, bottom=556.0, kind="band",
               spanning=[replace(cell(NUMERO, (545.9, "Axe 3 - Assurer l’observatoire")), cols=(0, 1))])
    band.cells[3] = [cell(3, (549.2, "Temporairement"))]
    gap = Row(1, 1, 2, top=556.0, bottom=559.0, kind="empty")
    fiche = row(cell(2, (581.8, "C1")), cell(3, (560.1, "préparant l’attractivité"), (570.9, "des quartiers")))
    fiche.kind = "fiche"
    give_back_strays([band, gap, fiche])
    assert fiche.text(3) == "Temporairement préparant l’attractivité des quartiers" and band.reading_text() == "Axe 3 - Assurer l’observatoire"
    # A piece of the label the gutters cut, in the column next to it, stays the band's, however
    # near the text below it.
    band.cells[2] = [cell(2, (549.2, "fonctionnelle"))]
    fiche.cells[2] = [cell(2, (560.1, "Titre"))]
    give_back_strays([band, gap, fiche])
    assert band.text(2) == "fonctionnelle" and fiche.text(2) == "Titre"
    # So does a label's last words beside its cell over the first two columns (no spanning cell
    # over the numbers' column), on the label's line (office seed 1235).
    narrow = Row(1, 0, 1, top=61.0, bottom=73.0, kind="band")
    narrow.cells = {0: [replace(cell(0, (62.6, "Orientation 1 . Tant entreprises")), cols=(0, 1))],
                    2: [cell(2, (62.6, "d’insécurité loisirs"))]}
    below = row(cell(3, (78.4, "1.1")), cell(2, (73.8, "• L’employabilité"), (83.0, "des jeunes")))
    below.kind = "fiche"
    give_back_strays([narrow, below])
    assert narrow.text(2) == "d’insécurité loisirs" and below.text(2) == "• L’employabilité des jeunes"


def test_a_title_printed_right_above_the_first_band_is_cut_off_it():
    # A document title with no gap above a borderless table's first band: one spanning cell
    # "Programmation des fiches actions" / "AXE 1 - Emploi"; "AXE 2" further down names the word.
    from pipeline.account import _above_header

    top = Row(1, 0, 1, top=40.0, bottom=64.0, kind="band",
              spanning=[cell(NUMERO, (41.9, "Programmation des fiches actions"), (53.8, "AXE 1 - Emploi"))])
    fiche = row(cell(NUMERO, (66, "1.1")), cell(TITRE, (66, "Titre")))
    fiche.kind = "fiche"
    later = Row(1, 0, 1, top=120.0, bottom=130.0, kind="band", spanning=[cell(NUMERO, (120, "AXE 2 - Habitat"))])
    cut = split_off_bands([top, fiche, later])
    assert [(r.kind, r.reading_text()) for r in cut[:2]] == [
        ("band", "Programmation des fiches actions"), ("band", "AXE 1 - Emploi")]
    assert _above_header(cut) == {0}  # the title lies outside the table
    cut[0].kind = "stray"  # a title on a row of its own, naming no theme
    assert _above_header(cut) == {0}
    unnumbered = Row(1, 0, 1, top=40.0, bottom=64.0, kind="band",
                     spanning=[cell(NUMERO, (41.9, "Programmation des fiches actions"), (53.8, "AXE 3 - Emploi"))])
    assert len(split_off_bands([unnumbered, fiche, later])) == 3  # not the next of the series: left whole


def test_a_narrow_band_is_confirmed_by_the_sub_theme_band_it_opens():
    # "AXE 2 : …" fits in the first column, in its own row; the band after it, "Orientation
    # 2.1", numbers the first sub-theme of theme 2.
    from pipeline.row_kinds import confirm_narrow_bands

    lone = row(cell(OBJECTIFS, (300, "AXE 2 : Est non l’urgence")))
    lone.kind = "continuation"
    sub = Row(1, 0, 1, top=320.0, bottom=332.0, kind="band", spanning=[cell(NUMERO, (320, "Orientation 2.1 : Disponibles"))])
    fiche = row(cell(NUMERO, (340, "2.1.1")), cell(TITRE, (340, "Titre")))
    fiche.kind = "fiche"
    confirm_narrow_bands([lone, sub, fiche], NUMERO)
    assert lone.kind == "band"
    other = row(cell(OBJECTIFS, (300, "AXE 3 : Autre")))
    other.kind = "continuation"
    confirm_narrow_bands([other, sub, fiche], NUMERO)
    assert other.kind == "continuation"  # 2.1 is no sub-theme of theme 3


def test_a_narrow_band_above_a_narrow_sub_theme_band_is_confirmed_through_it():
    # "Orientation 3 : …" and "Orientation 3.1 : …" each fit in the first column, one above the
    # other: the sub-theme band is confirmed by the fiche after it, then the band by it.
    from pipeline.row_kinds import confirm_narrow_bands

    band = Row(1, 0, 1, top=200.0, bottom=212.0, kind="band", spanning=[cell(NUMERO, (200, "Orientation 2 : Avant"))])
    top = row(cell(OBJECTIFS, (300, "Orientation 3 : Territoire")))
    sub = row(cell(OBJECTIFS, (315, "Orientation 3.1 : Écoliers")))
    fiche = row(cell(NUMERO, (340, "3.1.1")), cell(TITRE, (340, "Titre")))
    top.kind, sub.kind, fiche.kind = "continuation", "continuation", "fiche"
    confirm_narrow_bands([band, top, sub, fiche], NUMERO)
    assert (top.kind, sub.kind) == ("band", "band")


def test_narrow_bands_confirm_each_other_when_they_number_several_themes():
    # Plain fiche numbers say nothing of the themes: three lone "AXE n" rows, each before a
    # fiche, are bands; two lone "Phase n" rows are not enough.
    def lone(top: float, text: str) -> Row:
        return row(cell(OBJECTIFS, (top, text)))

    def fiche(top: float, numero: str) -> Row:
        return row(cell(NUMERO, (top, numero)), cell(TITRE, (top, "Titre")))

    axes = [lone(40, "AXE 1 – Emploi"), fiche(60, "1"), lone(140, "AXE 2 – Habitat"), fiche(160, "2"),
            lone(240, "AXE 3 – Santé"), fiche(260, "3")]
    classify(axes, COLS, n_pages=1)
    assert [r.kind for r in axes] == ["band", "fiche"] * 3
    phases = [fiche(60, "1"), lone(140, "Phase 1 : diagnostic"), fiche(160, "2"), lone(240, "Phase 2 : actions"),
              fiche(260, "3")]
    classify(phases, COLS, n_pages=1)
    assert [r.kind for r in phases] == ["fiche", "continuation", "fiche", "continuation", "fiche"]


@pytest.mark.parametrize("header, role", [
    ("N°", "numero"), ("Numéro de la fiche", "numero"), ("Fiche action", "intitule"), ("Intitulé de l’action", "intitule"),
    ("Objectifs opérationnels", "objectifs"), ("Description / objectifs", "objectifs"),
    ("AA\nP", "appel_a_projets"), ("Ouvert à l’appel à projets", "appel_a_projets"),
    ("Pilote(s)", "pilote"), ("Porteur", "pilote"), ("Référent", "pilote"), ("Maître d’ouvrage", "pilote"),
    ("Pilier", "theme"), ("Thématique", "theme"), ("ENJEU", "theme"), ("Partenaires", None), ("Budget", None),
])
def test_header_words_name_their_roles(header, role):
    assert role_of_header(header) == role


def test_numbers_on_one_line_never_break_the_centred_cut():
    merged = row(cell(NUMERO, (100, "1.1"), (100, "1.2"), (100, "1.3")), cell(TITRE, (100, "Titre"), (111, "suite")))
    parts = split_at_numbers(merged, NUMERO, top_aligned=False)
    assert len(parts) == 3


def test_pilots_and_partners_are_told_apart_by_cells_where_rows_ran_together():
    # No header, rows touching: two fiches share one cell in every column ("1.2 1.3"). The pilots
    # fill every number cell, the partners are left blank beside a third of them.
    from pipeline.columns import assign_roles
    from pipeline.document import Document, Page

    def at(col: int, row0: int, text: str) -> Cell:
        top = 40.0 + 30 * row0
        lines = [(top + 11 * k, part) for k, part in enumerate(text.split(" | "))]
        return replace(cell(col, *lines), row0=row0, row1=row0 + 1, top=top, bottom=top + 30)

    pilots = ["Ville, CAF", "Etat et Région", "Métropole", "Bailleurs sociaux", "CAF / Ville", "Département"]
    partners = ["Région", "", "CCAS, Ville", "", "Mission locale", "Etat"]
    cells = []
    for k, numero in enumerate(["1.1", "1.2 | 1.3", "1.4", "2.1 | 2.2", "2.3", "2.4 | 2.5"]):
        cells += [at(0, k, numero), at(1, k, f"Accueillir les familles du quartier {k}"),
                  at(2, k, "• Ouvrir les écoles le soir aux parents et aux associations du quartier prioritaire"),
                  at(3, k, pilots[k])] + ([at(4, k, partners[k])] if partners[k] else [])
    cols = assign_roles(Document([Page(1, cells, [])], [0.0, 100.0, 200.0, 300.0, 400.0, 500.0]))
    assert cols.roles["pilote"] == 3 and cols.extra == [4] and cols.tied == ()


def test_pilots_told_from_partners_by_content_alone_is_a_tie():
    from pipeline.columns import _content_roles

    texts = {1: ["Accueil des jeunes", "Soutien aux familles", "Emploi des femmes"],
             2: ["Développer l'accès aux droits des habitants des quartiers prioritaires de la ville, avec les acteurs"] * 3,
             3: ["Métropole", "Ville, CAF", "Etat"],
             4: ["Bailleurs sociaux", "Mission locale, Région", "Département"]}
    roles = {"numero": 0}
    assert _content_roles(roles, [1, 2, 3, 4], texts, 3) == ("pilote",)
    assert roles["pilote"] in (3, 4)
    # amounts beside the pilots are no rival, however capitalised their few words
    texts[4] = ["Budget 2021 : 25 000 €", "Budget 2022 : 10 000 €", "Budget : 4 500 €"]
    roles = {"numero": 0}
    assert _content_roles(roles, [1, 2, 3, 4], texts, 3) == () and roles["pilote"] == 3


def test_of_two_columns_as_distinct_cell_by_cell_the_titles_are_the_one_less_written_in_names():
    # No header: every title and every pilots cell differs from the others, the pilots' cells
    # even a little longer (office seed 2378: titles and pilots swapped, 4 fiches silent).
    from pipeline.columns import _content_roles

    titles = ["Avec Attirer compte l’utilisation", "Mobilités perspective celle substituer",
              "NPNRU maitrise passerelles universités", "Favorisant commerce face aux quartiers"]
    pilots = ["Bailleurs sociaux, Education nationale, Département", "France Travail, Bailleurs sociaux, Ville",
              "Mission locale et Département et Etat", "Bailleurs sociaux, CAF, Département"]
    for title_col, pilot_col in ((1, 3), (3, 1)):
        texts = {2: ["Développer l'accès aux droits des habitants des quartiers prioritaires, avec les acteurs"] * 4,
                 title_col: titles, pilot_col: pilots}
        roles = {"numero": 0}
        _content_roles(roles, [1, 2, 3], texts, 4)
        assert (roles["intitule"], roles["pilote"]) == (title_col, pilot_col)


def test_the_names_column_written_beside_every_fiche_is_the_pilots_where_the_other_leaves_blanks():
    from pipeline.columns import _content_roles

    titles = ["Accueil des jeunes", "Soutien aux familles", "Emploi des femmes", "Santé", "Sport"]
    for full, sparse in ((3, 4), (4, 3)):
        texts = {1: titles, 2: ["Développer l'accès aux droits des habitants des quartiers, avec les acteurs"] * 5,
                 full: ["Bailleurs sociaux", "Mission locale, Région", "Département", "Ville", "Etat, Ville"],
                 sparse: ["Métropole", "CAF", "Etat"]}
        roles = {"numero": 0}
        assert _content_roles(roles, [1, 2, 3, 4], texts, 5) == () and roles["pilote"] == full
    # both written beside every fiche: the cells do not tell them apart, a tie
    texts[4] = texts[3][:4] + ["CAF"]
    assert _content_roles({"numero": 0}, [1, 2, 3, 4], texts, 5) == ("pilote",)


def test_a_part_goes_to_the_next_centred_fiche_that_lacks_its_column_whatever_the_distances():
    from pipeline.rows import following_columns

    # Objectives top-aligned beside centred cells: fiche 5.1's objectives start right under 4.4's
    # row, far above 5.1's number; 4.4 has its own, 5.1 none but these.
    first = row(cell(NUMERO, (347, "4.4")), cell(TITRE, (343, "Titre")), cell(OBJECTIFS, (343, "• Objectif")))
    part = row(cell(OBJECTIFS, (361, "• Autre objectif"), (369, "suite"), (377, "fin")))
    second = row(cell(NUMERO, (432, "5.1")), cell(TITRE, (428, "Autre titre")))
    rows = [first, part, second]
    classify(rows, COLS, n_pages=1)
    below = following_columns(rows)
    assert OBJECTIFS not in below[id(second)]
    assert not nearer_next(part, first, second, NUMERO, carried_over=False)  # by the distances alone
    assert nearer_next(part, first, second, NUMERO, carried_over=False, below_cols=below[id(second)])
    # Where the next fiche fills the column in a part of its own, the distances decide.
    after = row(cell(OBJECTIFS, (440, "• Objectif de 5.1")))
    third = row(cell(NUMERO, (480, "5.2")), cell(TITRE, (480, "Troisième")), cell(OBJECTIFS, (480, "• Un autre")))
    rows = [first, part, second, after, third]
    for r in rows:
        r.kind = ""
    classify(rows, COLS, n_pages=1)
    assert [r.kind for r in rows] == ["fiche", "continuation", "fiche", "continuation", "fiche"]
    assert OBJECTIFS in following_columns(rows)[id(second)]


def test_a_header_run_into_the_title_above_and_the_rows_below_is_a_row_of_its_own():
    merged = row(cell(NUMERO, (40, "Programmation des fiches"), (51, "N°")), cell(TITRE, (51, "Intitulé")),
                 cell(OBJECTIFS, (51, "Objectifs"), (70, "fin de la fiche d'avant")))
    parts = split_off_header(merged, {NUMERO: "N°", TITRE: "Intitulé", OBJECTIFS: "Objectifs"})
    assert [p.reading_text() for p in parts] == ["Programmation des fiches", "N° Intitulé Objectifs",
                                                 "fin de la fiche d'avant"]
    prose = row(cell(NUMERO, (40, "N°")), cell(TITRE, (40, "Intitulé")), cell(OBJECTIFS, (44, "une ligne")))
    assert split_off_header(prose, {NUMERO: "N°", TITRE: "Intitulé"}) == [prose]  # a line beside the header


def test_a_page_opening_part_is_doubtful_when_the_next_fiche_lacks_its_usual_column():
    from pipeline.fiches import mark_doubtful_carry

    # Objectives at the top of a page, then a fiche without objectives: the rest of the fiche
    # the break cut, or this fiche's objectives aligned to the top of its cell?
    part = row(cell(OBJECTIFS, (60, "• la suite")), page=2)
    bare = row(cell(NUMERO, (150, "7")), cell(TITRE, (150, "Titre")), page=2)
    mark_doubtful_carry(part, None, bare, usual={NUMERO, TITRE, OBJECTIFS})
    assert part.estimated and bare.estimated
    full = row(cell(NUMERO, (150, "7")), cell(TITRE, (150, "Titre")), cell(OBJECTIFS, (150, "• les siens")), page=2)
    other = row(cell(OBJECTIFS, (60, "• la suite")), page=2)
    mark_doubtful_carry(other, None, full, usual={NUMERO, TITRE, OBJECTIFS})
    assert not other.estimated and not full.estimated


def test_a_page_opening_part_is_the_next_fiche_s_when_the_fiche_before_ended_above_its_number():
    from pipeline.fiches import Draft, ended_above_number

    # The last fiche of page 1: its top-aligned objectives' one line above its number's line,
    # its title centred on the number: the row ended on page 1 (a spreadsheet moved the next
    # row whole to page 2), and the objectives opening page 2 are the next fiche's.
    part = row(cell(OBJECTIFS, (60, "• les objectifs de la fiche suivante"), page=2), page=2)
    ended = row(cell(NUMERO, (506, "6.1")), cell(TITRE, (502, "Un titre"), (510, "sur deux lignes")),
                cell(OBJECTIFS, (500, "• un seul objectif")))
    assert ended_above_number(part, Draft([ended]), NUMERO)
    # A cell the break cut runs down to the break, below the number centred in the row's part.
    cut = row(cell(NUMERO, (515, "6.1")), cell(TITRE, (515, "Un titre")),
              cell(OBJECTIFS, (500, "• un"), (510, "• deux"), (520, "• trois"), (530, "• quatre")))
    assert not ended_above_number(part, Draft([cut]), NUMERO)
    # The fiche before on the part's own page, or without the part's column: nothing said.
    assert not ended_above_number(row(cell(OBJECTIFS, (600, "• suite"))), Draft([ended]), NUMERO)
    bare = row(cell(NUMERO, (506, "6.1")), cell(TITRE, (502, "Un titre"), (510, "sur deux lignes")))
    assert not ended_above_number(part, Draft([bare]), NUMERO)


def test_a_part_between_two_fiches_of_a_page_is_doubtful_when_both_leave_its_column_empty():
    from pipeline.fiches import mark_doubtful_carry

    # Objectives between two fiche rows set apart by gaps, neither printing objectives in its own
    # row: the rest of the one above, or the next one's aligned to the top of its cell? Even where
    # few fiches print objectives (no column is usual).
    part = row(cell(OBJECTIFS, (160, "• des objectifs")))
    bare = row(cell(NUMERO, (250, "B1")), cell(TITRE, (250, "Titre")))
    mark_doubtful_carry(part, {NUMERO, TITRE}, bare, usual=set())
    assert part.estimated and bare.estimated
    # A gap in the objectives of the fiche above: its second paragraph.
    part, bare = row(cell(OBJECTIFS, (160, "• la suite"))), row(cell(NUMERO, (250, "B1")), cell(TITRE, (250, "Titre")))
    mark_doubtful_carry(part, {NUMERO, TITRE, OBJECTIFS}, bare, usual=set())
    assert not part.estimated and not bare.estimated


def test_where_the_alignment_is_unknown_a_part_the_next_fiche_lacks_is_doubtful_even_beside_the_fiche_above_s_own():
    from pipeline.fiches import fiche_groups

    # Objectives between two fiches of a page, far below those of the fiche above and just above
    # the next one, which prints none: a second paragraph of the one above, or the next one's set
    # to the top of its row (its number centred lower)? Where the rows tell that their cells start
    # at their numbers, the first; where nothing tells, doubtful.
    def rows_of() -> list[Row]:
        return [replace(row(cell(NUMERO, (100, "1")), cell(TITRE, (100, "Titre")), cell(OBJECTIFS, (60, "• Les siens"))),
                        kind="fiche"),
                replace(row(cell(OBJECTIFS, (180, "• Un objectif"), (190, "• Un autre"))), kind="continuation"),
                replace(row(cell(NUMERO, (205, "2")), cell(TITRE, (205, "Titre"))), kind="fiche")]

    for aligned, doubtful in (("", True), ("top", False)):
        rows = rows_of()
        drafts = fiche_groups(rows, COLS, aligned=aligned)
        assert rows[1] in drafts[0].rows
        assert (rows[1].estimated, rows[2].estimated) == (doubtful, doubtful)


def test_a_header_is_read_above_a_fiche_s_top_aligned_text_that_starts_higher_than_its_number():
    from pipeline.document import Document, Page
    from pipeline.headers import table_header

    def at(col: int, row0: int, text: str) -> Cell:
        top = 40.0 + 20 * row0
        return replace(cell(col, (top, text)), row0=row0, row1=row0 + 1, top=top, bottom=top + 20)

    objective = "• le début des objectifs de la fiche, alignés en haut de sa cellule"
    page = Page(1, [at(0, 0, "N°"), at(1, 0, "Titre"), at(2, 0, "Objectifs"), at(3, 0, "Pilote"), at(2, 1, objective),
                    at(0, 2, "1.1"), at(1, 2, "Le titre"), at(3, 2, "Ville")], [])
    doc = Document([page], [0.0, 100.0, 200.0, 300.0, 400.0])
    assert table_header(doc, 0).texts == {0: "N°", 1: "Titre", 2: "Objectifs", 3: "Pilote"}
    # A short objective is no header either when a list marker opens it.
    page.cells[4] = at(2, 1, "• Poursuivre captifs devoirs ceux ;")
    assert table_header(doc, 0).texts == {0: "N°", 1: "Titre", 2: "Objectifs", 3: "Pilote"}


def test_a_header_is_read_above_a_band_printed_in_its_cell():
    # A borderless word-processor table: the first band touches the header row, its label
    # printed in the header's first cell under "Objectifs" (no gap, no rule between them).
    from pipeline.document import Document, Page
    from pipeline.headers import table_header

    def at(col: int, row0: int, *lines: str) -> Cell:
        top = 40.0 + 40 * row0
        made = cell(col, *[(top + 11 * k, text) for k, text in enumerate(lines)])
        return replace(made, row0=row0, row1=row0 + 1, top=top, bottom=top + 40)

    page = Page(1, [at(0, 0, "Objectifs", "Axe 3 – Consolidation des risques et fragilité requise du territoire"),
                    at(1, 0, "Intitulé"), at(2, 0, "Réf."), at(3, 0, "Appel à", "projet", "s"),
                    at(0, 1, "• Un objectif"), at(1, 1, "Le titre"), at(2, 1, "3.1"), at(3, 1, "x")], [])
    doc = Document([page], [0.0, 100.0, 200.0, 300.0, 400.0])
    assert table_header(doc, 2).texts == {0: "Objectifs", 1: "Intitulé", 2: "Réf.", 3: "Appel à projet s"}


def test_a_header_is_read_below_the_document_title_printed_in_its_cell():
    # A borderless word-processor table: the document's title touches the header row, printed
    # in its first cell above "Description" (office seed 2662: no header read, the header row
    # repeated on page 2 then read into the fiche above). A wrapped header stays whole.
    from pipeline.document import Document, Page
    from pipeline.headers import table_header

    def at(col: int, row0: int, *lines: tuple[float, str]) -> Cell:
        made = cell(col, *lines)
        return replace(made, row0=row0, row1=row0 + 1, top=lines[0][0] - 1, bottom=lines[-1][0] + 12)

    title = "Contrat de ville – Programmation des fiches actions"
    cells = [at(0, 0, (41.0, title), (51.0, "Description")), at(1, 0, (51.0, "Action")), at(2, 0, (51.0, "Réf.")),
             at(3, 0, (51.0, "Appel à"), (61.0, "projets")),
             at(0, 1, (70.0, "• Un objectif")), at(1, 1, (70.0, "Le titre")), at(2, 1, (70.0, "1.1")), at(3, 1, (70.0, "Oui"))]
    doc = Document([Page(1, cells, [])], [0.0, 100.0, 200.0, 300.0, 400.0])
    assert table_header(doc, 2).texts == {0: "Description", 1: "Action", 2: "Réf.", 3: "Appel à projets"}


def test_headers_run_into_one_cell_on_the_first_page_are_read_from_a_later_one():
    # Page 1 prints "Enjeu Partenaires" in one cell over two columns; page 2 repeats the header
    # row with the two apart. A page whose header disagrees names nothing.
    from pipeline.document import Document, Page
    from pipeline.headers import table_header

    def at(cols: tuple[int, ...], row0: int, text: str, page: int) -> Cell:
        top = 40.0 + 20 * row0
        return replace(cell(cols[0], (top, text), page=page), cols=cols, row0=row0, row1=row0 + 1, top=top, bottom=top + 20)

    def page(number: int, *head: tuple[tuple[int, ...], str]) -> Page:
        return Page(number, [at(cols, 0, text, number) for cols, text in head]
                    + [at((2,), 1, f"{number}.1", number), at((3,), 1, "Le titre", number)], [])

    first = page(1, ((0, 1), "Enjeu Partenaires"), ((2,), "N°"), ((3,), "Intitulé"))
    other = page(2, ((0,), "Thème"), ((1,), "Budget"), ((2,), "N°"), ((3,), "Action"))
    repeated = page(3, ((0,), "Enjeu"), ((1,), "Partenaires"), ((2,), "N°"), ((3,), "Intitulé"), ((4,), "l’activité"))
    doc = Document([first, other, repeated], [0.0, 100.0, 200.0, 300.0, 400.0, 500.0])
    # Column 4 has no header: the rest of a theme label a page break cut, printed in the header
    # row of page 3, names nothing.
    assert table_header(doc, 2).texts == {0: "Enjeu", 1: "Partenaires", 2: "N°", 3: "Intitulé"}


def test_a_column_of_names_joined_by_et_is_written_in_names():
    # "Région et Préfecture et Ville" names three bodies: the "et" between them is no prose,
    # and a pilots column so joined ties with a partners column of bare names.
    from pipeline.columns import _capitalised_share

    assert _capitalised_share(["Région et Préfecture et Ville", "CAF / ARS"]) == 1.0
    assert _capitalised_share(["Accompagner les familles et les jeunes"]) == 0.2


def test_an_extra_column_holding_theme_labels_is_named_for_the_flags():
    from pipeline.columns import assign_roles
    from pipeline.document import Document, Page

    def at(col: int, row0: int, text: str) -> Cell:
        top = 40.0 + 20 * row0
        return replace(cell(col, (top, text)), row0=row0, row1=row0 + 1, top=top, bottom=top + 20)

    objectives = ["• Accueillir les familles dans les quartiers prioritaires de la ville",
                  "• Ouvrir les écoles le soir aux parents et aux associations du quartier",
                  "• Former les bénévoles des associations de quartier à l'accompagnement"]
    # The header names every column but the first, whose merged cells the rows cut ("des familles").
    cells = [at(1, 0, "N°"), at(2, 0, "Intitulé"), at(3, 0, "Objectifs"), at(4, 0, "Pilote"),
             at(0, 1, "Orientation 1.1 : Accueil"), at(0, 2, "des familles"), at(0, 3, "Orientation 1.2 : École")]
    for k, (numero, title, pilot) in enumerate([("1.1.1", "Accueillir", "Ville"), ("1.1.2", "Former des bénévoles", "CAF"),
                                                ("1.2.1", "Ouvrir les écoles", "Ville et Région")], 1):
        cells += [at(1, k, numero), at(2, k, title), at(3, k, objectives[k - 1]), at(4, k, pilot)]
    cols = assign_roles(Document([Page(1, cells, [])], [0.0, 100.0, 200.0, 300.0, 400.0, 500.0]))
    assert cols.extra == [0] and cols.labelled == (0,)
    assert cols.roles["pilote"] == 4
    cells[4:7] = [at(0, 1, "Page 1 / 2"), at(0, 2, "Budget : 25 000 €"), at(0, 3, "Indicateur : 12 familles")]
    assert assign_roles(Document([Page(1, cells, [])], [0.0, 100.0, 200.0, 300.0, 400.0, 500.0])).labelled == ()


def test_a_band_whose_lines_crowd_each_other_gives_a_doubtful_theme():
    # A title overflowing its row upwards runs under the band: "Faire Visibiliser" 3.8 pt below
    # the label's line, read into it. A label wrapped at its line pitch is sure.
    from pipeline.fiches import band_theme

    crowded = Row(1, 0, 1, top=200.0, bottom=216.0, kind="band",
                  spanning=[cell(NUMERO, (202.3, "Axe 2 - Populations communs"), (206.1, "Faire Visibiliser"))])
    wrapped = Row(1, 0, 1, top=200.0, bottom=226.0, kind="band",
                  spanning=[cell(NUMERO, (202.3, "Axe 2 - Populations communs"), (213.1, "du quartier"))])
    assert band_theme(crowded).estimated and not band_theme(wrapped).estimated


def test_a_repeated_header_cut_short_by_the_next_row_is_a_header():
    # Word repeats the header row on a new page; the next row hides its wrapped last line.
    from pipeline.row_kinds import prints_header
    from pipeline.text import compact

    header = {compact(h) for h in ("Référent", "Appel à projets", "Objectifs", "Réf.")}
    cut = row(cell(NUMERO, (42, "Réf.")), cell(TITRE, (42, "Référent")), cell(OBJECTIFS, (42, "App"), (52.6, "el à proj")))
    assert prints_header(cut, header)
    alone = row(cell(NUMERO, (42, "Réf.")), cell(OBJECTIFS, (42, "App"), (52.6, "el à proj")))
    assert not prints_header(alone, header)  # one whole header is not enough
    short = row(cell(NUMERO, (42, "Réf.")), cell(TITRE, (42, "Référent")), cell(OBJECTIFS, (42, "Ap")))
    assert not prints_header(short, header)
    # Two headers run together in one cell (monospaced, narrow padding): "Enjeu Partenaires".
    header |= {compact("Enjeu"), compact("Partenaires")}
    assert prints_header(row(cell(NUMERO, (42, "Réf.")), cell(TITRE, (42, "Enjeu Partenaires"))), header)


def test_text_hanging_below_its_number_in_a_table_of_centred_rows_is_flagged():
    from pipeline.centring import overhanging
    from pipeline.fiches import Draft

    # Four fiches whose text reaches as far above as below their number (centred, or a top-aligned
    # cell starting higher); the third also holds two lines hanging far below (the next fiche's).
    def fiche(top: float, number: str, *objectives: tuple[float, str]) -> Draft:
        return Draft([row(cell(NUMERO, (top, number)), cell(TITRE, (top - 9, "Titre"), (top + 9, "centré")),
                          cell(OBJECTIFS, *objectives))])

    drafts = [fiche(100, "1.1", (91, "a"), (109, "b")), fiche(200, "1.2", (160, "a"), (170, "b")),
              fiche(300, "1.3", (291, "a"), (309, "b"), (330, "c"), (340, "d")), fiche(400, "1.4", (400, "a"))]
    assert overhanging(drafts, NUMERO, [TITRE, OBJECTIFS]) == {2}
    # Numbers atop their rows: every fiche hangs below its number, which tells nothing.
    tops = [fiche(top, n, (top, "a"), (top + 30, "b"), (top + 60, "c")) for top, n in ((100, "1"), (200, "2"), (300, "3"))]
    assert overhanging(tops, NUMERO, [TITRE, OBJECTIFS]) == set()


def test_a_page_opening_with_text_above_its_number_is_doubtful_where_no_alignment_is_known():
    from pipeline.fiches import mark_undecided_openings

    # Too few rows to tell top-aligned from centred cells: the text above 3.2's number, atop page
    # 2, is the rest of 3.1 (a page break cut it) or 3.2's own, centred.
    cut = row(cell(NUMERO, (549, "3.1")), cell(TITRE, (549, "Titre")))
    opening = row(cell(NUMERO, (149, "3.2"), page=2), cell(TITRE, (95, "suite ?"), (149, "Titre"), page=2), page=2)
    level = row(cell(NUMERO, (300, "3.3"), page=2), cell(TITRE, (300, "Titre"), page=2), page=2)
    for r in (cut, opening, level):
        r.kind = "fiche"
    mark_undecided_openings([cut, opening, level], NUMERO)
    assert [r.estimated for r in (cut, opening, level)] == [True, True, False]
    flush = row(cell(NUMERO, (95, "3.2"), page=2), cell(TITRE, (95, "Titre"), (109, "suite"), page=2), page=2)
    flush.kind, cut.estimated = "fiche", False
    mark_undecided_openings([cut, flush], NUMERO)
    assert not cut.estimated and not flush.estimated


def test_a_column_the_first_header_leaves_out_takes_a_later_page_s_header_printed_in_pieces_there():
    # Page 1 prints "Numér" and "o" on grid rows of their own around its header row, beside a
    # header over two columns (headers wider than their columns); page 2 repeats the header whole.
    from pipeline.document import Document, Page
    from pipeline.headers import table_header

    def at(cols: tuple[int, ...], row0: int, text: str, page: int) -> Cell:
        top = 40.0 + 20 * row0
        return replace(cell(cols[0], (top, text), page=page), cols=cols, row0=row0, row1=row0 + 1, top=top, bottom=top + 20)

    first = Page(1, [at((1,), 0, "Numér", 1), at((2,), 1, "Intitulé", 1), at((3,), 1, "Pilote", 1),
                     at((1,), 2, "o", 1), at((2, 3), 2, "(s)", 1),
                     at((1,), 3, "1.1", 1), at((2,), 3, "Le titre", 1), at((3,), 3, "Ville", 1)], [])
    second = Page(2, [at((0,), 0, "Budget", 2), at((1,), 0, "Numéro", 2), at((2,), 0, "Intitulé", 2),
                      at((3,), 0, "Pilote", 2), at((1,), 1, "1.2", 2), at((2,), 1, "Un titre", 2), at((3,), 1, "CAF", 2)], [])
    doc = Document([first, second], [0.0, 100.0, 200.0, 300.0, 400.0])
    # "Budget": a column page 1 prints nothing of above its numbers.
    assert table_header(doc, 1).texts == {1: "Numéro", 2: "Intitulé", 3: "Pilote"}
    second.cells[3] = at((3,), 0, "Porteur", 2)  # a page whose header disagrees names nothing
    assert table_header(doc, 1).texts == {2: "Intitulé", 3: "Pilote"}


def test_lines_of_a_header_cut_into_rows_of_their_own_are_the_header():
    from pipeline.row_kinds import mark_header_pieces

    header = row(cell(NUMERO, (40, "Numér")), cell(TITRE, (40, "Intitulé")))
    header.kind = "header"
    rest = row(cell(NUMERO, (50, "o")), replace(cell(TITRE, (50, "projets")), cols=(TITRE, OBJECTIFS)))
    rest.kind = "stray"
    fiche_text = row(cell(TITRE, (60, "Ville")))
    fiche_text.kind = "stray"
    headers = {NUMERO: "Numéro", TITRE: "Intitulé", OBJECTIFS: "Appel à projets"}
    mark_header_pieces([header, rest, fiche_text], headers)
    assert rest.kind == "header" and fiche_text.kind == "stray"
    alone = row(cell(NUMERO, (300, "o")))  # the same text away from any header
    alone.kind = "continuation"
    mark_header_pieces([header, fiche_text, alone], headers)
    assert alone.kind == "continuation"


def test_numbers_run_together_with_their_marks_still_make_the_number_column():
    # A monospaced print whose paddings are narrower than a space: no page parts the marks'
    # column from the numbers' ("1.1 Oui"); a column of numbers followed by words is no such one.
    from pipeline.columns import find_numero_column

    texts = {0: ["Pilote(s)", "Ville", "CAF", "ARS", "Région"], 1: ["N° AAP", "1.1 Oui", "1.2 Non", "2.1 Oui", "2.2"]}
    assert find_numero_column(texts) == 1
    texts[1] = ["N° Échéance", "1.1 2024-2026", "1.2 Fin 2027", "2.1 1er semestre", "2.2"]
    assert find_numero_column(texts) is None


def test_a_theme_chosen_by_a_near_tie_is_the_one_the_number_s_series_carries():
    from pipeline.fiches import Draft, settle_ties_by_numbers
    from pipeline.themes import Theme

    emploi, habitat = Theme(2, "Emploi", "ENJEU", "2"), Theme(3, "Habitat", "ENJEU", "3")

    def drafts(numbers: list[str], themes: list[Theme]) -> list[Draft]:
        made = [Draft([row(cell(NUMERO, (40.0 * k, n)))], theme) for k, (n, theme) in enumerate(zip(numbers, themes))]
        made[2].number_row.theme_tie = True  # "C1", read under the label before it
        return made

    # Series B under theme 2, C under theme 3: the tied C1 takes theme 3.
    read = drafts(["B1", "B2", "C1", "C2", "C3"], [emploi, emploi, emploi, habitat, habitat])
    settle_ties_by_numbers(read, NUMERO)
    assert [d.theme.numero for d in read] == [2, 2, 3, 3, 3] and not read[2].number_row.theme_tie
    # Plain numbers carry no theme: the tie stays, and so its flag.
    plain = drafts(["1", "2", "3", "4", "5"], [emploi, emploi, emploi, habitat, habitat])
    settle_ties_by_numbers(plain, NUMERO)
    assert plain[2].theme == emploi and plain[2].number_row.theme_tie
    # A series read under two themes elsewhere: the numbers do not carry the themes.
    mixed = drafts(["B1", "B2", "C1", "C2", "C3"], [emploi, habitat, emploi, habitat, habitat])
    settle_ties_by_numbers(mixed, NUMERO)
    assert mixed[2].theme == emploi and mixed[2].number_row.theme_tie


def test_a_fiche_the_labels_placed_under_another_theme_than_its_number_opens_with_follows_its_number_flagged():
    from pipeline.fiches import Draft, follow_printed_numbers
    from pipeline.themes import Theme

    emploi, habitat = Theme(1, "Emploi", "Axe", "1"), Theme(2, "Habitat", "Axe", "2")

    def drafts(numbers: list[str], themes: list[Theme], placed: bool = True) -> list[Draft]:
        made = [Draft([row(cell(NUMERO, (40.0 * k, n)))], theme) for k, (n, theme) in enumerate(zip(numbers, themes))]
        for d in made:
            d.number_row.theme_placed = placed
        return made

    # 2.2 placed under axe 1 by the labels' centres: its number opens with axe 2's.
    read = drafts(["1.1", "1.2", "2.1", "2.2", "2.3", "2.4"], [emploi, emploi, habitat, emploi, habitat, habitat])
    follow_printed_numbers(read, NUMERO)
    assert [d.theme.numero for d in read] == [1, 1, 2, 2, 2, 2] and [d.theme_by_number for d in read] == [False] * 3 + [True] + [False] * 2
    # A theme read in its own cell or band (not placed by centres) stays; so do plain numbers.
    cells = drafts(["1.1", "1.2", "2.1", "2.2", "2.3", "2.4"], [emploi, emploi, habitat, emploi, habitat, habitat], placed=False)
    follow_printed_numbers(cells, NUMERO)
    assert cells[3].theme == emploi and not cells[3].theme_by_number
    plain = drafts(["1", "2", "3", "4", "5", "6"], [emploi, emploi, habitat, emploi, habitat, habitat])
    follow_printed_numbers(plain, NUMERO)
    assert plain[3].theme == emploi and not plain[3].theme_by_number


def test_top_aligned_rows_carried_by_a_thin_vote_are_cut_by_an_estimate():
    # Six centred fiches of one-line cells run together (no rules, no gaps): two numbers find a
    # line at their height in every column, as top-aligned numbers do, one does not, and one
    # number faces its two-line title's middle. Top-aligned carries it, thinly: its cuts are
    # estimates. Five numbers starting their lines against one that does not are no doubt.
    from pipeline.alignment import alignment_votes, starts_doubtful
    from pipeline.rows import split_at_numbers

    def run(tops: list[float], missing: set[int]) -> Row:
        titles = [(t, "Titre") for k, t in enumerate(tops) if k not in missing] + [(t + 5, "suite") for k, t in enumerate(tops) if k in missing]
        return row(cell(NUMERO, *[(t, f"1.{k + 1}") for k, t in enumerate(tops)]), cell(TITRE, *sorted(titles)))

    centred_title = row(cell(NUMERO, (110.0, "2.1")), cell(TITRE, (100.0, "Un titre"), (120.0, "sur deux lignes")))
    thin = [run([100.0, 150.0, 200.0, 250.0], {2}), centred_title]
    assert starts_doubtful(alignment_votes(thin, NUMERO, TITRE))
    parts = split_at_numbers(thin[0], NUMERO, top_aligned=True, doubtful=True)
    assert len(parts) == 4 and all(p.estimated for p in parts)
    clear = [run([100.0 + 50 * k for k in range(7)], {2})]
    assert not starts_doubtful(alignment_votes(clear, NUMERO, TITRE))


def test_a_header_cell_printing_two_headers_a_gap_apart_marks_its_column_as_two():
    # "Pilote" and "Partenaires" on one line of one header cell, 46 pt apart: the pages' gutters
    # did not part the two columns (the partners start a word space after the longest pilots).
    # A header of two words a space apart ("Fiche action") is one header.
    from pipeline.document import Document, Page
    from pipeline.headers import table_header
    from pipeline.text import Break

    def at(col: int, row0: int, text: str, breaks: tuple = ()) -> Cell:
        made = cell(col, (40.0 + 20 * row0, text))
        made.lines = [replace(made.lines[0], breaks=breaks)]
        return replace(made, row0=row0, row1=row0 + 1, top=40.0 + 20 * row0, bottom=60.0 + 20 * row0)

    gap = Break(7, 1, 650.2, 697.0, 61.5, 5.6)
    head = [at(0, 0, "N°"), at(1, 0, "Fiche action"), at(2, 0, "Pilote Partenaires", (gap,))]
    body = [at(0, 1, "1.1"), at(1, 1, "Le titre"), at(2, 1, "Ville")]
    doc = Document([Page(1, head + body, [])], [0.0, 100.0, 200.0, 300.0])
    assert table_header(doc, 0).merged == (2,)
    doc.pages[0].cells[2] = at(2, 0, "Pilote Partenaires")
    assert table_header(doc, 0).merged == ()


def test_a_theme_label_s_own_number_past_the_column_border_stays_with_its_word():
    # Pages whose theme column is empty set the document's border mid-way across a wide gap
    # (83); on this page the label "Orientation 3" runs to 90.9, its "3" a word space after its
    # word and past the border. A number after a theme's word is the label's own, not a fiche
    # number in the next column: the line stays whole ("Incarnés" | "6" is cut, above).
    from pipeline.geometry import Word
    from pipeline.printed_lines import lines_of

    (line,) = lines_of([Word(39.4, 233.7, 83.8, 240.7, "Orientation", size=7.0, first_char_width=4.0, space=2.4),
                        Word(86.2, 233.7, 90.9, 240.7, "3", size=7.0, first_char_width=4.0, space=2.4)], page=6)
    assert [b.beside_number for b in line.breaks] == [True]
    label = Cell(6, 2, 6, 38.0, 229.0, 97.7, 807.0, ruled=False, cols=(0,), lines=[line], text_top=233.7)
    assert split_by_columns(label, [38.0, 83.0, 160.0]) == [label]


def test_a_fiche_left_without_text_in_a_column_every_fiche_fills_is_an_estimate():
    # Centred numbers (331, 352); the objectives column is top-aligned: 2.1's item at 331, 2.2's
    # at 340 (its row starts there). Centring gives both items to 2.1 and leaves 2.2 without
    # objectives, which nearly every fiche has: both parts are estimates.
    merged = row(cell(NUMERO, (331, "2.1"), (352, "2.2")), cell(TITRE, (331, "Titre"), (352, "Autre")),
                 cell(OBJECTIFS, (331, "• A"), (340, "• B")))
    alone = [row(cell(NUMERO, (100.0 * k, f"1.{k}")), cell(TITRE, (100.0 * k, "T")), cell(OBJECTIFS, (100.0 * k, "• O")))
             for k in range(1, 4)]
    filled = always_filled([*alone, merged], NUMERO)
    assert filled == {NUMERO, TITRE, OBJECTIFS}
    parts = split_at_numbers(merged, NUMERO, top_aligned=False, filled=filled)
    assert [p.text(OBJECTIFS) for p in parts] == ["• A • B", ""] and all(p.estimated for p in parts)
    assert not any(p.estimated for p in split_at_numbers(merged, NUMERO, top_aligned=False))


def test_a_band_ending_its_page_takes_the_part_opening_the_next_one():
    # A word processor broke the band "Axe 2 - Emploi et" across pages: "insertion" opens page 2.
    band = row(cell(NUMERO, (700, "Axe 2 - Emploi et")))
    band.kind = "band"
    fiche = row(cell(NUMERO, (600, "1.4")), cell(TITRE, (600, "Titre")))
    fiche.kind = "fiche"
    rest = row(cell(NUMERO, (60, "insertion")), page=2)
    rest.kind = "continuation"
    after = row(cell(NUMERO, (80, "2.1")), cell(TITRE, (80, "Titre")), page=2)
    after.kind = "fiche"
    join_cut_bands([fiche, band, rest, after])
    assert (band.label_rest, rest.kind, rest.ends_label) == ("insertion", "band", True)
    theme = band_theme(band)
    assert theme is not None and (theme.libelle, theme.estimated) == ("Emploi et insertion", True)


def test_the_borders_of_centred_rows_are_read_symmetric_about_each_row_s_text():
    # A borderless table of centred cells, its rows between ``borders``: the second row's cell
    # starts 90 pt above its text (the first row stretched by a tall label beside it) and 5 pt
    # below the first row's text. The middle of that gap misses the border by 40 pt; borders
    # symmetric about each row's text find it.
    from pipeline.alignment import centred_spans

    borders, heights = [60.0, 270.0, 322.0, 372.0, 393.0, 436.0, 545.0], [3, 4, 4, 2, 3, 8]
    rows = []
    for top, bottom, n in zip(borders, borders[1:], heights):
        first = (top + bottom) / 2 - (10 * (n - 1) + 9) / 2
        made = row(cell(NUMERO, (first + 5 * (n - 1), "1.1")), cell(OBJECTIFS, *[(first + 10 * k, "texte") for k in range(n)]))
        rows.append(replace(made, kind="fiche"))
    spans = centred_spans([(r.text_top(), r.text_bottom()) for r in rows])
    assert spans is not None
    read = [spans[0][0]] + [bottom for _, bottom in spans]
    assert all(abs(a - b) <= 5 for a, b in zip(read, borders))
    gap_middle = (rows[0].text_bottom() + rows[1].text_top()) / 2
    assert abs(gap_middle - borders[1]) > 30
    # A row whose one line sits right below the row above (top-aligned): no border is symmetric.
    off = [rows[0], replace(rows[1], cells={OBJECTIFS: [cell(OBJECTIFS, (rows[0].text_bottom() + 2, "texte"))]}), *rows[2:]]
    assert centred_spans([(r.text_top(), r.text_bottom()) for r in off]) is None


def test_centred_rows_with_top_aligned_objectives_are_read_symmetric_about_their_numbers():
    # A spreadsheet's rows between ``borders``: numbers and titles centred, objectives set to the
    # top of their cells. The third row is stretched (a long label beside it): its objectives,
    # far above its number, were cut off as a part that opens the fiche below it. Each row's text
    # is off its middle; the number cell's middle is the row's.
    from pipeline.alignment import centred_spans, row_spans

    borders, heights = [60.0, 120.0, 200.0, 420.0, 470.0, 540.0], [4, 5, 3, 2, 6]
    rows = []
    for top, bottom, n in zip(borders, borders[1:], heights):
        middle = (top + bottom) / 2
        objectifs = cell(OBJECTIFS, *[(top + 2 + 10 * k, "texte") for k in range(n)])
        numbered = [cell(NUMERO, (middle - 4.5, "1.1")), cell(TITRE, (middle - 4.5, "Titre"))]
        if bottom - top > 100:
            rows.append(replace(row(objectifs), kind="continuation", opens_below=True))
            rows.append(replace(row(*numbered), kind="fiche"))
        else:
            rows.append(replace(row(*numbered, objectifs), kind="fiche"))
    spans = row_spans(rows, "centred", NUMERO)
    fiches = [span for r, span in zip(rows, spans) if r.kind == "fiche"]
    assert all(abs(top - a) < 1e-6 and abs(bottom - b) < 1e-6 for (top, bottom), a, b in zip(fiches, borders, borders[1:]))
    assert spans[2] == (200.0, 200.0)  # the part lies at the top of its fiche's row
    # Symmetric about each row's text, no first border keeps every border between two texts.
    assert centred_spans([(r.text_top(), r.text_bottom()) for r in rows if r.kind == "fiche"]) is None
    # A part that does not open the fiche below it leaves the borders to the gaps.
    rows[2] = replace(rows[2], opens_below=False)
    assert row_spans(rows, "centred", NUMERO) == [(r.top, r.bottom) for r in rows]
    # The page's last row, cut by a page break: its number centred on the whole row sits near the
    # top of the page's part of it. Widened about the number, it would reach the row above: kept
    # to its text.
    from pipeline.alignment import _centred_texts

    cut = replace(row(cell(NUMERO, (545.0, "1.6")), cell(OBJECTIFS, *[(543.0 + 10 * k, "texte") for k in range(8)])), kind="fiche")
    page = [r for r in rows if r.kind == "fiche"] + [cut]
    assert _centred_texts(page, list(range(len(page))), NUMERO)[-1] == (543.0, 622.0)
    # A centred cell's lines that the page's grid cut off below its number's line, kept with its
    # fiche (``closes_above``), count in its stretch.
    numbered = replace(row(cell(NUMERO, (100.0, "2.1")), cell(TITRE, (100.0, "Titre"))), kind="fiche")
    rest = row(cell(TITRE, (110.0, "suite"), (120.0, "fin")))
    for closes, stretch in ((True, (80.0, 129.0)), (False, (100.0, 109.0))):
        part = replace(rest, kind="continuation", closes_above=closes)
        assert _centred_texts([numbered, part], [0], NUMERO) == [stretch]


def test_touching_centred_rows_take_borders_a_little_into_their_texts_or_else_in_the_gaps():
    # Rows that nearly touch, each text measured up to 0.4 pt off its row's middle (a font size is
    # not the line box the producer centres): no border lies between every two texts, one does
    # a little into them.
    from pipeline.alignment import _gap_spans, centred_spans, row_spans

    borders = [60.0, 100.0, 120.0, 180.0, 200.0]
    texts = [(top + 0.1 + off, bottom - 0.1 + off) for top, bottom, off in zip(borders, borders[1:], [0.0, 0.4, -0.4, 0.4])]
    assert centred_spans(texts) is None
    spans = centred_spans(texts, slack=0.8)
    assert spans is not None and all(abs(top - b) <= 1.0 for (top, _), b in zip(spans, borders))
    # Where no border fits, each is in the middle of the gap between two texts.
    assert _gap_spans([(60, 90), (100, 110), (130, 170)], 55, 175) == [(55, 95.0), (95.0, 120.0), (120.0, 175)]
    texts = [(60.0, 90.0), (95.0, 105.0), (120.0, 130.0), (132.0, 142.0)]  # no border is symmetric about each
    rows = [replace(row(cell(NUMERO, ((top + bottom) / 2 - 4.5, "1")), cell(TITRE, (top, "Titre"), (bottom - 9, "suite"))),
                    kind="fiche") for top, bottom in texts]
    assert centred_spans(texts, slack=0.9) is None
    assert row_spans(rows, "centred", NUMERO) == [(60.0, 92.5), (92.5, 112.5), (112.5, 131.0), (131.0, 500.0)]


def test_top_aligned_rows_run_from_their_first_line_to_the_next_row_s_and_page_openings_keep_above_centred_rows():
    from pipeline.alignment import row_spans

    def fiche(first: float, n: int, kind: str = "fiche") -> Row:
        return replace(row(cell(OBJECTIFS, *[(first + 10 * k, "texte") for k in range(n)])), kind=kind)

    # Top-aligned: the blank under a row's text is its own, whatever the gap's middle says.
    rows = [fiche(100.0, 2), fiche(150.0, 5), fiche(260.0, 1)]
    assert row_spans(rows, "top", NUMERO) == [(100.0, 150.0), (150.0, 260.0), (260.0, 500.0)]
    assert row_spans(rows, "", NUMERO) == [(r.top, r.bottom) for r in rows]
    overflowing = [fiche(100.0, 2), fiche(95.0, 3)]  # the second row's text starts above the first's
    assert all(top <= bottom for top, bottom in row_spans(overflowing, "top", NUMERO))
    # Centred, a page opening with the rest of a fiche cut by the break: the fiche rows' borders
    # symmetric about their texts, the opening part kept above the first of them.
    opening = replace(fiche(40.0, 2, "continuation"), top=35.0, bottom=75.0)
    centred = [opening, fiche(90.0, 3), fiche(140.0, 1)]  # texts 90-119 and 140-149
    spans = row_spans(centred, "centred", NUMERO)
    assert spans[0][1] <= spans[1][0] and 59 < spans[1][0] < 90  # above the first fiche's text
    assert all(abs((top + bottom) / 2 - (r.text_top() + r.text_bottom()) / 2) < 1e-6
               for r, (top, bottom) in zip(centred[1:], spans[1:]))


def test_a_top_aligned_cell_above_the_first_centred_fiche_opens_it_by_an_estimate_where_no_header_row_is():
    # A spreadsheet without header row: the first fiche's row is stretched, its objectives set to
    # the top, far above its centred number; the part they make opens that fiche, by an estimate
    # (a title above the table could sit there). Under a header row it does, surely; above one it
    # is no fiche's. A part that fills the fiche's columns too (a centred cell cut above its
    # number) opens it under a header row only, by an estimate.
    from pipeline.fiches import fiche_groups

    def rows_of(*kinds: str) -> list[Row]:
        made = {"header": row(cell(NUMERO, (20, "N°")), cell(TITRE, (20, "Titre")), cell(OBJECTIFS, (20, "Objectifs"))),
                "part": row(cell(OBJECTIFS, (40, "• Objectif"), (50, "• Autre"))),
                "cut": row(cell(TITRE, (70, "Début du titre")), cell(OBJECTIFS, (40, "• Objectif"))),
                "fiche": row(cell(NUMERO, (90, "1.1")), cell(TITRE, (90, "Titre"))),
                "next": row(cell(NUMERO, (130, "1.2")), cell(TITRE, (130, "Titre")), cell(OBJECTIFS, (130, "• Objectif")))}
        kind_of = {"header": "header", "part": "stray", "cut": "stray", "fiche": "fiche", "next": "fiche"}
        return [replace(made[k], kind=kind_of[k]) for k in kinds]

    for kinds, opened, estimated in ((("part", "fiche", "next"), True, True), (("header", "part", "fiche", "next"), True, False),
                                     (("part", "header", "fiche", "next"), False, False),
                                     # a part that fills the fiche's columns too: under a header, by an estimate
                                     (("header", "cut", "fiche", "next"), True, True), (("cut", "fiche", "next"), False, False)):
        rows = rows_of(*kinds)
        drafts = fiche_groups(rows, COLS, aligned="centred")
        part = next(r for r in rows if r.kind == "stray")
        first = drafts[min(drafts)]
        assert (part in first.rows, part.estimated) == (opened, estimated)
        uncentred = fiche_groups(rows_of(*kinds), COLS, aligned="top")  # cells starting at their numbers
        assert all(r.kind != "stray" for draft in uncentred.values() for r in draft.rows)


def test_a_centred_row_s_lines_below_all_it_can_hold_are_the_next_fiche_s():
    # Cells centred on the number (its middle at 104.5), objectives set to the top of the row
    # (first line at 90): the row ends no lower than 119 (+ the line tolerance). Lines from 140
    # down are the next fiche's top-aligned objectives, its row stretched by a label beside it.
    from pipeline.fiches import Draft, _past_centred_row
    from pipeline.rows import split_off_closing

    def fiche(*objectives: float) -> Row:
        return replace(row(cell(NUMERO, (100.0, "C5")), cell(TITRE, (95.0, "Titre"), (105.0, "suite")),
                           cell(OBJECTIFS, *[(top, "• texte") for top in objectives])), kind="fiche")

    parts = split_off_closing(fiche(90.0, 100.0, 110.0, 140.0, 150.0), NUMERO)
    assert [[ln.top for c in p.filled() for ln in c.lines if c.cols == (OBJECTIFS,)] for p in parts] == \
        [[90.0, 100.0, 110.0], [140.0, 150.0]]
    assert parts[0].text(NUMERO) == "C5" and not parts[1].text(NUMERO)
    assert len(split_off_closing(fiche(90.0, 100.0, 110.0, 118.0), NUMERO)) == 1
    overflowing = replace(fiche(90.0, 100.0, 110.0, 140.0), top=94.0)  # its first line printed above its top
    assert [ln.top for ln in split_off_closing(overflowing, NUMERO)[0].cells[OBJECTIFS][0].lines] == [90.0, 100.0, 110.0]
    # A part past that row, a fiche after it on the page: the next fiche's; within it, or with no
    # fiche after it on the page, not.
    following = replace(row(cell(NUMERO, (300.0, "D1"))), kind="fiche")
    draft = Draft([fiche(90.0, 100.0, 110.0)])
    assert _past_centred_row(parts[1], draft, following, NUMERO)
    assert not _past_centred_row(parts[1], draft, None, NUMERO)
    inside = replace(row(cell(OBJECTIFS, (112.0, "• texte"))), kind="continuation")
    assert not _past_centred_row(inside, draft, following, NUMERO)
