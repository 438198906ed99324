"""Another territory's pilots: a contract of the Loire (our own content) resolves its bodies to
the Loire's, from a territory file or from what the document names, and never to Montpellier's;
the same generic names in Montpellier's editions keep Montpellier's ids."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.acteurs import edition_actors, locate, read_models, row_places
from pipeline.cli import main
from pipeline.errors import EXIT_BAD_INPUT, EXIT_TO_CHECK
from pipeline.files import read_referential
from pipeline.normalise import Referential, mentions
from pipeline.territoire import Territoire, read_places, read_territoire, territoire
from tests.contrat_loire import TERRITORY, loire_fiches
from tests.synthetic import Layout, default_columns, render

ROWS, MODELS, PLACES = read_referential(), read_models(), read_places()
#: Ids of Montpellier's own bodies (the referential's rows acting in the Hérault or Occitanie),
#: but the State's: ``etat`` is also the Hérault's préfecture, and the State of every contract.
MONTPELLIER = {r.id for r in ROWS if r.territoire} - {"etat"}


@pytest.fixture(scope="module")
def loire_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("loire")
    layout = Layout(columns=default_columns(("Partenaires",)), title="Contrat de ville de Saint-Chamond")
    render(loire_fiches(), layout, folder / "saint-chamond.pdf")
    return folder / "saint-chamond.pdf"


def _run(pdf: Path, out: Path, *options: str) -> tuple[int, dict[str, list[dict]]]:
    status = main(["run", str(pdf), "--out", str(out), "-q", *options])
    folder = out / pdf.stem
    tables = {t: pq.read_table(folder / f"{t}.parquet").to_pylist() for t in ("fiches", "acteurs", "avertissements")}
    return status, tables


def _assert_loire_ids(tables: dict[str, list[dict]]) -> None:
    expected = {f["numero"]: f for f in loire_fiches()}
    got = {f["numero"]: f for f in tables["fiches"]}
    assert sorted(got) == sorted(expected)
    for numero, fiche in got.items():
        assert fiche["pilotes"] == expected[numero]["pilotes"], numero
        assert fiche["partenaires"] == expected[numero]["partenaires"], numero
        assert not set(fiche["pilotes"] + fiche["partenaires"]) & MONTPELLIER, numero


def test_a_loire_contract_is_read_in_the_territory_its_document_names(loire_pdf, tmp_path):
    status, tables = _run(loire_pdf, tmp_path)
    assert status in (0, EXIT_TO_CHECK)
    _assert_loire_ids(tables)
    (inferred,) = [w for w in tables["avertissements"] if w["code"] == "territoire_deduit"]
    assert "département Loire (42)" in inferred["message"] and "Saint-Chamond" in inferred["message"]
    assert "« Département de la Loire »" in inferred["message"]
    unknown = [f["partenaires_inconnus"] for f in tables["fiches"] if f["partenaires_inconnus"]]
    assert unknown == [["Maison des associations du Gier"]]


def test_a_territory_file_beside_the_pdf_gives_the_territory_and_its_codes(loire_pdf, tmp_path):
    pdf = tmp_path / "raw" / "saint-chamond.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(loire_pdf.read_bytes())
    (tmp_path / "raw" / "saint-chamond.territoire.toml").write_text(TERRITORY, encoding="utf-8")
    _, tables = _run(pdf, tmp_path / "out")
    _assert_loire_ids(tables)
    assert not [w for w in tables["avertissements"] if w["code"].startswith("territoire")]
    actors = {a["id"]: a for a in tables["acteurs"]}
    assert actors["ville-42-saint-chamond"]["code_insee"] == "42207"
    assert actors["departement-42"]["territoire"] == "departement:42" and actors["departement-42"]["code_insee"] == "42"
    assert "Ville" in actors["ville-42-saint-chamond"]["alias"] and "Ville" not in actors["ville"]["alias"]


def _ids(where: Territoire | None, cell: str) -> list[str | None]:
    return [m.acteur_id for m in mentions(Referential(edition_actors(ROWS, MODELS, PLACES, where)), cell)]


MONTPELLIER_TERRITORY = territoire("34", [*PLACES, *row_places(ROWS, MODELS)], [("Montpellier", "34172")],
                                   ("Montpellier Méditerranée Métropole", "243400017"))
LOIRE_TERRITORY = territoire("42", PLACES, [("Saint-Chamond", None)], ("Saint-Étienne Métropole", None))


@pytest.mark.parametrize("cell, in_montpellier, in_the_loire", [
    ("Ville", ["ville"], ["ville-42-saint-chamond"]),
    ("la Métropole", ["metropole"], ["epci-saint-etienne-metropole"]),
    ("Département / Région", ["departement", "region"], ["departement-42", "region-auvergne-rhone-alpes"]),
    ("CAF, CCAS", ["caf", "ccas"], ["caf-42", "ccas-42-saint-chamond"]),
    ("Préfecture", ["etat"], ["prefecture-42"]),
    ("l'ARS", ["ars"], ["ars-auvergne-rhone-alpes"]),
    ("DSDEN", ["dsden"], ["dsden-42"]),
    ("Etat", ["etat"], ["etat"]),
    ("Rectorat", ["rectorat"], [None]),  # the académie de Montpellier is not the Loire's
    ("3M", ["metropole"], [None]),
    ("CAF de la Loire", ["caf-42"], ["caf-42"]),
    ("Ville de Montpellier", ["ville"], ["ville"]),
    ("Caisse d'allocations familiales du Rhône", ["caf-69"], ["caf-69"]),
])
def test_generic_names_resolve_within_the_territory(cell, in_montpellier, in_the_loire):
    assert _ids(MONTPELLIER_TERRITORY, cell) == in_montpellier
    assert _ids(LOIRE_TERRITORY, cell) == in_the_loire


def test_without_a_territory_generic_names_stay_unresolved_and_are_said():
    fiches = [{"edition": "e", "numero": "1", "intitule": "Agir", "objectifs": ["Faire"], "pilote_brut": "Ville, CAF",
               "colonnes_supplementaires": "{}"}]
    where = locate(fiches, [], ROWS, MODELS, PLACES, None)
    assert where.places() == []
    assert _ids(where, "Ville, CAF, Département, Région, Préfecture") == [None] * 5
    assert _ids(where, "Etat, France Travail, CAF de la Loire") == ["etat", "france-travail", "caf-42"]


def test_two_departements_named_as_often_give_no_territory():
    fiches = [{"edition": "e", "numero": "1", "intitule": "Agir", "objectifs": [], "colonnes_supplementaires": "{}",
               "pilote_brut": "CAF de la Loire, Département du Rhône"}]
    assert locate(fiches, [], ROWS, MODELS, PLACES, None).places() == []


def test_a_body_of_another_departement_never_becomes_this_territorys():
    """Drawn at random: a departmental body of any département, written with its place, in the
    Hérault's contract, is that département's body (or unknown), never the Hérault's."""
    rng = random.Random(7)
    ref = Referential(edition_actors(ROWS, MODELS, PLACES, MONTPELLIER_TERRITORY))
    departements = [p for p in PLACES if p.niveau == "departement" and p.code != "34"]
    for _ in range(300):
        place = rng.choice(departements)
        kind, template = rng.choice([("caf", "CAF {de_nom}"), ("departement", "Conseil départemental {de_nom}"),
                                     ("prefecture", "Préfecture {de_nom}"), ("ddets", "DDETS {de_nom}"),
                                     ("cpam", "CPAM {de_nom}"), ("dsden", "DSDEN {de_nom}")])
        (m,) = mentions(ref, template.format(**place.fields))
        assert m.acteur_id in (f"{kind}-{place.code.lower()}", None), (m.mention, m.acteur_id)


