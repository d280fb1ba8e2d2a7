"""The SCDL "subventions" export (schema 2.1.1): its lines, the missing identities as located
problems, and the files validated against the vendored schema with frictionless (skipped
without it), offline."""

from __future__ import annotations

import builtins
import csv
import hashlib
import io
import re
import socket
from collections.abc import Iterable, Iterator
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

import tdi_split
from tdi_split.core.engine import Allocation
from tdi_split.core.model import Budget
from tdi_split.files.budget import load_file
from tdi_split.output.scdl import (
    FIELDS,
    PROBLEM_CODE,
    SCHEMA_FILE,
    SCHEMA_VERSION,
    ScdlIdentityError,
    scdl_csv,
    scdl_problems,
    scdl_rows,
    schema,
)

from .helpers import REFERENCE, ROOT, allocate, budget_data

if TYPE_CHECKING:
    from frictionless import Report

EXAMPLE = ROOT / "examples" / "finistere-scdl.yaml"
SCHEMA_SHA256 = "d58e9417259718201a28e9f8f2d783ae0a70fb0c34d56630b89ce171cad1db6c"
"""The vendored schema's SHA-256, as its README states it."""
BENEFICIARY = {"name": "UIMM Finistère", "siret": "78144418700012"}
CONVENTION = {"date": "2022-07-01", "reference": "TI-29-2022-01"}
PERIOD = {"months": 24, "start": "2022-09-01"}
SIRETS = {"a": "20006812000019", "b": "24290031400012", "c": "24290083500016"}


def _example() -> Allocation:
    return tdi_split.compute(tdi_split.load(EXAMPLE))


def _identified(**changes: Any) -> Allocation:
    """A small budget with every identity the export needs (24 months, two partners)."""
    partners = [
        {"id": "a", "name": "A", "siret": SIRETS["a"], "criteria": {"population": 1}},
        {"id": "b", "name": "B", "siret": SIRETS["b"], "criteria": {"population": 2}},
    ]
    data: dict[str, Any] = {
        "beneficiary": BENEFICIARY,
        "convention": CONVENTION,
        "period": PERIOD,
        "partners": partners,
        **changes,
    }
    return allocate(**data)


# The vendored schema


def test_the_vendored_schema_is_the_file_its_readme_names() -> None:
    data = resources.files("tdi_split").joinpath("data", "scdl", SCHEMA_FILE).read_bytes()
    assert hashlib.sha256(data).hexdigest() == SCHEMA_SHA256
    readme = resources.files("tdi_split").joinpath("data", "scdl", "README.md").read_text(encoding="utf-8")
    assert SCHEMA_SHA256 in readme
    assert f"{len(data):,} bytes" in readme


def test_the_header_is_the_schemas_fields_in_its_order() -> None:
    described = schema()
    assert described["version"] == SCHEMA_VERSION == "2.1.1"
    assert tuple(field["name"] for field in described["fields"]) == FIELDS


# The lines


def test_one_line_per_partner_with_the_plans_amounts() -> None:
    allocation = _example()
    rows = scdl_rows(allocation)
    assert [row["nomAttribuant"] for row in rows] == [share.name for share in allocation.partners]
    qbo = rows[1]
    assert qbo == {
        "nomAttribuant": "Quimper Bretagne Occidentale",
        "idAttribuant": "20006812000019",
        "dateConvention": "2022-07-01",
        "referenceDecision": "TI-29-2022-01",
        "nomBeneficiaire": "UIMM Finistère",
        "idBeneficiaire": "78144418700012",
        "rnaBeneficiaire": "",
        "objet": "Chef·fe de projet Territoire d'industrie Finistère",
        "montant": "23187.00",  # 11,593.50 a year for two years, as the deliberation votes
        "nature": "aide en numéraire",
        "conditionsVersement": "échelonné",
        "datesPeriodeVersement": "2022-09-01/2024-08-31",
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",  # one beneficiary: the schema's 100 %
        "dispositifAide": "",
    }


