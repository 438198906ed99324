"""Every class of user error: one line, never a traceback, its own exit code, earlier outputs intact."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline import edition, publication
from pipeline.cli import main
from pipeline.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OUTPUT, EXIT_USAGE
from tests.conftest import EDITIONS, ROOT

PDF = EDITIONS["montpellier-2020-word"][0]


def lines_of(capsys) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


@pytest.mark.parametrize("argv", [["run"], ["run", str(PDF)], ["frobnicate"], ["run", str(PDF), "--out", "o", "--jobs", "x"],
                                  ["diff", "a"], []])
def test_usage_errors_exit_64_with_one_line(argv, capsys):
    assert main(argv) == EXIT_USAGE
    (line,) = lines_of(capsys)
    assert line.startswith("erreur : ") and "--help" in line


def test_help_lists_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["run", "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    for code in ("0", "2", "3", "4", "64", "70", "73", "130"):
        assert f"\n  {code} " in text


@pytest.fixture
def published(tmp_path):
    """An output folder with one edition published, and what it held."""
    out = tmp_path / "processed"
    assert main(["run", str(PDF), "--out", str(out), "--edition", "ed"]) == 0
    return out, (out / "ed" / "fiches.csv").read_bytes()


def test_out_naming_a_file_is_refused_before_extraction(tmp_path, capsys):
    target = tmp_path / "processed"
    target.write_text("a file", encoding="utf-8")
    assert main(["run", str(PDF), "--out", str(target)]) == EXIT_OUTPUT
    (line,) = lines_of(capsys)  # no progress line: refused before the extraction
    assert line == f"erreur : {target}: --out désigne un fichier, pas un dossier ; donnez un dossier avec --out"
    assert target.read_text(encoding="utf-8") == "a file"


@contextmanager
def immutable(folder: Path):
    """A folder nobody, root included, can write into (ext4's immutable attribute)."""
    subprocess.run(["chattr", "+i", str(folder)], check=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_read_only_out_is_refused_before_extraction(published, capsys):
    out, before = published
    lines_of(capsys)
    with immutable(out):
        assert main(["run", str(PDF), "--out", str(out), "--edition", "ed"]) == EXIT_OUTPUT
    (line,) = lines_of(capsys)
    assert line.startswith(f"erreur : {out}: impossible d'écrire la sortie (") and "--out" in line
    assert (out / "ed" / "fiches.csv").read_bytes() == before


def test_a_disk_without_room_is_refused_before_extraction(published, monkeypatch, capsys):
    out, before = published
    lines_of(capsys)
    monkeypatch.setattr(publication.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**9, 10**9 - 1000, 1000))
    assert main(["run", str(PDF), "--out", str(out), "--edition", "ed"]) == EXIT_OUTPUT
    (line,) = lines_of(capsys)
    assert "impossible d'écrire la sortie (le disque est plein)" in line
    assert (out / "ed" / "fiches.csv").read_bytes() == before


def test_disk_full_while_writing_keeps_the_previous_publication(published, monkeypatch, capsys):
    out, before = published
    lines_of(capsys)
    real = edition.write_edition

    def fills_the_disk(folder, *args):
        real(folder, *args)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(edition, "write_edition", fills_the_disk)
    assert main(["run", str(PDF), "--out", str(out), "--edition", "ed"]) == EXIT_OUTPUT
    lines = lines_of(capsys)
    assert lines[-1].startswith(f"erreur : {out}: impossible d'écrire la sortie (le disque est plein)")
    assert "Traceback" not in "\n".join(lines)
    assert (out / "ed" / "fiches.csv").read_bytes() == before
    monkeypatch.setattr(edition, "write_edition", real)
    assert main(["run", str(PDF), "--out", str(out), "--edition", "ed"]) == 0  # the next run cleans up
    store = out / publication.STORE / "ed"
    assert len(list(store.iterdir())) == 2  # current and its version: the half-written one is gone


def test_a_fault_of_the_reader_is_one_line_its_own_code_and_the_other_editions_go_on(published, monkeypatch, capsys):
    # An edition the reader stumbles on (a bug, not a bad file: an IndexError deep in the rows)
    # is named in one line, exits 70, keeps its earlier publication, and does not stop the next one.
    out, before = published
    lines_of(capsys)
    real = edition.read_edition

    def stumbles(pdf, name, *args):
        if name == "ed":
            raise IndexError("list index out of range")
        return real(pdf, name, *args)

    monkeypatch.setattr(edition, "read_edition", stumbles)
    faulty, other = out.parent / "ed.pdf", out.parent / "autre.pdf"
    shutil.copy(PDF, faulty)
    shutil.copy(PDF, other)
    assert main(["run", str(faulty), str(other), "--out", str(out), "--jobs", "1"]) == EXIT_INTERNAL
    lines = lines_of(capsys)
    assert "Traceback" not in "\n".join(lines)
    assert [ln for ln in lines if ln.startswith("erreur")] == [
        f"erreur : {faulty}: erreur interne du pipeline (IndexError: list index out of range) ; les sorties déjà "
        "publiées restent entières ; signalez-la avec ce fichier (le détail s'affiche avec -v)"]
    assert (out / "ed" / "fiches.csv").read_bytes() == before
    assert (out / "autre" / "fiches.csv").is_file()


def test_publish_needs_an_existing_source(published, capsys):
    out, _ = published
    fiches = ROOT / "interim" / "none" / "fiches.parquet"
    lines_of(capsys)
    assert main(["publish", str(fiches), "--edition", "ed", "--source", "missing.pdf", "--out", str(out)]) == EXIT_BAD_INPUT
    (line,) = lines_of(capsys)
    assert line.startswith("erreur : missing.pdf: PDF source introuvable")


@pytest.mark.parametrize("content, cause", [(None, "fichier introuvable"), (b"PAR1 not really", "pas un fichier Parquet"),
                                            (b"", "pas un fichier Parquet")])
def test_stages_alone_on_a_bad_interim_file(content, cause, tmp_path, capsys):
    cells = tmp_path / "ed" / "cells.parquet"
    cells.parent.mkdir()
    if content is not None:
        cells.write_bytes(content)
    assert main(["repair", str(cells), "--out", str(tmp_path / "ed" / "fiches.parquet")]) == EXIT_BAD_INPUT
    (line,) = lines_of(capsys)
    assert line.startswith(f"erreur : {cells}: ") and cause in line
    assert main(["publish", str(cells), "--source", str(PDF), "--out", str(tmp_path / "out")]) == EXIT_BAD_INPUT
    (line,) = lines_of(capsys)
    assert line.startswith(f"erreur : {cells}: ") and cause in line


def test_a_parquet_file_of_another_table_is_named(published, tmp_path, capsys):
    out, _ = published
    lines_of(capsys)
    other = out / "ed" / "enjeux.parquet"
    assert main(["repair", str(other), "--out", str(tmp_path / "f.parquet"), "--edition", "ed"]) == EXIT_BAD_INPUT
    (line,) = lines_of(capsys)
    assert "ce n'est pas une table Fragment (colonnes absentes" in line


def _bomb(path: Path, decoded: int) -> None:
    """A one-page PDF whose content stream is a few MB that inflate to ``decoded`` bytes."""
    packer = zlib.compressobj(1)
    block = b" " * (1 << 20)
    data = b"".join([packer.compress(block) for _ in range(decoded >> 20)] + [packer.flush()])
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(pdf))


