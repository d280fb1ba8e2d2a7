"""SVG charts (matplotlib, optional): every name and amount written as text, the same bytes for the
same input, hostile names literal in well-formed XML, bounded for thousands of partners."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tdi_split
from tdi_split import app
from tdi_split.core.compare import Scenario, compare
from tdi_split.core.engine import Allocation
from tdi_split.core.money import ZERO
from tdi_split.core.problems import shorten, visible
from tdi_split.core.schedule import schedule
from tdi_split.output import charts
from tdi_split.output.formats import OutputError
from tdi_split.output.formatting import Formatter, Locale
from tdi_split.output.schedule import summary_lines

from .helpers import REFERENCE, ROOT, allocate

matplotlib = pytest.importorskip("matplotlib")

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLE = ROOT / "examples" / "manager-de-commerce.yaml"
SCENARIO = ROOT / "examples" / "scenarios" / "morlaix-se-retire.yaml"


def _reference() -> Allocation:
    return tdi_split.compute(tdi_split.load(REFERENCE))


def _root(svg: str) -> ET.Element:
    """The SVG parsed as XML (it must be well-formed)."""
    return ET.fromstring(svg.encode("utf-8"))


def _texts(svg: str) -> list[str]:
    """Every <text> of the SVG, as a reader's search finds it (svg.fonttype none: one element a line)."""
    return ["".join(node.itertext()) for node in _root(svg).iter(f"{SVG}text")]


def _pays(allocation: Allocation) -> list[tuple[str, Decimal]]:
    return [(share.name, share.total) for share in allocation.partners if share.contributes]


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_each_paying_partner_is_drawn_with_its_amount_in_the_order_of_the_file(locale: Locale) -> None:
    allocation, fmt = _reference(), Formatter(locale)
    texts = _texts(charts.shares_svg(allocation, fmt))
    names = [name for name, _ in _pays(allocation)]
    assert [text for text in texts if text in names] == names  # ticks go top to bottom, the first first
    for _, total in _pays(allocation):
        assert fmt.amount(total) in texts
    assert fmt.word("partners") in texts


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_the_funding_plan_shows_subsidies_and_net_cost_with_their_part_of_the_total(locale: Locale) -> None:
    allocation, fmt = _reference(), Formatter(locale)
    texts = _texts(charts.plan_svg(allocation, fmt))
    total = Fraction(allocation.total_cost)
    for line in allocation.subsidies:
        assert line.name in texts
        assert f"{fmt.amount(line.amount)} ({fmt.percent(Fraction(line.amount) / total, 1)})" in texts
    assert f"{fmt.amount(allocation.net_cost)} ({fmt.percent(Fraction(allocation.net_cost) / total, 1)})" in texts
    assert fmt.amount(allocation.total_cost) in texts
    assert {fmt.word("funding_plan"), fmt.word("net"), fmt.word("total_cost")} <= set(texts)


def test_the_compute_chart_holds_the_plan_and_the_shares() -> None:
    allocation, fmt = tdi_split.compute(tdi_split.load(EXAMPLE)), Formatter("en")
    texts = _texts(charts.compute_svg(allocation, fmt))
    assert set(_texts(charts.plan_svg(allocation, fmt))) <= set(texts)
    assert set(_texts(charts.shares_svg(allocation, fmt))) <= set(texts)
    assert "Signataire sans contribution" not in " ".join(texts)  # contributes: false, no bar


def test_french_charts_use_french_amounts_and_words() -> None:
    allocation, fmt = _reference(), Formatter("fr")
    texts = _texts(charts.compute_svg(allocation, fmt))
    assert "23\u202f187,00\u00a0€" in texts  # QBO, as a French council report writes it
    assert "80\u202f000,00\u00a0€ (38,5\u00a0%)" in texts
    assert {"Plan de financement", "Répartition entre les partenaires", "Coût total"} <= set(texts)
    assert not [text for text in texts if re.search(r"\d,\d{3}\.\d\d", text)]  # no English amount


