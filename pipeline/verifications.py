"""Doubtful fiches: the fiche records with their drafts and the word account -> each fiche's
``verifications`` (``a_verifier`` when any) and the warnings that say why.

A reason is raised only by a fact the reader can see: words it put nowhere beside the fiche, a
row cut by an estimate, a theme carried over from the fiche before, glyphs without Unicode, an
OCR layer's text, an unusual number of pages, a number off the edition's own pattern, out of its
order or followed by a gap, a word glued at a line end, a dash that word wrap may have put at a
line start, a cell over a column of its neighbour's. Each code below is stable: data users
filter on it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import TYPE_CHECKING, Callable, Iterator

from pipeline import config, numbering
from pipeline.account import Account, beside
from pipeline.avertissements import Warnings
from pipeline.centring import off_centre, overhanging
from pipeline.column_doubts import empty_usual_cells, filled_columns, idle_roles, straddling
from pipeline.fiches import number_cell
from pipeline.line_joins import glued_words, split_words, wrapped_dashes, wrapped_marks
from pipeline.text import (
    UNMAPPED,
    fold,
    known_mark,
    offset_lines,
    unmapped_glyphs,
)

if TYPE_CHECKING:
    from pipeline.columns import Columns
    from pipeline.document import Cell, Document
    from pipeline.fiches import Draft
    from pipeline.text import Line

#: Every reason to check a fiche: code -> what it means, in French.
REASONS: dict[str, str] = {
    "mots_non_lus": "des mots du PDF voisins de la fiche ne sont lus dans aucun champ",
    "decoupage_estime": "les lignes partagées avec une fiche voisine sont réparties par estimation (ni filet ni espace)",
    "theme_deduit": "thème repris de la fiche précédente, non lu à côté de celle-ci",
    "theme_estime": "thème attribué d'après la position des libellés, presque à égalité avec le thème voisin",
    "theme_par_numero": ("thème pris d'après la série du numéro, les libellés le plaçant sous un autre thème : "
                         "numéro ou position des libellés erronés ?"),
    "theme_incertain": ("libellé du thème lu avec doute : coupé par un saut de page puis recollé, ou imprimé "
                        "par-dessus un autre texte, ou mêlé au texte d'une autre colonne, ou coupé en fin de ligne "
                        "entre deux morceaux qui ne sont pas des mots"),
    "texte_superpose": "des caractères imprimés les uns sur les autres (texte qui déborde de sa cellule) : lecture incertaine",
    "texte_deborde": ("le bandeau de thème qui suit la fiche imprime deux textes l'un sur l'autre ou décalés : "
                      "la fin d'une cellule de la fiche y a peut-être débordé"),
    "glyphes_non_mappes": "caractères sans correspondance Unicode dans le PDF (retirés du texte)",
    "texte_ocr": "texte d'une couche OCR (texte invisible sur une image), peut-être mal reconnu",
    "pages_nombreuses": "fiche étalée sur un nombre inhabituel de pages",
    "numero_corrige": "numéro imprimé sous une forme variante, lu d'après le modèle de l'édition",
    "numero_hors_modele": "numéro d'une autre forme que ceux de l'édition",
    "numero_hors_sequence": "numéro hors de l'ordre de la série",
    "numero_hors_theme": "le numéro désigne un autre thème ou sous-thème que celui lu à côté de la fiche",
    "numero_suivant_absent": "le numéro qui suit celui-ci dans la série manque : une fiche perdue ou fusionnée ?",
    "cellule_a_cheval": "une cellule s'étend sur plusieurs colonnes : son texte est lu dans la première",
    "tiret_incertain": "une ligne ouverte par un tiret suit une ligne pleine : sous-point ou suite de la phrase ?",
    "ponctuation_incertaine": (
        "une ponctuation renvoyée en début de ligne, que le document imprime tantôt collée, tantôt séparée, "
        "ou nulle part ailleurs : espace ou non ?"),
    "mot_recolle": "un mot coupé en fin de ligne a été recollé à la ligne suivante sans que le document l'imprime entier",
    "mot_separe": ("une ligne remplie par un seul mot, que le document n'imprime jamais entier ailleurs, a été lue "
                   "comme suivie d'un autre mot : mot coupé ou deux mots ?"),
    "marque_inconnue": "marque d'appel à projets inconnue, autre que celle de la colonne, lue comme oui",
    "texte_partage": ("une cellule s'étend sur les lignes de plusieurs fiches (cellule fusionnée, ou aucun filet ni "
                      "espace entre elles) : son texte est lu dans chacune"),
    "voisine_sans_numero": ("une partie sans numéro à côté de cette fiche est lue comme une fiche à part (numéro "
                            "vide, mise en quarantaine) : est-ce la suite de celle-ci ?"),
    "lignes_entremelees": ("deux textes imprimés à des hauteurs décalées dans une même cellule (celui d'une cellule "
                           "voisine ?) : lus ensemble, dans l'ordre des hauteurs ; ou son texte et celui de la fiche "
                           "voisine se chevauchent (une ligne peut être cachée sous l'autre)"),
    "colonne_incertaine": ("colonne choisie d'après son contenu, sans en-tête, presque à égalité avec une autre "
                           "(pilotes ou partenaires ?)"),
    "cellule_vide": ("aucun texte dans une colonne que presque toutes les fiches remplissent : son texte a "
                     "peut-être été lu dans une autre colonne ou une fiche voisine"),
    "cellule_decentree": ("dans un tableau aux cellules centrées sur leur numéro, une cellule de cette fiche ou "
                          "d'une voisine ne l'est pas : des lignes ont peut-être changé de fiche"),
    "colonne_de_themes": ("une colonne lue comme colonne supplémentaire imprime des libellés de thème : les thèmes "
                          "ou sous-thèmes de l'édition sont peut-être mal lus"),
    "colonne_vide": ("la colonne de ce champ est vide dans la plupart des fiches, quand une colonne sans "
                     "en-tête est remplie dans presque toutes : son texte a peut-être été lu dans celle-ci"),
    "en_tetes_fusionnes": ("l'en-tête d'une colonne imprime deux titres côte à côte : deux colonnes lues comme une, "
                           "leurs textes peut-être mêlés"),
}
#: Fields whose text is published (glyphs without Unicode are removed from them).
TEXT_FIELDS = ("intitule", "pilote_brut", "colonnes_supplementaires")


def _add(fiche: dict, code: str, detail: str = "") -> None:
    if all(v["code"] != code for v in fiche["verifications"]):
        fiche["verifications"].append({"code": code, "message": REASONS[code] + (f" : {detail}" if detail else "")})


def _lines(draft: "Draft") -> Iterator["Line"]:
    return (ln for row in draft.rows for cells in row.cells.values() for cell in cells for ln in cell.lines)


def remove_unmapped(fiche: dict) -> int:
    """Glyphs without Unicode taken out of a fiche's text; how many there were."""
    count = 0
    for name in TEXT_FIELDS:
        fiche[name], n = UNMAPPED.subn("", fiche[name])
        count += n
    cleaned = [UNMAPPED.subn("", text) for text in fiche["objectifs"]]
    fiche["objectifs"] = [text for text, _ in cleaned]
    return count + sum(n for _, n in cleaned)


