"""Charts as SVG files (matplotlib, an optional dependency): shares, funding plan, treasury, scenarios.

Every chart is a :class:`~matplotlib.figure.Figure` saved by the SVG backend, never through
pyplot, inside an ``rc_context`` that starts from matplotlib's defaults: the user's matplotlibrc
and the global rcParams neither change the drawing nor are changed by it. The output is
deterministic (no date, a fixed hash salt for the ids), so the same result gives the same bytes.

Text stays text (``svg.fonttype: none``): names with accents and amounts can be searched and
copied. Labels from a budget file are never read as mathtext (``text.parse_math: False``); their
control characters are made visible escapes, and matplotlib escapes ``<`` and ``&``, so a name
such as ``<script>`` prints literally in well-formed XML.

Floats serve only the geometry (bar lengths, positions); every amount printed comes from the
:class:`~decimal.Decimal` through the :class:`~tdi_split.output.formatting.Formatter`. A chart
stays bounded whatever the input: past :data:`TOP` bars, the largest are drawn and the rest
summed exactly in one bar ``others (n)``.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, TypeVar

from ..core.compare import Comparison, PartnerRow
from ..core.engine import Allocation, PartnerShare
from ..core.money import ZERO
from ..core.problems import shorten, visible
from ..core.schedule import Schedule
from .errors import OutputError
from .formatting import Formatter

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, FigureBase, SubFigure
    from matplotlib.text import Annotation

__all__ = [
    "MAX_SCENARIOS",
    "TOP",
    "comparison_svg",
    "compute_svg",
    "matplotlib_module",
    "plan_svg",
    "shares_svg",
    "treasury_svg",
]

TOP: Final = 30
"""Most bars drawn one by one; past them, one more bar sums the rest."""
MAX_SCENARIOS: Final = 8
"""Most scenarios drawn side by side in a comparison (one colour each); the rest are counted."""
COMPARISON_BARS: Final = 96
"""Most bars of a comparison: with many scenarios, fewer partners are drawn one by one."""
NAME_MAX: Final = 48
"""Longest name written beside a bar; a longer one is cut with an ellipsis."""
WIDTH: Final = 8.0
"""Width of every chart, in inches."""
ROW: Final = 0.3
"""Height of a bar's row, in inches."""
MAX_HEIGHT: Final = 16.0
"""Tallest chart, in inches, however many bars."""

_RC: Final[dict[str, Any]] = {
    "svg.fonttype": "none",  # text as <text>: searchable, copyable, accents as they are
    "svg.hashsalt": "tdi-split",  # ids of clip paths and markers the same from run to run
    "text.parse_math": False,  # "$x^2$" in a name is a name
    "text.usetex": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # shipped with matplotlib: the same metrics everywhere
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": True,
    "figure.dpi": 72.0,  # the SVG backend's: measurements and output agree
    "figure.constrained_layout.use": True,
    "legend.frameon": False,
}

_PARTNERS: Final = "#0072B2"
"""Colour of what the partners pay (Okabe-Ito palette: told apart by colour-blind readers)."""
_SUBSIDIES: Final = ("#009E73", "#56B4E9", "#E69F00", "#CC79A7", "#F0E442", "#D55E00")
"""Colours of the subsidies, in turn."""
_SCENARIOS: Final = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
"""Colours of the scenarios, the base first."""
_OTHERS: Final = "#999999"
"""Colour of the bar that sums the rest."""
_RECEIVED: Final = "#009E73"
_SPENT: Final = "#E69F00"
_TREASURY: Final = "#0072B2"
_NEED: Final = "#D55E00"
_LABEL_PAD: Final = 3.0
"""Points between a bar's end and its amount."""
_BABEL_LOCALES: Final = {"en": "en", "fr": "fr_FR"}

T = TypeVar("T")


def matplotlib_module() -> Any:
    """matplotlib, or :class:`OutputError` saying how to install it."""
    try:
        import matplotlib
    except ImportError:
        raise OutputError("charts need the optional matplotlib library: pip install 'tdi-split[charts]'") from None
    return matplotlib


