"""Documents where people open them: the HTML report printed to PDF by headless Chromium, the
.docx converted by LibreOffice; the PDF's text (pdftotext) holds every amount of the command's
JSON, every word lies inside the A4 page (no column cut off), and the pages are A4.
Skipped where Chromium, LibreOffice or poppler is absent; `.ci/run` installs them."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest

from ..documents import COMMANDS, comparison_amounts, expected_amounts, wide_comparison
from ..helpers import Invoke
from .office import SOFFICE, convert

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
WRITER = SOFFICE is not None and (Path(SOFFICE).resolve().parent / "libswlo.so").exists()
"""LibreOffice's word processor is there (Debian: libreoffice-writer-nogui), not only Calc."""
POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None
pytest.importorskip("jinja2")
pytest.importorskip("docx")

_AMOUNT = re.compile(r"-?\d{1,3}(?:[ ,\u00a0\u202f]\d{3})*[.,]\d{2}(?!\d)")
A4_POINTS = (595, 842)


def _pdf_text(pdf: Path) -> tuple[str, int, list[tuple[float, float, float]], tuple[float, float]]:
    """The PDF's text, its page count, every word's left and right edges with its page's width,
    and the first page's size (points)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.MULTILINE)
    assert size is not None
    boxes_xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout
    root = ElementTree.fromstring(boxes_xml)
    boxes = []  # each word's left and right edges, and the width of its page (a landscape one too)
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        page_width = float(page.attrib["width"])
        boxes += [
            (float(word.attrib["xMin"]), float(word.attrib["xMax"]), page_width)
            for word in page.iter("{http://www.w3.org/1999/xhtml}word")
        ]
    return text, pages, boxes, (float(size[1]), float(size[2]))


def _amounts(text: str) -> set[Decimal]:
    """The amounts in ``text``, whatever their separators, without sign."""
    return {abs(Decimal(re.sub(r"[ ,.\u00a0\u202f]", "", m))) / 100 for m in _AMOUNT.findall(text)}


def _check_printed(pdf: Path, expected: set[Decimal]) -> int:
    text, pages, boxes, (width, height) = _pdf_text(pdf)
    assert (round(width), round(height)) in (A4_POINTS, A4_POINTS[::-1]), (width, height)
    missing = {abs(amount) for amount in expected} - _amounts(text)
    assert missing == set(), f"not printed: {sorted(missing)}"
    outside = [box for box in boxes if box[0] < 0 or box[1] > box[2] + 0.5]
    assert outside == [], "words cut off at the page's edge"
    return pages


def _print(page: Path, pdf: Path, folder: Path) -> None:
    """``page`` printed to ``pdf`` by headless Chromium, as a person prints it (A4)."""
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.skipif(CHROMIUM is None or not POPPLER, reason="Chromium (chromium) or poppler-utils is not installed")
@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize(
    "name", ["compute", "compare", "compare-all", "schedule", "schedule-mdc", "explain", "settle", "calls"]
)
def test_the_html_report_prints_every_amount_on_a4(invoke: Invoke, tmp_path: Path, name: str, locale: str) -> None:
    page = tmp_path / "report.html"
    assert invoke(*COMMANDS[name], "--locale", locale, "-o", str(page)).exit_code == 0
    pdf = tmp_path / "report.pdf"
    _print(page, pdf, tmp_path)
    pages = _check_printed(pdf, expected_amounts(invoke, name))
    assert pages <= (6 if name == "compare-all" else 3)  # the legend and the chart take pages too


@pytest.mark.skipif(CHROMIUM is None or not POPPLER, reason="Chromium (chromium) or poppler-utils is not installed")
@pytest.mark.parametrize("scenarios", [1, 5, 7])
def test_a_comparison_wider_than_a_page_prints_every_amount(invoke: Invoke, tmp_path: Path, scenarios: int) -> None:
    """Three years and in all for the base, with Δ and Δ % for five scenarios: 35 columns, which no page holds.
    The table is cut between its columns into tables that fit (the partners' names in each):
    Chromium dropped what lay beyond the landscape page's edge (scenario F's last years)."""
    command = wide_comparison(tmp_path, scenarios)
    page = tmp_path / "report.html"
    assert invoke(*command, "-o", str(page)).exit_code == 0
    pdf = tmp_path / "report.pdf"
    _print(page, pdf, tmp_path)
    _check_printed(pdf, comparison_amounts(invoke, command))


@pytest.mark.skipif(not WRITER or not POPPLER, reason="LibreOffice Writer or poppler-utils is not installed")
@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("name", ["compute", "compare", "compare-all", "schedule", "schedule-mdc", "explain", "calls"])
def test_the_word_document_prints_every_amount_on_a4(invoke: Invoke, tmp_path: Path, name: str, locale: str) -> None:
    document = tmp_path / "annexe.docx"
    assert invoke(*COMMANDS[name], "--locale", locale, "-o", str(document)).exit_code == 0
    convert(document, "pdf", tmp_path)
    _check_printed(tmp_path / "annexe.pdf", expected_amounts(invoke, name))


@pytest.mark.skipif(not WRITER or not POPPLER, reason="LibreOffice Writer or poppler-utils is not installed")
def test_a_comparison_wider_than_a_page_is_whole_in_the_word_document(invoke: Invoke, tmp_path: Path) -> None:
    command = wide_comparison(tmp_path, 5)
    document = tmp_path / "annexe.docx"
    assert invoke(*command, "-o", str(document)).exit_code == 0
    convert(document, "pdf", tmp_path)
    _check_printed(tmp_path / "annexe.pdf", comparison_amounts(invoke, command))


@pytest.mark.skipif(CHROMIUM is None or not POPPLER, reason="Chromium (chromium) or poppler-utils is not installed")
def test_a_tall_chart_is_printed_whole_on_one_page(invoke: Invoke, tmp_path: Path) -> None:
    """Forty partners make the chart taller than an A4 page: Chromium sliced it across two pages
    (a bar cut at the break). It is now scaled to the page: its top line (under the funding
    plan) and its last line (under the partners' bars) are on the same page."""
    partners = "".join(
        f"  - {{id: p{n}, name: Communauté de communes numéro {n}, criteria: {{population: {1000 + n * 37}}}}}\n"
        for n in range(40)
    )
    budget = tmp_path / "forty.yaml"
    budget.write_text(
        "schema: tdi-split/1\ntitle: Quarante\nperiod: {months: 24}\ncost: {annual: 100000}\n"
        "subsidies:\n  - {id: etat, name: État, rate: 50%, cap: 80000}\n"
        f"partners:\n{partners}key: {{population: 1}}\n",
        encoding="utf-8",
    )
    page = tmp_path / "report.html"
    assert invoke("compute", str(budget), "-o", str(page)).exit_code == 0
    _print(page, tmp_path / "report.pdf", tmp_path)
    count = int(_pdf_text(tmp_path / "report.pdf")[1])
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(tmp_path / "report.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, count + 1)
    ]
    top = [n for n, text in enumerate(texts) if "Percentages of the total cost" in text]
    bottom = [n for n, text in enumerate(texts) if "What each partner pays in all" in text]
    assert len(top) == 1
    assert top == bottom, (top, bottom)
