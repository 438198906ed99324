"""Control page: published fiches, the zones of the words that went to no fiche and the source PDF
-> ``controle/``, one image per page and an ``index.html`` drawing the reading over them.

A static page that opens from the file system: each page of the PDF as an image, with a box over
every fiche cell coloured by field and carrying ``data-numero``, the fiche number on its number
cell, non-fiche parts greyed, unread words in red and fiches to check outlined; beside it the list
of fiches (number, title, pages, flags), each linking to its place. Boxes are placed in
percentages of the page, so the page scales with the window.
"""

from __future__ import annotations

import html
import json
import threading
from pathlib import Path

from pipeline import config

#: Colour of each field's boxes (extra columns share one).
FIELD_COLOURS = {"numero": "#d62728", "intitule": "#1f77b4", "objectifs": "#2ca02c", "appel_a_projets": "#9467bd",
                 "pilote": "#ff7f0e", "extra": "#17becf"}
#: Colour of each part that is not a fiche's (unread words in red).
PART_COLOURS = {"theme": "#8c564b", "en_tete": "#7f7f7f", "mobilier": "#7f7f7f", "hors_tableau": "#bcbcbc",
                "annexe": "#bcbcbc", "non_lu": "#ff0000"}
#: PDFium is not thread-safe (pypdfium2's documentation): one rendering at a time per process,
#: whoever calls (the tests publish from two threads at once; a run uses processes).
PDFIUM = threading.Lock()
FIELD_NAMES = {"numero": "numéro", "intitule": "intitulé", "objectifs": "objectifs", "appel_a_projets": "appel à projets",
               "pilote": "pilote", "extra": "colonne supplémentaire"}
STYLE = """
body { font: 14px sans-serif; margin: 0; display: flex; }
nav { width: 26em; height: 100vh; overflow-y: auto; position: sticky; top: 0; border-right: 1px solid #ccc; }
nav table { border-collapse: collapse; width: 100%; } nav td { padding: 2px 4px; vertical-align: top; }
nav tr.a-verifier { background: #fff3b0; } main { flex: 1; padding: 1em; }
.page { position: relative; margin: 0 auto 2em; max-width: 1100px; box-shadow: 0 0 4px #999; }
.page img { width: 100%; display: block; }
.box { position: absolute; box-sizing: border-box; border: 1.5px solid; opacity: .55; }
.box.a-verifier { border-width: 4px; border-style: double; opacity: .9; background: rgba(255, 230, 0, .25); }
.part { position: absolute; background: rgba(128, 128, 128, .35); }
.part.non_lu { background: rgba(255, 0, 0, .55); outline: 1px solid red; }
.numero-label { position: absolute; font: bold 11px sans-serif; color: #fff; background: #d62728; padding: 0 2px; }
.legend span { display: inline-block; padding: 0 6px; margin: 2px; color: #fff; }
"""


def field_of(name: str) -> str:
    return name if name in FIELD_COLOURS else "extra"


def _pct(box: list[float] | tuple[float, ...], size: tuple[float, float]) -> str:
    x0, top, x1, bottom = box
    width, height = size
    return (f"left:{100 * x0 / width:.2f}%;top:{100 * top / height:.2f}%;"
            f"width:{100 * (x1 - x0) / width:.2f}%;height:{100 * (bottom - top) / height:.2f}%")


def fiche_boxes(fiches: list[dict]) -> dict[int, list[tuple[dict, str, list[float]]]]:
    """Per page, (fiche, field, [x0, top, x1, bottom]) of every cell the fiches were read from."""
    out: dict[int, list[tuple[dict, str, list[float]]]] = {}
    for fiche in fiches:
        for name, cells in json.loads(fiche["provenance"]).items():
            for page, *box in cells:
                out.setdefault(page, []).append((fiche, field_of(name), box))
    return out


