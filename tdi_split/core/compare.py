"""Scenarios side by side: the same partners' shares under several budgets (pure).

The rows are every partner of any scenario, in the order they first appear (the base's
order first); a partner absent from a scenario is ``None`` there, never 0. Differences
are taken on what a partner pays in all, against the base (the first scenario).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .engine import Allocation, PartnerShare
from .money import ZERO
from .overlay import Change

__all__ = ["Comparison", "PartnerRow", "Revised", "Revision", "Scenario", "compare", "diff_data", "plain"]


@dataclass(frozen=True, slots=True)
class Scenario:
    """One column group of a comparison."""

    name: str
    """Its name in tables."""
    source: str
    """Where it comes from: a file, or the command line's overrides."""
    changes: tuple[Change, ...]
    """What it changes from the base."""
    allocation: Allocation
    """Its result."""
    complete: bool = False
    """Whether it is a complete budget file (its changes found by comparing it with the base)
    rather than an overlay or overrides (its changes as written)."""


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
        """What it pays in all in scenario ``index`` minus in the base; a partner absent from one
        pays nothing there (so the partners' differences add up to the net cost's); None if absent
        from both."""
        base, other = self.shares[0], self.shares[index]
        if base is None and other is None:
            return None
        return (ZERO if other is None else other.total) - (ZERO if base is None else base.total)

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
    """A value as written in YAML flow style: ``none``, ``{a: 1}``, ``true`` (names of `--set` scenarios)."""
    if value is None:
        return "none"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {plain(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(plain(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def diff_data(before: Any, after: Any, path: str = "") -> tuple[Change, ...]:
    """The values that differ between two budgets' data, list items matched by id."""
    found: list[Change] = []
    _diff(before, after, path, found)
    return tuple(found)


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _diff(before: Any, after: Any, path: str, found: list[Change]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            _diff(before.get(key), after.get(key), _join(path, key), found)
    elif isinstance(before, list) and isinstance(after, list) and _by_id(before) and _by_id(after):
        old, new = _by_id(before), _by_id(after)
        for item_id in [*old, *(i for i in new if i not in old)]:
            if item_id not in new:
                found.append(Change("without", path, item_id, None))
            elif item_id not in old:
                found.append(Change("with", path, None, item_id))
            else:
                _diff(old[item_id], new[item_id], _join(path, item_id), found)
    elif before != after:
        found.append(Change("set", path, before, after))


def _by_id(items: list[Any]) -> dict[str, Any]:
    if not all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in items):
        return {}
    return {item["id"]: item for item in items}


@dataclass(frozen=True, slots=True)
class Revised:
    """One budget file compared with its version at a git revision (`compare --git`)."""

    path: str
    """The file, relative to the repository."""
    comparison: Comparison | None
    """The version at the revision (the base) and the file as it is now; None when either fails."""
    problem: str | None = None
    """Why there is no comparison: a new file, or a version that does not compute."""

    @property
    def changed(self) -> list[PartnerRow]:
        """The partners whose total changes (or who appear or leave)."""
        if self.comparison is None:
            return []
        return [row for row in self.comparison.partners if row.delta(1) != 0]


@dataclass(frozen=True, slots=True)
class Revision:
    """Budget files compared with their versions at a git revision."""

    rev: str
    """The revision, as given (``origin/main``, a commit)."""
    files: tuple[Revised, ...]
    """One per file, in the order given."""
