"""Fiche numbers of an edition -> what its own pattern says is wrong: numbers skipped ("1.4 then
1.6: 1.5 absent"), out of order, or of another shape.

A number is split into its prefix and its last counter ("2.10" -> "2.", 10; "A3" -> "A", 3); within
one prefix the counters should run 1, 2, 3 … A gap is a counter missing between the smallest
and the largest of its prefix (a series starting at 2 also misses 1).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict

from pipeline import config
from pipeline.text import known_mark

_LAST_COUNTER = re.compile(r"^(?P<prefix>.*?)(?P<n>\d+)$")


def split(numero: str) -> tuple[str, int] | None:
    """(prefix, last counter) of a fiche number, None when it does not end with a counter."""
    match = _LAST_COUNTER.match(numero.strip())
    return (match["prefix"], int(match["n"])) if match else None


def series(numero: str) -> str:
    """The series a fiche number belongs to: its prefix before the last counter ("2.1." of
    "2.1.3", "B" of "B2"), "" for a plain number or one that ends with no counter."""
    return (split(numero) or ("", 0))[0]


def gaps(numeros: list[str]) -> list[str]:
    """The numbers absent from the edition's own series, in order, up to the largest counter of
    each series among the numbers in order (``out_of_order``: "1.415", a misread "1.4", opens no
    400 gaps)."""
    series: dict[str, set[int]] = defaultdict(set)
    for numero in numeros:
        parts = split(numero)
        if parts:
            series[parts[0]].add(parts[1])
    moved = {numeros[k] for k in out_of_order(numeros)}
    ends: dict[str, int] = {}
    for numero in numeros:
        parts = split(numero)
        if parts and numero not in moved:
            ends[parts[0]] = max(ends.get(parts[0], 0), parts[1])
    missing = []
    for prefix, counters in series.items():
        missing += [f"{prefix}{n}" for n in range(1, ends.get(prefix, 0)) if n not in counters]
    return missing


#: Characters typed, or read by OCR, for digits inside a fiche number: "l.5", "I.5", "1.O".
_DIGIT_LOOKALIKES = {"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"}


def plain_form(text: str) -> str:
    """A number typed in a variant form as the plain form it stands for: "1,5" -> "1.5",
    "l.5" -> "1.5", "1 . 5" -> "1.5" (the text unchanged when there is nothing to change)."""
    compact = re.sub(r"\s*([.,\-])\s*", r"\1", text.strip())
    compact = re.sub(r"(?<=\d),(?=\d)", ".", compact)
    return re.sub(r"(?<![^\W\d_])[lI|Oo](?=[.\d])|(?<=[.\d])[lI|Oo](?![^\W\d_])",
                  lambda m: _DIGIT_LOOKALIKES[m[0]], compact)


def dotted_forms(text: str, pattern: str) -> list[str]:
    """The numbers of ``pattern`` ("9.9", "9.9.9") that a run of digits printed without its dots
    may stand for ("12" -> "1.2"; "111" -> "1.11", "11.1"): OCR misses small dots. None for
    other texts or patterns, nor with a part opening with a 0."""
    parts = pattern.count("9")
    if not text.isdigit() or pattern != ".".join(["9"] * parts) or parts < 2:
        return []
    return [".".join(text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text))))
            for cuts in itertools.combinations(range(1, len(text)), parts - 1)
            if all(text[k] != "0" for k in cuts)]


def theme_prefix(numero: str, depth: int = 1) -> str:
    """The theme part of a fiche number, ``depth`` levels of it ("5" of "5.9", "2.1" of
    "2.1.3" at depth 2), empty when it has no more parts."""
    parts = numero.split(".")
    return ".".join(parts[:depth]) if len(parts) > depth else ""


def numbers_carry_theme(fiches: list[dict], share: float, of_read: bool = False) -> bool:
    """True when at least ``share`` of the fiches' numbers start with their theme number: "2.10"
    in enjeu 2; of the fiches whose theme was read and whose number has a prefix (``of_read``),
    or of them all."""
    themed = [f for f in fiches if f.get("enjeu") is not None and theme_prefix(f["numero"])]
    agree = sum(1 for f in themed if theme_prefix(f["numero"]) == str(f["enjeu"]))
    return bool(themed) and agree >= share * len(themed if of_read else fiches)


def prefixes_follow_themes(fiches: list[dict]) -> bool:
    """True when the fiches' numbers run through the themes in order whatever the themes read
    beside them: two theme prefixes or more, never decreasing in document order, and every
    theme read is one of them ("2.1" to "2.5" filed under theme 1 do not hide that the numbers
    carry their theme, as ``numbers_carry_theme`` counts)."""
    prefixes = [theme_prefix(f["numero"]) for f in fiches]
    if not all(p.isdigit() for p in prefixes) or len(set(prefixes)) < 2:
        return False
    read = {str(f["enjeu"]) for f in fiches if f.get("enjeu") is not None}
    return all(int(a) <= int(b) for a, b in zip(prefixes, prefixes[1:])) and read <= set(prefixes)


def off_sub_theme(fiches: list[dict]) -> list[dict]:
    """The fiches whose number names another sub-theme than the one read beside them, or none,
    where the edition numbers its sub-themes as the first two parts of its fiche numbers ("2.1"
    above "2.1.3"): every sub-theme number read has the shape of those parts."""
    deep = [f for f in fiches if theme_prefix(f["numero"], 2)]
    read = {shape(f["sous_enjeu"]) for f in fiches if f.get("sous_enjeu")}
    if not read or not read <= {shape(theme_prefix(f["numero"], 2)) for f in deep}:
        return []
    return [f for f in deep if f.get("sous_enjeu") != theme_prefix(f["numero"], 2)]


def shape(numero: str) -> str:
    """The pattern of a fiche number: digits runs as 9, letters as A ("1.12" -> "9.9", "A3" -> "A9")."""
    return re.sub(r"\d+", "9", re.sub(r"[^\W\d_]", "A", numero.strip()))


def edition_shape(numeros: list[str], share: float) -> str | None:
    """The shape most of an edition's numbers have, None when no shape covers ``share`` of them."""
    counts = Counter(shape(n) for n in numeros)
    if not counts:
        return None
    best, count = counts.most_common(1)[0]
    return best if count >= share * len(numeros) else None


