"""Benchmarks of tdi-split against baselines measured in the same run (issue: fast and unbreakable).

    python bench/run.py            # every measure, a table of times, ratios and targets
    python bench/run.py --quick    # fewer repetitions
    python bench/run.py --strict   # exit 1 if a target is missed

Each command runs in a fresh process, alternating with its baseline, several times; the
median wall time is kept. Generated budgets (10,000 and 100,000 partners, 1,000 files)
go to a temporary folder. Nothing here is a test: a slow machine makes slow numbers.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
REFERENCE = ROOT / "config" / "partners.yaml"
PYTHON = sys.executable
# The console script installed with this Python, as users run it (``python -m tdi_split`` if
# there is none); not whatever PATH finds first, which may be a wrapper such as a pyenv shim.
_SCRIPT = Path(PYTHON).with_name("tdi-split")
TDI = [str(_SCRIPT)] if _SCRIPT.is_file() else [PYTHON, "-m", "tdi_split"]


# Bytecode is cached as a pip install caches it: a machine that sets PYTHONDONTWRITEBYTECODE
# would otherwise compile tdi-split from source in every run (an editable install has no
# .pyc of its own), while the baselines' libraries were compiled when they were installed.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENV |= {"COLUMNS": "120", "TERM": "dumb"}


def wall(command: Sequence[str], repeat: int) -> float:
    """Median wall time of ``command`` over ``repeat`` runs (output discarded; must succeed)."""
    times = []
    env = ENV
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


_PEAK = (
    "import resource, subprocess, sys, time; start = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak(command: Sequence[str]) -> tuple[float, float]:
    """Wall time and peak resident memory (MB) of ``command``, run once in a fresh process."""
    result = subprocess.run([PYTHON, "-c", _PEAK, *command], capture_output=True, text=True, check=True, env=ENV)
    seconds, kilobytes = result.stdout.split()
    return float(seconds), int(kilobytes) / 1024


def paired(command: Sequence[str], baseline: Sequence[str], repeat: int) -> tuple[float, float]:
    """Median times of a command and its baseline, run alternately to share the machine's mood."""
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(wall(command, 1))
        theirs.append(wall(baseline, 1))
    return statistics.median(ours), statistics.median(theirs)


