"""`compute` in every format: JSON (the stable contract of DESIGN section 5), CSV, Markdown,
the terminal's tables and chart, and the workbook.

Rich is imported only by the functions that draw, so that JSON, CSV and Markdown stay light.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..core.engine import Allocation, PartnerShare, SubsidyLine
from ..core.money import to_text, to_text_or_none
from .formatting import Formatter, Locale, decimal_string
from .plain import CsvCell, CsvDialect, csv_text, markdown_cell, markdown_line, markdown_table, readable_json
from .report import ResultReport

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

    from ..files.paths import SourceFile

__all__ = [
    "ComputeReport",
    "allocation_csv",
    "allocation_dict",
    "allocation_json",
    "allocation_markdown",
    "allocation_workbook",
    "partner_note",
    "subsidy_basis",
]


WEIGHT_PLACES = 7
"""Decimals of the key weight in JSON and CSV (DESIGN section 5: at least 7)."""


def allocation_dict(allocation: Allocation) -> dict[str, Any]:
    """The ``compute --format json`` contract of DESIGN section 5 (fields may be added, never renamed)."""
    budget = allocation.budget
    return {
        "schema": budget.schema_id,
        "title": budget.title,
        "reference": budget.reference,
        "beneficiary": budget.beneficiary_name,
        "currency": budget.currency,
        "months": allocation.months,
        "annual_cost": to_text_or_none(allocation.annual_cost),
        "total_cost": to_text(allocation.total_cost),
        "subsidies": [
            {
                "id": line.id,
                "name": line.name,
                "amount": to_text(line.amount),
                "rate": None if line.rate is None else format(line.rate, "f"),
                "base": to_text(line.base),
                "ceiling": to_text_or_none(line.ceiling),
                "cap": to_text_or_none(line.cap),
                "capped": line.capped,
                "payment": line.payment,
                "year": line.payment_year if line.payment == "once" else None,
            }
            for line in allocation.subsidies
        ],
        "net_cost": to_text(allocation.net_cost),
        "years": [
            {
                "index": year.index,
                "months": year.months,
                "label": year.label,
                "net": to_text(year.net),
                "start": None if year.start is None else year.start.isoformat(),
                "end": None if year.end is None else year.end.isoformat(),
            }
            for year in allocation.years
        ],
        "partners": [
            {
                "id": share.id,
                "name": share.name,
                "kind": share.kind,
                "contributes": share.contributes,
                "fixed": share.fixed,
                "weight": decimal_string(share.weight, WEIGHT_PLACES) if share.weight else "0",
                "years": [to_text(amount) for amount in share.years],
                "total": to_text(share.total),
            }
            for share in allocation.partners
        ],
    }


def allocation_json(allocation: Allocation) -> str:
    """The JSON contract with a final newline: a key per line, and one line per subsidy, year
    and partner (readable, diff-friendly, and fast for 100,000 partners: each line goes through
    the C encoder)."""
    return readable_json(allocation_dict(allocation))


def allocation_csv(allocation: Allocation, dialect: CsvDialect = "rfc", locale: Locale = "en") -> str:
    """One row per partner: id, name, kind, contributes, fixed, weight, each year, total."""
    header: list[CsvCell] = [
        "id",
        "name",
        "kind",
        "contributes",
        "fixed",
        "weight",
        *(f"year_{y.index}" for y in allocation.years),
        "total",
    ]
    rows: list[list[CsvCell]] = [
        [
            share.id,
            share.name,
            share.kind or "",
            share.contributes,
            share.fixed,
            Decimal(decimal_string(share.weight, WEIGHT_PLACES)) if share.weight else Decimal(0),
            *share.years,
            share.total,
        ]
        for share in allocation.partners
    ]
    return csv_text([header, *rows], dialect, locale)


def cost_basis(allocation: Allocation, fmt: Formatter) -> str:
    """How the total cost comes: ``103,800.00 a year × 24 months``, or the costs by year."""
    if allocation.annual_cost is None:
        amounts = " + ".join(fmt.amount(year.cost) for year in allocation.years)
        return fmt.word("by_year", amounts=amounts)
    return fmt.word("a_year_for", amount=fmt.amount(allocation.annual_cost), months=allocation.months)


def subsidy_basis(line: SubsidyLine, fmt: Formatter) -> str:
    """How a subsidy was bounded: ``50% of 160,000.00 (eligible ceiling), capped at 80,000.00``;
    a fixed sum; in a settlement, the limit of the amount voted."""
    if line.rate is None:
        return fmt.word("fixed_sum")
    text = fmt.word("rate_of", rate=fmt.rate(line.rate), base=fmt.amount(line.base))
    if line.ceiling_applied:
        text += fmt.word("eligible")
    if line.cap is not None:
        text += fmt.word("capped" if line.capped else "not_capped", cap=fmt.amount(line.cap))
    if line.limited_to_plan and line.planned is not None:
        text += fmt.word("limited_to_plan", planned=fmt.amount(line.planned))
    return text


def key_description(allocation: Allocation, fmt: Formatter) -> str:
    """The key in words: ``population`` or ``population 50%, equal shares 50%``."""
    names = {c: fmt.word("equal") if c == "equal" else c for c in allocation.criterion_weights}
    if len(names) == 1:
        return next(iter(names.values()))
    return ", ".join(f"{names[c]} {fmt.percent(w, 0)}" for c, w in allocation.criterion_weights.items())


def _one_key(allocation: Allocation) -> bool:
    """Whether every partner takes part in every year (then the weights add up to 100 %)."""
    return all(p.years is None for p in allocation.budget.partners)


def partner_note(share: PartnerShare, allocation: Allocation, fmt: Formatter) -> str:
    """Why a partner's amount is not a plain keyed share, or ``""``."""
    if not share.contributes:
        return fmt.word("no_pay")
    partner = next(p for p in allocation.budget.partners if p.id == share.id)
    notes = []
    if partner.years is not None and len(partner.years) < len(allocation.years):
        taken = ", ".join(fmt.word("year", index=y) for y in sorted(partner.years))
        notes.append(fmt.word("takes_part", years=taken))
    if share.fixed:
        return "; ".join([fmt.word("fixed", amount=fmt.amount(partner.fixed or Decimal(0))), *notes])
    for bound in ("floor", "ceiling"):
        years = [str(step.year) for step in share.steps if step.bound == bound]
        if years:
            note = fmt.word("at_floor" if bound == "floor" else "at_ceiling")
            if len(years) < len(share.steps):
                note += fmt.word("in_years", years=", ".join(fmt.word("year", index=y) for y in years))
            notes.append(note)
    return "; ".join(notes)


