"""`compute` in every format: JSON (the stable contract of DESIGN section 5), CSV, Markdown,
the terminal's tables and chart, and the workbook.

Rich is imported only by the functions that draw, so that JSON, CSV and Markdown stay light.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..core.engine import Allocation, PartnerShare, SubsidyLine
from ..core.model import Partner
from ..core.money import to_text, to_text_or_none
from .document import Document, Table, markdown_document
from .formatting import Formatter, Locale, decimal_string
from .plain import CsvCell, CsvDialect, csv_text, readable_json
from .report import ResultReport

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ..files.paths import SourceFile
    from .terminal import BarChart, FigureTable, Layout, Prose

__all__ = [
    "ComputeReport",
    "allocation_csv",
    "allocation_dict",
    "allocation_document",
    "allocation_json",
    "allocation_workbook",
    "partner_note",
    "partner_notes",
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


def partner_notes(allocation: Allocation, fmt: Formatter) -> list[str]:
    """:func:`partner_note` of every partner, in order (each partner looked up once: linear)."""
    by_id = {partner.id: partner for partner in allocation.budget.partners}
    return [partner_note(share, by_id[share.id], allocation, fmt) for share in allocation.partners]


def partner_note(share: PartnerShare, partner: Partner, allocation: Allocation, fmt: Formatter) -> str:
    """Why a partner's amount is not a plain keyed share, or ``""`` (``partner``: its entry in the budget)."""
    if not share.contributes:
        return fmt.word("no_pay")
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
            fmt.percent(share.weight) if share.contributes and not share.fixed else "",  # a keyed 0 shows 0
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


def allocation_document(allocation: Allocation, fmt: Formatter) -> Document:
    """The funding plan and the partners' table, as a document (Markdown, HTML, Word)."""
    budget = allocation.budget
    plan = Table(
        fmt.word("funding_plan"),
        [fmt.word("item"), fmt.word("basis"), fmt.word("amount")],
        [list(row) for row in plan_rows(allocation, fmt)],
        align="llr",
    )
    header, rows, totals = partner_rows(allocation, fmt)
    notes = partner_notes(allocation, fmt)
    if any(notes):
        header.append(fmt.word("note"))
        rows = [[*row, note] for row, note in zip(rows, notes, strict=True)]
        totals.append("")
    align = "l" + "r" * (len(header) - 1 - (1 if any(notes) else 0)) + ("l" if any(notes) else "")
    muted = frozenset(number for number, share in enumerate(allocation.partners) if not share.contributes)
    partners = Table(fmt.word("partners"), header, rows, totals, align, muted=muted)
    return Document(budget.title, fmt.locale, [plan, partners], subtitle=_facts(allocation, fmt))


def _facts(allocation: Allocation, fmt: Formatter) -> list[str]:
    """The lines under the title: the convention's reference, then who, how long, in what currency."""
    budget = allocation.budget
    facts = [fmt.word("period", months=allocation.months), budget.currency]
    if budget.beneficiary_name:
        facts.insert(0, fmt.word("beneficiary", name=budget.beneficiary_name))
    return [*([budget.reference] if budget.reference else []), " · ".join(facts)]


NOTE_MIN_WIDTH = 20
"""Notes wrap, but not word by word."""


def _heading(allocation: Allocation, fmt: Formatter) -> Prose:
    from rich.text import Text

    from .terminal import Prose

    text = Text()
    text.append(allocation.budget.title, style="bold")
    for line in _facts(allocation, fmt):
        text.append("\n" + line, style="dim")
    return Prose(text)


def plan_table(allocation: Allocation, fmt: Formatter) -> FigureTable:
    """The funding plan: the cost of the post, then the subsidies and the partners that pay it."""
    from rich.text import Text

    from .terminal import NAME_LEAST_WIDTH, Column, FigureTable

    columns = [
        Column(fmt.word("item"), figure=False, least=NAME_LEAST_WIDTH),
        Column(fmt.word("basis"), figure=False, least=NAME_LEAST_WIDTH, style="dim"),
        Column(fmt.word("amount")),
    ]
    rows = [[Text(cell) for cell in row] for row in plan_rows(allocation, fmt)]
    styles = [None] * (len(rows) - 1) + ["bold"]
    return FigureTable(columns, rows, title=fmt.word("funding_plan"), row_styles=styles, sections={0})


