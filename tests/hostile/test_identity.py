"""Wrong identity: an id is exactly what it looks like, and names a reader cannot tell apart are
refused (invisible, line-breaking) or flagged (look-alikes, mixed scripts)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from .common import SMALL, budget, run


def _check(tmp_path: Path, text: str) -> dict[str, object]:
    result = run("check", str(budget(tmp_path, text)), "--format", "json")
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _codes(data: dict[str, object]) -> list[str]:
    files = data["files"]
    assert isinstance(files, list)
    return [problem["code"] for problem in files[0]["problems"]]


@pytest.mark.parametrize("field", ["id", "remainder"])
def test_an_id_ending_in_a_newline_is_refused(tmp_path: Path, field: str) -> None:
    text = SMALL.replace("  - {id: a, name: A}", "  - id: |\n      a\n    name: A")
    if field == "remainder":
        text = SMALL.replace("  - {id: a, name: A}", "  - id: a\n    name: A\n    criteria: {population: 1}")
        text += 'rounding: {method: half-up, remainder_to: "a\\n"}\n'
    data = _check(tmp_path, text)
    assert data["summary"]["invalid"] == 1  # type: ignore[index]
    assert "TDI002" in _codes(data)


INVISIBLE = [
    *["\u200b", "\u200d", "\u3164", "\U000e0041", "\u2028", "\u2029", "\u00ad", "\u2800"],
    *["\u034f", "\ufe0f", "\u17b4", "\u180b", "\u0378", "\ue000"],  # ignorable, unassigned, private use
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_and_line_breaking_characters_are_refused_in_names(tmp_path: Path, char: str) -> None:
    escape = f"\\U{ord(char):08X}"  # YAML's escape in a double-quoted scalar
    for text in (
        SMALL.replace("name: B", f'name: "B{escape}x"'),
        SMALL.replace("title: Test", f'title: "Test{escape}"'),
    ):
        data = _check(tmp_path, text)
        assert _codes(data) == ["TDI002"], text


def test_a_name_of_invisible_letters_only_is_refused(tmp_path: Path) -> None:
    data = _check(tmp_path, SMALL.replace("name: B", 'name: "\u3164\u3164"'))
    assert _codes(data) == ["TDI002"]


def test_look_alike_names_are_flagged(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Communauté")
    text = SMALL.replace("name: A", 'name: "Communauté"').replace("name: B", f'name: "{nfd}"')
    assert _codes(_check(tmp_path, text)) == ["TDI304"]
    text = SMALL.replace("name: A", "name: Poher").replace("name: B", 'name: "POHER "')
    assert _codes(_check(tmp_path, text)) == ["TDI304"]
    text = SMALL.replace("name: A", "name: Poher").replace("name: B", 'name: "Ｐｏｈｅｒ"')  # full-width
    assert _codes(_check(tmp_path, text)) == ["TDI304"]


def test_a_name_mixing_scripts_is_flagged(tmp_path: Path) -> None:
    text = SMALL.replace("name: A", 'name: "Quimper Bretagne \u041eccidentale"')  # a Cyrillic O
    data = _check(tmp_path, text)
    assert _codes(data) == ["TDI305"]
    assert run("check", str(budget(tmp_path, text)), "--strict").exit_code == 1


def test_ordinary_french_names_are_not_flagged(tmp_path: Path) -> None:
    text = SMALL.replace("name: A", 'name: "Presqu’île de Crozon-Aulne maritime"').replace(
        "name: B", 'name: "Haut-Léon Communauté"'
    )
    assert _codes(_check(tmp_path, text)) == []
