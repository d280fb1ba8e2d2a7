"""`tdi-split compute`: every format, the default file, errors, output files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tdi_split import cli

from ..helpers import REFERENCE, ROOT, Invoke

PARTNERS_TABLE = """\
Partners' shares

  Partner                                   Weight      Year 1      Year 2        Total
 ───────────────────────────────────────────────────────────────────────────────────────
  Brest métropole                           36.84%   23,502.85   23,502.85    47,005.70
  Quimper Bretagne Occidentale              18.17%   11,593.50   11,593.50    23,187.00
  Morlaix Communauté                        11.35%    7,241.77    7,241.77    14,483.54
  CC du Pays de Landerneau-Daoulas           8.58%    5,472.11    5,472.11    10,944.22
  CC du Pays de Landivisiau                  5.86%    3,738.32    3,738.32     7,476.64
  Haut-Léon Communauté                       5.55%    3,541.40    3,541.40     7,082.80
  CC Pleyben-Châteaulin-Porzay               4.12%    2,630.66    2,630.66     5,261.32
  CC Presqu'île de Crozon-Aulne maritime     4.11%    2,622.79    2,622.79     5,245.58
  CC de Haute Cornouaille                    2.75%    1,752.42    1,752.42     3,504.84
  Poher Communauté                           2.67%    1,704.18    1,704.18     3,408.36

  Total                                    100.00%   63,800.00   63,800.00   127,600.00
