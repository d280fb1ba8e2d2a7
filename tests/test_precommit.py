"""The pre-commit hook the README documents exists at the revision it pins, and checks a folder."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest
import yaml

from .helpers import ROOT


def _documented() -> dict[str, Any]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL) if "tdi-split-check" in b)
    config: dict[str, Any] = yaml.safe_load(block)
    return config


def test_the_documented_hook_is_defined_at_the_pinned_revision() -> None:
    repo: dict[str, Any] = _documented()["repos"][0]
    rev = repo["rev"]

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(ROOT), *args], check=False, capture_output=True, text=True)

    try:
        shown = git("show", f"{rev}:.pre-commit-hooks.yaml")
    except FileNotFoundError:
        pytest.skip("no git here")
    if shown.returncode and "not a git repository" in shown.stderr:
        pytest.skip("not a git checkout")
    if shown.returncode and git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        pytest.skip("a shallow clone: older commits are not here")
    assert shown.returncode == 0, f"the README pins {rev}, which this repository does not have"
    hooks = {hook["id"]: hook for hook in yaml.safe_load(shown.stdout)}
    (used,) = repo["hooks"]
    hook = hooks[used["id"]]
    assert hook["pass_filenames"] is False  # the whole folder, not the changed files
    assert hook["entry"] == "tdi-split check"
    assert used["args"]


def test_the_hook_of_this_revision_checks_the_reference() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    from click.testing import CliRunner

    from tdi_split import cli

    args = hook["entry"].split()[1:] + [str(ROOT / arg) for arg in hook["args"]]
    assert CliRunner().invoke(cli.main, args).exit_code == 0
