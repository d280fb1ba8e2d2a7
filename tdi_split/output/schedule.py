"""`schedule` in every format: the cash-flow table (terminal, Markdown, workbook), JSON and CSV.

Rich is imported only by the function that draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.money import ZERO, to_text
from ..core.schedule import CashPeriod, Schedule
from .formatting import Formatter, Locale
from .plain import CsvCell, CsvDialect, csv_text, indented_json, markdown_line, markdown_table
from .report import ResultReport

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

__all__ = [
    "ScheduleReport",
    "period_label",
    "schedule_csv",
    "schedule_json",
    "schedule_markdown",
    "schedule_renderable",
    "schedule_rows",
]


def _say(fmt: Formatter, key: str, /, **values: object) -> str:
    return fmt.word(f"schedule.{key}", **values)


def period_label(period: CashPeriod, monthly: bool, fmt: Formatter) -> str:
    """``2022-09`` / ``sept. 2022`` for a dated month, ``month 3``, ``2022-09 .. 2023-08`` or ``year 1``."""
    if period.start is not None and monthly:
        if fmt.locale == "fr":
            from babel.dates import format_date

            return format_date(period.start, "MMM y", locale="fr_FR")
        return f"{period.start:%Y-%m}"
    if monthly:
        return _say(fmt, "month", index=period.index)
    year = _say(fmt, "year", index=period.year)
    return year if period.months == 12 else f"{year} ({fmt.word('months', months=period.months)})"


def schedule_rows(plan: Schedule, fmt: Formatter) -> tuple[list[str], list[list[str]], list[str], list[bool]]:
    """Header, one row per period, the totals row, and which periods have a negative treasury.

    When the treasury goes below zero, a last column says by how much, period by period:
    what the beneficiary pre-finances.
    """
    header = [
        _say(fmt, "period"),
        _say(fmt, "cost"),
        *(line.name for line in plan.subsidies),
        _say(fmt, "contributions"),
        _say(fmt, "balance"),
        _say(fmt, "treasury"),
    ]
    rows = [
        [
            period_label(p, plan.monthly, fmt),
            fmt.amount(p.cost),
            *(fmt.amount(s) for s in p.subsidies),
            fmt.amount(p.contributions),
            fmt.signed(p.balance),
            fmt.signed(p.treasury),
        ]
        for p in plan.periods
    ]
    totals = [
        _say(fmt, "total"),
        fmt.amount(sum((p.cost for p in plan.periods), ZERO)),
        *(fmt.amount(line.amount) for line in plan.subsidies),
        fmt.amount(sum((p.contributions for p in plan.periods), ZERO)),
        fmt.signed(sum((p.balance for p in plan.periods), ZERO)),
        fmt.signed(plan.periods[-1].treasury),
    ]
    negative = [p.treasury < 0 for p in plan.periods]
    if any(negative):
        header.append(_say(fmt, "negative"))
        for row, period, below in zip(rows, plan.periods, negative, strict=True):
            row.append(fmt.amount(-period.treasury) if below else "")
        totals.append("")
    return header, rows, totals, negative


def summary_lines(plan: Schedule, fmt: Formatter) -> list[str]:
    """When money comes in, and the pre-financing need."""
    lines = [_say(fmt, "calls", when=_say(fmt, plan.calls))]
    if plan.prefinancing:
        lowest = plan.lowest
        lines.append(
            _say(
                fmt,
                "need",
                amount=fmt.signed(lowest.treasury),
                period=period_label(lowest, True, fmt),
                need=fmt.amount(plan.prefinancing),
            )
        )
    else:
        lines.append(_say(fmt, "no_need"))
    return lines


def schedule_dict(plan: Schedule) -> dict[str, Any]:
    """The cash flow as data: every period, and the pre-financing need."""
    return {
        "monthly": plan.monthly,
        "calls": plan.calls,
        "subsidies": [{"id": line.id, "name": line.name} for line in plan.subsidies],
        "periods": [
            {
                "index": p.index,
                "year": p.year,
                "months": p.months,
                "start": None if p.start is None else p.start.isoformat(),
                "cost": to_text(p.cost),
                "subsidies": {
                    line.id: to_text(amount) for line, amount in zip(plan.subsidies, p.subsidies, strict=True)
                },
                "contributions": to_text(p.contributions),
                "balance": to_text(p.balance),
                "treasury": to_text(p.treasury),
            }
            for p in plan.periods
        ],
        "lowest_treasury": to_text(plan.lowest.treasury),
        "prefinancing": to_text(plan.prefinancing),
    }


def schedule_json(plan: Schedule) -> str:
    """:func:`schedule_dict` as indented JSON."""
    return indented_json(schedule_dict(plan))


def schedule_csv(plan: Schedule, dialect: CsvDialect = "rfc", locale: Locale = "en") -> str:
    """One row per period: cost, each subsidy, contributions, balance, treasury."""
    header: list[CsvCell] = [
        "period",
        "year",
        "months",
        "start",
        "cost",
        *(f"subsidy_{line.id}" for line in plan.subsidies),
        "contributions",
        "balance",
        "treasury",
    ]
    rows: list[list[CsvCell]] = [header]
    for p in plan.periods:
        start = "" if p.start is None else p.start.isoformat()
        rows.append([p.index, p.year, p.months, start, p.cost, *p.subsidies, p.contributions, p.balance, p.treasury])
    return csv_text(rows, dialect, locale)


def schedule_markdown(plan: Schedule, fmt: Formatter) -> str:
    """The cash flow as a Markdown table, with the pre-financing need."""
    header, rows, totals, _ = schedule_rows(plan, fmt)
    summary = [markdown_line(line) for line in summary_lines(plan, fmt)]
    lines = [*markdown_table(header, [*rows, totals], bold_last=True), "", *summary]
    return "\n".join(lines) + "\n"


def schedule_renderable(plan: Schedule, fmt: Formatter, *, chart: bool = False) -> RenderableType:
    """The cash-flow table, negative treasury in red, the pre-financing need, and an optional chart."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import bar_lines, figures_table

    header, rows, totals, negative = schedule_rows(plan, fmt)
    title = plan.allocation.budget.beneficiary_name or plan.allocation.budget.title
    table = figures_table(title, header, rows, totals)
    for row, below in zip(rows, negative, strict=True):
        cells = [Text(cell) for cell in row]
        if below:  # then the last two columns are the treasury and what is pre-financed
            for cell in cells[-2:]:
                cell.stylize("bold red")
        table.add_row(*cells)
    parts: list[RenderableType] = [table, Text("\n".join(summary_lines(plan, fmt)))]
    if chart:
        labels = [period_label(p, plan.monthly, fmt) for p in plan.periods]
        bars = Text()
        for line in bar_lines(labels, [p.treasury for p in plan.periods], fmt):
            bars.append("\n")
            bars.append_text(line)
        parts.append(bars)
    return Group(*parts)


