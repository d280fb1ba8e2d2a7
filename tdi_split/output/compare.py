"""`compare` in every format: scenarios side by side, and a sweep along one path.

Each scenario is a column group: its amount per year (one "a year" column when every
year is a full year with the same amounts), in all, then, for every scenario but the
base, the difference in all from the base, in currency and in %. Rich is imported only
by the functions that draw.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal

from ..core.compare import Comparison, Revised, Revision, Scenario, plain
from ..core.engine import Allocation
from ..core.money import to_text
from ..core.overlay import Change
from ..core.problems import visible
from ..core.results import Sweep, SweepPoint
from .compute import allocation_dict
from .document import Block, Bullets, Document, Heading, Paragraph, Table, markdown_document
from .formatting import Formatter, Locale, decimal_string
from .plain import (
    CsvCell,
    CsvDialect,
    csv_lines,
    csv_text,
    indented_json,
)
from .report import ResultReport

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet
    from rich.console import Console, RenderableType
    from rich.text import Text

    from ..files.paths import SourceFile
    from .terminal import FigureTable, Layout, Prose
    from .xlsx import Formula, Sheet

__all__ = [
    "Cell",
    "ComparisonReport",
    "SweepReport",
    "change_lines",
    "comparison_csv",
    "comparison_document",
    "comparison_json",
    "comparison_table",
    "comparison_workbook",
    "legend_lines",
    "letter",
    "sweep_csv",
    "sweep_document",
    "sweep_json",
    "sweep_rows",
]

MOST_CHANGES = 12
"""Most changes listed for a complete budget file compared with the base; the rest are counted."""


_ENGLISH = Formatter()
"""The JSON contract words its changes in English, whatever the locale."""


_NUMBER = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,30})?")
"""A number as a change writes it (``103800.00``): shown with the locale's separators."""


def _value(value: object, fmt: Formatter) -> str:
    """A value of a change as written: ``none``/``aucune``, ``true``/``oui``, else as in YAML."""
    if value is None or isinstance(value, bool):
        return fmt.word(f"change.{str(value).lower()}")
    text = plain(value)
    if fmt.locale != "en" and _NUMBER.fullmatch(text):  # the JSON contract keeps numbers as written
        return fmt.number(Decimal(text), len(text.partition(".")[2]))
    return text


def change_line(change: Change, fmt: Formatter = _ENGLISH) -> str:
    """A change in words: ``cost.annual: 1000.00 -> 1100.00``, ``without morlaix``
    (``sans morlaix`` in French)."""
    if change.kind == "set":
        return fmt.word(
            "change.set", path=change.path, before=_value(change.before, fmt), after=_value(change.after, fmt)
        )
    item = str(change.before if change.kind == "without" else change.after)
    said = fmt.word(f"change.{change.kind}", item=item)
    return said if change.path == "partners" else f"{change.path}: {said}"


def change_lines(scenario: Scenario, fmt: Formatter = _ENGLISH) -> list[str]:
    """What a scenario changes, one line each; for a complete file, at most :data:`MOST_CHANGES`."""
    lines = [change_line(change, fmt) for change in scenario.changes]
    if scenario.complete and len(lines) > MOST_CHANGES:
        lines = [*lines[:MOST_CHANGES], fmt.word("change.more", count=len(lines) - MOST_CHANGES)]
    return lines


Tone = Literal["plain", "more", "less", "absent", "heading"]


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its text and how it reads (pays more, pays less, absent...)."""

    text: str
    """What is printed."""
    tone: Tone = "plain"
    """For colours: ``more`` (pays more than the base), ``less``, ``absent``, ``heading``."""


def _collapsed(allocation: Allocation) -> bool:
    """Whether one "a year" column tells every year (all full, all the same)."""
    years = allocation.years
    return (
        all(y.months == 12 for y in years)
        and all(len(set(share.years)) <= 1 for share in allocation.partners)
        and len({y.net for y in years}) <= 1
    )


def _year_headers(scenario: Scenario, fmt: Formatter, collapsed: bool) -> list[str]:
    if collapsed:
        return [fmt.word("a_year")]
    return [fmt.year(y.index, y.months) for y in scenario.allocation.years]


def _signed_percent(value: Fraction, fmt: Formatter) -> str:
    text = fmt.percent(abs(value), 1)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _tone(value: Decimal | None) -> Tone:
    return "plain" if value is None or value == 0 else ("more" if value > 0 else "less")


def letter(number: int) -> str:
    """The short label of the ``number``-th scenario in column headings: A (the base), B, C..."""
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def comparison_table(comparison: Comparison, fmt: Formatter) -> tuple[list[str], list[list[Cell]], int]:
    """Header, rows (the funding plan, then the partners) and how many rows are the funding plan.

    Scenarios are headed by their letter (:func:`legend_lines` names them), so that a
    group of columns stays as narrow as its figures.
    """
    header = [fmt.word("item")]
    widths = []  # the year columns of each scenario, worked out once (it reads every share)
    for number, scenario in enumerate(comparison.scenarios):
        label = letter(number)
        years = _year_headers(scenario, fmt, _collapsed(scenario.allocation))
        widths.append(len(years))
        header += [f"{label}\n{h}" for h in years] + [f"{label}\n{fmt.word('in_all')}"]
        if number:
            header += [f"{label}\nΔ", f"{label}\nΔ %"]
    plan = _plan_rows(comparison, widths, fmt)
    partners = [_partner_row(comparison, index, widths, fmt) for index in range(len(comparison.partners))]
    return header, [*plan, *partners], len(plan)


def _group(width: int, years: list[Decimal] | None, total: Decimal | None, fmt: Formatter) -> list[Cell]:
    if total is None:
        return [Cell(fmt.word("absent"), "absent")] + [Cell("", "absent")] * width
    if years is None:
        return [*[Cell("")] * width, Cell(fmt.amount(total))]
    return [*(Cell(fmt.amount(a)) for a in (years[:1] if width == 1 else years)), Cell(fmt.amount(total))]


def _deltas(base: Decimal | None, other: Decimal | None, fmt: Formatter) -> list[Cell]:
    """Δ and Δ % of ``other`` against ``base``; what is absent pays nothing (a partner that withdraws
    is −100 %), so that a column of Δ adds up to the total's Δ."""
    if base is None and other is None:
        return [Cell("—", "absent"), Cell("—", "absent")]
    base, other = base or Decimal(0), other or Decimal(0)
    delta = other - base
    percent = Cell("—" if base == 0 else _signed_percent(Fraction(delta) / Fraction(base), fmt), _tone(delta))
    return [Cell(fmt.signed(delta, plus=True), _tone(delta)), percent]


