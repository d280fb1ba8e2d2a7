"""Coverage-guided fuzzing of load + check + compute with atheris (pip install atheris).

    mkdir -p /tmp/corpus && python fuzz/fuzz_budget.py -max_total_time=30 /tmp/corpus config examples tests/corpus

Any exception other than our own located problems is a crash that atheris reports with
the input that caused it. The seeds are the project's budgets and the broken files of
tests/corpus; new inputs go to the first folder given.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from tdi_split.app import check_file
    from tdi_split.core.problems import BudgetError
    from tdi_split.files.budget import load_file

WORK = Path(tempfile.mkdtemp(prefix="tdi-fuzz-"))
TARGET = WORK / "budget.yaml"


def one_input(data: bytes) -> None:
    TARGET.write_bytes(data)
    report = check_file(TARGET)
    for problem in report.problems:
        if problem.line is None or problem.column is None:
            raise AssertionError(f"problem without a position: {problem}")
    try:
        load_file(TARGET).allocate()
    except BudgetError as error:
        if not error.problems:
            raise AssertionError("BudgetError without problems") from None


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
