"""Scenarios side by side: the same partners' shares under several budgets (pure).

The rows are every partner of any scenario, in the order they first appear (the base's
order first); a partner absent from a scenario is ``None`` there, never 0. Differences
are taken on what a partner pays in all, against the base (the first scenario).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from .engine import Allocation, PartnerShare
from .scenario import Change

__all__ = [
    "MAX_SWEEP_POINTS",
    "Comparison",
    "PartnerRow",
    "Scenario",
    "compare",
    "describe_changes",
    "diff_data",
    "parse_sweep",
    "plain",
]

MAX_SWEEP_POINTS = 10_000
"""Most values a sweep may compute."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One column group of a comparison."""

    name: str
    """Its name in tables."""
    source: str
    """Where it comes from: a file, or the command line's overrides."""
    changes: tuple[str, ...]
    """What it changes from the base, one line each."""
    allocation: Allocation
    """Its result."""


@dataclass(frozen=True, slots=True)
class PartnerRow:
    """One partner across the scenarios."""

    id: str
    """The partner's id."""
    name: str
    """Its name (as in the first scenario that has it)."""
    shares: tuple[PartnerShare | None, ...]
    """Its share in each scenario, None where it is absent."""

    def delta(self, index: int) -> Decimal | None:
        """What it pays in all in scenario ``index`` minus in the base (None if absent in either)."""
        base, other = self.shares[0], self.shares[index]
        return None if base is None or other is None else other.total - base.total

    def ratio(self, index: int) -> Fraction | None:
        """:meth:`delta` as a fraction of the base's total (None if undefined)."""
        delta, base = self.delta(index), self.shares[0]
        return None if delta is None or base is None or base.total == 0 else Fraction(delta) / Fraction(base.total)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Scenarios and partner rows, the base first."""

    scenarios: tuple[Scenario, ...]
    """The base, then the scenarios in the order given."""
    partners: tuple[PartnerRow, ...]
    """Every partner of any scenario."""


def compare(scenarios: Sequence[Scenario]) -> Comparison:
    """Line up the partners of ``scenarios`` (the first is the base)."""
    order: dict[str, str] = {}
    for scenario in scenarios:
        for share in scenario.allocation.partners:
            order.setdefault(share.id, share.name)
    lookup = [{share.id: share for share in s.allocation.partners} for s in scenarios]
    rows = tuple(
        PartnerRow(partner_id, name, tuple(shares.get(partner_id) for shares in lookup))
        for partner_id, name in order.items()
    )
    return Comparison(tuple(scenarios), rows)


def plain(value: Any) -> str:
    """A value as a person reads it in a summary: ``none``, ``{a: 1}``, ``true``."""
    if value is None:
        return "none"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {plain(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(plain(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def describe_changes(changes: Sequence[Change]) -> tuple[str, ...]:
    """An overlay's changes in words: ``cost.annual: 103800.00 -> 114180.00``, ``without morlaix``."""
    lines = []
    for change in changes:
        if change.path == "partners" and change.after is None:
            lines.append(f"without {change.before}")
        elif change.path == "partners" and change.before is None:
            lines.append(f"with {change.after}")
        else:
            lines.append(f"{change.path}: {plain(change.before)} -> {plain(change.after)}")
    return tuple(lines)


def diff_data(before: Any, after: Any, path: str = "", limit: int = 12) -> tuple[str, ...]:
    """The values that differ between two budgets' data, list items matched by id."""
    found: list[str] = []
    _diff(before, after, path, found)
    if len(found) > limit:
        found = [*found[:limit], f"and {len(found) - limit} more changes"]
    return tuple(found)


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _diff(before: Any, after: Any, path: str, found: list[str]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            _diff(before.get(key), after.get(key), _join(path, key), found)
    elif isinstance(before, list) and isinstance(after, list) and _by_id(before) and _by_id(after):
        old, new = _by_id(before), _by_id(after)
        for item_id in [*old, *(i for i in new if i not in old)]:
            if item_id not in new:
                found.append(f"without {item_id}" if path == "partners" else f"{path}: without {item_id}")
            elif item_id not in old:
                found.append(f"with {item_id}" if path == "partners" else f"{path}: with {item_id}")
            else:
                _diff(old[item_id], new[item_id], _join(path, item_id), found)
    elif before != after:
        found.append(f"{path}: {plain(before)} -> {plain(after)}")


def _by_id(items: list[Any]) -> dict[str, Any]:
    if not all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in items):
        return {}
    return {item["id"]: item for item in items}


def parse_sweep(text: str) -> tuple[str, list[Decimal]]:
    """``cost.annual=90000:120000:5000`` -> the path and the values, STOP included when reached.

    Raises ValueError with a message for a person.
    """
    path, sep, spec = text.partition("=")
    parts = spec.split(":")
    if not sep or not path or len(parts) != len(("START", "STOP", "STEP")):
        raise ValueError(f"expected PATH=START:STOP:STEP (e.g. cost.annual=90000:120000:5000), got {text!r}")
    try:
        start, stop, step = (Decimal(p.strip().replace(",", ".")) for p in parts)
    except InvalidOperation:
        raise ValueError(f"START, STOP and STEP are numbers, got {spec!r}") from None
    if not all(v.is_finite() for v in (start, stop, step)) or step <= 0 or stop < start:
        raise ValueError(f"expected START <= STOP and STEP > 0, got {spec!r}")
    count = int((stop - start) / step) + 1
    if count > MAX_SWEEP_POINTS:
        raise ValueError(f"{count} values: a sweep computes at most {MAX_SWEEP_POINTS}")
    return path, [start + step * i for i in range(count)]
