"""Large synthetic editions in the two shared layouts, for the scaling benchmark.

The shared edition's 69 fiches are repeated, each repetition under new theme numbers, until the
edition has the wanted number of pages; the records each PDF must yield are saved beside it.
Usage: python bench/generate.py OUT_DIR 50 200 800
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.synthetic import Layout, Renderer, default_columns, render, repeated_fiches, with_columns  # noqa: E402

#: The two shared layouts: a spreadsheet print (landscape, rotated theme labels in merged cells,
#: stale band atop every page, blank headers) and a word-processor table (portrait, bands,
#: header repeated, rows split across pages).
LAYOUTS = {
    "tableur": with_columns(
        Layout(orientation="landscape", themes="rotated", header="first_page", stale_band=True, split_rows=False,
               valign="middle", columns=default_columns()),
        ["theme", "intitule", "numero", "objectifs", "appel_a_projets", "pilote"],
        headers={"intitule": "", "objectifs": ""}),
    "traitement-de-texte": replace(Layout(columns=default_columns()), font="serif", size=9),
}


def sized(layout_name: str, pages: int) -> list[dict]:
    """Fiches filling about ``pages`` pages of the layout."""
    renderer = Renderer(LAYOUTS[layout_name])
    count = max(1, round(pages * 69 / 12))
    for _ in range(4):
        batch = repeated_fiches(count)
        renderer.fiches = batch
        got = len(renderer.plan(batch))
        if got == pages:
            break
        count = max(1, round(count * pages / got))
    return repeated_fiches(count)


def generate(out: Path, pages: int, layout_name: str) -> Path:
    """Write ``<layout>-<pages>p.pdf`` and its ``.expected.json`` into ``out`` (kept if present)."""
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / f"{layout_name}-{pages}p.pdf"
    if not pdf.exists():
        expected = render(sized(layout_name, pages), LAYOUTS[layout_name], pdf)
        pdf.with_suffix(".expected.json").write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    return pdf


if __name__ == "__main__":
    target = Path(sys.argv[1])
    for n in map(int, sys.argv[2:]):
        for name in LAYOUTS:
            print(generate(target, n, name))
