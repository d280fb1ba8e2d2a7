"""The budget file as pydantic v2 models (schema ``tdi-split/1``, DESIGN section 3).

Every model is frozen and forbids unknown keys: a typo must never be silently
ignored. Scalars go through the validators of this module rather than pydantic's
lax coercions, because YAML's own coercions are the source of the worst surprises
(``no`` read as false, ``012`` as 10, ``0.1`` as a binary float). The loader keeps
scalars as text, and the validators here read them by the rules of :mod:`.money`.

Rules that relate several fields (unique ids, criteria of the key, bounds) live in
:mod:`.rules`, which reports them with the exact path of the offending node.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema, field_validator, model_validator
from pydantic_core import PydanticCustomError

from . import money

__all__ = [
    "OFFICIAL_DATASET",
    "SCHEMA_ID",
    "Budget",
    "Cost",
    "CostLine",
    "Expectation",
    "Partner",
    "Period",
    "Rounding",
    "Source",
    "Subsidy",
]

SCHEMA_ID: Final = "tdi-split/1"
"""The one value of ``schema`` this version reads."""
LEDGER_SCHEMA_ID: Final = "tdi-split-ledger/1"
"""The schema of ledgers (DESIGN 6.2)."""

ID_PATTERN: Final = r"^[a-z0-9][a-z0-9_-]*$"
CRITERION_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
_ID_RE: Final = re.compile(ID_PATTERN)
_CRITERION_RE: Final = re.compile(CRITERION_PATTERN)
MAX_TEXT: Final = 500
MAX_CRITERIA: Final = 64
"""Most criteria in a key: a key weighs partners by a few figures (the exact weights' common
denominator grows with every criterion)."""
# Bidirectional overrides and isolates can make a label display as something else.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_REFUSED_CATEGORIES: Final = {
    "Cc": "the control character",
    "Cs": "the lone surrogate",
    "Cf": "the invisible format character",  # zero-width spaces and joiners, tag characters, soft hyphen
    "Zl": "the line separator",
    "Zp": "the paragraph separator",
    "Cn": "the unassigned code point",
    "Co": "the private-use character",
}
"""Characters no label may hold: they act on a terminal, forge a table line, or hide in a name."""
_BLANK_LETTERS: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
"""Letters that print as nothing (Hangul fillers, the blank Braille pattern...): a name of them looks empty."""
_IGNORABLE: Final = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian variation selectors
    (0xFE00, 0xFE0F),  # variation selectors
    (0xE0100, 0xE01EF),  # variation selectors supplement
)
"""Default-ignorable code points that are not format characters (Unicode's
Default_Ignorable_Code_Point, less the Cf category refused as a whole): invisible in a name."""


def _fail(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _yaml_hint(value: object) -> str:
    """What YAML made of a scalar, when that explains a type error."""
    if isinstance(value, bool):
        return f" (YAML read {str(value).lower()} as a boolean; put it in quotes if it is text)"
    if value is None:
        return " (the value is empty)"
    return ""


def _amount(value: object) -> Decimal:
    try:
        return money.parse_amount(value)
    except money.InputError as error:
        raise _fail("amount", str(error)) from None


def _rate(value: object) -> Decimal:
    try:
        return money.parse_rate(value)
    except money.InputError as error:
        raise _fail("rate", str(error)) from None


def _quantity(value: object) -> Decimal:
    try:
        return money.parse_quantity(value)
    except money.InputError as error:
        raise _fail("quantity", str(error)) from None


def _key_weight(value: object) -> Decimal:
    try:
        return money.parse_quantity(value, positive=True)
    except money.InputError as error:
        raise _fail("quantity", str(error)) from None


def _whole_number(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):
        if len(value.strip()) > 1 and value.strip().startswith("0"):
            # YAML 1.1 reads 010 as the octal 8: never guess which the person meant.
            raise _fail("whole_number", f"a whole number must not start with 0, got {value.strip()!r}")
        return int(value)
    raise _fail("whole_number", f"expected a whole number, got {money.describe(value)}{_yaml_hint(value)}")


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in money.YAML11_BOOLEANS:
        raise _fail(
            "boolean",
            f"expected true or false, got {value!r} (a YAML 1.1 boolean that YAML 1.2 reads as text); "
            f"write {'true' if value.strip().lower() in {'yes', 'on', 'y'} else 'false'}",
        )
    raise _fail("boolean", f"expected true or false, got {money.describe(value)}")


def _text(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _fail("text", f"expected text, got {money.describe(value)}{_yaml_hint(value)}")
    if not value.strip():
        raise _fail("text", "expected text, got an empty value")
    if len(value) > MAX_TEXT:
        raise _fail("text", f"text too long: {len(value)} characters (at most {MAX_TEXT})")
    for char in value:
        code = ord(char)
        if char in _BIDI_CONTROLS:
            what = "the control character"
        elif char in _BLANK_LETTERS or any(low <= code <= high for low, high in _IGNORABLE):
            what = "the invisible character"
        else:
            what = _REFUSED_CATEGORIES.get(unicodedata.category(char), "")
        if what:
            raise _fail("text", f"text contains {what} U+{ord(char):04X}; labels must be plain printable text")
    return value.strip()


def _identifier(value: object) -> str:
    if isinstance(value, str) and _ID_RE.fullmatch(value) and len(value) <= 100:
        return value
    raise _fail(
        "identifier",
        f"expected an id of lower-case letters, digits, '-' and '_' (such as 'brest-metropole'), "
        f"got {money.describe(value)}",
    )


def _criterion_name(value: object) -> str:
    if isinstance(value, str) and _CRITERION_RE.fullmatch(value) and len(value) <= 100:
        return value
    raise _fail("identifier", f"expected a criterion name of letters, digits, '-' and '_', got {money.describe(value)}")


def _luhn(digits: str) -> bool:
    """The Luhn check INSEE uses for SIREN and SIRET numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