def _plan_rows(comparison: Comparison, widths: list[int], fmt: Formatter) -> list[list[Cell]]:
    scenarios = comparison.scenarios
    subsidy_names: dict[str, str] = {}
    for scenario in scenarios:
        for line in scenario.allocation.subsidies:
            subsidy_names.setdefault(line.id, line.name)
    specs: list[tuple[str, Any]] = [
        (fmt.word("total_cost"), lambda a: (None, a.total_cost)),
        *(
            (name, lambda a, sid=sid: (None, next((s.amount for s in a.subsidies if s.id == sid), None)))
            for sid, name in subsidy_names.items()
        ),
        (fmt.word("net_cost"), lambda a: ([y.net for y in a.years], a.net_cost)),
    ]
    rows = []
    for label, figures in specs:
        row = [Cell(label, "heading")]
        base_total = figures(scenarios[0].allocation)[1]
        for number, scenario in enumerate(scenarios):
            years, total = figures(scenario.allocation)
            row += _group(widths[number], years, total, fmt)
            if number:
                row += _deltas(base_total, total, fmt)
        rows.append(row)
    return rows


def _partner_row(comparison: Comparison, index: int, widths: list[int], fmt: Formatter) -> list[Cell]:
    partner = comparison.partners[index]
    row = [Cell(partner.name)]
    base = partner.shares[0]
    for number, share in enumerate(partner.shares):
        row += _group(
            widths[number], None if share is None else list(share.years), None if share is None else share.total, fmt
        )
        if number:
            row += _deltas(None if base is None else base.total, None if share is None else share.total, fmt)
    return row


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    """``{"base": NAME, "scenarios": [{"name", "source", "changes", "result"}]}``, the base first."""
    return {
        "base": comparison.scenarios[0].name,
        "scenarios": [
            {
                "name": scenario.name,
                "source": scenario.source,
                "changes": change_lines(scenario),
                "result": allocation_dict(scenario.allocation),
            }
            for scenario in comparison.scenarios
        ],
    }


def comparison_json(comparison: Comparison) -> str:
    """:func:`comparison_dict` as indented JSON."""
    return indented_json(comparison_dict(comparison))


def comparison_csv(comparison: Comparison, dialect: CsvDialect = "rfc", locale: Locale = "en") -> str:
    """One row per scenario and partner: amounts per year, in all, difference from the base."""
    most_years = max(len(s.allocation.years) for s in comparison.scenarios)
    rows: list[list[CsvCell]] = [
        [
            "scenario",
            "partner_id",
            "partner_name",
            "present",
            *(f"year_{i + 1}" for i in range(most_years)),
            "total",
            "difference",
            "difference_ratio",
        ]
    ]
    for number, scenario in enumerate(comparison.scenarios):
        for row in comparison.partners:
            share = row.shares[number]
            years: list[CsvCell] = list(share.years) if share else []
            delta, ratio = row.delta(number), row.ratio(number)
            rows.append(
                [
                    scenario.name,
                    row.id,
                    row.name,
                    share is not None,
                    *years,
                    *([""] * (most_years - len(years))),
                    share.total if share else "",
                    delta if delta is not None and number else "",
                    Decimal(decimal_string(ratio, 6)) if ratio is not None and number else "",
                ]
            )
    return csv_text(rows, dialect, locale)


