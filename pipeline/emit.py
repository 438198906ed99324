"""Emit stage: validated fiches -> the published tables, in Parquet, CSV and JSON, with their
Frictionless data package and a report for the data officer.

``edition_tables`` and the other builders are pure; ``write_edition`` writes the files into the
folder that ``publication`` switches in at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import BaseModel

from pipeline import __version__, config, models
from pipeline.console import plural
from pipeline.controle import write_controle
from pipeline.files import write_parquet
from pipeline.normalise import Actor, key, needs_review
from pipeline.numbering import gaps
from pipeline.validate import reason_parts

#: Each published table: model, primary key, foreign keys (Table Schema form).
TABLES: dict[str, tuple[type[BaseModel], list[str], list[dict]]] = {
    "fiches": (models.FicheNormalisee, ["edition", "numero"], [
        {"fields": ["edition", "enjeu"], "reference": {"resource": "enjeux", "fields": ["edition", "enjeu"]}}]),
    "objectifs": (models.Objectif, ["edition", "numero", "rang"], [
        {"fields": ["edition", "numero"], "reference": {"resource": "fiches", "fields": ["edition", "numero"]}}]),
    "pilotes": (models.MentionPilote, ["edition", "numero", "rang"], [
        {"fields": ["edition", "numero"], "reference": {"resource": "fiches", "fields": ["edition", "numero"]}},
        {"fields": "acteur_id", "reference": {"resource": "acteurs", "fields": "id"}}]),
    "partenaires": (models.MentionPilote, ["edition", "numero", "rang"], [
        {"fields": ["edition", "numero"], "reference": {"resource": "fiches", "fields": ["edition", "numero"]}},
        {"fields": "acteur_id", "reference": {"resource": "acteurs", "fields": "id"}}]),
    "enjeux": (models.Enjeu, ["edition", "enjeu", "niveau", "numero"], []),
    "acteurs": (models.Acteur, ["id"], [
        {"fields": "parent_id", "reference": {"resource": "acteurs", "fields": "id"}},
        {"fields": "remplace_par", "reference": {"resource": "acteurs", "fields": "id"}}]),
    "avertissements": (models.Avertissement, [], []),
    "mots": (models.CompteMots, ["edition", "partie"], []),
}
#: Tables also published across editions in processed/all/<table>/<edition>/ (the edition's own
#: Parquet file, edition column included: see ``publication``).
PARTITIONED = ("fiches", "objectifs", "pilotes", "partenaires", "enjeux", "avertissements")


# --- pure builders -------------------------------------------------------------------------------


def objectifs_rows(fiches: list[dict]) -> list[dict]:
    return [{"edition": f["edition"], "numero": f["numero"], "rang": rank, "niveau": level, "texte": text}
            for f in fiches for rank, (level, text) in enumerate(zip(f["objectifs_niveaux"], f["objectifs"]), 1)]


def enjeux_rows(fiches: list[dict]) -> list[dict]:
    """One row per theme of each level: the themes by number, each followed by its sub-themes in
    the order the edition prints them."""
    counts: Counter = Counter()
    rows: dict[tuple, dict] = {}
    for f in fiches:
        if f["enjeu"] is None:
            continue
        levels = f.get("themes") or [{"niveau": 1, "numero": str(f["enjeu"]), "libelle": f["enjeu_libelle"]}]
        parent = None
        for level in levels:
            row_key = (f["enjeu"], level["niveau"], level["numero"], parent)
            rows.setdefault(row_key, {"edition": f["edition"], "enjeu": f["enjeu"], "niveau": level["niveau"],
                                      "numero": level["numero"], "parent": parent, "libelle": level["libelle"]})
            counts[row_key] += 1
            parent = level["numero"]
    ordered = sorted(rows, key=lambda k: (k[0], k[1] > 1))  # stable: sub-themes in the order read
    return [{**rows[k], "nb_fiches": counts[k]} for k in ordered]


def acteurs_rows(actors: list[Actor]) -> list[dict]:
    """The actors as published: their names read in this edition (generic names only for the
    bodies of the contract's territory)."""
    fields = models.Acteur.model_fields
    return [{**{k: v for k, v in asdict(a).items() if k in fields},
             "alias": [n for n in a.alias if key(n) not in a.ignore]} for a in actors]


def edition_tables(fiches: list[dict], mentions: list[dict], actors: list[Actor], warnings: list[dict],
                   words: list[dict] | None = None, partners: list[dict] | None = None) -> dict[str, list[dict]]:
    """Every published table of one edition, from its valid fiches (and its word account)."""
    numbers = {f["numero"] for f in fiches}
    return {
        "fiches": fiches,
        "objectifs": objectifs_rows(fiches),
        "pilotes": [m for m in mentions if m["numero"] in numbers],
        "partenaires": [m for m in partners or [] if m["numero"] in numbers],
        "enjeux": enjeux_rows(fiches),
        "acteurs": acteurs_rows(actors),
        "avertissements": warnings,
        "mots": words or [],
    }


def nested(tables: dict[str, list[dict]]) -> Iterator[dict]:
    """fiches.json records: each fiche with its objectives and pilot mentions inside it."""
    by_fiche: dict[str, dict[str, list]] = {f["numero"]: {"objectifs": [], "pilotes": [], "partenaires": []}
                                            for f in tables["fiches"]}
    for o in tables["objectifs"]:
        by_fiche[o["numero"]]["objectifs"].append({k: o[k] for k in ("rang", "niveau", "texte")})
    for table in ("pilotes", "partenaires"):
        for m in tables[table]:
            by_fiche[m["numero"]][table].append({k: m[k] for k in ("rang", "mention", "acteur_id", "methode", "score")})
    for f in tables["fiches"]:
        record = {k: v for k, v in f.items() if k not in ("objectifs", "objectifs_niveaux")}
        for name in ("colonnes_supplementaires", "provenance"):
            record[name] = json.loads(f[name])
        yield {**record, **by_fiche[f["numero"]]}


def write_json_list(records: Iterable[dict], path: Path) -> None:
    """A JSON array written one record at a time (a long edition never sits whole in memory)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for i, record in enumerate(records):
            handle.write(",\n" if i else "\n")
            json.dump(record, handle, ensure_ascii=False)
        handle.write("\n]\n")


REVIEW_COLUMNS = ["edition", "numero", "page", "colonne", "mention", "acteur_id", "methode", "score"]


def review_rows(tables: dict[str, list[dict]]) -> list[dict]:
    """pilotes_a_verifier.csv: every unknown and every fuzzy match of the pilot and partner
    cells, for a data officer to settle."""
    pages = {f["numero"]: f["pages"][0] if f["pages"] else None for f in tables["fiches"]}
    return [{"edition": m["edition"], "numero": m["numero"], "page": pages.get(m["numero"]), "colonne": column,
             "mention": m["mention"], "acteur_id": m["acteur_id"], "methode": m["methode"], "score": m["score"]}
            for table, column in (("pilotes", "pilote"), ("partenaires", "partenaire"))
            for m in tables[table] if needs_review(m)]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def datapackage(edition: str, source: Path, source_hash: str, created: str) -> dict:
    """The Frictionless descriptor of an edition's CSV files."""
    resources = []
    for name, (model, primary, foreign) in TABLES.items():
        schema = models.table_schema(model, primary or None, foreign or None)
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": f"contrat-de-ville-{edition}".lower(),
        "title": f"Contrat de ville {edition} : fiches actions",
        "description": "Fiches actions du contrat de ville, extraites du PDF de l'édition par le pipeline.",
        "version": __version__,
        "created": created,
        "licenses": [dict(config.EMIT.licence)],
        "sources": [{"title": source.name, "path": source.name, "sha256": source_hash}],
        "resources": resources,
    }


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


