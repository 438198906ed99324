"""A word as the document prints it -> whether it is a French word: pyspellchecker's French
dictionary (about 140,000 words), consulted where the document's own words leave a cut at a
line end undecided ("associati" / "ons", "bénéficiair" / "es"). Loaded once, on first use."""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import json

from pipeline import config


@functools.cache
def _words() -> frozenset[str]:
    """The dictionary's words, read from its data file (twice as fast as building a spell checker,
    whose word list it is); loaded on first use: only a cut word at a line end needs it."""
    resource = importlib.resources.files("spellchecker") / "resources" / "fr.json.gz"
    if resource.is_file():
        return frozenset(json.loads(gzip.decompress(resource.read_bytes())))
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="fr", distance=1).word_frequency.dictionary)


def french(word: str) -> bool:
    """True when the word (lower case, without punctuation around it, its elided article dropped)
    is in the French dictionary; single letters never are."""
    key = config.CELL_TEXT.elision.sub("", word.lower().strip(config.CELL_TEXT.word_punctuation), count=1)
    return len(key) > 1 and key.replace("’", "'") in _words()
