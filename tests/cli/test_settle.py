"""`tdi-split settle`, `calls`, `explain PARTNER LEDGER`, `check` of ledgers, `schema --ledger`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from tdi_split.files.yamlreader import parse_document

from ..helpers import ROOT, Invoke

CONVENTION = ROOT / "examples" / "convention"
BUDGET = CONVENTION / "partners.yaml"
LEDGER = CONVENTION / "ledger.yaml"


def cents(text: str) -> int:
    """A two-decimal amount string as whole cents, exactly."""
    return int(Decimal(text) * 100)


def test_settle_json_is_the_contract_and_adds_up(invoke: Invoke) -> None:
    result = invoke("settle", str(LEDGER), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("final", "reported_years", "planned_cost", "actual_cost", "subsidies", "net_cost", "years", "partners"):
        assert key in data
    assert data["final"] is True
    assert data["reported_years"] == [1, 2]
    partners = data["partners"]
    assert sum(cents(p["due"]) for p in partners) == cents(data["net_cost"])
    for p in partners:
        assert cents(p["due"]) - cents(p["paid"]) == cents(p["balance"])
        assert sum(cents(y) for y in p["years"]) == cents(p["due"])
    douarnenez = next(p for p in partners if p["id"] == "douarnenez")
    assert douarnenez["years"][0] == "0.00"
    assert {s["id"]: s["final"] for s in data["subsidies"]} == {"etat": "80000.00"}


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_settle_in_every_format(invoke: Invoke, fmt: str) -> None:
    result = invoke("settle", str(LEDGER), "--format", fmt, "--locale", "fr")
    assert result.exit_code == 0, result.output
    assert "Haute Cornouaille" in result.stdout


def test_settle_as_a_workbook(invoke: Invoke, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "solde.xlsx"
    assert invoke("settle", str(LEDGER), "-o", str(target)).exit_code == 0
    book = openpyxl.load_workbook(target)
    assert [ws.title for ws in book.worksheets] == ["Cost by year", "Partners", "Subsidies", "Due by year"]
    data = json.loads(invoke("settle", str(LEDGER), "--format", "json").stdout)
    years = book["Cost by year"]
    rows = list(years.iter_rows(min_row=2, max_row=1 + len(data["years"]), values_only=True))
    assert [[Decimal(str(r[1])), Decimal(str(r[2])), Decimal(str(r[4]))] for r in rows] == [
        [Decimal(y["planned_cost"]), Decimal(y["actual_cost"]), Decimal(y["net"])] for y in data["years"]
    ]
    for ws in book.worksheets:  # a final settlement says so on every sheet and every page
        status = "Settlement on actual spending — final: every year's spending is certified"
        assert status in [c.value for (c,) in ws.iter_rows(max_col=1)]
        assert ws.oddHeader.center.text.endswith(" — final")


def test_a_provisional_settlement_says_so(invoke: Invoke, tmp_path: Path) -> None:
    text = LEDGER.read_text(encoding="utf-8").replace("  - {year: 2, amount: 105930.00", "  # - {year: 2")
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(text.replace("budget: partners.yaml", f"budget: {BUDGET}"), encoding="utf-8")
    data = json.loads(invoke("settle", str(ledger), "--format", "json").stdout)
    assert (data["final"], data["reported_years"]) == (False, [1])
    assert "provisional" in invoke("settle", str(ledger)).stdout
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "solde.xlsx"
    assert invoke("settle", str(ledger), "-o", str(target), "--locale", "fr").exit_code == 0
    for ws in openpyxl.load_workbook(target).worksheets:
        assert ws.oddHeader.center.text.endswith(" — provisoire"), ws.oddHeader.center.text
        notes = [str(c.value) for (c,) in ws.iter_rows(max_col=1)]
        assert any(
            note.startswith("Solde sur dépenses réelles — provisoire : dépenses certifiées pour") for note in notes
        )


def test_explain_a_due_amount_from_the_ledger(invoke: Invoke) -> None:
    result = invoke("explain", "haute-cornouaille", str(LEDGER), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    due = json.loads(invoke("settle", str(LEDGER), "--format", "json").stdout)
    expected = next(p for p in due["partners"] if p["id"] == "haute-cornouaille")
    assert data["total"] == expected["due"]
    assert data["amounts"] == expected["years"]


def test_calls_of_a_year(invoke: Invoke) -> None:
    data = json.loads(invoke("calls", str(BUDGET), "--year", "1", "--format", "json").stdout)
    plan = json.loads(invoke("compute", str(BUDGET), "--format", "json").stdout)
    first_year = {p["id"]: p["years"][0] for p in plan["partners"] if p["years"][0] != "0.00"}
    assert {c["partner"]: c["amount"] for c in data["calls"]} == first_year
    assert "douarnenez" not in first_year  # it joins in year 2
    assert all(c["due"] == "2022-09-01" for c in data["calls"])
    assert data["calls"][1]["id"] == "TI-29-2022-01-A1-qbo"
    assert data["calls"][1]["siren"] == "200068120"


def test_calls_of_the_balance(invoke: Invoke) -> None:
    calls = json.loads(invoke("calls", str(LEDGER), "--balance", "--format", "json").stdout)
    settled = json.loads(invoke("settle", str(LEDGER), "--format", "json").stdout)
    signed = {c["partner"]: c["amount"] if c["kind"] == "call" else "-" + c["amount"] for c in calls["calls"]}
    assert signed == {p["id"]: p["balance"] for p in settled["partners"] if p["balance"] != "0.00"}


def test_calls_write_one_document_per_partner(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "appels"
    result = invoke("calls", str(BUDGET), "--year", "2", "--output-dir", str(folder), "--locale", "fr")
    assert result.exit_code == 0, result.output
    documents = sorted(p.name for p in folder.iterdir())
    assert len(documents) == 11
    text = (folder / "TI-29-2022-01-A2-qbo.md").read_text(encoding="utf-8")
    assert "Appel de fonds TI-29-2022-01-A2-qbo" in text
    assert "SIREN 200068120" in text
    assert "11\u202f599,40" in text  # the narrow no-break space of French amounts
    assert "01/09/2023" in text
    again = invoke("calls", str(BUDGET), "--year", "2", "--output-dir", str(folder))
    assert again.exit_code == 1  # never over an existing document without --force
    assert "exists" in again.stderr


def test_calls_write_no_document_when_one_would_be_refused(invoke: Invoke, tmp_path: Path) -> None:
    """With --force, the third document read-only: the first two were replaced before the
    command stopped on it, and the folder held calls of two runs. Now every target is checked
    first, and none is written."""
    folder = tmp_path / "appels"
    args = ["calls", str(BUDGET), "--year", "2", "--output-dir", str(folder)]
    assert invoke(*args).exit_code == 0
    documents = sorted(folder.iterdir())
    before = {p: p.read_bytes() for p in documents}
    for path in documents:
        path.write_text("edited by hand", encoding="utf-8")
    documents[2].chmod(0o444)
    result = invoke(*args, "--force", "--locale", "fr")
    assert result.exit_code == 1
    assert f"{documents[2]} is read-only" in result.stderr
    assert all(p.read_text(encoding="utf-8") == "edited by hand" for p in documents)
    documents[2].chmod(0o644)
    assert invoke(*args, "--force").exit_code == 0
    assert {p: p.read_bytes() for p in documents} == before


def test_a_refund_document_states_what_was_owed_and_paid(invoke: Invoke, tmp_path: Path) -> None:
    settled = json.loads(invoke("settle", str(LEDGER), "--format", "json").stdout)
    refunded = next(p for p in settled["partners"] if p["balance"].startswith("-"))
    folder = tmp_path / "solde"
    result = invoke("calls", str(LEDGER), "--balance", "--output-dir", str(folder))
    assert result.exit_code == 0, result.output
    text = next(folder.glob(f"*-SOLDE-{refunded['id']}.md")).read_text(encoding="utf-8")
    due, paid = (f"{Decimal(refunded[k]):,.2f}" for k in ("due", "paid"))
    assert due in text, text
    assert paid in text, text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "3"], "no year 3"),
        ([], "--year"),
        (["--balance"], "is no ledger"),
    ],
)
def test_calls_refuse_what_cannot_be_called(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("calls", str(BUDGET), *args)
    assert result.exit_code == 2
    assert message in result.output


def _ledger(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ledger.yaml"
    path.write_text(f"schema: tdi-split-ledger/1\nbudget: {BUDGET}\n{text}", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("spending:\n  - {year: 3, amount: 1.00}\n", "TDI501", 4),
        ("received:\n  - {from: qbbo, year: 1, amount: 1.00}\n", "TDI502", 4),
        ("received:\n  - {from: qbo, amount: 1.00}\n", "TDI504", 4),
        ("received:\n  - {from: qbo, year: 1, amount: 0}\n", "TDI002", 4),
        ("spendings: []\n", "TDI003", 3),
    ],
)
def test_check_locates_the_problems_of_a_ledger(
    invoke: Invoke, tmp_path: Path, text: str, code: str, line: int
) -> None:
    path = _ledger(tmp_path, text)
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert f"{path}:{line}:" in result.stdout
    assert code in result.stdout
    if code == "TDI502":
        assert "did you mean 'qbo'?" in result.stdout


def test_check_reads_budgets_overlays_and_ledgers_in_one_folder(invoke: Invoke) -> None:
    result = invoke("check", str(CONVENTION))
    assert result.exit_code == 0, result.stdout
    assert "2 files checked: 2 valid" in result.stdout


def test_the_ledger_schema_accepts_the_example(invoke: Invoke) -> None:
    schema = json.loads(invoke("schema", "--ledger").stdout)
    jsonschema.validate(parse_document(LEDGER.read_text(encoding="utf-8")).data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema": "tdi-split-ledger/1", "budget": "b.yaml", "spendings": []}, schema)


def test_the_budget_schema_accepts_the_convention(invoke: Invoke) -> None:
    schema = json.loads(invoke("schema").stdout)
    jsonschema.validate(parse_document(BUDGET.read_text(encoding="utf-8")).data, schema)


def test_a_scenario_may_give_the_cost_by_year(invoke: Invoke) -> None:
    """Setting `cost.by_year` replaces the base's `annual`, and setting `annual` its `by_year`."""
    reference = str(ROOT / "config" / "partners.yaml")
    data = json.loads(invoke("compare", reference, "--set", "cost.by_year=[100000, 110000]", "--format", "json").stdout)
    scenario = data["scenarios"][1]["result"]
    assert (scenario["total_cost"], scenario["annual_cost"]) == ("210000.00", None)
    data = json.loads(invoke("compare", str(BUDGET), "--set", "cost.annual=100000", "--format", "json").stdout)
    assert data["scenarios"][1]["result"]["total_cost"] == "200000.00"


