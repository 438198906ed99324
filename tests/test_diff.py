"""Comparing editions: a second edition built from the shared one by known edits must come out
as exactly those edits, and nothing else."""

from __future__ import annotations

import copy
import csv
import json

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from pipeline import config
from pipeline.cli import main
from pipeline.diff import diff, match
from pipeline.files import read_referential
from pipeline.normalise import Referential, normalise
from pipeline.text import fold
from tests.synthetic import later_edition

REF = Referential(read_referential())
REPLACED_BY = {a.id: a.remplace_par for a in read_referential() if a.remplace_par}


@pytest.fixture(scope="module")
def old(expected):
    fiches = [{**e, "edition": "2020", "pages": [1], "colonnes_supplementaires": "{}", "provenance": "{}"}
              for e in expected["montpellier-2020"]]
    return normalise([{k: v for k, v in f.items() if k not in ("pilotes",)} for f in fiches], REF)[0]


def edited(old: list[dict]) -> tuple[list[dict], dict]:
    """The later edition of ``old`` (see ``synthetic.later_edition``), its pilots normalised."""
    new, truth = later_edition([{k: v for k, v in f.items() if k not in ("pilotes", "pilotes_inconnus")} for f in old])
    return normalise(new, REF)[0], truth


def test_known_edits_come_out_exactly(old):
    new, truth = edited(old)
    fiches, changes = diff(old, new, REPLACED_BY)
    status = {(f["numero_ancien"], f["numero_nouveau"]): f for f in fiches}
    modified = {(f["numero_ancien"], f["numero_nouveau"]): set(f["champs_modifies"]) for f in fiches if f["statut"] == "modifiee"}
    assert modified == {(a, b): fields for a, (b, fields) in truth.items()}
    assert [f["numero_ancien"] for f in fiches if f["statut"] == "supprimee"] == ["9.1", "11.1"]
    assert [f["numero_nouveau"] for f in fiches if f["statut"] == "ajoutee"] == ["10.3"]
    assert sum(f["statut"] == "inchangee" for f in fiches) == len(old) - 2 - len(truth)
    rename = [c for c in changes if c["champ"] == "pilotes"]
    assert [(c["nature"], c["avant"], c["apres"]) for c in rename] == [("renommage", "ddcs", "ddets")]
    moved = next(c for c in changes if c["champ"] == "enjeu")
    assert (moved["avant"], moved["apres"], moved["numero_nouveau"]) == ("3", "4", "4.3")
    assert status[("2.4", "2.4")]["score"] < config.DIFF.diff_title_min  # matched on its objectives alone


def test_an_edition_against_itself_is_unchanged(old):
    fiches, changes = diff(old, copy.deepcopy(old), REPLACED_BY)
    assert {f["statut"] for f in fiches} == {"inchangee"} and changes == []


def test_assignment_is_optimal_not_greedy():
    """Greedily, A would take B' (its best partner) and leave B with nothing acceptable."""
    def fiche(numero, title, objectives):
        return {"edition": "x", "numero": numero, "intitule": title, "objectifs": [objectives]}

    old = [fiche("1", "Parcours sportifs et culturels des jeunes", "sport et culture"),
           fiche("2", "Parcours sportifs", "sport")]
    new = [fiche("1", "Parcours sportifs", "sport"), fiche("2", "Parcours sportifs et culturels", "sport et culture")]
    assert sorted((i, j) for i, j, _ in match(old, new)) == [(0, 1), (1, 0)]


def test_thresholds_clear_the_closest_distinct_fiches(expected):
    """The measurements behind config.DIFF_*: distinct fiches of one edition never match."""
    fiches = expected["montpellier-2020"]
    titles = process.cdist([f["intitule"] for f in fiches], [f["intitule"] for f in fiches],
                           scorer=fuzz.token_sort_ratio, processor=fold)
    objectives = process.cdist([" ".join(f["objectifs"]) for f in fiches], [" ".join(f["objectifs"]) for f in fiches],
                               scorer=fuzz.ratio, processor=fold)
    np.fill_diagonal(titles, 0)
    np.fill_diagonal(objectives, 0)
    print(f"\nclosest distinct fiches: titles {titles.max():.1f}, objectives {objectives.max():.1f}")
    assert titles.max() < config.DIFF.diff_title_min and objectives.max() < config.DIFF.diff_objectives_min


def test_diff_command_writes_tables_and_report(published, tmp_path, capsys):
    assert main(["diff", str(published / "montpellier-2020"), str(published / "montpellier-2020-word"),
                 "--out", str(tmp_path / "diff")]) == 0
    out = tmp_path / "diff" / "montpellier-2020..montpellier-2020-word"  # its own folder inside --out
    rows = list(csv.DictReader((out / "fiches_appariees.csv").open(encoding="utf-8", newline="")))
    assert len(rows) == 69 and {r["statut"] for r in rows} == {"inchangee"}
    assert json.loads(rows[0]["champs_modifies"]) == []
    assert (out / "changements.parquet").exists() and (out / "fiches_appariees.parquet").exists()
    report = (out / "changements.md").read_text(encoding="utf-8")
    assert "69 fiches inchangées, 0 modifiée, 0 ajoutée, 0 supprimée." in report
    assert "69 fiches inchangées" in capsys.readouterr().err


def test_diff_refuses_a_folder_that_is_not_an_edition(tmp_path, capsys):
    assert main(["diff", str(tmp_path), str(tmp_path), "--out", str(tmp_path / "d")]) == 2
    assert "pas une édition publiée" in capsys.readouterr().err
