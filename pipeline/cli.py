"""Command line: ``python -m pipeline run|extract|repair … --out …``.

The only place, with ``files`` and ``emit``, that touches the file system. Each stage can run
alone so that the Makefile caches ``interim/<edition>/`` and rebuilds only what changed.
Exit codes: 0 success, 2 bad input (one line on stderr naming the file), 3 records rejected.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from pipeline import __version__, models
from pipeline.errors import EXIT_BAD_INPUT, EXIT_OK, InputError
from pipeline.extract import extract
from pipeline.files import atomic_dir, atomic_file, read_records, write_parquet
from pipeline.repair import TableError, repair


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


def summary(edition: str, fiches: list[dict], warnings: list[dict]) -> str:
    """The one line printed at the end of each edition."""
    enjeux = {f["enjeu"] for f in fiches if f["enjeu"] is not None}
    pages = {p for f in fiches for p in f["pages"]}
    return (f"{edition}: {len(fiches)} fiches, {len(enjeux)} enjeux, {len(pages)} pages, "
            f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}")


def print_warnings(warnings: list[dict]) -> None:
    for w in warnings:
        where = ", ".join(x for x in (f"page {w['page']}" if w["page"] else "",
                                      f"fiche {w['numero']}" if w["numero"] else "") if x)
        print(f"warning: {w['edition']}: {where}: {w['message']}", file=sys.stderr)


def extract_edition(pdf: Path, edition: str) -> pd.DataFrame:
    return extract(pdf, Progress(edition))


def repair_edition(fragments: pd.DataFrame, edition: str, source: Path) -> tuple[list[dict], list[dict]]:
    try:
        return repair(fragments, edition)
    except TableError as exc:
        raise InputError(source, f"no fiche table found: {exc}",
                         "check that this PDF holds the contract's table of fiches actions") from exc


def cmd_extract(args: argparse.Namespace) -> int:
    edition = args.edition or args.pdf.stem
    fragments = extract_edition(args.pdf, edition)
    with atomic_file(args.out) as tmp:
        fragments.to_parquet(tmp, index=False)
    return EXIT_OK


def cmd_repair(args: argparse.Namespace) -> int:
    edition = args.edition or args.cells.parent.name
    fragments = pd.read_parquet(args.cells, dtype_backend="pyarrow")
    fiches, warnings = repair_edition(fragments, edition, args.cells)
    print_warnings(warnings)
    with atomic_file(args.out) as tmp:
        write_parquet(fiches, models.Fiche, tmp)
    with atomic_file(args.out.with_name("avertissements.parquet")) as tmp:
        write_parquet(warnings, models.Avertissement, tmp)
    print(summary(edition, fiches, warnings), file=sys.stderr)
    return EXIT_OK


def run_one(pdf: Path, edition: str, out: Path) -> None:
    fragments = extract_edition(pdf, edition)
    fiches, warnings = repair_edition(fragments, edition, pdf)
    print_warnings(warnings)
    with atomic_dir(out / edition) as folder:
        write_parquet(fiches, models.Fiche, folder / "fiches.parquet")
        write_parquet(warnings, models.Avertissement, folder / "avertissements.parquet")
    print(summary(edition, fiches, warnings), file=sys.stderr)


def cmd_run(args: argparse.Namespace) -> int:
    if args.edition and len(args.pdfs) > 1:
        print("error: --edition names one edition; give a single PDF with it", file=sys.stderr)
        return EXIT_BAD_INPUT
    status = EXIT_OK
    for pdf in args.pdfs:
        try:
            run_one(pdf, args.edition or pdf.stem, args.out)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = max(status, EXIT_BAD_INPUT)
    return status


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=__version__)
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="every stage, PDF -> DIR/<edition>/")
    run.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    run.add_argument("--out", type=Path, required=True, metavar="DIR")
    run.add_argument("--edition", help="edition name (default: the PDF's file name without .pdf)")
    run.set_defaults(func=cmd_run)

    ext = sub.add_parser("extract", help="PDF -> cells.parquet (words and table cells)")
    ext.add_argument("pdf", type=Path)
    ext.add_argument("--out", type=Path, required=True)
    ext.add_argument("--edition")
    ext.set_defaults(func=cmd_extract)

    rep = sub.add_parser("repair", help="cells.parquet -> fiches.parquet (+ avertissements.parquet)")
    rep.add_argument("cells", type=Path)
    rep.add_argument("--out", type=Path, required=True)
    rep.add_argument("--edition", help="default: the name of the folder holding cells.parquet")
    rep.set_defaults(func=cmd_repair)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
