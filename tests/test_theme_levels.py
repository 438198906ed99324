"""Two theme levels: axes as bands, orientations as sub-bands. A sub-band never replaces the
top theme; each fiche gets its sub-theme, and ``enjeux`` one row per theme of each level."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.emit import enjeux_rows
from pipeline.extract import extract
from pipeline.repair import repair
from pipeline.themes import Levels, parse_theme
from tests.conftest import collapse
from tests.contrat_loire import loire_two_levels
from tests.synthetic import Layout, default_columns, render

pytestmark = pytest.mark.slow

BASE = Layout(columns=default_columns(("Partenaires",)), theme_word="AXE")
FIELDS = ("enjeu", "enjeu_libelle", "sous_enjeu", "sous_enjeu_libelle", "intitule", "objectifs", "objectifs_niveaux",
          "pilote_brut", "appel_a_projets")


@pytest.mark.parametrize("layout", [
    BASE,
    replace(BASE, rules="rows", sub_theme_word="Orientation", font="serif"),
    replace(BASE, rules="none", theme_word="Axe", sub_theme_word="Objectif stratégique", zebra=True),
    replace(BASE, marker_shapes=True, theme_sep="–", page="LETTER"),
], ids=["grid", "rows", "no rules, zebra", "shapes, dash"])
def test_axes_and_orientations_are_both_read(layout, tmp_path):
    content = loire_two_levels()
    render(content, layout, tmp_path / "e.pdf")
    fiches, _, _ = repair(extract(tmp_path / "e.pdf"), "e")[:3]
    assert [f["numero"] for f in fiches] == [c["numero"] for c in content]
    for got, want in zip(fiches, content):
        for field in FIELDS:
            assert collapse(got[field]) == collapse(want[field]), (want["numero"], field)
        assert [t["niveau"] for t in got["themes"]] == [1, 2]
    assert not [f["numero"] for f in fiches if f["a_verifier"]]


def test_the_enjeux_table_has_each_level_with_its_parent(tmp_path):
    content = loire_two_levels()
    render(content, BASE, tmp_path / "e.pdf")
    fiches = repair(extract(tmp_path / "e.pdf"), "e")[0]
    rows = enjeux_rows(fiches)
    top = [r for r in rows if r["niveau"] == 1]
    assert [r["numero"] for r in top] == ["1", "2", "3", "4"] and sum(r["nb_fiches"] for r in top) == len(content)
    subs = [r for r in rows if r["niveau"] == 2]
    assert [(r["parent"], r["numero"]) for r in subs] == sorted({(c["sous_enjeu"].split(".")[0], c["sous_enjeu"])
                                                                  for c in content})
    assert sum(r["nb_fiches"] for r in subs) == len(content)


def test_a_sub_theme_with_another_word_never_replaces_the_theme():
    levels = Levels()
    for text in ("AXE 1 : Emploi", "Orientation 1 : Jeunes", "Orientation 2 : Adultes", "AXE 2 : Santé",
                 "Orientation 1 : Accès aux soins"):
        levels.read(parse_theme(text))
    assert levels.top.libelle == "Santé"
    assert [t.libelle for t in levels.under(levels.top)] == ["Accès aux soins"]


def test_a_third_level_is_kept_below_the_second():
    levels = Levels()
    for text in ("AXE 2 : Santé", "Orientation 2.1 : Soins", "Objectif 2.1.3 : Prévention", "Objectif 2.1.4 : Dépistage"):
        levels.read(parse_theme(text))
    assert [t.printed for t in levels.under(levels.top)] == ["2.1", "2.1.4"]


def test_one_level_editions_have_no_sub_theme(repaired):
    _, fiches, _ = repaired["montpellier-2020"]
    assert all(f["sous_enjeu"] is None and len(f["themes"]) == 1 for f in fiches)
    assert [r["niveau"] for r in enjeux_rows(fiches)] == [1] * 11
