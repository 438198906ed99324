"""The files in schemas/ are generated from pipeline/models.py and must not drift from it."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from pipeline import models
from pipeline.emit import schema_files

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def test_schema_files_match_the_models():
    generated = schema_files()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.json")}
    assert sorted(committed) == sorted(generated), "run `make schemas` and commit schemas/"
    stale = [name for name in generated if committed[name] != generated[name]]
    assert not stale, f"schemas/ is out of date for {stale}: run `make schemas` and commit"


def test_arrow_types_follow_the_annotations():
    schema = models.arrow_schema(models.FicheNormalisee)
    assert schema.field("enjeu").type == pa.int16() and schema.field("enjeu").nullable
    assert schema.field("objectifs").type == pa.list_(pa.string())
    assert schema.field("objectifs_niveaux").type == pa.list_(pa.int8())
    assert schema.field("appel_a_projets").type == pa.bool_()
    assert models.arrow_schema(models.Acteur).field("date_fin").type == pa.date32()


def test_table_schema_declares_keys_types_and_enums():
    from pipeline.emit import TABLES

    model, key, foreign = TABLES["pilotes"]
    schema = models.table_schema(model, key, foreign)
    fields = {f["name"]: f for f in schema["fields"]}
    assert schema["primaryKey"] == ["edition", "numero", "rang"]
    assert fields["methode"]["constraints"]["enum"] == ["exact", "alias", "fuzzy", "inconnu"]
    assert fields["score"]["type"] == "number" and fields["rang"]["type"] == "integer"
    assert any(fk["reference"]["resource"] == "acteurs" for fk in schema["foreignKeys"])


def test_the_published_actor_and_mention_are_the_records_matching_reads():
    # One actor type and one mention type: ``models.Acteur`` publishes ``normalise.Actor``'s
    # columns, ``models.MentionPilote`` places a ``normalise.Match`` in its fiche; a column added
    # to one and not the other fails here.
    import dataclasses
    import typing

    from pipeline.normalise import Actor, Match

    actor = typing.get_type_hints(Actor)
    assert set(models.Acteur.model_fields) <= set(actor)
    assert actor["type"] == models.Acteur.model_fields["type"].annotation == models.TypeActeur
    mention = {f.name for f in dataclasses.fields(Match)}
    assert mention == set(models.MentionPilote.model_fields) - {"edition", "numero", "rang"}
    assert typing.get_type_hints(Match)["methode"] == models.MentionPilote.model_fields["methode"].annotation
