"""The cash flow: the months add up to their year, and both views give the same need."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdi_split.core.engine import compute
from tdi_split.core.money import ZERO
from tdi_split.core.schedule import CashPeriod, schedule
from tdi_split.files.budget import load_file

from .helpers import REFERENCE
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