def budget(partners: int, path: Path, seed: int = 0) -> Path:
    """A generated budget with ``partners`` partners keyed by population."""
    rnd = random.Random(seed)
    lines = [
        "schema: tdi-split/1",
        f"title: Generated budget with {partners} partners",
        "period: {months: 24}",
        "cost: {annual: 103800.00}",
        "subsidies:",
        "  - {id: etat, name: État, rate: 50 %, ceiling: 160000.00, cap: 80000.00}",
        "partners:",
        *(
            f"  - {{id: p{i}, name: Partner {i}, criteria: {{population: {rnd.randint(1000, 300000)}}}}}"
            for i in range(partners)
        ),
        "key: {population: 1}",
        "sources: {population: {source: generated}}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Row:
    what: str
    seconds: float
    baseline: str
    baseline_seconds: float | None
    target: str
    ok: bool
    megabytes: float | None = None

    @property
    def ratio(self) -> str:
        return "-" if not self.baseline_seconds else f"{self.seconds / self.baseline_seconds:.2f}x"


def hostile(work: Path, big: Path) -> list[Row]:
    """Inputs made to exhaust time or memory (issue "hostile input, round 2"): each must stay under
    2 s and 300 MB, as a ratio to `check` of the reference in the same run (the sweep's time grows
    with its points by design: only its memory is bounded)."""
    head = "schema: tdi-split/1\ntitle: t\nperiod: {months: 12}\ncost: {annual: 1}\nkey: {equal: 1}\n"
    rate = work / "quadratic-rate.yaml"
    spaces = " " * 100_000
    rate.write_text(head + f"subsidies: [{{id: s, name: S, rate: '1{spaces}x%'}}]\npartners: [{{id: a, name: A}}]\n")
    bomb = work / "alias-bomb.yaml"
    partners = "".join(f"  - {{id: p{i}, name: P{i}, criteria: {{population: *a}}}}\n" for i in range(300))
    bomb.write_text(head + "x: &a '" + "x" * 1_000_000 + "'\npartners:\n" + partners)
    many = work / "empty-partners.yaml"
    many.write_text(head + "partners: [" + ",".join(["{}"] * 1_300_000) + "]\n")
    baseline_seconds, _ = peak([*TDI, "check", str(REFERENCE)])
    cases = [
        ("check, 100 KB rate of spaces", [*TDI, "check", str(rate)], True),
        ("check, 300 aliases to 1 MB", [*TDI, "check", str(bomb), "--format", "json"], True),
        ("check, 1.3 M empty partners", [*TDI, "check", str(many)], True),
        (
            "sweep 100 points x 10,000 partners",
            [*TDI, "compare", str(big), "--sweep", "cost.annual=100000:199000:1000", "--format", "json"],
            False,
        ),
    ]
    rows = []
    for what, command, timed in cases:
        seconds, megabytes = peak(command)
        target = "< 2 s, < 300 MB" if timed else "< 300 MB"
        ok = megabytes < 300 and (seconds < 2 or not timed)
        rows.append(Row(what, seconds, "check, reference", baseline_seconds, target, ok, megabytes))
    return rows


def convention_life(work: Path, big: Path, ten_k: float, repeat: int) -> list[Row]:
    """`settle` (it reads two files and computes the plan and the result on actual spending) and
    `calls` on 10,000 partners, as ratios to `compute` of the same budget."""
    rows = []
    ledger = work / "ledger10k.yaml"
    receipts = [f"  - {{from: p{i}, year: 1, amount: {1 + i % 50}.00}}" for i in range(10_000)]
    ledger.write_text(
        "schema: tdi-split-ledger/1\nbudget: p10k.yaml\nspending:\n  - {year: 1, amount: 98000.00}\n"
        "  - {year: 2, amount: 104100.00}\nreceived:\n  - {from: etat, amount: 24000.00}\n"
        + "\n".join(receipts)
        + "\n",
        encoding="utf-8",
    )
    # settle reads two files and computes both the plan and the result on actual spending
    ours = wall([*TDI, "settle", str(ledger), "--format", "json"], repeat)
    rows.append(
        Row("settle, 10,000 partners, JSON", ours, "compute, 10,000 partners", ten_k, "<= 2x", ours <= 2 * ten_k)
    )
    ours = wall([*TDI, "calls", str(big), "--year", "1", "--format", "json"], repeat)
    rows.append(
        Row("calls, 10,000 partners, JSON", ours, "compute, 10,000 partners", ten_k, "<= 1.2x", ours <= 1.2 * ten_k)
    )
    return rows


def official_figures(work: Path, repeat: int) -> list[Row]:
    """Issue 13: `check` of examples/finistere-insee.yaml, whose `sources` names an INSEE vintage
    (each figure compared with it), against `check` of the same file with a plain `source` text
    (nothing compared); and `criteria` on that file, with --dry-run and writing (each run writes,
    as it alternates two vintages), against the same `check` without provenance."""
    example = ROOT / "examples" / "finistere-insee.yaml"
    text = example.read_text(encoding="utf-8")
    official = work / "finistere-insee.yaml"
    official.write_text(text, encoding="utf-8")
    plain = work / "finistere-plain.yaml"  # the same figures, with no dataset, year nor kind to compare
    plain.write_text(
        "".join(
            line
            for line in text.splitlines(keepends=True)
            if not line.startswith(("    dataset:", "    year:", "    kind:"))
        ),
        encoding="utf-8",
    )
    rows = []
    ours, base = paired([*TDI, "check", str(official)], [*TDI, "check", str(plain)], repeat)
    rows.append(
        Row(
            "check, INSEE example, provenance",
            ours,
            "check, same, no provenance",
            base,
            "<= 1.2x",
            ours <= 1.2 * base,
        )
    )
    criteria = [*TDI, "criteria", "population", str(official), "--kind", "municipale", "--vintage"]
    ours, base = paired([*criteria, "2021", "--dry-run"], [*TDI, "check", str(plain)], repeat)
    rows.append(
        Row(
            "criteria, INSEE example, --dry-run",
            ours,
            "check, same, no provenance",
            base,
            "<= 1.5x",
            ours <= 1.5 * base,
        )
    )
    writes, checks = [], []
    for index in range(repeat):  # 2021 then 2022...: every run changes the ten figures and writes
        writes.append(wall([*criteria, "2021" if index % 2 == 0 else "2022"], 1))
        checks.append(wall([*TDI, "check", str(plain)], 1))
    ours, base = statistics.median(writes), statistics.median(checks)
    rows.append(
        Row(
            "criteria, INSEE example, writing",
            ours,
            "check, same, no provenance",
            base,
            "<= 1.5x",
            ours <= 1.5 * base,
        )
    )
    return rows


DATA_BUDGET = 2_000_000
"""Issue 13: the INSEE vintages shipped in the package, in all, stay under 2 MB."""


def data_sizes() -> str:
    """The size of each data file shipped with the package (tdi_split/data/insee/), and their total
    against :data:`DATA_BUDGET`."""
    folder = ROOT / "tdi_split" / "data" / "insee"
    files = sorted(path for path in folder.iterdir() if path.is_file())
    lines = ["| shipped data file | bytes |", "|---|---:|"]
    lines += [f"| {path.name} | {path.stat().st_size:,} |" for path in files]
    total = sum(path.stat().st_size for path in files)
    verdict = "yes" if total < DATA_BUDGET else "NO"
    lines.append(f"| total (target < {DATA_BUDGET:,}) | {total:,} ({verdict}) |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    repeat = 5 if args.quick else 11
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="tdi-bench-"))
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "tdi_split")], check=True, env=ENV)
    try:
        ours, base = paired(
            [*TDI, "compute", str(REFERENCE)], [PYTHON, str(BENCH / "floor_table.py"), str(REFERENCE)], repeat
        )
        rows.append(
            Row("compute, reference, table", ours, "floor script with Rich", base, "<= 1.25x", ours <= 1.25 * base)
        )

        click_only = [PYTHON, "-c", "import click"]
        for flag in ("--version", "--help"):
            ours, base = paired([*TDI, flag], click_only, repeat)
            rows.append(Row(f"tdi-split {flag}", ours, 'python -c "import click"', base, "<= 1.5x", ours <= 1.5 * base))

        ours, base = paired(
            [*TDI, "check", str(ROOT / "config"), "--format", "json"],
            [PYTHON, str(BENCH / "floor_plain.py"), str(REFERENCE)],
            repeat,
        )
        rows.append(
            Row("check config/ --format json", ours, "floor script without Rich", base, "<= 1.1x", ours <= 1.1 * base)
        )

        big = budget(10_000, work / "p10k.yaml")
        huge = budget(100_000, work / "p100k.yaml")
        heavy = max(3, repeat // 3)
        ours, base = paired(
            [*TDI, "compute", str(big), "--format", "json"], [PYTHON, str(BENCH / "yaml_only.py"), str(big)], heavy
        )
        rows.append(Row("compute, 10,000 partners, JSON", ours, "PyYAML CSafeLoader alone", base, "< 1 s", ours < 1.0))
        ten_k = ours
        rows += convention_life(work, big, ten_k, heavy)
        ours = wall([*TDI, "compute", str(huge), "--format", "json", "--max-bytes", "50000000"], 1)
        rows.append(Row("compute, 100,000 partners, JSON", ours, "the 10,000 run", ten_k, "<= 12x", ours <= 12 * ten_k))

        files = work / "budgets"
        files.mkdir()
        # the reference without its `expect` (each file changes the cost, so QBO's amount too)
        text = REFERENCE.read_text(encoding="utf-8").split("\nexpect:")[0] + "\n"
        for i in range(1000):
            (files / f"budget-{i:04}.yaml").write_text(text.replace("103800.00", f"{100000 + i}.00"), encoding="utf-8")
        ours = wall([*TDI, "check", str(files), "--format", "json"], heavy)
        rows.append(Row("check, 1,000 files, one process", ours, "-", None, "< 5 s", ours < 5.0))

        ours = wall(
            [*TDI, "compare", str(REFERENCE), "--sweep", "cost.annual=90000:189900:100", "--format", "json"], heavy
        )
        rows.append(Row("compare --sweep, 1,000 points", ours, "-", None, "< 2 s", ours < 2.0))
        rows += official_figures(work, repeat)
        rows += hostile(work, big)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"tdi-split benchmarks on {platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, median of {repeat} runs (3+ for large)"
    )
    print()
    header = f"| {'measure':<34} | {'time':>8} | {'peak':>7} | {'baseline':<28} | {'baseline':>8} | {'ratio':>7} "
    print(header + f"| {'target':<15} | ok |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 9}|{'-' * 30}|{'-' * 10}|{'-' * 9}|{'-' * 17}|----|")
    for row in rows:
        base_time = "-" if row.baseline_seconds is None else f"{row.baseline_seconds:.3f}s"
        memory = "-" if row.megabytes is None else f"{row.megabytes:.0f} MB"
        print(
            f"| {row.what:<34} | {row.seconds:>7.3f}s | {memory:>7} | {row.baseline:<28} | {base_time:>8} "
            f"| {row.ratio:>7} | {row.target:<15} | {'yes' if row.ok else 'NO':<2} |"
        )
    print("\n" + data_sizes())
    missed = [row.what for row in rows if not row.ok]
    if missed:
        print(f"\nmissed: {', '.join(missed)}")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
