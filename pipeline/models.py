"""The shape of every record that crosses a stage boundary, declared once.

Each model is a Pydantic class. The Arrow schema of its Parquet file, its JSON Schema and its
Frictionless Table Schema are all derived from it here, so that the files in ``schemas/`` and the
columns written by ``emit`` cannot drift from the code (``tests/test_schemas.py`` checks it).
Arrow types that Python annotations cannot say (small integers) are given with ``Arrow(...)``.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    import pandas as pd


class Arrow:
    """Annotation metadata fixing the Arrow type of a field (e.g. ``Arrow(pa.int16())``)."""

    def __init__(self, arrow_type: pa.DataType):
        self.arrow_type = arrow_type


Int8 = Annotated[int, Arrow(pa.int8())]
Int16 = Annotated[int, Arrow(pa.int16())]
Int32 = Annotated[int, Arrow(pa.int32())]
Direction = Literal["ltr", "rtl", "ttb", "btt"]


class Record(BaseModel):
    """Base of all records: unknown fields are an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


# --- interim: extract ----------------------------------------------------------------------------


class Fragment(Record):
    """A word of the PDF with the table cell it falls in, (kind "cell") one grid cell, or (kind
    "shade") one shaded background."""

    kind: Literal["word", "cell", "shade"] = Field(description="word: a text fragment; cell: a grid cell; "
                                                   "shade: a shaded background (a filled rectangle)")
    page: Int16 = Field(description="Page number, from 1")
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    direction: Direction = Field(description="Reading direction: ltr upright, btt/ttb rotated")
    size: float = Field(description="Font size in points")
    first_char_width: float = Field(description="Advance of the word's first character")
    bold: bool
    font: str = Field(description="Name of the word's font (to name a font without a Unicode map)")
    invisible: bool = Field(description="Drawn in text render mode 3 (an OCR layer over a page image)")
    overprinted: bool = Field(description="Some of its glyphs lie over other glyphs or over its cell's rule "
                                          "(text overflowing onto a neighbour's)")
    space_width: float = Field(description="Width of a word space in the word's font (0 when the PDF draws none)")
    in_table: bool = Field(description="False for text outside the table (titles, page furniture)")
    row0: Optional[Int16] = Field(None, description="First grid row of the cell on its page")
    row1: Optional[Int16] = Field(None, description="Grid row after the cell's last row")
    col0: Optional[Int16] = Field(None, description="First grid column of the cell")
    col1: Optional[Int16] = Field(None, description="Grid column after the cell's last column")
    cell_x0: Optional[float] = None
    cell_top: Optional[float] = None
    cell_x1: Optional[float] = None
    cell_bottom: Optional[float] = None
    ruled_cols: bool = Field(description="The page's column borders are drawn (else read from text)")
    ruled_rows: bool = Field(description="The page's row borders are drawn (else read from text)")
    bottom_drawn: bool = Field(description="cell: its bottom border is drawn (a rule, a shaded row's edge), "
                                           "not read from a gap in the text; word: false")
    page_width: float
    page_height: float


# --- interim: repair -----------------------------------------------------------------------------


class Verification(Record):
    """One reason to check a fiche against the PDF (codes in ``pipeline/verifications.py``)."""

    code: str = Field(description="Stable identifier of the reason, e.g. mots_non_lus")
    message: str = Field(description="What is doubtful, in French")


class Niveau(Record):
    """One level of a fiche's themes: 1 the theme (ENJEU, AXE), 2 its sub-theme, 3 below."""

    niveau: Int8
    numero: str = Field(description="As printed: '2', 'II', '1.2'")
    libelle: str


