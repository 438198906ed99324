"""One edition end to end: a PDF (or its repaired fiches) -> its published folder in ``--out``.

The sequence the CLI and make run: extract and repair (``read_edition``), then normalise,
validate, build the tables and publish them at one commit point (``publish_edition``). Returns
the exit status; every user error is raised as a ``PipelineError`` for the caller to report.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline import config, console, publication
from pipeline.acteurs import (
    edition_actors,
    generic_names,
    locate,
    published,
    read_models,
    row_places,
)
from pipeline.avertissements import avertissement
from pipeline.console import plural
from pipeline.emit import PARTITIONED, edition_tables, now, sha256, write_edition
from pipeline.errors import EXIT_OK, EXIT_REJECTS, EXIT_TO_CHECK, InputError, TableError
from pipeline.extract import pages
from pipeline.files import read_referential
from pipeline.normalise import Actor, Referential, key, needs_review, normalise
from pipeline.repair import Reading, repair
from pipeline.territoire import Place, Territoire, beside, read_places, read_territoire
from pipeline.validate import validate


def summary(edition: str, fiches: list[dict], warnings: list[dict], rejected: int = 0, unread: int = 0) -> str:
    """The one line printed at the end of each edition."""
    enjeux = {f["enjeu"] for f in fiches if f["enjeu"] is not None}
    pages_seen = {p for f in fiches for p in f["pages"]}
    to_check = sum(1 for f in fiches if f["a_verifier"])
    parts = [plural(len(fiches), "fiche"), plural(len(enjeux), "enjeu", "enjeux"), plural(len(pages_seen), "page"),
             plural(unread, "mot non lu", "mots non lus"), plural(to_check, "fiche à vérifier", "fiches à vérifier"),
             plural(len(warnings), "avertissement")]
    if rejected:
        parts.append(plural(rejected, "fiche rejetée", "fiches rejetées"))
    return f"{edition}: {', '.join(parts)}"


def repair_edition(fragments: Iterable[list[dict]], edition: str, source: Path) -> Reading:
    """Fiches, warnings and word account of one edition, or one ``InputError`` when its PDF holds
    no fiche table."""
    try:
        return repair(fragments, edition)
    except TableError as exc:
        raise InputError(source, f"aucun tableau de fiches actions : {exc}",
                         exc.action or "vérifiez que ce PDF contient le tableau des fiches actions du contrat") from exc


def pilot_warnings(mentions: list[dict], fiches: list[dict], generic: frozenset[str] = frozenset(),
                   role: str = "pilote") -> list[dict]:
    """A warning for every pilot (or partner, ``role``) mention that is unknown or only
    approximately matched; a generic name ("Ville", "CAF") is unknown because the contract's
    territory does not say which body. The codes are those of actor matching, for both roles."""
    page = {f["numero"]: f["pages"][0] if f["pages"] else None for f in fiches}
    out = []
    for m in filter(needs_review, mentions):
        if m["methode"] == "inconnu" and key(m["mention"]) in generic:
            code, message = "pilote_generique", (f"{role} {m['mention']!r} non résolu : le territoire du contrat "
                                                 "ne dit pas de quel organisme il s'agit (voir « Territoire du contrat » "
                                                 "dans le README)")
        elif m["methode"] == "inconnu":
            code, message = "pilote_inconnu", f"{role} {m['mention']!r} absent du référentiel (voir pilotes_a_verifier.csv)"
        else:
            code, message = "pilote_approche", (f"{role} {m['mention']!r} lu comme {m['acteur_id']!r} "
                                                f"(approché, score {m['score']})")
        out.append(avertissement(m["edition"], code, page.get(m["numero"]), m["numero"], message, "normalise"))
    return out


def edition_territory(fiches: list[dict], zones: list[dict], rows: list[Actor], models: list, places: list[Place],
                      source: Path, territory: Path | None) -> Territoire:
    """The territory file given, else the one beside the PDF, else what the document says."""
    path = territory or (beside(source) if beside(source).is_file() else None)
    given = read_territoire(path, [*places, *row_places(rows, models)]) if path else None
    return locate(fiches, zones, rows, models, places, given)


def territory_warnings(where: Territoire, edition: str, source: Path) -> list[dict]:
    """What was inferred of the contract's territory and from where, or that nothing was."""
    fix = f"donnez le fichier {beside(source).name} (voir « Territoire du contrat » dans le README)"
    if where.source.startswith("fichier"):
        return []
    if not where.places():
        return [avertissement(edition, "territoire_inconnu", None, None,
                                     "territoire du contrat introuvable dans le document : les pilotes génériques "
                                     f"(Ville, Département, CAF…) restent non résolus ; {fix}", "normalise")]
    return [avertissement(edition, "territoire_deduit", None, None,
                                 f"territoire déduit du document : {where.describe()}, d'après {', '.join(where.evidence)} ; "
                                 f"s'il est faux, {fix}", "normalise")]


