"""Theme labels: parsing the theme word, number and separator; rebuilding rotated labels."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.document import Cell, Page
from pipeline.geometry import Word
from pipeline.label_words import label_reading
from pipeline.text import Line, word_key
from pipeline.themes import Theme, join_cut_labels, parse_theme, rejoin, rotated_labels


@pytest.mark.parametrize("text, numero, libelle", [
    ("ENJEU 3 : Renforcer le soutien", 3, "Renforcer le soutien"),
    ("AXE 2 – Cadre de vie", 2, "Cadre de vie"),
    ("Axe II. Emploi et développement", 2, "Emploi et développement"),
    ("Thème 12 - Santé", 12, "Santé"),
    ("Orientation stratégique 4 : Habitat", 4, "Habitat"),
    ("ENJEU 1 ORGANISER LA MIXITE", 1, "ORGANISER LA MIXITE"),
    ("Axe stratégique n°2 : Emploi", 2, "Emploi"),
    ("AXE N° 3 : EMPLOI", 3, "EMPLOI"),
])
def test_theme_labels_are_parsed(text, numero, libelle):
    theme = parse_theme(text)
    assert theme is not None and (theme.numero, theme.libelle) == (numero, libelle)


@pytest.mark.parametrize("text", ["Phase 1 identification des partenaires", "Pilotage et animation", "1.1", ""])
def test_prose_is_not_a_theme(text):
    assert parse_theme(text) is None


def _rotated_line(text: str, x: float, centre: float, size: float = 9.0, space_em: float = 0.28) -> list[Word]:
    """Words of one line of text running up the page, centred on ``centre``."""
    advance, space = size * 0.55, size * space_em
    length = sum(advance * len(t) for t in text.split(" ")) + space * text.count(" ")
    bottom = centre + length / 2
    words = []
    for token in text.split(" "):
        words.append(Word(x, bottom - advance * len(token), x + size, bottom, token, "btt", size, space=space))
        bottom -= advance * len(token) + space
    return words


def test_rotated_labels_sharing_baselines_are_told_apart():
    # Two merged cells one above the other: each label centred on its cell, drawn on the same
    # baseline, with the second one's second line between them.
    words = (_rotated_line("ENJEU 7 : ELABORER UN", 10, 150) + _rotated_line("PROJET URBAIN", 20, 150)
             + _rotated_line("ENJEU 9 : RENOVER LES", 10, 400) + _rotated_line("DEMARCHES", 20, 400))
    labels = sorted(rotated_labels(words), key=lambda label: label.cy)
    assert [parse_theme(label.text).numero for label in labels] == [7, 9]
    assert labels[0].text == "ENJEU 7 : ELABORER UN PROJET URBAIN"
    assert abs(labels[0].cy - 150) < 1 and abs(labels[1].cy - 400) < 1


def test_a_drawn_border_parting_two_labels_parts_their_next_lines_too():
    # Two ruled merged cells, parted by a border at y=300: each label's first line opens with its
    # theme word and number; their second lines, each running to the border (clipped there when
    # printed), lie a word space apart on one baseline.
    words = (_rotated_line("AXE 2 - Co-ordination", 10, 200) + _rotated_line("AXE 3 - Valorisation", 10, 400)
             + _rotated_line("fonctionnement réhabiliter conséquences Positionner", 20, 304.92))
    border = [(300.0, 0.0, 40.0)]
    texts = sorted(label.text for label in rotated_labels(words, border))
    assert texts == ["AXE 2 - Co-ordination conséquences Positionner", "AXE 3 - Valorisation fonctionnement réhabiliter"]
    # A border that parts no two openings parts nothing: a label overflowing its cell stays whole.
    assert len(rotated_labels(words[:4] + words[-4:], border)) == 1


def test_a_monospaced_label_is_one_label_though_its_word_space_is_wide():
    # A monospaced font's word space is 0.6 em: wider than the gap that parts two labels of a
    # proportional font on one baseline, and still a word space.
    (label,) = rotated_labels(_rotated_line("AXE 1 : Ayant remobiliser les publics", 10, 200, space_em=0.6))
    assert label.text == "AXE 1 : Ayant remobiliser les publics"


def test_label_running_past_the_page_keeps_its_true_centre():
    words = _rotated_line("ENJEU 2 : FAVORISER LA REUSSITE EDUCATIVE ET SCOLAIRE POUR TOUS", 30, -200)
    (label,) = rotated_labels(words)
    assert parse_theme(label.text).numero == 2 and label.cy < 0


def test_word_cut_across_label_lines_is_made_whole_when_the_document_prints_it():
    words = (_rotated_line("ENJEU 11 : PREVENTION DE LA", 10, 300) + _rotated_line("DELINQUANC", 20, 300)
             + _rotated_line("E", 30, 300))
    (label,) = rotated_labels(words)
    assert label.text == "ENJEU 11 : PREVENTION DE LA DELINQUANC E"
    printed = {"prevention", "de", "la", "delinquance"}
    assert rejoin(label, printed, whole=set())[0].text == "ENJEU 11 : PREVENTION DE LA DELINQUANCE"
    assert rejoin(label, {"prevention", "de", "e"}, whole=set())[0].text == label.text  # the document never says
    # A lone letter that the cells never print alone ends a cut word, whatever they print.
    assert rejoin(label, {"prevention", "de"}, whole=set())[0].text == "ENJEU 11 : PREVENTION DE LA DELINQUANCE"
    assert rejoin(label, printed, whole={"e"})[0].text == "ENJEU 11 : PREVENTION DE LA DELINQUANCE"  # a lone letter
    assert rejoin(label, printed, whole={"delinquanc"})[0].text == label.text  # a piece printed as a word
    # French says so where the cells do not: "profession" / "nels".
    cut = rotated_labels(_rotated_line("Axe 2 - Collective profession", 10, 300) + _rotated_line("nels", 20, 300))[0]
    assert rejoin(cut, set(), whole={"profession"})[0].text == "Axe 2 - Collective professionnels"
    plural = rotated_labels(_rotated_line("Axe 2 - Psychologique", 10, 300) + _rotated_line("s", 20, 300))[0]
    assert rejoin(plural, set(), whole=set()) == (replace(plural, text="Axe 2 - Psychologiques"), False)  # French
    # A lone letter glued to a word into no word is a guess: the label is doubtful.
    lone = rotated_labels(_rotated_line("Axe 2 - TOUS réhabilitations", 10, 300) + _rotated_line("s près", 20, 300))[0]
    assert rejoin(lone, set(), whole=set()) == (replace(lone, text="Axe 2 - TOUS réhabilitationss près"), True)


def _page(number: int, words: list[Word], body: tuple[float, float]) -> Page:
    """A page holding rotated words only, its labels and pieces told apart as ``read_page`` does."""
    labels = [(label, parse_theme(label.text)) for label in rotated_labels(words)]
    return Page(number, [], [(lb, t) for lb, t in labels if t], body=body,
                pieces=[lb for lb, t in labels if t is None])


@pytest.mark.parametrize("ending, opening, estimated", [
    ("U 4 : FAVORISER LES PARCOURS", "ENJEU", False),  # the "U" the break crossed is printed on both pages
    ("4 : FAVORISER LES PARCOURS", "ENJEU", True),  # the break fell between two glyphs: a word cut, or not?
])
def test_label_cut_by_a_page_break_is_joined(ending, opening, estimated):
    # A browser prints a merged cell's label once, centred on the cell: the start of the text
    # (at the bottom, running up) fell past the page's foot and opens the next page.
    above = _page(1, _rotated_line(ending, 10, 460), body=(50, 500))
    below = _page(2, _rotated_line(opening, 10, 40), body=(50, 500))
    join_cut_labels([above, below])
    ((label, theme),) = above.labels
    assert label.text == "ENJEU 4 : FAVORISER LES PARCOURS" and theme.numero == 4
    assert theme.estimated is estimated
    assert below.labels == [] and below.pieces == [] and below.outside == [] and below.label_words == 1


def test_a_label_s_opening_alone_on_a_page_without_table_is_joined_to_it():
    # A browser prints a label longer than its cell past the table's end: its opening ("Orie",
    # the "e" the break crossed printed on both pages) falls on a page without any upright text.
    from pipeline.document import read_page

    def records(words: list[Word], page: int) -> list[dict]:
        return [{"kind": "word", "page": page, "x0": w.x0, "top": w.top, "x1": w.x1, "bottom": w.bottom, "text": w.text,
                 "direction": w.direction, "size": w.size, "first_char_width": w.first_char_width, "space_width": w.space,
                 "invisible": False, "overprinted": False, "in_table": False, "font": "F"} for w in words]

    above = _page(1, _rotated_line("entation 5 : Parentales mixité", 10, 460), body=(50, 400))
    below = read_page(records(_rotated_line("Orie", 10, 40), 2))
    assert below.labels == [] and [p.text for p in below.pieces] == ["Orie"]
    join_cut_labels([above, below])
    ((label, theme),) = above.labels
    assert label.text == "Orientation 5 : Parentales mixité" and (theme.mot, theme.numero) == ("Orientation", 5)
    assert below.outside == []


def test_labels_facing_across_a_break_without_joining_are_doubtful_or_repeated():
    # A spreadsheet prints the label of a merged cell over two pages on both: nothing is cut.
    same = [_page(n, _rotated_line("ENJEU 3 : SANTE ET ACCES AUX DROITS", 10, centre), body=(50, 500))
            for n, centre in ((1, 480), (2, 70))]
    join_cut_labels(same)
    assert [theme.estimated for page in same for _, theme in page.labels] == [False, False]
    # Two different themes facing each other: a piece was read into the neighbouring label.
    facing = [_page(1, _rotated_line("ENJEU 3 : SANTE ET ACCES", 10, 480), body=(50, 500)),
              _page(2, _rotated_line("ENJEU 4 : CULTURE ET SPORT", 10, 70), body=(50, 500))]
    join_cut_labels(facing)
    assert [theme.estimated for page in facing for _, theme in page.labels] == [True, True]
    # A piece that joins nothing is text outside any cell, which the word account reports.
    lone = [_page(1, [], body=(50, 500)), _page(2, _rotated_line("SANTE", 10, 40), body=(50, 500))]
    join_cut_labels(lone)
    assert [w.text for w in lone[1].outside] == ["SANTE"] and lone[1].pieces == []


def _column_cell(page: int, row: int, lines: list[tuple[float, str]]) -> Cell:
    """A cell of theme column 0 holding ``lines`` (top, text)."""
    cell = Cell(page, row, row + 1, 10, lines[0][0] - 2, 90, lines[-1][0] + 12, ruled=False, cols=(0,))
    cell.lines = [Line(text, 12, 80, 20, 5, size=9.0, page=page, top=top) for top, text in lines]
    return cell


def _fiche_rows(spans: list[tuple[int, int]]) -> list:
    """Fiche rows, one grid row each: (page, grid row)."""
    from types import SimpleNamespace

    return [SimpleNamespace(page=p, row0=r, row1=r + 1, kind="fiche") for p, r in spans]


def _column_pages(*pages: list[tuple[int, float, str]]) -> tuple[list[Page], list]:
    """Pages of one-line cells of theme column 0, each given as (grid row, top, text), and a
    fiche row beside each cell."""
    made = [Page(n, [_column_cell(n, row, [(top, text)]) for row, top, text in cells], []) for n, cells in enumerate(pages, 1)]
    return made, _fiche_rows([(n, row) for n, cells in enumerate(pages, 1) for row, _, _ in cells])


def _read(labels: dict, page: int) -> list[tuple[str, str]]:
    """The (number, label) of each theme read on a page."""
    return [(theme.printed, theme.libelle) for _, theme in labels[page]]


def test_a_theme_cell_cut_by_row_borders_or_printed_again_is_one_label():
    from pipeline.themes import column_labels

    # A centred borderless spreadsheet: the orientation's merged cell cut by the row borders the
    # other columns' gaps drew ("Orientation 1.2 :" / "D'usage conflits" / "Ecole"), and on the
    # next page the label of the page before printed again, clipped to the page.
    pages = [Page(1, [_column_cell(1, 1, [(100, "Orientation 1.1 : Accueil")]),
                      _column_cell(1, 3, [(300, "Orientation 1.2 :")]),
                      _column_cell(1, 4, [(310, "D'usage conflits")]), _column_cell(1, 5, [(320, "Ecole")])], []),
             Page(2, [_column_cell(2, 0, [(40, "Orientation 1.2 :")]), _column_cell(2, 1, [(60, "Ecole")]),
                      _column_cell(2, 3, [(200, "Orientation 1.3 : Lire")])], [])]
    rows = _fiche_rows([(1, 1), (1, 3), (1, 4), (1, 5), (2, 3)])
    labels, used = column_labels(pages, 0, rows, "")
    assert _read(labels, 1) == [("1.1", "Accueil"), ("1.2", "D'usage conflits Ecole")]
    assert abs(labels[1][1][0].cy - (300 + 329) / 2) < 1  # the middle of the whole label
    assert _read(labels, 2) == [("1.3", "Lire")]
    assert len(used) == 7  # every cell's text went on a label


def test_a_label_a_page_break_cut_after_its_opening_is_read_on_the_next_page():
    from pipeline.themes import column_labels

    pages, rows = _column_pages([(1, 100, "Orientation 3.2 : Lire"), (5, 500, "Orientation 3.3 :")],
                                [(1, 60, "Écrire et compter"), (3, 300, "Orientation 4.1 : Agir")])
    labels, used = column_labels(pages, 0, rows, "")
    assert _read(labels, 1) == [("3.2", "Lire")]
    assert _read(labels, 2) == [("3.3", "Écrire et compter"), ("4.1", "Agir")]
    assert len(used) == 4
    # The page repeats the column's header above the rest of the label.
    pages[1].cells.insert(0, _column_cell(2, 0, [(40, "Orientation")]))
    labels, _ = column_labels(pages, 0, rows, "Orientation")
    assert _read(labels, 1) == [("3.2", "Lire")]
    assert _read(labels, 2) == [("3.3", "Écrire et compter"), ("4.1", "Agir")]


def test_two_lines_of_a_small_rotated_label_are_not_chained_by_a_label_beside_them():
    # 4 pt labels: the two lines of one 4.6 pt apart, another label's line 2.3 pt from both,
    # further down the column: closer than pdfplumber's 3 pt, none of them one line.
    words = (_rotated_line("Thème 3 . Fonctionnement des", 25.9, 600, size=4.1)
             + _rotated_line("services publics", 30.5, 600, size=4.1)
             + _rotated_line("Thème 2 . Intégration", 28.2, 300, size=4.1))
    texts = sorted(label.text for label in rotated_labels(words))
    assert texts == ["Thème 2 . Intégration", "Thème 3 . Fonctionnement des services publics"]


def test_a_theme_label_mixed_with_another_column_s_text_is_doubtful():
    from pipeline.themes import column_labels

    # 9-point lines 11 points apart are one label; a line 5 points below another is a
    # neighbouring column's text that no gutter set apart, read into the label.
    clean = _column_cell(1, 1, [(100, "Orientation 1.1 : Accueil"), (111, "des familles")])
    mixed = _column_cell(1, 3, [(300, "Orientation 1.2 : Lire"), (305, "titre d'une fiche"), (311, "et écrire")])
    rows = _fiche_rows([(1, 1), (1, 3)])
    labels, _ = column_labels([Page(1, [clean, mixed], [])], 0, rows, "")
    assert [(theme.printed, theme.estimated) for _, theme in labels[1]] == [("1.1", False), ("1.2", True)]
    # A label too long for its cell printed over the next one's opening, their glyphs mixed
    # ("Orientationdemande compris5.2 :"): read as one label, doubtful. A number in a label's
    # text after a space ("Plan 2024 : bilan") is no opening glued to a word.
    over = _column_cell(1, 1, [(100, "Orientation 5.1 : L’enfant"), (111, "Orientationdemande compris5.2 :")])
    plain = _column_cell(1, 3, [(300, "Orientation 5.3 : Plan 2024.1 : bilan")])
    labels, _ = column_labels([Page(1, [over, plain], [])], 0, _fiche_rows([(1, 1), (1, 3)]), "")
    assert [(theme.printed, theme.estimated) for _, theme in labels[1]] == [("5.1", True), ("5.3", False)]


def test_labels_far_from_their_cells_middle_make_the_borders_doubtful():
    from pipeline.row_themes import _off_centre

    # Three cells of 100 points: labels centred (50, 150, 250) are sure; a label near the top of
    # the second cell (110) makes it and its neighbours doubtful, where rows are small.
    assert _off_centre([50, 150, 250], [0, 100, 200, 300], row_height=25) == []
    assert _off_centre([50, 110, 250], [0, 100, 200, 300], row_height=25) == [(0, 300)]
    assert _off_centre([50, 110, 250], [0, 100, 200, 300], row_height=100) == []  # within a row's rounding


def test_labels_opening_their_cells_set_the_borders_above_them():
    from pipeline.row_themes import _label_rows
    from pipeline.themes import Label, Theme
    from tests.test_repair import NUMERO, cell, row

    # Top-aligned theme cells (a browser's): each label starts on the first line of a fiche.
    body = [row(cell(NUMERO, (top, str(k)))) for k, top in enumerate((80, 113, 180, 267, 293), 1)]
    one, two = Theme(1, "Emploi", "Axe", "1"), Theme(2, "Habitat", "Axe", "2")
    labels = {1: [(Label("Axe 1 : Emploi", 20, 95, (), top=80.5), one), (Label("Axe 2 : Habitat", 20, 310, (), top=293), two)]}
    assert _label_rows(body, labels, [one, two]) == [0, 4]
    centred = {1: [(Label("Axe 1 : Emploi", 20, 150, (), top=140), one), (Label("Axe 2 : Habitat", 20, 310, (), top=300), two)]}
    assert _label_rows(body, centred, [one, two]) is None


def test_a_label_opening_printed_again_atop_the_next_page_never_goes_on_the_label_before():
    from pipeline.themes import column_labels

    # The page break cut "Orientation 3.2 :" from its text; the spreadsheet prints the opening
    # again atop the next page, above the label's text: 3.1 keeps its own label.
    pages, rows = _column_pages([(1, 100, "Orientation 3.1 : Accueil"), (5, 500, "Orientation 3.2 :")],
                                [(0, 40, "Orientation 3.2 :"), (2, 200, "Orientation 3.3 : Agir")])
    labels, _ = column_labels(pages, 0, rows, "")
    assert _read(labels, 1) == [("3.1", "Accueil")]


def test_a_label_that_opens_another_label_inside_it_is_doubtful():
    from pipeline.themes import names_another

    assert names_another(Theme(5, "D’accueil l’absentéisme 5.3.2 Orientation 5.3 : Individuelle", "Orientation", "5.2"))
    assert names_another(Theme(1, "Emploi AXE II : Habitat", "Axe", "1"))
    assert not names_another(Theme(1, "Faire de l'axe vital un lieu de vie", "Axe", "1"))
    assert not names_another(Theme(2, "Orientations 2024 du quartier", "Orientation", "2"))
    # The end of the label above run onto the line of the next one, glued to its theme word.
    assert names_another(Theme(3, "Maternel local Orientationactivité 3.2 : Deux-roues", "Orientation", "3.1"))
    # The next label's opening run onto this one's last word (office seed 2559), but not a
    # capitalised word that merely ends with the theme word.
    assert names_another(Theme(1, "L’expertise non-scolarisésOrientation 1.3 : Bailleurs", "Orientation", "1.2"))
    assert not names_another(Theme(1, "Le plan de la Réorientation 2024", "Orientation", "1.2"))


def test_drawn_theme_cells_a_page_break_cut_take_the_theme_across_the_break():
    # A browser prints a merged cell's rotated label once: page 2 opens with the rest of theme 1's
    # cell (no label, two drawn pieces), then theme 2's cell with its label; page 3 opens with the
    # rest of theme 2's cell. Page 3 shows no label: page 4 opens with the rest of a cell, so
    # theme 2's cell runs over page 3; had page 4 opened with a label, theme 3 might start on page 3.
    from pipeline.row_themes import _across_breaks, _beside
    from pipeline.rows import Row

    one, two, three = Theme(1, "Emploi", "Axe", "1"), Theme(2, "Habitat", "Axe", "2"), Theme(3, "Santé", "Axe", "3")
    pages = [{(1, 4): one}, {(1, 2): None, (2, 3): None, (3, 6): two}, {(1, 3): None}, {(1, 2): None, (2, 4): three}]
    _across_breaks(pages, [True, True, True, False])
    assert pages[1] == {(1, 2): one, (2, 3): one, (3, 6): two}
    assert pages[2] == {(1, 3): two} and pages[3] == {(1, 2): two, (2, 4): three}
    opened = [{(1, 4): one}, {(1, 3): None}, {(1, 4): three}]
    _across_breaks(opened, [True, True, False])
    assert opened[1] == {(1, 3): None}
    last = [{(1, 4): one}, {(1, 3): None, (3, 4): None}]  # the table's last page, without label
    _across_breaks(last, [False, False])
    assert last[1] == {(1, 3): one, (3, 4): None}
    lost = [{(1, 4): one}, {(1, 3): None}]  # the last page of rows, a label printed on a page after it
    _across_breaks(lost, [True, True])
    assert lost[1] == {(1, 3): None}
    assert _beside(pages[1], Row(2, 1, 3)) == one  # a fiche row beside both pieces
    assert _beside(last[1], Row(2, 2, 4)) == one  # beside a piece naming none too
    assert _beside({(1, 2): one, (2, 3): two}, Row(2, 1, 3)) is None  # pieces that disagree


def test_a_label_on_a_page_without_rows_makes_the_rows_before_it_doubtful():
    # A browser centres a rotated label on its merged cell; where the cell's label runs past the
    # table onto the next page, no row of that page can take it: the rows before it are doubtful.
    from pipeline.theme_doubts import mark_beside_lost_labels
    from pipeline.themes import Label

    two, three = Theme(2, "Habitat", "Thème", "2"), Theme(3, "Santé", "Thème", "3")
    label = Label("Thème 3 : Santé", 30.0, 438.0, ())
    for placed, doubtful in (({two}, [False, False, True]), ({two, three}, [False, False, False])):
        body = _laid_rows([(1, 84, 300, "1"), (2, 50, 300, "2"), (3, 50, 300, "3")])  # pages with table rows
        mark_beside_lost_labels(body, {2: [(label, two)], 4: [(label, three)]}, {1, 2, 3}, placed)
        assert [r.theme_tie for r in body] == doubtful


def test_a_label_cell_s_word_cut_at_its_edge_is_made_whole_only_on_evidence():
    # French joins two non-words ("l’épanouissemen" / "t"); a lone letter ends a cut word; two
    # words stay apart ("Accès aux" / "droits"); pieces the document prints whole stay apart.
    assert label_reading(["Financés traitement l’épanouissemen", "t des jeunes"]).text == "Financés traitement l’épanouissement des jeunes"
    assert label_reading(["Soutenir l'entrepreneuria", "t local"]).text == "Soutenir l'entrepreneuriat local"
    assert label_reading(["Accès aux", "droits"]).text == "Accès aux droits"
    # Two pieces that are no word, the second short and in lower case: one word cut, glued but undecided.
    assert label_reading(["Parcours professionnalisa", "nt"]) == ("Parcours professionnalisant", True)
    assert label_reading(["Rencontre d’évènementi", "el"]) == ("Rencontre d’évènementiel", True)
    assert label_reading(["Axe CIL", "E"], known=frozenset({"cil"})).text == "Axe CIL E"  # "CIL" a word of its own here
    # A capital after a lower-case letter goes on no word: "pour" / "PRE" is not "pourpre".
    assert label_reading(["Relais pour", "PRE programmes"]).text == "Relais pour PRE programmes"
    assert label_reading(["SERVICES - ACCES", "A LA SANTE"]).text == "SERVICES - ACCES A LA SANTE"  # "A" is "À"
    # A piece of several letters that is no word goes on the word before it, even a word of its own.
    assert label_reading(["Collective favorisant profession", "nels"]).text == "Collective favorisant professionnels"
    assert label_reading(["Psychologique", "s Pérenniser"]).text == "Psychologiques Pérenniser"  # a lone letter after a word
    # A plural's "s" carried alone is the word's, a doubt where the document prints the singular
    # whole (it may be a letter of its own); a letter that is no word left alone after a word the
    # document prints whole is a doubt.
    singular = frozenset({word_key("expérimentation")})
    plural = label_reading(["Etc expérimentation", "s Mener"], singular)
    assert plural.text == "Etc expérimentations Mener" and plural.undecided
    assert label_reading(["Etc expérimentation", "s Mener"]) == ("Etc expérimentations Mener", False)
    stray = label_reading(["Relais ado", "x suite"], frozenset({word_key("ado")}))
    assert stray.text == "Relais ado x suite" and stray.undecided
    # A piece that is no word, then one that is ("es", "tu es"), together a word: one cut word.
    printed = frozenset({word_key("ludopédagogiques")})  # the document prints it whole
    assert label_reading(["comportements ludopédagogiqu", "es Soutenir"], printed).text == \
        "comportements ludopédagogiques Soutenir"
    assert label_reading(["comportements ludopédagogiqu", "es Soutenir"]).text == \
        "comportements ludopédagogiqu es Soutenir"  # nothing names the whole
    assert label_reading(["Pour les", "es"]).text == "Pour les es"  # "les" is a word: nothing is cut
    for lines in (["Accès aux", "droits"], ["Parcours ANRU", "NPNRU"], ["Collective profession", "nels"],
                  ["Priorisant", "a encourageant"],  # "a" is a word of its own
                  ["œuvrant", "multidisciplinaires"]):  # too long for the end of a cut word
        assert not label_reading(lines).undecided


def test_a_rotated_label_holding_another_label_s_opening_is_doubtful():
    # Two labels overflowing their short merged cells run into each other's lines, read as one.
    from pipeline.document import _label_theme
    from pipeline.themes import Label

    mixed = _label_theme(Label("Axe 5 . Personnels accompagne sport- Axe 4 . D’accès culture", 20, 300, ()))
    clean = _label_theme(Label("Axe 4 . D’accès définir structures", 20, 300, ()))
    assert mixed is not None and mixed.estimated and clean is not None and not clean.estimated


def test_a_ruled_theme_cell_s_word_cut_at_its_edge_is_made_whole_by_the_document_s_words():
    # "l'entrepreneuri" / "at": the objectives print "l'entrepreneuriat" whole. Without that
    # word, the cut is a doubt: the theme is estimated (its fiches flagged theme_incertain).
    from pipeline.row_themes import _cell_theme
    from pipeline.text import word_key

    texts = ["Orientation 3.1", ": Inégalités", "levant", "l'entrepreneuri", "at"]
    lines = [Line(text, 40.0, 90.0, 10.0, 5.0, size=10, page=1, top=100.0 + 12 * k) for k, text in enumerate(texts)]
    cell = Cell(1, 0, 3, 39.5, 98.0, 95.3, 170.0, ruled=True, cols=(1,), lines=lines, text_top=100.0)
    read = _cell_theme(cell, frozenset({word_key("l'entrepreneuriat")}))
    assert read is not None and (read.libelle, read.estimated) == ("Inégalités levant l'entrepreneuriat", False)
    doubtful = _cell_theme(cell, frozenset())
    assert doubtful is not None and doubtful.estimated


def fiche(page: int, top: float, bottom: float):
    """A fiche row of two lines, its text 5 pt under its top."""
    from tests.test_repair import cell, row

    made = row(cell(1, (top + 5, "1.1"), (top + 60, "fin du titre"), page=page), page=page)
    made.top, made.bottom, made.kind = top, bottom, "fiche"
    return made


def test_shaded_theme_cells_draw_the_borders_between_their_themes():
    # A browser shades each merged theme cell on its own: on page 2 the cell of the theme that
    # began on page 1 ends at 150, in the gap between the texts of the fiches D and E, where the
    # next one's shade starts; a shade may also start alone mid-page (the cell above it unshaded).
    # A spreadsheet shading the column at once (one shade over the cells), a shaded row across
    # the table, and shades whose edges fall in a row's text draw none.
    from types import SimpleNamespace

    from pipeline.row_themes import _shade_borders

    body = [fiche(1, 50, 150), fiche(1, 150, 250), fiche(1, 250, 350), fiche(2, 50, 150), fiche(2, 150, 250)]
    position = [(0, 100), (100, 200), (200, 300), (300, 400), (400, 500)]

    def borders(page_one: list, page_two: list) -> list[float]:
        pages = [SimpleNamespace(number=1, shades=page_one), SimpleNamespace(number=2, shades=page_two)]
        return _shade_borders(SimpleNamespace(pages=pages, bounds=[0.0, 100.0, 200.0, 300.0]), 0, body, position)

    assert borders([(0, 50, 100, 250), (0, 250, 100, 350)], [(0, 50, 100, 148), (0, 152, 100, 250)]) == [200, 400]
    assert borders([], [(0, 150, 100, 250)]) == [400]  # a shade starting alone mid-page
    assert borders([(0, 50, 100, 350)], [(0, 50, 100, 250)]) == []  # one shade over several cells
    assert borders([(0, 50, 300, 150), (0, 150, 300, 250)], []) == []  # shaded rows across the table
    assert borders([(0, 50, 100, 100), (0, 100, 100, 350)], []) == []  # an edge within a fiche's text
    assert _shade_borders(SimpleNamespace(pages=[], bounds=[0.0, 100.0]), None, body, position) == []


def test_theme_shades_opening_a_page_draw_where_cells_cut_by_page_breaks_end_and_begin():
    # A browser prints a merged cell's label once: page 2 opens with the label-less rest of the
    # cell whose shade ran to the bottom of page 1, ending under fiche D (it ends there); page 3
    # opens with a shade holding a label no page showed before (its cell starts with the page).
    # Page 1's first shade, holding the first label, draws nothing; nor does a label-less shade
    # after a page whose shade ended early (a row moved whole to the next page: a new cell whose
    # label is printed further on).
    from types import SimpleNamespace

    from pipeline.row_themes import _page_openings
    from pipeline.themes import Label

    body = [fiche(1, 50, 150), fiche(1, 150, 550), fiche(2, 50, 150), fiche(2, 150, 250), fiche(3, 50, 150)]
    position = [(0, 100), (100, 500), (500, 600), (600, 700), (700, 800)]
    themes = [Theme(k, f"Thème {k}", "Axe", str(k)) for k in (1, 2, 3)]

    def label(k: int, top: float, bottom: float):
        return Label(f"Axe {k}", 20, (top + bottom) / 2, (), top=top, bottom=bottom), themes[k - 1]

    labels = {1: [label(1, 60, 140), label(2, 200, 500)], 3: [label(3, 60, 140)]}
    page_one = [(0, 50, 100, 150), (0, 150, 100, 560)]

    def openings(page_two: list, page_three: list, first: list = page_one):
        pages = [SimpleNamespace(number=n, shades=s) for n, s in ((1, first), (2, page_two), (3, page_three))]
        return _page_openings(SimpleNamespace(pages=pages, bounds=[0.0, 100.0, 200.0]), 0, body, position, labels)

    assert openings([(0, 50, 100, 150), (0, 150, 100, 250)], [(0, 50, 100, 560)]) == ([600], [700])
    assert openings([(0, 50, 100, 150)], [(0, 50, 100, 560)], [(0, 50, 100, 150), (0, 150, 100, 400)]) == ([], [700])
    assert _page_openings(SimpleNamespace(pages=[], bounds=[0.0, 100.0]), None, body, position, labels) == ([], [])


def test_a_page_s_last_row_runs_down_to_a_rotated_label_longer_than_its_fiches():
    # A browser makes a row as tall as the rotated label of its merged theme cell: on page 1 the
    # one fiche's text ends at 150, its label at 500. Laid end to end, page 1's body runs to the
    # label's end, so that page 2's theme cell (label centred at 300) lies after theme 1's
    # (centred at 300 on page 1): both fiches keep their own theme, none a neighbour's.
    from types import SimpleNamespace

    from pipeline.row_themes import _body_positions, themes_by_centres
    from pipeline.themes import Label
    from tests.test_repair import NUMERO, cell, row

    def fiche(page: int, number: str):
        made = row(cell(NUMERO, (60, number), page=page), page=page)
        made.top, made.bottom, made.kind = 50.0, 150.0, "fiche"
        return made

    one, two = Theme(1, "Emploi", "Axe", "1"), Theme(2, "Habitat", "Axe", "2")
    labels = {1: [(Label("Axe 1 : Emploi", 20, 300, (), top=100, bottom=500), one)],
              2: [(Label("Axe 2 : Habitat", 20, 300, (), top=100, bottom=500), two)]}
    rows = [fiche(1, "1.1"), fiche(2, "2.1")]
    doc = SimpleNamespace(pages=[SimpleNamespace(number=1, shades=[], body=(40.0, 600.0)), SimpleNamespace(number=2, shades=[], body=(40.0, 600.0))])
    position, origin = _body_positions(doc, rows, labels, NUMERO)
    assert position == [(0.0, 450.0), (450.0, 900.0)] and origin == {1: (0.0, 50.0), 2: (450.0, 50.0)}
    assert themes_by_centres(doc, rows, NUMERO, labels, repeated=True) == [one, two]
    assert not any(r.theme_tie for r in rows)


def test_labels_no_order_of_row_borders_fits_make_every_row_doubtful():
    # Three themes' labels beside two fiche rows: no two increasing borders part three cells, so
    # no row's theme is read, and every row is doubtful rather than filed under the first theme.
    from types import SimpleNamespace

    from pipeline.row_themes import themes_by_centres
    from pipeline.themes import Label
    from tests.test_repair import NUMERO, cell, row

    rows = []
    for top, number in ((50.0, "1"), (150.0, "2")):
        made = row(cell(NUMERO, (top + 10, number)))
        made.top, made.bottom, made.kind = top, top + 100, "fiche"
        rows.append(made)
    themes = [Theme(k, f"Thème {k}", "Axe", str(k)) for k in (1, 2, 3)]
    labels = {1: [(Label(f"Axe {k}", 20, 60.0 + 60 * k, (), top=50.0 + 60 * k, bottom=70.0 + 60 * k), t)
                  for k, t in enumerate(themes)]}
    doc = SimpleNamespace(pages=[SimpleNamespace(number=1, shades=[], body=(40.0, 600.0))])
    themes_by_centres(doc, rows, NUMERO, labels, repeated=True)
    assert all(r.theme_tie for r in rows)


@pytest.mark.parametrize("numbers, third_row_theme", [(("A1", "B1", "B2", "C1", "C2", "C3"), 3),
                                                      (("1", "2", "3", "4", "5", "6"), 2)])
def test_a_series_of_numbers_per_theme_sets_the_borders_labels_only_estimate(numbers, third_row_theme):
    # Rotated labels aligned to their cells' foot, not centred (a spreadsheet's "left" alignment
    # of rotated text): by the centres, "C1" (fourth row) would fall in theme 2's cell. Numbers
    # that run one series per theme, in the themes' order (A, B, C under three themes), say
    # where each theme starts; plain numbers say nothing and the centres decide.
    from types import SimpleNamespace

    from pipeline.row_themes import themes_by_centres
    from pipeline.themes import Label
    from tests.test_repair import NUMERO, cell, row

    spans = [(154, 245), (245, 351), (351, 477), (477, 524), (524, 592), (592, 648)]
    rows = []
    for (top, bottom), number in zip(spans, numbers):
        made = row(cell(NUMERO, ((top + bottom) / 2 - 4, number)))
        made.top, made.bottom, made.kind = float(top), float(bottom), "fiche"
        rows.append(made)
    themes = [Theme(k, f"Thème {k}", "Axe", str(k)) for k in (1, 2, 3)]
    feet = [(95, 273), (305, 496), (522, 644)]
    labels = {1: [(Label(f"Axe {k}", 20, (a + b) / 2, (), top=a, bottom=b), t) for k, ((a, b), t) in enumerate(zip(feet, themes), 1)]}
    doc = SimpleNamespace(pages=[SimpleNamespace(number=1, shades=[], body=(40.0, 700.0))])
    read = themes_by_centres(doc, rows, NUMERO, labels, repeated=True)
    assert [t.numero for t in read][:3] == [1, 2, 2]
    assert read[3].numero == third_row_theme and read[4].numero == 3


def _laid_rows(spans: list[tuple[int, float, float, str]]):
    """Table rows (page, top, bottom, number; "" for a continuation) for ``themes_by_centres``."""
    from tests.test_repair import NUMERO, cell, row

    rows = []
    for page, top, bottom, number in spans:
        made = row(cell(NUMERO, ((top + bottom) / 2 - 4, number or "suite"), page=page), page=page)
        made.top, made.bottom, made.kind = top, bottom, "fiche" if number else "continuation"
        rows.append(made)
    return rows


def _axe(k: int, top: float, bottom: float):
    from pipeline.themes import Label

    return Label(f"Axe {k}", 20, (top + bottom) / 2, (), top=top, bottom=bottom), Theme(k, f"Thème {k}", "Axe", str(k))


def test_a_row_beside_a_label_a_page_break_cut_that_took_another_theme_is_doubtful():
    # A spreadsheet prints a rotated label centred on a merged cell spanning pages 1 and 2, cut
    # by the break: on page 1 it runs below the page's last words, on page 2 from above the page
    # (-82). Its centre says nothing of the part on page 2: fiche 6, which that part of the label
    # covers, took theme 4 by the centres; it is a tie, not silently theme 4.
    from types import SimpleNamespace

    from pipeline.row_themes import themes_by_centres
    from tests.test_repair import NUMERO

    rows = _laid_rows([(1, 90, 228, "1"), (1, 228, 314, ""), (1, 314, 322, "2"), (1, 322, 375, ""),
                       (1, 375, 447, "3"), (1, 447, 492, "4"), (1, 492, 544, "5"), (2, 57, 87, "6"),
                       (2, 87, 159, "7"), (2, 159, 200, "8"), (2, 200, 231, "9"), (2, 231, 249, ""),
                       (2, 249, 257, "10"), (2, 257, 282, ""), (2, 282, 354, "11"), (2, 354, 438, "12")])
    labels = {1: [_axe(3, 415, 581), _axe(2, 238, 399), _axe(1, 63, 221)],
              2: [_axe(4, 93, 197), _axe(6, 329, 511), _axe(5, 204, 311), _axe(3, -82, 84)]}
    doc = SimpleNamespace(pages=[SimpleNamespace(number=1, shades=[], body=(35.0, 543.0)),
                                 SimpleNamespace(number=2, shades=[], body=(35.0, 437.0))])
    read = themes_by_centres(doc, rows, NUMERO, labels, repeated=True)
    sixth = rows[7]
    assert read[7].numero == 3 or sixth.theme_tie
    assert [t.numero for t in read][5:7] == [3, 3] and not rows[5].theme_tie and not rows[6].theme_tie


def test_rows_between_a_doubtful_label_and_its_neighbours_are_doubtful():
    # A browser printed theme 2's label a page after its cell, over theme 3's (the two labels'
    # glyphs interleaved: ``estimated``). Page 2 shows no label: the border between themes 1 and
    # 2 that theme 2's centre placed may lie anywhere after theme 1's centre; every fiche there
    # is a tie, whichever theme it took; theme 1's own fiche above its centre is not.
    from dataclasses import replace as replaced
    from types import SimpleNamespace

    from pipeline.row_themes import themes_by_centres
    from tests.test_repair import NUMERO

    rows = _laid_rows([(1, 84, 184, "A1"), (1, 184, 324, "A2"), (2, 51, 212, "B1"), (2, 212, 370, "B2"),
                       (3, 51, 200, "C1"), (3, 200, 400, "C2")])
    label, theme = _axe(2, 54, 577)
    labels = {1: [_axe(1, 86, 286)], 3: [(label, replaced(theme, estimated=True))]}
    doc = SimpleNamespace(pages=[SimpleNamespace(number=n, shades=[], body=(38.0, 450.0)) for n in (1, 2, 3)])
    read = themes_by_centres(doc, rows, NUMERO, labels, repeated=False)
    assert read[0].numero == 1 and not rows[0].theme_tie
    assert all(r.theme_tie for r in rows[1:])


@pytest.mark.parametrize("doubtful", [True, False])
def test_cells_continued_across_a_break_before_a_doubtful_label_are_doubtful(doubtful):
    # Drawn theme cells, labels printed once: page 3 shows none and page 4 opens with a cell
    # without label, so both continue page 2's theme. The next label shown, on page 4, printed
    # over another label (``estimated``), may belong to a cell that began on page 3.
    from dataclasses import replace as replaced

    from pipeline.theme_doubts import mark_continued_before_doubt
    from tests.test_repair import NUMERO, cell, row

    two, three = Theme(2, "Deux", "Axe", "2"), replaced(Theme(3, "Trois", "Axe", "3"), estimated=doubtful)
    rows = []
    for page, row0 in ((2, 1), (3, 1), (3, 2), (4, 1), (4, 2)):
        made = row(cell(NUMERO, (60.0 * row0, "1"), page=page), page=page)
        made.row0, made.row1 = row0, row0 + 1
        rows.append(made)
    shown = [two, None, None, None, three]  # page 3 shows no label, page 4 opens with a cell without one
    filled = [two, two, two, two, three]
    mark_continued_before_doubt(rows, shown, filled, [((2, 1), two), ((4, 2), three)])
    assert [r.theme_tie for r in rows] == [False, doubtful, doubtful, doubtful, False]


def test_a_row_another_theme_s_label_runs_into_by_more_than_a_line_is_doubtful():
    # Theme 3's rotated label (10 pt) printed from 256 to 339, set at its cell's foot: the border
    # the centres placed at 269 gave the row 243-269 theme 2, 13 pt inside the label's text. A
    # label overflowing its cell by less than a line (row 335-360, 4 pt) says nothing.
    from pipeline.rows import Row
    from pipeline.theme_doubts import mark_reached_by_labels
    from pipeline.themes import Label

    two, three = Theme(2, "Habitat", "Orientation", "2"), Theme(3, "Santé", "Orientation", "3")
    label = Label("Orientation 3 – Santé", 30.0, 297.5, (), top=256.0, bottom=339.0)
    rows = [Row(1, k, k + 1, top=top, bottom=bottom) for k, (top, bottom) in enumerate([(184, 243), (243, 269), (269, 335), (335, 360)])]
    mark_reached_by_labels(rows, [two, two, three, two], {1: [(label, three)]})
    assert [r.theme_tie for r in rows] == [False, True, False, False]
    # A page's first row, 10 pt tall, under the theme carried from the page before: the next
    # theme's label starts 3 pt below its top, past its middle though by less than a line.
    opening = [Row(2, 0, 1, top=49.0, bottom=59.0)]
    mark_reached_by_labels(opening, [two], {2: [(replace(label, top=52.0, bottom=352.0), three)]})
    assert opening[0].theme_tie


def test_a_label_printed_over_the_next_cell_s_runs_on_into_it():
    from pipeline.themes import cell_runs

    # Grid rows too short for their labels: 5.1's last line printed 2.2 pt under the line that
    # opens 5.2 (read one at a time, each in the cell its middle falls in). The two cells are one
    # run of label text, as one label wrapped over a border is; apart, without overprint.
    def label_line(text: str, top: float, over: bool = False) -> Line:
        return Line(text, 10, 60, 5, 5, size=9.0, top=top, overprinted=over)

    upper = Cell(3, 0, 1, 10, 668, 60, 692, cols=(1,), lines=[label_line("Copropriété", 679.1),
                                                               label_line("Orientation 5.2 :", 687.3, over=True)])
    lower = Cell(3, 1, 2, 10, 692, 60, 726, cols=(1,), lines=[label_line("demande compris", 689.5, over=True),
                                                               label_line("Extérieurs créer", 697.8)])
    assert len(cell_runs([upper, lower])) == 1
    plain = [replace(upper, lines=[replace(ln, overprinted=False) for ln in upper.lines]),
             replace(lower, lines=[replace(ln, overprinted=False) for ln in lower.lines])]
    assert len(cell_runs(plain)) == 2
