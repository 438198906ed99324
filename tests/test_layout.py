"""Unit tests of the page grid: rules, merged cells, gutters and row gaps of unruled tables."""

from __future__ import annotations

from dataclasses import replace

from pipeline.geometry import Word
from pipeline.layout import build_grid, rules_from_edges
from pipeline.text_axes import borders_beside_merged, chunks, column_gutters, row_gaps, spanning_pieces


def box(x0, top, x1, bottom):
    """The four edges of a rectangle, as pdfplumber reports them."""
    return [("h", x0, top, x1, top), ("h", x0, bottom, x1, bottom), ("v", x0, top, x0, bottom), ("v", x1, top, x1, bottom)]


def word(text, x0, top, width=None, size=9.0):
    width = width if width is not None else 5.0 * len(text)
    return Word(x0, top, x0 + width, top + size, text, "ltr", size)


def test_collinear_segments_are_joined_into_one_rule():
    rules = rules_from_edges([("h", 0, 10, 50, 10), ("h", 50.5, 10.3, 100, 10.3), ("h", 0, 40, 2, 40)])
    assert [(round(r.pos), round(r.start), round(r.end)) for r in rules] == [(10, 0, 100)]


def test_ruled_grid_recovers_merged_band_and_tall_cells():
    # 3 columns x 3 rows; row 0 is a band over all columns; column 0 is one cell over rows 1-2.
    edges = box(0, 0, 300, 90)
    edges += [("h", 0, 30, 300, 30), ("h", 100, 60, 300, 60)]
    edges += [("v", 100, 30, 100, 90), ("v", 200, 30, 200, 90)]
    words = [word("ENJEU", 5, 10), word("label", 5, 50), word("1.1", 110, 40), word("a", 210, 40),
             word("1.2", 110, 70), word("b", 210, 70)]
    grid = build_grid(words, edges)
    assert grid.ruled_cols and grid.ruled_rows
    spans = {(c.row0, c.row1, c.col0, c.col1) for c in grid.cells}
    assert (0, 1, 0, 3) in spans  # band
    assert (1, 3, 0, 1) in spans  # tall theme cell
    assert grid.cell_at(115, 75) == next(c for c in grid.cells if (c.row0, c.col0) == (2, 1))


def test_unruled_columns_come_from_gutters_that_only_bands_cross():
    words = []
    for i in range(10):
        top = 40 + 12 * i
        words += [word("1.%d" % i, 10, top, 15), word("Titre de fiche", 50, top, 60), word("X", 150, top, 6)]
    words.append(word("ENJEU 1 : un long libellé de thème qui traverse", 10, 20, 150))
    for ys in ([], [35]):  # the band set apart by a row gap, or not
        gutters = column_gutters(words, ys=ys)
        assert len(gutters) == 2
    assert 25 < gutters[0] < 50 and 110 < gutters[1] < 150


def test_sparse_mark_column_keeps_its_own_gutters():
    words = [word("1.%d" % i, 10, 40 + 12 * i, 15) for i in range(10)]
    words += [word("Un titre assez long", 50, 40 + 12 * i, 90) for i in range(10)]
    words += [word("x", 170, 40, 5)]
    assert len(column_gutters(words, ys=[])) == 2


def test_centred_header_does_not_open_a_gutter_inside_its_column():
    words = [word("N°", 12, 10, 10), word("Pilote(s)", 70, 10, 30)]  # header centred over 50-120
    for i in range(8):
        top = 30 + 12 * i
        words += [word("1.%d" % i, 10, top, 15), word("Métropole, Ville", 50, top, 70 if i % 2 else 25)]
    assert len(column_gutters(words, ys=[25])) == 1


def test_centred_header_over_a_page_of_few_rows_opens_no_gutter():
    # The last page of a column: three pilot cells; the one short one ends before the centred
    # header starts, the two others run across that gap (as many as a gutter may tolerate).
    words = [word("N°", 12, 10, 10), word("Pilote(s)", 81, 10, 47)]
    for i, width in enumerate([32, 46, 17]):
        words += [word("1.%d" % i, 10, 30 + 40 * i, 15), word("Métropole", 60, 30 + 40 * i, width)]
    assert len(column_gutters(words, ys=[25, 65, 105])) == 1


