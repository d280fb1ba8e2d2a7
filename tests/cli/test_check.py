"""`tdi-split check`: a corpus of broken files, each problem at its line; valid files pass."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tdi_split.core.model import json_schema
from tdi_split.files.yamlreader import parse_document

from ..helpers import REFERENCE, ROOT, Invoke

CORPUS = ROOT / "tests" / "corpus"
CORPUS_FILES = sorted(CORPUS.rglob("*.yaml"))
EXPECT = re.compile(
    r"^# expect: (?P<code>TDI\d{3}) (?:(?P<file>[^:\s]+):)?(?P<line>\d+):(?P<column>\d+)$", re.MULTILINE
)


def check_json(invoke: Invoke, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def test_the_corpus_covers_at_least_thirty_mistakes() -> None:
    assert len(CORPUS_FILES) >= 30
    codes = {m["code"] for f in CORPUS_FILES for m in EXPECT.finditer(f.read_text(encoding="utf-8"))}
    assert len(codes) >= 30


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_each_broken_file_is_reported_at_its_line(invoke: Invoke, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    expected = {(m["code"], m["file"] or path.name, int(m["line"]), int(m["column"])) for m in EXPECT.finditer(text)}
    assert expected, f"{path.name} says no `# expect:`"
    exit_match = re.search(r"^# exit: (\d)$", text, re.MULTILINE)
    options = re.search(r"^# options: (.*)$", text, re.MULTILINE)
    monkeypatch.chdir(path.parent)
    code, data = check_json(invoke, path.name, *(options[1].split() if options else []))
    assert code == (int(exit_match[1]) if exit_match else 1)
    found = {(p["code"], p["file"], p["line"], p["column"]) for p in data["files"][0]["problems"]}
    assert found == expected


def test_valid_budgets_and_scenarios_pass(invoke: Invoke) -> None:
    result = invoke("check", str(ROOT / "config"), str(ROOT / "examples"))
    assert result.exit_code == 0, result.stdout
    assert re.search(r"^11 files checked: 11 valid, 0 invalid; 0 errors, 0 warnings$", result.stdout, re.MULTILINE)


def test_every_problem_of_every_file_in_one_run(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    result = invoke("check", "three-decimals.yaml", str(REFERENCE), "expect-mismatch.yaml", "unknown-key.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "three-decimals.yaml:6:11: error TDI002: cost.annual: an amount has at most two decimals, got 1000.005",
        "expect-mismatch.yaml:19:6: error TDI301: expect.a: expected 250.01 for a in year 1, the arithmetic gives "
        "250.00 (difference -0.01)",
        "expect-mismatch.yaml:20:6: error TDI301: expect.b: expected 749.99 for b in all, the arithmetic gives "
        "750.00 (difference +0.01)",
        "unknown-key.yaml:18:1: error TDI003: rounding_method: unknown key 'rounding_method'; did you mean "
        "'rounding'? (expected one of: schema, title, reference, currency, beneficiary, period, cost, subsidies, "
        "partners, key, sources, rounding, expect, calls, convention)",
        "4 files checked: 1 valid, 3 invalid; 4 errors, 0 warnings",
    ]


def test_json_output_shape(invoke: Invoke) -> None:
    code, data = check_json(invoke, str(CORPUS / "warn-mixed-years.yaml"), str(REFERENCE))
    assert code == 0
    assert data["summary"] == {"files": 2, "valid": 2, "invalid": 0, "errors": 0, "warnings": 1}
    (problem,) = data["files"][0]["problems"]
    assert problem == {
        "code": "TDI303",
        "severity": "warning",
        "file": str(CORPUS / "warn-mixed-years.yaml"),
        "line": 10,
        "column": 37,
        "path": "sources.population.year",
        "message": "the criteria's figures come from different years (jobs 2021, population 2019)",
    }
    assert data["files"][1] == {"path": str(REFERENCE), "ok": True, "scenario": False, "problems": [], "more": 0}


def test_github_annotations_escape_what_they_must(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "a,b.yaml"
    path.write_text("schema: tdi-split/1\ntitle: [x]\n", encoding="utf-8")
    result = invoke("check", str(path), "--format", "github")
    assert result.exit_code == 1
    escaped = str(path).replace(":", "%3A").replace(",", "%2C")
    assert f"::error file={escaped},line=2,col=8,title=tdi-split TDI002::title: expected text, got a list" in (
        result.stdout.splitlines()
    )
    assert result.stdout.splitlines()[-1].startswith("1 file checked")


def test_a_folder_is_searched_for_yaml_files(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.yml").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "two.yaml").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text("not: a budget", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    code, data = check_json(invoke, str(tmp_path))
    assert code == 0
    assert [Path(f["path"]).name for f in data["files"]] == ["one.yml", "two.yaml"]


def test_usage_errors_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("check").exit_code == 2
    assert invoke("check", str(tmp_path / "nowhere.yaml")).exit_code == 2
    empty = invoke("check", str(tmp_path))
    assert empty.exit_code == 2
    assert "no *.yaml or *.yml file" in empty.stderr


@pytest.mark.parametrize(
    ("content", "code", "line", "column"),
    [
        (b"schema: tdi-split/1\ntitle: Caf\xe9\n", "TDI006", 2, 11),
        (bytes(range(256)) * 4, "TDI006", 2, 118),
        (b"\x00\x01\x02garbage", "TDI001", 1, 1),
        (b"\xef\xbb\xbf- a\n", "TDI014", 1, 1),
        (b"title: x\r\nschema: tdi-split/1\r\nperiod: {months: 12.5}\r\n", "TDI002", 3, 18),
        (b"a: b: c", "TDI001", 1, 5),
        (b"\t- tab", "TDI001", 1, 1),
    ],
    ids=["latin-1", "binary", "nul-bytes", "bom-list", "crlf", "syntax", "tab"],
)
def test_hostile_bytes_are_located(  # noqa: PLR0917 - pytest passes the parameters
    invoke: Invoke, tmp_path: Path, content: bytes, code: str, line: int, column: int
) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_bytes(content)
    exit_code, data = check_json(invoke, str(path))
    assert exit_code == 1
    problems = data["files"][0]["problems"]
    assert (code, line, column) in {(p["code"], p["line"], p["column"]) for p in problems}


def test_absurd_nesting_is_refused_on_its_line(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_bytes(b"a: " + b"[" * 100_000)
    exit_code, data = check_json(invoke, str(path))
    assert exit_code == 1
    (problem,) = data["files"][0]["problems"]
    # Our limit (64 levels) or, with libyaml 0.2.6 which scans ahead, libyaml's own (1000)
    assert (problem["code"], problem["line"]) in {("TDI011", 1), ("TDI001", 1)}
    assert "nesting" in problem["message"]


def test_the_size_limit_is_adjustable(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(REFERENCE.read_text(encoding="utf-8") + "# padding\n" * 1000, encoding="utf-8")
    code, data = check_json(invoke, str(path), "--max-bytes", "4096")
    assert code == 1
    assert data["files"][0]["problems"][0]["code"] == "TDI005"
    assert check_json(invoke, str(path))[0] == 0


def test_an_overlay_is_checked_with_its_base(invoke: Invoke) -> None:
    code, data = check_json(invoke, str(ROOT / "examples" / "scenarios" / "morlaix-se-retire.yaml"))
    assert code == 0
    assert data["files"][0]["scenario"] is True


def test_schema_is_json_schema_accepting_the_valid_files(invoke: Invoke) -> None:
    result = invoke("schema")
    schema = json.loads(result.stdout)
    assert schema == json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    for path in [REFERENCE, ROOT / "examples" / "manager-de-commerce.yaml"]:
        text = path.read_text(encoding="utf-8")
        assert list(validator.iter_errors(parse_document(text).data)) == []  # as tdi-split reads it
        assert list(validator.iter_errors(json.loads(json.dumps(yaml.safe_load(text), default=str)))) == []
    broken = parse_document((CORPUS / "unknown-key.yaml").read_text(encoding="utf-8")).data
    assert list(validator.iter_errors(broken))
    overlay = json.loads(invoke("schema", "--overlay").stdout)
    overlay_validator = jsonschema.Draft202012Validator(overlay)
    scenario = ROOT / "examples" / "scenarios" / "cle-mixte.yaml"
    assert list(overlay_validator.iter_errors(parse_document(scenario.read_text(encoding="utf-8")).data)) == []


def test_pre_commit_hook_runs_check() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "tdi-split-check"
    assert hooks[0]["entry"] == "tdi-split check"
    assert re.search(hooks[0]["files"], "config/partners.yaml")
    assert re.search(hooks[0]["files"], "examples/scenarios/cle-mixte.yaml")


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every property of a JSON Schema, however deep: its place (``/$defs/Partner.min``) and its schema."""
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            if isinstance(value, dict):
                yield f"{where}.{key}", value
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{where}[{index}]")


