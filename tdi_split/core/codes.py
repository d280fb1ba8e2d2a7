"""Every problem code, defined once with what it means (the README's list is checked against it).

Codes are stable: TDI0xx the file and its YAML, TDI1xx consistency, TDI2xx the arithmetic,
TDI3xx `check`'s assertions and provenance, TDI4xx scenario overlays, TDI5xx ledgers, TDI6xx
what a publication needs. A test fails on a code raised anywhere in the package that is not
here, on a code here that nothing raises, and on a code raised from two modules.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CODES"]

CODES: Final[dict[str, str]] = {
    "TDI001": "YAML syntax error",
    "TDI002": "a value of the wrong type or form (with the path and what was expected)",
    "TDI003": "unknown key (with the closest valid one)",
    "TDI004": "duplicate key (points at the second one)",
    "TDI005": "file unreadable or too large",
    "TDI006": "file not UTF-8",
    "TDI007": "empty file",
    "TDI008": "several YAML documents in one file",
    "TDI009": "a mapping key that is not plain text",
    "TDI010": "a YAML tag that is not allowed (`!!python/...`, custom tags)",
    "TDI011": "nesting too deep",
    "TDI012": "an alias to no anchor, or to a node that contains it",
    "TDI013": "a document that expands (through aliases) beyond 3,000,000 values",
    "TDI014": "a document that is not a mapping",
    "TDI015": "a list or a mapping of more than 200,000 items",
    "TDI101": "duplicate partner id",
    "TDI102": "duplicate subsidy id",
    "TDI103": "a keyed partner without a figure for a criterion of the key",
    "TDI104": "a criterion that adds up to 0 over the keyed partners",
    "TDI105": "cost lines that disagree with `cost.annual`",
    "TDI106": "`min` above `max`",
    "TDI107": "`min` or `max` on a partner paying a fixed amount",
    "TDI108": "`fixed`, `min` or `max` on a partner with `contributes: false`",
    "TDI109": "`remainder_to` naming no keyed partner present every year",
    "TDI110": "`equal` given as a partner's criterion (it is built in)",
    "TDI111": "a subsidy `year` outside the period, or with `payment: yearly`",
    "TDI112": "`expect` naming no partner",
    "TDI113": "keyed partners but no `key`",
    "TDI114": "`cost.by_year` without one amount per year slice",
    "TDI115": "`cost.by_year` together with `annual` or `lines`",
    "TDI116": "a partner's `years` outside the period, repeated, or on a partner with no share",
    "TDI117": "a year in which no partner contributes",
    "TDI118": "a subsidy with both a rate and an amount, or neither, or `ceiling`/`cap` on an amount",
    "TDI119": "the same id for a partner and a subsidy",
    "TDI120": "two partners with the same SIREN (given, or the first 9 digits of a SIRET): one body listed twice",
    "TDI201": "subsidies above the total cost",
    "TDI202": "fixed contributions above a year's net cost",
    "TDI203": "floors above what is to be shared",
    "TDI204": "ceilings below what is to be shared",
    "TDI205": "something left to share but no keyed partner",
    "TDI206": "the half-up difference would take `remainder_to` past its bound",
    "TDI207": "a year in which every criterion of the key adds up to 0 over the partners taking part",
    "TDI208": "a settlement whose subsidies add up to more than the actual cost",
    "TDI301": "an `expect` the arithmetic does not give (expected, computed, difference)",
    "TDI302": "warning: a criterion of the key without a `sources` entry (error with `--strict`)",
    "TDI303": "warning: criteria figures from different years (error with `--strict`)",
    "TDI304": "warning: two partners (or subsidies) whose names look the same (Unicode NFKC, case aside)",
    "TDI305": "warning: a name mixing scripts (a Cyrillic letter in a Latin name)",
    "TDI306": "warning: a key's weights written as percentages that do not add up to 100 %",
    "TDI307": "warning: a figure that is not the official one of the vintage its `sources` names (with the "
    "official value; error with `--strict`)",
    "TDI308": "warning: the figures of one criterion from another vintage than its `sources` names, or from several",
    "TDI309": "a SIREN that the vintage does not hold as an EPCI (dissolved, merged, mistyped, a commune's; "
    "with the closest EPCIs): an error for `criteria`, a warning for `check`",
    "TDI310": "warning: `sources` naming a vintage this version of tdi-split does not ship (its figures are "
    "not checked)",
    "TDI401": "an overlay `set` path that names no key or id (with the closest one)",
    "TDI402": "an overlay removing a partner the base does not have",
    "TDI403": "overlays whose bases form a cycle",
    "TDI404": "an overlay whose base is no file",
    "TDI405": "more than 32 overlays stacked on one another (`base:` of a `base:`...)",
    "TDI406": "a relative change (`+10%`, `-5000`) where the base has no number",
    "TDI501": "a ledger year outside the budget's period",
    "TDI502": "a ledger receipt from an id that is neither a subsidy nor a partner (with the closest one)",
    "TDI503": "two spending entries for one year in a ledger",
    "TDI504": "a partner's payment in a ledger without the year it answers",
    "TDI601": "a field the SCDL export needs and the budget lacks (a SIRET, the beneficiary, the convention's "
    "date, the period's start), or has in a form the schema refuses (a title over 256 characters, a currency other "
    "than the euro), with the path to fill",
}
"""Code -> its meaning, as the README lists it."""