def test_the_same_input_gives_the_same_bytes_in_another_process() -> None:
    fmt = Formatter("fr")
    first = charts.compute_svg(_reference(), fmt)
    assert charts.compute_svg(_reference(), fmt) == first
    code = (
        "import sys, tdi_split; from tdi_split.output import charts; from tdi_split.output.formatting import Formatter;"
        f"a = tdi_split.compute(tdi_split.load({str(REFERENCE)!r}));"
        "sys.stdout.buffer.write(charts.compute_svg(a, Formatter('fr')).encode())"
    )
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout
    assert again == first.encode("utf-8")
    assert "<dc:date>" not in first  # no timestamp


def test_the_chart_ignores_and_keeps_the_global_matplotlib_settings() -> None:
    allocation, fmt = _reference(), Formatter("en")
    expected = charts.shares_svg(allocation, fmt)
    changed = {"svg.fonttype": "path", "font.size": 30.0, "text.parse_math": True, "svg.hashsalt": None}
    with matplotlib.rc_context(changed):
        before = dict(matplotlib.rcParams)
        assert charts.shares_svg(allocation, fmt) == expected
        assert dict(matplotlib.rcParams) == before


HOSTILE = ["$x^2$", "<script>alert(1)</script>", "a & b </text> ]]>", "\\$\\alpha$ _nolegend_"]


def _renamed(allocation: Allocation, names: list[str]) -> Allocation:
    """``allocation`` with its first partners renamed (past the model's checks, as a library user could)."""
    partners = list(allocation.partners)
    for i, name in enumerate(names):
        partners[i] = dataclasses.replace(partners[i], name=name)
    return dataclasses.replace(allocation, partners=tuple(partners))


def _no_script(svg: str) -> None:
    root = _root(svg)
    assert not [node for node in root.iter() if node.tag.rsplit("}", 1)[-1].lower() == "script"]
    assert "<script" not in svg


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_hostile_names_print_literally_in_well_formed_xml(locale: Locale) -> None:
    allocation = _renamed(_reference(), [*HOSTILE, "Bell\x07 \x1b[31mred\x1b[0m\nline\u202eevil"])
    svg = charts.compute_svg(allocation, Formatter(locale))
    texts = _texts(svg)
    _no_script(svg)
    for name in HOSTILE:
        assert name in texts  # not mathtext, not markup, not dropped for a leading underscore
    assert "Bell\\x07 \\x1b[31mred\\x1b[0m\\x0aline\\u202eevil" in texts  # escapes made visible
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\u202e]", svg)


def test_a_hostile_beneficiary_and_scenario_stay_literal() -> None:
    allocation = _reference()
    assert allocation.budget.beneficiary is not None
    beneficiary = allocation.budget.beneficiary.model_copy(update={"name": "<script>x</script> $\\int$"})
    budget = allocation.budget.model_copy(update={"beneficiary": beneficiary})
    svg = charts.treasury_svg(schedule(dataclasses.replace(allocation, budget=budget)), Formatter("en"))
    _no_script(svg)
    assert "Treasury of the beneficiary, <script>x</script> $\\int$" in _texts(svg)
    base = Scenario("_base $x$", "s", (), allocation)
    other = Scenario("<script>alert(1)</script>\x1b", "s", (), allocation)
    svg = charts.comparison_svg(compare([base, other]), Formatter("en"))
    _no_script(svg)
    assert {"_base $x$ (base)", "<script>alert(1)</script>\\x1b"} <= set(_texts(svg))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=80))
def test_any_name_is_written_as_typed_escapes_visible(name: str) -> None:
    svg = charts.shares_svg(_renamed(allocate(), [name]), Formatter("en"))
    _no_script(svg)
    assert shorten(visible(name), charts.NAME_MAX) in _texts(svg)


