"""Random contract content for the fuzz (``tests/fuzz_layouts.py``, seeds from 1000): so that no
rule leans on the shared edition's text. Each seed draws a numbering scheme ("1.2", "1.2.3"
under two theme levels, "A2", plain "7"), themes and sub-themes, titles, objectives as
paragraphs and lists of two levels, pilots and the call-for-projects mark, from the words of
the two contents we hold (the shared edition and the Saint-Chamond contract), shuffled."""

from __future__ import annotations

import random
import re

from tests.contrat_loire import loire_fiches
from tests.synthetic import shared_fiches

#: Bodies a pilot cell names, as contracts write them.
PILOTS = ["Ville", "Métropole", "Etat", "CAF", "Département", "Région", "Bailleurs sociaux", "ARS", "DDETS",
          "Mission locale", "France Travail", "Centres sociaux", "Education nationale", "CCAS", "Préfecture"]
SCHEMES = ["n.m", "n.m", "n.m.k", "An", "n"]


def _vocabulary() -> list[str]:
    """The words of both contents' titles and objectives, without bullets or digits."""
    texts = [f["intitule"] for f in shared_fiches() + loire_fiches()]
    texts += [o for f in shared_fiches() + loire_fiches() for o in f["objectifs"]]
    words = {w.strip(",.;:()«»") for t in texts for w in t.split()}
    return sorted(w for w in words if w and re.fullmatch(r"[^\W\d_][\w'’-]*", w))


def _sentence(rng: random.Random, words: list[str], low: int, high: int, end: str = "") -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:] + end


def _objectives(rng: random.Random, words: list[str]) -> tuple[list[str], list[int]]:
    """One to five items: a paragraph or a first-level item first, second-level items only
    under a first-level one."""
    items, levels = [], []
    for k in range(rng.randint(1, 5)):
        level = rng.choice([0, 1]) if k == 0 else rng.choice([1, 1, 2]) if levels[-1] >= 1 else 1
        items.append(_sentence(rng, words, 4, 24, rng.choice(["", ".", " ;", ","])))
        levels.append(level)
    return items, levels


def random_fiches(seed: int) -> list[dict]:
    """About 15 to 60 fiches of a fictional contract, as content to lay out."""
    rng = random.Random(f"contenu-{seed}")
    words = _vocabulary()
    scheme = rng.choice(SCHEMES)
    out: list[dict] = []
    for enjeu in range(1, rng.randint(3, 6) + 1):
        libelle = _sentence(rng, words, 3, 9)
        subs = rng.randint(2, 3) if scheme == "n.m.k" else 1
        for sub in range(1, subs + 1):
            sub_libelle = _sentence(rng, words, 2, 6)
            for n in range(1, rng.randint(1, 5) + 1):
                numero = {"n.m": f"{enjeu}.{n}", "n.m.k": f"{enjeu}.{sub}.{n}", "An": f"{'ABCDEF'[enjeu - 1]}{n}",
                          "n": str(len(out) + 1)}[scheme]
                objectifs, niveaux = _objectives(rng, words)
                fiche = {"enjeu": enjeu, "enjeu_libelle": libelle, "numero": numero,
                         "intitule": _sentence(rng, words, 3, 14), "objectifs": objectifs, "objectifs_niveaux": niveaux,
                         "appel_a_projets": rng.random() < 0.5,
                         "pilote_brut": rng.choice([", ", " / ", " et "]).join(rng.sample(PILOTS, rng.randint(1, 3)))}
                if scheme == "n.m.k":
                    fiche.update(sous_enjeu=f"{enjeu}.{sub}", sous_enjeu_libelle=sub_libelle)
                out.append(fiche)
    return out
