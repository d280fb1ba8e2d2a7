"""Issue "what-if in one line": partner lookup, key percentages, described schemas, --set forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..helpers import REFERENCE, Invoke

SMALL = """\
schema: tdi-split/1
title: t
period: {months: 12}
cost: {annual: 1000}
partners:
  - {id: a, name: A, criteria: {population: 10}}
  - {id: b, name: B, criteria: {population: 30}}
sources: {population: {source: s}}
"""


@pytest.mark.parametrize(
    ("key", "warned"),
    [
        ("{population: 70 %, equal: 20 %}", True),
        ("{population: 70 %, equal: 30 %}", False),
        ("{population: 7, equal: 2}", False),  # plain weights say nothing of 100 %
        ("{population: 50 %}", True),
    ],
)
def test_key_percentages_that_do_not_add_up_to_100_are_flagged(
    invoke: Invoke, tmp_path: Path, key: str, warned: bool
) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(SMALL + f"key: {key}\n", encoding="utf-8")
    result = invoke("check", str(path))
    assert ("TDI306" in result.stdout) == warned
    assert result.exit_code == 0
    if warned:
        assert invoke("check", str(path), "--strict").exit_code == 1


def test_the_scaled_percentages_are_said(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(SMALL + "key: {population: 70 %, equal: 20 %}\n", encoding="utf-8")
    assert "scaled to population 77.8 %, equal 22.2 %" in invoke("check", str(path)).stdout


def test_reference_still_checks_clean(invoke: Invoke) -> None:
    data = json.loads(invoke("check", str(REFERENCE), "--format", "json").stdout)
    assert data["summary"]["warnings"] == 0
