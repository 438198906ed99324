"""The contract's territory: France's places (régions, départements) and the commune(s), EPCI,
département and région a contract covers, read from a file beside the PDF or inferred from the
bodies the document names."""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal, cast

from pydantic import ValidationError

from pipeline import config, models
from pipeline.errors import InputError
from pipeline.files import read_data_csv
from pipeline.normalise import Referential, key, mentions
from pipeline.text import fold

PLACES = Path(str(resources.files("pipeline") / "referentiel" / "territoires.csv"))

Level = Literal["region", "departement", "commune", "epci"]
LEVEL_NAMES = {"region": "région", "departement": "département", "commune": "commune", "epci": "EPCI"}


def slug(name: str) -> str:
    """A name as a piece of an id: "Saint-Étienne Métropole" -> "saint-etienne-metropole"."""
    return fold(name).replace(" ", "-")


def charniere(name: str) -> str:
    """How "de" joins a commune's or an EPCI's name: "de Lyon", "d'Alès", "du Havre"."""
    for article, joined in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return joined
    return "d'" if fold(name)[:1] in set("aeiouyh") else "de "


@dataclass(frozen=True)
class Place:
    """A territory: a région, a département, a commune or an EPCI."""

    niveau: Level
    nom: str
    code: str | None = None  # INSEE code (région, département, commune), SIREN (EPCI)
    departement: str | None = None  # the département's code (its own for a département)
    region: str | None = None
    de: str = "de "  # "de la ", "de l'", "du ", "des ", "d'"

    @property
    def key(self) -> str:
        """``region:76``, ``departement:34``, ``commune:34/montpellier``, ``epci:34/<slug>``."""
        if self.niveau in ("region", "departement"):
            return f"{self.niveau}:{self.code}"
        return f"{self.niveau}:{self.departement}/{slug(self.nom)}"

    @property
    def de_nom(self) -> str:
        joined = self.de + self.nom
        if self.de in ("du ", "des ") and self.nom.split(" ", 1)[0] in ("Le", "Les"):
            joined = self.de + self.nom.split(" ", 1)[1]
        return joined

    @functools.cached_property
    def fields(self) -> dict[str, str]:
        """The values a model's patterns are written with."""
        return {"code": (self.code or "").lower(), "nom": self.nom, "de_nom": self.de_nom, "slug": slug(self.nom),
                "dep": (self.departement or "").lower()}


def read_places(path: Path = PLACES) -> list[Place]:
    """France's régions and départements (lines starting with "#" are the source's note)."""
    rows = read_data_csv(path)
    return [Place(cast(Level, r["niveau"]), r["nom"], r["code"], r["code"] if r["niveau"] == "departement" else None,
                  r["region"] or (r["code"] if r["niveau"] == "region" else None), r["charniere"]) for r in rows]


@dataclass(frozen=True)
class Territoire:
    """The places a contract covers, and where that was learnt (file, option, inference)."""

    region: Place | None = None
    departement: Place | None = None
    communes: tuple[Place, ...] = ()
    epci: Place | None = None
    source: str = ""
    evidence: tuple[str, ...] = field(default=(), compare=False)

    def places(self) -> list[Place]:
        return [p for p in (self.region, self.departement, *self.communes, self.epci) if p]

    def contains(self, where: str | None) -> bool:
        """Whether a body acting in ``where`` (keys joined by "|") acts in this territory."""
        if not where:
            return False
        keys = {p.key for p in self.places()}
        return any(k in keys for k in where.split("|"))

    def describe(self) -> str:
        parts = [f"{LEVEL_NAMES[p.niveau]} {p.nom}" + (f" ({p.code})" if p.code else "") for p in self.places()]
        return ", ".join(parts) or "aucun"


def _lookup(places: list[Place]) -> dict[str, Place]:
    return {p.key: p for p in places}


def territoire(departement: str | None, places: list[Place], communes: Iterable[tuple[str, str | None]] = (),
               epci: tuple[str, str | None] | None = None, region: str | None = None, source: str = "",
               evidence: tuple[str, ...] = ()) -> Territoire:
    """A territory from codes and names; the région follows from the département."""
    known = _lookup(places)
    dep = known.get(f"departement:{departement}") if departement else None
    reg = known.get(f"region:{region or (dep.region if dep else None)}")
    code = dep.code if dep else None
    towns = tuple(Place("commune", nom, insee, code, reg.code if reg else None, charniere(nom))
                  for nom, insee in communes) if code else ()
    group = Place("epci", epci[0], epci[1], code, reg.code if reg else None, charniere(epci[0])) if epci and code else None
    return Territoire(reg, dep, towns, group, source, evidence)