LA_POSTE: Final = "356000000"
"""La Poste's SIREN: its thousands of establishments are numbered by another rule."""


def _valid_identity(digits: str) -> bool:
    """A SIREN passes the Luhn check; a SIRET too, and so does the SIREN it starts with (INSEE's
    rule, which the SCDL schema's `french-siret-value` check applies); La Poste's SIRETs have
    digits adding up to a multiple of 5."""
    if len(digits) == 14 and digits.startswith(LA_POSTE):
        return sum(int(char) for char in digits) % 5 == 0
    return _luhn(digits) and (len(digits) != 14 or _luhn(digits[:9]))


def _identity(length: int, what: str) -> Any:
    def check(value: object) -> str:
        text = str(value).replace(" ", "") if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text is None or not re.fullmatch(rf"[0-9]{{{length}}}", text):
            raise _fail("identity", f"expected a {what} of {length} digits, got {money.describe(value)}")
        if not _valid_identity(text):
            raise _fail("identity", f"the {what} {text} fails its check digit (Luhn): a digit is wrong")
        return text

    return check


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _fail("date", f"no such date: {value.strip()}") from None
    raise _fail("date", f"expected a date such as 2022-09-01, got {money.describe(value)}")


_DECIMAL_TEXT: Final = r"^\s*\+?[0-9]+([.,][0-9]+)?\s*%?\s*$"


def _number_schema(
    description: str, bounds: dict[str, int], examples: list[Any], pattern: str = _DECIMAL_TEXT
) -> dict[str, Any]:
    """The JSON Schema of a figure written as a number within ``bounds`` or as text; ``examples``
    stay beside a field's own description, which replaces this one (editors show both)."""
    return {
        "description": description,
        "examples": examples,
        "anyOf": [{"type": "number", **bounds}, {"type": "string", "pattern": pattern}],
    }


