"""`tdi-split schedule`: the beneficiary's cash flow adds up, and the pre-financing need is right."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings

from tdi_split.core.engine import compute
from tdi_split.core.model import Budget
from tdi_split.core.problems import BudgetError
from tdi_split.core.schedule import schedule
from tdi_split.files.budget import load_file

from ..helpers import REFERENCE, ROOT, Invoke
from ..test_properties import budgets


def test_yearly_reference_cash_flow() -> None:
    plan = schedule(load_file(REFERENCE).allocate())
    assert [(p.cost, p.subsidies, p.contributions, p.treasury) for p in plan.periods] == [
        (Decimal("103800.00"), (Decimal("80000.00"),), Decimal("63800.00"), Decimal("40000.00")),
        (Decimal("103800.00"), (Decimal("0.00"),), Decimal("63800.00"), Decimal("0.00")),
    ]
    assert plan.prefinancing == 0


def test_calls_at_the_end_of_the_year_need_pre_financing(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "end.yaml"
    path.write_text(REFERENCE.read_text(encoding="utf-8") + "calls: end\n", encoding="utf-8")
    plan = schedule(load_file(path).allocate(), monthly=True)
    assert len(plan.periods) == 24
    # 207,600.00 / 24 = 8,650.00 a month; nothing comes in before month 12
    assert plan.periods[10].treasury == Decimal("-95150.00")
    assert plan.lowest.index == 11
    assert plan.prefinancing == Decimal("95150.00")
    # month 12: 63,800.00 + 80,000.00 received, 8,650.00 spent
    assert plan.periods[11].treasury == Decimal("40000.00")
    result = invoke("schedule", str(path), "--monthly")
    assert "Lowest treasury −95,150.00 at the end of month 11: the beneficiary pre-finances 95,150.00." in result.stdout


@settings(max_examples=60)
@given(budgets(bounds=True))
def test_treasury_is_received_minus_spent_and_ends_at_zero(data: dict[str, Any]) -> None:
    try:
        allocation = compute(Budget.model_validate(data))
    except BudgetError:
        return
    for monthly in (False, True):
        plan = schedule(allocation, monthly=monthly)
        running = Decimal("0.00")
        for period in plan.periods:
            running += period.received - period.cost
            assert period.treasury == running
        assert plan.periods[-1].treasury == 0
        assert sum(p.cost for p in plan.periods) == allocation.total_cost
        assert sum(p.contributions for p in plan.periods) == sum(s.total for s in allocation.partners)
        for index, line in enumerate(allocation.subsidies):
            assert sum(p.subsidies[index] for p in plan.periods) == line.amount


def test_a_yearly_subsidy_is_spread_and_a_once_subsidy_comes_in_its_year() -> None:
    plan = schedule(load_file(ROOT / "examples" / "manager-de-commerce.yaml").allocate())
    assert [p.subsidies for p in plan.periods] == [
        (Decimal("16000.00"), Decimal("12500.00")),
        (Decimal("16000.00"), Decimal("0.00")),
        (Decimal("8000.00"), Decimal("0.00")),
    ]


def test_json_csv_and_markdown(invoke: Invoke) -> None:
    data = json.loads(invoke("schedule", str(REFERENCE), "--format", "json").stdout)
    assert (
        data["periods"][0] | {"cost": "103800.00", "subsidies": {"etat": "80000.00"}, "treasury": "40000.00"}
        == (data["periods"][0])
    )
    assert (data["lowest_treasury"], data["prefinancing"]) == ("0.00", "0.00")
    csv_text = invoke("schedule", str(REFERENCE), "--format", "csv", "--csv-dialect", "fr").stdout
    assert csv_text.splitlines()[1] == "1;1;12;;103800,00;80000,00;63800,00;40000,00;40000,00"
    markdown = invoke("schedule", str(REFERENCE), "--format", "markdown", "--locale", "fr").stdout
    assert (
        "| Période | Dépense | État (ANCT), Territoires d'industrie | Participations | Solde | Trésorerie |" in markdown
    )


def test_monthly_labels_in_french_and_a_chart(invoke: Invoke) -> None:
    result = invoke(
        "schedule", str(ROOT / "examples" / "manager-de-commerce.yaml"), "--monthly", "--chart", "--locale", "fr"
    )
    assert result.exit_code == 0
    assert "janv. 2023" in result.stdout
    assert "juin 2025" in result.stdout
    assert "█" in result.stdout


def test_each_negative_period_says_what_is_pre_financed(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "end.yaml"
    path.write_text(REFERENCE.read_text(encoding="utf-8") + "calls: end\n", encoding="utf-8")
    lines = invoke("schedule", str(path), "--monthly").stdout.splitlines()
    assert "Pre-financing" in next(line for line in lines if "Period" in line)
    month_11 = next(line for line in lines if line.lstrip().startswith("month 11 "))
    assert month_11.split()[-2:] == ["−95,150.00", "95,150.00"]
    month_12 = next(line for line in lines if line.lstrip().startswith("month 12 "))
    assert month_12.split()[-1] == "40,000.00"
    assert "Pre-financing" not in invoke("schedule", str(REFERENCE)).stdout
