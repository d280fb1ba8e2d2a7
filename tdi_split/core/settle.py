"""The settlement on actual spending (DESIGN 6.3): what each co-funder finally owes, and the
balance still to call or to refund.

Pure: the voted budget and the ledger in, a :class:`Settlement` out. The partners' dues come
from the same engine as the plan (:func:`~tdi_split.core.engine.allocate`) applied to each
year's actual net, so `explain PARTNER LEDGER` reads how a due amount arose from its trace.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from .engine import (
    Allocation,
    PlannedCosts,
    SubsidyLine,
    allocate,
    compute,
    planned_costs,
    split_net,
    subsidies_within,
    subsidy_line,
)
from .ledger import Ledger
from .model import Budget
from .money import ZERO, cents, from_cents
from .problems import Problem

__all__ = ["PartnerBalance", "Settlement", "SubsidyBalance", "YearActual", "settle"]


@dataclass(frozen=True, slots=True)
class SubsidyBalance:
    """A subsidy in the settlement."""

    id: str
    """Its id."""
    name: str
    """Who pays it."""
    planned: Decimal
    """S_k, voted."""
    final: Decimal
    """S'_k, recomputed on the actual cost and never above S_k (DESIGN 6.3.3)."""
    received: Decimal
    """What it has paid."""

    @property
    def balance(self) -> Decimal:
        """Still to receive (> 0), or to pay back (< 0)."""
        return self.final - self.received


@dataclass(frozen=True, slots=True)
class PartnerBalance:
    """A partner in the settlement."""

    id: str
    """Its id."""
    name: str
    """Its name."""
    contributes: bool
    """False for a signatory that pays nothing."""
    planned: Decimal
    """What the plan asked of it in all."""
    due: Decimal
    """d_i: what it owes on actual spending (DESIGN 6.3.5)."""
    years: tuple[Decimal, ...]
    """d_i,s, year by year."""
    paid: Decimal
    """p_i: what it has paid, whatever the year its payments answer."""

    @property
    def balance(self) -> Decimal:
        """b_i = d_i - p_i: still to call (> 0), or to refund (< 0)."""
        return self.due - self.paid


@dataclass(frozen=True, slots=True)
class YearActual:
    """One year in the settlement."""

    index: int
    """1 for the first year."""
    planned_cost: Decimal
    """C_s."""
    actual_cost: Decimal
    """A_s: the certified spending, or C_s when not reported."""
    reported: bool
    """Whether the ledger reports the year's spending."""
    net: Decimal
    """N'_s: the year's part of the actual net (DESIGN 6.3.4)."""


@dataclass(frozen=True, slots=True)
class Settlement:
    """The settlement of a convention on its ledger."""

    plan: Allocation
    """The voted plan."""
    actual: Allocation
    """The engine's result on actual spending: every due amount with its trace."""
    years: tuple[YearActual, ...]
    """Year by year."""
    subsidies: tuple[SubsidyBalance, ...]
    """Each subsidy."""
    partners: tuple[PartnerBalance, ...]
    """Each partner, in the order of the file."""

    @property
    def final(self) -> bool:
        """Whether every year's spending is reported (else the settlement is provisional)."""
        return all(year.reported for year in self.years)

    @property
    def reported_years(self) -> tuple[int, ...]:
        """The years the ledger reports, ascending."""
        return tuple(year.index for year in self.years if year.reported)

    def partner(self, partner_id: str) -> PartnerBalance:
        """The balance of the partner with this id (KeyError if none)."""
        for balance in self.partners:
            if balance.id == partner_id:
                return balance
        raise KeyError(partner_id)


def _final_subsidies(budget: Budget, plan: Allocation, actual_total: int) -> list[SubsidyLine]:
    """DESIGN 6.3.3: S'_k = min(rate x min(T', ceiling) half-up, cap, S_k); a fixed sum keeps S_k."""
    lines = []
    for subsidy, voted in zip(budget.subsidies, plan.subsidies, strict=True):
        if subsidy.rate is None:
            lines.append(replace(voted, planned=voted.amount))
            continue
        line = subsidy_line(subsidy, actual_total)
        lines.append(replace(line, amount=min(line.amount, voted.amount), planned=voted.amount))
    subsidies_within(lines, actual_total, Problem("TDI208", "the actual cost", ("spending",)))
    return lines


def settle(budget: Budget, ledger: Ledger) -> Settlement:
    """DESIGN 6.3: the settlement of ``budget`` on ``ledger`` (final when every year is reported)."""
    plan = compute(budget)
    costs = planned_costs(budget)
    reported = {entry.year: cents(entry.amount) for entry in ledger.spending}
    count = len(budget.years)
    actual_costs = tuple(reported.get(s, costs.rounded[s - 1]) for s in range(1, count + 1))
    actual_total = sum(actual_costs)
    subsidies = _final_subsidies(budget, plan, actual_total)
    net = actual_total - sum(cents(line.amount) for line in subsidies)
    # W_s = max(0, A_s + P_s - C_s): the actual cost, corrected by the plan's own rounding of
    # the year, so that spending as planned splits the net exactly as the plan did.
    weights = [max(Fraction(0), a + p - c) for a, p, c in zip(actual_costs, costs.exact, costs.rounded, strict=True)]
    year_nets = split_net(net, weights)
    actual_plan = PlannedCosts(tuple(Fraction(a) for a in actual_costs), actual_costs, actual_total, actual_costs)
    actual = allocate(budget, actual_plan, subsidies, net, year_nets, annual_cost=False)
    received_from: dict[str, int] = {}
    for receipt in ledger.received:
        received_from[receipt.from_] = received_from.get(receipt.from_, 0) + cents(receipt.amount)
    years = tuple(
        YearActual(s, from_cents(costs.rounded[s - 1]), from_cents(actual_costs[s - 1]), s in reported, from_cents(n))
        for s, n in enumerate(year_nets, start=1)
    )
    subsidy_balances = tuple(
        SubsidyBalance(line.id, line.name, voted.amount, line.amount, from_cents(received_from.get(line.id, 0)))
        for line, voted in zip(subsidies, plan.subsidies, strict=True)
    )
    partner_balances = tuple(
        PartnerBalance(
            share.id,
            share.name,
            share.contributes,
            planned.total,
            share.total,
            share.years,
            from_cents(received_from.get(share.id, 0)),
        )
        for share, planned in zip(actual.partners, plan.partners, strict=True)
    )
    assert sum((b.due for b in partner_balances), ZERO) == actual.net_cost
    return Settlement(plan, actual, years, subsidy_balances, partner_balances)
