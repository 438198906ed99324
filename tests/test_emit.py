"""Published outputs: Frictionless package, typed Parquet, RFC 4180 CSV, nested JSON, report,
partitions across editions, and the review loop for unknown pilots."""

from __future__ import annotations

import csv
import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq

EDITION = "montpellier-2020"


def test_frictionless_validates_the_data_package(published):
    import frictionless

    report = frictionless.validate(published / EDITION / "datapackage.json")
    assert report.valid, report.flatten(["type", "message"])[:5]


def test_frictionless_catches_a_broken_foreign_key(published, tmp_path):
    import frictionless

    copy = tmp_path / EDITION
    shutil.copytree(published / EDITION, copy)
    rows = (copy / "pilotes.csv").read_text(encoding="utf-8").replace(",metropole,", ",nulle-part,", 1)
    (copy / "pilotes.csv").write_text(rows, encoding="utf-8")
    report = frictionless.validate(copy / "datapackage.json")
    assert not report.valid and "foreign-key" in {e[0] for e in report.flatten(["type"])}


def test_datapackage_names_the_source_pdf_with_its_hash_and_a_licence(published):
    import hashlib

    package = json.loads((published / EDITION / "datapackage.json").read_text(encoding="utf-8"))
    from tests.conftest import EDITIONS

    digest = hashlib.sha256(EDITIONS[EDITION][0].read_bytes()).hexdigest()
    assert package["sources"] == [{"title": "montpellier-2020.pdf", "path": "montpellier-2020.pdf", "sha256": digest}]
    assert package["licenses"][0]["name"] == "etalab-2.0"
    names = {r["name"] for r in package["resources"]}
    assert {"fiches", "objectifs", "pilotes", "enjeux", "acteurs"} <= names


def test_parquet_types_and_metadata(published):
    table = pq.read_table(published / EDITION / "fiches.parquet")
    assert table.schema.field("objectifs").type == pa.list_(pa.string())
    assert table.schema.field("appel_a_projets").type == pa.bool_()
    assert table.schema.field("enjeu").type == pa.int16()
    meta = {k.decode(): v.decode() for k, v in table.schema.metadata.items() if not k.startswith(b"ARROW")}
    assert meta["edition"] == EDITION and meta["source"] == "montpellier-2020.pdf"
    assert len(meta["source_sha256"]) == 64 and meta["pipeline_version"] and meta["created"][:4].isdigit()


def test_parquet_loads_with_pandas_polars_and_duckdb(published):
    import duckdb
    import pandas as pd
    import polars as pl

    path = published / EDITION / "fiches.parquet"
    df = pd.read_parquet(path)
    assert len(df) == 69 and df["appel_a_projets"].dtype == bool and list(df["objectifs"][0])
    lf = pl.read_parquet(path)
    assert lf.schema["objectifs"] == pl.List(pl.String) and lf.schema["enjeu"] == pl.Int16
    con = duckdb.connect()
    kind = con.execute(f"select typeof(objectifs), typeof(enjeu), typeof(appel_a_projets) from '{path}' limit 1").fetchone()
    assert kind == ("VARCHAR[]", "SMALLINT", "BOOLEAN")


def test_all_editions_load_in_one_call(published):
    import duckdb
    import pandas as pd

    df = pd.read_parquet(published / "all" / "fiches")
    assert df.groupby("edition", observed=True).size().to_dict() == {EDITION: 69, "montpellier-2020-word": 69}
    query = f"select edition, count(*) from read_parquet('{published}/all/objectifs/*/*.parquet', hive_partitioning=true) group by 1"
    counts = dict(duckdb.connect().execute(query).fetchall())
    for edition in counts:
        rows = list(csv.DictReader((published / edition / "objectifs.csv").open(encoding="utf-8", newline="")))
        assert counts[edition] == len(rows) > 0
    assert len(counts) == 2


