"""Exports read back and compared with `compute`'s JSON; atomic writes; the xlsx extra."""

from __future__ import annotations

import builtins
import csv
import hashlib
import html
import io
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tdi_split.files.write import OutputExistsError, write_atomic
from tdi_split.output.formatting import Formatter

from ..helpers import REFERENCE, ROOT, Invoke


@pytest.fixture
def reference_json(invoke: Invoke) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(invoke("compute", str(REFERENCE), "--format", "json").stdout)
    return data


def test_xlsx_has_the_same_figures_formulas_and_the_source(
    invoke: Invoke, tmp_path: Path, reference_json: dict[str, Any]
) -> None:
    target = tmp_path / "plan.xlsx"
    assert invoke("compute", str(REFERENCE), "-o", str(target)).exit_code == 0
    book = openpyxl.load_workbook(target)
    plan, partners = book["Funding plan"], book["Partners' shares"]
    assert plan["C2"].value == Decimal("207600") or plan["C2"].value == 207600
    assert plan["C3"].value == 80000
    assert plan["C4"].value == "=C2-SUM(C3:C3)"
    assert plan["C2"].number_format == '#,##0.00\\ "€"'
    rows = list(partners.iter_rows(min_row=2, max_row=11, values_only=True))
    for row, expected in zip(rows, reference_json["partners"], strict=True):
        assert row[1] == expected["id"]
        assert [Decimal(str(v)) for v in row[3:5]] == [Decimal(a) for a in expected["years"]]
    assert partners["F3"].value == "=SUM(D3:E3)"
    assert [partners.cell(row=12, column=c).value for c in (4, 5, 6)] == [
        "=SUM(D2:D11)",
        "=SUM(E2:E11)",
        "=SUM(F2:F11)",
    ]
    assert partners["D3"].number_format == '#,##0.00\\ "€"'
    assert partners["C3"].number_format == "0.00%"
    assert partners.column_dimensions["A"].width > 30
    digest = hashlib.sha256(REFERENCE.read_bytes()).hexdigest()
    # the file's name, never where it lies on the author's disk
    assert partners.cell(row=14, column=1).value == f"Source: {REFERENCE.name} (SHA-256 {digest})"


