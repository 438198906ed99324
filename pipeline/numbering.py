"""Fiche numbers of an edition -> the numbers its own pattern skips ("1.4 then 1.6: 1.5 absent").

A number is split into its prefix and its last counter ("2.10" -> "2.", 10; "A3" -> "A", 3); within
one prefix the counters should run 1, 2, 3 … A gap is a counter missing between the smallest
and the largest of its prefix (a series starting at 2 also misses 1).
"""

from __future__ import annotations

import re
from collections import defaultdict

_LAST_COUNTER = re.compile(r"^(?P<prefix>.*?)(?P<n>\d+)$")


def split(numero: str) -> tuple[str, int] | None:
    """(prefix, last counter) of a fiche number, None when it does not end with a counter."""
    match = _LAST_COUNTER.match(numero.strip())
    return (match["prefix"], int(match["n"])) if match else None


def gaps(numeros: list[str]) -> list[str]:
    """The numbers absent from the edition's own series, in order."""
    series: dict[str, set[int]] = defaultdict(set)
    for numero in numeros:
        parts = split(numero)
        if parts:
            series[parts[0]].add(parts[1])
    missing = []
    for prefix, counters in series.items():
        missing += [f"{prefix}{n}" for n in range(1, max(counters)) if n not in counters]
    return missing
