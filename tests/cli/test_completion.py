"""Shell completion of partners (click's protocol, as bash and zsh call it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tdi_split.cli import main

from ..helpers import REFERENCE


def _complete(words: str) -> list[str]:
    """What the shell would be offered for the last word of ``words`` (bash, one value a line)."""
    parts = words.split(" ")
    env = {"_TDI_SPLIT_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    result = CliRunner().invoke(main, [], env=env, prog_name="tdi-split")
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line]


def test_explain_completes_partner_ids_by_id_or_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REFERENCE.parent.parent)  # where ./config/partners.yaml is
    assert _complete("tdi-split explain q") == ["qbo"]
    assert _complete("tdi-split explain quimp") == ["qbo"]  # by its name
    assert "brest-metropole" in _complete("tdi-split explain ")


def test_calls_completes_the_partners_of_its_file(tmp_path: Path) -> None:
    budget = tmp_path / "b.yaml"
    budget.write_text(
        "schema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 1000}\nkey: {equal: 1}\n"
        "partners:\n  - {id: zeta, name: Zêta}\n  - {id: zorro, name: Vallée du Zorro}\n  - {id: x, name: X}\n",
        encoding="utf-8",
    )
    assert _complete(f"tdi-split calls {budget} --partner z") == ["zeta", "zorro"]
    assert _complete(f"tdi-split calls {budget} --partner vall") == ["zorro"]
    assert _complete(f"tdi-split calls {budget} --partner zeta") == ["zeta"]
    assert _complete(f"tdi-split calls {budget} --partner ZÉ") == ["zeta"]  # accents aside, as the lookup
    assert _complete(f"tdi-split calls {budget} --year 1 --partner ") == ["zeta", "zorro", "x"]


def test_a_file_that_does_not_load_completes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "b.yaml"
    broken.write_text("schema: tdi-split/1\npartners: [\n", encoding="utf-8")
    assert _complete(f"tdi-split calls {broken} --partner ") == []
