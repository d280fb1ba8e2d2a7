"""Exact money: parsing of amounts, rates and quantities, cents and rounding.

The rules of the house (DESIGN section 3 and 4):

* No float ever carries money. Amounts are :class:`~decimal.Decimal` values with at
  most two decimals; inside the engine they are whole numbers of cents (``int``) and
  exact ratios are :class:`~fractions.Fraction`.
* Input is read as a person typed it. The loader keeps YAML scalars as text, so
  ``1234.50`` reaches :func:`parse_amount` as the string ``"1234.50"``. A Python
  ``float`` given by library code is read through its shortest ``repr``, never its
  binary value.
* "Half-up" is ``ROUND_HALF_UP`` to the cent: halves go away from zero.

Every parser raises :class:`InputError` with a message meant for a person; the model
turns it into a located problem.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from typing import Final

from .problems import quote, shorten

__all__ = [
    "CENT",
    "MAX_AMOUNT",
    "ZERO",
    "InputError",
    "cents",
    "describe",
    "from_cents",
    "parse_amount",
    "parse_quantity",
    "parse_rate",
    "round_half_up",
    "to_text",
    "to_text_or_none",
]

CENT: Final = Decimal("0.01")
"""One cent: the quantum of every amount."""

ZERO: Final = Decimal("0.00")
"""No money, with its two decimals: the start of every sum of amounts."""

MAX_AMOUNT: Final = Decimal("999999999999.99")
"""The largest amount accepted (just under a thousand billion)."""

MAX_QUANTITY_DIGITS: Final = 30
"""Most significant digits accepted in a criterion figure or a rate."""

_AMOUNT_TEXT: Final = re.compile(r"(?P<sign>[-+]?)(?P<int>[0-9]+)(?:[.,](?P<dec>[0-9]*))?")
_NUMBER_TEXT: Final = re.compile(r"(?P<sign>[-+]?)(?P<int>[0-9]+)(?:[.,](?P<dec>[0-9]+))?")


QUOTED_VALUE: Final = 24
"""Most characters of a value that a message about its type quotes: enough to recognise it,
little of a file that was not meant to be read (a scenario's ``base:`` may name any file)."""

YAML11_BOOLEANS: Final = frozenset({"yes", "no", "on", "off", "y", "n"})
"""Words YAML 1.1 reads as booleans; tdi-split reads YAML 1.2 strictly, where they are text."""


class InputError(ValueError):
    """A value that does not mean an amount, a rate or a quantity; the message says why."""


def describe(value: object) -> str:
    """Say what a value is, briefly, for an error message (never a huge repr)."""
    if isinstance(value, str):
        if value.strip().lower() in YAML11_BOOLEANS:
            reading = "true" if value.strip().lower() in {"yes", "on", "y"} else "false"
            return f"the text {quote(value)} (YAML 1.1 would read it as the boolean {reading})"
        return f"the text {quote(value, QUOTED_VALUE)}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, (dict, list, tuple)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return f"{type(value).__name__} {quote(str(value), QUOTED_VALUE)[1:-1]}"


def _as_text(value: object, what: str) -> str:
    """The text to parse for ``value``: strings as typed, ints, floats by shortest repr."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list, tuple)):
        raise InputError(f"expected {what}, got {describe(value)}")
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # shortest repr: 0.1 is "0.1", never 0.1000000000000000055...
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"expected {what}, got {shorten(str(value), QUOTED_VALUE)}")
        return format(value, "f")
    raise InputError(f"expected {what}, got {describe(value)}")


def _decimal(match: re.Match[str]) -> Decimal:
    digits = match["int"] + ("." + match["dec"] if match["dec"] else "")
    return Decimal(digits)


def _split_percent(text: str) -> tuple[str, bool]:
    """``"12,5 %"`` -> ``("12,5", True)``; text without a final ``%`` is returned as it is.

    In one pass over the text (a regular expression with a lazy group before optional
    spaces took time in the square of the length of a hostile rate).
    """
    if text.endswith("%"):
        return text[:-1].rstrip(), True
    return text, False


def _exact_fraction_of_percent(number: Decimal) -> Decimal:
    """``number`` / 100, exactly: the division runs with enough digits for any accepted figure
    (Decimal's default 28 digits would round a 30-digit rate)."""
    with localcontext() as context:
        context.prec = MAX_QUANTITY_DIGITS + 10
        return number / 100


def parse_amount(value: object) -> Decimal:
    """Read an amount of money: ``1234.50``, ``"1234.50"``, ``"1234,50"`` or ``1234``.

    Refused: negatives, more than two decimals, exponents, NaN and infinities,
    booleans, leading zeros (``012`` is octal in YAML 1.1), digit group separators and
    anything above :data:`MAX_AMOUNT`. The result has exactly two decimals.
    """
    text = _as_text(value, "an amount such as 1234.50")
    if isinstance(value, Decimal):
        exact = value
        if exact != exact.quantize(CENT, rounding="ROUND_DOWN"):
            raise InputError(f"an amount has at most two decimals, got {shorten(str(value), QUOTED_VALUE)}")
        if exact < 0:
            raise InputError(f"an amount must not be negative, got {shorten(str(value), QUOTED_VALUE)}")
        if exact > MAX_AMOUNT:
            raise InputError(f"amount too large: {shorten(str(value), QUOTED_VALUE)} (at most {MAX_AMOUNT})")
        return exact.quantize(CENT)
    match = _AMOUNT_TEXT.fullmatch(text)
    if match is None:
        raise InputError(_amount_complaint(text))
    if match["sign"] == "-":
        raise InputError(f"an amount must not be negative, got {shorten(text, QUOTED_VALUE)}")
    if match["dec"] is not None and len(match["dec"]) == 0:
        raise InputError(f"expected digits after the decimal separator, got {quote(text, QUOTED_VALUE)}")
    if match["dec"] is not None and len(match["dec"]) > 2:
        raise InputError(
            f"an amount has at most two decimals, got {shorten(text, QUOTED_VALUE)}"
            + (" (the comma is read as the decimal separator)" if "," in text else "")
        )
    if len(match["int"]) > 1 and match["int"].startswith("0"):
        raise InputError(f"an amount must not start with 0, got {quote(text, QUOTED_VALUE)}; write {int(match['int'])}")
    if len(match["int"]) > len(str(int(MAX_AMOUNT))):
        raise InputError(f"amount too large: {shorten(text, QUOTED_VALUE)} (at most {MAX_AMOUNT})")
    return _decimal(match).quantize(CENT)


def _amount_complaint(text: str) -> str:
    lowered = text.lower().lstrip("+-")
    if lowered in {"nan", ".nan", "inf", ".inf", "infinity"}:
        return f"expected an amount, got {quote(text, QUOTED_VALUE)} (not a number)"
    if re.fullmatch(r"[0-9 \u00a0\u202f]+([.,][0-9]+)?", text) and " " in text.replace("\u00a0", " ").replace(
        "\u202f", " "
    ):
        return f"write amounts without digit group separators, got {quote(text, QUOTED_VALUE)}"
    if "e" in lowered and re.fullmatch(r"[0-9.]+e[-+]?[0-9]+", lowered):
        return f"write amounts in plain digits, not with an exponent, got {quote(text, QUOTED_VALUE)}"
    if text == "":
        return "expected an amount such as 1234.50, got an empty value"
    return f"expected an amount such as 1234.50, got {quote(text, QUOTED_VALUE)}"


def parse_rate(value: object) -> Decimal:
    """Read a rate between 0 and 1: ``0.5``, ``"50%"``, ``"50 %"`` or ``"12,5 %"``."""
    text = _as_text(value, "a rate such as 0.5 or 50 %")
    number_text, percent = _split_percent(text)
    match = _NUMBER_TEXT.fullmatch(number_text)
    if match is None or match["sign"] == "-":
        raise InputError(f"expected a rate such as 0.5 or 50 %, got {quote(text, QUOTED_VALUE)}")
    if len(match["int"]) + len(match["dec"] or "") > MAX_QUANTITY_DIGITS:
        raise InputError(f"a rate has at most {MAX_QUANTITY_DIGITS} digits, got {quote(text, QUOTED_VALUE)}")
    rate = _exact_fraction_of_percent(_decimal(match)) if percent else _decimal(match)
    if rate > 1:
        meant_percent = not percent and rate <= 100 and rate == rate.to_integral_value()  # rate: 30 meant 30 %
        hint = f'; for {text} %, write "{text} %"' if meant_percent else ""
        raise InputError(f"a rate is at most 100 % (or 1), got {shorten(text, QUOTED_VALUE)}{hint}")
    return rate


def parse_quantity(value: object, *, positive: bool = False) -> Decimal:
    """Read a non-negative figure of a criterion or a key weight (any number of decimals).

    With ``positive=True`` zero is refused too (key weights). A percentage string is
    read as its fraction (``"50 %"`` is 0.5), which lets a key say ``population: 50 %``.
    """
    what = "a number above 0" if positive else "a number, 0 or more"
    text = _as_text(value, what)
    number_text, percent = _split_percent(text)
    match = _NUMBER_TEXT.fullmatch(number_text)
    if match is None:
        raise InputError(f"expected {what}, got {quote(text, QUOTED_VALUE)}")
    if match["sign"] == "-":
        raise InputError(f"expected {what}, got the negative number {shorten(text, QUOTED_VALUE)}")
    if len(match["int"]) + len(match["dec"] or "") > MAX_QUANTITY_DIGITS:
        raise InputError(f"a figure has at most {MAX_QUANTITY_DIGITS} digits, got {quote(text, QUOTED_VALUE)}")
    quantity = _exact_fraction_of_percent(_decimal(match)) if percent else _decimal(match)
    if positive and quantity == 0:
        raise InputError(f"expected {what}, got {shorten(text, QUOTED_VALUE)}")
    return quantity


def cents(amount: Decimal) -> int:
    """The whole number of cents in ``amount`` (which has at most two decimals)."""
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        raise InvalidOperation(f"{amount} is not a whole number of cents")
    return int(scaled)


def from_cents(count: int) -> Decimal:
    """The amount of ``count`` cents, with exactly two decimals."""
    return Decimal(count).scaleb(-2).quantize(CENT)


def round_half_up(value: Fraction | int) -> int:
    """``value`` rounded to the nearest integer, halves away from zero (ROUND_HALF_UP)."""
    if isinstance(value, int):
        return value
    numerator, denominator = value.numerator, value.denominator
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((-2 * numerator + denominator) // (2 * denominator))


def to_text(amount: Decimal) -> str:
    """An amount as the JSON contract and CSV write it: two decimals, a dot, no grouping (``-40000.00``)."""
    return f"{amount:.2f}"


def to_text_or_none(amount: Decimal | None) -> str | None:
    """:func:`to_text`, or None for no amount (a cap or a bound that is not set)."""
    return None if amount is None else to_text(amount)