#: The parts of the word account, as the report names them.
PART_NAMES = {"fiche": "dans les fiches", "theme": "thèmes (bandeaux, étiquettes, cellules de thème)",
              "en_tete": "lignes d'en-tête du tableau", "mobilier": "titres et en-têtes répétés sur les pages",
              "hors_tableau": "hors du tableau (titres, texte, numéros de page)", "annexe": "annexe après les fiches",
              "non_lu": "**non lus**"}


def word_account(words: list[dict]) -> list[str]:
    """The report's account of the PDF's words: where each went."""
    if not words:
        return []
    total = sum(w["mots"] for w in words)
    lines = ["## Lecture des mots du PDF", "", f"{plural(total, 'mot lu', 'mots lus')} dans le PDF :", "",
             "| partie | mots |", "|---|---:|"]
    lines += [f"| {PART_NAMES[w['partie']]} | {w['mots']} |" for w in words]
    unread = sum(w["mots"] for w in words if w["partie"] == "non_lu")
    lines += ["", "Chaque mot non lu est un avertissement (page, position, texte) ; les fiches voisines sont à vérifier."
              if unread else "Tous les mots du PDF sont lus.", ""]
    return lines


def to_check(fiches: list[dict]) -> list[str]:
    """The report's list of fiches flagged ``a_verifier``, with why."""
    flagged = [f for f in fiches if f["a_verifier"]]
    lines = ["## Fiches à vérifier contre le PDF", ""]
    lines += [f"- fiche {f['numero']} (pages {', '.join(map(str, f['pages']))}) : "
              + "; ".join(_cell(v["message"]) for v in f["verifications"]) for f in flagged] or ["Aucune."]
    return lines + [""]


