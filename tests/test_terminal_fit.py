"""Terminal tables fit the terminal (issue 12): no line wider than the width, no amount cut.

Every command that draws a table is run through the command line at a given width
(``COLUMNS``), in English and in French, and its text is checked against its own
``--format json``: each amount of the JSON that the view shows must appear whole, formatted
as the locale writes it (``80 000,00 €`` never broken at its no-break spaces).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Collection, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tdi_split.output.formatting import Formatter, Locale

from .helpers import REFERENCE, ROOT, Invoke

MANAGER = ROOT / "examples" / "manager-de-commerce.yaml"
MORLAIX = ROOT / "examples" / "scenarios" / "morlaix-se-retire.yaml"
PLANCHER = ROOT / "examples" / "scenarios" / "plancher-2000.yaml"
CONVENTION = ROOT / "examples" / "convention"
BUDGET = CONVENTION / "partners.yaml"
LEDGER = CONVENTION / "ledger.yaml"

AMOUNT = re.compile(r"-?\d+\.\d{2}")
"""An amount in the JSON contracts: a string with two decimals."""

COMMANDS: dict[str, list[str]] = {
    "compute": ["compute", str(REFERENCE)],
    "compute-notes": ["compute", str(MANAGER)],
    "compare": ["compare", str(REFERENCE), str(MORLAIX)],
    "compare-3": ["compare", str(REFERENCE), str(MORLAIX), str(PLANCHER)],
    "schedule": ["schedule", str(MANAGER)],
    "schedule-monthly": ["schedule", str(MANAGER), "--monthly"],
    "schedule-chart": ["schedule", str(REFERENCE), "--chart"],
    "explain": ["explain", "qbo", str(REFERENCE)],
    "explain-floor": ["explain", "commune-est", str(MANAGER)],
    "settle": ["settle", str(LEDGER)],
    "calls": ["calls", str(BUDGET), "--year", "1"],
    "calls-balance": ["calls", str(LEDGER), "--balance"],
}
"""The commands checked, by a name for the test ids."""

HIDDEN: dict[str, set[str]] = {
    # compare shows what each scenario makes partners pay, not how each subsidy was bounded
    # (that is compute's funding plan): the base, ceiling and cap of a subsidy, the annual cost,
    # the cost of each year are in the JSON of each scenario but not in the comparison.
    "compare": {"annual_cost", "base", "ceiling", "cap", "cost"},
    # explain says in words that there is no fixed part and which cent the rounding gives
    "explain": {"fixed", "adjustment"},
}
"""JSON fields, by command, whose amounts the terminal view does not show (and never did)."""


def _amounts(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, amount) of every amount in a JSON document."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _amounts(value, f"{path}.{key}")
    elif isinstance(data, list):
        for number, value in enumerate(data):
            yield from _amounts(value, f"{path}[{number}]")
    elif isinstance(data, str) and AMOUNT.fullmatch(data):
        yield path, data


def _field(path: str) -> str:
    """The last field name of a JSON path: ``.partners[0].years[1]`` -> ``years``."""
    return str(re.findall(r"\.([a-z_]+)", path)[-1])


def _shown(amount: str, fmt: Formatter) -> str:
    """An amount as the terminal writes it: a negative one with a true minus sign."""
    return fmt.signed(Decimal(amount))


def _whole(shown: str, text: str) -> bool:
    """Whether ``shown`` is in ``text`` as a whole amount (not the tail of a longer number)."""
    return re.search(rf"(?<![0-9.,\u202f\u00a0]){re.escape(shown)}(?![0-9])", text) is not None


def _run(invoke: Invoke, name: str, width: int, locale: Locale) -> str:
    args = [*COMMANDS[name], "--locale", locale]
    result = invoke(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def _json(invoke: Invoke, name: str) -> Any:
    result = invoke(*COMMANDS[name], "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def check_fits(text: str, width: int, where: str) -> None:
    """No line of ``text`` is wider than ``width`` cells."""
    wide = [
        (number, cell_len(line), line) for number, line in enumerate(text.splitlines(), 1) if cell_len(line) > width
    ]
    assert not wide, f"{where}: {len(wide)} line(s) wider than {width} columns, first: line {wide[0][0]} " + (
        f"({wide[0][1]} wide): {wide[0][2]!r}\n--- output ---\n{text}"
    )


def check_amounts(text: str, data: Any, fmt: Formatter, where: str, hidden: Collection[str] = ()) -> None:
    """Every amount of ``data`` (JSON) outside ``hidden`` fields is whole in ``text``."""
    missing = [
        f"{path} = {amount} -> {_shown(amount, fmt)!r}"
        for path, amount in _amounts(data)
        if _field(path) not in hidden and not _whole(_shown(amount, fmt), text)
    ]
    assert not missing, (
        f"{where}: {len(missing)} amount(s) not whole in the text:\n  "
        + "\n  ".join(missing[:10])
        + (f"\n--- output ---\n{text}")
    )


def _currency(data: Any) -> str:
    """The currency of a command's JSON (compare nests it in each scenario's result; schedule and
    explain do not say it: the examples are in euros)."""
    if isinstance(data, dict):
        if isinstance(data.get("currency"), str):
            return str(data["currency"])
        for scenario in data.get("scenarios", []):
            return _currency(scenario["result"])
    return "EUR"


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_view_fits_the_width_and_keeps_every_amount_whole(
    invoke: Invoke, name: str, width: int, locale: Locale
) -> None:
    text = _run(invoke, name, width, locale)
    data = _json(invoke, name)
    command = COMMANDS[name][0]
    where = f"{command} ({name}) at {width} columns, --locale {locale}"
    check_fits(text, width, where)
    check_amounts(text, data, Formatter(locale, _currency(data)), where, HIDDEN.get(command, set()))


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_a_schedule_at_70_columns_keeps_every_column(invoke: Invoke, locale: Locale) -> None:
    """At 70 columns the schedule used to print ``40,000.0`` and drop the treasury."""
    text = _run(invoke, "schedule-chart", 70, locale)
    check_fits(text, 70, f"schedule at 70 columns ({locale})")
    data = _json(invoke, "schedule-chart")
    check_amounts(text, data, Formatter(locale), f"schedule at 70 columns ({locale})")
    assert Formatter(locale).word("schedule.treasury") in text


@settings(max_examples=40, deadline=None)
@given(
    width=st.integers(min_value=40, max_value=120),
    locale=st.sampled_from(["en", "fr"]),
    name=st.sampled_from(["compute", "compute-notes"]),
)
def test_compute_fits_any_width_from_40_to_120(invoke: Invoke, width: int, locale: Locale, name: str) -> None:
    text = _run(invoke, name, width, locale)
    where = f"compute ({name}) at {width} columns, --locale {locale}"
    check_fits(text, width, where)
    data = _json(invoke, name)
    check_amounts(text, data, Formatter(locale), where)


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("width", [80, 60])
def test_compare_fits_with_scenarios_in_a_deep_directory(
    invoke: Invoke, tmp_path: Path, width: int, locale: Locale
) -> None:
    """The legend names each scenario's file as it was given: from a deep directory (CI clones
    into a longer path than a developer's) the path is broken after its slashes, never wider
    than the terminal, and every amount stays whole."""
    deep = tmp_path.joinpath(*["conventions-territoire-d-industrie"] * 3, "scenarios")
    deep.mkdir(parents=True)
    budget = deep.parent / "partners.yaml"
    budget.write_bytes(REFERENCE.read_bytes())
    scenario = deep / "plancher-2000.yaml"
    scenario.write_text(PLANCHER.read_text(encoding="utf-8").replace("../../config/", "../"), encoding="utf-8")
    args = ["compare", str(budget), str(scenario)]
    result = invoke(*args, "--locale", locale, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    where = f"compare from {len(str(scenario))} characters deep at {width} columns, --locale {locale}"
    check_fits(result.stdout, width, where)
    data = json.loads(invoke(*args, "--format", "json").stdout)
    check_amounts(result.stdout, data, Formatter(locale, _currency(data)), where, HIDDEN["compare"])
    joined = "".join(line.strip() for line in result.stdout.splitlines())
    assert len(str(scenario)) > 120  # longer than a label: the path keeps its end, after an ellipsis
    shown = str(scenario)[len(str(scenario)) - 119 :]
    assert f"(…{shown[shown.index('/') :]}):" in joined, joined


def _note_lines(text: str, locale: Locale) -> list[str]:
    """The lines of ``text`` that are one of the sentences saying how a view was narrowed."""
    from tdi_split.output.words import WORDS

    sentences = [s[locale] for key, s in WORDS.items() if key.startswith("terminal.") and key != "terminal.scale"]
    patterns = [re.compile(".+".join(map(re.escape, re.split(r"\{[a-z_]+\}", s)))) for s in sentences]
    assert len(patterns) >= 3, "the catalogue has the sentences that say how a view was narrowed"
    return [line for line in text.splitlines() if any(p.fullmatch(line) for p in patterns)]


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_a_narrowed_view_says_so_in_one_line(invoke: Invoke, locale: Locale) -> None:
    """A layout narrower than the richest says what it changed, in one line, in the locale."""
    assert _note_lines(_run(invoke, "compute", 120, locale), locale) == []
    for width in (60, 50, 45):
        assert len(_note_lines(_run(invoke, "compute", width, locale), locale)) == 1, f"{width} columns"
    assert len(_note_lines(_run(invoke, "compare-3", 80, locale), locale)) == 1


def test_a_piped_view_keeps_120_columns(invoke: Invoke) -> None:
    """Without COLUMNS, a file or a pipe gets 120 columns: the reference budget's tables as today."""
    piped = invoke("compute", str(REFERENCE), env={"COLUMNS": ""})
    assert piped.exit_code == 0
    assert piped.stdout == _run(invoke, "compute", 120, "en")