Amount = Annotated[
    Decimal,
    PlainValidator(_amount),
    WithJsonSchema(
        _number_schema(
            "An amount in the budget's currency (EUR unless `currency` says otherwise), at most two "
            'decimals, e.g. 1234.50 or "1234,50".',
            {"minimum": 0},
            [52000, "1234,50"],
            r"^\s*\+?(0|[1-9][0-9]{0,11})([.,][0-9]{1,2})?\s*$",
        )
    ),
]
"""An amount of money, two decimals, never negative."""
Rate = Annotated[
    Decimal,
    PlainValidator(_rate),
    WithJsonSchema(
        _number_schema(
            'A rate: a number from 0 to 1, or a percentage such as "50 %" or "12,5 %".',
            {"minimum": 0, "maximum": 1},
            ["50 %", 0.5],
        )
    ),
]
Quantity = Annotated[
    Decimal,
    PlainValidator(_quantity),
    WithJsonSchema(_number_schema("A figure of 0 or more, e.g. a population.", {"minimum": 0}, [100208])),
]
KeyWeight = Annotated[
    Decimal,
    PlainValidator(_key_weight),
    WithJsonSchema(
        _number_schema(
            "The weight of a criterion in the key, above 0 (normalised to add up to 1).",
            {"exclusiveMinimum": 0},
            ["70 %", 1],
        )
    ),
]
_WHOLE_SCHEMA: Final = {
    "examples": [2],
    "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^\s*[0-9]{1,9}\s*$"}],
}
WholeNumber = Annotated[int, PlainValidator(_whole_number), WithJsonSchema(_WHOLE_SCHEMA)]
Boolean = Annotated[bool, PlainValidator(_boolean), WithJsonSchema({"type": "boolean"})]
Text = Annotated[
    str,
    PlainValidator(_text),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1, "maxLength": MAX_TEXT}, {"type": "integer"}]}),
]
Identifier = Annotated[
    str, PlainValidator(_identifier), WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "examples": ["qbo"]})
]
CriterionName = Annotated[
    str, PlainValidator(_criterion_name), WithJsonSchema({"type": "string", "pattern": CRITERION_PATTERN})
]
Date = Annotated[
    dt.date, PlainValidator(_date), WithJsonSchema({"type": "string", "format": "date", "examples": ["2022-09-01"]})
]
Siren = Annotated[
    str,
    PlainValidator(_identity(9, "SIREN")),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9]{9}$",
            "description": "INSEE SIREN, 9 digits, Luhn-valid",
            "examples": ["200068120"],
        }
    ),
]
Siret = Annotated[
    str,
    PlainValidator(_identity(14, "SIRET")),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9]{14}$",
            "description": "INSEE SIRET, 14 digits, Luhn-valid",
            "examples": ["20006812000019"],
        }
    ),
]


class FrozenModel(BaseModel):
    """Base of every model of a file: immutable, unknown keys refused."""

    # defer_build: the schema is built on first use, in one piece, and `--help` never pays for it
    # Each field's docstring is its description in the JSON Schema: editors show it on hover.
    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, defer_build=True, use_attribute_docstrings=True
    )


class Period(FrozenModel):
    """How long the post is financed."""

    months: Annotated[WholeNumber, WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 120, "examples": [24]})]
    """Length of the period in months, 1 to 120; cut into 12-month years (DESIGN 4.1)."""
    start: Date | None = None
    """First day of the period; only labels the years."""

    @model_validator(mode="after")
    def _ends_in_the_calendar(self) -> Period:
        if self.start is not None and self.start.year * 12 + self.start.month - 1 + self.months > 9999 * 12 + 11:
            raise _fail("range", "the period would end after 31 December 9999")
        return self

    @field_validator("months")
    @classmethod
    def _months_in_range(cls, months: int) -> int:
        if not 1 <= months <= 120:
            raise _fail("range", f"the period lasts from 1 to 120 months, got {months}")
        return months


class CostLine(FrozenModel):
    """One line of the cost breakdown (salary, running costs...)."""

    label: Text
    """What the line pays for."""
    annual: Amount
    """Its annual amount, in the budget's currency."""


