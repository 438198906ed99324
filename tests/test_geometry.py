"""Shared geometry: joined intervals, the cheapest increasing choice and its near ties."""

from __future__ import annotations

import itertools
import statistics

from hypothesis import given
from hypothesis import strategies as st

from pipeline.geometry import cheapest_increasing, cheapest_with_ties, merged_intervals, weighted_median

spans = st.lists(st.tuples(st.floats(0, 100), st.floats(0, 20)).map(lambda s: (s[0], s[0] + s[1])), max_size=12)


@given(spans, st.floats(0, 5))
def test_joined_intervals_cover_the_same_points_and_stay_apart(intervals, gap):
    joined = merged_intervals(intervals, gap)
    assert all(b[0] > a[1] + gap for a, b in zip(joined, joined[1:]))
    for start, end in intervals:
        assert any(a <= start and end <= b for a, b in joined)


@given(st.lists(st.floats(-1000, 1000), min_size=1, max_size=9))
def test_a_median_weighted_equally_is_the_plain_median(values):
    assert weighted_median(values, [1.0] * len(values)) == statistics.median(values)


@given(st.lists(st.tuples(st.floats(-1000, 1000), st.integers(1, 5)), min_size=1, max_size=6))
def test_a_weighted_median_is_the_median_of_the_values_repeated_by_their_weights(pairs):
    values, weights = zip(*pairs)
    repeated = [v for v, w in pairs for _ in range(w)]
    assert weighted_median(values, weights) == statistics.median(repeated)


def _centred(labels: list[float], end: float):
    """The costs ``row_themes`` gives theme cells: how far each cell's middle is from its label."""
    def step(start: float, cut: float, k: int) -> float:
        return abs((start + cut) / 2 - labels[k])

    def last(start: float) -> float:
        return abs((start + end) / 2 - labels[-1])

    return step, last


def test_cheapest_increasing_is_the_best_of_every_increasing_choice():
    options = [[20.0, 90.0, 100.0, 110.0], [95.0, 150.0, 170.0], [160.0, 180.0, 190.0]]
    step, last = _centred([50.0, 125.0, 170.0, 195.0], 200.0)
    chosen = cheapest_increasing(options, 0.0, step, last)

    def cost(path: tuple[float, ...]) -> float:
        starts = (0.0, *path)
        return sum(step(s, c, k) for k, (s, c) in enumerate(zip(starts, path))) + last(path[-1])

    increasing = [p for p in itertools.product(*options) if all(a < b for a, b in zip(p, p[1:]))]
    assert cost(tuple(chosen)) == min(cost(p) for p in increasing)
    assert cheapest_increasing([[50.0], [40.0]], 0.0, step, last) == []


def test_labels_that_fit_their_cells_leave_no_tie():
    step, last = _centred([50.0, 150.0], 200.0)
    assert cheapest_increasing([[90.0, 100.0, 110.0]], 0.0, step, last) == [100.0]
    assert cheapest_with_ties([[90.0, 100.0, 110.0]], 0.0, step, last, share=0.5) == ([100.0], [])


def test_a_border_labels_off_their_cells_barely_prefer_is_a_near_tie():
    step, last = _centred([50.0, 140.0], 200.0)  # the second label 10 above its cell's middle
    assert cheapest_with_ties([[90.0, 100.0, 110.0]], 0.0, step, last, share=0.5)[1] == [(90.0, 100.0)]