def interleaved(draft: "Draft") -> bool:
    """True when two successive lines of one of the fiche's cells lie closer than one line
    pitch (``cell_line_pitch_min_em``): texts of two cells at offset heights, read as one."""
    return any(offset_lines(c.lines) for row in draft.rows for cells in row.cells.values() for c in cells)


def crowding_neighbours(drafts: list["Draft"]) -> set[int]:
    """Indices of the fiches whose last line in a column and the next fiche's first lie closer
    than one line pitch: centred cells overflowing their rows into each other, a text printed
    partly under the other (and a line hidden, as a spreadsheet clips what overflows)."""
    across = {j for k, (last, _), first in _facing_lines(drafts) if offset_lines([last, first]) for j in (k, k + 1)}
    return across | _crowded_edges(drafts)


def _crowded_edges(drafts: list["Draft"]) -> set[int]:
    """Indices of the fiches whose first two lines in a column lie closer than one line pitch,
    with the fiche before, and of those whose last two do, with the fiche after: the line at the
    edge may be the neighbour's, a centred cell overflowing its row (office seed 4417: an item
    of the next fiche read as this one's last)."""
    out: set[int] = set()
    for k, draft in enumerate(drafts):
        for col in {c for row in draft.rows for c in row.cells}:
            lines = sorted((ln for cell in draft.cells(col) for ln in cell.lines if ln.x1 > ln.x0),
                           key=lambda ln: (ln.page, ln.top))
            if k > 0 and offset_lines(lines[:2]):
                out |= {k - 1, k}
            if k + 1 < len(drafts) and offset_lines(lines[-2:]):
                out |= {k, k + 1}
    return out