class Fiche(Record):
    """One fiche action as read from the table, before pilot normalisation."""

    edition: str
    enjeu: Optional[Int16] = Field(None, description="Theme number (ENJEU 6 -> 6)")
    enjeu_libelle: Optional[str] = Field(None, description="Theme label without 'ENJEU n :'")
    sous_enjeu: Optional[str] = Field(None, description="Second theme level's number as printed ('1.2'); "
                                      "null where the edition has one level")
    sous_enjeu_libelle: Optional[str] = Field(None, description="Its label without the theme word and number")
    themes: list[Niveau] = Field(default_factory=list,
                                 description="Every theme level read, from the top (a third level only here)")
    numero: str = Field(description="Fiche number as printed: '1.10' is not '1.1'")
    intitule: str
    objectifs: list[str]
    objectifs_niveaux: list[Int8] = Field(description="0 paragraph, 1 bullet, 2 sub-item")
    appel_a_projets: bool
    pilote_brut: str = Field(description="Pilot cell: wrapped lines joined, typed breaks as \\n")
    pages: list[Int16]
    colonnes_supplementaires: str = Field(
        description="JSON object, header -> text, of every column not recognised"
    )
    provenance: str = Field(
        description="JSON object, field -> list of [page, x0, top, x1, bottom] of its cells"
    )
    a_verifier: bool = Field(description="True when the reading of this fiche is doubtful: check it against the PDF")
    verifications: list[Verification] = Field(description="Why the fiche is to check (empty when it is not)")


class Avertissement(Record):
    """A warning raised by a stage, pointing at the PDF page and fiche."""

    edition: str
    etape: str
    code: str = Field(description="Stable identifier of the kind of warning (pilot matching: pilote_...)")
    page: Optional[Int16] = None
    numero: Optional[str] = None
    message: str


class CompteMots(Record):
    """Where the words of an edition's PDF went: each word is counted in exactly one part."""

    edition: str
    partie: Literal["fiche", "theme", "en_tete", "mobilier", "hors_tableau", "annexe", "non_lu"] = Field(
        description="fiche: a field of a fiche; theme: theme bands and labels; en_tete: table header rows; "
                    "mobilier: running titles and headers repeated on pages; hors_tableau: text outside the "
                    "table (titles, prose, page numbers); annexe: a table or text after the fiches; "
                    "non_lu: words read into nothing (each one is a warning)")
    mots: Int32


class Zone(Record):
    """A line of the PDF that went to no fiche, with its place: where each non-fiche part and each
    unread word stands on the page (drawn by the control page)."""

    edition: str
    page: Int16
    partie: Literal["theme", "en_tete", "mobilier", "hors_tableau", "annexe", "non_lu"]
    x0: float
    top: float
    x1: float
    bottom: float
    texte: str


#: Pydantic's error types, in French (for the messages of validation and of input files).
MODEL_ERRORS = {"missing": "champ absent", "extra_forbidden": "champ inconnu", "string_type": "texte attendu",
                "int_type": "entier attendu", "int_parsing": "entier attendu", "bool_type": "booléen attendu",
                "bool_parsing": "booléen attendu", "list_type": "liste attendue", "literal_error": "valeur non prévue",
                "string_pattern_mismatch": "forme non prévue", "string_too_short": "ne doit pas être vide",
                "model_type": "table attendue"}


# --- input: the contract's territory (raw/<name>.territoire.toml) -----------------------------------


class CommuneFichier(Record):
    nom: str = Field(min_length=1)
    code_insee: Optional[str] = Field(None, pattern=r"^(\d[\dAB]\d{3})$", description="Code officiel géographique")


class EpciFichier(Record):
    nom: str = Field(min_length=1)
    siren: Optional[str] = Field(None, pattern=r"^\d{9}$")


class TerritoireFichier(Record):
    """The territory a contract covers: its département (the région follows), its communes and EPCI."""

    departement: str = Field(pattern=r"^(\d{2}|2[AB]|97\d)$", description="Code of the département")
    region: Optional[str] = Field(None, pattern=r"^\d{2}$")
    communes: list[CommuneFichier] = []
    epci: Optional[EpciFichier] = None


# --- outputs -------------------------------------------------------------------------------------


class FicheNormalisee(Fiche):
    """A fiche with its pilots matched against the referential of actors."""

    pilotes: list[str] = Field(description="Referential ids, in order of mention")
    pilotes_inconnus: list[str] = Field(description="Mentions matching no actor")
    partenaires: list[str] = Field(description="Referential ids of the partners column, in order (empty without one)")
    partenaires_inconnus: list[str] = Field(description="Partner mentions matching no actor")