def key(numero: str) -> tuple:
    """Sort key of a number: its leading letters, its counters as integers ("A1.10" after
    "A1.9"), then what follows its last digit ("1.5" before "1.5 bis")."""
    match = re.match(r"^([^\d]*)(.*?\d)?([^\d]*)$", numero.strip())
    lead, body, tail = (match.groups(default="") if match else (numero, "", ""))
    return lead.upper().strip(" .-"), tuple(int(n) for n in re.findall(r"\d+", body)), tail.strip().lower()


def out_of_order(numeros: list[str]) -> list[int]:
    """Positions of the numbers outside the longest run in increasing order (the fewest numbers
    whose moves would put the edition back in order)."""
    keys = [key(n) for n in numeros]
    best = [1] * len(keys)  # longest increasing run ending at each position
    before = [-1] * len(keys)
    for j in range(len(keys)):
        for i in range(j):
            if keys[i] < keys[j] and best[i] + 1 > best[j]:
                best[j], before[j] = best[i] + 1, i
    kept, k = set(), max(range(len(keys)), key=lambda j: best[j], default=-1)
    while k >= 0:
        kept.add(k)
        k = before[k]
    return [j for j in range(len(keys)) if j not in kept]


def gap_neighbours(numeros: list[str]) -> list[tuple[str, str | None]]:
    """(absent number, the printed number right before it in its series, or None)."""
    present: dict[tuple[str, int], str] = {}
    for numero in numeros:
        parts = split(numero)
        if parts:
            present[parts] = numero
    out = []
    for missing in gaps(numeros):
        prefix, n = split(missing) or ("", 0)
        below = [k for (p, k) in present if p == prefix and k < n]
        out.append((missing, present[(prefix, max(below))] if below else None))
    return out


def numero_of(text: str) -> str:
    """The fiche number a number cell prints, without the words before it ("Fiche n° 1.1") or
    the dot or bracket after it ("1.1.", "4)")."""
    return config.TABLE.numero_prefix.sub("", text.strip()).rstrip(".)")


def numero_and_mark(text: str) -> tuple[str, str]:
    """A number cell's text split into the fiche number and a call-for-projects mark printed
    after it a space apart ("2 x": the marks' column, which no gutter parted from the numbers'
    on a page, as in a monospaced print whose cell paddings are narrower than a space); else the
    text whole and no mark. A mark has no digit ("12 1" stays whole)."""
    head, _, tail = text.strip().rpartition(" ")
    if head and tail and not any(ch.isdigit() for ch in tail) and known_mark(tail) and is_numero(head):
        return head, tail
    return text, ""


def is_numero(text: str) -> bool:
    text = numero_of(text)
    return bool(config.TABLE.numero_pattern.match(text.replace(" ", "") if len(text) < config.TABLE.numero_spaced_max else text))


def variant_numero(text: str) -> bool:
    """A short number cell with a digit that is no fiche number: a number in a variant form."""
    text = numero_of(text)
    return 0 < len(text) <= config.TABLE.variant_numero_max and bool(re.search(r"\d", text)) and not is_numero(text)


def is_label_number(word: str, rest: str) -> bool:
    """True when ``word`` is a theme label's word and ``rest`` the label from its number on
    ("Axe" | "1 : Cadre de vie"): the number the label's, not a fiche's, whatever cut the two."""
    match = config.TABLE.theme_pattern.match(f"{word} {rest}")
    return match is not None and match["mot"] == word
