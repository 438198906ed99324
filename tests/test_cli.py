"""The command line: stages run alone on interim files, the summary line, progress."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from pipeline import console
from pipeline.cli import main
from pipeline.console import Progress
from pipeline.errors import EXIT_USAGE
from tests.conftest import EDITIONS

WORD_PDF = EDITIONS["montpellier-2020-word"][0]
TERRITORY = WORD_PDF.parent / "montpellier.territoire.toml"


def test_stages_run_alone_through_interim_files(tmp_path, capsys):
    interim = tmp_path / "interim" / "ed"
    assert main(["extract", str(WORD_PDF), "--out", str(interim / "cells.parquet")]) == 0
    cells = pd.read_parquet(interim / "cells.parquet")
    assert {"word", "cell", "shade"} == set(cells["kind"]) and cells["page"].max() == 13

    capsys.readouterr()
    assert main(["repair", str(interim / "cells.parquet"), "--out", str(interim / "fiches.parquet")]) == 0
    assert capsys.readouterr().err == ""  # the summary is publish's: under make it would come twice
    fiches = pd.read_parquet(interim / "fiches.parquet")
    assert len(fiches) == 69 and (fiches["edition"] == "ed").all()
    assert (interim / "avertissements.parquet").exists()

    out = tmp_path / "processed"
    assert main(["publish", str(interim / "fiches.parquet"), "--source", str(WORD_PDF), "--out", str(out),
                 "--territoire", str(TERRITORY)]) == 0
    assert (out / "ed" / "datapackage.json").exists() and (out / "all" / "fiches" / "ed").is_dir()
    err = capsys.readouterr().err
    assert "ed: 69 fiches, 11 enjeux, 13 pages, 0 mot non lu, 0 fiche à vérifier, 0 avertissement" in err


def test_run_names_the_edition_and_prints_one_summary_line(tmp_path, capsys):
    assert main(["run", str(WORD_PDF), "--out", str(tmp_path), "--edition", "cdv-2020", "--territoire", str(TERRITORY)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["cdv-2020: 69 fiches, 11 enjeux, 13 pages, 0 mot non lu, 0 fiche à vérifier, 0 avertissement"]
    assert pd.read_parquet(tmp_path / "cdv-2020" / "fiches.parquet")["edition"].unique().tolist() == ["cdv-2020"]


def test_edition_option_takes_a_single_pdf(tmp_path, capsys):
    assert main(["run", str(WORD_PDF), str(WORD_PDF), "--out", str(tmp_path), "--edition", "x"]) == EXIT_USAGE


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_progress_every_page_on_a_terminal_and_every_tenth_in_a_log(monkeypatch):
    monkeypatch.setattr(console, "level", console.NORMAL)
    tty, log, parallel = _Stream(True), _Stream(False), _Stream(True)
    progress = [Progress("ed", tty), Progress("ed", log), Progress("ed", parallel, live=False)]
    for page in range(1, 101):
        for p in progress:
            p(page, 100)
    assert tty.getvalue().count("\r") == 100 and tty.getvalue().endswith("ed: page 100/100\x1b[K\ned: lecture du tableau…\n")
    lines = log.getvalue().splitlines()
    assert [line.split(",")[0] for line in lines[:-1]] == [f"ed: page {n}/100" for n in range(10, 101, 10)]
    assert all(", reste environ " in line for line in lines[:9]) and lines[-1] == "ed: lecture du tableau…"
    assert parallel.getvalue() == log.getvalue()  # several editions at once: whole lines, never "\r"
    short = _Stream(False)
    Progress("ed", short)(3, 11)
    assert short.getvalue() == ""


def test_a_warning_never_glues_onto_a_progress_line(monkeypatch):
    monkeypatch.setattr(console, "level", console.NORMAL)
    tty = _Stream(True)
    Progress("ed", tty)(21, 621)
    console.say("avertissement : ed: page 21 : x", stream=tty)
    assert tty.getvalue().endswith("\x1b[K\navertissement : ed: page 21 : x\n")


def test_quiet_prints_errors_only_and_verbose_the_details(tmp_path, capsys):
    assert main(["run", str(WORD_PDF), "--out", str(tmp_path), "-q"]) == 0
    assert capsys.readouterr().err == ""
    interim = tmp_path / "ed"
    assert main(["extract", str(WORD_PDF), "--out", str(interim / "cells.parquet"), "-q"]) == 0
    assert main(["repair", str(interim / "cells.parquet"), "--out", str(interim / "fiches.parquet"), "-v"]) == 0
    assert capsys.readouterr().err.splitlines() == [f"ed: 69 fiches lues -> {interim / 'fiches.parquet'}"]
    assert main(["run", str(tmp_path / "absent.pdf"), "--out", str(tmp_path), "-q"]) == 2
    assert capsys.readouterr().err.startswith("erreur : ")


def test_plurals_follow_french():
    assert console.plural(0, "fiche") == "0 fiche" and console.plural(1, "enjeu", "enjeux") == "1 enjeu"
    assert console.plural(2, "enjeu", "enjeux") == "2 enjeux"
    assert console.duration(45) == "45 s" and console.duration(185) == "3 min 05 s"
    assert console.duration(3720) == "1 h 02 min"


def test_version_names_the_program_and_the_pdf_libraries(capsys):
    import pdfplumber

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("contrat-de-ville 0.1.0 (pdfplumber ") and pdfplumber.__version__ in out
    assert "pdfminer.six 20" in out


def test_help_describes_gives_examples_and_exit_codes_in_french(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert text.startswith("utilisation : contrat-de-ville") and "exemples :" in text and "codes de sortie :" in text
    for english in ("usage:", "show this help", "positional arguments", "``"):
        assert english not in text
    for command in ("run", "extract", "repair", "publish", "diff", "sources", "schemas"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        assert "affiche cette aide et quitte" in text and "help" not in text.replace("--help", "")


def test_every_argument_has_a_help_text():
    import argparse

    from pipeline.cli import parser

    commands = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        for action in command._actions:
            assert action.help, (name, action.dest)


def test_the_run_path_imports_no_pandas_and_help_nothing_heavy(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    def imported(*args: str) -> set[str]:
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", *args],
                              capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr[-500:]
        return {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}

    run = imported("run", str(WORD_PDF), "--out", str(tmp_path), "-q")
    assert "pdfplumber" in run and "pyarrow" in run and "pandas" not in run
    assert not {"pdfplumber", "pyarrow", "pydantic", "pandas", "rapidfuzz"} & imported("--help")


def test_pandas_still_imports_after_it_was_kept_out():
    import subprocess
    import sys

    code = ("from pipeline.cli import keep_pandas_out; keep_pandas_out(); import pandas, pyarrow as pa; "
            "print(pa.table({'a': [1]}).to_pandas()['a'].sum(), pandas.__version__ != '0')")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() == [
        "1", "True"]
