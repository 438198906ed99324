"""Extract stage: a PDF -> every word on every page, with its table cell.

The only module that touches the PDF library. Each page is read, turned into words (rotated text
included, read in its own direction) and drawn edges, handed to ``layout.build_grid``, and
released before the next page, so memory stays flat on long documents. Nothing is dropped:
words outside the table (titles, running headers, text drawn beyond the page) are kept with
``in_table = False``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pandas as pd
import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import PDFStream, resolve1
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import WordExtractor

from pipeline import config, models
from pipeline.errors import InputError
from pipeline.layout import Cell, Grid, Word, build_grid

#: (line direction, char direction) handed to pdfplumber for each reading direction of rotated
#: text: text running up the page reads its lines left to right, text running down right to left.
_ROTATED_READING = {"btt": ("ltr", "btt"), "ttb": ("rtl", "ttb")}


def char_direction(char: dict) -> str:
    """Reading direction of a character, from its text matrix (PDF space, y up)."""
    a, b = char["matrix"][0], char["matrix"][1]
    if abs(a) >= abs(b):
        return "ltr" if a >= 0 else "rtl"
    return "btt" if b > 0 else "ttb"


def _font_size(char: dict) -> float:
    """Font size, measured across the reading direction (pdfplumber's ``size`` is along it)."""
    return char["bottom"] - char["top"] if char["upright"] else char["x1"] - char["x0"]


def page_words(chars: list[dict]) -> list[dict]:
    """Words of one page, each read along its own direction, with size and boldness."""
    by_direction: dict[str, list[dict]] = {}
    for char in chars:
        direction = char_direction(char)
        by_direction.setdefault("ltr" if direction == "rtl" else direction, []).append(
            {**char, "fontsize": round(_font_size(char), 2)}
        )
    words = []
    for direction, group in by_direction.items():
        line_dir, char_dir = _ROTATED_READING.get(direction, ("ltr", "btt"))
        extractor = WordExtractor(
            x_tolerance=config.WORD_GAP, y_tolerance=config.LINE_TOLERANCE,
            line_dir_rotated=line_dir, char_dir_rotated=char_dir,
            extra_attrs=["fontsize", "fontname"],
        )
        for word in extractor.extract_words(group, return_chars=True):
            font = word["fontname"].lower()
            first = word["chars"][0]
            words.append({
                "x0": word["x0"], "top": word["top"], "x1": word["x1"], "bottom": word["bottom"],
                "text": word["text"], "direction": direction, "size": word["fontsize"],
                "first_char_width": (first["x1"] - first["x0"]) if direction == "ltr" else first["bottom"] - first["top"],
                "bold": any(w in font for w in config.BOLD_FONT_WORDS),
            })
    return words


def page_edges(page: pdfplumber.page.Page) -> list[tuple[str, float, float, float, float]]:
    """Drawn straight edges of a page: lines, thin rectangles, and the sides of filled ones."""
    return [(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in page.edges
            if e["orientation"] in ("h", "v")]


def place_words(words: list[dict], grid: Grid | None, page_number: int, width: float,
                height: float) -> list[dict]:
    """Fragments of one page: each word with the grid cell its centre falls in."""
    ruled = bool(grid and grid.ruled_cols)
    out = [_cell_record(cell, page_number, width, height, ruled) for cell in (grid.cells if grid else [])]
    for w in words:
        cell = grid.cell_at((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2) if grid else None
        out.append({
            "kind": "word", "page": page_number, **w, "in_table": cell is not None,
            "row0": cell.row0 if cell else None, "row1": cell.row1 if cell else None,
            "col0": cell.col0 if cell else None, "col1": cell.col1 if cell else None,
            "cell_x0": cell.x0 if cell else None, "cell_top": cell.top if cell else None,
            "cell_x1": cell.x1 if cell else None, "cell_bottom": cell.bottom if cell else None,
            "ruled_cols": ruled, "page_width": width, "page_height": height,
        })
    return out


def _cell_record(cell: Cell, page_number: int, width: float, height: float, ruled: bool) -> dict:
    return {
        "kind": "cell", "page": page_number, "x0": cell.x0, "top": cell.top, "x1": cell.x1,
        "bottom": cell.bottom, "text": "", "direction": "ltr", "size": 0.0, "first_char_width": 0.0, "bold": False,
        "in_table": True, "row0": cell.row0, "row1": cell.row1, "col0": cell.col0, "col1": cell.col1,
        "cell_x0": cell.x0, "cell_top": cell.top, "cell_x1": cell.x1, "cell_bottom": cell.bottom,
        "ruled_cols": ruled, "page_width": width, "page_height": height,
    }


def open_pdf(path: Path) -> pdfplumber.PDF:
    """Open a PDF, turning every way it can fail into one ``InputError`` naming the file."""
    if not path.exists():
        raise InputError(path, "file not found", "check the path")
    if path.stat().st_size == 0:
        raise InputError(path, "the file is empty", "copy the edition's PDF again")
    with path.open("rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF"):
            raise InputError(path, "not a PDF file", "export the contract as PDF and retry")
    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise InputError(path, "the PDF is password-protected",
                             "ask the sender for an unprotected copy (or remove the password with qpdf --decrypt)") from exc
        raise InputError(path, f"the PDF is damaged or truncated ({type(cause).__name__})",
                         "get a complete copy of the file") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on corrupt files
        raise InputError(path, f"the PDF cannot be read ({type(exc).__name__}: {exc})",
                         "get a complete, uncorrupted copy of the file") from exc
    if not pdf.pages:
        raise InputError(path, "the PDF has no pages", "get a complete copy of the file")
    return pdf


def damaged(page: pdfplumber.page.Page) -> bool:
    """True when a content stream of the page is missing or cannot be decoded (pdfminer then
    reads the page as blank, which would silently lose its fiches)."""
    for ref in page.page_obj.contents:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream):
            return True
        declared = resolve1(stream.attrs.get("Length", 0))
        if isinstance(declared, int) and declared > 0 and not stream.get_data():
            return True
    return False


def iter_pages(path: Path) -> Iterator[tuple[int, int, list[dict]]]:
    """Yield ``(page number, page count, fragments)`` page by page, releasing each page."""
    pdf = open_pdf(path)
    with pdf:
        count = len(pdf.pages)
        for index, page in enumerate(pdf.pages):
            try:
                if damaged(page):
                    raise InputError(path, f"page {index + 1} of the PDF is damaged (its content cannot be read)",
                                     "get a complete, uncorrupted copy of the file")
                words = page_words(page.chars)
                grid = build_grid([Word(w["x0"], w["top"], w["x1"], w["bottom"], w["text"],
                                        w["direction"], w["size"]) for w in words], page_edges(page))
            except InputError:
                raise
            except Exception as exc:
                raise InputError(path, f"page {index + 1} cannot be read ({type(exc).__name__}: {exc})",
                                 "check that the PDF opens in a viewer; re-export it") from exc
            yield index + 1, count, place_words(words, grid, index + 1, float(page.width), float(page.height))
            page.close()


def extract(path: Path, progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """All fragments of a PDF as a table with the ``Fragment`` schema."""
    rows: list[dict] = []
    for number, count, fragments in iter_pages(path):
        rows.extend(fragments)
        if progress:
            progress(number, count)
    if not any(r["text"].strip() for r in rows):
        raise InputError(path, "the PDF has no text layer (a scan?)",
                         "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, and use out.pdf")
    return models.frame(rows, models.Fragment)
