"""Workbooks where people open them: LibreOffice headless prints them to PDF, and the PDF's
text (pdftotext) holds every amount of the JSON, the totals computed from our formulas, on
one page per sheet. Skipped where LibreOffice or poppler is absent; `.ci/run` installs both."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from ..helpers import REFERENCE, ROOT, Invoke

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice (libreoffice-calc-nogui) and poppler-utils are not installed",
)

_AMOUNT = re.compile(r"-?\d{1,3}(?:[ ,\u00a0\u202f]\d{3})*[.,]\d{2}(?!\d)")


def _printed(workbook: Path, tmp_path: Path) -> tuple[set[Decimal], int]:
    """The amounts LibreOffice prints from ``workbook`` (thousands separators dropped, either
    decimal mark), and the number of pages."""
    assert SOFFICE is not None
    profile = tmp_path / "profile"  # its own profile: no lock shared with another run
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
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
    assert balances - found == set()
    assert pages == 2  # partners and subsidies, each on one page
