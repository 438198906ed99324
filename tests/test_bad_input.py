"""Bad input: one clear line naming the file, the cause and what to do; exit code 2; no output
folder for that edition; earlier outputs and other editions intact; raw/ untouched."""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace
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
}
ACTIONS = {"scanned": "ocrmypdf", "encrypted": "copie non protégée", "no-table": "tableau des fiches actions"}


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
    before = hashlib.sha256(pdf.read_bytes()).hexdigest()

    status, lines = run_cli(["run", str(pdf), "--out", str(out)], capsys)

    assert status == EXIT_BAD_INPUT
    assert len(lines) == 1 and lines[0].startswith(f"erreur : {pdf}: ") and cause in lines[0], lines
    assert ACTIONS.get(case, "") in lines[0]
    assert earlier.read_text(encoding="utf-8") == "earlier output\n"
    assert sorted(p.name for p in (out / case).iterdir()) == ["fiches.csv"]
    assert sorted(p.name for p in out.iterdir()) == [".lock", case]  # nothing else written, no temporary left
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == before


def test_good_and_bad_together_finish_the_good_one(tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    out = tmp_path / "processed"
    status, lines = run_cli(["run", str(GOOD), str(bad), "--out", str(out), "--jobs", "1"], capsys)
    assert status == EXIT_BAD_INPUT
    assert (out / "montpellier-2020" / "datapackage.json").exists() and not (out / "bad").exists()
    assert any(line.startswith("montpellier-2020: 69 fiches") for line in lines)
    assert [line for line in lines if line.startswith("erreur :")] == [f"erreur : {bad}: le fichier est vide ; copiez à nouveau le PDF de l'édition"]


def test_missing_file_is_reported(tmp_path, capsys):
    status, lines = run_cli(["run", str(tmp_path / "absent.pdf"), "--out", str(tmp_path)], capsys)
    assert status == EXIT_BAD_INPUT and "fichier introuvable" in lines[0]
