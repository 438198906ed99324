"""Unit tests of the text rules: typed break versus word wrap, hyphens, markers, residue."""

from __future__ import annotations

from pipeline.text import Line, fold, items, paragraphs, remove_residue, separator, split_marker, vocabulary

SPACE = 2.5


def line(text: str, x1: float, first: float = 20.0, limit: float = 200.0, x0: float = 10.0) -> Line:
    first_char = first / len(text.split()[0])
    return Line(text, x0, x1, first, first_char, limit=limit, edge=limit, size=9.0)


def test_break_where_next_word_would_have_fitted_is_typed():
    assert separator(line("Short line", 80), line("Next", 60, first=30), SPACE) is None


def test_break_where_next_word_did_not_fit_is_wrap():
    assert separator(line("A long line", 185), line("following", 60, first=30), SPACE) == " "


def test_a_separator_wrapped_alone_is_spaced_as_it_is_after_unless_the_document_glues_it():
    # "Education nationale" / "/ Mission locale": the document never prints "/" inside a line;
    # typed with a space after it, it was typed with one before.
    from pipeline.text import Vocabulary

    pilots = Vocabulary({"ville", "caf"}, {"ville", "caf", "nationale", "/"})
    wrapped = line("Education nationale", 195)
    assert separator(wrapped, line("/ Mission locale", 90, first=3), SPACE, pilots) == " "
    # A document that glues it between words ("DDCS/DIRECCTE") typed it glued.
    glued = Vocabulary(pilots, pilots.printed | {"(ddcs/direccte)"})
    assert separator(wrapped, line("/ Mission locale", 90, first=3), SPACE, glued) == ""


def test_hyphen_of_a_compound_is_kept_without_space():
    assert separator(line("insertion socio-", 190), line("professionnelle", 80, first=60), SPACE) == ""


def test_spaced_dash_at_line_end_is_not_a_compound():
    assert separator(line("SANTE -", 195), line("AUX DROITS", 60, first=30), SPACE) == " "


def test_word_too_long_for_the_cell_is_rejoined_without_space():
    cut = Line("(DDCS/DIRECCTE/SGA", 10, 196, 180, 5, limit=200, edge=199, size=8)
    assert separator(cut, line("R)", 20, first=8), SPACE) == ""


def test_single_word_line_with_room_for_one_more_letter_was_wrapped_not_cut():
    word = Line("Bailleurs", 10, 190, 180, 4, limit=200, edge=199, size=8)
    assert separator(word, line("sociaux, associations", 90, first=30), SPACE) == " "


def test_full_single_word_line_is_cut_or_wrapped_as_the_document_prints_its_words():
    # The same geometry (the next letter would pass the edge) three times: the document's own
    # words decide. A line stopping short of the edge vouches for its last word.
    cells = [[line("les associations de quartier", 120)], [line("réunir de nombreux acteurs", 120)],
             [line("dans le quartier ou", 120), line("l’accompagnement", 120)]]
    known = vocabulary(cells)
    assert {"associations", "de", "l’accompagnement"} <= known and "nombreux" in known
    full = dict(limit=200.0, edge=199.0, size=8.0)
    assert separator(Line("associati", 10, 197, 180, 5, **full), line("ons", 20, first=8), SPACE, known) == ""
    assert separator(Line("départemental", 10, 197, 180, 5, **full), line("de soutien", 60, first=8), SPACE, known) == " "
    assert separator(Line("lecture/numéri", 10, 197, 180, 5, **full), line("que", 20, first=8), SPACE,
                     known | {"que", "numérique"}) == ""
    # The first word printed whole elsewhere also vouches, unless the rest is a lone letter.
    assert separator(Line("nombreux", 10, 197, 180, 5, **full), line("acteurs", 40, first=8), SPACE, known - {"acteurs"}) == " "
    assert separator(Line("nombreux", 10, 197, 180, 5, **full), line("s", 5, first=5), SPACE, known) == ""
    # A mark the document prints after a space is a word of its own: "Indicateur" / ": nombre".
    french = vocabulary([[line("Objectif : réduire", 120)]])
    assert ":" in french
    assert separator(Line("Indicateur", 10, 197, 180, 5, **full), line(": nombre", 40, first=3), SPACE, french) == " "
    assert separator(Line("Indicateur", 10, 197, 180, 5, **full), line(": nombre", 40, first=3), SPACE, known) == ""
    # A word the document prints only at a line's start ("bénéficiaires" opening a line after a
    # full one) still vouches for the cut, where the piece before is no word: "bénéficiair" / "es".
    edges = vocabulary([[line("dans le quartier et auprès des", 199), line("bénéficiaires mères es", 120)]])
    assert "bénéficiaires" not in edges and "es" in edges
    assert separator(Line("bénéficiair", 10, 197, 180, 5, **full), line("es suivis", 40, first=8), SPACE, edges) == ""
    assert separator(Line("départemental", 10, 197, 180, 5, **full), line("de soutien", 60, first=8), SPACE,
                     edges | {"de"}) == " "


