"""Settings of the stages after the reader (pilots, territory, emit, files, control page, diff), one
frozen dataclass each, with how each value was chosen, and one instance of each (at the end), read
through ``config.py`` as ``config.PILOTS``."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from pipeline.settings import Checked


@dataclass(frozen=True)
class Pilots(Checked):
    """Normalise: pilot organisations."""

    #: Where a pilot cell may be cut into mentions: commas, slashes, semicolons, " et ", a dash
    #: between spaces, line breaks. Parentheses are handled apart (they name attached actors).
    pilot_separators: str = r"\s*[,/;\n]\s*|\s+et\s+|\s+[-–—]\s+|\s*&\s*"
    #: A piece of a pilot cell starting with one of these lower-case words ("… et du droit") ends a
    #: longer name: it is not cut off as a mention of its own unless it names a known actor.
    pilot_link_words: frozenset[str] = frozenset({"du", "de", "des", "d", "la", "le", "les", "l", "aux", "au", "à", "pour", "en",
                                                  "sur"})
    #: An extra column whose header (folded) says this holds partners, read like the pilots.
    partner_header: str = r"^(partenaires?|partenariats?|acteurs associes|structures associees)\b"
    #: Leading words dropped before comparing names ("l'Etat", "la Métropole").
    pilot_articles: frozenset[str] = frozenset({"l", "le", "la", "les"})
    #: Mentions of this many letters or fewer match only exactly ("EN", "3M", "PRE").
    exact_only_max_letters: int = 3
    #: Typos (optimal string alignment distance: insertion, deletion, substitution, swap of two
    #: neighbours) tolerated in a mention of at least N characters, compared with names of at least
    #: N characters too: one typo from 6 characters, two from 15. Measured by the property test of
    #: tests/test_normalise.py on generated variants: 100 % precision, recall printed by the test.
    #: Kept as small as recall allows, because a wrong match corrupts every count: a looser bound
    #: (ratio >= 80 %) read "Caisse d'allocations familiales du Gard" as the CAF of the Hérault.
    fuzzy_max_edits: tuple[tuple[int, int], ...] = ((6, 1), (15, 2))


@dataclass(frozen=True)
class Territory(Checked):
    """Normalise: the contract's territory."""

    #: The file giving a contract's territory, beside its PDF: raw/<name>.territoire.toml.
    territory_suffix: str = ".territoire.toml"
    #: A pilot mention that is the name of a group of communes (kept when it holds two capitalised
    #: words, so "la Métropole" is not one): the EPCI of a contract whose file does not name it.
    epci_name_pattern: str = (r"(?:Communauté (?:d['’]agglomération|urbaine|de communes)|Métropole|Eurométropole|"
                              r"Agglomération)\b.*|.*\b(?:Métropole|Eurométropole|Agglomération|Agglo)")
    #: How many of the texts that gave the inferred territory its warning quotes.
    territory_evidence_shown: int = 3


@dataclass(frozen=True)
class Emit(Checked):
    """Validate and emit."""

    #: Rows converted to Arrow at a time when writing Parquet (bounds memory on long editions).
    parquet_batch_rows: int = 1000
    #: Licence of the published datasets (French public bodies publish under Etalab's).
    licence: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({
        "name": "etalab-2.0", "title": "Licence Ouverte / Open Licence version 2.0",
        "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}))


@dataclass(frozen=True)
class Files(Checked):
    """Files: edition names, the output folder, resource limits."""

    #: Edition names longer than this are refused (a folder name, a partition and a package name;
    #: file systems allow 255 bytes, and the Frictionless package name adds "contrat-de-ville-").
    edition_max_length: int = 100
    #: Names of the folders the pipeline itself writes in ``--out``: never an edition's.
    reserved_editions: frozenset[str] = frozenset({"all", "diff"})
    #: A PDF whose content streams decode to more than this many bytes in all is refused before it
    #: is read: a 5 MB file inflating to 1.2 GB took 2.4 GB of memory (14 s) before this limit. The
    #: shared editions decode to 0.4 MiB and less, the 800-page synthetic editions of the bench to
    #: 2.7 MiB (measured with extract.DecodedBudget): the default leaves a margin of several hundred.
    #: Settable with --max-decoded-mb.
    max_decoded_bytes: int = 1024 * 1024 * 1024
    #: Flate streams are measured this many bytes at a time (the memory the measure itself takes).
    inflate_chunk: int = 1024 * 1024
    #: A second run writing into the same ``--out`` waits this long for the first to finish before it
    #: gives up (publication holds the lock for a second or two per edition; make -j runs several).
    lock_wait_seconds: float = 600.0
    #: ``--out`` must have at least this much free space before a run starts (an edition's outputs
    #: take 0.4 MB for the shared edition, 16 MB for the 800-page synthetic one: `du` of its version).
    min_free_bytes: int = 64 * 1024 * 1024


@dataclass(frozen=True)
class Controle(Checked):
    """The control page."""

    #: Page images of the control page are rendered in grey at this many pixels per point (108 dpi):
    #: 9-point text stays readable on a screen, and the 13 pages of the shared Word edition render in
    #: 0.12 s (pypdfium2; 0.2 s in colour) to 160 kB each as JPEG, under 5 % of the pipeline's time…
    controle_scale: float = 1.5
    #: …at this quality (text edges stay sharp enough to read; PNG was four times larger).
    controle_jpeg_quality: int = 70


@dataclass(frozen=True)
class Diff(Checked):
    """Diff: comparing two editions."""

    #: Two fiches of two editions are the same fiche when their titles are this similar (rapidfuzz
    #: token_sort_ratio on folded titles, 0-100; objectives similarity then breaks ties). Between two
    #: distinct fiches of the shared edition the closest titles score 69.3 (the two POPAC fiches);
    #: `pytest tests/test_diff.py -s` prints it.
    diff_title_min: int = 80
    #: …or when their objectives are this similar (rapidfuzz ratio on the joined, folded items) even
    #: though the title changed (a retitled fiche). Between distinct fiches the closest objectives
    #: score 79.3 (6.9 and 6.10, sport and culture). token_set_ratio was rejected: it gives 100 to
    #: fiche 1.6, whose objectives are a subset of 1.5's.
    diff_objectives_min: int = 90
    #: An objectives-only match counts this share of its similarity, below any title match.
    diff_objectives_weight: float = 0.75


PILOTS = Pilots()
TERRITORY = Territory()
EMIT = Emit()
FILES = Files()
CONTROLE = Controle()
DIFF = Diff()
