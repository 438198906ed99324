"""Random office editions: random content (``tests/random_content.py``) laid out as a spreadsheet
(openpyxl) or a word-processor table (python-docx) in a random style, printed by LibreOffice,
read back and compared, as ``tests/fuzz_layouts.py`` does for reportlab layouts.

Not a unit test (it needs LibreOffice's ``soffice``, openpyxl and python-docx, and takes a few
seconds an edition): a measurement of how many office editions come out exact, and a source of
new fixtures for ``tests/fixtures/office``.

    .venv/bin/python -m tests.fuzz_office 0 39     # seeds 0 to 39; one line per seed, then a total
    .venv/bin/python -m tests.fuzz_office 0 39 DIR # the same, keeping the prints in DIR (reused next time)

Each seed draws the content, spreadsheet or text, column order, an extra column of partners,
borders or none, cells centred or not, theme cells shaded, merged rotated theme cells or bands
(two theme columns where the content has two levels), a header row or none and its words,
font, size, paper, orientation, theme word and separator, marks.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from pipeline.extract import extract
from pipeline.repair import repair
from tests.fixtures.office.make_variants import DOCX_WIDTHS, XLSX_WIDTHS, Variant, build_docx, build_xlsx, expected, records
from tests.fuzz_layouts import already_printed, differences, fuzz_folder, run_readings
from tests.random_content import PILOTS

#: The modules that draw and lay out an edition: a kept print older than one of them is printed again.
GENERATORS = ["tests/fuzz_office.py", "tests/fixtures/office/make_variants.py", "tests/random_content.py"]
ROLES = ["numero", "intitule", "objectifs", "appel_a_projets", "pilote"]
HEADERS = {"numero": ["N°", "Numéro", "Fiche", "Réf."], "intitule": ["Intitulé", "Action", "Fiche action", "Titre"],
           "objectifs": ["Objectifs", "Description", "Contenu"], "appel_a_projets": ["AAP", "Appel à projets"],
           "pilote": ["Pilote", "Pilote(s)", "Porteur", "Référent"], "extra:Partenaires": ["Partenaires"]}
FONTS = ["Liberation Sans", "Liberation Serif", "DejaVu Sans", "Arial", "Times New Roman", "Liberation Mono"]


def random_variant(rng: random.Random, seed: int) -> Variant:
    content = f"aleatoire-{seed}"
    two_levels = any(r.get("sous_enjeu") for r in records(Variant("", "xlsx", [], {}, {}, content=content)))
    kind = "xlsx" if two_levels or rng.random() < 0.7 else "docx"
    order = ROLES[:]
    rng.shuffle(order)
    if rng.random() < 0.5:
        order = ["numero", "intitule"] + [r for r in order if r not in ("numero", "intitule")]
    if rng.random() < 0.3:
        order.insert(rng.randrange(len(order) + 1), "extra:Partenaires")
    rotated = kind == "xlsx" and (two_levels or rng.random() < 0.6)
    if kind == "xlsx":
        order = (["theme"] if rotated else []) + (["sous_theme"] if two_levels else []) + order
    header_row = rng.random() < 0.8
    headers = {role: rng.choice(words) for role, words in HEADERS.items()} if header_row else {}
    widths = {**(XLSX_WIDTHS if kind == "xlsx" else DOCX_WIDTHS), "sous_theme": 14, "extra:Partenaires": 16 if kind == "xlsx" else 2.5}
    partners = [", ".join(rng.sample(PILOTS, rng.randint(0, 2))) for _ in range(200)]
    return Variant(f"fuzz-{seed}", kind, order, headers, widths, font=rng.choice(FONTS), size=rng.choice([7, 8, 9, 10]),
                   theme_word=rng.choice(["ENJEU", "AXE", "Axe", "Orientation", "Thème"]),
                   theme_sep=rng.choice([":", "–", "-", "."]), mark=rng.choice(["X", "x", "Oui", "✓"]),
                   borders=rng.random() < 0.6, landscape=rng.random() < 0.8, paper=rng.choice(["A4", "A4", "A3", "LETTER"]),
                   rotated=rotated, list_styles=kind == "docx" and rng.random() < 0.4, centred=rng.random() < 0.4,
                   theme_fill=rng.random() < 0.5, header_row=header_row or kind == "docx", content=content,
                   extra={"Partenaires": partners} if "extra:Partenaires" in order else {})


def seed_variant(seed: int) -> Variant:
    return random_variant(random.Random(f"bureautique-{seed}"), seed)


def print_variants(seeds: range, folder: Path, batch: int = 40) -> None:
    """Lay out the seeds' editions not yet printed into ``folder`` and print them, ``batch`` to a
    LibreOffice run (its start-up is most of the time of one print)."""
    sources = []
    for seed in seeds:
        v = seed_variant(seed)
        if not already_printed(folder / f"{v.name}.pdf", GENERATORS):
            sources.append(folder / f"{v.name}.{v.kind}")
            (build_xlsx if v.kind == "xlsx" else build_docx)(v, sources[-1])
    for k in range(0, len(sources), batch):
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                        *map(str, sources[k:k + batch])], check=True, capture_output=True, timeout=300 * batch)


def read_variant(seed: int, folder: Path) -> tuple[list[dict], list[dict], list[dict], list[tuple[str, str]]]:
    """Lay out and print the seed's edition into ``folder`` (unless printed already), read it
    back and compare."""
    v = seed_variant(seed)
    print_variants(range(seed, seed + 1), folder)
    want = expected(v)
    got, warnings = repair(extract(folder / f"{v.name}.pdf"), v.name)[:2]
    return want, got, warnings, differences(want, got, named_extras=v.header_row and bool(v.headers))


def run(seeds: range, folder: Path) -> int:
    print_variants(seeds, folder)
    return run_readings(seeds, folder, read_variant, "random office editions")


if __name__ == "__main__":
    first, last = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (0, 9)
    sys.exit(run(range(first, last + 1), fuzz_folder("fuzz-office-")))