def test_word_after_an_opening_bracket_is_never_the_end_of_a_cut_word():
    full = Line("pluriprofessionnelle", 10, 196, 180, 5, limit=200, edge=199, size=8)
    assert separator(full, line("(quartier des Hauts)", 90, first=40), SPACE) == " "
    elided = Line("l’employabilité", 10, 196, 180, 5, limit=200, edge=199, size=8)
    assert separator(elided, line("l'ouverture des droits", 90, first=40), SPACE) == " "
    # An elided article typed apart from its word (browser seed 5223) starts a word all the same.
    word = Line("transdisciplinaire", 10, 196, 180, 5, limit=200, edge=199, size=8)
    assert separator(word, line("l’ l’orientation", 90, first=10), SPACE) == " "


def test_a_number_after_a_word_is_never_the_end_of_a_cut_word():
    # A narrow deadline column: "semestre" fills its line, "2025" would not have fitted after it.
    full = Line("semestre", 10, 46, 36, 5, limit=48, edge=47, size=8)
    assert separator(full, line("2025", 30, first=20), SPACE) == " "
    assert separator(full, line("2025 ;", 30, first=20), SPACE) == " "
    code = Line("CM", 10, 46, 36, 5, limit=48, edge=47, size=8)
    assert separator(code, line("2-6ème", 30, first=20), SPACE) == ""  # one digit after letters: a code cut ("CM2")
    assert separator(code, line("20ème", 30, first=20), SPACE) == ""  # digits that a letter goes on from


def test_semicolon_then_capital_ends_an_item_even_on_a_full_line():
    assert separator(line("favoriser la mixité ;", 190), line("Soutenir les jeunes", 100, first=40), SPACE) is None
    assert separator(line("diagnostic ;", 190), line("identifier les partenaires", 100, first=40), SPACE) == " "


def test_items_split_at_markers_and_typed_breaks_with_levels():
    lines = [
        line("Paragraph without marker", 120),
        line("• first bullet that wraps to the", 196),
        line("next line", 60, first=15),
        line("– sub item", 70),
        line("- another sub item", 90),
        line("New paragraph", 80),
    ]
    assert items(lines, SPACE) == [
        (0, "Paragraph without marker"),
        (1, "first bullet that wraps to the next line"),
        (2, "sub item"),
        (2, "another sub item"),
        (0, "New paragraph"),
    ]


def test_a_marker_alone_on_its_line_opens_the_item_of_the_line_below():
    # A narrow column: the item's first word did not fit beside its marker and wrapped, whether
    # the break reads as wrap (the word would not have fitted) or as typed (it would have).
    for first in (195.0, 20.0):
        lines = [line("• un objectif", 80), line("–", 15), line("Socioprofessionnel et suite", 150, first=first),
                 line("•", 12), line("Accueillir", 60, first=first)]
        assert items(lines, SPACE) == [(1, "un objectif"), (2, "Socioprofessionnel et suite"), (1, "Accueillir")]
    # A dash alone as the cell's last line opens nothing: it stays a word of the text.
    assert items([line("Un objectif", 80), line("–", 15)], SPACE)[-1][1].endswith("–")


def test_dash_glued_to_a_word_is_not_a_marker():
    assert split_marker("-10% de chômage") == (None, "-10% de chômage")
    assert split_marker("•Concevoir") == (1, "Concevoir")


def test_pilot_cell_keeps_typed_breaks_and_joins_wraps():
    lines = [line("Ville", 40), line("CAF", 30, first=15), line("Etat, Région,", 198), line("Métropole", 50, first=45)]
    assert paragraphs(lines, SPACE) == ["Ville", "CAF", "Etat, Région, Métropole"]


def test_cell_range_residue_is_removed_and_reported():
    assert remove_residue("F28:F33Le préparant à entrer") == ("Le préparant à entrer", ["F28:F33"])
    assert remove_residue("voir A1:B2 puis") == ("voir puis", ["A1:B2"])
    assert remove_residue("de 10:30 à 12:00, article L2:3") == ("de 10:30 à 12:00, article L2:3", [])


def test_fold_removes_case_accents_and_punctuation():
    assert fold("N°") == "no"
    assert fold("Appel à\nprojet(s)") == "appel a projet s"