def plan_rows(allocation: Allocation, fmt: Formatter) -> list[tuple[str, str, str]]:
    """The funding plan as (item, basis, amount) rows: the cost, then what pays it."""
    keyed = sum(1 for share in allocation.partners if share.contributes)
    rows = [
        (
            fmt.word("cost"),
            cost_basis(allocation, fmt),
            fmt.amount(allocation.total_cost),
        )
    ]
    rows += [(line.name, subsidy_basis(line, fmt), fmt.amount(line.amount)) for line in allocation.subsidies]
    rows.append(
        (
            fmt.word("net"),
            fmt.word("net_basis", count=keyed, key=key_description(allocation, fmt))
            if allocation.criterion_weights
            else "",
            fmt.amount(allocation.net_cost),
        )
    )
    return rows


def partner_rows(
    allocation: Allocation, fmt: Formatter, *, separator: str = " ", dates: bool = True
) -> tuple[list[str], list[list[str]], list[str]]:
    """The partners' table: header, one row per partner, and the totals row.

    ``separator`` joins the parts of a year's heading; ``dates=False`` leaves the dates
    out of it (a terminal table says them in its caption, to stay narrow).
    """
    header = [
        fmt.word("partner"),
        fmt.word("weight"),
        *(
            fmt.year(y.index, y.months, fmt.dates(y.start, y.end) if dates else None, separator=separator)
            for y in allocation.years
        ),
        fmt.word("total"),
    ]
    rows = [
        [
            share.name,
            fmt.percent(share.weight) if share.weight else "",
            *(fmt.amount(amount) for amount in share.years),
            fmt.amount(share.total),
        ]
        for share in allocation.partners
    ]
    totals = [
        fmt.word("total"),
        fmt.percent(sum((s.weight for s in allocation.partners), Fraction(0)))
        if any(s.weight for s in allocation.partners) and _one_key(allocation)
        else "",  # weights of different years' keys do not add up
        *(fmt.amount(year.net) for year in allocation.years),
        fmt.amount(allocation.net_cost),
    ]
    return header, rows, totals