def test_explain_closes_its_bold() -> None:
    """Only the title and the step headings are bold: the sentences are not."""
    from rich.console import Console

    from tdi_split import app
    from tdi_split.output.explain import ExplanationReport

    result = app.explain("qbo", REFERENCE)
    report = ExplanationReport(result=result.value, fmt=Formatter())
    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard", width=80, _environ={})
    with console.capture() as capture:
        report.draw(console)
    lines = capture.get().splitlines()
    sentence = next(line for line in lines if "= 207,600.00" in line)
    assert "\x1b[1m" not in sentence, repr(sentence)
    assert "\x1b[1m" in lines[0]


def _bars(text: str) -> list[int]:
    return [line.count("█") for line in text.splitlines() if "█" in line or "▏" in line]


def test_bars_have_an_absolute_scale() -> None:
    """Values tiny beside the scale (the budget's cost) are not drawn as full bars, and a line
    says what a full bar is."""
    from rich.console import Console

    from tdi_split.output.terminal import BarChart

    fmt = Formatter()
    chart = BarChart(["a", "b"], [Decimal("0.01"), Decimal("0.02")], fmt, scale=Decimal("1000.00"))
    console = Console(file=io.StringIO(), width=80, color_system=None, _environ={})
    with console.capture() as capture:
        console.print(chart)
    text = capture.get()
    assert _bars(text) == [0, 0], text
    assert "1,000.00" in text
    full = BarChart(["a", "b"], [Decimal("500.00"), Decimal("1000.00")], fmt, scale=Decimal("1000.00"))
    with console.capture() as capture:
        console.print(full)
    text = capture.get()
    assert text.splitlines()[0] == "Scale: a full bar (40 characters) is 1,000.00."
    assert _bars(text) == [20, 40], text


