"""What a settings dataclass is: frozen, documented field by field (``#:`` comments), and checked
when made: every number at least 0, every share at most 1, every range and table of steps in
increasing order. The values themselves are in ``config.py`` and ``output_config.py``."""

from __future__ import annotations

from dataclasses import fields


class Checked:
    """Base of the settings dataclasses: checks every field when an instance is made."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            _check(f"{type(self).__name__}.{f.name}", f.name, getattr(self, f.name))


def _check(where: str, name: str, value: object) -> None:
    """A number at least 0 (at most 1 for a share); a range of numbers in increasing order; a
    table of steps (pairs) in increasing order of its first values, each step's numbers at least 0."""
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
        for step in value:
            for v in step:
                _check(where, "", v)
        value = tuple(step[0] for step in value)
    if isinstance(value, tuple) and value and all(isinstance(v, (int, float)) for v in value):
        for v in value:
            _check(where, "", v)
        if list(value) != sorted(value):
            raise ValueError(f"réglage {where} = {value!r} : les valeurs doivent croître")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0 or (name.endswith("_share") and value > 1):
            raise ValueError(f"réglage {where} = {value!r} : hors des bornes ({'0 à 1' if name.endswith('_share') else '>= 0'})")