def test_a_header_word_overflowing_its_narrow_column_does_not_hide_the_gutter_before_it():
    # "Numér" centred over a number column narrower than itself starts inside the gutter
    # between the objectives (ending at 150 or before) and the numbers (starting at 160).
    words = [word("Description", 60, 10, 50), word("Numér", 153, 10, 22), word("AAP", 185, 10, 15)]
    for i in range(6):
        top = 30 + 12 * i
        words += [word("Un objectif qui court", 10, top, 140 - 10 * (i % 3)), word(f"A{i}", 160, top, 8),
                  word("Oui", 185, top, 14)]
    gutters = column_gutters(words, ys=[25])
    assert len(gutters) == 2 and 150 < gutters[0] < 160
    words += [word("débordant", 152 + k, 100 + 12 * k, 20) for k in range(2)]  # more pieces overflowing: text
    assert not any(150 < x < 160 for x in column_gutters(words, ys=[25]))


def test_rows_without_rules_split_at_gaps_taller_than_line_spacing():
    words = []
    top = 0.0
    for _row in range(3):
        for _line in range(3):
            words.append(word("texte", 10, top))
            top += 11  # 9 pt text, 2 pt leading
        top += 8  # cell padding between rows
    gaps = row_gaps(words)
    assert len(gaps) == 2


def test_narrow_gutter_of_a_borderless_spreadsheet_is_found_from_aligned_starts():
    words = []
    for i in range(8):
        top = 20 + 12 * i
        words += [word("Un titre de fiche qui remplit", 10, top, 90.0), word("• Objectif", 102.5, top, 40)]
    gutters = column_gutters(words, ys=[], starts=[102.5])
    assert len(gutters) == 1 and 100 < gutters[0] < 102.5


def test_band_word_starting_where_a_column_starts_does_not_hide_the_gutter():
    # Rows between row rules: a narrow column (10-50), centred numbers from x=58.5 or 61, a text
    # column from x=100; a band row whose third word starts where most numbers do, so that cut
    # there its first piece would end inside the gutter.
    words, ys = [], []
    for i, number in enumerate(["1.1", "1.2", "1.3", "1.10"]):
        top = 20 + 30 * i
        x = 58.5 if len(number) == 4 else 61.0
        words += [word("Budget", 10, top, 40), word(number, x, top, 5.0 * len(number)), word("objectif", 100, top, 60)]
        ys.append(top + 25)
    words += [word("Thème", 10, 140, 30), word("3 :", 43, 140, 14.5), word("RENFORCER", 60.3, 140, 60)]
    gutters = column_gutters(words, ys=ys, starts=[61.0, 100.0])
    assert len(gutters) == 2 and 50 < gutters[0] < 58.5


def test_a_monospaced_word_space_does_not_part_a_line_but_a_wider_gap_does():
    # 9 pt monospace: a space is 5.4 pt (0.6 em), more than a proportional font's gutter threshold.
    mono = [Word(10, 0, 28, 9, "des", size=9, space=5.4), Word(33.4, 0, 60, 9, "actions", size=9, space=5.4),
            Word(70, 0, 90, 9, "Ville", size=9, space=5.4)]
    assert [p.text for p in chunks(mono)] == ["des actions", "Ville"]
    plain = [Word(10, 0, 28, 9, "des", size=9, space=2.5), Word(33.4, 0, 60, 9, "actions", size=9, space=2.5)]
    assert len(chunks(plain)) == 2


def test_list_markers_never_make_a_column_of_their_own():
    words = []
    for i in range(8):
        top = 20 + 12 * i
        words += [word("•", 10, top, 3), word("texte de l'objectif numéro", 30, top, 120)]
    assert column_gutters(words, ys=[]) == []


def test_a_check_mark_once_per_row_keeps_its_column():
    # "✓" also marks list items; one per row, between the numbers and the pilots, it is the
    # call-for-projects column, not a list's markers.
    words = []
    for i in range(6):
        top = 20 + 30 * i
        words += [word("1.%d" % i, 10, top, 15), word("Métropole, Ville", 80, top, 60)]
        if i % 2:
            words.append(word("✓", 50, top, 6))
    assert len(column_gutters(words, ys=[45 + 30 * i for i in range(5)])) == 2
    # So it does where no gap parts the rows: six fiches in one row, six numbers, three marks.
    assert len(column_gutters(words, ys=[])) == 2


def test_band_in_a_table_without_gaps_is_a_row_of_its_own():
    words = []
    top = 20.0
    for i in range(3):
        words += [word("1.%d" % i, 10, top, 15), word("Titre", 50, top, 30), word("Objectif", 120, top, 50)]
        top += 11
    band = [Word(10, top, 200, top + 9, "ENJEU 2 : Un libellé de thème sur toute la largeur", bold=True)]
    tail = [Word(10, top + 11, 60, top + 20, "des quartiers", bold=True)]
    words += band + tail
    top += 22
    words += [word("2.1", 10, top, 15), word("Titre", 50, top, 30), word("Objectif", 120, top, 50)]
    grid = build_grid(words, [])
    band_rows = [c for c in grid.cells if c.col1 - c.col0 == 3]
    assert band_rows, [(c.row0, c.col0, c.col1) for c in grid.cells]
    (cell,) = band_rows
    assert cell.top <= band[0].top and cell.bottom >= tail[0].bottom  # both band lines, one row
    assert grid.cell_at(12, top + 4).row0 > cell.row0  # the next fiche is below it


