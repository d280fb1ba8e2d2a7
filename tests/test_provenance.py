"""Official figures (core/provenance.py, files/official.py, files/criteria.py): filling a criterion
from a vintage, checking figures against it, and the in-place edit that changes nothing else."""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdi_split.core.model import Budget
from tdi_split.core.problems import BudgetError
from tdi_split.core.provenance import fill, official_source, provenance_problems
from tdi_split.files import vintages
from tdi_split.files.budget import load_file
from tdi_split.files.criteria import EditError, edit_criterion
from tdi_split.files.official import shelf
from tdi_split.files.yamlreader import parse_document

from .helpers import ROOT, budget_data

EXAMPLE = ROOT / "examples" / "finistere-insee.yaml"
QBO, BREST = "200068120", "242900314"


def _budget(*partners: dict[str, Any], sources: dict[str, Any] | None = None) -> Budget:
    data = budget_data(partners=list(partners))
    if sources is not None:
        data["sources"] = sources
    return Budget.model_validate(data)


def _official(year: int = 2022, kind: str = "municipale") -> dict[str, Any]:
    vintage = shelf().vintage(year)
    assert vintage is not None
    return official_source(vintage, "municipale" if kind == "municipale" else "totale")


def test_the_example_is_the_newest_vintage_and_checks_clean() -> None:
    budget = load_file(EXAMPLE).budget
    assert provenance_problems(budget, shelf()) == []
    newest = vintages.load(vintages.years()[-1])
    assert budget.sources["population"].model_dump(exclude_none=True) == _official(newest.year)
    for partner in budget.partners:
        assert partner.siren is not None
        assert partner.criteria["population"] == newest.epcis[partner.siren].municipal


@pytest.mark.parametrize("year", vintages.years())
def test_fill_takes_every_figure_from_the_vintage(year: int) -> None:
    vintage = shelf().vintage(year)
    assert vintage is not None
    budget = load_file(EXAMPLE).budget
    filling = fill(budget, "population", vintage, "totale")
    epcis = vintages.load(year).epcis
    assert [(c.partner_id, c.new) for c in filling.changes] == [
        (p.id, epcis[p.siren].total) for p in budget.partners if p.siren is not None
    ]
    assert filling.replaces is None  # official figures are refreshed without --force
    assert filling.source["source"].startswith(f"INSEE, population totale légale, millésime {year} (en vigueur")


def test_fill_leaves_partners_without_siren_and_says_what_it_replaces() -> None:
    budget = _budget(
        {"id": "a", "name": "A", "siren": QBO, "criteria": {"population": 1}},
        {"id": "b", "name": "B", "criteria": {"population": 1}},
        sources={"population": {"source": "typed by hand"}},
    )
    vintage = shelf().vintage(2022)
    assert vintage is not None
    filling = fill(budget, "population", vintage, "municipale")
    assert filling.without_siren == ("b",)
    assert [(c.index, c.old, c.new) for c in filling.changes] == [(0, Decimal(1), 102574)]
    assert filling.replaces == "figures from 'typed by hand'"
    assert not filling.unchanged
    unstated = _budget({"id": "a", "name": "A", "siren": QBO, "criteria": {"population": 1}})
    assert fill(unstated, "population", vintage, "municipale").replaces == "figures of no stated source"
    fresh = _budget({"id": "a", "name": "A", "siren": QBO, "criteria": {"jobs": 1}})
    assert fill(fresh, "population", vintage, "municipale").replaces is None


def test_fill_lists_every_siren_the_vintage_lacks() -> None:
    budget = _budget(
        {"id": "a", "name": "CC Pleyben-Châteaulin-Porzay", "siren": "200035459", "criteria": {"x": 1}},
        {"id": "b", "name": "B", "siren": QBO, "criteria": {"x": 1}},
        {"id": "c", "name": "Quimper", "siren": "212902324", "criteria": {"x": 1}},
    )
    vintage = shelf().vintage(2022)
    assert vintage is not None
    with pytest.raises(BudgetError) as raised:
        fill(budget, "population", vintage, "municipale")
    assert [(p.code, p.path, p.severity) for p in raised.value.problems] == [
        ("TDI309", ("partners", 0, "siren"), "error"),
        ("TDI309", ("partners", 2, "siren"), "error"),
    ]
    assert "closest: CA Agglomération d'Agen (200096956), CC Pleyben-Châteaulin-Porzay (200067247)" in (
        raised.value.problems[0].message
    )


def test_an_epci_created_after_an_old_vintage_says_so() -> None:
    """The SIREN of an EPCI of 2022 that the 2018 list does not hold: 'later', not 'since'."""
    newer = sorted(set(vintages.load(2022).epcis) - set(vintages.load(2018).epcis))[0]
    budget = _budget({"id": "a", "name": "A", "siren": newer, "criteria": {"x": 1}})
    vintage = shelf().vintage(2018)
    assert vintage is not None
    with pytest.raises(BudgetError) as raised:
        fill(budget, "population", vintage, "municipale")
    assert "(created, merged or dissolved later)" in raised.value.problems[0].message


