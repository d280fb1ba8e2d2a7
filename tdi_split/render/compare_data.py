"""`compare` as data: the cells of the comparison table, JSON, CSV and Markdown (no Rich).

Each scenario is a column group: its amount per year (one "a year" column when every
year is a full year with the same amounts), in all, then, for every scenario but the
base, the difference in all from the base, in currency and in %.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from ..compare import Comparison, Scenario
from ..engine import Allocation
from ..pipeline import SweepPoint
from .data import CsvCell, CsvDialect, allocation_dict, csv_text, markdown_table
from .formatting import Formatter, decimal_string

__all__ = [
    "Cell",
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


def _year_headers(scenario: Scenario, fmt: Formatter) -> list[str]:
    if _collapsed(scenario.allocation):
        return [fmt.word("a_year")]
    return [fmt.year(y.index, y.months) for y in scenario.allocation.years]


def _signed(value: Decimal, fmt: Formatter) -> str:
    text = fmt.amount(abs(value))
    return text if value == 0 else ("+" if value > 0 else "−") + text


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
    for number, scenario in enumerate(comparison.scenarios):
        label = letter(number)
        header += [f"{label}\n{h}" for h in _year_headers(scenario, fmt)] + [f"{label}\n{fmt.word('in_all')}"]
        if number:
            header += [f"{label}\nΔ", f"{label}\nΔ %"]
    plan = _plan_rows(comparison, fmt)
    partners = [_partner_row(comparison, index, fmt) for index in range(len(comparison.partners))]
    return header, [*plan, *partners], len(plan)


def _group(scenario: Scenario, years: list[Decimal] | None, total: Decimal | None, fmt: Formatter) -> list[Cell]:
    width = len(_year_headers(scenario, fmt))
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
    return [Cell(_signed(delta, fmt), _tone(delta)), percent]


def _plan_rows(comparison: Comparison, fmt: Formatter) -> list[list[Cell]]:
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
            row += _group(scenario, years, total, fmt)
            if number:
                row += _deltas(base_total, total, fmt)
        rows.append(row)
    return rows


def _partner_row(comparison: Comparison, index: int, fmt: Formatter) -> list[Cell]:
    partner = comparison.partners[index]
    row = [Cell(partner.name)]
    base = partner.shares[0]
    for number, (scenario, share) in enumerate(zip(comparison.scenarios, partner.shares, strict=True)):
        row += _group(
            scenario, None if share is None else list(share.years), None if share is None else share.total, fmt
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
                "changes": list(scenario.changes),
                "result": allocation_dict(scenario.allocation),
            }
            for scenario in comparison.scenarios
        ],
    }


def comparison_json(comparison: Comparison) -> str:
    """:func:`comparison_dict` as indented JSON."""
    return json.dumps(comparison_dict(comparison), ensure_ascii=False, indent=2) + "\n"


def comparison_csv(comparison: Comparison, dialect: CsvDialect = "rfc") -> str:
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
                    "true" if share else "false",
                    *years,
                    *([""] * (most_years - len(years))),
                    share.total if share else "",
                    delta if delta is not None and number else "",
                    Decimal(decimal_string(ratio, 6)) if ratio is not None and number else "",
                ]
            )
    return csv_text(rows, dialect)


def legend_lines(comparison: Comparison, fmt: Formatter) -> list[str]:
    """One line per scenario: its letter, name and source, and what it changes from the base."""
    base = comparison.scenarios[0]
    lines = [f"A  {base.name} ({fmt.word('base')}, {base.source})"]
    for number, scenario in enumerate(comparison.scenarios[1:], start=1):
        what = "; ".join(scenario.changes) or fmt.word("no_change")
        lines.append(f"{letter(number)}  {scenario.name} ({scenario.source}): {what}")
    return lines


def comparison_markdown(comparison: Comparison, fmt: Formatter) -> str:
    """The comparison table and the scenarios' changes, as Markdown."""
    header, rows, _ = comparison_table(comparison, fmt)
    lines = [f"- {line}" for line in legend_lines(comparison, fmt)] + [""]
    lines += markdown_table(header, [[c.text for c in row] for row in rows])
    return "\n".join(lines) + "\n"


WIDE_SWEEP = 12
"""Up to this many values, a sweep's table has a column per value and a row per partner."""


def sweep_rows(path: str, points: list[SweepPoint], fmt: Formatter) -> tuple[list[str], list[list[str]]]:
    """A sweep as a table of first-year amounts, with the net cost.

    Up to :data:`WIDE_SWEEP` values: a row per partner and a column per value (it reads
    like the partners' table); beyond: a row per value and a column per partner.
    """
    partners: dict[str, str] = {}
    for point in points:
        for share in point.allocation.partners if point.allocation else ():
            partners.setdefault(share.id, share.name)
    by_value: list[list[str]] = []
    for point in points:
        if point.allocation is None:
            reason = point.problems[0].message if point.problems else ""
            by_value.append([f"({reason})", *[""] * len(partners)])
            continue
        amounts = {s.id: s.years[0] for s in point.allocation.partners}
        by_value.append(
            [
                fmt.amount(point.allocation.years[0].net),
                *(fmt.amount(amounts[p]) if p in amounts else fmt.word("absent") for p in partners),
            ]
        )
    names = [fmt.word("net_cost"), *partners.values()]
    if len(points) <= WIDE_SWEEP:
        header = [path, *(str(point.value) for point in points)]
        return header, [[name, *(row[i] for row in by_value)] for i, name in enumerate(names)]
    return [path, *names], [[str(point.value), *row] for point, row in zip(points, by_value, strict=True)]


def sweep_json(path: str, points: list[SweepPoint]) -> str:
    """``{"path", "points": [{"value", "result"}]}``; a failing value has ``result: null`` and ``problems``."""
    data = {
        "path": path,
        "points": [
            {"value": str(p.value), "result": allocation_dict(p.allocation)}
            if p.allocation
            else {"value": str(p.value), "result": None, "problems": [x.message for x in p.problems]}
            for p in points
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def sweep_csv(path: str, points: list[SweepPoint], dialect: CsvDialect = "rfc") -> str:
    """One row per value and partner: the value, the partner, its amounts per year and in all."""
    most_years = max((len(p.allocation.years) for p in points if p.allocation), default=1)
    rows: list[list[CsvCell]] = [
        ["path", "value", "partner_id", *(f"year_{i + 1}" for i in range(most_years)), "total"]
    ]
    for point in points:
        for share in point.allocation.partners if point.allocation else ():
            padding: list[CsvCell] = [""] * (most_years - len(share.years))
            rows.append([path, point.value, share.id, *share.years, *padding, share.total])
    return csv_text(rows, dialect)


def sweep_markdown(path: str, points: list[SweepPoint], fmt: Formatter) -> str:
    """The sweep table as Markdown."""
    header, rows = sweep_rows(path, points, fmt)
    return "\n".join(markdown_table(header, rows)) + "\n"
