"""Machine and document outputs of `compute`: JSON (the stable contract), CSV, Markdown.

No Rich here: these outputs are plain text built from the :class:`Allocation`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from ..engine import Allocation, PartnerShare, SubsidyLine
from .formatting import Formatter, decimal_string

__all__ = [
    "CsvCell",
    "CsvDialect",
    "allocation_csv",
    "allocation_dict",
    "allocation_json",
    "allocation_markdown",
    "csv_text",
    "markdown_table",
    "readable_json",
    "subsidy_basis",
]

WEIGHT_PLACES = 7
"""Decimals of the key weight in JSON and CSV (DESIGN section 5: at least 7)."""


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def allocation_dict(allocation: Allocation) -> dict[str, Any]:
    """The ``compute --format json`` contract of DESIGN section 5 (fields may be added, never renamed)."""
    budget = allocation.budget
    return {
        "schema": budget.schema_id,
        "title": budget.title,
        "reference": budget.reference,
        "beneficiary": budget.beneficiary,
        "currency": budget.currency,
        "months": allocation.months,
        "annual_cost": _money(allocation.annual_cost),
        "total_cost": _money(allocation.total_cost),
        "subsidies": [
            {
                "id": line.id,
                "name": line.name,
                "amount": _money(line.amount),
                "rate": str(line.rate),
                "base": _money(line.base),
                "ceiling": None if line.ceiling is None else _money(line.ceiling),
                "cap": None if line.cap is None else _money(line.cap),
                "capped": line.capped,
                "payment": line.payment,
                "year": line.payment_year if line.payment == "once" else None,
            }
            for line in allocation.subsidies
        ],
        "net_cost": _money(allocation.net_cost),
        "years": [
            {
                "index": year.index,
                "months": year.months,
                "label": year.label,
                "net": _money(year.net),
                "start": None if year.start is None else year.start.isoformat(),
                "end": None if year.end is None else year.end.isoformat(),
            }
            for year in allocation.years
        ],
        "partners": [
            {
                "id": share.id,
                "name": share.name,
                "kind": share.kind,
                "contributes": share.contributes,
                "fixed": share.fixed,
                "weight": decimal_string(share.weight, WEIGHT_PLACES) if share.weight else "0",
                "years": [_money(amount) for amount in share.years],
                "total": _money(share.total),
            }
            for share in allocation.partners
        ],
    }


def allocation_json(allocation: Allocation) -> str:
    """The JSON contract with a final newline: a key per line, and one line per subsidy, year
    and partner (readable, diff-friendly, and fast for 100,000 partners: each line goes through
    the C encoder)."""
    return readable_json(allocation_dict(allocation))


def readable_json(data: dict[str, Any]) -> str:
    """``data`` as JSON: one top-level key per line; a list of objects one object per line."""
    lines = []
    for key, value in data.items():
        name = json.dumps(key, ensure_ascii=False)
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            items = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"  {name}: [\n{items}\n  ]")
        else:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


CsvDialect = Literal["rfc", "fr"]
CsvCell = str | int | Decimal


def csv_text(rows: Iterable[Sequence[CsvCell]], dialect: CsvDialect = "rfc") -> str:
    """CSV text: RFC 4180 with dot decimals, or ``fr`` (``;`` and decimal commas) for French spreadsheets.

    Decimal cells are written with the digits they hold (``1234.50``, ``0.1234567``).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dialect == "fr" else ",", lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                (format(cell, "f").replace(".", ",") if dialect == "fr" else format(cell, "f"))
                if isinstance(cell, Decimal)
                else cell
                for cell in row
            ]
        )
    return buffer.getvalue()


def allocation_csv(allocation: Allocation, dialect: CsvDialect = "rfc") -> str:
    """One row per partner: id, name, kind, contributes, fixed, weight, each year, total."""
    header: list[CsvCell] = [
        "id",
        "name",
        "kind",
        "contributes",
        "fixed",
        "weight",
        *(f"year_{y.index}" for y in allocation.years),
        "total",
    ]
    rows: list[list[CsvCell]] = [
        [
            share.id,
            share.name,
            share.kind or "",
            "true" if share.contributes else "false",
            "true" if share.fixed else "false",
            Decimal(decimal_string(share.weight, WEIGHT_PLACES)) if share.weight else Decimal(0),
            *share.years,
            share.total,
        ]
        for share in allocation.partners
    ]
    return csv_text([header, *rows], dialect)


def subsidy_basis(line: SubsidyLine, fmt: Formatter) -> str:
    """How a subsidy was bounded: ``50% of 160,000.00 (eligible ceiling), capped at 80,000.00``."""
    text = fmt.word("rate_of", rate=fmt.rate(line.rate), base=fmt.amount(line.base))
    if line.ceiling_applied:
        text += fmt.word("eligible")
    if line.cap is not None:
        text += fmt.word("capped" if line.capped else "not_capped", cap=fmt.amount(line.cap))
    return text


