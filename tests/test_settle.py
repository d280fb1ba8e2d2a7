"""The convention's life (DESIGN 6): costs by year, partners' years, the settlement's properties."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tdi_split.core.engine import Allocation, compute
from tdi_split.core.ledger import Ledger, ledger_problems
from tdi_split.core.model import Budget
from tdi_split.core.money import ZERO, cents
from tdi_split.core.problems import BudgetError
from tdi_split.core.settle import Settlement, settle

from .helpers import REFERENCE, allocate, amounts, budget_data, make_budget
from .test_properties import ARITHMETIC_LIMITS, _money, budgets


@st.composite
def life(draw: st.DrawFn) -> dict[str, Any]:
    """A random budget (maybe with bounds), then costs by year and partners taking part in some years."""
    data = draw(budgets(bounds=draw(st.booleans())))
    count = -(-data["period"]["months"] // 12)
    if draw(st.booleans()):
        data["cost"] = {"by_year": [_money(draw(st.integers(0, 20_000_000))) for _ in range(count)]}
    if count > 1:
        for partner in data["partners"][1:]:
            if draw(st.integers(0, 3)) == 0:
                years = draw(st.lists(st.integers(1, count), min_size=1, max_size=count, unique=True))
                partner["years"] = sorted(years)
    return data


def _plan(data: dict[str, Any]) -> Allocation:
    try:
        return compute(Budget.model_validate(data))
    except BudgetError as error:
        refused = {p.code for p in error.problems}
    assert refused <= ARITHMETIC_LIMITS | {"TDI117", "TDI207"}, refused
    assume(False)
    raise AssertionError("unreachable")


def _as_planned(plan: Allocation, *, paid: bool = True) -> Ledger:
    """A ledger of a convention spent as planned (each year's cost as `schedule` shows it), every call paid."""
    received: list[dict[str, Any]] = [
        {"from": line.id, "amount": str(line.amount)} for line in plan.subsidies if line.amount > 0
    ]
    if paid:
        for share in plan.partners:
            received += [
                {"from": share.id, "year": year, "amount": str(amount)}
                for year, amount in enumerate(share.years, start=1)
                if amount > 0
            ]
    spending = [{"year": y.index, "amount": str(y.cost)} for y in plan.years]
    return Ledger.model_validate(
        {"schema": "tdi-split-ledger/1", "budget": "b.yaml", "spending": spending, "received": received}
    )


def _settle(data: dict[str, Any], ledger: Ledger) -> Settlement:
    try:
        return settle(Budget.model_validate(data), ledger)
    except BudgetError as error:
        refused = {p.code for p in error.problems}
    assert refused <= ARITHMETIC_LIMITS | {"TDI117", "TDI207", "TDI208"}, refused
    assume(False)
    raise AssertionError("unreachable")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(life())
def test_spent_and_paid_as_planned_every_balance_is_zero(data: dict[str, Any]) -> None:
    plan = _plan(data)
    settlement = _settle(data, _as_planned(plan))
    assert settlement.final
    assert [b.balance for b in settlement.partners] == [ZERO] * len(plan.partners)
    assert [b.balance for b in settlement.subsidies] == [ZERO] * len(plan.subsidies)
    assert [b.due for b in settlement.partners] == [s.total for s in plan.partners]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(life(), st.data())
def test_the_settlement_adds_up_on_any_spending(data: dict[str, Any], draw: st.DataObject) -> None:
    plan = _plan(data)
    budget = Budget.model_validate(data)
    spending = [
        {"year": y.index, "amount": _money(draw.draw(st.integers(0, cents(y.cost) * 2 + 100)))}
        for y in plan.years
        if draw.draw(st.booleans())
    ]
    received = [
        {"from": s.id, "year": 1, "amount": _money(draw.draw(st.integers(1, 10**7)))}
        for s in plan.partners
        if draw.draw(st.booleans())
    ]
    ledger = Ledger.model_validate(
        {"schema": "tdi-split-ledger/1", "budget": "b.yaml", "spending": spending, "received": received}
    )
    assert list(ledger_problems(ledger, budget)) == []
    settlement = _settle(data, ledger)
    actual = settlement.actual
    # Balances plus payments are the dues; the dues add up to the actual net, year by year too.
    for balance in settlement.partners:
        assert balance.balance + balance.paid == balance.due
        assert sum(balance.years, ZERO) == balance.due
    assert sum((b.due for b in settlement.partners), ZERO) == actual.net_cost
    assert sum((y.net for y in settlement.years), ZERO) == actual.net_cost
    assert actual.net_cost + sum((s.final for s in settlement.subsidies), ZERO) == actual.total_cost
    # No subsidy exceeds its voted amount.
    assert all(s.final <= s.planned for s in settlement.subsidies)
    # A partner never pays in a year it takes no part in.
    for partner, balance in zip(budget.partners, settlement.partners, strict=True):
        for year, amount in enumerate(balance.years, start=1):
            if not partner.takes_part_in(year) or not partner.contributes:
                assert amount == ZERO
    assert settlement.final == (len(spending) == len(plan.years))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(life(), st.randoms(use_true_random=False))
def test_permuting_partners_changes_nothing(data: dict[str, Any], rnd: random.Random) -> None:
    plan = _plan(data)
    spending = [{"year": y.index, "amount": _money(cents(y.cost) * 9 // 10)} for y in plan.years]
    ledger = Ledger.model_validate({"schema": "tdi-split-ledger/1", "budget": "b.yaml", "spending": spending})
    before = {b.id: (b.due, b.years) for b in _settle(data, ledger).partners}
    shuffled = dict(data, partners=rnd.sample(data["partners"], len(data["partners"])))
    after = {b.id: (b.due, b.years) for b in _settle(shuffled, ledger).partners}
    assert after == before


def test_costs_by_year_split_the_net_in_their_proportion() -> None:
    allocation = allocate(
        period={"months": 24},
        cost={"by_year": ["1000.00", "3000.00"]},
        partners=[
            {"id": "a", "name": "A", "criteria": {"population": 1}},
            {"id": "b", "name": "B", "criteria": {"population": 3}},
        ],
    )
    assert str(allocation.total_cost) == "4000.00"
    assert amounts(allocation) == {"a": ["250.00", "750.00"], "b": ["750.00", "2250.00"]}
    assert [str(y.cost) for y in allocation.years] == ["1000.00", "3000.00"]


def test_an_annual_cost_keeps_every_figure_of_the_reference() -> None:
    from tdi_split.app import load

    budget = load(REFERENCE)
    by_year = Budget.model_validate(
        {**budget.model_dump(by_alias=True, exclude_none=True), "cost": {"by_year": ["103800.00", "103800.00"]}}
    )
    assert amounts(compute(budget)) == amounts(compute(by_year))


def test_a_partner_joining_in_year_two_shares_only_that_year() -> None:
    partners = [
        {"id": "a", "name": "A", "criteria": {"population": 1}},
        {"id": "b", "name": "B", "criteria": {"population": 1}},
        {"id": "c", "name": "C", "criteria": {"population": 2}, "years": [2]},
    ]
    allocation = allocate(period={"months": 24}, cost={"annual": "1200.00"}, partners=partners)
    assert amounts(allocation) == {"a": ["600.00", "300.00"], "b": ["600.00", "300.00"], "c": ["0.00", "600.00"]}
    share = allocation.partner("c")
    assert (share.weight, share.weight_year) == (Fraction(1, 2), 2)
    assert [step.year for step in share.steps] == [2]


def test_a_settlement_spent_less_in_year_one() -> None:
    """Hand-worked: 1,200.00 a year for two years, half paid by a subsidy capped at 1,000.00."""
    budget = make_budget(
        period={"months": 24},
        cost={"annual": "1200.00"},
        subsidies=[{"id": "s", "name": "S", "rate": "50 %", "cap": "1000.00"}],
    )
    ledger = Ledger.model_validate(
        {
            "schema": "tdi-split-ledger/1",
            "budget": "b.yaml",
            "spending": [{"year": 1, "amount": "600.00"}],
            "received": [{"from": "a", "year": 1, "amount": "700.00"}, {"from": "s", "amount": "300.00"}],
        }
    )
    settlement = settle(budget, ledger)
    assert not settlement.final
    assert settlement.reported_years == (1,)
    assert str(settlement.actual.total_cost) == "1800.00"  # 600 spent + 1,200 planned
    assert [(str(s.final), str(s.balance)) for s in settlement.subsidies] == [("900.00", "600.00")]
    # net 900.00 split 600 : 1,200 between the years: 300.00 and 600.00, each shared equally
    assert [str(y.net) for y in settlement.years] == ["300.00", "600.00"]
    assert [(str(b.due), str(b.paid), str(b.balance)) for b in settlement.partners] == [
        ("450.00", "700.00", "-250.00"),
        ("450.00", "0.00", "450.00"),
    ]


def test_a_subsidy_never_exceeds_its_voted_amount() -> None:
    budget = make_budget(cost={"annual": "1000.00"}, subsidies=[{"id": "s", "name": "S", "rate": "50 %"}])
    ledger = Ledger.model_validate(
        {"schema": "tdi-split-ledger/1", "budget": "b.yaml", "spending": [{"year": 1, "amount": "5000.00"}]}
    )
    settlement = settle(budget, ledger)
    assert [str(s.final) for s in settlement.subsidies] == ["500.00"]
    assert settlement.actual.subsidies[0].limited_to_plan


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"cost": {"by_year": ["1.00"]}, "period": {"months": 24}}, "TDI114"),
        ({"cost": {"by_year": ["1.00"], "annual": "1.00"}}, "TDI115"),
        ({"partners": [{"id": "a", "name": "A", "criteria": {"population": 1}, "years": [2]}]}, "TDI116"),
        ({"partners": [{"id": "a", "name": "A", "criteria": {"population": 1}, "years": [1, 1]}]}, "TDI116"),
        (
            {
                "period": {"months": 24},
                "partners": [{"id": "a", "name": "A", "criteria": {"population": 1}, "years": [1]}],
            },
            "TDI117",
        ),
        ({"subsidies": [{"id": "s", "name": "S"}]}, "TDI118"),
        ({"subsidies": [{"id": "s", "name": "S", "rate": "1 %", "amount": "1.00"}]}, "TDI118"),
        ({"subsidies": [{"id": "s", "name": "S", "amount": "1.00", "cap": "1.00"}]}, "TDI118"),
        ({"subsidies": [{"id": "a", "name": "S", "rate": "1 %"}]}, "TDI119"),
        (
            # the rounding difference of year 1 would go to a partner absent that year
            {
                "period": {"months": 24},
                "rounding": {"method": "half-up", "remainder_to": "b"},
                "partners": [
                    {"id": "a", "name": "A", "criteria": {"population": 1}},
                    {"id": "b", "name": "B", "criteria": {"population": 1}, "years": [2]},
                ],
            },
            "TDI109",
        ),
    ],
)
def test_every_new_rule_of_the_budget(changes: dict[str, Any], code: str) -> None:
    with pytest.raises(BudgetError) as error:
        compute(Budget.model_validate(budget_data(**changes)))
    assert code in [p.code for p in error.value.problems]


