"""Rich views of `explain` and `schedule`, and the terminal charts.

Labels go in as :class:`~rich.text.Text`, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.console import Group, RenderableType
from rich.text import Text

from ..engine import Allocation
from ..explain import Explanation
from ..schedule import Schedule
from .explain import explanation_lines, explanation_title
from .formatting import Formatter
from .schedule import period_label, schedule_rows, summary_lines
from .tables import figures_table

__all__ = ["allocation_chart", "explanation_renderable", "schedule_renderable"]

BAR_WIDTH = 40
"""Characters of the longest bar."""


def explanation_renderable(explanation: Explanation, fmt: Formatter) -> RenderableType:
    """The derivation: a title, then numbered steps."""
    text = Text(explanation_title(explanation, fmt), style="bold")
    text.append("\n" + explanation.allocation.budget.title, style="dim")
    for number, (heading, details) in enumerate(explanation_lines(explanation, fmt), start=1):
        text.append(f"\n\n{number}. ", style="bold")
        text.append(heading, style="bold")
        for detail in details:
            text.append("\n   " + detail)
    return text


def schedule_renderable(plan: Schedule, fmt: Formatter, *, chart: bool = False) -> RenderableType:
    """The cash-flow table, negative treasury in red, the pre-financing need, and an optional chart."""
    header, rows, totals, negative = schedule_rows(plan, fmt)
    title = plan.allocation.budget.beneficiary or plan.allocation.budget.title
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
        parts.append(_bars(labels, [p.treasury for p in plan.periods], fmt))
    return Group(*parts)


def allocation_chart(allocation: Allocation, fmt: Formatter) -> RenderableType:
    """A bar per paying partner: what it pays in all."""
    payers = [share for share in allocation.partners if share.contributes]
    return _bars([share.name for share in payers], [share.total for share in payers], fmt)


def _bars(labels: Sequence[str], values: Sequence[Decimal], fmt: Formatter) -> Text:
    """Horizontal bars scaled to the largest value; negative values in red."""
    largest = max((abs(v) for v in values), default=Decimal(0))
    width = max((len(label) for label in labels), default=0)
    chart = Text()
    for label, value in zip(labels, values, strict=True):
        length = 0 if largest == 0 else int(abs(value) / largest * BAR_WIDTH)
        chart.append(f"\n{label:<{width}} ")
        chart.append("█" * length or "▏", style="red" if value < 0 else "cyan")
        chart.append(f" {'−' if value < 0 else ''}{fmt.amount(abs(value))}")
    return chart