class Objectif(Record):
    edition: str
    numero: str
    rang: Int16 = Field(description="Position of the item in the fiche, from 1")
    niveau: Int8 = Field(description="0 paragraph, 1 bullet, 2 sub-item")
    texte: str


#: How a mention was matched to the referential (``normalise.Match.methode``).
Methode = Literal["exact", "alias", "fuzzy", "inconnu"]
#: Kinds of actor (``normalise.Actor.type``).
TypeActeur = Literal["etat", "service_etat", "collectivite", "organisme", "operateur", "dispositif",
                     "instance", "association", "autre"]


# A ``normalise.Match`` placed in its fiche.
class MentionPilote(Record):
    """A mention of an actor in a fiche's pilot cell (table ``pilotes``) or partners cell
    (table ``partenaires``)."""

    edition: str
    numero: str
    rang: Int16 = Field(description="Position of the mention in the pilot cell, from 1")
    mention: str
    acteur_id: Optional[str] = None
    methode: Methode
    score: float


class Enjeu(Record):
    """One theme of one level: the edition's themes (niveau 1), then their sub-themes."""

    edition: str
    enjeu: Int16 = Field(description="Number of the top-level theme it is, or lies under")
    niveau: Int8 = Field(description="1 theme, 2 sub-theme, 3 below")
    numero: str = Field(description="Number as printed ('3', 'II', '3.2')")
    parent: Optional[str] = Field(None, description="numero of the theme one level up (null at level 1)")
    libelle: str
    nb_fiches: Int16


# The columns of ``normalise.Actor`` but those only matching reads (local aliases, ignored names).
class Acteur(Record):
    id: str
    libelle: str
    sigle: Optional[str] = None
    type: TypeActeur
    parent_id: Optional[str] = None
    alias: list[str]
    remplace_par: Optional[str] = Field(None, description="Id of the body that took over")
    date_fin: Optional[dt.date] = Field(None, description="Last day the body existed under this name")
    note: Optional[str] = None
    modele: Optional[str] = Field(None, description="Kind of territorial body (referentiel/modeles.csv)")
    territoire: Optional[str] = Field(None, description="Where it acts: departement:34, region:76, "
                                      "commune:34/montpellier, epci:34/<name>; null for a national body")
    code_insee: Optional[str] = Field(None, description="Official code of the commune, département or région")
    siren: Optional[str] = Field(None, description="SIREN of the EPCI")


class FicheAppariee(Record):
    """A fiche of either edition in a comparison: matched pair, or lone fiche."""

    ancienne_edition: str
    nouvelle_edition: str
    statut: Literal["inchangee", "modifiee", "ajoutee", "supprimee"]
    numero_ancien: Optional[str] = None
    numero_nouveau: Optional[str] = None
    intitule: str = Field(description="Title in the new edition (the old one for a removed fiche)")
    champs_modifies: list[str] = Field(description="Among numero, enjeu, intitule, objectifs, pilotes, appel_a_projets")
    score: Optional[float] = Field(None, description="Match score: title similarity (0-100) + objectives / 100")


class Changement(Record):
    """One changed field of a matched pair of fiches."""

    numero_ancien: str
    numero_nouveau: str
    champ: Literal["numero", "enjeu", "intitule", "objectifs", "pilotes", "appel_a_projets"]
    nature: Literal["modification", "ajout", "retrait", "renommage"]
    avant: Optional[str] = None
    apres: Optional[str] = None
    pages_ancien: list[Int16]
    pages_nouveau: list[Int16]


class Rejet(Record):
    """A record that failed validation, with why and where."""

    edition: str
    table: str
    numero: Optional[str] = None
    pages: list[int]
    raisons: list[str]
    enregistrement: dict[str, Any]


# --- derived schemas -----------------------------------------------------------------------------

_ARROW_SCALARS: dict[Any, pa.DataType] = {
    int: pa.int64(), float: pa.float64(), str: pa.string(), bool: pa.bool_(), dt.date: pa.date32(),
}


