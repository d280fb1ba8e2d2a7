"""The rules `tdi-split check` adds for a budget kept in git and reviewed by pull request.

`expect` assertions (TDI301) and the provenance of the figures (TDI302, TDI303, warnings).
Pure: problems as data, located by the caller (DESIGN section 2). The consistency rules the
engine relies on are in :mod:`.rules`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Final

from .engine import Allocation
from .model import Budget
from .money import round_half_up
from .problems import Problem
from .rules import EQUAL

__all__ = ["expectation_problems", "key_percent_problems", "lint_problems", "name_problems"]


def expectation_problems(budget: Budget, allocation: Allocation) -> list[Problem]:
    """TDI301: each `expect` entry the arithmetic does not give, with both figures and the difference."""
    problems = []
    for partner_id, expected in budget.expect.items():
        try:
            share = allocation.partner(partner_id)
        except KeyError:
            continue  # TDI112 already says so
        path = ("expect", partner_id)
        if expected.annual is not None:
            full_years = [(y.index, a) for y, a in zip(allocation.years, share.years, strict=True) if y.months == 12]
            if not full_years:
                problems.append(
                    Problem("TDI301", "an annual expectation needs a full 12-month year; use {total: ...}", path)
                )
            for index, amount in full_years:
                if amount != expected.annual:
                    problems.append(
                        Problem("TDI301", _differs(f"{partner_id} in year {index}", expected.annual, amount), path)
                    )
        if expected.total is not None and share.total != expected.total:
            problems.append(Problem("TDI301", _differs(f"{partner_id} in all", expected.total, share.total), path))
    return problems


def _differs(what: str, expected: Decimal, computed: Decimal) -> str:
    return f"expected {expected} for {what}, the arithmetic gives {computed} (difference {computed - expected:+})"


def lint_problems(budget: Budget) -> list[Problem]:
    """Warnings on provenance: TDI302 a criterion of the key without `sources`; TDI303 mixed years."""
    problems = [
        Problem(
            "TDI302",
            f"criterion {criterion!r} has no `sources` entry: say where its figures come from",
            ("key", criterion),
            severity="warning",
            on_key=True,
        )
        for criterion in budget.key
        if criterion != EQUAL and criterion not in budget.sources
    ]
    years = {name: source.year for name, source in budget.sources.items() if source.year is not None}
    if len(set(years.values())) > 1:
        listed = ", ".join(f"{name} {year}" for name, year in sorted(years.items()))
        problems += [
            Problem(
                "TDI303",
                f"the criteria's figures come from different years ({listed})",
                ("sources", name, "year"),
                severity="warning",
            )
            for name in sorted(years)
            if years[name] != max(years.values())
        ]
    return problems


def _skeleton(name: str) -> str:
    """What a name looks like: compatibility forms folded (NFKC), case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


_SCRIPTS: Final = frozenset(
    {
        "LATIN",
        "CYRILLIC",
        "GREEK",
        "ARMENIAN",
        "GEORGIAN",
        "HEBREW",
        "ARABIC",
        "COPTIC",
        "CHEROKEE",
        "CJK",
        "HIRAGANA",
        "KATAKANA",
        "HANGUL",
        "THAI",
        "DEVANAGARI",
        "BENGALI",
        "TAMIL",
        "ETHIOPIC",
        "MONGOLIAN",
    }
)
"""Scripts whose letters pass for one another's (a Unicode character name starts with its script)."""


def _scripts(name: str) -> set[str]:
    """The scripts of the letters of ``name`` (LATIN, CYRILLIC, GREEK...), from their Unicode names;
    letters of no script of their own (the ordinal º, the micro sign µ) count for none."""
    scripts = set()
    for char in name:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
            if script in _SCRIPTS:
                scripts.add(script)
    return scripts


def name_problems(budget: Budget) -> Iterator[Problem]:
    """Warnings on names a reader cannot tell apart: TDI304 two partners (or two subsidies) whose
    names look the same (the same after Unicode NFKC, case and spaces aside: "Poher" and
    "POHER", NFC and NFD accents, full-width letters); TDI305 a name mixing scripts (a Cyrillic
    "О" in "Оccidentale")."""
    sections: tuple[tuple[str, list[str]], ...] = (
        ("partners", [p.name for p in budget.partners]),
        ("subsidies", [s.name for s in budget.subsidies]),
    )
    for section, names in sections:
        seen: dict[str, int] = {}
        for index, name in enumerate(names):
            skeleton = _skeleton(name)
            if skeleton in seen:
                yield Problem(
                    "TDI304",
                    f"the name looks the same as that of {section}[{seen[skeleton]}]: a reader cannot tell them apart",
                    (section, index, "name"),
                    severity="warning",
                )
            else:
                seen[skeleton] = index
            scripts = _scripts(name)
            if len(scripts) > 1:
                listed = ", ".join(sorted(script.title() for script in scripts))
                yield Problem(
                    "TDI305",
                    f"the name mixes scripts ({listed}): a letter of one may pass for a letter of another",
                    (section, index, "name"),
                    severity="warning",
                )


def key_percent_problems(key: object, budget: Budget) -> Iterator[Problem]:
    """TDI306 (warning): a key whose weights are all written as percentages that do not add up
    to 100 % (``population: 70 %, equal: 20 %``). Weights are normalised, so the key applies
    78 % and 22 %: a reader of the file should not have to work that out. ``key`` is the
    key as written in the file."""
    if not isinstance(key, dict) or not key:
        return
    if not all(isinstance(value, str) and value.strip().endswith("%") for value in key.values()):
        return
    total = sum(budget.key.values(), Decimal(0))
    if total == 1:
        return
    tenths = {name: round_half_up(Fraction(weight) / Fraction(total) * 1000) for name, weight in budget.key.items()}
    applied = ", ".join(f"{name} {t // 10}.{t % 10} %" for name, t in tenths.items())
    written = f"{total * 100:f}".rstrip("0").rstrip(".")
    yield Problem(
        "TDI306",
        f"the key's percentages add up to {written} %, not 100 %: they are scaled to {applied}",
        ("key",),
        severity="warning",
        on_key=True,
    )
