"""`calls` in every format: the register of calls for funds of a year, or of a settlement's
balances, and one document per partner to hand to its accountant (DESIGN 6.4).

Rich is imported only by the function that draws.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.calls import Call, Calls
from ..core.money import to_text
from .document import Document, Table, markdown_document
from .formatting import Formatter
from .plain import CsvCell, CsvDialect, csv_text, markdown_cell, markdown_table, readable_json
from .report import ResultReport

if TYPE_CHECKING:
    from rich.console import Console

    from .terminal import Layout

__all__ = ["CallsReport", "call_document", "calls_dict", "write_documents"]


def calls_dict(register: Calls) -> dict[str, Any]:
    """The register as data: the year (null for a settlement), the convention, each call, the total."""
    return {
        "year": register.year,
        "final": register.final,
        "convention": register.reference,
        "currency": register.budget.currency,
        "calls": [
            {
                "id": c.id,
                "kind": c.kind,
                "partner": c.partner_id,
                "name": c.partner_name,
                "siren": c.siren,
                "year": c.year,
                "amount": to_text(c.amount),
                "due": None if c.due is None else c.due.isoformat(),
            }
            for c in register.calls
        ],
        "total": to_text(register.total),
    }


def _title(register: Calls, fmt: Formatter) -> str:
    if register.year is not None:
        return fmt.word("calls.title", year=register.year)
    title = fmt.word("calls.balance_title")
    return title if register.final else f"{title} {fmt.word('calls.provisional')}"


def _rows(register: Calls, fmt: Formatter) -> tuple[list[str], list[list[str]], list[str]]:
    """Partner, call reference, (kind,) due date, amount: the register's table (the SIREN is in
    the documents, the CSV and the JSON)."""
    balance = register.year is None
    header = [fmt.word("calls.partner"), fmt.word("calls.id")]
    header += [fmt.word("calls.kind")] if balance else []
    header += [fmt.word("calls.due"), fmt.word("calls.amount")]
    rows = []
    for c in register.calls:
        row = [c.partner_name, c.id]
        row += [fmt.word(f"calls.{c.kind}")] if balance else []
        row += [fmt.day(c.due), fmt.signed(c.amount if c.kind == "call" else -c.amount)]
        rows.append(row)
    totals = [fmt.word("calls.total"), "", *([""] if balance else []), "", fmt.signed(register.total)]
    return header, rows, totals


def calls_layouts(register: Calls, fmt: Formatter) -> Iterator[Layout]:
    """The `calls` view, richest first: the register as a table; the call's reference under
    the partner's name; one block per call. The convention's reference above it."""
    from rich.console import Group
    from rich.text import Text

    from .terminal import NAME_LEAST_WIDTH, NAME_MIN_WIDTH, Column, FigureTable, Layout, Prose

    heading = Text()
    heading.append(register.budget.title, style="bold")
    if register.reference:
        heading.append("\n" + fmt.word("calls.convention", reference=register.reference), style="dim")
    header, rows, totals = _rows(register, fmt)
    title = _title(register, fmt)
    name = Column(header[0], figure=False, floor=NAME_MIN_WIDTH, least=NAME_LEAST_WIDTH)
    cells = [[Text(cell) for cell in row] for row in rows]
    footer = [Text(cell) for cell in totals]
    table = FigureTable([name, *(Column(h) for h in header[1:])], cells, title=title, totals=footer)
    yield Layout(Group(Prose(heading), table))
    folded = Column(f"{header[0]}\n{header[1]}", figure=False, floor=NAME_MIN_WIDTH, least=NAME_LEAST_WIDTH)
    under = [[Text(row[0]).append("\n" + row[1], style="dim"), *(Text(cell) for cell in row[2:])] for row in rows]
    table = FigureTable([folded, *(Column(h) for h in header[2:])], under, title=title, totals=[footer[0], *footer[2:]])
    said = fmt.word("terminal.folded", column=header[1], under=header[0])
    yield Layout(Group(Prose(heading), table), said)
    yield Layout(Group(Prose(heading), Text(""), table.stacked()), fmt.word("terminal.blocks"))


def _year_basis(register: Calls, partner_id: str, year: int, fmt: Formatter, bounded: frozenset[int]) -> str:
    """How a year's call is reckoned, in words whose figures give its amount: a fixed amount; a
    share held at its floor or ceiling; or the partner's weight in that year's key times what
    the keyed partners share that year (the net cost less the fixed amounts), the floors and
    ceilings of others applied when they hold some (in the ``bounded`` years)."""
    from ..core.explain import year_weight

    plan = register.plan
    share, slice_ = plan.partner(partner_id), plan.years[year - 1]
    step = share.step(year)
    if share.fixed:
        return fmt.word("calls.basis_fixed", amount=fmt.amount(share.years[year - 1]))
    if step is not None and step.bound is not None:
        if step.bound == "floor":
            return fmt.word("calls.basis_floor", amount=fmt.amount(step.lower or Decimal(0)))
        return fmt.word("calls.basis_ceiling", amount=fmt.amount(step.upper or Decimal(0)))
    from .explain import _exact, _share_amount

    weight = year_weight(plan, partner_id, year)
    figures = {
        "weight": _exact(weight, fmt, 7),
        "percent": fmt.percent(weight),
        "exact": _share_amount(step.exact, fmt) if step is not None else fmt.amount(Decimal(0)),
    }
    if year in bounded:  # the others' bounds leave lambda to share in proportion, not the pool
        return fmt.word("calls.basis_year_bounded", lam=_exact(slice_.multiplier, fmt, 2), **figures)
    return fmt.word("calls.basis_year", pool=fmt.amount(slice_.keyed), **figures)


def call_document(call: Call, register: Calls, fmt: Formatter, bounded: frozenset[int] | None = None) -> str:
    """One call (or refund) as a Markdown document for the partner's accountant; ``bounded``, the
    plan's :func:`~tdi_split.core.explain.bounded_years`, found once for many documents."""
    budget = register.budget
    refund = call.kind == "refund"
    title = fmt.word("calls.refund_title" if refund else "calls.document_title", id=call.id)
    issuer = budget.beneficiary_name or budget.title
    if budget.beneficiary is not None and budget.beneficiary.siret:
        issuer += f" (SIRET {budget.beneficiary.siret})"
    recipient = call.partner_name + (f" (SIREN {call.siren})" if call.siren else "")
    plan = register.plan
    if call.year is not None:
        slice_ = plan.years[call.year - 1]
        dates = fmt.dates(slice_.start, slice_.end) or fmt.word("months", months=slice_.months)
        what = fmt.word("calls.object_year", title=budget.title, year=call.year, dates=dates)
        if bounded is None:
            from ..core.explain import bounded_years

            bounded = bounded_years(plan)
        basis = _year_basis(register, call.partner_id, call.year, fmt, bounded)
    else:
        what = fmt.word("calls.object_balance", title=budget.title)
        owed, paid = call.owed or Decimal(0), call.paid or Decimal(0)
        basis = fmt.word("calls.basis_balance", due=fmt.amount(owed), paid=fmt.amount(paid))
    rows = [
        [fmt.word("calls.from"), issuer],
        [fmt.word("calls.to"), recipient],
        [fmt.word("calls.object"), what],
    ]
    if budget.convention is not None and budget.convention.reference:
        date = f" ({fmt.day(budget.convention.date)})" if budget.convention.date else ""
        rows.append([fmt.word("calls.convention_label"), budget.convention.reference + date])
    if budget.reference:
        rows.append([fmt.word("reference_label"), budget.reference])
    if basis:
        rows.append([fmt.word("calls.basis"), basis])
    rows += [
        [fmt.word("calls.amount_refunded" if refund else "calls.amount_due"), fmt.amount(call.amount)],
        [fmt.word("calls.due_date"), fmt.day(call.due) or fmt.word("calls.no_date")],
        [fmt.word("calls.reference"), call.id],
    ]
    lines = [f"# {markdown_cell(title)}", "", *markdown_table(["", ""], rows, "ll")]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, kw_only=True)
