"""One function per command: what the command line and Python users both call.

Each function takes what a person gives (paths, `--set` texts, a `--sweep` spec), reads
the files, runs the pure core and returns a result with the files it came from. Problems
of the budget are raised as :class:`~tdi_split.core.problems.BudgetError`, every problem
located in its file; a wrong option as :class:`OptionError`; anything else a person must
be told in one line as :class:`CommandError`. Nothing here prints or knows about click.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from .core.limits import DEFAULT_MAX_BYTES, MAX_PROBLEMS
from .core.problems import BudgetError, cap, quote, shorten, visible
from .core.results import FileReport, Sweep, SweepPoint
from .files.budget import Loaded, is_ledger, load_file, validated, with_overrides
from .files.paths import SourceFile, budget_files, budget_path, fingerprints

if TYPE_CHECKING:
    from .core.calls import Calls
    from .core.compare import Comparison, Revision
    from .core.engine import Allocation
    from .core.explain import Explanation
    from .core.model import Budget
    from .core.problems import Problem
    from .core.provenance import Filling, Official, Refresh
    from .core.schedule import Schedule
    from .core.settle import Settlement
    from .files.locate import Locator

__all__ = [
    "MAX_SWEEP_POINTS",
    "CommandError",
    "OptionError",
    "Result",
    "calls",
    "check",
    "check_file",
    "compare",
    "compare_git",
    "compute",
    "criteria",
    "explain",
    "find_partner",
    "folded",
    "init",
    "load",
    "parse_overrides",
    "parse_sweep",
    "partners_of",
    "schedule",
    "schema",
    "settle",
    "sweep",
]

T = TypeVar("T")
Notify = Callable[[str], None]
"""Where a command says something that is not its result (the default budget it fell back on)."""

MAX_SWEEP_POINTS = 10_000
"""Most values a sweep may compute."""
MAX_LABEL = 120
"""Longest scenario name or source made from a file name or from `--set` values."""


class OptionError(ValueError):
    """A command-line option (or argument) whose value cannot be used; the message says why."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option
        """The option as a person types it (``--set``), or the argument's name (``PATHS``)."""


class CommandError(Exception):
    """A request that cannot be met (a partner the budget does not have); the message says why."""


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    """What a command made, and from which files."""

    value: T
    """The allocation, comparison, explanation, schedule or sweep."""
    currency: str
    """The budget's currency, for formatting."""
    sources: tuple[SourceFile, ...]
    """The budget files it comes from, with their SHA-256 (footer of exports)."""


def _quiet(_: str) -> None:
    """Say nothing."""