def legend_lines(comparison: Comparison, fmt: Formatter) -> list[str]:
    """One line per scenario: its letter, name and source, and what it changes from the base."""
    base = comparison.scenarios[0]
    lines = [f"A  {base.name} ({fmt.word('base')}, {base.source})"]
    for number, scenario in enumerate(comparison.scenarios[1:], start=1):
        what = "; ".join(change_lines(scenario, fmt)) or fmt.word("no_change")
        lines.append(f"{letter(number)}  {scenario.name} ({scenario.source}): {what}")
    return lines


def comparison_document(comparison: Comparison, fmt: Formatter) -> Document:
    """The scenarios' changes, then the comparison table."""
    header, rows, _ = comparison_table(comparison, fmt)
    table = Table("", header, [[c.text for c in row] for row in rows])
    title = fmt.word("comparison_title")
    return Document(title, fmt.locale, [Bullets(legend_lines(comparison, fmt)), table])


@dataclass(frozen=True, slots=True)
class _SweepLine:
    """What the tables of a sweep keep of one point: its first-year figures, not the allocation."""

    value: Decimal
    net: Decimal | None
    """The first year's net cost (None when the value makes the budget invalid)."""
    amounts: dict[str, Decimal]
    """Each partner's first-year amount, by id."""
    names: dict[str, str]
    """Each partner's name, by id."""
    reason: str = ""
    """Why there is no result."""


def _lines(points: Iterable[SweepPoint]) -> list[_SweepLine]:
    """The sweep's points, each reduced as it comes (a sweep's allocations are never all held)."""
    lines = []
    for point in points:
        allocation = point.allocation
        if allocation is None:
            reason = point.problems[0].message if point.problems else ""
            lines.append(_SweepLine(point.value, None, {}, {}, reason))
        else:
            amounts = {s.id: s.years[0] for s in allocation.partners}
            names = {s.id: s.name for s in allocation.partners}
            lines.append(_SweepLine(point.value, allocation.years[0].net, amounts, names))
    return lines


def _sweep_partners(lines: Sequence[_SweepLine]) -> dict[str, str]:
    """Id -> name of every partner of any point of a sweep, in order of appearance."""
    partners: dict[str, str] = {}
    for line in lines:
        for partner_id, name in line.names.items():
            partners.setdefault(partner_id, name)
    return partners


WIDE_SWEEP = 12
"""Up to this many values, a sweep's table has a column per value and a row per partner."""


def sweep_rows(path: str, lines: Sequence[_SweepLine], fmt: Formatter) -> tuple[list[str], list[list[str]]]:
    """A sweep as a table of first-year amounts, with the net cost.

    Up to :data:`WIDE_SWEEP` values: a row per partner and a column per value (it reads
    like the partners' table); beyond: a row per value and a column per partner.
    """
    partners = _sweep_partners(lines)
    by_value: list[list[str]] = []
    for line in lines:
        if line.net is None:
            by_value.append([f"({line.reason})", *[""] * len(partners)])
            continue
        by_value.append(
            [
                fmt.amount(line.net),
                *(fmt.amount(line.amounts[p]) if p in line.amounts else fmt.word("absent") for p in partners),
            ]
        )
    names = [fmt.word("net_cost"), *partners.values()]
    values = [_sweep_value(path, line.value, fmt) for line in lines]
    if len(lines) <= WIDE_SWEEP:
        header = [path, *values]
        return header, [[name, *(row[i] for row in by_value)] for i, name in enumerate(names)]
    return [path, *names], [[value, *row] for value, row in zip(values, by_value, strict=True)]


def _sweep_value(path: str, value: Decimal, fmt: Formatter) -> str:
    """A swept value as the locale writes it: a rate as a percentage (``40%``, ``40 %``), any
    other number with the digits it holds and the locale's separators (``105 000``, ``0,5`` in
    French)."""
    if path.rsplit(".", 1)[-1] == "rate" and 0 <= value <= 1:  # beyond, the point is refused: said as typed
        return fmt.rate(value)
    text = format(value, "f")
    if fmt.locale == "en":
        return text
    return fmt.number(value, len(text.partition(".")[2]))


