"""Pure apportionment: split an exact total into parts (DESIGN 4.5, 4.8 and 4.9).

Two tools, both exact (integers and :class:`~fractions.Fraction`, never float):

* :func:`largest_remainder` turns exact parts that add up to a whole number of cents
  into whole cents that add up to the same number;
* :func:`clamped_proportional` splits a total in proportion to weights, each part held
  between a floor and a ceiling, by finding the one multiplier lambda that makes the
  clamped parts add up to the total.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

__all__ = ["InfeasibleSplitError", "Rounded", "clamped_proportional", "largest_remainder"]


@dataclass(frozen=True, slots=True)
class Rounded:
    """Whole parts from :func:`largest_remainder`, with what explains them."""

    amounts: tuple[int, ...]
    """The whole parts, in the order of the exact parts; they add up to the total."""
    floors: tuple[int, ...]
    """Each exact part rounded down."""
    left: int
    """How many units were left after rounding down, given one each by rank."""
    ranks: tuple[int, ...]
    """Each part's place (0 first) when sorted by fractional part, then tie key."""
    tie_at_cut: bool
    """Whether the last part to get a unit and the first not to had equal fractional parts."""


def largest_remainder(total: int, exact: Sequence[Fraction], tie_keys: Sequence[Hashable]) -> Rounded:
    """Round ``exact`` (adding up to ``total``) to whole units adding up to ``total``.

    Each part is rounded down, then the units left go one each to the largest
    fractional parts; equal fractional parts are ordered by ``tie_keys`` (smallest
    first), so the order of the input never changes the result.
    """
    floors = [part.numerator // part.denominator for part in exact]
    left = total - sum(floors)
    if not 0 <= left <= len(exact):
        raise ValueError(f"the exact parts do not add up to {total}")
    fractions = [part - floor for part, floor in zip(exact, floors, strict=True)]
    order = sorted(range(len(exact)), key=lambda i: (-fractions[i], tie_keys[i]))
    ranks = [0] * len(exact)
    for rank, index in enumerate(order):
        ranks[index] = rank
    amounts = list(floors)
    for index in order[:left]:
        amounts[index] += 1
    tie = 0 < left < len(order) and fractions[order[left - 1]] == fractions[order[left]]
    return Rounded(tuple(amounts), tuple(floors), left, tuple(ranks), tie)


class InfeasibleSplitError(ValueError):
    """The floors add up to more than the total, or the ceilings to less."""

    def __init__(self, bound: Literal["floors", "ceilings"], limit: Fraction) -> None:
        self.bound = bound
        self.limit = limit
        super().__init__(f"the {bound} add up to {limit}")


def clamped_proportional(
    total: Fraction,
    weights: Sequence[Fraction],
    lower: Sequence[Fraction],
    upper: Sequence[Fraction | None],
) -> tuple[list[Fraction], Fraction]:
    """Split ``total`` as ``clamp(lambda * w_i, lower_i, upper_i)``; return parts and lambda.

    The clamped sum is continuous and non-decreasing in lambda, so the lambda that
    makes it equal ``total`` is found by walking the sorted breakpoints (where a part
    leaves its floor or reaches its ceiling) while keeping the sum as ``A + B * lambda``:
    O(n log n), exact. A part of weight 0 stays at its floor. ``upper`` None is no
    ceiling. Raises :class:`InfeasibleSplitError` when no lambda fits.
    """
    floor_sum = sum(lower, Fraction(0))
    if floor_sum > total:
        raise InfeasibleSplitError("floors", floor_sum)
    if any(w > 0 and hi is None for w, hi in zip(weights, upper, strict=True)):
        reachable: Fraction | None = None
    else:
        reachable = sum(
            (hi if w > 0 and hi is not None else lo for w, lo, hi in zip(weights, lower, upper, strict=True)),
            Fraction(0),
        )
    if reachable is not None and reachable < total:
        raise InfeasibleSplitError("ceilings", reachable)

    lam = _solve_lambda(total, weights, lower, upper, floor_sum)
    parts = [_clamp(lam * w, lo, hi) for w, lo, hi in zip(weights, lower, upper, strict=True)]
    return parts, lam


def _solve_lambda(
    total: Fraction,
    weights: Sequence[Fraction],
    lower: Sequence[Fraction],
    upper: Sequence[Fraction | None],
    floor_sum: Fraction,
) -> Fraction:
    if floor_sum == total:
        return Fraction(0)
    # (lambda, 0 = leaves its floor / 1 = reaches its ceiling, index)
    events: list[tuple[Fraction, int, int]] = []
    for index, (w, lo, hi) in enumerate(zip(weights, lower, upper, strict=True)):
        if w > 0:
            events.append((lo / w, 0, index))
            if hi is not None:
                events.append((hi / w, 1, index))
    events.sort()
    constant, slope = floor_sum, Fraction(0)  # the clamped sum is constant + slope * lambda
    for lam, kind, index in events:
        if slope > 0 and constant + slope * lam >= total:
            return (total - constant) / slope
        if kind == 0:
            constant -= lower[index]
            slope += weights[index]
        else:
            hi = upper[index]
            assert hi is not None
            constant += hi
            slope -= weights[index]
    if slope > 0:
        return (total - constant) / slope
    # Every part is at a ceiling and they add up to the total exactly.
    return events[-1][0]


def _clamp(value: Fraction, lo: Fraction, hi: Fraction | None) -> Fraction:
    if value < lo:
        return lo
    if hi is not None and value > hi:
        return hi
    return value
