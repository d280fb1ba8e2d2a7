"""The INSEE legal populations shipped with tdi-split, one vintage per INSEE reference year.

A vintage is named by its *millésime*: the figures are the populations of 1 January of that
year, and the legal populations in force three years later (`Vintage.in_force`). Each gives,
for every EPCI à fiscalité propre of the DGCL's list of the year in force, its SIREN, name, municipal
and total population; the newest vintages also give the member communes. The files, in
``tdi_split/data/insee/``, are built by ``scripts/build_vintages.py`` from the npm package
``@etalab/decoupage-administratif`` (data: Licence Ouverte 2.0, INSEE and DGCL); its
``vintages.json`` says where each comes from and how its year was established.

Loading reads the package's data only (no network), once per year; the communes, ten times
larger, only when asked.
"""

from __future__ import annotations

import csv
import difflib
import functools
import gzip
import io
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

__all__ = ["Commune", "Epci", "Vintage", "closest", "find_by_siren", "load", "years"]

_FOLDER = "data/insee"
_EPCI_HEADER = ["siren", "nom", "population_municipale", "population_totale"]
_COMMUNE_HEADER = ["code", "siren", "nom", "population_municipale", "population_totale", "epci_siren"]
_SIREN = re.compile(r"\d{9}")
_LEGAL_FORMS = re.compile(
    r"^(?:cc|ca|cu|communaute (?:de communes|d agglomeration|urbaine))\b ?(?:(?:du|de la|des|de|d) )?"
)


@dataclass(frozen=True, slots=True)
class Epci:
    """An EPCI à fiscalité propre of a vintage, with its legal populations."""

    siren: str
    """Its SIREN (9 digits)."""
    name: str
    """Its name as the DGCL lists it (``CA Quimper Bretagne Occidentale``)."""
    municipal: int
    """Population municipale: the people whose usual residence is in its communes."""
    total: int
    """Population totale: the municipal population plus the population counted apart (students,
    people in institutions... who live elsewhere); the one laws refer to unless they say otherwise."""


@dataclass(frozen=True, slots=True)
class Commune:
    """A member commune of an EPCI, in the same DGCL list and vintage as its EPCI."""

    code: str
    """Its INSEE code (5 characters: 29019, 2A004)."""
    siren: str
    """Its SIREN (9 digits)."""
    name: str
    """Its name."""
    municipal: int
    """Population municipale."""
    total: int
    """Population totale."""
    epci_siren: str
    """The SIREN of the EPCI it is a member of."""


@dataclass(frozen=True, eq=False)
class Vintage:
    """The figures of one INSEE reference year, as shipped; one object per year (`load` caches it)."""

    year: int
    """INSEE reference year (millésime): the populations of 1 January of that year."""
    in_force: int
    """The year from whose 1 January these are the legal populations (``year + 3``)."""
    package: str
    """The npm package the figures come from."""
    version: str
    """Its release."""
    epcis: Mapping[str, Epci]
    """Every EPCI of the vintage by SIREN, read-only."""
    has_communes: bool
    """Whether the member communes are shipped for this vintage (the newest only, for size)."""

    @property
    def source(self) -> str:
        """Where the figures come from, in words, for a ``sources`` entry."""
        return (
            f"INSEE, populations légales millésime {self.year} (en vigueur au 1er janvier {self.in_force}),"
            f" via {self.package} {self.version}"
        )

    def communes(self) -> Mapping[str, Commune]:
        """The member communes by INSEE code, read on the first call; LookupError if not shipped."""
        if not self.has_communes:
            shipped = ", ".join(str(v["year"]) for v in _manifest()["vintages"] if "communes" in v["files"])
            raise LookupError(f"the communes of {self.year} are not shipped with tdi-split (only those of {shipped})")
        return _communes(self.year)


def _read(name: str) -> bytes:
    return resources.files("tdi_split").joinpath(_FOLDER, name).read_bytes()


@functools.cache
def _manifest() -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(_read("vintages.json"))
    return manifest


def _entry(year: int) -> dict[str, Any]:
    for entry in _manifest()["vintages"]:
        if entry["year"] == year:
            found: dict[str, Any] = entry
            return found
    available = ", ".join(map(str, years()))
    raise ValueError(f"no INSEE vintage {year} is shipped with tdi-split; the vintages are {available}")


