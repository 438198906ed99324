"""make all on a raw/ folder with awkward file names, and after a PDF leaves raw/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import EDITIONS, ROOT

pytestmark = pytest.mark.slow

WORD_PDF = EDITIONS["montpellier-2020-word"][0]


def make_all(project: Path) -> subprocess.CompletedProcess:
    """`make all` in a project folder that shares this checkout's code and virtual environment."""
    venv = Path(sys.executable).parent.parent
    return subprocess.run(["make", "--no-print-directory", "all", f"VENV={venv}", f"PY={sys.executable}"],
                          cwd=project, capture_output=True, text=True, timeout=600)


def test_make_all_takes_any_file_name_and_follows_raw(tmp_path):
    project = tmp_path / "projet"
    (project / "raw").mkdir(parents=True)
    for name in ("Makefile", "pipeline", "pyproject.toml"):
        os.symlink(ROOT / name, project / name)
    shutil.copy(WORD_PDF, project / "raw" / "Contrat de ville Béziers 2024.pdf")
    shutil.copy(WORD_PDF, project / "raw" / "-tiret.PDF")
    shutil.copy(WORD_PDF, project / "raw" / "all.pdf")

    first = make_all(project)
    assert first.returncode != 0  # all.pdf is refused, and make says so at the end
    assert "erreur : raw/all.pdf: le nom d'édition 'all' est réservé" in first.stderr
    processed = project / "processed"
    assert (processed / "contrat-de-ville-beziers-2024" / "fiches.parquet").exists()
    assert (processed / "tiret" / "fiches.parquet").exists()
    assert sorted(pd.read_parquet(processed / "all" / "fiches")["edition"].unique()) == [
        "contrat-de-ville-beziers-2024", "tiret"]
    assert sorted(os.listdir(project / "raw")) == ["-tiret.PDF", "Contrat de ville Béziers 2024.pdf", "all.pdf"]

    (project / "raw" / "-tiret.PDF").unlink()
    (project / "raw" / "all.pdf").unlink()
    second = make_all(project)
    assert second.returncode == 0, second.stderr
    assert "tiret : édition retirée de processed (son PDF n'est plus dans raw)" in second.stderr
    assert not (processed / "tiret").exists() and not (project / "interim" / "tiret").exists()
    assert pd.read_parquet(processed / "all" / "fiches")["edition"].unique().tolist() == ["contrat-de-ville-beziers-2024"]
    assert "extract" not in second.stdout  # the remaining edition was not rebuilt

    territory = project / "raw" / "Contrat de ville Béziers 2024.territoire.toml"
    territory.write_text('departement = "34"\n[[communes]]\nnom = "Béziers"\ncode_insee = "34032"\n', encoding="utf-8")
    third = make_all(project)
    assert third.returncode == 0, third.stderr
    assert "publish" in third.stdout and "extract" not in third.stdout  # only republished for its territory
    assert "territoire déduit" not in third.stderr
    actors = pd.read_parquet(processed / "contrat-de-ville-beziers-2024" / "acteurs.parquet")
    assert actors.set_index("id").loc["ville-34-beziers", "code_insee"] == "34032"
    pilots = pd.read_parquet(processed / "contrat-de-ville-beziers-2024" / "pilotes.parquet")
    by_mention = pilots.groupby("mention")["acteur_id"].agg(lambda ids: set(ids.dropna()))
    assert by_mention["Ville"] == {"ville-34-beziers"} and by_mention["ville de Montpellier"] == {"ville"}
    assert by_mention["Métropole"] == set()  # the file names no EPCI: the generic name stays unknown
