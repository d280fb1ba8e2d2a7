"""Consistency rules of a budget beyond its schema (DESIGN section 3 and 4).

The schema (:mod:`.model`) says what each field may hold; these rules say how the
fields must fit together: unique ids, a key whose criteria every keyed partner has,
bounds in the right order... Each rule has a stable code, listed in the README, and
points at the node it is about (a duplicate id points at the second one).

The engine refuses a budget that breaks any of them, so library code calling
:func:`tdi_split.compute` gets the same located problems as the command line.

The rules `tdi-split check` adds on top (`expect`, provenance) are in :mod:`.checks`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .model import Budget
from .problems import Problem

__all__ = ["EQUAL", "structural_problems"]

EQUAL = "equal"
"""The built-in criterion that gives every keyed partner the same figure, 1."""


def structural_problems(budget: Budget) -> Iterator[Problem]:
    """Every consistency problem of ``budget``, in document order of the rules (lazily: a budget
    of a million partners can have a million problems, and callers keep the first ones)."""
    yield from _unique_ids(budget)
    yield from _cost_lines(budget)
    yield from _cost_by_year(budget)
    yield from _subsidies(budget)
    yield from _partner_fields(budget)
    yield from _partner_years(budget)
    yield from _key(budget)
    yield from _rounding(budget)
    yield from _expectations(budget)


def _unique_ids(budget: Budget) -> Iterator[Problem]:
    partner_ids = {p.id for p in budget.partners}
    for index, subsidy in enumerate(budget.subsidies):
        if subsidy.id in partner_ids:
            yield Problem(
                "TDI119",
                f"{subsidy.id!r} is a partner's id too: a ledger could not tell who paid",
                ("subsidies", index, "id"),
            )
    sections = (
        ("partners", [p.id for p in budget.partners], "TDI101"),
        ("subsidies", [s.id for s in budget.subsidies], "TDI102"),
    )
    for section, ids, code in sections:
        first: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in first:
                yield Problem(
                    code,
                    f"duplicate id {item_id!r} (already used by {section}[{first[item_id]}])",
                    (section, index, "id"),
                )
            else:
                first[item_id] = index
    yield from _unique_bodies(budget)


def _unique_bodies(budget: Budget) -> Iterator[Problem]:
    """TDI120: two partners with one SIREN (given, or the first 9 digits of a SIRET) are one
    body listed twice: its figures would weigh twice in the key and two SCDL lines would
    publish one attribuant."""
    first: dict[str, int] = {}
    for index, partner in enumerate(budget.partners):
        siren = partner.siren or (partner.siret[:9] if partner.siret is not None else None)
        if siren is None:
            continue
        if siren in first:
            other = budget.partners[first[siren]]
            field = "siren" if partner.siren is not None else "siret"
            yield Problem(
                "TDI120",
                f"SIREN {siren} is already that of partners[{first[siren]}] ({other.id}): one body is one "
                "partner (a copied block whose identity was not changed?)",
                ("partners", index, field),
            )
        else:
            first[siren] = index


def _cost_lines(budget: Budget) -> Iterator[Problem]:
    cost = budget.cost
    if cost.annual is not None and cost.lines:
        lines_total = sum(line.annual for line in cost.lines)
        if lines_total != cost.annual:
            yield Problem(
                "TDI105",
                f"the cost lines add up to {lines_total} but cost.annual is {cost.annual} "
                f"(difference {lines_total - cost.annual:+})",
                ("cost", "annual"),
            )


def _cost_by_year(budget: Budget) -> Iterator[Problem]:
    """DESIGN 6.1: one amount per year slice, and instead of `annual` and `lines`."""
    by_year = budget.cost.by_year
    if by_year is None:
        return
    if budget.cost.annual is not None or budget.cost.lines:
        other = "annual" if budget.cost.annual is not None else "lines"
        yield Problem("TDI115", f"`by_year` replaces `{other}`: give one or the other", ("cost", other), on_key=True)
    if len(by_year) != len(budget.years):
        yield Problem(
            "TDI114",
            f"`by_year` has {len(by_year)} amount(s), the period {len(budget.years)} year slice(s) "
            f"({budget.period.months} months): one amount per slice",
            ("cost", "by_year"),
        )


def _partner_years(budget: Budget) -> Iterator[Problem]:
    """DESIGN 6.1: the years a partner takes part in, and a contributing partner in every year."""
    count = len(budget.years)
    for index, partner in enumerate(budget.partners):
        if partner.years is None:
            continue
        here = ("partners", index, "years")
        wrong = sorted({y for y in partner.years if not 1 <= y <= count})
        if wrong:
            yield Problem("TDI116", f"the period has {count} year(s); year(s) {wrong} are outside it", here)
        elif len(set(partner.years)) != len(partner.years) or not partner.years:
            yield Problem("TDI116", "`years` lists each year once, at least one", here)
    for year in range(1, count + 1):
        if not any(p.contributes and p.takes_part_in(year) for p in budget.partners):
            yield Problem("TDI117", f"no contributing partner takes part in year {year}", ("partners",))


def _subsidies(budget: Budget) -> Iterator[Problem]:
    years = len(budget.years)
    for index, subsidy in enumerate(budget.subsidies):
        here = ("subsidies", index)
        if (subsidy.rate is None) == (subsidy.amount is None):
            yield Problem("TDI118", "a subsidy has a `rate` or an `amount` (a fixed sum), one of them", here)
        elif subsidy.amount is not None and (subsidy.ceiling is not None or subsidy.cap is not None):
            field = "ceiling" if subsidy.ceiling is not None else "cap"
            yield Problem("TDI118", f"`{field}` bounds a rate; this subsidy is a fixed amount", (*here, field))
        if subsidy.year is not None and subsidy.payment != "once":
            yield Problem("TDI111", "`year` only goes with `payment: once`", ("subsidies", index, "year"))
        elif subsidy.year is not None and not 1 <= subsidy.year <= years:
            yield Problem(
                "TDI111",
                f"the period has {years} year(s); year {subsidy.year} is outside it",
                ("subsidies", index, "year"),
            )


def _partner_fields(budget: Budget) -> Iterator[Problem]:
    for index, partner in enumerate(budget.partners):
        here = ("partners", index)
        if not partner.contributes:
            for field in ("fixed", "min", "max"):
                if getattr(partner, field) is not None:
                    yield Problem(
                        "TDI108", f"`{field}` makes no sense for a partner with `contributes: false`", (*here, field)
                    )
            continue
        if partner.fixed is not None:
            for field in ("min", "max"):
                if getattr(partner, field) is not None:
                    yield Problem(
                        "TDI107",
                        f"`{field}` bounds a keyed share; this partner pays a fixed amount outside the key",
                        (*here, field),
                    )
        elif partner.min is not None and partner.max is not None and partner.min > partner.max:
            yield Problem("TDI106", f"min {partner.min} is above max {partner.max}", (*here, "min"))
        if EQUAL in partner.criteria:
            yield Problem(
                "TDI110", "`equal` is built in (1 for every keyed partner); remove it", (*here, "criteria", EQUAL)
            )


def _key(budget: Budget) -> Iterator[Problem]:
    keyed = [(index, partner) for index, partner in enumerate(budget.partners) if partner.keyed]
    if keyed and not budget.key:
        yield Problem("TDI113", "partners share the cost by a key, but `key` is missing or empty", ("partners",))
        return
    for criterion in budget.key:
        if criterion == EQUAL:
            continue
        missing = [(i, p) for i, p in keyed if criterion not in p.criteria]
        for index, partner in missing:
            path = ("partners", index, "criteria") if partner.criteria else ("partners", index)
            yield Problem("TDI103", f"partner {partner.id!r} has no figure for the key criterion {criterion!r}", path)
        if keyed and not missing and sum(p.criteria[criterion] for _, p in keyed) == 0:
            yield Problem(
                "TDI104",
                f"criterion {criterion!r} adds up to 0 over the keyed partners: nothing to weigh by",
                ("key", criterion),
            )


def _rounding(budget: Budget) -> Iterator[Problem]:
    target = budget.rounding.remainder_to
    if target is None:
        return
    partner = next((p for p in budget.partners if p.id == target), None)
    if partner is None or not partner.keyed:
        keyed = ", ".join(p.id for p in budget.partners if p.keyed) or "none"
        what = "no partner" if partner is None else "a partner outside the key"
        yield Problem(
            "TDI109",
            f"remainder_to {target!r} names {what}; it must be a keyed partner (keyed: {keyed})",
            ("rounding", "remainder_to"),
        )
        return
    absent = [year for year in range(1, len(budget.years) + 1) if not partner.takes_part_in(year)]
    if absent:
        yield Problem(
            "TDI109",
            f"remainder_to {target!r} takes no part in year(s) {absent}; "
            "the rounding difference needs a keyed partner present every year",
            ("rounding", "remainder_to"),
        )


def _expectations(budget: Budget) -> Iterator[Problem]:
    ids = {p.id for p in budget.partners}
    for partner_id in budget.expect:
        if partner_id not in ids:
            yield Problem(
                "TDI112", f"expect names {partner_id!r}, which is no partner", ("expect", partner_id), on_key=True
            )
