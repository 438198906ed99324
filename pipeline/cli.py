"""Command line: ``contrat-de-ville run|extract|repair|publish|diff|sources|schemas …`` (also
``python -m pipeline``). Parses the arguments, in French, and hands them to ``commands``.

Only light modules are imported here: the commands and their stack (pdfplumber, pyarrow,
pydantic) are imported once a command runs, so ``--help`` and ``--version`` answer at once.
Every user error is one line on stderr with its own exit code (``errors``).
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from pathlib import Path

from pipeline import __version__, config, console
from pipeline.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, PipelineError, UsageError, internal_error

PROG = "contrat-de-ville"

#: argparse's own words, in French (its messages go through this module-level gettext hook).
_ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (au choix : %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s attendu) : %(value)r",
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
}
argparse._ = lambda text: _ARGPARSE_FR.get(text, text)  # type: ignore[attr-defined]

DESCRIPTION = """Lit le tableau des fiches actions d'un contrat de ville (PDF) et publie des jeux de
données validés : Parquet, CSV avec leur paquet Frictionless, JSON et un rapport."""

EXAMPLES = """exemples :
  contrat-de-ville run raw/montpellier-2020.pdf --out processed
  contrat-de-ville run raw/*.pdf --out processed --jobs 2
  contrat-de-ville diff processed/montpellier-2020 processed/montpellier-2024 --out processed/diff
  contrat-de-ville extract ed.pdf --out interim/ed/cells.parquet   (puis repair, publish)"""

EXIT_CODES = """codes de sortie :
  0    succès
  2    un fichier d'entrée est inutilisable (une ligne dit lequel, pourquoi et quoi faire)
  3    des fiches ont été rejetées par la validation (voir rejets.jsonl)
  4    toutes les fiches sont publiées, certaines à vérifier (voir rapport.md)
  64   ligne de commande incorrecte
  70   erreur interne du pipeline sur un fichier (une ligne dit lequel) ; les autres éditions continuent
  73   la sortie ne peut pas être écrite (lecture seule, disque plein, dossier verrouillé)
  130  interrompu (Ctrl-C) ; la publication précédente est intacte"""


class Parser(argparse.ArgumentParser):
    """argparse whose errors are one line and exit code 64 (its own 2 means a bad input file here)."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{message} (voir {self.prog} --help)")


class Version(argparse.Action):
    """--version, its package versions read only when asked (importlib.metadata costs 40 ms)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(versions())
        parser.exit()


def versions() -> str:
    """The program's version and those of the PDF libraries it reads with."""
    from importlib import metadata

    def of(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "absent"

    return f"{PROG} {__version__} (pdfplumber {of('pdfplumber')}, pdfminer.six {of('pdfminer.six')})"


def _common(p: argparse.ArgumentParser) -> None:
    """-q and -v, on every command."""
    p.add_argument("-q", "--quiet", action="store_const", dest="level", const=console.QUIET,
                   help="n'affiche que les erreurs")
    p.add_argument("-v", "--verbose", action="store_const", dest="level", const=console.VERBOSE,
                   help="affiche aussi le détail de chaque étape")


def _budget(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-decoded-mb", type=int, default=config.FILES.max_decoded_bytes // 2**20, metavar="MO",
                   help="refuse un PDF dont le contenu décodé dépasse cette taille (défaut : %(default)s Mo)")


def _command(sub, name: str, help_text: str, epilog: str = "") -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_text, description=help_text, epilog=epilog or EXIT_CODES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(command=name)
    _common(p)
    return p


#: Help of --territoire (run and publish).
TERRITORY_HELP = "territoire du contrat (défaut : <pdf>.territoire.toml à côté du PDF, sinon déduit du document)"


def parser() -> argparse.ArgumentParser:
    p = Parser(prog=PROG, description=DESCRIPTION, epilog=f"{EXAMPLES}\n\n{EXIT_CODES}",
               formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action=Version, nargs=0, help="affiche les versions et quitte")
    sub = p.add_subparsers(title="commandes", metavar="COMMANDE", required=True)

    run = _command(sub, "run", "toutes les étapes : PDF… -> DOSSIER/<édition>/ et DOSSIER/all/")
    run.add_argument("pdfs", nargs="+", type=Path, metavar="PDF", help="PDF des éditions à lire")
    run.add_argument("--out", type=Path, required=True, metavar="DOSSIER", help="dossier de sortie (ex. processed)")
    run.add_argument("--edition", help="nom de l'édition (défaut : tiré du nom du PDF, ex. ville-2024)")
    run.add_argument("--referentiel", type=Path, metavar="CSV", help="référentiel des acteurs (défaut : celui du paquet)")
    run.add_argument("--territoire", type=Path, metavar="TOML", help=TERRITORY_HELP)
    run.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                     help="éditions traitées en même temps (défaut : une par cœur)")
    _budget(run)

    ext = _command(sub, "extract", "étape 1 : PDF -> cells.parquet (mots et cellules du tableau)")
    ext.add_argument("pdf", type=Path, metavar="PDF", help="PDF de l'édition")
    ext.add_argument("--out", type=Path, required=True, metavar="FICHIER", help="fichier cells.parquet à écrire")
    ext.add_argument("--edition", help="nom affiché dans la progression")
    _budget(ext)

    rep = _command(sub, "repair", "étape 2 : cells.parquet -> fiches.parquet (et avertissements.parquet à côté)")
    rep.add_argument("cells", type=Path, metavar="CELLS", help="fichier cells.parquet écrit par extract")
    rep.add_argument("--out", type=Path, required=True, metavar="FICHIER", help="fichier fiches.parquet à écrire")
    rep.add_argument("--edition", help="défaut : le nom du dossier qui contient CELLS")

    pub = _command(sub, "publish", "étape 3 : fiches.parquet -> DOSSIER/<édition>/ normalisé et validé")
    pub.add_argument("fiches", type=Path, metavar="FICHES", help="fichier fiches.parquet écrit par repair")
    pub.add_argument("--source", type=Path, required=True, metavar="PDF", help="le PDF de l'édition (nommé et haché)")
    pub.add_argument("--out", type=Path, required=True, metavar="DOSSIER", help="dossier de sortie (ex. processed)")
    pub.add_argument("--edition", help="défaut : le nom du dossier qui contient FICHES")
    pub.add_argument("--referentiel", type=Path, metavar="CSV", help="référentiel des acteurs (défaut : celui du paquet)")
    pub.add_argument("--territoire", type=Path, metavar="TOML", help=TERRITORY_HELP)

    dif = _command(sub, "diff", "ce qui a changé entre deux éditions publiées -> DOSSIER/<ancienne>..<nouvelle>/")
    dif.add_argument("old", type=Path, metavar="ANCIENNE", help="dossier publié de l'ancienne édition")
    dif.add_argument("new", type=Path, metavar="NOUVELLE", help="dossier publié de la nouvelle édition")
    dif.add_argument("--out", type=Path, required=True, metavar="DOSSIER", help="ex. processed/diff")

    src = _command(sub, "sources", "pour make : RAW/*.pdf -> INTERIM/<édition>/source.pdf et editions.mk ; "
                                   "retire de INTERIM et de --out les éditions dont le PDF a quitté RAW")
    src.add_argument("raw", type=Path, metavar="RAW", help="dossier des PDF des éditions (raw)")
    src.add_argument("--interim", type=Path, required=True, metavar="INTERIM", help="dossier intermédiaire (interim)")
    src.add_argument("--out", type=Path, required=True, metavar="DOSSIER", help="dossier de sortie (processed)")

    sch = _command(sub, "schemas", "écrit le JSON Schema et le Table Schema de chaque table")
    sch.add_argument("--out", type=Path, default=Path("schemas"), metavar="DOSSIER", help="défaut : %(default)s")
    return p


def main(argv: list[str] | None = None) -> int:
    args = None
    try:
        args = parser().parse_args(argv)
        console.level = console.NORMAL if args.level is None else args.level
        logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings on odd PDFs are noise here
        from pipeline import commands  # the whole stack, only once a command runs

        if getattr(args, "referentiel", "absent") is None:
            from pipeline.files import REFERENTIAL

            args.referentiel = REFERENTIAL
        return getattr(commands, f"cmd_{args.command}")(args)
    except (PipelineError, UsageError) as exc:
        console.error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        console.say("interrompu : rien n'a été publié pour les éditions en cours ; la publication précédente "
                    "est intacte", at=console.QUIET)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a fault of the pipeline itself: one line, not a traceback
        console.error(internal_error(_input_of(args), exc))
        console.say(traceback.format_exc().rstrip(), at=console.VERBOSE)
        return EXIT_INTERNAL


def _input_of(args: argparse.Namespace | None) -> str:
    """The file a command was reading (its first input argument), to name it in an error."""
    names = ("pdf", "cells", "fiches", "raw", "old")
    return str(next((getattr(args, n) for n in names if getattr(args, n, None) is not None), getattr(args, "command", "?")))


def keep_pandas_out() -> None:
    """Spare the command's own process the import of pandas (0.2 s), which it never uses.

    pyarrow looks for pandas, once per process, the first time it builds an array, and imports it
    when installed. It is shown a stand-in reporting a pandas too old to use (pyarrow then
    records "no pandas" and never looks again); the stand-in is removed at once, so that an
    ``import pandas`` later in the process gets the real one. A program that calls ``main``
    itself is left as it is."""
    if "pandas" in sys.modules:
        return
    import types
    import warnings

    import pyarrow as pa

    sys.modules["pandas"] = stand_in = types.ModuleType("pandas")
    stand_in.__version__ = "0"  # type: ignore[attr-defined]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "pyarrow requires pandas … or above": meant
            pa.array([0])
    finally:
        del sys.modules["pandas"]


def entry() -> None:
    """The ``contrat-de-ville`` console command (and ``python -m pipeline``)."""
    if sys.argv[1:2] not in (["--help"], ["-h"], ["--version"], []):
        keep_pandas_out()
    sys.exit(main())
