"""apportion: largest remainder and the clamped proportional split."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tdi_split.core.apportion import (
    InfeasibleSplitError,
    Split,
    clamped_split,
    largest_remainder,
    largest_remainder_over,
)


def test_largest_remainder_gives_the_cents_left_to_the_largest_fractions() -> None:
    exact = [Fraction(1, 10) + 5, Fraction(9, 10) + 7, Fraction(5, 10) + 8, Fraction(5, 10)]  # 21 in all
    rounded = largest_remainder(21, exact, ["a", "b", "c", "d"])
    assert rounded.floors == (5, 7, 8, 0)
    assert rounded.left == 1
    assert rounded.amounts == (5, 8, 8, 0)
    assert rounded.ranks == (3, 0, 1, 2)
    assert not rounded.tie_at_cut


def test_largest_remainder_reports_a_tie_at_the_cut() -> None:
    exact = [Fraction(2, 3) + 10, Fraction(2, 3) + 20, Fraction(2, 3) + 30]  # 62 in all
    rounded = largest_remainder(62, exact, ["a", "b", "c"])
    assert rounded.amounts == (11, 21, 30)
    assert rounded.left == 2
    assert rounded.tie_at_cut


def test_largest_remainder_breaks_ties_by_key_not_by_position() -> None:
    exact = [Fraction(10, 3)] * 3
    assert largest_remainder(10, exact, ["b", "a", "c"]).amounts == (3, 4, 3)
    assert largest_remainder(10, exact, ["c", "b", "a"]).amounts == (3, 3, 4)


def test_largest_remainder_refuses_parts_that_do_not_add_up() -> None:
    with pytest.raises(ValueError, match="do not add up"):
        largest_remainder(10, [Fraction(1), Fraction(2)], [0, 1])


@given(
    st.integers(min_value=0, max_value=10**9),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20),
)
def test_largest_remainder_adds_up_and_stays_within_one(total: int, figures: list[int]) -> None:
    assume(sum(figures) > 0)
    exact = [Fraction(total * f, sum(figures)) for f in figures]
    rounded = largest_remainder(total, exact, list(range(len(figures))))
    assert sum(rounded.amounts) == total
    for amount, part in zip(rounded.amounts, exact, strict=True):
        assert part - 1 < amount < part + 1


def parts(split: Split) -> list[Fraction]:
    return [Fraction(n, split.denominator) for n in split.numerators]


def test_clamped_split_without_bounds_is_proportional() -> None:
    split = clamped_split(100, [3, 1], [0, 0], [None, None])
    assert parts(split) == [75, 25]
    assert split.multiplier == 25


def test_clamped_split_redistributes_what_a_floor_takes() -> None:
    split = clamped_split(10000, [7, 2, 1], [0, 0, 2000], [None] * 3)
    assert parts(split) == [Fraction(56000, 9), Fraction(16000, 9), 2000]
    # C's share before its floor was mu x 1 = 8000/9 (888.88...), below 2,000
    assert Fraction(split.proportional[2], split.denominator) == Fraction(8000, 9)


def test_clamped_split_with_a_ceiling_and_a_floor() -> None:
    split = clamped_split(10000, [7, 2, 1], [0, 0, 2000], [5000, None, None])
    assert parts(split) == [5000, 3000, 2000]
    assert split.multiplier == 1500


def test_clamped_split_refuses_impossible_bounds() -> None:
    with pytest.raises(InfeasibleSplitError) as floors:
        clamped_split(100, [1, 1], [60, 60], [None, None])
    assert floors.value.bound == "floors"
    assert floors.value.limit == 120
    with pytest.raises(InfeasibleSplitError) as ceilings:
        clamped_split(100, [1, 1], [0, 0], [40, 40])
    assert ceilings.value.bound == "ceilings"
    assert ceilings.value.limit == 80


def test_a_zero_weight_part_stays_at_its_floor() -> None:
    assert parts(clamped_split(100, [1, 0], [0, 10], [None, None])) == [90, 10]


def test_when_every_part_sits_at_its_ceiling() -> None:
    assert parts(clamped_split(80, [1, 1], [0, 0], [40, 40])) == [40, 40]


def test_largest_remainder_over_a_common_denominator() -> None:
    rounded = largest_remainder_over(10, [10, 10, 10], 3, ["b", "a", "c"])
    assert rounded.amounts == (3, 4, 3)
    assert rounded.floors == (3, 3, 3)


bounds = st.tuples(
    st.integers(min_value=0, max_value=500), st.one_of(st.none(), st.integers(min_value=0, max_value=2000))
)


@given(
    st.integers(min_value=0, max_value=5000),
    st.lists(st.tuples(st.integers(min_value=0, max_value=1000), bounds), min_size=1, max_size=12),
)
def test_clamped_split_holds_bounds_and_adds_up(total: int, spec: list[tuple[int, tuple[int, int | None]]]) -> None:
    weights = [f for f, _ in spec]
    assume(sum(weights) > 0)
    lower = [lo for _, (lo, _) in spec]
    upper = [None if hi is None else max(hi, lo) for _, (lo, hi) in spec]
    try:
        split = clamped_split(total, weights, lower, upper)
    except InfeasibleSplitError:
        reachable = sum((u if w > 0 and u is not None else lo) for w, lo, u in zip(weights, lower, upper, strict=True))
        all_capped = all(u is not None for w, u in zip(weights, upper, strict=True) if w)
        assert sum(lower) > total or (all_capped and reachable < total)
        return
    found = parts(split)
    assert sum(found) == total
    for part, w, lo, hi in zip(found, weights, lower, upper, strict=True):
        assert part >= lo
        assert hi is None or part <= hi
        # A part strictly between its bounds is exactly mu x weight.
        if lo < part and (hi is None or part < hi):
            assert part == split.multiplier * w


@given(
    st.integers(min_value=0, max_value=10**6),
    st.lists(st.integers(min_value=0, max_value=10**4), min_size=1, max_size=30),
)
def test_the_fast_path_equals_the_breakpoint_walk(total: int, weights: list[int]) -> None:
    assume(sum(weights) > 0)
    # A floor of 0 with a huge ceiling forces the walk; without bounds the split takes the short way.
    walked = clamped_split(total, weights, [0] * len(weights), [10**9] * len(weights))
    direct = clamped_split(total, weights, [0] * len(weights), [None] * len(weights))
    assert parts(walked) == parts(direct)