def key_description(allocation: Allocation, fmt: Formatter) -> str:
    """The key in words: ``population`` or ``population 50%, equal shares 50%``."""
    names = {c: fmt.word("equal") if c == "equal" else c for c in allocation.criterion_weights}
    if len(names) == 1:
        return next(iter(names.values()))
    return ", ".join(f"{names[c]} {fmt.percent(w, 0)}" for c, w in allocation.criterion_weights.items())


def partner_note(share: PartnerShare, allocation: Allocation, fmt: Formatter) -> str:
    """Why a partner's amount is not a plain keyed share, or ``""``."""
    if not share.contributes:
        return fmt.word("no_pay")
    if share.fixed:
        fixed = next(p.fixed for p in allocation.budget.partners if p.id == share.id)
        return fmt.word("fixed", amount=fmt.amount(fixed or Decimal(0)))
    notes = []
    for bound in ("floor", "ceiling"):
        years = [str(step.year) for step in share.steps if step.bound == bound]
        if years:
            note = fmt.word("at_floor" if bound == "floor" else "at_ceiling")
            if len(years) < len(share.steps):
                note += fmt.word("in_years", years=", ".join(fmt.word("year", index=y) for y in years))
            notes.append(note)
    return "; ".join(notes)


def plan_rows(allocation: Allocation, fmt: Formatter) -> list[tuple[str, str, str]]:
    """The funding plan as (item, basis, amount) rows: the cost, then what pays it."""
    keyed = sum(1 for share in allocation.partners if share.contributes)
    rows = [
        (
            fmt.word("cost"),
            fmt.word("a_year_for", amount=fmt.amount(allocation.annual_cost), months=allocation.months),
            fmt.amount(allocation.total_cost),
        )
    ]
    rows += [(line.name, subsidy_basis(line, fmt), fmt.amount(line.amount)) for line in allocation.subsidies]
    rows.append(
        (
            fmt.word("net"),
            fmt.word("net_basis", count=keyed, key=key_description(allocation, fmt))
            if allocation.criterion_weights
            else "",
            fmt.amount(allocation.net_cost),
        )
    )
    return rows


def partner_rows(
    allocation: Allocation, fmt: Formatter, *, separator: str = " ", dates: bool = True
) -> tuple[list[str], list[list[str]], list[str]]:
    """The partners' table: header, one row per partner, and the totals row.

    ``separator`` joins the parts of a year's heading; ``dates=False`` leaves the dates
    out of it (a terminal table says them in its caption, to stay narrow).
    """
    header = [
        fmt.word("partner"),
        fmt.word("weight"),
        *(
            fmt.year(y.index, y.months, fmt.dates(y.start, y.end) if dates else None, separator=separator)
            for y in allocation.years
        ),
        fmt.word("total"),
    ]
    rows = [
        [
            share.name,
            fmt.percent(share.weight) if share.weight else "",
            *(fmt.amount(amount) for amount in share.years),
            fmt.amount(share.total),
        ]
        for share in allocation.partners
    ]
    totals = [
        fmt.word("total"),
        fmt.percent(sum((s.weight for s in allocation.partners), Fraction(0)))
        if any(s.weight for s in allocation.partners)
        else "",
        *(fmt.amount(year.net) for year in allocation.years),
        fmt.amount(allocation.net_cost),
    ]
    return header, rows, totals


def allocation_markdown(allocation: Allocation, fmt: Formatter) -> str:
    """Both tables as Markdown (GitHub pipes), ready for a report."""
    budget = allocation.budget
    lines = [f"# {_cell(budget.title)}", ""]
    if budget.reference:
        lines += [_cell(budget.reference), ""]
    lines += [f"## {fmt.word('funding_plan')}", ""]
    lines += markdown_table(
        [fmt.word("item"), fmt.word("basis"), fmt.word("amount")], [list(r) for r in plan_rows(allocation, fmt)], "llr"
    )
    header, rows, totals = partner_rows(allocation, fmt)
    notes = [partner_note(share, allocation, fmt) for share in allocation.partners]
    if any(notes):
        header.append(fmt.word("note"))
        rows = [[*row, note] for row, note in zip(rows, notes, strict=True)]
        totals.append("")
    lines += ["", f"## {fmt.word('partners')}", ""]
    align = "l" + "r" * (len(header) - 1 - (1 if any(notes) else 0)) + ("l" if any(notes) else "")
    lines += markdown_table(header, [*rows, totals], align, bold_last=True)
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell or heading."""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
    return escaped.replace("\n", " ")


def markdown_table(
    header: list[str], rows: list[list[str]], align: str | None = None, *, bold_last: bool = False
) -> list[str]:
    """A GitHub Markdown table; ``align`` has ``l`` or ``r`` per column (default: the first left,
    the others right); ``bold_last`` sets the last row (totals) in bold. Every cell is escaped."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(_cell(h) for h in header) + " |", "| " + " | ".join(rule) + " |"]
    for number, row in enumerate(rows, start=1):
        bold = bold_last and number == len(rows)
        out.append("| " + " | ".join(f"**{_cell(c)}**" if bold and c else _cell(c) for c in row) + " |")
    return out