def test_a_cell_s_line_over_a_gutter_beside_a_paragraph_is_no_band():
    # No gaps between rows: a partners cell's line runs over a gutter that the page's few lines
    # put inside its column (x = 60), beside an objectives paragraph that runs on above and below
    # it at a line's leading. No border cuts that paragraph around the line, as one would a band.
    from pipeline.text_axes import spanning_line_borders

    words = []
    for k, top in enumerate((20.0, 31.0, 42.0, 53.0, 64.0)):
        words.append(word(f"Objectif ligne {k}", 120, top, 80))
    words += [word("Etat, France Travail", 30, 42.0, 60), word("C1", 100, 42.0, 10)]
    assert spanning_line_borders(words, [60.0, 95.0, 115.0], [], [30.0]) == []
    alone = [w for w in words if w.top != 42.0 or w.text.startswith("Etat")]  # the same line by itself
    assert spanning_line_borders(alone, [60.0, 95.0, 115.0], [], [30.0]) != []


def _glyph(text: str, top: float, bottom: float, direction: str = "btt", x0: float = 42.3, x1: float = 49.8) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "direction": direction,
            "upright": direction == "ltr", "fontsize": 7.5, "size": 7.5, "fontname": "DejaVuSans-Bold",
            "invisible": False, "doctop": top, "height": bottom - top}


def test_a_glyph_kept_upright_inside_a_rotated_line_joins_that_line():
    from pipeline.extract import adopt_rotated_runs, page_words

    # A browser prints "L’égalité" up the page, but the apostrophe upright (upside down) in the gap.
    label = [_glyph("L", 485.2, 490.0), _glyph("’", 476.7, 484.2, direction="rtl", x0=43.9, x1=46.8),
             _glyph("é", 471.9, 477.0), _glyph("g", 466.5, 471.9)]
    assert [w["text"] for w in page_words(label)] == ["L’ég"]
    # Upright text a rotated label overflows (under its glyphs, not in a gap) keeps its direction.
    under = [_glyph("A", 485.2, 490.0), _glyph("B", 477.0, 485.2), _glyph("i", 478.0, 486.0, direction="ltr"),
             _glyph("C", 471.9, 477.0)]
    adopt_rotated_runs(under)
    assert under[2]["direction"] == "ltr"


def test_a_word_across_its_cell_rule_is_marked_as_overflowing():
    from pipeline.extract import place_words
    from pipeline.layout import Cell, Grid

    cells = [Cell(0, 1, 0, 1, 0, 0, 100, 346.8), Cell(1, 2, 0, 1, 0, 346.8, 100, 400)]
    grid = Grid([0, 100], [0, 346.8, 400], ruled_cols=True, ruled_rows=True, cells=cells)

    def word(top: float, bottom: float) -> dict:
        return {"x0": 10, "x1": 50, "top": top, "bottom": bottom, "text": "Analyses", "direction": "ltr",
                "overprinted": False}

    placed = [f for f in place_words([word(342.2, 351.0), word(330, 338), word(352, 360)], grid, 1, 600, 800)
              if f["kind"] == "word"]
    assert [f["overprinted"] for f in placed] == [True, False, False]


def test_a_merged_theme_cell_holds_its_label_alone():
    # Borderless: two fiches in columns 1 and 2, a gap between them that column 0's text crosses.
    # A label alone in one style is a merged theme cell (its row border is hidden behind it); a
    # bold band line over plain text running on is a band printed above a fiche's objectives.
    fiches = [word(t, x, top) for top in (10, 21, 60, 71) for t, x in (("texte", 110), ("Ville", 210))]

    def column_0(bold_first: bool) -> list[Word]:
        lines = [("AXE 2 : Favoriser", 25), ("l'accès au", 36), ("logement des", 47), ("familles", 58)]
        return [replace(word(text, 5, top), bold=bold_first and k == 0) for k, (text, top) in enumerate(lines)]

    assert borders_beside_merged(fiches + column_0(False), [105, 205], []) != []
    assert borders_beside_merged(fiches + column_0(True), [105, 205], []) == []


