"""What the engine records besides the amounts: years, subsidies, weights and every step.

`explain` and `schedule` read these, so they are checked as closely as the amounts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from tdi_split.core.apportion import InfeasibleSplitError, clamped_split, largest_remainder, largest_remainder_over
from tdi_split.core.engine import compute
from tdi_split.core.problems import BudgetError

from .helpers import allocate, make_budget


def test_year_slices() -> None:
    partners = [{"id": "f", "name": "F", "fixed": "1200.00"}, {"id": "a", "name": "A", "criteria": {"population": 1}}]
    allocation = allocate(period={"months": 18, "start": "2023-01-31"}, partners=partners)
    first, second = allocation.years
    assert (first.index, first.months, first.net, first.fixed, first.keyed) == (
        1,
        12,
        Decimal("12000.00"),
        Decimal("1200.00"),
        Decimal("10800.00"),
    )
    assert (second.index, second.months, second.net, second.fixed, second.keyed) == (
        2,
        6,
        Decimal("6000.00"),
        Decimal("600.00"),
        Decimal("5400.00"),
    )
    assert first.multiplier == Decimal("10800.00")
    assert (first.start, first.end) == (dt.date(2023, 1, 31), dt.date(2024, 1, 30))
    assert (second.start, second.end) == (dt.date(2024, 1, 31), dt.date(2024, 7, 30))
    assert allocation.months == 18


@pytest.mark.parametrize(
    ("start", "months", "ends"),
    [
        ("2024-02-29", 24, [dt.date(2025, 2, 27), dt.date(2026, 2, 27)]),
        ("2023-03-31", 14, [dt.date(2024, 3, 30), dt.date(2024, 5, 30)]),
        ("2023-01-01", 12, [dt.date(2023, 12, 31)]),
        ("2022-09-01", 13, [dt.date(2023, 8, 31), dt.date(2023, 9, 30)]),
    ],
)
def test_year_ends_at_month_ends(start: str, months: int, ends: list[dt.date]) -> None:
    allocation = allocate(period={"months": months, "start": start})
    assert [year.end for year in allocation.years] == ends


def test_subsidy_lines_keep_what_the_budget_said() -> None:
    subsidy = {"id": "s", "name": "Région", "rate": "40 %", "ceiling": 12000, "cap": 4000, "payment": "yearly"}
    (line,) = allocate(subsidies=[subsidy]).subsidies
    assert (line.id, line.name, line.rate, line.ceiling, line.cap) == (
        "s",
        "Région",
        Decimal("0.4"),
        Decimal("12000.00"),
        Decimal("4000.00"),
    )
    assert (line.payment, line.payment_year) == ("yearly", 1)
    assert not line.ceiling_applied  # the ceiling equals the total cost: it does not bind
    assert line.capped
    once = allocate(subsidies=[{"id": "s", "name": "S", "rate": 0.1, "year": 1}], period={"months": 24}).subsidies[0]
    assert (once.payment, once.payment_year) == ("once", 1)


def test_a_fixed_partners_steps() -> None:
    partners = [{"id": "f", "name": "F", "fixed": "1000.01"}, {"id": "a", "name": "A", "criteria": {"population": 1}}]
    allocation = allocate(partners=partners, period={"months": 19})
    full, part = allocation.partner("f").steps
    assert (full.year, part.year) == (1, 2)
    assert part.exact == Fraction(100001 * 7, 1200)
    assert part.proportional == part.exact
    assert (part.rounded_down, part.adjustment, part.amount) == (Decimal("583.33"), Decimal("0.01"), Decimal("583.34"))
    assert part.remainder == Fraction(11, 12)
    assert (part.rank, part.cents_left, part.tie_at_cut, part.bound, part.lower, part.upper) == (
        None,
        0,
        False,
        None,
        None,
        None,
    )
    assert full.exact == Decimal("1000.01")
    assert full.adjustment == 0


def test_shares_carry_their_partner() -> None:
    partners = [
        {"id": "a", "name": "Alpha", "kind": "epci", "criteria": {"population": 1}},
        {"id": "f", "name": "Fixed", "fixed": 10},
        {"id": "n", "name": "None", "contributes": False},
    ]
    allocation = allocate(partners=partners)
    alpha, fixed, none = allocation.partners
    assert (alpha.name, alpha.kind, alpha.contributes, alpha.fixed) == ("Alpha", "epci", True, False)
    assert (fixed.name, fixed.kind, fixed.contributes, fixed.fixed) == ("Fixed", None, True, True)
    assert fixed.weight == 0
    assert (none.contributes, none.fixed, none.years, none.total) == (False, False, (Decimal("0.00"),), Decimal("0.00"))
    assert alpha.weight_terms == (Fraction(1),)
    assert fixed.weight_terms == ()
    assert allocation.budget.title == "Test post"
    with pytest.raises(KeyError):
        allocation.partner("nobody")


def test_weights_with_decimal_criteria_and_several_terms() -> None:
    partners = [
        {"id": "a", "name": "A", "criteria": {"potential": "10.5", "population": 3}},
        {"id": "b", "name": "B", "criteria": {"potential": "0.25", "population": 1}},
    ]
    allocation = allocate(partners=partners, key={"potential": 2, "population": 1, "equal": 1}, cost={"annual": 4300})
    assert allocation.criterion_totals == {"potential": Fraction(43, 4), "population": 4, "equal": 2}
    assert allocation.criterion_weights == {
        "potential": Fraction(1, 2),
        "population": Fraction(1, 4),
        "equal": Fraction(1, 4),
    }
    a = allocation.partner("a")
    # 1/2 x 10.5/10.75 + 1/4 x 3/4 + 1/4 x 1/2 = 21/43 + 3/16 + 1/8
    assert a.weight_terms == (Fraction(21, 43), Fraction(3, 16), Fraction(1, 8))
    assert a.weight == Fraction(21, 43) + Fraction(5, 16)
    assert a.years == (Decimal("3443.75"),)
    assert allocation.partner("b").years == (Decimal("856.25"),)


def test_keyed_steps_record_the_split_and_the_rounding() -> None:
    partners = [
        {"id": "a", "name": "A", "criteria": {"population": 70}, "max": 5000},
        {"id": "b", "name": "B", "criteria": {"population": 20}},
        {"id": "c", "name": "C", "criteria": {"population": 10}, "min": 2000},
    ]
    allocation = allocate(partners=partners, cost={"annual": "10000.01"})
    a, b, c = (allocation.partner(x).steps[0] for x in "abc")
    assert (a.bound, b.bound, c.bound) == ("ceiling", None, "floor")
    assert (a.upper, c.lower) == (Decimal("5000.00"), Decimal("2000.00"))
    assert b.exact == Decimal("3000.01")
    # lambda x weight before the bounds: 15,000.05 x 0.7 and x 0.1
    assert a.proportional == Fraction(1500005 * 7, 1000)
    assert c.proportional == Fraction(1500005, 1000)
    assert (a.year, b.year, c.year) == (1, 1, 1)
    assert allocation.years[0].multiplier == Fraction(1500005, 100)


def test_a_share_exactly_at_its_floor_by_proportion_is_held_there() -> None:
    partners = [
        {"id": "a", "name": "A", "criteria": {"population": 1}, "min": 6000},
        {"id": "b", "name": "B", "criteria": {"population": 1}},
    ]
    step = allocate(partners=partners).partner("a").steps[0]
    assert step.exact == step.proportional == 6000
    assert step.bound == "floor"
    partners[0] = {"id": "a", "name": "A", "criteria": {"population": 1}, "max": 6000}
    assert allocate(partners=partners).partner("a").steps[0].bound == "ceiling"


def test_half_up_steps() -> None:
    partners = [{"id": x, "name": x, "criteria": {"population": 1}} for x in "abc"]
    allocation = allocate(
        partners=partners, cost={"annual": "100.00"}, rounding={"method": "half-up", "remainder_to": "a"}
    )
    a, b = allocation.partner("a").steps[0], allocation.partner("b").steps[0]
    assert (a.rank, a.cents_left, a.tie_at_cut) == (None, 0, False)
    assert (a.adjustment, b.adjustment) == (Decimal("0.01"), Decimal("0.00"))


def test_engine_refusals_say_where_and_why() -> None:
    def refusal(**changes: object) -> tuple[str, tuple[str | int, ...], str]:
        with pytest.raises(BudgetError) as error:
            compute(make_budget(**changes))
        (problem,) = error.value.problems
        return problem.code, problem.path, problem.message

    assert refusal(subsidies=[{"id": "x", "name": "X", "rate": 1}, {"id": "y", "name": "Y", "rate": "0.01"}]) == (
        "TDI201",
        ("subsidies",),
        "the subsidies add up to 12120.00, more than the total cost 12000.00",
    )
    assert refusal(partners=[{"id": "f", "name": "F", "fixed": 1}], key={}) == (
        "TDI205",
        ("partners",),
        "11999.00 remain to share in year 1, but no partner is keyed",
    )
    three = [{"id": x, "name": x, "criteria": {"population": 1}, "min": 5000} for x in "abc"]
    assert refusal(partners=three) == (
        "TDI203",
        ("partners", 0, "min"),
        "in year 1 the floors add up to 15000.00, more than the 12000.00 to share",
    )
    capped = [{"id": x, "name": x, "criteria": {"population": 1}, "max": 3000} for x in "abc"]
    assert refusal(partners=[{"id": "z", "name": "z", "fixed": 1}, *capped]) == (
        "TDI204",
        ("partners", 1, "max"),
        "in year 1 the ceilings add up to 9000.00, less than the 11999.00 to share",
    )
    fixed = [{"id": "f", "name": "F", "fixed": 7000}, {"id": "g", "name": "G", "fixed": 6000}]
    assert refusal(partners=[*fixed, {"id": "a", "name": "A", "criteria": {"population": 1}}]) == (
        "TDI202",
        ("partners", 0, "fixed"),
        "the fixed contributions of year 1 add up to 13000.00, more than its net cost 12000.00",
    )
    floor = [
        {"id": "a", "name": "A", "criteria": {"population": 1}, "min": "66.67"},
        *({"id": x, "name": x, "criteria": {"population": 1}} for x in "bc"),
    ]
    assert refusal(partners=floor, cost={"annual": "200.00"}, rounding={"method": "half-up", "remainder_to": "a"}) == (
        "TDI206",
        ("rounding", "remainder_to"),
        "in year 1 the rounding difference would take 'a' to 66.66, past its bound",
    )


def test_nothing_to_share_and_nobody_keyed_is_fine() -> None:
    allocation = allocate(partners=[{"id": "f", "name": "F", "fixed": 12000}], key={})
    assert allocation.years[0].multiplier == 0
    assert allocation.partner("f").years == (Decimal("12000.00"),)


def test_apportion_details() -> None:
    rounded = largest_remainder_over(3, [1, 1, 1], 1, ["a", "b", "c"])
    assert (rounded.amounts, rounded.left, rounded.ranks, rounded.tie_at_cut) == ((1, 1, 1), 0, (0, 1, 2), False)
    all_up = largest_remainder_over(3, [1, 1, 1], 2, ["a", "b", "c"])  # three units left for three parts
    assert all_up.amounts == (1, 1, 1)
    assert not all_up.tie_at_cut  # every part got a unit: there is no cut
    two = largest_remainder_over(2, [1, 1, 2], 2, ["a", "b", "c"])  # 0.5, 0.5, 1: one unit left for a tie
    assert (two.amounts, two.tie_at_cut, two.ranks) == ((1, 0, 1), True, (0, 1, 2))
    three = largest_remainder_over(1, [1, 2, 3], 6, ["a", "b", "c"])  # 1/6, 2/6, 3/6: one unit, to c
    assert (three.amounts, three.tie_at_cut) == ((0, 0, 1), False)
    assert largest_remainder(0, [], []).amounts == ()
    with pytest.raises(ValueError, match="do not add up to 5"):
        largest_remainder_over(5, [1, 1], 1, [0, 1])
    error = InfeasibleSplitError("floors", 120)
    assert (str(error), error.bound, error.limit) == ("the floors add up to 120", "floors", 120)
    # A part of weight 0 with a ceiling and the others at theirs: the ceilings count, the zero part its floor
    with pytest.raises(InfeasibleSplitError) as ceilings:
        clamped_split(100, [1, 0], [0, 5], [50, 10])
    assert ceilings.value.limit == 55
    split = clamped_split(55, [1, 0], [0, 5], [50, 10])
    assert (split.numerators[0] // split.denominator, split.numerators[1] // split.denominator) == (50, 5)


def test_the_multiplier_when_every_part_is_at_a_ceiling() -> None:
    split = clamped_split(80, [1, 3], [10, 0], [40, 40])
    assert [Fraction(n, split.denominator) for n in split.numerators] == [40, 40]
    assert split.multiplier == 40  # where the last part reaches its ceiling


def test_ceilings_everywhere_without_floors_take_the_long_way() -> None:
    split = clamped_split(100, [1, 1], [0, 0], [30, 100])
    assert [Fraction(n, split.denominator) for n in split.numerators] == [30, 70]


def test_a_zero_weight_part_without_a_ceiling_does_not_absorb_anything() -> None:
    with pytest.raises(InfeasibleSplitError) as error:
        clamped_split(100, [1, 0], [0, 0], [10, None])
    assert (error.value.bound, error.value.limit) == ("ceilings", 10)


def test_the_largest_fixed_amount_is_named_whatever_its_place() -> None:
    fixed = [{"id": "g", "name": "G", "fixed": 6000}, {"id": "f", "name": "F", "fixed": 7000}]
    with pytest.raises(BudgetError) as error:
        compute(make_budget(partners=[*fixed, {"id": "a", "name": "A", "criteria": {"population": 1}}]))
    assert [p.path for p in error.value.problems] == [("partners", 1, "fixed")]


def test_half_up_may_leave_its_partner_at_zero_or_at_its_floor() -> None:
    rounding = {"method": "half-up", "remainder_to": "a"}
    tiny = [
        {"id": "a", "name": "A", "criteria": {"population": 1}},
        {"id": "b", "name": "B", "criteria": {"population": 100}},
    ]
    assert allocate(partners=tiny, cost={"annual": "0.01"}, rounding=rounding).partner("a").years == (Decimal("0.00"),)
    floored = [
        {"id": "a", "name": "A", "criteria": {"population": 1}, "min": 6000},
        {"id": "b", "name": "B", "criteria": {"population": 1}},
    ]
    assert allocate(partners=floored, rounding=rounding).partner("a").years == (Decimal("6000.00"),)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [("2023-01-31", 3, dt.date(2023, 4, 29)), ("2023-11-30", 3, dt.date(2024, 2, 28))],
)
def test_a_period_ending_in_a_shorter_month(start: str, months: int, end: dt.date) -> None:
    assert allocate(period={"months": months, "start": start}).years[-1].end == end


def test_an_unknown_partner_is_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError) as error:
        allocate().partner("nobody")
    assert error.value.args == ("nobody",)