def test_bullet_indented_deeper_is_a_sub_item_whatever_its_marker():
    lines = [line("• premier niveau", 100, x0=10), line("• second niveau", 100, x0=28),
             line("• retour au premier", 100, x0=10)]
    assert [level for level, _ in items(lines, SPACE)] == [1, 2, 1]
    only_deep = [line("Un paragraphe", 60, x0=10), line("• sous-point", 100, x0=28)]
    assert items(only_deep, SPACE, bullet_x=10)[1] == (2, "sous-point")


def test_next_numbered_paragraph_opens_an_item_where_wrap_could_also_break():
    # Every line is full: the next word (30 pt) would not have fitted, geometry alone says wrap.
    cell = [line("Phase 1 : diagnostic partagé des", 190), line("ressources du quartier,", 190),
            line("Phase 2 : coordination des", 190, first=30), line("Phase 4 : une autre suite", 190, first=30)]
    assert items(cell, SPACE) == [(0, "Phase 1 : diagnostic partagé des ressources du quartier,"),
                                  (0, "Phase 2 : coordination des Phase 4 : une autre suite")]
    assert items([line("1) accueillir les", 190), line("2) familles", 100, first=30)], SPACE) == [
        (0, "1) accueillir les"), (0, "2) familles")]


def test_wrapped_closing_mark_is_set_apart_only_as_the_document_sets_it_apart():
    full, rest = line("sanitaires, environnementaux,", 190), line("…) influant sur", 80, first=8)
    attached = vocabulary([[line("des facteurs (sociaux,…) ici", 100)]])
    apart = vocabulary([[line("des facteurs (sociaux, …) ici", 100)]])
    assert separator(full, rest, SPACE, attached) == ""
    assert separator(full, rest, SPACE, apart) == " "
    assert separator(full, line("( en cours)", 80, first=8), SPACE, attached) == " "  # an opening mark


def test_where_the_document_says_nothing_the_french_dictionary_decides_a_cut():
    from pipeline.lexicon import french
    from pipeline.text import Vocabulary

    assert french("bénéficiaires") and french("l’accompagnement") and not french("bénéficiair") and not french("e")
    full = dict(limit=200.0, edge=199.0, size=8.0)
    nothing = Vocabulary()
    # The document prints none of the pieces: two French words that make none are two words,
    # a French word whose first piece is none is one cut word.
    assert separator(Line("départemental", 10, 197, 180, 5, **full), line("de soutien", 60, first=8), SPACE, nothing) == " "
    assert separator(Line("associati", 10, 197, 180, 5, **full), line("ons", 20, first=8), SPACE, nothing) == ""
    # A French word of one letter counts, though the dictionary knows no single letter: "Appel"
    # filling a header's narrow cell, then "à projets", are two words.
    assert separator(Line("Appel", 10, 197, 180, 5, **full), line("à projets", 40, first=8), SPACE, nothing) == " "
    # "es" is a word the document prints, but "bénéficiaires" is French and "bénéficiair" is not.
    assert separator(Line("bénéficiair", 10, 197, 180, 5, **full), line("es suivis", 40, first=8), SPACE,
                     Vocabulary({"es", "suivis"})) == ""
    # A capital printed without its accent is the accented letter: "Education" / "nationale" are
    # two French words ("education" in lower case is none).
    assert french("Education") and french("L’Etat") and not french("education")
    assert separator(Line("Education", 10, 197, 180, 5, **full), line("nationale", 40, first=8), SPACE, nothing) == " "


def test_a_learned_prefix_before_a_french_word_makes_a_french_word():
    # The dictionary lacks "pluriprofessionnelle" and "interconnaissance"; a label cut
    # "Pluriprofessionn" / "elle" (a word of its own) is then one word made whole.
    from pipeline.label_words import label_reading
    from pipeline.lexicon import french

    assert french("Pluriprofessionnelle") and french("l’interconnaissance") and french("socioculturels")
    assert not french("Pluriprofessionn") and not french("internet")  # no word after the prefix, or too short a one
    # A prefix alone is a word: "pluri" / "quantitatif" at a line end stay two words, as before.
    assert label_reading(["Un pluri", "quantitatif SIAE"]).text == "Un pluri quantitatif SIAE"
    assert label_reading(["Orientation 2.1 :", "Pluriprofessionn", "elle résidant"]).text == \
        "Orientation 2.1 : Pluriprofessionnelle résidant"


