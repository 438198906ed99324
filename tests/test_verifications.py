"""No silent error: every word of the PDF accounted for, doubtful fiches flagged, numbers
checked, the table found inside a whole contract and ended where it ends (issue: silent errors).

The traps are built from the shared edition: random prose before it, an annex after it, a
blank or variant number, fonts without a Unicode map, words the reader puts nowhere, OCR text."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import numbering
from pipeline.avertissements import Warnings
from pipeline.cli import main
from pipeline.column_doubts import empty_usual_cells
from pipeline.errors import EXIT_BAD_INPUT, EXIT_TO_CHECK
from pipeline.extract import extract, overprinted
from pipeline.fiches import Draft
from pipeline.repair import repair
from pipeline.validate import validate
from pipeline.verifications import (
    crowding_neighbours,
    cut_sentence_neighbours,
    flag_neighbours,
    flag_shared,
    flag_unread,
    interleaved,
)
from tests.conftest import EDITIONS, collapse
from tests.synthetic import Layout, default_columns, render, shared_fiches, vary_content
from tests.test_bad_input import _budget, _indicators
from tests.test_repair import NUMERO, OBJECTIFS, TITRE, cell, row
from tests.traps import join, prose

FIELDS = ["numero", "enjeu", "enjeu_libelle", "intitule", "objectifs", "objectifs_niveaux", "appel_a_projets",
          "pilote_brut"]
SHARED = "montpellier-2020"

#: What normalisation adds to a fiche, for validating repaired fiches directly.
NORMALISED = {"pilotes": ["ville"], "pilotes_inconnus": [], "partenaires": [], "partenaires_inconnus": []}


def parts(words: list[dict]) -> dict[str, int]:
    return {w["partie"]: w["mots"] for w in words}


def same_fiches(got: list[dict], expected: list[dict]) -> bool:
    return [[collapse(g[k]) for k in FIELDS] for g in got] == [[collapse(e[k]) for k in FIELDS] for e in expected]


@pytest.fixture(scope="module")
def traps(tmp_path_factory):
    folder = tmp_path_factory.mktemp("traps")
    _budget(folder / "budget.pdf")
    _indicators(folder / "indicators.pdf")
    prose(folder / "prose-after.pdf", 3, seed=7)
    return folder


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_word_is_in_exactly_one_part_and_none_is_unread(repaired, edition):
    fragments, fiches, _ = repaired[edition]
    _, _, words = repair(fragments, edition)[:3]
    assert sum(w["mots"] for w in words) == int((fragments["kind"] == "word").sum())
    assert parts(words)["non_lu"] == 0 and parts(words)["fiche"] > 0.9 * sum(w["mots"] for w in words)
    assert not [f["numero"] for f in fiches if f["a_verifier"]]


@pytest.mark.parametrize("pages", [12, 30])
def test_the_table_is_found_after_pages_of_prose(pages, expected, tmp_path):
    prose(tmp_path / "prose.pdf", pages, seed=pages)
    join([tmp_path / "prose.pdf", EDITIONS[SHARED][0]], tmp_path / "contrat.pdf")
    fiches, _, words = repair(extract(tmp_path / "contrat.pdf"), "contrat")[:3]
    assert same_fiches(fiches, expected[SHARED])
    assert [f["pages"][0] for f in fiches][:1] == [pages + 1]
    assert parts(words)["hors_tableau"] > 300 * pages and parts(words)["non_lu"] == 0
    assert not any(f["a_verifier"] for f in fiches)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("annex", ["budget", "indicators", "prose-after"])
def test_an_annex_after_the_table_is_never_glued_to_the_last_fiche(traps, expected, edition, annex, tmp_path):
    join([EDITIONS[edition][0], traps / f"{annex}.pdf"], tmp_path / "contrat.pdf")
    fiches, warnings, words = repair(extract(tmp_path / "contrat.pdf"), "contrat")[:3]
    assert same_fiches(fiches, expected[edition])
    assert parts(words)["annexe"] > 200 and parts(words)["non_lu"] == 0
    assert not any(f["a_verifier"] for f in fiches)
    if annex == "indicators" and edition == "montpellier-2020-word":  # its numbers fall in the number column:
        assert any(w["code"] == "annexe_numerotee" for w in warnings)  # said, never published as fiches


def _edition_with(tmp_path: Path, rules: str, numero: str, index: int = 4) -> tuple[list[dict], list[dict], list[dict]]:
    content = vary_content(shared_fiches(), 0)
    content[index]["numero"] = numero
    path = tmp_path / f"{rules}.pdf"
    render(content, Layout(columns=default_columns(), rules=rules), path)
    fiches, warnings, _ = repair(extract(path), "e")[:3]
    return content, fiches, warnings


@pytest.mark.parametrize("rules", ["grid", "rows", "none"])
def test_a_blank_number_is_its_own_fiche_quarantined_never_merged(rules, tmp_path):
    content, fiches, _ = _edition_with(tmp_path, rules, "")
    assert len(fiches) == len(content)
    above = next(f for f in fiches if f["numero"] == "1.4")
    assert collapse(above["intitule"]) == collapse(content[3]["intitule"])
    assert collapse(above["pilote_brut"]) == collapse(content[3]["pilote_brut"])
    valid, rejects = validate([{**f, **NORMALISED} for f in fiches])
    (reject,) = rejects
    assert reject["raisons"][0].startswith("numero_absent")
    assert collapse(reject["enregistrement"]["intitule"]) == collapse(content[4]["intitule"])
    beside = {f["numero"] for f in fiches if any(v["code"] == "voisine_sans_numero" for v in f["verifications"])}
    assert beside == {content[3]["numero"], content[5]["numero"]}  # the part may be the rest of either


@pytest.mark.parametrize("rules", ["grid", "rows", "none"])
@pytest.mark.parametrize("printed", ["1,5", "l.5", "I.5"])
def test_a_variant_number_is_read_as_the_pattern_says_and_flagged(rules, printed, tmp_path):
    content, fiches, warnings = _edition_with(tmp_path, rules, printed)
    assert [f["numero"] for f in fiches] == [c["numero"] if c["numero"] != printed else "1.5" for c in content]
    fiche = fiches[4]
    assert collapse(fiche["intitule"]) == collapse(content[4]["intitule"])
    assert [v["code"] for v in fiche["verifications"]] == ["numero_corrige"] and fiche["a_verifier"]
    assert [w["numero"] for w in warnings if w["code"] == "numero_variante"] == ["1.5"]
    assert sum(f["a_verifier"] for f in fiches) == 1


def test_a_bis_number_is_a_fiche_of_its_own(tmp_path):
    content, fiches, _ = _edition_with(tmp_path, "grid", "1.5 bis")
    assert "1.5bis" in [f["numero"] for f in fiches] and len(fiches) == len(content)
    assert collapse(fiches[3]["intitule"]) == collapse(content[3]["intitule"])


def test_a_variant_taken_by_another_fiche_is_quarantined(tmp_path):
    content, fiches, _ = _edition_with(tmp_path, "grid", "1,4")  # 1.4 exists already
    valid, rejects = validate([{**f, **NORMALISED} for f in fiches])
    assert [r["numero"] for r in rejects] == ["1,4"] and len(valid) == len(content) - 1


def test_a_font_without_unicode_map_is_refused_naming_the_fonts(tmp_path, capsys):
    data = EDITIONS["montpellier-2020-word"][0].read_bytes().replace(b"/ToUnicode", b"/NoUnicode")
    (tmp_path / "cid.pdf").write_bytes(data)
    assert main(["run", str(tmp_path / "cid.pdf"), "--out", str(tmp_path / "out")]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "sans correspondance Unicode" in err and "LiberationSerif" in err and "(cid:" not in err


def _words_of(fragments, page: int):
    return fragments[(fragments["kind"] == "word") & (fragments["page"] == page)]


def test_some_glyphs_without_unicode_are_removed_and_their_fiches_flagged(repaired):
    fragments, fiches, _ = repaired[SHARED]
    fragments = fragments.copy()
    first = fiches[0]["intitule"].split()[0]
    hit = (fragments["kind"] == "word") & (fragments["page"] == 1) & (fragments["text"] == first)
    fragments.loc[hit, "text"] = "(cid:12)(cid:7)"
    got, warnings, _ = repair(fragments, SHARED)[:3]
    assert "(cid:" not in got[0]["intitule"] and "glyphes_non_mappes" in [v["code"] for v in got[0]["verifications"]]
    assert any(w["code"] == "glyphes_non_mappes" and w["page"] == 1 for w in warnings)


def test_invisible_ocr_text_flags_its_fiche(repaired):
    fragments, fiches, _ = repaired[SHARED]
    fragments = fragments.copy()
    word = fiches[2]["intitule"].split()[-1]
    page = fiches[2]["pages"][0]
    hit = (fragments["kind"] == "word") & (fragments["page"] == page) & (fragments["text"] == word)
    fragments.loc[hit, "invisible"] = True
    got, warnings, _ = repair(fragments, SHARED)[:3]
    assert "texte_ocr" in [v["code"] for v in got[2]["verifications"]]
    assert [(w["page"], w["numero"]) for w in warnings if w["code"] == "texte_ocr"] == [(page, None)]


def test_overprinted_text_flags_its_fiche(repaired):
    fragments, fiches, _ = repaired[SHARED]
    assert not any(fiche["a_verifier"] for fiche in fiches)
    fragments = fragments.copy()
    word = fiches[4]["intitule"].split()[0]
    hit = (fragments["kind"] == "word") & (fragments["page"] == fiches[4]["pages"][0]) & (fragments["text"] == word)
    fragments.loc[hit, "overprinted"] = True
    got = repair(fragments, SHARED)[0]
    assert "texte_superpose" in [v["code"] for v in got[4]["verifications"]]


def test_glyphs_lying_over_other_glyphs_are_told_from_kerning_and_fake_bold():
    def glyphs(*spans: tuple[str, float, float]) -> list[dict]:
        return [{"text": t, "x0": a, "x1": b} for t, a, b in spans]

    assert not overprinted(glyphs(("L", 0, 5), ("A", 5, 10), ("E", 10, 15), ("P", 15, 20.3), (".", 19.3, 21.5)), "ltr")
    assert not overprinted(glyphs(("B", 0, 5), ("B", 0.3, 5.3), ("o", 5.3, 9)), "ltr")  # a fake bold
    # Two labels overflowing onto each other: their glyphs interleave, each over the next.
    assert overprinted(glyphs(("P", 0, 6), ("A", 0.5, 6.5), ("R", 6, 12), ("J", 6.5, 12.5), ("O", 12, 18)), "ltr")


def test_words_crossing_each_other_are_overprinted():
    from pipeline.extract import mark_crossing

    def word(text: str, x0: float, top: float, size: float = 6.0) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + size,
                "direction": "ltr", "invisible": False, "overprinted": False}

    # A cell's last line run out of its row onto the next row's first line, 2.5 pt below it at 6 pt.
    lines = [word("Actions", 45, 451.7), word("Problématiques", 45, 454.2), word("veillant", 300, 454.2)]
    mark_crossing(lines)
    assert [w["overprinted"] for w in lines] == [True, True, False]
    # Lines a pitch apart, words side by side, a word drawn twice in place (a fake bold): no crossing.
    apart = [word("Une", 45, 100), word("ligne", 70, 100), word("suivante", 45, 106.6), word("Gras", 200, 100),
             word("Gras", 200.3, 100), word("Axe", 300, 100), word(":", 317.5, 100)]  # kerned at a font change
    mark_crossing(apart)
    assert not any(w["overprinted"] for w in apart)


def test_a_word_inside_the_table_but_in_no_cell_is_unread_and_flags_its_neighbour(repaired):
    import pandas as pd

    fragments, fiches, _ = repaired[SHARED]
    target = fiches[10]
    page, (_, x0, top, _, bottom) = target["pages"][0], json.loads(target["provenance"])["intitule"][0]
    stray = _words_of(fragments, page).iloc[[0]].copy()
    stray[["x0", "x1", "top", "bottom", "text", "in_table"]] = [x0 + 2, x0 + 30, (top + bottom) / 2 - 4,
                                                                (top + bottom) / 2 + 4, "égaré", False]
    for column in ("row0", "row1", "col0", "col1"):
        stray[column] = None
    got, warnings, words = repair(pd.concat([fragments, stray], ignore_index=True), SHARED)[:3]
    assert parts(words)["non_lu"] == 1
    (warning,) = [w for w in warnings if w["code"] == "mot_non_lu"]
    assert warning["page"] == page and warning["numero"] == target["numero"] and "égaré" in warning["message"]
    assert [f["numero"] for f in got if f["a_verifier"]] == [target["numero"]]


def test_numbering_out_of_order_and_gaps_flag_the_fiches(repaired):
    _, fiches, _ = repaired[SHARED]
    from pipeline.verifications import flag_numbering

    shuffled = [copy.deepcopy(f) for f in fiches if f["numero"] != "2.3"]
    shuffled.insert(2, shuffled.pop(20))
    collected = Warnings(SHARED)
    flag_numbering(shuffled, collected)
    warnings = collected.records
    flagged = {f["numero"]: [v["code"] for v in f["verifications"]] for f in shuffled if f["verifications"]}
    moved = shuffled[2]["numero"]
    assert flagged == {moved: ["numero_hors_sequence"], "2.2": ["numero_suivant_absent"]}
    assert any(w["code"] == "numero_manquant" and "2.3 absent" in w["message"] for w in warnings)


def test_a_number_off_the_edition_s_pattern_opens_no_series_of_gaps(repaired):
    # OCR read "1.2" as "12" and "2.1" as "21": both are flagged off the pattern, and neither
    # makes 1 to 11 and 13 to 20 gaps of a series of plain numbers.
    _, fiches, _ = repaired[SHARED]
    from pipeline.verifications import flag_numbering

    misread = [copy.deepcopy(f) for f in fiches]
    for fiche in misread:
        fiche["numero"] = {"1.2": "12", "2.1": "21"}.get(fiche["numero"], fiche["numero"])
    collected = Warnings(SHARED)
    flag_numbering(misread, collected)
    flagged = {f["numero"]: [v["code"] for v in f["verifications"]] for f in misread if f["verifications"]}
    assert flagged["12"][0] == "numero_hors_modele" and flagged["21"][0] == "numero_hors_modele"
    assert [w["message"] for w in collected.records if w["code"] == "numero_manquant"] == \
        ["1.1 puis la suite : 1.2 absent", "2.1 absent"]


def test_a_number_naming_another_theme_flags_the_fiche(repaired):
    _, fiches, _ = repaired[SHARED]
    from pipeline.verifications import flag_numbering

    moved = [copy.deepcopy(f) for f in fiches]
    last_of_two = max((f for f in moved if f["enjeu"] == 2), key=lambda f: numbering.key(f["numero"]))
    last_of_two["enjeu"] = 3  # a theme border read one row too high
    flag_numbering(moved, Warnings(SHARED))
    flagged = {f["numero"]: [v["code"] for v in f["verifications"]] for f in moved if f["verifications"]}
    assert flagged == {last_of_two["numero"]: ["numero_hors_theme"]}


def test_a_theme_lost_over_a_third_of_the_edition_flags_its_fiches():
    # Theme 3's band unread: its fiches filed under theme 2, theme 1's under none. Those whose
    # theme was read agree with their number in two themes of three: the others are flagged.
    from pipeline.verifications import flag_numbering

    def fiche(numero: str, enjeu: int | None) -> dict:
        return {"numero": numero, "enjeu": enjeu, "pages": [1], "verifications": []}

    read = [fiche("1.1", None), fiche("1.2", None), fiche("2.1", 2), fiche("2.2", 2), fiche("3.1", 2), fiche("3.2", 2),
            fiche("4.1", 4), fiche("4.2", 4)]
    flag_numbering(read, Warnings("e"))
    flagged = {f["numero"]: [v["code"] for v in f["verifications"]] for f in read if f["verifications"]}
    assert flagged == {"3.1": ["numero_hors_theme"], "3.2": ["numero_hors_theme"]}
    # "1.1", "1.2" under every axis: the numbers carry no theme (they are flagged as repeats only).
    apart = [fiche(f"1.{k}", axe) for axe in (1, 2, 3) for k in (1, 2)]
    flag_numbering(apart, Warnings("e"))
    assert not any(v["code"] == "numero_hors_theme" for f in apart for v in f["verifications"])
    # A theme lost over most of the edition (fiches "2.1" to "3.2" filed under theme 1, few agree):
    # the numbers still run through the themes read, in order; those filed elsewhere are flagged.
    shifted = [fiche("1.1", 1), fiche("1.2", 1)] + [fiche(f"{t}.{k}", 1) for t in (2, 3) for k in (1, 2, 3)] \
        + [fiche("4.1", 4), fiche("5.1", 5)]
    flag_numbering(shifted, Warnings("e"))
    flagged = {f["numero"] for f in shifted if any(v["code"] == "numero_hors_theme" for v in f["verifications"])}
    assert flagged == {"2.1", "2.2", "2.3", "3.1", "3.2", "3.3"}


def test_a_number_naming_another_sub_theme_or_none_flags_the_fiche():
    from pipeline.verifications import flag_numbering

    def fiche(numero: str, sous_enjeu: str | None) -> dict:
        return {"numero": numero, "enjeu": int(numero[0]), "sous_enjeu": sous_enjeu, "pages": [1], "verifications": []}

    read = [fiche("1.1.1", "1.1"), fiche("1.1.2", None), fiche("1.2.1", "1.1"), fiche("2.1.1", "2.1"), fiche("2.2.1", "2.2")]
    flag_numbering(read, Warnings("e"))
    flagged = {f["numero"]: [v["code"] for v in f["verifications"]] for f in read if f["verifications"]}
    assert flagged == {"1.1.2": ["numero_hors_theme"], "1.2.1": ["numero_hors_theme"]}
    # Sub-themes numbered apart from the fiches ("Orientation 1" under every axis) say nothing.
    apart = [fiche("1.1.1", "1"), fiche("1.2.1", "1"), fiche("2.1.1", "2")]
    flag_numbering(apart, Warnings("e"))
    assert not any(f["verifications"] for f in apart)


def test_the_run_exits_4_and_says_how_many_fiches_to_check(repaired, tmp_path, capsys):
    from pipeline.edition import publish_edition
    from pipeline.files import REFERENTIAL

    _, fiches, warnings = repaired[SHARED]
    fiches = [dict(f) for f in fiches]
    fiches[3] = {**fiches[3], "a_verifier": True,
                 "verifications": [{"code": "mots_non_lus", "message": "des mots non lus"}]}
    status = publish_edition(fiches, warnings, SHARED, EDITIONS[SHARED][0], tmp_path, REFERENTIAL)
    assert status == EXIT_TO_CHECK
    err = capsys.readouterr().err
    assert "1 fiche à vérifier" in err
    report = (tmp_path / SHARED / "rapport.md").read_text(encoding="utf-8")
    assert f"fiche {fiches[3]['numero']}" in report.split("## Fiches à vérifier")[1].split("##")[0]
    import pandas as pd

    published = pd.read_parquet(tmp_path / SHARED / "fiches.parquet")
    assert published["a_verifier"].sum() == 1 and len(published) == len(fiches)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 9), st.integers(3, 12), st.randoms(use_true_random=False))
def test_out_of_order_and_gaps_name_exactly_the_moved_and_the_absent_number(themes, per_theme, rng):
    numbers = [f"{t}.{n}" for t in range(1, themes + 1) for n in range(1, per_theme + 1)]
    assert numbering.out_of_order(numbers) == [] and numbering.gap_neighbours(numbers) == []
    moved = list(numbers)
    k = rng.randrange(len(moved))
    item = moved.pop(k)
    moved.insert(rng.choice([j for j in range(len(moved) + 1) if abs(j - k) > 1]), item)
    assert [moved[j] for j in numbering.out_of_order(moved)] == [item]
    drop = rng.choice([j for j, n in enumerate(numbers) if not n.endswith(f".{per_theme}")])  # not a series' last
    assert numbering.gap_neighbours(numbers[:drop] + numbers[drop + 1:]) == [
        (numbers[drop], numbers[drop - 1] if not numbers[drop].endswith(".1") else None)]


@pytest.mark.parametrize("printed, plain", [("1,5", "1.5"), ("l.5", "1.5"), ("I.12", "1.12"), ("1 . 5", "1.5"),
                                            ("2.O", "2.0"), ("Ville", "Ville"), ("A1", "A1"), ("1.5 bis", "1.5 bis")])
def test_plain_form_of_variant_numbers(printed, plain):
    assert numbering.plain_form(printed) == plain


def test_digits_printed_without_their_dots_are_read_as_the_one_number_that_fits():
    # OCR misses small dots: "12" between 1.1 and 1.3 is 1.2; "111" between 1.10 and 1.12 is
    # 1.11, not 11.1; a number another fiche has, or two that fit, leave it as printed.
    from pipeline.verifications import read_variants

    assert numbering.dotted_forms("111", "9.9") == ["1.11", "11.1"] and numbering.dotted_forms("102", "9.9") == ["10.2"]
    assert numbering.dotted_forms("12", "A9") == [] and numbering.dotted_forms("1.2", "9.9") == []

    def read(*numbers: str) -> list[str]:
        around = ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]  # the edition's pattern, 9.9
        fiches = [{"numero": n, "pages": [1], "verifications": []} for n in [*numbers, *around]]
        read_variants(fiches, Warnings(SHARED))
        return [f["numero"] for f in fiches[:len(numbers)]]

    assert read("1.1", "12", "1.3", "2.1") == ["1.1", "1.2", "1.3", "2.1"]
    assert read("1.9", "1.10", "111", "1.12") == ["1.9", "1.10", "1.11", "1.12"]
    assert read("1.1", "111", "2.1") == ["1.1", "1.11", "2.1"]  # 11.1 would come after 2.1
    assert read("1.1", "1.2", "12", "1.3") == ["1.1", "1.2", "12", "1.3"]  # 1.2 is another fiche's
    assert read("1.1", "111", "12.1") == ["1.1", "111", "12.1"]  # 1.11 and 11.1 both fit


def test_a_one_word_line_glued_to_a_one_letter_word_is_doubtful():
    # "territorialisation" fills its line; the next opens with "a": a cut word's last letter, or
    # the verb? Neither the document nor the dictionary says: glued, and flagged. A longer end of
    # a cut word ("Indicateu" / "r") is not.
    from pipeline.document import Document
    from pipeline.line_joins import glued_words
    from pipeline.text import Line

    def lines(left: str, right: str) -> list[Line]:
        end = 10.0 + 5.0 * len(left)
        return [Line(left, 10.0, end, 5.0 * len(left), 5.0, size=8.0, top=100.0, limit=end, edge=end),
                Line(right, 10.0, 10.0 + 5.0 * len(right), 5.0, 5.0, size=8.0, top=110.0, limit=end, edge=end)]

    doc = Document([], [0.0, 300.0])
    assert glued_words(doc, [lines("territorialisation", "a réunit ;")]) == ["territorialisationa"]
    assert glued_words(doc, [lines("Indicateu", "r de suivi")]) == []
    # A short French word after a piece the dictionary lacks, the two not making a French word:
    # a long word ("ludopédagogiques") and "ce", or a cut word's end? Flagged too.
    assert glued_words(doc, [lines("ludopédagogiques", "ce parc")]) == ["ludopédagogiquesce"]
    assert glued_words(doc, [lines("(DDCS/DIRECC", "TE/SGAR)")]) == []  # an acronym's pieces


def test_a_cell_over_two_columns_whose_line_a_wide_gap_parts_at_their_border_is_doubtful():
    # A page whose gutters missed the mark column merged "• Cohérence d’activité" and its row's
    # mark "x" into one cell over both columns (merged cells are cut at fiche numbers only): the
    # gap between them straddles the border at 458. Without such a gap, one text merely running
    # over an empty column, nothing is said.
    from dataclasses import replace

    from pipeline.column_doubts import straddling
    from pipeline.fiches import Draft
    from pipeline.text import Break
    from tests.test_repair import cell, row

    bounds = [36.0, 267.0, 458.0, 480.0, 544.0]
    gap = Break(31, 4, 454.5, 461.1, 5.4, 5.4)
    merged = replace(cell(1, (400.0, "• Cohérence d’activité x")), cols=(1, 2), x0=267.0, x1=480.0)
    merged.lines = [replace(merged.lines[0], x0=270.8, x1=466.5, breaks=(gap,))]
    assert straddling(Draft([row(merged)]), set(), bounds)
    merged.lines = [replace(merged.lines[0], breaks=())]
    assert not straddling(Draft([row(merged)]), set(), bounds)


def test_a_number_out_of_order_does_not_stretch_its_series_gaps():
    # OCR read "1.3" as "1.415": it is out of order, and 1.5 to 1.414 are no gaps; 1.3 is.
    assert numbering.gaps(["1.1", "1.2", "1.415", "1.4", "1.5"]) == ["1.3"]
    assert numbering.gaps(["1.1", "1.4", "1.2"]) == ["1.3"]  # a fiche moved keeps its number in the series
    # Numbers absent in a run after one printed number make one warning, each series its own.
    from pipeline.verifications import flag_numbering

    fiches = [{"numero": n, "pages": [1], "verifications": []} for n in ("1.1", "1.5", "2.3", "2.4", "3.3")]
    collected = Warnings(SHARED)
    flag_numbering(fiches, collected)
    assert [w["message"] for w in collected.records if w["code"] == "numero_manquant"] == [
        "1.1 puis la suite : 1.2 à 1.4 absents (3 numéros)", "2.1 à 2.2 absents (2 numéros)", "3.1 à 3.2 absents (2 numéros)"]


def test_shapes_and_the_edition_pattern():
    assert [numbering.shape(n) for n in ("1.12", "A3", "2.3.1", "12 b")] == ["9.9", "A9", "9.9.9", "9 A"]
    assert numbering.edition_shape(["1.1", "1.2", "2.1", "A1"], 0.7) == "9.9"
    assert numbering.edition_shape(["1.1", "A1"], 0.8) is None
    assert sorted(["1.10", "1.9", "1.5bis", "1.5", "A1", "2"], key=numbering.key) == \
        ["1.5", "1.5bis", "1.9", "1.10", "2", "A1"]


@pytest.mark.parametrize("seed, code", [(3, "mot_recolle"), (97, "mot_recolle"), (104, "tiret_incertain")])
def test_fuzz_layouts_read_wrongly_are_flagged(seed, code, tmp_path):
    """Fuzz seeds of tests/fuzz_layouts that read some fiches wrongly: "association" / "porteuse"
    across a page break (3), "bénéficiaires" / "suivis" in a narrow column (97), a wrapped
    "– long terme" read as a sub-item (104). Each wrong fiche is flagged, with that reason."""
    from tests.fuzz_layouts import read_seed

    reading = read_seed(seed, tmp_path)
    wrong = {n for n, _ in reading.wrong}
    assert wrong and all(code in [v["code"] for v in g["verifications"]] for g in reading.got if g["numero"] in wrong)


def test_an_unknown_mark_unlike_the_column_s_own_is_flagged_and_a_column_s_own_sign_is_not():
    from pipeline.document import Document
    from pipeline.fiches import Draft
    from pipeline.verifications import flag_marks
    from tests.test_repair import cell, row

    def drafts(*marks: str) -> list[Draft]:
        return [Draft([row(cell(0, (100, f"1.{k}")), *([cell(1, (100, m))] if m else []))]) for k, m in enumerate(marks)]

    doc = Document([], [0.0, 100.0, 200.0])
    for marks, flagged in [(("x", "", "x", "Page 1 / 1"), [3]), (("\x00", "", "\x00"), []), (("?", "Oui", "Non"), [0])]:
        fiches = [{"verifications": []} for _ in marks]
        flag_marks(fiches, drafts(*marks), doc, 1)
        assert [k for k, f in enumerate(fiches) if f["verifications"]] == flagged, marks


def _fiche(numero: str) -> dict:
    return {"numero": numero, "verifications": []}


def test_a_cell_read_by_two_fiches_flags_both_and_only_them():
    shared = cell(OBJECTIFS, (100, "• un objectif sur deux lignes"), (111, "du tableau"))
    drafts = [Draft([row(cell(NUMERO, (100, "1")), shared)]), Draft([row(cell(NUMERO, (130, "2")), shared)]),
              Draft([row(cell(NUMERO, (200, "3")), cell(OBJECTIFS, (200, "• le sien")))])]
    fiches = [_fiche("1"), _fiche("2"), _fiche("3")]
    flag_shared(fiches, drafts)
    assert [[v["code"] for v in f["verifications"]] for f in fiches] == [["texte_partage"], ["texte_partage"], []]


def test_lines_of_one_cell_closer_than_a_line_pitch_are_two_texts():
    # 9-point lines: 11 points apart is one paragraph; 5.5 apart, a neighbour's text between them.
    assert not interleaved(Draft([row(cell(TITRE, (100, "Premier"), (111, "titre")))]))
    assert interleaved(Draft([row(cell(TITRE, (100, "Premier"), (105.5, "Ville, Préfecture"), (111, "titre")))]))


def test_fiches_whose_texts_crowd_each_other_across_their_border_are_both_flagged():
    # Centred cells overflowing their rows: 1.1's last line at 154, 1.2's first 3.5 pt lower
    # (9-point lines 11 apart elsewhere); 1.3 starts a pitch below 1.2's end.
    drafts = [Draft([row(cell(TITRE, (132, "a"), (143, "b"), (154, "c")))]),
              Draft([row(cell(TITRE, (157.5, "d"), (168.5, "e")))]), Draft([row(cell(TITRE, (179.5, "f")))])]
    assert crowding_neighbours(drafts) == {0, 1}


def test_lines_crowding_at_a_fiches_edge_flag_the_neighbour_on_that_side():
    # Office seed 4417: 1.2's centred objectives overflow up into 1.1's row; their first line,
    # 3.6 pt under 1.1's last (9-point lines 11 apart), is read as 1.1's. Crowding inside a
    # fiche, away from its edges, says nothing of its neighbours.
    def fiches(*objectives: tuple) -> list[Draft]:
        return [Draft([row(cell(OBJECTIFS, *lines))]) for lines in objectives]

    at_foot = fiches(((100, "a"), (111, "b"), (114.6, "• c")), ((140, "d"),), ((170, "e"),))
    assert crowding_neighbours(at_foot) == {0, 1}
    at_head = fiches(((100, "a"),), ((140, "b"), (143.6, "c"), (154.6, "d")), ((180, "e"),))
    assert crowding_neighbours(at_head) == {0, 1}
    inside = fiches(((100, "a"),), ((140, "b"), (151, "c"), (154.6, "d"), (165.6, "e")), ((190, "f"),))
    assert crowding_neighbours(inside) == set()


def test_the_fiches_beside_a_numberless_one_are_flagged():
    fiches = [_fiche("1"), _fiche(""), _fiche("2"), _fiche("3")]
    flag_neighbours(fiches, lambda f: not f["numero"], "voisine_sans_numero", name_it=False)
    assert [bool(f["verifications"]) for f in fiches] == [True, False, True, False]


def test_a_line_right_below_the_table_of_a_page_it_goes_on_from_is_the_table_s():
    from pipeline.account import _inside
    from pipeline.geometry import Word

    frame = (20.0, 40.0, 800.0, 553.4)  # the table's cells on a page
    ran_over = Word(52, 557.2, 117, 563.8, "moins Nationale œuvre", size=6.6)  # a label cut by the break
    footer = Word(52, 575, 117, 582, "Page 2", size=7)
    assert _inside(ran_over, frame, runs_on=True) and not _inside(footer, frame, runs_on=True)
    assert not _inside(ran_over, frame, runs_on=False)  # below the table's last row: text after it


def test_unread_words_in_a_theme_column_flag_every_fiche_of_the_theme_beside_them():
    from collections import Counter

    from pipeline.account import Account, Unread
    from pipeline.themes import Theme

    one, two = Theme(3, "Continues", "Orientation", "3.1"), Theme(3, "Lire", "Orientation", "3.2")
    drafts = [Draft([replace(row(cell(NUMERO, (top, str(k)))), bottom=top + 100)], one if k < 2 else two)
              for k, top in enumerate((100, 200, 300))]
    fiches = [_fiche(str(k)) for k in range(3)]
    account = Account(Counter(), [Unread(1, 5.0, 250.0, "moins Nationale", 2)], [], [])
    flag_unread(fiches, drafts, account, Warnings("e"))
    assert [bool(f["verifications"]) for f in fiches] == [False, True, False]  # beside fiche 1 alone
    fiches = [_fiche(str(k)) for k in range(3)]
    flag_unread(fiches, drafts, account, Warnings("e"), in_theme_column=lambda x: x < 10)
    assert [bool(f["verifications"]) for f in fiches] == [True, True, False]  # the rest of theme 3.1's label


def test_a_sentence_going_on_across_two_fiches_flags_both():
    # 9-point lines 11 pt apart: 1.1's objective ends "des deux" (no full stop), 1.2's opens
    # lower-case on the next line: one paragraph cut between them; 1.3 starts an item of its own.
    drafts = [Draft([row(cell(OBJECTIFS, (100, "• Aide marchant"), (111, "des deux")))]),
              Draft([row(cell(NUMERO, (122, "1.2")), cell(OBJECTIFS, (122, "roues motrices ;")))]),
              Draft([row(cell(NUMERO, (133, "1.3")), cell(OBJECTIFS, (133, "• sortie")))]),
              Draft([row(cell(NUMERO, (170, "1.4")), cell(OBJECTIFS, (170, "suite après un espace")))])]
    assert cut_sentence_neighbours(drafts) == {0, 1}


def test_a_fiche_without_text_in_a_column_every_fiche_fills_is_flagged():
    drafts = [Draft([row(cell(NUMERO, (100.0 * k, f"1.{k}")), cell(TITRE, (100.0 * k, "Titre")),
                         *([cell(OBJECTIFS, (100.0 * k, "• Objectif"))] if k != 2 else []))]) for k in range(1, 13)]
    assert empty_usual_cells(drafts, [TITRE, OBJECTIFS]) == [1]
    assert empty_usual_cells(drafts[:2], [TITRE, OBJECTIFS]) == []  # too few fiches to tell


def test_a_role_most_fiches_leave_empty_beside_a_full_column_without_header_is_doubtful():
    # Office seed 4272: the header "Contenu" over a column of bullets and the column of their
    # text; the bullets' column took the objectives (empty once markers are dropped), the text
    # went to a column without header.
    from pipeline.column_doubts import idle_roles
    from pipeline.columns import Columns

    text = 3
    cols = Columns({"numero": NUMERO, "intitule": TITRE, "objectifs": OBJECTIFS}, None,
                   {NUMERO: "N°", TITRE: "Titre", OBJECTIFS: "Contenu"}, [text])
    drafts = [Draft([row(cell(NUMERO, (100.0 * k, f"1.{k}")), cell(text, (100.0 * k, "• Objectif")))])
              for k in range(1, 6)]
    fiches = [{"intitule": "Titre", "objectifs": ["Aide"] if k == 2 else [], "pilote_brut": ""} for k in range(1, 6)]
    assert idle_roles(fiches, drafts, cols) == [("objectifs", text)]
    named = Columns(cols.roles, None, {**cols.headers, text: "Partenaires"}, [text])
    assert idle_roles(fiches, drafts, named) == []  # the column has its own header
    for fiche in fiches[:3]:
        fiche["objectifs"] = ["Un objectif"]
    assert idle_roles(fiches, drafts, cols) == []  # most fiches fill the objectives
