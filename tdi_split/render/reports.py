"""One object per command result, that knows how to become each output format.

The command line picks a report, then asks it for JSON, CSV, Markdown, a Rich view (for
the terminal, .txt, .html and .svg) or a workbook; so every command offers every format
the same way, and the rendering modules are imported only for the format asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from .formatting import Formatter

if TYPE_CHECKING:
    from rich.console import Console

    from ..compare import Comparison
    from ..engine import Allocation
    from ..explain import Explanation
    from ..pipeline import SweepPoint
    from ..schedule import Schedule
    from .data import CsvDialect
    from .export import SourceFile

__all__ = [
    "AllocationReport",
    "ComparisonReport",
    "ExplanationReport",
    "Report",
    "ScheduleReport",
    "SweepReport",
]


@dataclass(frozen=True)
class Report:
    """A command's result; subclasses say how it looks in each format."""

    fmt: Formatter
    """Locale and currency."""
    sources: Sequence[SourceFile] = field(default_factory=tuple)
    """The budget files it comes from (footer of workbooks)."""
    chart: bool = False
    """Draw the terminal chart under the tables."""

    title = "tdi-split"

    def json(self) -> str:
        """The machine-readable result."""
        raise NotImplementedError

    def csv(self, dialect: CsvDialect) -> str:
        """Rows for a spreadsheet."""
        raise NotImplementedError

    def markdown(self) -> str:
        """Text for a report."""
        raise NotImplementedError

    def draw(self, console: Console) -> None:
        """Print the Rich view on ``console``."""
        raise NotImplementedError

    def xlsx(self) -> bytes:
        """A workbook."""
        raise NotImplementedError


@dataclass(frozen=True)
class AllocationReport(Report):
    """`compute`: the funding plan and the partners' shares."""

    allocation: Allocation | None = None

    @property
    def _allocation(self) -> Allocation:
        assert self.allocation is not None
        return self.allocation

    def json(self) -> str:
        from .data import allocation_json

        return allocation_json(self._allocation)

    def csv(self, dialect: CsvDialect) -> str:
        from .data import allocation_csv

        return allocation_csv(self._allocation, dialect)

    def markdown(self) -> str:
        from .data import allocation_markdown

        return allocation_markdown(self._allocation, self.fmt)

    def draw(self, console: Console) -> None:
        from .tables import print_allocation

        print_allocation(console, self._allocation, self.fmt)
        if self.chart:
            from .views import allocation_chart

            console.print(allocation_chart(self._allocation, self.fmt))

    def xlsx(self) -> bytes:
        from .export import allocation_workbook

        return allocation_workbook(self._allocation, self.fmt, self.sources)


@dataclass(frozen=True)
class ComparisonReport(Report):
    """`compare`: scenarios side by side."""

    comparison: Comparison | None = None

    @property
    def _comparison(self) -> Comparison:
        assert self.comparison is not None
        return self.comparison

    def json(self) -> str:
        from .compare_data import comparison_json

        return comparison_json(self._comparison)

    def csv(self, dialect: CsvDialect) -> str:
        from .compare_data import comparison_csv

        return comparison_csv(self._comparison, dialect)

    def markdown(self) -> str:
        from .compare_data import comparison_markdown

        return comparison_markdown(self._comparison, self.fmt)

    def draw(self, console: Console) -> None:
        from .compare import print_comparison

        print_comparison(console, self._comparison, self.fmt)

    def xlsx(self) -> bytes:
        from .export import Sheet, workbook

        scenarios = self._comparison.scenarios
        header = [self.fmt.word("partner"), "id"]
        for scenario in scenarios:
            header.append(f"{scenario.name} — {self.fmt.word('in_all')}")
        header += [f"{scenario.name} — Δ" for scenario in scenarios[1:]]
        rows: list[list[str | int | Decimal | None]] = [
            [
                row.name,
                row.id,
                *(s.total if s else None for s in row.shares),
                *(row.delta(i) for i in range(1, len(scenarios))),
            ]
            for row in self._comparison.partners
        ]
        money = set(range(2, len(header)))
        sheet = Sheet(self.fmt.word("comparison")[:31], header, rows, money, set(range(2, 2 + len(scenarios))))
        return workbook([sheet], scenarios[0].allocation.budget.currency, self.sources, self.fmt)


