"""The Rich pieces every command's terminal view shares: figure tables that never lose a
column, and horizontal bar charts.

Every label from a budget file goes in as :class:`~rich.text.Text`, never as markup, so
that a name holding ``[bold]`` or ``[/b]`` prints literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from .console import UNBOUNDED_WIDTH
from .formatting import Formatter

__all__ = ["BAR_WIDTH", "NAME_MIN_WIDTH", "bar_lines", "figures_table", "plain_table", "print_wide"]

NAME_MIN_WIDTH = 32
"""Partner names shorter than this are never wrapped; longer ones wrap at this width at most."""
BAR_WIDTH = 40
"""Characters of the longest bar."""


def figures_table(title: str, header: list[str], rows: list[list[str]], totals: list[str]) -> Table:
    """A table whose first column names things and the others hold figures, totals as a footer.

    Figures never wrap (a column is at least as wide as its widest figure); headings and
    names do when the table must fit the width. The caller adds the rows.
    """
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, title_style="bold", show_footer=True)
    for position, name in enumerate(header):
        widest = max(len(cells[position]) for cells in [*rows, totals])
        table.add_column(
            name,
            footer=Text(totals[position], style="bold"),
            justify="left" if position == 0 else "right",
            min_width=min(widest, NAME_MIN_WIDTH) if position == 0 else widest,
        )
    return table


def plain_table(header: list[str], widths: list[int], title: str | None = None) -> Table:
    """A table with no footer: the first column names things, the others hold figures that never wrap."""
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    for position, (name, widest) in enumerate(zip(header, widths, strict=True)):
        if position == 0:
            table.add_column(name, min_width=min(widest, NAME_MIN_WIDTH))
        else:
            table.add_column(name, justify="right", min_width=widest)
    return table


def print_wide(console: Console, renderable: RenderableType) -> None:
    """Print ``renderable`` at the width it needs when the console is narrower: no column is lost."""
    needed = console.measure(renderable, options=console.options.update_width(UNBOUNDED_WIDTH)).minimum
    if needed > console.width:
        console.print(renderable, width=needed, crop=False)
    else:
        console.print(renderable)


def bar_lines(
    labels: Sequence[str], values: Sequence[Decimal | None], fmt: Formatter, *, right: bool = False
) -> list[Text]:
    """One line per value: its label (padded, to the ``right`` or left), a bar scaled to the largest
    value and the amount; a negative value in red, a missing one as a dash."""
    largest = max((abs(v) for v in values if v is not None), default=Decimal(0))
    width = max((len(label) for label in labels), default=0)
    lines = []
    for label, value in zip(labels, values, strict=True):
        line = Text(f"{label:>{width}} " if right else f"{label:<{width}} ")
        if value is None:
            line.append("—", style="dim")
        else:
            length = 0 if largest == 0 else int(abs(value) / largest * BAR_WIDTH)
            line.append("█" * length or "▏", style="red" if value < 0 else "cyan")
            line.append(f" {fmt.signed(value)}")
        lines.append(line)
    return lines