def _arrow_type(annotation: Any) -> tuple[pa.DataType, bool]:
    """Arrow type of a field annotation, and whether it is nullable."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *meta = typing.get_args(annotation)
        for m in meta:
            if isinstance(m, Arrow):
                return m.arrow_type, False
        return _arrow_type(base)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner, _ = _arrow_type(args[0])
        return inner, True
    if origin is list:
        inner, _ = _arrow_type(typing.get_args(annotation)[0])
        return pa.list_(inner), False
    if origin is Literal:
        return pa.string(), False
    if origin is dict:
        return pa.string(), False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(arrow_schema(annotation)), False
    return _ARROW_SCALARS[annotation], False


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """The Parquet schema of a table of ``model`` records."""
    fields = []
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        arrow_type, nullable = _arrow_type(annotation)
        fields.append(pa.field(name, arrow_type, nullable=nullable))
    return pa.schema(fields)


def _table_schema_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_integer(arrow_type):
        return "integer"
    if pa.types.is_floating(arrow_type):
        return "number"
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_list(arrow_type):
        return "array"
    if pa.types.is_date(arrow_type):
        return "date"
    return "string"


def table_schema(model: type[BaseModel], primary_key: list[str] | None = None,
                 foreign_keys: list[dict] | None = None) -> dict:
    """The Frictionless Table Schema of the CSV file of ``model`` records."""
    schema = arrow_schema(model)
    fields = []
    for field in schema:
        info = model.model_fields[field.name]
        entry: dict[str, Any] = {"name": field.name, "type": _table_schema_type(field.type)}
        if info.description:
            entry["description"] = info.description
        if field.type == pa.string() and typing.get_origin(info.annotation) is Literal:
            entry["constraints"] = {"enum": list(typing.get_args(info.annotation))}
        if not field.nullable and entry["type"] != "array":
            entry.setdefault("constraints", {})["required"] = True
        fields.append(entry)
    out: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if primary_key:
        out["primaryKey"] = primary_key
    if foreign_keys:
        out["foreignKeys"] = foreign_keys
    return out


def json_schema(model: type[BaseModel]) -> dict:
    return model.model_json_schema()


def dumps(obj: Any) -> str:
    """Compact, stable JSON (UTF-8, keys in insertion order) used inside table cells."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def text_value(value: Any) -> str | None:
    """A value as the text CSV files and change records print: true/false, lists and objects as
    JSON, None as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def check_records(rows: list[dict], schema: pa.Schema, name: str) -> None:
    """Raise ``ValueError`` naming the record and the fields when a record lacks a field of the
    schema, holds one it does not have, or leaves a non-nullable field null."""
    names = set(schema.names)
    required = [f.name for f in schema if not f.nullable]
    for k, row in enumerate(rows):
        if row.keys() != names:
            raise ValueError(f"{name} record {k}: missing fields {sorted(names - row.keys())}, "
                             f"unknown fields {sorted(row.keys() - names)}")
        nulls = [field for field in required if row[field] is None]
        if nulls:
            raise ValueError(f"{name} record {k}: null in non-nullable fields {nulls}")


def to_arrow(rows: list[dict], model: type[BaseModel]) -> pa.Table:
    """Records as an Arrow table with the model's schema (raises on a missing, unknown, null
    non-nullable or mistyped field)."""
    schema = arrow_schema(model)
    check_records(rows, schema, model.__name__)
    return pa.Table.from_pylist(rows, schema=schema)


def frame(rows: list[dict], model: type[BaseModel]) -> "pd.DataFrame":
    """Records as a DataFrame whose columns keep the model's Arrow types."""
    import pandas as pd

    return to_arrow(rows, model).to_pandas(types_mapper=pd.ArrowDtype)


def records(df: "pd.DataFrame", model: type[BaseModel]) -> list[dict]:
    """The rows of a DataFrame as plain dicts, after checking it has the model's columns."""
    import pyarrow as pa

    table = pa.Table.from_pandas(df, preserve_index=False)
    expected = arrow_schema(model)
    missing = set(expected.names) - set(table.column_names)
    if missing:
        raise ValueError(f"{model.__name__} table lacks columns {sorted(missing)}")
    return table.select(expected.names).cast(expected).to_pylist()
