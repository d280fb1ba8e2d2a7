"""How one partner's share was obtained, step by step, from the engine's own trace (pure).

Every figure here is read from the :class:`~tdi_split.engine.Allocation`: the costs, the
subsidies and how they were bounded, the years, the partner's weight and, for each year,
the :class:`~tdi_split.engine.ShareStep` the engine recorded while it computed. Nothing is
computed a second time, so what `explain` says is what the engine did.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from .engine import Allocation, PartnerShare, ShareStep, SubsidyLine, YearSlice
from .rules import EQUAL

__all__ = ["CriterionTerm", "Explanation", "YearExplanation", "explain"]

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
    bounded = {
        step.year for other in allocation.partners for step in other.steps if step.bound is not None and not other.fixed
    }
    years = tuple(
        YearExplanation(
            year,
            step,
            year.index in bounded,
            sum(1 for p in allocation.budget.partners if p.keyed and p.takes_part_in(year.index)),
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