def _page_html(page: int, image: str, size: tuple[float, float], boxes: list, zones: list[dict]) -> str:
    parts = [f'<section class="page" id="p{page}"><img src="{html.escape(image)}" alt="page {page}">']
    for zone in zones:
        box = _pct((zone["x0"], zone["top"], zone["x1"], zone["bottom"]), size)
        parts.append(f'<div class="part {zone["partie"]}" title="{html.escape(zone["partie"])} : '
                     f'{html.escape(zone["texte"][:120])}" style="{box}"></div>')
    seen: set[str] = set()
    for fiche, name, box in boxes:
        numero = html.escape(fiche["numero"])
        anchor = f' id="f-{numero}"' if numero not in seen else ""
        seen.add(numero)
        flagged = " a-verifier" if fiche["a_verifier"] else ""
        parts.append(f'<a class="box {name}{flagged}"{anchor} href="#l-{numero}" data-numero="{numero}" '
                     f'title="fiche {numero} : {FIELD_NAMES[name]}" '
                     f'style="border-color:{FIELD_COLOURS[name]};{_pct(box, size)}"></a>')
        if name == "numero":
            parts.append(f'<span class="numero-label" style="{_pct(box, size).split(";width")[0]}">{numero}</span>')
    return "\n".join(parts + ["</section>"])


def index_html(edition: str, fiches: list[dict], zones: list[dict], images: dict[int, tuple[str, tuple[float, float]]]) -> str:
    """The control page of one edition (``images``: page -> (file name, page size in points))."""
    boxes = fiche_boxes(fiches)
    rows = []
    for fiche in fiches:
        numero = html.escape(fiche["numero"])
        flags = "; ".join(html.escape(v["message"]) for v in fiche["verifications"])
        rows.append(f'<tr id="l-{numero}" class="{"a-verifier" if fiche["a_verifier"] else ""}"><td>'
                    f'<a href="#f-{numero}">{numero}</a></td><td>{html.escape(fiche["intitule"])}</td>'
                    f'<td>{", ".join(map(str, fiche["pages"]))}</td><td>{flags}</td></tr>')
    legend = "".join(f'<span style="background:{c}">{FIELD_NAMES[f]}</span>' for f, c in FIELD_COLOURS.items())
    legend += '<span style="background:#999">hors fiche</span><span style="background:red">non lu</span>'
    pages = [_page_html(page, image, size, boxes.get(page, []), [z for z in zones if z["page"] == page])
             for page, (image, size) in sorted(images.items())]
    flagged = sum(f["a_verifier"] for f in fiches)
    return "\n".join([
        "<!doctype html>", '<html lang="fr"><head><meta charset="utf-8">',
        f"<title>Contrôle de la lecture : {html.escape(edition)}</title><style>{STYLE}</style></head><body>",
        f'<nav><h2>{html.escape(edition)}</h2><p>{len(fiches)} fiches, {flagged} à vérifier (surlignées).</p>'
        f'<p class="legend">{legend}</p><table><tr><th>n°</th><th>intitulé</th><th>pages</th><th>à vérifier</th></tr>',
        *rows, "</table></nav><main>", *pages, "</main></body></html>", ""])


def render_pages(source: Path, pages: list[int], folder: Path) -> dict[int, tuple[str, tuple[float, float]]]:
    """Each page as a grey JPEG file in ``folder`` (the boxes over it carry the colours): page ->
    (file name, page size in points)."""
    import pypdfium2

    out = {}
    with PDFIUM:
        document = pypdfium2.PdfDocument(source)
        try:
            for number in pages:
                page = document[number - 1]
                name = f"page-{number:04d}.jpg"
                page.render(scale=config.CONTROLE.controle_scale, grayscale=True).to_pil().save(
                    folder / name, quality=config.CONTROLE.controle_jpeg_quality)
                out[number] = (name, tuple(page.get_size()))
                page.close()
        finally:
            document.close()
    return out


def write_controle(folder: Path, edition: str, fiches: list[dict], zones: list[dict], source: Path) -> None:
    """``folder``/controle/: the page images of the pages holding fiches or unread words, and index.html."""
    target = folder / "controle"
    target.mkdir()
    pages = sorted({p for f in fiches for p in f["pages"]} | {z["page"] for z in zones if z["partie"] == "non_lu"})
    images = render_pages(source, pages, target)
    (target / "index.html").write_text(index_html(edition, fiches, zones, images), encoding="utf-8")
