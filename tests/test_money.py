"""money: amounts, rates and quantities read exactly as typed; half-up rounding."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdi_split.core.money import InputError, cents, from_cents, parse_amount, parse_quantity, parse_rate, round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11593.50", "11593.50"),
        ("11593,50", "11593.50"),
        ("11593.5", "11593.50"),
        (11593, "11593.00"),
        (0, "0.00"),
        ("0.1", "0.10"),
        (0.1, "0.10"),  # a float through its shortest repr, not 0.1000000000000000055...
        (103800.0, "103800.00"),
        (Decimal("5.10"), "5.10"),
        (Decimal("5.100"), "5.10"),
        ("+7", "7.00"),
        ("  12.30 ", "12.30"),
    ],
)
def test_amounts_are_read_as_typed(value: object, expected: str) -> None:
    assert parse_amount(value) == Decimal(expected)
    assert str(parse_amount(value)) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11593.505", "at most two decimals"),
        (0.001, "at most two decimals"),
        (Decimal("1.005"), "at most two decimals"),
        ("-5", "negative"),
        (-5, "negative"),
        (True, "boolean"),
        (None, "null"),
        ("nan", "not a number"),
        (".inf", "not a number"),
        (float("nan"), "not a number"),
        (float("inf"), "not a number"),
        (Decimal("NaN"), "expected an amount"),
        ("1e3", "exponent"),
        (1e300, "exponent"),
        ("11 593,50", "group separators"),
        ("1_000", "expected an amount"),
        ("0x1F", "expected an amount"),
        ("012", "must not start with 0"),
        ("12:30", "expected an amount"),
        ("١٢", "expected an amount"),  # Arabic-Indic digits are not ASCII digits
        ("12.", "digits after"),
        ("", "empty"),
        ("1,000", "decimal separator"),
        ("10000000000000", "too large"),
        ([1], "list"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(value: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_amount(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.5, "0.5"),
        ("50%", "0.5"),
        ("50 %", "0.5"),
        ("12,5 %", "0.125"),
        ("12.5%", "0.125"),
        (1, "1"),
        (0, "0"),
        ("0,25", "0.25"),
        ("100 %", "1"),
    ],
)
def test_rates(value: object, expected: str) -> None:
    assert parse_rate(value) == Decimal(expected)


@pytest.mark.parametrize("value", ["150 %", 1.5, "-10 %", "half", True, "50 %%", 2])
def test_bad_rates(value: object) -> None:
    with pytest.raises(InputError):
        parse_rate(value)


def test_quantities_keep_every_decimal_and_refuse_negatives() -> None:
    assert parse_quantity("1234.5678") == Decimal("1234.5678")
    assert parse_quantity(0) == 0
    assert parse_quantity("50 %") == Decimal("0.5")
    with pytest.raises(InputError, match="negative"):
        parse_quantity(-1)
    with pytest.raises(InputError, match="above 0"):
        parse_quantity(0, positive=True)
    with pytest.raises(InputError, match="digits"):
        parse_quantity("1" * 40)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(5, 2), 3),
        (Fraction(-5, 2), -3),
        (Fraction(7, 3), 2),
        (Fraction(8, 3), 3),
        (Fraction(-8, 3), -3),
        (Fraction(1, 2), 1),
        (4, 4),
    ],
)
def test_round_half_up_sends_halves_away_from_zero(value: Fraction | int, expected: int) -> None:
    assert round_half_up(value) == expected


@given(st.fractions(min_value=-(10**9), max_value=10**9))
def test_round_half_up_is_within_half_of_the_value(value: Fraction) -> None:
    rounded = round_half_up(value)
    assert abs(rounded - value) <= Fraction(1, 2)
    if abs(rounded - value) == Fraction(1, 2):
        assert abs(rounded) > abs(value)


@given(st.integers(min_value=0, max_value=99_999_999_999_999))
def test_cents_round_trip(count: int) -> None:
    assert cents(from_cents(count)) == count
    assert parse_amount(str(from_cents(count))) == from_cents(count)
