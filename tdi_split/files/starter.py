"""`init`: a commented starter budget file, to edit by hand (it passes `tdi-split check`)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

__all__ = ["partner_id", "starter_budget"]


def partner_id(name: str, taken: set[str]) -> str:
    """An id for a partner named ``name``: lower-case letters, digits and hyphens, unique."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "partner"
    found, number = base, 2
    while found in taken:
        found, number = f"{base}-{number}", number + 1
    taken.add(found)
    return found


def _text(value: str) -> str:
    """A YAML scalar holding exactly ``value`` (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def starter_budget(
    *,
    title: str,
    months: int,
    annual: Decimal,
    partners: Sequence[str],
    start: dt.date | None = None,
    subsidy_rate: Decimal | None = None,
    subsidy_cap: Decimal | None = None,
) -> str:
    """The text of a budget file with these figures, every section explained in a comment."""
    lines = [
        "# A tdi-split budget file (schema tdi-split/1), written by `tdi-split init`.",
        "# Edit it, then: tdi-split check THIS_FILE && tdi-split compute THIS_FILE",
        '# Every key is explained in the README ("The budget file"); `tdi-split schema` gives editors',
        "# its JSON Schema.",
        "schema: tdi-split/1",
        f"title: {_text(title)}",
        '# reference: "Deliberation no. ... of ..."   # where the figures come from',
        '# beneficiary: "Who employs the post and is paid"',
        "period:",
        f"  months: {months}                  # 1 to 120, cut into 12-month years",
    ]
    lines += [f"  start: {start.isoformat()}" if start else "  # start: 2025-01-01      # optional: labels the years"]
    lines += [
        "cost:",
        f"  annual: {annual:.2f}           # or by_year: [one amount per year]",
    ]
    if subsidy_rate is not None:
        lines += [
            "subsidies:                       # co-funders paying a rate of the cost (or a fixed `amount`)",
            "  - id: subsidy",
            '    name: "Co-funder"',
            f"    rate: {(subsidy_rate * 100).normalize():f} %",
        ]
        if subsidy_cap is not None:
            lines.append(f"    cap: {subsidy_cap:.2f}           # at most this over the whole period")
    lines += ["partners:                        # who shares the rest"]
    taken: set[str] = set()
    for name in partners:
        lines += [f"  - id: {partner_id(name, taken)}", f"    name: {_text(name)}"]
    lines += [
        "    # criteria: {population: 12345}   # figures for a key by population",
        "key:                             # equal shares; or {population: 1} with every partner's figure",
        "  equal: 1",
        "# sources:                       # where the key's figures come from",
        "#   population: {source: INSEE populations légales, year: 2021}",
    ]
    return "\n".join(lines) + "\n"
