"""Crash-safe publication: a folder of files -> ``--out/<name>/`` and ``--out/all/<table>/<name>/``,
switched in at one commit point, under one writer at a time.

Layout of ``--out`` (only these names are ever written; anything else there is left alone)::

    .lock                                  one writer at a time (fcntl)
    .store/<name>/<version>/folder/…       every file of one complete publication
    .store/<name>/<version>/all/<table>/   the partition files of that publication (hard links)
    .store/<name>/current -> <version>     THE commit point: one atomic symlink replacement
    <name> -> .store/<name>/current/folder
    all/<table>/<name> -> ../../.store/<name>/current/all/<table>

The links outside ``.store`` are made once and never change; a new version is written beside the
current one and made current by replacing one symlink (``rename(2)`` is atomic), so after a kill
at any instant a reader sees, in ``<name>/`` and in ``all/`` alike, either the previous complete
version or the new complete one. Before its first version a name points at an empty one. The
next publication of a name removes what a killed one left in ``.store/<name>/``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from pipeline import config, console
from pipeline.editions import edition_problem
from pipeline.errors import OutputError, output_error

STORE = ".store"
LOCK = ".lock"
CURRENT = "current"
#: The sub-folder of a version that holds the published folder itself.
FOLDER = "folder"


def check_writable(root: Path) -> None:
    """Fail now, before any extraction, when ``root`` cannot take a publication."""
    if root.exists() and not root.is_dir():
        raise OutputError(root, "--out désigne un fichier, pas un dossier", "donnez un dossier avec --out")
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".probe-{uuid.uuid4().hex}"  # a new entry, as publishing makes
        probe.touch()
        probe.unlink()
        (root / LOCK).touch()
        free = shutil.disk_usage(root).free
    except OSError as exc:
        raise output_error(root, exc) from exc
    if free < config.FILES.min_free_bytes:
        raise output_error(root, OSError(errno.ENOSPC, "disque plein"))


@contextlib.contextmanager
def locked(root: Path, wait: float = config.FILES.lock_wait_seconds,
           say: Callable[[str], None] = console.say) -> Iterator[None]:
    """Hold the writer's lock of ``root``: a second writer waits (saying so once), then gives up."""
    check_writable(root)
    with (root / LOCK).open("a") as handle:
        deadline, told = time.monotonic() + wait, False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputError(root, "une autre exécution écrit dans ce dossier depuis trop longtemps",
                                      "attendez qu'elle finisse ou choisissez un autre dossier avec --out") from None
                if not told:
                    say(f"{root} : une autre exécution écrit dans ce dossier ; en attente…")
                    told = True
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _version_name() -> str:
    return f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _link(target: str, path: Path, scratch: Path) -> None:
    """Make ``path`` a symlink to ``target`` in one atomic step (made in ``scratch``, then renamed)."""
    tmp = scratch / f".link-{uuid.uuid4().hex}"
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _fsync_tree(folder: Path) -> None:
    """Flush every file and folder under ``folder`` to disk (a power cut keeps a complete version)."""
    for path in sorted(folder.rglob("*"), reverse=True) + [folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _empty_version(store: Path, tables: Iterable[str]) -> str:
    """A version holding nothing: what a name shows before its first publication."""
    name = f"empty-{_version_name()}"
    for table in tables:
        (store / name / "all" / table).mkdir(parents=True)
    (store / name / FOLDER).mkdir(parents=True, exist_ok=True)
    return name


def current_version(store: Path) -> str | None:
    link = store / CURRENT
    return os.readlink(link) if link.is_symlink() else None


def _remove_stale(store: Path) -> None:
    """Everything in ``store`` but the current version: what a killed run left."""
    keep = {CURRENT, current_version(store)}
    for entry in store.iterdir():
        if entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _owned(path: Path, target: str) -> bool:
    """True when ``path`` is free or is already our link to ``target``."""
    if path.is_symlink():
        return os.readlink(path) == target
    return not path.exists()


def _links(root: Path, name: str, tables: Iterable[str]) -> dict[Path, str]:
    """The stable links of ``name`` outside the store, and their targets."""
    links = {root / name: f"{STORE}/{name}/{CURRENT}/{FOLDER}"}
    for table in tables:
        links[root / "all" / table / name] = f"../../{STORE}/{name}/{CURRENT}/all/{table}"
    return links


def _refuse_foreign(links: dict[Path, str]) -> None:
    """Stop before writing anything when one of our names is taken by something else."""
    foreign = [path for path, target in links.items() if not _owned(path, target)]
    if foreign:
        raise OutputError(foreign[0], "ce dossier n'a pas été écrit par cette version du pipeline",
                          "déplacez-le ou supprimez-le (make clean), puis relancez")


def _ensure_links(links: dict[Path, str], store: Path) -> None:
    for path, target in links.items():
        if not path.is_symlink():
            path.parent.mkdir(parents=True, exist_ok=True)
            _link(target, path, store)


def publish(root: Path, name: str, fill: Callable[[Path], None], partitions: Mapping[str, str] | None = None) -> None:
    """Write a new version of ``root/name`` with ``fill(folder)`` and switch to it atomically.

    ``partitions`` maps a table of ``root/all/`` to the file of the folder published there."""
    if not name or "/" in name or name.startswith(".") or name in config.FILES.reserved_editions:
        raise OutputError(root / name, "nom de publication non sûr", "donnez un nom d'édition valide (--edition)")
    partitions = dict(partitions or {})
    store, links = root / STORE / name, _links(root, name, partitions)
    try:
        with locked(root):
            _refuse_foreign(links)
            store.mkdir(parents=True, exist_ok=True)
            _remove_stale(store)
            if current_version(store) is None:
                _link(_empty_version(store, partitions), store / CURRENT, store)
            _ensure_links(links, store)
            version = store / _version_name()
            (version / FOLDER).mkdir(parents=True)
            fill(version / FOLDER)
            for table, file_name in partitions.items():
                (version / "all" / table).mkdir(parents=True)
                os.link(version / FOLDER / file_name, version / "all" / table / "part-0.parquet")
            _fsync_tree(version)
            _link(version.name, store / CURRENT, store)  # the commit point
            _remove_stale(store)
    except OSError as exc:
        raise output_error(root, exc) from exc


def published(root: Path) -> list[str]:
    """Editions published in ``root`` (a diff written there is not one)."""
    store = root / STORE
    names = sorted(p.name for p in store.iterdir() if p.is_dir()) if store.is_dir() else []
    return [name for name in names if edition_problem(name) is None]


def unpublish(root: Path, name: str, tables: Iterable[str]) -> None:
    """Remove ``name`` everywhere: first made empty at one commit point, then its links and store."""
    store = root / STORE / name
    tables = list(tables)
    try:
        with locked(root):
            if current_version(store) is not None:
                _link(_empty_version(store, tables), store / CURRENT, store)
            for path, target in _links(root, name, tables).items():
                if path.is_symlink() and os.readlink(path) == target:
                    path.unlink()
            shutil.rmtree(store, ignore_errors=True)
    except OSError as exc:
        raise output_error(root, exc) from exc