def _rows(text: str, header: list[str], name: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not rows or rows[0] != header:
        raise ValueError(f"{name}: the header is not {';'.join(header)}")
    return rows[1:]


def years() -> list[int]:
    """The INSEE reference years shipped, oldest first (the newest is last)."""
    return sorted(entry["year"] for entry in _manifest()["vintages"])


@functools.cache
def load(year: int) -> Vintage:
    """The vintage of INSEE reference year ``year`` (cached); ValueError naming the years shipped."""
    entry = _entry(year)
    name = entry["files"]["epcis"]["name"]
    epcis = {
        siren: Epci(siren, nom, int(municipal), int(total))
        for siren, nom, municipal, total in _rows(_read(name).decode("utf-8"), _EPCI_HEADER, name)
    }
    return Vintage(
        year=year,
        in_force=entry["in_force"],
        package=entry["package"],
        version=entry["version"],
        epcis=MappingProxyType(epcis),
        has_communes="communes" in entry["files"],
    )


@functools.cache
def _communes(year: int) -> Mapping[str, Commune]:
    name = _entry(year)["files"]["communes"]["name"]
    rows = _rows(gzip.decompress(_read(name)).decode("utf-8"), _COMMUNE_HEADER, name)
    return MappingProxyType(
        {code: Commune(code, siren, nom, int(m), int(t), epci) for code, siren, nom, m, t, epci in rows}
    )


def find_by_siren(vintage: Vintage, siren: str) -> Epci | None:
    """The EPCI of ``vintage`` with this SIREN (spaces allowed), or None: unknown, or dissolved
    before the vintage (`closest` then names the likely successors)."""
    return vintage.epcis.get("".join(siren.split()))


def _fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def _forms(folded: str) -> set[str]:
    """A folded name with and without its legal form (``cc du``, ``communaute d agglomeration``...)."""
    return {folded, _LEGAL_FORMS.sub("", folded)} - {""}


@functools.cache
def _names(year: int) -> list[tuple[Epci, frozenset[str]]]:
    return [(epci, frozenset(_forms(_fold(epci.name)))) for epci in load(year).epcis.values()]


def _scores(queries: set[str], names: list[tuple[Epci, frozenset[str]]], cutoff: float) -> dict[Epci, float]:
    """How close a query is to each name, both folded, for those at ``cutoff`` or above: the same
    name ranks first, then a whole-word match (the larger the share of the name, the better), then
    a part of a word, then difflib's ratio (which `quick_ratio` bounds, so most names cost little)."""
    scores: dict[Epci, float] = {}
    matcher = difflib.SequenceMatcher(autojunk=False)
    for query in queries:
        matcher.set_seq2(query)
        word = re.compile(rf"(?<![0-9a-z]){re.escape(query)}(?![0-9a-z])")
        for epci, forms in names:
            for name in forms:
                if query == name:
                    score = 3.0
                elif word.search(name):
                    score = 1.0 + len(query) / len(name)
                else:
                    score = 0.7 + 0.2 * len(query) / len(name) if query in name else 0.0
                    matcher.set_seq1(name)
                    if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
                        score = max(score, matcher.ratio())
                if score >= cutoff and score > scores.get(epci, 0.0):
                    scores[epci] = score
    return scores


def _by_name(vintage: Vintage, text: str, n: int) -> list[Epci]:
    """The ``n`` closest names: difflib's ratio of at least 0.6, or 0.7 once a name holds the query
    as a whole word (so that "Brest" gives Brest Métropole, not also every name that looks alike)."""
    queries = _forms(_fold(text))
    scores = _scores(queries, _names(vintage.year), 0.6) if queries else {}
    floor = 0.7 if any(score >= 1.0 for score in scores.values()) else 0.6
    ranked = sorted(
        (epci for epci, score in scores.items() if score >= floor), key=lambda e: (-scores[e], e.name, e.siren)
    )
    return ranked[:n]


def _near_sirens(vintage: Vintage, siren: str) -> list[Epci]:
    """The SIRENs of ``vintage`` one typing slip away: one digit changed, or two neighbours swapped."""
    near = []
    for other in vintage.epcis:
        wrong = [i for i, (a, b) in enumerate(zip(siren, other, strict=True)) if a != b]
        swapped = len(wrong) == 2 and wrong[1] == wrong[0] + 1 and siren[wrong[0]] == other[wrong[1]]
        if len(wrong) == 1 or (swapped and siren[wrong[1]] == other[wrong[0]]):
            near.append(vintage.epcis[other])
    return sorted(near, key=lambda e: e.siren)


def closest(vintage: Vintage, text_or_siren: str, n: int = 3) -> list[Epci]:
    """At most ``n`` EPCIs of ``vintage`` closest to a name or to a SIREN it does not hold, best first.

    A name is compared without accents, case, punctuation or legal form (``haut leon`` finds
    CC Haut-Léon Communauté), by difflib's ratio. A SIREN that another vintage holds (an EPCI
    dissolved or merged since) is looked up by its name there; any SIREN also gets the SIRENs
    one typing slip away (`_near_sirens`)."""
    text = text_or_siren.strip()
    digits = "".join(text.split())
    if not _SIREN.fullmatch(digits):
        return _by_name(vintage, text, n)
    found: list[Epci] = []
    if digits in vintage.epcis:
        found.append(vintage.epcis[digits])
    for year in reversed(years()):
        other = load(year).epcis.get(digits)
        if other is not None and year != vintage.year:
            found += _by_name(vintage, other.name, n)
            break
    found += _near_sirens(vintage, digits)
    unique = list(dict.fromkeys(found))
    return unique[:n]
