"""Record what every command prints and writes, to prove a refactoring changed nothing.

    python scripts/snapshot_outputs.py OUT.json        # run from the repository's root
    python scripts/snapshot_outputs.py --diff A.json B.json

Each command of tdi-split runs in-process (click's CliRunner) on `config/`, `examples/`
and `tests/corpus/`, in every format and both locales, with `--output` files of every
suffix; stdout, stderr, the exit code and the written file are recorded. Workbooks are
recorded as their cells (openpyxl), since a .xlsx file carries its creation time.
Run it before and after a change, from the same folder layout, then `--diff`.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tdi_split.cli import main

FORMATS = ("table", "json", "csv", "markdown")
SUFFIXES = (".json", ".csv", ".md", ".txt", ".html", ".svg", ".xlsx")


def _cells(data: bytes) -> list[list[Any]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return [[str(c) for c in row] for ws in book.worksheets for row in ws.iter_rows(values_only=True)]


def _run(args: list[str], out: dict[str, Any]) -> None:
    runner = CliRunner()
    result = runner.invoke(main, args, env={"TERM": "dumb", "COLUMNS": "100", "TDI_SPLIT_LOCALE": None})
    entry: dict[str, Any] = {"code": result.exit_code, "stdout": result.stdout, "stderr": result.stderr}
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        entry["exception"] = repr(result.exception)
    out[" ".join(args)] = entry


def _run_to_file(args: list[str], suffix: str, out: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"result{suffix}"
        runner = CliRunner()
        result = runner.invoke(
            main, [*args, "-o", str(target)], env={"TERM": "dumb", "COLUMNS": "100", "TDI_SPLIT_LOCALE": None}
        )
        written: Any = None
        if target.exists():
            data = target.read_bytes()
            written = _cells(data) if suffix == ".xlsx" else data.decode("utf-8").replace(str(target), "OUT")
        out[" ".join([*args, "-o", "OUT" + suffix])] = {
            "code": result.exit_code,
            "stderr": result.stderr.replace(str(target), "OUT" + suffix),
            "file": written,
        }


def _partner_ids(path: str) -> list[str]:
    result = CliRunner().invoke(main, ["compute", path, "--format", "json"])
    if result.exit_code != 0:
        return []
    return [p["id"] for p in json.loads(result.stdout)["partners"]]


def _budget_file(path: str, out: dict[str, Any]) -> None:
    """Every command of one file, in every format."""
    for command in ("compute", "schedule"):
        for fmt in FORMATS:
            for locale in ("en", "fr"):
                _run([command, path, "--format", fmt, "--locale", locale], out)
        _run([command, path, "--format", "csv", "--csv-dialect", "fr"], out)
        _run([command, path, "--chart"], out)
    _run(["schedule", path, "--monthly", "--format", "json"], out)
    _run(["schedule", path, "--monthly", "--locale", "fr"], out)
    ids = _partner_ids(path)
    for partner in [*ids[:2], *ids[-1:], "nobody"]:
        for fmt in FORMATS:
            for locale in ("en", "fr"):
                _run(["explain", partner, path, "--format", fmt, "--locale", locale], out)
    for fmt in ("text", "json", "github"):
        _run(["check", path, "--format", fmt], out)
    _run(["check", path, "--strict"], out)
    if path.startswith(("config", "examples")):
        for suffix in SUFFIXES:
            _run_to_file(["compute", path, "--locale", "fr"], suffix, out)
            _run_to_file(["schedule", path, "--monthly"], suffix, out)
            if ids:
                _run_to_file(["explain", ids[0], path], suffix, out)


def snapshot() -> dict[str, Any]:
    """Every invocation, by its arguments."""
    out: dict[str, Any] = {}
    roots = ("config", "examples", "tests/corpus", "tests/data")
    for path in sorted(str(p) for root in roots for p in Path(root).rglob("*.y*ml")):
        _budget_file(path, out)
    base = "config/partners.yaml"
    scenarios = sorted(str(p) for p in Path("examples/scenarios").glob("*.yaml"))
    corpus_scenarios = sorted(str(p) for p in Path("tests/corpus/scenarios").glob("*.yaml"))
    compare_calls = [
        [base, *scenarios],
        [base, "--set", "cost.annual=110000", "--set", "subsidies.etat.cap=60000"],
        [base, "--set", "partners.nope.max=1"],
        [base, "--set", "cost.annuel=1"],
        [base, "--sweep", "cost.annual=90000:120000:5000", "--partner", "qbo"],
        [base, "--sweep", "cost.annual=90000:120000:5000"],
        [base, "--sweep", "subsidies.etat.rate=0:1:0.25"],
        [base, "--sweep", "cost.x=1:2:1"],
        *([base, s] for s in corpus_scenarios),
        *(["examples/manager-de-commerce.yaml", s] for s in scenarios[:2]),
    ]
    for call in compare_calls:
        for fmt in FORMATS:
            for locale in ("en", "fr"):
                _run(["compare", *call, "--format", fmt, "--locale", locale], out)
        for suffix in SUFFIXES:
            _run_to_file(["compare", *call], suffix, out)
    for folders in (["config", "examples"], ["tests/corpus"], ["tests"]):
        for fmt in ("text", "json", "github"):
            _run(["check", *folders, "--format", fmt], out)
    _run(["schema"], out)
    _run(["schema", "--overlay"], out)
    for command in ("compute", "compare", "check", "explain", "schedule", "schema"):
        _run([command, "--help"], out)
    _run(["--help"], out)
    return out


def diff(before: Path, after: Path) -> int:
    a, b = json.loads(before.read_text()), json.loads(after.read_text())
    differ = [key for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)]
    for key in differ[:20]:
        print(f"differs: {key}\n  before: {json.dumps(a.get(key))[:400]}\n  after:  {json.dumps(b.get(key))[:400]}")
    print(f"{len(a)} invocations before, {len(b)} after; {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--diff"]:
        sys.exit(diff(Path(sys.argv[2]), Path(sys.argv[3])))
    Path(sys.argv[1]).write_text(json.dumps(snapshot(), ensure_ascii=False, indent=0, sort_keys=True))