def test_csv_is_utf8_without_bom_rfc4180_with_true_false(published):
    raw = (published / EDITION / "fiches.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines(keepends=True)))
    assert len(rows) == 69 and {r["appel_a_projets"] for r in rows} == {"true", "false"}
    assert json.loads(rows[0]["objectifs"])[0].startswith("Concevoir")
    multi_line = [r for r in csv.DictReader((published / EDITION / "objectifs.csv").open(encoding="utf-8", newline=""))]
    assert multi_line and all(r["texte"] for r in multi_line)


def test_long_tables_match_the_fiches(published):
    fiches = {r["numero"]: r for r in csv.DictReader((published / EDITION / "fiches.csv").open(encoding="utf-8", newline=""))}
    objectifs = list(csv.DictReader((published / EDITION / "objectifs.csv").open(encoding="utf-8", newline="")))
    assert len(objectifs) == sum(len(json.loads(f["objectifs"])) for f in fiches.values())
    enjeux = list(csv.DictReader((published / EDITION / "enjeux.csv").open(encoding="utf-8", newline="")))
    assert sum(int(e["nb_fiches"]) for e in enjeux) == 69 and len(enjeux) == 11


def test_nested_json_holds_objectives_and_pilots(published):
    fiches = json.loads((published / EDITION / "fiches.json").read_text(encoding="utf-8"))
    first = fiches[0]
    assert first["numero"] == "1.1" and first["objectifs"][0]["niveau"] == 1
    assert [p["acteur_id"] for p in first["pilotes"]] == ["metropole", "etat"]
    assert isinstance(first["provenance"], dict)


def test_report_tells_counts_pilots_share_and_warnings(published):
    text = (published / EDITION / "rapport.md").read_text(encoding="utf-8")
    assert "69 fiches valides, 0 rejetée, 1 avertissement." in text  # its territory file lies beside it in raw/
    word = (published / "montpellier-2020-word" / "rapport.md").read_text(encoding="utf-8")
    assert "territoire déduit du document : région Occitanie (76), département Hérault (34)" in word
    assert "| 1 | Organiser le développement" in text and "`metropole`" in text
    assert "sur 69" in text and "page 4, fiche 2.8" in text


def test_report_gives_the_run_the_fiches_to_check_and_the_numbering(published):
    import pyarrow.parquet as pq

    text = (published / EDITION / "rapport.md").read_text(encoding="utf-8")
    meta = pq.read_schema(published / EDITION / "fiches.parquet").metadata
    assert f"sha256 `{meta[b'source_sha256'].decode()}`" in text and f"Pipeline {meta[b'pipeline_version'].decode()}" in text
    assert f"exécuté le {meta[b'created'].decode()}" in text
    fiches = pq.read_table(published / EDITION / "fiches.parquet").to_pylist()
    for f in fiches:
        assert f"| {f['numero']} | {' '.join(f['intitule'].split())} | {', '.join(map(str, f['pages']))} |" in text
    assert "Aucun numéro absent de la série de l'édition." in text


def test_numbering_gaps_follow_the_editions_own_series():
    from pipeline.numbering import gaps

    assert gaps(["1.1", "1.2", "1.4", "1.6", "2.1", "2.3"]) == ["1.3", "1.5", "2.2"]
    assert gaps(["2", "3", "5"]) == ["1", "4"] and gaps(["A1", "A2", "B2"]) == ["B1"]
    assert gaps(["1.1", "1.2", "1.10"]) == [f"1.{n}" for n in range(3, 10)]  # "1.10" is not "1.1"
    assert gaps(["1.1.1", "1.1.2", "1.2.1"]) == [] and gaps(["hors série"]) == []


def test_unknown_pilot_is_listed_for_review_then_settled_by_an_alias(repaired, tmp_path):
    """The review loop of the README: an unknown mention, an alias added, an exact match."""
    from pipeline.edition import publish_edition as publish
    from pipeline.files import REFERENTIAL
    from tests.conftest import EDITIONS

    _, fiches, warnings = repaired[EDITION]
    fiches = [dict(f) for f in fiches]
    fiches[0]["pilote_brut"] = "Métropole et Maison de l'emploi"
    out = tmp_path / "processed"
    assert publish(fiches, warnings, EDITION, EDITIONS[EDITION][0], out, REFERENTIAL) == 0
    review = list(csv.DictReader((out / EDITION / "pilotes_a_verifier.csv").open(encoding="utf-8", newline="")))
    assert [(r["numero"], r["page"], r["mention"], r["methode"]) for r in review] == [("1.1", "1", "Maison de l'emploi", "inconnu")]

    referential = tmp_path / "acteurs.csv"
    text = REFERENTIAL.read_text(encoding="utf-8").replace(
        "metropole,Montpellier Méditerranée Métropole,3M,collectivite,,",
        "metropole,Montpellier Méditerranée Métropole,3M,collectivite,,Maison de l'emploi|")
    referential.write_text(text, encoding="utf-8")
    assert publish(fiches, warnings, EDITION, EDITIONS[EDITION][0], out, referential) == 0
    pilots = list(csv.DictReader((out / EDITION / "pilotes.csv").open(encoding="utf-8", newline="")))
    assert [p["methode"] for p in pilots if p["numero"] == "1.1"] == ["exact", "alias"]
    assert not list(csv.DictReader((out / EDITION / "pilotes_a_verifier.csv").open(encoding="utf-8", newline="")))
