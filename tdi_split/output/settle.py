"""`settle` in every format: the settlement of a convention on actual spending (DESIGN 6.3, 6.4).

JSON follows the contract of DESIGN 6.4 (amounts as two-decimal strings, a refund negative).
Rich is imported only by the function that draws.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..core.money import ZERO, to_text
from ..core.settle import Settlement
from .document import Block, Document, Table, markdown_document
from .formatting import Formatter
from .plain import CsvCell, CsvDialect, csv_text, readable_json
from .report import ResultReport

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .terminal import Layout

__all__ = ["SettleReport", "settlement_dict", "settlement_json"]


def settlement_dict(settlement: Settlement) -> dict[str, Any]:
    """The ``settle --format json`` contract of DESIGN 6.4 (fields may be added, never renamed)."""
    plan, actual = settlement.plan, settlement.actual
    return {
        "schema": "tdi-split-settlement/1",
        "title": plan.budget.title,
        "currency": plan.budget.currency,
        "final": settlement.final,
        "reported_years": list(settlement.reported_years),
        "planned_cost": to_text(plan.total_cost),
        "actual_cost": to_text(actual.total_cost),
        "subsidies": [
            {
                "id": s.id,
                "name": s.name,
                "planned": to_text(s.planned),
                "final": to_text(s.final),
                "received": to_text(s.received),
                "balance": to_text(s.balance),
            }
            for s in settlement.subsidies
        ],
        "net_cost": to_text(actual.net_cost),
        "years": [
            {
                "index": y.index,
                "planned_cost": to_text(y.planned_cost),
                "actual_cost": to_text(y.actual_cost),
                "reported": y.reported,
                "net": to_text(y.net),
            }
            for y in settlement.years
        ],
        "partners": [
            {
                "id": p.id,
                "name": p.name,
                "planned": to_text(p.planned),
                "due": to_text(p.due),
                "paid": to_text(p.paid),
                "balance": to_text(p.balance),
                "years": [to_text(a) for a in p.years],
            }
            for p in settlement.partners
        ],
    }


def settlement_json(settlement: Settlement) -> str:
    """:func:`settlement_dict` as JSON, one subsidy, year and partner per line."""
    return readable_json(settlement_dict(settlement))


def _status(settlement: Settlement, fmt: Formatter) -> str:
    if settlement.final:
        return fmt.word("settle.final")
    years = ", ".join(fmt.word("year", index=y) for y in settlement.reported_years)
    return fmt.word("settle.provisional", years=years or fmt.word("settle.none_reported"))


def _balance_note(balance: Decimal, fmt: Formatter) -> str:
    if balance > 0:
        return fmt.word("settle.to_call")
    return fmt.word("settle.to_refund") if balance < 0 else ""


def _tables(settlement: Settlement, fmt: Formatter) -> list[tuple[str, list[str], list[list[str]], list[str]]]:
    """(title, header, rows, totals) of the tables: years, subsidies, partners, and what each
    partner owes for each year (the amounts a finance department books year by year)."""
    years = (
        fmt.word("settle.years"),
        [
            fmt.word("item"),
            fmt.word("settle.planned_cost"),
            fmt.word("settle.actual_cost"),
            fmt.word("settle.reported"),
            fmt.word("settle.net"),
        ],
        [
            [
                fmt.year(y.index, settlement.plan.years[y.index - 1].months),
                fmt.amount(y.planned_cost),
                fmt.amount(y.actual_cost),
                fmt.word("settle.yes" if y.reported else "settle.no"),
                fmt.amount(y.net),
            ]
            for y in settlement.years
        ],
        [
            fmt.word("total"),
            fmt.amount(settlement.plan.total_cost),
            fmt.amount(settlement.actual.total_cost),
            "",
            fmt.amount(settlement.actual.net_cost),
        ],
    )
    subsidies = (
        fmt.word("settle.subsidies"),
        [
            fmt.word("item"),
            fmt.word("settle.planned"),
            fmt.word("settle.final_amount"),
            fmt.word("settle.received"),
            fmt.word("settle.balance"),
        ],
        [
            [s.name, fmt.amount(s.planned), fmt.amount(s.final), fmt.amount(s.received), fmt.signed(s.balance)]
            for s in settlement.subsidies
        ],
        [
            fmt.word("total"),
            *(
                fmt.amount(sum((getattr(s, f) for s in settlement.subsidies), ZERO))
                for f in ("planned", "final", "received")
            ),
            fmt.signed(sum((s.balance for s in settlement.subsidies), ZERO)),
        ],
    )
    partners = (
        fmt.word("settle.partners"),
        [
            fmt.word("partner"),
            fmt.word("settle.planned"),
            fmt.word("settle.due"),
            fmt.word("settle.paid"),
            fmt.word("settle.balance"),
            fmt.word("note"),
        ],
        [
            [
                p.name,
                fmt.amount(p.planned),
                fmt.amount(p.due),
                fmt.amount(p.paid),
                fmt.signed(p.balance),
                _balance_note(p.balance, fmt),
            ]
            for p in settlement.partners
        ],
        [
            fmt.word("total"),
            *(fmt.amount(sum((getattr(p, f) for p in settlement.partners), ZERO)) for f in ("planned", "due", "paid")),
            fmt.signed(sum((p.balance for p in settlement.partners), ZERO)),
            "",
        ],
    )
    count = len(settlement.years)
    due = (
        fmt.word("settle.due_by_year"),
        [
            fmt.word("partner"),
            *(fmt.year(y.index, settlement.plan.years[y.index - 1].months) for y in settlement.years),
            fmt.word("total"),
        ],
        [[p.name, *(fmt.amount(a) for a in p.years), fmt.amount(p.due)] for p in settlement.partners],
        [
            fmt.word("total"),
            *(fmt.amount(sum((p.years[i] for p in settlement.partners), ZERO)) for i in range(count)),
            fmt.amount(sum((p.due for p in settlement.partners), ZERO)),
        ],
    )
    return [years, subsidies, partners, due] if settlement.subsidies else [years, partners, due]


def settlement_layouts(settlement: Settlement, fmt: Formatter) -> Iterator[Layout]:
    """The `settle` view, richest first: the heading, then the years, the subsidies and the
    partners as tables; without the partners' note (the sign of the balance says it); each
    table that does not fit as one block per row."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import NAME_LEAST_WIDTH, NAME_MIN_WIDTH, Column, FigureTable, FirstThatFits, Layout, Prose

    heading = Text()
    heading.append(settlement.plan.budget.title, style="bold")
    heading.append(f"\n{fmt.word('settle.title')} — {_status(settlement, fmt)}", style="dim")
    tables = []
    for title, header, rows, totals in _tables(settlement, fmt):
        columns = [Column(header[0], figure=False, floor=NAME_MIN_WIDTH, least=NAME_LEAST_WIDTH)]
        columns += [Column(name) for name in header[1:]]  # a note is a word or two: it does not wrap
        cells = [[Text(cell) for cell in row] for row in rows]
        tables.append(FigureTable(columns, cells, title=title, totals=[Text(cell) for cell in totals]))
    top: list[RenderableType] = [Prose(heading), Text("")]
    yield Layout(Group(*top, *tables))
    place = len(tables) - 2  # the partners' table, before the dues by year
    partners = tables[place]
    noted = [i for i, column in enumerate(partners.columns) if column.heading == fmt.word("note")]
    dropped = fmt.word("terminal.dropped", columns=fmt.word("note"))
    narrower = [*tables[:place], partners.without(noted), tables[-1]]
    yield Layout(Group(*top, *narrower), dropped)
    yield Layout(Group(*top, *narrower[:-1], FirstThatFits(tables[-1], tables[-1].stacked())), dropped)
    blocks = fmt.word("terminal.blocks")
    yield Layout(Group(*top, *(FirstThatFits(table, table.stacked()) for table in tables)), blocks)
    yield Layout(Group(*top, *(table.stacked() for table in tables)), blocks)


