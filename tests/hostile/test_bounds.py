"""Time and memory bounded for any input: linear parsing, short quotes, a bounded number of
problems, no allocation sized by an option, no wait on a pipe. The figures are in bench/."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from .common import REFERENCE, SMALL, budget, process, run


def test_a_rate_with_many_spaces_is_read_in_linear_time(tmp_path: Path) -> None:
    """A 300 KB rate: the old lazy regular expression took minutes (15 s for 100 KB)."""
    rate = "1" + " " * 300_000 + "x%"
    text = SMALL.replace("partners:", f"subsidies: [{{id: s, name: S, rate: '{rate}'}}]\npartners:")
    result = process("check", str(budget(tmp_path, text)), timeout=30)
    assert result.returncode == 1
    assert len(result.stdout) < 1_000


def test_messages_quote_a_few_characters_of_a_value(tmp_path: Path) -> None:
    """300 aliases to a 1 MB string: each message quotes a few characters, not the megabyte."""
    big = "x" * 1_000_000
    partners = "".join(f"  - {{id: p{i}, name: P{i}, criteria: {{population: *a}}}}\n" for i in range(300))
    text = "schema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 1}\nkey: {equal: 1}\n"
    text += f"x: &a '{big}'\npartners:\n{partners}"
    path = budget(tmp_path, text)
    for fmt in ("text", "json"):
        result = run("check", str(path), "--format", fmt)
        assert result.exit_code == 1
        assert len(result.output) < 200_000
        assert "x" * 61 not in result.output


def test_problems_are_listed_up_to_a_limit_and_counted(tmp_path: Path) -> None:
    partners = ",".join(["{}"] * 5_000)
    text = f"schema: tdi-split/1\ntitle: t\nperiod: {{months: 12}}\ncost: {{annual: 1}}\npartners: [{partners}]\n"
    path = budget(tmp_path, text)
    result = run("check", str(path))
    lines = result.stdout.splitlines()
    assert len(lines) == 1_000 + 2
    assert lines[-2] == f"{path}: 9000 more problems not listed (the first 1000 are)"
    assert lines[-1].endswith("10000 errors, 0 warnings")
    assert run("check", str(path), "--format", "json").stdout.count('"code"') == 1_000


def test_a_list_too_long_to_be_a_budget_is_refused_at_once(tmp_path: Path) -> None:
    """1.3 million empty partners (3.9 MB): 2.6 million problems, 53 s and 3.7 GB before."""
    text = "schema: tdi-split/1\ntitle: t\npartners: [" + ",".join(["{}"] * 1_300_000) + "]\n"
    result = run("check", str(budget(tmp_path, text)))
    assert result.exit_code == 1
    assert "TDI015" in result.stdout
    assert len(result.stdout.splitlines()) == 2


def test_duplicate_keys_are_listed_up_to_the_limit(tmp_path: Path) -> None:
    text = SMALL + "".join("x: 1\n" for _ in range(3_000))
    result = run("check", str(budget(tmp_path, text)), "--format", "json")
    assert result.stdout.count('"TDI004"') == 1_000


@pytest.mark.parametrize("spec", ["0:1:1E-999998", "1e999999:2e999999:1", "0:1:0.0000000000000000000000000000000001"])
def test_sweep_bounds_are_checked_before_any_arithmetic(spec: str) -> None:
    result = run("compare", str(REFERENCE), "--sweep", f"cost.annual={spec}")
    assert result.exit_code == 2
    assert "--sweep" in result.output


def test_a_huge_max_bytes_allocates_nothing_up_front() -> None:
    result = run("compute", str(REFERENCE), "--max-bytes", "100000000000000", "--format", "json")
    assert result.exit_code == 0


def test_a_pipe_named_on_the_command_line_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "budget.yaml"
    os.mkfifo(fifo)
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(run("check", str(fifo))), daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # unblock the reader so that the test process can end
        with open(fifo, "w", encoding="utf-8"):
            pass
        pytest.fail("check waited on a pipe")
    (result,) = results
    assert "TDI005" in result.stdout  # type: ignore[attr-defined]
    assert "not a regular file" in result.stdout  # type: ignore[attr-defined]


def test_a_chain_of_overlays_is_bounded(tmp_path: Path) -> None:
    previous = REFERENCE
    for number in range(1_000):
        current = tmp_path / f"s{number}.yaml"
        current.write_text(f"schema: tdi-split/1\nbase: {previous}\n", encoding="utf-8")
        previous = current
    result = run("check", str(previous))
    assert result.exit_code == 1
    assert "TDI405" in result.stdout