# --- the territory file ----------------------------------------------------------------------------


def beside(pdf: Path) -> Path:
    """``raw/<name>.territoire.toml`` for ``raw/<name>.pdf``."""
    return pdf.with_name(pdf.stem + config.TERRITORY.territory_suffix)


def read_territoire(path: Path, places: list[Place]) -> Territoire:
    """A territory file, or one ``InputError`` naming what is wrong in it."""
    action = "corrigez le fichier (voir « Territoire du contrat » dans le README)"
    try:
        data = models.TerritoireFichier.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise InputError(path, f"fichier de territoire illisible ({exc.strerror})", action) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, f"ce n'est pas un fichier TOML lisible ({exc})", action) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(path, f"champ {where!r} : {models.MODEL_ERRORS.get(first['type'], 'valeur invalide')} "
                               f"({first['type']})", action) from exc
    known = _lookup(places)
    if f"departement:{data.departement}" not in known:
        raise InputError(path, f"département {data.departement!r} inconnu", "donnez son code officiel (« 42 », « 2A », « 974 »)")
    found = territoire(data.departement, places, [(c.nom, c.code_insee) for c in data.communes],
                       (data.epci.nom, data.epci.siren) if data.epci else None, data.region, f"fichier {path.name}")
    if data.region and found.departement and found.departement.region != data.region:
        raise InputError(path, f"le département {data.departement} n'est pas dans la région {data.region}",
                         "corrigez la région ou retirez-la (elle se déduit du département)")
    return found


# --- inference from the document -------------------------------------------------------------------

_EPCI_NAME = re.compile(config.TERRITORY.epci_name_pattern)


def names_place(text: str, place: Place | None) -> bool:
    """Whether a body's name says its place ("CAF de la Loire", "CD 42"), not only its kind
    ("Etat", which a referential row of one département may also answer to)."""
    if place is None:
        return False
    words = f" {fold(text)} "
    return f" {fold(place.nom)} " in words or bool(place.code and f" {place.code.lower()} " in words)


def _votes(found: Iterable[tuple[str, str]], known: dict[str, Place]) -> tuple[Counter, dict[str, list[str]]]:
    """Département codes named by (territory key, text) pairs, with the texts naming each."""
    votes: Counter = Counter()
    said: dict[str, list[str]] = {}
    for where, text in found:
        if "|" in where or not names_place(text, known.get(where)):
            continue  # a body of several départements says nothing about which one
        level, _, rest = where.partition(":")
        code = rest.split("/", 1)[0] if level in ("commune", "epci", "departement") else None
        if level == "region":
            code = f"r{rest}"
        if code and (level == "region" or f"departement:{code}" in known):
            votes[code] += 1
            said.setdefault(code, []).append(text)
    return votes, said


def _winner(votes: Counter) -> str | None:
    """The most named place, when no other is named as often."""
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def infer(named: list[tuple[str, str]], communes: list[str], epcis: list[str], places: list[Place]) -> Territoire:
    """The territory a document names most: ``named`` are (territory key, text) of the territorial
    bodies it names; ``communes`` and ``epcis`` the names of towns and groups its pilot cells give
    ("Mairie de Saint-Chamond", "Forez Agglomération") that no actor has yet."""
    known = _lookup(places)
    votes, said = _votes(named, known)
    dep = _winner(Counter({c: n for c, n in votes.items() if not c.startswith("r")}))
    region = None if dep else _winner(Counter({c[1:]: n for c, n in votes.items() if c.startswith("r")}))
    evidence = [_quote(said[dep])] if dep else [_quote(said[f"r{region}"])] if region else []
    towns = {p.nom: p.code for p in _claimed_places(named, "commune", known, dep)}
    towns.update({n: None for n in communes if n not in towns})
    groups = {p.nom: p.code for p in _claimed_places(named, "epci", known, dep)}
    groups.update({n: None for n in epcis if n not in groups})
    evidence += [f"« {n} »" for n in communes if n in towns] + [f"« {n} »" for n in epcis if len(groups) == 1]
    return territoire(dep, places, towns.items(), next(iter(groups.items())) if len(groups) == 1 else None,
                      region, "déduit du document", tuple(evidence))


