"""Command line: ``python -m pipeline run|extract|repair|publish|diff|sources|schemas …``.

With ``files``, ``publication`` and ``emit``, the only place that touches the file system. Each
stage can run alone so that the Makefile caches ``interim/<edition>/`` and rebuilds only what
changed. Every user error is one line on stderr naming the file, the cause and what to do, with
its own exit code (``errors``).
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Iterable

import pyarrow as pa

from pipeline import __version__, config, models, publication
from pipeline.editions import edition_problem, slug, sources
from pipeline.emit import PARTITIONED, edition_tables, now, schema_files, sha256, write_edition, write_table_files
from pipeline.errors import (EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_REJECTS, InputError, PipelineError,
                             UsageError)
from pipeline.extract import pages
from pipeline.files import (REFERENTIAL, atomic_file, read_pages, read_records, read_referential, write_pages,
                            write_parquet)
from pipeline.normalise import Referential, normalise
from pipeline.repair import TableError, repair
from pipeline.validate import validate

# Arrow's default allocator (mimalloc) keeps freed memory for reuse: on an 800-page edition the
# process then peaks about 60 MB higher (measured with bench/worker.py); the system allocator
# gives it back.
pa.set_memory_pool(pa.system_memory_pool())


class Progress:
    """Per-page progress on stderr: one updating line on a terminal, a few lines in a log."""

    def __init__(self, edition: str, stream=sys.stderr):
        self.edition, self.stream = edition, stream
        self.tty = stream.isatty()

    def __call__(self, page: int, count: int) -> None:
        if self.tty:
            end = "\n" if page == count else ""
            print(f"\r{self.edition}: page {page}/{count}", end=end, file=self.stream, flush=True)
        elif count >= 20 and (page % max(1, count // 10) == 0 or page == count):
            print(f"{self.edition}: page {page}/{count}", file=self.stream, flush=True)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def summary(edition: str, fiches: list[dict], warnings: list[dict], rejected: int = 0) -> str:
    """The one line printed at the end of each edition."""
    enjeux = {f["enjeu"] for f in fiches if f["enjeu"] is not None}
    pages = {p for f in fiches for p in f["pages"]}
    line = (f"{edition}: {len(fiches)} fiches, {len(enjeux)} enjeux, {len(pages)} pages, "
            f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")
    return line + (f", {rejected} rejected" if rejected else "")


def print_warnings(warnings: list[dict]) -> None:
    for w in warnings:
        where = ", ".join(x for x in (f"page {w['page']}" if w["page"] else "",
                                      f"fiche {w['numero']}" if w["numero"] else "") if x)
        say(f"warning: {w['edition']}: {where}: {w['message']}")


# --- stages with their files ---------------------------------------------------------------------


def repair_edition(fragments: Iterable[list[dict]], edition: str, source: Path) -> tuple[list[dict], list[dict]]:
    try:
        return repair(fragments, edition)
    except TableError as exc:
        raise InputError(source, f"aucun tableau de fiches actions : {exc}",
                         "vérifiez que ce PDF contient le tableau des fiches actions du contrat") from exc


def pilot_warnings(mentions: list[dict], fiches: list[dict]) -> list[dict]:
    """A warning for every pilot mention that is unknown or only approximately matched."""
    page = {f["numero"]: f["pages"][0] if f["pages"] else None for f in fiches}
    out = []
    for m in mentions:
        if m["methode"] == "inconnu":
            message = f"pilot {m['mention']!r} is not in the referential (see pilotes_a_verifier.csv)"
        elif m["methode"] == "fuzzy":
            message = f"pilot {m['mention']!r} read as {m['acteur_id']!r} (fuzzy, score {m['score']})"
        else:
            continue
        out.append({"edition": m["edition"], "etape": "normalise", "page": page.get(m["numero"]),
                    "numero": m["numero"], "message": message})
    return out


def publish(fiches: list[dict], warnings: list[dict], edition: str, source: Path, out: Path,
            referential: Path) -> int:
    """Normalise, validate and emit one edition into ``out/<edition>/`` and ``out/all/`` (switched
    in at one commit point, see ``publication``). Returns the exit status."""
    source = source.resolve()  # make passes a link in interim/: the name published is the PDF's own
    fiches = [{**f, "edition": edition} for f in fiches]  # the name it is published under, everywhere
    warnings = [{**w, "edition": edition} for w in warnings]
    actors = read_referential(referential)
    normalised, mentions = normalise(fiches, Referential(actors))
    about_pilots = pilot_warnings(mentions, normalised)
    print_warnings(about_pilots)
    warnings = warnings + about_pilots
    valid, rejects = validate(normalised)
    tables = edition_tables(valid, mentions, actors, warnings)
    source_hash = sha256(source)
    publication.publish(out, edition, lambda folder: write_edition(folder, edition, tables, rejects, source,
                                                                   source_hash, now()),
                        {table: f"{table}.parquet" for table in PARTITIONED})
    say(summary(edition, valid, warnings, len(rejects)))
    if rejects:
        say(f"erreur : {edition} : {len(rejects)} fiche(s) rejetée(s) par la validation ; "
            f"raisons et pages dans {out / edition / 'rejets.jsonl'}")
        return EXIT_REJECTS
    return EXIT_OK


def run_one(pdf: Path, edition: str, out: Path, referential: Path, max_decoded: int = config.MAX_DECODED_BYTES) -> int:
    fiches, warnings = repair_edition(pages(pdf, Progress(edition), max_decoded), edition, pdf)
    print_warnings(warnings)
    return publish(fiches, warnings, edition, pdf, out, referential)


# --- commands ------------------------------------------------------------------------------------


def _ignore_interrupts() -> None:
    """In worker processes: Ctrl-C is the parent's to handle (it stops the workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_safely(job: tuple) -> int:
    """One edition, its user errors reported as one line: the status, never an exception."""
    try:
        return run_one(*job)
    except PipelineError as exc:
        say(f"erreur : {exc}")
        return exc.exit_code


