"""`schedule` in every format: the cash-flow table (terminal, Markdown, workbook), JSON and CSV.

Rich is imported only by the function that draws.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.money import ZERO, to_text
from ..core.schedule import CashPeriod, Schedule
from .document import Block, Document, Paragraph, Table, markdown_document
from .formatting import Formatter, Locale
from .plain import CsvCell, CsvDialect, csv_text, indented_json
from .report import ResultReport

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .terminal import BarChart, FigureTable, Layout

__all__ = [
    "ScheduleReport",
    "period_dates",
    "period_label",
    "schedule_csv",
    "schedule_document",
    "schedule_json",
    "schedule_renderable",
    "schedule_rows",
]


def _say(fmt: Formatter, key: str, /, **values: object) -> str:
    return fmt.word(f"schedule.{key}", **values)


_BABEL_LOCALES = {"en": "en", "fr": "fr_FR"}


def _month_name(day: dt.date, fmt: Formatter, pattern: str = "MMMM y") -> str:
    """The month of ``day`` named in the locale: ``April 2023``, ``avril 2023`` (``Apr 2023``,
    ``avr. 2023`` with ``MMM y``)."""
    from babel.dates import format_date

    return format_date(day, pattern, locale=_BABEL_LOCALES[fmt.locale])


def _calendar_months(start: dt.date, end: dt.date) -> bool:
    """Whether ``start`` .. ``end`` is made of whole calendar months (a period starting on a 1st)."""
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1


def period_dates(start: dt.date, end: dt.date, fmt: Formatter) -> str:
    """A period's real dates. Made of calendar months: ``April 2023`` (``avril 2023``) for one,
    ``2023`` for a calendar year, else ``Apr 2023 – Mar 2024`` (``avr. 2023 – mars 2024``). Else its
    first and last days, ``2023-04-15 – 2024-04-14`` (``15/04/2023 – 14/04/2024`` in French): a period
    from the 15th is never named after a month it only starts in."""
    if not _calendar_months(start, end):
        return f"{fmt.day(start)} – {fmt.day(end)}"
    if (start.year, start.month) == (end.year, end.month):
        return _month_name(start, fmt)
    if start.year == end.year and (start.month, end.month) == (1, 12):
        return str(start.year)
    return f"{_month_name(start, fmt, 'MMM y')} – {_month_name(end, fmt, 'MMM y')}"


def period_label(period: CashPeriod, monthly: bool, fmt: Formatter) -> str:
    """A month: ``April 2023``, ``2023-04-15 – 2023-05-14`` (see :func:`period_dates`) or
    ``month 3`` without a start date; a year: ``year 1``, ``year 3 (6 months)``, with its dates
    when the budget has a start (``year 1 (2023-04-15 – 2024-04-14)``)."""
    dates = None if period.start is None or period.end is None else period_dates(period.start, period.end, fmt)
    if monthly:
        return dates or _say(fmt, "month", index=period.index)
    details = [fmt.word("months", months=period.months)] if period.months != 12 else []
    details += [dates] if dates else []
    year = _say(fmt, "year", index=period.year)
    return f"{year} ({', '.join(details)})" if details else year


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
        amount, need = fmt.signed(lowest.treasury), fmt.amount(plan.prefinancing)
        if lowest.end is not None:  # a month from the 15th has no name: its last day says when
            lines.append(_say(fmt, "need_on", amount=amount, day=fmt.day(lowest.end), need=need))
        else:
            lines.append(_say(fmt, "need", amount=amount, period=period_label(lowest, True, fmt), need=need))
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
                "end": None if p.end is None else p.end.isoformat(),
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
    """One row per period: its dates, cost, each subsidy, contributions, balance, treasury."""
    header: list[CsvCell] = [
        "period",
        "year",
        "months",
        "start",
        "end",
        "cost",
        *(f"subsidy_{line.id}" for line in plan.subsidies),
        "contributions",
        "balance",
        "treasury",
    ]
    rows: list[list[CsvCell]] = [header]
    for p in plan.periods:
        start = "" if p.start is None else p.start.isoformat()
        end = "" if p.end is None else p.end.isoformat()
        rows.append(
            [p.index, p.year, p.months, start, end, p.cost, *p.subsidies, p.contributions, p.balance, p.treasury]
        )
    return csv_text(rows, dialect, locale)


def schedule_document(plan: Schedule, fmt: Formatter) -> Document:
    """The cash flow as a document: the table, when money comes in, and the pre-financing need."""
    header, rows, totals, _ = schedule_rows(plan, fmt)
    budget = plan.allocation.budget
    name = budget.beneficiary_name
    caption = _say(fmt, "heading", name=name) if name else _say(fmt, "sheet")
    blocks: list[Block] = [Table(caption, header, rows, totals)]
    blocks += [Paragraph(line) for line in summary_lines(plan, fmt)]
    return Document(budget.title, fmt.locale, blocks)


def schedule_table(plan: Schedule, fmt: Formatter) -> FigureTable:
    """The cash-flow table, titled with the beneficiary; a negative treasury in red."""
    from rich.text import Text

    from .terminal import NAME_LEAST_WIDTH, NAME_MIN_WIDTH, Column, FigureTable

    header, rows, totals, negative = schedule_rows(plan, fmt)
    title = plan.allocation.budget.beneficiary_name or plan.allocation.budget.title
    columns = [Column(header[0], figure=False, floor=NAME_MIN_WIDTH, least=NAME_LEAST_WIDTH)]
    columns += [Column(heading) for heading in header[1:]]
    cells = []
    for row, below in zip(rows, negative, strict=True):
        texts = [Text(cell) for cell in row]
        if below:  # then the last two columns are the treasury and what is pre-financed
            for cell in texts[-2:]:
                cell.stylize("bold red")
        cells.append(texts)
    return FigureTable(columns, cells, title=title, totals=[Text(cell) for cell in totals])


def schedule_chart(plan: Schedule, fmt: Formatter) -> BarChart:
    """The treasury at the end of each period as bars; a full bar is the cost of the dearest
    year, so that a treasury tiny beside the budget is a sliver, not a full bar."""
    from .terminal import BarChart

    labels = [period_label(p, plan.monthly, fmt) for p in plan.periods]
    scale = max((year.cost for year in plan.allocation.years), default=None)
    return BarChart(labels, [p.treasury for p in plan.periods], fmt, scale=scale)


def schedule_layouts(plan: Schedule, fmt: Formatter, *, chart: bool = False) -> Iterator[Layout]:
    """The `schedule` view, richest first: the table, then a block per period; under it the
    pre-financing need and the chart if asked."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import Layout, Prose

    table = schedule_table(plan, fmt)
    summary = Prose("\n".join(summary_lines(plan, fmt)))
    bars: list[RenderableType] = [Text(""), schedule_chart(plan, fmt)] if chart else []
    yield Layout(Group(table, summary, *bars))
    yield Layout(Group(table.stacked(), summary, *bars), fmt.word("terminal.blocks"))


def schedule_renderable(plan: Schedule, fmt: Formatter, *, chart: bool = False) -> RenderableType:
    """The cash-flow table, negative treasury in red, the pre-financing need, and an optional chart."""
    return next(schedule_layouts(plan, fmt, chart=chart)).renderable


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
        return markdown_document(self.document())

    def figure(self) -> str:
        """The beneficiary's treasury month by month (matplotlib)."""
        from .charts import treasury_svg

        return treasury_svg(self.result, self.fmt, summary_lines(self.result, self.fmt))

    def document(self) -> Document:
        """The table and the pre-financing need."""
        return schedule_document(self.result, self.fmt)

    def draw(self, console: Console) -> None:
        """The table, the pre-financing need and the chart if asked, in the richest layout that
        fits the width."""
        from .terminal import print_fitted

        print_fitted(console, self.fmt, schedule_layouts(self.result, self.fmt, chart=self.chart))

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
        return workbook([sheet], plan.allocation.budget.currency, self.sources, fmt.word("document.source"))
