"""Crash-safe publication: killed after each of its file-system steps or at random instants, two
runs at once, hostile names. After each, every reader (the edition folder; pandas, polars and
DuckDB on processed/all/) sees one complete version of each edition, never a mix."""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import models, publication
from pipeline.cli import main
from pipeline.emit import PARTITIONED, TABLES
from pipeline.errors import EXIT_OUTPUT, EXIT_USAGE, OutputError
from pipeline.files import write_parquet
from tests.conftest import EDITIONS, ROOT

PDF = EDITIONS["montpellier-2020-word"][0]
NEW = "v2 "  # the replacing version's titles start with this

#: A child process running the CLI that kills itself with SIGKILL right after its Nth
#: file-system step (rename, replace, symlink, link, mkdir), or never when N is 0.
KILLER = """
import atexit, os, signal, sys
limit, count = int(os.environ["KILL_AFTER"]), 0
def wrap(name):
    real = getattr(os, name)
    def step(*args, **kwargs):
        global count
        result = real(*args, **kwargs)
        count += 1
        if count == limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(os, name, step)
for name in ("rename", "replace", "symlink", "link", "mkdir"):
    wrap(name)
atexit.register(lambda: print(f"steps={count}", file=sys.stderr))
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def interim(repaired, tmp_path_factory):
    """Interim fiches of two versions of one edition: v1 (as read) and v2 (every title changed)."""
    _, fiches, warnings = repaired["montpellier-2020-word"]
    folder = tmp_path_factory.mktemp("interim")
    for version, rows in (("v1", fiches), ("v2", [{**f, "intitule": NEW + f["intitule"]} for f in fiches])):
        (folder / version).mkdir()
        write_parquet(rows, models.Fiche, folder / version / "fiches.parquet")
        write_parquet(warnings, models.Avertissement, folder / version / "avertissements.parquet")
        write_parquet([], models.CompteMots, folder / version / "mots.parquet")
        write_parquet([], models.Zone, folder / version / "zones.parquet")
    return folder


@pytest.fixture(scope="module")
def template(repaired, interim, tmp_path_factory):
    """An output folder holding editions a (v1) and b, published by the CLI."""
    out = tmp_path_factory.mktemp("template") / "processed"
    for edition in ("a", "b"):
        assert main(["publish", str(interim / "v1" / "fiches.parquet"), "--edition", edition,
                     "--source", str(PDF), "--out", str(out)]) == 0
    return out


def fresh(template: Path, tmp_path: Path, name: str = "processed") -> Path:
    out = tmp_path / name
    shutil.copytree(template, out, symlinks=True)
    return out


def child(args: list[str], kill_after: int = 0) -> subprocess.Popen:
    env = {**os.environ, "KILL_AFTER": str(kill_after), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", KILLER, *args], env=env, stderr=subprocess.PIPE, text=True)


def publish_args(interim: Path, out: Path, edition: str = "a", version: str = "v2") -> list[str]:
    return ["publish", str(interim / version / "fiches.parquet"), "--edition", edition, "--source", str(PDF),
            "--out", str(out)]


def seen(out: Path) -> dict[str, str | None]:
    """Per edition, the version every reader sees ("v1", "v2"; None: not published), checked to be
    the same in the edition folder and in processed/all/ through pandas, polars and DuckDB."""
    import duckdb
    import pandas as pd
    import polars as pl

    for table in PARTITIONED:  # no stray entry in a folder the readers glob
        folder = out / "all" / table
        if folder.exists():
            assert all(p.is_symlink() and not p.name.startswith(".") for p in folder.iterdir()), list(folder.iterdir())
    versions: dict[str, str | None] = {}
    for edition in ("a", "b", "c"):
        path = out / edition / "fiches.parquet"
        titles = pq.read_table(path).column("intitule").to_pylist() if path.exists() else []
        versions[edition] = (("v2" if titles[0].startswith(NEW) else "v1") if titles else None)
        assert len({t.startswith(NEW) for t in titles}) <= 1
        if titles:  # the folder is complete
            assert all((out / edition / f"{name}.parquet").exists() for name in TABLES)
            assert (out / edition / "datapackage.json").exists() and (out / edition / "rapport.md").exists()
    by_reader = {
        "pandas": pd.read_parquet(out / "all" / "fiches")[["edition", "intitule"]].values.tolist(),
        "polars": pl.read_parquet(out / "all" / "fiches").select("edition", "intitule").rows(),
        "duckdb": duckdb.connect().sql(f"SELECT edition, intitule FROM read_parquet('{out}/all/fiches/*/*.parquet', "
                                       "hive_partitioning = true)").fetchall(),
    }
    for reader, rows in by_reader.items():
        for edition, version in versions.items():
            titles = [t for e, t in rows if e == edition]
            expected = [] if version is None else [t for t in pq.read_table(out / edition / "fiches.parquet")
                                                   .column("intitule").to_pylist()]
            assert sorted(titles) == sorted(expected), (reader, edition, version)
    for table in PARTITIONED[1:]:
        rows = pd.read_parquet(out / "all" / table)
        for edition, version in versions.items():
            expected = pq.read_table(out / edition / f"{table}.parquet").num_rows if version else 0
            assert (rows["edition"] == edition).sum() == expected, (table, edition)
    return versions


def steps_of(args: list[str]) -> int:
    proc = child(args)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    return int(err.strip().splitlines()[-1].split("=")[1])


def killed_after(step: int, args: list[str]) -> int:
    proc = child(args, step)
    proc.communicate()
    return proc.returncode


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["replace", "first"])
def test_kill_after_each_step_leaves_one_complete_version(scenario, template, interim, tmp_path):
    edition = "a" if scenario == "replace" else "c"
    before = {"a": "v1", "b": "v1", "c": None}
    total = steps_of(publish_args(interim, fresh(template, tmp_path, "count"), edition))
    assert total >= 10

    def one(step: int) -> tuple[int, dict, dict]:
        out = fresh(template, tmp_path, f"kill-{step}")
        status = killed_after(step, publish_args(interim, out, edition))
        after_kill = seen(out)
        assert main(publish_args(interim, out, edition)) == 0  # the next run succeeds…
        store = out / publication.STORE / edition
        assert sorted(p.name for p in store.iterdir()) == sorted([publication.CURRENT, os.readlink(store / "current")])
        return status, after_kill, seen(out)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(one, range(1, total + 1)))
    for step, (status, after_kill, after_rerun) in enumerate(results, 1):
        assert status == -signal.SIGKILL, step
        assert after_kill in ({**before}, {**before, edition: "v2"}), (step, after_kill)
        assert after_rerun == {**before, edition: "v2"}
    # the commit point is one step: before it the old version everywhere, after it the new one
    flips = [i for i in range(1, total) if results[i - 1][1] != results[i][1]]
    assert len(flips) == 1, flips


@pytest.mark.slow
def test_kill_at_random_instants(template, interim, tmp_path):
    rng = random.Random(20261201)
    outcomes = set()
    for i in range(8):
        out = fresh(template, tmp_path, f"random-{i}")
        proc = child(publish_args(interim, out))
        time.sleep(rng.uniform(0.3, 2.5))  # python start-up and imports take ~0.8 s here, publishing ~0.5 s
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        outcomes.add(seen(out)["a"])
        assert seen(out)["b"] == "v1"
        assert main(publish_args(interim, out)) == 0 and seen(out)["a"] == "v2"
    assert outcomes <= {"v1", "v2"}


def test_concurrent_runs_of_one_edition_never_crash(template, interim, tmp_path):
    out = fresh(template, tmp_path)
    procs = [child(publish_args(interim, out)) for _ in range(3)] + [child(publish_args(interim, out, "c"))]
    for proc in procs:
        _, err = proc.communicate()
        assert proc.returncode == 0 and "Traceback" not in err, err
    assert seen(out) == {"a": "v2", "b": "v1", "c": "v2"}


def test_a_second_writer_waits_for_the_lock_then_publishes(template, interim, tmp_path):
    out = fresh(template, tmp_path)
    with (out / publication.LOCK).open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = child(publish_args(interim, out))
        assert proc.stderr is not None
        said = []  # its messages up to the one saying it waits (however long its start-up takes)
        while not said or "une autre exécution écrit dans ce dossier ; en attente" not in said[-1]:
            said.append(proc.stderr.readline())
            assert said[-1], "".join(said)  # it ended without waiting
        time.sleep(0.5)
        assert proc.poll() is None and seen(out)["a"] == "v1"  # waiting, nothing changed
        fcntl.flock(held, fcntl.LOCK_UN)
    _, err = proc.communicate()
    assert proc.returncode == 0, "".join(said) + err
    assert seen(out)["a"] == "v2"


def test_a_writer_that_waits_too_long_gives_one_line(tmp_path):
    (tmp_path / publication.LOCK).touch()
    with (tmp_path / publication.LOCK).open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(OutputError, match="une autre exécution écrit dans ce dossier"):
            with publication.locked(tmp_path, wait=0.3, say=lambda m: None):
                pass


def _tree(root: Path) -> dict[str, bytes]:
    """Every file and link under ``root`` with its content (links by target)."""
    out = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        out[key] = os.readlink(path).encode() if path.is_symlink() else path.read_bytes() if path.is_file() else b"/"
    return out


@pytest.mark.parametrize("edition", ["../x", "../../repo", ".", "..", "all", "diff", "/abs/path", "a/b", "", ".cache",
                                     "Avec Espace"])
def test_hostile_edition_names_lose_nothing(edition, template, tmp_path, capsys):
    repo = tmp_path / "repo"
    (repo / "raw").mkdir(parents=True)
    shutil.copy(PDF, repo / "raw" / "x.pdf")
    out = fresh(template, repo)
    before = _tree(tmp_path)
    status = main(["run", str(repo / "raw" / "x.pdf"), "--out", str(out), "--edition", edition])
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert status == EXIT_USAGE and len(lines) == 1 and lines[0].startswith("erreur : --edition"), lines
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("name", ["..pdf", "all.pdf", "---.pdf", "diff.PDF"])
def test_pdf_names_that_give_no_edition_are_refused(name, template, tmp_path, capsys):
    pdf = tmp_path / name
    shutil.copy(PDF, pdf)
    out = fresh(template, tmp_path)
    before = _tree(tmp_path)
    assert main(["run", str(pdf), "--out", str(out)]) == 2
    (line,) = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert line.startswith(f"erreur : {pdf}: ") and "renommez le fichier ou donnez --edition" in line
    assert _tree(tmp_path) == before


def test_stages_alone_in_the_current_folder_need_an_edition(template, interim, tmp_path, monkeypatch, capsys):
    """`publish fiches.parquet` with the file in the current folder: no edition name to take."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(interim / "v2" / "fiches.parquet", work)
    shutil.copy(interim / "v2" / "avertissements.parquet", work)
    shutil.copy(interim / "v2" / "mots.parquet", work)
    shutil.copy(interim / "v2" / "zones.parquet", work)
    out = fresh(template, tmp_path)
    monkeypatch.chdir(work)
    before = _tree(tmp_path)
    assert main(["publish", "fiches.parquet", "--source", str(PDF), "--out", str(out)]) == EXIT_USAGE
    assert "donnez --edition" in capsys.readouterr().err
    assert _tree(tmp_path) == before
    assert main(["publish", "fiches.parquet", "--source", str(PDF), "--out", str(out), "--edition", "a"]) == 0
    assert seen(out) == {"a": "v2", "b": "v1", "c": None}


