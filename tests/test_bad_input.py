"""Bad input: one clear line naming the file, the cause and what to do; exit code 2; no output
folder for that edition; earlier outputs and other editions intact; raw/ untouched."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import EXIT_BAD_INPUT
from tests.conftest import EDITIONS
from tests.synthetic import Layout, default_columns, render, shared_fiches, with_columns

GOOD = EDITIONS["montpellier-2020"][0]


def _encrypted(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 720, "Contrat de ville")
    c.save()


def _scanned(path: Path) -> None:
    """A page that is only a picture of a table, as a scanner makes it."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (1200, 800), "white")
    draw = ImageDraw.Draw(image)
    for i in range(10):
        draw.text((40, 40 + 60 * i), f"1.{i}   Fiche action {i}   Métropole   X", fill="black")
        draw.line((30, 90 + 60 * i, 1170, 90 + 60 * i), fill="black")
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(image), 36, 200, width=520, height=350)
    c.save()


def _prose(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for i, line in enumerate(["Contrat de ville de Montpellier", "Préambule", "Le présent contrat engage les "
                              "signataires pour la période 2024-2030.", "Il comporte trois piliers."]):
        c.drawString(72, 720 - 20 * i, line)
    c.save()


def _no_number_column(path: Path) -> None:
    layout = with_columns(Layout(columns=default_columns()), ["intitule", "objectifs", "pilote", "appel_a_projets"])
    render(shared_fiches()[:8], layout, path)


def _grid_table(path: Path, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    """A ruled table of any content, repeated header on each page (reportlab)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    top = landscape(A4)[1] - 50
    y = top
    for i, cells in enumerate([header] + rows):
        if y < 60:
            c.showPage()
            y = top
        x = 36.0
        for text, width in zip(cells, widths):
            c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 8)
            c.drawString(x + 3, y - 10, text)
            c.rect(x, y - 14, width, 14)
            x += width
        y -= 14
    c.save()


#: Words of the other tables a contract holds (budgets, indicators), drawn at random below.
FUNDERS = ["État", "ANRU", "Région", "Département", "Métropole", "CAF", "Ville", "Bailleurs"]
ITEMS = ["Ingénierie", "Animation", "Études", "Travaux", "Communication", "Fonctionnement", "Équipement"]
INDICATORS = ["Taux de chômage", "Part des moins de 25 ans", "Nombre d'allocataires", "Taux de réussite au brevet"]


def _budget(path: Path, seed: int = 1) -> None:
    """A numbered budget: line, item, funder, amount, share."""
    rng = random.Random(seed)
    rows = [[str(i), rng.choice(ITEMS), rng.choice(FUNDERS), f"{rng.randint(1, 400) * 250} €", f"{rng.randint(1, 99)} %"]
            for i in range(1, 41)]
    _grid_table(path, ["N°", "Poste de dépense", "Financeur", "Montant", "Part"], rows, [40, 200, 150, 100, 80])


def _indicators(path: Path, seed: int = 2) -> None:
    """Indicators numbered like fiches (1.1, 1.2 …) with their values."""
    rng = random.Random(seed)
    rows = [[f"{i}.{j}", rng.choice(INDICATORS), f"{rng.uniform(1, 60):.1f}", f"{rng.uniform(1, 60):.1f}",
             str(rng.randint(2015, 2023))] for i in range(1, 6) for j in range(1, 7)]
    _grid_table(path, ["Réf.", "Indicateur", "QPV", "EPCI", "Année"], rows, [50, 250, 80, 80, 80])


def _scattered_numbers(path: Path, seed: int = 3) -> None:
    """A page of 10,000 small numbers drawn anywhere."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(10_000):
        c.setFont("Helvetica", rng.choice([4, 5, 6, 8]))
        number = rng.choice([str(rng.randint(1, 99)), f"{rng.randint(1, 9)}.{rng.randint(1, 12)}"])
        c.drawString(rng.uniform(20, 570), rng.uniform(20, 820), number)
    c.save()


def _corrupt(path: Path) -> None:
    data = bytearray(GOOD.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 5000] = b"\x00garbage" * 625
    path.write_bytes(bytes(data))


CASES = {
    "empty": (lambda p: p.write_bytes(b""), "le fichier est vide"),
    "not-a-pdf": (lambda p: p.write_text("Fiche 1.1; Métropole\n", encoding="utf-8"), "ce n'est pas un fichier PDF"),
    "truncated": (lambda p: p.write_bytes(GOOD.read_bytes()[: GOOD.stat().st_size * 4 // 10]), "endommagé ou tronqué"),
    "corrupt": (_corrupt, "endommagé"),
    "encrypted": (_encrypted, "protégé par un mot de passe"),
    "scanned": (_scanned, "pas de couche texte"),
    "no-table": (_prose, "aucun tableau de fiches actions"),
    "no-number-column": (_no_number_column, "aucune colonne de numéros de fiche"),
    "budget": (_budget, "aucun tableau de fiches actions"),
    "indicators": (_indicators, "aucun tableau de fiches actions"),
    "scattered-numbers": (_scattered_numbers, "aucun tableau de fiches actions"),
    "folder": (lambda p: p.mkdir(), "c'est un dossier"),
}
ACTIONS = {"scanned": "ocrmypdf", "encrypted": "copie non protégée", "no-table": "tableau des fiches actions"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"


def run_cli(args: list[str], capsys) -> tuple[int, list[str]]:
    status = main(args)
    return status, [line for line in capsys.readouterr().err.splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gets_one_clear_line_and_exit_2(case, tmp_path, capsys):
    make, cause = CASES[case]
    pdf = tmp_path / f"{case}.pdf"
    make(pdf)
    out = tmp_path / "processed"
    earlier = out / case / "fiches.csv"  # an earlier run's output for this edition
    earlier.parent.mkdir(parents=True)
    earlier.write_text("earlier output\n", encoding="utf-8")
    before = _digest(pdf)

    status, lines = run_cli(["run", str(pdf), "--out", str(out)], capsys)

    assert status == EXIT_BAD_INPUT
    assert len(lines) == 1 and lines[0].startswith(f"erreur : {pdf}: ") and cause in lines[0], lines
    assert ACTIONS.get(case, "") in lines[0]
    assert earlier.read_text(encoding="utf-8") == "earlier output\n"
    assert sorted(p.name for p in (out / case).iterdir()) == ["fiches.csv"]
    assert sorted(p.name for p in out.iterdir()) == [".lock", case]  # nothing else written, no temporary left
    assert _digest(pdf) == before


@pytest.mark.parametrize("bad_kind, cause", [("empty", "le fichier est vide ; copiez à nouveau le PDF de l'édition"),
                                              ("folder", "c'est un dossier, pas un fichier PDF ; donnez le chemin d'un fichier PDF")])
def test_good_and_bad_together_finish_the_good_one(bad_kind, cause, tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"") if bad_kind == "empty" else bad.mkdir()
    out = tmp_path / "processed"
    status, lines = run_cli(["run", str(bad), str(GOOD), "--out", str(out), "--jobs", "1"], capsys)
    assert status == EXIT_BAD_INPUT
    assert (out / "montpellier-2020" / "datapackage.json").exists() and not (out / "bad").exists()
    assert any(line.startswith("montpellier-2020: 69 fiches") for line in lines)
    assert [line for line in lines if line.startswith("erreur :")] == [f"erreur : {bad}: {cause}"]


def test_missing_file_is_reported(tmp_path, capsys):
    status, lines = run_cli(["run", str(tmp_path / "absent.pdf"), "--out", str(tmp_path)], capsys)
    assert status == EXIT_BAD_INPUT and "fichier introuvable" in lines[0]