def _widths(svg: str) -> tuple[float, list[tuple[str, float]]]:
    """The figure's width and, for each text drawn from its left end, where it ends (DejaVu Sans metrics)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    root = _root(svg)
    ends = []
    for node in root.iter(f"{SVG}text"):
        style = node.get("style", "")
        size = re.search(r"font-size: ([0-9.]+)px", style)
        if "text-anchor: start" not in style or size is None:
            continue
        text = "".join(node.itertext())
        font = FontProperties(family="DejaVu Sans", size=float(size.group(1)))
        width, _, _ = measure.get_text_width_height_descent(text, font, ismath=False)
        ends.append((text, float(node.get("x", "0")) + width))
    return float(root.get("viewBox", "0 0 0 0").split()[2]), ends


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("long_names", [False, True])
def test_amounts_at_the_bars_ends_stay_inside_the_figure(locale: Locale, long_names: bool) -> None:
    allocation = _reference()
    if long_names:
        allocation = _renamed(allocation, ["W" * 200, "Communauté d'agglomération du Pays de Quimperlé et Concarneau"])
    fmt = Formatter(locale)
    for svg in (charts.compute_svg(allocation, fmt), charts.shares_svg(allocation, fmt)):
        width, ends = _widths(svg)
        amounts = {fmt.amount(total) for _, total in _pays(allocation)}
        drawn = [(text, end) for text, end in ends if text in amounts]
        assert len(drawn) == len(amounts)
        assert all(end <= width for _, end in drawn), (width, drawn)


def _many(count: int) -> Allocation:
    partners = [
        {"id": f"p{i}", "name": f"Commune {i}", "criteria": {"population": 1000 + i * 7919 % 9973}}
        for i in range(count)
    ]
    return allocate(partners=partners)


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_thousands_of_partners_draw_the_largest_and_one_bar_for_the_others(locale: Locale) -> None:
    allocation, fmt = _many(5000), Formatter(locale)
    started = time.perf_counter()
    svg = charts.shares_svg(allocation, fmt)
    assert time.perf_counter() - started < 10
    texts = _texts(svg)
    drawn = [text for text in texts if text.startswith("Commune ")]
    assert len(drawn) == charts.TOP
    largest = sorted(allocation.partners, key=lambda share: -share.total)[: charts.TOP]
    assert {share.name for share in largest} == set(drawn)
    drawn_names = set(drawn)
    rest = sum((share.total for share in allocation.partners if share.name not in drawn_names), ZERO)
    assert fmt.word("charts.others", count=fmt.number(Decimal(5000 - charts.TOP), 0)) in texts
    assert fmt.amount(rest) in texts  # summed exactly, in Decimal
    assert len(svg) < 100_000
    assert len(charts.compute_svg(allocation, fmt)) < 100_000


def test_one_partner_past_the_limit_is_drawn_rather_than_counted() -> None:
    texts = _texts(charts.shares_svg(_many(charts.TOP + 1), Formatter("en")))
    assert len([text for text in texts if text.startswith("Commune ")]) == charts.TOP + 1
    assert not [text for text in texts if text.startswith("others")]


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_the_treasury_marks_the_pre_financing_need(locale: Locale) -> None:
    fmt = Formatter(locale)
    budget = tdi_split.load(REFERENCE)
    plan = schedule(tdi_split.compute(budget.model_copy(update={"calls": "end"})))
    assert plan.prefinancing > 0
    texts = _texts(charts.treasury_svg(plan, fmt, summary_lines(plan, fmt)))
    assert f"{fmt.word('schedule.negative')} {fmt.amount(plan.prefinancing)}" in texts
    assert fmt.word("schedule.heading", name="UIMM Finistère") in texts
    legend = {fmt.word("charts.received"), fmt.word("charts.spent"), fmt.word("schedule.treasury")}
    assert legend <= set(texts)
    assert any(fmt.signed(plan.lowest.treasury) in text for text in texts)  # the sentence under the chart
    assert "0" in texts  # the zero of the amount axis


def test_the_treasury_without_need_says_so_and_marks_nothing() -> None:
    fmt = Formatter("en")
    plan = schedule(_reference())
    texts = _texts(charts.treasury_svg(plan, fmt, summary_lines(plan, fmt)))
    assert plan.prefinancing == 0
    assert fmt.word("schedule.no_need") in texts
    assert not [text for text in texts if text.startswith(fmt.word("schedule.negative"))]


@pytest.mark.parametrize(
    ("locale", "months"), [("en", ["Jan", "Apr", "Jul", "Oct"]), ("fr", ["janv.", "avr.", "juil."])]
)
def test_the_treasury_names_the_months_in_the_locale(locale: Locale, months: list[str]) -> None:
    plan = schedule(tdi_split.compute(tdi_split.load(EXAMPLE)))  # 30 months from January 2023
    texts = _texts(charts.treasury_svg(plan, Formatter(locale), summary_lines(plan, Formatter(locale))))
    assert texts[:4] == [months[0], "2023", months[1], "2023"]  # a label every 3 months, the year below
    assert set(months) <= set(texts)
    assert {"2024", "2025"} <= set(texts)


def test_the_treasury_without_dates_numbers_the_months() -> None:
    plan = schedule(_reference())  # 24 months, no start date
    texts = _texts(charts.treasury_svg(plan, Formatter("fr"), summary_lines(plan, Formatter("fr"))))
    assert texts[:3] == ["1", "3", "5"]
    assert "Mois" in texts


def test_the_comparison_draws_each_partner_under_each_scenario() -> None:
    comparison = app.compare(REFERENCE, [SCENARIO]).value
    fmt = Formatter("fr")
    texts = _texts(charts.comparison_svg(comparison, fmt))
    base, other = comparison.scenarios
    assert f"{base.name} ({fmt.word('base')})" in texts
    assert other.name in texts
    for row in comparison.partners:
        assert row.name in texts
        for share in row.shares:
            if share is not None:
                assert fmt.amount(share.total) in texts
    assert texts.count(fmt.word("absent")) == 1  # Morlaix, in the scenario it leaves


def test_a_comparison_of_many_scenarios_and_partners_stays_bounded() -> None:
    allocation = _many(500)
    scenarios = [Scenario(f"scenario {i}", "s", (), allocation) for i in range(charts.MAX_SCENARIOS + 3)]
    svg = charts.comparison_svg(compare(scenarios), Formatter("en"))
    texts = _texts(svg)
    assert "3 more scenarios not drawn" in texts
    named = ["scenario 0 (base)", *(f"scenario {i}" for i in range(1, charts.MAX_SCENARIOS))]
    assert [text for text in texts if text.startswith("scenario ")] == named
    drawn = [text for text in texts if text.startswith("Commune ")]
    assert len(drawn) * charts.MAX_SCENARIOS <= charts.COMPARISON_BARS
    assert len(svg) < 300_000


def test_without_matplotlib_a_chart_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    with pytest.raises(OutputError, match=re.escape("pip install 'tdi-split[charts]'")):
        charts.shares_svg(_reference(), Formatter("en"))


def test_every_chart_of_the_reference_is_an_svg_document() -> None:
    """Every chart of the reference budget, both locales, parses as SVG."""
    allocation = _reference()
    comparison = app.compare(REFERENCE, [SCENARIO]).value
    for locale in ("en", "fr"):
        fmt = Formatter(locale)
        for svg in (
            charts.shares_svg(allocation, fmt),
            charts.plan_svg(allocation, fmt),
            charts.compute_svg(allocation, fmt),
            charts.treasury_svg(schedule(allocation), fmt),
            charts.comparison_svg(comparison, fmt),
        ):
            assert _root(svg).tag == f"{SVG}svg"
