"""Compare two processed editions: which fiches are new, dropped, renumbered, retitled, moved,
re-piloted, opened to or closed to the call for projects.

Fiches are matched by content, not by number (numbers and themes change between editions):
title similarity first, objectives similarity as a tie-breaker, and one optimal one-to-one
assignment over all pairs (scipy's ``linear_sum_assignment``), so that a fiche never takes
another's better partner the way a greedy pass would. Pilots are compared by referential id:
"3M" and "Montpellier Méditerranée Métropole" are no change, and a body replaced by another
(DDCS -> DDETS, from the referential's ``remplace_par``) is a rename, not a removal and an
addition.
"""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from pipeline import config, models
from pipeline.console import plural
from pipeline.text import collapse, fold

#: Fields compared between two matched fiches, in the order reports list them.
FIELDS = ("numero", "enjeu", "intitule", "objectifs", "pilotes", "appel_a_projets")


def scores(old: list[dict], new: list[dict]) -> np.ndarray:
    """Match score of every (old, new) pair; 0 where the two fiches are not alike enough.

    Title similarity decides (token order ignored); objectives similarity is added as a
    hundredth, to break ties. A retitled fiche still matches when its objectives are nearly the
    same, at a lower score than any acceptable title match."""
    titles = process.cdist([f["intitule"] for f in old], [f["intitule"] for f in new],
                           scorer=fuzz.token_sort_ratio, processor=fold, workers=-1)
    objectives = process.cdist([" ".join(f["objectifs"]) for f in old], [" ".join(f["objectifs"]) for f in new],
                               scorer=fuzz.ratio, processor=fold, workers=-1)
    by_title = np.where(titles >= config.DIFF.diff_title_min, titles + objectives / 100, 0.0)
    by_objectives = np.where(objectives >= config.DIFF.diff_objectives_min, config.DIFF.diff_objectives_weight * objectives, 0.0)
    return np.maximum(by_title, by_objectives)


def match(old: list[dict], new: list[dict]) -> list[tuple[int | None, int | None, float | None]]:
    """(old index, new index, score) for every fiche of either edition: pairs, then lone ones."""
    pairs: list[tuple[int | None, int | None, float | None]] = []
    if old and new:
        matrix = scores(old, new)
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        pairs = [(int(i), int(j), round(float(matrix[i, j]), 2)) for i, j in zip(rows, cols) if matrix[i, j] > 0]
    matched_old = {i for i, _, _ in pairs}
    matched_new = {j for _, j, _ in pairs}
    pairs += [(i, None, None) for i in range(len(old)) if i not in matched_old]
    pairs += [(None, j, None) for j in range(len(new)) if j not in matched_new]
    return pairs


def successor(actor: str, replaced_by: dict[str, str]) -> str:
    """The body that finally took over ``actor`` (following renames), or ``actor`` itself."""
    seen = {actor}
    while replaced_by.get(actor) and replaced_by[actor] not in seen:
        actor = replaced_by[actor]
        seen.add(actor)
    return actor