def load(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Budget:
    """The budget of a budget file or a scenario overlay (its bases read and applied)."""
    return load_file(path, max_bytes=max_bytes).budget


def _named(error: BudgetError, name: str) -> BudgetError:
    """``error`` with each problem that names no file given ``name``."""
    return BudgetError([p if p.file else replace(p, file=name) for p in error.problems], error.more)


def _allocate(path: Path, max_bytes: int, require: Callable[[Allocation], list[Problem]] | None = None) -> Allocation:
    """The allocation of ``path``; with ``require``, its problems too (what an output needs and
    the budget lacks), located in the file like the budget's own."""
    try:
        loaded = load_file(path, max_bytes=max_bytes)
        allocation = loaded.allocate()
        missing = require(allocation) if require is not None else []
        if missing:
            raise BudgetError(loaded.locate(missing))
        return allocation
    except BudgetError as error:
        raise _named(error, str(path)) from None


def compute(
    file: Path | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    notify: Notify = _quiet,
    require: Callable[[Allocation], list[Problem]] | None = None,
) -> Result[Allocation]:
    """`compute`: the allocation of FILE, else ./config/partners.yaml, else the shipped reference.

    ``require`` finds what an output needs and the budget lacks (the SCDL export's identities,
    :func:`tdi_split.output.scdl.scdl_problems`): its problems are raised as
    :class:`BudgetError`, located in the file like the budget's own."""
    with budget_path(file, notify) as path:
        allocation = _allocate(path, max_bytes, require)
        return Result(allocation, allocation.budget.currency, fingerprints([path], max_bytes))


def explain(
    partner: str, file: Path | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES, notify: Notify = _quiet
) -> Result[Explanation]:
    """`explain`: how PARTNER's share in FILE (or the default budget) was obtained; with a ledger
    (DESIGN 6.2), how its due amount in the settlement was."""
    from .core.explain import explain as derive

    with budget_path(file, notify) as path:
        if is_ledger(path, max_bytes=max_bytes):
            settlement, sources = _settle(path, max_bytes)
            allocation = settlement.actual
        else:
            allocation = _allocate(path, max_bytes)
            sources = fingerprints([path], max_bytes)
        found = find_partner(partner, [(share.id, share.name) for share in allocation.partners], path)
        return Result(derive(allocation, found), allocation.budget.currency, sources)


def folded(text: str) -> str:
    """``text`` as a partner lookup compares it: case, accents and spacing aside."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def find_partner(query: str, partners: Sequence[tuple[str, str]], path: Path, *, option: str = "PARTNER") -> str:
    """The id of the partner ``query`` names: its id, the same id in another case, or the one
    partner whose id or name starts with it (``QBO``, ``quimper``, ``Brest``); OptionError
    with the closest ids or the partners it could be otherwise."""
    from .core.shape import closest

    ids = [partner_id for partner_id, _ in partners]
    if query in ids:
        return query
    key = folded(query)
    same = [partner_id for partner_id in ids if folded(partner_id) == key]
    starting = [i for i, name in partners if key and (folded(i).startswith(key) or folded(name).startswith(key))]
    for found in (same, starting):
        if len(found) == 1:
            return found[0]
    if len(starting) > 1:
        shown = ", ".join(starting[:10]) + (f" and {len(starting) - 10} more" if len(starting) > 10 else "")
        raise OptionError(option, f"{quote(query)} could be any of {shown}: give its id")
    hint = closest(query, ids)
    listed = ", ".join(ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
    known = f"; did you mean {hint!r}?" if hint else f" (ids: {listed})"
    raise OptionError(option, f"no partner {quote(query)} in {visible(str(path))}{known}")


def partners_of(file: Path | None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[tuple[str, str]]:
    """The ids and names of the partners of FILE (a budget, a scenario or a ledger; the default
    budget if None), for shell completion; BudgetError if it does not load."""
    from .files.ledger import load_ledger

    with budget_path(file, _quiet) as path:
        if is_ledger(path, max_bytes=max_bytes):
            budget = load_ledger(path, max_bytes=max_bytes).budget.budget
        else:
            budget = load_file(path, max_bytes=max_bytes).budget
    return [(partner.id, partner.name) for partner in budget.partners]


def _settle(path: Path, max_bytes: int) -> tuple[Settlement, tuple[SourceFile, ...]]:
    """The settlement of the ledger ``path``, and its sources: the ledger and its budget."""
    from .files.ledger import load_ledger

    try:
        loaded = load_ledger(path, max_bytes=max_bytes)
        return loaded.settle(), fingerprints([path, path.parent / loaded.ledger.budget], max_bytes)
    except BudgetError as error:
        raise _named(error, str(path)) from None


def settle(ledger: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Result[Settlement]:
    """`settle`: the settlement of a convention on its ledger (DESIGN 6.3)."""
    settlement, sources = _settle(ledger, max_bytes)
    return Result(settlement, settlement.plan.budget.currency, sources)


def calls(
    file: Path,
    *,
    year: int | None = None,
    balance: bool = False,
    partner: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Result[Calls]:
    """`calls`: the calls for funds of a year of FILE's plan, or (``balance``, FILE a ledger) the
    settlement's calls and refunds; only ``partner``'s (found as :func:`find_partner` does) if given."""
    result = _register(file, year=year, balance=balance, max_bytes=max_bytes)
    if partner is None:
        return result
    register = result.value
    found = find_partner(partner, [(p.id, p.name) for p in register.budget.partners], file, option="--partner")
    own = tuple(call for call in register.calls if call.partner_id == found)
    if not own:
        when = "in the settlement" if register.year is None else f"in year {register.year}"
        raise OptionError("--partner", f"{found} has nothing to pay or be refunded {when}")
    return Result(replace(register, calls=own), result.currency, result.sources)


def _register(file: Path, *, year: int | None, balance: bool, max_bytes: int) -> Result[Calls]:
    """Every call of :func:`calls`."""
    from .core.calls import balance_calls, year_calls

    ledger = is_ledger(file, max_bytes=max_bytes)
    if balance:
        if not ledger:
            raise OptionError("--balance", f"{visible(str(file))} is no ledger (schema: tdi-split-ledger/1)")
        settlement, sources = _settle(file, max_bytes)
        return Result(balance_calls(settlement), settlement.plan.budget.currency, sources)
    if year is None:
        raise OptionError("--year", "say which year to call: --year N (or --balance with a ledger)")
    if ledger:
        settlement, sources = _settle(file, max_bytes)
        plan = settlement.plan
    else:
        plan, sources = _allocate(file, max_bytes), fingerprints([file], max_bytes)
    try:
        register = year_calls(plan, year)
    except ValueError as error:
        raise OptionError("--year", str(error)) from None
    return Result(register, plan.budget.currency, sources)


def schedule(
    file: Path | None = None, *, monthly: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, notify: Notify = _quiet
) -> Result[Schedule]:
    """`schedule`: the beneficiary's cash flow, by year or by month."""
    from .core.schedule import schedule as cash_flow

    with budget_path(file, notify) as path:
        allocation = _allocate(path, max_bytes)
        return Result(
            cash_flow(allocation, monthly=monthly), allocation.budget.currency, fingerprints([path], max_bytes)
        )


def parse_overrides(overrides: Sequence[str]) -> dict[str, Any]:
    """``PATH=VALUE`` texts, each value read as YAML by the strict reader; OptionError if malformed."""
    from .files.yamlreader import parse_document

    parsed: dict[str, Any] = {}
    for text in overrides:
        path, sep, value = text.partition("=")
        if not sep or not path.strip():
            raise OptionError("--set", f"expected PATH=VALUE, got {quote(text)}")
        if any(0xD800 <= ord(char) <= 0xDFFF for char in text):  # bytes the terminal could not decode
            raise OptionError("--set", f"{quote(text)} is not text in the terminal's encoding")
        from .core.overlay import Relative

        relative = Relative.parse(value)
        if relative is not None:  # +10%, -5000: from the base's value
            parsed[path.strip()] = relative
            continue
        try:
            parsed[path.strip()] = parse_document(value).data if value.strip() else None
        except BudgetError as error:
            raise OptionError("--set", f"{quote(text)}: {shorten(error.problems[0].message, 200)}") from None
    return parsed


def compare_git(rev: str, files: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Result[Revision]:
    """`compare --git REV FILE...`: each budget file (or overlay) against its version at the git
    revision REV, for a pull request's review: what the change means for each partner."""
    import subprocess
    import tarfile
    import tempfile

    from .core.compare import Revised, Revision, Scenario, diff_data
    from .core.compare import compare as line_up

    def git(*args: str) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(["git", *args], capture_output=True, check=False, timeout=120)
        except FileNotFoundError:
            raise CommandError("compare --git needs git") from None

    top = git("rev-parse", "--show-toplevel")
    if top.returncode:
        raise CommandError("compare --git works in a git repository: this folder is in none")
    root = Path(top.stdout.decode().strip()).resolve()
    revised = []
    with tempfile.TemporaryDirectory(prefix="tdi-git-") as folder:
        tree = git("archive", "--format=tar", rev)
        if tree.returncode:
            raise OptionError(
                "--git", f"no revision {quote(rev)} here: {shorten(tree.stderr.decode(errors='replace'), 120)}"
            )
        with tarfile.open(fileobj=io.BytesIO(tree.stdout)) as archive:
            archive.extractall(folder, filter="data")
        for file in files:
            try:
                relative = file.resolve().relative_to(root)
            except ValueError:
                raise OptionError("FILE", f"{visible(str(file))} is not in the repository") from None
            before = Path(folder) / relative
            name = visible(str(relative))
            if not before.is_file():
                revised.append(Revised(name, None, f"a new file since {rev}"))
                continue
            try:
                old, new = load_file(before, max_bytes=max_bytes), load_file(file, max_bytes=max_bytes)
                entries = [
                    Scenario(_label(rev), name, (), old.allocate()),
                    Scenario("now", name, diff_data(old.data, new.data), new.allocate(), complete=True),
                ]
            except BudgetError as error:
                revised.append(Revised(name, None, shorten(error.problems[0].message, 200)))
                continue
            revised.append(Revised(name, line_up(entries)))
    currency = next((r.comparison.scenarios[0].allocation.budget.currency for r in revised if r.comparison), "EUR")
    return Result(Revision(rev, tuple(revised)), currency, fingerprints(list(files), max_bytes))


def _label(text: str) -> str:
    """A scenario's name or source made from what a person typed (a file name, `--set` values):
    escapes visible, at most :data:`MAX_LABEL` characters, so that it prints as a label."""
    return shorten(visible(text), MAX_LABEL)


def _source(path: Path) -> str:
    """A scenario's file as it was given, escapes visible; a path longer than
    :data:`MAX_LABEL` keeps its end (the file's name and the folders nearest to it) after an
    ellipsis, cut after a ``/`` where it can be."""
    text = visible(str(path))
    if len(text) <= MAX_LABEL:
        return text
    tail = text[len(text) - MAX_LABEL + 1 :]
    cut = tail.find("/")
    return "…" + (tail[cut:] if 0 <= cut < len(tail) - 1 else tail)


def compare(
    base: Path, scenarios: Sequence[Path] = (), overrides: Sequence[str] = (), *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Result[Comparison]:
    """`compare`: BASE, each scenario file (complete budget or overlay), then the `--set` overrides
    of BASE as one more scenario named after them; every problem located."""
    from .core.compare import Scenario, diff_data, plain
    from .core.compare import compare as line_up

    parsed = parse_overrides(overrides)
    try:
        base_loaded = load_file(base, max_bytes=max_bytes)
        entries = [Scenario(_label(base.stem), _source(base), (), base_loaded.allocate())]
        for file in scenarios:
            loaded = load_file(file, max_bytes=max_bytes)
            if loaded.overlay is not None and loaded.applied is not None:
                name = loaded.overlay.scenario or _label(file.stem)
                entries.append(Scenario(name, _source(file), loaded.applied.changes, loaded.allocate()))
            else:
                changes = diff_data(base_loaded.data, loaded.data)
                entries.append(Scenario(_label(file.stem), _source(file), changes, loaded.allocate(), complete=True))
        if parsed:
            name = _label(", ".join(f"{path}={plain(value)}" for path, value in parsed.items()))
            loaded = with_overrides(base_loaded, parsed, name=name)
            changes = loaded.applied.changes if loaded.applied else ()
            entries.append(Scenario(name, "--set", changes, loaded.allocate()))
    except BudgetError as error:
        raise _named(error, str(base)) from None
    currency = entries[0].allocation.budget.currency
    for entry in entries[1:]:
        if entry.allocation.budget.currency != currency:
            raise CommandError(
                f"{quote(entry.name)} is in {entry.allocation.budget.currency}, the base in {currency}: "
                "compare budgets in one currency"
            )
    comparison = line_up(entries)
    return Result(comparison, currency, fingerprints([base, *scenarios], max_bytes))


_SWEEP_NUMBER: Final = re.compile(r"[-+]?[0-9]{1,30}(?:[.,][0-9]{1,30})?\s*%?")


def _sweep_number(text: str, spec: str) -> Decimal:
    """A bound or step of a sweep: plain digits (no exponent), at most 30 of them on each side of
    the separator, so that no value can cost more than a few digits of arithmetic."""
    text = text.strip()
    if not _SWEEP_NUMBER.fullmatch(text):
        raise OptionError(
            "--sweep", f"START, STOP and STEP are plain numbers such as 90000, 0.25 or 40%, got {quote(spec)}"
        )
    if text.endswith("%"):  # a rate: 40% is 0.4, exactly
        return Decimal(text[:-1].strip().replace(",", ".")).scaleb(-2)
    return Decimal(text.replace(",", "."))


def parse_sweep(text: str) -> tuple[str, list[Decimal]]:
    """``cost.annual=90000:120000:5000`` -> the path and the values, STOP included when reached."""
    path, sep, spec = text.partition("=")
    parts = spec.split(":")
    if not sep or not path or len(parts) != len(("START", "STOP", "STEP")):
        raise OptionError(
            "--sweep", f"expected PATH=START:STOP:STEP (e.g. cost.annual=90000:120000:5000), got {quote(text)}"
        )
    start, stop, step = (_sweep_number(part, spec) for part in parts)
    if step <= 0 or stop < start:
        raise OptionError("--sweep", f"expected START <= STOP and STEP > 0, got {quote(spec)}")
    count = int((Fraction(stop) - Fraction(start)) / Fraction(step)) + 1  # exact, whatever the digits
    if count > MAX_SWEEP_POINTS:
        raise OptionError("--sweep", f"{count} values: a sweep computes at most {MAX_SWEEP_POINTS}")
    with localcontext() as context:
        context.prec = 100  # 30 + 30 digits and a count of 5: exact
        return path, [start + step * i for i in range(count)]


def _sweep_points(base: Loaded, path: str, values: list[Decimal]) -> Iterator[SweepPoint]:
    """``base`` with ``path`` set to each value, computed one at a time as they are read; a value
    that fails is a point with problems."""
    for value in values:
        try:
            text = format(value, "f")  # never 1E-7: the value as a person writes it
            loaded = with_overrides(base, {path: text}, name=f"{path}={text}")
            yield SweepPoint(value, loaded.allocate())
        except BudgetError as error:
            yield SweepPoint(value, None, tuple(error.problems))


def sweep(base: Path, spec: str, partner: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Result[Sweep]:
    """`compare --sweep`: BASE computed for each value of PATH=START:STOP:STEP.

    The points are computed as the result is read (read it once): a sweep's memory does not
    grow with its number of points.
    """
    from .core.overlay import resolve_path, unknown_path

    path, values = parse_sweep(spec)
    try:
        loaded = load_file(base, max_bytes=max_bytes)
        resolve_path(loaded.data, path)
    except ValueError as error:
        raise BudgetError([replace(unknown_path(path, error), file="--sweep", line=1, column=1)]) from None
    except BudgetError as error:
        raise _named(error, str(base)) from None
    if partner is not None and partner not in {p.id for p in loaded.budget.partners}:
        raise OptionError("--partner", f"no partner {quote(partner)} in {visible(str(base))}")
    years = len(loaded.budget.years)
    if path == "period.months":  # the one path that changes the number of years (120 months at most)
        years = max(years, *(-(-min(max(int(value), 0), 120) // 12) for value in values))
    sources = fingerprints([base], max_bytes)
    return Result(Sweep(path, _sweep_points(loaded, path, values), years, partner), loaded.budget.currency, sources)


def _check_ledger(path: str | Path, max_bytes: int) -> FileReport:
    """A ledger's problems: its own, its budget's, and its settlement's."""
    from .files.ledger import load_ledger

    try:
        load_ledger(path, max_bytes=max_bytes).settle()
    except BudgetError as error:
        return FileReport(str(path), tuple(_named(error, str(path)).problems), more=error.more)
    return FileReport(str(path), ())


def check_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, strict: bool = False) -> FileReport:
    """Every problem of one file: schema, consistency, arithmetic, `expect` and provenance (the
    figures of a criterion whose `sources` names a shipped vintage compared with it); for a
    ledger, its own problems and those of its budget and settlement.

    With ``strict`` warnings count as errors.
    """
    if is_ledger(path, max_bytes=max_bytes):
        return _check_ledger(path, max_bytes)
    from .core.checks import expectation_problems, key_percent_problems, lint_problems, name_problems
    from .core.engine import compute as allocate
    from .core.rules import structural_problems

    try:
        loaded = load_file(path, max_bytes=max_bytes)
    except BudgetError as error:
        return FileReport(str(path), tuple(error.problems), more=error.more)
    problems, more = cap(structural_problems(loaded.budget))
    if not problems:
        try:
            problems = expectation_problems(loaded.budget, allocate(loaded.budget))
        except BudgetError as error:
            problems, more = error.problems, error.more
    if any(source.dataset is not None for source in loaded.budget.sources.values()):
        from .core.provenance import provenance_problems
        from .files.official import shelf

        problems = [*problems, *provenance_problems(loaded.budget, shelf())]
    problems = [
        *problems,
        *lint_problems(loaded.budget),
        *name_problems(loaded.budget),
        *key_percent_problems(loaded.data.get("key"), loaded.budget),
    ]
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    listed, unlisted = problems[:MAX_PROBLEMS], problems[MAX_PROBLEMS:]
    more_warnings = sum(1 for p in unlisted if p.severity == "warning")
    return FileReport(
        loaded.name,
        tuple(loaded.locate(listed)),
        loaded.overlay is not None,
        more + len(unlisted) - more_warnings,
        more_warnings,
    )


def check(paths: Sequence[Path], *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> list[FileReport]:
    """`check`: every problem of every file named, folders walked for *.yaml and *.yml."""
    from .files.paths import NoBudgetFilesError

    try:
        files = budget_files(paths)
    except NoBudgetFilesError as error:
        raise OptionError("PATHS", visible(str(error))) from None
    return [check_file(file, max_bytes=max_bytes, strict=strict) for file in files]


def schema(*, overlay: bool = False, ledger: bool = False) -> dict[str, Any]:
    """`schema`: the JSON Schema of budget files, of scenario overlays, or of ledgers."""
    if ledger:
        from .core.ledger import ledger_json_schema

        return ledger_json_schema()
    if overlay:
        from .core.overlay import overlay_json_schema

        return overlay_json_schema()
    from .core.model import json_schema

    return json_schema()


def init(
    file: Path,
    *,
    title: str,
    months: int,
    annual: str,
    partners: str,
    start: dt.date | None = None,
    subsidy_rate: str | None = None,
    subsidy_cap: str | None = None,
    force: bool = False,
) -> str:
    """`init`: a commented starter budget written to ``file`` (never over a file without ``force``);
    returns its name. Every figure is read as the budget file reads it; the result passes `check`."""
    from .core.model import Budget
    from .core.money import InputError, parse_amount, parse_rate
    from .files.starter import starter_budget
    from .files.write import OutputExistsError, ReadOnlyFileError, write_atomic
    from .files.yamlreader import parse_document

    names = [name.strip() for name in partners.split(",") if name.strip()]
    if not names:
        raise OptionError("--partners", "give at least one partner's name")
    try:
        amount = parse_amount(annual)
        rate = parse_rate(subsidy_rate) if subsidy_rate else None
        cap = parse_amount(subsidy_cap) if subsidy_cap else None
    except InputError as error:
        raise OptionError("--annual/--subsidy-rate/--subsidy-cap", str(error)) from None
    text = starter_budget(
        title=title, months=months, annual=amount, partners=names, start=start, subsidy_rate=rate, subsidy_cap=cap
    )
    try:
        Budget.model_validate(parse_document(text).data)  # what we write reads back
    except Exception as error:  # noqa: BLE001 - a label the budget file refuses: say which
        raise OptionError("--title/--partners", shorten(str(error).splitlines()[-1], 200)) from None
    try:
        write_atomic(file, text, force=force)
    except (OutputExistsError, ReadOnlyFileError) as error:
        raise CommandError(visible(str(error))) from None
    except OSError as error:
        raise CommandError(f"cannot write {visible(str(file))}: {error.strerror or error}") from None
    return visible(str(file))


def _vintage_option(year: int) -> Official:
    """The shipped vintage of INSEE reference year ``year``; OptionError naming those shipped."""
    from .files import vintages
    from .files.official import shelf

    found = shelf().vintage(year)
    if found is not None:
        return found
    shipped = [vintages.load(y) for y in vintages.years()]
    listed = ", ".join(f"{v.year} (in force {v.in_force})" for v in shipped)
    hint = next(
        (f"; the populations in force in {year} are millésime {v.year}" for v in shipped if v.in_force == year), ""
    )
    raise OptionError("--vintage", f"no INSEE vintage {year} is shipped with tdi-split: {listed}{hint}")


def _criteria_budget(criterion: str, file: Path, max_bytes: int) -> Loaded:
    """The budget file `criteria` edits, read and validated; a usage error for a criterion that
    cannot be one, a CommandError for a ledger or an overlay (their figures live in another file)."""
    from .core.model import CRITERION_PATTERN
    from .core.rules import EQUAL

    if not re.fullmatch(CRITERION_PATTERN, criterion) or len(criterion) > 100 or criterion == EQUAL:
        why = "`equal` is built in" if criterion == EQUAL else "a criterion is letters, digits, '-' and '_'"
        raise OptionError("CRITERION", f"{quote(criterion)} cannot be filled: {why}")
    name = visible(str(file))
    if is_ledger(file, max_bytes=max_bytes):
        raise CommandError(f"{name} is a ledger: run criteria on the budget file it names")
    try:
        loaded = load_file(file, max_bytes=max_bytes)
    except BudgetError as error:
        raise _named(error, str(file)) from None
    if loaded.overlay is not None:
        raise CommandError(f"{name} is a scenario overlay: run criteria on its base, {visible(loaded.overlay.base)}")
    return loaded


def _edit(file: Path, filling: Filling) -> tuple[bytes, str, str, bool]:
    """FILE's bytes, its text, its text with ``filling`` written in (CommandError if it cannot be),
    and whether the other lines kept their layout."""
    from .files.criteria import EditError, edit_criterion_layout

    name = visible(str(file))
    try:
        raw = file.read_bytes()
        text = raw.decode("utf-8")
        figures = {change.index: change.new for change in filling.changes}
        return raw, text, *edit_criterion_layout(text, filling.criterion, figures, filling.source)
    except EditError as error:
        where = f"{name}:{error.line}:{error.column}" if error.line is not None else name
        raise CommandError(f"{where}: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {name}: {error}") from None


def _write_in_place(file: Path, raw: bytes, text: str) -> None:
    """Replace FILE by ``text`` atomically, if it is still a regular file holding ``raw``."""
    import os

    from .files.write import ReadOnlyFileError, write_atomic

    name = visible(str(file))
    try:
        if not stat.S_ISREG(os.lstat(file).st_mode):
            raise CommandError(f"{name} is not a regular file (a link?): criteria edits regular files only")
        if file.read_bytes() != raw:
            raise CommandError(f"{name} changed while criteria was editing it: nothing written, run it again")
        write_atomic(file, text, force=True)
    except ReadOnlyFileError:
        raise CommandError(f"{name} is read-only: criteria does not edit a protected file (make it writable)") from None
    except OSError as error:
        raise CommandError(f"cannot write {name}: {error.strerror or error}") from None


def criteria(
    criterion: str,
    file: Path,
    *,
    vintage: int,
    kind: str,
    dry_run: bool = False,
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Result[Refresh]:
    """`criteria`: fill or refresh CRITERION of every partner of FILE that has a `siren` with the
    official figures of an INSEE vintage (population ``municipale`` or ``totale``), and its
    `sources` entry, editing FILE in place (comments, order and layout kept; the edited text is
    validated by the strict reader before it is written, atomically); with ``dry_run`` only the
    diff. A SIREN the vintage does not hold is a problem (TDI309) at its line, and nothing is
    written; figures of another provenance are replaced only with ``force``."""
    from .core.engine import compute as allocate
    from .core.model import Budget
    from .core.provenance import Refresh, fill
    from .files.criteria import unified_diff
    from .files.locate import DocumentLocator
    from .files.yamlreader import parse_document

    if kind not in ("municipale", "totale"):
        raise OptionError("--kind", f"expected municipale or totale, got {quote(kind)}")
    official = _vintage_option(vintage)
    loaded = _criteria_budget(criterion, file, max_bytes)
    name = visible(str(file))
    try:
        filling = fill(loaded.budget, criterion, official, "municipale" if kind == "municipale" else "totale")
    except BudgetError as error:
        raise BudgetError(loaded.locate(error.problems), error.more) from None
    currency, sources = loaded.budget.currency, fingerprints([file], max_bytes)
    if filling.unchanged:
        return Result(Refresh(filling, "", False, None, None), currency, sources)
    raw, text, edited, kept = _edit(file, filling)
    document = parse_document(edited.removeprefix("\ufeff"))
    here = DocumentLocator(str(file), document.source)
    try:
        budget = validated(Budget, document.data, here, list(document.problems), document.more)
    except BudgetError as error:  # never: the edit writes valid figures; said rather than written
        raise CommandError(f"{name}: the edited file would not be valid: {error.problems[0].message}") from None
    diff = unified_diff(text, edited, name)
    before, before_problems = _try_allocate(loaded.allocate)
    after, after_problems = _try_allocate(lambda: allocate(budget), here)
    broken = _broken_expectations(loaded, before, budget, after, here)
    needs_force = [f"{criterion} holds {filling.replaces}, not official ones"] if filling.replaces else []
    if broken:
        first = broken[0]
        more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
        needs_force.append(f"the new figures break the file's `expect`: {first.where}: {first.message}{more}")
    if dry_run:
        refresh = Refresh(filling, diff, False, before, None, (), (), tuple(broken), tuple(needs_force), kept)
        return Result(refresh, currency, sources)
    if needs_force and not force:
        raise CommandError(f"{name}: {'; '.join(needs_force)}: --force writes them (--dry-run shows the change)")
    _write_in_place(file, raw, edited)
    refresh = Refresh(
        filling, diff, True, before, after, tuple(after_problems), tuple(before_problems), tuple(broken), (), kept
    )
    return Result(refresh, currency, fingerprints([file], max_bytes))


def _broken_expectations(
    loaded: Loaded, before: Allocation | None, budget: Budget, after: Allocation | None, here: Locator
) -> list[Problem]:
    """The `expect` entries (TDI301) the edited budget breaks that held before the edit (or that
    could not be checked: the budget did not compute), located in the edited file."""
    from .core.checks import expectation_problems
    from .files.locate import locate

    if after is None:
        return []

    def entry(problem: Problem) -> tuple[object, str]:  # the entry and what it expects: `expected 1.00 for qbo in all`
        return problem.path, problem.message.split(", the arithmetic gives")[0]

    failed_before = {entry(p) for p in expectation_problems(loaded.budget, before)} if before is not None else set()
    return locate([p for p in expectation_problems(budget, after) if entry(p) not in failed_before], here)


def _try_allocate(
    allocate: Callable[[], Allocation], here: Locator | None = None
) -> tuple[Allocation | None, list[Problem]]:
    """The allocation, or None and its problems (located with ``here`` if given)."""
    from .files.locate import locate

    try:
        return allocate(), []
    except BudgetError as error:
        return None, locate(error.problems, here) if here is not None else list(error.problems)
