"""Validation: every rule rejects what it should, with reasons; rejects reach rejets.jsonl and
the run ends with exit code 3."""

from __future__ import annotations

import json

import pytest

from pipeline import config
from pipeline.errors import EXIT_REJECTS
from pipeline.numbering import numbers_carry_theme
from pipeline.validate import validate


def fiche(numero="1.1", enjeu=1, **changes):
    base = {"edition": "e", "enjeu": enjeu, "enjeu_libelle": "Thème", "numero": numero, "intitule": "Titre",
            "objectifs": ["Un objectif"], "objectifs_niveaux": [1], "appel_a_projets": False,
            "pilote_brut": "Ville", "pages": [1], "colonnes_supplementaires": "{}", "provenance": "{}",
            "pilotes": ["ville"], "pilotes_inconnus": [], "partenaires": [], "partenaires_inconnus": [],
            "a_verifier": False, "verifications": []}
    return {**base, **changes}


def test_valid_fiches_pass():
    fiches = [fiche("1.1"), fiche("1.2"), fiche("2.1", enjeu=2)]
    valid, rejects = validate(fiches)
    assert valid == fiches and rejects == []


@pytest.mark.parametrize("change, reason", [
    ({"numero": "Fiche sans numéro"}, "n'est pas un numéro de fiche"),
    ({"intitule": "  "}, "pas d'intitulé"),
    ({"pilotes": [], "pilotes_inconnus": []}, "ne nomme aucun acteur"),
    ({"objectifs_niveaux": ["un"]}, "objectifs_niveaux"),
    ({"appel_a_projets": "peut-être"}, "appel_a_projets"),
    ({"inattendu": 1}, "inattendu"),
])
def test_each_rule_rejects_with_its_reason(change, reason):
    valid, rejects = validate([fiche("1.1"), {**fiche("1.2"), **change}])
    assert [f["numero"] for f in valid] == ["1.1"]
    (reject,) = rejects
    assert reject["table"] == "fiches" and reject["pages"] == [1]
    assert any(reason in r for r in reject["raisons"]), reject["raisons"]


def test_duplicate_numbers_are_both_rejected():
    valid, rejects = validate([fiche("1.1"), fiche("1.1"), fiche("1.2")])
    assert [f["numero"] for f in valid] == ["1.2"] and len(rejects) == 2


def test_theme_must_agree_with_the_number_prefix_when_the_edition_numbers_that_way():
    fiches = [fiche("1.1"), fiche("1.2"), fiche("2.1", enjeu=2), fiche("2.2", enjeu=2), fiche("2.3", enjeu=1)]
    assert numbers_carry_theme(fiches, config.TABLE.theme_prefix_share)
    _, rejects = validate(fiches)
    assert [r["numero"] for r in rejects] == ["2.3"] and "classé sous l'enjeu 1" in rejects[0]["raisons"][0]


def test_plain_numbers_carry_no_theme_rule():
    fiches = [fiche(str(i), enjeu=1 + i // 3) for i in range(1, 9)]
    assert not numbers_carry_theme(fiches, config.TABLE.theme_prefix_share)
    assert validate(fiches)[1] == []


def test_rejects_are_written_and_the_run_exits_3(repaired, tmp_path, capsys):
    from pipeline.edition import publish_edition as publish
    from pipeline.files import REFERENTIAL
    from tests.conftest import EDITIONS

    _, fiches, warnings = repaired["montpellier-2020"]
    broken = [dict(f) for f in fiches]
    broken[5]["intitule"] = ""
    status = publish(broken, warnings, "montpellier-2020", EDITIONS["montpellier-2020"][0], tmp_path, REFERENTIAL)
    assert status == EXIT_REJECTS
    lines = (tmp_path / "montpellier-2020" / "rejets.jsonl").read_text(encoding="utf-8").splitlines()
    (reject,) = [json.loads(line) for line in lines]
    assert reject["numero"] == "1.6" and reject["pages"] == [2] and "pas d'intitulé" in reject["raisons"][0]
    assert "1 fiche rejetée par la validation" in capsys.readouterr().err
    report = (tmp_path / "montpellier-2020" / "rapport.md").read_text(encoding="utf-8")
    assert "- fiche 1.6 «  » (pages 2) : la fiche n'a pas d'intitulé" in report


def test_every_reason_opens_with_its_stable_code():
    from pipeline.validate import REJECT_REASONS, reason_parts

    broken = [fiche("x"), fiche(""), fiche("1.2", intitule=""), fiche("1.3", pilotes=[]), fiche("1.4", appel_a_projets="?"),
              fiche("1.5"), fiche("1.5"), fiche("1.6", inattendu=1)]
    _, rejects = validate(broken)
    parts = [reason_parts(r) for reject in rejects for r in reject["raisons"]]
    assert all(code in REJECT_REASONS and message for code, message in parts), parts
    assert {code for code, _ in parts} >= set(REJECT_REASONS) - {"numero_hors_theme"}  # tested above