def sweep_json(sweep: Sweep) -> Iterator[str]:
    """``{"path", "points": [{"value", "result"}]}``, point by point as each is computed; a failing
    value has ``result: null`` and ``problems``. The text is that of one indented JSON document."""
    yield "{\n" + f'  "path": {json.dumps(sweep.path, ensure_ascii=False)},\n' + '  "points": ['
    for number, p in enumerate(sweep.points):
        point: dict[str, Any] = (
            {"value": format(p.value, "f"), "result": allocation_dict(p.allocation)}
            if p.allocation
            else {"value": format(p.value, "f"), "result": None, "problems": [x.message for x in p.problems]}
        )
        text = json.dumps(point, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("," if number else "") + "\n    " + text
    yield "\n  ]\n}\n"


def sweep_csv(sweep: Sweep, dialect: CsvDialect = "rfc", locale: Locale = "en") -> Iterator[str]:
    """One row per value and partner: the value, the partner, its amounts per year and in all,
    written as each point is computed."""
    most = sweep.years

    def rows() -> Iterator[list[CsvCell]]:
        yield ["path", "value", "partner_id", *(f"year_{i + 1}" for i in range(most)), "total"]
        for point in sweep.points:
            for share in point.allocation.partners if point.allocation else ():
                padding: list[CsvCell] = [""] * (most - len(share.years))
                yield [sweep.path, point.value, share.id, *share.years, *padding, share.total]

    return csv_lines(rows(), dialect, locale)


def sweep_document(path: str, lines: Sequence[_SweepLine], fmt: Formatter) -> Document:
    """The sweep table."""
    header, rows = sweep_rows(path, lines, fmt)
    caption = fmt.word("sweep", path=path)  # the amounts are a year's, the first: said where they are
    return Document(fmt.word("sweep_title", path=path), fmt.locale, [Table(caption, header, rows)])


_STYLES = {"more": "red", "less": "green", "absent": "dim italic", "heading": "bold", "plain": ""}


def _text(cell: Cell) -> Text:
    from rich.text import Text

    return Text(cell.text, style=_STYLES[cell.tone])


def _legend(comparison: Comparison, fmt: Formatter) -> Prose:
    """The title, then a line per scenario (its letter, name, source and changes), wrapping
    under its name."""
    from rich.text import Text

    from .terminal import Prose

    legend = Text()
    legend.append(fmt.word("comparison"), style="bold")
    for line in legend_lines(comparison, fmt):
        legend.append("\n  " + line)
    return Prose(legend, hang=5)


def _comparison_tables(comparison: Comparison, fmt: Formatter) -> tuple[FigureTable, list[list[int]]]:
    """The side-by-side table, and the positions of each scenario's columns."""
    from .terminal import NAME_LEAST_WIDTH, NAME_MIN_WIDTH, Column, FigureTable

    header, rows, plan = comparison_table(comparison, fmt)
    name = Column(header[0], figure=False, floor=NAME_MIN_WIDTH, least=NAME_LEAST_WIDTH)
    columns = [name, *(Column(heading) for heading in header[1:])]
    cells = [[_text(cell) for cell in row] for row in rows]
    groups: dict[str, list[int]] = {}
    for position, heading in enumerate(header[1:], start=1):
        groups.setdefault(heading.split("\n", 1)[0], []).append(position)
    return FigureTable(columns, cells, sections={plan - 1}), list(groups.values())


def _one_table_per_scenario(comparison: Comparison, table: FigureTable, groups: list[list[int]]) -> list[FigureTable]:
    """The side-by-side table cut into one table per scenario, each titled with its letter and name."""
    from .terminal import Column, FigureTable

    tables = []
    for number, (scenario, positions) in enumerate(zip(comparison.scenarios, groups, strict=True)):
        columns = [table.columns[0]] + [Column(table.columns[i].heading.split("\n", 1)[-1]) for i in positions]
        rows = [[row[0], *(row[i] for i in positions)] for row in table.rows]
        tables.append(FigureTable(columns, rows, title=f"{letter(number)}  {scenario.name}", sections=table.sections))
    return tables


def comparison_layouts(comparison: Comparison, fmt: Formatter) -> Iterator[Layout]:
    """The `compare` view, richest first: the scenarios side by side; one table per scenario,
    one under the other; one block per row (the scenarios on lines of their own)."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import Layout

    legend = _legend(comparison, fmt)
    table, groups = _comparison_tables(comparison, fmt)
    yield Layout(Group(legend, table))
    apart = _one_table_per_scenario(comparison, table, groups)
    yield Layout(Group(legend, Text(""), *apart), fmt.word("terminal.scenarios"))
    yield Layout(Group(legend, Text(""), table.stacked(groups)), fmt.word("terminal.blocks"))


def _sweep_table(sweep: Sweep, lines: Sequence[_SweepLine], fmt: Formatter) -> FigureTable:
    from rich.text import Text

    from .terminal import NAME_LEAST_WIDTH, NAME_MIN_WIDTH, Column, FigureTable

    header, rows = sweep_rows(sweep.path, lines, fmt)
    columns = [Column(header[0], figure=False, floor=NAME_MIN_WIDTH, least=NAME_LEAST_WIDTH)]
    columns += [Column(heading) for heading in header[1:]]
    cells = [[Text(cell) for cell in row] for row in rows]
    return FigureTable(columns, cells, title=fmt.word("sweep", path=sweep.path))


def sweep_layouts(sweep: Sweep, lines: Sequence[_SweepLine], fmt: Formatter) -> Iterator[Layout]:
    """The sweep table (then a block per row) and, for its partner, a bar per value of that
    partner's first-year amount."""
    from rich.console import Group

    from .terminal import Layout

    table = _sweep_table(sweep, lines, fmt)
    chart = [] if sweep.partner is None else [_sweep_chart(sweep.path, lines, sweep.partner, fmt)]
    yield Layout(Group(table, *chart))
    yield Layout(Group(table.stacked(), *chart), fmt.word("terminal.blocks"))


def _sweep_chart(path: str, lines: Sequence[_SweepLine], partner: str, fmt: Formatter) -> RenderableType:
    """The partner's name, then a bar per value of the sweep (a dash where it is absent), each
    value as the table writes it. A full bar is the largest first-year net cost of the sweep: a
    bar is the partner's share of it."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import BarChart, Prose

    name = next((line.names[partner] for line in lines if partner in line.names), partner)
    amounts = [line.amounts.get(partner) for line in lines]
    scale = max((line.net for line in lines if line.net is not None), default=None)
    values = [_sweep_value(path, line.value, fmt) for line in lines]
    return Group(Prose(Text(name, style="bold")), BarChart(values, amounts, fmt, scale=scale, right=True))


_SIGNED_PERCENT = "+0.0%;-0.0%;0.0%"
"""Δ % in a workbook as the tables write it: signed, one decimal."""


@dataclass(frozen=True, slots=True)
class _Group:
    """Where one scenario's columns lie on a sheet (1-based column numbers)."""

    first: int
    """Its first column: its first year, or its only amount."""
    total: int
    """Its amount in all."""
    delta: int | None
    """Its difference from the base, then Δ % in the next column; None for the base."""


def _groups(first: int, years: Sequence[int]) -> list[_Group]:
    """The column groups of scenarios with ``years`` year columns each (0: an amount only), from
    column ``first``: the years, in all, then Δ and Δ % for every scenario but the base."""
    groups = []
    for number, width in enumerate(years):
        total = first + width
        groups.append(_Group(first, total, total + 1 if number else None))
        first = total + (3 if number else 1)
    return groups


def _group_header(number: int, years: Sequence[str], fmt: Formatter) -> list[str]:
    """``B — Year 1``, ``B — in all``, ``B — Δ``, ``B — Δ %``: scenarios by letter, as in the tables."""
    label = letter(number)
    header = [f"{label} — {h}" for h in [*years, fmt.word("in_all")]]
    return header + ([f"{label} — Δ", f"{label} — Δ %"] if number else [])


def _delta_formulas(row: int, base: _Group, group: _Group, *, present: bool = True) -> list[Formula | None]:
    """Δ and Δ % of ``group`` against ``base`` on ``row`` as formulas (Δ % empty when the base is 0),
    or two empty cells when absent from both (absent from one: it pays nothing there)."""
    from openpyxl.utils import get_column_letter as column

    from .xlsx import Formula

    if not present or group.delta is None:
        return [None, None]
    before, after, delta = column(base.total), column(group.total), column(group.delta)
    return [
        Formula(f"={after}{row}-{before}{row}"),
        Formula(f'=IF({before}{row}=0,"",{delta}{row}/{before}{row})'),
    ]


def _style_groups(
    ws: Worksheet, groups: Sequence[_Group], last: int, widths: dict[int, list[Decimal]], currency: str
) -> None:
    """Δ columns as signed money, Δ % as signed percentages, on rows 2 to ``last``; and the columns
    whose cells are formulas as wide as the figures they compute (``widths``: column -> figures)."""
    from openpyxl.utils import get_column_letter as column

    from .xlsx import money_format

    money = money_format(currency)
    for group in groups:
        if group.delta is None:
            continue
        for row in range(2, last + 1):
            ws.cell(row=row, column=group.delta).number_format = f"+{money};-{money};{money}"
            ws.cell(row=row, column=group.delta + 1).number_format = _SIGNED_PERCENT
        ws.column_dimensions[column(group.delta + 1)].width = 10
    for number, figures in widths.items():
        shown = max((len(f"{figure:+,.2f}") + 2 for figure in figures), default=0)  # sign, then " €"
        header = len(str(ws.cell(row=1, column=number).value or ""))
        ws.column_dimensions[column(number)].width = min(max(shown, header) + 2, 60)


def _legend_sheet(comparison: Comparison, fmt: Formatter) -> tuple[Sheet, int]:
    """The scenarios by letter: name, source (a file's name, never where it lies, as in the footer),
    and what each changes from the base, a line a row."""
    from .xlsx import Cell as XlsxCell
    from .xlsx import Sheet

    header = [fmt.word("compare.scenario"), fmt.word("compare.name"), fmt.word("compare.source")]
    header.append(fmt.word("compare.changes"))
    base = comparison.scenarios[0]
    rows: list[list[XlsxCell]] = [[letter(0), base.name, PurePath(base.source).name, fmt.word("base")]]
    for number, scenario in enumerate(comparison.scenarios[1:], start=1):
        lines = change_lines(scenario, fmt) or [fmt.word("no_change")]
        rows.append([letter(number), scenario.name, PurePath(scenario.source).name, lines[0]])
        rows += [[letter(number), None, None, line] for line in lines[1:]]
    return Sheet(fmt.word("compare.scenarios"), header, rows, set(), set()), len(header)


def _plan_sheet(ws: Worksheet, comparison: Comparison, fmt: Formatter, currency: str) -> int:
    """The funding plan of each scenario: the cost, each subsidy, the net cost (a formula, the cost
    minus the subsidies), with Δ and Δ % against the base. Returns the last row."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter as column

    from .xlsx import Cell as XlsxCell
    from .xlsx import Formula, Sheet, fill_sheet

    scenarios = comparison.scenarios
    subsidies: dict[str, str] = {}
    for scenario in scenarios:
        for line in scenario.allocation.subsidies:
            subsidies.setdefault(line.id, line.name)
    groups = _groups(2, [0] * len(scenarios))
    header = [fmt.word("item")]
    for number in range(len(scenarios)):
        header += _group_header(number, [], fmt)
    amounts: list[tuple[str, list[Decimal | None]]] = [
        (fmt.word("total_cost"), [s.allocation.total_cost for s in scenarios])
    ]
    for sid, name in subsidies.items():
        found = [next((line.amount for line in s.allocation.subsidies if line.id == sid), None) for s in scenarios]
        amounts.append((name, found))
    rows: list[list[XlsxCell]] = []
    for number, (label, figures) in enumerate(amounts, start=2):
        row: list[XlsxCell] = [label]
        for group, figure in zip(groups, figures, strict=True):
            row.append(fmt.word("absent") if figure is None else figure)
            if group.delta is not None:
                row += _delta_formulas(number, groups[0], group, present=figures[0] is not None and figure is not None)
        rows.append(row)
    net: list[XlsxCell] = [fmt.word("net_cost")]
    last = len(amounts) + 2
    for group in groups:
        amount = column(group.total)
        minus = f"-SUM({amount}3:{amount}{last - 1})" if subsidies else ""
        net.append(Formula(f"={amount}2{minus}"))  # as a finance officer checks it
        if group.delta is not None:
            net += _delta_formulas(last, groups[0], group)
    rows.append(net)
    money = {index for index in range(1, len(header)) if not header[index].endswith("Δ %")}
    last = fill_sheet(ws, Sheet(ws.title, header, rows, money, set()), currency)
    for cell in ws[last]:
        cell.font = Font(bold=True)
    widths: dict[int, list[Decimal]] = {}
    base = scenarios[0].allocation
    for group, scenario in zip(groups, scenarios, strict=True):
        allocation = scenario.allocation
        widths[group.total] = [allocation.total_cost, allocation.net_cost]
        if group.delta is not None:
            widths[group.delta] = [allocation.total_cost - base.total_cost, allocation.net_cost - base.net_cost]
    _style_groups(ws, groups, last, widths, currency)
    return last


def _partners_sheet(ws: Worksheet, comparison: Comparison, fmt: Formatter, currency: str) -> int:
    """Each partner's years and total in each scenario, with Δ and Δ % against the base, and a
    totals row (sums of the columns; its Δ the difference of the totals). Returns the last row."""
    from openpyxl.utils import get_column_letter as column

    from .xlsx import Cell as XlsxCell
    from .xlsx import Formula, Sheet, fill_sheet

    scenarios = comparison.scenarios
    groups = _groups(3, [len(s.allocation.years) for s in scenarios])
    header = [fmt.word("partner"), "id"]
    for number, scenario in enumerate(scenarios):
        header += _group_header(number, [fmt.year(y.index, y.months) for y in scenario.allocation.years], fmt)
    rows: list[list[XlsxCell]] = []
    for number, partner in enumerate(comparison.partners, start=2):
        row: list[XlsxCell] = [partner.name, partner.id]
        for group, share in zip(groups, partner.shares, strict=True):
            first, final = column(group.first), column(group.total - 1)
            if share is None:  # it pays nothing there: its total is 0 and its Δ what it paid in the base
                row += [fmt.word("absent")] + [None] * (group.total - group.first - 1)
            else:
                row += list(share.years)
            row.append(Formula(f"=SUM({first}{number}:{final}{number})"))
            present = share is not None or partner.shares[0] is not None
            row += _delta_formulas(number, groups[0], group, present=present) if group.delta else []
        rows.append(row)
    money = {index for index in range(2, len(header)) if not header[index].endswith("Δ %")}
    sums = {index - 1 for group in groups for index in range(group.first, group.total + 1)}
    last = fill_sheet(ws, Sheet(ws.title, header, rows, money, sums, fmt.word("total")), currency)
    for group in groups[1:]:  # the totals row's Δ: the difference of the totals, never left empty
        for offset, formula in enumerate(_delta_formulas(last, groups[0], group)):
            ws.cell(row=last, column=(group.delta or 0) + offset, value=formula)
    widths: dict[int, list[Decimal]] = {}
    for index, (group, scenario) in enumerate(zip(groups, scenarios, strict=True)):
        totals = [share.total for row in comparison.partners if (share := row.shares[index]) is not None]
        widths[group.total] = [*totals, sum(totals, Decimal(0))]
        if group.delta is not None:
            deltas = [d for row in comparison.partners if (d := row.delta(index)) is not None]
            widths[group.delta] = [*deltas, scenario.allocation.net_cost - scenarios[0].allocation.net_cost]
    _style_groups(ws, groups, last, widths, currency)
    ws.freeze_panes = "C2"
    return last


def comparison_workbook(comparison: Comparison, fmt: Formatter, sources: Sequence[SourceFile]) -> bytes:
    """The `compare` workbook: the scenarios by letter with what each changes, their funding plans,
    then the partners, each scenario's years and total with Δ and Δ % against the base as formulas."""
    from . import xlsx

    openpyxl = xlsx.openpyxl_module()  # first: without openpyxl, the message that says to install it
    from openpyxl.styles import Alignment

    currency = comparison.scenarios[0].allocation.budget.currency
    book = openpyxl.Workbook()
    book.remove(book.active)
    legend, columns = _legend_sheet(comparison, fmt)
    ws = book.create_sheet(xlsx.sheet_title(legend.title, book.sheetnames))
    last = xlsx.fill_sheet(ws, legend, currency)
    for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=columns, max_col=columns):
        cell.alignment = Alignment(wrap_text=True, vertical="top")  # a long change wraps, never cut
    xlsx.finish(ws, last, legend.title, columns, sources, label=fmt.word("document.source"))
    for title, fill in ((fmt.word("funding_plan"), _plan_sheet), (fmt.word("partners"), _partners_sheet)):
        ws = book.create_sheet(xlsx.sheet_title(title, book.sheetnames))
        last = fill(ws, comparison, fmt, currency)
        xlsx.finish(ws, last, title, ws.max_column, sources, label=fmt.word("document.source"))
    return xlsx.save(book)


