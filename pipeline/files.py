"""File-system helpers shared by the CLI and ``emit``: atomic writes and table files."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, cast, get_args

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from pipeline import config, models
from pipeline.errors import InputError, OutputError, output_error
from pipeline.normalise import Actor

#: The referential of actors shipped with the package (a versioned data file, package data).
REFERENTIAL = Path(str(resources.files("pipeline") / "referentiel" / "acteurs.csv"))


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """A temporary file path that replaces ``target`` only if the block succeeds (a failure to
    write is one ``OutputError``, and ``target`` stays as it was)."""
    if target.is_dir():
        raise OutputError(target, "--out désigne un dossier, pas un fichier", "donnez le chemin du fichier à écrire")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise output_error(target, exc) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.replace(target)
    except OSError as exc:
        raise output_error(target, exc) from exc
    finally:
        tmp.unlink(missing_ok=True)


def write_batches(batches: Iterable[list[dict]], model: type[BaseModel], path: Path,
                  metadata: dict[str, str] | None = None) -> None:
    """Records arriving in batches (pages, or slices of a long table), each written as it comes:
    only one batch is ever converted to Arrow at a time."""
    schema = models.arrow_schema(model).with_metadata(metadata or {})
    with pq.ParquetWriter(path, schema) as writer:
        for batch in batches:
            writer.write_table(models.to_arrow(batch, model).replace_schema_metadata(schema.metadata))


def write_parquet(rows: list[dict], model: type[BaseModel], path: Path, metadata: dict[str, str] | None = None) -> None:
    """Records as a Parquet file with the model's schema (and optional file metadata)."""
    step = config.EMIT.parquet_batch_rows
    write_batches((rows[i:i + step] for i in range(0, len(rows), step)), model, path, metadata)


def write_pages(pages: Iterable[list[dict]], model: type[BaseModel], path: Path) -> None:
    """Records arriving page by page, written as they come (one row group per page)."""
    with atomic_file(path) as tmp:
        write_batches(pages, model, tmp)


def _parquet(path: Path, model: type[BaseModel]) -> pq.ParquetFile:
    """An interim or published Parquet file of ``model`` records, or one clear ``InputError``."""
    if not path.is_file():
        raise InputError(path, "fichier introuvable" if not path.exists() else "ce n'est pas un fichier",
                         "donnez le fichier écrit par l'étape précédente (voir README, Stages)")
    try:
        handle = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(path, "ce n'est pas un fichier Parquet lisible",
                         "relancez l'étape qui l'écrit (ou make all)") from exc
    missing = set(models.arrow_schema(model).names) - set(handle.schema_arrow.names)
    if missing:
        raise InputError(path, f"ce n'est pas une table {model.__name__} (colonnes absentes : {sorted(missing)})",
                         "donnez le fichier écrit par l'étape précédente, ou relancez-la")
    return handle


def read_pages(path: Path, model: type[BaseModel]) -> Iterator[list[dict]]:
    """Records of a file written by ``write_pages``, page by page (pages are contiguous)."""
    schema = models.arrow_schema(model)
    handle = _parquet(path, model)
    page: list[dict] = []
    for batch in handle.iter_batches(columns=schema.names):
        for record in pa.Table.from_batches([batch]).cast(schema).to_pylist():
            if page and record["page"] != page[0]["page"]:
                yield page
                page = []
            page.append(record)
    if page:
        yield page


def read_records(path: Path, model: type[BaseModel]) -> list[dict]:
    """A Parquet file of ``model`` records, checked against the model's columns."""
    expected = models.arrow_schema(model)
    return _parquet(path, model).read(columns=expected.names).cast(expected).to_pylist()


def read_data_csv(path: Path) -> list[dict[str, str]]:
    """The rows of one of the package's data CSV files (lines starting with "#" document it)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def names(cell: str | None) -> tuple[str, ...]:
    """The names of a CSV cell listing several, separated by "|"."""
    return tuple(a.strip() for a in (cell or "").split("|") if a.strip())


def actor_type(value: str, path: Path) -> models.TypeActeur:
    """The kind of actor a data file's row names, or one clear ``InputError``."""
    if value not in get_args(models.TypeActeur):
        raise InputError(path, f"type d'acteur inconnu {value!r}",
                         f"choisissez l'un de : {', '.join(get_args(models.TypeActeur))}")
    return cast(models.TypeActeur, value)


def read_referential(path: Path = REFERENTIAL) -> list[Actor]:
    """The actors of the referential CSV (aliases separated by "|")."""
    rows = read_data_csv(path)
    return [Actor(id=r["id"], libelle=r["libelle"], sigle=r["sigle"] or None, type=actor_type(r["type"], path),
                  parent_id=r["parent_id"] or None, alias=names(r["alias"]),
                  remplace_par=r["remplace_par"] or None, note=r["note"] or None,
                  date_fin=dt.date.fromisoformat(r["date_fin"]) if r["date_fin"] else None,
                  code_insee=r.get("code_insee") or None, siren=r.get("siren") or None,
                  territoire=r.get("territoire") or None, modele=r.get("modele") or None,
                  alias_locaux=names(r.get("alias_locaux")))
            for r in rows]