def test_the_schedule_chart_is_scaled_to_a_year_of_cost(invoke: Invoke) -> None:
    """A full bar is the cost of the dearest year (103,800.00): a treasury of 40,000.00 is 15 of
    40 characters, not a full bar because it is the largest."""
    text = _run(invoke, "schedule-chart", 80, "en")
    lines = text.splitlines()
    scale = lines.index("Scale: a full bar (40 characters) is 103,800.00.")
    assert lines[scale + 1] == "year 1 " + "█" * 15 + " 40,000.00"
    assert lines[scale + 2] == "year 2 ▏ 0.00"


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("name", ["compute", "compare", "settle", "calls-balance", "explain"])
def test_too_narrow_even_for_blocks_keeps_every_figure_whole(invoke: Invoke, name: str, locale: Locale) -> None:
    """At 12 columns nothing fits (an amount and its indentation are wider): figures stay whole,
    lines are as wide as they must be, no wider than the last line says, and every amount is
    still there."""
    text = _run(invoke, name, 12, locale)
    data = _json(invoke, name)
    hidden = HIDDEN.get(COMMANDS[name][0], set())
    check_amounts(text, data, Formatter(locale, _currency(data)), f"{name} at 12 columns", hidden)
    said = " ".join(Formatter(locale).word("terminal.overflow", needed="999").split())  # folded at 12 columns
    found = re.search(re.escape(said).replace("999", r"(\d+)") + "$", " ".join(text.split()))
    assert found, f"the last line says how wide the lines are: {said!r}\n{text}"
    needed = int(found.group(1))
    check_fits(text, needed, f"{name} at 12 columns")
    richest = max(cell_len(line) for line in _run(invoke, name, 300, locale).splitlines())
    assert needed < richest, "the narrowest layout is the one printed"


@pytest.mark.parametrize("width", range(12, 41))
def test_prose_never_breaks_an_amount_nor_a_number_from_its_word(width: int) -> None:
    from tdi_split.output.terminal import Prose

    fmt = Formatter("fr")
    amounts = [fmt.amount(Decimal("160000.00")), fmt.amount(Decimal("80000.00")), fmt.percent(Decimal("0.5"))]
    text = f"{amounts[2]} de min(207 600,00 €, plafond éligible {amounts[0]}) = {amounts[1]}, année 1, clé : x"
    lines = [line.plain for line in Prose(text, indent=3, hang=2).lines(width)]
    joined = "\n".join(lines)
    for amount in amounts:
        assert amount in joined, (amount, lines)
    assert "année 1" in joined
    assert "plafond éligible " + amounts[0] in joined or "éligible " + amounts[0] in joined
    assert not any(line.lstrip().startswith(":") for line in lines), lines
    narrowest = Prose(text, indent=3, hang=2).measure()[0]
    if width >= narrowest:
        assert max(cell_len(line) for line in lines) <= width, lines


