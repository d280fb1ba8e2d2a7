"""Crashes that became clean errors, and figures exact at the edge of precision."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .common import REFERENCE, SMALL, budget, process, run


@pytest.mark.parametrize(
    "overrides",
    [
        ['title="a\\e[2Jb"'],
        ["title=" + "x" * 600],
        ["title=" + "x" * 300, "reference=" + "y" * 300],
        ["cost.annual=110000", "title=" + "é" * 450],
    ],
    ids=["escape", "600-chars", "two-long", "long-valid"],
)
def test_set_values_never_crash(overrides: list[str]) -> None:
    args = [arg for text in overrides for arg in ("--set", text)]
    result = run("compare", str(REFERENCE), *args)
    assert result.exit_code in (0, 1)
    assert "\x1b" not in result.output
    if result.exit_code == 1:
        assert result.stderr.startswith("command line:")


def test_a_non_utf8_file_name_is_shown_escaped(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    name = folder + b"/budget-\xff\xfe.yaml"
    with open(name, "wb") as stream:
        stream.write(SMALL.encode("utf-8").replace(b"title: Test", b"title: [x]"))
    for fmt in ("text", "json", "github"):
        result = process("check", str(tmp_path), "--format", fmt)
        assert result.returncode == 1
        assert b"internal error" not in result.stderr
        text = result.stdout.decode("utf-8")  # valid UTF-8, whatever the file's name
        if fmt == "json":
            assert json.loads(text)["files"][0]["path"].endswith("budget-\\xff\\xfe.yaml")
        else:
            assert "budget-\\xff\\xfe.yaml" in text


@pytest.mark.parametrize(
    "args",
    [
        ["compute", "--locale", "fr"],
        ["compute", "--locale", "fr", "--chart"],
        ["compare", "--set", "cost.annual=110000", "--locale", "fr"],
        ["schedule", "--locale", "fr"],
        ["explain", "qbo", "--locale", "fr"],
    ],
)
@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_stream_that_cannot_carry_a_character_gets_its_plain_form(args: list[str], encoding: str) -> None:
    command = [*args[:2], str(REFERENCE), *args[2:]] if args[0] == "explain" else [args[0], str(REFERENCE), *args[1:]]
    result = process(*command, env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode(encoding)
    if command[0] in ("compute", "explain"):
        assert "11 593,50" in text or "11\xa0593,50" in text  # the narrow no-break space became a space


def test_a_base_outside_quotes_few_characters_of_its_values(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(
        "title: [not, a, title]\ncost: {annual: 'p4ssw0rd-0123456789-abcdefghijklmnop'}\n"
        "period: {months: 'p4ssw0rd-0123456789-abcdefghijklmnop'}\n",
        encoding="utf-8",
    )
    overlay = budget(tmp_path, f"schema: tdi-split/1\nbase: {secret}\n", "overlay.yaml")
    result = run("check", str(overlay))
    assert result.exit_code == 1
    assert "p4ssw0rd-0123456789-abcd" not in result.stdout  # at most 24 characters, with an ellipsis
    assert "p4ssw0rd" in result.stdout


@pytest.mark.parametrize(
    ("rate", "share"),
    [
        ('"49.9999999999999999999999999999%"', "61.72"),  # 30 digits: one below a half of 123.45
        ("0.49999999999999999999999999999", "61.72"),
        ('"50.0000000000000000000000000001%"', "61.73"),
        ('"50%"', "61.73"),
    ],
)
def test_rates_are_read_exactly_at_the_accepted_limit(tmp_path: Path, rate: str, share: str) -> None:
    text = SMALL.replace("partners:", f"subsidies: [{{id: s, name: S, rate: {rate}}}]\npartners:")
    result = run("compute", str(budget(tmp_path, text)), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["subsidies"][0]["amount"] == share


def test_criteria_are_read_exactly_at_the_accepted_limit(tmp_path: Path) -> None:
    """Two figures that differ in their 30th digit weigh differently."""
    text = SMALL.replace("{id: a, name: A}", '{id: a, name: A, criteria: {p: "0.1%"}}')
    text = text.replace("{id: b, name: B}", '{id: b, name: B, criteria: {p: "0.10000000000000000000000000001%"}}')
    text = text.replace("key: {equal: 1}", "key: {p: 1}")
    text = text.replace("annual: 123.45", "annual: 999999999999.99")
    data = json.loads(run("compute", str(budget(tmp_path, text)), "--format", "json").stdout)
    a, b = (partner["weight"] for partner in data["partners"])
    assert a == b == "0.5000000"  # both round to 0.5 at 7 decimals...
    years = [partner["years"][0] for partner in data["partners"]]
    assert years == ["499999999999.99", "500000000000.00"]  # ...but b's larger figure takes the last cent
