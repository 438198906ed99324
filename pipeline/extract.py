"""Extract stage: a PDF -> every word on every page, with its table cell.

The only module that touches the PDF library. pdfplumber opens the document; each page's content
stream is run through pdfminer's interpreter (pdfplumber's engine) into ``PageReader``, which
keeps only what the pipeline uses: each character's text, box, direction, font and size, and the
straight segments of drawn paths. (pdfplumber's own page model spends about half its parsing
time building per-object dictionaries of attributes we never read; see bench/README.md.)
Characters become words (rotated text read in its own direction), words and edges go to
``layout.build_grid``, and the page is released before the next one, so memory stays flat on long
documents. Nothing is dropped: words outside the table (titles, running headers, text drawn
beyond the page) are kept with ``in_table = False``.
"""

from __future__ import annotations

import statistics
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Literal

import pdfplumber
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfminer.utils import apply_matrix_pt
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import WordExtractor

from pipeline import config, models
from pipeline.errors import InputError
from pipeline.geometry import Box, line_tolerance, merged_intervals
from pipeline.layers import by_layer, mark_layers
from pipeline.layout import Cell, Grid, build_grid, rules_from_edges
from pipeline.markers import Shape, across_border, grid_words, marker_words

if TYPE_CHECKING:
    import pandas as pd

#: (line direction, char direction) handed to pdfplumber for each reading direction of rotated
#: text: text running up the page reads its lines left to right, text running down right to left.
Direction = Literal["ltr", "rtl", "ttb", "btt"]
_ROTATED_READING: dict[str, tuple[Direction, Direction]] = {"btt": ("ltr", "btt"), "ttb": ("rtl", "ttb")}


def direction_of(matrix: tuple) -> str:
    """Reading direction of a character, from its text matrix (PDF space, y up)."""
    a, b = matrix[0], matrix[1]
    if abs(a) >= abs(b):
        return "ltr" if a >= 0 else "rtl"
    return "btt" if b > 0 else "ttb"