#: The CLI in a child that reports its own peak resident memory at exit (VmHWM belongs to the
#: process's new address space; getrusage's maxrss would include the forking test process's).
PEAK_REPORTING_CLI = """
import atexit, sys
from pipeline.cli import main
def peak():
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
    print("peak_kb", line.split()[1], file=sys.stderr)
atexit.register(peak)
sys.exit(main(sys.argv[1:]))
"""


def test_an_inflating_pdf_is_refused_within_the_memory_budget(tmp_path):
    bomb = tmp_path / "bombe.pdf"
    _bomb(bomb, 1200 * 2**20)  # 1.2 GB once inflated, past the 1 GiB default budget
    assert bomb.stat().st_size < 8 * 2**20
    proc = subprocess.run([sys.executable, "-c", PEAK_REPORTING_CLI, "run", str(bomb), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT)
    *lines, peak = proc.stderr.strip().splitlines()
    peak_mb = int(peak.split()[1]) / 1024
    print(f"\ninflating PDF refused with a peak of {peak_mb:.0f} MB")
    assert proc.returncode == EXIT_BAD_INPUT
    assert lines == [f"erreur : {bomb}: le contenu décodé du PDF dépasse 1024 Mo (page 1) : fichier "
                     "piégé ou anormal ; vérifiez le fichier ; s'il est légitime, relancez avec --max-decoded-mb plus grand"]
    assert peak_mb < 300
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".lock"]


def test_the_budget_is_settable(tmp_path, capsys):
    assert main(["run", str(PDF), "--out", str(tmp_path), "--max-decoded-mb", "0"]) == EXIT_BAD_INPUT
    assert "dépasse 0 Mo (page 1)" in lines_of(capsys)[-1]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_prints_one_line_exits_130_and_keeps_the_previous_output(jobs, published, tmp_path):
    out, before = published
    pdfs = [tmp_path / "ed.pdf", tmp_path / "autre.pdf"]
    shutil.copy(PDF, pdfs[0])
    shutil.copy(EDITIONS["montpellier-2020"][0], pdfs[1])
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", *map(str, pdfs), "--out", str(out), "--jobs", jobs],
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True)
    time.sleep(1.2)  # imports done (0.8 s here), extraction under way (2.5 s or more in all)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_INTERRUPTED, err
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("interrompu : ")
    assert (out / "ed" / "fiches.csv").read_bytes() == before
