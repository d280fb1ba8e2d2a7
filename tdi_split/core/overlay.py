"""Scenario overlays: a base budget with some values changed (DESIGN "Scenarios").

An overlay names its ``base`` and lists changes: ``set`` (dotted paths, list items
addressed by their id), ``add_partners`` and ``remove_partners``. This module applies
them to the base's plain data, pure and without reading files (:mod:`tdi_split.files.budget`
does the reading), and says where each value of the result came from, so that a problem of
the result points at the overlay line that caused it, or at the base's own line.

A path is checked against the schema: ``partners.poher.max`` is valid even when the
base sets no ``max`` for Poher, but ``partners.poher.maxi`` or ``partners.pohr.max`` is
an error that names the closest valid key or id. Inside open mappings (``key``,
``criteria``, ``sources``, ``expect``) a new entry may be added.

A scenario does not inherit the base's ``expect``: those assertions are about the base's
figures, which the scenario changes on purpose. It may ``set`` expectations of its own.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal

from pydantic import Field

from .model import Budget, FrozenModel, Identifier, Text
from .money import InputError, describe, parse_quantity, round_half_up
from .problems import BudgetError, Path, Problem, shorten
from .shape import child, closest, kind_of, model_keys, unwrap

__all__ = [
    "Applied",
    "Change",
    "ChangeKind",
    "Overlay",
    "Relative",
    "apply_overlay",
    "overlay_json_schema",
    "resolve_path",
    "unknown_path",
]


class Overlay(FrozenModel):
    """A scenario file that changes a base budget."""

    schema_id: Literal["tdi-split/1"] = Field(alias="schema")
    """Always ``tdi-split/1``."""
    scenario: Text | None = None
    """Its name in tables (default: the file's name)."""
    description: Text | None = None
    """What the scenario asks, in a sentence."""
    base: Text
    """The base budget or overlay, relative to this file."""
    set: dict[str, Any] = Field(default_factory=dict)
    """Dotted path -> new value."""
    add_partners: tuple[dict[str, Any], ...] = ()
    """Full partner entries to add (checked as partners of the result)."""
    remove_partners: tuple[Identifier, ...] = ()
    """Ids of the base's partners to remove."""


ChangeKind = Literal["set", "with", "without"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference from a base budget: a value set, an item added (``with``) or removed."""

    kind: ChangeKind
    """``set`` a value; ``with`` an item added to a list; ``without`` an item removed."""
    path: str
    """The dotted path as written (``partners.poher.max``); for ``with``/``without`` the list's."""
    before: Any
    """The base's value (None if it had none); the removed item's id for ``without``."""
    after: Any
    """The new value; the added item's id for ``with``; None for ``without``."""
    origin: Path = ()
    """Where the change is written in the overlay (``()`` when found by comparing two files)."""


@dataclass(frozen=True, slots=True)
class Applied:
    """An overlay applied to its base's data."""

    data: dict[str, Any]
    """The resulting budget data."""
    changes: tuple[Change, ...]
    """What changed, in the overlay's order: removals, additions, then `set`."""
    set_paths: dict[Path, Path] = field(default_factory=dict)
    """Resolved path in the result -> the overlay's path of the `set` entry that wrote it."""
    partner_origins: tuple[tuple[Literal["base", "overlay"], int], ...] = ()
    """For each partner of the result: its index in the base, or in ``add_partners``."""


def apply_overlay(base: dict[str, Any], overlay: Overlay) -> Applied:
    """Apply ``overlay`` to ``base`` (left untouched); every path problem is reported at once."""
    data = copy.deepcopy(base)
    # `expect` asserts what one file gives; a scenario changes the figures on purpose, so
    # it starts without the base's expectations (it may `set` its own).
    data.pop("expect", None)
    problems: list[Problem] = []
    changes: list[Change] = []
    partners = data.get("partners")
    if not isinstance(partners, list):
        partners = []
    origins: list[tuple[Literal["base", "overlay"], int]] = [("base", i) for i in range(len(partners))]

    ids = [p.get("id") if isinstance(p, dict) else None for p in partners]
    removed: set[int] = set()
    for number, partner_id in enumerate(overlay.remove_partners):
        if partner_id not in ids:
            problems.append(_unknown_id(partner_id, ids, ("remove_partners", number), "partner"))
            continue
        removed.add(ids.index(partner_id))
        changes.append(Change("without", "partners", partner_id, None, ("remove_partners", number)))
    kept = [(p, o) for i, (p, o) in enumerate(zip(partners, origins, strict=True)) if i not in removed]
    partners = [p for p, _ in kept]
    origins = [o for _, o in kept]
    for number, entry in enumerate(overlay.add_partners):
        partners.append(copy.deepcopy(entry))
        origins.append(("overlay", number))
        added = entry.get("id") if isinstance(entry, dict) else None
        changes.append(Change("with", "partners", None, added, ("add_partners", number)))
    if overlay.remove_partners or overlay.add_partners:
        data["partners"] = partners

    set_paths: dict[Path, Path] = {}
    for dotted, written in overlay.set.items():
        try:
            path = resolve_path(data, dotted)
        except ValueError as error:
            problems.append(unknown_path(dotted, error))
            continue
        value = written
        if isinstance(written, Relative):
            try:
                value = written.applied_to(_get_path(data, path))
            except ValueError as error:
                problems.append(Problem("TDI406", f"{dotted} {written}: {error}", ("set", dotted), on_key=True))
                continue
        before = _assign(data, path, copy.deepcopy(value))
        set_paths[path] = ("set", dotted)
        changes.append(Change("set", dotted, before, value, ("set", dotted)))
    if problems:
        raise BudgetError(problems)
    _one_cost_form(data, set_paths)
    return Applied(data, tuple(changes), set_paths, tuple(origins))


_COST_FORMS: Final = (("by_year",), ("annual", "lines"))
"""The two ways of giving the cost (DESIGN 6.1): setting one replaces the other."""


def _one_cost_form(data: dict[str, Any], set_paths: dict[Path, Path]) -> None:
    """A scenario that sets ``cost.by_year`` drops the base's ``annual`` and ``lines``, and one that
    sets ``cost.annual`` or ``cost.lines`` drops its ``by_year``: it changes how the cost is given."""
    cost = data.get("cost")
    if not isinstance(cost, dict):
        return
    for given, other in (_COST_FORMS, _COST_FORMS[::-1]):
        if any(("cost", key) in set_paths for key in given):
            for key in other:
                if ("cost", key) not in set_paths:
                    cost.pop(key, None)


_RELATIVE: Final = re.compile(r"(?P<sign>[-+])\s*(?P<number>[0-9]{1,15}(?:[.,][0-9]{1,10})?)\s*(?P<percent>%?)")
"""A signed number, maybe a percentage: a change relative to the base's value."""


@dataclass(frozen=True, slots=True)
class Relative:
    """A change relative to the base's value: ``+10%`` (times 1.10), ``-5000`` (minus 5,000)."""

    amount: Decimal
    """What is added, or the percentage."""
    percent: bool
    """Whether ``amount`` is a percentage of the base's value."""

    def __str__(self) -> str:
        sign = "+" if self.amount >= 0 else "-"
        return f"{sign}{abs(self.amount)}{'%' if self.percent else ''}"

    @classmethod
    def parse(cls, text: str) -> Relative | None:
        """``+10%``, ``-5000``, ``+2,5 %``: the change a signed number writes (None for another text)."""
        found = _RELATIVE.fullmatch(text.strip())
        if found is None:
            return None
        number = Decimal(found["number"].replace(",", "."))
        return cls(number if found["sign"] == "+" else -number, bool(found["percent"]))

    def applied_to(self, before: Any) -> str | int:
        """The new value: a whole number where the base has one and the result is whole
        (``period.months: 33`` and ``+3``: 36, which ``36.00`` was not for a count of months),
        else the text of an amount (two decimals); ValueError if the base has no number there."""
        if before is None:
            raise ValueError("the base gives no value to change")
        try:
            value = parse_quantity(before)
        except InputError:
            raise ValueError(f"the base's value {describe(before)} is not a number") from None
        if self.percent:
            exact = Fraction(value) * (100 + Fraction(self.amount)) / 100
        else:
            exact = Fraction(value) + Fraction(self.amount)
        if exact < 0:
            raise ValueError(f"the result would be negative ({_decimal_text(exact)})")
        if isinstance(before, int) and not isinstance(before, bool) and exact.denominator == 1:
            return int(exact)  # a count stays one: months, a population (+10% of one may not be whole)
        return _decimal_text(exact)


def _decimal_text(value: Fraction) -> str:
    """``value`` with two decimals, half-up, as an amount is written."""
    cents = round_half_up(value * 100)
    sign, cents = ("-" if cents < 0 else ""), abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _get_path(data: Any, path: Path) -> Any:
    node = data
    for part in path:
        node = _get(node, part)
    return node


def unknown_path(dotted: str, error: ValueError) -> Problem:
    """TDI401: a `set` path (or `--set`, `--sweep`) that names no key or id; ``error`` says why."""
    return Problem("TDI401", shorten(str(error), 300), ("set", dotted), on_key=True)


def resolve_path(data: dict[str, Any], dotted: str) -> Path:
    """``subsidies.etat.cap`` -> ``("subsidies", 0, "cap")`` in ``data``; ValueError if invalid.

    Each segment is checked against the schema (a model's keys), or against the ids of a
    list's items; open mappings accept new keys.
    """
    if not dotted or any(not part for part in dotted.split(".")):
        raise ValueError(f"{dotted!r} is no path: write keys joined by dots, such as cost.annual")
    node: Any = data
    annotation: Any = Budget
    path: list[str | int] = []
    for segment in dotted.split("."):
        kind = kind_of(annotation)
        here = ".".join(_dotted(data, path)) or "the budget"
        if kind == "model":
            keys = model_keys(unwrap(annotation))
            if segment not in keys:
                hint = closest(segment, keys)
                suggestion = (
                    f"; did you mean {'.'.join([*_dotted(data, path), hint])!r}?"
                    if hint
                    else f" (keys: {', '.join(keys)})"
                )
                raise ValueError(f"unknown path {dotted!r}: {here} has no key {segment!r}{suggestion}")
            path.append(segment)
        elif kind == "list":
            items = node if isinstance(node, list) else []
            ids = [item.get("id") if isinstance(item, dict) else None for item in items]
            if segment not in ids:
                known = [i for i in ids if isinstance(i, str)]
                hint = closest(segment, known)
                suggestion = f"; did you mean {hint!r}?" if hint else f" (ids: {', '.join(known) or 'none'})"
                raise ValueError(f"unknown path {dotted!r}: no item with id {segment!r} in {here}{suggestion}")
            path.append(ids.index(segment))
        elif kind == "mapping":
            path.append(segment)
        else:
            raise ValueError(f"unknown path {dotted!r}: {here} is a value, it has no {segment!r}")
        annotation = child(annotation, segment if kind != "list" else 0)
        node = _get(node, path[-1])
    return tuple(path)


def _dotted(data: dict[str, Any], path: list[str | int]) -> list[str]:
    """A resolved path back in dotted form, list indexes as the items' ids."""
    out: list[str] = []
    node: Any = data
    for part in path:
        node = _get(node, part)
        out.append(str(node.get("id")) if isinstance(part, int) and isinstance(node, dict) else str(part))
    return out


def _get(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and part < len(node) else None
    return node.get(part) if isinstance(node, dict) else None


def _assign(data: dict[str, Any], path: Path, value: Any) -> Any:
    """Set ``value`` at ``path``, making missing mappings on the way; return the old value."""
    node: Any = data
    for part in path[:-1]:
        nxt = _get(node, part)
        if not isinstance(nxt, (dict, list)):
            nxt = {}
            node[part] = nxt
        node = nxt
    last = path[-1]
    before = _get(node, last)
    node[last] = value
    return before


def _unknown_id(partner_id: str, ids: list[Any], where: Path, what: str) -> Problem:
    known = [i for i in ids if isinstance(i, str)]
    hint = closest(partner_id, known)
    suggestion = f"; did you mean {hint!r}?" if hint else ""
    return Problem("TDI402", f"no {what} {partner_id!r} in the base{suggestion}", where)


def overlay_json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario overlay file, for editors."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Overlay.model_json_schema(by_alias=True),
        "title": "tdi-split scenario overlay (schema tdi-split/1)",
    }