@contextmanager
def _drawing() -> Iterator[None]:
    """matplotlib's defaults and ours, whatever the user's matplotlibrc; the global rcParams restored after."""
    matplotlib = matplotlib_module()
    with matplotlib.rc_context(), warnings.catch_warnings():
        # A name in a script DejaVu Sans lacks is measured a little off, and the viewer draws it
        # in a font it has (the text stays text): no reason to warn whoever asked for a chart.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        # Names of stacked combining marks make axes too small for constrained layout: the chart
        # is drawn as it can be, and matplotlib's warning (its source file and line) is no message
        # for the user.
        warnings.filterwarnings("ignore", message="constrained_layout not applied", category=UserWarning)
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(_RC)
        yield


def _figure(height: float) -> Figure:
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, min(height, MAX_HEIGHT)))
    FigureCanvasSVG(figure)
    return figure


def _svg(figure: Figure) -> str:
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue().decode("utf-8")


def _label(text: str) -> str:
    """A name from a budget file as a chart writes it: escapes visible, at most :data:`NAME_MAX` characters."""
    return shorten(visible(text), NAME_MAX)


def _largest(items: Sequence[T], size: Callable[[T], Decimal], limit: int = TOP) -> tuple[list[T], list[T]]:
    """The ``limit`` largest items in their order, and the others; all of them when one more would
    be drawn instead of an ``others (1)`` bar."""
    if len(items) <= limit + 1:
        return list(items), []
    ranked = sorted(range(len(items)), key=lambda i: (-size(items[i]), i))
    kept = set(ranked[:limit])
    return [items[i] for i in sorted(kept)], [item for i, item in enumerate(items) if i not in kept]


def _others(count: int, fmt: Formatter) -> str:
    return fmt.word("charts.others", count=fmt.number(Decimal(count), 0))


def _percent(part: Decimal, whole: Decimal, fmt: Formatter) -> str:
    return fmt.percent(Fraction(part) / Fraction(whole), 1) if whole else ""


@dataclass(frozen=True, slots=True)
class _Bar:
    """One horizontal bar: its name, its segments (amount, colour) and the text at its end."""

    name: str
    segments: tuple[tuple[Decimal, str], ...]
    text: str

    @property
    def value(self) -> Decimal:
        return sum((amount for amount, _ in self.segments), ZERO)


@dataclass(frozen=True, slots=True)
class _Labels:
    """The amounts written at the end of an axes' bars, and where the bars end (in data)."""

    axes: Axes
    ends: list[tuple[Annotation, float]]


def _write_at(
    axes: Axes, text: str, x: float, y: float, *, size: float | None = None, color: str = "black"
) -> Annotation:
    """``text`` just past ``x`` (to the right of a bar, to the left of a negative one)."""
    right = x >= 0
    note = axes.annotate(
        text,
        xy=(x, y),
        xytext=(_LABEL_PAD if right else -_LABEL_PAD, 0),
        textcoords="offset points",
        ha="left" if right else "right",
        va="center",
        fontsize=size,
        color=color,
    )
    note.set_in_layout(False)  # the axes make room for it through their limits (_fit)
    return note


def _position(amount: Decimal) -> float:
    """Where ``amount`` lies on the drawing: the one place an amount becomes a float, a length for
    matplotlib. No money is added or rounded in float; every figure printed on a chart is the
    Decimal written by the Formatter."""
    return float(amount)


def _bar_axes(axes: Axes, bars: Sequence[_Bar]) -> _Labels:
    """``bars`` from top to bottom, their names on the left, their texts at their ends."""
    ends = []
    for row, bar in enumerate(bars):
        left = Decimal(0)  # the segments' running edge, added up exactly
        for amount, colour in bar.segments:
            axes.barh(row, _position(amount), left=_position(left), height=0.7, color=colour)
            left += amount
        ends.append((_write_at(axes, bar.text, _position(bar.value), row), _position(bar.value)))
    axes.set_yticks(range(len(bars)), [bar.name for bar in bars])
    axes.set_ylim(len(bars) - 0.5, -0.5)  # the first at the top
    _bare_x(axes)
    return _Labels(axes, ends)


def _bare_x(axes: Axes) -> None:
    """No x axis: the amounts are written at the bars' ends, as the Formatter writes them."""
    axes.tick_params(axis="x", bottom=False, labelbottom=False)
    axes.tick_params(axis="y", left=False)
    axes.spines["bottom"].set_visible(False)


