"""Generate contract tables in varied layouts, with the exact records each must yield.

A small table renderer on reportlab's canvas, so that every layout feature the pipeline must
survive can be switched on alone: page size and orientation, fonts, column order and widths,
header wording (or none, or blank cells, repeated or not), ruling (grid, row lines, none), theme
word and separator, themes as band rows or as rotated labels in merged cells (drawn the way a
spreadsheet prints them: centred on the whole merged cell, on every page it spans, running off
the page), rows split by page breaks, marks, extra columns, running titles and page numbers.

Used by ``tests/test_generated.py`` and by ``bench/`` to make large editions.
"""

from __future__ import annotations

import copy
import json
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.lib.pagesizes import A3, A4, LETTER, landscape, portrait
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS_DIR = Path(__file__).parent / "fixtures" / "fonts"
SHARED_RECORDS = Path(__file__).parent / "fixtures" / "montpellier-2020.expected.json"
FONTS = {
    "sans": ("DejaVuSans-subset.ttf", "DejaVuSans-Bold-subset.ttf"),
    "serif": ("DejaVuSerif-subset.ttf", "DejaVuSerif-Bold-subset.ttf"),
    "condensed": ("DejaVuSansCondensed-subset.ttf", "DejaVuSans-Bold-subset.ttf"),
    "mono": ("DejaVuSansMono-subset.ttf", "DejaVuSans-Bold-subset.ttf"),
}
PAGE_SIZES = {"A4": A4, "A3": A3, "LETTER": LETTER}

#: Default header text of each column role.
HEADERS = {
    "theme": "", "numero": "N°", "intitule": "Fiche action", "objectifs": "Objectifs opérationnels",
    "appel_a_projets": "Appel à projets", "pilote": "Pilote(s)",
}


@dataclass
class Column:
    role: str  # theme, numero, intitule, objectifs, appel_a_projets, pilote, or extra:<name>
    header: str
    width: float  # relative


@dataclass
class Layout:
    page: str = "A4"
    orientation: str = "portrait"
    margin: float = 36.0
    font: str = "sans"
    size: float = 8.0
    leading: float = 1.2
    padding: float = 3.0
    columns: list[Column] = field(default_factory=list)
    rules: str = "grid"  # grid | rows | none
    themes: str = "band"  # band | rotated | rotated-down
    theme_word: str = "ENJEU"
    theme_sep: str = ":"
    roman: bool = False
    mark: str = "X"
    header: str = "every_page"  # every_page | first_page | none
    stale_band: bool = False
    furniture: bool = False
    split_rows: bool = True
    valign: str = "top"  # top | middle
    markers: dict = field(default_factory=lambda: {1: "•", 2: "–"})
    #: List markers drawn as vector shapes (a filled disc, a stroked circle), as browsers draw them.
    marker_shapes: bool = False
    #: One fiche row in two on a light grey filled rectangle (zebra shading).
    zebra: bool = False
    #: The word of sub-theme bands ("Orientation 1.2 : …"), drawn where a fiche's sous_enjeu changes.
    sub_theme_word: str = "Orientation"
    title: str = ""


def default_columns(extra: tuple[str, ...] = ()) -> list[Column]:
    cols = [Column("numero", "N°", 0.6), Column("intitule", "Fiche action", 2.0),
            Column("objectifs", "Objectifs opérationnels", 5.0), Column("pilote", "Pilote(s)", 1.6),
            Column("appel_a_projets", "AAP", 0.7)]
    return cols + [Column(f"extra:{name}", name, 1.4) for name in extra]


# --- content ----------------------------------------------------------------------------------------


def shared_fiches() -> list[dict]:
    """The 69 fiches of the shared edition, as content to lay out."""
    return json.loads(SHARED_RECORDS.read_text(encoding="utf-8"))


def vary_content(fiches: list[dict], seed: int, extra: tuple[str, ...] = (), pilots_on_lines: bool = False) -> list[dict]:
    """Copies of the fiches with extra-column text and, optionally, one pilot per typed line."""
    rng = random.Random(seed)
    out = []
    for fiche in copy.deepcopy(fiches):
        fiche["extra"] = {name: rng.choice(["", "Bailleurs sociaux, associations", "Budget 2021 : 25 000 €",
                                            "Indicateur : nombre de bénéficiaires suivis"]) for name in extra}
        if pilots_on_lines:
            parts = [p.strip() for p in fiche["pilote_brut"].replace(" et ", ",").split(",") if p.strip()]
            fiche["pilote_brut"] = "\n".join(parts)
        out.append(fiche)
    return out