@settings(max_examples=60, deadline=None)
@given(
    year=st.sampled_from(vintages.years()),
    kind=st.sampled_from(["municipale", "totale"]),
    sirens=st.lists(st.sampled_from(sorted(vintages.load(2022).epcis)), min_size=1, max_size=6, unique=True),
    shift=st.integers(-3, 3),
)
def test_check_finds_exactly_the_figures_that_differ(year: int, kind: str, sirens: list[str], shift: int) -> None:
    """Official figures, one of them moved by ``shift``: a TDI307 (or a TDI309 for a SIREN the vintage
    lacks) for that one only, naming the official value."""
    epcis = vintages.load(year).epcis

    def figure(siren: str) -> int:
        return epcis[siren].municipal if kind == "municipale" else epcis[siren].total

    pops = [figure(s) if s in epcis else 1 for s in sirens]
    if sirens[0] in epcis:
        pops[0] = max(0, pops[0] + shift)
    partners: list[dict[str, Any]] = [
        {"id": f"p{i}", "name": f"P{i}", "siren": s, "criteria": {"pop": pop}}
        for i, (s, pop) in enumerate(zip(sirens, pops, strict=True))
    ]
    budget = _budget(*partners, sources={"pop": _official(year, kind)})
    problems = provenance_problems(budget, shelf())
    missing: list[tuple[str, tuple[str | int, ...]]] = [
        ("TDI309", ("partners", i, "siren")) for i, s in enumerate(sirens) if s not in epcis
    ]
    moved: list[tuple[str, tuple[str | int, ...]]] = []
    if sirens[0] in epcis and pops[0] != figure(sirens[0]):
        moved.append(("TDI307", ("partners", 0, "criteria", "pop")))
    assert sorted((p.code, p.path) for p in problems if p.code != "TDI308") == sorted(moved + missing)
    assert all(p.severity == "warning" for p in problems)
    if moved:
        message = next(p.message for p in problems if p.code == "TDI307")
        assert f"gives {figure(sirens[0])} (population {kind} of {epcis[sirens[0]].name}" in message


def test_a_vintage_not_shipped_is_said_once() -> None:
    sources = {"pop": {**_official(), "year": 1999}}
    budget = _budget({"id": "a", "name": "A", "siren": QBO, "criteria": {"pop": 1}}, sources=sources)
    (problem,) = provenance_problems(budget, shelf())
    assert (problem.code, problem.path, problem.severity) == ("TDI310", ("sources", "pop", "year"), "warning")
    assert problem.message == (
        "INSEE millésime 1999 is not shipped with this version of tdi-split (vintages 2018 to 2022): the figures "
        "of 'pop' cannot be checked"
    )


def test_all_figures_of_another_vintage_are_said_as_such() -> None:
    old = vintages.load(2019).epcis
    budget = _budget(
        {"id": "a", "name": "A", "siren": QBO, "criteria": {"pop": old[QBO].municipal}},
        {"id": "b", "name": "B", "siren": BREST, "criteria": {"pop": old[BREST].municipal}},
        sources={"pop": _official(2022)},
    )
    problems = provenance_problems(budget, shelf())
    assert [p.code for p in problems] == ["TDI307", "TDI307", "TDI308"]
    assert problems[2].message.startswith("the figures of 'pop' are not those of INSEE millésime 2022: INSEE")


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"source": "s", "dataset": "insee-populations-legales", "year": 2022}, "needs `year`"),
        ({"source": "s", "kind": "totale"}, "`kind` says which figure of an official `dataset`"),
        ({"source": "s", "dataset": "insee", "year": 2022, "kind": "totale"}, "insee-populations-legales"),
    ],
)
def test_an_official_source_names_its_vintage_and_population(entry: dict[str, Any], says: str) -> None:
    with pytest.raises(ValueError, match=says):
        _budget({"id": "a", "name": "A", "criteria": {"pop": 1}}, sources={"pop": entry})


# The in-place edit, on files laid out in many ways.

PARTNER = st.fixed_dictionaries(
    {
        "flow": st.booleans(),
        "criteria": st.sampled_from(["none", "block", "flow"]),
        "has_figure": st.booleans(),
        "siren": st.sampled_from([QBO, BREST, None]),
        "quote": st.sampled_from(["'", '"']),
        "above": st.booleans(),
        "inline": st.booleans(),
    }
)


