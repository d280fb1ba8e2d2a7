"""The SCDL "subventions" publication of a plan: one line per contributing partner (schema 2.1.1).

A convention whose subsidies pass 23,000 EUR a year must be published as open data (décret
2017-779, arrêté du 17 novembre 2017) in the format of the Socle commun des données locales:
the Table Schema ``subventions`` of OpenDataFrance, version 2.1.1, vendored unchanged in
``tdi_split/data/scdl/`` (its origin, licence and SHA-256 in the README beside it).

What each field says for a co-financed post (the schema's descriptions, read for this case):

* one line per **attribuant**: each contributing partner that pays something attributes its own
  contribution to the beneficiary by its own deliberation. ``nomAttribuant`` is the partner's
  ``name``, ``idAttribuant`` its ``siret`` (14 digits; a SIREN alone does not name an
  establishment, so a partner with only ``siren`` is a missing identity);
* ``montant`` is what the partner pays over the whole period (its total, two decimals, a dot):
  the lines add up to the net cost the partners share (DESIGN 4.4), to the cent;
* ``pourcentageSubvention`` is, in the schema, the part of the subsidy that goes to *this
  beneficiary* when one subsidy has several beneficiaries ("dans le cas d'un bénéficiaire
  unique, le pourcentage est 100 %, soit 1.00"). A post has one beneficiary, so it is ``1.00``
  on every line. The partner's share of the cost is not a field of the schema (it is
  ``montant`` over the sum of ``montant``); written there, it would make a reader who takes
  ``montant`` x ``pourcentageSubvention`` as what the beneficiary receives find a fraction of it
  (and a share under 1 % would break the schema's minimum of 0.01);
* ``conditionsVersement`` is ``échelonné`` when the partner pays in several years (one call a
  year, DESIGN 6.4), ``unique`` when it pays in one;
* ``datesPeriodeVersement`` is ``AAAA-MM-JJ/AAAA-MM-JJ``: from the first day of the first year
  it pays for to the last day of the last one (each payment falls in its year, called at its
  start or its end); the exact dates of payment are not known when the plan is published,
  which is the case the schema gives for a period rather than a date, even for a single payment;
* ``dateConvention`` and ``referenceDecision`` come from ``convention`` (``date``, and
  ``reference`` if any: the schema does not require it); ``objet`` is the budget's ``title``
  (at most 256 characters); ``nature`` is ``aide en numéraire``; ``notificationUE`` is ``non``
  (a budget has no field for a de minimis aid notified to the European Commission: edit the
  file by hand in that case); ``nomBeneficiaire`` and ``idBeneficiaire`` are the
  ``beneficiary``'s ``name`` and ``siret``; ``rnaBeneficiaire``, ``idRAE`` and
  ``dispositifAide`` are left empty.

Schema 2.1.1 has no field for co-financing or for the years of a multi-year subsidy (the
``cofinancement``, ``pluriannualite``... of other formats are not SCDL fields, and a column the
schema does not name makes a file invalid): the co-funders of a post appear as its other lines
(the partners), and the State's subsidy is published by the State. Each partner publishes its
own line (the obligation is the attribuant's, above 23,000 EUR a year): the file holds them all.

What is missing to write the file is reported as :class:`ScdlIdentityError`, a
:class:`~tdi_split.core.problems.BudgetError` whose problems (code ``TDI601``) each name the
path of the field to add (``partners[3].siret``, ``beneficiary.siret``, ``convention.date``,
``period.start``), so that the loader's locator gives them a file, a line
and a column.

The CSV is what SCDL files are (the schema states no dialect, so Table Schema's default):
RFC 4180 with commas and CRLF, UTF-8 without a byte order mark, dot decimals, the header the
schema's field names in its order, every field present; ``--locale`` and ``--csv-dialect``
leave it alone. A text cell that starts with ``=``,
``+``, ``-`` or ``@`` gets a leading apostrophe, as in every CSV tdi-split writes, so that no
spreadsheet runs it: the schema puts no pattern on names, references and ``objet`` (the only
fields that can start so), so such a file stays valid; no public body's name starts so, and a
reader that strips the apostrophe gets the name back.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from importlib import resources
from typing import Any, Final

from ..core.engine import Allocation, PartnerShare
from ..core.money import to_text
from ..core.problems import BudgetError, Problem, quote
from .plain import csv_label

__all__ = [
    "FIELDS",
    "PROBLEM_CODE",
    "SCHEMA_FILE",
    "SCHEMA_VERSION",
    "ScdlIdentityError",
    "scdl_csv",
    "scdl_problems",
    "scdl_rows",
    "schema",
]

SCHEMA_VERSION: Final = "2.1.1"
"""The version of the SCDL ``subventions`` schema the export follows."""
SCHEMA_FILE: Final = "subventions-2.1.1.schema.json"
"""The vendored schema, in the source tree's ``tdi_split/data/scdl/`` (not in a wheel)."""
PROBLEM_CODE: Final = "TDI601"
"""The code of a field the SCDL export needs and the budget lacks."""
FIELDS: Final = (
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
)
"""The schema's fields, in its order: the CSV header (a test compares them with the vendored file)."""
MAX_OBJET: Final = 256
"""The schema's ``maxLength`` of ``objet``."""
NATURE: Final = "aide en numéraire"
SINGLE_BENEFICIARY: Final = "1.00"
"""``pourcentageSubvention`` of a subsidy with one beneficiary (the schema's own words)."""


class ScdlIdentityError(BudgetError):
    """A plan that cannot be published in SCDL: each problem names the field to add, by its path."""