def _facing_lines(drafts: list["Draft"]) -> Iterator[tuple[int, tuple["Line", "Cell"], "Line"]]:
    """For each fiche ``k`` and each column it and the next fiche both fill: its last line there
    (with its cell) and the next fiche's first."""
    for k, (a, b) in enumerate(zip(drafts, drafts[1:])):
        for col in {c for row in a.rows for c in row.cells} & {c for row in b.rows for c in row.cells}:
            above = [(ln, cell) for cell in a.cells(col) for ln in cell.lines]
            below = [ln for cell in b.cells(col) for ln in cell.lines]
            if above and below:
                yield (k, max(above, key=lambda pair: (pair[0].page, pair[0].top)),
                       min(below, key=lambda ln: (ln.page, ln.top)))


def cut_sentence_neighbours(drafts: list["Draft"]) -> set[int]:
    """Indices of the fiches whose last line in a column and the next fiche's first, on one page,
    are one sentence going on: the line below opens lower-case, after a line that ends no sentence
    (``sentence_ends``), at the column's line pitch (``line_pitch_max_em``), no rule between. A cut
    there parts a cell's text between two fiches where neither a rule nor a gap does."""
    return {j for k, (last, cell), first in _facing_lines(drafts) if _sentence_goes_on(last, cell, first)
            for j in (k, k + 1)}


def _sentence_goes_on(last: "Line", cell: "Cell", first: "Line") -> bool:
    """True when ``first`` carries on the sentence of ``last``, the last line of ``cell``."""
    opening = first.text.lstrip()[:1]
    return (last.page == first.page and not cell.bottom_drawn and opening.isalpha() and opening.islower()
            and not last.text.rstrip().endswith(config.CHECKS.sentence_ends)
            and first.top - last.top <= config.CHECKS.line_pitch_max_em * last.size)


def flag_reading(fiches: list[dict], drafts: list["Draft"], doc: "Document", columns: list[int], numero_col: int) -> None:
    """Reasons a fiche's own rows show: estimated cuts, a theme carried over, glyphs, OCR, pages,
    words glued at a line end, a cell over several columns (or a mark printed after its number)."""
    median_pages = statistics.median(len(f["pages"]) for f in fiches) if fiches else 1
    filled, crowding, cut = filled_columns(drafts), crowding_neighbours(drafts), cut_sentence_neighbours(drafts)
    for k, (fiche, draft) in enumerate(zip(fiches, drafts)):
        text = [doc.lines(draft.cells(col)) for col in columns]
        glued = glued_words(doc, text)
        if glued:
            _add(fiche, "mot_recolle", ", ".join(repr(w) for w in glued[:3]))
        split = split_words(doc, text)
        if split:
            _add(fiche, "mot_separe", ", ".join(repr(w) for w in split[:3]))
        if any(wrapped_dashes(doc, lines) for lines in text):
            _add(fiche, "tiret_incertain")
        marks = [mark for lines in text for mark in wrapped_marks(doc, lines)]
        if marks:
            _add(fiche, "ponctuation_incertaine", ", ".join(repr(m) for m in marks[:3]))
        mark = number_cell(doc, draft, numero_col)[1]
        if straddling(draft, filled, doc.bounds) or mark:
            _add(fiche, "cellule_a_cheval", f"numéro suivi de la marque {mark!r}" if mark else "")
        if interleaved(draft) or k in crowding:
            _add(fiche, "lignes_entremelees")
        if any(row.estimated for row in draft.rows) or k in cut:
            _add(fiche, "decoupage_estime")
        if not draft.theme_read:
            _add(fiche, "theme_deduit")
        if draft.number_row.theme_tie:
            _add(fiche, "theme_estime")
        if draft.theme_by_number:
            _add(fiche, "theme_par_numero")
        if any(theme.estimated for theme in (draft.theme, *draft.below) if theme):
            _add(fiche, "theme_incertain")
        if remove_unmapped(fiche) or any(unmapped_glyphs(ln.text) for ln in _lines(draft)):
            _add(fiche, "glyphes_non_mappes")
        if any(ln.overprinted for ln in _lines(draft)):
            _add(fiche, "texte_superpose")
        if draft.spilled:
            _add(fiche, "texte_deborde")
        if any(ln.invisible for ln in _lines(draft)):
            _add(fiche, "texte_ocr")
        pages = len(fiche["pages"])
        if pages > config.CHECKS.usual_fiche_pages and pages > config.CHECKS.usual_fiche_pages_ratio * median_pages:
            _add(fiche, "pages_nombreuses", f"{pages} pages")
    flag_neighbours(fiches, lambda f: any(v["code"] == "texte_superpose" for v in f["verifications"]), "texte_superpose")