def settlement_renderable(settlement: Settlement, fmt: Formatter) -> RenderableType:
    """The heading, then the years, the subsidies and the partners."""
    return next(settlement_layouts(settlement, fmt)).renderable


@dataclass(frozen=True, kw_only=True)
class SettleReport(ResultReport[Settlement]):
    """`settle`: the settlement on actual spending."""

    def json(self) -> str:
        """The contract of DESIGN 6.4."""
        return settlement_json(self.result)

    def csv(self, dialect: CsvDialect) -> str:
        """One row per partner: planned, due, paid, balance, and its due per year."""
        count = len(self.result.years)
        rows: list[list[CsvCell]] = [
            ["id", "name", "planned", "due", "paid", "balance", *(f"year_{i}" for i in range(1, count + 1))]
        ]
        rows += [[p.id, p.name, p.planned, p.due, p.paid, p.balance, *p.years] for p in self.result.partners]
        rows += [[s.id, s.name, s.planned, s.final, s.received, s.balance] for s in self.result.subsidies]
        return csv_text(rows, dialect, self.fmt.locale)

    def markdown(self) -> str:
        """The three tables, for a report to the council."""
        return markdown_document(self.document())

    def document(self) -> Document:
        """The years, the subsidies and the partners."""
        settlement, fmt = self.result, self.fmt
        tables: list[Block] = [Table(*table) for table in _tables(settlement, fmt)]
        subtitle = [f"{fmt.word('settle.title')} — {_status(settlement, fmt)}"]
        return Document(settlement.plan.budget.title, fmt.locale, tables, subtitle=subtitle)

    def draw(self, console: Console) -> None:
        """The tables, in the richest layout that fits the width."""
        from .terminal import print_fitted

        print_fitted(console, self.fmt, settlement_layouts(self.result, self.fmt))

    def xlsx(self) -> bytes:
        """The cost by year, the partners and the subsidies, a sheet each, totals as formulas; each
        says under its table (and in its page header) whether the settlement is final or
        provisional, and on which years."""
        from .xlsx import Cell as XlsxCell
        from .xlsx import Sheet, workbook

        fmt, settlement = self.fmt, self.result
        status = f"{fmt.word('settle.title')} — {_status(settlement, fmt)}"
        years: list[list[XlsxCell]] = [
            [
                fmt.year(y.index, settlement.plan.years[y.index - 1].months),
                y.planned_cost,
                y.actual_cost,
                fmt.word("settle.yes" if y.reported else "settle.no"),
                y.net,
            ]
            for y in settlement.years
        ]
        header = [
            fmt.word("item"),
            fmt.word("settle.planned_cost"),
            fmt.word("settle.actual_cost"),
            fmt.word("settle.reported"),
            fmt.word("settle.net"),
        ]
        costs = {1, 2, 4}
        sheets = [Sheet(fmt.word("settle.years"), header, years, costs, costs, fmt.word("total"))]
        header = [
            fmt.word("partner"),
            "id",
            fmt.word("settle.planned"),
            fmt.word("settle.due"),
            fmt.word("settle.paid"),
            fmt.word("settle.balance"),
        ]
        rows: list[list[XlsxCell]] = [[p.name, p.id, p.planned, p.due, p.paid, p.balance] for p in settlement.partners]
        money = {2, 3, 4, 5}
        sheets.append(Sheet(fmt.word("settle.sheet_partners"), header, rows, money, money, fmt.word("total")))
        if settlement.subsidies:
            header = [
                fmt.word("item"),
                "id",
                fmt.word("settle.planned"),
                fmt.word("settle.final_amount"),
                fmt.word("settle.received"),
                fmt.word("settle.balance"),
            ]
            rows = [[s.name, s.id, s.planned, s.final, s.received, s.balance] for s in settlement.subsidies]
            sheets.append(Sheet(fmt.word("settle.sheet_subsidies"), header, rows, money, money, fmt.word("total")))
        count = len(settlement.years)
        header = [fmt.word("partner"), "id", *(fmt.year(y.index, y.months) for y in settlement.plan.years)]
        rows = [[p.name, p.id, *p.years] for p in settlement.partners]
        dues = set(range(2, 2 + count))
        sheets.append(Sheet(fmt.word("settle.due_by_year"), header, rows, dues, dues, fmt.word("total")))
        short = fmt.word("settle.final_short" if settlement.final else "settle.provisional_short")
        sheets = [replace(sheet, heading=f"{sheet.title} — {short}", notes=(status,)) for sheet in sheets]
        return workbook(sheets, settlement.plan.budget.currency, self.sources, fmt.word("document.source"))