def repeated_fiches(count: int) -> list[dict]:
    """``count`` fiches: the shared ones again and again, each round under new theme numbers
    (so numbers such as "24.16" appear), for long editions."""
    base = shared_fiches()
    top = max(f["enjeu"] for f in base)
    out = []
    for i in range(count):
        round_, k = divmod(i, len(base))
        f = copy.deepcopy(base[k])
        f["enjeu"] += round_ * top
        f["numero"] = f"{f['enjeu']}.{f['numero'].split('.', 1)[1]}"
        f["extra"] = {}
        out.append(f)
    return out


def renumber_plain(fiches: list[dict]) -> list[dict]:
    """Fiches numbered 1, 2, 3 … across themes (numbers no longer carry the theme)."""
    out = copy.deepcopy(fiches)
    for i, fiche in enumerate(out, 1):
        fiche["numero"] = str(i)
    return out


def later_edition(fiches: list[dict]) -> tuple[list[dict], dict[str, tuple[str, set[str]]]]:
    """A later edition of the shared fiches with known edits, and the edits as a comparison must
    report them: old numero -> (new numero, changed fields). Removed: 9.1 and 11.1; added: 10.3."""
    new = {f["numero"]: copy.deepcopy(f) for f in fiches}
    for f in new.values():
        f["edition"] = f.get("edition", "") + "-suivante"
    truth: dict[str, tuple[str, set[str]]] = {}
    # moved to another theme, renumbered there
    new["3.4"].update(enjeu=4, numero="4.3", enjeu_libelle=new["4.1"]["enjeu_libelle"])
    truth["3.4"] = ("4.3", {"numero", "enjeu"})
    # a whole theme renumbered (5.1 … 5.9 -> 5.2 … 5.10)
    for k in range(9, 0, -1):
        new[f"5.{k}"]["numero"] = f"5.{k + 1}"
        truth[f"5.{k}"] = (f"5.{k + 1}", {"numero"})
    # retitled: lightly, and wholly (objectives unchanged)
    new["1.3"]["intitule"] = "Plateforme entrepreneuriale des quartiers"
    new["2.4"]["intitule"] = "Ouvrir l'école aux familles et au quartier"
    truth["1.3"] = ("1.3", {"intitule"})
    truth["2.4"] = ("2.4", {"intitule"})
    # objectives edited: one added, one reworded
    new["2.1"]["objectifs"] = new["2.1"]["objectifs"] + ["Suivre la fréquentation des accueils chaque année."]
    new["2.1"]["objectifs_niveaux"] = new["2.1"]["objectifs_niveaux"] + [1]
    new["6.3"]["objectifs"] = [new["6.3"]["objectifs"][0] + " en lien avec les centres sociaux", *new["6.3"]["objectifs"][1:]]
    truth["2.1"] = ("2.1", {"objectifs"})
    truth["6.3"] = ("6.3", {"objectifs"})
    # pilots respelt (no change), and a renamed body (DDCS -> DDETS)
    for numero, spelling in (("1.6", "Montpellier Méditerranée Métropole"), ("3.4", "3M"), ("6.11", "la Métropole")):
        new[numero]["pilote_brut"] = spelling
    new["3.2"]["pilote_brut"] = "Ville, CAF, DDETS"
    truth["3.2"] = ("3.2", {"pilotes"})
    # opened to the call for projects
    new["1.1"]["appel_a_projets"] = True
    truth["1.1"] = ("1.1", {"appel_a_projets"})
    # removed, and added
    del new["9.1"], new["11.1"]
    fresh = copy.deepcopy(new["10.2"])
    fresh.update(numero="10.3", intitule="Médiation numérique dans les centres sociaux",
                 objectifs=["Accompagner les habitants dans leurs démarches en ligne", "Former des médiateurs"],
                 objectifs_niveaux=[1, 1], pilote_brut="France Travail", appel_a_projets=True)
    new["10.3"] = fresh
    return list(new.values()), truth


