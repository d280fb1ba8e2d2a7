"""How one partner's share was obtained, step by step, from the engine's own trace (pure).

Every figure here is read from the :class:`~tdi_split.engine.Allocation`: the costs, the
subsidies and how they were bounded, the years, the partner's weight and, for each year,
the :class:`~tdi_split.engine.ShareStep` the engine recorded while it computed. Nothing is
computed a second time, so what `explain` says is what the engine did; only a year's weight,
when members join or leave (DESIGN 6.1), is derived again from that year's key as the engine
stored it (its criteria's weights and totals), and tests hold it to the engine's shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from .engine import Allocation, PartnerShare, ShareStep, SubsidyLine, YearSlice
from .model import Partner
from .rules import EQUAL

__all__ = ["CriterionTerm", "Explanation", "YearExplanation", "bounded_years", "explain", "year_weight"]

Status = Literal["keyed", "fixed", "none"]


@dataclass(frozen=True, slots=True)
class CriterionTerm:
    """One criterion's part in the partner's weight: share x figure / total."""

    criterion: str
    """Its name (``equal`` for equal shares)."""
    share: Fraction
    """Its weight in the key, normalised (a_c)."""
    figure: Decimal
    """The partner's figure (1 for ``equal``)."""
    total: Fraction
    """The figures of all keyed partners added up (their number for ``equal``)."""
    value: Fraction
    """share x figure / total, as the engine added it into the weight."""


@dataclass(frozen=True, slots=True)
class YearExplanation:
    """One year of the partner's share."""

    year: YearSlice
    """The year: months, net, fixed amounts, what the keyed partners share, lambda."""
    step: ShareStep
    """What the engine recorded for this partner this year."""
    bounded_year: bool
    """Whether a floor or ceiling held some partner this year (so lambda differs from the pool)."""
    keyed_count: int = 0
    """How many partners share by the key this year (those taking part in it)."""
    weight: Fraction = Fraction(0)
    """The partner's weight in this year's key (keyed partners): the weight of
    :attr:`Explanation.share` in the first year it takes part in, renormalised in a year that
    other members join or leave (DESIGN 6.1)."""
    terms: tuple[CriterionTerm, ...] = ()
    """That weight, criterion by criterion, with this year's totals."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """The derivation of one partner's share."""

    allocation: Allocation
    """The whole result (costs, subsidies, years)."""
    share: PartnerShare
    """The partner's result."""
    status: Status
    """``keyed`` (by the key), ``fixed`` (a fixed amount) or ``none`` (does not contribute)."""
    fixed: Decimal | None
    """Its fixed annual amount, for a fixed partner."""
    terms: tuple[CriterionTerm, ...]
    """Its weight, criterion by criterion (keyed partners)."""
    keyed_count: int
    """How many partners share by the key."""
    years: tuple[YearExplanation, ...]
    """Year by year."""
    method: Literal["largest-remainder", "half-up"]
    """How shares became cents."""
    remainder_to: str | None
    """With half-up: who takes the difference."""

    @property
    def subsidies(self) -> tuple[SubsidyLine, ...]:
        """The subsidies, as computed."""
        return self.allocation.subsidies


def _year_weight(
    allocation: Allocation, partner: Partner, year: int, status: Status
) -> tuple[Fraction, tuple[CriterionTerm, ...]]:
    """The partner's weight in year ``year``'s key and its terms, as the engine weighs (DESIGN 4.7,
    6.1): each criterion of that year's key, its weight a_c times the partner's figure over
    the figures of the keyed partners taking part that year (their number for ``equal``)."""
    if status != "keyed":
        return Fraction(0), ()
    key = allocation.keys[year - 1]
    terms = []
    for criterion, share in key.criterion_weights.items():
        figure = Decimal(1) if criterion == EQUAL else partner.criteria[criterion]
        total = key.criterion_totals[criterion]
        value = share * Fraction(figure) / total if total else Fraction(0)
        terms.append(CriterionTerm(criterion, share, figure, total, value))
    return sum((t.value for t in terms), Fraction(0)), tuple(terms)


def bounded_years(allocation: Allocation) -> frozenset[int]:
    """The years in which a floor or ceiling holds some keyed partner (so lambda differs from
    what the keyed partners share)."""
    return frozenset(
        step.year for other in allocation.partners if not other.fixed for step in other.steps if step.bound is not None
    )


def year_weight(allocation: Allocation, partner_id: str, year: int) -> Fraction:
    """A keyed partner's weight in year ``year``'s key (0 for one outside the key that year)."""
    partner = next(p for p in allocation.budget.partners if p.id == partner_id)
    if not (partner.keyed and partner.takes_part_in(year)):
        return Fraction(0)
    return _year_weight(allocation, partner, year, "keyed")[0]


def explain(allocation: Allocation, partner_id: str) -> Explanation:
    """The derivation of ``partner_id``'s share in ``allocation`` (KeyError if no such partner)."""
    share = allocation.partner(partner_id)
    partner = next(p for p in allocation.budget.partners if p.id == partner_id)
    status: Status = "none" if not share.contributes else "fixed" if share.fixed else "keyed"
    terms: tuple[CriterionTerm, ...] = ()
    if status == "keyed":
        key = allocation.keys[share.weight_year - 1]  # the key of the first year it takes part in
        terms = tuple(
            CriterionTerm(
                criterion,
                key.criterion_weights[criterion],
                Decimal(1) if criterion == EQUAL else partner.criteria[criterion],
                key.criterion_totals[criterion],
                value,
            )
            for criterion, value in zip(key.criterion_weights, share.weight_terms, strict=True)
        )
    bounded = bounded_years(allocation)
    years = tuple(
        YearExplanation(
            year,
            step,
            year.index in bounded,
            sum(1 for p in allocation.budget.partners if p.keyed and p.takes_part_in(year.index)),
            *_year_weight(allocation, partner, year.index, status),
        )
        for year in allocation.years
        if (step := share.step(year.index)) is not None
    )
    rounding = allocation.budget.rounding
    return Explanation(
        allocation=allocation,
        share=share,
        status=status,
        fixed=partner.fixed if status == "fixed" else None,
        terms=terms,
        keyed_count=sum(1 for p in allocation.budget.partners if p.keyed and p.takes_part_in(share.weight_year)),
        years=years,
        method=rounding.method,
        remainder_to=rounding.remainder_to,
    )
