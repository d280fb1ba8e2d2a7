"""`compare --output x.xlsx` (issue 12): the scenarios named, their funding plans, and every partner's
years, total, Δ and Δ % against the base, the differences as formulas that give the JSON's figures."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..helpers import REFERENCE, ROOT, Invoke

SCENARIOS = ROOT / "examples" / "scenarios"
ARGS = [str(REFERENCE), str(SCENARIOS / "morlaix-se-retire.yaml"), str(SCENARIOS / "sans-plafond-etat.yaml")]
"""A partner absent from B, a subsidy that changes in C."""

Value = Decimal | Fraction | str | None

_RATIO = re.compile(r'IF\(([A-Z]+[0-9]+)=0,"",([A-Z]+[0-9]+)/([A-Z]+[0-9]+)\)')
_TERM = re.compile(r"([+-]?)(SUM\([A-Z]+[0-9]+:[A-Z]+[0-9]+\)|[A-Z]+[0-9]+)")


def value(ws: Worksheet, ref: str) -> Value:
    """What a spreadsheet shows in ``ref``, the workbook's own formulas computed exactly: the only
    ones it writes are sums, differences of cells and Δ % guarded against a zero base."""
    cell = ws[ref]
    if cell.data_type != "f":
        raw = cell.value
        return Decimal(str(raw)) if isinstance(raw, int | float) else raw
    formula = str(cell.value)[1:]
    if ratio := _RATIO.fullmatch(formula):
        base, delta = number(ws, ratio[1]), number(ws, ratio[2])
        assert ratio[1] == ratio[3]
        return None if base == 0 else Fraction(delta) / Fraction(base)
    terms = _TERM.findall(formula)
    assert "".join(sign + term for sign, term in terms) == formula, formula
    total = Decimal(0)
    for sign, term in terms:
        if term.startswith("SUM("):
            cells = ws[term[4:-1]]
            figures = [value(ws, c.coordinate) for row in cells for c in row]
            amount = sum((f for f in figures if isinstance(f, Decimal)), Decimal(0))
        else:
            amount = number(ws, term)
        total += -amount if sign == "-" else amount
    return total


def number(ws: Worksheet, ref: str) -> Decimal:
    figure = value(ws, ref)
    assert isinstance(figure, Decimal), (ref, figure)
    return figure


def columns(ws: Worksheet) -> dict[str, str]:
    """Column letter by heading."""
    return {str(cell.value): get_column_letter(index) for index, cell in enumerate(ws[1], start=1)}


def rows(ws: Worksheet) -> dict[str, int]:
    """Row number by the first cell's text, down to the first empty row."""
    found = {}
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        if cell.value is None:
            break
        found[str(cell.value)] = cell.row
    return found


def workbook(invoke: Invoke, tmp_path: Path, *args: str, locale: str = "en") -> tuple[Any, dict[str, Any]]:
    target = tmp_path / f"compare-{locale}.xlsx"
    result = invoke("compare", *args, "-o", str(target), "--locale", locale)
    assert result.exit_code == 0, result.output
    data = json.loads(invoke("compare", *args, "--format", "json").stdout)
    return openpyxl.load_workbook(target), data