@dataclass(frozen=True, kw_only=True)
class ComparisonReport(ResultReport[Comparison]):
    """`compare`: scenarios side by side."""

    def json(self) -> str:
        """Each scenario's changes and full result."""
        return comparison_json(self.result)

    def csv(self, dialect: CsvDialect) -> str:
        """One row per scenario and partner."""
        return comparison_csv(self.result, dialect, self.fmt.locale)

    def markdown(self) -> str:
        """The legend and the table."""
        return markdown_document(self.document())

    def figure(self) -> str:
        """Each partner's total in each scenario, as grouped bars (matplotlib)."""
        from .charts import comparison_svg

        return comparison_svg(self.result, self.fmt)

    def document(self) -> Document:
        """The legend and the table."""
        return comparison_document(self.result, self.fmt)

    def draw(self, console: Console) -> None:
        """The legend and the table, in the richest layout that fits the width."""
        from .terminal import print_fitted

        print_fitted(console, self.fmt, comparison_layouts(self.result, self.fmt))

    def xlsx(self) -> bytes:
        """The scenarios, their funding plans and the partners side by side, with Δ and Δ % as formulas."""
        return comparison_workbook(self.result, self.fmt, self.sources)


@dataclass(frozen=True, kw_only=True)
class SweepReport(ResultReport[Sweep]):
    """`compare --sweep`: the base along one path. Its points are computed as they are written:
    JSON and CSV stream them; the tables keep each point's first-year figures only."""

    @cached_property
    def _lines(self) -> list[_SweepLine]:
        return _lines(self.result.points)

    def json(self) -> Iterator[str]:
        """Each value's full result, as it is computed."""
        return sweep_json(self.result)

    def csv(self, dialect: CsvDialect) -> Iterator[str]:
        """One row per value and partner, as they are computed."""
        return sweep_csv(self.result, dialect, self.fmt.locale)

    def markdown(self) -> str:
        """The table of first-year amounts."""
        return markdown_document(self.document())

    def document(self) -> Document:
        """The table of first-year amounts."""
        return sweep_document(self.result.path, self._lines, self.fmt)

    def draw(self, console: Console) -> None:
        """The table, and the partner's bars if asked, in the richest layout that fits the width."""
        from .terminal import print_fitted

        print_fitted(console, self.fmt, sweep_layouts(self.result, self._lines, self.fmt))

    def xlsx(self) -> bytes:
        """One sheet: a row per value, the net cost and each partner's first-year amount."""
        from .xlsx import Cell as XlsxCell
        from .xlsx import Sheet, workbook

        lines = self._lines
        partners = _sweep_partners(lines)
        rows: list[list[XlsxCell]] = [
            [line.value, line.net, *(line.amounts.get(p) for p in partners)] for line in lines
        ]
        header = [self.result.path, self.fmt.word("net_cost"), *partners.values()]
        said = self.fmt.word("sweep", path=self.result.path)
        money = set(range(1, len(header)))
        sheet = Sheet(self.fmt.word("sweep_sheet"), header, rows, money, set(), heading=said, notes=(said,))
        return workbook([sheet], self.fmt.currency, self.sources, self.fmt.word("document.source"))