def _quote(texts: list[str]) -> str:
    counted = Counter(texts).most_common(config.TERRITORY.territory_evidence_shown)
    return ", ".join(f"« {t} »" + (f" ×{n}" if n > 1 else "") for t, n in counted)


def _claimed_places(named: list[tuple[str, str]], level: str, known: dict[str, Place], dep: str | None) -> list[Place]:
    """Communes or EPCI the referential already knows, named in the document, in its département."""
    out = []
    for where, _ in named:
        for one in where.split("|"):
            if one.startswith(f"{level}:{dep}/") and one in known:
                out.append(known[one])
    return out


def epci_name(mention: str) -> str | None:
    """The name of a group of communes, when a mention is one ("Forez Agglomération",
    "Communauté urbaine de Dunkerque"), not a generic word ("la Métropole")."""
    text = mention.strip()
    if not _EPCI_NAME.fullmatch(text):
        return None
    capitals = [w for w in re.split(r"[\s'’-]+", text) if w[:1].isupper()]
    return text if len(capitals) >= 2 else None


def _pattern(template: str) -> re.Pattern:
    """A body's name as a regular expression capturing the place's name ("Mairie {de_nom}")."""
    out = []
    for part in re.split(r"(\{\w+\})", template):
        if part == "{nom}":
            out.append(r"(?P<nom>.+)")
        elif part == "{de_nom}":
            out.append(r"(?:de la |de l'|de |d'|du |des )(?P<nom>.+)")
        elif part.startswith("{"):
            out.append(r"[\w-]+")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out), re.IGNORECASE)


def place_named(templates: Iterable[str], name: str) -> str | None:
    """The place a body's name gives, read back through its model's names ("Mairie de
    Saint-Chamond" -> "Saint-Chamond"): a proper name, capitalised. A name that is the place's
    name alone ("{nom}") says nothing of what kind of place a word is, and is not read back."""
    for template in (t for t in templates if t.strip() not in ("{nom}", "{de_nom}")):
        found = _pattern(template).fullmatch(name.strip())
        if found and "nom" in found.groupdict() and found["nom"][:1].isupper():
            return found["nom"]
    return None


def _phrases(ref: Referential) -> dict[str, tuple[str, str]]:
    """Names of territorial bodies in two words or more, and of communes in one ("Montpellier"),
    folded, with where the body acts and its name as the referential writes it. One word of
    another body ("Loire", "Nord", "Cher") is too often a common word or a river."""
    out = {}
    for name, actor_id in ref.owner.items():
        where = ref.actors[actor_id].territoire
        if where and (" " in name or where.startswith("commune:")):
            out[name] = (where, ref.actors[actor_id].libelle)
    return out


def _scan(text: str, phrases: dict[str, tuple[str, str]], longest: int) -> Iterator[tuple[str, str]]:
    """(territory, name) of each territorial body named in free text, longest name first."""
    words = key(text).split()
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            name = " ".join(words[i:i + n])
            if name in phrases:
                yield phrases[name]
                i += n
                break
        else:
            i += 1


def named_in(ref: Referential, cells: Iterable[str], texts: Iterable[str],
             commune_names: Iterable[str]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """What a document says of its territory: the territorial bodies its pilot ``cells`` and free
    ``texts`` name, and the communes and EPCI its pilot cells name that no actor is yet
    (``commune_names`` are the patterns of a town hall's name, "Mairie {de_nom}")."""
    named, communes, epcis = [], [], []
    for cell in cells:
        for m in mentions(ref, cell):
            where = ref.actors[m.acteur_id].territoire if m.acteur_id and m.methode != "fuzzy" else None
            if where:
                named.append((where, m.mention))
            elif not m.acteur_id:
                town, group = place_named(commune_names, m.mention), epci_name(m.mention)
                communes += [town] if town else []
                epcis += [group] if group else []
    phrases = _phrases(ref)
    longest = max((n.count(" ") + 1 for n in phrases), default=0)
    for text in texts:
        named += list(_scan(text, phrases, longest))
    return named, list(dict.fromkeys(communes)), list(dict.fromkeys(epcis))