def test_the_amounts_add_up_to_the_net_cost_the_partners_share() -> None:
    allocation = _example()
    total = sum(Decimal(row["montant"]) for row in scdl_rows(allocation))
    assert total == allocation.net_cost == Decimal("127600.00")


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"period": {"months": 18, "start": "2023-01-31"}},
        {"period": {"months": 7, "start": "2024-02-29"}},
        {"cost": {"by_year": ["101000.00", "106600.01"]}},
        {"subsidies": [{"id": "etat", "name": "État", "rate": "33.33 %", "cap": "7000.00"}]},
    ],
)
def test_the_amounts_add_up_whatever_the_period_and_cost(changes: dict[str, Any]) -> None:
    allocation = _identified(**changes)
    rows = scdl_rows(allocation)
    assert sum(Decimal(row["montant"]) for row in rows) == allocation.net_cost
    assert all(re.fullmatch(r"[0-9]+\.[0-9]{2}", row["montant"]) for row in rows)


def test_a_partner_paying_in_one_year_pays_once_over_that_year() -> None:
    partners = [
        {"id": "a", "name": "A", "siret": SIRETS["a"], "criteria": {"population": 1}},
        {"id": "b", "name": "B", "siret": SIRETS["b"], "criteria": {"population": 1}, "years": [2]},
        {"id": "c", "name": "C", "contributes": False},  # a signatory that pays nothing: no line, no SIRET asked
    ]
    rows = scdl_rows(_identified(partners=partners))
    assert [(row["nomAttribuant"], row["conditionsVersement"], row["datesPeriodeVersement"]) for row in rows] == [
        ("A", "échelonné", "2022-09-01/2024-08-31"),
        ("B", "unique", "2023-09-01/2024-08-31"),
    ]


def test_a_fixed_contribution_is_a_line_too() -> None:
    partners = [
        {"id": "a", "name": "A", "siret": SIRETS["a"], "criteria": {"population": 1}},
        {"id": "b", "name": "B", "siret": SIRETS["b"], "fixed": "1000.00"},
    ]
    rows = scdl_rows(_identified(partners=partners))
    assert [row["montant"] for row in rows] == ["22000.00", "2000.00"]


def test_the_csv_is_the_header_then_the_lines_comma_separated_without_bom() -> None:
    allocation = _example()
    text = scdl_csv(allocation)
    assert text.startswith("nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,")
    assert text.endswith("\r\n")
    read = list(csv.reader(io.StringIO(text)))
    assert read[0] == list(FIELDS)
    assert read[1:] == [[row[field] for field in FIELDS] for row in scdl_rows(allocation)]


# Missing identities


def test_each_missing_identity_names_the_field_to_add_at_its_line() -> None:
    loaded = load_file(REFERENCE)
    allocation = loaded.allocate()
    with pytest.raises(ScdlIdentityError) as raised:
        scdl_rows(allocation)
    problems = loaded.locate(raised.value.problems)
    assert {problem.code for problem in problems} == {PROBLEM_CODE}
    where = [(problem.where, problem.line) for problem in problems]
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    beneficiary = next(n for n, line in enumerate(lines, 1) if line.startswith("beneficiary:"))
    period = next(n for n, line in enumerate(lines, 1) if line.startswith("period:"))
    document = next(n for n, line in enumerate(lines, 1) if line.startswith("schema:"))
    qbo = next(n for n, line in enumerate(lines, 1) if "id: qbo" in line)
    # a field the file lacks is located at its nearest node: the mapping, or the document
    assert where[:3] == [("beneficiary.siret", beneficiary), ("convention", document), ("period.start", period + 1)]
    assert where[4] == ("partners[1].siret", qbo)
    assert [w for w, _ in where[3:]] == [f"partners[{i}].siret" for i in range(10)]
    assert "beneficiary: {name: UIMM Finistère, siret:" in problems[0].message
    assert scdl_problems(allocation) == raised.value.problems


def test_a_partner_with_only_a_siren_is_told_to_add_the_siret_that_starts_with_it() -> None:
    partners = [
        {"id": "a", "name": "A", "siren": "200068120", "criteria": {"population": 1}},
        {"id": "b", "name": "B", "siret": SIRETS["b"], "criteria": {"population": 1}},
    ]
    (problem,) = scdl_problems(_identified(partners=partners))
    assert problem.where == "partners[0].siret"
    assert "starting with its SIREN 200068120" in problem.message


