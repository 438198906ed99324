"""Theme labels: parsing the theme word, number and separator; rebuilding rotated labels."""

from __future__ import annotations

import pytest

from pipeline.geometry import Word
from pipeline.themes import parse_theme, rejoin, rotated_labels


@pytest.mark.parametrize("text, numero, libelle", [
    ("ENJEU 3 : Renforcer le soutien", 3, "Renforcer le soutien"),
    ("AXE 2 – Cadre de vie", 2, "Cadre de vie"),
    ("Axe II. Emploi et développement", 2, "Emploi et développement"),
    ("Thème 12 - Santé", 12, "Santé"),
    ("Orientation stratégique 4 : Habitat", 4, "Habitat"),
    ("ENJEU 1 ORGANISER LA MIXITE", 1, "ORGANISER LA MIXITE"),
    ("Axe stratégique n°2 : Emploi", 2, "Emploi"),
    ("AXE N° 3 : EMPLOI", 3, "EMPLOI"),
])
def test_theme_labels_are_parsed(text, numero, libelle):
    theme = parse_theme(text)
    assert theme is not None and (theme.numero, theme.libelle) == (numero, libelle)


@pytest.mark.parametrize("text", ["Phase 1 identification des partenaires", "Pilotage et animation", "1.1", ""])
def test_prose_is_not_a_theme(text):
    assert parse_theme(text) is None


def _rotated_line(text: str, x: float, centre: float, size: float = 9.0) -> list[Word]:
    """Words of one line of text running up the page, centred on ``centre``."""
    advance, space = size * 0.55, size * 0.28
    length = sum(advance * len(t) for t in text.split(" ")) + space * text.count(" ")
    bottom = centre + length / 2
    words = []
    for token in text.split(" "):
        words.append(Word(x, bottom - advance * len(token), x + size, bottom, token, "btt", size))
        bottom -= advance * len(token) + space
    return words


def test_rotated_labels_sharing_baselines_are_told_apart():
    # Two merged cells one above the other: each label centred on its cell, drawn on the same
    # baseline, with the second one's second line between them.
    words = (_rotated_line("ENJEU 7 : ELABORER UN", 10, 150) + _rotated_line("PROJET URBAIN", 20, 150)
             + _rotated_line("ENJEU 9 : RENOVER LES", 10, 400) + _rotated_line("DEMARCHES", 20, 400))
    labels = sorted(rotated_labels(words), key=lambda label: label.cy)
    assert [parse_theme(label.text).numero for label in labels] == [7, 9]
    assert labels[0].text == "ENJEU 7 : ELABORER UN PROJET URBAIN"
    assert abs(labels[0].cy - 150) < 1 and abs(labels[1].cy - 400) < 1


def test_label_running_past_the_page_keeps_its_true_centre():
    words = _rotated_line("ENJEU 2 : FAVORISER LA REUSSITE EDUCATIVE ET SCOLAIRE POUR TOUS", 30, -200)
    (label,) = rotated_labels(words)
    assert parse_theme(label.text).numero == 2 and label.cy < 0


def test_word_cut_across_label_lines_is_made_whole_when_the_document_prints_it():
    words = (_rotated_line("ENJEU 11 : PREVENTION DE LA", 10, 300) + _rotated_line("DELINQUANC", 20, 300)
             + _rotated_line("E", 30, 300))
    (label,) = rotated_labels(words)
    assert label.text == "ENJEU 11 : PREVENTION DE LA DELINQUANC E"
    printed = {"prevention", "de", "la", "delinquance"}
    assert rejoin(label, printed, whole=set()).text == "ENJEU 11 : PREVENTION DE LA DELINQUANCE"
    assert rejoin(label, {"prevention", "de", "e"}, whole=set()).text == label.text  # the document never says
    # A lone letter that the cells never print alone ends a cut word, whatever they print.
    assert rejoin(label, {"prevention", "de"}, whole=set()).text == "ENJEU 11 : PREVENTION DE LA DELINQUANCE"
    assert rejoin(label, printed, whole={"e"}).text == "ENJEU 11 : PREVENTION DE LA DELINQUANCE"  # a lone letter
    assert rejoin(label, printed, whole={"delinquanc"}).text == label.text  # a piece printed as a word
