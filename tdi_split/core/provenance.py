"""Official figures in a budget: filling a criterion from a vintage, and checking it (issue 13).

A criterion's ``sources`` entry may name an official data set tdi-split ships::

    sources:
      population:
        source: INSEE, population municipale légale, millésime 2022 (en vigueur au 1er janvier 2025), via ...
        dataset: insee-populations-legales   # the data set (the one shipped)
        year: 2022                           # its vintage: the INSEE millésime
        kind: municipale                     # which population: municipale or totale

Then each partner with a ``siren`` has an official figure for that criterion, which
`tdi-split criteria` writes (:func:`fill`) and `tdi-split check` compares
(:func:`provenance_problems`). The codes, all raised here:

- TDI307 (warning): a figure that is not the official one, at the figure, naming the official
  value (and the vintage or population it is, when it is another);
- TDI308 (warning): the figures of one criterion come from another vintage than the one its
  ``sources`` names, or from several (a half-done refresh); the key's criteria from different
  years are TDI303's;
- TDI309: a SIREN that the vintage does not hold as an EPCI (dissolved, merged, mistyped, a
  commune's), with the closest EPCIs: an error for `criteria`, a warning for `check`;
- TDI310 (warning): ``sources`` naming a vintage this version does not ship: nothing is checked.

Partners without a ``siren`` are neither filled nor checked. Pure: the vintages come in as
:class:`Official` objects (``files/official.py`` makes them from the shipped data), problems
go out as data, located by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .model import OFFICIAL_DATASET, Budget
from .problems import BudgetError, Problem, Severity, quote

if TYPE_CHECKING:
    from .engine import Allocation

__all__ = [
    "Change",
    "Filling",
    "Kind",
    "Official",
    "Refresh",
    "Shelf",
    "Unknown",
    "fill",
    "official_source",
    "provenance_problems",
    "unknown_siren",
]

Kind = Literal["municipale", "totale"]
"""Which population: municipale (usual residents), or totale (municipale plus counted apart)."""


@dataclass(frozen=True, slots=True)
class Unknown:
    """What is known of a SIREN that a vintage does not hold as an EPCI, for a helpful message."""

    former: tuple[int, str] | None = None
    """The newest other vintage that holds it as an EPCI, and its name there."""
    commune: tuple[str, str] | None = None
    """When it is a commune's SIREN: the commune's name and INSEE code."""
    commune_epci: tuple[str, str] | None = None
    """That commune's EPCI in the vintage asked: its name and SIREN."""
    closest: tuple[tuple[str, str], ...] = ()
    """The EPCIs of the vintage closest to the SIREN or to the partner's name: (name, SIREN), best first."""


class Official(Protocol):
    """One vintage of the official data, as filling and checking read it."""

    @property
    def year(self) -> int:
        """The INSEE reference year (millésime)."""
        ...

    @property
    def in_force(self) -> int:
        """The year from whose 1 January these are the legal populations."""
        ...

    def describe(self, kind: Kind) -> str:
        """The ``source`` text of a ``sources`` entry for this vintage and population."""
        ...

    def figure(self, siren: str, kind: Kind) -> int | None:
        """The population of the EPCI of this SIREN, or None if the vintage holds none."""
        ...

    def name(self, siren: str) -> str | None:
        """The name of the EPCI of this SIREN, or None."""
        ...

    def unknown(self, siren: str, partner_name: str) -> Unknown:
        """What can be said of a SIREN this vintage does not hold (``partner_name`` helps find the closest)."""
        ...


class Shelf(Protocol):
    """The vintages shipped."""

    @property
    def years(self) -> tuple[int, ...]:
        """Their years, oldest first."""
        ...

    def vintage(self, year: int) -> Official | None:
        """The vintage of that year, or None if it is not shipped."""
        ...


def official_source(vintage: Official, kind: Kind) -> dict[str, Any]:
    """The ``sources`` entry of figures taken from ``vintage``: source text, dataset, year, kind."""
    return {"source": vintage.describe(kind), "dataset": OFFICIAL_DATASET, "year": vintage.year, "kind": kind}


def _vintage_name(year: int) -> str:
    return f"INSEE millésime {year}"


def unknown_siren(index: int, siren: str, year: int, unknown: Unknown, *, severity: Severity) -> Problem:
    """TDI309: partner ``index``'s SIREN is no EPCI of vintage ``year``, said with what is known of it."""
    if unknown.commune is not None:
        name, code = unknown.commune
        message = f"SIREN {siren} is the commune of {name} (INSEE {code}), not an EPCI"
        if unknown.commune_epci is not None:
            message += f"; its EPCI in {_vintage_name(year)} is {unknown.commune_epci[0]} ({unknown.commune_epci[1]})"
    elif unknown.former is not None:
        former_year, name = unknown.former
        message = (
            f"SIREN {siren} is {name} in {_vintage_name(former_year)} but no EPCI of {_vintage_name(year)} "
            f"(created, merged or dissolved {'since' if former_year < year else 'later'})"
        )
    else:
        message = f"no EPCI of {_vintage_name(year)} has SIREN {siren}"
    if unknown.closest:
        message += "; closest: " + ", ".join(f"{name} ({code})" for name, code in unknown.closest)
    return Problem("TDI309", message, ("partners", index, "siren"), severity=severity)


@dataclass(frozen=True, slots=True)
class Change:
    """One partner's figure, before and after a fill."""

    index: int
    """The partner's place in ``partners``."""
    partner_id: str
    """Its id."""
    old: Decimal | None
    """Its figure before (None: it had none)."""
    new: int
    """The official figure."""


@dataclass(frozen=True, slots=True)
class Filling:
    """What `tdi-split criteria` writes: a criterion's figures for every partner with a SIREN."""

    criterion: str
    """The criterion filled (``population``)."""
    year: int
    """The vintage."""
    in_force: int
    """The year its figures are the legal populations from."""
    kind: Kind
    """The population taken."""
    changes: tuple[Change, ...]
    """Every partner with a SIREN, in file order, changed or not."""
    without_siren: tuple[str, ...]
    """The ids of the partners left alone (no SIREN)."""
    source: dict[str, Any]
    """The ``sources`` entry written."""
    replaces: str | None
    """What the fill would replace that is not official (``figures from 'typed by hand'``, then
    only ``--force`` writes); None when there is nothing of the kind."""
    unchanged: bool
    """Whether the file already says all this (nothing to write)."""
    not_epci: tuple[str, ...] = ()
    """The ids of the partners left alone because their SIREN is no EPCI of the vintage and
    they take no part in the key (a Région paying a fixed amount)."""


def fill(budget: Budget, criterion: str, vintage: Official, kind: Kind) -> Filling:
    """The figures of ``criterion`` from ``vintage`` for every partner of ``budget`` with a SIREN.

    A partner outside the key (a fixed amount, or none) whose SIREN is no EPCI of the vintage (a
    Région, a Département, a chamber of commerce) is left alone: it needs no figure. Raises
    BudgetError with a TDI309 problem for every other SIREN the vintage does not hold.
    """
    problems = [
        unknown_siren(i, p.siren, vintage.year, vintage.unknown(p.siren, p.name), severity="error")
        for i, p in enumerate(budget.partners)
        if p.siren is not None and p.keyed and vintage.figure(p.siren, kind) is None
    ]
    if problems:
        raise BudgetError(problems)
    changes = []
    not_epci = []
    for index, partner in enumerate(budget.partners):
        if partner.siren is not None:
            figure = vintage.figure(partner.siren, kind)
            if figure is None:  # outside the key (checked above)
                not_epci.append(partner.id)
                continue
            changes.append(Change(index, partner.id, partner.criteria.get(criterion), figure))
    source = official_source(vintage, kind)
    current = budget.sources.get(criterion)
    has_figures = any(criterion in p.criteria for p in budget.partners)
    replaces = None
    if has_figures and (current is None or current.dataset != OFFICIAL_DATASET):
        replaces = (
            f"figures from {quote(current.source, 100)}" if current is not None else "figures of no stated source"
        )
    written = current.model_dump(exclude_none=True) if current is not None else None
    unchanged = written == source and all(c.old == c.new for c in changes)
    without = tuple(p.id for p in budget.partners if p.siren is None)
    return Filling(
        criterion,
        vintage.year,
        vintage.in_force,
        kind,
        tuple(changes),
        without,
        source,
        replaces,
        unchanged,
        tuple(not_epci),
    )


@dataclass(frozen=True, slots=True)
class Refresh:
    """What `tdi-split criteria` did to a budget file, for the command line to show."""

    filling: Filling
    """The figures and the ``sources`` entry."""
    diff: str
    """The unified diff of the file (empty when nothing changes)."""
    written: bool
    """Whether the file was written (not with ``--dry-run``, nor when nothing changes)."""
    before: Allocation | None
    """The shares before (None when the budget did not compute)."""
    after: Allocation | None
    """The shares after (None with ``--dry-run``, or when the edited budget does not compute)."""
    problems: tuple[Problem, ...] = ()
    """Why the edited budget does not compute, located (it is written all the same: its figures are right)."""
    before_problems: tuple[Problem, ...] = ()
    """Why the budget did not compute before the edit, located."""
    broken: tuple[Problem, ...] = ()
    """The file's ``expect`` entries (TDI301) that held before the edit and no longer hold, located:
    writing needs ``--force``, and then they are warnings to act on."""
    needs_force: tuple[str, ...] = ()
    """Why writing the change needs ``--force`` (figures of another provenance, broken ``expect``)."""
    layout_kept: bool = True
    """Whether the lines other than the figures' and the ``sources`` entry's kept their layout
    (False: the editor laid out a flow collection written over several lines its own way)."""