def test_xlsx_prints_on_a4_one_page_wide_with_the_header_repeated(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    assert invoke("compute", str(REFERENCE), "-o", str(target), "--locale", "fr").exit_code == 0
    book = openpyxl.load_workbook(target)
    # French names that do not fit 31 characters are cut between words
    assert book.sheetnames == ["Plan de financement", "Répartition entre les"]
    for ws in book.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9", read back as 9
        fit = ws.sheet_properties.pageSetUpPr
        assert fit is not None
        assert fit.fitToPage
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddFooter is not None
        assert ws.oddFooter.left.text == "partners.yaml"
        sha = hashlib.sha256(REFERENCE.read_bytes()).hexdigest()
        assert ws.oddFooter.center.text == f"SHA-256 {sha[:12]}…"  # the whole one under the table
        assert str(REFERENCE.parent) not in json.dumps([[c.value for c in row] for row in ws.iter_rows()], default=str)
    assert book.worksheets[1].page_setup.orientation == "landscape"  # partner, id, weight, 2 years, total, note
    assert book.worksheets[0].page_setup.orientation == "portrait"


@pytest.mark.parametrize(
    ("title", "taken", "name"),
    [
        ("Répartition entre les partenaires", [], "Répartition entre les"),
        ("Partenaires", ["Partenaires"], "Partenaires (2)"),
        ("Partenaires", ["partenaires", "Partenaires (2)"], "Partenaires (3)"),
        ("a/b: [c]?*", [], "a b c"),
        ("x" * 40, [], "x" * 31),
        ("'quoted'", [], "quoted"),
        ("", [], "Sheet"),
        ("(" * 40, [], "(" * 31),  # nothing to cut between: cut where it must
        ("a\x07b", [], "a b"),
    ],
)
def test_sheet_names_are_valid_and_never_cut_a_word(title: str, taken: list[str], name: str) -> None:
    from tdi_split.output.xlsx import sheet_title

    assert sheet_title(title, taken) == name
    assert len(name) <= 31


def test_a_keyed_partner_of_weight_zero_shows_zero(invoke: Invoke, tmp_path: Path) -> None:
    budget = tmp_path / "b.yaml"
    budget.write_text(
        "schema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 1000}\nkey: {population: 1}\n"
        "sources: {population: {source: s}}\npartners:\n"
        "  - {id: a, name: A, criteria: {population: 10}}\n"
        "  - {id: z, name: Z, criteria: {population: 0}}\n"
        "  - {id: f, name: F, fixed: 100}\n",
        encoding="utf-8",
    )
    target = tmp_path / "b.xlsx"
    result = invoke("compute", str(budget), "-o", str(target))
    assert result.exit_code == 0, result.output
    partners = openpyxl.load_workbook(target).worksheets[1]
    assert [partners.cell(row=r, column=3).value for r in (2, 3, 4)] == [1, 0, None]


def test_xlsx_of_every_command(invoke: Invoke, tmp_path: Path) -> None:
    scenario = ROOT / "examples" / "scenarios" / "morlaix-se-retire.yaml"
    for args in (
        ["compare", str(REFERENCE), str(scenario)],
        ["compare", str(REFERENCE), "--sweep", "cost.annual=90000:110000:10000"],
        ["explain", "qbo", str(REFERENCE)],
        ["schedule", str(REFERENCE), "--monthly"],
    ):
        target = tmp_path / f"{args[0]}-{len(args)}.xlsx"
        assert invoke(*args, "-o", str(target)).exit_code == 0, args
        sheet = openpyxl.load_workbook(target).worksheets[0]
        assert sheet.max_row > 3
    schedule_sheet = openpyxl.load_workbook(tmp_path / "schedule-3.xlsx").worksheets[0]
    assert schedule_sheet.cell(row=26, column=2).value == "=SUM(B2:B25)"


def test_a_missing_openpyxl_is_a_clear_message(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    result = invoke("compute", str(REFERENCE), "-o", str(tmp_path / "plan.xlsx"))
    assert result.exit_code == 1
    assert "pip install 'tdi-split[xlsx]'" in result.stderr
    assert not (tmp_path / "plan.xlsx").exists()


def test_french_csv_opens_right_in_a_french_spreadsheet(invoke: Invoke, reference_json: dict[str, Any]) -> None:
    text = invoke("compute", str(REFERENCE), "--format", "csv", "--csv-dialect", "fr").stdout
    assert text.startswith("\ufeff")  # Excel reads the accents as UTF-8 only with it
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    for row, expected in zip(rows, reference_json["partners"], strict=True):
        assert row["id"] == expected["id"]
        assert row["year_1"] == expected["years"][0].replace(".", ",")
        assert row["weight"] == expected["weight"].replace(".", ",")
    assert not invoke("compute", str(REFERENCE), "--format", "csv").stdout.startswith("\ufeff")


CSV_COMMANDS = [
    ["compute", str(REFERENCE)],
    ["compare", str(REFERENCE), "--set", "remove_partners=[poher]"],
    ["compare", str(REFERENCE), "--sweep", "subsidies.etat.rate=40%:60%:10%"],
    ["schedule", str(REFERENCE), "--monthly"],
    ["explain", "qbo", str(REFERENCE)],
    ["settle", str(ROOT / "examples" / "convention" / "ledger.yaml")],
    ["calls", str(ROOT / "examples" / "convention" / "ledger.yaml"), "--balance"],
]


@pytest.mark.parametrize("command", CSV_COMMANDS, ids=lambda c: c[0] + ("-sweep" if "--sweep" in c else ""))
def test_french_csv_says_everything_in_french(invoke: Invoke, command: list[str]) -> None:
    french = invoke(*command, "--format", "csv", "--locale", "fr", "--csv-dialect", "fr").stdout
    english = invoke(*command, "--format", "csv").stdout
    header, *rows = list(csv.reader(io.StringIO(french.removeprefix("\ufeff")), delimiter=";"))
    english_header, *english_rows = list(csv.reader(io.StringIO(english)))
    assert len(header) == len(english_header)
    assert len(rows) == len(english_rows)
    machine = [
        name for name in header if "_" in name or (name in english_header and name not in ("total", "contributions"))
    ]
    assert machine == []  # no year_1, partner_id, treasury...
    cells = [cell for row in rows for cell in row]
    assert "true" not in cells
    assert "false" not in cells
    # the same figures, with a decimal comma
    for row, english_row in zip(rows, english_rows, strict=True):
        for cell, english_cell in zip(row, english_row, strict=True):
            if english_cell in ("true", "false"):
                assert cell == {"true": "oui", "false": "non"}[english_cell]
            elif english_cell.replace(".", "", 1).lstrip("-").isdigit():
                assert cell == english_cell.replace(".", ",")


def test_svg_is_a_chart_of_the_shares(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "plan.svg"
    assert invoke("compute", str(REFERENCE), "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "<svg" in text
    assert "<script" not in text
    data = json.loads(invoke("compute", str(REFERENCE), "--format", "json").stdout)
    for partner in data["partners"]:  # text stays text: names and amounts can be searched
        assert Formatter().amount(Decimal(partner["total"])) in text
        assert html.escape(partner["name"], quote=False) in text


def test_a_command_without_a_chart_says_so(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("explain", "qbo", str(REFERENCE), "-o", str(tmp_path / "qbo.svg"))
    assert result.exit_code == 1
    assert "draws no chart" in result.stderr
    assert not (tmp_path / "qbo.svg").exists()


def test_every_command_refuses_to_overwrite(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("keep", encoding="utf-8")
    for args in (["compute"], ["explain", "qbo"], ["schedule"], ["compare"]):
        result = invoke(*args, str(REFERENCE), "-o", str(target))
        assert result.exit_code == 1, args
        assert "use --force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep"


def test_a_failure_mid_write_leaves_no_partial_file(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.json"

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "{}")
    assert list(tmp_path.iterdir()) == []
    # and through the command: exit 1, a message, no file
    result = invoke("compute", str(REFERENCE), "-o", str(target))
    assert result.exit_code == 1
    assert "cannot write" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_file_created_meanwhile_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.json"
    real_fsync = os.fsync

    def someone_else_writes(descriptor: int) -> None:
        real_fsync(descriptor)
        target.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(os, "fsync", someone_else_writes)
    with pytest.raises(OutputExistsError):
        write_atomic(target, "ours")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    write_atomic(target, "{}")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("count", [1, 6])
def test_the_page_footer_keeps_its_codes_whatever_the_file_names(tmp_path: Path, count: int) -> None:
    """A name cut between the two & of an escaped one would swallow the page number; six long
    names would pass Excel's 255 characters."""
    from tdi_split.files.paths import SourceFile
    from tdi_split.output import xlsx

    ws = openpyxl.Workbook().active
    assert ws is not None
    sources = [SourceFile(f"/far/{i}{'a' * 78}&P.yaml", "0" * 64) for i in range(count)]
    xlsx.print_setup(ws, 3, "Plan & budget", sources)
    assert ws.oddFooter is not None
    assert ws.oddHeader is not None
    for text in (ws.oddFooter.left.text, ws.oddHeader.center.text):
        assert text is not None
        assert len(text) <= 255
        assert len(text.replace("&&", "")) == len(text) - 2 * text.count("&&")  # every & doubled
        assert "&" not in text.replace("&&", "")
    assert ws.oddHeader.center.text == "Plan && budget"
    assert "/far/" not in (ws.oddFooter.left.text or "")


def test_a_row_is_as_tall_as_a_spreadsheet_wraps_its_text() -> None:
    """LibreOffice moves a word that does not fit to the next line whole, and cuts only a word
    wider than the cell: counted as it does, with a tenth spare (letters are not all as narrow as
    digits). Counted by filling each line (textwrap's default), the SHA-256 of a source line lost
    its last characters in the settlement's narrowest sheet, and a long name its third line."""
    from tdi_split.output.xlsx import wrapped_lines

    sha = "acf202a5186b8ea5639c63cc1ebe5495cc30f502b49926db61405b36524a4545"
    assert wrapped_lines(f"Source: partners.yaml (SHA-256 {sha})", 61) == 3  # the hash goes down whole
    assert wrapped_lines("CC " + "x" * 108, 59) == 3  # "CC", then the word cut in two
    assert wrapped_lines("short", 10) == 1
    assert wrapped_lines("", 10) == 1
    assert wrapped_lines("one\ntwo", 10) == 2