def test_prose_breaks_a_compound_name_at_its_hyphens_but_not_a_reference() -> None:
    from tdi_split.output.terminal import Prose

    assert [t.plain for t in Prose("CC Pleyben-Châteaulin-Porzay").lines(12)] == [
        "CC Pleyben-",
        "Châteaulin-",
        "Porzay",
    ]
    reference = "TI-29-2022-01-A1-brest-metropole"
    assert [t.plain for t in Prose(reference).lines(12)] == [reference]
    assert Prose(reference).measure() == (len(reference), len(reference))


@pytest.mark.parametrize("width", range(28, 81, 3))
def test_prose_breaks_a_long_path_after_its_slashes(width: int) -> None:
    """A file's path wider than the line (a scenario's source in a deep directory) is broken
    after a ``/``, so no line is wider; a name without spaces is broken between letters; a
    reference, a ``2022/45`` and an amount are never broken."""
    from tdi_split.output.terminal import Prose

    path = "/srv/finances/conventions/territoire-d-industrie/2022/scenarios/plancher-2000.yaml"
    text = f"B  Plancher ({path}): min none -> 2000.00, délibération 2022/45"
    prose = Prose(text, indent=2, hang=3)
    lines = [line.plain for line in prose.lines(width)]
    assert max(cell_len(line) for line in lines) <= width, lines
    assert prose.measure()[0] == 2 + 3 + 16  # a file's path breaks between letters too, in pieces of 16 at least
    pieces = [line.strip() for line in lines]
    assert "".join(pieces).count(path) == 1, lines  # put back together, nothing lost
    assert all(piece.endswith("/") for piece in pieces if path.startswith(piece.lstrip("(")) and piece != path)
    assert any("2022/45" in piece for piece in pieces), lines
    assert any("2000.00" in piece for piece in pieces), lines
    name = "Communauté" * 8
    assert [cell_len(line.plain) for line in Prose(name).lines(30)] == [30, 30, 20]
    assert [t.plain for t in Prose("TI-29-2022-01-A1-" + name).lines(30)] == ["TI-29-2022-01-A1-" + name]


@pytest.mark.parametrize("width", range(24, 61, 4))
def test_a_file_name_with_digits_breaks_but_a_reference_does_not(width: int) -> None:
    """A file's name holding a year is a name, not a figure: it breaks (after a ``_``, else
    between letters) where a reference or an amount would not."""
    from tdi_split.output.terminal import Prose

    name = "budget_cofinancement_territoire_industrie_finistere_2024.yaml"
    lines = [line.plain for line in Prose(f"B  Plancher ({name}): x", indent=2, hang=3).lines(width)]
    assert max(cell_len(line) for line in lines) <= width, lines
    assert "".join(line.strip() for line in lines).count(name) == 1
    assert "2024.yaml" in "".join(lines)  # the year and its extension stay together
    reference = "TI-29-2022-01-A1-brest-metropole"
    assert [t.plain for t in Prose(reference).lines(20)] == [reference]


def test_a_change_breaks_before_its_arrow_when_it_must() -> None:
    """In French an amount is glued by no-break spaces, and a line never starts with a number:
    ``cost.annual : 103 800,00 -> 114 180,00`` was one piece of 43 cells. It may break before
    ``->``, and only when the line is full."""
    from tdi_split.output.terminal import Prose

    fmt = Formatter("fr")
    old, new = fmt.number(Decimal("103800.00"), 2), fmt.number(Decimal("114180.00"), 2)
    text = f"cost.annual\u00a0: {old} -> {new}"
    assert [t.plain for t in Prose(text).lines(60)] == [text]
    assert [t.plain for t in Prose(text, hang=2).lines(30)] == [f"cost.annual\u00a0: {old}", f"  -> {new}"]


def test_a_figure_column_never_shrinks_below_its_widest_figure() -> None:
    """Rich's own shrinking cut ``40,000.00`` to ``40,000.0``; a figure table says it needs more."""
    from rich.text import Text

    from tdi_split.output.terminal import Column, FigureTable

    table = FigureTable(
        [Column("Period", figure=False), Column("Contributions"), Column("Treasury")],
        [[Text("year 1"), Text("63,800.00"), Text("40,000.00")]],
    )
    assert table.widths(30) == [6, 13, 9]  # too narrow: each column at its narrowest
    assert table.widths(200) == [6, 13, 9]
    wide = FigureTable([Column("Name", figure=False, floor=10)], [[Text("a long partner name")]])
    assert wide.widths(200) == [19]
    assert wide.widths(13) == [10]  # down to its floor first (3 cells of spacing)
    assert wide.widths(5) == [7]  # then to its widest word, "partner"