def _fit(figure: Figure, groups: Sequence[_Labels]) -> None:
    """Widen each axes' x limits so that every amount written past a bar's end stays inside it."""
    figure.draw_without_rendering()  # lays the figure out: the axes' and the texts' sizes in pixels
    for group in groups:
        width = group.axes.get_window_extent().width
        values = [value for _, value in group.ends]
        low, high = min([0.0, *values]), max([0.0, *values])
        if high == low:
            high = low + 1.0
        # Pixels each text needs past its bar's end, the pad and as much again included; at most
        # 85% of the axes (45% when texts go both ways), so that the widening below converges.
        most = 0.45 if low < 0 < high else 0.85
        room = [
            (value, min(note.get_window_extent().width + _LABEL_PAD * 2, most * width)) for note, value in group.ends
        ]
        base_low, base_high = low, high
        for _ in range(200):  # the need grows with the span: a fixed point, reached from below
            per_pixel = (high - low) / width
            new_low = min([base_low, *(v - w * per_pixel for v, w in room if v < 0)])
            new_high = max([base_high, *(v + w * per_pixel for v, w in room if v >= 0)])
            if abs(new_low - low) + abs(new_high - high) <= 1e-9 * (high - low):
                break
            low, high = new_low, new_high
        group.axes.set_xlim(low, high)


def _title(figure: FigureBase, title: str, caption: Sequence[str] = ()) -> None:
    """``title`` above, from the left edge; ``caption``, a line each, below."""
    figure.suptitle(visible(title), x=0.01, ha="left", fontsize=11, fontweight="bold")
    if caption:
        figure.supxlabel("\n".join(visible(line) for line in caption), x=0.01, ha="left", fontsize=8, color="#444444")


def _share_bars(allocation: Allocation, fmt: Formatter) -> list[_Bar]:
    payers = [share for share in allocation.partners if share.contributes]
    drawn, rest = _largest(payers, lambda share: share.total)
    bars = [_Bar(_label(share.name), ((share.total, _PARTNERS),), fmt.amount(share.total)) for share in drawn]
    if rest:
        summed = sum((share.total for share in rest), ZERO)
        bars.append(_Bar(_others(len(rest), fmt), ((summed, _OTHERS),), fmt.amount(summed)))
    return bars


def _plan_bars(allocation: Allocation, fmt: Formatter) -> list[_Bar]:
    """Each subsidy, the partners' net cost, and the total cost made of them."""
    total = allocation.total_cost
    drawn, rest = _largest(allocation.subsidies, lambda line: line.amount)
    parts: list[tuple[str, Decimal, str]] = [
        (_label(line.name), line.amount, _SUBSIDIES[i % len(_SUBSIDIES)]) for i, line in enumerate(drawn)
    ]
    if rest:
        parts.append((_others(len(rest), fmt), sum((line.amount for line in rest), ZERO), _OTHERS))
    parts.append((fmt.word("net"), allocation.net_cost, _PARTNERS))
    bars = []
    for name, amount, colour in parts:
        share = _percent(amount, total, fmt)
        bars.append(_Bar(name, ((amount, colour),), f"{fmt.amount(amount)} ({share})" if share else fmt.amount(amount)))
    stacked = tuple((amount, colour) for _, amount, colour in parts)
    bars.append(_Bar(fmt.word("total_cost"), stacked, fmt.amount(total)))
    return bars


def _height(rows: float, extra: float = 1.3) -> float:
    return rows * ROW + extra


def _shares_caption(allocation: Allocation, fmt: Formatter) -> list[str]:
    return [fmt.word("charts.shares_note", net=fmt.amount(allocation.net_cost), months=allocation.months)]


def _plan_caption(allocation: Allocation, fmt: Formatter) -> list[str]:
    return [fmt.word("charts.plan_note", total=fmt.amount(allocation.total_cost))]


def _bars_svg(bars: Sequence[_Bar], title: str, caption: Sequence[str]) -> str:
    """One chart of horizontal ``bars``, under its title and above its caption."""
    figure = _figure(_height(len(bars)))
    labels = _bar_axes(figure.add_subplot(), bars)
    _title(figure, title, caption)
    _fit(figure, [labels])
    return _svg(figure)


def shares_svg(allocation: Allocation, fmt: Formatter) -> str:
    """What each paying partner pays in all: a bar each, in the order of the file, the first at the top."""
    with _drawing():
        return _bars_svg(_share_bars(allocation, fmt), fmt.word("partners"), _shares_caption(allocation, fmt))


