"""The console script's start-up: the garbage collector is paused while modules load, never
while input is read (it then runs with higher thresholds), and what start-up made is frozen
out of later collections."""

from __future__ import annotations

import gc
import sys
from typing import Any

import pytest

from tdi_split import cli, gctune

from .helpers import REFERENCE

pytestmark = pytest.mark.usefixtures("entry_point")


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int | str | None:
    monkeypatch.setattr(sys, "argv", ["tdi-split", *args])
    with pytest.raises(SystemExit) as exit_info:
        cli.run()
    return exit_info.value.code


@pytest.mark.parametrize(
    "args",
    [
        ("check", str(REFERENCE)),
        ("compute", str(REFERENCE), "--format", "json"),
        ("explain", "qbo", str(REFERENCE), "--format", "json"),
        ("schedule", str(REFERENCE), "--format", "json"),
        ("compare", str(REFERENCE), "--set", "cost.annual=90000", "--format", "json"),
        ("compare", str(REFERENCE), "--sweep", "cost.annual=90000:100000:5000", "--format", "json"),
    ],
)
def test_the_collector_runs_while_input_is_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    """Every command reads its files through the one loader, once the collector is back on."""
    import tdi_split.app
    from tdi_split.files.budget import load_file as original

    seen: list[bool] = []

    def spy(*a: Any, **k: Any) -> object:
        seen.append(gc.isenabled())
        return original(*a, **k)

    monkeypatch.setattr(tdi_split.app, "load_file", spy)
    assert run(monkeypatch, *args) in (0, None)
    assert seen
    assert all(seen)
    assert capsys.readouterr().out


def test_start_up_is_frozen_and_the_collector_back_on_at_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.unfreeze()
    assert run(monkeypatch, "--version") == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == gctune.GC_THRESHOLDS


def test_a_collector_disabled_by_the_caller_stays_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.disable()
    assert run(monkeypatch, "check", str(REFERENCE)) == 0
    assert not gc.isenabled()
    assert gc.get_threshold() != gctune.GC_THRESHOLDS


def test_other_interpreters_keep_their_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.unfreeze()
    thresholds = gc.get_threshold()
    monkeypatch.setattr(sys.implementation, "name", "pypy")
    assert run(monkeypatch, "check", str(REFERENCE)) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds
