"""Pure apportionment: split an exact total into parts (DESIGN 4.5, 4.8 and 4.9).

Two tools, both exact, in integers wherever they can be (money in cents, weights as
integer numerators over one denominator), :class:`~fractions.Fraction` only where a
ratio must be found:

* :func:`largest_remainder` turns exact parts that add up to a whole number of cents
  into whole cents that add up to the same number;
* :func:`clamped_split` splits a total in proportion to weights, each part held between
  a floor and a ceiling, by finding the one multiplier that makes the clamped parts add
  up to the total.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

__all__ = [
    "InfeasibleSplitError",
    "Rounded",
    "Split",
    "clamped_split",
    "largest_remainder",
    "largest_remainder_over",
]


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


def largest_remainder_over(
    total: int, numerators: Sequence[int], denominator: int, tie_keys: Sequence[Hashable]
) -> Rounded:
    """Round the parts ``numerators[i] / denominator`` (adding up to ``total``) to whole units.

    Each part is rounded down, then the units left go one each to the largest fractional
    parts; equal fractional parts are ordered by ``tie_keys`` (smallest first), so the order
    of the input never changes the result. All in integers.
    """
    floors: list[int] = []
    remainders: list[int] = []
    for numerator in numerators:
        floor, remainder = divmod(numerator, denominator)
        floors.append(floor)
        remainders.append(remainder)
    left = total - sum(floors)
    if not 0 <= left <= len(floors):
        raise ValueError(f"the exact parts do not add up to {total}")
    order = sorted(range(len(floors)), key=lambda i: (-remainders[i], tie_keys[i]))
    ranks = [0] * len(floors)
    for rank, index in enumerate(order):
        ranks[index] = rank
    amounts = floors.copy()
    for index in order[:left]:
        amounts[index] += 1
    tie = 0 < left < len(order) and remainders[order[left - 1]] == remainders[order[left]]
    return Rounded(tuple(amounts), tuple(floors), left, tuple(ranks), tie)


def largest_remainder(total: int, exact: Sequence[Fraction], tie_keys: Sequence[Hashable]) -> Rounded:
    """:func:`largest_remainder_over` for parts given as fractions."""
    denominator = math.lcm(*(part.denominator for part in exact)) if exact else 1
    numerators = [part.numerator * (denominator // part.denominator) for part in exact]
    return largest_remainder_over(total, numerators, denominator, tie_keys)


class InfeasibleSplitError(ValueError):
    """The floors add up to more than the total, or the ceilings to less."""

    def __init__(self, bound: Literal["floors", "ceilings"], limit: int) -> None:
        self.bound = bound
        self.limit = limit
        super().__init__(f"the {bound} add up to {limit}")


@dataclass(frozen=True, slots=True)
class Split:
    """Exact parts over one denominator: part i is ``numerators[i] / denominator``."""

    numerators: tuple[int, ...]
    """Each exact part, times ``denominator``."""
    proportional: tuple[int, ...]
    """Each part before its floor or ceiling (multiplier x weight), times ``denominator``."""
    denominator: int
    """The common denominator."""
    multiplier: Fraction
    """mu: a part free of its bounds is mu x its weight numerator."""


def clamped_split(total: int, weights: Sequence[int], lower: Sequence[int], upper: Sequence[int | None]) -> Split:
    """Split ``total`` as ``clamp(mu x weights[i], lower[i], upper[i])``, exactly.

    The clamped sum is continuous and non-decreasing in mu, so the mu that makes it equal
    ``total`` is found by walking the sorted breakpoints (where a part leaves its floor or
    reaches its ceiling) while keeping the sum as ``constant + slope x mu``: O(n log n).
    Only parts with a floor above 0 or a ceiling make breakpoints; without any, mu is
    ``total / sum(weights)`` at once. A part of weight 0 stays at its floor. ``upper`` None
    is no ceiling. Raises :class:`InfeasibleSplitError` when no mu fits.
    """
    floor_sum = sum(lower)
    if floor_sum > total:
        raise InfeasibleSplitError("floors", floor_sum)
    if any(w > 0 and hi is None for w, hi in zip(weights, upper, strict=True)):
        reachable: int | None = None
    else:
        reachable = sum(hi if w > 0 and hi is not None else lo for w, lo, hi in zip(weights, lower, upper, strict=True))
    if reachable is not None and reachable < total:
        raise InfeasibleSplitError("ceilings", reachable)

    mu = _solve(total, weights, lower, upper, floor_sum)
    p, q = mu.numerator, mu.denominator
    numerators, proportional = [], []
    for w, lo, hi in zip(weights, lower, upper, strict=True):
        scaled = p * w
        proportional.append(scaled)
        if scaled < lo * q:
            numerators.append(lo * q)
        elif hi is not None and scaled > hi * q:
            numerators.append(hi * q)
        else:
            numerators.append(scaled)
    return Split(tuple(numerators), tuple(proportional), q, mu)


def _solve(
    total: int, weights: Sequence[int], lower: Sequence[int], upper: Sequence[int | None], floor_sum: int
) -> Fraction:
    weight_sum = sum(weights)
    if not any(lower) and all(hi is None for hi in upper):
        return Fraction(total, weight_sum) if weight_sum else Fraction(0)
    if floor_sum == total:
        return Fraction(0)
    # Parts with no floor are free from mu = 0; the others enter at lower/w and leave at upper/w.
    events: list[tuple[Fraction, int, int]] = []
    constant, slope = 0, 0  # the clamped sum is constant + slope x mu
    for index, (w, lo, hi) in enumerate(zip(weights, lower, upper, strict=True)):
        if w == 0:
            constant += lo
            continue
        if lo:
            events.append((Fraction(lo, w), 0, index))
            constant += lo
        else:
            slope += w
        if hi is not None:
            events.append((Fraction(hi, w), 1, index))
    events.sort()
    for mu, kind, index in events:
        if slope > 0 and constant + slope * mu >= total:
            return Fraction(total - constant, slope)
        if kind == 0:
            constant -= lower[index]
            slope += weights[index]
        else:
            hi = upper[index]
            assert hi is not None
            constant += hi
            slope -= weights[index]
    # Past the last breakpoint the sum grows only through parts without a ceiling (slope > 0):
    # had every part a ceiling, the sum would have reached the total at the last one.
    return Fraction(total - constant, slope)