class Cost(FrozenModel):
    """The cost of the post: an annual figure, a breakdown, or both (then they agree); or one
    amount per year slice (DESIGN 6.1: indexation, a late recruitment)."""

    annual: Amount | None = None
    """The annual cost, in the budget's currency (EUR by default), e.g. 52000."""
    lines: tuple[CostLine, ...] | None = None
    """Its breakdown; when both are given, the lines add up to ``annual`` (checked in rules)."""
    by_year: tuple[Amount, ...] | None = None
    """One amount per year slice in the budget's currency, e.g. [52000, 53040], instead of
    ``annual`` and ``lines`` (checked in rules)."""

    @model_validator(mode="after")
    def _one_of(self) -> Cost:
        if self.annual is None and not self.lines and self.by_year is None:
            raise _fail("missing", "cost needs `annual`, `lines` or `by_year`")
        return self

    @property
    def annual_amount(self) -> Decimal:
        """The annual cost C: ``annual`` when given, else the sum of the lines."""
        if self.annual is not None:
            return self.annual
        return sum((line.annual for line in self.lines or ()), money.ZERO)


class Subsidy(FrozenModel):
    """A co-funder paying a rate of the cost, possibly bounded (DESIGN 4.3)."""

    id: Identifier
    """Unique id of the subsidy."""
    name: Text
    """Who pays it."""
    rate: Rate | None = None
    """Share of the eligible cost, 0 to 1; or ``amount`` for a fixed sum."""
    amount: Amount | None = None
    """A fixed sum over the whole period, in the budget's currency, instead of a rate (DESIGN 6.1)."""
    ceiling: Amount | None = None
    """Eligible cost over the whole period, in the budget's currency; the rate applies to
    min(total cost, ceiling)."""
    cap: Amount | None = None
    """Maximum amount over the whole period, in the budget's currency, e.g. 40000."""
    payment: Literal["once", "yearly"] = "once"
    """When it is paid (cash flow only): once, or spread over the years."""
    year: WholeNumber | None = None
    """With ``once``: the year it is paid in (default 1)."""

    @property
    def payment_year(self) -> int:
        """The year a ``once`` subsidy is paid in."""
        return self.year if self.year is not None else 1


class Partner(FrozenModel):
    """A body that signs the contract and (usually) pays a share."""

    id: Identifier
    """Unique id, used by `explain`, `expect` and scenario paths."""
    name: Text
    """Its name as printed in tables."""
    kind: Text | None = None
    """Free label: epci, chambre, industrie..."""
    criteria: dict[CriterionName, Quantity] = Field(default_factory=dict)
    """Figures used by the key (population...)."""
    fixed: Amount | None = None
    """Fixed annual contribution in the budget's currency, outside the key (DESIGN 4.6)."""
    min: Amount | None = None
    """Annual floor of a keyed share, in the budget's currency (DESIGN 4.8)."""
    max: Amount | None = None
    """Annual ceiling of a keyed share, in the budget's currency (DESIGN 4.8)."""
    contributes: Boolean = True
    """False for a signatory that pays nothing."""
    siren: Siren | None = None
    """Its INSEE SIREN (9 digits), for official data and publication."""
    siret: Siret | None = None
    """Its INSEE SIRET (14 digits, starting with the SIREN)."""
    years: tuple[WholeNumber, ...] | None = None
    """The year slices it takes part in (default: all), DESIGN 6.1."""

    @model_validator(mode="after")
    def _siret_of_siren(self) -> Partner:
        if self.siren is not None and self.siret is not None and not self.siret.startswith(self.siren):
            raise _fail("identity", f"the SIRET {self.siret} does not start with the SIREN {self.siren}")
        return self

    def takes_part_in(self, year: int) -> bool:
        """Whether the partner takes part in year slice ``year`` (1-based)."""
        return self.years is None or year in self.years

    @property
    def keyed(self) -> bool:
        """Whether the partner's share comes from the key (contributes, no fixed amount)."""
        return self.contributes and self.fixed is None


OFFICIAL_DATASET: Final = "insee-populations-legales"
"""The official data set tdi-split ships and checks: INSEE's legal populations of EPCIs, by vintage."""