def test_a_band_is_not_cut_between_its_theme_word_and_number_where_a_column_starts():
    # A narrow number column (30-52), titles from x=55.6; the band's "1" starts there too, one
    # typed space (2.78 pt) after "Axe". Two cells' texts as close are cut apart all the same.
    band = [Word(36.7, 85, 52.8, 93, "Axe", size=8, space=2.78), Word(55.58, 85, 61.1, 93, "1", size=8, space=2.78),
            Word(63.9, 85, 66.9, 93, ":", size=8, space=2.78), Word(69.7, 85, 111.8, 93, "Mobilités", size=8, space=2.78)]
    assert [p.text for p in spanning_pieces(band, [52.5], [55.6])] == ["Axe 1 : Mobilités"]
    cells = [Word(36.7, 85, 52.8, 93, "PDS", size=8, space=2.78), Word(55.58, 85, 61.1, 93, "•", size=8, space=2.78),
             Word(63.9, 85, 111.8, 93, "Accompagnement", size=8, space=2.78)]
    assert spanning_pieces(cells, [52.5], [55.6]) == []


def test_a_mark_one_typed_space_past_a_cell_is_cut_off_though_it_reads_as_a_roman_number():
    # Monospaced pilots (695-786.4), the marks column from x=791.1: "Education nationale" | "X"
    # one typed space apart, with the row's title beside them on the line. A label's number
    # opens its text; a lone "X" ending the piece is the mark's cell, as a band "Axe X" alone is not.
    def mono(text: str, x0: float) -> Word:
        return Word(x0, 508, x0 + 4.8 * len(text), 516, text, size=8, space=4.8)

    title = [mono("Mieux", 50.0)]
    pilot = [mono("Education", 695.3), mono("nationale", 743.3), mono("X", 791.1)]
    assert [p.text for p in spanning_pieces(title + pilot, [788.8], [791.1])] == []
    band = [mono("Axe", 771.9), mono("X", 791.1)]
    assert [p.text for p in spanning_pieces(band, [788.8], [791.1])] == ["Axe X"]


def test_a_line_a_rows_edge_runs_through_goes_to_the_cell_whose_text_it_goes_on_with():
    from pipeline.document import Cell
    from pipeline.overflow import overflow_moved
    from pipeline.text import Line

    def cell(row0: int, top: float, bottom: float, *lines: tuple[float, str]) -> Cell:
        made = [Line(text, 10.0, 90.0, 20.0, 5.0, size=7.4, page=1, top=at) for at, text in lines]
        return Cell(1, row0, row0 + 1, 0.0, top, 100.0, bottom, bottom_drawn=True, lines=made, text_top=made[0].top)

    # A spreadsheet title centred in a row too short for it: its first line straddles the rule
    # at 60.1 above the row, printed in the header's cell, one pitch above the title's next line.
    header, title = cell(0, 28.4, 60.1, (39.1, "Action"), (56.3, "Amélioration ALP")), cell(1, 60.1, 88.7, (64.8, "stratégies"))
    overflow_moved({(0, 0): header, (1, 0): title})
    assert [ln.text for ln in header.lines] == ["Action"]
    assert [ln.text for ln in title.lines] == ["Amélioration ALP", "stratégies"] and title.text_top == 56.3
    # A word processor's glyphs reaching 0.4 pt above their cell's rule: no overflow.
    first, second = cell(6, 397.4, 408.6, (397.3, "10.1")), cell(7, 408.6, 512.3, (408.2, "10.2"))
    overflow_moved({(6, 0): first, (7, 0): second})
    assert [ln.text for ln in second.lines] == ["10.2"]
    # A straddling line at a pitch from lines on both sides: nothing says whose it is (it stays,
    # marked overprinted: its fiche and the neighbours are flagged).
    above, under = cell(0, 28.4, 60.1, (47.9, "fin"), (56.3, "milieu")), cell(1, 60.1, 88.7, (64.8, "début"))
    overflow_moved({(0, 0): above, (1, 0): under})
    assert [(ln.text, ln.overprinted) for ln in above.lines] == [("fin", False), ("milieu", True)]
    assert [ln.overprinted for ln in header.lines + title.lines] == [False, False, False]  # moved: settled
    # A title overflowing onto a shaded band's one-line label (the fill's edge at 60.1): a pitch
    # from the label (0.86 em) and from the title's next lines, which keep that pitch below.
    band = cell(0, 45.0, 60.1, (50.0, "AXE 3 - Agir"), (56.4, "Titre"))
    title = cell(1, 60.1, 99.0, (64.7, "suite"), (73.0, "fin"))
    overflow_moved({(0, 0): band, (1, 0): title})
    assert [ln.text for ln in band.lines] == ["AXE 3 - Agir"] and [ln.text for ln in title.lines] == ["Titre", "suite", "fin"]
    # The same under a band shaded across the table (a cell merged over the columns): the title's
    # line goes to the cell below holding it across, here the second of three.
    band = replace(cell(0, 66.0, 77.0, (67.0, "Orientation 1 – Agir"), (73.4, "Règlement émerger")), x1=300.0,
                   merged=True, row1=1)
    band.lines[1] = replace(band.lines[1], x0=110.0, x1=180.0)
    number, title, objectives = (replace(cell(1, 77.0, 117.0, (81.0, text)), x0=x, x1=x + 100.0)
                                 for x, text in ((0.0, "1.1"), (100.0, "collectives unique"), (200.0, "• Associer")))
    title.lines = [replace(ln, x0=110.0, x1=190.0) for ln in title.lines + [replace(title.lines[0], top=88.6, text="équivalent")]]
    overflow_moved({(0, 0): band, (1, 0): number, (1, 1): title, (1, 2): objectives})
    assert [ln.text for ln in band.lines] == ["Orientation 1 – Agir"]
    assert [ln.text for ln in title.lines] == ["Règlement émerger", "collectives unique", "équivalent"]
    # A border read from a gap in the text (a theme column's) through a tall cell's lines: they stay.
    upper, lower = cell(0, 45.0, 60.1, (40.3, "haut"), (50.2, "milieu")), cell(1, 60.1, 99.0, (58.0, "bas"))
    upper.bottom_drawn = False
    overflow_moved({(0, 0): upper, (1, 0): lower})
    assert [ln.text for ln in lower.lines] == ["bas"]


