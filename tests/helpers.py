"""Helpers for the tests: small budgets built in code, and the reference file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from click.testing import Result

from tdi_split.core.engine import Allocation, compute
from tdi_split.core.model import Budget

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "config" / "partners.yaml"


def budget_data(**changes: Any) -> dict[str, Any]:
    """A small valid budget as plain data: 12,000.00 a year for 12 months, two equal partners."""
    data: dict[str, Any] = {
        "schema": "tdi-split/1",
        "title": "Test post",
        "period": {"months": 12},
        "cost": {"annual": "12000.00"},
        "partners": [
            {"id": "a", "name": "A", "criteria": {"population": 1}},
            {"id": "b", "name": "B", "criteria": {"population": 1}},
        ],
        "key": {"population": 1},
    }
    data.update(changes)
    return data


def make_budget(**changes: Any) -> Budget:
    """:func:`budget_data` validated."""
    return Budget.model_validate(budget_data(**changes))


def allocate(**changes: Any) -> Allocation:
    """:func:`budget_data` computed."""
    return compute(make_budget(**changes))


def amounts(allocation: Allocation) -> dict[str, list[str]]:
    """Each partner's yearly amounts as strings, by id."""
    return {share.id: [str(a) for a in share.years] for share in allocation.partners}


class Invoke(Protocol):
    """The `invoke` fixture: run tdi-split's command line in-process (click's CliRunner)."""

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result: ...
