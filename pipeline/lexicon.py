"""A word as the document prints it -> whether it is a French word: pyspellchecker's French
dictionary (about 140,000 words), consulted where the document's own words leave a cut at a
line end undecided ("associati" / "ons", "bénéficiair" / "es"). Loaded once, on first use."""

from __future__ import annotations

import bisect
import functools
import gzip
import importlib.resources
import json

from pipeline import config


@functools.cache
def _entries() -> list[str]:
    """The dictionary's entries, one ``"mot": fréquence,`` line each, sorted for a binary search:
    its data file read as lines, unescaped (five times faster than parsing it as JSON, 0.05 s
    against 0.3 s: a run looks up a few words, and the parse was a fifth of a small edition's time)."""
    resource = importlib.resources.files("spellchecker") / "resources" / "fr.json.gz"
    if resource.is_file():
        text = gzip.decompress(resource.read_bytes()).decode("utf-8")
    else:
        from spellchecker import SpellChecker

        text = json.dumps(SpellChecker(language="fr", distance=1).word_frequency.dictionary)
    if "\\" in text or "\n" not in text.strip():  # escaped or on one line: rewritten one plain entry a line
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=0)
    return sorted(text.split("\n"))


def _listed(key: str) -> bool:
    """True when ``key`` is one of the dictionary's words."""
    entries, probe = _entries(), json.dumps(key, ensure_ascii=False) + ":"
    at = bisect.bisect_left(entries, probe)
    return at < len(entries) and entries[at].startswith(probe)


#: Accented letters a capital opening a word is often printed without ("Education", "Etat").
_UNACCENTED_CAPITALS = {"E": "éèê", "A": "àâ", "I": "î", "O": "ô", "U": "ù"}


def french(word: str) -> bool:
    """True when the word (lower case, without punctuation around it, its elided article dropped)
    is in the French dictionary, or would be with the accent its opening capital was printed
    without ("Education"), or is a learned prefix before such a word ("Pluriprofessionnelle",
    ``word_prefixes``) or alone ("pluri" / "quantitatif" at a line end are two words, or one cut
    at its prefix: nothing tells, and the prefix alone counts as a word, which keeps them apart),
    or is a compound of such words ("Socio-professionnelle", office seed 5274); single letters
    never are."""
    bare = config.CELL_TEXT.elision.sub("", word.strip(config.CELL_TEXT.word_punctuation), count=1)
    key = bare.lower().replace("’", "'")
    if len(key) < 2:
        return False
    if "-" in key.strip("-") and not _listed(key):
        return all(french(part) for part in bare.split("-"))
    listed = _listed(key) or any(_listed(accent + key[1:]) for accent in _UNACCENTED_CAPITALS.get(bare[:1], ""))
    return listed or key in config.CELL_TEXT.word_prefixes or _prefixed(key)


def _prefixed(key: str) -> bool:
    """True when ``key`` is a learned prefix before a dictionary word long enough (``word_prefixes``)."""
    least = config.CELL_TEXT.prefixed_stem_min
    return any(key.startswith(prefix) and len(key) - len(prefix) >= least and _listed(key[len(prefix):])
               for prefix in config.CELL_TEXT.word_prefixes)