def _drawn_words(path, size: tuple[float, float], draw):
    """The words the pipeline extracts from a one-page PDF that ``draw(canvas)`` draws."""
    from reportlab.pdfgen import canvas

    from pipeline.extract import extract

    c = canvas.Canvas(str(path), pagesize=size)
    draw(c)
    c.save()
    words = extract(path)
    return words[words["kind"] == "word"]


def test_a_marker_drawn_in_the_gutter_before_its_line_is_in_its_cell(tmp_path):
    # A browser draws list discs left of the text they mark; the gutter the text alone shows
    # (between a pilot ending at 90 and objectives starting at 102) lies right of the discs.
    def draw(c):
        c.setFont("Courier", 8)
        for k in range(8):
            y = 260 - 14 * k
            c.drawString(90 - c.stringWidth("Ville " * (1 + k % 3), "Courier", 8), y, "Ville " * (1 + k % 3))
            c.circle(93.6, y + 2.6, 1.1, stroke=0, fill=1)
            c.drawString(102, y, f"Objectif numero {k}")

    words = _drawn_words(tmp_path / "puces.pdf", (300, 300), draw)
    markers, marked = words[words["text"] == "•"], words[words["text"] == "Objectif"]
    assert len(markers) == 8
    assert sorted(markers["col0"]) == sorted(marked["col0"]) and set(markers["col0"]) != set(words[words["text"] == "Ville"]["col0"])


def test_a_marker_after_a_mark_is_read_where_the_column_s_other_markers_stand():
    # A mark ("Oui") a space before the first item's disc, where no gutter parts the marks from
    # the objectives (paragraphs printed a space after the marks): text opens the disc's line
    # within reach; yet the disc stands where the discs opening the other lines stand. A disc
    # after a word elsewhere on the page stays a shape.
    from pipeline.markers import Shape, marker_words

    def word(text: str, x0: float, top: float) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 4.8 * len(text), "top": top, "bottom": top + 8, "size": 8.0,
                "direction": "ltr"}

    def disc(x0: float, top: float) -> Shape:
        return Shape(x0, top + 2.9, x0 + 2.2, top + 5.1, filled=True, round=True)

    words = [word("Oui", 40, 30), word("Voir", 40, 150), word("ailleurs", 75, 150)]
    words += [word("Objectif", 68, 30 + 12 * k) for k in range(4)]
    shapes = [disc(61.1, 30 + 12 * k) for k in range(4)] + [disc(66.0, 150)]
    assert sorted(m["top"] for m in marker_words(shapes, words, None)) == [30, 42, 54, 66]


def test_two_lines_of_small_text_do_not_chain_through_a_neighbour_s_at_offset_heights(tmp_path):
    # 4.8-pt text, lines 5.6 pt apart (a spreadsheet shrunk to fit its page), beside a centred
    # column whose lines sit halfway between: a 3-pt tolerance chains the three into one line
    # and the two lines' glyphs interleave ("p", "r", "R", "e", …).
    def draw(c):
        c.setFont("Helvetica", 4.8)
        for k in range(6):
            y = 260 - 5.6 * k
            c.drawString(40, y, f"Retour fragilité prolongés numéro {k}" if k % 2 == 0 else f"première suite {k}")
            c.drawString(200, y - 2.8, f"voisine {k}")

    texts = list(_drawn_words(tmp_path / "petit.pdf", (400, 300), draw)["text"])
    assert texts.count("première") == 3 and texts.count("Retour") == 3 and texts.count("voisine") == 6


