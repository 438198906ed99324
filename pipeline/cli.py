"""Command line: ``python -m pipeline run|extract|repair|publish|schemas|diff …``.

With ``files`` and ``emit``, the only place that touches the file system. Each stage can run
alone so that the Makefile caches ``interim/<edition>/`` and rebuilds only what changed.
Exit codes: 0 success, 2 a file could not be used (one line on stderr names it, says why and
what to do), 3 some fiches were rejected by validation (see ``rejets.jsonl``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable

import pyarrow as pa

from pipeline import __version__, models
from pipeline.emit import edition_tables, now, schema_files, sha256, write_edition, write_partitions, write_table_files
from pipeline.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_REJECTS, InputError
from pipeline.extract import pages
from pipeline.files import (REFERENTIAL, atomic_dir, atomic_file, read_pages, read_records, read_referential,
                            write_pages, write_parquet)
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
        raise InputError(source, f"no fiche table found: {exc}",
                         "check that this PDF holds the contract's table of fiches actions") from exc


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
    """Normalise, validate and emit one edition into ``out/<edition>/`` (replaced atomically).
    Returns the exit status."""
    actors = read_referential(referential)
    normalised, mentions = normalise(fiches, Referential(actors))
    about_pilots = pilot_warnings(mentions, normalised)
    print_warnings(about_pilots)
    warnings = warnings + about_pilots
    valid, rejects = validate(normalised)
    tables = edition_tables(valid, mentions, actors, warnings)
    source_hash = sha256(source) if source.exists() else ""
    with atomic_dir(out / edition) as folder:
        write_edition(folder, edition, tables, rejects, source, source_hash, now())
    write_partitions(out, edition, out / edition)
    say(summary(edition, valid, warnings, len(rejects)))
    if rejects:
        say(f"error: {edition}: {len(rejects)} fiche(s) rejected by validation; "
            f"see {out / edition / 'rejets.jsonl'} for the reasons and pages")
        return EXIT_REJECTS
    return EXIT_OK


def run_one(pdf: Path, edition: str, out: Path, referential: Path) -> int:
    fiches, warnings = repair_edition(pages(pdf, Progress(edition)), edition, pdf)
    print_warnings(warnings)
    return publish(fiches, warnings, edition, pdf, out, referential)


# --- commands ------------------------------------------------------------------------------------


def run_safely(pdf: Path, edition: str, out: Path, referential: Path) -> int:
    """One edition, its bad input reported as one line: the status, never an exception."""
    try:
        return run_one(pdf, edition, out, referential)
    except InputError as exc:
        say(f"error: {exc}")
        return EXIT_BAD_INPUT


def cmd_run(args: argparse.Namespace) -> int:
    if args.edition and len(args.pdfs) > 1:
        say("error: --edition names one edition; give a single PDF with it")
        return EXIT_BAD_INPUT
    jobs = [(pdf, args.edition or pdf.stem, args.out, args.referentiel) for pdf in args.pdfs]
    workers = min(args.jobs or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        return max(run_safely(*job) for job in jobs)
    with ProcessPoolExecutor(workers) as pool:  # editions are independent: one process each
        return max(pool.map(run_safely, *zip(*jobs)))


def cmd_extract(args: argparse.Namespace) -> int:
    write_pages(pages(args.pdf, Progress(args.edition or args.pdf.stem)), models.Fragment, args.out)
    return EXIT_OK


def cmd_repair(args: argparse.Namespace) -> int:
    edition = args.edition or args.cells.parent.name
    fiches, warnings = repair_edition(read_pages(args.cells, models.Fragment), edition, args.cells)
    print_warnings(warnings)
    with atomic_file(args.out.with_name("avertissements.parquet")) as tmp:
        write_parquet(warnings, models.Avertissement, tmp)
    with atomic_file(args.out) as tmp:
        write_parquet(fiches, models.Fiche, tmp)
    say(summary(edition, fiches, warnings))
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    edition = args.edition or args.fiches.parent.name
    fiches = read_records(args.fiches, models.Fiche)
    warnings = read_records(args.fiches.with_name("avertissements.parquet"), models.Avertissement)
    return publish(fiches, warnings, edition, args.source, args.out, args.referentiel)


def cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.diff import diff, report  # scipy is only needed here: keep it off the run path

    editions = []
    for folder in (args.old, args.new):
        if not (folder / "fiches.parquet").exists():
            raise InputError(folder, "not a processed edition (no fiches.parquet)",
                             "give two folders written by `python -m pipeline run` or `make all`")
        editions.append(read_records(folder / "fiches.parquet", models.FicheNormalisee))
    replaced_by = {a["id"]: a["remplace_par"] for folder in (args.old, args.new)
                   for a in read_records(folder / "acteurs.parquet", models.Acteur) if a["remplace_par"]}
    fiches, changes = diff(*editions, replaced_by)
    with atomic_dir(args.out) as folder:
        write_table_files(fiches, models.FicheAppariee, folder / "fiches_appariees")
        write_table_files(changes, models.Changement, folder / "changements")
        (folder / "changements.md").write_text(report(fiches, changes), encoding="utf-8")
    say(report(fiches, changes).splitlines()[2])
    return EXIT_OK


def cmd_schemas(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        (args.out / name).write_text(text, encoding="utf-8")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=__version__)
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="every stage: PDF... -> DIR/<edition>/")
    run.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    run.add_argument("--out", type=Path, required=True, metavar="DIR")
    run.add_argument("--edition", help="edition name (default: the PDF's file name without .pdf)")
    run.add_argument("--referentiel", type=Path, default=REFERENTIAL, help="actors CSV (default: %(default)s)")
    run.add_argument("--jobs", "-j", type=int, default=0,
                     help="editions processed at once (default: one per core)")
    run.set_defaults(func=cmd_run)

    ext = sub.add_parser("extract", help="PDF -> cells.parquet (words and table cells)")
    ext.add_argument("pdf", type=Path)
    ext.add_argument("--out", type=Path, required=True)
    ext.add_argument("--edition")
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

    dif = sub.add_parser("diff", help="what changed between two processed editions -> DIR")
    dif.add_argument("old", type=Path, help="processed folder of the older edition")
    dif.add_argument("new", type=Path, help="processed folder of the newer edition")
    dif.add_argument("--out", type=Path, required=True, metavar="DIR")
    dif.set_defaults(func=cmd_diff)

    sch = sub.add_parser("schemas", help="write the JSON Schema and Table Schema of every table")
    sch.add_argument("--out", type=Path, default=Path("schemas"))
    sch.set_defaults(func=cmd_schemas)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings on odd PDFs are noise here
    try:
        return args.func(args)
    except InputError as exc:
        say(f"error: {exc}")
        return EXIT_BAD_INPUT
