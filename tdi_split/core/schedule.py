"""The beneficiary's cash flow: what it spends and receives, period by period (pure).

The cost is incurred evenly: the total cost split between the years in proportion to their
months (or each year's own cost, with ``cost.by_year``), then each year's cost between its
months, both by largest remainder, so the months add up exactly to their year and the years
to the total. The partners' contributions of a year, and the
subsidies, are received at the start of that year (the default) or at its end
(``calls: end``); a ``once`` subsidy comes in the year it names, a ``yearly`` one in every
year, in proportion to its months. The treasury is what has come in minus what has been
spent, at the end of each period; where it is negative, the beneficiary pre-finances. The need
is read from the month-by-month path in both views.

With ``period.start``, every period has its first and last day, counted from that start (a
convention year from 15 April 2023 runs to 14 April 2024, its months from the 15th to the 14th):
consecutive periods meet without a gap or an overlap, and the last ends the day before the start
plus the period's months.

Everything received adds up to the total cost, so the treasury ends at zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .apportion import largest_remainder
from .calendar import months_span
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
    end: dt.date | None = None
    """Last day, when the budget has a start date (the day before the next period's first)."""

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
    path: tuple[CashPeriod, ...]
    """Month by month, whatever the periods: the treasury's path, whose lowest point is the
    pre-financing need (a year's end hides the months before its calls come in)."""

    @property
    def subsidies(self) -> tuple[SubsidyLine, ...]:
        """The subsidies, in the order of the periods' amounts."""
        return self.allocation.subsidies

    @property
    def lowest(self) -> CashPeriod:
        """The month where the treasury is lowest (the first one, on ties)."""
        return min(self.path, key=lambda p: p.treasury)

    @property
    def prefinancing(self) -> Decimal:
        """How much the beneficiary must advance: minus the lowest treasury of any month, or 0,
        the same by year and by month."""
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
    year_costs = [cents(y.cost) for y in years] if by_year else _split(total_cost, year_months)
    # Month by month, each year's cost over its months: the months of a year add up to it.
    month_costs = [
        cost for year, total in zip(years, year_costs, strict=True) for cost in _split(total, [1] * year.months)
    ]
    start = budget.period.start
    month_spans: list[_Span] = []
    month_incoming: list[tuple[int, list[int]]] = []
    for i, year in enumerate(years):
        for month in range(year.months):
            receives = month == (year.months - 1 if at_end else 0)
            month_spans.append(_span(len(month_spans) + 1, year.index, len(month_spans), 1, start))
            month_incoming.append((contributions[i] if receives else 0, [s[i] if receives else 0 for s in subsidies]))
    path = _periods(month_spans, month_costs, month_incoming)
    if monthly:
        return Schedule(allocation, True, budget.calls, path, path)
    firsts = [sum(year_months[:i]) for i in range(len(years))]  # each year's first month in the period
    spans = [_span(y.index, y.index, first, y.months, start) for y, first in zip(years, firsts, strict=True)]
    incoming = [(contributions[i], [s[i] for s in subsidies]) for i in range(len(years))]
    return Schedule(allocation, False, budget.calls, _periods(spans, year_costs, incoming), path)


_Span = tuple[int, int, int, dt.date | None, dt.date | None]
"""A period's index, year, months, first and last day."""


def _span(index: int, year: int, first: int, months: int, start: dt.date | None) -> _Span:
    """The period of ``months`` months from month ``first`` of a period beginning on ``start``."""
    if start is None:
        return index, year, months, None, None
    return index, year, months, *months_span(start, first, months)


def _periods(spans: list[_Span], costs: list[int], incoming: list[tuple[int, list[int]]]) -> tuple[CashPeriod, ...]:
    treasury = 0
    periods = []
    for (index, year, months, start, end), cost, (contributed, subsidised) in zip(spans, costs, incoming, strict=True):
        treasury += contributed + sum(subsidised) - cost
        periods.append(
            CashPeriod(
                index=index,
                year=year,
                months=months,
                start=start,
                end=end,
                cost=from_cents(cost),
                subsidies=tuple(from_cents(s) for s in subsidised),
                contributions=from_cents(contributed),
                treasury=from_cents(treasury),
            )
        )
    return tuple(periods)