def partners_table(allocation: Allocation, fmt: Formatter) -> FigureTable:
    """One row per partner, amounts per year and in all, and a totals row equal to the net cost;
    the years' dates under it."""
    from rich.text import Text

    from .terminal import NAME_LEAST_WIDTH, NAME_MIN_WIDTH, Column, FigureTable

    header, rows, totals = partner_rows(allocation, fmt, separator="\n", dates=False)
    notes = partner_notes(allocation, fmt)
    name = Column(header[0], figure=False, floor=NAME_MIN_WIDTH, least=NAME_LEAST_WIDTH)
    columns = [name, *(Column(heading) for heading in header[1:])]
    cells = [[Text(cell) for cell in row] for row in rows]
    footer = [Text(cell) for cell in totals]
    if any(notes):
        columns.append(Column(fmt.word("note"), figure=False, floor=NOTE_MIN_WIDTH, style="dim"))
        cells = [[*row, Text(note)] for row, note in zip(cells, notes, strict=True)]
        footer.append(Text(""))
    caption = None
    dated = [year for year in allocation.years if year.start is not None]
    if dated:
        colon = "\u00a0:" if fmt.locale == "fr" else ":"
        said = " · ".join(f"{fmt.word('year', index=y.index)}{colon} {fmt.dates(y.start, y.end)}" for y in dated)
        caption = Text(said, style="dim")
    styles = [None if share.contributes else "dim" for share in allocation.partners]
    return FigureTable(columns, cells, title=fmt.word("partners"), totals=footer, row_styles=styles, caption=caption)


def allocation_layouts(allocation: Allocation, fmt: Formatter, *, chart: bool = False) -> Iterator[Layout]:
    """The `compute` view, richest first: both tables; without the weights; the partners as
    blocks; the funding plan as blocks too. The chart, if asked, under them."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import Layout

    heading, plan, partners = _heading(allocation, fmt), plan_table(allocation, fmt), partners_table(allocation, fmt)
    bars: list[RenderableType] = [Text(""), allocation_chart(allocation, fmt)] if chart else []
    yield Layout(Group(heading, Text(""), plan, partners, *bars))
    dropped = fmt.word("terminal.dropped", columns=fmt.word("weight"))
    yield Layout(Group(heading, Text(""), plan, partners.without({1}), *bars), dropped)
    blocks = fmt.word("terminal.blocks")
    yield Layout(Group(heading, Text(""), plan, partners.stacked(), *bars), blocks)
    yield Layout(Group(heading, Text(""), plan.stacked(), partners.stacked(), *bars), blocks)


def allocation_chart(allocation: Allocation, fmt: Formatter) -> BarChart:
    """A bar per paying partner: what it pays in all, a full bar being the net cost (so a bar
    is the partner's share of what the partners pay)."""
    from .terminal import BarChart

    payers = [share for share in allocation.partners if share.contributes]
    return BarChart([share.name for share in payers], [share.total for share in payers], fmt, scale=allocation.net_cost)


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
    xlsx.finish(plan_ws, plan_ws.max_row, fmt.word("funding_plan"), 3, sources, label=fmt.word("document.source"))

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
    notes = partner_notes(allocation, fmt)
    for number, (share, note) in enumerate(zip(allocation.partners, notes, strict=True), start=2):
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
                note,
            ]
        )
    sheet = xlsx.Sheet(
        partners_ws.title, header, rows, set(range(3, 4 + years)), set(range(3, 4 + years)), fmt.word("total")
    )
    last = xlsx.fill_sheet(partners_ws, sheet, allocation.budget.currency)
    for (cell,) in partners_ws.iter_rows(min_row=2, max_row=last - 1, min_col=3, max_col=3):
        cell.number_format = "0.00%"
    partners_ws.freeze_panes = "B2"
    xlsx.finish(partners_ws, last, fmt.word("partners"), len(header), sources, label=fmt.word("document.source"))
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
        return markdown_document(self.document())

    def scdl(self) -> str:
        """The SCDL « subventions » file (schema 2.1.1): one line per partner that pays."""
        from .scdl import scdl_csv

        return scdl_csv(self.result)

    def figure(self) -> str:
        """The funding plan and the partners' shares, as bars (matplotlib)."""
        from .charts import compute_svg

        return compute_svg(self.result, self.fmt)

    def document(self) -> Document:
        """The funding plan and the partners' table."""
        return allocation_document(self.result, self.fmt)

    def draw(self, console: Console) -> None:
        """Both tables and the chart if asked, in the richest layout that fits the width."""
        from .terminal import print_fitted

        print_fitted(console, self.fmt, allocation_layouts(self.result, self.fmt, chart=self.chart))

    def xlsx(self) -> bytes:
        """The funding-plan and partners sheets."""
        return allocation_workbook(self.result, self.fmt, self.sources)