def publish_edition(fiches: list[dict], warnings: list[dict], edition: str, source: Path, out: Path,
                    referential: Path, words: Iterable[dict] = (), zones: Iterable[dict] = (),
                    territory: Path | None = None) -> int:
    """Normalise, validate and emit one edition (with its word account ``words`` and the places
    ``zones`` of the words that went to no fiche) into ``out/<edition>/`` and ``out/all/``
    (switched in at one commit point, see ``publication``), its pilots read in the contract's
    territory (the file ``territory``, the one beside the PDF, or inferred). Returns the exit status."""
    source = source.resolve()  # make passes a link in interim/: the name published is the PDF's own
    fiches = [{**f, "edition": edition} for f in fiches]  # the name it is published under, everywhere
    warnings = [{**w, "edition": edition} for w in warnings]
    words = [{**w, "edition": edition} for w in words]
    zones = [{**z, "edition": edition} for z in zones]
    rows, models, places = read_referential(referential), read_models(), read_places()
    where = edition_territory(fiches, zones, rows, models, places, source, territory)
    actors = edition_actors(rows, models, places, where)
    normalised, mentions, partners = normalise(fiches, Referential(actors))
    generic = generic_names(models)
    found = (territory_warnings(where, edition, source) + pilot_warnings(mentions, normalised, generic)
             + pilot_warnings(partners, normalised, generic, "partenaire"))
    for warning in found:
        console.warn(warning)
    warnings = warnings + found
    valid, rejects = validate(normalised)
    used = {m["acteur_id"] for m in mentions + partners if m["acteur_id"]}
    tables = edition_tables(valid, mentions, published(actors, rows, where, used), warnings, words, partners)
    source_hash, created = sha256(source), now()
    publication.publish(out, edition, lambda folder: write_edition(folder, edition, tables, rejects, source,
                                                                   source_hash, created, zones),
                        {table: f"{table}.parquet" for table in PARTITIONED})
    unread = sum(w["mots"] for w in words if w["partie"] == "non_lu")
    to_check = sum(1 for f in valid if f["a_verifier"])
    console.say(summary(edition, valid, warnings, len(rejects), unread),
                at=console.QUIET if rejects or to_check else console.NORMAL)
    if rejects:
        console.error(f"{edition}: {plural(len(rejects), 'fiche rejetée', 'fiches rejetées')} par la validation ; "
                      f"raisons et pages dans {out / edition / 'rejets.jsonl'}")
    if to_check:
        console.error(f"{edition}: {plural(to_check, 'fiche à vérifier', 'fiches à vérifier')} contre le PDF "
                      f"(a_verifier) ; raisons dans {out / edition / 'rapport.md'}")
    return EXIT_REJECTS if rejects else EXIT_TO_CHECK if to_check else EXIT_OK


def read_edition(pdf: Path, edition: str, progress: console.Progress,
                 max_decoded: int = config.FILES.max_decoded_bytes) -> Reading:
    """Extract and repair one PDF, its warnings printed once it is read."""
    reading = repair_edition(pages(pdf, progress, max_decoded), edition, pdf)
    for warning in reading.warnings:
        console.warn(warning)
    return reading


def run_edition(pdf: Path, edition: str, out: Path, referential: Path, max_decoded: int = config.FILES.max_decoded_bytes,
                live: bool = True, territory: Path | None = None) -> int:
    """Every stage of one edition; ``live`` when its progress may update one terminal line."""
    progress = console.Progress(edition, live=live)
    fiches, warnings, words, zones = read_edition(pdf, edition, progress, max_decoded)
    progress.step("publication")
    return publish_edition(fiches, warnings, edition, pdf, out, referential, words, zones, territory)
