"""`tdi-split compute --format scdl` and `-o FILE.scdl.csv`: the SCDL "subventions" publication."""

from __future__ import annotations

from pathlib import Path

import pytest

import tdi_split
from tdi_split.output.scdl import FIELDS, scdl_csv

from ..helpers import REFERENCE, ROOT, Invoke

EXAMPLE = ROOT / "examples" / "finistere-scdl.yaml"


def _expected() -> str:
    return scdl_csv(tdi_split.compute(tdi_split.load(EXAMPLE)))


def _lines(text: str) -> list[str]:
    """The lines of a text (click's test runner reads stdout with universal newlines: CRLF is LF)."""
    return text.splitlines()


def test_format_scdl_writes_the_publication_to_stdout(invoke: Invoke) -> None:
    result = invoke("compute", str(EXAMPLE), "--format", "scdl")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert _lines(result.stdout) == _lines(_expected())
    assert _lines(result.stdout)[0] == ",".join(FIELDS)
    assert "Quimper Bretagne Occidentale,20006812000019,2022-07-01,TI-29-2022-01," in result.stdout


@pytest.mark.parametrize("name", ["plan.scdl.csv", "PLAN.SCDL.CSV", "plan.2024.scdl.csv"])
def test_a_scdl_csv_output_is_the_publication(invoke: Invoke, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    result = invoke("compute", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {out}\n"
    assert out.read_bytes() == _expected().encode("utf-8")  # UTF-8, no byte order mark


def test_a_plain_csv_output_is_still_the_partners_table(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "plan.2024.csv"
    assert invoke("compute", str(EXAMPLE), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("id,name,kind,")


def test_the_locale_and_the_csv_dialect_leave_the_schemas_dialect_alone(invoke: Invoke) -> None:
    result = invoke("compute", str(EXAMPLE), "--format", "scdl", "--locale", "fr", "--csv-dialect", "fr")
    assert result.exit_code == 0, result.stderr
    assert _lines(result.stdout) == _lines(_expected())


def test_each_missing_identity_is_an_error_at_its_line(invoke: Invoke) -> None:
    result = invoke("compute", str(REFERENCE), "--format", "scdl")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 13  # the convention, the beneficiary's SIRET, the period's start, ten partners
    assert all(" error TDI601: " in line for line in lines)
    assert f"{REFERENCE}:20:3: error TDI601: period.start: " in result.stderr
    assert f"{REFERENCE}:36:5: error TDI601: partners[1].siret: " in result.stderr
    assert "add `siret` (14 digits) to 'qbo'" in result.stderr


def test_no_file_is_written_when_an_identity_is_missing(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "plan.scdl.csv"
    assert invoke("compute", str(REFERENCE), "-o", str(out)).exit_code == 1
    assert not out.exists()


def test_the_other_formats_do_not_ask_for_identities(invoke: Invoke) -> None:
    assert invoke("compute", str(REFERENCE), "--format", "csv").exit_code == 0


def test_only_compute_writes_scdl(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("explain", "qbo", str(EXAMPLE), "-o", str(tmp_path / "x.scdl.csv"))
    assert result.exit_code == 2
    assert "this command does not write the scdl format" in result.stderr
    assert invoke("explain", "qbo", str(EXAMPLE), "--format", "scdl").exit_code == 2
    assert "scdl" in invoke("compute", "--help").stdout


def test_the_written_file_is_valid_under_the_schema(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("frictionless")
    from ..test_scdl import _errors, _validate

    out = tmp_path / "plan.scdl.csv"
    assert invoke("compute", str(EXAMPLE), "-o", str(out)).exit_code == 0
    assert _errors(_validate(out.read_text(encoding="utf-8"))) == []