@pytest.mark.parametrize(
    ("field", "value"),
    [("siren", "200068121"), ("siren", "12345678"), ("siret", "20006812000011"), ("siret", "78144418000017")],
)
def test_identities_are_checked(field: str, value: str) -> None:
    partner = {"id": "a", "name": "A", "criteria": {"population": 1}, "siren": "200068120", field: value}
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Budget.model_validate(budget_data(partners=[partner]))


def test_a_fixed_sum_subsidy_is_that_sum_and_kept_in_a_settlement() -> None:
    budget = make_budget(cost={"annual": "1000.00"}, subsidies=[{"id": "bank", "name": "Bank", "amount": "300.00"}])
    assert str(compute(budget).subsidies[0].amount) == "300.00"
    ledger = Ledger.model_validate(
        {"schema": "tdi-split-ledger/1", "budget": "b.yaml", "spending": [{"year": 1, "amount": "500.00"}]}
    )
    assert [str(s.final) for s in settle(budget, ledger).subsidies] == ["300.00"]


@pytest.mark.parametrize(
    ("ledger", "code"),
    [
        ({"spending": [{"year": 3, "amount": "1.00"}]}, "TDI501"),
        ({"received": [{"from": "aa", "year": 1, "amount": "1.00"}]}, "TDI502"),
        ({"spending": [{"year": 1, "amount": "1.00"}, {"year": 1, "amount": "2.00"}]}, "TDI503"),
        ({"received": [{"from": "a", "amount": "1.00"}]}, "TDI504"),
    ],
)
def test_every_rule_of_the_ledger(ledger: dict[str, Any], code: str) -> None:
    parsed = Ledger.model_validate({"schema": "tdi-split-ledger/1", "budget": "b.yaml", **ledger})
    assert [p.code for p in ledger_problems(parsed, make_budget())] == [code]


def test_la_poste_sirets_follow_their_own_rule() -> None:
    """La Poste's establishments (SIREN 356000000) are numbered so that the SIRET's digits add up
    to a multiple of 5, not by the Luhn check; a SIRET's SIREN must pass Luhn otherwise."""
    from pydantic import ValidationError

    for siret in ("35600000000001", "35600000000010"):  # digits adding up to 15
        Budget.model_validate(budget_data(beneficiary={"name": "La Poste", "siret": siret}))
    with pytest.raises(ValidationError):
        Budget.model_validate(budget_data(beneficiary={"name": "La Poste", "siret": "35600000000002"}))