def test_the_workbook_names_the_scenarios_and_compares_their_funding_plans_and_partners(
    invoke: Invoke, tmp_path: Path
) -> None:
    book, data = workbook(invoke, tmp_path, *ARGS)
    assert book.sheetnames == ["Scenarios", "Funding plan", "Partners' shares"]
    legend = [[cell.value for cell in row] for row in book["Scenarios"].iter_rows(min_row=2, max_row=5)]
    assert legend == [
        ["A", "partners", "partners.yaml", "base"],
        ["B", "Morlaix Communauté se retire", "morlaix-se-retire.yaml", "without morlaix-communaute"],
        ["C", "Sans plafond de l'État", "sans-plafond-etat.yaml", "subsidies.etat.ceiling: 160000.00 -> none"],
        ["C", None, None, "subsidies.etat.cap: 80000.00 -> none"],
    ]
    partners = book["Partners' shares"]
    column = columns(partners)
    assert list(column)[:10] == [
        "Partner",
        "id",
        "A — Year 1",
        "A — Year 2",
        "A — in all",
        "B — Year 1",
        "B — Year 2",
        "B — in all",
        "B — Δ",
        "B — Δ %",
    ]
    line = rows(partners)
    for number_, scenario in enumerate(data["scenarios"]):
        name = "ABC"[number_]
        base = {p["id"]: p for p in data["scenarios"][0]["result"]["partners"]}
        for partner in scenario["result"]["partners"]:
            row = next(r for r in line.values() if partners[f"B{r}"].value == partner["id"])
            years = [value(partners, f"{column[f'{name} — Year {i}']}{row}") for i in (1, 2)]
            assert years == [Decimal(amount) for amount in partner["years"]]
            assert partners[f"{column[f'{name} — in all']}{row}"].data_type == "f"
            assert value(partners, f"{column[f'{name} — in all']}{row}") == Decimal(partner["total"])
            if number_ and partner["id"] in base:
                delta = Decimal(partner["total"]) - Decimal(base[partner["id"]]["total"])
                assert partners[f"{column[f'{name} — Δ']}{row}"].value.startswith("=")
                assert value(partners, f"{column[f'{name} — Δ']}{row}") == delta
                ratio = value(partners, f"{column[f'{name} — Δ %']}{row}")
                assert ratio == Fraction(delta) / Fraction(Decimal(base[partner["id"]]["total"]))
                assert partners[f"{column[f'{name} — Δ %']}{row}"].number_format.endswith("%")
    # Morlaix is absent from B: said so, it pays nothing there, and its Δ is what it paid in A,
    # so that the Δ column adds up to the difference of the totals
    morlaix = line["Morlaix Communauté"]
    assert partners[f"{column['B — Year 1']}{morlaix}"].value == "absent"
    assert value(partners, f"{column['B — in all']}{morlaix}") == 0
    paid = value(partners, f"{column['A — in all']}{morlaix}")
    assert isinstance(paid, Decimal)
    assert value(partners, f"{column['B — Δ']}{morlaix}") == -paid
    assert value(partners, f"{column['B — Δ %']}{morlaix}") == -1
    deltas = [value(partners, f"{column['B — Δ']}{row}") for name, row in line.items() if name != "Total"]
    assert sum((d for d in deltas if isinstance(d, Decimal)), Decimal(0)) == value(
        partners, f"{column['B — Δ']}{line['Total']}"
    )
    # the totals row: sums of the columns, and its Δ and Δ % never empty
    total = line["Total"]
    for heading, letter in column.items():
        if heading[0] in "BC" and heading[1:].startswith(" — "):
            assert partners[f"{letter}{total}"].data_type == "f", heading
    for name, scenario in zip("ABC", data["scenarios"], strict=True):
        assert value(partners, f"{column[f'{name} — in all']}{total}") == Decimal(scenario["result"]["net_cost"])
    base_net = Decimal(data["scenarios"][0]["result"]["net_cost"])
    net_c = Decimal(data["scenarios"][2]["result"]["net_cost"])
    assert value(partners, f"{column['C — Δ']}{total}") == net_c - base_net == Decimal("-23800.00")
    assert value(partners, f"{column['C — Δ %']}{total}") == Fraction(net_c - base_net) / Fraction(base_net)
    assert value(partners, f"{column['B — Δ']}{total}") == 0  # Morlaix's share is taken by the others


