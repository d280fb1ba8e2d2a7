"""`tdi-split compare`: scenarios side by side, --set, sweeps, every format."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tdi_split import cli
from tdi_split.files.budget import load_file

from ..helpers import REFERENCE, ROOT, Invoke

SCENARIOS = sorted((ROOT / "examples" / "scenarios").glob("*.yaml"))


def compare_json(invoke: Invoke, *args: str) -> dict[str, object]:
    result = invoke("compare", str(REFERENCE), *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_there_are_five_council_questions() -> None:
    names = {p.stem for p in SCENARIOS}
    assert {"sans-plafond-etat", "cout-plus-10", "morlaix-se-retire", "cle-mixte", "plancher-2000"} <= names


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_compare_json_equals_compute_json_of_the_same_budget_in_full(
    invoke: Invoke, scenario: Path, tmp_path: Path
) -> None:
    data = compare_json(invoke, str(scenario))
    entries = data["scenarios"]
    assert isinstance(entries, list)
    # The merged budget written out as a complete file gives the same result through compute.
    full = tmp_path / "full.yaml"
    full.write_text(yaml.safe_dump(load_file(scenario).data, allow_unicode=True), encoding="utf-8")
    computed = json.loads(invoke("compute", str(full), "--format", "json").stdout)
    assert entries[1]["result"] == computed
    assert entries[0]["result"] == json.loads(invoke("compute", str(REFERENCE), "--format", "json").stdout)
    # ...and a complete budget file given as a scenario compares the same.
    assert compare_json(invoke, str(full))["scenarios"][1]["result"] == computed  # type: ignore[index]


def test_json_shape_names_and_changes(invoke: Invoke) -> None:
    data = compare_json(invoke, str(ROOT / "examples/scenarios/cout-plus-10.yaml"), "--set", "subsidies.etat.cap=60000")
    assert data["base"] == "partners"
    entries = data["scenarios"]
    assert isinstance(entries, list)
    assert [(e["name"], e["source"], e["changes"]) for e in entries] == [
        ("partners", str(REFERENCE), []),
        ("Coût +10 %", str(ROOT / "examples/scenarios/cout-plus-10.yaml"), ["cost.annual: 103800.00 -> 114180.00"]),
        ("subsidies.etat.cap=60000", "--set", ["subsidies.etat.cap: 80000.00 -> 60000"]),
    ]
    assert entries[2]["result"]["subsidies"][0]["amount"] == "60000.00"


def test_table_shows_differences_and_absent_partners(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative paths, as a user types them: the legend then fits in 80 columns wherever the clone lives.
    monkeypatch.chdir(ROOT)
    result = invoke("compare", "config/partners.yaml", "examples/scenarios/morlaix-se-retire.yaml")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "  B  Morlaix Communauté se retire (" in result.stdout
    assert "): without morlaix-communaute" in result.stdout
    qbo = next(line for line in lines if line.startswith("  Quimper Bretagne Occidentale"))
    assert qbo.split()[-6:] == ["11,593.50", "23,187.00", "13,077.94", "26,155.88", "+2,968.88", "+12.8%"]
    morlaix = next(line for line in lines if line.startswith("  Morlaix Communauté "))
    assert "absent" in morlaix
    assert morlaix.split()[-2:] == ["−14,483.54", "−100.0%"]  # it pays nothing there
    net = next(line for line in lines if line.startswith("  Net cost"))
    assert net.split()[-6:] == ["63,800.00", "127,600.00", "63,800.00", "127,600.00", "0.00", "0.0%"]


def test_the_differences_add_up_to_the_net_costs_in_every_view(invoke: Invoke) -> None:
    """A partner absent from a scenario pays nothing there: the partners' differences add up to
    the difference of the net costs (a withdrawal, a newcomer), in the JSON rows and the CSV."""
    scenarios = [
        str(ROOT / "examples" / "scenarios" / name) for name in ("morlaix-se-retire.yaml", "cout-plus-10.yaml")
    ]
    data = json.loads(invoke("compare", str(REFERENCE), *scenarios, "--format", "json").stdout)
    net = [Decimal(s["result"]["net_cost"]) for s in data["scenarios"]]
    rows = list(csv.DictReader(io.StringIO(invoke("compare", str(REFERENCE), *scenarios, "--format", "csv").stdout)))
    for number, scenario in enumerate(data["scenarios"][1:], start=1):
        differences = [Decimal(r["difference"]) for r in rows if r["scenario"] == scenario["name"] and r["difference"]]
        assert sum(differences, Decimal(0)) == net[number] - net[0]


def test_every_figure_equals_what_compute_gives(invoke: Invoke) -> None:
    data = compare_json(invoke, *map(str, SCENARIOS))
    entries = data["scenarios"]
    assert isinstance(entries, list)
    for entry, path in zip(entries[1:], SCENARIOS, strict=True):
        assert entry["result"] == json.loads(invoke("compute", str(path), "--format", "json").stdout)


def test_csv_rows_per_scenario_and_partner(invoke: Invoke) -> None:
    result = invoke(
        "compare", str(REFERENCE), str(ROOT / "examples/scenarios/morlaix-se-retire.yaml"), "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 20
    qbo = next(r for r in rows if r["scenario"] == "Morlaix Communauté se retire" and r["partner_id"] == "qbo")
    assert qbo == {
        "scenario": "Morlaix Communauté se retire",
        "partner_id": "qbo",
        "partner_name": "Quimper Bretagne Occidentale",
        "present": "true",
        "year_1": "13077.94",
        "year_2": "13077.94",
        "total": "26155.88",
        "difference": "2968.88",
        "difference_ratio": "0.128041",
    }
    morlaix = next(r for r in rows if r["scenario"] != "partners" and r["partner_id"] == "morlaix-communaute")
    assert (morlaix["present"], morlaix["total"], morlaix["difference"]) == ("false", "", "-14483.54")


def test_markdown_has_the_legend_and_the_table(invoke: Invoke) -> None:
    result = invoke("compare", str(REFERENCE), "--set", "cost.annual=110000", "--format", "markdown")
    text = result.stdout
    assert text.startswith("# Comparison of scenarios\n\n- A  partners (base, ")
    assert "- B  cost.annual=110000 (--set): cost.annual: 103800.00 -> 110000\n" in text
    assert "| Item | A a year | A in all | B a year | B in all | B Δ | B Δ % |" in text
    assert (
        "| Quimper Bretagne Occidentale | 11,593.50 | 23,187.00 | 12,720.14 | 25,440.28 | +2,253.28 | +9.7% |" in text
    )


def test_set_errors_name_the_closest_path(invoke: Invoke) -> None:
    result = invoke("compare", str(REFERENCE), "--set", "partners.pohr.max=1000")
    assert result.exit_code == 1
    assert result.stderr.startswith("command line:1:1: error TDI401: set.partners.pohr.max: unknown path")
    assert "did you mean 'poher'" in result.stderr
    assert invoke("compare", str(REFERENCE), "--set", "no-equal-sign").exit_code == 2
    assert invoke("compare", str(REFERENCE), "--set", "cost.annual=[1").exit_code == 2
    bad_value = invoke("compare", str(REFERENCE), "--set", "cost.annual=abc")
    assert bad_value.exit_code == 1
    assert "command line:1:1: error TDI002: cost.annual: expected an amount" in bad_value.stderr
    negative = invoke("compare", str(REFERENCE), "--set", "cost.annual=-200000")  # relative to the base
    assert "command line:1:1: error TDI406: set.cost.annual: cost.annual -200000: the result would be negative" in (
        negative.stderr
    )


def test_a_scenario_with_problems_is_reported_at_its_line(invoke: Invoke) -> None:
    broken = ROOT / "tests/corpus/scenarios/breaks-arithmetic.yaml"
    result = invoke("compare", str(REFERENCE), str(broken))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{broken}:5:23: error TDI202:")


def test_sweep_computes_the_base_at_each_value(invoke: Invoke) -> None:
    result = invoke("compare", str(REFERENCE), "--sweep", "cost.annual=90000:120000:5000", "--format", "json")
    data = json.loads(result.stdout)
    assert data["path"] == "cost.annual"
    assert [p["value"] for p in data["points"]] == ["90000", "95000", "100000", "105000", "110000", "115000", "120000"]
    at_103800 = invoke("compare", str(REFERENCE), "--sweep", "cost.annual=103800:103800:1", "--format", "json")
    point = json.loads(at_103800.stdout)["points"][0]
    assert point["result"] == json.loads(invoke("compute", str(REFERENCE), "--format", "json").stdout)


def test_sweep_values_that_fail_are_points_with_problems(invoke: Invoke) -> None:
    result = invoke("compare", str(REFERENCE), "--sweep", "subsidies.etat.rate=0.9:1.1:0.1", "--format", "json")
    points = json.loads(result.stdout)["points"]
    assert [p["result"] is None for p in points] == [False, False, True]
    assert points[2]["problems"] == ["a rate is at most 100 % (or 1), got 1.1"]


def test_sweep_table_and_bars(invoke: Invoke) -> None:
    result = invoke("compare", str(REFERENCE), "--sweep", "cost.annual=90000:120000:15000", "--partner", "qbo")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "  Quimper Bretagne Occidentale              9,085.82   11,811.56   14,537.31" in lines
    scale, *bars = lines[lines.index("Quimper Bretagne Occidentale") + 1 :]
    # a full bar is the largest first-year net cost of the sweep: a bar is QBO's share of it
    assert scale == "Scale: a full bar (40 characters) is 80,000.00."
    assert bars[0].startswith(" 90000 ██")
    assert bars[0].endswith(" 9,085.82")
    assert bars[2].count("█") == 7  # 14,537.31 / 80,000.00 of 40 characters


def test_sweep_csv_and_markdown(invoke: Invoke) -> None:
    result = invoke("compare", str(REFERENCE), "--sweep", "period.months=12:24:12", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 20
    assert rows[1] | {"value": "12", "partner_id": "qbo", "year_1": "9431.08", "total": "9431.08"} == rows[1]
    markdown = invoke("compare", str(REFERENCE), "--sweep", "period.months=12:24:12", "--format", "markdown").stdout
    assert "| period.months | 12 | 24 |" in markdown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sweep", "cost.annual=1:2"], "START:STOP:STEP"),
        (["--sweep", "cost.annual=5:1:1"], "START <= STOP"),
        (["--sweep", "cost.annual=0:1000000:1"], "at most 10000"),
        (["--sweep", "cost.annual=1:2:1", "--partner", "nobody"], "no partner 'nobody'"),
        (["--partner", "qbo"], "--partner goes with --sweep"),
        (["--sweep", "cost.annual=1:2:1", "--set", "cost.annual=1"], "--sweep computes BASE alone"),
    ],
)
def test_sweep_usage_errors(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("compare", str(REFERENCE), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_sweep_unknown_path_is_exit_1(invoke: Invoke) -> None:
    result = invoke("compare", str(REFERENCE), "--sweep", "cost.anual=1:2:1")
    assert result.exit_code == 1
    assert "did you mean 'cost.annual'" in result.stderr


def test_a_narrow_terminal_never_loses_a_column() -> None:
    result = CliRunner().invoke(
        cli.main,
        ["compare", str(REFERENCE), str(ROOT / "examples/scenarios/morlaix-se-retire.yaml")],
        env={"COLUMNS": "50"},
    )
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 50
    # too narrow for the scenarios side by side, or one under the other: a block per partner,
    # a line per scenario, and a line that says so
    poher = lines.index("  Poher Communauté")
    assert [line.split() for line in lines[poher + 1 : poher + 4]] == [
        ["A", "a", "year", "1,704.18", "A", "in", "all", "3,408.36"],
        ["B", "a", "year", "1,922.38", "B", "in", "all", "3,844.76"],
        ["B", "Δ", "+436.40", "B", "Δ", "%", "+12.8%"],
    ]
    assert lines[-1] == "One block per row, to fit the terminal."
