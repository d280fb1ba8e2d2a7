"""Workbooks where people open them: LibreOffice headless prints them to PDF, and the PDF's
text (pdftotext) holds every amount of the JSON, the totals computed from our formulas, on
one page per sheet. Skipped where LibreOffice or poppler is absent; `.ci/run` installs both."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from tdi_split.output.formatting import Formatter

from ..helpers import REFERENCE, ROOT, Invoke
from .office import SOFFICE, convert

pytestmark = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (libreoffice-calc-nogui) and poppler-utils are not installed",
)

_AMOUNT = re.compile(r"-?\d{1,3}(?:[ ,\u00a0\u202f]\d{3})*[.,]\d{2}(?!\d)")


def _printed(workbook: Path, tmp_path: Path) -> tuple[set[Decimal], int]:
    """The amounts LibreOffice prints from ``workbook`` (thousands separators dropped, either
    decimal mark), and the number of pages."""
    assert SOFFICE is not None
    convert(workbook, "pdf", tmp_path)
    pdf = workbook.with_suffix(".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
    found = set()
    for match in _AMOUNT.findall(text):
        digits = re.sub(r"[ ,.\u00a0\u202f]", "", match)
        found.add(abs(Decimal(digits)) / 100)
    assert "###" not in text  # a column too narrow for its figure
    return found, pages


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_the_compute_workbook_prints_every_amount_on_one_page_per_sheet(
    invoke: Invoke, tmp_path: Path, locale: str
) -> None:
    data = json.loads(invoke("compute", str(REFERENCE), "--format", "json").stdout)
    workbook = tmp_path / "plan.xlsx"
    assert invoke("compute", str(REFERENCE), "-o", str(workbook), "--locale", locale).exit_code == 0
    found, pages = _printed(workbook, tmp_path)
    expected = {Decimal(amount) for partner in data["partners"] for amount in [*partner["years"], partner["total"]]}
    expected |= {Decimal(s["amount"]) for s in data["subsidies"]}
    # the totals are formulas: LibreOffice computes them, and they must be the JSON's
    expected |= {Decimal(year["net"]) for year in data["years"]} | {Decimal(data["total_cost"])}
    assert expected - found == set()
    assert pages == 2  # the funding plan and the partners: each fits one A4 page


def test_the_settlement_workbook_prints_every_balance(invoke: Invoke, tmp_path: Path) -> None:
    ledger = ROOT / "examples" / "convention" / "ledger.yaml"
    data = json.loads(invoke("settle", str(ledger), "--format", "json").stdout)
    workbook = tmp_path / "solde.xlsx"
    assert invoke("settle", str(ledger), "-o", str(workbook), "--locale", "fr").exit_code == 0
    found, pages = _printed(workbook, tmp_path)
    balances = {abs(Decimal(p["balance"])) for p in data["partners"]} | {Decimal(p["due"]) for p in data["partners"]}
    # the totals row is made of formulas: LibreOffice's sums are the settlement's
    balances |= {abs(sum((Decimal(p["balance"]) for p in data["partners"]), Decimal(0)))}
    balances |= {sum((Decimal(p["due"]) for p in data["partners"]), Decimal(0))}
    # the cost by year: planned, actual and the partners' net, each year and in all (formulas)
    balances |= {Decimal(y[f]) for y in data["years"] for f in ("planned_cost", "actual_cost", "net")}
    balances |= {Decimal(data["planned_cost"]), Decimal(data["actual_cost"]), Decimal(data["net_cost"])}
    # what each partner owes for each year, as a finance department books it, and the years' totals
    balances |= {Decimal(a) for p in data["partners"] for a in p["years"]}
    balances |= {sum((Decimal(p["years"][i]) for p in data["partners"]), Decimal(0)) for i in range(len(data["years"]))}
    assert balances - found == set()
    assert pages == 4  # the cost by year, the partners, the subsidies and the dues by year, a page each


def _recalculated(workbook: Path, tmp_path: Path) -> Any:
    """``workbook`` as LibreOffice computes it: opened and saved again headless, then read with the
    values LibreOffice computed for every formula (openpyxl writes formulas without values)."""
    assert SOFFICE is not None
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "recalculated"
    convert(workbook, "xlsx", out)
    return openpyxl.load_workbook(out / workbook.name, data_only=True)


def _cents(computed: object) -> Decimal:
    """A figure LibreOffice computed (a binary float), to the cent."""
    assert isinstance(computed, int | float), computed
    return Decimal(repr(computed)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_the_compare_workbook_s_formulas_compute_the_json_s_figures(
    invoke: Invoke, tmp_path: Path, locale: str
) -> None:
    """Every total, Δ and Δ % LibreOffice computes from our formulas is the figure of
    `compare --format json`, to the cent; the Total row's Δ too; each sheet prints on one page."""
    scenarios = ROOT / "examples" / "scenarios"
    args = [str(REFERENCE), *(str(scenarios / f"{name}.yaml") for name in ("morlaix-se-retire", "sans-plafond-etat"))]
    data = json.loads(invoke("compare", *args, "--format", "json").stdout)
    workbook = tmp_path / "compare.xlsx"
    assert invoke("compare", *args, "-o", str(workbook), "--locale", locale).exit_code == 0
    book = _recalculated(workbook, tmp_path)
    in_all = Formatter(locale).word("in_all")  # type: ignore[arg-type]
    results = [scenario["result"] for scenario in data["scenarios"]]
    base = results[0]

    plan = book.worksheets[1]
    heads = {cell.value: cell.column for cell in plan[1]}
    for name, result in zip("ABC", results, strict=True):
        figures = [result["total_cost"], result["subsidies"][0]["amount"], result["net_cost"]]
        before = [base["total_cost"], base["subsidies"][0]["amount"], base["net_cost"]]
        for row, figure, was in zip((2, 3, 4), figures, before, strict=True):
            assert _cents(plan.cell(row=row, column=heads[f"{name} — {in_all}"]).value) == Decimal(figure)
            if name != "A":
                delta = Decimal(figure) - Decimal(was)
                assert _cents(plan.cell(row=row, column=heads[f"{name} — Δ"]).value) == delta
                ratio = plan.cell(row=row, column=heads[f"{name} — Δ %"]).value
                assert ratio == pytest.approx(float(Fraction(delta) / Fraction(Decimal(was))), abs=1e-12)

    partners = book.worksheets[2]
    heads = {cell.value: cell.column for cell in partners[1]}
    line = {partners.cell(row=r, column=2).value: r for r in range(2, partners.max_row + 1)}
    total_row = len(base["partners"]) + 2
    shares = {p["id"]: p for p in base["partners"]}
    for name, result in zip("ABC", results, strict=True):
        for partner in result["partners"]:
            row = line[partner["id"]]
            assert _cents(partners.cell(row=row, column=heads[f"{name} — {in_all}"]).value) == Decimal(partner["total"])
            if name != "A" and partner["id"] in shares:
                was = Decimal(shares[partner["id"]]["total"])
                delta = Decimal(partner["total"]) - was
                assert _cents(partners.cell(row=row, column=heads[f"{name} — Δ"]).value) == delta
                ratio = partners.cell(row=row, column=heads[f"{name} — Δ %"]).value
                assert ratio == pytest.approx(float(Fraction(delta) / Fraction(was)), abs=1e-12)
        # the totals row: the net cost, and its difference from the base's, never empty
        net = Decimal(result["net_cost"])
        assert _cents(partners.cell(row=total_row, column=heads[f"{name} — {in_all}"]).value) == net
        if name != "A":
            delta = net - Decimal(base["net_cost"])
            assert _cents(partners.cell(row=total_row, column=heads[f"{name} — Δ"]).value) == delta
            ratio = partners.cell(row=total_row, column=heads[f"{name} — Δ %"]).value
            assert ratio == pytest.approx(float(Fraction(delta) / Fraction(Decimal(base["net_cost"]))), abs=1e-12)
    _, pages = _printed(workbook, tmp_path)  # and no column too narrow for its figure (###)
    assert pages == 3  # the scenarios, the funding plans, the partners: each fits one A4 page


