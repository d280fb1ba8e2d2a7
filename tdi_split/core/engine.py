"""The engine: a :class:`~tdi_split.model.Budget` in, an :class:`Allocation` out.

Pure and exact: it never prints, never reads a file, and imports neither click, rich
nor yaml (DESIGN section 2). Money is handled in whole cents (``int``) and exact
ratios in :class:`~fractions.Fraction`; results come out as two-decimal
:class:`~decimal.Decimal` amounts. Each step of DESIGN section 4 is a function below,
named after it, and the engine records a trace of how every share arose, so that
`explain` reads figures the engine computed instead of computing them again.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from .apportion import InfeasibleSplitError, Split, clamped_split, largest_remainder, largest_remainder_over
from .calendar import months_span
from .model import Budget, Partner, Subsidy
from .money import ZERO, cents, from_cents, round_half_up
from .problems import BudgetError, Problem, cap
from .rules import EQUAL, structural_problems

__all__ = [
    "Allocation",
    "PartnerShare",
    "PlannedCosts",
    "ShareStep",
    "SliceKey",
    "SubsidyLine",
    "YearSlice",
    "allocate",
    "compute",
    "planned_costs",
    "split_net",
    "subsidies_within",
    "subsidy_line",
]

Bound = Literal["floor", "ceiling"]


@dataclass(frozen=True, slots=True)
class SubsidyLine:
    """One subsidy as computed on the total cost (DESIGN 4.3)."""

    id: str
    """The subsidy's id."""
    name: str
    """Who pays it."""
    rate: Decimal | None
    """The rate, 0 to 1; None for a fixed sum (DESIGN 6.1)."""
    base: Decimal
    """The cost the rate applies to: min(total cost, ceiling)."""
    ceiling: Decimal | None
    """The eligible ceiling, if any."""
    ceiling_applied: bool
    """Whether the ceiling was below the total cost (so the base is the ceiling)."""
    before_cap: Decimal
    """rate x base, half-up."""
    cap: Decimal | None
    """The cap, if any."""
    capped: bool
    """Whether the cap bounds the amount (rate x base is at or above it)."""
    amount: Decimal
    """What the subsidy pays over the whole period."""
    payment: Literal["once", "yearly"]
    """When it is paid (cash flow only)."""
    payment_year: int
    """With ``once``: the year it is paid in."""
    planned: Decimal | None = None
    """In a settlement, the amount voted, which the subsidy never exceeds (DESIGN 6.3.3)."""

    @property
    def limited_to_plan(self) -> bool:
        """Whether, in a settlement, the amount is the one voted rather than the recomputed one."""
        return self.planned is not None and self.rate is not None and self.amount == self.planned < self.before_cap


@dataclass(frozen=True, slots=True)
class YearSlice:
    """One slice of the period: 12 months, or the months left at the end (DESIGN 4.1)."""

    index: int
    """1 for the first year."""
    months: int
    """Months in the slice."""
    start: dt.date | None
    """First day, when the period has a start."""
    end: dt.date | None
    """Last day, when the period has a start."""
    net: Decimal
    """The slice's part of the net cost (DESIGN 4.5)."""
    cost: Decimal
    """The slice's cost: by_year, or the annual cost x months / 12 half-up (DESIGN 6.3.1)."""
    fixed: Decimal
    """What the fixed partners pay in the slice (DESIGN 4.6)."""
    keyed: Decimal
    """What the keyed partners share: net - fixed (DESIGN 4.8)."""
    multiplier: Fraction
    """The lambda of the clamped split: a keyed share is clamp(lambda x weight)."""

    @property
    def label(self) -> str:
        """``2022-09 .. 2023-08`` with a start date on the 1st, ``2023-04-15 .. 2024-04-14`` with
        another (months alone would overlap), else ``year 1``."""
        if self.start is None or self.end is None:
            return f"year {self.index}"
        if self.start.day == 1:
            return f"{self.start:%Y-%m} .. {self.end:%Y-%m}"
        return f"{self.start:%Y-%m-%d} .. {self.end:%Y-%m-%d}"