def schema() -> dict[str, Any]:
    """The vendored SCDL ``subventions`` Table Schema (version :data:`SCHEMA_VERSION`), parsed:
    in the source tree only (the tests validate against it; a wheel does not ship it while its
    licence is unstated, and the export needs only :data:`FIELDS`)."""
    text = resources.files("tdi_split").joinpath("data", "scdl", SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _attributing(allocation: Allocation) -> list[tuple[int, PartnerShare]]:
    """The partners that attribute something: contributing, with a total above zero, by index."""
    return [(index, share) for index, share in enumerate(allocation.partners) if share.contributes and share.total > 0]


def scdl_problems(allocation: Allocation) -> list[Problem]:
    """What the SCDL export of ``allocation`` needs and its budget lacks: one problem per field to
    add, at its path (the locator points at the nearest node the file has). Empty when the
    export can be written."""
    budget = allocation.budget
    problems: list[Problem] = []

    def lacks(path: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(PROBLEM_CODE, f"the SCDL export needs {message}", path))

    if budget.currency != "EUR":
        lacks(
            ("currency",),
            f"amounts in euros (its `montant` is in euros): this budget is in {budget.currency}; convert it to EUR",
        )
    if len(budget.title) > MAX_OBJET:
        lacks(("title",), f"an `objet` of at most {MAX_OBJET} characters: shorten the title ({len(budget.title)})")
    if budget.beneficiary is None:
        lacks(("beneficiary",), 'the beneficiary: add `beneficiary: {name: ..., siret: "<14 digits>"}`')
    elif budget.beneficiary.siret is None:
        lacks(
            ("beneficiary", "siret"),
            f'the beneficiary\'s SIRET: write `beneficiary: {{name: {budget.beneficiary.name}, siret: "<14 digits>"}}`',
        )
    if budget.convention is None:
        lacks(("convention",), "the date the convention was signed: add `convention: {date: YYYY-MM-DD}`")
    elif budget.convention.date is None:
        lacks(("convention", "date"), "the date the convention was signed: add `date: YYYY-MM-DD` to `convention`")
    if budget.period.start is None:
        lacks(
            ("period", "start"), "the first day of the period (the payment period): add `start: YYYY-MM-DD` to `period`"
        )
    for index, share in _attributing(allocation):
        partner = budget.partners[index]
        if partner.siret is None:
            known = f", starting with its SIREN {partner.siren}" if partner.siren else ""
            lacks(
                ("partners", index, "siret"),
                f"the SIRET of each partner that pays: add `siret` (14 digits{known}) to {quote(share.id)}",
            )
    return problems


def _payment_period(allocation: Allocation, share: PartnerShare) -> tuple[int, str]:
    """How many years the partner pays in, and ``first day/last day`` of the years it pays for."""
    paid = [year for year, amount in zip(allocation.years, share.years, strict=True) if amount > 0]
    first, last = paid[0].start, paid[-1].end
    assert first is not None  # scdl_problems asks for `period.start`
    assert last is not None
    return len(paid), f"{first.isoformat()}/{last.isoformat()}"


def scdl_rows(allocation: Allocation) -> list[dict[str, str]]:
    """One line per contributing partner that pays something, in the order of the file: each
    field of :data:`FIELDS` as the schema writes it (amounts with two decimals and a dot, dates
    ``AAAA-MM-JJ``, empty text for an optional field left out). The texts are the budget's own:
    :func:`scdl_csv` makes them safe for a spreadsheet. :class:`ScdlIdentityError` when an
    identity (or a date) is missing."""
    problems = scdl_problems(allocation)
    if problems:
        raise ScdlIdentityError(problems)
    budget = allocation.budget
    beneficiary, convention = budget.beneficiary, budget.convention
    # scdl_problems found none: each of these is there
    assert beneficiary is not None
    assert beneficiary.siret is not None
    assert convention is not None
    assert isinstance(convention.date, dt.date)
    rows: list[dict[str, str]] = []
    for index, share in _attributing(allocation):
        siret = budget.partners[index].siret
        assert siret is not None
        years, period = _payment_period(allocation, share)
        rows.append(
            {
                "nomAttribuant": share.name,
                "idAttribuant": siret,
                "dateConvention": convention.date.isoformat(),
                "referenceDecision": convention.reference or "",
                "nomBeneficiaire": beneficiary.name,
                "idBeneficiaire": beneficiary.siret,
                "rnaBeneficiaire": "",
                "objet": budget.title,
                "montant": to_text(share.total),
                "nature": NATURE,
                "conditionsVersement": "échelonné" if years > 1 else "unique",
                "datesPeriodeVersement": period,
                "idRAE": "",
                "notificationUE": "non",
                "pourcentageSubvention": SINGLE_BENEFICIARY,
                "dispositifAide": "",
            }
        )
    total = sum((Decimal(row["montant"]) for row in rows), Decimal("0.00"))
    assert total == allocation.net_cost, (total, allocation.net_cost)  # DESIGN 4.9: the shares add up
    return rows


def scdl_csv(allocation: Allocation) -> str:
    """The SCDL file: RFC 4180 CSV (comma, CRLF, UTF-8 without BOM), the header :data:`FIELDS`,
    then :func:`scdl_rows`, each text cell through :func:`~.plain.csv_label` so that no
    spreadsheet runs it. :class:`ScdlIdentityError` when an identity is missing."""
    import csv  # only this format needs it

    rows = scdl_rows(allocation)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([csv_label(row[field]) for field in FIELDS])
    return buffer.getvalue()
