"""What the document tests share: the commands whose reports are documents, and the amounts
each must show (read from the same command's JSON, never written here)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from .helpers import REFERENCE, ROOT, Invoke

LEDGER = ROOT / "examples" / "convention" / "ledger.yaml"
SCENARIOS = [str(ROOT / "examples" / "scenarios" / name) for name in ("cle-mixte.yaml", "cout-plus-10.yaml")]

COMMANDS: dict[str, list[str]] = {
    "compute": ["compute", str(REFERENCE)],
    "compare": ["compare", str(REFERENCE), *SCENARIOS],
    "compare-all": [
        "compare",
        str(REFERENCE),
        *sorted(str(p) for p in (ROOT / "examples" / "scenarios").glob("*.yaml")),
    ],
    "schedule": ["schedule", str(REFERENCE)],
    "schedule-mdc": ["schedule", str(ROOT / "examples" / "manager-de-commerce.yaml")],
    "schedule-monthly": ["schedule", str(REFERENCE), "--monthly"],
    "explain": ["explain", "qbo", str(REFERENCE)],
    "settle": ["settle", str(LEDGER)],
    "calls": ["calls", str(ROOT / "examples" / "convention" / "partners.yaml"), "--year", "1"],
}
"""A command line per kind of report."""


def _money(value: Any) -> set[Decimal]:
    """Every amount (text with two decimals) found anywhere in ``value``."""
    if isinstance(value, dict):
        return set().union(*(_money(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_money(v) for v in value)) if value else set()
    if isinstance(value, str) and value.lstrip("-").replace(".", "", 1).isdigit() and value[-3:-2] == ".":
        return {Decimal(value)}
    return set()


MANAGER = ROOT / "examples" / "manager-de-commerce.yaml"


def wide_comparison(folder: Path, scenarios: int = 5) -> list[str]:
    """A comparison too wide for one page: the 30-month example (three year columns) against
    ``scenarios`` overlays, each raising the Région's rate by a point; written in ``folder``."""
    files = []
    for number in range(1, scenarios + 1):
        overlay = folder / f"region-{number}.yaml"
        overlay.write_text(
            f"schema: tdi-split/1\nscenario: Région à {10 + number} %\nbase: {MANAGER.as_posix()}\n"
            f"set:\n  subsidies.region.rate: {10 + number}%\n",
            encoding="utf-8",
        )
        files.append(str(overlay))
    return ["compare", str(MANAGER), *files]


def comparison_amounts(invoke: Invoke, command: list[str]) -> set[Decimal]:
    """Every partner's amount in each year and in all, in each scenario of a comparison."""
    data = json.loads(invoke(*command, "--format", "json").stdout)
    partners = [p for s in data["scenarios"] for p in s["result"]["partners"]]
    return {Decimal(a) for p in partners for a in [*p["years"], p["total"]]}


def expected_amounts(invoke: Invoke, name: str) -> set[Decimal]:
    """The amounts the document of ``name`` must show: those of its JSON that the tables hold
    (a comparison shows each partner's total in each scenario; the others every amount)."""
    data = json.loads(invoke(*COMMANDS[name], "--format", "json").stdout)
    if name.startswith("compare"):
        return {Decimal(p["total"]) for s in data["scenarios"] for p in s["result"]["partners"]}
    if name == "settle":
        fields = ("planned", "due", "paid", "balance")
        return {Decimal(p[f]) for p in data["partners"] for f in fields} | {Decimal(data["net_cost"])}
    if name == "explain":
        return {Decimal(a) for a in [*data["amounts"], data["total"], data["net_cost"], data["total_cost"]["total"]]}
    found = _money(data)
    assert found, f"no amount in the JSON of {name}"
    return found
