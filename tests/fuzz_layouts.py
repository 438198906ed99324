"""Random layouts: the shared content drawn in random table styles, read back, compared.

Not a unit test (it takes about a second a layout): a measurement of how many random editions
within the envelope of the contract come out exact, and a source of new generated cases.

    .venv/bin/python -m tests.fuzz_layouts 0 130     # seeds 0 to 130; one line per seed, then a total
    .venv/bin/python -m tests.fuzz_layouts 1000 1099 # random content (tests/random_content.py)

Each seed draws page size and orientation, font and size, rules (grid, row lines, none), themes
(bands or rotated merged cells, either direction), theme word and separator, roman numbers,
call-for-projects mark, header (every page, first page, none; some headers blank), stale band,
running title and page numbers, rows split across pages, vertical alignment, column order and
an extra column. A seed's PDF is kept in the temporary folder printed at the end.
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Callable, NamedTuple

from pipeline import numbering
from pipeline.errors import TableError
from pipeline.extract import extract
from pipeline.repair import repair
from pipeline.text import collapse
from tests.random_content import random_fiches
from tests.synthetic import Layout, default_columns, render, shared_fiches, vary_content, with_columns

FIELDS = ["enjeu", "enjeu_libelle", "sous_enjeu", "sous_enjeu_libelle", "intitule", "objectifs", "objectifs_niveaux",
          "appel_a_projets", "pilote_brut"]
#: Seeds from this one draw random content (``tests/random_content.py``) instead of the shared text.
RANDOM_CONTENT_FROM = 1000
ROLES = ["numero", "intitule", "objectifs", "appel_a_projets", "pilote"]


def random_layout(rng: random.Random) -> Layout:
    themes = rng.choice(["band", "band", "rotated", "rotated-down"])
    order = ROLES[:]
    rng.shuffle(order)
    if rng.random() < 0.5:
        order = ["numero", "intitule"] + [r for r in order if r not in ("numero", "intitule")]
    if rng.random() < 0.3:
        order.insert(rng.randrange(len(order) + 1), "extra:" + rng.choice(["Partenaires", "Budget", "Indicateurs"]))
    if themes != "band":
        order = ["theme"] + order
    rules = rng.choice(["grid", "grid", "rows", "none"])
    layout = Layout(
        columns=default_columns(), page=rng.choice(["A4", "A3", "LETTER"]),
        orientation=rng.choice(["portrait", "landscape"]) if themes == "band" else "landscape",
        font=rng.choice(["sans", "serif", "condensed", "mono"]), size=rng.choice([7, 8, 8.5, 9, 10]),
        rules=rules, themes=themes,
        theme_word=rng.choice(["ENJEU", "AXE", "Axe", "Orientation", "Thème"]),
        theme_sep=rng.choice([":", "–", "-", "."]), roman=rng.random() < 0.2, mark=rng.choice(["X", "x", "Oui", "✓"]),
        header=rng.choice(["every_page", "first_page", "none"]), stale_band=rng.random() < 0.2 and themes == "band",
        furniture=rng.random() < 0.3, split_rows=rng.random() < 0.6, valign=rng.choice(["top", "middle"]))
    headers = {"intitule": "", "objectifs": ""} if rng.random() < 0.3 else {}
    paint = random.Random(f"{layout}{order}")  # drawn apart: each seed keeps the layout it had before
    layout = replace(layout, zebra=paint.random() < 0.3, marker_shapes=paint.random() < 0.3)
    return with_columns(layout, order, headers=headers)


def differences(expected: list[dict], got: list[dict], named_extras: bool) -> list[tuple[str, str]]:
    """(numero, field) for every field that differs; extra columns by header where headers exist."""
    by_number = {g["numero"]: g for g in got}
    out = [("-", "spurious fiche")] * max(0, len(got) - len(expected))
    for e in expected:
        g = by_number.get(e["numero"])
        if g is None:
            out.append((e["numero"], "missing"))
            continue
        out += [(e["numero"], k) for k in FIELDS if collapse(g[k]) != collapse(e[k])]
        extra = {k: collapse(v) for k, v in json.loads(g["colonnes_supplementaires"]).items()}
        drawn = {k: collapse(v) for k, v in e["extra"].items()}
        same = extra == drawn if named_extras else list(extra.values()) == list(drawn.values())
        if not same:
            out.append((e["numero"], "extra"))
    return out


def flag_errors(expected: list[dict], got: list[dict], warnings: list[dict],
                wrong: list[tuple[str, str]]) -> dict[str, int]:
    """Both kinds of error of the flags: wrong fiches left unflagged (``silent``; a missing fiche
    is signalled by a warning naming its number, alone or in a run "1.2 à 1.4 absents", or by its
    neighbour's flag; a fiche read that was never printed, under a number no fiche has, "2x", is
    wrong and silent unless flagged) and right fiches flagged (``false_alarm``)."""
    bad = {n for n, _ in wrong if n != "-"}
    flagged = {g["numero"] for g in got if g["a_verifier"]}
    present = {g["numero"] for g in got}
    numbers = [e["numero"] for e in expected]
    said = " ".join(w["message"] for w in warnings)
    silent = 0
    for k, numero in enumerate(numbers):
        if numero not in bad:
            continue
        if numero in present:
            silent += numero not in flagged
        else:
            neighbours = {numbers[k - 1] if k else None, numbers[k + 1] if k + 1 < len(numbers) else None}
            silent += not (_named(numero, said) or neighbours & flagged)
    printed = set(numbers)
    unprinted = [g for g in got if g["numero"] not in printed]
    silent += sum(1 for g in unprinted if not g["a_verifier"])
    spurious = max(len(unprinted), sum(1 for _, what in wrong if what == "spurious fiche"))
    return {"wrong": len(bad) + spurious, "flagged_rightly": len(bad & flagged), "silent": silent,
            "false_alarm": len(flagged - bad)}


def _named(numero: str, said: str) -> bool:
    """True when the warnings name a missing number, alone or inside a run of absent ones."""
    if re.search(rf"(?<![\d.]){re.escape(numero)}(?![\d])", said):
        return True
    return any(numbering.key(first) < numbering.key(numero) < numbering.key(last)
               and (numbering.split(first) or ("", 0))[0] == (numbering.split(numero) or ("", 0))[0]
               for first, last in re.findall(r"(\S+) à (\S+) absents", said))


def already_printed(pdf: Path, generators: list[str]) -> bool:
    """True when ``pdf`` exists and is newer than every generator module (``tests/…`` paths):
    a rerun over a kept folder reads the prints again without printing them again."""
    root = Path(__file__).resolve().parent.parent
    return pdf.exists() and pdf.stat().st_mtime > max((root / g).stat().st_mtime for g in generators)


def fuzz_folder(prefix: str) -> Path:
    """The folder named after the seeds on the command line (made if missing; kept prints are
    reused), or a new temporary one."""
    if len(sys.argv) <= 3:
        return Path(tempfile.mkdtemp(prefix=prefix))
    folder = Path(sys.argv[3])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_readings(seeds: range, folder: Path, read: Callable[[int, Path], tuple], what: str) -> int:
    """Read each seed's edition (``read``: seed, folder -> expected, fiches, warnings,
    differences), one line per seed, then the total; a refused edition (``TableError``, one
    clear line) is counted as refused, not silent."""
    exact, totals = 0, Counter()
    for seed in seeds:
        try:
            want, got, warnings, wrong = read(seed, folder)
        except TableError as error:
            totals["refused"] += 1
            print(seed, f"refused: {error}", flush=True)
            continue
        errors = flag_errors(want, got, warnings, wrong)
        totals.update(errors)
        exact += not wrong
        print(seed, "exact" if not wrong else f"{len({n for n, _ in wrong})} fiche(s) differ: {wrong[:4]}",
              f"flags {errors}", flush=True)
    print(f"{exact}/{len(seeds)} {what} read exactly; flags: {dict(totals)}; files in {folder}")
    return 0


class SeedReading(NamedTuple):
    """One seed's edition: the records drawn, the fiches and warnings read, the differences."""

    expected: list[dict]
    got: list[dict]
    warnings: list[dict]
    wrong: list[tuple[str, str]]