@dataclass(frozen=True, kw_only=True)
class ScheduleReport(ResultReport[Schedule]):
    """`schedule`: the beneficiary's cash flow."""

    def json(self) -> str:
        """Every period and the pre-financing need."""
        return schedule_json(self.result)

    def csv(self, dialect: CsvDialect) -> str:
        """One row per period."""
        return schedule_csv(self.result, dialect, self.fmt.locale)

    def markdown(self) -> str:
        """The table and the pre-financing need."""
        return schedule_markdown(self.result, self.fmt)

    def draw(self, console: Console) -> None:
        """The table, the pre-financing need and the chart if asked."""
        console.print(schedule_renderable(self.result, self.fmt, chart=self.chart))

    def xlsx(self) -> bytes:
        """One sheet: a row per period, the flows added up as formulas."""
        from .xlsx import Cell as XlsxCell
        from .xlsx import Sheet, workbook

        plan, fmt = self.result, self.fmt
        header, _, _, negative = schedule_rows(plan, fmt)
        rows: list[list[XlsxCell]] = []
        for p in plan.periods:
            row: list[XlsxCell] = [period_label(p, plan.monthly, fmt), p.cost, *p.subsidies]
            row += [p.contributions, p.balance, p.treasury]
            if any(negative):
                row.append(-p.treasury if p.treasury < 0 else None)
            rows.append(row)
        treasury = len(header) - (2 if any(negative) else 1)
        flows = set(range(1, treasury))  # cost, subsidies, contributions and balance add up; the treasury does not
        sheet = Sheet(_say(fmt, "sheet"), header, rows, set(range(1, len(header))), flows, fmt.word("total"))
        return workbook([sheet], plan.allocation.budget.currency, self.sources)