def edition_jobs(args: argparse.Namespace) -> tuple[list[tuple], int]:
    """(the editions to run, the status of the PDFs refused for their name)."""
    if args.edition is not None and len(args.pdfs) > 1:
        raise UsageError("--edition nomme une seule édition : donnez un seul PDF avec cette option")
    jobs, status, seen = [], EXIT_OK, set()
    for pdf in args.pdfs:
        edition = args.edition if args.edition is not None else slug(pdf.stem)
        problem = edition_problem(edition) or (f"une autre édition de la commande s'appelle déjà {edition!r}"
                                               if edition in seen else None)
        if problem:
            say(f"erreur : {pdf}: {problem} ; renommez le fichier ou donnez --edition")
            status = EXIT_BAD_INPUT
            continue
        seen.add(edition)
        jobs.append((pdf, edition, args.out, args.referentiel, args.max_decoded_mb * 1024 * 1024))
    return jobs, status


def cmd_run(args: argparse.Namespace) -> int:
    if args.edition is not None:
        _check_edition_option(args.edition)
    publication.check_writable(args.out)  # an unwritable --out is found before the extraction
    jobs, status = edition_jobs(args)
    workers = min(args.jobs or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        return max([status] + [run_safely(job) for job in jobs])
    with multiprocessing.Pool(workers, initializer=_ignore_interrupts) as pool:  # one process per edition
        try:
            return max([status] + pool.map(run_safely, jobs, chunksize=1))
        except KeyboardInterrupt:
            pool.terminate()  # publication is crash-safe: a worker stopped anywhere loses nothing
            raise


def _check_edition_option(edition: str) -> None:
    problem = edition_problem(edition)
    if problem:
        raise UsageError(f"--edition : {problem}")


def _edition_of(args: argparse.Namespace, path: Path) -> str:
    """--edition, or the name of the folder holding an interim file (``interim/<edition>/``)."""
    edition = args.edition if args.edition is not None else path.parent.name
    problem = edition_problem(edition)
    if problem:
        raise UsageError(f"{problem} (tiré du dossier de {path}) ; donnez --edition"
                         if args.edition is None else f"--edition : {problem}")
    return edition


def cmd_extract(args: argparse.Namespace) -> int:
    write_pages(pages(args.pdf, Progress(args.edition or slug(args.pdf.stem)), args.max_decoded_mb * 1024 * 1024),
                models.Fragment, args.out)
    return EXIT_OK


def cmd_repair(args: argparse.Namespace) -> int:
    edition = _edition_of(args, args.cells)
    fiches, warnings = repair_edition(read_pages(args.cells, models.Fragment), edition, args.cells)
    print_warnings(warnings)
    with atomic_file(args.out.with_name("avertissements.parquet")) as tmp:
        write_parquet(warnings, models.Avertissement, tmp)
    with atomic_file(args.out) as tmp:
        write_parquet(fiches, models.Fiche, tmp)
    say(summary(edition, fiches, warnings))
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    edition = _edition_of(args, args.fiches)
    if not args.source.is_file():
        raise InputError(args.source, "PDF source introuvable", "donnez avec --source le PDF dont viennent les fiches")
    publication.check_writable(args.out)
    fiches = read_records(args.fiches, models.Fiche)
    warnings = read_records(args.fiches.with_name("avertissements.parquet"), models.Avertissement)
    return publish(fiches, warnings, edition, args.source, args.out, args.referentiel)


def cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.diff import diff, report  # scipy is only needed here: keep it off the run path

    names = [slug(Path(os.path.abspath(folder)).name) for folder in (args.old, args.new)]
    if not all(names):
        raise UsageError("diff : donnez les dossiers de deux éditions publiées, par exemple processed/ville-2020")
    editions = []
    for folder in (args.old, args.new):
        if not (folder / "fiches.parquet").is_file():
            raise InputError(folder, "pas une édition publiée (aucun fichier fiches.parquet)",
                             "donnez deux dossiers écrits par `python -m pipeline run` ou `make all`")
        editions.append(read_records(folder / "fiches.parquet", models.FicheNormalisee))
    publication.check_writable(args.out)
    replaced_by = {a["id"]: a["remplace_par"] for folder in (args.old, args.new)
                   for a in read_records(folder / "acteurs.parquet", models.Acteur) if a["remplace_par"]}
    fiches, changes = diff(*editions, replaced_by)
    text = report(fiches, changes)

    def fill(folder: Path) -> None:
        write_table_files(fiches, models.FicheAppariee, folder / "fiches_appariees")
        write_table_files(changes, models.Changement, folder / "changements")
        (folder / "changements.md").write_text(text, encoding="utf-8")

    name = f"{names[0]}..{names[1]}"
    publication.publish(args.out, name, fill)
    say(f"{args.out / name} : {text.splitlines()[2]}")
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    """For make: raw/*.pdf -> interim/<edition>/source.pdf links and interim/editions.mk; editions
    whose PDF left raw/ are removed from interim/ and from --out."""
    found, problems = sources(args.raw)
    for path, problem in problems:
        say(f"erreur : {path}: {problem} ; renommez le fichier")
    args.interim.mkdir(parents=True, exist_ok=True)
    for edition, pdf in found.items():
        link = args.interim / edition / "source.pdf"
        link.parent.mkdir(exist_ok=True)
        target = os.path.relpath(pdf.resolve(), link.parent.resolve())
        if not link.is_symlink() or os.readlink(link) != target:
            link.unlink(missing_ok=True)
            os.symlink(target, link)
    for gone in sorted(set(publication.published(args.out)) - set(found)):
        publication.unpublish(args.out, gone, PARTITIONED)
        say(f"{gone} : édition retirée de {args.out} (son PDF n'est plus dans {args.raw})")
    for folder in args.interim.iterdir():
        if folder.is_dir() and folder.name not in found:
            shutil.rmtree(folder)
    with atomic_file(args.interim / "editions.mk") as tmp:
        tmp.write_text(f"EDITIONS := {' '.join(sorted(found))}\n", encoding="utf-8")
    return EXIT_BAD_INPUT if problems else EXIT_OK


def cmd_schemas(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        (args.out / name).write_text(text, encoding="utf-8")
    return EXIT_OK


EXIT_CODES = """codes de sortie :
  0    succès
  2    un fichier d'entrée est inutilisable (une ligne dit lequel, pourquoi et quoi faire)
  3    des fiches ont été rejetées par la validation (voir rejets.jsonl)
  64   ligne de commande incorrecte
  73   la sortie ne peut pas être écrite (lecture seule, disque plein, dossier verrouillé)
  130  interrompu (Ctrl-C) ; la publication précédente est intacte"""


class Parser(argparse.ArgumentParser):
    """argparse whose errors are one line and exit code 64 (its own 2 means a bad input file here)."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message} (voir {self.prog} --help)")


def _budget_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-decoded-mb", type=int, default=config.MAX_DECODED_BYTES // (1024 * 1024), metavar="MO",
                   help="refuse a PDF whose content decodes to more than this (default: %(default)s)")


def parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m pipeline", description=__doc__.splitlines()[0], epilog=EXIT_CODES,
               formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=__version__)
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="every stage: PDF... -> DIR/<edition>/", epilog=EXIT_CODES,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("pdfs", nargs="+", type=Path, metavar="PDF", help="edition PDFs")
    run.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (e.g. processed)")
    run.add_argument("--edition", help="edition name (default: a slug of the PDF's file name)")
    run.add_argument("--referentiel", type=Path, default=REFERENTIAL, help="actors CSV (default: %(default)s)")
    run.add_argument("--jobs", "-j", type=int, default=0,
                     help="editions processed at once (default: one per core)")
    _budget_option(run)
    run.set_defaults(func=cmd_run)

    ext = sub.add_parser("extract", help="PDF -> cells.parquet (words and table cells)")
    ext.add_argument("pdf", type=Path)
    ext.add_argument("--out", type=Path, required=True)
    ext.add_argument("--edition", help="edition name shown in the progress lines")
    _budget_option(ext)
    ext.set_defaults(func=cmd_extract)

    rep = sub.add_parser("repair", help="cells.parquet -> fiches.parquet (+ avertissements.parquet beside it)")
    rep.add_argument("cells", type=Path)
    rep.add_argument("--out", type=Path, required=True)
    rep.add_argument("--edition", help="default: the name of the folder holding cells.parquet")
    rep.set_defaults(func=cmd_repair)

    pub = sub.add_parser("publish", help="fiches.parquet -> normalised, validated DIR/<edition>/")
    pub.add_argument("fiches", type=Path)
    pub.add_argument("--source", type=Path, required=True, help="the edition's PDF (named and hashed in the outputs)")
    pub.add_argument("--out", type=Path, required=True, metavar="DIR")
    pub.add_argument("--edition", help="default: the name of the folder holding fiches.parquet")
    pub.add_argument("--referentiel", type=Path, default=REFERENTIAL)
    pub.set_defaults(func=cmd_publish)

    dif = sub.add_parser("diff", help="what changed between two processed editions -> DIR/<old>..<new>/")
    dif.add_argument("old", type=Path, help="processed folder of the older edition")
    dif.add_argument("new", type=Path, help="processed folder of the newer edition")
    dif.add_argument("--out", type=Path, required=True, metavar="DIR", help="e.g. processed/diff")
    dif.set_defaults(func=cmd_diff)

    src = sub.add_parser("sources", help="for make: RAW/*.pdf -> INTERIM/<edition>/source.pdf and editions.mk; "
                                         "editions whose PDF left RAW are removed from INTERIM and --out")
    src.add_argument("raw", type=Path, help="folder of the edition PDFs (raw)")
    src.add_argument("--interim", type=Path, required=True)
    src.add_argument("--out", type=Path, required=True, help="output folder (processed)")
    src.set_defaults(func=cmd_sources)

    sch = sub.add_parser("schemas", help="write the JSON Schema and Table Schema of every table")
    sch.add_argument("--out", type=Path, default=Path("schemas"))
    sch.set_defaults(func=cmd_schemas)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings on odd PDFs are noise here
    try:
        args = parser().parse_args(argv)
        return args.func(args)
    except (PipelineError, UsageError) as exc:
        say(f"erreur : {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        say("interrompu : rien n'a été publié pour les éditions en cours ; la publication précédente est intacte")
        return EXIT_INTERRUPTED