def test_the_funding_plan_sheet_gives_each_scenario_s_cost_subsidies_and_net_cost(
    invoke: Invoke, tmp_path: Path
) -> None:
    book, data = workbook(invoke, tmp_path, *ARGS)
    plan = book["Funding plan"]
    column, line = columns(plan), rows(plan)
    assert list(column) == [
        "Item",
        "A — in all",
        "B — in all",
        "B — Δ",
        "B — Δ %",
        "C — in all",
        "C — Δ",
        "C — Δ %",
    ]
    assert list(line) == ["Total cost", "État (ANCT), Territoires d'industrie", "Net cost"]
    base = data["scenarios"][0]["result"]
    for name, scenario in zip("ABC", data["scenarios"], strict=True):
        result = scenario["result"]
        figures = [result["total_cost"], result["subsidies"][0]["amount"], result["net_cost"]]
        before = [base["total_cost"], base["subsidies"][0]["amount"], base["net_cost"]]
        for row, figure, was in zip(line.values(), figures, before, strict=True):
            assert value(plan, f"{column[f'{name} — in all']}{row}") == Decimal(figure)
            if name != "A":
                delta = Decimal(figure) - Decimal(was)
                assert value(plan, f"{column[f'{name} — Δ']}{row}") == delta
                assert value(plan, f"{column[f'{name} — Δ %']}{row}") == Fraction(delta) / Fraction(Decimal(was))
    assert plan[f"B{line['Net cost']}"].value == "=B2-SUM(B3:B3)"  # the cost minus the subsidies
    assert value(plan, f"{column['C — Δ']}3") == Decimal("23800.00")


def test_scenarios_of_other_lengths_and_without_a_subsidy(invoke: Invoke, tmp_path: Path) -> None:
    args = [str(REFERENCE), "--set", "period.months=30", "--set", "subsidies=[]"]
    book, data = workbook(invoke, tmp_path, *args, locale="fr")
    assert book.sheetnames[:2] == ["Scénarios", "Plan de financement"]
    assert book["Scénarios"]["D2"].value == "référence"
    plan, partners = book["Plan de financement"], book.worksheets[2]
    column = columns(plan)
    assert plan["A3"].value == "État (ANCT), Territoires d'industrie"
    assert plan[f"{column['B — au total']}3"].value == "absent"
    assert plan[f"{column['B — Δ']}3"].value is None
    net = Decimal(data["scenarios"][1]["result"]["net_cost"])
    assert value(plan, f"{column['B — au total']}4") == net == Decimal("259500.00")
    heads = columns(partners)
    assert "B — Année 3 (6 mois)" in heads
    qbo = data["scenarios"][1]["result"]["partners"][1]
    assert value(partners, f"{heads['B — au total']}3") == Decimal(qbo["total"])
    total = rows(partners)["Total"]
    assert value(partners, f"{heads['B — Δ']}{total}") == net - Decimal("127600.00")


def test_print_setup_and_labels_stay_text(invoke: Invoke, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.yaml"
    text = REFERENCE.read_text(encoding="utf-8").replace("name: Poher Communauté", "name: '=1+1'")
    hostile.write_text(text, encoding="utf-8")
    book, _ = workbook(invoke, tmp_path, str(hostile), "--set", "cost.annual=110000")
    partners = book.worksheets[2]
    poher = next(row for row in partners.iter_rows(min_row=2, max_col=1) if row[0].value == "=1+1")[0]
    assert poher.data_type == "s"
    for ws in book.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddFooter.left.text == "hostile.yaml"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert [ws.page_setup.orientation for ws in book.worksheets] == ["portrait", "portrait", "landscape"]


def test_a_sweep_workbook_names_its_sheet_in_the_locale(invoke: Invoke, tmp_path: Path) -> None:
    """Under --locale fr the sheet said "Sweep"; its page header and a line under the table say
    that the amounts are the first year's (a "Net cost" of 25,000.00 is half the period's)."""
    said = {"en": "Annual amounts (first year) for each value of", "fr": "Montants annuels (première année)"}
    for locale, name in (("en", "Sweep"), ("fr", "Balayage")):
        path = tmp_path / f"sweep-{locale}.xlsx"
        args = ["compare", str(REFERENCE), "--sweep", "subsidies.etat.rate=40%:50%:5%", "--locale", locale]
        result = invoke(*args, "-o", str(path))
        assert result.exit_code == 0, result.output
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == [name]
        header = book[name].oddHeader
        assert header is not None
        assert str(header.center.text).startswith(said[locale])
        assert any(str(c.value).startswith(said[locale]) for (c,) in book[name].iter_rows(max_col=1))
