"""The control page: every fiche has a box on a page image that exists, flagged fiches are
outlined, unread words are drawn in red, and the page needs no server (relative paths only)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from pipeline.controle import index_html
from tests.conftest import EDITIONS


class Boxes(HTMLParser):
    """The page sections of a control page, with their image and the boxes drawn on them."""

    def __init__(self):
        super().__init__()
        self.pages: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.pages.append({"image": None, "boxes": [], "parts": []})
        elif tag == "img" and self.pages:
            self.pages[-1]["image"] = attrs["src"]
        elif tag == "a" and "box" in attrs.get("class", "").split():
            self.pages[-1]["boxes"].append(attrs)
        elif tag == "div" and "part" in attrs.get("class", "").split():
            self.pages[-1]["parts"].append(attrs)


def parsed(text: str) -> Boxes:
    boxes = Boxes()
    boxes.feed(text)
    return boxes


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_fiche_has_a_box_on_a_page_image_that_exists(published, repaired, edition):
    folder = published / edition / "controle"
    page = parsed((folder / "index.html").read_text(encoding="utf-8"))
    _, fiches, _ = repaired[edition]
    assert all(p["image"] and not p["image"].startswith(("/", "http")) and (folder / p["image"]).is_file()
               for p in page.pages)
    numbers = {box["data-numero"] for p in page.pages for box in p["boxes"]}
    assert numbers == {f["numero"] for f in fiches}
    fields = {re.sub(r" a-verifier$", "", box["class"]).split()[1] for p in page.pages for box in p["boxes"]}
    assert {"numero", "intitule", "objectifs", "pilote"} <= fields
    assert "controle/index.html" in (published / edition / "rapport.md").read_text(encoding="utf-8")


def test_flagged_fiches_and_unread_words_are_drawn(repaired):
    _, fiches, _ = repaired["montpellier-2020"]
    fiches = [dict(f) for f in fiches]
    fiches[5] = {**fiches[5], "a_verifier": True, "verifications": [{"code": "mots_non_lus", "message": "m"}]}
    zone = {"edition": "e", "page": fiches[5]["pages"][0], "partie": "non_lu", "x0": 10.0, "top": 10.0, "x1": 50.0,
            "bottom": 20.0, "texte": "égaré"}
    images = {p: (f"page-{p:04d}.jpg", (842.0, 595.0)) for f in fiches for p in f["pages"]}
    page = parsed(index_html("e", fiches, [zone], images))
    flagged = {b["data-numero"] for p in page.pages for b in p["boxes"] if "a-verifier" in b["class"]}
    assert flagged == {fiches[5]["numero"]}
    (red,) = [z for p in page.pages for z in p["parts"] if "non_lu" in z["class"]]
    assert "égaré" in red["title"] and "left:1.19%" in red["style"]
