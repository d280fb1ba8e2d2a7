"""The ledger: what really happened after the vote (DESIGN 6.2), and its rules.

One file per convention, kept beside the budget: the eligible spending the beneficiary
certified, year by year, and the money it actually received, from the subsidies and the
partners. Pure, like the rest of the core: the files layer reads it and locates its problems.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, field_validator

from .model import LEDGER_SCHEMA_ID, Amount, Budget, Date, FrozenModel, Identifier, Text, WholeNumber
from .problems import Problem
from .shape import closest

__all__ = ["LEDGER_SCHEMA_ID", "Ledger", "Receipt", "Spending", "ledger_json_schema", "ledger_problems"]


class Spending(FrozenModel):
    """The eligible spending of one year, as certified by the beneficiary."""

    year: WholeNumber
    """The year slice (1-based)."""
    amount: Amount
    """What was spent, in the budget's currency, e.g. 51200.40."""
    ref: Text | None = None
    """The document that certifies it (an état récapitulatif)."""


class Receipt(FrozenModel):
    """Money the beneficiary actually received."""

    from_: Identifier = Field(alias="from")
    """A subsidy id or a partner id of the budget."""
    year: WholeNumber | None = None
    """The call it answers (required for a partner)."""
    amount: Amount
    """What was received, above 0, in the budget's currency."""
    date: Date | None = None
    """When."""
    ref: Text | None = None
    """The payment's reference (mandat, virement)."""

    @field_validator("amount")
    @classmethod
    def _positive(cls, value: Any) -> Any:
        if value <= 0:
            raise ValueError("a receipt is above 0 (a refund is settled, not received)")
        return value


class Ledger(FrozenModel):
    """A ledger file (schema ``tdi-split-ledger/1``)."""

    schema_id: Literal["tdi-split-ledger/1"] = Field(alias="schema")
    """Always ``tdi-split-ledger/1``."""
    budget: Text
    """The voted budget, relative to this file."""
    spending: tuple[Spending, ...] = ()
    """The eligible spending certified, at most one entry per year."""
    received: tuple[Receipt, ...] = ()
    """Money received."""


def ledger_problems(ledger: Ledger, budget: Budget) -> Iterator[Problem]:
    """TDI501 a year outside the period; TDI502 an id that is neither a subsidy nor a partner;
    TDI503 two spending entries for one year; TDI504 a partner's payment without its year."""
    count = len(budget.years)
    seen: dict[int, int] = {}
    for index, entry in enumerate(ledger.spending):
        here = ("spending", index, "year")
        if not 1 <= entry.year <= count:
            yield Problem("TDI501", f"the period has {count} year(s); year {entry.year} is outside it", here)
        elif entry.year in seen:
            yield Problem("TDI503", f"year {entry.year} is already reported by spending[{seen[entry.year]}]", here)
        else:
            seen[entry.year] = index
    partners = {p.id for p in budget.partners}
    known = [*(s.id for s in budget.subsidies), *(p.id for p in budget.partners)]
    ids = set(known)
    for index, receipt in enumerate(ledger.received):
        where: tuple[str, int] = ("received", index)
        if receipt.from_ not in ids:
            hint = closest(receipt.from_, known)
            suggestion = f"; did you mean {hint!r}?" if hint else f" (ids: {', '.join(known)})"
            yield Problem(
                "TDI502", f"{receipt.from_!r} is neither a subsidy nor a partner{suggestion}", (*where, "from")
            )
        elif receipt.from_ in partners and receipt.year is None:
            yield Problem("TDI504", "a partner's payment says which year's call it answers: `year: N`", where)
        if receipt.year is not None and not 1 <= receipt.year <= count:
            yield Problem(
                "TDI501", f"the period has {count} year(s); year {receipt.year} is outside it", (*where, "year")
            )


def ledger_json_schema() -> dict[str, Any]:
    """The JSON Schema of a ledger file, for editors."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Ledger.model_json_schema(by_alias=True),
        "title": "tdi-split ledger (schema tdi-split-ledger/1)",
    }