def _revision_rows(revised: Revised, fmt: Formatter) -> list[list[str]]:
    """Partner, before, after, difference, difference in %: the partners whose total changes."""
    rows = []
    for row in revised.changed:
        before, after = row.shares[0], row.shares[1]
        ratio = row.ratio(1)
        rows.append(
            [
                row.name,
                fmt.amount(before.total) if before else fmt.word("absent"),
                fmt.amount(after.total) if after else fmt.word("absent"),
                fmt.signed(after.total - before.total, plus=True) if before and after else "—",
                _signed_percent(ratio, fmt) if ratio is not None else "—",
            ]
        )
    return rows


def _revision_header(fmt: Formatter, rev: str) -> list[str]:
    return [fmt.word("partner"), rev, fmt.word("revision_now"), "Δ", "Δ %"]


def revision_layouts(revision: Revision, fmt: Formatter) -> Iterator[Layout]:
    """`compare --git`: one table per budget file (or why there is none), then one block per
    partner when the tables do not fit."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import NAME_LEAST_WIDTH, NAME_MIN_WIDTH, Column, FigureTable, Layout, Prose

    header = _revision_header(fmt, revision.rev)
    columns = [Column(header[0], figure=False, floor=NAME_MIN_WIDTH, least=NAME_LEAST_WIDTH)]
    columns += [Column(heading) for heading in header[1:]]
    parts: list[tuple[Prose, Prose | FigureTable]] = []
    for revised in revision.files:
        rows = _revision_rows(revised, fmt) if revised.comparison else []
        path = Prose(Text(revised.path, style="bold"))
        if revised.comparison is None or not rows:
            parts.append((path, Prose(revised.problem or fmt.word("revision_same"))))
        else:
            parts.append((path, FigureTable(columns, [[Text(cell) for cell in row] for row in rows])))
    title = Prose(Text(fmt.word("revision_title", rev=revision.rev), style="bold"))

    def view(stacked: bool) -> Group:
        shown: list[RenderableType] = [title]
        for path, part in parts:
            body = part.stacked() if stacked and isinstance(part, FigureTable) else part
            shown += [Text(""), path, body]
        return Group(*shown)

    yield Layout(view(False))
    yield Layout(view(True), fmt.word("terminal.blocks"))


def revision_document(revision: Revision, fmt: Formatter) -> Document:
    """One section per budget file: a table of the partners whose total changes, or why none."""
    blocks: list[Block] = []
    for revised in revision.files:
        blocks.append(Heading(revised.path))
        if revised.comparison is None:
            blocks.append(Paragraph(revised.problem or ""))
            continue
        rows = _revision_rows(revised, fmt)
        if rows:
            blocks.append(Table("", _revision_header(fmt, revision.rev), rows))
        else:
            blocks.append(Paragraph(fmt.word("revision_same")))
    return Document(fmt.word("revision_title", rev=revision.rev), fmt.locale, blocks)


@dataclass(frozen=True, kw_only=True)
class RevisionReport(ResultReport[Revision]):
    """`compare --git`: each budget file against its version at a revision."""

    def json(self) -> str:
        """Each file's partners before and after, and the difference."""
        files = []
        for revised in self.result.files:
            partners = []
            for row in revised.changed:
                before, after = row.shares[0], row.shares[1]
                partners.append(
                    {
                        "id": row.id,
                        "before": to_text(before.total) if before else None,
                        "after": to_text(after.total) if after else None,
                        "difference": to_text(after.total - before.total) if before and after else None,
                    }
                )
            files.append({"path": revised.path, "problem": revised.problem, "changed": partners})
        return indented_json({"rev": self.result.rev, "files": files})

    def csv(self, dialect: CsvDialect) -> str:
        """One row per file and partner whose total changes."""
        rows: list[list[CsvCell]] = [["path", "partner_id", "before", "after", "difference"]]
        for revised in self.result.files:
            for row in revised.changed:
                before, after = row.shares[0], row.shares[1]
                delta: CsvCell = after.total - before.total if before and after else ""
                rows.append([revised.path, row.id, before.total if before else "", after.total if after else "", delta])
        return csv_text(rows, dialect, self.fmt.locale)

    def markdown(self) -> str:
        """The summary, for a pull request's page."""
        return markdown_document(self.document(), title_level=2)

    def document(self) -> Document:
        """One section per budget file."""
        return revision_document(self.result, self.fmt)

    def github(self) -> str:
        """The Markdown summary for `$GITHUB_STEP_SUMMARY` (the notices go to stderr)."""
        return self.markdown()

    def notices(self) -> list[str]:
        """A GitHub notice per changed budget file."""
        out = []
        for revised in self.result.files:
            count = len(revised.changed)
            if revised.comparison is not None and count:
                what = self.fmt.word("revision_notice", count=count, rev=self.result.rev)
                out.append(visible(f"::notice file={revised.path}::{what}"))
        return out

    def draw(self, console: Console) -> None:
        """One table per file (one block per partner when the width asks for it)."""
        from .terminal import print_fitted

        print_fitted(console, self.fmt, revision_layouts(self.result, self.fmt))

    def xlsx(self) -> bytes:
        """One sheet: a row per file and partner whose total changes."""
        from .xlsx import Cell as XlsxCell
        from .xlsx import Sheet, workbook

        rows: list[list[XlsxCell]] = []
        for revised in self.result.files:
            for row in revised.changed:
                before, after = row.shares[0], row.shares[1]
                rows.append([revised.path, row.name, before.total if before else None, after.total if after else None])
        header = [
            self.fmt.word("revision_file"),
            self.fmt.word("partner"),
            self.result.rev,
            self.fmt.word("revision_now"),
        ]
        sheet = Sheet(self.fmt.word("revision_sheet"), header, rows, {2, 3}, set())
        return workbook([sheet], self.fmt.currency, self.sources, self.fmt.word("document.source"))
