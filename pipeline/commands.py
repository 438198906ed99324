"""The commands behind the CLI: each takes the parsed arguments, runs its stages and returns the
exit status. Imported only once a command runs, so that ``--help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import signal
import traceback
from pathlib import Path

import pyarrow as pa

from pipeline import console, models, publication
from pipeline.console import plural
from pipeline.edition import publish_edition, repair_edition, run_edition
from pipeline.editions import edition_problem, slug, sources
from pipeline.emit import PARTITIONED, schema_files, write_table_files
from pipeline.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, InputError, PipelineError, UsageError, internal_error
from pipeline.extract import pages
from pipeline.files import atomic_file, read_pages, read_records, write_pages, write_parquet
from pipeline.territoire import beside

# Arrow's default allocator (mimalloc) keeps freed memory for reuse: on an 800-page edition the
# process then peaks about 60 MB higher (measured with bench/worker.py); the system allocator
# gives it back.
pa.set_memory_pool(pa.system_memory_pool())


def _ignore_interrupts() -> None:
    """In worker processes: Ctrl-C is the parent's to handle (it stops the workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_safely(job: tuple) -> int:
    """One edition, its user errors, and a fault of the pipeline on it, reported as one line: the
    status, never an exception (the other editions go on)."""
    try:
        return run_edition(*job)
    except PipelineError as exc:
        console.error(str(exc))
        return exc.exit_code
    except Exception as exc:  # a fault of the reader on this edition: its earlier publication stays
        console.error(internal_error(job[0], exc))
        console.say(traceback.format_exc().rstrip(), at=console.VERBOSE)
        return EXIT_INTERNAL


def edition_jobs(args: argparse.Namespace) -> tuple[list[tuple], int]:
    """(the editions to run, the status of the PDFs refused for their name)."""
    if args.edition is not None and len(args.pdfs) > 1:
        raise UsageError("--edition nomme une seule édition : donnez un seul PDF avec cette option")
    if args.territoire is not None and len(args.pdfs) > 1:
        raise UsageError("--territoire décrit un seul contrat : donnez un seul PDF avec cette option, "
                         "ou un fichier <nom>.territoire.toml à côté de chaque PDF")
    jobs, status, seen = [], EXIT_OK, set()
    live = len(args.pdfs) == 1 or args.jobs == 1  # one edition at a time may update a terminal line
    for pdf in args.pdfs:
        edition = args.edition if args.edition is not None else slug(pdf.stem)
        problem = edition_problem(edition) or (f"une autre édition de la commande s'appelle déjà {edition!r}"
                                               if edition in seen else None)
        if problem:
            console.error(f"{pdf}: {problem} ; renommez le fichier ou donnez --edition")
            status = EXIT_BAD_INPUT
            continue
        seen.add(edition)
        jobs.append((pdf, edition, args.out, args.referentiel, args.max_decoded_mb * 1024 * 1024, live, args.territoire))
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
    progress = console.Progress(args.edition or slug(args.pdf.stem) or args.pdf.name)
    write_pages(pages(args.pdf, progress, args.max_decoded_mb * 1024 * 1024), models.Fragment, args.out)
    return EXIT_OK


def cmd_repair(args: argparse.Namespace) -> int:
    edition = _edition_of(args, args.cells)
    fiches, warnings, words, zones = repair_edition(read_pages(args.cells, models.Fragment), edition, args.cells)
    for warning in warnings:
        console.warn(warning)
    with atomic_file(args.out.with_name("avertissements.parquet")) as tmp:
        write_parquet(warnings, models.Avertissement, tmp)
    with atomic_file(args.out.with_name("mots.parquet")) as tmp:
        write_parquet(words, models.CompteMots, tmp)
    with atomic_file(args.out.with_name("zones.parquet")) as tmp:
        write_parquet(zones, models.Zone, tmp)
    with atomic_file(args.out) as tmp:
        write_parquet(fiches, models.Fiche, tmp)
    # the edition's summary is publish's to print: under make it would come twice
    console.say(f"{edition}: {plural(len(fiches), 'fiche lue', 'fiches lues')} -> {args.out}", at=console.VERBOSE)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    edition = _edition_of(args, args.fiches)
    if not args.source.is_file():
        raise InputError(args.source, "PDF source introuvable", "donnez avec --source le PDF dont viennent les fiches")
    publication.check_writable(args.out)
    fiches = read_records(args.fiches, models.Fiche)
    warnings = read_records(args.fiches.with_name("avertissements.parquet"), models.Avertissement)
    words = read_records(args.fiches.with_name("mots.parquet"), models.CompteMots)
    zones = read_records(args.fiches.with_name("zones.parquet"), models.Zone)
    return publish_edition(fiches, warnings, edition, args.source, args.out, args.referentiel, words, zones,
                           args.territoire)


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
    old, new = editions
    fiches, changes = diff(old, new, replaced_by)
    text = report(fiches, changes)

    def fill(folder: Path) -> None:
        write_table_files(fiches, models.FicheAppariee, folder / "fiches_appariees")
        write_table_files(changes, models.Changement, folder / "changements")
        (folder / "changements.md").write_text(text, encoding="utf-8")

    name = f"{names[0]}..{names[1]}"
    publication.publish(args.out, name, fill)
    console.say(f"{args.out / name} : {text.splitlines()[2]}")
    return EXIT_OK


def _link(link: Path, target: Path | None) -> None:
    """``link`` made a relative symlink to ``target`` (removed when there is none)."""
    if target is None:
        link.unlink(missing_ok=True)
        return
    relative = os.path.relpath(target.resolve(), link.parent.resolve())
    if not link.is_symlink() or os.readlink(link) != relative:
        link.unlink(missing_ok=True)
        os.symlink(relative, link)


def cmd_sources(args: argparse.Namespace) -> int:
    """For make: raw/*.pdf -> interim/<edition>/source.pdf links (and territoire.toml, where the
    PDF has a territory file beside it) and interim/editions.mk; editions whose PDF left raw/ are
    removed from interim/ and from --out."""
    found, problems = sources(args.raw)
    for path, problem in problems:
        console.error(f"{path}: {problem} ; renommez le fichier")
    args.interim.mkdir(parents=True, exist_ok=True)
    for edition, pdf in found.items():
        (args.interim / edition).mkdir(exist_ok=True)
        _link(args.interim / edition / "source.pdf", pdf)
        _link(args.interim / edition / "territoire.toml", beside(pdf) if beside(pdf).is_file() else None)
    for gone in sorted(set(publication.published(args.out)) - set(found)):
        publication.unpublish(args.out, gone, PARTITIONED)
        console.say(f"{gone} : édition retirée de {args.out} (son PDF n'est plus dans {args.raw})")
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
