"""Properties of `check` over random budgets written as YAML (hypothesis).

Valid budgets give no problem; one corrupted field gives a problem at that field's line.
"""

from __future__ import annotations

import json
from pathlib import Path as FilePath
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdi_split.app import check_file
from tdi_split.core.problems import Path

from .test_properties import budgets


def to_yaml(data: Any) -> tuple[str, dict[Path, int]]:
    """Block-style YAML of ``data`` (scalars JSON-quoted) and the line of every scalar, by path."""
    lines: list[str] = []
    where: dict[Path, int] = {}

    def scalar(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dict):
            return "{}"
        if isinstance(value, list):
            return "[]"
        return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)

    def emit(node: Any, path: Path, indent: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                prefix = f"{indent}{key}:"
                if isinstance(value, (dict, list)) and value:
                    lines.append(prefix)
                    emit(value, (*path, key), indent + "  ")
                else:
                    lines.append(f"{prefix} {scalar(value)}")
                    where[(*path, key)] = len(lines)
        else:
            for index, item in enumerate(node):
                lines.append(f"{indent}-")
                emit(item, (*path, index), indent + "  ")

    emit(data, (), "")
    return "\n".join(lines) + "\n", where


def with_sources(data: dict[str, Any]) -> dict[str, Any]:
    criteria = {c for c in data["key"] if c != "equal"}
    return {**data, "sources": {c: {"source": "test"} for c in sorted(criteria)}}


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(budgets(bounds=True))
def test_a_valid_budget_written_as_yaml_has_no_problem_but_its_arithmetic(
    tmp_path: FilePath, data: dict[str, Any]
) -> None:
    text, _ = to_yaml(with_sources(data))
    path = tmp_path / "budget.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_file(path)
    # Random floors, ceilings and fixed amounts may not fit the net cost: only those may be reported.
    assert {p.code for p in report.problems} <= {"TDI202", "TDI203", "TDI204", "TDI205"}, report.problems


# A bad value for each kind of field, by the last key of its path.
CORRUPTIONS: dict[str, list[Any]] = {
    "annual": ["-1", "12.345", "lots", True],
    "months": [0, 121, "on", "12.5"],
    "rate": ["150 %", "-5 %", "half"],
    "id": ["Not An Id", 12, ""],
    "name": ["", True, ["x"]],
    "fixed": ["1e3", "-3", False],
    "min": [".nan", "0x10"],
    "max": ["1_000", "abc"],
    "population": ["-3", "many", True],
    "jobs": ["-3", None],
    "contributes": ["yes", "no", 1],
}


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(budgets(bounds=True), st.data())
def test_one_corrupted_field_is_reported_at_its_line(
    tmp_path: FilePath, data: dict[str, Any], draw: st.DataObject
) -> None:
    text, where = to_yaml(with_sources(data))
    targets = sorted((path, line) for path, line in where.items() if str(path[-1]) in CORRUPTIONS)
    field, line = draw.draw(st.sampled_from(targets))
    bad = draw.draw(st.sampled_from(CORRUPTIONS[str(field[-1])]))
    lines = text.splitlines()
    key = lines[line - 1].split(":", 1)[0]
    lines[line - 1] = f"{key}: {json.dumps(bad) if not isinstance(bad, bool) else str(bad).lower()}"
    file = tmp_path / "budget.yaml"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check_file(file)
    assert not report.ok
    assert line in {p.line for p in report.problems}, (field, bad, report.problems)
