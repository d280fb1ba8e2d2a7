"""What we write never turns a label into code: no formula in a workbook, no formula in a CSV
cell, no HTML in Markdown, no escape sequence on a terminal, in any command and format."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from .common import REFERENCE, budget, run

FORMULA = '=HYPERLINK("http://evil.example","click")'


def _hostile(tmp_path: Path) -> Path:
    """The reference with formulas for a partner's name, the subsidy's name, the title and a
    criterion's figures' source, and CSV-injection starts on other names."""
    text = REFERENCE.read_text(encoding="utf-8")
    text = text.replace("name: Quimper Bretagne Occidentale", f"name: '{FORMULA}'")
    text = text.replace("name: Brest métropole", "name: '+SUM(1+1)'")
    text = text.replace("name: Morlaix Communauté", "name: '-2+3'")
    text = text.replace("name: Poher Communauté", "name: '@SUM(1)'")
    text = text.replace("name: État (ANCT), Territoires d'industrie", "name: '=1+1'")
    text = text.replace("title: Chef·fe de projet Territoire d'industrie Finistère", "title: '=cmd|calc!A1'")
    return budget(tmp_path, text)


COMMANDS = [
    ["compute"],
    ["schedule", "--monthly"],
    ["explain", "qbo"],
    ["compare", "--set", "cost.annual=110000"],
    ["compare", "--sweep", "cost.annual=100000:110000:5000"],
]


def _args(command: list[str], path: Path) -> list[str]:
    if command[0] == "explain":
        return [*command, str(path)]
    return [command[0], str(path), *command[1:]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_no_label_is_a_formula_in_a_workbook(tmp_path: Path, command: list[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = _hostile(tmp_path)
    target = tmp_path / "out.xlsx"
    result = run(*_args(command, path), "-o", str(target))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    formulas, labels = [], []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(str(cell.value))
                elif isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    labels.append(cell.value)
    # Our own formulas only: sums, the net cost, differences and guarded ratios of cells (no text
    # but the empty "" of a ratio over zero, so no label can have slipped into one).
    ours = re.compile(r"=(?:SUM|IF|[A-Z]{1,3}[1-9][0-9]*|=0|[:(),+\-/=])+")  # "=1+1" is not ours: no cell
    assert all(ours.fullmatch(f.replace('""', "")) for f in formulas), formulas
    if command[0] in ("compute", "compare"):
        assert FORMULA in labels or any(FORMULA in label for label in labels)


@pytest.mark.parametrize("dialect", ["rfc", "fr"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_no_csv_cell_starts_a_formula(tmp_path: Path, command: list[str], dialect: str) -> None:
    path = _hostile(tmp_path)
    result = run(*_args(command, path), "--format", "csv", "--csv-dialect", dialect)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter=";" if dialect == "fr" else ","))
    cells = [cell for row in rows for cell in row]
    starts = [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
    assert starts == []
    # A cell starting with - is a real negative number, never a label.
    for cell in cells:
        if cell.startswith("-"):
            float(cell.replace(",", "."))  # raises on a label
    if command[0] == "compute":
        assert "'" + FORMULA in cells
        assert "'-2+3" in cells


def test_negative_numbers_stay_numbers_in_csv(tmp_path: Path) -> None:
    """The schedule's balance is negative in the first year: written as a number."""
    result = run("schedule", str(REFERENCE), "--format", "csv")
    numbers = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row if cell.startswith("-")]
    assert numbers
    assert all(float(n) < 0 for n in numbers)


HTML = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">']


@pytest.mark.parametrize(
    "command", [["compute"], ["explain", "qbo"], ["compare", "--set", "cost.annual=110000"], ["schedule"]]
)
def test_no_html_in_markdown(tmp_path: Path, command: list[str]) -> None:
    from markdown_it import MarkdownIt

    text = REFERENCE.read_text(encoding="utf-8")
    text = text.replace("name: Quimper Bretagne Occidentale", f"name: {json.dumps(HTML[0])}")
    reference = next(line for line in text.splitlines() if line.startswith("reference:"))
    text = text.replace(reference, f"reference: {json.dumps(HTML[1] + ' QBO')}")
    text = text.replace("beneficiary: UIMM Finistère", f"beneficiary: {json.dumps(HTML[0])}")
    path = budget(tmp_path, text)
    result = run(*_args(command, path), "--format", "markdown")
    assert result.exit_code == 0, result.output
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "<script" not in html
    assert "<img" not in html