class Source(FrozenModel):
    """Where the figures of a criterion come from.

    With ``dataset`` the figures are official ones that tdi-split ships: ``year`` is then the
    vintage (INSEE millésime) and ``kind`` the population, and `tdi-split check` compares each
    partner's figure with the one of its ``siren`` (`tdi-split criteria` writes all four).
    """

    source: Text
    """Publisher or data set, e.g. INSEE populations légales."""
    year: WholeNumber | None = None
    """Reference year of the figures (with ``dataset``: the INSEE millésime, e.g. 2022)."""
    url: Text | None = None
    """Where to read them."""
    dataset: Literal["insee-populations-legales"] | None = None
    """An official data set shipped with tdi-split, whose figures `check` compares by SIREN:
    ``insee-populations-legales`` (INSEE legal populations of EPCIs); needs ``year`` and ``kind``."""
    kind: Literal["municipale", "totale"] | None = None
    """With ``dataset``: which population, ``municipale`` or ``totale`` (municipal plus counted apart)."""

    @model_validator(mode="after")
    def _official(self) -> Source:
        if self.dataset is not None and (self.year is None or self.kind is None):
            raise _fail(
                "official",
                f"`dataset: {self.dataset}` needs `year` (the INSEE millésime) and `kind` (municipale or totale)",
            )
        if self.dataset is None and self.kind is not None:
            raise _fail("official", "`kind` says which figure of an official `dataset`: give the dataset too")
        return self