@dataclass(frozen=True, slots=True)
class ShareStep:
    """How one partner's amount of one year came out: the engine's trace.

    The exact share is kept as an integer over a denominator (cents x ``scale``), as the
    engine computed it; the properties give it as fractions and amounts.
    """

    year: int
    """The year (1-based)."""
    scale: int
    """The denominator of ``exact_scaled`` and ``proportional_scaled``, in cents."""
    exact_scaled: int
    """The exact share, in cents, times ``scale``."""
    proportional_scaled: int
    """lambda x weight, the share before floors and ceilings, in cents, times ``scale``."""
    lower: Decimal | None
    """The floor prorated to the year's months, half-up to the cent (DESIGN 4.8)."""
    upper: Decimal | None
    """The ceiling prorated likewise."""
    bound: Bound | None
    """Which bound holds the share, if one does."""
    adjustment: Decimal
    """What rounding added to the share rounded down (a remainder cent, or the half-up difference)."""
    rank: int | None
    """Largest remainder: place of the share's fractional cent among the year's (0 first)."""
    cents_left: int
    """Largest remainder: how many cents were handed out after rounding down."""
    tie_at_cut: bool
    """Largest remainder: whether equal fractional cents straddled the cut (ties by weight, then id)."""
    amount: Decimal
    """The amount paid for the year."""

    @property
    def exact(self) -> Fraction:
        """The exact share in currency units, before rounding."""
        return Fraction(self.exact_scaled, self.scale * 100)

    @property
    def proportional(self) -> Fraction:
        """lambda x weight in currency units (for a fixed partner: ``exact``)."""
        return Fraction(self.proportional_scaled, self.scale * 100)

    @property
    def rounded_down(self) -> Decimal:
        """The exact share rounded down to the cent."""
        return from_cents(self.exact_scaled // self.scale)

    @property
    def remainder(self) -> Fraction:
        """What rounding down left out, in cents (from 0 to 1): the fraction of a cent ranked."""
        return Fraction(self.exact_scaled % self.scale, self.scale)


@dataclass(frozen=True, slots=True)
class PartnerShare:
    """One partner's result."""

    id: str
    """The partner's id."""
    name: str
    """Its name."""
    kind: str | None
    """Its free label."""
    contributes: bool
    """False for a signatory that pays nothing."""
    fixed: bool
    """True when it pays a fixed amount outside the key."""
    weight: Fraction
    """Its key weight w_i (0 for fixed and non-contributing partners); keyed weights add up to 1."""
    weight_terms: tuple[Fraction, ...]
    """a_c x x_ic / (sum of x_jc) for each criterion of the key, in the key's order: they add up to
    ``weight`` (empty for fixed and non-contributing partners)."""
    years: tuple[Decimal, ...]
    """Its amount per year (0.00 in a year it takes no part in)."""
    total: Decimal
    """The sum of its years (DESIGN 4.10)."""
    steps: tuple[ShareStep, ...]
    """How the amount of each year it takes part in arose (empty for non-contributing partners)."""
    weight_year: int = 1
    """The year its ``weight`` is that of: the first it takes part in (DESIGN 6.1)."""

    def step(self, year: int) -> ShareStep | None:
        """The trace of its amount in ``year``, or None when it takes no part in it."""
        return next((step for step in self.steps if step.year == year), None)


@dataclass(frozen=True, slots=True)
class Allocation:
    """The result of :func:`compute`: the funding plan and every partner's share."""

    budget: Budget
    """The budget computed."""
    annual_cost: Decimal | None
    """C, the annual cost (None when the cost is given by year)."""
    total_cost: Decimal
    """T = C x M / 12 half-up, or the sum of the costs by year (DESIGN 4.2, 6.1)."""
    subsidies: tuple[SubsidyLine, ...]
    """Each subsidy (DESIGN 4.3)."""
    net_cost: Decimal
    """N = T - subsidies (DESIGN 4.4)."""
    years: tuple[YearSlice, ...]
    """The slices of the period."""
    partners: tuple[PartnerShare, ...]
    """Every partner, in the order of the file."""
    keys: tuple[SliceKey, ...]
    """The key as it applies in each year: over the keyed partners taking part in it."""

    @property
    def criterion_weights(self) -> dict[str, Fraction]:
        """The key's weights normalised to add up to 1 (in the first year)."""
        return self.keys[0].criterion_weights

    @property
    def criterion_totals(self) -> dict[str, Fraction]:
        """Each criterion added up over the keyed partners (``equal``: their number), first year."""
        return self.keys[0].criterion_totals

    @property
    def months(self) -> int:
        """M, the length of the period."""
        return self.budget.period.months

    def partner(self, partner_id: str) -> PartnerShare:
        """The share of the partner with this id (KeyError if none)."""
        for share in self.partners:
            if share.id == partner_id:
                return share
        raise KeyError(partner_id)


@dataclass(frozen=True, slots=True)
class SliceKey:
    """The key in one year: its criteria's weights and totals over the keyed partners taking part."""

    criterion_weights: dict[str, Fraction]
    """a_c, normalised to add up to 1 over the criteria present in the year."""
    criterion_totals: dict[str, Fraction]
    """S_c over the year's keyed partners (their number for ``equal``)."""


@dataclass(frozen=True, slots=True)
class PlannedCosts:
    """The cost of each year slice as planned (DESIGN 4.2, 6.1 and 6.3.1), in cents."""

    exact: tuple[Fraction, ...]
    """P_s: annual x months / 12 unrounded, or by_year[s]."""
    rounded: tuple[int, ...]
    """C_s: P_s half-up (full years are exact, so with ``annual`` they add up to T)."""
    total: int
    """T."""
    proportions: tuple[int, ...]
    """What the net is split in proportion to: the months, or the costs by year (DESIGN 6.1)."""


def planned_costs(budget: Budget) -> PlannedCosts:
    """The planned cost of each year slice, and T."""
    months = budget.years
    if budget.cost.by_year is not None:
        by_year = tuple(cents(amount) for amount in budget.cost.by_year)
        return PlannedCosts(tuple(Fraction(c) for c in by_year), by_year, sum(by_year), by_year)
    annual = cents(budget.cost.annual_amount)
    exact = tuple(Fraction(annual * m, 12) for m in months)
    total = round_half_up(Fraction(annual * budget.period.months, 12))
    return PlannedCosts(exact, tuple(round_half_up(e) for e in exact), total, months)


def compute(budget: Budget) -> Allocation:
    """Apply DESIGN section 4 (and 6.1) to ``budget``; raise :class:`BudgetError` if it cannot be done."""
    problems, more = cap(structural_problems(budget))
    if problems:
        raise BudgetError(problems, more)
    costs = planned_costs(budget)
    subsidies = _subsidy_lines(budget, costs.total)
    net = costs.total - sum(cents(line.amount) for line in subsidies)
    return allocate(budget, costs, subsidies, net, split_net(net, costs.proportions))


def split_net(net: int, proportions: Sequence[int | Fraction]) -> list[int]:
    """DESIGN 4.5 (6.1, 6.3.4): ``net`` cents over the slices in proportion, by largest remainder,
    ties to the earlier slice; all zero proportions give all zeros (then the net is 0)."""
    weight = sum(proportions, Fraction(0))
    if weight == 0:
        return [0] * len(proportions)
    exact = [Fraction(net) * Fraction(p) / weight for p in proportions]
    return list(largest_remainder(net, exact, range(len(proportions))).amounts)


def allocate(
    budget: Budget,
    costs: PlannedCosts,
    subsidies: Sequence[SubsidyLine],
    net: int,
    year_nets: Sequence[int],
    *,
    annual_cost: bool = True,
) -> Allocation:
    """DESIGN 4.6 to 4.10 on each year's net: the partners' shares, with their trace.

    ``annual_cost=False`` for costs that are not an annual cost x months (a settlement's
    actual spending): the result then has no ``annual_cost`` and shows the costs by year.
    """
    months = budget.years
    steps: dict[str, list[ShareStep]] = {p.id: [] for p in budget.partners}
    slices: list[YearSlice] = []
    keys: list[SliceKey] = []
    weights_of: dict[str, tuple[int, Fraction, tuple[Fraction, ...]]] = {}
    for index, (slice_months, slice_net) in enumerate(zip(months, year_nets, strict=True), start=1):
        fixed_total = _fixed_partners(budget, index, slice_months, slice_net, steps)
        keyed = [p for p in budget.partners if p.keyed and p.takes_part_in(index)]
        key = _weights(budget, keyed, index)
        keys.append(SliceKey(key.criterion_weights, key.criterion_totals))
        for partner in keyed:
            weights_of.setdefault(
                partner.id,
                (index, Fraction(key.numerators[partner.id], key.denominator), key.terms[partner.id]),
            )
        weights = [key.numerators[p.id] for p in keyed]
        pool = slice_net - fixed_total
        lam = _keyed_partners(
            budget,
            keyed=keyed,
            weights=weights,
            weight_scale=key.denominator,
            order_keys=[(-w, p.id) for w, p in zip(weights, keyed, strict=True)],
            year=index,
            months=slice_months,
            pool=pool,
            steps=steps,
        )
        start, end = _dates(budget.period.start, index, slice_months)
        slices.append(
            YearSlice(
                index,
                slice_months,
                start,
                end,
                from_cents(slice_net),
                from_cents(costs.rounded[index - 1]),
                from_cents(fixed_total),
                from_cents(pool),
                lam,
            )
        )
    shares = tuple(_share(p, weights_of.get(p.id), steps[p.id], len(months)) for p in budget.partners)
    annual = None if budget.cost.by_year is not None or not annual_cost else budget.cost.annual_amount
    return Allocation(
        budget=budget,
        annual_cost=annual,
        total_cost=from_cents(costs.total),
        subsidies=tuple(subsidies),
        net_cost=from_cents(net),
        years=tuple(slices),
        partners=shares,
        keys=tuple(keys),
    )


def _subsidy_lines(budget: Budget, total: int) -> list[SubsidyLine]:
    """DESIGN 4.3: each subsidy computed on the total cost; together they may not exceed it (TDI201)."""
    lines = [subsidy_line(subsidy, total) for subsidy in budget.subsidies]
    subsidies_within(lines, total, Problem("TDI201", "the total cost", ("subsidies",)))
    return lines


def subsidies_within(lines: Sequence[SubsidyLine], total: int, refusal: Problem) -> None:
    """Raise ``refusal`` (its message naming what ``total`` is) when the subsidies add up to more."""
    subsidy_total = sum(cents(line.amount) for line in lines)
    if subsidy_total > total:
        message = (
            f"the subsidies add up to {from_cents(subsidy_total)}, more than {refusal.message} {from_cents(total)}"
        )
        raise BudgetError([replace(refusal, message=message)])


def subsidy_line(subsidy: Subsidy, total: int) -> SubsidyLine:
    """DESIGN 4.3: base = min(T, ceiling); amount = rate x base half-up, then min(amount, cap);
    a fixed sum is that sum (DESIGN 6.1)."""
    ceiling = cents(subsidy.ceiling) if subsidy.ceiling is not None else None
    base = min(total, ceiling) if ceiling is not None else total
    if subsidy.rate is None:
        assert subsidy.amount is not None  # a subsidy has a rate or an amount (rules, TDI118)
        before_cap = cents(subsidy.amount)
    else:
        before_cap = round_half_up(Fraction(subsidy.rate) * base)
    cap = cents(subsidy.cap) if subsidy.cap is not None else None
    amount = min(before_cap, cap) if cap is not None else before_cap
    return SubsidyLine(
        id=subsidy.id,
        name=subsidy.name,
        rate=subsidy.rate,
        base=from_cents(base),
        ceiling=subsidy.ceiling,
        ceiling_applied=ceiling is not None and ceiling < total,
        before_cap=from_cents(before_cap),
        cap=subsidy.cap,
        capped=cap is not None and before_cap >= cap,
        amount=from_cents(amount),
        payment=subsidy.payment,
        payment_year=subsidy.payment_year,
    )


@dataclass(frozen=True, slots=True)
class _Weights:
    """The keyed partners' weights as integers over one denominator (DESIGN 4.7)."""

    numerators: dict[str, int]
    """w_i x ``denominator``, by partner id; they add up to ``denominator``."""
    denominator: int
    """The common denominator."""
    terms: dict[str, tuple[Fraction, ...]]
    """Each criterion's term a_c x x_ic / S_c, by partner id (they add up to w_i)."""
    criterion_weights: dict[str, Fraction]
    """a_c, the key's weights normalised to 1."""
    criterion_totals: dict[str, Fraction]
    """S_c, each criterion over the keyed partners (their number for ``equal``)."""


def _weights(budget: Budget, keyed: Sequence[Partner], year: int) -> _Weights:
    """DESIGN 4.7: w_i = sum over c of a_c x x_ic / (sum over keyed j of x_jc), in integers,
    over the keyed partners taking part in ``year`` (DESIGN 6.1): a criterion that adds up to 0
    over them is left out of that year's key, the others' weights renormalised.

    Each criterion's figures are scaled to integers X_ic (by a power of ten), so that with
    T_c their sum, w_i = sum of a_c x X_ic / T_c, over the common denominator
    lcm(denominators of a_c) x lcm(T_c).
    """
    if not keyed:  # a key nobody shares by (every partner fixed or not contributing)
        key_total = sum((Fraction(a) for a in budget.key.values()), Fraction(0))
        criterion_weights = {c: Fraction(a) / key_total for c, a in budget.key.items()}
        return _Weights({}, 1, {}, criterion_weights, dict.fromkeys(budget.key, Fraction(0)))
    figures: dict[str, list[int]] = {}
    scale: dict[str, int] = {}
    for criterion in budget.key:
        values = [Decimal(1)] * len(keyed) if criterion == EQUAL else [p.criteria[criterion] for p in keyed]
        places = max(0, max((-int(v.as_tuple().exponent) for v in values), default=0))
        if sum(values) == 0:
            continue  # no figure in this year: the criterion takes no part in its key
        scale[criterion] = 10**places
        figures[criterion] = [_scaled(v, places) for v in values]
    if not figures:
        message = f"in year {year} every criterion of the key adds up to 0 over the partners taking part"
        raise BudgetError([Problem("TDI207", message, ("key",))])
    key_total = sum((Fraction(budget.key[c]) for c in figures), Fraction(0))
    criterion_weights = {c: Fraction(budget.key[c]) / key_total for c in figures}
    totals = {c: sum(x) for c, x in figures.items()}
    weights_lcm = math.lcm(*(a.denominator for a in criterion_weights.values())) if criterion_weights else 1
    totals_lcm = math.lcm(*totals.values()) if totals else 1
    denominator = weights_lcm * totals_lcm
    factors = {
        c: a.numerator * (weights_lcm // a.denominator) * (totals_lcm // totals[c])
        for c, a in criterion_weights.items()
    }
    numerators = {
        partner.id: sum(factors[c] * figures[c][i] for c in criterion_weights) for i, partner in enumerate(keyed)
    }
    terms = {
        partner.id: tuple(
            Fraction(a.numerator * figures[c][i], a.denominator * totals[c]) for c, a in criterion_weights.items()
        )
        for i, partner in enumerate(keyed)
    }
    criterion_totals = {c: Fraction(totals[c], scale[c]) for c in figures}
    return _Weights(numerators, denominator, terms, criterion_weights, criterion_totals)


def _scaled(value: Decimal, places: int) -> int:
    """``value`` x 10^places as an exact integer. (Decimal's own ``scaleb`` rounds to the
    context's 28 digits: a figure of 30 digits, or a large figure scaled for another's
    decimals, would lose its last digits and two different figures could weigh the same.)"""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int), "figures are finite"
    mantissa: int = int("".join(map(str, digits)) or "0")
    scale: int = pow(10, exponent + places)  # a whole power: places is the most decimals of the criterion
    return mantissa * scale


def _prorate(amount: Decimal | None, months: int) -> int | None:
    """An annual amount for a slice of ``months``, half-up to the cent (DESIGN 4.6 and 4.8)."""
    return None if amount is None else round_half_up(Fraction(cents(amount) * months, 12))


def _fixed_partners(budget: Budget, year: int, months: int, net: int, steps: dict[str, list[ShareStep]]) -> int:
    """DESIGN 4.6: each fixed partner pays fixed x months / 12, half-up; together at most the net."""
    total = 0
    for partner in budget.partners:
        if partner.contributes and partner.fixed is not None and partner.takes_part_in(year):
            amount = _prorate(partner.fixed, months)
            assert amount is not None
            exact = cents(partner.fixed) * months  # in cents, times 12
            steps[partner.id].append(
                ShareStep(
                    year=year,
                    scale=12,
                    exact_scaled=exact,
                    proportional_scaled=exact,
                    lower=None,
                    upper=None,
                    bound=None,
                    adjustment=from_cents(amount - exact // 12),
                    rank=None,
                    cents_left=0,
                    tie_at_cut=False,
                    amount=from_cents(amount),
                )
            )
            total += amount
    if total > net:
        index, partner = max(
            (
                (i, p)
                for i, p in enumerate(budget.partners)
                if p.contributes and p.fixed is not None and p.takes_part_in(year)
            ),
            key=lambda item: item[1].fixed or 0,
        )
        raise BudgetError(
            [
                Problem(
                    "TDI202",
                    f"the fixed contributions of year {year} add up to {from_cents(total)}, "
                    f"more than its net cost {from_cents(net)}",
                    ("partners", index, "fixed"),
                )
            ]
        )
    return total


def _keyed_partners(
    budget: Budget,
    *,
    keyed: Sequence[Partner],
    weights: Sequence[int],
    weight_scale: int,
    order_keys: Sequence[tuple[int, str]],
    year: int,
    months: int,
    pool: int,
    steps: dict[str, list[ShareStep]],
) -> Fraction:
    """DESIGN 4.8 and 4.9: the clamped proportional split of ``pool`` cents, then cents.

    Weights are integer numerators over ``weight_scale``; returns lambda (in currency units)
    such that a share free of its bounds is lambda x its weight.
    """
    if not keyed:
        if pool:
            message = f"{from_cents(pool)} remain to share in year {year}, but no partner is keyed"
            raise BudgetError([Problem("TDI205", message, ("partners",))])
        return Fraction(0)
    lower = [_prorate(p.min, months) for p in keyed]
    upper = [_prorate(p.max, months) for p in keyed]
    try:
        split = clamped_split(pool, weights, [lo or 0 for lo in lower], upper)
    except InfeasibleSplitError as error:
        raise BudgetError([_infeasible(budget, error, year, pool)]) from None
    scale = split.denominator

    if budget.rounding.method == "half-up":
        amounts, adjustments = _half_up(
            budget, keyed=keyed, split=split, pool=pool, lower=lower, upper=upper, year=year
        )
        ranks: Sequence[int | None] = [None] * len(keyed)
        left, tie = 0, False
    else:
        amounts, adjustments, ranks, left, tie = _largest_remainder(pool, split, order_keys)

    for i, partner in enumerate(keyed):
        lo, hi = lower[i], upper[i]
        exact, proportional = split.numerators[i], split.proportional[i]
        steps[partner.id].append(
            ShareStep(
                year=year,
                scale=scale,
                exact_scaled=exact,
                proportional_scaled=proportional,
                lower=None if lo is None else from_cents(lo),
                upper=None if hi is None else from_cents(hi),
                bound=_bound(lo, hi, exact, proportional, scale),
                adjustment=from_cents(adjustments[i]),
                rank=ranks[i],
                cents_left=left,
                tie_at_cut=tie,
                amount=from_cents(amounts[i]),
            )
        )
    return split.multiplier * weight_scale / 100


def _largest_remainder(
    pool: int, split: Split, order_keys: Sequence[tuple[int, str]]
) -> tuple[list[int], list[int], Sequence[int | None], int, bool]:
    """DESIGN 4.9 by largest remainder: amounts, the cent each got above its floor, ranks, the
    cents left after flooring and whether equal fractions straddle the cut."""
    rounded = largest_remainder_over(pool, split.numerators, split.denominator, order_keys)
    adjustments = [a - f for a, f in zip(rounded.amounts, rounded.floors, strict=True)]
    return list(rounded.amounts), adjustments, rounded.ranks, rounded.left, rounded.tie_at_cut


def _bound(lo: int | None, hi: int | None, exact: int, proportional: int, scale: int) -> Bound | None:
    """Whether a share (``exact`` and its unclamped ``proportional``, over ``scale``) is held at its
    floor or its ceiling: it sits on the bound and the proportional share lies beyond it."""
    if lo is not None and exact == lo * scale and proportional <= exact:
        return "floor"
    if hi is not None and exact == hi * scale and proportional >= exact:
        return "ceiling"
    return None


def _half_up(
    budget: Budget,
    *,
    keyed: Sequence[Partner],
    split: Split,
    pool: int,
    lower: Sequence[int | None],
    upper: Sequence[int | None],
    year: int,
) -> tuple[list[int], list[int]]:
    """DESIGN 4.9, ``{method: half-up, remainder_to: X}``: the difference goes to X."""
    scale = split.denominator
    amounts = [round_half_up(Fraction(n, scale)) for n in split.numerators]
    target = next(i for i, p in enumerate(keyed) if p.id == budget.rounding.remainder_to)
    amounts[target] += pool - sum(amounts)
    lo, hi = lower[target], upper[target]
    if amounts[target] < (lo or 0) or (hi is not None and amounts[target] > hi):
        raise BudgetError(
            [
                Problem(
                    "TDI206",
                    f"in year {year} the rounding difference would take {keyed[target].id!r} to "
                    f"{from_cents(amounts[target])}, past its bound",
                    ("rounding", "remainder_to"),
                )
            ]
        )
    return amounts, [a - n // scale for a, n in zip(amounts, split.numerators, strict=True)]


def _infeasible(budget: Budget, error: InfeasibleSplitError, year: int, pool: int) -> Problem:
    field = "min" if error.bound == "floors" else "max"
    index = next(
        (i for i, p in enumerate(budget.partners) if p.keyed and getattr(p, field) is not None),
        0,
    )
    limit = from_cents(round_half_up(error.limit))
    if error.bound == "floors":
        message = f"in year {year} the floors add up to {limit}, more than the {from_cents(pool)} to share"
    else:
        message = f"in year {year} the ceilings add up to {limit}, less than the {from_cents(pool)} to share"
    return Problem("TDI203" if error.bound == "floors" else "TDI204", message, ("partners", index, field))


def _share(
    partner: Partner, weight: tuple[int, Fraction, tuple[Fraction, ...]] | None, steps: list[ShareStep], year_count: int
) -> PartnerShare:
    """A partner's result: 0.00 in the years it takes no part in, its weight that of its first year."""
    amounts = {step.year: step.amount for step in steps}
    years = tuple(amounts.get(year, ZERO) for year in range(1, year_count + 1))
    weight_year, value, terms = weight if weight is not None else (1, Fraction(0), ())
    return PartnerShare(
        id=partner.id,
        name=partner.name,
        kind=partner.kind,
        contributes=partner.contributes,
        fixed=partner.contributes and partner.fixed is not None,
        weight=value,
        weight_terms=terms,
        years=years,
        total=sum(years, ZERO),
        steps=tuple(steps),
        weight_year=weight_year,
    )


def _dates(start: dt.date | None, index: int, months: int) -> tuple[dt.date | None, dt.date | None]:
    if start is None:
        return None, None
    return months_span(start, 12 * (index - 1), months)
