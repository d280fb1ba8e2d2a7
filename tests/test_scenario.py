"""Scenario overlays: every kind of path, additions and removals, and the errors."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tdi_split.core.overlay import Overlay, apply_overlay, resolve_path
from tdi_split.core.problems import BudgetError
from tdi_split.files.budget import load_file
from tdi_split.files.yamlreader import read_document

from .helpers import REFERENCE, ROOT


@pytest.fixture
def base() -> dict[str, Any]:
    data: dict[str, Any] = read_document(REFERENCE).data
    return data


def overlay(**fields: Any) -> Overlay:
    return Overlay.model_validate({"schema": "tdi-split/1", "base": "x.yaml", **fields})


def test_paths_resolve_against_the_schema_and_the_ids(base: dict[str, Any]) -> None:
    assert resolve_path(base, "cost.annual") == ("cost", "annual")
    assert resolve_path(base, "subsidies.etat.cap") == ("subsidies", 0, "cap")
    assert resolve_path(base, "partners.poher.max") == ("partners", 9, "max")  # a field the base leaves out
    assert resolve_path(base, "partners.qbo.criteria.population") == ("partners", 1, "criteria", "population")
    assert resolve_path(base, "key.equal") == ("key", "equal")  # open mappings take new keys
    assert resolve_path(base, "period.start") == ("period", "start")
    assert resolve_path(base, "partners") == ("partners",)


@pytest.mark.parametrize(
    ("dotted", "message"),
    [
        ("cost.anual", "did you mean 'cost.annual'"),
        ("partners.pohr.max", "did you mean 'poher'"),
        ("partners.poher.maxi", "did you mean 'partners.poher.max'"),
        ("subsidies.etat.plafond", "(keys: id, name, rate, amount, ceiling, cap, payment, year)"),
        ("cost.annual.cents", "cost.annual is a value"),
        ("nothing", "the budget has no key 'nothing'"),
        ("cost..annual", "is no path"),
        ("", "is no path"),
    ],
)
def test_unknown_paths_name_the_closest_valid_one(base: dict[str, Any], dotted: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"unknown path|is no path") as error:
        resolve_path(base, dotted)
    assert message in str(error.value)


def test_set_writes_values_and_leaves_the_base_untouched(base: dict[str, Any]) -> None:
    before = copy.deepcopy(base)
    applied = apply_overlay(
        base,
        overlay(
            set={
                "cost.annual": 110000,
                "subsidies.etat.cap": None,
                "partners.poher.max": "1500.00",
                "partners.qbo.criteria.population": 100000,
                "key": {"population": 1, "equal": 1},
                "period.start": "2022-09-01",
            }
        ),
    )
    data = applied.data
    assert base == before
    assert data["cost"]["annual"] == 110000
    assert data["subsidies"][0]["cap"] is None
    assert data["partners"][9]["max"] == "1500.00"
    assert data["partners"][1]["criteria"] == {"population": 100000}
    assert data["key"] == {"population": 1, "equal": 1}
    assert data["period"] == {"months": 24, "start": "2022-09-01"}
    assert applied.set_paths[("partners", 9, "max")] == ("set", "partners.poher.max")
    assert [(c.path, c.before, c.after) for c in applied.changes][:2] == [
        ("cost.annual", "103800.00", 110000),
        ("subsidies.etat.cap", "80000.00", None),
    ]


def test_the_base_expectations_are_not_inherited(base: dict[str, Any]) -> None:
    assert "expect" not in apply_overlay(base, overlay()).data
    assert apply_overlay(base, overlay(set={"expect.qbo": "1.00"})).data["expect"] == {"qbo": "1.00"}


def test_remove_then_add_partners_then_set_on_the_added_one(base: dict[str, Any]) -> None:
    applied = apply_overlay(
        base,
        overlay(
            remove_partners=["morlaix-communaute", "poher"],
            add_partners=[{"id": "nouvelle-cc", "name": "Nouvelle CC", "criteria": {"population": 10000}}],
            set={"partners.nouvelle-cc.min": 1000},
        ),
    )
    ids = [p["id"] for p in applied.data["partners"]]
    assert ids[-1] == "nouvelle-cc"
    assert "morlaix-communaute" not in ids
    assert "poher" not in ids
    assert len(ids) == 9
    assert applied.data["partners"][-1]["min"] == 1000
    assert applied.partner_origins[-1] == ("overlay", 0)
    assert applied.partner_origins[2] == ("base", 3)  # landerneau moved up one place


def test_every_path_error_of_an_overlay_at_once(base: dict[str, Any]) -> None:
    with pytest.raises(BudgetError) as error:
        apply_overlay(base, overlay(set={"cost.anual": 1, "partners.x.max": 1}, remove_partners=["morlaix"]))
    assert sorted((p.code, p.path) for p in error.value.problems) == [
        ("TDI401", ("set", "cost.anual")),
        ("TDI401", ("set", "partners.x.max")),
        ("TDI402", ("remove_partners", 0)),
    ]


def test_an_overlay_of_an_overlay(tmp_path: Path) -> None:
    first = tmp_path / "first.yaml"
    first.write_text(f"schema: tdi-split/1\nbase: {REFERENCE}\nset:\n  cost.annual: 110000\n", encoding="utf-8")
    second = tmp_path / "second.yaml"
    second.write_text("schema: tdi-split/1\nbase: first.yaml\nremove_partners: [poher]\n", encoding="utf-8")
    loaded = load_file(second)
    assert loaded.budget.cost.annual == 110000
    assert [p.id for p in loaded.budget.partners][-1] == "haute-cornouaille"
    # A problem in a value the first overlay set points at the first overlay's line
    third = tmp_path / "third.yaml"
    third.write_text("schema: tdi-split/1\nbase: second.yaml\nset:\n  partners.qbo.fixed: 99999\n", encoding="utf-8")
    problems = loaded_problems(third)
    assert [(p.code, Path(p.file or "").name, p.line) for p in problems] == [("TDI202", "third.yaml", 4)]


def loaded_problems(path: Path) -> list[Any]:
    with pytest.raises(BudgetError) as error:
        load_file(path).allocate()
    return error.value.problems


def test_all_example_scenarios_load() -> None:
    for path in sorted((ROOT / "examples" / "scenarios").glob("*.yaml")):
        loaded = load_file(path)
        assert loaded.overlay is not None
        assert loaded.allocate().net_cost > 0
