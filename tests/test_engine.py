"""engine: the reference budget and a hand-worked case for each rule of DESIGN section 4."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdi_split.app import load
from tdi_split.core.calendar import add_months
from tdi_split.core.engine import compute
from tdi_split.core.problems import BudgetError

from .helpers import REFERENCE, allocate, amounts

# What the key gives each EPCI of the reference, worked out by hand from the populations:
# share = 63,800.00 x population / 551,453, floored to the cent, then the four cents left go
# to the four largest fractional parts of a cent (Pleyben .83, Poher .79, Landivisiau .60,
# Brest .58; Haut-Léon's .43 is the fifth and gets none).
REFERENCE_SHARES = {
    "brest-metropole": "23502.85",
    "qbo": "11593.50",
    "morlaix-communaute": "7241.77",
    "landerneau-daoulas": "5472.11",
    "landivisiau": "3738.32",
    "haut-leon": "3541.40",
    "pleyben-chateaulin-porzay": "2630.66",
    "crozon-aulne-maritime": "2622.79",
    "haute-cornouaille": "1752.42",
    "poher": "1704.18",
}


def test_reference_gives_qbo_the_amount_voted_by_its_council() -> None:
    allocation = compute(load(REFERENCE))
    qbo = allocation.partner("qbo")
    assert qbo.years == (Decimal("11593.50"), Decimal("11593.50"))
    assert qbo.total == Decimal("23187.00")
    assert qbo.weight == Fraction(100208, 551453)


def test_reference_funding_plan() -> None:
    allocation = compute(load(REFERENCE))
    assert allocation.annual_cost == Decimal("103800.00")
    assert allocation.total_cost == Decimal("207600.00")
    (state,) = allocation.subsidies
    assert (state.base, state.before_cap, state.amount) == (
        Decimal("160000.00"),
        Decimal("80000.00"),
        Decimal("80000.00"),
    )
    assert state.ceiling_applied
    assert state.capped
    assert allocation.net_cost == Decimal("127600.00")
    assert [year.net for year in allocation.years] == [Decimal("63800.00")] * 2


def test_reference_every_share_and_every_total() -> None:
    allocation = compute(load(REFERENCE))
    assert {s.id: str(s.years[0]) for s in allocation.partners} == REFERENCE_SHARES
    assert all(s.years[0] == s.years[1] for s in allocation.partners)
    for year in range(2):
        assert sum(s.years[year] for s in allocation.partners) == Decimal("63800.00")
    assert sum(s.total for s in allocation.partners) == Decimal("127600.00")
    assert sum(s.weight for s in allocation.partners) == 1


def test_partial_year_is_cut_at_twelve_months() -> None:
    allocation = allocate(period={"months": 18, "start": "2022-09-01"})
    assert [y.months for y in allocation.years] == [12, 6]
    assert allocation.total_cost == Decimal("18000.00")
    assert [y.net for y in allocation.years] == [Decimal("12000.00"), Decimal("6000.00")]
    assert amounts(allocation) == {"a": ["6000.00", "3000.00"], "b": ["6000.00", "3000.00"]}
    assert [y.label for y in allocation.years] == ["2022-09 .. 2023-08", "2023-09 .. 2024-02"]
    assert allocation.years[1].end == dt.date(2024, 2, 29)


def test_total_cost_is_rounded_half_up() -> None:
    # 1,000.01 x 7 / 12 = 583.3391..., so 583.34 (and the net is split 7 months in one slice)
    allocation = allocate(period={"months": 7}, cost={"annual": "1000.01"})
    assert allocation.total_cost == Decimal("583.34")
    assert amounts(allocation) == {"a": ["291.67"], "b": ["291.67"]}


def test_net_per_year_is_split_by_largest_remainder_earlier_year_first() -> None:
    # 0.25 a year for 18 months: T = 0.375 -> 0.38 (half-up). Slices 12 and 6 months:
    # 38 x 12/18 = 25.33 and 12.67 cents -> 25 and 13 cents.
    allocation = allocate(period={"months": 18}, cost={"annual": "0.25"})
    assert [y.net for y in allocation.years] == [Decimal("0.25"), Decimal("0.13")]
    # 24 months of 0.01 a year: 0.02, split 1 cent a year.
    allocation = allocate(period={"months": 36}, cost={"annual": "0.01"})
    assert [y.net for y in allocation.years] == [Decimal("0.01")] * 3


def test_cost_lines_add_up_to_the_annual_cost() -> None:
    lines = [{"label": "Salaire chargé", "annual": 10000}, {"label": "Animation", "annual": "2000.00"}]
    assert allocate(cost={"lines": lines}).annual_cost == Decimal("12000.00")
    assert allocate(cost={"annual": 12000, "lines": lines}).total_cost == Decimal("12000.00")
    with pytest.raises(BudgetError) as error:
        allocate(cost={"annual": 12500, "lines": lines})
    assert [(p.code, p.path) for p in error.value.problems] == [("TDI105", ("cost", "annual"))]


SUBSIDIES = [
    {"id": "etat", "name": "État", "rate": "50 %", "ceiling": 160000, "cap": 80000},  # 50 % of 160,000 = cap
    {"id": "region", "name": "Région", "rate": "12,5 %"},  # 12.5 % of 200,000
    {"id": "feder", "name": "FEDER", "rate": 0.3, "ceiling": 50000, "cap": 10000},  # 30 % of 50,000, capped
    {"id": "dept", "name": "Département", "rate": "10%", "ceiling": 300000, "cap": 50000},  # neither bound
]


def test_several_subsidies_each_on_the_total_cost_with_ceiling_and_cap() -> None:
    allocation = allocate(period={"months": 24}, cost={"annual": 100000}, subsidies=SUBSIDIES)
    lines = {line.id: line for line in allocation.subsidies}
    assert allocation.total_cost == Decimal("200000.00")
    d = Decimal
    assert (lines["etat"].base, lines["etat"].amount, lines["etat"].capped) == (d(160000), d(80000), True)
    assert (lines["region"].base, lines["region"].amount, lines["region"].capped) == (d(200000), d(25000), False)
    assert (lines["feder"].base, lines["feder"].before_cap, lines["feder"].amount) == (d(50000), d(15000), d(10000))
    assert lines["feder"].ceiling_applied
    assert lines["feder"].capped
    assert not lines["dept"].ceiling_applied
    assert not lines["dept"].capped
    assert lines["dept"].amount == 20000
    assert allocation.net_cost == Decimal("65000.00")
    assert amounts(allocation) == {"a": ["16250.00", "16250.00"], "b": ["16250.00", "16250.00"]}


def test_subsidy_amount_is_rounded_half_up() -> None:
    # 33.335 % of 100.01 = 33.3383... -> 33.34; of 100.00 = 33.335 -> 33.34 (half-up)
    subsidy = {"id": "s", "name": "S", "rate": "33.335 %"}
    assert allocate(cost={"annual": "100.00"}, subsidies=[subsidy]).subsidies[0].amount == Decimal("33.34")


def test_subsidies_above_the_cost_are_refused() -> None:
    too_much = [{"id": "x", "name": "X", "rate": "60 %"}, {"id": "y", "name": "Y", "rate": "50 %"}]
    with pytest.raises(BudgetError) as error:
        allocate(subsidies=too_much)
    assert [p.code for p in error.value.problems] == ["TDI201"]
    assert "13200.00" in error.value.problems[0].message


def test_fixed_partner_pays_outside_the_key_prorated_half_up() -> None:
    partners = [
        {"id": "cci", "name": "CCI", "fixed": "1000.01"},
        {"id": "a", "name": "A", "criteria": {"population": 3}},
        {"id": "b", "name": "B", "criteria": {"population": 1}},
    ]
    allocation = allocate(period={"months": 19}, partners=partners)
    # year 1: fixed 1,000.01; keyed 12,000 - 1,000.01 = 10,999.99 split 3:1 -> 8,249.9925 / 2,749.9975
    #   8,249.99 + 2,749.99 = 10,999.98: one cent left, to the larger fraction (.9975, b)
    # year 2 (7 months): fixed 1,000.01 x 7/12 = 583.339... -> 583.34; net 7,000.00; keyed 6,416.66
    #   split 3:1 -> 4,812.495 / 1,604.165: equal fractions, the cent goes to the larger weight, a
    assert amounts(allocation) == {
        "cci": ["1000.01", "583.34"],
        "a": ["8249.99", "4812.50"],
        "b": ["2750.00", "1604.16"],
    }
    assert allocation.partner("cci").weight == 0
    assert allocation.partner("cci").fixed
    assert allocation.years[1].fixed == Decimal("583.34")


def test_fixed_amounts_above_a_years_net_are_refused() -> None:
    partners = [
        {"id": "cci", "name": "CCI", "fixed": 12000.01},
        {"id": "a", "name": "A", "criteria": {"population": 1}},
    ]
    with pytest.raises(BudgetError) as error:
        allocate(partners=partners)
    assert [(p.code, p.path) for p in error.value.problems] == [("TDI202", ("partners", 0, "fixed"))]


def test_non_contributing_partner_pays_nothing_and_weighs_nothing() -> None:
    partners = [
        {"id": "a", "name": "A", "criteria": {"population": 1}},
        {"id": "b", "name": "B", "criteria": {"population": 1}},
        {"id": "region", "name": "Région", "criteria": {"population": 100}, "contributes": False},
    ]
    allocation = allocate(partners=partners)
    assert amounts(allocation) == {"a": ["6000.00"], "b": ["6000.00"], "region": ["0.00"]}
    assert allocation.partner("region").weight == 0
    assert not allocation.partner("region").steps
    assert allocation.criterion_totals == {"population": 2}


def test_mixed_key_half_population_half_equal() -> None:
    partners = [
        {"id": "a", "name": "A", "criteria": {"population": 300}},
        {"id": "b", "name": "B", "criteria": {"population": 100}},
    ]
    # w_a = 1/2 x 300/400 + 1/2 x 1/2 = 5/8; w_b = 3/8
    allocation = allocate(partners=partners, key={"population": "50 %", "equal": "50 %"}, cost={"annual": 10000})
    assert allocation.partner("a").weight == Fraction(5, 8)
    assert amounts(allocation) == {"a": ["6250.00"], "b": ["3750.00"]}
    assert allocation.criterion_weights == {"population": Fraction(1, 2), "equal": Fraction(1, 2)}


def test_key_weights_are_normalised() -> None:
    partners = [
        {"id": "a", "name": "A", "criteria": {"population": 300, "jobs": 0}},
        {"id": "b", "name": "B", "criteria": {"population": 100, "jobs": 10}},
    ]
    # population 3 parts, jobs 1 part: w_a = 3/4 x 3/4 + 1/4 x 0 = 9/16
    allocation = allocate(partners=partners, key={"population": 3, "jobs": 1}, cost={"annual": 16000})
    assert amounts(allocation) == {"a": ["9000.00"], "b": ["7000.00"]}


THREE: list[dict[str, Any]] = [
    {"id": "a", "name": "A", "criteria": {"population": 70}},
    {"id": "b", "name": "B", "criteria": {"population": 20}},
    {"id": "c", "name": "C", "criteria": {"population": 10}},
]


def _with(partner_id: str, **fields: object) -> list[dict[str, Any]]:
    return [{**p, **fields} if p["id"] == partner_id else p for p in THREE]


def test_a_floor_takes_its_share_from_the_others_in_proportion() -> None:
    # C is raised to 2,000; A and B share 8,000 in the ratio 7:2 -> 6,222.22 and 1,777.77...
    allocation = allocate(partners=_with("c", min=2000), cost={"annual": 10000})
    assert amounts(allocation) == {"a": ["6222.22"], "b": ["1777.78"], "c": ["2000.00"]}
    (step,) = allocation.partner("c").steps
    assert step.bound == "floor"
    assert allocation.partner("a").steps[0].bound is None


def test_a_ceiling_gives_its_excess_to_the_others_in_proportion() -> None:
    allocation = allocate(partners=_with("a", max=5000), cost={"annual": 10000})
    assert amounts(allocation) == {"a": ["5000.00"], "b": ["3333.33"], "c": ["1666.67"]}
    assert allocation.partner("a").steps[0].bound == "ceiling"


def test_floor_and_ceiling_together() -> None:
    partners = [{**THREE[0], "max": 5000}, THREE[1], {**THREE[2], "min": 2000}]
    allocation = allocate(partners=partners, cost={"annual": 10000})
    assert amounts(allocation) == {"a": ["5000.00"], "b": ["3000.00"], "c": ["2000.00"]}
    assert allocation.years[0].multiplier == 15000


def test_bounds_are_prorated_to_a_partial_year() -> None:
    # 18 months: year 2 has 6 months, so C's floor is 1,000.00 there
    allocation = allocate(partners=_with("c", min=2000), cost={"annual": 10000}, period={"months": 18})
    assert [s.lower for s in allocation.partner("c").steps] == [Decimal("2000.00"), Decimal("1000.00")]
    assert amounts(allocation)["c"] == ["2000.00", "1000.00"]


def test_a_floor_that_does_not_bind_changes_nothing() -> None:
    allocation = allocate(partners=_with("c", min=500, max=9000), cost={"annual": 10000})
    assert amounts(allocation) == {"a": ["7000.00"], "b": ["2000.00"], "c": ["1000.00"]}
    assert allocation.partner("c").steps[0].bound is None


def test_impossible_floors_and_ceilings_are_refused() -> None:
    with pytest.raises(BudgetError) as floors:
        allocate(partners=[{**p, "min": 4000} for p in THREE], cost={"annual": 10000})
    assert [(p.code, p.path) for p in floors.value.problems] == [("TDI203", ("partners", 0, "min"))]
    with pytest.raises(BudgetError) as ceilings:
        allocate(partners=[{**p, "max": 3000} for p in THREE], cost={"annual": 10000})
    assert [(p.code, p.path) for p in ceilings.value.problems] == [("TDI204", ("partners", 0, "max"))]


def test_ties_go_to_the_smaller_id_whatever_the_order_of_the_file() -> None:
    partners = [{"id": pid, "name": pid.upper(), "criteria": {"population": 1}} for pid in ("b", "c", "a")]
    allocation = allocate(partners=partners, cost={"annual": "100.00"})
    assert amounts(allocation) == {"b": ["33.33"], "c": ["33.33"], "a": ["33.34"]}
    step = allocation.partner("a").steps[0]
    assert (step.rank, step.cents_left, step.tie_at_cut, step.adjustment) == (0, 1, True, Decimal("0.01"))


def test_ties_go_first_to_the_larger_weight() -> None:
    # 0.02 shared 1:3 -> 0.005 and 0.015: equal fractional parts; the cent goes to the larger weight, b
    partners = [
        {"id": "a", "name": "A", "criteria": {"population": 1}},
        {"id": "b", "name": "B", "criteria": {"population": 3}},
    ]
    allocation = allocate(partners=partners, cost={"annual": "0.02"})
    assert amounts(allocation) == {"a": ["0.00"], "b": ["0.02"]}


def test_half_up_rounding_gives_the_difference_to_one_partner() -> None:
    partners = [{"id": pid, "name": pid, "criteria": {"population": 1}} for pid in ("a", "b", "c")]
    rounding = {"method": "half-up", "remainder_to": "a"}
    # 100.00 / 3 = 33.333... -> 33.33 each, 0.01 left -> a
    assert amounts(allocate(partners=partners, cost={"annual": "100.00"}, rounding=rounding)) == {
        "a": ["33.34"],
        "b": ["33.33"],
        "c": ["33.33"],
    }
    # 200.00 / 3 = 66.666... -> 66.67 each, 0.01 too much -> taken from a
    allocation = allocate(partners=partners, cost={"annual": "200.00"}, rounding=rounding)
    assert amounts(allocation) == {"a": ["66.66"], "b": ["66.67"], "c": ["66.67"]}
    assert allocation.partner("a").steps[0].adjustment == Decimal("0.00")  # 66.66 is the floor of 66.666...
    assert allocation.partner("b").steps[0].adjustment == Decimal("0.01")


def test_half_up_difference_may_not_push_a_partner_past_its_bound() -> None:
    rounding = {"method": "half-up", "remainder_to": "a"}

    def three(**bounds_of_a: str) -> list[dict[str, Any]]:
        a = {"id": "a", "name": "A", "criteria": {"population": 1}, **bounds_of_a}
        return [a, *({"id": x, "name": x, "criteria": {"population": 1}} for x in "bc")]

    # a held at its ceiling 66.66; b and c share the rest exactly: 66.67 each, nothing to round
    allocation = allocate(partners=three(max="66.66"), cost={"annual": "200.00"}, rounding=rounding)
    assert amounts(allocation) == {"a": ["66.66"], "b": ["66.67"], "c": ["66.67"]}
    # a held at its floor 66.67; b and c get 66.665 each, rounded half-up to 66.67: one cent
    # too many, which a would have to give back, below its floor
    with pytest.raises(BudgetError) as error:
        allocate(partners=three(min="66.67"), cost={"annual": "200.00"}, rounding=rounding)
    assert [p.code for p in error.value.problems] == ["TDI206"]


def test_one_body_listed_twice_is_refused_at_its_second_identity() -> None:
    """A partner's block copied without changing its SIREN would weigh twice in the key (and
    publish two SCDL lines for one attribuant): TDI120, whether the second says its SIREN or
    only a SIRET that starts with it. Two bodies, or bodies without identity, are fine."""
    qbo = {"id": "qbo", "name": "QBO", "criteria": {"population": 2}, "siren": "200068120"}
    copy = {"id": "morlaix", "name": "Morlaix", "criteria": {"population": 1}}
    for identity, field in (({"siren": "200068120"}, "siren"), ({"siret": "20006812000019"}, "siret")):
        with pytest.raises(BudgetError) as error:
            allocate(partners=[qbo, {**copy, **identity}])
        assert [(p.code, p.path) for p in error.value.problems] == [("TDI120", ("partners", 1, field))]
        assert "partners[0] (qbo)" in error.value.problems[0].message
    other = {**copy, "siren": "242900314"}
    assert amounts(allocate(partners=[qbo, other, {"id": "x", "name": "X", "criteria": {"population": 1}}]))


def test_structural_problems_are_refused_before_any_arithmetic() -> None:
    partners = [
        {"id": "a", "name": "A", "criteria": {"population": 1}, "min": 10, "max": 5},
        {"id": "a", "name": "A again", "criteria": {"population": 1}},
        {"id": "c", "name": "C", "criteria": {}},
        {"id": "d", "name": "D", "fixed": 10, "min": 1},
        {"id": "e", "name": "E", "contributes": False, "fixed": 1},
        {"id": "f", "name": "F", "criteria": {"population": 1, "equal": 1}},
    ]
    with pytest.raises(BudgetError) as error:
        allocate(
            partners=partners,
            rounding={"method": "half-up", "remainder_to": "d"},
            expect={"zz": 1},
            subsidies=[{"id": "s", "name": "S", "rate": 0.1, "year": 3}],
        )
    found = {(p.code, p.path) for p in error.value.problems}
    assert found == {
        ("TDI101", ("partners", 1, "id")),
        ("TDI103", ("partners", 2)),
        ("TDI106", ("partners", 0, "min")),
        ("TDI107", ("partners", 3, "min")),
        ("TDI108", ("partners", 4, "fixed")),
        ("TDI109", ("rounding", "remainder_to")),
        ("TDI110", ("partners", 5, "criteria", "equal")),
        ("TDI111", ("subsidies", 0, "year")),
        ("TDI112", ("expect", "zz")),
    }


def test_a_criterion_adding_up_to_zero_is_refused() -> None:
    partners = [{"id": "a", "name": "A", "criteria": {"population": 0}}]
    with pytest.raises(BudgetError) as error:
        allocate(partners=partners)
    assert [(p.code, p.path) for p in error.value.problems] == [("TDI104", ("key", "population"))]


def test_only_fixed_partners_need_no_key() -> None:
    partners = [{"id": "a", "name": "A", "fixed": 7000}, {"id": "b", "name": "B", "fixed": 5000}]
    assert amounts(allocate(partners=partners, key={})) == {"a": ["7000.00"], "b": ["5000.00"]}
    with pytest.raises(BudgetError) as error:
        allocate(partners=partners[:1], key={})
    assert [p.code for p in error.value.problems] == ["TDI205"]


def test_keyed_partners_without_a_key_are_refused() -> None:
    with pytest.raises(BudgetError) as error:
        allocate(key={})
    assert [p.code for p in error.value.problems] == ["TDI113"]


def test_the_engine_records_each_step_of_a_share() -> None:
    allocation = compute(load(REFERENCE))
    step = allocation.partner("qbo").steps[0]
    assert step.exact == Fraction(6380000 * 100208, 551453) / 100
    assert step.rounded_down == Decimal("11593.50")
    assert step.adjustment == 0
    assert step.cents_left == 4
    poher = allocation.partner("poher").steps[0]
    assert (poher.rounded_down, poher.adjustment, poher.rank) == (Decimal("1704.17"), Decimal("0.01"), 1)


def test_a_key_that_no_partner_shares_by() -> None:
    # Found by the fuzzer: a key with criteria, and no keyed partner to add them up over.
    partners = [{"id": "a", "name": "A", "contributes": False}, {"id": "f", "name": "F", "fixed": 12000}]
    allocation = allocate(partners=partners, key={"population": 1, "equal": 1})
    assert amounts(allocation) == {"a": ["0.00"], "f": ["12000.00"]}
    assert allocation.criterion_totals == {"population": 0, "equal": 0}
    with pytest.raises(BudgetError) as error:
        allocate(partners=partners[:1], key={"population": 1})
    assert [p.code for p in error.value.problems] == ["TDI117"]  # nobody contributes in year 1
    with pytest.raises(BudgetError) as error:
        allocate(partners=[{"id": "f", "name": "F", "fixed": 10000}], key={"population": 1})
    assert [p.code for p in error.value.problems] == ["TDI205"]  # 2,000.00 left, nobody keyed to share it


@given(
    start=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    months=st.integers(min_value=1, max_value=120),
)
def test_years_meet_without_gap_or_overlap_for_any_start_day(start: dt.date, months: int) -> None:
    """Each year starts the day after the previous one ends, the last ends the day before
    start + months, and no two years have the same label (a start on the 15th or the 31st too)."""
    allocation = allocate(period={"start": start.isoformat(), "months": months})
    years = allocation.years
    assert years[0].start == start
    for before, after in itertools.pairwise(years):
        assert before.end is not None
        assert after.start == before.end + dt.timedelta(days=1)
    assert years[-1].end == add_months(start, months) - dt.timedelta(days=1)
    assert len({year.label for year in years}) == len(years)