def _words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Every word LibreOffice printed: its page, box (left, top, right, bottom) and text."""
    from xml.etree import ElementTree

    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout
    words = []
    for number, page in enumerate(ElementTree.fromstring(xml).iter("{http://www.w3.org/1999/xhtml}page")):
        for word in page.iter("{http://www.w3.org/1999/xhtml}word"):
            box = [float(word.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax")]
            words.append((number, box[0], box[1], box[2], box[3], word.text or ""))
    return words


def test_long_names_wrap_in_their_cells_and_nothing_overlaps(invoke: Invoke, tmp_path: Path) -> None:
    """Names of 80 characters and more: the name column is at most 60 wide, so a name used to
    be hidden by the next cell (`...et des communes associ`); now it wraps, its row grows (which
    LibreOffice does not do by itself) and no printed word lies over another."""
    budget = tmp_path / "long-names.yaml"
    word = "Communautédecommunesdupaysdesabersetdelacôtedeslégendesavecunnomsansespaceextrêmementlong"
    text = (ROOT / "tests" / "data" / "long-names.yaml").read_text(encoding="utf-8")
    partner = f"  - {{id: word, name: CC {word}, criteria: {{population: 1000}}}}\n"
    budget.write_text(text.replace("key:", partner + "key:", 1), encoding="utf-8")
    workbook = tmp_path / "plan.xlsx"
    assert invoke("compute", str(budget), "-o", str(workbook)).exit_code == 0
    convert(workbook, "pdf", tmp_path)
    words = _words(workbook.with_suffix(".pdf"))
    printed = {text for *_, text in words}
    data = json.loads(invoke("compute", str(budget), "--format", "json").stdout)
    for name in [p["name"] for p in data["partners"] if p["id"] != "word"] + [s["name"] for s in data["subsidies"]]:
        assert set(name.split()) <= printed, name
    pieces = [text for *_, text in words if text in word]  # a word wider than its column is cut: every piece
    assert sum(len(piece) for piece in pieces) >= len(word), pieces
    overlapping = [
        (a[5], b[5])
        for i, a in enumerate(words)
        for b in words[i + 1 :]
        if a[0] == b[0]
        and min(a[3], b[3]) - max(a[1], b[1]) > 0.5
        and min(a[4], b[4]) - max(a[2], b[2]) > 0.4 * min(a[4] - a[2], b[4] - b[2])  # lines of a cell touch
    ]
    assert overlapping == []


def test_a_long_source_file_name_does_not_shrink_the_printed_table(invoke: Invoke, tmp_path: Path) -> None:
    """The source line below the table counted in "fit to one page wide": a file name of 118
    characters printed the whole table at 5.3 pt instead of 8.8. It now wraps across the table."""
    heights = []
    for stem in ("partners", "budget_de_la_convention_pluriannuelle_de_cofinancement_du_poste_" * 2):
        budget = tmp_path / f"{stem}.yaml"
        shutil.copyfile(REFERENCE, budget)
        workbook = tmp_path / f"{stem}.xlsx"
        assert invoke("compute", str(budget), "-o", str(workbook)).exit_code == 0
        convert(workbook, "pdf", tmp_path)
        words = _words(workbook.with_suffix(".pdf"))
        heights.append(next(bottom - top for _, _, top, _, bottom, text in words if text == "Total"))
        assert any(stem[:30] in text for *_, text in words)  # the file's name is printed
    assert abs(heights[0] - heights[1]) < 0.05, heights
