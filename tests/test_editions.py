"""Edition names: slugs of file names, and the names that are refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.editions import edition_problem, slug, sources

#: Frictionless' package name pattern: a valid edition always gives a valid datapackage.json.
PACKAGE_NAME = re.compile(r"^([-a-z0-9._/])+$")


@pytest.mark.parametrize("name, expected", [
    ("Contrat de ville Béziers 2024", "contrat-de-ville-beziers-2024"),
    ("montpellier-2020", "montpellier-2020"),
    ("-tiret", "tiret"),
    ("Œuvre  sociale – Saint-Étienne", "oeuvre-sociale-saint-etienne"),
    ("v1.2 (final)", "v1.2-final"),
    ("a - .b", "a.b"),
    ("..", ""),
    (".", ""),
    ("all", "all"),
    ("2024", "2024"),
    ("../../repo", "repo"),
    ("a/b", "a-b"),
    ("Contrat.de.ville..2024.", "contrat.de.ville.2024"),
])
def test_slug_of_a_file_name(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize("name", ["", ".", "..", "../x", "/abs/path", "a/b", "all", "diff", ".hidden", "Majuscule",
                                  "avec espace", "a..b", "-x", "x-", "é", "a" * 101])
def test_hostile_or_reserved_names_are_refused(name):
    assert edition_problem(name)


@given(st.text(max_size=120))
def test_every_slug_is_safe_or_empty(name):
    s = slug(name)
    if s:
        assert PACKAGE_NAME.match(f"contrat-de-ville-{s}")
        assert "/" not in s and not s.startswith(".") and ".." not in s
        assert edition_problem(s) is None or s in ("all", "diff")
        assert slug(s) == s  # a slug is its own slug


def test_sources_of_a_raw_folder(tmp_path):
    for name in ("Contrat de ville Béziers 2024.pdf", "-tiret.PDF", "all.pdf", "ALL.pdf", "contrat-de-ville-beziers-2024.pdf",
                 "notes.txt"):
        (tmp_path / name).write_bytes(b"%PDF-1.4\n")
    (tmp_path / "dossier.pdf").mkdir()
    found, problems = sources(tmp_path)
    assert found == {"contrat-de-ville-beziers-2024": tmp_path / "Contrat de ville Béziers 2024.pdf",
                     "tiret": tmp_path / "-tiret.PDF"}
    assert sorted(p.name for p, _ in problems) == ["ALL.pdf", "all.pdf", "contrat-de-ville-beziers-2024.pdf"]
    assert all(why for _, why in problems)
