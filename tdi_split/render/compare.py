"""`compare` on a terminal: the comparison table, coloured, and the sweep with its bar chart."""

from __future__ import annotations

from decimal import Decimal

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..compare import Comparison
from ..pipeline import SweepPoint
from .compare_data import Cell, comparison_table, legend_lines, sweep_rows
from .formatting import Formatter
from .tables import print_wide

__all__ = ["comparison_renderable", "print_comparison", "print_sweep", "sweep_renderable"]

# Paying more than the base reads as a warning, paying less as good news, for the partner.
_STYLES = {"more": "red", "less": "green", "absent": "dim italic", "heading": "bold", "plain": ""}
BAR_WIDTH = 40
"""Characters of the longest bar of a sweep's chart."""


def _text(cell: Cell) -> Text:
    return Text(cell.text, style=_STYLES[cell.tone])


def comparison_renderable(comparison: Comparison, fmt: Formatter) -> RenderableType:
    """The scenarios named by letter with what each changes, then the comparison table."""
    header, rows, plan = comparison_table(comparison, fmt)
    table = Table(box=box.SIMPLE_HEAD)
    for position, name in enumerate(header):
        widest = max(len(row[position].text) for row in rows)
        if position == 0:
            table.add_column(name, min_width=min(widest, 32))
        else:
            table.add_column(name, justify="right", min_width=widest)
    for number, row in enumerate(rows):
        table.add_row(*(_text(cell) for cell in row), end_section=number == plan - 1)
    legend = Text(fmt.word("comparison"), style="bold")
    for line in legend_lines(comparison, fmt):
        legend.append("\n  " + line, style="")
    return Group(legend, table)


def print_comparison(console: Console, comparison: Comparison, fmt: Formatter) -> None:
    """Print the comparison on ``console``, never losing a column."""
    print_wide(console, comparison_renderable(comparison, fmt))


def sweep_renderable(path: str, points: list[SweepPoint], fmt: Formatter, partner: str | None) -> RenderableType:
    """The sweep table and, for ``partner``, a bar per value of its first-year amount."""
    header, rows = sweep_rows(path, points, fmt)
    table = Table(title=fmt.word("sweep", path=path), title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    for position, name in enumerate(header):
        # Figures are never cut: each column is at least as wide as its widest figure.
        widest = max(len(row[position]) for row in rows)
        if position == 0:
            table.add_column(name, min_width=min(widest, 32))
        else:
            table.add_column(name, justify="right", min_width=widest)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    parts: list[RenderableType] = [table]
    if partner is not None:
        parts.append(_bars(points, partner, fmt))
    return Group(*parts)


def _bars(points: list[SweepPoint], partner: str, fmt: Formatter) -> Text:
    amounts: list[tuple[Decimal, Decimal | None]] = []
    name = partner
    for point in points:
        share = next((s for s in point.allocation.partners if s.id == partner), None) if point.allocation else None
        if share is not None:
            name = share.name
        amounts.append((point.value, share.years[0] if share else None))
    largest = max((a for _, a in amounts if a is not None), default=Decimal(0))
    label_width = max(len(str(v)) for v, _ in amounts)
    chart = Text(f"{name}\n", style="bold")
    for value, amount in amounts:
        chart.append(f"{value!s:>{label_width}} ")
        if amount is None:
            chart.append("—\n", style="dim")
            continue
        length = 0 if largest == 0 else int(amount / largest * BAR_WIDTH)
        chart.append("█" * length + ("▏" if length == 0 else ""), style="cyan")
        chart.append(f" {fmt.amount(amount)}\n")
    return chart


def print_sweep(console: Console, path: str, points: list[SweepPoint], fmt: Formatter, partner: str | None) -> None:
    """Print a sweep on ``console``."""
    print_wide(console, sweep_renderable(path, points, fmt, partner))
