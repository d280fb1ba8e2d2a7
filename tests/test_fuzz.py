"""Fuzzing load + check + compute: the only outcomes are a result or our own located problems.

Inputs are budget files mutated byte by byte and token by token, and soups of YAML tokens.
Never another exception, never more than 2 s for one input (hypothesis' deadline).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdi_split.app import check_file
from tdi_split.core.problems import BudgetError, Problem
from tdi_split.files.budget import load_file

from .helpers import REFERENCE, ROOT

SEEDS = [REFERENCE.read_bytes(), (ROOT / "examples" / "manager-de-commerce.yaml").read_bytes()]
TOKENS = [
    b"&a ",
    b"*a",
    b"!!python/object/apply:os.system ",
    b"!!str ",
    b"- ",
    b": ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"~",
    b"null",
    b"yes",
    b"no",
    b"on",
    b"1e400",
    b"-1",
    b".nan",
    b".inf",
    b"\x00",
    b"\xff",
    b"\xe9",
    b"\n",
    b"\t",
    b"  ",
    b"'",
    b'"',
    b"%",
    b"9" * 40,
    b"0.001",
    b"012",
    b"0x1F",
    b"1_000",
    b"12:30",
    "١٢".encode(),
    b"equal",
    b"min: 99999",
    b"max: 0",
    b"fixed: 1",
    b"contributes: false",
    b"---\n",
    b"? ",
    b"|",
    b">",
    b"#",
    b"\xef\xbb\xbf",
    b"\\u202e",
    "\u202e".encode(),
    b"rounding: {method: half-up, remainder_to: qbo}",
    b"calls: end",
    b"base: x.yaml",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        position = draw(st.integers(min_value=0, max_value=len(data)))
        action = draw(st.integers(min_value=0, max_value=3))
        if action == 0:
            data[position:position] = draw(st.sampled_from(TOKENS))
        elif action == 1:
            del data[position : position + draw(st.integers(min_value=1, max_value=40))]
        elif action == 2 and position < len(data):
            data[position] = draw(st.integers(min_value=0, max_value=255))
        else:
            start = draw(st.integers(min_value=0, max_value=len(data)))
            data[position:position] = data[start : start + draw(st.integers(min_value=1, max_value=80))]
    return bytes(data)


soup = st.lists(st.sampled_from([*TOKENS, b"schema: tdi-split/1\n", b"partners:\n", b"id: a", b"name: A"]), max_size=60)


def located(problems: Sequence[Problem]) -> bool:
    """Every problem has a code of ours, a line and a column."""
    return all(p.code.startswith("TDI") and (p.line or 0) >= 1 and (p.column or 0) >= 1 for p in problems)


def outcome(path: Path) -> None:
    assert located(check_file(path).problems)
    refused: list[Problem] = []
    try:
        load_file(path).allocate()
    except BudgetError as error:
        refused = error.problems or [Problem("none", "BudgetError without problems")]
    assert located(refused)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(mutated(), soup.map(b"".join), st.binary(max_size=300)))
def test_any_input_gives_a_result_or_located_problems(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    outcome(path)


@settings(max_examples=100, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated())
def test_mutated_overlays_too(tmp_path: Path, data: bytes) -> None:
    # An overlay of the reference, with mutated text appended as more of the overlay.
    (tmp_path / "base.yaml").write_bytes(REFERENCE.read_bytes())
    overlay = (ROOT / "examples" / "scenarios" / "plancher-2000.yaml").read_bytes()
    overlay = overlay.replace(b"../../config/partners.yaml", b"base.yaml") + b"\n" + data[:400]
    path = tmp_path / "overlay.yaml"
    path.write_bytes(overlay)
    outcome(path)