# --- text measurement and wrapping -------------------------------------------------------------------


class Fonts:
    def __init__(self, family: str):
        regular, bold = FONTS[family]
        self.regular = f"T-{regular}"
        self.bold = f"T-{bold}"
        for name, file in ((self.regular, regular), (self.bold, bold)):
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / file)))

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return pdfmetrics.stringWidth(text, self.bold if bold else self.regular, size)


def wrap(text: str, width: float, fonts: Fonts, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap as office software does: break at spaces, after a compound's hyphen,
    and inside a word only when the word alone does not fit."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if fonts.width(candidate, size, bold) <= width:
                line = candidate
                continue
            head, rest = _split_after_hyphen(line, word, width, fonts, size, bold)
            if head:
                lines.append(head)
                line = rest
                continue
            if line:
                lines.append(line)
            line = word
            while fonts.width(line, size, bold) > width:  # a word too long for the cell
                head, rest = _split_after_hyphen("", line, width, fonts, size, bold)
                if head:
                    lines.append(head)
                    line = rest
                    continue
                cut = max(1, max(i for i in range(1, len(line) + 1) if fonts.width(line[:i], size, bold) <= width or i == 1))
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return [ln for ln in lines if ln] if text.strip() else []


def _split_after_hyphen(line, word, width, fonts, size, bold):
    """The line with the longest part of ``word`` up to one of its hyphens that fits, and the rest."""
    for cut in sorted((i + 1 for i, c in enumerate(word[:-1]) if c == "-"), reverse=True):
        head = f"{line} {word[:cut]}" if line else word[:cut]
        if fonts.width(head, size, bold) <= width and word[cut:][:1].isalpha():
            return head, word[cut:]
    return "", ""


# --- page plan ---------------------------------------------------------------------------------------


@dataclass
class Placed:
    """A table row placed on a page: its lines per column, or a band's lines."""

    kind: str  # header | band | row
    top: float
    height: float
    lines: dict[str, list[str]] = field(default_factory=dict)
    band: list[str] = field(default_factory=list)
    theme: int | None = None
    bold: bool = False
    shaded: bool = False  # drawn on a grey rectangle (zebra shading: one fiche in two)


@dataclass
class PagePlan:
    rows: list[Placed] = field(default_factory=list)


class Renderer:
    def __init__(self, layout: Layout):
        self.layout = layout
        size = PAGE_SIZES[layout.page]
        self.page_w, self.page_h = landscape(size) if layout.orientation == "landscape" else portrait(size)
        self.fonts = Fonts(layout.font)
        self.lead = layout.size * layout.leading
        total = sum(c.width for c in layout.columns)
        usable = self.page_w - 2 * layout.margin
        x = layout.margin
        self.x: dict[str, tuple[float, float]] = {}
        for col in layout.columns:
            w = usable * col.width / total
            self.x[col.role] = (x, x + w)
            x += w
        self.table_x0, self.table_x1 = layout.margin, x
        theme_col = self.x.get("theme")
        self.band_x0 = theme_col[1] if theme_col and layout.themes != "band" else self.table_x0

    def inner(self, role: str) -> float:
        x0, x1 = self.x[role]
        return x1 - x0 - 2 * self.layout.padding

    def theme_text(self, numero: int, libelle: str) -> str:
        number = _roman(numero) if self.layout.roman else str(numero)
        return f"{self.layout.theme_word} {number} {self.layout.theme_sep} {libelle}".replace("  ", " ")

    def cell_lines(self, fiche: dict) -> dict[str, list[str]]:
        L = self.layout
        out: dict[str, list[str]] = {}
        for col in L.columns:
            role = col.role
            if role == "theme":
                continue
            if role == "numero":
                text = fiche["numero"]
            elif role == "intitule":
                text = fiche["intitule"]
            elif role == "pilote":
                text = fiche["pilote_brut"]
            elif role == "appel_a_projets":
                text = L.mark if fiche["appel_a_projets"] else ""
            elif role == "objectifs":
                out[role] = [ln for item, level in zip(fiche["objectifs"], fiche["objectifs_niveaux"])
                             for ln in wrap((L.markers[level] + " " if level else "") + item,
                                            self.inner(role), self.fonts, L.size)]
                continue
            else:
                text = fiche["extra"].get(role.split(":", 1)[1], "")
            out[role] = wrap(text, self.inner(role), self.fonts, L.size)
        return out

    def header_row(self) -> Placed:
        lines = {c.role: wrap(c.header, self.inner(c.role), self.fonts, self.layout.size, True)
                 for c in self.layout.columns}
        height = max(1, max(len(v) for v in lines.values())) * self.lead + 2 * self.layout.padding
        return Placed("header", 0, height, lines=lines, bold=True)

    def band_row(self, text: str) -> Placed:
        width = self.table_x1 - self.band_x0 - 2 * self.layout.padding
        lines = wrap(text, width, self.fonts, self.layout.size, True)
        return Placed("band", 0, len(lines) * self.lead + 2 * self.layout.padding, band=lines, bold=True)

    def plan(self, fiches: list[dict]) -> list[PagePlan]:
        L = self.layout
        top_limit = L.margin + (2 * self.lead if L.furniture else 0)
        bottom_limit = self.page_h - L.margin - (2 * self.lead if L.furniture else 0)
        pages: list[PagePlan] = []
        y = 0.0

        def new_page() -> None:
            nonlocal y
            pages.append(PagePlan())
            y = top_limit + (3 * self.lead if L.title and len(pages) == 1 else 0)
            if L.stale_band and fiches:
                put(self.band_row(self.theme_text(fiches[0]["enjeu"], fiches[0]["enjeu_libelle"])))
            if L.header == "every_page" or (L.header == "first_page" and len(pages) == 1):
                put(self.header_row())

        def put(row: Placed) -> None:
            nonlocal y
            row.top = y
            pages[-1].rows.append(row)
            y += row.height

        new_page()
        current = current_sub = None
        min_height = self.min_row_heights(fiches)
        for index, fiche in enumerate(fiches):
            if L.themes == "band" and fiche["enjeu"] != current:
                band = self.band_row(self.theme_text(fiche["enjeu"], fiche["enjeu_libelle"]))
                if y + band.height + 3 * self.lead > bottom_limit:
                    new_page()
                put(band)
            if L.themes == "band" and fiche.get("sous_enjeu") and (fiche["enjeu"] != current or
                                                                  fiche["sous_enjeu"] != current_sub):
                put(self.band_row(f"{L.sub_theme_word} {fiche['sous_enjeu']} {L.theme_sep} {fiche['sous_enjeu_libelle']}"))
            current, current_sub = fiche["enjeu"], fiche.get("sous_enjeu")
            lines = self.cell_lines(fiche)
            while True:
                n = max(1, max(len(v) for v in lines.values()))
                height = max(n * self.lead + 2 * L.padding, min_height[fiche["numero"]])
                if y + height <= bottom_limit:
                    put(Placed("row", 0, height, lines=lines, theme=current, shaded=index % 2 == 1))
                    break
                fit = int((bottom_limit - y - 2 * L.padding) // self.lead)
                alone = not pages[-1].rows or pages[-1].rows[-1].kind != "row"
                if (L.split_rows or alone) and fit >= 2:  # office tools break a row taller than a page
                    put(Placed("row", 0, fit * self.lead + 2 * L.padding,
                               lines={k: v[:fit] for k, v in lines.items()}, theme=current, shaded=index % 2 == 1))
                    lines = {k: v[fit:] for k, v in lines.items()}
                    new_page()
                    continue
                new_page()
        return pages

    def min_row_heights(self, fiches: list[dict]) -> dict[str, float]:
        """Rows tall enough for their theme's rotated label to fit on a few lines, as a
        spreadsheet author sets them (a label cut every few letters is unreadable)."""
        if self.layout.themes == "band":
            return {f["numero"]: 0.0 for f in fiches}
        count = Counter(f["enjeu"] for f in fiches)
        out = {}
        for f in fiches:
            label = self.fonts.width(self.theme_text(f["enjeu"], f["enjeu_libelle"]), self.layout.size, True)
            out[f["numero"]] = (label / 3 + 2 * self.layout.padding) / count[f["enjeu"]]
        return out

    # --- drawing ---

    def render(self, fiches: list[dict], path: Path) -> None:
        L = self.layout
        pages = self.plan(fiches)
        c = canvas.Canvas(str(path), pagesize=(self.page_w, self.page_h))
        c.setTitle("Contrat de ville - fiches actions")
        theme_spans = self.theme_spans(pages)
        for number, page in enumerate(pages, 1):
            if L.furniture:
                self.text(c, "Contrat de ville – Programmation des fiches actions", L.margin, L.margin, False)
                self.text(c, f"Page {number} / {len(pages)}", self.page_w / 2 - 20, self.page_h - L.margin - self.lead, False)
            if L.title and number == 1:
                c.setFont(self.fonts.bold, L.size * 1.6)
                c.drawString(L.margin, self.page_h - L.margin - (2 * self.lead if L.furniture else 0) - 1.6 * L.size, L.title)
            for row in page.rows:
                self.draw_row(c, row)
            if "theme" in self.x and L.themes != "band":
                self.draw_themes(c, number, page, theme_spans)
            c.showPage()
        c.save()

    def y(self, top: float) -> float:
        return self.page_h - top

    def text(self, c, s: str, x: float, top: float, bold: bool) -> None:
        c.setFont(self.fonts.bold if bold else self.fonts.regular, self.layout.size)
        c.drawString(x, self.y(top + self.layout.size), s)

    def draw_row(self, c, row: Placed) -> None:
        L = self.layout
        top, bottom = row.top, row.top + row.height
        if row.kind == "band":
            for i, line in enumerate(row.band):
                self.text(c, line, self.band_x0 + L.padding, top + L.padding + i * self.lead, True)
            self.rules(c, top, bottom, [self.band_x0, self.table_x1], self.band_x0)
            return
        if L.zebra and row.kind == "row" and row.shaded:
            c.setFillGray(0.9)
            c.rect(self.band_x0, self.y(bottom), self.table_x1 - self.band_x0, row.height, stroke=0, fill=1)
            c.setFillGray(0)
        for role, lines in row.lines.items():
            x0, x1 = self.x[role]
            offset = 0.0
            if L.valign == "middle" and row.kind == "row":
                offset = (row.height - 2 * L.padding - len(lines) * self.lead) / 2
            for i, line in enumerate(lines):
                x = x0 + L.padding
                if role in ("numero", "appel_a_projets") or row.kind == "header":
                    x = (x0 + x1) / 2 - self.fonts.width(line, L.size, row.bold) / 2
                line_top = top + L.padding + offset + i * self.lead
                marker = next((m for level, m in L.markers.items() if line.startswith(m + " ")), None)
                if L.marker_shapes and marker and role == "objectifs":
                    self.marker_shape(c, marker == L.markers[1], x, line_top)
                    x, line = x + self.fonts.width(marker + " ", L.size), line[len(marker) + 1:]
                self.text(c, line, x, line_top, row.bold)
        xs = [self.x[col.role][0] for col in L.columns] + [self.table_x1]
        start = self.band_x0 if row.kind == "row" else self.table_x0
        self.rules(c, top, bottom, [x for x in xs if x >= start - 0.01], start)

    def marker_shape(self, c, filled: bool, x: float, top: float) -> None:
        """A list marker as a browser draws it: a filled disc, or a stroked circle for level 2."""
        radius = self.layout.size * 0.18
        centre_y = self.y(top + self.layout.size * 0.62)
        c.setLineWidth(0.5)
        c.circle(x + radius, centre_y, radius, stroke=0 if filled else 1, fill=1 if filled else 0)

    def rules(self, c, top: float, bottom: float, xs: list[float], x0: float) -> None:
        L = self.layout
        c.setLineWidth(0.5)
        if L.rules in ("grid", "rows"):
            c.line(x0, self.y(top), self.table_x1, self.y(top))
            c.line(x0, self.y(bottom), self.table_x1, self.y(bottom))
        if L.rules == "grid":
            for x in xs:
                c.line(x, self.y(top), x, self.y(bottom))

    def theme_spans(self, pages: list[PagePlan]) -> dict[int, list[tuple[int, float, float]]]:
        """For each theme, its merged cell's part on each page: (page, top, bottom)."""
        spans: dict[int, list[tuple[int, float, float]]] = {}
        for number, page in enumerate(pages, 1):
            for row in page.rows:
                if row.kind != "row":
                    continue
                parts = spans.setdefault(row.theme, [])
                if parts and parts[-1][0] == number:
                    parts[-1] = (number, parts[-1][1], row.top + row.height)
                else:
                    parts.append((number, row.top, row.top + row.height))
        return spans

    def draw_themes(self, c, number: int, page: PagePlan, spans) -> None:
        L = self.layout
        x0, x1 = self.x["theme"]
        labels = {f["enjeu"]: f["enjeu_libelle"] for f in self.fiches}
        for theme, parts in spans.items():
            total = sum(b - t for _, t, b in parts)
            before = 0.0
            for page_number, top, bottom in parts:
                if page_number == number:
                    centre = top + total / 2 - before
                    self.draw_label(c, self.theme_text(theme, labels[theme]), (x0 + x1) / 2, centre, total)
                    if L.rules == "grid":
                        for y in (top, bottom):
                            c.line(x0, self.y(y), x1, self.y(y))
                        c.line(x0, self.y(top), x0, self.y(bottom))
                before += bottom - top

    def draw_label(self, c, text: str, cx: float, centre: float, length: float) -> None:
        L = self.layout
        lines = wrap(text, max(length - 2 * L.padding, 20), self.fonts, L.size, True)
        down = L.themes == "rotated-down"
        c.setFont(self.fonts.bold, L.size)
        n = len(lines)
        for i, line in enumerate(lines):
            w = self.fonts.width(line, L.size, True)
            # Lines running up the page follow each other left to right; running down, right to left.
            k = (n - 1 - i) if down else i
            baseline = cx - (n - 1) / 2 * self.lead + k * self.lead + (-L.size / 2 if down else L.size / 2) * 0.7
            c.saveState()
            if down:
                c.translate(baseline, self.y(centre - w / 2))
                c.rotate(-90)
            else:
                c.translate(baseline, self.y(centre + w / 2))
                c.rotate(90)
            c.drawString(0, 0, line)
            c.restoreState()


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += digits
            n -= value
    return out


def render(fiches: list[dict], layout: Layout, path: Path) -> list[dict]:
    """Draw the fiches in ``layout`` into ``path``; return the records the pipeline must yield."""
    renderer = Renderer(layout)
    renderer.fiches = fiches
    renderer.render(fiches, path)
    expected = []
    for f in fiches:
        record = {k: f[k] for k in ("numero", "enjeu", "enjeu_libelle", "intitule", "objectifs",
                                    "objectifs_niveaux", "appel_a_projets", "pilote_brut")}
        drawn = layout.themes == "band"  # sub-themes are drawn as sub-bands only
        record["sous_enjeu"] = f.get("sous_enjeu") if drawn else None
        record["sous_enjeu_libelle"] = f.get("sous_enjeu_libelle") if drawn else None
        record["extra"] = {k: v for k, v in f.get("extra", {}).items() if v}
        expected.append(record)
    return expected


def with_columns(layout: Layout, order: list[str], headers: dict[str, str] | None = None,
                 widths: dict[str, float] | None = None) -> Layout:
    """The layout with its columns in ``order`` (roles), headers and widths overridden."""
    by_role = {c.role: c for c in layout.columns}
    cols = []
    for role in order:
        col = by_role.get(role, Column(role, HEADERS.get(role, role.split(":")[-1]), 1.0))
        col = replace(col, header=(headers or {}).get(role, col.header), width=(widths or {}).get(role, col.width))
        cols.append(col)
    return replace(layout, columns=cols)


if __name__ == "__main__":
    # python -m tests.synthetic later-edition OUT.pdf: the shared edition with the edits of
    # ``later_edition``, printed as a word-processor table (used by the README's diff example).
    import sys

    if sys.argv[1:2] != ["later-edition"] or len(sys.argv) != 3:
        sys.exit("usage: python -m tests.synthetic later-edition OUT.pdf")
    records, _ = later_edition(shared_fiches())
    render(records, replace(Layout(columns=default_columns()), font="serif", size=9), Path(sys.argv[2]))
