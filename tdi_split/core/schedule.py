"""The beneficiary's cash flow: what it spends and receives, period by period (pure).

The cost is incurred evenly over the months (the total cost split by largest remainder,
so the periods add up to it exactly). The partners' contributions of a year, and the
subsidies, are received at the start of that year (the default) or at its end
(``calls: end``); a ``once`` subsidy comes in the year it names, a ``yearly`` one in every
year, in proportion to its months. The treasury is what has come in minus what has been
spent, at the end of each period; where it is negative, the beneficiary pre-finances.

Everything received adds up to the total cost, so the treasury ends at zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .apportion import largest_remainder
from .calendar import add_months
from .engine import Allocation, SubsidyLine
from .money import ZERO, cents, from_cents

__all__ = ["CashPeriod", "Schedule", "schedule"]


@dataclass(frozen=True, slots=True)
class CashPeriod:
    """One period (a year, or a month) of the cash flow."""

    index: int
    """1 for the first period."""
    year: int
    """The year of the period (1-based)."""
    months: int
    """Months in the period (1 for a month)."""
    start: dt.date | None
    """First day, when the budget has a start date."""
    cost: Decimal
    """Cost incurred in the period."""
    subsidies: tuple[Decimal, ...]
    """Each subsidy received in the period (in the allocation's order)."""
    contributions: Decimal
    """Partner contributions received in the period."""
    treasury: Decimal
    """Received minus spent since the start, at the end of the period."""

    @property
    def received(self) -> Decimal:
        """Everything received in the period."""
        return self.contributions + sum(self.subsidies, ZERO)

    @property
    def balance(self) -> Decimal:
        """Received minus spent in the period."""
        return self.received - self.cost


@dataclass(frozen=True, slots=True)
class Schedule:
    """The cash flow of a budget."""

    allocation: Allocation
    """The budget's result."""
    monthly: bool
    """Periods are months (else years)."""
    calls: str
    """``start`` or ``end``: when a year's money comes in."""
    periods: tuple[CashPeriod, ...]
    """Period by period."""

    @property
    def subsidies(self) -> tuple[SubsidyLine, ...]:
        """The subsidies, in the order of the periods' amounts."""
        return self.allocation.subsidies

    @property
    def lowest(self) -> CashPeriod:
        """The period where the treasury is lowest (the first one, on ties)."""
        return min(self.periods, key=lambda p: p.treasury)

    @property
    def prefinancing(self) -> Decimal:
        """How much the beneficiary must advance: minus the lowest treasury, or 0."""
        return max(ZERO, -self.lowest.treasury)


def _split(total: int, parts: list[int]) -> list[int]:
    """``total`` cents in proportion to ``parts`` (months), earlier parts first on ties."""
    months = sum(parts)
    exact = [Fraction(total * m, months) for m in parts]
    return list(largest_remainder(total, exact, range(len(parts))).amounts)


def schedule(allocation: Allocation, *, monthly: bool = False) -> Schedule:
    """The beneficiary's cash flow, by year or by month."""
    years = allocation.years
    budget = allocation.budget
    at_end = budget.calls == "end"
    year_months = [y.months for y in years]
    # What comes in each year, in cents: contributions, then each subsidy.
    contributions = [cents(y.net) for y in years]
    subsidies = []
    for line in allocation.subsidies:
        amount = cents(line.amount)
        if line.payment == "once":
            subsidies.append([amount if y.index == line.payment_year else 0 for y in years])
        else:
            subsidies.append(_split(amount, year_months))
    total_cost = cents(allocation.total_cost)
    by_year = budget.cost.by_year is not None  # then each year's cost is its own (DESIGN 6.1)
    if not monthly:
        costs = [cents(y.cost) for y in years] if by_year else _split(total_cost, year_months)
        spans = [(y.index, y.index, y.months, y.start) for y in years]
        incoming = [(contributions[i], [s[i] for s in subsidies]) for i in range(len(years))]
        return Schedule(allocation, False, budget.calls, _periods(spans, costs, incoming))
    if by_year:
        costs = [cost for y in years for cost in _split(cents(y.cost), [1] * y.months)]
    else:
        costs = _split(total_cost, [1] * allocation.months)
    spans, incoming = [], []
    for i, year in enumerate(years):
        for month in range(year.months):
            receives = month == (year.months - 1 if at_end else 0)
            start = None if year.start is None else add_months(year.start, month)
            spans.append((len(spans) + 1, year.index, 1, start))
            incoming.append((contributions[i] if receives else 0, [s[i] if receives else 0 for s in subsidies]))
    return Schedule(allocation, True, budget.calls, _periods(spans, costs, incoming))


def _periods(
    spans: list[tuple[int, int, int, dt.date | None]], costs: list[int], incoming: list[tuple[int, list[int]]]
) -> tuple[CashPeriod, ...]:
    treasury = 0
    periods = []
    for (index, year, months, start), cost, (contributed, subsidised) in zip(spans, costs, incoming, strict=True):
        treasury += contributed + sum(subsidised) - cost
        periods.append(
            CashPeriod(
                index=index,
                year=year,
                months=months,
                start=start,
                cost=from_cents(cost),
                subsidies=tuple(from_cents(s) for s in subsidised),
                contributions=from_cents(contributed),
                treasury=from_cents(treasury),
            )
        )
    return tuple(periods)
