"""Every ``console`` block of the README is run, and its output must be what is written.

A block holds lines ``$ tdi-split ...`` each followed by its output. To bring the README up
to date after a deliberate change of output: ``python -m tests.test_readme --update``.
"""

from __future__ import annotations

import re
import shlex
import sys

import pytest
from click.testing import CliRunner

from tdi_split import cli

from .helpers import ROOT

README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
ENV = {"COLUMNS": "120", "TERM": "dumb", "TDI_SPLIT_LOCALE": ""}


def _commands(block: str) -> list[tuple[str, str]]:
    """The (command, written output) pairs of a console block."""
    pairs: list[tuple[str, str]] = []
    for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
        command, _, output = chunk.partition("\n")
        pairs.append((command, output))
    return pairs


def _run(command: str) -> str:
    words = shlex.split(command)
    assert words[0] == "tdi-split", f"README console blocks run tdi-split only: {command}"
    result = CliRunner().invoke(cli.main, words[1:], env=ENV, catch_exceptions=False)
    return result.stdout + result.stderr


def _examples() -> list[tuple[str, str]]:
    return [pair for block in BLOCK.findall(README.read_text(encoding="utf-8")) for pair in _commands(block)]


@pytest.mark.parametrize(("command", "written"), _examples())
def test_readme_output_is_real(command: str, written: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert _run(command) == written


def test_the_readme_shows_commands() -> None:
    assert len(_examples()) >= 4


PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


@pytest.mark.parametrize("block", PYTHON_BLOCK.findall(README.read_text(encoding="utf-8")))
def test_readme_python_prints_what_its_comments_say(block: str) -> None:
    """Each ``print(...)  # output`` line of a Python block prints that output, run from the repository."""
    import subprocess

    expected = [line.split("  # ", 1)[1] for line in block.splitlines() if line.startswith("print(") and "  # " in line]
    assert expected, "a Python block of the README shows what it prints"
    result = subprocess.run([sys.executable, "-c", block], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == expected


def _update() -> None:
    import os

    os.chdir(ROOT)
    text = README.read_text(encoding="utf-8")

    def refresh(match: re.Match[str]) -> str:
        return "```console\n" + "".join(f"$ {c}\n{_run(c)}" for c, _ in _commands(match.group(1))) + "```"

    README.write_text(BLOCK.sub(refresh, text), encoding="utf-8")


if __name__ == "__main__" and "--update" in sys.argv:
    _update()