def read_seed(seed: int, folder: Path) -> SeedReading:
    """Draw the seed's layout and content into ``folder``, read it back and compare."""
    rng = random.Random(seed)
    layout = random_layout(rng)
    extra = tuple(c.role.split(":", 1)[1] for c in layout.columns if c.role.startswith("extra:"))
    base = random_fiches(seed) if seed >= RANDOM_CONTENT_FROM else shared_fiches()
    content = vary_content(base, seed, extra=extra, pilots_on_lines=rng.random() < 0.3)
    path = folder / f"{seed}.pdf"
    expected = render(content, layout, path)
    got, warnings, _ = repair(extract(path), path.stem)[:3]
    return SeedReading(expected, got, warnings, differences(expected, got, named_extras=layout.header != "none"))


def features(seed: int) -> dict[str, str]:
    """The traits a seed's layout and content were drawn with, for the rates per feature."""
    layout = random_layout(random.Random(seed))
    roles = [c.role for c in layout.columns]
    content = random_fiches(seed) if seed >= RANDOM_CONTENT_FROM else shared_fiches()
    numbers = content[0]["numero"]
    return {"rules": layout.rules, "themes": layout.themes, "valign": layout.valign, "header": layout.header,
            "font": layout.font, "split rows": str(layout.split_rows), "zebra": str(layout.zebra),
            "markers as shapes": str(layout.marker_shapes), "extra column": str(any(r.startswith("extra:") for r in roles)),
            "numbering": "n.m.k" if numbers.count(".") == 2 else "n.m" if "." in numbers else
                         "An" if numbers[:1].isalpha() else "n",
            "two theme levels": str(any(f.get("sous_enjeu") for f in content))}


def feature_rates(results: list[tuple[int, bool]]) -> list[str]:
    """Lines "feature = value: exact/drawn" over the seeds read."""
    tally: dict[tuple[str, str], list[int]] = {}
    for seed, exact in results:
        for name, value in features(seed).items():
            counts = tally.setdefault((name, value), [0, 0])
            counts[0] += exact
            counts[1] += 1
    return [f"  {name} = {value}: {n}/{total}" for (name, value), (n, total) in sorted(tally.items())]


def run(seeds: range, folder: Path) -> int:
    exact, totals, results = 0, Counter(), []
    for seed in seeds:
        reading = read_seed(seed, folder)
        wrong = reading.wrong
        errors = flag_errors(reading.expected, reading.got, reading.warnings, wrong)
        totals.update(errors)
        exact += not wrong
        results.append((seed, not wrong))
        print(seed, "exact" if not wrong else f"{len({n for n, _ in wrong})} fiche(s) differ: {wrong[:4]}",
              f"flags {errors}", flush=True)
    print("exact per feature (reportlab layouts):", *feature_rates(results), sep="\n")
    print(f"{exact}/{len(seeds)} random layouts read exactly; flags: {dict(totals)}; PDFs in {folder}")
    return 0


if __name__ == "__main__":
    first, last = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (0, 20)
    sys.exit(run(range(first, last + 1), Path(tempfile.mkdtemp(prefix="fuzz-layouts-"))))