@pytest.mark.parametrize("query", ["qbo", "QBO", "quimper"])
def test_calls_of_one_partner_found_by_id_or_name(invoke: Invoke, query: str) -> None:
    data = json.loads(invoke("calls", str(BUDGET), "--year", "2", "--partner", query, "--format", "json").stdout)
    every = json.loads(invoke("calls", str(BUDGET), "--year", "2", "--format", "json").stdout)
    assert [c["partner"] for c in data["calls"]] == ["qbo"]
    assert data["calls"] == [c for c in every["calls"] if c["partner"] == "qbo"]
    assert data["total"] == data["calls"][0]["amount"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1", "--partner", "nobody"], "no partner 'nobody'"),
        (["--year", "1", "--partner", "c"], "could be any of"),
        (["--year", "1", "--partner", "douarnenez"], "nothing to pay or be refunded in year 1"),
    ],
)
def test_calls_of_an_unknown_or_absent_partner_are_usage_errors(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("calls", str(BUDGET), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "--partner" in result.stderr


@pytest.mark.parametrize(
    ("budget", "year"),
    [(BUDGET, 1), (BUDGET, 2), (ROOT / "examples" / "manager-de-commerce.yaml", 1)],
)
def test_a_call_document_states_a_basis_that_gives_its_amount(
    invoke: Invoke, tmp_path: Path, budget: Path, year: int
) -> None:
    """The basis said "its share of the year's net cost, by the key (39.76 %)": the net cost
    held the fixed contributions and the weight was the first year's, so the figures did not
    give the amount called. Now: what the keyed partners share that year and the weight that
    year (the product is the amount, to the rounding of the percentage shown); a fixed amount;
    a share held at its floor or ceiling."""
    import re

    folder = tmp_path / "calls"
    assert invoke("calls", str(budget), "--year", str(year), "--output-dir", str(folder)).exit_code == 0
    plain = {p["id"]: p for p in json.loads(invoke("compute", str(budget), "--format", "json").stdout)["partners"]}
    said = set()
    for document in folder.iterdir():
        text = document.read_text(encoding="utf-8")
        basis = re.search(r"\| Basis \| (.*) \|", text)
        amount = Decimal(re.search(r"\| Amount due \| ([\d,]+\.\d\d) \|", text)[1].replace(",", ""))  # type: ignore[index]
        assert basis is not None
        number = r"([\d,]+\.\d+)…?"
        keyed = re.search(
            rf"(?:the {number} the keyed partners share this year|λ = {number}) × its weight this year "
            rf"{number} \([\d.]+%\) = {number}, to the cent",
            basis[1],
        )
        held = re.search(r"held at its (floor|ceiling) of ([\d,]+\.\d\d)$", basis[1])
        fixed = re.search(r"its fixed contribution for the year, ([\d,]+\.\d\d), outside the key", basis[1])
        if keyed:
            pool, weight, exact = (Decimal((keyed[1] or keyed[2]).replace(",", "")), Decimal(keyed[3]), keyed[4])
            exact_value = Decimal(exact.replace(",", ""))
            # the product holds to the digits shown (7 of the weight), and rounds to the amount
            assert abs(pool * weight - exact_value) <= pool * Decimal("0.0000001") + Decimal("0.000001"), basis[1]
            assert abs(exact_value - amount) < Decimal("0.01"), basis[1]
            said.add("keyed")
        elif held:
            assert Decimal(held[2].replace(",", "")) == amount
            said.add(held[1])
        else:
            assert fixed is not None, basis[1]
            assert Decimal(fixed[1].replace(",", "")) == amount
            said.add("fixed")
        partner = document.stem.rsplit("-", 1)[-1]
        assert any(pid.endswith(partner) and Decimal(p["years"][year - 1]) == amount for pid, p in plain.items())
    assert "keyed" in said