def actors_by_fiches(fiches: list[dict], actors: list[dict], column: str, title: str) -> list[str]:
    """The report's table of the actors of one column (pilots, partners) by number of fiches."""
    counts = Counter(p for f in fiches for p in f[column])
    names = {a["id"]: a["libelle"] for a in actors}
    lines = [f"## {title} par nombre de fiches", "", "| acteur | id | fiches |", "|---|---|---:|"]
    lines += [f"| {_cell(names.get(i, i))} | `{i}` | {n} |" for i, n in counts.most_common()]
    unknown = Counter(m for f in fiches for m in f[f"{column}_inconnus"])
    if unknown:
        lines += ["", "Mentions inconnues du référentiel (voir `pilotes_a_verifier.csv`) : "
                  + ", ".join(f"{m!r} ({n})" for m, n in unknown.most_common()) + "."]
    return lines


def report(edition: str, tables: dict[str, list[dict]], rejects: list[dict], run: dict[str, str]) -> str:
    """rapport.md: what a data officer reads first. ``run`` holds the run's metadata (source,
    source_sha256, pipeline_version, created)."""
    fiches = tables["fiches"]
    warnings = tables["avertissements"]
    lines = [f"# Rapport : {edition}", "",
             f"Source : `{run['source']}` (sha256 `{run['source_sha256']}`). Pipeline {run['pipeline_version']}, "
             f"exécuté le {run['created']}.", "",
             f"{plural(len(fiches), 'fiche valide', 'fiches valides')}, {plural(len(rejects), 'rejetée', 'rejetées')}, "
             f"{plural(len(warnings), 'avertissement')}. "
             f"{plural(sum(f['a_verifier'] for f in fiches), 'fiche à vérifier', 'fiches à vérifier')} contre le PDF : "
             "la lecture est dessinée sur chaque page dans [controle/index.html](controle/index.html).", ""]
    lines += word_account(tables["mots"])
    lines += to_check(fiches)
    lines += ["## Fiches par enjeu", "", "| enjeu | libellé | fiches |", "|---:|---|---:|"]
    lines += [f"| {e['enjeu'] if e['niveau'] == 1 else '↳ ' + e['numero']} | {_cell(e['libelle'])} | {e['nb_fiches']} |"
              for e in tables["enjeux"]]
    opened = sum(f["appel_a_projets"] for f in fiches)
    lines += ["", f"Fiches ouvertes à l'appel à projets : {opened} sur {len(fiches)} "
              f"({opened / len(fiches) if fiches else 0.0:.0%}).", ""]
    lines += actors_by_fiches(fiches, tables["acteurs"], "pilotes", "Pilotes")
    if any(f["partenaires"] or f["partenaires_inconnus"] for f in fiches):
        lines += [""] + actors_by_fiches(fiches, tables["acteurs"], "partenaires", "Partenaires")
    missing = gaps([f["numero"] for f in fiches] + [str(r["numero"]) for r in rejects if r["numero"]])
    lines += ["", "## Numérotation", "",
              f"Numéros absents de la série de l'édition : {', '.join(missing)}." if missing
              else "Aucun numéro absent de la série de l'édition."]
    lines += ["", "## Fiches, à comparer au PDF", "", "| numéro | intitulé | pages |", "|---|---|---|"]
    lines += [f"| {f['numero']} | {_cell(f['intitule'])} | {', '.join(map(str, f['pages']))} |" for f in fiches]
    lines += ["", "## Avertissements", ""]
    lines += [f"- page {w['page'] or '?'}, fiche {w['numero'] or '-'} : {w['message']}" for w in warnings] or ["Aucun."]
    lines += ["", "## Rejets", ""]
    lines += [f"- fiche {r['numero']} « {_cell((r['enregistrement'] or {}).get('intitule') or '')} » "
              f"(pages {', '.join(map(str, r['pages'])) or '?'}) : "
              + "; ".join(f"{message} ({code})" for code, message in map(reason_parts, r["raisons"]))
              for r in rejects] or ["Aucun."]
    return "\n".join(lines) + "\n"


