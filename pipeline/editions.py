"""Edition names: a file name -> a safe slug, and the check every edition name passes.

An edition name becomes a folder of ``--out`` and a value of the ``edition`` column, so it must
never name a path outside its folder ("..", "/abs", "a/b"), a folder the pipeline owns ("all",
"diff", anything hidden) or nothing at all. A slug is lowercase ASCII letters and digits, with
"-" and "." inside; it also satisfies the Frictionless package-name pattern.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pipeline import config

#: The characters of a slug: lowercase ASCII letters and digits, "-" and "." inside.
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")
#: Letters that Unicode decomposition does not fold to ASCII.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def slug(name: str) -> str:
    """A file name (without extension) as an edition slug: "Contrat de ville Béziers 2024" ->
    "contrat-de-ville-beziers-2024"; "" when nothing usable is left."""
    folded = unicodedata.normalize("NFKD", name.translate(_LIGATURES)).encode("ascii", "ignore").decode()
    dashed = re.sub(r"[^a-z0-9.]+", "-", folded.lower())
    dashed = re.sub(r"-?\.-?", ".", dashed)  # "a - .b" never leaves a dash beside a dot
    return re.sub(r"\.{2,}", ".", dashed).strip("-.")[: config.FILES.edition_max_length].strip("-.")


def edition_problem(name: str) -> str | None:
    """Why ``name`` cannot be an edition name (None when it can)."""
    if not name:
        return "le nom d'édition est vide"
    if name.startswith("."):
        return f"le nom d'édition {name!r} commence par un point (réservé aux dossiers cachés)"
    if name in config.FILES.reserved_editions:
        return f"le nom d'édition {name!r} est réservé (dossier {name}/ du pipeline)"
    if len(name) > config.FILES.edition_max_length:
        return f"le nom d'édition dépasse {config.FILES.edition_max_length} caractères"
    if not SLUG.fullmatch(name) or ".." in name:
        return (f"le nom d'édition {name!r} n'est pas un identifiant sûr (lettres minuscules sans accents, "
                f"chiffres, « - » et « . » à l'intérieur, par exemple {slug(name) or 'ville-2024'!r})")
    return None


def sources(raw: Path) -> tuple[dict[str, Path], list[tuple[Path, str]]]:
    """The PDFs of a folder by edition name (".pdf" in any case), and those whose name gives no
    edition or the same edition as another's, with why."""
    found: dict[str, Path] = {}
    problems: list[tuple[Path, str]] = []
    pdfs = sorted(p for p in raw.iterdir() if p.suffix.lower() == ".pdf" and p.is_file()) if raw.is_dir() else []
    for pdf in pdfs:
        edition = slug(pdf.stem)
        problem = edition_problem(edition)
        if problem is None and edition in found:
            problem = f"donne le même nom d'édition {edition!r} que {found[edition].name}"
        if problem:
            problems.append((pdf, problem))
        else:
            found[edition] = pdf
    return found, problems
