"""Golden end-to-end tests: every fiche of both shared editions, field by field."""

from __future__ import annotations

import pytest

from tests.conftest import EDITIONS, collapse

FIELDS = ["numero", "enjeu", "enjeu_libelle", "intitule", "objectifs", "objectifs_niveaux",
          "appel_a_projets", "pilote_brut"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_same_fiches_in_same_order(repaired, expected, edition):
    _, fiches, _ = repaired[edition]
    assert [f["numero"] for f in fiches] == [e["numero"] for e in expected[edition]]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("field", FIELDS)
def test_field_matches_expected(repaired, expected, edition, field):
    _, fiches, _ = repaired[edition]
    got = {f["numero"]: f for f in fiches}
    mismatches = [
        (e["numero"], collapse(e[field]), collapse(got[e["numero"]][field]))
        for e in expected[edition]
        if e["numero"] in got and collapse(got[e["numero"]][field]) != collapse(e[field])
    ]
    assert not mismatches, f"{len(mismatches)} fiches differ on {field}: {mismatches[:3]}"


def test_residue_is_reported_with_page_and_fiche(repaired):
    _, fiches, warnings = repaired["montpellier-2020"]
    residue = [w for w in warnings if "résidu de tableur" in w["message"]]
    assert [(w["page"], w["numero"]) for w in residue] == [(4, "2.8")]
    assert not any("F28" in item for f in fiches for item in f["objectifs"])


@pytest.mark.parametrize("edition", EDITIONS)
def test_pages_and_provenance_point_into_the_pdf(repaired, edition):
    import json

    fragments, fiches, _ = repaired[edition]
    n_pages = int(fragments["page"].max())
    for fiche in fiches:
        assert fiche["pages"] and all(1 <= p <= n_pages for p in fiche["pages"])
        cells = json.loads(fiche["provenance"])
        assert {p for box in cells["numero"] for p in box[:1]} <= set(fiche["pages"])
        assert cells["objectifs"], fiche["numero"]


def test_fiche_split_by_page_break_is_merged(repaired):
    """In the word-processor edition fiche 1.5 runs from page 1 onto page 2."""
    _, fiches, _ = repaired["montpellier-2020-word"]
    split = [f for f in fiches if len(f["pages"]) > 1]
    assert split and all(f["pages"] == list(range(f["pages"][0], f["pages"][-1] + 1)) for f in split)


@pytest.mark.parametrize("edition", EDITIONS)
def test_text_outside_the_table_is_kept_and_flagged(repaired, edition):
    fragments, _, _ = repaired[edition]
    words = fragments[fragments["kind"] == "word"]
    assert (~words["in_table"]).any()
    assert words["text"].str.len().min() > 0