"""


def test_default_table_shows_the_funding_plan_and_every_share(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke("compute")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.endswith(PARTNERS_TABLE)
    assert "  Cost of the post                       103,800.00 a year × 24 months " in result.stdout
    assert "50% of 160,000.00 (eligible ceiling), capped at 80,000.00    80,000.00" in result.stdout
    assert "10 partners, key: population" in result.stdout


def test_without_a_config_folder_the_packaged_reference_is_used(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("compute", "--format", "json")
    assert result.exit_code == 0
    assert "reference budget shipped with tdi-split" in result.stderr
    assert json.loads(result.stdout)["partners"][1]["total"] == "23187.00"


def test_the_packaged_reference_is_the_config_file() -> None:
    packaged = ROOT / "tdi_split" / "data" / "partners.yaml"
    assert packaged.read_bytes() == REFERENCE.read_bytes()


def test_json_is_the_contract_of_design_section_5(invoke: Invoke) -> None:
    result = invoke("compute", str(REFERENCE), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in ("schema", "title", "currency", "months", "total_cost", "subsidies", "net_cost", "years", "partners"):
        assert key in data
    assert (data["schema"], data["currency"], data["months"]) == ("tdi-split/1", "EUR", 24)
    assert (data["total_cost"], data["net_cost"]) == ("207600.00", "127600.00")
    assert data["subsidies"][0] | {"id": "etat", "amount": "80000.00"} == data["subsidies"][0]
    assert data["years"][0] | {"index": 1, "months": 12, "net": "63800.00"} == data["years"][0]
    qbo = data["partners"][1]
    assert {k: qbo[k] for k in ("id", "name", "contributes", "fixed", "weight", "years", "total")} == {
        "id": "qbo",
        "name": "Quimper Bretagne Occidentale",
        "contributes": True,
        "fixed": False,
        "weight": "0.1817163",
        "years": ["11593.50", "11593.50"],
        "total": "23187.00",
    }
    assert [p["id"] for p in data["partners"]][:3] == ["brest-metropole", "qbo", "morlaix-communaute"]
    assert sum(float(p["years"][0]) * 100 for p in data["partners"]) == pytest.approx(6_380_000)


def test_json_lists_non_contributing_partners_with_zero_amounts(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(
        REFERENCE.read_text(encoding="utf-8").replace(
            "    name: Poher Communauté\n", "    name: Poher Communauté\n    contributes: false\n"
        ),
        encoding="utf-8",
    )
    data = json.loads(invoke("compute", str(path), "--format", "json").stdout)
    assert data["partners"][-1] | {"years": ["0.00", "0.00"], "total": "0.00", "weight": "0"} == data["partners"][-1]


def test_csv_has_one_row_per_partner_with_dot_decimals(invoke: Invoke) -> None:
    result = invoke("compute", str(REFERENCE), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10
    assert rows[1] == {
        "id": "qbo",
        "name": "Quimper Bretagne Occidentale",
        "kind": "epci",
        "contributes": "true",
        "fixed": "false",
        "weight": "0.1817163",
        "year_1": "11593.50",
        "year_2": "11593.50",
        "total": "23187.00",
    }
    assert result.stdout_bytes.startswith(b"id,name,kind,contributes,fixed,weight,year_1,year_2,total\r\n")


def test_markdown_tables_for_a_report(invoke: Invoke) -> None:
    result = invoke("compute", str(REFERENCE), "--format", "markdown")
    text = result.stdout
    assert text.startswith("# Chef·fe de projet Territoire d'industrie Finistère\n")
    assert "| Quimper Bretagne Occidentale | 18.17% | 11,593.50 | 11,593.50 | 23,187.00 |" in text
    assert "| **Total** | **100.00%** | **63,800.00** | **63,800.00** | **127,600.00** |" in text
    assert "| Cost of the post | 103,800.00 a year × 24 months | 207,600.00 |" in text


def test_french_locale_formats_amounts_as_a_french_report_does(invoke: Invoke) -> None:
    result = invoke("compute", str(REFERENCE), "--locale", "fr")
    assert "11\u202f593,50\xa0€" in result.stdout
    assert "23\u202f187,00\xa0€" in result.stdout
    assert "Répartition entre les partenaires" in result.stdout
    assert "50\xa0% de 160\u202f000,00\xa0€" in result.stdout
    env_result = invoke("compute", str(REFERENCE), "--format", "markdown", env={"TDI_SPLIT_LOCALE": "fr"})
    assert "| Quimper Bretagne Occidentale | 18,17\xa0% | 11\u202f593,50\xa0€ |" in env_result.stdout


def test_an_invalid_file_gives_located_errors_and_exit_1(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = REFERENCE.read_text(encoding="utf-8")
    text = text.replace("annual: 103800.00", "annual: 103800.001").replace("{population: 62594}", "{population: -3}")
    path.write_text(text, encoding="utf-8")
    result = invoke("compute", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:22:11: error TDI002: cost.annual: an amount has at most two decimals, got 103800.001",
        f"{path}:43:28: error TDI002: partners[2].criteria.population: expected a number, 0 or more, "
        "got the negative number -3",
    ]


def test_an_arithmetic_problem_is_located_too(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("cap: 80000.00", "cap: 80000.00\n    fixed: 1"), "utf-8"
    )
    assert invoke("compute", str(path)).stderr.startswith(f"{path}:29:5: error TDI003: subsidies[0].fixed: unknown key")
    path.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("rate: 50 %", "rate: 50 %\n    ceiling: 500000"), "utf-8"
    )
    assert invoke("compute", str(path)).stderr == (
        f"{path}:28:5: error TDI004: subsidies[0].ceiling: duplicate key 'ceiling' (first on line 27): "
        "each key appears once\n"
    )
    path.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("    criteria: {population: 14730}", "    fixed: 70000"), "utf-8"
    )
    result = invoke("compute", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:71:12: error TDI202: partners[9].fixed: the fixed contributions of year 1")


def test_a_missing_file_is_exit_1_without_traceback(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("compute", str(tmp_path / "nowhere.yaml"))
    assert result.exit_code == 1
    assert "cannot read the file" in result.stderr
    assert "Traceback" not in result.stderr


def test_output_file_takes_its_format_from_the_suffix_and_is_never_overwritten(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    first = invoke("compute", str(REFERENCE), "--output", str(target))
    assert first.exit_code == 0
    assert first.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["net_cost"] == "127600.00"
    target.write_text("keep me", encoding="utf-8")
    refused = invoke("compute", str(REFERENCE), "-o", str(target))
    assert refused.exit_code == 1
    assert "use --force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert invoke("compute", str(REFERENCE), "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]  # no temporary file left


@pytest.mark.parametrize(("suffix", "start"), [(".md", "# Chef"), (".csv", "id,name"), (".txt", "Chef·fe")])
def test_other_output_suffixes(invoke: Invoke, tmp_path: Path, suffix: str, start: str) -> None:
    target = tmp_path / f"plan{suffix}"
    assert invoke("compute", str(REFERENCE), "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith(start)
    assert "\x1b[" not in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_unknown_output_suffix_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("compute", str(REFERENCE), "-o", str(tmp_path / "plan.doc"))
    assert result.exit_code == 2
    assert "cannot tell the format" in result.stderr
    assert not (tmp_path / "plan.doc").exists()


def test_usage_errors_exit_2(invoke: Invoke) -> None:
    assert invoke("compute", "--format", "pdf").exit_code == 2
    assert invoke("nonsense").exit_code == 2


def test_version_and_help_with_examples(invoke: Invoke) -> None:
    assert invoke("--version").stdout.startswith("tdi-split, version ")
    assert "compute" in invoke("--help").stdout
    for name, command in cli.main.commands.items():
        text = invoke(name, "--help").stdout
        assert command.help, name
        assert "Examples:" in text, name


@pytest.mark.usefixtures("entry_point")
def test_an_unexpected_failure_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tdi_split.app

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(tdi_split.app, "compute", broken)
    monkeypatch.setattr(sys, "argv", ["tdi-split", "compute", str(REFERENCE)])
    monkeypatch.delenv("TDI_SPLIT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.run()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback" not in err


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tdi_split", "compute", str(REFERENCE), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["partners"][1]["years"] == ["11593.50", "11593.50"]


def test_a_narrow_terminal_never_loses_a_column(invoke: Invoke) -> None:
    example = ROOT / "examples" / "manager-de-commerce.yaml"
    result = invoke("compute", str(example), env={"COLUMNS": "50"})
    assert result.exit_code == 0
    # one block per partner: its figures, then its note (tests/test_terminal_fit.py checks every amount)
    for text in ("Total", "102,500.00", "20,000.00", "held at its floor", "Year 3: 2025-01 .. 2025-06"):
        assert text in result.stdout, text
    assert max(len(line) for line in result.stdout.splitlines()) <= 50


def test_the_example_budget_uses_every_feature(invoke: Invoke) -> None:
    example = ROOT / "examples" / "manager-de-commerce.yaml"
    data = json.loads(invoke("compute", str(example), "--format", "json").stdout)
    assert data["total_cost"] == "155000.00"
    assert [s["amount"] for s in data["subsidies"]] == ["40000.00", "12500.00"]
    assert [y["net"] for y in data["years"]] == ["41000.00", "41000.00", "20500.00"]
    assert [y["label"] for y in data["years"]][2] == "2025-01 .. 2025-06"
    by_id = {p["id"]: p for p in data["partners"]}
    assert by_id["commune-est"]["years"] == ["8000.00", "8000.00", "4000.00"]  # held at its floor
    assert by_id["cci"]["years"] == ["3000.00", "3000.00", "1500.00"]
    assert by_id["departement"]["total"] == "0.00"