def test_a_border_found_without_a_bold_label_runs_clear_of_its_last_word():
    # Borderless: labels (bold, left out of the gutter search) in a narrow column, numbers from
    # x=120. The gutter runs from the plain text's end (80) to 120; one label line ends at 105,
    # inside it. The border goes past that word, not through it (which read the line as a band).
    words = [replace(word("Orientation 2.3 :", 10, 24, 70), bold=True), replace(word("Sentiment doté", 10, 35, 95), bold=True)]
    for i in range(6):
        top = 20 + 11 * i
        words += [word(f"2.3.{i}", 120, top, 20), word("Un titre de fiche", 150, top, 80)]
    words += [word("Ville", 10, 60 + 11 * k, 70) for k in range(3)]
    gutters = column_gutters(words, ys=[])
    assert len(gutters) == 2 and 105 < gutters[0] < 120


def test_a_word_starting_where_its_column_s_few_lines_start_is_cut_from_the_line_before():
    # Borderless, no gaps between rows: a page with only three partners cells (from x=513.8), one
    # of whose words ("Etat") follows a title's last word at a word space. It is the partners'.
    words = []
    for k, (title, partner) in enumerate([("Action de quartier", "Région"), ("égaux notamment l’usager", "Etat"),
                                          ("Suite du titre", "ARS, CAF")]):
        top = 20 + 11 * k
        width = 126.4 if partner == "Etat" else 90
        words += [word(f"4.{k}", 340, top, 20), word(title, 384, top, width), word("Non", 620, top, 15),
                  word(partner, 513.8, top, 30)]
    grid = build_grid(words, [])
    etat = grid.cell_at(520, 33)
    assert etat is not None and etat.col0 == etat.col1 - 1 and etat.x0 > 500


def test_a_cell_s_text_overflowing_past_the_frame_is_read_into_it_but_a_caption_is_not():
    from pipeline.document import Cell, Page
    from pipeline.overflow import take_overflow
    from pipeline.text import Line

    def cell(x0: float, top: float, bottom: float, *lines: tuple[float, str], page: int = 2) -> Cell:
        made = [Line(text, x0 + 1, x0 + 40, 20.0, 5.0, size=5.9, page=page, top=at) for at, text in lines]
        return Cell(page, 0, 1, x0, top, x0 + 64, bottom, ruled=True, lines=made, text_top=made[0].top)

    # A bottom-aligned label cell atop a page, too short for its text: its first line printed
    # above the frame (a pitch of 6.5 above the next, its foot past the rule at 29.0).
    label, number = cell(42.0, 29.0, 58.0, (29.8, "Pathologies"), (36.3, "l’absentéisme")), cell(106.0, 29.0, 58.0, (40.0, "3.2.1"))
    above = [Word(42.7, 23.3, 73.8, 29.2, "Orientation", "ltr", 5.9), Word(75.4, 23.3, 87.1, 29.2, "3.2 :", "ltr", 5.9)]
    title = [Word(110.0, 14.0, 160.0, 19.9, "Programmation", "ltr", 5.9)]  # a running title, with a margin
    before = Page(1, [cell(42.0, 700.0, 785.0, (760.0, "Orientation 3.1 :"), (766.5, "Résidants"), page=1)], [])
    page = Page(2, [label, number], [], outside=above + title)
    take_overflow(page, before)
    assert page.outside == title and [ln.text for ln in label.lines][:2] == ["Orientation 3.2 :", "Pathologies"]
    assert label.text_top == 23.3 and [ln.text for ln in number.lines] == ["3.2.1"]
    # The same lines ending the page before in that place: the merged cell printed on both pages.
    label.lines, label.text_top = label.lines[1:], 29.8
    before.cells[0].lines[0] = replace(before.cells[0].lines[0], text="Orientation 3.2 :")
    page.outside = above + title
    take_overflow(page, before)
    assert page.outside == above + title and label.lines[0].text == "Pathologies"
    # A cell's last line printed across the frame's bottom rule (its middle 0.1 pt above it): the
    # cell's, as a line wholly past it is.
    last = cell(42.0, 700.0, 735.8, (714.4, "renforcer d’activité"), (723.1, "harcèlement chances"), page=3)
    crossing = [Word(42.5, 731.8, 80.0, 739.7, "mensuelle", "ltr", 8.0), Word(82.0, 731.8, 100.0, 739.7, "œuvre", "ltr", 8.0)]
    bottom = Page(3, [last], [], outside=list(crossing))
    take_overflow(bottom, None)
    assert bottom.outside == [] and last.lines[-1].text == "mensuelle œuvre"
    # A caption right above a header cell, 3.3 pt clear of the rule: no overflow.
    header = cell(42.0, 53.0, 90.0, (54.5, "Fiche"), page=1)
    first = Page(1, [header], [], outside=[Word(43.0, 41.7, 90.0, 49.7, "Contrat de ville", "ltr", 8.0)])
    take_overflow(first, None)
    assert len(first.outside) == 1 and [ln.text for ln in header.lines] == ["Fiche"]


