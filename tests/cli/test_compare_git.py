"""`compare --git REV FILE...`: what a change to budget files means for each partner, for a review."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ..helpers import REFERENCE, Invoke

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="no git here")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two commits: the reference, then its annual cost raised."""
    (tmp_path / "budgets").mkdir()
    text = REFERENCE.read_text(encoding="utf-8").split("\nexpect:")[0] + "\n"
    (tmp_path / "budgets" / "partners.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "budgets" / "same.yaml").write_text(text, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "one")
    changed = text.replace("annual: 103800.00", "annual: 110000.00")
    (tmp_path / "budgets" / "partners.yaml").write_text(changed, encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "two")
    (tmp_path / "budgets" / "new.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_github_summary_shows_each_partner_before_and_after(invoke: Invoke, repo: Path) -> None:
    result = invoke("compare", "--git", "HEAD~1", "budgets/partners.yaml", "budgets/same.yaml", "--format", "github")
    assert result.exit_code == 0, result.output
    summary = result.stdout
    assert "### budgets/partners.yaml" in summary
    assert "| Quimper Bretagne Occidentale | 23,187.00 | 25,440.28 | +2,253.28 | +9.7% |" in summary
    assert "### budgets/same.yaml\n\nno partner's total changes" in summary
    assert "::notice file=budgets/partners.yaml::10 partner(s) pay a different total than at HEAD~1" in result.stderr


def test_json_and_new_files(invoke: Invoke, repo: Path) -> None:
    result = invoke("compare", "--git", "HEAD", "budgets/partners.yaml", "budgets/new.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert files[0]["changed"] == []  # HEAD already has the raised cost
    assert files[1]["problem"] == "a new file since HEAD"
    before = json.loads(invoke("compare", "--git", "HEAD~1", "budgets/partners.yaml", "--format", "json").stdout)
    qbo = next(p for p in before["files"][0]["changed"] if p["id"] == "qbo")
    assert qbo == {"id": "qbo", "before": "23187.00", "after": "25440.28", "difference": "2253.28"}


def test_git_errors_are_usage_errors(invoke: Invoke, repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert invoke("compare", "--git", "no-such-rev", "budgets/partners.yaml").exit_code == 2
    outside = tmp_path_factory.mktemp("outside") / "b.yaml"
    outside.write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    assert invoke("compare", "--git", "HEAD", str(outside)).exit_code == 2
    assert invoke("compare", "budgets/partners.yaml", "--format", "github").exit_code == 2
    assert invoke("compare", "--git", "HEAD", "budgets/partners.yaml", "--set", "cost.annual=1").exit_code == 2