@pytest.mark.parametrize("flag", [[], ["--overlay"], ["--ledger"]])
def test_every_field_of_the_schemas_is_described(invoke: Invoke, flag: list[str]) -> None:
    """Editors show a field's description on hover: none is left without one."""
    schema = json.loads(invoke("schema", *flag).stdout)
    assert [where for where, value in _properties(schema) if "description" not in value] == []


def _takes_a_figure(node: Any) -> bool:
    """Whether a schema accepts an amount, a rate, a count or a date (a text that may be a bare
    number, such as a title, is not a figure: its integer has no bounds)."""
    if isinstance(node, list):
        return any(_takes_a_figure(value) for value in node)
    if not isinstance(node, dict):
        return False
    figure = (
        node.get("type") == "number"
        or (node.get("type") == "integer" and ("minimum" in node or "maximum" in node))
        or node.get("format") == "date"
    )
    return figure or any(_takes_a_figure(value) for value in node.values())


@pytest.mark.parametrize("flag", [[], ["--overlay"], ["--ledger"]])
def test_every_figure_of_the_schemas_shows_an_example(invoke: Invoke, flag: list[str]) -> None:
    """An amount, a rate, a count or a date is hard to guess: the editor shows how to write it,
    and an amount says in which currency."""
    schema = json.loads(invoke("schema", *flag).stdout)
    properties = list(_properties(schema))
    assert [
        where for where, value in properties if _takes_a_figure(value) and '"examples"' not in json.dumps(value)
    ] == []
    amounts = [(where, value) for where, value in properties if "0|[1-9][0-9]{0,11}" in json.dumps(value)]
    assert amounts or flag == ["--overlay"]  # an overlay's values are checked once merged
    assert [where for where, value in amounts if "currency" not in value.get("description", "")] == []


def test_no_message_speaks_the_validator_s_words(invoke: Invoke, tmp_path: Path) -> None:
    """pydantic's own wording reached users: "Value error, a receipt is above 0", "Tuple should
    have at least 1 item after validation, not 0". Every message is ours."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("schema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 1}\npartners: []\n")
    result = invoke("check", str(ROOT / "tests" / "corpus"), str(empty), "--format", "json")
    text = result.stdout
    for words in ("Value error", "should have", "after validation", "Input should", "Field required"):
        assert words not in text, words
    assert "partners: expected at least 1 item, got none" in invoke("check", str(empty)).output