def _layout(partners: list[dict[str, Any]], mapping: int, offset: int, sources: str, trail: str) -> str:
    """A budget file: ``mapping`` spaces per level, dashes ``offset`` spaces in, comments here and there."""
    pad, dash = " " * mapping, " " * offset
    item = " " * (offset + 2)  # the keys of a block item, after "- "
    lines = ["# a budget laid out by hand", "schema: tdi-split/1   # the schema", "title: t", "period:"]
    lines += [f"{pad}months: 12", "cost: {annual: 1000.00}", "partners:"]
    for i, p in enumerate(partners):
        siren = f", siren: {p['quote']}{p['siren']}{p['quote']}" if p["siren"] else ""
        figure = f"population: {i + 1}, " if p["has_figure"] else ""
        if p["above"]:
            lines.append(f"{dash}# partner {i}")
        comment = f"   # inline {i}" if p["inline"] else ""
        if p["flow"]:
            lines.append(f"{dash}- {{id: p{i}, name: P{i}{siren}, criteria: {{{figure}jobs: 1}}}}{comment}")
            continue
        lines.append(f"{dash}- id: p{i}{comment}")
        lines.append(f"{item}name: P{i}")
        if p["siren"]:
            lines.append(f"{item}siren: {p['quote']}{p['siren']}{p['quote']}")
        if p["criteria"] == "block" or (p["criteria"] == "none" and not p["siren"]):
            lines.append(f"{item}criteria:   # its figures")
            if p["has_figure"]:
                lines.append(f"{item}{pad}population: {i + 1}   # old")
            lines.append(f"{item}{pad}jobs: 1")
        elif p["criteria"] == "flow":
            lines.append(f"{item}criteria: {{{figure}jobs: 1}}")
    lines += ["key:", f"{pad}jobs: 1   # a key"]
    if sources == "block":
        lines += ["sources:", f"{pad}population:", f"{pad}{pad}source: by hand   # who typed them", f"{pad}{pad}url: x"]
    elif sources == "flow":
        lines += ["sources: {population: {source: by hand, year: 2019}}   # flow"]
    lines += ["rounding: largest-remainder", "# the end"]
    return "\n".join(lines) + "\n" + trail


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    partners=st.lists(PARTNER, min_size=1, max_size=5),
    mapping=st.sampled_from([2, 4]),
    offset=st.sampled_from([0, 2]),
    sources=st.sampled_from(["none", "block", "flow"]),
    trail=st.sampled_from(["", "...\n", "\n\n"]),
)
def test_the_edit_changes_the_figures_and_sources_only(
    partners: list[dict[str, Any]], mapping: int, offset: int, sources: str, trail: str
) -> None:
    text = _layout(partners, mapping, offset, sources, trail)
    data = parse_document(text).data
    Budget.model_validate(data)  # a valid budget, as `criteria` requires
    figures = {i: 1000 + i for i, p in enumerate(partners) if p["siren"]}
    source = _official(2021)
    try:
        edited = edit_criterion(text, "population", figures, source)
    except EditError as error:  # pragma: no cover - the property is that it never happens here
        pytest.fail(f"{error}\n{text}")
    after = parse_document(edited).data
    for i, partner in enumerate(after["partners"]):
        old = (data["partners"][i].get("criteria") or {}).get("population")
        assert (partner.get("criteria") or {}).get("population") == figures.get(i, old)
    assert after["sources"]["population"] == source
    assert {k: v for k, v in after.items() if k not in ("partners", "sources")} == {
        k: v for k, v in data.items() if k not in ("partners", "sources")
    }
    comments = [line[line.index("#") :] for line in text.splitlines() if "#" in line]
    assert all(comment in edited for comment in comments)
    removed = [
        line[1:]
        for line in difflib.unified_diff(text.splitlines(), edited.splitlines(), lineterm="", n=0)
        if line.startswith("-") and not line.startswith("---")
    ]
    # only the lines of the figures (a partner's `criteria`, or its flow item) and of `sources`
    assert all(any(w in line for w in ("population", "criteria:", "source", "url: x")) for line in removed), removed
    assert edit_criterion(edited, "population", figures, source) == edited  # a second run changes nothing


def test_no_vintage_gives_the_share_the_deliberation_voted() -> None:
    """What the README says of the example: the deliberation's key is not plain population. QBO's
    annual share with the official figures of every vintage, municipale or totale, is between
    11,375.37 and 11,480.60, never the 11,593.50 voted (and 11,430.47 with the example's own)."""
    from tdi_split.core.engine import compute

    budget = load_file(EXAMPLE).budget
    shares = {}
    for year in vintages.years():
        epcis = vintages.load(year).epcis
        for kind in ("municipale", "totale"):
            figures = {s: e.municipal if kind == "municipale" else e.total for s, e in epcis.items()}
            partners = tuple(
                p.model_copy(update={"criteria": {"population": Decimal(figures[str(p.siren)])}})
                for p in budget.partners
            )
            allocation = compute(budget.model_copy(update={"partners": partners}))
            shares[(year, kind)] = allocation.partner("qbo").years[0]
    assert shares[(2022, "municipale")] == compute(budget).partner("qbo").years[0] == Decimal("11430.47")
    assert min(shares.values()) == shares[(2018, "municipale")] == Decimal("11375.37")
    assert max(shares.values()) == shares[(2022, "totale")] == Decimal("11480.60")
    assert Decimal("11593.50") not in shares.values()