def schema_files() -> dict[str, str]:
    """Every file of ``schemas/``: JSON Schema and Table Schema of each published table, JSON
    Schema of the interim records and of rejects, all generated from ``pipeline/models.py``."""
    def dump(obj: dict) -> str:
        return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"

    files = {}
    for name, (model, primary, foreign) in TABLES.items():
        files[f"{name}.schema.json"] = dump(models.json_schema(model))
        files[f"{name}.tableschema.json"] = dump(models.table_schema(model, primary or None, foreign or None))
    for name, model in (("cells", models.Fragment), ("fiches-interim", models.Fiche), ("zones", models.Zone),
                        ("rejets", models.Rejet),
                        ("fiches_appariees", models.FicheAppariee), ("changements", models.Changement)):
        files[f"{name}.schema.json"] = dump(models.json_schema(model))
    return files


# --- writers -------------------------------------------------------------------------------------


def write_csv(rows: list[dict], columns: list[str], path: Path) -> None:
    """UTF-8 without BOM, comma, header row, RFC 4180 quoting and line ends, true/false."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([models.text_value(row.get(c)) or "" for c in columns] for row in rows)


def write_table_files(rows: list[dict], model: type[BaseModel], stem: Path, metadata: dict[str, str] | None = None) -> None:
    """``stem``.parquet and ``stem``.csv of one table."""
    write_parquet(rows, model, stem.with_suffix(".parquet"), metadata)
    write_csv(rows, list(models.arrow_schema(model).names), stem.with_suffix(".csv"))


def write_edition(folder: Path, edition: str, tables: dict[str, list[dict]], rejects: list[dict],
                  source: Path, source_hash: str, created: str, zones: list[dict] | None = None) -> None:
    """Every output file of one edition into ``folder``, its control page included (``zones``:
    where the words that went to no fiche stand)."""
    metadata = {"edition": edition, "source": source.name, "source_sha256": source_hash,
                "pipeline_version": __version__, "created": created}
    for name, (model, _, _) in TABLES.items():
        write_table_files(tables[name], model, folder / name, metadata)
    write_json_list(nested(tables), folder / "fiches.json")
    package = datapackage(edition, source, source_hash, created)
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
    write_csv(review_rows(tables), REVIEW_COLUMNS, folder / "pilotes_a_verifier.csv")
    with (folder / "rejets.jsonl").open("w", encoding="utf-8") as handle:
        for r in rejects:
            handle.write(json.dumps(r, ensure_ascii=False) + "\n")
    (folder / "rapport.md").write_text(report(edition, tables, rejects, metadata), encoding="utf-8")
    write_controle(folder, edition, tables["fiches"], zones or [], source)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
