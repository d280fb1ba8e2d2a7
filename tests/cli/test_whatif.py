"""Issue "what-if in one line": partner lookup, key percentages, described schemas, --set forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..helpers import REFERENCE, Invoke

SMALL = """\
schema: tdi-split/1
title: t
period: {months: 12}
cost: {annual: 1000}
partners:
  - {id: a, name: A, criteria: {population: 10}}
  - {id: b, name: B, criteria: {population: 30}}
sources: {population: {source: s}}
"""


@pytest.mark.parametrize(
    ("key", "warned"),
    [
        ("{population: 70 %, equal: 20 %}", True),
        ("{population: 70 %, equal: 30 %}", False),
        ("{population: 7, equal: 2}", False),  # plain weights say nothing of 100 %
        ("{population: 50 %}", True),
    ],
)
def test_key_percentages_that_do_not_add_up_to_100_are_flagged(
    invoke: Invoke, tmp_path: Path, key: str, warned: bool
) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(SMALL + f"key: {key}\n", encoding="utf-8")
    result = invoke("check", str(path))
    assert ("TDI306" in result.stdout) == warned
    assert result.exit_code == 0
    if warned:
        assert invoke("check", str(path), "--strict").exit_code == 1


def test_the_scaled_percentages_are_said(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(SMALL + "key: {population: 70 %, equal: 20 %}\n", encoding="utf-8")
    assert "scaled to population 77.8 %, equal 22.2 %" in invoke("check", str(path)).stdout


def test_reference_still_checks_clean(invoke: Invoke) -> None:
    data = json.loads(invoke("check", str(REFERENCE), "--format", "json").stdout)
    assert data["summary"]["warnings"] == 0


def _scenario(invoke: Invoke, *overrides: str) -> dict[str, object]:
    args = [arg for text in overrides for arg in ("--set", text)]
    result = invoke("compare", str(REFERENCE), *args, "--format", "json")
    assert result.exit_code == 0, result.output
    scenario: dict[str, object] = json.loads(result.stdout)["scenarios"][1]
    return scenario


def test_set_removes_and_adds_partners(invoke: Invoke) -> None:
    scenario = _scenario(invoke, "remove_partners=[poher]")
    assert scenario["changes"] == ["without poher"]
    ids = [p["id"] for p in scenario["result"]["partners"]]  # type: ignore[index]
    assert "poher" not in ids
    added = "add_partners=[{id: cap-sizun, name: Cap Sizun, criteria: {population: 15000}}]"
    scenario = _scenario(invoke, added)
    assert scenario["changes"] == ["with cap-sizun"]


@pytest.mark.parametrize(
    ("override", "path", "after"),
    [
        ("cost.annual=+10%", "annual_cost", "114180.00"),
        ("cost.annual=-10%", "annual_cost", "93420.00"),
        ("cost.annual=+1200", "annual_cost", "105000.00"),
        ("subsidies.etat.cap=-5000", None, "75000.00"),
        ("period.months=+6", "months", 30),  # a count stays whole: "30.00" was refused as months
    ],
)
def test_set_changes_relative_to_the_base(invoke: Invoke, override: str, path: str | None, after: str | int) -> None:
    result = _scenario(invoke, override)["result"]
    assert isinstance(result, dict)
    value = result[path] if path else result["subsidies"][0]["cap"]
    assert value == after


def test_a_relative_change_needs_a_number_in_the_base(invoke: Invoke) -> None:
    result = invoke("compare", str(REFERENCE), "--set", "title=+10%")
    assert result.exit_code == 1
    assert "TDI406" in result.stderr
    negative = invoke("compare", str(REFERENCE), "--set", "subsidies.etat.cap=-90000")
    assert "negative" in negative.stderr


def test_sweeps_take_percentages(invoke: Invoke) -> None:
    data = json.loads(
        invoke("compare", str(REFERENCE), "--sweep", "subsidies.etat.rate=40%:60%:10%", "--format", "json").stdout
    )
    assert [p["value"] for p in data["points"]] == ["0.40", "0.50", "0.60"]
    assert [p["result"]["subsidies"][0]["amount"] for p in data["points"]] == ["64000.00", "80000.00", "80000.00"]


@pytest.mark.parametrize(
    ("text", "where", "hint"),
    [
        ("  - {id: a, name: A, criteria: {population: 10}, floor: 100}", "partner", "did you mean 'min'?"),
        ("  - {id: a, name: A, criteria: {population: 10}, plancher: 100}", "partner", "did you mean 'min'?"),
        ("  - {id: a, name: A, criteria: {population: 10}, ceiling: 900}", "partner", "did you mean 'max'?"),
        ("  - {id: a, name: A, criteria: {population: 10}, plafond: 900}", "partner", "did you mean 'max'?"),
        ("  - {id: a, name: A, criteria: {population: 10}, forfait: 900}", "partner", "did you mean 'fixed'?"),
        ("subsidies: [{id: s, name: S, taux: 50 %}]", "top", "did you mean 'rate'?"),
        ("subsidies: [{id: s, name: S, montant: 100}]", "top", "did you mean 'amount'?"),
        ("subsidies: [{id: s, name: S, rate: 30}]", "top", 'for 30 %, write "30 %"'),
    ],
)
def test_likely_mistakes_get_the_right_hint(invoke: Invoke, tmp_path: Path, text: str, where: str, hint: str) -> None:
    budget = (
        SMALL.replace("  - {id: a, name: A, criteria: {population: 10}}", text)
        if where == "partner"
        else SMALL + text + "\n"
    )
    path = tmp_path / "b.yaml"
    path.write_text(budget + "key: {population: 1}\n", encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert hint in result.stdout


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en", "without poher; subsidies.etat.cap: 80000.00 -> none"),
        ("fr", "sans poher; subsidies.etat.cap\u00a0: 80\u202f000,00 -> aucune"),
    ],
)
def test_the_legend_says_the_changes_in_the_chosen_language(invoke: Invoke, locale: str, said: str) -> None:
    args = ["--set", "remove_partners=[poher]", "--set", "subsidies.etat.cap=null", "--locale", locale]
    result = invoke("compare", str(REFERENCE), *args)
    assert result.exit_code == 0, result.output
    assert said in result.stdout
    data = json.loads(invoke("compare", str(REFERENCE), *args, "--format", "json").stdout)
    # the JSON contract stays in English whatever the locale
    assert "without poher" in json.dumps(data)


def test_a_quoted_number_of_months_means_that_number(invoke: Invoke, tmp_path: Path) -> None:
    # `months: "24"` is read as 24 (not refused with a puzzling message), while words are refused
    results = []
    for months in ('"24"', "24"):
        path = tmp_path / "b.yaml"
        path.write_text(SMALL.replace("{months: 12}", f"{{months: {months}}}") + "key: {population: 1}\n", "utf-8")
        result = invoke("compute", str(path), "--format", "json")
        assert result.exit_code == 0, result.output
        results.append(json.loads(result.stdout)["partners"])
    assert results[0] == results[1]
    path.write_text(SMALL.replace("{months: 12}", '{months: "24 mois"}') + "key: {population: 1}\n", "utf-8")
    refused = invoke("check", str(path))
    assert refused.exit_code == 1
    assert "b.yaml:3:" in refused.stdout


@pytest.mark.parametrize(("locale", "said"), [("en", "40%"), ("fr", "40\u00a0%")])
def test_swept_rates_are_written_as_percentages(invoke: Invoke, locale: str, said: str) -> None:
    result = invoke("compare", str(REFERENCE), "--sweep", "subsidies.etat.rate=40%:60%:10%", "--locale", locale)
    assert result.exit_code == 0, result.output
    assert said in result.stdout
    assert "0.40" not in result.stdout


def test_a_swept_rate_beyond_100_percent_is_said_as_typed(invoke: Invoke) -> None:
    result = invoke("compare", str(REFERENCE), "--sweep", "subsidies.etat.rate=40:60:10")
    assert "4000%" not in result.stdout
    assert " 40 " in result.stdout or " 40\n" in result.stdout


@pytest.mark.parametrize(
    ("written", "cap"),
    [
        ("+5000", "85000.00"),
        ("-5000", "75000.00"),
        ("'-10%'", "72000.00"),
        ("-10%", "72000.00"),
        ("'-2,5 %'", "78000.00"),  # a decimal comma, as a French user types it
        ('"\\x2B5000"', "85000.00"),  # the text +5000, escaped
        ("60000", "60000.00"),
    ],
)
def test_an_overlay_file_reads_a_signed_number_as_set_does(
    invoke: Invoke, tmp_path: Path, written: str, cap: str
) -> None:
    """`--set subsidies.etat.cap=-5000` lowered the cap by 5,000; the same line in an overlay
    file set it to... YAML's number -5000 (refused) and `+500` to 500. Both read a signed number
    as a change from the base's value now, quoted or not, in block or flow style."""
    for style in ("block", "flow"):
        entry = f"  subsidies.etat.cap: {written}   # from the base" if style == "block" else None
        body = f"set:\n{entry}\n" if entry else f"set: {{subsidies.etat.cap: {written}, title: Autre}}\n"
        scenario = tmp_path / f"{style}.yaml"
        scenario.write_text(f"schema: tdi-split/1\nscenario: S\nbase: {REFERENCE.as_posix()}\n{body}", encoding="utf-8")
        result = invoke("compare", str(REFERENCE), str(scenario), "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)["scenarios"][1]
        assert data["result"]["subsidies"][0]["cap"] == cap, (style, written)
    block = tmp_path / "block.yaml"  # a block scalar: YAML gives the text "+5000" too
    block.write_text(
        f"schema: tdi-split/1\nscenario: S\nbase: {REFERENCE.as_posix()}\nset:\n  subsidies.etat.cap: |-\n    +5000\n",
        encoding="utf-8",
    )
    data = json.loads(invoke("compare", str(REFERENCE), str(block), "--format", "json").stdout)["scenarios"][1]
    assert data["result"]["subsidies"][0]["cap"] == "85000.00"
