"""Normalise stage: pilot cells -> mentions -> actors of the referential, explainably.

A pilot cell ("Région (SPRO), Métropole et ville de Montpellier") is cut into mentions at the
separators of ``config.PILOTS.pilot_separators``; a parenthesis names actors attached to the one before
it. Where to cut is chosen, not assumed: among all ways of grouping the pieces between
separators, the one whose groups match the most actors wins (then the one leaving the fewest
words unknown, then the most exact matches, then the most mentions), so a name that itself holds a comma
or " et " (the DDETS's full name) stays whole, and nothing is cut inside a name.

Each mention is matched, in order: exactly (the actor's name or acronym) or by alias, after
folding case, accents, punctuation, spacing, articles and dotted acronyms; then by edit
distance (rapidfuzz's optimal string alignment, which counts a swap of two letters as one
typo), allowing ``config.PILOTS.fuzzy_max_edits`` typos by name length and only a single best actor.
Mentions of three letters or fewer match only exactly. An unknown mention whose every word
belongs to known names written side by side ("ETAT Departement Métropole") is those names.
Anything else is unknown: kept with its text, never forced onto the closest actor.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from pipeline import config
from pipeline.models import Methode, TypeActeur
from pipeline.text import fold


@dataclass(frozen=True)
class Actor:
    """An actor of the referential, with the names matching reads (published as ``models.Acteur``)."""

    id: str
    libelle: str
    sigle: str | None
    type: TypeActeur
    parent_id: str | None
    alias: tuple[str, ...]
    remplace_par: str | None
    date_fin: dt.date | None
    note: str | None = None
    code_insee: str | None = None
    siren: str | None = None
    #: Where the body acts: ``departement:34``, ``region:76``, ``commune:34/montpellier``,
    #: ``epci:34/<slug>``, several joined by "|"; None for a national body.
    territoire: str | None = None
    #: The kind of territorial body it is, when it is one (a row of ``referentiel/modeles.csv``).
    modele: str | None = None
    #: Generic names ("Rectorat"), read as this actor only inside its territory.
    alias_locaux: tuple[str, ...] = ()
    #: Folded names not read as this actor in this edition: the generic names ("Ville", "CAF")
    #: of a body outside the contract's territory, and names two generated bodies share.
    ignore: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    """A mention and the actor it names, if any (placed in its fiche as ``models.MentionPilote``)."""

    mention: str
    acteur_id: str | None
    methode: Methode
    score: float


def needs_review(mention: dict) -> bool:
    """True for a ``MentionPilote`` a data officer settles: unknown, or only approximately matched
    (listed in ``pilotes_a_verifier.csv``, each with a warning)."""
    return mention["methode"] in ("fuzzy", "inconnu")


@functools.lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """The form names are compared in: folded, dotted acronyms joined ("C.A.F." -> "caf"),
    leading article dropped ("l'Etat" -> "etat")."""
    words = _join_letter_runs(fold(name).split())
    while len(words) > 1 and words[0] in config.PILOTS.pilot_articles:
        words = words[1:]
    return " ".join(words)


def _join_letter_runs(words: list[str]) -> list[str]:
    """Runs of two or more one-letter words are one acronym: "c a f" -> "caf"."""
    out: list[str] = []
    run: list[str] = []
    for word in words + [""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        out.extend(["".join(run)] if len(run) >= 2 else run)
        run = []
        if word:
            out.append(word)
    return out


def _allowed_edits(length: int) -> int:
    """Typos tolerated in a name of ``length`` characters."""
    return max((edits for min_length, edits in config.PILOTS.fuzzy_max_edits if length >= min_length), default=0)


class Referential:
    """The actors and every name they go by, indexed for matching."""

    def __init__(self, actors: list[Actor]):
        self.actors = {a.id: a for a in actors}
        self.exact: dict[str, str] = {}
        self.alias: dict[str, str] = {}
        for actor in actors:
            for name in (actor.libelle, actor.sigle, actor.id.replace("-", " ")):
                if name and key(name) not in actor.ignore:
                    self._add(self.exact, key(name), actor.id)
            for name in actor.alias:
                if key(name) not in actor.ignore:
                    self._add(self.alias, key(name), actor.id)
        self.owner = {**self.alias, **self.exact}
        self.names = sorted(self.owner)
        self._cache: dict[str, tuple[str | None, Methode, float]] = {}

    def _add(self, index: dict[str, str], name: str, actor_id: str) -> None:
        owner = self.exact.get(name) or self.alias.get(name)
        if owner and owner != actor_id:
            raise ValueError(f"referential: the name {name!r} is given to both {owner!r} and {actor_id!r}")
        index[name] = actor_id

    def match(self, mention: str) -> Match:
        k = key(mention)
        if k not in self._cache:
            self._cache[k] = self._match_key(k)
        return Match(mention, *self._cache[k])

    def _match_key(self, k: str) -> tuple[str | None, Methode, float]:
        if not k:
            return None, "inconnu", 0.0
        if k in self.exact:
            return self.exact[k], "exact", 100.0
        if k in self.alias:
            return self.alias[k], "alias", 100.0
        closest = process.extractOne(k, self.names, scorer=OSA.normalized_similarity)
        score = round(closest[1] * 100, 1) if closest else 0.0
        if len(k.replace(" ", "")) <= config.PILOTS.exact_only_max_letters:
            return None, "inconnu", score
        allowed = _allowed_edits(len(k))
        near = [(name, d) for name, d, _ in process.extract(k, self.names, scorer=OSA.distance, limit=None,
                                                            score_cutoff=allowed)
                if allowed and d <= _allowed_edits(len(name))]
        if not near:
            return None, "inconnu", score
        best = min(d for _, d in near)
        owners = {self.owner[name] for name, d in near if d == best}
        if len(owners) != 1:
            return None, "inconnu", score  # two actors are as close: never guess
        return owners.pop(), "fuzzy", score


# --- splitting a cell into mentions --------------------------------------------------------------

_SEPARATOR = re.compile(config.PILOTS.pilot_separators)
_PARTNERS = re.compile(config.PILOTS.partner_header)
_TRIM = " \t.;:,"


def _groups(text: str) -> list[tuple[str, str]]:
    """Top-level parts of a cell: (head, parenthesised tail) with the tail possibly empty.

    "Etat (DDCS/DIRECCTE/SGAR), Région" -> [("Etat ", "DDCS/DIRECCTE/SGAR"), (", Région", "")]."""
    out: list[tuple[str, str]] = []
    head, depth, inner = "", 0, ""
    for char in text:
        if char == "(":
            depth += 1
            if depth == 1:
                continue
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((head, inner))
                head, inner = "", ""
                continue
        if depth:
            inner += char
        else:
            head += char
    out.append((head + (f"({inner}" if depth else ""), ""))
    return [(h, t) for h, t in out if h.strip() or t.strip()]


def _can_start(match: Match) -> bool:
    """An unknown piece opening with a lower-case link word ("du droit", "de la ville") is the
    end of a longer name, not a mention of its own."""
    first = match.mention.split(" ", 1)[0].split("'", 1)[0]
    return match.acteur_id is not None or first not in config.PILOTS.pilot_link_words


def segment(ref: Referential, text: str) -> list[Match]:
    """The best way to cut ``text`` at separators into matched mentions (see module doc)."""
    parts = [p.strip(_TRIM) for p in _SEPARATOR.split(text)]
    separators = _SEPARATOR.findall(text)
    best: list[tuple[tuple[int, int, int, int], list[Match]] | None] = [((0, 0, 0, 0), [])] + [None] * len(parts)
    for end in range(1, len(parts) + 1):
        options = []
        for start in range(end):
            done = best[start]
            if done is None:
                continue
            score, matches = done
            mention = (parts[start] + "".join(separators[k - 1] + parts[k] for k in range(start + 1, end))).strip(_TRIM)
            if not mention:
                options.append((score, matches))
                continue
            m = ref.match(mention)
            if start and not _can_start(m):
                continue
            unknown_words = 0 if m.acteur_id else len(key(mention).split())
            gain = (score[0] + (m.acteur_id is not None), score[1] - unknown_words,
                    score[2] + (m.methode in ("exact", "alias")), score[3] + 1)
            options.append((gain, matches + [m]))
        best[end] = max(options, key=lambda o: o[0]) if options else None
    found = best[-1][1] if best[-1] else [ref.match(text.strip(_TRIM))]
    return [piece for m in found for piece in (_names_side_by_side(ref, m.mention) or [m] if not m.acteur_id else [m])]


def _names_side_by_side(ref: Referential, text: str) -> list[Match]:
    """Known names written one after the other with spaces only ("ETAT Departement Métropole",
    "ville de Montpellier C.A.F."): the fewest exact or alias matches covering every word, or
    nothing when a word would be left over (an unknown name is never cut into known pieces)."""
    words = text.split()
    cover: list[list[Match] | None] = [[]] + [None] * len(words)
    for end in range(1, len(words) + 1):
        for start in range(end):
            done = cover[start]
            if done is None:
                continue
            m = ref.match(" ".join(words[start:end]).strip(_TRIM))
            known = cover[end]
            if m.methode in ("exact", "alias") and (known is None or len(done) + 1 < len(known)):
                cover[end] = done + [m]
    found = cover[-1]
    return found if found and len(found) > 1 else []


def mentions(ref: Referential, cell: str) -> list[Match]:
    """Every mention of a pilot cell, matched, in order of appearance. A parenthesis names
    actors attached to the mention before it, unless the whole is one name ("État (Préfecture)")."""
    out: list[Match] = []
    for head, tail in _groups(cell):
        found = segment(ref, head)
        if tail:
            whole = ref.match(f"{found[-1].mention} ({tail.strip()})") if found else None
            if whole and whole.acteur_id:
                found[-1] = whole
            else:
                found += segment(ref, tail)
        out += found
    return out


# --- the stage -----------------------------------------------------------------------------------


def _matched(fiche: dict, found: list[Match]) -> tuple[list[str], list[str], list[dict]]:
    """Ids (in order, once each), unknown mentions and the long-table rows of one cell's mentions."""
    ids: list[str] = []
    for m in found:
        if m.acteur_id and m.acteur_id not in ids:
            ids.append(m.acteur_id)
    rows = [{"edition": fiche["edition"], "numero": fiche["numero"], "rang": rank, "mention": m.mention,
             "acteur_id": m.acteur_id, "methode": m.methode, "score": m.score} for rank, m in enumerate(found, 1)]
    return ids, [m.mention for m in found if not m.acteur_id], rows


def partner_cell(fiche: dict) -> str:
    """The text of the fiche's partners column, where the edition has one ("" otherwise)."""
    extra = json.loads(fiche.get("colonnes_supplementaires") or "{}")
    return "\n".join(v for k, v in extra.items() if _PARTNERS.search(fold(k)) and isinstance(v, str))


def normalise(fiches: list[dict], ref: Referential) -> tuple[list[dict], list[dict], list[dict]]:
    """Fiches gaining ``pilotes``, ``partenaires`` and their unknown mentions, and the long tables
    of pilot and partner mentions."""
    out, pilots, partners = [], [], []
    for fiche in fiches:
        ids, unknown, rows = _matched(fiche, mentions(ref, fiche["pilote_brut"]))
        partner_ids, partner_unknown, partner_rows = _matched(fiche, mentions(ref, partner_cell(fiche)))
        out.append({**fiche, "pilotes": ids, "pilotes_inconnus": unknown,
                    "partenaires": partner_ids, "partenaires_inconnus": partner_unknown})
        pilots += rows
        partners += partner_rows
    return out, pilots, partners
