"""`schedule` as rows, JSON, CSV and Markdown (no Rich), shared by the terminal table and the exports."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..schedule import CashPeriod, Schedule
from .data import CsvCell, CsvDialect, csv_text, markdown_table
from .formatting import Catalogue, Formatter

__all__ = ["period_label", "schedule_csv", "schedule_json", "schedule_markdown", "schedule_rows"]

_WORDS: Catalogue = {
    "period": {"en": "Period", "fr": "Période"},
    "cost": {"en": "Cost", "fr": "Dépense"},
    "contributions": {"en": "Contributions", "fr": "Participations"},
    "balance": {"en": "Balance", "fr": "Solde"},
    "treasury": {"en": "Treasury", "fr": "Trésorerie"},
    "total": {"en": "Total", "fr": "Total"},
    "month": {"en": "month {index}", "fr": "mois {index}"},
    "year": {"en": "year {index}", "fr": "année {index}"},
    "negative": {"en": "Pre-financing", "fr": "Préfinancement"},
    "need": {
        "en": "Lowest treasury {amount} at the end of {period}: the beneficiary pre-finances {need}.",
        "fr": "Trésorerie la plus basse {amount} à la fin de {period} : le bénéficiaire préfinance {need}.",
    },
    "no_need": {
        "en": "The treasury never goes below zero: no pre-financing is needed.",
        "fr": "La trésorerie ne passe jamais sous zéro : aucun préfinancement n'est nécessaire.",
    },
    "calls": {
        "en": "Contributions and subsidies received at the {when} of each year.",
        "fr": "Participations et subventions reçues en {when} de chaque année.",
    },
    "start": {"en": "start", "fr": "début"},
    "end": {"en": "end", "fr": "fin"},
}


def _say(fmt: Formatter, key: str, /, **values: object) -> str:
    return fmt.phrase(_WORDS, key, **values)


def period_label(period: CashPeriod, monthly: bool, fmt: Formatter) -> str:
    """``2022-09`` / ``sept. 2022`` for a dated month, ``month 3``, ``2022-09 .. 2023-08`` or ``year 1``."""
    if period.start is not None and monthly:
        if fmt.locale == "fr":
            from babel.dates import format_date

            return format_date(period.start, "MMM y", locale="fr_FR")
        return f"{period.start:%Y-%m}"
    if monthly:
        return _say(fmt, "month", index=period.index)
    year = _say(fmt, "year", index=period.year)
    return year if period.months == 12 else f"{year} ({fmt.word('months', months=period.months)})"


def schedule_rows(plan: Schedule, fmt: Formatter) -> tuple[list[str], list[list[str]], list[str], list[bool]]:
    """Header, one row per period, the totals row, and which periods have a negative treasury.

    When the treasury goes below zero, a last column says by how much, period by period:
    what the beneficiary pre-finances.
    """
    header = [
        _say(fmt, "period"),
        _say(fmt, "cost"),
        *(line.name for line in plan.subsidies),
        _say(fmt, "contributions"),
        _say(fmt, "balance"),
        _say(fmt, "treasury"),
    ]
    rows = [
        [
            period_label(p, plan.monthly, fmt),
            fmt.amount(p.cost),
            *(fmt.amount(s) for s in p.subsidies),
            fmt.amount(p.contributions),
            _signed(p.balance, fmt),
            _signed(p.treasury, fmt),
        ]
        for p in plan.periods
    ]
    totals = [
        _say(fmt, "total"),
        fmt.amount(sum((p.cost for p in plan.periods), Decimal("0.00"))),
        *(fmt.amount(line.amount) for line in plan.subsidies),
        fmt.amount(sum((p.contributions for p in plan.periods), Decimal("0.00"))),
        _signed(sum((p.balance for p in plan.periods), Decimal("0.00")), fmt),
        _signed(plan.periods[-1].treasury, fmt),
    ]
    negative = [p.treasury < 0 for p in plan.periods]
    if any(negative):
        header.append(_say(fmt, "negative"))
        for row, period, below in zip(rows, plan.periods, negative, strict=True):
            row.append(fmt.amount(-period.treasury) if below else "")
        totals.append("")
    return header, rows, totals, negative


def _signed(value: Decimal, fmt: Formatter) -> str:
    return ("−" if value < 0 else "") + fmt.amount(abs(value))


def summary_lines(plan: Schedule, fmt: Formatter) -> list[str]:
    """When money comes in, and the pre-financing need."""
    lines = [_say(fmt, "calls", when=_say(fmt, plan.calls))]
    if plan.prefinancing:
        lowest = plan.lowest
        lines.append(
            _say(
                fmt,
                "need",
                amount=_signed(lowest.treasury, fmt),
                period=period_label(lowest, plan.monthly, fmt),
                need=fmt.amount(plan.prefinancing),
            )
        )
    else:
        lines.append(_say(fmt, "no_need"))
    return lines


def schedule_dict(plan: Schedule) -> dict[str, Any]:
    """The cash flow as data: every period, and the pre-financing need."""
    return {
        "monthly": plan.monthly,
        "calls": plan.calls,
        "subsidies": [{"id": line.id, "name": line.name} for line in plan.subsidies],
        "periods": [
            {
                "index": p.index,
                "year": p.year,
                "months": p.months,
                "start": None if p.start is None else p.start.isoformat(),
                "cost": f"{p.cost:.2f}",
                "subsidies": {
                    line.id: f"{amount:.2f}" for line, amount in zip(plan.subsidies, p.subsidies, strict=True)
                },
                "contributions": f"{p.contributions:.2f}",
                "balance": f"{p.balance:.2f}",
                "treasury": f"{p.treasury:.2f}",
            }
            for p in plan.periods
        ],
        "lowest_treasury": f"{plan.lowest.treasury:.2f}",
        "prefinancing": f"{plan.prefinancing:.2f}",
    }


def schedule_json(plan: Schedule) -> str:
    """:func:`schedule_dict` as indented JSON."""
    return json.dumps(schedule_dict(plan), ensure_ascii=False, indent=2) + "\n"


def schedule_csv(plan: Schedule, dialect: CsvDialect = "rfc") -> str:
    """One row per period: cost, each subsidy, contributions, balance, treasury."""
    header: list[CsvCell] = [
        "period",
        "year",
        "months",
        "start",
        "cost",
        *(f"subsidy_{line.id}" for line in plan.subsidies),
        "contributions",
        "balance",
        "treasury",
    ]
    rows: list[list[CsvCell]] = [header]
    for p in plan.periods:
        start = "" if p.start is None else p.start.isoformat()
        rows.append([p.index, p.year, p.months, start, p.cost, *p.subsidies, p.contributions, p.balance, p.treasury])
    return csv_text(rows, dialect)


def schedule_markdown(plan: Schedule, fmt: Formatter) -> str:
    """The cash flow as a Markdown table, with the pre-financing need."""
    header, rows, totals, _ = schedule_rows(plan, fmt)
    lines = [*markdown_table(header, [*rows, totals], bold_last=True), "", *summary_lines(plan, fmt)]
    return "\n".join(lines) + "\n"