@pytest.mark.parametrize("text, cause", [
    ("departement = 42", "champ 'departement'"),
    ('departement = "99"', "département '99' inconnu"),
    ('departement = "4"', "champ 'departement' : forme non prévue"),
    ('departement = "42"\nregion = "76"', "n'est pas dans la région 76"),
    ('departement = "42"\n[[communes]]\nnom = ""', "champ 'communes.0.nom'"),
    ('departement = "42"\nville = "x"', "champ 'ville'"),
    ("departement = [", "ce n'est pas un fichier TOML lisible"),
])
def test_a_bad_territory_file_is_one_clear_line_and_exit_2(loire_pdf, tmp_path, capsys, text, cause):
    bad = tmp_path / "t.territoire.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(Exception) as caught:
        read_territoire(bad, PLACES)
    assert cause in str(caught.value) and str(bad) in str(caught.value)
    assert main(["run", str(loire_pdf), "--out", str(tmp_path / "out"), "--territoire", str(bad), "-q"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0] and cause in err[0]
    assert not (tmp_path / "out" / "saint-chamond").exists()


def test_a_commune_the_referential_knows_is_found_in_the_text():
    fiches = [{"edition": "e", "numero": "1", "intitule": "Agir dans les quartiers de Montpellier", "objectifs": [],
               "pilote_brut": "Ville", "colonnes_supplementaires": "{}"}]
    where = locate(fiches, [], ROWS, MODELS, PLACES, None)
    assert where.departement.code == "34" and [c.nom for c in where.communes] == ["Montpellier"]
    assert _ids(where, "Ville") == ["ville"]


def test_one_word_names_of_other_bodies_are_not_evidence():
    fiches = [{"edition": "e", "numero": "1", "intitule": "Agir dans le quartier Nord", "objectifs": ["Un lot de la Somme"],
               "pilote_brut": "Ville", "colonnes_supplementaires": "{}"}]
    assert locate(fiches, [], ROWS, MODELS, PLACES, None).places() == []