def allocation_markdown(allocation: Allocation, fmt: Formatter) -> str:
    """Both tables as Markdown (GitHub pipes), ready for a report."""
    budget = allocation.budget
    lines = [f"# {markdown_cell(budget.title)}", ""]
    if budget.reference:
        lines += [markdown_line(budget.reference), ""]
    lines += [f"## {fmt.word('funding_plan')}", ""]
    lines += markdown_table(
        [fmt.word("item"), fmt.word("basis"), fmt.word("amount")], [list(r) for r in plan_rows(allocation, fmt)], "llr"
    )
    header, rows, totals = partner_rows(allocation, fmt)
    notes = [partner_note(share, allocation, fmt) for share in allocation.partners]
    if any(notes):
        header.append(fmt.word("note"))
        rows = [[*row, note] for row, note in zip(rows, notes, strict=True)]
        totals.append("")
    lines += ["", f"## {fmt.word('partners')}", ""]
    align = "l" + "r" * (len(header) - 1 - (1 if any(notes) else 0)) + ("l" if any(notes) else "")
    lines += markdown_table(header, [*rows, totals], align, bold_last=True)
    return "\n".join(lines) + "\n"


NOTE_MIN_WIDTH = 20
"""Notes wrap, but not word by word."""


def _heading(allocation: Allocation, fmt: Formatter) -> Text:
    from rich.text import Text

    budget = allocation.budget
    text = Text(budget.title, style="bold")
    details = [budget.reference] if budget.reference else []
    facts = [fmt.word("period", months=allocation.months), budget.currency]
    if budget.beneficiary_name:
        facts.insert(0, fmt.word("beneficiary", name=budget.beneficiary_name))
    details.append(" · ".join(facts))
    for line in details:
        text.append("\n" + line, style="dim")
    return text