def test_diff_writes_only_its_own_folder(template, tmp_path, capsys):
    out = fresh(template, tmp_path)
    before = _tree(out)
    assert main(["diff", str(out / "a"), str(out / "b"), "--out", str(out)]) == 0
    after = _tree(out)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing replaced
    added = {k.split("/")[0] for k in after if k not in before}
    assert added == {"a..b", publication.STORE}
    assert (out / "a..b" / "changements.md").exists() and seen(out) == {"a": "v1", "b": "v1", "c": None}


def test_a_folder_in_the_way_is_never_replaced(template, interim, tmp_path, capsys):
    out = fresh(template, tmp_path)
    (out / "c").mkdir()
    (out / "c" / "mine.txt").write_text("not the pipeline's", encoding="utf-8")
    assert main(publish_args(interim, out, "c")) == EXIT_OUTPUT
    assert "n'a pas été écrit par cette version du pipeline" in capsys.readouterr().err
    assert (out / "c" / "mine.txt").read_text(encoding="utf-8") == "not the pipeline's"


def test_unpublish_removes_an_edition_everywhere(template, tmp_path):
    out = fresh(template, tmp_path)
    publication.unpublish(out, "b", PARTITIONED)
    assert seen(out) == {"a": "v1", "b": None, "c": None}
    assert not (out / "b").exists() and not (out / publication.STORE / "b").exists()
    assert publication.published(out) == ["a"]


