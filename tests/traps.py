"""Whole-contract traps built from the shared edition: prose pages before the fiche table, an
annex after it (a budget, an indicator table, prose), joined into one PDF (pypdfium2, installed
with pdfplumber). The prose is drawn at random, so no rule can lean on its words."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ("le contrat de ville engage les signataires pour la période dans les quartiers prioritaires "
         "habitants cohésion sociale emploi développement économique cadre de vie renouvellement urbain "
         "gouvernance partenariat évaluation politique publique territoire métropole commune services "
         "jeunesse éducation santé culture sport sécurité tranquillité logement mobilité insertion").split()


def prose(path: Path, pages: int, seed: int = 0) -> None:
    """``pages`` pages of justified-looking prose: a heading and paragraphs of random words."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    c = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, 780, f"{number}. {' '.join(rng.choice(WORDS) for _ in range(4)).capitalize()}")
        y = 750
        while y > 90:
            c.setFont("Helvetica", 10)
            for _ in range(rng.randint(3, 8)):
                if y <= 90:
                    break
                c.drawString(72, y, " ".join(rng.choice(WORDS) for _ in range(rng.randint(11, 14))))
                y -= 13
            y -= 10
        c.setFont("Helvetica", 8)
        c.drawString(290, 40, str(number))
        c.showPage()
    c.save()


def join(parts: list[Path], path: Path) -> None:
    """One PDF of the pages of ``parts``, in order."""
    import pypdfium2

    out = pypdfium2.PdfDocument.new()
    for part in parts:
        source = pypdfium2.PdfDocument(part)
        out.import_pages(source)
        source.close()
    out.save(str(path))
    out.close()
