"""Reports as documents: the HTML page (semantic tables, language, title, footer), the .docx
file (tables, repeated header rows, language, page layout) and the Markdown text all render
the same document, with every amount of the command's JSON, and no label becomes code.

Where people open them (Chromium, LibreOffice) is tested in tests/consumers/."""

from __future__ import annotations

import html
import json
import re
import zipfile
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tdi_split.output.document import Bullets, Document, Heading, Paragraph, Steps, Table, markdown_document
from tdi_split.output.formatting import Formatter, Locale

from .documents import COMMANDS, expected_amounts, wide_comparison
from .helpers import REFERENCE, Invoke, budget_data

pytest.importorskip("jinja2")
docx = pytest.importorskip("docx")


class _Page(HTMLParser):
    """What the tests read of a page: the elements met, their attributes, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.inside: list[str] = []
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.inside.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.inside and self.inside[-1] == "title":
            self.title += data

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_report_is_a_page_with_every_amount(invoke: Invoke, tmp_path: Path, name: str, locale: Locale) -> None:
    target = tmp_path / "report.html"
    result = invoke(*COMMANDS[name], "--locale", locale, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    page = _page(target)
    assert page.named("html") == [{"lang": locale}]
    assert page.title.strip()
    assert page.named("table"), "no table"
    assert all(attrs.get("scope") in ("col", "row") for attrs in page.named("th"))
    assert any(attrs.get("class") == "r" for attrs in page.named("td")), "figures are not right-aligned"
    text = "".join(page.text)
    fmt = Formatter(locale=locale)
    missing = [amount for amount in expected_amounts(invoke, name) if fmt.amount(abs(amount)) not in text]
    assert missing == []
    assert "SHA-256" in text
    assert "\\x" not in text  # no escaped control character (a terminal heading's line break)


def test_the_page_names_its_source_not_where_it_lies(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    assert invoke("compute", str(REFERENCE), "-o", str(target)).exit_code == 0
    content = target.read_text(encoding="utf-8")
    assert "partners.yaml" in content
    assert str(REFERENCE.parent) not in content
    import hashlib

    assert hashlib.sha256(REFERENCE.read_bytes()).hexdigest() in content


@pytest.mark.parametrize("suffix", [".html", ".docx", ".md"])
def test_no_label_becomes_code(invoke: Invoke, tmp_path: Path, suffix: str) -> None:
    import yaml

    data = budget_data(title="<script>alert(1)</script> {{ 7*7 }}")
    data["partners"][0]["name"] = '<img src=x onerror="alert(2)"> {% raw %}'
    data["partners"][1]["name"] = '=HYPERLINK("http://x")'  # control characters are refused when read
    budget = tmp_path / "hostile.yaml"
    budget.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    target = tmp_path / f"out{suffix}"
    result = invoke("compute", str(budget), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    if suffix == ".docx":
        with zipfile.ZipFile(target) as archive:
            content = archive.read("word/document.xml").decode("utf-8")
        assert "<script>" not in content
        assert "&lt;script&gt;" in content
        return
    content = target.read_text(encoding="utf-8")
    assert "<script>" not in content
    assert "<img src=x" not in content  # the page's own chart is an <img> too
    assert "{{ 7*7 }}" in content.replace("\\", "")  # a template expression in a label is not evaluated
    if suffix == ".html":
        assert html.escape("<script>alert(1)</script>") in content


def _docx_text(path: Path) -> tuple[str, object]:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [p.text for p in document.paragraphs]
    return "\n".join(cells + paragraphs), document


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_report_is_a_word_document_with_every_amount(
    invoke: Invoke, tmp_path: Path, name: str, locale: Locale
) -> None:
    target = tmp_path / "annexe.docx"
    result = invoke(*COMMANDS[name], "--locale", locale, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    text, document = _docx_text(target)
    assert "\\x" not in text
    fmt = Formatter(locale=locale)
    missing = [amount for amount in expected_amounts(invoke, name) if fmt.amount(abs(amount)) not in text]
    assert missing == []
    assert document.core_properties.language == {"en": "en-GB", "fr": "fr-FR"}[locale]  # type: ignore[attr-defined]
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    if document.tables:  # type: ignore[attr-defined]
        assert xml.count("<w:tblHeader") == len(document.tables)  # type: ignore[attr-defined]


def test_a_wide_table_turns_the_page(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "compare.docx"
    assert invoke(*COMMANDS["compare"], "-o", str(target)).exit_code == 0
    section = docx.Document(str(target)).sections[0]
    assert section.page_width > section.page_height
    target = tmp_path / "compute.docx"
    assert invoke(*COMMANDS["compute"], "-o", str(target)).exit_code == 0
    section = docx.Document(str(target)).sections[0]
    assert section.page_width < section.page_height


def test_a_table_wider_than_a_page_is_cut_between_its_columns(invoke: Invoke, tmp_path: Path) -> None:
    """35 columns (the base and five scenarios of three years, in all, Δ and Δ %): parts that each fit a
    landscape page, the names in each, every column once, captions numbered."""
    import re

    command = wide_comparison(tmp_path, 5)
    page = tmp_path / "report.html"
    assert invoke(*command, "-o", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    tables = re.findall(r"<table.*?</table>", text, re.DOTALL)
    captions = [re.search(r"<caption>(.*?)</caption>", table, re.DOTALL) for table in tables]
    numbered = [c[1] for c in captions if c is not None and re.search(r"\(\d/\d\)$", c[1])]
    assert len(numbered) >= 2, captions
    assert numbered[-1].endswith(f"({len(numbered)}/{len(numbered)})")
    parts = [t for t, c in zip(tables, captions, strict=True) if c is not None and c[1] in numbered]
    headers = [re.findall(r"<th[^>]*scope=\"col\"[^>]*>(.*?)</th>", part, re.DOTALL) for part in parts]
    assert len({h[0] for h in headers}) == 1  # the partners' column in each
    assert sum(len(h) - 1 for h in headers) == 4 + 5 * 6  # the base: 3 years and in all; each other: Δ and Δ % too
    assert all(part.count("Ville-centre") == 1 for part in parts)


def test_a_keyed_partner_of_weight_0_shows_0_in_every_view(invoke: Invoke, tmp_path: Path) -> None:
    """A commune of population 0 takes part in the key with a weight of 0 %: it shows 0.00 %, as
    the workbook shows 0; a fixed partner has no weight at all (a blank)."""
    budget = tmp_path / "w0.yaml"
    budget.write_text(
        "schema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 12000}\npartners:\n"
        "  - {id: zero, name: Commune sans habitant, criteria: {population: 0}}\n"
        "  - {id: ville, name: Grande ville, criteria: {population: 3}}\n"
        "  - {id: fix, name: Chambre, fixed: 1000}\nkey: {population: 1}\n",
        encoding="utf-8",
    )
    markdown = invoke("compute", str(budget), "--format", "markdown").stdout
    assert "| Commune sans habitant | 0.00% |" in markdown
    assert re.search(r"\| Chambre \| +\|", markdown), markdown
    document = tmp_path / "w0.docx"
    assert invoke("compute", str(budget), "-o", str(document)).exit_code == 0
    cells = [[c.text for c in row.cells] for t in docx.Document(str(document)).tables for row in t.rows]
    assert next(r for r in cells if r[0] == "Commune sans habitant")[:2] == ["Commune sans habitant", "0.00%"]
    assert next(r for r in cells if r[0] == "Chambre")[1] == ""


def test_the_word_document_says_what_it_is_and_when_it_was_made(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > Properties showed python-docx's template: made on 2013-12-23, "generated by
    python-docx". Now the title, the language, tdi-split, and the date (SOURCE_DATE_EPOCH)."""
    import datetime as dt

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    document = tmp_path / "annexe.docx"
    assert invoke("compute", str(REFERENCE), "-o", str(document), "--locale", "fr").exit_code == 0
    properties = docx.Document(str(document)).core_properties
    assert properties.title == json.loads(invoke("compute", str(REFERENCE), "--format", "json").stdout)["title"]
    assert properties.language == "fr-FR"
    assert properties.author == "tdi-split"
    assert "python-docx" not in (properties.comments or "")
    assert properties.created == properties.modified == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for odd in ("253402300800", "99999999999999999999", "-1", "soon"):  # not a date: the clock's time
        monkeypatch.setenv("SOURCE_DATE_EPOCH", odd)
        assert invoke("compute", str(REFERENCE), "-o", str(document), "--force").exit_code == 0
        assert docx.Document(str(document)).core_properties.created.year < 9999


