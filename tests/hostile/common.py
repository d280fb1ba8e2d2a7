"""Helpers of the hostile tests (round 2): each test here failed on the code before the fix it guards.

The tests drive the command line only (in-process with click's runner, or as a process where a
signal, an encoding or a closed stream is the point), so that they say what a user sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tdi_split import cli

ROOT = Path(__file__).resolve().parent.parent.parent
REFERENCE = ROOT / "config" / "partners.yaml"


def run(*args: str) -> Result:
    """The command line in-process, as on a terminal (click keeps escape sequences, as it does
    for a terminal, instead of stripping them as it does for a pipe); exceptions are results."""
    result = CliRunner().invoke(cli.main, list(args), env={"COLUMNS": "120", "TERM": "dumb"}, color=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"an internal error: {result.exception!r}") from result.exception
    return result


def process(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60, **kwargs: Any
) -> subprocess.CompletedProcess[bytes]:
    """``tdi-split ARGS`` as a process (``python -m tdi_split``), stdout and stderr as bytes."""
    environment = {**os.environ, "COLUMNS": "120", "TERM": "dumb", **(env or {})}
    environment.pop("TDI_SPLIT_DEBUG", None)
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    command = [sys.executable, "-m", "tdi_split", *args]
    return subprocess.run(command, env=environment, timeout=timeout, check=False, **streams)


def budget(tmp_path: Path, text: str, name: str = "budget.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


SMALL = """\
schema: tdi-split/1
title: Test
period: {months: 12}
cost: {annual: 123.45}
partners:
  - {id: a, name: A}
  - {id: b, name: B}
key: {equal: 1}
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return budget(tmp_path, SMALL)
