"""The shipped INSEE vintages (:mod:`.vintages`) as the provenance rules of the core read them.

:class:`InseeVintage` answers :class:`~tdi_split.core.provenance.Official`: a figure by SIREN
and population, the ``source`` text of a ``sources`` entry, and, for a SIREN the vintage does
not hold, what can be said of it (the EPCI it is in another vintage, the commune it belongs
to, the closest EPCIs by SIREN and by the partner's name). :func:`shelf` gives every vintage
shipped, each read on first use.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from ..core.provenance import Kind, Unknown
from . import vintages
from .vintages import Commune, Vintage

__all__ = ["InseeShelf", "InseeVintage", "shelf"]

CLOSEST = 3
"""How many EPCIs a message about an unknown SIREN suggests."""


class InseeVintage:
    """One shipped vintage of the INSEE legal populations of EPCIs."""

    def __init__(self, vintage: Vintage) -> None:
        self.vintage = vintage
        """The figures as shipped."""

    @property
    def year(self) -> int:
        """The INSEE reference year (millésime)."""
        return self.vintage.year

    @property
    def in_force(self) -> int:
        """The year from whose 1 January these are the legal populations."""
        return self.vintage.in_force

    def describe(self, kind: Kind) -> str:
        """``INSEE, population municipale légale, millésime 2022 (en vigueur au 1er janvier 2025), via
        @etalab/decoupage-administratif 5.3.0``: the ``source`` text of a ``sources`` entry."""
        v = self.vintage
        return (
            f"INSEE, population {kind} légale, millésime {v.year} (en vigueur au 1er janvier {v.in_force}), "
            f"via {v.package} {v.version}"
        )

    def figure(self, siren: str, kind: Kind) -> int | None:
        """The population of the EPCI of this SIREN, or None if the vintage holds none."""
        epci = vintages.find_by_siren(self.vintage, siren)
        if epci is None:
            return None
        return epci.municipal if kind == "municipale" else epci.total

    def name(self, siren: str) -> str | None:
        """The name of the EPCI of this SIREN, or None."""
        epci = vintages.find_by_siren(self.vintage, siren)
        return epci.name if epci is not None else None

    def unknown(self, siren: str, partner_name: str) -> Unknown:
        """What can be said of a SIREN this vintage does not hold as an EPCI."""
        former = None
        for year in sorted(vintages.years(), key=lambda y: (abs(y - self.year), -y)):  # the nearest first
            other = vintages.load(year).epcis.get(siren)
            if other is not None and year != self.year:
                former = (year, other.name)
                break
        commune = _communes_by_siren(self.year).get(siren)
        commune_epci = None
        if commune is not None:
            epci = self.vintage.epcis.get(commune.epci_siren)
            commune_epci = (epci.name, epci.siren) if epci is not None else None
        # the likely successor (by the name it had), the partner's own name, then typing slips
        found = vintages.closest(self.vintage, former[1], 1) if former is not None else []
        found += vintages.closest(self.vintage, partner_name, 2)
        found += vintages.closest(self.vintage, siren, CLOSEST)
        if commune_epci is not None:
            found = [e for e in found if e.siren != commune_epci[1]]
        closest = tuple(dict.fromkeys((e.name, e.siren) for e in found))[:CLOSEST]
        return Unknown(
            former=former,
            commune=(commune.name, commune.code) if commune is not None else None,
            commune_epci=commune_epci,
            closest=closest,
        )


@functools.cache
def _communes_by_siren(year: int) -> Mapping[str, Commune]:
    """The member communes of vintage ``year`` by SIREN, or, when it ships none, of the nearest
    vintage that does (the newer on a tie); read on first use. A commune merged since, or the
    EPCI it has joined since, is told as the vintage asked knows it."""
    shipping = [y for y in vintages.years() if vintages.load(y).has_communes]
    if not shipping:
        return {}
    nearest = min(shipping, key=lambda y: (abs(y - year), -y))
    return {commune.siren: commune for commune in vintages.load(nearest).communes().values()}


class InseeShelf:
    """Every vintage shipped, each read on first use."""

    @property
    def years(self) -> tuple[int, ...]:
        """Their years, oldest first."""
        return tuple(vintages.years())

    def vintage(self, year: int) -> InseeVintage | None:
        """The vintage of that year, or None if it is not shipped."""
        return _vintage(year) if year in vintages.years() else None


@functools.cache
def _vintage(year: int) -> InseeVintage:
    return InseeVintage(vintages.load(year))


def shelf() -> InseeShelf:
    """The shipped vintages."""
    return InseeShelf()
