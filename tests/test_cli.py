"""The command line: stages run alone on interim files, the summary line, progress."""

from __future__ import annotations

import io

import pandas as pd

from pipeline.cli import Progress, main
from pipeline.errors import EXIT_USAGE
from tests.conftest import EDITIONS

WORD_PDF = EDITIONS["montpellier-2020-word"][0]


def test_stages_run_alone_through_interim_files(tmp_path, capsys):
    interim = tmp_path / "interim" / "ed"
    assert main(["extract", str(WORD_PDF), "--out", str(interim / "cells.parquet")]) == 0
    cells = pd.read_parquet(interim / "cells.parquet")
    assert {"word", "cell"} == set(cells["kind"]) and cells["page"].max() == 13

    assert main(["repair", str(interim / "cells.parquet"), "--out", str(interim / "fiches.parquet")]) == 0
    fiches = pd.read_parquet(interim / "fiches.parquet")
    assert len(fiches) == 69 and (fiches["edition"] == "ed").all()
    assert (interim / "avertissements.parquet").exists()

    out = tmp_path / "processed"
    assert main(["publish", str(interim / "fiches.parquet"), "--source", str(WORD_PDF), "--out", str(out)]) == 0
    assert (out / "ed" / "datapackage.json").exists() and (out / "all" / "fiches" / "ed").is_dir()
    err = capsys.readouterr().err
    assert "ed: 69 fiches, 11 enjeux, 13 pages, 0 warnings" in err


def test_run_names_the_edition_and_prints_one_summary_line(tmp_path, capsys):
    assert main(["run", str(WORD_PDF), "--out", str(tmp_path), "--edition", "cdv-2020"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["cdv-2020: 69 fiches, 11 enjeux, 13 pages, 0 warnings"]
    assert pd.read_parquet(tmp_path / "cdv-2020" / "fiches.parquet")["edition"].unique().tolist() == ["cdv-2020"]


def test_edition_option_takes_a_single_pdf(tmp_path, capsys):
    assert main(["run", str(WORD_PDF), str(WORD_PDF), "--out", str(tmp_path), "--edition", "x"]) == EXIT_USAGE


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_progress_every_page_on_a_terminal_and_every_tenth_in_a_log():
    tty, log = _Stream(True), _Stream(False)
    for page in range(1, 101):
        Progress("ed", tty)(page, 100)
        Progress("ed", log)(page, 100)
    assert tty.getvalue().count("\r") == 100 and tty.getvalue().endswith("ed: page 100/100\n")
    assert log.getvalue().splitlines() == [f"ed: page {n}/100" for n in range(10, 101, 10)]
    short = _Stream(False)
    Progress("ed", short)(3, 11)
    assert short.getvalue() == ""