@pytest.mark.parametrize("name", ["", "..", ".", "../x", "a/b", "all", ".store"])
def test_publication_itself_refuses_names_outside_its_folder(name, tmp_path):
    with pytest.raises(OutputError, match="nom de publication non sûr"):
        publication.publish(tmp_path / "out", name, lambda folder: None)
    assert not (tmp_path / "out").exists()


def test_a_digits_only_edition_stays_text_in_every_reader(interim, tmp_path):
    import duckdb
    import pandas as pd
    import polars as pl

    out = tmp_path / "processed"
    for edition in ("2024", "2025"):
        assert main(publish_args(interim, out, edition, "v1")) == 0
    assert pd.api.types.is_string_dtype(pd.read_parquet(out / "all" / "fiches")["edition"])
    assert pl.read_parquet(out / "all" / "fiches").schema["edition"] == pl.String
    types = duckdb.connect().sql(f"SELECT DISTINCT typeof(edition) FROM read_parquet('{out}/all/fiches/*/*.parquet', "
                                 "hive_partitioning = true)").fetchall()
    assert types == [("VARCHAR",)]


def test_an_unwritable_interim_output_is_one_line(tmp_path, capsys):
    (tmp_path / "cells.parquet").mkdir()
    assert main(["extract", str(PDF), "--out", str(tmp_path / "cells.parquet")]) == EXIT_OUTPUT
    assert capsys.readouterr().err.strip().endswith("--out désigne un dossier, pas un fichier ; donnez le chemin du fichier à écrire")
