"""Random browser prints: random content (``tests/random_content.py``) written as an HTML table in a
random style, printed by headless Chromium, read back and compared, as ``tests/fuzz_layouts.py``
does for reportlab layouts.

Not a unit test (it needs Debian's ``chromium`` and takes a few seconds a print): a measurement
of how many browser prints come out exact, and a source of new fixtures for
``tests/fixtures/browser``.

    .venv/bin/python -m tests.fuzz_prints 0 39     # seeds 0 to 39; one line per seed, then a total
    .venv/bin/python -m tests.fuzz_prints 0 39 DIR # the same, keeping the prints in DIR (reused next time)

Each seed draws the content (numbering "1.2", "1.2.3" under two theme levels, "A2", plain "7"),
the column order, extra columns (partners, deadlines), rules (grid, rows, none), zebra shading,
themes as bands or merged theme columns (the top one rotated or not), vertical alignment, font,
size, padding, paper, theme word, marks, and objectives as HTML lists or typed bullets.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from pipeline.extract import extract
from pipeline.repair import repair
from tests.fixtures.browser.make_prints import Print, content, document, expected, print_pdf
from tests.fuzz_layouts import already_printed, differences, fuzz_folder, run_readings

ROLES = ["numero", "intitule", "objectifs", "appel_a_projets", "pilote"]
#: The modules that draw and lay out a print: a kept print older than one of them is printed again.
GENERATORS = ["tests/fuzz_prints.py", "tests/fixtures/browser/make_prints.py", "tests/random_content.py"]
FONTS = ["Liberation Sans", "Liberation Serif", "DejaVu Sans", "DejaVu Serif", "Liberation Mono"]
PAGES = ["A4 landscape", "A4 landscape", "A4 portrait", "letter landscape", "A3 landscape"]
MARKS = [("X", ""), ("x", ""), ("Oui", "Non"), ("✓", "")]


def random_print(rng: random.Random, seed: int) -> Print:
    order = ROLES[:]
    rng.shuffle(order)
    if rng.random() < 0.5:
        order = ["numero", "intitule"] + [r for r in order if r not in ("numero", "intitule")]
    for extra in ("Partenaires", "Échéance"):
        if rng.random() < 0.3:
            order.insert(rng.randrange(len(order) + 1), f"extra:{extra}")
    themes = rng.choice(["bands", "merged"])
    return Print(f"fuzz-{seed}", f"aleatoire-{seed}", order, rules=rng.choice(["grid", "grid", "rows", "none"]),
                 zebra=rng.random() < 0.3, themes=themes, rotated=themes == "merged" and rng.random() < 0.5,
                 valign=rng.choice(["top", "middle"]), font=rng.choice(FONTS), size=rng.choice([7, 7.5, 8, 9]),
                 padding=rng.choice(["3px 4px", "2px 3px", "6px 10px", "4px"]), page=rng.choice(PAGES),
                 theme_word=rng.choice(["ENJEU", "AXE", "Axe", "Orientation", "Thème"]), mark=rng.choice(MARKS),
                 lists=rng.random() < 0.7)


def seed_print(seed: int) -> Print:
    """The print a seed draws."""
    return random_print(random.Random(f"impression-{seed}"), seed)


def read_print(seed: int, folder: Path) -> tuple[list[dict], list[dict], list[dict], list[tuple[str, str]]]:
    """Print the seed's table into ``folder``, read it back and compare."""
    p = seed_print(seed)
    records = content(p.content)
    source, pdf = folder / f"{p.name}.html", folder / f"{p.name}.pdf"
    if not already_printed(pdf, GENERATORS):
        source.write_text(document(p, records), encoding="utf-8")
        print_pdf(source, pdf)
    want = expected(p, records)
    got, warnings = repair(extract(pdf), p.name)[:2]
    return want, got, warnings, differences(want, got, named_extras=True)


def run(seeds: range, folder: Path) -> int:
    return run_readings(seeds, folder, read_print, "random browser prints")


if __name__ == "__main__":
    first, last = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (0, 9)
    sys.exit(run(range(first, last + 1), fuzz_folder("fuzz-prints-")))