class Rounding(FrozenModel):
    """How exact shares become cents (DESIGN 4.9)."""

    method: Literal["largest-remainder", "half-up"] = "largest-remainder"
    """``largest-remainder`` (default) or ``half-up`` with the difference to one partner."""
    remainder_to: Identifier | None = None
    """With ``half-up``: the keyed partner who takes the rounding difference."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            if data == "half-up":
                raise _fail("rounding", "rounding half-up needs a partner: {method: half-up, remainder_to: <id>}")
            return {"method": data}
        return data

    @model_validator(mode="after")
    def _remainder_to(self) -> Rounding:
        if self.method == "half-up" and self.remainder_to is None:
            raise _fail("rounding", "rounding half-up needs `remainder_to: <partner id>`")
        if self.method == "largest-remainder" and self.remainder_to is not None:
            raise _fail("rounding", "`remainder_to` only goes with `method: half-up`")
        return self


class Expectation(FrozenModel):
    """An amount a partner is expected to pay, checked by `tdi-split check`."""

    annual: Amount | None = None
    """The amount in every full 12-month year, in the budget's currency."""
    total: Amount | None = None
    """The amount over the whole period, in the budget's currency."""

    @model_validator(mode="before")
    @classmethod
    def _from_amount(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return data
        return {"annual": data}

    @model_validator(mode="after")
    def _one_at_least(self) -> Expectation:
        if self.annual is None and self.total is None:
            raise _fail("missing", "an expectation needs an amount, `annual` or `total`")
        return self


_AMOUNT_SCHEMA: Final = Amount.__metadata__[-1].json_schema  # type: ignore[attr-defined]
_ROUNDING_SCHEMA: Final = {
    "description": "largest-remainder (default), or half-up with the partner who takes the difference.",
    "anyOf": [
        {"const": "largest-remainder"},
        {
            "type": "object",
            "properties": {
                "method": {
                    "enum": ["largest-remainder", "half-up"],
                    "description": "How exact shares become cents (DESIGN 4.9).",
                },
                "remainder_to": {
                    "type": "string",
                    "pattern": ID_PATTERN,
                    "description": "With half-up: the keyed partner who takes the rounding difference.",
                },
            },
            "additionalProperties": False,
        },
    ],
}
_EXPECTATION_SCHEMA: Final = {
    "description": "The amount in every full year, or {annual: ...} / {total: ...}, in the budget's currency.",
    "anyOf": [
        _AMOUNT_SCHEMA,
        {
            "type": "object",
            "properties": {"annual": _AMOUNT_SCHEMA, "total": _AMOUNT_SCHEMA},
            "additionalProperties": False,
        },
    ],
}


class Convention(FrozenModel):
    """The convention signed after the vote (DESIGN 6.1)."""

    date: Date | None = None
    """When it was signed."""
    reference: Text | None = None
    """Its reference, quoted on calls for funds."""


class Beneficiary(FrozenModel):
    """Who employs the post and is paid (DESIGN 6.1)."""

    name: Text
    """Its name."""
    siret: Siret | None = None
    """Its INSEE SIRET."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, (str, int)) and not isinstance(data, bool) else data


_BENEFICIARY_SCHEMA: Final = {
    "description": "Who employs the post and is paid: a name, or {name, siret}.",
    "anyOf": [
        {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
        {
            "type": "object",
            "properties": {
                "name": {"type": "string", "description": "Its name."},
                "siret": {"type": "string", "pattern": "^[0-9]{14}$", "description": "Its INSEE SIRET, 14 digits."},
            },
            "required": ["name"],
            "additionalProperties": False,
        },
    ],
}


class Budget(FrozenModel):
    """A budget file: who pays what for one co-financed post (schema ``tdi-split/1``)."""

    schema_id: Literal["tdi-split/1"] = Field(alias="schema")
    """Always ``tdi-split/1``."""
    title: Text
    """What is financed."""
    reference: Text | None = None
    """The deliberation or convention the figures come from."""
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    """ISO 4217 code."""
    beneficiary: Annotated[Beneficiary, WithJsonSchema(_BENEFICIARY_SCHEMA)] | None = None
    """Who employs the post and is paid."""
    period: Period
    """How long the post is financed."""
    cost: Cost
    """Its annual cost."""
    subsidies: tuple[Subsidy, ...] = ()
    """Co-funders paying a rate of the cost."""
    partners: tuple[Partner, ...] = Field(min_length=1)
    """Who shares the rest."""
    key: dict[CriterionName, KeyWeight] = Field(default_factory=dict)
    """Criterion -> weight; ``equal`` is built in."""
    sources: dict[CriterionName, Source] = Field(default_factory=dict)
    """Provenance of each criterion's figures."""
    rounding: Annotated[Rounding, WithJsonSchema(_ROUNDING_SCHEMA)] = Field(default_factory=Rounding)
    """How exact shares become cents."""
    expect: dict[Identifier, Annotated[Expectation, WithJsonSchema(_EXPECTATION_SCHEMA)]] = Field(default_factory=dict)
    """Amounts the arithmetic must give, in the budget's currency, checked by `tdi-split check`:
    partner id -> amount, e.g. ``{a: 1234.50}``."""
    calls: Literal["start", "end"] = "start"
    """When the partners' contributions (and the subsidies) are received in a year, for
    `tdi-split schedule` and the due dates of `tdi-split calls`: at its start (default) or end."""
    convention: Convention | None = None
    """The convention signed after the vote (DESIGN 6.1)."""

    @field_validator("key")
    @classmethod
    def _few_criteria(cls, key: dict[str, Decimal]) -> dict[str, Decimal]:
        if len(key) > MAX_CRITERIA:
            raise _fail("too_long", f"a key has at most {MAX_CRITERIA} criteria, got {len(key)}")
        return key

    @property
    def beneficiary_name(self) -> str | None:
        """The beneficiary's name, if any."""
        return self.beneficiary.name if self.beneficiary is not None else None

    @property
    def years(self) -> tuple[int, ...]:
        """Months of each slice of the period: 12, 12, ..., the rest (DESIGN 4.1)."""
        full, rest = divmod(self.period.months, 12)
        return (12,) * full + ((rest,) if rest else ())


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a budget file, for editors: every input form the loader accepts, and a
    description of every field (its docstring)."""
    schema = Budget.model_json_schema(by_alias=True)
    for name, info in Budget.model_fields.items():  # pydantic drops it beside some $refs
        schema["properties"].setdefault(info.alias or name, {}).setdefault("description", info.description)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "tdi-split budget file (schema tdi-split/1)",
    }
