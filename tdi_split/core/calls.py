"""Calls for funds (DESIGN 6.4): what each partner is asked to pay, when, under which reference.

A year's calls come from the voted plan: one per contributing partner taking part in the
year, for its share of that year, due at the start of the year (or its end with
``calls: end``). The settlement's calls come from the balances: a positive balance is called,
a negative one refunded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from .engine import Allocation
from .model import Budget
from .settle import Settlement

__all__ = ["Call", "Calls", "balance_calls", "year_calls"]

Kind = Literal["call", "refund"]


@dataclass(frozen=True, slots=True)
class Call:
    """One call for funds (or one refund) to one partner."""

    id: str
    """The call's reference: ``<convention>-<year or SOLDE>-<partner id>``."""
    kind: Kind
    """``call``: the partner pays; ``refund``: the beneficiary pays the partner back."""
    partner_id: str
    """The partner's id."""
    partner_name: str
    """Its name."""
    siren: str | None
    """Its SIREN, if the budget gives it."""
    year: int | None
    """The year called, or None for the settlement's balance."""
    amount: Decimal
    """What is called (or refunded), above 0."""
    due: dt.date | None
    """When it is due, when the period has a start date."""
    owed: Decimal | None = None
    """For the settlement: what the partner owes on actual spending."""
    paid: Decimal | None = None
    """For the settlement: what it has paid."""


@dataclass(frozen=True, slots=True)
class Calls:
    """A register of calls for funds."""

    plan: Allocation
    """The voted plan."""
    year: int | None
    """The year called, or None for the settlement."""
    calls: tuple[Call, ...]
    """One per partner called (or refunded), in the order of the file."""
    final: bool = True
    """For the settlement: whether it is final (else provisional)."""

    @property
    def budget(self) -> Budget:
        """The voted budget."""
        return self.plan.budget

    @property
    def reference(self) -> str | None:
        """The convention's reference, if any."""
        return self.budget.convention.reference if self.budget.convention else None

    @property
    def total(self) -> Decimal:
        """Calls minus refunds."""
        return sum((c.amount if c.kind == "call" else -c.amount for c in self.calls), Decimal("0.00"))


def _call_id(budget: Budget, what: str, partner_id: str) -> str:
    convention = budget.convention.reference if budget.convention and budget.convention.reference else "APPEL"
    return f"{convention}-{what}-{partner_id}"


def year_calls(allocation: Allocation, year: int) -> Calls:
    """The calls of ``year`` (1-based) in the plan; ValueError if the period has no such year."""
    budget = allocation.budget
    if not 1 <= year <= len(allocation.years):
        raise ValueError(f"the period has {len(allocation.years)} year(s); there is no year {year}")
    slice_ = allocation.years[year - 1]
    due = slice_.start if budget.calls == "start" else slice_.end
    calls = []
    for partner, share in zip(budget.partners, allocation.partners, strict=True):
        amount = share.years[year - 1]
        if share.contributes and partner.takes_part_in(year) and amount > 0:
            call_id = _call_id(budget, f"A{year}", partner.id)
            calls.append(Call(call_id, "call", partner.id, partner.name, partner.siren, year, amount, due))
    return Calls(allocation, year, tuple(calls))


def balance_calls(settlement: Settlement, *, issued: dt.date | None = None) -> Calls:
    """The settlement's balances as calls (still due) and refunds (paid too much)."""
    budget = settlement.plan.budget
    calls = []
    for partner, balance in zip(budget.partners, settlement.partners, strict=True):
        if balance.balance == 0:
            continue
        kind: Kind = "call" if balance.balance > 0 else "refund"
        call_id = _call_id(budget, "SOLDE", partner.id)
        amount = abs(balance.balance)
        call = Call(call_id, kind, partner.id, partner.name, partner.siren, None, amount, issued)
        calls.append(replace(call, owed=balance.due, paid=balance.paid))
    return Calls(settlement.plan, None, tuple(calls), settlement.final)