def test_a_convention_without_its_date_and_a_long_title_are_problems_too() -> None:
    allocation = _identified(convention={"reference": "TI-29"}, title="x" * 300)
    assert [(p.where, p.code) for p in scdl_problems(allocation)] == [
        ("title", PROBLEM_CODE),
        ("convention.date", PROBLEM_CODE),
    ]


@pytest.mark.parametrize("currency", ["XPF", "USD"])
def test_a_budget_in_another_currency_than_the_euro_is_refused(currency: str) -> None:
    """The schema's `montant` is "exprimé en euros": 3,000,000 XPF published as 3,000,000 EUR
    would be a false publication."""
    assert scdl_problems(_identified()) == []
    problems = scdl_problems(_identified(currency=currency))
    assert [(p.where, p.code) for p in problems] == [("currency", PROBLEM_CODE)]
    assert f"this budget is in {currency}" in problems[0].message


def test_a_siret_whose_siren_fails_the_luhn_check_is_refused_when_read() -> None:
    # 78144418000017 passes the Luhn check over its 14 digits, but its SIREN 781444180 does not:
    # the schema's `french-siret-value` check would refuse the file, so the budget's model does
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="78144418000017 fails its check digit"):
        Budget.model_validate(budget_data(beneficiary={"name": "X", "siret": "78144418000017"}))


def test_a_budget_without_beneficiary_is_asked_for_one() -> None:
    data = {"beneficiary": None}
    problems = scdl_problems(_identified(**data))
    assert [p.where for p in problems] == ["beneficiary"]


# Hostile names


HOSTILE = ['=HYPERLINK("http://x","y")', "+SUM(A1)", "-2+3", "@cmd", 'Comma, "quoted" name']


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_stays_data(name: str) -> None:
    partners = [
        {"id": "a", "name": name, "siret": SIRETS["a"], "criteria": {"population": 1}},
        {"id": "b", "name": "B", "siret": SIRETS["b"], "criteria": {"population": 1}},
    ]
    allocation = _identified(partners=partners, title=name, beneficiary={**BENEFICIARY, "name": name})
    assert scdl_rows(allocation)[0]["nomAttribuant"] == name  # the lines hold the name as it is
    cells = list(csv.reader(io.StringIO(scdl_csv(allocation))))[1]
    for field in ("nomAttribuant", "nomBeneficiaire", "objet"):
        cell = cells[FIELDS.index(field)]
        assert cell == ("'" + name if name[0] in "=+-@" else name)


# Validation against the vendored schema, with frictionless


def _luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (1 + position % 2)
        total += value // 10 + value % 10
    return total % 10 == 0


def _siret_is_valid(value: str) -> bool:
    """python-stdnum's ``fr.siret`` rule, which the custom check ``french-siret-value`` applies:
    14 digits, Luhn over the SIRET and over its SIREN; La Poste's establishments (SIREN
    356000000) have a digit sum that is a multiple of 5 instead."""
    if not re.fullmatch(r"[0-9]{14}", value):
        return False
    if value.startswith("356000000") and value != "35600000000048":
        return sum(map(int, value)) % 5 == 0
    return _luhn(value) and _luhn(value[:9])


