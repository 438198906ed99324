"""Generated layouts: the shared content drawn in many table styles must come out exact.

Each case switches on layout features an unseen edition may have (see ``tests/synthetic.py``):
rules or none, bands or rotated merged theme cells, split rows, repeated or missing headers,
shuffled and extra columns, other theme words, marks, fonts and page sizes.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from pipeline.extract import extract
from pipeline.repair import repair
from tests.conftest import collapse
from tests.synthetic import (
    Layout,
    default_columns,
    render,
    renumber_plain,
    repeated_fiches,
    shared_fiches,
    vary_content,
    with_columns,
)

pytestmark = pytest.mark.slow

BASE = Layout(columns=default_columns())
ROTATED = ["theme", "numero", "intitule", "objectifs", "pilote", "appel_a_projets"]

CASES = {
    "word-processor, serif, bands, split rows": replace(BASE, font="serif", size=9),
    "no rules, running title and page numbers": replace(BASE, rules="none", furniture=True),
    "row lines only, letter paper": replace(BASE, rules="rows", page="LETTER"),
    "no header row, no rules": replace(BASE, header="none", rules="none"),
    "spreadsheet: rotated themes, stale band, blank headers, centred cells": with_columns(
        replace(BASE, orientation="landscape", themes="rotated", header="first_page", stale_band=True,
                split_rows=False, valign="middle"),
        ["theme", "intitule", "numero", "objectifs", "appel_a_projets", "pilote"],
        headers={"intitule": "", "objectifs": ""}),
    "rotated themes reading downwards, A3": with_columns(
        replace(BASE, orientation="landscape", themes="rotated-down", header="first_page", split_rows=False,
                valign="middle", page="A3", size=10), ROTATED),
    "rotated themes, row lines only": with_columns(replace(BASE, orientation="landscape", themes="rotated", rules="rows"), ROTATED),
    "rotated themes, no rules": with_columns(replace(BASE, orientation="landscape", themes="rotated", rules="none", furniture=True), ROTATED),
    "rotated themes, rows split across pages": with_columns(
        replace(BASE, orientation="landscape", themes="rotated", header="every_page"),
        ["theme", "intitule", "numero", "objectifs", "appel_a_projets", "pilote"]),
    "rotated themes, no header": with_columns(replace(BASE, orientation="landscape", themes="rotated", header="none", valign="middle"), ROTATED),
    "AXE with dash, Oui marks, extra column, condensed font": with_columns(
        replace(BASE, theme_word="AXE", theme_sep="–", mark="Oui", font="condensed"),
        ["numero", "intitule", "pilote", "objectifs", "appel_a_projets", "extra:Partenaires"]),
    "roman numbers, check marks": replace(BASE, theme_word="Axe", theme_sep=".", roman=True, mark="✓"),
    "shuffled columns, other header words, pilots on separate lines": with_columns(
        replace(BASE, page="LETTER", mark="x", font="serif", size=8.5),
        ["intitule", "pilote", "numero", "appel_a_projets", "objectifs", "extra:Indicateurs"],
        headers={"intitule": "Intitulé de l’action", "numero": "Numéro", "pilote": "Porteur",
                 "appel_a_projets": "Ouvert à l’appel à projets", "objectifs": "Description / objectifs"}),
    "stale band atop every page": replace(BASE, stale_band=True, font="serif"),
    "zebra shading, row lines only": replace(BASE, zebra=True, rules="rows"),
    "zebra shading without rules, centred cells": replace(BASE, zebra=True, rules="none", valign="middle",
                                                          split_rows=False),
    "list markers drawn as shapes, zebra, no rules": replace(BASE, marker_shapes=True, zebra=True, rules="none"),
    "list markers drawn as shapes, grid, serif": replace(BASE, marker_shapes=True, font="serif", size=9),
    "A3 landscape, large serif, pilots on separate lines": replace(BASE, page="A3", orientation="landscape", size=11, font="serif"),
    "monospace, small, landscape": replace(BASE, font="mono", size=7, orientation="landscape"),
    "monospace without rules, centred cells": replace(
        BASE, font="mono", size=9, page="LETTER", orientation="landscape", rules="none", theme_word="Orientation",
        theme_sep="–", header="every_page", split_rows=False, valign="middle"),
    "monospace, row lines only, no header, a mark column empty on whole pages": with_columns(
        replace(BASE, font="mono", size=10, page="LETTER", orientation="landscape", rules="rows",
                themes="rotated-down", theme_sep="-", header="none", valign="middle"),
        ["theme", "numero", "intitule", "appel_a_projets", "objectifs", "pilote"]),
    "no header, no rules, check marks, a column of budgets and indicators": with_columns(
        replace(BASE, header="none", rules="none", mark="✓", font="condensed", size=7, valign="middle"),
        ["extra:Budget", "numero", "intitule", "appel_a_projets", "pilote", "objectifs"]),
    "rotated themes without rules, a theme's last fiche ending a page": with_columns(
        replace(BASE, page="A3", orientation="landscape", font="condensed", size=7, rules="none",
                themes="rotated-down", theme_word="Orientation", theme_sep=".", mark="x", header="first_page",
                split_rows=False), ROTATED),
    "row lines only, stale band, objectives first, centred cells": with_columns(
        replace(BASE, page="A3", size=8.5, rules="rows", theme_word="Axe", theme_sep="–", mark="Oui",
                header="every_page", stale_band=True, split_rows=False, valign="middle"),
        ["objectifs", "pilote", "extra:Indicateurs", "numero", "appel_a_projets", "intitule"],
        headers={"objectifs": "", "intitule": ""}),
    "no rules, wide page, short pilots under a centred header": with_columns(
        replace(BASE, page="A3", orientation="landscape", font="condensed", size=8, rules="none", theme_word="AXE",
                theme_sep="-", mark="x", header="every_page", furniture=True, split_rows=False, valign="middle"),
        ["numero", "intitule", "appel_a_projets", "objectifs", "pilote"]),
    "rotated themes without rules, labels centred beyond the page, the numbers print the borders": with_columns(
        replace(BASE, page="LETTER", orientation="landscape", font="condensed", size=8, rules="none",
                themes="rotated-down", theme_word="Thème", roman=True, mark="✓", furniture=True, split_rows=False),
        ["theme", "numero", "intitule", "appel_a_projets", "objectifs", "pilote", "extra:Budget"],
        headers={"intitule": "", "objectifs": ""}),
    "Orientation with hyphen, no rules, document title": replace(
        BASE, theme_word="Orientation", theme_sep="-", rules="none", header="first_page",
        title="Contrat de ville 2024-2030 — programme d’actions"),
}
#: Right fiches flagged, by the one tie of the shared text: "droits," or "associations," / "…)"
#: wrapped, in a text printing "…)" glued ("associations…)") and after a space (", …)"); the
#: office editions show the same tie read wrong ("environnementaux,…)", tests/test_office.py).
TIES = {name: {numero: ["ponctuation_incertaine"]} for name, numero in [
    ("rotated themes, row lines only", "12.2"), ("rotated themes, no rules", "12.2"),
    ("monospace, row lines only, no header, a mark column empty on whole pages", "6.2")]}
PILOTS_ON_LINES = {"shuffled columns, other header words, pilots on separate lines",
                   "A3 landscape, large serif, pilots on separate lines"}
FIELDS = ["numero", "enjeu", "enjeu_libelle", "intitule", "objectifs", "objectifs_niveaux",
          "appel_a_projets", "pilote_brut"]


def run(layout: Layout, fiches: list[dict], path) -> tuple[list[dict], list[dict], list[dict]]:
    expected = render(fiches, layout, path)
    got, warnings, _ = repair(extract(path), path.stem)[:3]
    return expected, got, warnings


def assert_exact(expected: list[dict], got: list[dict], headers: bool = True) -> None:
    """Every field as drawn; extra columns by header, or in order where no header names them."""
    assert [g["numero"] for g in got] == [e["numero"] for e in expected]
    for e, g in zip(expected, got):
        for field in FIELDS:
            assert collapse(g[field]) == collapse(e[field]), (e["numero"], field)
        extra = {k: collapse(v) for k, v in json.loads(g["colonnes_supplementaires"]).items()}
        drawn = {k: collapse(v) for k, v in e["extra"].items()}
        assert (extra if headers else list(extra.values())) == (drawn if headers else list(drawn.values())), e["numero"]


@pytest.mark.parametrize("name", CASES)
def test_generated_layout_is_read_exactly(name, tmp_path):
    layout = CASES[name]
    extra = tuple(c.role.split(":", 1)[1] for c in layout.columns if c.role.startswith("extra:"))
    fiches = vary_content(shared_fiches(), seed=1, extra=extra, pilots_on_lines=name in PILOTS_ON_LINES)
    expected, got, warnings = run(layout, fiches, tmp_path / "edition.pdf")
    assert_exact(expected, got, headers=layout.header != "none")
    assert not [w for w in warnings if "thème" in w["message"]]
    flagged = {g["numero"]: [v["code"] for v in g["verifications"]] for g in got if g["a_verifier"]}
    assert flagged == TIES.get(name, {}) and not [w for w in warnings if w["code"] == "mot_non_lu"]


@pytest.mark.parametrize("themes", ["band", "rotated"])
def test_numbers_that_do_not_carry_the_theme(themes, tmp_path):
    """Fiches numbered 1, 2, 3 …: themes must come from the layout alone."""
    layout = replace(BASE, themes=themes, orientation="landscape")
    if themes == "rotated":
        layout = with_columns(layout, ROTATED)
    fiches = renumber_plain(vary_content(shared_fiches(), seed=2))
    expected, got, _ = run(layout, fiches, tmp_path / "plain.pdf")
    assert_exact(expected, got)


@pytest.mark.parametrize("prefix, suffix", [("Fiche n° ", ""), ("FA ", ""), ("", ".")])
def test_numbers_printed_with_words_or_marks_are_read_without_them(prefix, suffix, tmp_path):
    fiches = vary_content(shared_fiches(), seed=4)
    drawn = [{**f, "numero": prefix + f["numero"] + suffix} for f in fiches]
    render(drawn, BASE, tmp_path / "prefixed.pdf")
    got, _, _ = repair(extract(tmp_path / "prefixed.pdf"), "prefixed")[:3]
    assert_exact(fiches, got)


def test_pilot_line_breaks_are_kept_as_newlines(tmp_path):
    layout = replace(BASE, page="A3", orientation="landscape", size=11)
    fiches = vary_content(shared_fiches()[:20], seed=3, pilots_on_lines=True)
    expected, got, _ = run(layout, fiches, tmp_path / "pilots.pdf")
    several = [(e, g) for e, g in zip(expected, got) if "\n" in e["pilote_brut"]]
    assert several and all(g["pilote_brut"] == e["pilote_brut"] for e, g in several)


def test_long_edition_with_numbers_cut_by_a_narrow_column(tmp_path):
    """160 fiches under 24 themes: numbers such as "24.16" do not fit the number column and
    wrap ("24.1" / "6"); each is still one number, and every fiche is exact."""
    layout = replace(BASE, font="serif", size=9)
    expected, got, _ = run(layout, repeated_fiches(160), tmp_path / "long.pdf")
    assert_exact(expected, got)