def test_markdown_renders_every_block() -> None:
    document = Document(
        "Title *x*",
        "en",
        [
            Heading("A # section"),
            Paragraph("# not a heading"),
            Table("Caption", ["Name", "Amount"], [["a|b", "1.00"]], ["Total", "1.00"], notes=["Year 1: 2024"]),
            Bullets(["one", "two"]),
            Steps([("First", ["detail"])]),
        ],
        subtitle=["under the title"],
    )
    assert markdown_document(document) == (
        "# Title \\*x\\*\n\nunder the title\n\n## A # section\n\n\\# not a heading\n\n## Caption\n\n"
        "| Name | Amount |\n| --- | ---: |\n| a\\|b | 1.00 |\n| **Total** | **1.00** |\n\nYear 1: 2024\n\n"
        "- one\n- two\n\n1. **First**\n   - detail\n"
    )


def test_an_amount_never_breaks_in_a_page(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    assert invoke("compute", str(REFERENCE), "--locale", "fr", "-o", str(target)).exit_code == 0
    content = target.read_text(encoding="utf-8")
    assert "td.r { white-space: nowrap; }" in content
    fmt = Formatter(locale="fr")
    assert fmt.amount(Decimal("80000")) in html.unescape(content)


def test_the_readme_chart_shows_todays_figures(invoke: Invoke) -> None:
    """docs/partage-fr.svg, shown in the README, is the chart of the reference as computed now."""
    chart = (REFERENCE.parent.parent / "docs" / "partage-fr.svg").read_text(encoding="utf-8")
    data = json.loads(invoke("compute", str(REFERENCE), "--format", "json").stdout)
    fmt = Formatter(locale="fr")
    for partner in data["partners"]:
        assert fmt.amount(Decimal(partner["total"])) in chart, partner["name"]
    assert fmt.amount(Decimal(data["net_cost"])) in chart


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".html", ".svg"])
def test_a_format_that_is_not_the_files_is_refused(invoke: Invoke, tmp_path: Path, suffix: str) -> None:
    """`-o x.docx --format markdown` would write text that no word processor opens."""
    target = tmp_path / f"out{suffix}"
    result = invoke("compute", str(REFERENCE), "-o", str(target), "--format", "markdown")
    assert result.exit_code == 2
    assert "drop --format" in result.stderr
    assert not target.exists()


def test_the_compare_workbook_without_openpyxl_says_what_to_install(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: object, **kwargs: object) -> object:
        if name.split(".", maxsplit=1)[0] == "openpyxl":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    target = tmp_path / "c.xlsx"
    result = invoke("compare", str(REFERENCE), "--set", "cost.annual=+1%", "-o", str(target))
    assert result.exit_code == 1
    assert "pip install 'tdi-split[xlsx]'" in result.stderr
    assert "internal error" not in result.stderr
    assert not target.exists()