def _custom_checks(described: dict[str, Any]) -> list[Any]:
    """The schema's ``custom_checks`` (a Validata extension frictionless does not run) as
    frictionless checks: ``french-siret-value`` and ``one-of-required``; any other fails the test."""
    import attrs
    from frictionless import Check, Error, Row, errors

    class FrenchSiretValueError(errors.CellError):
        type = "french-siret-value"
        title = "Numéro SIRET invalide"
        description = "A SIRET that is not valid by INSEE's definition (python-stdnum fr.siret)."
        template = "La valeur {cell} n'est pas un numéro SIRET français valide."

    class OneOfRequiredError(errors.RowError):
        type = "one-of-required"
        title = "Un élément requis"
        description = "Neither of two columns has a value."
        template = "Row {rowNumber}: {note}"

    @attrs.define(kw_only=True, repr=False)
    class FrenchSiretValue(Check):
        type = "french-siret-value"
        Errors: ClassVar[list[builtins.type[Error]]] = [FrenchSiretValueError]
        column: str

        def validate_row(self, row: Row) -> Iterator[Error]:
            value = row[self.column]
            if value and not _siret_is_valid(str(value)):
                yield FrenchSiretValueError.from_row(row, note="", field_name=self.column)

    @attrs.define(kw_only=True, repr=False)
    class OneOfRequired(Check):
        type = "one-of-required"
        Errors: ClassVar[list[builtins.type[Error]]] = [OneOfRequiredError]
        column1: str
        column2: str

        def validate_row(self, row: Row) -> Iterator[Error]:
            if not row[self.column1] and not row[self.column2]:
                note = f"at least one of {self.column1!r} and {self.column2!r} must have a value"
                yield OneOfRequiredError.from_row(row, note=note)

    known = {"french-siret-value": FrenchSiretValue, "one-of-required": OneOfRequired}
    return [known[check["name"]](**check["params"]) for check in described["custom_checks"]]


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No connection may be opened: the schema is the vendored file, nothing is downloaded (an
    attempt is refused, and recorded in case the library catches the refusal)."""
    attempts: list[tuple[object, ...]] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError(f"a connection was attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
    assert attempts == []


def _validate(text: str) -> Report:
    """``text`` (a CSV file) validated against the vendored schema and its custom checks."""
    frictionless = pytest.importorskip("frictionless")
    described = schema()
    resource = frictionless.Resource(
        data=text.encode("utf-8"),
        format="csv",
        encoding="utf-8",
        schema=frictionless.Schema.from_descriptor(described),
    )
    report: Report = frictionless.validate(resource, checks=_custom_checks(described))
    return report


def _errors(report: Report) -> list[tuple[Any, ...]]:
    rows: Iterable[tuple[Any, ...]] = (tuple(row) for row in report.flatten(["rowNumber", "fieldName", "type"]))
    return list(rows)


@pytest.mark.usefixtures("offline")
def test_the_example_file_is_valid() -> None:
    report = _validate(scdl_csv(_example()))
    assert _errors(report) == []
    assert report.valid
    assert report.tasks[0].stats["rows"] == 10


@pytest.mark.usefixtures("offline")
@pytest.mark.parametrize("name", HOSTILE)
def test_a_file_with_hostile_names_is_still_valid(name: str) -> None:
    partners = [
        {"id": "a", "name": name, "siret": SIRETS["a"], "criteria": {"population": 1}},
        {"id": "b", "name": "B", "siret": SIRETS["b"], "criteria": {"population": 1}},
    ]
    assert _validate(scdl_csv(_identified(partners=partners, title=name))).valid


@pytest.mark.usefixtures("offline")
@pytest.mark.parametrize(
    ("wrong", "errors"),
    [
        # 13 digits: the schema's pattern refuses it, and so does the SIRET check
        ("2000681200001", ["constraint-error", "french-siret-value"]),
        ("20006812X00019", ["constraint-error", "french-siret-value"]),
        # 14 digits, the last one wrong: the pattern lets it through, the Luhn check does not
        ("20006812000018", ["french-siret-value"]),
    ],
)
def test_a_wrong_siret_makes_the_file_invalid(wrong: str, errors: list[str]) -> None:
    # the loader refuses such a SIRET in a budget: the file is altered after it is written
    text = scdl_csv(_example()).replace("20006812000019", wrong)
    report = _validate(text)
    assert not report.valid
    assert _errors(report) == [(3, "idAttribuant", error) for error in errors]


@pytest.mark.usefixtures("offline")
def test_a_column_the_schema_does_not_name_makes_the_file_invalid() -> None:
    lines = scdl_csv(_example()).split("\r\n")
    text = "\r\n".join([lines[0] + ",cofinancement", *(line + ",État" for line in lines[1:-1]), ""])
    report = _validate(text)
    assert not report.valid
    assert ("extra-label" in {row[2] for row in _errors(report)}) or (
        "extra-cell" in {row[2] for row in _errors(report)}
    )


@pytest.mark.usefixtures("offline")
def test_a_line_without_the_beneficiary_is_invalid() -> None:
    text = scdl_csv(_example()).replace(",78144418700012,", ",,", 1)
    assert [row[2] for row in _errors(_validate(text))] == ["one-of-required"]


def test_the_module_needs_no_frictionless() -> None:
    source = Path(tdi_split.__file__).parent.joinpath("output", "scdl.py").read_text(encoding="utf-8")
    assert "frictionless" not in re.sub(r'""".*?"""', "", source, flags=re.DOTALL)
