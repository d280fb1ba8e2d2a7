"""Files for others to open: .xlsx workbooks (openpyxl, optional), .html and .svg (Rich's export).

A workbook holds real numbers with a currency format, totals as formulas, set column
widths, and a footer line naming the source file(s) and their SHA-256, so that a figure
handed on can be traced back to the budget it came from.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Console

from ..engine import Allocation
from .data import partner_note, subsidy_basis
from .formatting import Formatter
from .tables import UNBOUNDED_WIDTH

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["ExportError", "Sheet", "SourceFile", "allocation_workbook", "rich_export", "workbook"]

Cell = str | int | Decimal | None


class ExportError(Exception):
    """An export that cannot be made here (a missing optional library); the message says what to do."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A budget file a result comes from, for the footer of an export."""

    name: str
    """The file's name as given."""
    sha256: str
    """The SHA-256 of its bytes, in hex."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a header, rows of text and numbers, and which columns are money."""

    title: str
    """The sheet's name (at most 31 characters in a workbook)."""
    header: list[str]
    """Column headings."""
    rows: list[list[Cell]]
    """The rows; Decimal cells become numbers."""
    money: set[int]
    """Indexes of the columns formatted as money."""
    totals: set[int]
    """Indexes of the columns that get a SUM formula in a totals row ({} for none)."""
    total_label: str = "Total"
    """What the totals row says in its first column."""


def rich_export(draw: Callable[[Console], None], kind: Literal["html", "svg"], title: str, width: int = 80) -> str:
    """What ``draw`` prints, as a standalone HTML page or SVG picture (Rich's own export).

    The page is as wide as the widest line (at least ``width``), so that no column is cut.
    """
    # An export does not depend on the terminal it is made from: TERM=dumb, for one, would
    # force 80 columns, so these consoles get an empty environment.
    probe = Console(width=UNBOUNDED_WIDTH, file=io.StringIO(), record=True, color_system=None, _environ={})
    draw(probe)
    widest = max((len(line.rstrip()) for line in probe.export_text().splitlines()), default=0)
    console = Console(
        record=True,
        width=max(width, widest),
        file=io.StringIO(),
        color_system="truecolor",
        force_terminal=True,
        _environ={},
    )
    draw(console)
    if kind == "html":
        return console.export_html(inline_styles=True)
    return console.export_svg(title=title)


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise ExportError("writing .xlsx needs the optional openpyxl library: pip install 'tdi-split[xlsx]'") from None
    return openpyxl


def _money_format(currency: str) -> str:
    sign = "€" if currency == "EUR" else currency
    return f'#,##0.00\\ "{sign}"'


def _fill_sheet(ws: Worksheet, sheet: Sheet, currency: str) -> int:
    """Write ``sheet`` into ``ws``; return the last row used."""
    openpyxl = _openpyxl()
    bold = openpyxl.styles.Font(bold=True)
    ws.append(sheet.header)
    for cell in ws[1]:
        cell.font = bold
    for row in sheet.rows:
        ws.append(row)  # Decimal cells are written as the exact numbers they hold
    last = ws.max_row
    if sheet.totals:
        letters = openpyxl.utils.get_column_letter
        totals: list[Any] = [sheet.total_label] + [None] * (len(sheet.header) - 1)
        for column in sheet.totals:
            letter = letters(column + 1)
            totals[column] = f"=SUM({letter}2:{letter}{last})"
        ws.append(totals)
        for cell in ws[ws.max_row]:
            cell.font = bold
    for column in sheet.money:
        for (cell,) in ws.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = _money_format(currency)
    for index, name in enumerate(sheet.header):
        values = [name, *(row[index] for row in sheet.rows)]
        width = max(len(f"{v:,.2f}") if isinstance(v, Decimal) else len(str(v or "")) for v in values)
        ws.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = min(max(width + 2, 8), 60)
    return int(ws.max_row)


def _footer(ws: Worksheet, row: int, sources: Sequence[SourceFile], fmt: Formatter) -> None:
    for offset, source in enumerate(sources):
        ws.cell(row=row + 2 + offset, column=1, value=f"Source: {source.name} (SHA-256 {source.sha256})")


def workbook(sheets: Sequence[Sheet], currency: str, sources: Sequence[SourceFile], fmt: Formatter) -> bytes:
    """A workbook of ``sheets``, each with the sources' footer."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title[:31])
        last = _fill_sheet(ws, sheet, currency)
        _footer(ws, last, sources, fmt)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def allocation_workbook(allocation: Allocation, fmt: Formatter, sources: Sequence[SourceFile]) -> bytes:
    """The `compute` workbook: a funding-plan sheet and a partners sheet, totals as formulas."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    plan_ws = book.active
    plan_ws.title = fmt.word("funding_plan")[:31]
    cost_basis = fmt.word("a_year_for", amount=fmt.amount(allocation.annual_cost), months=allocation.months)
    plan_rows: list[list[Cell]] = [[fmt.word("cost"), cost_basis, allocation.total_cost]]
    plan_rows += [[line.name, subsidy_basis(line, fmt), line.amount] for line in allocation.subsidies]
    last = _fill_sheet(
        plan_ws,
        Sheet(plan_ws.title, [fmt.word("item"), fmt.word("basis"), fmt.word("amount")], plan_rows, {2}, set()),
        allocation.budget.currency,
    )
    # The net cost as a formula: the cost minus the subsidies, as a finance officer checks it.
    subsidies = f"-SUM(C3:C{last})" if allocation.subsidies else ""
    plan_ws.append([fmt.word("net"), "", f"=C2{subsidies}"])
    net_cell = plan_ws.cell(row=plan_ws.max_row, column=3)
    net_cell.number_format = _money_format(allocation.budget.currency)
    for cell in plan_ws[plan_ws.max_row]:
        cell.font = openpyxl.styles.Font(bold=True)
    _footer(plan_ws, plan_ws.max_row, sources, fmt)

    header = [
        fmt.word("partner"),
        "id",
        fmt.word("weight"),
        *(fmt.year(y.index, y.months, fmt.dates(y.start, y.end)) for y in allocation.years),
        fmt.word("total"),
        fmt.word("note"),
    ]
    years = len(allocation.years)
    partners_ws = book.create_sheet(fmt.word("partners")[:31])
    rows: list[list[Cell]] = []
    for number, share in enumerate(allocation.partners, start=2):
        first, final = openpyxl.utils.get_column_letter(4), openpyxl.utils.get_column_letter(3 + years)
        rows.append(
            [
                share.name,
                share.id,
                Decimal(share.weight.numerator) / Decimal(share.weight.denominator) if share.weight else None,
                *share.years,
                f"=SUM({first}{number}:{final}{number})",
                partner_note(share, allocation, fmt),
            ]
        )
    sheet = Sheet(
        partners_ws.title, header, rows, set(range(3, 4 + years)), set(range(3, 4 + years)), fmt.word("total")
    )
    last = _fill_sheet(partners_ws, sheet, allocation.budget.currency)
    for (cell,) in partners_ws.iter_rows(min_row=2, max_row=last - 1, min_col=3, max_col=3):
        cell.number_format = "0.00%"
    partners_ws.freeze_panes = "B2"
    _footer(partners_ws, last, sources, fmt)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