@dataclass(frozen=True)
class SweepReport(Report):
    """`compare --sweep`: the base along one path."""

    path: str = ""
    points: Sequence[SweepPoint] = ()
    partner: str | None = None

    def json(self) -> str:
        from .compare_data import sweep_json

        return sweep_json(self.path, list(self.points))

    def csv(self, dialect: CsvDialect) -> str:
        from .compare_data import sweep_csv

        return sweep_csv(self.path, list(self.points), dialect)

    def markdown(self) -> str:
        from .compare_data import sweep_markdown

        return sweep_markdown(self.path, list(self.points), self.fmt)

    def draw(self, console: Console) -> None:
        from .compare import print_sweep

        print_sweep(console, self.path, list(self.points), self.fmt, self.partner)

    def xlsx(self) -> bytes:
        from .export import Sheet, workbook

        partners: dict[str, str] = {}
        for point in self.points:
            for share in point.allocation.partners if point.allocation else ():
                partners.setdefault(share.id, share.name)
        rows: list[list[str | int | Decimal | None]] = []
        for point in self.points:
            amounts = {s.id: s.years[0] for s in point.allocation.partners} if point.allocation else {}
            net = point.allocation.years[0].net if point.allocation else None
            rows.append([point.value, net, *(amounts.get(p) for p in partners)])
        header = [self.path, self.fmt.word("net_cost"), *partners.values()]
        currency = next((p.allocation.budget.currency for p in self.points if p.allocation), "EUR")
        sheet = Sheet("Sweep", header, rows, set(range(1, len(header))), set())
        return workbook([sheet], currency, self.sources, self.fmt)


@dataclass(frozen=True)
class ExplanationReport(Report):
    """`explain`: one partner's derivation."""

    explanation: Explanation | None = None

    @property
    def _explanation(self) -> Explanation:
        assert self.explanation is not None
        return self.explanation

    def json(self) -> str:
        from .explain import explanation_json

        return explanation_json(self._explanation)

    def csv(self, dialect: CsvDialect) -> str:
        from .data import CsvCell, csv_text
        from .explain import explanation_lines

        rows: list[list[CsvCell]] = [["step", "heading", "detail"]]
        for number, (heading, details) in enumerate(explanation_lines(self._explanation, self.fmt), start=1):
            rows += [[number, heading, detail] for detail in details]
        return csv_text(rows, dialect)

    def markdown(self) -> str:
        from .explain import explanation_markdown

        return explanation_markdown(self._explanation, self.fmt)

    def draw(self, console: Console) -> None:
        from .views import explanation_renderable

        # Sentences are not cut at the console's width: the terminal wraps them, a file keeps them whole.
        console.print(explanation_renderable(self._explanation, self.fmt), soft_wrap=True)

    def xlsx(self) -> bytes:
        from .explain import explanation_lines
        from .export import Sheet, workbook

        rows: list[list[str | int | Decimal | None]] = []
        for number, (heading, details) in enumerate(explanation_lines(self._explanation, self.fmt), start=1):
            rows += [[number, heading, detail] for detail in details]
        share = self._explanation.share
        rows += [[None, self.fmt.word("year", index=i), amount] for i, amount in enumerate(share.years, start=1)]
        sheet = Sheet(share.id[:31], ["#", self.fmt.word("item"), self.fmt.word("basis")], rows, {2}, set())
        return workbook([sheet], self._explanation.allocation.budget.currency, self.sources, self.fmt)


def _say_sheet(fmt: Formatter) -> str:
    return "Trésorerie" if fmt.locale == "fr" else "Treasury"


@dataclass(frozen=True)
class ScheduleReport(Report):
    """`schedule`: the beneficiary's cash flow."""

    schedule: Schedule | None = None

    @property
    def _schedule(self) -> Schedule:
        assert self.schedule is not None
        return self.schedule

    def json(self) -> str:
        from .schedule import schedule_json

        return schedule_json(self._schedule)

    def csv(self, dialect: CsvDialect) -> str:
        from .schedule import schedule_csv

        return schedule_csv(self._schedule, dialect)

    def markdown(self) -> str:
        from .schedule import schedule_markdown

        return schedule_markdown(self._schedule, self.fmt)

    def draw(self, console: Console) -> None:
        from .views import schedule_renderable

        console.print(schedule_renderable(self._schedule, self.fmt, chart=self.chart))

    def xlsx(self) -> bytes:
        from .export import Sheet, workbook
        from .schedule import period_label, schedule_rows

        plan = self._schedule
        header, _, _, negative = schedule_rows(plan, self.fmt)
        rows: list[list[str | int | Decimal | None]] = []
        for p in plan.periods:
            row: list[str | int | Decimal | None] = [period_label(p, plan.monthly, self.fmt), p.cost, *p.subsidies]
            row += [p.contributions, p.balance, p.treasury]
            if any(negative):
                row.append(-p.treasury if p.treasury < 0 else None)
            rows.append(row)
        treasury = len(header) - (2 if any(negative) else 1)
        flows = set(range(1, treasury))  # cost, subsidies, contributions and balance add up; the treasury does not
        sheet = Sheet(_say_sheet(self.fmt), header, rows, set(range(1, len(header))), flows, self.fmt.word("total"))
        return workbook([sheet], plan.allocation.budget.currency, self.sources, self.fmt)