def pilot_changes(before: list[str], after: list[str], replaced_by: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    """(nature, before, after) for each pilot change: renommage, retrait or ajout."""
    gone = [p for p in before if p not in after]
    came = [p for p in after if p not in before]
    out: list[tuple[str, str | None, str | None]] = []
    for p in gone:
        heir = successor(p, replaced_by)
        if heir != p and heir in came:
            out.append(("renommage", p, heir))
            came.remove(heir)
        else:
            out.append(("retrait", p, None))
    return out + [("ajout", None, p) for p in came]


def compare(a: dict, b: dict, replaced_by: dict[str, str]) -> list[dict]:
    """The changed fields of a matched pair, one record per change."""
    changes = []
    for name in FIELDS:
        if name == "pilotes":
            for nature, before, after in pilot_changes(a["pilotes"], b["pilotes"], replaced_by):
                changes.append({"champ": name, "nature": nature, "avant": before, "apres": after})
        elif collapse(a[name]) != collapse(b[name]):
            changes.append({"champ": name, "nature": "modification", "avant": models.text_value(a[name]),
                            "apres": models.text_value(b[name])})
    return changes


def diff(old: list[dict], new: list[dict], replaced_by: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """(``FicheAppariee`` records, ``Changement`` records) between two editions' fiches."""
    old_edition = old[0]["edition"] if old else ""
    new_edition = new[0]["edition"] if new else ""
    fiches, changes = [], []
    for i, j, score in match(old, new):
        a = old[i] if i is not None else None
        b = new[j] if j is not None else None
        found = compare(a, b, replaced_by) if a and b else []
        either = b or a
        assert either is not None  # a match pairs at least one fiche
        statut = "ajoutee" if a is None else "supprimee" if b is None else "modifiee" if found else "inchangee"
        fiches.append({
            "ancienne_edition": old_edition, "nouvelle_edition": new_edition, "statut": statut,
            "numero_ancien": a["numero"] if a else None, "numero_nouveau": b["numero"] if b else None,
            "intitule": either["intitule"], "champs_modifies": sorted({c["champ"] for c in found}, key=FIELDS.index),
            "score": score,
        })
        if a and b:
            changes += [{"numero_ancien": a["numero"], "numero_nouveau": b["numero"], **c,
                         "pages_ancien": list(a["pages"]), "pages_nouveau": list(b["pages"])} for c in found]
    order = {"modifiee": 0, "ajoutee": 1, "supprimee": 2, "inchangee": 3}
    fiches.sort(key=lambda f: (order[f["statut"]], _number_key(f["numero_nouveau"] or f["numero_ancien"])))
    return fiches, changes


def _number_key(numero: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in numero.replace("-", ".").split("."))


def report(fiches: list[dict], changes: list[dict]) -> str:
    """changements.md: the counts first, then every change."""
    counts = Counter(f["statut"] for f in fiches)
    old = next((f["ancienne_edition"] for f in fiches if f["ancienne_edition"]), "")
    new = next((f["nouvelle_edition"] for f in fiches if f["nouvelle_edition"]), "")
    lines = [f"# Changements : {old} → {new}", "",
             f"{plural(counts['inchangee'], 'fiche inchangée', 'fiches inchangées')}, "
             f"{plural(counts['modifiee'], 'modifiée', 'modifiées')}, {plural(counts['ajoutee'], 'ajoutée', 'ajoutées')}, "
             f"{plural(counts['supprimee'], 'supprimée', 'supprimées')}.", ""]
    by_pair: dict[tuple, list[dict]] = {}
    for c in changes:
        by_pair.setdefault((c["numero_ancien"], c["numero_nouveau"]), []).append(c)
    lines += ["## Fiches modifiées", ""]
    for f in (f for f in fiches if f["statut"] == "modifiee"):
        lines.append(f"- **{f['numero_ancien']} → {f['numero_nouveau']}** {f['intitule']} (score {f['score']})")
        for c in by_pair[(f["numero_ancien"], f["numero_nouveau"])]:
            if c["champ"] == "objectifs":
                before, after = json.loads(c["avant"]), json.loads(c["apres"])
                lines.append(f"  - objectifs ({c['nature']}) :")
                lines += [f"    - retiré : {_short(item, 400)}" for item in before if item not in after]
                lines += [f"    - ajouté : {_short(item, 400)}" for item in after if item not in before]
            else:
                lines.append(f"  - {c['champ']} ({c['nature']}) : {_short(c['avant'])} → {_short(c['apres'])}")
    lone = (("Fiches ajoutées", "ajoutee", "numero_nouveau"), ("Fiches supprimées", "supprimee", "numero_ancien"))
    for title, statut, key in lone:
        lines += ["", f"## {title}", ""]
        lines += [f"- {f[key]} {f['intitule']}" for f in fiches if f["statut"] == statut] or ["Aucune."]
    return "\n".join(lines) + "\n"


def _short(text: str | None, width: int = 90) -> str:
    if text is None:
        return "∅"
    text = " ".join(text.split())
    return f"« {text if len(text) <= width else text[:width - 1] + '…'} »"
