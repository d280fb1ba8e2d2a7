"""Rich tables of `compute`: the funding plan, then the partners' shares.

Every label from a budget file goes in as :class:`~rich.text.Text`, never as markup,
so that a name holding ``[bold]`` or ``[/b]`` prints literally.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..engine import Allocation
from .data import partner_note, partner_rows, plan_rows
from .formatting import Formatter

__all__ = ["allocation_renderable", "figures_table", "print_allocation", "print_wide", "render_text"]

NAME_MIN_WIDTH = 32
"""Partner names shorter than this are never wrapped; longer ones wrap at this width at most."""
UNBOUNDED_WIDTH = 10_000
"""A width no table reaches: to measure what a table needs without the console's limit."""
NOTE_MIN_WIDTH = 20
"""Notes wrap, but not word by word."""


def _heading(allocation: Allocation, fmt: Formatter) -> Text:
    budget = allocation.budget
    text = Text(budget.title, style="bold")
    details = [budget.reference] if budget.reference else []
    facts = [fmt.word("period", months=allocation.months), budget.currency]
    if budget.beneficiary:
        facts.insert(0, fmt.word("beneficiary", name=budget.beneficiary))
    details.append(" · ".join(facts))
    for line in details:
        text.append("\n" + line, style="dim")
    return text


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


def plan_table(allocation: Allocation, fmt: Formatter) -> Table:
    """The funding plan: the cost of the post, then the subsidies and the partners that pay it."""
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
    return Group(_heading(allocation, fmt), Text(""), plan_table(allocation, fmt), partners_table(allocation, fmt))


def print_allocation(console: Console, allocation: Allocation, fmt: Formatter) -> None:
    """Print the `compute` output on ``console``.

    A table never loses a column (see :func:`print_wide`).
    """
    print_wide(console, allocation_renderable(allocation, fmt))


def print_wide(console: Console, renderable: RenderableType) -> None:
    """Print ``renderable`` at the width it needs when the console is narrower: no column is lost."""
    needed = console.measure(renderable, options=console.options.update_width(UNBOUNDED_WIDTH)).minimum
    if needed > console.width:
        console.print(renderable, width=needed, crop=False)
    else:
        console.print(renderable)


def render_text(allocation: Allocation, fmt: Formatter, *, plain: bool = False) -> str:
    """The `compute` output as text: styled on a terminal; ``plain`` (no styles, no trailing blanks) otherwise."""
    from .console import capture_text

    return capture_text(lambda console: print_allocation(console, allocation, fmt), plain=plain)
