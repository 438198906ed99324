"""The actors of one edition: the referential's rows, plus every territorial body of each région
and département (and of the contract's communes and EPCI) instantiated from the models, the
generic names ("Ville", "CAF", "Préfecture") read only as the bodies of the contract's territory."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from pipeline.files import actor_type, names, read_data_csv
from pipeline.models import TypeActeur
from pipeline.normalise import Actor, Referential, key, partner_cell
from pipeline.territoire import (
    Place,
    Territoire,
    charniere,
    infer,
    named_in,
    place_named,
)

MODELS = Path(str(resources.files("pipeline") / "referentiel" / "modeles.csv"))


@dataclass(frozen=True)
class Modele:
    """A kind of territorial body, its names written with the fields of ``Place.fields``."""

    modele: str
    niveau: str
    id: str
    libelle: str
    sigle: str | None
    type: TypeActeur
    parent: str | None
    alias: tuple[str, ...]
    alias_locaux: tuple[str, ...]
    remplace_par: str | None
    date_fin: dt.date | None
    note: str | None


def read_models(path: Path = MODELS) -> list[Modele]:
    """The models of territorial bodies (lines starting with "#" document the file)."""
    rows = read_data_csv(path)
    return [Modele(r["modele"], r["niveau"], r["id"], r["libelle"], r["sigle"] or None, actor_type(r["type"], path),
                   r["parent"] or None, names(r["alias"]), names(r["alias_locaux"]), r["remplace_par"] or None,
                   dt.date.fromisoformat(r["date_fin"]) if r["date_fin"] else None, r["note"] or None) for r in rows]


def row_places(rows: list[Actor], models: list[Modele]) -> list[Place]:
    """The communes and EPCI the referential's rows already stand for (Montpellier's "ville")."""
    by_model = {m.modele: m for m in models}
    out: dict[str, Place] = {}
    for row in rows:
        model = by_model.get(row.modele or "")
        if not model or model.niveau not in ("commune", "epci") or not row.territoire:
            continue
        level, _, rest = row.territoire.partition(":")
        dep = rest.split("/", 1)[0]
        nom = place_named((model.libelle, *model.alias), row.libelle) or row.libelle
        code = row.code_insee if level == "commune" else row.siren
        out.setdefault(row.territoire, Place(level, nom, code, dep, None, charniere(nom)))  # type: ignore[arg-type]
    return list(out.values())


# --- instantiation ---------------------------------------------------------------------------------


def _format(template: str | None, place: Place) -> str | None:
    return template.format(**place.fields) if template else None


def _instance(model: Modele, place: Place, ids: dict[tuple[str, str], str]) -> Actor:
    """The body of ``model`` in ``place``; parents naming a model resolve in the same place."""
    def link(name: str | None) -> str | None:
        return ids.get((name, place.key)) or name if name else None
    return Actor(id=ids[(model.modele, place.key)], libelle=_format(model.libelle, place) or "", sigle=model.sigle,
                 type=model.type, parent_id=link(model.parent), alias=tuple(_format(a, place) or "" for a in model.alias),
                 remplace_par=link(model.remplace_par), date_fin=model.date_fin, note=model.note,
                 code_insee=place.code if place.niveau != "epci" else None,
                 siren=place.code if place.niveau == "epci" else None, territoire=place.key, modele=model.modele,
                 alias_locaux=model.alias_locaux)


def _merge(row: Actor, instance: Actor) -> Actor:
    """A referential row standing for a generated body: the row's id and values, both names."""
    alias = tuple(dict.fromkeys((*row.alias, instance.libelle, *instance.alias)))
    return replace(row, alias=alias, alias_locaux=tuple(dict.fromkeys((*row.alias_locaux, *instance.alias_locaux))),
                   code_insee=row.code_insee or instance.code_insee, siren=row.siren or instance.siren)


def _local_keys(actor: Actor) -> set[str]:
    """The folded names a territorial body goes by only inside its territory: its generic names,
    and its id and acronym unless an alias of its own also says them ("etat")."""
    if not actor.territoire:
        return set()
    generic = {key(n) for n in actor.alias_locaux}
    plain = {key(n) for n in actor.alias} - generic
    own = {key(n) for n in (actor.id.replace("-", " "), actor.sigle) if n}
    return generic | (own - plain)


def _declared(rows: list[Actor]) -> dict[str, set[str]]:
    return {r.id: {key(n) for n in (r.libelle, r.sigle, *r.alias, *r.alias_locaux) if n} for r in rows}


