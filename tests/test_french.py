"""Every user-facing text is French: help, errors, warnings, reject reasons, summary lines, reports."""

from __future__ import annotations

import re

import pytest

from pipeline.cli import main
from pipeline.edition import pilot_warnings, summary
from pipeline.validate import validate
from tests.conftest import EDITIONS

#: Words of English sentences that French ones never use (template words the pipeline once wrote).
ENGLISH = frozenset("""the and of is are not no yes found with without for from warning warnings rejected removed
error unknown read ignored missing see file folder empty damaged cannot could should give check which this
that name names appears times filed under theme title pilot actor referential approximately usage help show
exit required invalid choice expected one""".split())


def english_words(text: str) -> set[str]:
    """English words outside `code`, quotes and file names."""
    text = re.sub(r"`[^`]*`|(?<!\w)'[^']*'|\"[^\"]*\"|«[^»]*»|\S+\.(?:pdf|csv|jsonl|parquet|md)\b|--[\w-]+|/\S+",
                  " ", text)
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w in ENGLISH}


def test_the_detector_finds_english():
    assert english_words("warning: page 4: spreadsheet residue removed") == {"warning", "removed"}
    assert english_words("avertissement : résidu de tableur 'the file' supprimé") == set()


def test_summary_lines_are_french():
    fiche = {"enjeu": 1, "pages": [1, 2], "a_verifier": True}
    for line in (summary("ed", [fiche] * 2, [{}] * 3, 2, 5), summary("ed", [fiche], [], 1), summary("ed", [], [])):
        assert not english_words(line), line
    assert summary("ed", [fiche], [{}], 1, 2) == ("ed: 1 fiche, 1 enjeu, 2 pages, 2 mots non lus, 1 fiche à vérifier, "
                                                  "1 avertissement, 1 fiche rejetée")


def test_warnings_and_reasons_are_french(repaired):
    warnings = [w for _, _, ws in repaired.values() for w in ws]
    mentions = [{"edition": "ed", "numero": "1.1", "mention": "Inconnu", "acteur_id": None, "methode": "inconnu", "score": 0},
                {"edition": "ed", "numero": "1.1", "mention": "Metropol", "acteur_id": "metropole", "methode": "fuzzy",
                 "score": 93.3}]
    warnings += pilot_warnings(mentions, [{"numero": "1.1", "pages": [1]}])
    for w in warnings:
        assert not english_words(w["message"]), w["message"]
    base = {"edition": "ed", "enjeu": 1, "enjeu_libelle": "x", "numero": "1.1", "intitule": "Titre", "objectifs": [],
            "objectifs_niveaux": [], "appel_a_projets": False, "pilote_brut": "Ville", "pages": [1],
            "colonnes_supplementaires": "{}", "provenance": "{}", "pilotes": ["ville"], "pilotes_inconnus": []}
    broken = [{**base, "numero": "x"}, {**base, "numero": "1.2", "intitule": ""}, {**base, "numero": "1.3", "pilotes": []},
              {**base, "numero": "1.4", "appel_a_projets": "peut-être", "inattendu": 1}, base, base]
    _, rejects = validate(broken)
    for reason in (r for reject in rejects for r in reject["raisons"]):
        assert not english_words(reason.split("(")[0]), reason  # Pydantic's error type follows in brackets


def test_reports_are_french(published):
    for edition in EDITIONS:
        text = (published / edition / "rapport.md").read_text(encoding="utf-8")
        assert not english_words(text), english_words(text)


@pytest.mark.parametrize("argv", [[], ["run"], ["run", "a.pdf", "--out", "o", "--jobs", "x"], ["frobnicate"],
                                  ["run", "absent.pdf", "--out", "{tmp}"], ["run", "{tmp}", "--out", "{tmp}/o"],
                                  ["run", "a.pdf", "--out", "{tmp}", "--edition", "../x"],
                                  ["publish", "{tmp}/f.parquet", "--source", "absent.pdf", "--out", "{tmp}"],
                                  ["repair", "{tmp}/ed/cells.parquet", "--out", "{tmp}/f.parquet"]])
def test_error_lines_are_french(argv, tmp_path, capsys):
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) != 0
    (line,) = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert line.startswith("erreur : ") and not english_words(line), line


@pytest.mark.parametrize("command", [[], ["run"], ["extract"], ["repair"], ["publish"], ["diff"], ["sources"], ["schemas"]])
def test_help_is_french(command, capsys):
    with pytest.raises(SystemExit):
        main(command + ["--help"])
    text = capsys.readouterr().out
    assert not english_words(text), english_words(text)