def flag_neighbours(fiches: list[dict], cause: Callable[[dict], bool], code: str, name_it: bool = True) -> None:
    """The fiches above and below each fiche that ``cause`` picks, not picked themselves, flagged
    ``code`` (``name_it``: saying beside which): text that ran over into a neighbour or came
    from one, a part read as a fiche of its own that may be a neighbour's rest."""
    picked = [cause(f) for f in fiches]
    for k in (k for k, p in enumerate(picked) if p):
        for j in (k - 1, k + 1):
            if 0 <= j < len(fiches) and not picked[j]:
                _add(fiches[j], code, f"à côté de la fiche {fiches[k]['numero']}" if name_it else "")


def flag_shared(fiches: list[dict], drafts: list["Draft"]) -> None:
    """Fiches reading a line that another fiche reads too (a cell spanning their rows)."""
    readers: Counter[int] = Counter(i for draft in drafts for i in {id(ln) for ln in _lines(draft)})
    for fiche, draft in zip(fiches, drafts):
        if any(readers[id(ln)] > 1 for ln in _lines(draft)):
            _add(fiche, "texte_partage")


def flag_unread(fiches: list[dict], drafts: list["Draft"], account: Account, warnings: Warnings,
                in_theme_column: Callable[[float], bool] = lambda x: False) -> None:
    """A warning per unread line, and a flag on the fiches beside it; a line in a theme column
    (the rest of a theme label) flags every fiche of the themes beside it."""
    for line in account.unread:
        near = beside(line, drafts)
        if in_theme_column(line.x0):
            themes = {(drafts[k].theme, drafts[k].below) for k in near}
            near = [k for k, d in enumerate(drafts) if (d.theme, d.below) in themes]
        for k in near:
            _add(fiches[k], "mots_non_lus", f"page {line.page}")
        numero = fiches[near[0]]["numero"] if near else None
        warnings.add("mot_non_lu", line.page, numero,
                     f"{line.words} mot{'s' if line.words > 1 else ''} non lu{'s' if line.words > 1 else ''} "
                     f"(x {line.x0:.0f}, y {line.top:.0f}) : {line.text[:80]!r}")


def read_variants(fiches: list[dict], warnings: Warnings) -> None:
    """Numbers typed in a variant form ("1,5", "l.5", "I.5" among "9.9" numbers) read as their
    plain form where the edition's pattern makes that unambiguous (the form fits it and no other
    fiche has it), and digits printed without their dots ("12" between 1.1 and 1.3, OCR) as the
    one number of the pattern they may stand for that no fiche has and that falls between the
    numbers before and after it; with a flag and a warning. The others stay as printed
    (validation quarantines those that are no number)."""
    plain = [f["numero"] for f in fiches if config.TABLE.numero_pattern.match(f["numero"])]
    pattern = numbering.edition_shape(plain, config.CHECKS.numero_shape_share)
    taken = set(plain)
    for k, fiche in enumerate(fiches):
        printed = fiche["numero"]
        if not pattern or not printed or (config.TABLE.numero_pattern.match(printed) and numbering.shape(printed) == pattern):
            continue
        candidate = numbering.plain_form(printed)
        if numbering.shape(candidate) != pattern:
            candidate = _undotted(printed, pattern, fiches[k - 1]["numero"] if k else "", fiches[k + 1:], taken)
        if config.TABLE.numero_pattern.match(candidate) and numbering.shape(candidate) == pattern and candidate not in taken:
            fiche["numero"] = candidate
            taken.add(candidate)
            _add(fiche, "numero_corrige", f"imprimé {printed!r}, lu {candidate!r}")
            warnings.add("numero_variante", fiche["pages"][0], candidate,
                         f"numéro imprimé {printed!r} lu comme {candidate!r} (modèle de l'édition {pattern!r})")


