"""`compare` in every format: scenarios side by side, and a sweep along one path.

Each scenario is a column group: its amount per year (one "a year" column when every
year is a full year with the same amounts), in all, then, for every scenario but the
base, the difference in all from the base, in currency and in %. Rich is imported only
by the functions that draw.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from ..core.compare import Comparison, Revised, Revision, Scenario, plain
from ..core.engine import Allocation
from ..core.money import to_text
from ..core.overlay import Change
from ..core.problems import visible
from ..core.results import Sweep, SweepPoint
from .compute import allocation_dict
from .formatting import Formatter, Locale, decimal_string
from .plain import (
    CsvCell,
    CsvDialect,
    csv_lines,
    csv_text,
    indented_json,
    markdown_cell,
    markdown_line,
    markdown_table,
)
from .report import ResultReport

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

__all__ = [
    "Cell",
    "ComparisonReport",
    "SweepReport",
    "change_lines",
    "comparison_csv",
    "comparison_json",
    "comparison_markdown",
    "comparison_table",
    "legend_lines",
    "letter",
    "sweep_csv",
    "sweep_json",
    "sweep_markdown",
    "sweep_rows",
]

MOST_CHANGES = 12
"""Most changes listed for a complete budget file compared with the base; the rest are counted."""


_ENGLISH = Formatter()
"""The JSON contract words its changes in English, whatever the locale."""


def _value(value: object, fmt: Formatter) -> str:
    """A value of a change as written: ``none``/``aucune``, ``true``/``oui``, else as in YAML."""
    if value is None or isinstance(value, bool):
        return fmt.word(f"change.{str(value).lower()}")
    return plain(value)


def change_line(change: Change, fmt: Formatter = _ENGLISH) -> str:
    """A change in words: ``cost.annual: 1000.00 -> 1100.00``, ``without morlaix``
    (``sans morlaix`` in French)."""
    if change.kind == "set":
        return f"{change.path}: {_value(change.before, fmt)} -> {_value(change.after, fmt)}"
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
    if base is None or other is None:
        return [Cell("—", "absent"), Cell("—", "absent")]
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


def comparison_markdown(comparison: Comparison, fmt: Formatter) -> str:
    """The comparison table and the scenarios' changes, as Markdown."""
    header, rows, _ = comparison_table(comparison, fmt)
    lines = [f"- {markdown_cell(line)}" for line in legend_lines(comparison, fmt)] + [""]
    lines += markdown_table(header, [[c.text for c in row] for row in rows])
    return "\n".join(lines) + "\n"


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
    other number with the digits it holds and the locale's decimal mark (``0,5`` in French)."""
    if path.rsplit(".", 1)[-1] == "rate" and 0 <= value <= 1:  # beyond, the point is refused: said as typed
        return fmt.rate(value)
    text = format(value, "f")
    return text.replace(".", ",") if fmt.locale == "fr" else text


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


def sweep_markdown(path: str, lines: Sequence[_SweepLine], fmt: Formatter) -> str:
    """The sweep table as Markdown."""
    header, rows = sweep_rows(path, lines, fmt)
    return "\n".join(markdown_table(header, rows)) + "\n"


_STYLES = {"more": "red", "less": "green", "absent": "dim italic", "heading": "bold", "plain": ""}


def _text(cell: Cell) -> Text:
    from rich.text import Text

    return Text(cell.text, style=_STYLES[cell.tone])


def comparison_renderable(comparison: Comparison, fmt: Formatter) -> RenderableType:
    """The scenarios named by letter with what each changes, then the comparison table."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import plain_table

    header, rows, plan = comparison_table(comparison, fmt)
    table = plain_table(header, [max(len(row[position].text) for row in rows) for position in range(len(header))])
    for number, row in enumerate(rows):
        table.add_row(*(_text(cell) for cell in row), end_section=number == plan - 1)
    legend = Text(fmt.word("comparison"), style="bold")
    for line in legend_lines(comparison, fmt):
        legend.append("\n  " + line, style="")
    return Group(legend, table)


def sweep_renderable(sweep: Sweep, lines: Sequence[_SweepLine], fmt: Formatter) -> RenderableType:
    """The sweep table and, for its partner, a bar per value of that partner's first-year amount."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import plain_table

    header, rows = sweep_rows(sweep.path, lines, fmt)
    widths = [max(len(row[position]) for row in rows) for position in range(len(header))]
    table = plain_table(header, widths, fmt.word("sweep", path=sweep.path))
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    parts: list[RenderableType] = [table]
    if sweep.partner is not None:
        parts.append(_sweep_chart(lines, sweep.partner, fmt))
    return Group(*parts)