def plan_svg(allocation: Allocation, fmt: Formatter) -> str:
    """The funding plan: each subsidy and the partners' net cost, with their part of the total cost,
    then the total cost as one bar made of them."""
    with _drawing():
        return _bars_svg(_plan_bars(allocation, fmt), fmt.word("funding_plan"), _plan_caption(allocation, fmt))


def compute_svg(allocation: Allocation, fmt: Formatter) -> str:
    """The funding plan above the partners' shares, in one figure (`compute --output x.svg`)."""
    with _drawing():
        plan, shares = _plan_bars(allocation, fmt), _share_bars(allocation, fmt)
        extra = 1.2  # a title and a caption per part
        figure = _figure(_height(len(plan), extra) + _height(len(shares), extra))
        parts = figure.subfigures(
            2, 1, squeeze=False, height_ratios=[len(plan) + extra / ROW, len(shares) + extra / ROW]
        )
        top: SubFigure = parts[0, 0]
        bottom: SubFigure = parts[1, 0]
        labels = [_bar_axes(top.add_subplot(), plan), _bar_axes(bottom.add_subplot(), shares)]
        _title(top, fmt.word("funding_plan"), _plan_caption(allocation, fmt))
        _title(bottom, fmt.word("partners"), _shares_caption(allocation, fmt))
        _fit(figure, labels)
        return _svg(figure)


