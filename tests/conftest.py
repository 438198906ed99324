"""Shared fixtures: the two shared editions, processed once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.text import collapse  # noqa: F401  (text is compared after collapsing whitespace)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: The shared editions: (PDF, expected records). The spreadsheet print ships in raw/.
EDITIONS = {
    "montpellier-2020": (ROOT / "raw" / "montpellier-2020.pdf", FIXTURES / "montpellier-2020.expected.json"),
    "montpellier-2020-word": (FIXTURES / "montpellier-2020-word.pdf", FIXTURES / "montpellier-2020-word.expected.json"),
}


@pytest.fixture(scope="session")
def repaired():
    """edition -> (fragments, fiches, warnings) for both shared PDFs."""
    from pipeline.extract import extract
    from pipeline.repair import repair

    out = {}
    for edition, (pdf, _) in EDITIONS.items():
        fragments = extract(pdf)
        fiches, warnings, _ = repair(fragments, edition)[:3]
        out[edition] = (fragments, fiches, warnings)
    return out


@pytest.fixture(scope="session")
def expected():
    return {edition: json.loads(path.read_text(encoding="utf-8")) for edition, (_, path) in EDITIONS.items()}


@pytest.fixture(scope="session")
def published(repaired, tmp_path_factory):
    """processed/ for both shared editions, written by the publish stage: the output folder."""
    from pipeline.edition import publish_edition
    from pipeline.files import REFERENTIAL

    out = tmp_path_factory.mktemp("processed")
    for edition, (pdf, _) in EDITIONS.items():
        _, fiches, warnings = repaired[edition]
        assert publish_edition(fiches, warnings, edition, pdf, out, REFERENTIAL) == 0
    return out
