"""The exact words of money's messages: what a person reads when a figure is refused."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

import pytest

from tdi_split.core.money import InputError, cents, describe, parse_amount, parse_quantity, parse_rate, round_half_up


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("abc", "the text 'abc'"),
        ("x" * 24, f"the text {'x' * 24!r}"),
        ("x" * 41, f"the text {'x' * 23 + '…'!r}"),  # a value is quoted at most 24 characters long
        ("yes", "the text 'yes' (YAML 1.1 would read it as the boolean true)"),
        (" On ", "the text ' On ' (YAML 1.1 would read it as the boolean true)"),
        ("y", "the text 'y' (YAML 1.1 would read it as the boolean true)"),
        ("no", "the text 'no' (YAML 1.1 would read it as the boolean false)"),
        ("OFF", "the text 'OFF' (YAML 1.1 would read it as the boolean false)"),
        ("n", "the text 'n' (YAML 1.1 would read it as the boolean false)"),
        ("yess", "the text 'yess'"),
        (True, "the boolean true"),
        (False, "the boolean false"),
        (None, "nothing (null)"),
        ({"a": 1}, "a mapping"),
        ([1], "a list"),
        ((1,), "a list"),
        (12.5, "float 12.5"),
        (Decimal("1" * 45), "Decimal " + "1" * 23 + "…"),
    ],
)
def test_describe_says_what_a_value_is(value: object, words: str) -> None:
    assert describe(value) == words


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11593.505", "an amount has at most two decimals, got 11593.505"),
        ("1,000", "an amount has at most two decimals, got 1,000 (the comma is read as the decimal separator)"),
        ("-5", "an amount must not be negative, got -5"),
        ("12.", "expected digits after the decimal separator, got '12.'"),
        ("0100", "an amount must not start with 0, got '0100'; write 100"),
        ("00", "an amount must not start with 0, got '00'; write 0"),
        ("1000000000000", "amount too large: 1000000000000 (at most 999999999999.99)"),
        ("nan", "expected an amount, got 'nan' (not a number)"),
        ("-.inf", "expected an amount, got '-.inf' (not a number)"),
        ("+INF", "expected an amount, got '+INF' (not a number)"),
        ("Infinity", "expected an amount, got 'Infinity' (not a number)"),
        ("11 593,50", "write amounts without digit group separators, got '11 593,50'"),
        ("11\u00a0593,50", "write amounts without digit group separators, got '11\\xa0593,50'"),
        ("11\u202f593", "write amounts without digit group separators, got '11\\u202f593'"),
        ("1e3", "write amounts in plain digits, not with an exponent, got '1e3'"),
        ("2.5E-2", "write amounts in plain digits, not with an exponent, got '2.5E-2'"),
        ("e5", "expected an amount such as 1234.50, got 'e5'"),
        ("", "expected an amount such as 1234.50, got an empty value"),
        ("abc", "expected an amount such as 1234.50, got 'abc'"),
        (True, "expected an amount such as 1234.50, got the boolean true"),
        (None, "expected an amount such as 1234.50, got nothing (null)"),
        (Decimal("1.005"), "an amount has at most two decimals, got 1.005"),
        (Decimal("-1"), "an amount must not be negative, got -1"),
        (Decimal("1000000000000"), "amount too large: 1000000000000 (at most 999999999999.99)"),
        (Decimal("NaN"), "expected an amount such as 1234.50, got NaN"),
    ],
)
def test_amount_messages(value: object, message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_amount(value)
    assert str(error.value) == message


def test_amounts_at_the_edges() -> None:
    assert parse_amount("0") == Decimal("0.00")
    assert parse_amount(Decimal("0")) == Decimal("0.00")
    assert parse_amount(Decimal("999999999999.99")) == Decimal("999999999999.99")
    assert parse_amount("999999999999.99") == Decimal("999999999999.99")
    assert parse_amount(Decimal("0.01")) == Decimal("0.01")
    assert str(parse_amount(Decimal("5"))) == "5.00"
    assert parse_amount(Decimal("12.3")) == Decimal("12.30")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("half", "expected a rate such as 0.5 or 50 %, got 'half'"),
        ("-10 %", "expected a rate such as 0.5 or 50 %, got '-10 %'"),
        ("150 %", "a rate is at most 100 % (or 1), got 150 %"),
        ("1.5", "a rate is at most 100 % (or 1), got 1.5"),
        ("0." + "1" * 30, "a rate has at most 30 digits, got " + repr(("0." + "1" * 30)[:23] + "…")),
        (True, "expected a rate such as 0.5 or 50 %, got the boolean true"),
    ],
)
def test_rate_messages(value: object, message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_rate(value)
    assert str(error.value) == message


def test_rates_at_the_edges() -> None:
    assert parse_rate("0." + "1" * 28) == Decimal("0." + "1" * 28)  # 29 digits is fine
    assert parse_rate("100%") == 1
    assert parse_rate(Decimal("0.5")) == Decimal("0.5")


@pytest.mark.parametrize(
    ("value", "positive", "message"),
    [
        ("many", False, "expected a number, 0 or more, got 'many'"),
        ("many", True, "expected a number above 0, got 'many'"),
        ("-1", False, "expected a number, 0 or more, got the negative number -1"),
        ("0", True, "expected a number above 0, got 0"),
        ("1" * 31, False, f"a figure has at most 30 digits, got {'1' * 23 + '…'!r}"),
        ("1" * 70, False, f"a figure has at most 30 digits, got {'1' * 23 + '…'!r}"),  # quoted at most 24 long
        (None, False, "expected a number, 0 or more, got nothing (null)"),
    ],
)
def test_quantity_messages(value: object, positive: bool, message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_quantity(value, positive=positive)
    assert str(error.value) == message


def test_quantities_at_the_edges() -> None:
    assert parse_quantity("1" * 30) == Decimal("1" * 30)
    assert parse_quantity("1." + "1" * 28) == Decimal("1." + "1" * 28)
    assert parse_quantity(Decimal("2.50")) == Decimal("2.5")
    assert parse_quantity(3.25) == Decimal("3.25")


def test_cents_refuse_fractions_of_a_cent() -> None:
    assert cents(Decimal("12.34")) == 1234
    with pytest.raises(InvalidOperation) as error:
        cents(Decimal("0.001"))
    assert "0.001 is not a whole number of cents" in str(error.value)


@pytest.mark.parametrize(
    ("value", "expected"), [(Fraction(0), 0), (Fraction(1, 2), 1), (Fraction(-1, 2), -1), (Fraction(-1, 3), 0)]
)
def test_round_half_up_around_zero(value: Fraction, expected: int) -> None:
    assert round_half_up(value) == expected


def test_more_amount_complaints() -> None:
    for text, message in [
        (".NaN", "expected an amount, got '.NaN' (not a number)"),
        ("12 abc", "expected an amount such as 1234.50, got '12 abc'"),
        (object, "expected an amount such as 1234.50, got type <class 'object'>"),
    ]:
        with pytest.raises(InputError) as error:
            parse_amount(text)
        assert str(error.value) == message


def test_decimals_in_scientific_form_are_read_by_value() -> None:
    assert parse_rate(Decimal("5E-1")) == Decimal("0.5")
    assert parse_quantity(Decimal("1E+2")) == 100


def test_thirty_digits_exactly() -> None:
    assert parse_rate("0." + "1" * 29) == Decimal("0." + "1" * 29)
    with pytest.raises(InputError, match="at most 30 digits"):
        parse_quantity("1." + "1" * 30)