def test_text_below_a_cell_whose_foot_no_rule_closes_is_the_cell_s_at_its_line_pitch():
    # A merged label cell a page break cut ends the page (the frame's rule runs under the other
    # columns only): its label's last line printed just past the frame, at its lines' pitch, is
    # its own. Under a cell whose foot is drawn, a line that does not reach the rule is not.
    from pipeline.document import Cell, Page
    from pipeline.overflow import take_overflow
    from pipeline.text import Line

    def page(closed: bool) -> tuple[Page, Cell]:
        made = [Line(text, 41.0, 84.0, 20.0, 5.0, size=5.9, page=1, top=at)
                for at, text in ((738.4, "Orientation 2.1 :"), (745.0, "Entreperneuriale"), (751.5, "tranches Ville"))]
        label = Cell(1, 11, 14, 40.0, 607.0, 98.0, 757.0, bottom_drawn=closed, lines=made, text_top=738.4)
        beside = Cell(1, 13, 14, 98.0, 730.0, 585.0, 756.6, bottom_drawn=True,
                      lines=[Line("culturels", 119.0, 139.0, 20.0, 5.0, size=5.9, page=1, top=723.8)], text_top=723.8)
        below = [Word(41.0, 758.1, 75.0, 764.0, "d’évènements", "ltr", 5.9)]
        return Page(1, [label, beside], [], outside=below), label

    opened, label = page(closed=False)
    take_overflow(opened, None)
    assert opened.outside == [] and label.lines[-1].text == "d’évènements"
    closed, label = page(closed=True)
    take_overflow(closed, None)
    assert len(closed.outside) == 1 and label.lines[-1].text == "tranches Ville"


def test_a_column_a_monospaced_print_sets_a_padding_past_a_space_from_the_one_before_starts_there():
    # "Oui 1", "Non 2": marks and numbers in a monospaced font (spaces 4.8 pt wide at 8 pt), a
    # 6-pt gap between the columns, under the gap that parts two cells' texts; a typed space
    # (4.8 pt) in "Mise en oeuvre" starts no column.
    from dataclasses import replace as with_space

    from pipeline.text_axes import column_starts

    words = []
    for i, mark in enumerate(["Oui", "Non", "Oui", "Non"]):
        top = 20 + 12 * i
        words += [with_space(word(mark, 10, top, 14.4, size=8.0), space=4.8),
                  with_space(word(str(i + 1), 30.4, top, 4.8, size=8.0), space=4.8)]
    typed = [with_space(word(w, x, 80 + 12 * i, 4.8 * len(w), size=8.0), space=4.8)
             for i in range(4) for w, x in (("Mise", 10), ("en", 34), ("oeuvre", 48))]
    assert 30 in column_starts(words) and column_starts(typed) == [10]
    # A proportional font's justified lines stretch their spaces: no column starts there.
    justified = [with_space(word(w, x, 140 + 12 * i, 5.0 * len(w)), space=2.5)
                 for i in range(4) for w, x in (("Oui", 10), ("1", 28.5))]
    assert column_starts(justified) == [10]


def test_a_monospaced_padding_a_few_hundredths_of_a_space_past_one_starts_a_column():
    # Browser seed 4344: "A1 2025", fiche numbers and deadlines 4.5 pt apart at 4.2-pt spaces
    # (1.07 spaces); the words of one text are exactly a space apart.
    from dataclasses import replace as with_space

    from pipeline.text_axes import column_starts

    def lines(gap: float, top: float) -> list:
        return [with_space(word(w, x, top + 12 * i, 4.2 * len(w), size=7.0), space=4.2)
                for i in range(4) for w, x in (("A1", 10.0), ("2025", 10.0 + 8.4 + gap))]

    assert column_starts(lines(4.5, 20)) == [10, 23]
    assert column_starts(lines(4.2, 20)) == [10]



