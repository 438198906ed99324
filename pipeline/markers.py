"""Small shapes drawn on a page -> the list markers they stand for, as words: a browser draws a
list's bullets as paths, not characters."""

from __future__ import annotations

from typing import NamedTuple

from pipeline import config
from pipeline.geometry import Word
from pipeline.layout import Grid


class Shape(NamedTuple):
    """A small path of the page (top-left origin): perhaps a list marker drawn, not typed."""

    x0: float
    top: float
    x1: float
    bottom: float
    filled: bool
    round: bool


def marker_words(shapes: list[Shape], words: list[dict], grid: Grid | None) -> list[dict]:
    """The small shapes that stand where a list marker would, as the marker's character: a
    filled disc or square "•" or "▪", a stroked one "◦" (the level its indent gives decides).
    A marker opens its line: no text before it in the cell of the word it marks, nor within
    reach without a grid; or it stands where markers opening their lines stand (a list's
    markers in one column: the first item of a cell the page's gutters did not part from the
    cell before it, "Oui  • Temporairement")."""
    lines = [w for w in words if w["direction"] == "ltr"]
    found = [(shape, *marked) for shape in shapes if (marked := _marked_word(shape, lines, grid))]
    opening = [shape.x0 for shape, _, alone in found if alone]
    snap = config.EXTRACT.rule_snap
    return [{**word, "x0": shape.x0, "x1": shape.x1, "text": ("•" if shape.round else "▪") if shape.filled else "◦",
             "first_char_width": shape.x1 - shape.x0, "bold": False, "word_x": (word["x0"] + word["x1"]) / 2}
            for shape, word, alone in found if alone or any(abs(shape.x0 - x) <= snap for x in opening)]


def _marked_word(shape: Shape, lines: list[dict], grid: Grid | None) -> tuple[dict, bool] | None:
    """The word a shape marks (the first after it on its line, within reach, the shape a
    marker's size for its font), and whether the shape opens its line; None for no marker."""
    centre = (shape.top + shape.bottom) / 2
    on_line = [w for w in lines if w["top"] <= centre <= w["bottom"]]
    after = [w for w in on_line if w["x0"] >= shape.x1 - 0.5]
    if not after:
        return None
    word = min(after, key=lambda w: w["x0"])
    size, reach = word["size"], config.EXTRACT.marker_shape_gap_em * word["size"]
    low, high = config.EXTRACT.marker_shape_em
    if not low * size <= max(shape.x1 - shape.x0, shape.bottom - shape.top) <= high * size or word["x0"] - shape.x1 > reach:
        return None
    cell = grid.cell_at((word["x0"] + word["x1"]) / 2, centre) if grid else None
    before = [w for w in on_line if w["x1"] <= shape.x0 + 0.5]
    if cell is not None and grid is not None:  # the marker may stand in the gutter before its cell
        return word, not any(grid.cell_at((w["x0"] + w["x1"]) / 2, centre) is cell for w in before)
    return word, not any(w["x1"] >= shape.x0 - reach for w in before)


def across_border(marker: dict, grid: Grid) -> bool:
    """True when a marker stands in another cell than the word it marks (the gutter the text
    alone shows lies between them)."""
    middle = (marker["top"] + marker["bottom"]) / 2
    return grid.cell_at((marker["x0"] + marker["x1"]) / 2, middle) is not grid.cell_at(marker["word_x"], middle)


def grid_words(words: list[dict]) -> list[Word]:
    """Word records as the grid builder reads them."""
    return [Word(w["x0"], w["top"], w["x1"], w["bottom"], w["text"], w["direction"], w["size"],
                 bold=w["bold"], space=w["space_width"]) for w in words]