def edition_actors(rows: list[Actor], models: list[Modele], places: list[Place],
                   where: Territoire | None) -> list[Actor]:
    """Every actor one edition's pilots may name (see module doc): each generated body once, the
    rows standing for some of them keeping their ids."""
    by_model = {m.modele: m for m in models}
    rows = [replace(r, alias_locaux=tuple(dict.fromkeys((*r.alias_locaux, *by_model[r.modele].alias_locaux))))
            if r.modele in by_model else r for r in rows]
    spots = [*places, *(where.communes if where else ()), *([where.epci] if where and where.epci else [])]
    claimed = {(r.modele, r.territoire): r for r in rows if r.modele}
    pairs = [(m, p) for p in spots for m in models if m.niveau == p.niveau]
    ids = {(m.modele, p.key): claimed[(m.modele, p.key)].id if (m.modele, p.key) in claimed else _format(m.id, p) or ""
           for m, p in pairs}
    made = {(m.modele, p.key): _instance(m, p, ids) for m, p in pairs}
    merged = {id(claimed[k]): _merge(claimed[k], made.pop(k)) for k in list(made) if k in claimed}
    actors = [merged.get(id(r), r) for r in rows] + list(made.values())
    return _settle_names([_in_or_out(a, where) for a in actors], _declared(rows))


def _in_or_out(actor: Actor, where: Territoire | None) -> Actor:
    """A body of the contract's territory answers to its generic names; another's ignores them."""
    if not actor.territoire:
        return actor
    if where and where.contains(actor.territoire):
        return replace(actor, alias=tuple(dict.fromkeys((*actor.alias, *actor.alias_locaux))))
    return replace(actor, ignore=frozenset(_local_keys(actor)))


def _settle_names(actors: list[Actor], declared: dict[str, set[str]]) -> list[Actor]:
    """A name two actors answer to is read as neither (two communes of one contract are both
    "Ville"), unless the referential's rows give it to both as their own: an error in the rows."""
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        for name in (actor.libelle, actor.sigle, actor.id.replace("-", " "), *actor.alias):
            if name and key(name) not in actor.ignore:
                owners[key(name)].add(actor.id)
    local = {a.id: _local_keys(a) for a in actors}
    drop: dict[str, set[str]] = defaultdict(set)
    for name, ids in owners.items():
        if len(ids) < 2:
            continue
        rows = sorted(i for i in ids if name in declared.get(i, set()) and name not in local[i])
        if len(rows) > 1:
            raise ValueError(f"referential: the name {name!r} is given to both {rows[0]!r} and {rows[1]!r}")
        for actor_id in ids:
            drop[actor_id].add(name)
    return [replace(a, ignore=a.ignore | drop[a.id]) if a.id in drop else a for a in actors]


# --- one edition's actors, from its territory ---------------------------------------------------------


def _texts(fiches: list[dict], zones: list[dict]) -> Iterator[str]:
    """The free text of an edition: titles, objectives, extra columns, and the lines of no fiche."""
    for fiche in fiches:
        yield fiche["intitule"]
        yield from fiche["objectifs"]
        yield from (v for v in json.loads(fiche.get("colonnes_supplementaires") or "{}").values() if isinstance(v, str))
    yield from (z["texte"] for z in zones)


def locate(fiches: list[dict], zones: list[dict], rows: list[Actor], models: list[Modele],
           places: list[Place], given: Territoire | None) -> Territoire:
    """The contract's territory: the one given, or the one its document names (see ``infer``)."""
    if given:
        return given
    blind = Referential(edition_actors(rows, models, places, None))
    town_hall = next((m for m in models if m.niveau == "commune" and m.parent is None), None)
    names = (town_hall.libelle, *town_hall.alias) if town_hall else ()
    cells = [cell for f in fiches for cell in pilot_cells(f)]
    named, communes, epcis = named_in(blind, cells, _texts(fiches, zones), names)
    return infer(named, communes, epcis, [*places, *row_places(rows, models)])


def pilot_cells(fiche: dict) -> list[str]:
    """The cells of a fiche naming actors: its pilots, and its partners where the edition has them."""
    return [fiche["pilote_brut"], partner_cell(fiche)]


def generic_names(models: list[Modele]) -> frozenset[str]:
    """Folded names that say which kind of body, not which one ("Ville", "CAF", "Préfet")."""
    return frozenset(key(n) for m in models for n in (*m.alias_locaux, *([m.sigle] if m.sigle else [])))


def published(actors: list[Actor], rows: list[Actor], where: Territoire | None, used: set[str]) -> list[Actor]:
    """The actors an edition publishes: the referential's rows, its territory's bodies, every
    body its pilots name, and the parents and successors these point to."""
    by_id = {a.id: a for a in actors}
    keep = {r.id for r in rows} | used | {a.id for a in actors if where and where.contains(a.territoire)}
    todo = list(keep)
    while todo:
        actor = by_id.get(todo.pop())
        for link in (actor.parent_id, actor.remplace_par) if actor else ():
            if link and link not in keep and link in by_id:
                keep.add(link)
                todo.append(link)
    return [a for a in actors if a.id in keep]
