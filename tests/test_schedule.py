"""The cash flow: the months add up to their year, and both views give the same need."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tdi_split.core.calendar import add_months
from tdi_split.core.engine import compute
from tdi_split.core.money import ZERO
from tdi_split.core.schedule import CashPeriod, schedule
from tdi_split.files.budget import load_file
from tdi_split.output.formatting import Formatter
from tdi_split.output.schedule import period_label

from .helpers import REFERENCE, allocate
from .test_settle import _plan, life


def _by_year(months: tuple[CashPeriod, ...], year: int) -> list[Any]:
    """The month-by-month figures of ``year`` added up: cost, contributions, each subsidy."""
    inside = [m for m in months if m.year == year]
    subsidies = [sum((m.subsidies[i] for m in inside), ZERO) for i in range(len(inside[0].subsidies))]
    return [sum((m.cost for m in inside), ZERO), sum((m.contributions for m in inside), ZERO), subsidies]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(life(), st.sampled_from(["start", "end"]))
def test_months_add_up_to_their_year_and_both_views_need_the_same(data: dict[str, Any], calls: str) -> None:
    data["calls"] = calls
    plan = _plan(data)
    yearly, monthly = schedule(plan), schedule(plan, monthly=True)
    for year in yearly.periods:
        assert _by_year(monthly.periods, year.year) == [year.cost, year.contributions, list(year.subsidies)]
        # the treasury at the end of a year is the same in both views
        last = [m for m in monthly.periods if m.year == year.year][-1]
        assert last.treasury == year.treasury
    assert yearly.prefinancing == monthly.prefinancing
    assert monthly.prefinancing == max(ZERO, -min(m.treasury for m in monthly.periods))
    assert yearly.periods[-1].treasury == ZERO


def test_calls_at_the_end_of_the_year_need_pre_financing_in_the_yearly_view_too() -> None:
    """The reference with `calls: end`: nothing comes in before the end of month 12, when
    eleven months of cost (103,800.00 / 12 x 11 = 95,150.00) have been spent."""
    plan = compute(load_file(REFERENCE).budget.model_copy(update={"calls": "end"}))
    yearly = schedule(plan)
    assert str(yearly.prefinancing) == "95150.00"
    assert yearly.lowest.index == 11
    assert all(period.treasury >= 0 for period in yearly.periods)  # a year's end hides it


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)), st.integers(1, 120), st.booleans())
@example(dt.date(2023, 4, 15), 24, False)  # the convention: year 1 runs to 2024-04-14
@example(dt.date(2024, 2, 29), 60, True)  # 29 February: the 28th of 2028 was in no year
@example(dt.date(2024, 2, 29), 60, False)
@example(dt.date(2023, 1, 31), 30, True)
@example(dt.date(2023, 8, 31), 18, False)
@example(dt.date(2023, 4, 1), 7, True)
def test_dated_periods_meet_without_gap_or_overlap_and_say_their_dates(
    start: dt.date, months: int, monthly: bool
) -> None:
    plan = schedule(allocate(period={"months": months, "start": start}), monthly=monthly)
    periods = plan.periods
    assert periods[0].start == start
    for before, after in pairwise(periods):
        assert before.end is not None
        assert before.end + dt.timedelta(days=1) == after.start
    assert all(p.start is not None and p.end is not None and p.start <= p.end for p in periods)
    assert periods[-1].end == add_months(start, months) - dt.timedelta(days=1)
    if not monthly:  # a year is its months: the same first and last days as in the monthly view
        months_of = schedule(plan.allocation, monthly=True).periods
        for year in periods:
            inside = [m for m in months_of if m.year == year.year]
            assert (inside[0].start, inside[-1].end) == (year.start, year.end)
    for locale in ("en", "fr"):
        fmt = Formatter(locale)
        labels = [period_label(p, monthly, fmt) for p in periods]
        assert len(set(labels)) == len(labels)
        for period, label in zip(periods, labels, strict=True):
            assert period.start is not None
            assert period.end is not None
            if start.day == 1:  # calendar months, named: "avril 2023", "year 1 (April 2023 to March 2024)"
                assert str(period.start.year) in label
                assert str(period.end.year) in label
                assert fmt.day(period.start) not in label
            else:  # a month from the 15th is named by its days, never by the month it starts in
                assert fmt.day(period.start) in label
                assert fmt.day(period.end) in label


def test_periods_without_a_start_have_no_dates() -> None:
    for monthly in (False, True):
        periods = schedule(allocate(period={"months": 18}), monthly=monthly).periods
        assert {(p.start, p.end) for p in periods} == {(None, None)}
    labels = [period_label(p, False, Formatter()) for p in schedule(allocate(period={"months": 18})).periods]
    assert labels == ["year 1", "year 2 (6 months)"]
