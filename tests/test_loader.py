"""loader: strict YAML, duplicate keys, and a line and column for every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdi_split.app import load
from tdi_split.core.problems import BudgetError, Problem
from tdi_split.files.budget import load_file
from tdi_split.files.yamlreader import parse_document

from .helpers import REFERENCE


def problems_of(tmp_path: Path, text: str | bytes) -> list[Problem]:
    path = tmp_path / "budget.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(BudgetError) as error:
        load(path)
    return error.value.problems


def where(problems: list[Problem]) -> list[tuple[str, int | None, int | None]]:
    return [(p.code, p.line, p.column) for p in problems]


MINIMAL = """\
schema: tdi-split/1
title: Test
period:
  months: 12
cost:
  annual: 1000.00
partners:
  - id: a
    name: A
    criteria: {population: 10}
  - id: b
    name: B
    criteria: {population: 30}
key:
  population: 1
"""


def test_the_reference_file_loads() -> None:
    loaded = load_file(REFERENCE)
    assert loaded.budget.title == "Chef·fe de projet Territoire d'industrie Finistère"
    assert [p.id for p in loaded.budget.partners][:2] == ["brest-metropole", "qbo"]
    assert loaded.locator.position(("partners", 1, "criteria", "population")) == (str(REFERENCE), 39, 28)


def test_scalars_are_resolved_strictly() -> None:
    document = parse_document(
        "a: 12\nb: 012\nc: 1.50\nd: no\ne: true\nf: ~\ng: '12'\nh: 1_000\ni: 0x1F\nj: 2022-09-01\nk: .inf\nl:\n"
    )
    assert document.data == {
        "a": 12,
        "b": "012",
        "c": "1.50",
        "d": "no",
        "e": True,
        "f": None,
        "g": "12",
        "h": "1_000",
        "i": "0x1F",
        "j": "2022-09-01",
        "k": ".inf",
        "l": None,
    }


def test_a_float_typed_with_many_digits_keeps_its_digits() -> None:
    assert parse_document("a: 0.30000000000000004").data == {"a": "0.30000000000000004"}


def test_every_value_and_key_has_its_position() -> None:
    document = parse_document(MINIMAL)
    source = document.source
    assert source.locate(("period", "months")) == (4, 11)
    assert source.locate(("partners", 1, "name")) == (12, 11)
    assert source.locate(("partners", 1, "criteria", "population"), on_key=True) == (13, 16)
    # A path with no node of its own falls back to its nearest ancestor.
    assert source.locate(("partners", 1, "fixed")) == (11, 5)


def test_schema_errors_point_at_the_value(tmp_path: Path) -> None:
    text = MINIMAL.replace("population: 30", "population: lots").replace("annual: 1000.00", "annual: 1000.005")
    problems = problems_of(tmp_path, text)
    assert where(problems) == [("TDI002", 6, 11), ("TDI002", 13, 28)]
    assert problems[0].where == "cost.annual"
    assert "at most two decimals" in problems[0].message
    assert problems[1].where == "partners[1].criteria.population"
    assert "'lots'" in problems[1].message


def test_unknown_key_points_at_the_key_and_suggests_the_right_one(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, MINIMAL.replace("    name: B", "    name: B\n    contribute: false"))
    assert where(problems) == [("TDI003", 13, 5)]
    assert "did you mean 'contributes'" in problems[0].message
    assert problems[0].where == "partners[1].contribute"


def test_missing_key_points_at_its_mapping(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, MINIMAL.replace("  months: 12\n", "  start: 2022-09-01\n"))
    assert where(problems) == [("TDI002", 4, 3)]
    assert "missing required key 'months'" in problems[0].message


def test_duplicate_keys_at_any_depth_point_at_the_second_one(tmp_path: Path) -> None:
    text = MINIMAL.replace("    name: B\n", "    name: B\n    name: Bis\n") + "title: Again\n"
    problems = problems_of(tmp_path, text)
    assert where(problems) == [("TDI004", 13, 5), ("TDI004", 17, 1)]
    assert "first on line 12" in problems[0].message


def test_yaml_11_booleans_are_text_and_said_so(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, MINIMAL.replace("    name: B", "    name: B\n    contributes: no"))
    assert where(problems) == [("TDI002", 13, 18)]
    assert "write false" in problems[0].message
    # while `name: no` is just the text "no", as the person meant
    assert load_budget_text(tmp_path, MINIMAL.replace("name: B", "name: no")).partners[1].name == "no"


def load_budget_text(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    return load(path)


def test_a_boolean_where_text_is_expected_says_what_yaml_made_of_it(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, MINIMAL.replace("name: B", "name: true"))
    assert "YAML read true as a boolean" in problems[0].message


@pytest.mark.parametrize(
    ("text", "code", "line", "message"),
    [
        ("", "TDI007", 1, "empty"),
        ("# only a comment\n", "TDI007", 1, "empty"),
        ("- a\n- b\n", "TDI014", 1, "mapping"),
        ("just text\n", "TDI014", 1, "mapping"),
        ("a: [1, 2\n", "TDI001", 2, "YAML syntax"),
        ("a: 1\n---\nb: 2\n", "TDI008", 2, "several YAML documents"),
        ("a: !!python/object/apply:os.system ['echo hi']\n", "TDI010", 1, "not allowed"),
        ("a: !custom 1\n", "TDI010", 1, "not allowed"),
        ("? [a, b]\n: 1\n", "TDI009", 1, "plain text"),
        ("a: &x [*x]\n", "TDI012", 1, "contains it"),
        ("a: *nowhere\n", "TDI012", 1, "no anchor"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "TDI011", 1, "nesting"),
    ],
)
def test_broken_documents(tmp_path: Path, text: str, code: str, line: int, message: str) -> None:
    problems = problems_of(tmp_path, text)
    assert [(p.code, p.line) for p in problems] == [(code, line)]
    assert message in problems[0].message


def test_alias_bomb_is_stopped(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    problems = problems_of(tmp_path, "\n".join(lines) + "\n")
    assert [p.code for p in problems] == ["TDI013"]


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, "schema: tdi-split/1\ntitle: Caf\xe9\n".encode("latin-1"))
    assert where(problems) == [("TDI006", 2, 11)]
    assert "0xE9" in problems[0].message


def test_files_too_large_are_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: 1\n" * 1000, encoding="utf-8")
    with pytest.raises(BudgetError) as error:
        load(path, max_bytes=100)
    assert [p.code for p in error.value.problems] == ["TDI005"]


def test_a_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(BudgetError) as error:
        load(tmp_path / "nowhere.yaml")
    assert [p.code for p in error.value.problems] == ["TDI005"]


def test_anchors_and_aliases_within_limits_work(tmp_path: Path) -> None:
    text = MINIMAL.replace("criteria: {population: 10}", "criteria: &c {population: 10}").replace(
        "criteria: {population: 30}", "criteria: *c"
    )
    budget = load_budget_text(tmp_path, text)
    assert budget.partners[1].criteria == budget.partners[0].criteria


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load(path).title == "Test"


def test_control_characters_in_labels_are_refused(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, MINIMAL.replace("name: B", 'name: "B\\u202e\\u0007"'))
    assert where(problems) == [("TDI002", 12, 11)]
    assert "U+202E" in problems[0].message


def test_a_list_whose_only_item_fails_reports_the_item_alone(tmp_path: Path) -> None:
    text = MINIMAL.replace("  - id: b\n    name: B\n    criteria: {population: 30}\n", "").replace(
        "criteria: {population: 10}", "criteria: {population: 10}\n    fixed: lots"
    )
    problems = problems_of(tmp_path, text)
    assert [(p.code, p.where) for p in problems] == [("TDI002", "partners[0].fixed")]