def _undotted(printed: str, pattern: str, before: str, after: list[dict], taken: set[str]) -> str:
    """The one number of ``pattern`` that digits printed without dots stand for: no fiche has it
    and it falls between the number before it and the next one of the pattern; else ``printed``."""
    following = next((f["numero"] for f in after if numbering.shape(f["numero"]) == pattern), None)
    low = numbering.key(before) if numbering.shape(before) == pattern else None
    high = numbering.key(following) if following else None
    fits = [c for c in numbering.dotted_forms(printed, pattern) if c not in taken
            and (low is None or low < numbering.key(c)) and (high is None or numbering.key(c) < high)]
    return fits[0] if len(fits) == 1 else printed


def flag_numbering(fiches: list[dict], warnings: Warnings) -> None:
    """Numbers off the edition's pattern, out of order, or followed by a gap in the series of the
    edition's pattern (a number read off it, "12" for "1.2" by OCR, opens no series of its own:
    flagged itself, it would make every number below it a gap): flags and warnings (numbers that
    are none, quarantined by validation, are left out)."""
    fiches = [f for f in fiches if config.TABLE.numero_pattern.match(f["numero"])]
    numeros = [f["numero"] for f in fiches]
    pattern = numbering.edition_shape(numeros, config.CHECKS.numero_shape_share)
    by_numero = {f["numero"]: f for f in fiches}
    for fiche in fiches:
        if pattern and numbering.shape(fiche["numero"]) != pattern:
            _add(fiche, "numero_hors_modele", f"{fiche['numero']!r}, l'édition numérote {pattern!r}")
    if numbering.numbers_carry_theme(fiches, config.CHECKS.theme_prefix_flag_share, of_read=True) \
            or numbering.prefixes_follow_themes(fiches):
        for fiche in fiches:
            prefix = numbering.theme_prefix(fiche["numero"])
            if fiche.get("enjeu") is not None and prefix and prefix != str(fiche["enjeu"]):
                _add(fiche, "numero_hors_theme", f"{fiche['numero']} lu sous le thème {fiche['enjeu']}")
    for fiche in numbering.off_sub_theme(fiches):
        _add(fiche, "numero_hors_theme", f"{fiche['numero']} lu sous le sous-thème {fiche.get('sous_enjeu') or 'aucun'}")
    for k in numbering.out_of_order(numeros):
        before = numeros[k - 1] if k else None
        _add(fiches[k], "numero_hors_sequence", f"après {before}" if before else "en tête")
        warnings.add("numero_hors_sequence", fiches[k]["pages"][0], numeros[k],
                     f"numéro {numeros[k]} hors de l'ordre de la série" + (f" (après {before})" if before else ""))
    runs: dict[tuple[str | None, str], list[str]] = {}  # the numbers absent after each printed one (or opening a series)
    for missing, before in numbering.gap_neighbours([n for n in numeros if not pattern or numbering.shape(n) == pattern]):
        runs.setdefault((before, numbering.series(missing)), []).append(missing)
    for (before, _), absent in runs.items():
        said = f"{absent[0]} absent" if len(absent) == 1 else f"{absent[0]} à {absent[-1]} absents ({len(absent)} numéros)"
        if before:
            _add(by_numero[before], "numero_suivant_absent", said)
        warnings.add("numero_manquant", by_numero[before]["pages"][-1] if before else None, before,
                     f"{before} puis la suite : {said}" if before else said)


def annex_warnings(fiches: list[dict], account: Account, warnings: Warnings) -> None:
    """A warning naming the fiche numbers an annex prints (were it the table, they are missing)."""
    if not account.annex_numbers or not fiches:
        return
    numbers = account.annex_numbers
    shown = ", ".join(numbers[:8]) + (" …" if len(numbers) > 8 else "")
    warnings.add("annexe_numerotee", fiches[-1]["pages"][-1], fiches[-1]["numero"],
                 f"{len(numbers)} lignes numérotées après le tableau ({shown}) lues comme annexe : "
                 "leurs colonnes ne sont pas celles des fiches")