def _sweep_chart(lines: Sequence[_SweepLine], partner: str, fmt: Formatter) -> Text:
    """The partner's name, then a bar per value of the sweep (a dash where it is absent)."""
    from rich.text import Text

    from .terminal import bar_lines

    name = next((line.names[partner] for line in lines if partner in line.names), partner)
    amounts = [line.amounts.get(partner) for line in lines]
    chart = Text(f"{name}\n", style="bold")
    for line in bar_lines([format(line.value, "f") for line in lines], amounts, fmt, right=True):
        chart.append_text(line)
        chart.append("\n")
    return chart


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
        return comparison_markdown(self.result, self.fmt)

    def draw(self, console: Console) -> None:
        """The legend and the table, never losing a column."""
        from .terminal import print_wide

        print_wide(console, comparison_renderable(self.result, self.fmt))

    def xlsx(self) -> bytes:
        """One sheet: each partner's total in each scenario, and the differences from the base."""
        from .xlsx import Cell as XlsxCell
        from .xlsx import Sheet, workbook

        scenarios = self.result.scenarios
        header = [self.fmt.word("partner"), "id"]
        for scenario in scenarios:
            header.append(f"{scenario.name} — {self.fmt.word('in_all')}")
        header += [f"{scenario.name} — Δ" for scenario in scenarios[1:]]
        rows: list[list[XlsxCell]] = [
            [
                row.name,
                row.id,
                *(s.total if s else None for s in row.shares),
                *(row.delta(i) for i in range(1, len(scenarios))),
            ]
            for row in self.result.partners
        ]
        money = set(range(2, len(header)))
        sheet = Sheet(self.fmt.word("comparison"), header, rows, money, set(range(2, 2 + len(scenarios))))
        return workbook([sheet], scenarios[0].allocation.budget.currency, self.sources)


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
        return sweep_markdown(self.result.path, self._lines, self.fmt)

    def draw(self, console: Console) -> None:
        """The table, and the partner's bars if asked."""
        from .terminal import print_wide

        print_wide(console, sweep_renderable(self.result, self._lines, self.fmt))

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
        sheet = Sheet("Sweep", header, rows, set(range(1, len(header))), set())
        return workbook([sheet], self.fmt.currency, self.sources)


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


def revision_markdown(revision: Revision, fmt: Formatter) -> str:
    """One section per budget file: a table of the partners whose total changes, or why none."""
    lines = [f"## {markdown_cell(fmt.word('revision_title', rev=revision.rev))}"]
    for revised in revision.files:
        lines += ["", f"### {markdown_cell(revised.path)}", ""]
        if revised.comparison is None:
            lines.append(markdown_line(revised.problem or ""))
            continue
        rows = _revision_rows(revised, fmt)
        if not rows:
            lines.append(markdown_line(fmt.word("revision_same")))
            continue
        lines += markdown_table(_revision_header(fmt, revision.rev), rows)
    return "\n".join(lines) + "\n"


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
        return revision_markdown(self.result, self.fmt)

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
        """One table per file."""
        from rich.text import Text

        from .terminal import plain_table, print_wide

        console.print(Text(self.fmt.word("revision_title", rev=self.result.rev), style="bold"))
        for revised in self.result.files:
            console.print(Text("\n" + revised.path, style="bold"))
            rows = _revision_rows(revised, self.fmt) if revised.comparison else []
            if revised.comparison is None or not rows:
                console.print(Text(revised.problem or self.fmt.word("revision_same")))
                continue
            header = _revision_header(self.fmt, self.result.rev)
            table = plain_table(header, [max(len(r[i]) for r in rows) for i in range(len(header))])
            for row in rows:
                table.add_row(*(Text(cell) for cell in row))
            print_wide(console, table)

    def xlsx(self) -> bytes:
        """One sheet: a row per file and partner whose total changes."""
        from .xlsx import Cell as XlsxCell
        from .xlsx import Sheet, workbook

        rows: list[list[XlsxCell]] = []
        for revised in self.result.files:
            for row in revised.changed:
                before, after = row.shares[0], row.shares[1]
                rows.append([revised.path, row.name, before.total if before else None, after.total if after else None])
        header = ["file", self.fmt.word("partner"), self.result.rev, self.fmt.word("revision_now")]
        return workbook([Sheet("Revision", header, rows, {2, 3}, set())], self.fmt.currency, self.sources)
