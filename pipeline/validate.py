"""Validate stage: every fiche checked against its contract; invalid ones set aside, with why.

Checks: the ``FicheNormalisee`` model (types, no unknown field), the number pattern, a title,
no duplicate number, pilots known or listed as unknown, and the theme agreeing with the
number's prefix where the edition numbers its fiches that way ("2.10" under ENJEU 2). Nothing
is dropped silently: a rejected fiche becomes a ``Rejet`` with its reasons, pages and record.
"""

from __future__ import annotations

from collections import Counter

from pydantic import ValidationError

from pipeline import config, models, numbering

#: Why a fiche is set aside: code (stable, each reason opens with it) -> what it means.
REJECT_REASONS = {
    "champ_invalide": "un champ n'a pas le type du modèle",
    "numero_absent": "la cellule du numéro est vide",
    "numero_invalide": "le numéro n'est pas un numéro de fiche",
    "numero_double": "le numéro figure plusieurs fois dans l'édition",
    "intitule_absent": "la fiche n'a pas d'intitulé",
    "pilote_sans_acteur": "la cellule pilote ne nomme aucun acteur",
    "numero_hors_theme": "le numéro désigne un autre enjeu que celui de la fiche",
}


def _reason(code: str, message: str) -> str:
    if code not in REJECT_REASONS:
        raise ValueError(f"code de rejet inconnu {code!r}")
    return f"{code} : {message}"


def reason_parts(reason: str) -> tuple[str, str]:
    """(code, message) of a reason as ``reasons`` writes it."""
    code, _, message = reason.partition(" : ")
    return code, message


def reasons(fiche: dict, seen: Counter, themed_numbers: bool) -> list[str]:
    """Why a fiche is invalid (empty when it is valid), each reason opening with its code."""
    out = []
    try:
        models.FicheNormalisee.model_validate(fiche)
    except ValidationError as exc:
        out += [_reason("champ_invalide", f"champ {'.'.join(map(str, e['loc']))} : "
                        f"{models.MODEL_ERRORS.get(e['type'], 'valeur invalide')} ({e['type']})") for e in exc.errors()]
    numero = str(fiche.get("numero", ""))
    if not numero:
        out.append(_reason("numero_absent", "la cellule du numéro est vide ; fiche mise à l'écart, "
                                            "jamais fusionnée à la précédente"))
    elif not config.TABLE.numero_pattern.match(numero):
        out.append(_reason("numero_invalide", f"le numéro {numero!r} n'est pas un numéro de fiche"))
    elif seen[numero] > 1:
        out.append(_reason("numero_double", f"le numéro {numero!r} figure {seen[numero]} fois dans l'édition"))
    if not str(fiche.get("intitule", "")).strip():
        out.append(_reason("intitule_absent", "la fiche n'a pas d'intitulé"))
    if str(fiche.get("pilote_brut", "")).strip() and not (fiche.get("pilotes") or fiche.get("pilotes_inconnus")):
        out.append(_reason("pilote_sans_acteur", "la cellule pilote ne nomme aucun acteur, connu ou inconnu"))
    prefix = numbering.theme_prefix(numero)
    if themed_numbers and fiche.get("enjeu") is not None and prefix and prefix != str(fiche["enjeu"]):
        out.append(_reason("numero_hors_theme", f"le numéro {numero!r} est classé sous l'enjeu {fiche['enjeu']}"))
    return out


def validate(fiches: list[dict]) -> tuple[list[dict], list[dict]]:
    """(valid fiches, ``Rejet`` records) — every fiche ends up in exactly one of them."""
    seen = Counter(str(f.get("numero", "")) for f in fiches)
    themed = numbering.numbers_carry_theme(fiches, config.TABLE.theme_prefix_share)
    valid, rejected = [], []
    for fiche in fiches:
        why = reasons(fiche, seen, themed)
        if why:
            rejected.append({"edition": fiche.get("edition", ""), "table": "fiches", "numero": fiche.get("numero"),
                             "pages": list(fiche.get("pages") or []), "raisons": why, "enregistrement": fiche})
        else:
            valid.append(fiche)
    return valid, rejected