def glyph_warnings(doc: "Document", warnings: Warnings) -> None:
    """One warning naming the pages and fonts whose glyphs have no Unicode mapping."""
    pages = [page.number for page in doc.pages if page.fonts_unmapped]
    if not pages:
        return
    fonts = sorted({font for page in doc.pages for font in page.fonts_unmapped})
    warnings.add("glyphes_non_mappes", pages[0], None,
                 f"caractères sans correspondance Unicode pages {', '.join(map(str, pages))} "
                 f"(polices {', '.join(fonts)}) : réexportez le PDF en incorporant les polices avec leur table Unicode")


def ocr_warning(doc: "Document", warnings: Warnings) -> None:
    """One warning naming the pages whose text is an OCR layer (invisible text over a page's
    image): its numbers and words may be misread, and fiches lost."""
    pages = [page.number for page in doc.pages if any(ln.invisible for c in page.cells for ln in c.lines)]
    if pages:
        warnings.add("texte_ocr", pages[0], None,
                     f"texte issu d'une reconnaissance de caractères (OCR) pages {', '.join(map(str, pages))} : "
                     "numéros et mots peuvent être mal lus et des fiches manquer ; vérifiez-les contre le PDF")


def flag_marks(fiches: list[dict], drafts: list["Draft"], doc: "Document", mark_col: int | None) -> None:
    """Flag a fiche whose call-for-projects cell holds an unknown mark that is not the column's
    own (a page number run into the cell, a stray word): it is read as yes. A sign the column
    prints in most of its marked cells (``own_mark_share``) (a check mark from a symbol font) is its own."""
    if mark_col is None:
        return
    marks = [doc.flow(draft.cells(mark_col)).strip() for draft in drafts]
    counts = Counter(fold(m) for m in marks if m)
    own = {m for m, n in counts.items() if n > 1 and n >= config.CELL_TEXT.own_mark_share * sum(counts.values())}
    for fiche, mark in zip(fiches, marks):
        if mark and not known_mark(mark) and fold(mark) not in own:
            _add(fiche, "marque_inconnue", repr(mark))


def verify(fiches: list[dict], drafts: list["Draft"], doc: "Document", cols: "Columns", account: Account,
           warnings: Warnings) -> None:
    """Fill each fiche's ``verifications`` and ``a_verifier``, with the warnings saying why
    (``cols``: the text columns read, the call-for-projects one, the roles chosen by a near tie,
    the theme columns, the extra columns holding theme labels)."""
    flag_reading(fiches, drafts, doc, cols.text_cols, cols.roles["numero"])
    for fiche in fiches if cols.tied else ():
        _add(fiche, "colonne_incertaine", ", ".join(cols.tied))
    for fiche in fiches if cols.labelled else ():
        _add(fiche, "colonne_de_themes", ", ".join(f"colonne {c + 1}" for c in cols.labelled))
    for fiche in fiches if cols.merged else ():
        _add(fiche, "en_tetes_fusionnes", ", ".join(repr(cols.headers.get(c, "")) for c in cols.merged))
    numero_col = cols.roles["numero"]
    for k in off_centre(drafts, numero_col, cols.text_cols) | overhanging(drafts, numero_col, cols.text_cols):
        _add(fiches[k], "cellule_decentree")
    flag_neighbours(fiches, lambda f: any(v["code"] == "cellule_decentree" for v in f["verifications"]), "cellule_decentree")
    for k in empty_usual_cells(drafts, cols.core_cols):
        _add(fiches[k], "cellule_vide")
    for role, col in idle_roles(fiches, drafts, cols):
        for fiche in fiches:
            _add(fiche, "colonne_vide", f"{role}, colonne {col + 1} remplie")
    flag_marks(fiches, drafts, doc, cols.roles.get("appel_a_projets"))
    flag_shared(fiches, drafts)
    # whether a numberless part is a fiche with a blank number cell, only a capital letter decided
    flag_neighbours(fiches, lambda f: not f["numero"], "voisine_sans_numero", name_it=False)
    flag_unread(fiches, drafts, account, warnings,
                lambda x: any(doc.bounds[c] <= x < doc.bounds[c + 1] for c in cols.theme_cols))
    read_variants(fiches, warnings)
    flag_numbering(fiches, warnings)
    glyph_warnings(doc, warnings)
    ocr_warning(doc, warnings)
    annex_warnings(fiches, account, warnings)
    for fiche in fiches:
        fiche["a_verifier"] = bool(fiche["verifications"])