class PageReader(PDFTextDevice):
    """A pdfminer device recording characters and straight path segments of one page, in
    pdfplumber's coordinates (points from the top-left corner of the page)."""

    def __init__(self, rsrcmgr, page: pdfplumber.page.Page):
        super().__init__(rsrcmgr)
        self.height, self.width = float(page.height), float(page.width)
        self.dx, self.dy = float(page.mediabox[0]), float(page.mediabox[1])
        self.chars: list[dict] = []
        self.invisible = False
        self.edges: list[tuple[str, float, float, float, float]] = []
        self.shapes: list[Shape] = []
        self.row_sides: list[tuple[str, float, float, float, float]] = []  # sides of row shadings
        self.fills: list[Box] = []  # shaded backgrounds: (x0, top, x1, bottom)

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        """Note whether the string is drawn invisible (render mode 3: an OCR layer) before its characters."""
        self.invisible = textstate.render == 3
        super().render_string(textstate, seq, ncs, graphicstate)

    def _point(self, x: float, y: float) -> tuple[float, float]:
        return x + self.dx, self.height - y + self.dy

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        """Record one character; its box is computed as pdfminer's LTChar does."""
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"
        advance = font.char_width(cid) * fontsize * scaling
        if font.is_vertical():
            vx, vy = font.char_disp(cid)
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            box = (-vx, vy + rise + advance, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            box = (0, descent + rise, advance, descent + rise + fontsize)
        (x0, y0), (x1, y1) = apply_matrix_pt(matrix, box[:2]), apply_matrix_pt(matrix, box[2:])
        left, top = self._point(min(x0, x1), max(y0, y1))
        right, bottom = self._point(max(x0, x1), min(y0, y1))
        direction = direction_of(matrix)
        size = bottom - top if direction in ("ltr", "rtl") else right - left
        self.chars.append({"text": text, "x0": left, "x1": right, "top": top, "bottom": bottom, "doctop": top,
                           "width": right - left, "height": bottom - top,
                           "upright": direction == "ltr", "direction": direction, "fontname": font.fontname,
                           "invisible": self.invisible, "fontsize": round(size, 2), "size": size})
        return advance

    def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
        """Record the horizontal and vertical straight segments of a stroked or filled path; a
        small shape is kept as a possible list marker, and a background's borders are not rules."""
        assert self.ctm is not None  # set by the interpreter before any path is painted
        points = [self._point(*apply_matrix_pt(self.ctm, segment[i:i + 2]))
                  for segment in path for i in range(1, len(segment) - 1, 2)]
        if points:
            xs, ys = [x for x, _ in points], [y for _, y in points]
            w, h = max(xs) - min(xs), max(ys) - min(ys)
            small = max(w, h) <= config.EXTRACT.marker_shape_max
            if small and min(w, h) > 0 and max(w, h) <= config.EXTRACT.marker_shape_aspect * min(w, h):
                curved = any(segment[0] in ("c", "v", "y") for segment in path)
                self.shapes.append(Shape(min(xs), min(ys), max(xs), max(ys), bool(fill), curved))
                return
            background = fill and not stroke and min(w, h) > config.EXTRACT.background_min_thickness
            if background:
                self.fills.append((min(xs), min(ys), max(xs), max(ys)))
                self._edge((min(xs), min(ys)), (max(xs), min(ys)))
                self._edge((min(xs), max(ys)), (max(xs), max(ys)))
                self.row_sides += [("v", x, min(ys), x, max(ys)) for x in (min(xs), max(xs))]
                return
        start = previous = None
        for segment in path:
            operator = segment[0]
            if operator == "m":
                start = previous = self._point(*apply_matrix_pt(self.ctm, segment[1:3]))
                continue
            point = start if operator == "h" else self._point(*apply_matrix_pt(self.ctm, segment[-2:]))
            if operator in ("l", "h") and previous is not None and point is not None:
                self._edge(previous, point)
            previous = point

    def _edge(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        (xa, ya), (xb, yb) = a, b
        if abs(ya - yb) < 0.01:
            self.edges.append(("h", min(xa, xb), ya, max(xa, xb), ya))
        elif abs(xa - xb) < 0.01:
            self.edges.append(("v", xa, min(ya, yb), xa, max(ya, yb)))


def read_page(pdf: pdfplumber.PDF, page: pdfplumber.page.Page) -> tuple[list[dict], list[tuple], list[Shape], list[Box]]:
    """The characters, edges, small shapes and shaded backgrounds of one page."""
    reader = PageReader(pdf.rsrcmgr, page)
    PDFPageInterpreter(pdf.rsrcmgr, reader).process_page(page.page_obj)
    ruled = any(kind == "v" and y1 - y0 >= config.EXTRACT.min_rule_length for kind, _, y0, _, y1 in reader.edges)
    return reader.chars, reader.edges + (reader.row_sides if ruled else []), reader.shapes, reader.fills


def rule_bands(chars: list[dict], edges: list[tuple]) -> None:
    """Give each upright character the number of column rules left of it on its line
    (``rule_band``): a word never runs across a drawn rule, even with no space before it (a
    spreadsheet cell's text filling its cell up to the border: "Métropole" | "Banque")."""
    rules = [r for r in rules_from_edges(edges) if not r.horizontal]
    for char in chars:
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        char["rule_band"] = sum(1 for r in rules if r.pos < cx and r.start <= cy <= r.end) if char["upright"] else 0


def adopt_rotated_runs(chars: list[dict]) -> None:
    """Give a glyph set upright inside a rotated line (a browser keeps some punctuation, "’",
    upright in vertical writing) that line's direction and its place across: a glyph of the
    line's size, within its band, that fills a gap between two of its glyphs (touching both,
    within ``word_gap_em``, and lying under none: upright text a label overflows is not one)."""
    rotated = [c for c in chars if c["direction"] in ("btt", "ttb")]
    spans = merged_intervals((c["x0"], c["x1"]) for c in rotated)
    for char in chars:
        if char["direction"] in ("btt", "ttb") or not any(a <= char["x0"] and char["x1"] <= b for a, b in spans):
            continue
        gap = config.EXTRACT.word_gap_em * char["fontsize"]
        band = [r for r in rotated if r["x0"] - 1 <= char["x0"] and char["x1"] <= r["x1"] + 1
                and abs(r["fontsize"] - char["fontsize"]) <= gap]
        above = next((r for r in band if abs(r["bottom"] - char["top"]) <= gap), None)
        below = next((r for r in band if abs(r["top"] - char["bottom"]) <= gap), None)
        inside = any(r["top"] < char["bottom"] - gap and r["bottom"] > char["top"] + gap for r in band)
        if above is not None and below is not None and abs(above["x0"] - below["x0"]) <= 1 and not inside:
            char.update(direction=above["direction"], upright=False, fontsize=above["fontsize"], x0=above["x0"],
                        x1=above["x1"], width=above["width"])


def page_words(chars: list[dict]) -> list[dict]:
    """Words of one page, each read along its own direction and from one text at a time (a text
    printed over another, ``layers``, marked ``overprinted``), with size, boldness and the width of
    a word space in their font (characters without ``rule_band`` are taken as one band)."""
    by_direction: dict[str, list[dict]] = {}
    space_widths: dict[tuple[str, float], list[float]] = {}  # per font and size, from its space characters
    adopt_rotated_runs(chars)
    mark_layers(chars)
    for char in chars:
        char.setdefault("rule_band", 0)
        by_direction.setdefault("ltr" if char["direction"] == "rtl" else char["direction"], []).append(char)
        if char["text"] == " ":
            space_widths.setdefault((char["fontname"], round(char["fontsize"], 1)), []).append(
                char["width"] if char["direction"] in ("ltr", "rtl") else char["height"])
    spaces = {font: statistics.median(w) for font, w in space_widths.items()}  # monospaced: 0.6 em
    words = []
    for (direction, layer), group in by_layer(by_direction).items():
        line_dir, char_dir = _ROTATED_READING.get(direction, ("ltr", "btt"))
        size = statistics.median(c["fontsize"] for c in group)  # pdfplumber clusters rotated lines by x_tolerance
        across = config.EXTRACT.line_tolerance if direction == "ltr" else min(
            config.EXTRACT.line_tolerance, config.EXTRACT.rotated_line_tolerance_em * size)
        along = line_tolerance(size)
        extractor = WordExtractor(
            x_tolerance_ratio=config.EXTRACT.word_gap_em, y_tolerance=along, x_tolerance=across,
            line_dir_rotated=line_dir, char_dir_rotated=char_dir,
            extra_attrs=["fontsize", "fontname", "invisible", "rule_band"],
        )
        for word in extractor.extract_words(group, return_chars=True):
            font = word["fontname"].lower()
            first = word["chars"][0]
            words.append({
                "x0": word["x0"], "top": word["top"], "x1": word["x1"], "bottom": word["bottom"],
                "text": word["text"], "direction": direction, "size": word["fontsize"],
                "first_char_width": (first["x1"] - first["x0"]) if direction == "ltr" else first["bottom"] - first["top"],
                "bold": any(w in font for w in config.EXTRACT.bold_font_words),
                "font": word["fontname"], "invisible": word["invisible"],
                "overprinted": bool(layer) or overprinted(word["chars"], direction),
                "space_width": spaces.get((word["fontname"], round(word["fontsize"], 1)), 0.0),
            })
    mark_crossing(words)
    return words


def mark_crossing(words: list[dict]) -> None:
    """Mark ``overprinted`` the visible upright words whose boxes cross another's over
    ``word_overlap_share`` of its height, both ways (a copy drawn in place, a fake bold, is no
    crossing, nor are two words of a line kerned into each other at a change of font)."""
    upright = sorted((w for w in words if w["direction"] == "ltr" and not w["invisible"]), key=lambda w: w["top"])
    for k, a in enumerate(upright):
        for b in upright[k + 1:]:
            if b["top"] >= a["bottom"]:
                break
            across = min(a["bottom"], b["bottom"]) - b["top"]
            along = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            copy = a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 1 and abs(a["top"] - b["top"]) < 1
            share = config.EXTRACT.word_overlap_share * (b["bottom"] - b["top"])
            if along > share and not copy and across > share:  # not two words touching on a line
                a["overprinted"] = b["overprinted"] = True


def overprinted(chars: list[dict], direction: str) -> bool:
    """True when glyphs of a word lie over other glyphs (a text overflowing its cell onto a
    neighbour's, which a browser prints as is): its glyphs, a glyph drawn twice in place (a fake
    bold) counted once, are longer together along the line than the word by ``overprint_share``."""
    low, high = ("x0", "x1") if direction == "ltr" else ("top", "bottom")
    glyphs = [c for a, c in zip([None, *chars], chars)
              if a is None or a["text"] != c["text"] or abs(a[low] - c[low]) > (c[high] - c[low]) / 2]
    span = max(c[high] for c in chars) - min(c[low] for c in chars)
    return len(glyphs) > 1 and sum(c[high] - c[low] for c in glyphs) > (1 + config.EXTRACT.overprint_share) * span


def place_words(words: list[dict], grid: Grid | None, page_number: int, width: float,
                height: float) -> list[dict]:
    """Fragments of one page: each word with the grid cell its centre falls in; a word across
    its cell's top or bottom rule (a row too short for its text, which overflows into the next
    one) is marked ``overprinted``."""
    ruled = {"ruled_cols": bool(grid and grid.ruled_cols), "ruled_rows": bool(grid and grid.ruled_rows)}
    out = [_cell_record(cell, page_number, width, height, ruled, cell.bottom in grid.drawn_ys)
           for cell in grid.cells] if grid else []
    for w in words:
        cell = grid.cell_at((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2) if grid else None
        over_rule = bool(grid and grid.ruled_rows and cell and w["direction"] == "ltr" and (
            w["top"] < cell.top - config.EXTRACT.line_tolerance or w["bottom"] > cell.bottom + config.EXTRACT.line_tolerance))
        out.append({
            "kind": "word", "page": page_number, **w, "overprinted": w["overprinted"] or over_rule, "in_table": cell is not None,
            "row0": cell.row0 if cell else None, "row1": cell.row1 if cell else None,
            "col0": cell.col0 if cell else None, "col1": cell.col1 if cell else None,
            "cell_x0": cell.x0 if cell else None, "cell_top": cell.top if cell else None,
            "cell_x1": cell.x1 if cell else None, "cell_bottom": cell.bottom if cell else None,
            **ruled, "bottom_drawn": False, "page_width": width, "page_height": height,
        })
    return out


def _cell_record(cell: Cell, page_number: int, width: float, height: float, ruled: dict[str, bool],
                 bottom_drawn: bool) -> dict:
    return {**_box_record("cell", (cell.x0, cell.top, cell.x1, cell.bottom), page_number, width, height),
            "in_table": True, "row0": cell.row0, "row1": cell.row1, "col0": cell.col0, "col1": cell.col1,
            "cell_x0": cell.x0, "cell_top": cell.top, "cell_x1": cell.x1, "cell_bottom": cell.bottom,
            **ruled, "bottom_drawn": bottom_drawn}


def shade_record(box: Box, page_number: int, width: float, height: float) -> dict:
    """A shaded background of the page (a filled rectangle: a shaded cell, row or band)."""
    return {**_box_record("shade", box, page_number, width, height), "in_table": False,
            **dict.fromkeys(("row0", "row1", "col0", "col1", "cell_x0", "cell_top", "cell_x1", "cell_bottom")),
            "ruled_cols": False, "ruled_rows": False, "bottom_drawn": False}


def _box_record(kind: str, box: Box, page_number: int, width: float, height: float) -> dict:
    x0, top, x1, bottom = box
    return {"kind": kind, "page": page_number, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "text": "",
            "direction": "ltr", "size": 0.0, "first_char_width": 0.0, "bold": False, "font": "", "invisible": False,
            "overprinted": False, "space_width": 0.0, "page_width": width, "page_height": height}


def open_pdf(path: Path) -> pdfplumber.PDF:
    """Open a PDF, turning every way it can fail into one ``InputError`` naming the file."""
    if not path.exists():
        raise InputError(path, "fichier introuvable", "vérifiez le chemin")
    if path.is_dir():
        raise InputError(path, "c'est un dossier, pas un fichier PDF", "donnez le chemin d'un fichier PDF")
    if path.stat().st_size == 0:
        raise InputError(path, "le fichier est vide", "copiez à nouveau le PDF de l'édition")
    with path.open("rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF"):
            raise InputError(path, "ce n'est pas un fichier PDF", "exportez le contrat en PDF et recommencez")
    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise InputError(path, "le PDF est protégé par un mot de passe",
                             "demandez une copie non protégée (ou retirez le mot de passe avec qpdf --decrypt)") from exc
        raise InputError(path, f"le PDF est endommagé ou tronqué ({type(cause).__name__})",
                         "procurez-vous une copie complète du fichier") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on corrupt files
        raise InputError(path, f"le PDF est illisible ({type(exc).__name__}: {exc})",
                         "procurez-vous une copie complète et intacte du fichier") from exc
    if not pdf.pages:
        raise InputError(path, "le PDF n'a aucune page", "procurez-vous une copie complète du fichier")
    return pdf


def _inflated_size(data: bytes, limit: int) -> int:
    """Bytes a Flate stream inflates to, counted a chunk at a time (stops once past ``limit``)."""
    inflater, total = zlib.decompressobj(), 0
    try:
        while data and total <= limit:
            total += len(inflater.decompress(data, config.FILES.inflate_chunk))
            data = inflater.unconsumed_tail
        return total + (len(inflater.flush()) if total <= limit else 0)
    except zlib.error:  # a damaged stream: ``damaged`` reports it
        return total


def decoded_size(stream: PDFStream, limit: int) -> int:
    """Bytes a stream decodes to, measured without holding them: Flate streams (what office tools
    and browsers write) as they inflate, other encodings by their stored size."""
    if stream.data is not None:
        return len(stream.data)
    data = stream.rawdata or b""
    if stream.decipher and stream.objid is not None and stream.genno is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = stream.get_filters()
    return _inflated_size(data, limit) if filters and filters[0][0] in LITERALS_FLATE_DECODE else len(data)


def page_streams(page: pdfplumber.page.Page) -> Iterator[PDFStream]:
    """The streams pdfminer decodes to read a page: its contents and the forms it draws."""
    yield from (s for s in map(resolve1, page.page_obj.contents) if isinstance(s, PDFStream))
    pending, seen = [page.page_obj.resources], set()
    while pending:
        xobjects = resolve1((resolve1(pending.pop()) or {}).get("XObject")) or {}
        for ref in xobjects.values():
            form = resolve1(ref)
            if (isinstance(form, PDFStream) and id(form) not in seen
                    and getattr(resolve1(form.get("Subtype")), "name", "") == "Form"):
                seen.add(id(form))
                yield form
                pending.append(form.get("Resources"))


class DecodedBudget:
    """The decoded bytes a document may hold in all; each stream is counted once."""

    def __init__(self, path: Path, limit: int):
        self.path, self.limit, self.used = path, limit, 0
        self.seen: set[int] = set()

    def charge(self, page: pdfplumber.page.Page, number: int) -> None:
        for stream in page_streams(page):
            key = stream.objid if stream.objid is not None else id(stream)
            if key in self.seen:
                continue
            self.seen.add(key)
            self.used += decoded_size(stream, self.limit - self.used)
            if self.used > self.limit:
                raise InputError(self.path, f"le contenu décodé du PDF dépasse {self.limit // 2**20} Mo "
                                 f"(page {number}) : fichier piégé ou anormal",
                                 "vérifiez le fichier ; s'il est légitime, relancez avec --max-decoded-mb plus grand")


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


def page_fragments(pdf: pdfplumber.PDF, page: pdfplumber.page.Page, number: int) -> list[dict]:
    """Fragments of one page: its words placed in its table grid, and the grid's cells."""
    chars, edges, shapes, fills = read_page(pdf, page)
    rule_bands(chars, edges)
    words = page_words(chars)
    grid = build_grid(grid_words(words), edges)
    markers = marker_words(shapes, words, grid)
    if grid and any(across_border(m, grid) for m in markers):
        grid = build_grid(grid_words(words + markers), edges)  # a gutter the text put between markers and their lines
    words += [{k: v for k, v in m.items() if k != "word_x"} for m in markers]
    width, height = float(page.width), float(page.height)
    return place_words(words, grid, number, width, height) + [shade_record(box, number, width, height) for box in fills]


def pages(path: Path, progress: Callable[[int, int], None] | None = None,
          max_decoded: int = config.FILES.max_decoded_bytes) -> Iterator[list[dict]]:
    """The fragments of each page, page after page (one page in memory at a time); a document
    decoding to more than ``max_decoded`` bytes is refused before that much is held."""
    pdf = open_pdf(path)
    budget = DecodedBudget(path, max_decoded)
    with pdf:
        count, text_seen = len(pdf.pages), False
        for index, page in enumerate(pdf.pages):
            try:
                budget.charge(page, index + 1)
                if damaged(page):
                    raise InputError(path, f"la page {index + 1} du PDF est endommagée (son contenu est illisible)",
                                     "procurez-vous une copie complète et intacte du fichier")
                fragments = page_fragments(pdf, page, index + 1)
            except InputError:
                raise
            except Exception as exc:
                raise InputError(path, f"la page {index + 1} est illisible ({type(exc).__name__}: {exc})",
                                 "vérifiez que le PDF s'ouvre dans une visionneuse ; réexportez-le") from exc
            text_seen = text_seen or any(f["kind"] == "word" and f["text"].strip() for f in fragments)
            page.close()
            if progress:
                progress(index + 1, count)
            yield fragments
    if not text_seen:
        raise InputError(path, "le PDF n'a pas de couche texte (un scan ?)",
                         "passez-le d'abord à l'OCR, par exemple `ocrmypdf scan.pdf texte.pdf`, et utilisez texte.pdf")


def extract(path: Path, progress: Callable[[int, int], None] | None = None) -> "pd.DataFrame":
    """All fragments of a PDF as one table with the ``Fragment`` schema."""
    return models.frame([f for page in pages(path, progress) for f in page], models.Fragment)
