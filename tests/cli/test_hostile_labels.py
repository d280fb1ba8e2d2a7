"""Labels from a budget file are printed as typed: Rich markup in a name never styles or breaks a table."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tdi_split import cli

from ..helpers import REFERENCE

NAMES = ["[bold]Brest[/bold]", "Poher [/b] Communauté", "[link=https://example.org]QBO[/link]", "[red"]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    text = REFERENCE.read_text(encoding="utf-8")
    for old, new in zip(
        ["Brest métropole", "Poher Communauté", "Quimper Bretagne Occidentale", "Haut-Léon Communauté"],
        NAMES,
        strict=True,
    ):
        text = text.replace(f"name: {old}", f"name: {new!r}".replace("'", '"'))
    text = text.replace(
        "title: Chef·fe de projet Territoire d'industrie Finistère", 'title: "[blink]Chef·fe de projet"'
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["compute"],
        ["explain", "qbo"],
        ["schedule"],
        ["compare", "--set", "cost.annual=110000"],
    ],
)
def test_markup_in_names_is_printed_literally(hostile: Path, args: list[str]) -> None:
    command = [*args[:2], str(hostile)] if args[0] == "explain" else [args[0], str(hostile), *args[1:]]
    result = CliRunner().invoke(cli.main, command, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    expected = {"explain": NAMES[2:3], "schedule": []}.get(args[0], NAMES)
    assert [name for name in NAMES if name in result.stdout] == expected
    if args[0] in ("compute", "explain"):
        assert "[blink]Chef·fe de projet" in result.stdout
    assert "\x1b" not in result.stdout


def test_markup_in_names_reads_literally_in_markdown(hostile: Path) -> None:
    """In Markdown the brackets are escaped: a CommonMark viewer shows the names as typed."""
    from markdown_it import MarkdownIt

    result = CliRunner().invoke(cli.main, ["compute", str(hostile), "--format", "markdown"], catch_exceptions=False)
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert [name for name in NAMES if name in html] == NAMES


def test_markup_in_names_survives_html_export(hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    result = CliRunner().invoke(cli.main, ["compute", str(hostile), "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0
    html = target.read_text(encoding="utf-8")
    assert "[bold]Brest[/bold]" in html
    assert "<a href" not in html


def test_markdown_cells_escape_pipes_and_stars(tmp_path: Path) -> None:
    path = tmp_path / "pipes.yaml"
    path.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("name: Poher Communauté", 'name: "**Poher | _Communauté_"'),
        encoding="utf-8",
    )
    text = CliRunner().invoke(cli.main, ["compute", str(path), "--format", "markdown"]).stdout
    row = next(line for line in text.splitlines() if "Poher" in line)
    assert row.startswith("| \\*\\*Poher \\| \\_Communauté\\_ | 2.67% |")
    assert row.count(" | ") == 4
