"""A fixed sample of the random layouts of ``tests/fuzz_layouts.py``: every fiche that comes out
wrong must be flagged, a missing one signalled (``flag_errors``: silent 0), and the layouts the
reader reads exactly must stay exact. The seeds include the ones that once broke it."""

from __future__ import annotations

import pytest

from tests.fuzz_layouts import flag_errors, read_seed

pytestmark = pytest.mark.slow

#: Seeds drawn once, plus those a change once broke (16, 41, 60, 65, 103: a merged-cell rule;
#: 68: a theme border one row off), and random content from 1000 (1000: plain numbers and
#: borderless rotated themes whose labels sit off their cells, three fiches under a neighbouring
#: theme by a near tie of the label centres).
SEEDS = [0, 3, 7, 16, 22, 41, 50, 60, 65, 68, 97, 103, 104, 118, 1000, 1003, 1005]
#: Layouts with a fiche no rule reads back, each flagged (README, Known limits): a pilot cell cut
#: by a page break ("association" / "porteuse"), glued words in a narrow monospaced column, a
#: sentence's dash wrapped to a line start ("à moyen" / "– long terme"); themes by a near tie (1000).
INEXACT = {3, 97, 104, 1000}


@pytest.mark.parametrize("seed", SEEDS)
def test_random_layout_is_exact_or_flagged(seed, tmp_path):
    reading = read_seed(seed, tmp_path)
    assert flag_errors(reading.expected, reading.got, reading.warnings, reading.wrong)["silent"] == 0
    assert bool(reading.wrong) == (seed in INEXACT), reading.wrong[:4]