class CallsReport(ResultReport[Calls]):
    """`calls`: a register of calls for funds."""

    def json(self) -> str:
        """The register as data."""
        return readable_json(calls_dict(self.result))

    def csv(self, dialect: CsvDialect) -> str:
        """One row per call: for the finance department's ledger."""
        rows: list[list[CsvCell]] = [["id", "kind", "partner", "name", "siren", "year", "amount", "due_date"]]
        rows += [
            [
                c.id,
                self.fmt.word(f"calls.{c.kind}"),
                c.partner_id,
                c.partner_name,
                c.siren or "",
                c.year or "",
                c.amount,
                c.due.isoformat() if c.due else "",
            ]
            for c in self.result.calls
        ]
        return csv_text(rows, dialect, self.fmt.locale)

    def markdown(self) -> str:
        """The register as a table."""
        return markdown_document(self.document())

    def document(self) -> Document:
        """The register: a row per call, and the total."""
        header, rows, totals = _rows(self.result, self.fmt)
        subtitle = [self.fmt.word("calls.convention", reference=self.result.reference)] if self.result.reference else []
        align = "l" * (len(header) - 1) + "r"  # references, kinds and dates read as text; the amount as a figure
        table = Table("", header, rows, totals, align)
        return Document(_title(self.result, self.fmt), self.fmt.locale, [table], subtitle)

    def draw(self, console: Console) -> None:
        """The register, in the richest layout that fits the width."""
        from .terminal import print_fitted

        print_fitted(console, self.fmt, calls_layouts(self.result, self.fmt))

    def xlsx(self) -> bytes:
        """One sheet: a row per call, the total as a formula."""
        from .xlsx import Cell as XlsxCell
        from .xlsx import Sheet, workbook

        fmt = self.fmt
        header = [
            fmt.word("calls.partner"),
            fmt.word("calls.siren"),
            fmt.word("calls.id"),
            fmt.word("calls.kind"),
            fmt.word("calls.due"),
            fmt.word("calls.amount"),
        ]
        rows: list[list[XlsxCell]] = [
            [
                c.partner_name,
                c.siren,
                c.id,
                fmt.word(f"calls.{c.kind}"),
                c.due.isoformat() if c.due else None,
                c.amount if c.kind == "call" else -c.amount,
            ]
            for c in self.result.calls
        ]
        sheet = Sheet(fmt.word("calls.id"), header, rows, {5}, {5}, fmt.word("calls.total"))
        return workbook([sheet], self.result.budget.currency, self.sources, fmt.word("document.source"))


def write_documents(register: Calls, fmt: Formatter, folder: Path, *, force: bool = False) -> list[Path]:
    """One Markdown document per call in ``folder`` (made if missing), named after the call;
    each written atomically, never over an existing file unless ``force``. Every target is
    checked first: if one would be refused (it exists, is read-only, is not a regular file),
    none is written."""
    from ..files.write import check_target, write_atomic

    paths = [folder / (re.sub(r"[^A-Za-z0-9._-]", "_", call.id)[:200] + ".md") for call in register.calls]
    if folder.is_dir():
        for path in paths:
            check_target(path, force=force)
    folder.mkdir(parents=True, exist_ok=True)
    from ..core.explain import bounded_years

    bounded = bounded_years(register.plan)  # once, not once a document: it reads every partner's years
    for call, path in zip(register.calls, paths, strict=True):
        write_atomic(path, call_document(call, register, fmt, bounded), force=force)
    return paths