@pytest.mark.parametrize("mark", ["~~struck~~", "$x^2$", "**bold**", "[link](http://x)"])
def test_no_markdown_formatting_from_a_label(tmp_path: Path, mark: str) -> None:
    """GitHub's Markdown strikes ``~~text~~`` through and renders ``$math$``: a name holding them
    printed so. Every mark of a label is escaped; rendered, the label is its own text."""
    import re

    from markdown_it import MarkdownIt

    name = json.dumps("Poher " + mark)
    text = REFERENCE.read_text(encoding="utf-8").replace("name: Poher Communauté", f"name: {name}")
    result = run("compute", str(budget(tmp_path, text)), "--format", "markdown")
    assert result.exit_code == 0, result.output
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(result.stdout)
    assert f"Poher {mark}" in html.replace("&quot;", '"')
    for tag in ("<s>", "<del>", "<a ", "<strong>bold"):
        assert tag not in html
    assert not re.search(r"(?<!\\)[$~]", result.stdout)  # math and strikes (no CommonMark here) escaped


ESCAPES = ["\x1b[2J", "\x1b]8;;x\x07", "\x07", "\r", "\x9b31m"]


def _assert_no_escape(text: str) -> None:
    assert "internal error" not in text
    for escape in ("\x1b", "\x07", "\x9b", "\r"):
        assert escape not in text, repr(text[:300])


@pytest.mark.parametrize("escape", ESCAPES, ids=repr)
def test_a_file_name_with_escapes_prints_them_visibly(tmp_path: Path, escape: str) -> None:
    path = tmp_path / f"a{escape}b.yaml"
    path.write_text("schema: tdi-split/1\ntitle: [x]\n", encoding="utf-8")
    for fmt in ("text", "json", "github"):
        result = run("check", str(tmp_path), "--format", fmt)
        assert result.exit_code == 1
        _assert_no_escape(result.output)
    result = run("compute", str(path))
    _assert_no_escape(result.output)
    assert "\\x1b" in result.stderr or "\\x07" in result.stderr or "\\x9b" in result.stderr or "\\x0d" in result.stderr


def test_a_quoted_key_with_escapes_prints_them_visibly(tmp_path: Path) -> None:
    path = budget(tmp_path, 'schema: tdi-split/1\ntitle: t\n"\\e[31mred\\u009b2J": 1\n')
    for fmt in ("text", "json", "github"):
        result = run("check", str(path), "--format", fmt)
        assert result.exit_code == 1
        _assert_no_escape(result.output)
        assert "\\x1b[31mred" in result.output or "\\\\x1b[31mred" in result.output


@pytest.mark.parametrize("option", ["--set", "--sweep"])
def test_command_line_paths_with_escapes_print_them_visibly(option: str) -> None:
    value = "cost.\x1b[2Jannual=1" if option == "--set" else "cost.\x1b[2Jannual=1:2:1"
    result = run("compare", str(REFERENCE), option, value)
    assert result.exit_code == 1
    _assert_no_escape(result.output)


def test_a_scenario_named_with_escapes_prints_them_visibly(tmp_path: Path) -> None:
    overlay = budget(tmp_path, f"schema: tdi-split/1\nbase: {REFERENCE}\nset: {{cost.annual: 1}}\n", "a\x1bb.yaml")
    result = run("compare", str(REFERENCE), str(overlay))
    assert result.exit_code == 0, result.output
    _assert_no_escape(result.output)
    data = json.loads(run("compare", str(REFERENCE), str(overlay), "--format", "json").stdout)
    assert "\x1b" not in json.dumps(data, ensure_ascii=False)