def plan_table(allocation: Allocation, fmt: Formatter) -> Table:
    """The funding plan: the cost of the post, then the subsidies and the partners that pay it."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=fmt.word("funding_plan"), title_justify="left", box=box.SIMPLE_HEAD, title_style="bold")
    table.add_column(fmt.word("item"))
    table.add_column(fmt.word("basis"), style="dim")
    table.add_column(fmt.word("amount"), justify="right", no_wrap=True)
    rows = plan_rows(allocation, fmt)
    for number, (item, basis, amount) in enumerate(rows):
        last = number == len(rows) - 1
        table.add_row(Text(item), Text(basis), Text(amount), end_section=number == 0, style="bold" if last else None)
    return table


def partners_table(allocation: Allocation, fmt: Formatter) -> Table:
    """One row per partner, amounts per year and in all, and a totals row equal to the net cost."""
    from rich.text import Text

    from .terminal import figures_table

    header, rows, totals = partner_rows(allocation, fmt, separator="\n", dates=False)
    notes = [partner_note(share, allocation, fmt) for share in allocation.partners]
    table = figures_table(fmt.word("partners"), header, rows, totals)
    if any(notes):
        table.add_column(fmt.word("note"), style="dim", footer="", min_width=NOTE_MIN_WIDTH)
    dated = [year for year in allocation.years if year.start is not None]
    if dated:
        colon = "\u00a0:" if fmt.locale == "fr" else ":"
        table.caption = " · ".join(
            f"{fmt.word('year', index=y.index)}{colon} {fmt.dates(y.start, y.end)}" for y in dated
        )
        table.caption_justify = "left"
    for row, note, share in zip(rows, notes, allocation.partners, strict=True):
        cells = [Text(cell) for cell in row] + ([Text(note)] if any(notes) else [])
        table.add_row(*cells, style=None if share.contributes else "dim")
    return table


def allocation_renderable(allocation: Allocation, fmt: Formatter) -> RenderableType:
    """The whole `compute` output as one Rich renderable."""
    from rich.console import Group
    from rich.text import Text

    return Group(_heading(allocation, fmt), Text(""), plan_table(allocation, fmt), partners_table(allocation, fmt))


def allocation_chart(allocation: Allocation, fmt: Formatter) -> RenderableType:
    """A bar per paying partner: what it pays in all."""
    from rich.text import Text

    from .terminal import bar_lines

    payers = [share for share in allocation.partners if share.contributes]
    chart = Text()
    for line in bar_lines([share.name for share in payers], [share.total for share in payers], fmt):
        chart.append("\n")
        chart.append_text(line)
    return chart


def allocation_workbook(allocation: Allocation, fmt: Formatter, sources: Sequence[SourceFile]) -> bytes:
    """The `compute` workbook: a funding-plan sheet and a partners sheet, totals as formulas."""
    from . import xlsx

    openpyxl = xlsx.openpyxl_module()
    book = openpyxl.Workbook()
    plan_ws = book.active
    plan_ws.title = xlsx.sheet_title(fmt.word("funding_plan"))
    plan_rows: list[list[xlsx.Cell]] = [[fmt.word("cost"), cost_basis(allocation, fmt), allocation.total_cost]]
    plan_rows += [[line.name, subsidy_basis(line, fmt), line.amount] for line in allocation.subsidies]
    last = xlsx.fill_sheet(
        plan_ws,
        xlsx.Sheet(plan_ws.title, [fmt.word("item"), fmt.word("basis"), fmt.word("amount")], plan_rows, {2}, set()),
        allocation.budget.currency,
    )
    # The net cost as a formula: the cost minus the subsidies, as a finance officer checks it.
    subsidies = f"-SUM(C3:C{last})" if allocation.subsidies else ""
    xlsx.append_row(plan_ws, [fmt.word("net"), "", xlsx.Formula(f"=C2{subsidies}")])
    net_cell = plan_ws.cell(row=plan_ws.max_row, column=3)
    net_cell.number_format = xlsx.money_format(allocation.budget.currency)
    for cell in plan_ws[plan_ws.max_row]:
        cell.font = openpyxl.styles.Font(bold=True)
    xlsx.finish(plan_ws, plan_ws.max_row, fmt.word("funding_plan"), 3, sources)

    header = [
        fmt.word("partner"),
        "id",
        fmt.word("weight"),
        *(fmt.year(y.index, y.months, fmt.dates(y.start, y.end)) for y in allocation.years),
        fmt.word("total"),
        fmt.word("note"),
    ]
    years = len(allocation.years)
    partners_ws = book.create_sheet(xlsx.sheet_title(fmt.word("partners"), book.sheetnames))
    rows: list[list[xlsx.Cell]] = []
    for number, share in enumerate(allocation.partners, start=2):
        keyed = share.contributes and not share.fixed
        first, final = openpyxl.utils.get_column_letter(4), openpyxl.utils.get_column_letter(3 + years)
        rows.append(
            [
                share.name,
                share.id,
                # a keyed partner of weight 0 shows 0; a fixed or non-contributing one, nothing
                Decimal(share.weight.numerator) / Decimal(share.weight.denominator) if keyed else None,
                *share.years,
                xlsx.Formula(f"=SUM({first}{number}:{final}{number})"),
                partner_note(share, allocation, fmt),
            ]
        )
    sheet = xlsx.Sheet(
        partners_ws.title, header, rows, set(range(3, 4 + years)), set(range(3, 4 + years)), fmt.word("total")
    )
    last = xlsx.fill_sheet(partners_ws, sheet, allocation.budget.currency)
    for (cell,) in partners_ws.iter_rows(min_row=2, max_row=last - 1, min_col=3, max_col=3):
        cell.number_format = "0.00%"
    partners_ws.freeze_panes = "B2"
    xlsx.finish(partners_ws, last, fmt.word("partners"), len(header), sources)
    return xlsx.save(book)


@dataclass(frozen=True, kw_only=True)
class ComputeReport(ResultReport[Allocation]):
    """`compute`: the funding plan and the partners' shares."""

    def json(self) -> str:
        """The JSON contract."""
        return allocation_json(self.result)

    def csv(self, dialect: CsvDialect) -> str:
        """One row per partner."""
        return allocation_csv(self.result, dialect, self.fmt.locale)

    def markdown(self) -> str:
        """Both tables as Markdown."""
        return allocation_markdown(self.result, self.fmt)

    def draw(self, console: Console) -> None:
        """Both tables (never losing a column), and the chart if asked."""
        from .terminal import print_wide

        print_wide(console, allocation_renderable(self.result, self.fmt))
        if self.chart:
            console.print(allocation_chart(self.result, self.fmt))

    def xlsx(self) -> bytes:
        """The funding-plan and partners sheets."""
        return allocation_workbook(self.result, self.fmt, self.sources)