def test_a_line_printed_over_a_cell_s_last_line_half_a_pitch_lower_is_a_line_of_its_own():
    # 4.8-pt text, lines 5.4 pt apart: the next row's first line printed 2.7 pt below the cell's
    # last one (a row too short for its text). Within 3 pt, the two were read as one line, their
    # words interleaved; a line's own words share their top.
    from pipeline.printed_lines import lines_of

    def mono(text: str, x0: float, top: float) -> Word:
        return Word(x0, top, x0 + 2.88 * len(text), top + 4.8, text, size=4.8)

    last = [mono("•", 231.7, 470.0), mono("Être", 237.4, 470.0), mono("file", 251.7, 470.0)]
    over = [mono("Inégalités", 231.7, 472.69), mono("intercommunale", 263.1, 472.69)]
    assert [ln.text for ln in lines_of(last + over, 1)] == ["• Être file", "Inégalités intercommunale"]
    # At 10 pt, 2 pt apart is the same line, where its words lie side by side (words covering
    # each other are lines printed over one another, whatever their distance: ``text_lines``).
    size_10 = [replace(w, size=10.0) for w in last] + [replace(w, x0=w.x0 + 60, x1=w.x1 + 60, top=472.0, size=10.0)
                                                       for w in over]
    assert len(lines_of(size_10, 1)) == 1


def _typed(text: str, x0: float, top: float, size: float = 8.0, advance: float = 4.8) -> list[dict]:
    """A monospaced line drawn glyph after glyph, as a spreadsheet draws a cell's line."""
    return [_glyph(c, top, top + size, direction="ltr", x0=x0 + k * advance, x1=x0 + (k + 1) * advance)
            | {"fontsize": size, "size": size} for k, c in enumerate(text)]


def test_texts_drawn_over_one_another_are_read_one_at_a_time():
    from pipeline.extract import page_words
    from pipeline.layers import mark_layers

    # A row too short for its text: the spreadsheet draws its last line, then the next row's
    # first one 2.8 pt lower, over it; read together, their glyphs interleave ("aCnonpuraol…").
    over = _typed("annualité ;", 330.5, 408.8) + _typed("Copropriété ASL", 330.5, 411.6)
    words = page_words([dict(c) for c in over])
    assert sorted(w["text"] for w in words) == [";", "ASL", "Copropriété", "annualité"]
    assert all(w["overprinted"] for w in words)
    # Two cells of a line side by side, a glyph drawn twice in place (a fake bold), a glyph drawn
    # later (after another cell's text) kerned under the end of a run: no layer.
    beside = _typed("Ville", 100, 50) + _typed("Etat", 130, 50)
    bold = _typed("CAF", 100, 80) + _typed("CAF", 100.3, 80)
    kerned = _typed("AV", 100, 110) + _typed("Etat", 200, 110) + _typed("A", 109.2, 110)
    for chars in (beside, bold, kerned):
        mark_layers(chars)
        assert {c["layer"] for c in chars} == {0}
    mark_layers(over)
    assert {c["layer"] for c in over[:11]} == {1} and {c["layer"] for c in over[11:]} == {2}
    over_a_glyph = _typed("AV", 100, 110) + _typed("Etat", 200, 110) + _typed("A", 104, 110)  # 5.6 pt under "AV"
    mark_layers(over_a_glyph)
    assert {c["layer"] for c in over_a_glyph} == {0, 1, 2}


def test_lines_printed_over_one_another_are_two_lines_and_a_row_border_between_them():
    from pipeline.geometry import text_lines
    from pipeline.text_axes import row_gaps

    def mono(text: str, x0: float, top: float) -> Word:  # a monospaced font: glyphs and spaces 4.8 pt wide
        return replace(word(text, x0, top, 4.8 * len(text), size=8.0), space=4.8)

    last = [mono("annualité", 330.5, 408.8), mono(";", 378.5, 408.8)]
    first = [mono("Copropriété", 330.5, 411.6), mono("ASL", 388.0, 411.6)]
    above = [mono("Clause préparant Essayer", 330.5, 399.8)]
    lines = text_lines(above + last + first)
    assert [[w.text for w in line] for line in lines] == [["Clause préparant Essayer"], ["annualité", ";"],
                                                          ["Copropriété", "ASL"]]
    (border,) = row_gaps(above + last + first)
    assert last[0].cy < border < first[0].cy
    # Words of one line a little apart in height, side by side: one line, no border.
    side = [mono("annualité", 330.5, 408.8), mono("ASL", 388.0, 410.6)]
    assert len(text_lines(side)) == 1 and row_gaps(above + side) == []
    # A centred cell of another column overflowing its row upwards runs across that border: the
    # next row's text starts above it there, and it is no border.
    title = mono("Socio-professionnelle", 222.0, 409.5)
    assert row_gaps(above + last + first + [title]) == []