def test_a_compound_of_french_words_is_french():
    # The dictionary lacks "socio-professionnelle"; its parts are a learned prefix and a word. A
    # line filled by it, then a word the document prints nowhere else, are two words.
    from pipeline.lexicon import french
    from pipeline.text import Vocabulary

    assert french("Socio-professionnelle") and french("non-scolarisés") and french("peut-être")
    assert not french("numé-rique") and not french("Saint-Chamond")
    full = dict(limit=200.0, edge=199.0, size=8.0)
    assert separator(Line("Socio-professionnelle", 10, 197, 180, 5, **full), line("adolescents attractives", 60, first=8),
                     SPACE, Vocabulary()) == " "


def test_the_dictionary_read_as_sorted_lines_knows_exactly_the_words_of_its_json():
    import gzip
    import importlib.resources
    import json
    import random

    from pipeline.lexicon import _listed

    resource = importlib.resources.files("spellchecker") / "resources" / "fr.json.gz"
    words = sorted(json.loads(gzip.decompress(resource.read_bytes())))
    sample = random.Random(7).sample(words, 2000)
    assert all(_listed(w) for w in sample)
    near = {w[:-1] for w in sample} | {w + "q" for w in sample} | {w + '"' for w in sample}
    known = set(words)
    assert {w for w in near if _listed(w)} == near & known


def test_a_spaced_separator_wrapped_to_a_line_start_stays_apart_where_the_document_spaces_it():
    # "Département" fills its line and " / CAF" wrapped: the document prints " / " between
    # names, so the slash is a word of its own; a closing mark the document sets apart once is not.
    full = dict(limit=200.0, edge=199.0, size=8.0)
    spaced = vocabulary([[line("Ville / Etat / CAF", 100)], [line("des acteurs , ici", 100)]])
    assert "/" in spaced and "," in spaced
    assert separator(Line("Département", 10, 197, 180, 5, **full), line("/ CAF", 40, first=3), SPACE, spaced) == " "
    assert separator(Line("Département", 10, 197, 180, 5, **full), line("/ CAF", 40, first=3), SPACE,
                     vocabulary([[line("Ville/Etat", 100)]])) == ""
    assert separator(Line("environnementaux", 10, 197, 180, 5, **full), line(", ici", 40, first=3), SPACE,
                     spaced) == ""


def test_wrapped_lines_of_a_label_keep_a_compound_whole():
    from pipeline.text import join_lines

    assert join_lines(["Accueillir les tout-", "petits et les co-", "élaborations"]) == \
        "Accueillir les tout-petits et les co-élaborations"
    assert join_lines(["SANTE -", "AUX DROITS"]) == "SANTE - AUX DROITS"
    assert join_lines(["la liaison CM2-", "6ème, 2024-", "2026"]) == "la liaison CM2-6ème, 2024-2026"  # as fields join


def test_a_line_ending_with_a_word_end_mark_never_ends_with_half_a_word():
    # "Préfecture," fills its line and "Etat" would not have fitted: a comma ends a word.
    full = dict(limit=200.0, edge=199.0, size=8.0)
    assert separator(Line("Préfecture,", 10, 197, 180, 5, **full), line("Etat", 20, first=8), SPACE, vocabulary([])) == " "
    assert separator(Line("Préfecture", 10, 197, 180, 5, **full), line("s", 20, first=8), SPACE, vocabulary([])) == ""


def test_a_word_filling_its_lines_that_other_words_follow_each_time_is_whole():
    # A browser sizes a column to its longest word, which then fills a line each time it is
    # printed, followed by whatever comes next: "ludopédagogiques" / "ce", / "réelle" (the
    # dictionary lacks the word, and the document never prints it inside a line). A word cut at
    # the cell's edge goes on with its own rest each time: "professionnalisati" / "on", / "ons".
    full = dict(limit=200.0, edge=199.0, size=8.0)

    def filled(word: str) -> Line:
        return Line(word, 10, 197, 180, 5, **full)

    whole = vocabulary([[filled("ludopédagogiques"), line("ce parc", 60)],
                        [filled("ludopédagogiques"), line("réelle ici", 60)]])
    assert "ludopédagogiques" in whole
    assert separator(filled("ludopédagogiques"), line("ce parc", 60, first=8), SPACE, whole) == " "
    cut = vocabulary([[filled("professionnalisati"), line("on des", 60)], [filled("professionnalisati"), line("ons de", 60)]])
    assert "professionnalisati" not in cut
    once = vocabulary([[filled("ludopédagogiques"), line("ce parc", 60)]])
    assert "ludopédagogiques" not in once
    assert separator(filled("ludopédagogiques"), line("ce parc", 60, first=8), SPACE, once) == ""