def _figure(value: Decimal | int) -> str:
    return format(Decimal(value).normalize(), "f") if isinstance(value, Decimal) else str(value)


def provenance_problems(budget: Budget, shelf: Shelf) -> list[Problem]:
    """TDI307-TDI310: every criterion whose ``sources`` names the official data set, compared with it."""
    problems: list[Problem] = []
    for criterion, source in budget.sources.items():
        if source.dataset != OFFICIAL_DATASET or source.year is None or source.kind is None:
            continue
        kind: Kind = source.kind
        vintage = shelf.vintage(source.year)
        if vintage is None:
            shipped = f"{shelf.years[0]} to {shelf.years[-1]}" if shelf.years else "none"
            problems.append(
                Problem(
                    "TDI310",
                    f"{_vintage_name(source.year)} is not shipped with this version of tdi-split (vintages "
                    f"{shipped}): the figures of {quote(criterion)} cannot be checked",
                    ("sources", criterion, "year"),
                    severity="warning",
                )
            )
            continue
        problems += _compare(budget, criterion, kind, vintage, shelf)
    return problems


def _compare(budget: Budget, criterion: str, kind: Kind, vintage: Official, shelf: Shelf) -> list[Problem]:
    """TDI307 for each figure that is not ``vintage``'s, TDI309 for each SIREN it lacks, TDI308 when
    the figures that differ are those of other vintages."""
    problems: list[Problem] = []
    matches: dict[str, list[int]] = {}  # partner id -> the vintages its figure is of
    for index, partner in enumerate(budget.partners):
        figure = partner.criteria.get(criterion)
        if partner.siren is None or figure is None:
            continue
        official = vintage.figure(partner.siren, kind)
        if official is None:
            problems.append(
                unknown_siren(
                    index,
                    partner.siren,
                    vintage.year,
                    vintage.unknown(partner.siren, partner.name),
                    severity="warning",
                )
            )
            continue
        if figure == official:
            matches[partner.id] = [vintage.year]
            continue
        message = (
            f"{_figure(figure)} is not the official figure: {_vintage_name(vintage.year)} gives {official} "
            f"(population {kind} of {vintage.name(partner.siren)}, SIREN {partner.siren})"
        )
        others = _matching_vintages(shelf, vintage, partner.siren, kind, figure)
        if others:
            matches[partner.id] = others
            message += f"; {_figure(figure)} is its figure of {_vintage_name(others[0])}"
            if len(others) > 1:
                message += f" (and of {', '.join(map(str, others[1:]))})"
        else:
            other: Kind = "totale" if kind == "municipale" else "municipale"
            years = _matching_vintages(shelf, None, partner.siren, other, figure)
            if vintage.year in years:
                message += f"; {_figure(figure)} is its population {other}"
            elif years:
                message += f"; {_figure(figure)} is its population {other} of {_vintage_name(years[0])}"
        problems.append(Problem("TDI307", message, ("partners", index, "criteria", criterion), severity="warning"))
    origins = _origins(matches)
    others = sorted(year for year in origins if year != vintage.year)
    if others:
        listed = "; ".join(
            f"{_vintage_name(year)} for {_partners(origins[year])}" for year in sorted(origins, reverse=True)
        )
        what = "mix vintages" if len(origins) > 1 else f"are not those of {_vintage_name(vintage.year)}"
        problems.append(
            Problem(
                "TDI308",
                f"the figures of {quote(criterion)} {what}: {listed} (`tdi-split criteria {criterion} FILE "
                f"--vintage {vintage.year} --kind {kind}` refreshes them)",
                ("sources", criterion, "year"),
                severity="warning",
            )
        )
    return problems


def _origins(matches: dict[str, list[int]]) -> dict[int, list[str]]:
    """The fewest vintages that explain every figure (a figure may be that of several, when a
    population did not change), each with its partners, in file order: the vintage that explains
    the most figures first, the newest on a tie."""
    left = dict(matches)
    origins: dict[int, list[str]] = {}
    while left:
        years = {year for found in left.values() for year in found}
        best = max(years, key=lambda year: (sum(year in found for found in left.values()), year))
        origins[best] = [partner for partner, found in left.items() if best in found]
        left = {partner: found for partner, found in left.items() if best not in found}
    return origins


def _partners(ids: Sequence[str], shown: int = 5) -> str:
    if len(ids) > shown:
        return f"{len(ids)} partners ({', '.join(ids[:shown])}...)"
    return ", ".join(ids)


def _matching_vintages(shelf: Shelf, named: Official | None, siren: str, kind: Kind, figure: Decimal) -> list[int]:
    """The vintages (but ``named``) whose figure for ``siren`` is ``figure``, newest first."""
    found = []
    for year in reversed(shelf.years):
        other = shelf.vintage(year) if named is None or year != named.year else None
        if other is not None and other.figure(siren, kind) == figure:
            found.append(year)
    return found
