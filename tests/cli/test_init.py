"""`tdi-split init`: a starter budget that passes `check`, from flags or prompts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..helpers import Invoke

FLAGS = ["--title", "Manager de commerce", "--months", "36", "--annual", "52000", "--partners", "Ville A, CC du Pays B"]


def test_init_from_flags_writes_a_budget_that_checks_and_computes(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "budget.yaml"
    result = invoke("init", str(target), *FLAGS, "--subsidy-rate", "30 %", "--subsidy-cap", "40000")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.count("#") > 5  # every section explained
    assert invoke("check", str(target)).exit_code == 0
    data = json.loads(invoke("compute", str(target), "--format", "json").stdout)
    assert data["total_cost"] == "156000.00"
    assert data["subsidies"][0]["amount"] == "40000.00"
    assert [p["id"] for p in data["partners"]] == ["ville-a", "cc-du-pays-b"]


def test_init_then_edited_by_hand_still_checks(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "budget.yaml"
    assert invoke("init", str(target), *FLAGS).exit_code == 0
    text = target.read_text(encoding="utf-8")
    text = text.replace("  equal: 1", "  population: 1").replace(
        '    name: "Ville A"', '    name: "Ville A"\n    criteria: {population: 15000}'
    )
    text = text.replace('    name: "CC du Pays B"', '    name: "CC du Pays B"\n    criteria: {population: 30000}')
    text += "sources: {population: {source: INSEE, year: 2021}}\n"
    target.write_text(text, encoding="utf-8")
    result = invoke("check", str(target), "--strict")
    assert result.exit_code == 0, result.stdout


def test_init_never_overwrites_without_force(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "budget.yaml"
    target.write_text("keep me", encoding="utf-8")
    result = invoke("init", str(target), *FLAGS)
    assert result.exit_code == 1
    assert "exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert invoke("init", str(target), *FLAGS, "--force").exit_code == 0


def test_init_asks_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With stdin a terminal, what the flags do not give is asked; the answers make the budget."""
    from click.testing import CliRunner

    from tdi_split import cli

    monkeypatch.setattr(cli, "_interactive", lambda: True)
    target = tmp_path / "budget.yaml"
    answers = "Chef de projet TI\n24\n103800\nQuimper, Brest\n50%\n"
    result = CliRunner().invoke(cli.main, ["init", str(target)], input=answers)
    assert result.exit_code == 0, result.output
    assert "Title (what is financed)" in result.output
    data = json.loads(CliRunner().invoke(cli.main, ["compute", str(target), "--format", "json"]).stdout)
    assert (data["title"], data["months"], data["total_cost"]) == ("Chef de projet TI", 24, "207600.00")
    assert [p["name"] for p in data["partners"]] == ["Quimper", "Brest"]
    assert data["subsidies"][0]["rate"] == "0.5"


def test_init_refuses_figures_the_budget_file_refuses(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "b.yaml"), *FLAGS[:-2], "--partners", "A", "--annual", "-5")
    assert result.exit_code == 2
    assert "negative" in result.output
