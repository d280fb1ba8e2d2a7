"""`tdi-split schedule`: the beneficiary's cash flow adds up, and the pre-financing need is right."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
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
    assert csv_text.splitlines()[1] == "1;1;12;;;103800,00;80000,00;63800,00;40000,00;40000,00"
    markdown = invoke("schedule", str(REFERENCE), "--format", "markdown", "--locale", "fr").stdout
    assert (
        "| Période | Dépense | État (ANCT), Territoires d'industrie | Participations | Solde | Trésorerie |" in markdown
    )


def test_monthly_labels_in_french_and_a_chart(invoke: Invoke) -> None:
    result = invoke(
        "schedule", str(ROOT / "examples" / "manager-de-commerce.yaml"), "--monthly", "--chart", "--locale", "fr"
    )
    assert result.exit_code == 0
    assert "janvier 2023" in result.stdout  # months named in full, as a French council writes them
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


def _dated(tmp_path: Path, start: str, *extra: str) -> Path:
    """The reference budget, starting on ``start``."""
    text = REFERENCE.read_text(encoding="utf-8").replace("  months: 24\n", f"  months: 24\n  start: {start}\n", 1)
    path = tmp_path / "dated.yaml"
    path.write_text(text + "".join(extra), encoding="utf-8")
    return path


def test_a_convention_from_the_15th_says_its_real_dates_in_every_format(invoke: Invoke, tmp_path: Path) -> None:
    """Issue 12: with `start: 2023-04-15`, year 1 runs to 2024-04-14 and year 2 from 2024-04-15; no
    label names a month the period only starts in ("2023-04 .. 2024-04" overlapped "2024-04 .. 2025-04")."""
    path = _dated(tmp_path, "2023-04-15")
    table = invoke("schedule", str(path)).stdout
    assert "year 1 (2023-04-15 – 2024-04-14)" in table
    assert "year 2 (2024-04-15 – 2025-04-14)" in table
    markdown = invoke("schedule", str(path), "--format", "markdown", "--locale", "fr").stdout
    assert "| année 1 (15/04/2023 – 14/04/2024) |" in markdown
    assert "| année 2 (15/04/2024 – 14/04/2025) |" in markdown
    monthly = invoke("schedule", str(path), "--monthly", "--format", "markdown", "--locale", "fr").stdout
    rows = [line.split(" | ")[0].lstrip("| ") for line in monthly.splitlines() if line.startswith("| ")][2:-1]
    assert rows[0] == "15/04/2023 – 14/05/2023"
    assert rows[-1] == "15/03/2025 – 14/04/2025"
    assert len(set(rows)) == 24
    data = json.loads(invoke("schedule", str(path), "--format", "json").stdout)
    assert [(p["start"], p["end"]) for p in data["periods"]] == [
        ("2023-04-15", "2024-04-14"),
        ("2024-04-15", "2025-04-14"),
    ]
    months = json.loads(invoke("schedule", str(path), "--monthly", "--format", "json").stdout)["periods"]
    assert (months[0]["start"], months[0]["end"], months[-1]["end"]) == ("2023-04-15", "2023-05-14", "2025-04-14")
    csv_lines = invoke("schedule", str(path), "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("period,year,months,start,end,cost,")
    assert csv_lines[2].startswith("2,2,12,2024-04-15,2025-04-14,103800.00,")
    target = tmp_path / "treasury.xlsx"
    assert invoke("schedule", str(path), "--monthly", "-o", str(target), "--locale", "fr").exit_code == 0
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert [sheet.cell(row=r, column=1).value for r in (2, 25)] == [
        "15/04/2023 – 14/05/2023",
        "15/03/2025 – 14/04/2025",
    ]


def test_calendar_months_are_named_in_the_locale(invoke: Invoke, tmp_path: Path) -> None:
    path = _dated(tmp_path, "2023-04-01", "calls: end\n")
    french = invoke("schedule", str(path), "--monthly", "--format", "markdown", "--locale", "fr").stdout
    assert "| avril 2023 |" in french
    assert "| mars 2025 |" in french
    assert (
        "| année 1 (avr. 2023 – mars 2024) |"
        in invoke("schedule", str(path), "--format", "markdown", "--locale", "fr").stdout
    )
    assert "| year 2 (Apr 2024 – Mar 2025) |" in invoke("schedule", str(path), "--format", "markdown").stdout
    # a calendar year is said as one; a month as its name
    manager = invoke("schedule", str(ROOT / "examples" / "manager-de-commerce.yaml"), "--format", "markdown").stdout
    assert "| year 1 (2023) |" in manager
    assert "| year 3 (6 months, Jan 2025 – Jun 2025) |" in manager
    english = invoke("schedule", str(path), "--monthly", "--format", "markdown").stdout
    assert "| April 2023 |" in english
    # the lowest treasury is at the end of February 2024: said by its day, in either view
    need = "Lowest treasury −95,150.00 on 2024-02-29: the beneficiary pre-finances 95,150.00."
    assert need in english
    assert need in invoke("schedule", str(path)).stdout