def comparison_svg(comparison: Comparison, fmt: Formatter) -> str:
    """What each partner pays in all under each scenario: a group of bars per partner, a bar per
    scenario (the base first), a legend naming the scenarios; ``absent`` where a partner is not in one."""
    scenarios = comparison.scenarios[:MAX_SCENARIOS]
    count = len(scenarios)
    rows = [row for row in comparison.partners if any(s is not None and s.contributes for s in row.shares[:count])]

    def _paid(share: PartnerShare | None) -> Decimal:
        return ZERO if share is None or not share.contributes else share.total

    def _largest_paid(row: PartnerRow) -> Decimal:
        return max(_paid(share) for share in row.shares[:count])

    limit = max(1, min(TOP, COMPARISON_BARS // count - 1))
    drawn, rest = _largest(rows, _largest_paid, limit)
    groups: list[tuple[str, list[Decimal | None]]] = [
        (_label(row.name), [None if s is None else _paid(s) for s in row.shares[:count]]) for row in drawn
    ]
    if rest:
        summed = [sum((_paid(row.shares[i]) for row in rest), ZERO) for i in range(count)]
        groups.append((_others(len(rest), fmt), list(summed)))
    caption = [fmt.word("charts.comparison_note")]
    if len(comparison.scenarios) > count:
        caption.append(fmt.word("charts.more_scenarios", count=len(comparison.scenarios) - count))
    small = 7.0 if count > 2 else None
    group_height = count * 0.17 + 0.12 if count > 1 else ROW
    with _drawing():
        from matplotlib.patches import Patch
        from matplotlib.transforms import blended_transform_factory

        figure = _figure(len(groups) * group_height + 1.8)
        axes = figure.add_subplot()
        thickness = 0.8 / count
        ends = []
        for g, (_, amounts) in enumerate(groups):
            for i, amount in enumerate(amounts):
                y = g - 0.4 + (i + 0.5) * thickness
                colour = _SCENARIOS[i % len(_SCENARIOS)]
                if amount is None:
                    ends.append((_write_at(axes, fmt.word("absent"), 0.0, y, size=small, color="#666666"), 0.0))
                    continue
                axes.barh(y, _position(amount), height=thickness * 0.9, color=colour)
                ends.append((_write_at(axes, fmt.amount(amount), _position(amount), y, size=small), _position(amount)))
        axes.set_yticks(range(len(groups)), [name for name, _ in groups])
        axes.set_ylim(len(groups) - 0.5, -0.5)
        _bare_x(axes)
        handles = [Patch(color=_SCENARIOS[i % len(_SCENARIOS)]) for i in range(count)]
        names = [_label(scenario.name) for scenario in scenarios]
        names[0] = f"{names[0]} ({fmt.word('base')})"
        # Above the bars, from the figure's left edge: the names may be as wide as the figure.
        axes.legend(
            handles,
            names,
            loc="lower left",
            bbox_to_anchor=(0.01, 1.0),
            bbox_transform=blended_transform_factory(figure.transFigure, axes.transAxes),
            ncols=2 if count > 1 and max(len(name) for name in names) <= 30 else 1,
            fontsize=8,
        )
        _title(figure, fmt.word("comparison_title"), caption)
        _fit(figure, [_Labels(axes, ends)])
        return _svg(figure)


def _month_label(day: dt.date, fmt: Formatter) -> str:
    """A month on the axis: ``Sep`` / ``sept.`` over the year, with the day when it is not the 1st."""
    from babel.dates import format_date

    pattern = "MMM'\n'y" if day.day == 1 else "d MMM'\n'y"
    return format_date(day, pattern, locale=_BABEL_LOCALES[fmt.locale])


def _tick_step(months: int) -> int:
    """Months between two labels on the axis: at most 12 labels."""
    return next((step for step in (1, 2, 3, 6) if months / step <= 12), 12)  # a period lasts 120 months at most


def treasury_svg(schedule: Schedule, fmt: Formatter, caption: Sequence[str] = ()) -> str:
    """The beneficiary's treasury month by month: what it receives (up) and spends (down) each
    month, its treasury at the end of each month as a line, zero, and the lowest point with the
    pre-financing need when the treasury goes below zero; ``caption`` under it (the schedule's
    own sentences: when money comes in, the need)."""
    path = schedule.path
    xs = [period.index for period in path]  # months are whole numbers: matplotlib takes them as they are
    received = [_position(period.received) for period in path]
    spent = [_position(-period.cost) for period in path]
    treasury = [_position(period.treasury) for period in path]
    name = schedule.allocation.budget.beneficiary_name
    title = fmt.word("schedule.heading", name=_label(name)) if name else fmt.word("schedule.treasury")
    with _drawing():
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        figure = _figure(5.0)
        axes = figure.add_subplot()
        axes.bar(xs, received, width=0.8, color=_RECEIVED, label=fmt.word("charts.received"))
        axes.bar(xs, spent, width=0.8, color=_SPENT, label=fmt.word("charts.spent"))
        axes.axhline(0.0, color="black", linewidth=0.8)
        axes.fill_between(xs, treasury, 0.0, where=[t < 0 for t in treasury], interpolate=True, color=_NEED, alpha=0.15)
        axes.plot(
            xs,
            treasury,
            color=_TREASURY,
            linewidth=1.8,
            marker="o" if len(path) <= 36 else None,  # a dot a month, while the dots stay apart
            markersize=2.5,
            label=fmt.word("schedule.treasury"),
        )
        low, high = min([0.0, *spent, *treasury]), max([0.0, *received, *treasury])
        span = (high - low) or 1.0
        # With a need, a band under everything for its label; else a margin.
        bottom = low - (0.18 if schedule.prefinancing else 0.05) * span
        axes.set_ylim(bottom, high + 0.05 * span)
        axes.set_xlim(0.4, len(path) + 0.6)
        if schedule.prefinancing:
            lowest = schedule.lowest
            x, y = lowest.index, _position(lowest.treasury)
            axes.plot([x], [y], marker="o", markersize=6, color=_NEED, linestyle="none")
            text = f"{fmt.word('schedule.negative')} {fmt.amount(schedule.prefinancing)}"
            axes.annotate(
                text,
                xy=(x, y),
                xytext=(x, bottom + 0.04 * span),
                ha="left" if x <= len(path) / 2 else "right",
                va="bottom",
                color=_NEED,
                fontweight="bold",
                arrowprops={"arrowstyle": "-", "color": _NEED, "linewidth": 0.8, "linestyle": "dotted"},
            )
        axes.yaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 2.5, 5, 10]))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: _axis_amount(value, fmt)))
        axes.set_ylabel(schedule.allocation.budget.currency)
        step = _tick_step(len(path))
        ticks = [period for period in path if (period.index - 1) % step == 0]
        axes.set_xticks(
            [period.index for period in ticks],
            [str(period.index) if period.start is None else _month_label(period.start, fmt) for period in ticks],
        )
        if path and path[0].start is None:
            axes.set_xlabel(fmt.word("charts.month"))
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        axes.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=3, fontsize=8)
        _title(figure, title, caption)
        return _svg(figure)


def _axis_amount(value: float, fmt: Formatter) -> str:
    """A graduation of the amount axis (a round number the locator chose, not an amount of the
    budget): a whole number in the locale, with a true minus sign."""
    whole = Decimal(round(value))
    text = fmt.number(abs(whole), 0)
    return f"−{text}" if whole < 0 else text
