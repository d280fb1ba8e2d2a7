"""The command line: parse, call the core, render, exit code. No logic of its own.

Exit codes (DESIGN section 5): 0 success; 1 invalid input or failed check; 2 usage
error. Results go to stdout, messages to stderr, and no traceback reaches a user.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, NoReturn, TypeVar, cast

import click

from . import __version__
from .limits import DEFAULT_MAX_BYTES
from .problems import BudgetError

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "json", "csv", "markdown")
SUFFIXES = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "table",
    ".xlsx": "xlsx",
    ".html": "html",
    ".svg": "svg",
}
DEFAULT_BUDGET = Path("config/partners.yaml")


@dataclass(frozen=True)
class OutputSpec:
    """Where and how a command writes its result (the shared output options)."""

    fmt: str
    """table, json, csv, markdown, or (from an --output suffix) xlsx, html, svg."""
    path: Path | None
    """The --output file, or None for stdout."""
    force: bool
    """Overwrite an existing --output file."""
    locale: str
    """en or fr."""
    csv_dialect: str
    """rfc or fr."""


def output_options(command: F) -> F:
    """``--format``, ``--output``, ``--force``, ``--locale`` and ``--csv-dialect``, gathered in one
    :class:`OutputSpec` passed to the command as ``out``."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        path = kwargs.pop("output")
        kwargs["out"] = OutputSpec(
            _resolve_format(kwargs.pop("fmt"), path),
            path,
            kwargs.pop("force"),
            kwargs.pop("locale"),
            kwargs.pop("csv_dialect"),
        )
        return command(*args, **kwargs)

    decorators = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default=None,
            help="Output format [default: table, or from the --output suffix].",
        ),
        click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write to this file, atomically; its suffix gives the format: " + ", ".join(SUFFIXES) + ".",
        ),
        click.option("--force", is_flag=True, help="Overwrite the --output file if it exists."),
        click.option(
            "--locale",
            type=click.Choice(["en", "fr"]),
            default="en",
            envvar="TDI_SPLIT_LOCALE",
            show_default=True,
            show_envvar=True,
            help="Numbers, dates and labels: en 1,234.50; fr 1 234,50 €.",
        ),
        click.option(
            "--csv-dialect",
            type=click.Choice(["rfc", "fr"]),
            default="rfc",
            show_default=True,
            help="CSV: rfc (commas, dot decimals) or fr (semicolons, decimal commas) for French spreadsheets.",
        ),
    ]
    result: Any = wrapper
    for decorator in reversed(decorators):
        result = decorator(result)
    return cast(F, result)


max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse budget files larger than this.",
)


def _fail(lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


def _problems_exit(error: BudgetError, filename: str) -> NoReturn:
    from .render.problems import problem_lines

    _fail(problem_lines(filename, error.problems))


def _resolve_format(fmt: str | None, output: Path | None) -> str:
    if output is None:
        return fmt or "table"
    by_suffix = SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        if by_suffix is None:
            raise click.BadParameter(
                f"cannot tell the format of {output.name!r} from its suffix; use one of "
                + ", ".join(SUFFIXES)
                + " or give --format",
                param_hint="--output",
            )
        return by_suffix
    return fmt


def _sources(paths: list[Path]) -> list[Any]:
    """The files a result comes from, with their SHA-256, for the footer of exports."""
    import hashlib

    from .render.export import SourceFile

    return [SourceFile(str(path), hashlib.sha256(path.read_bytes()).hexdigest()) for path in paths if path.is_file()]


def _emit(report: Any, out: OutputSpec) -> None:
    """Render ``report`` in the format asked, to stdout or (atomically) to the --output file."""
    content: str | bytes
    if out.fmt == "json":
        content = report.json()
    elif out.fmt == "csv":
        content = report.csv(out.csv_dialect)
    elif out.fmt == "markdown":
        content = report.markdown()
    elif out.fmt in ("html", "svg"):
        from .render.export import rich_export

        content = rich_export(report.draw, "html" if out.fmt == "html" else "svg", report.title)
    elif out.fmt == "xlsx":
        from .render.export import ExportError

        try:
            content = report.xlsx()
        except ExportError as error:
            _fail([f"error: {error}"])
    else:
        from .render.console import capture_text

        content = capture_text(report.draw, plain=out.path is not None)
    if out.path is None:
        click.echo(content, nl=False)
        return
    from .files import OutputExistsError, write_atomic

    try:
        write_atomic(out.path, content, force=out.force)
    except OutputExistsError as error:
        _fail([f"error: {error}"])
    except OSError as error:
        _fail([f"error: cannot write {out.path}: {error.strerror or error}"])
    click.echo(f"wrote {out.path}", err=True)


@contextmanager
def _budget_path(file: Path | None) -> Iterator[Path]:
    """FILE, else ./config/partners.yaml, else the reference shipped in the package (said on stderr)."""
    if file is not None:
        yield file
    elif DEFAULT_BUDGET.is_file():
        yield DEFAULT_BUDGET
    else:
        from importlib import resources

        click.echo("no ./config/partners.yaml here: using the reference budget shipped with tdi-split", err=True)
        with resources.as_file(resources.files("tdi_split") / "data/partners.yaml") as shipped:
            yield shipped


def _allocate(file: Path | None, max_bytes: int) -> tuple[Any, Path, list[Any]]:
    """The allocation of FILE (or the default budget), its path, and its source for exports;
    located problems and exit 1 if it cannot be computed."""
    from .pipeline import compute_file

    _loaded()
    with _budget_path(file) as path:
        try:
            allocation = compute_file(path, max_bytes=max_bytes).allocation
        except BudgetError as error:
            _problems_exit(error, str(path))
        return allocation, path, _sources([path])


def _formatter(locale: str, currency: str) -> Any:
    from .render.formatting import Formatter

    return Formatter(cast(Any, locale), currency)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="tdi-split")
def main() -> None:
    """Exact cost sharing between public bodies that co-finance a post.

    A YAML budget file in; each partner's share out, exact to the cent.
    """


@main.command(
    epilog="""\b
Examples:
  tdi-split compute                          # ./config/partners.yaml, or the reference
  tdi-split compute budget.yaml --locale fr  # 1 234,50 €
  tdi-split compute --format json | jq '.partners[] | {id, total}'
  tdi-split compute -o plan.xlsx             # a workbook for the finance department
  tdi-split compute --chart                  # a bar per partner
"""
)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--chart", is_flag=True, help="Draw a bar per partner under the tables.")
@max_bytes_option
@output_options
def compute(*, file: Path | None, chart: bool, max_bytes: int, out: OutputSpec) -> None:
    """Funding plan and partner shares of a budget FILE (or scenario overlay).

    Without FILE: ./config/partners.yaml when it exists, otherwise the reference
    budget shipped with tdi-split (the deliberation of 17 March 2022).
    """
    from .render.reports import AllocationReport

    allocation, _, sources = _allocate(file, max_bytes)
    fmt = _formatter(out.locale, allocation.budget.currency)
    _emit(AllocationReport(fmt, sources, chart, allocation=allocation), out)


@main.command(
    epilog="""\b
Examples:
  tdi-split explain qbo                      # in ./config/partners.yaml, or the reference
  tdi-split explain poher budget.yaml --locale fr
  tdi-split explain qbo --format markdown    # a paragraph for the deliberation
"""
)
@click.argument("partner")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@max_bytes_option
@output_options
def explain(*, partner: str, file: Path | None, max_bytes: int, out: OutputSpec) -> None:
    """How one PARTNER's share was obtained, step by step, with the figures of FILE."""
    from .explain import explain as derive
    from .render.reports import ExplanationReport
    from .shape import closest

    allocation, path, sources = _allocate(file, max_bytes)
    ids = [share.id for share in allocation.partners]
    if partner not in ids:
        hint = closest(partner, ids)
        _fail(
            [
                f"error: no partner {partner!r} in {path}"
                + (f"; did you mean {hint!r}?" if hint else f" (ids: {', '.join(ids)})")
            ]
        )
    fmt = _formatter(out.locale, allocation.budget.currency)
    _emit(ExplanationReport(fmt, sources, explanation=derive(allocation, partner)), out)


@main.command(
    epilog="""\b
Examples:
  tdi-split schedule                         # by year
  tdi-split schedule budget.yaml --monthly --chart
  tdi-split schedule --monthly -o treasury.xlsx
"""
)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--monthly", is_flag=True, help="One row per month instead of per year.")
@click.option("--chart", is_flag=True, help="Draw the treasury of each period as a bar.")
@max_bytes_option
@output_options
def schedule(*, file: Path | None, monthly: bool, chart: bool, max_bytes: int, out: OutputSpec) -> None:
    """The beneficiary's cash flow: cost, subsidies and contributions received, treasury.

    Contributions (and subsidies) are received at the start of each year, or at its end
    with `calls: end` in the file; a negative treasury is the pre-financing need.
    """
    from .render.reports import ScheduleReport
    from .schedule import schedule as cash_flow

    allocation, _, sources = _allocate(file, max_bytes)
    fmt = _formatter(out.locale, allocation.budget.currency)
    _emit(ScheduleReport(fmt, sources, chart, schedule=cash_flow(allocation, monthly=monthly)), out)


@main.command(
    epilog="""\b
Examples:
  tdi-split compare config/partners.yaml examples/scenarios/*.yaml
  tdi-split compare config/partners.yaml --set cost.annual=110000 --set subsidies.etat.cap=60000
  tdi-split compare config/partners.yaml --sweep cost.annual=90000:120000:5000 --partner qbo
  tdi-split compare config/partners.yaml examples/scenarios/*.yaml -o comparison.md
"""
)
@click.argument("base", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("scenarios", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="PATH=VALUE",
    help="Change BASE (value read as YAML): one more scenario, named after its changes. Repeatable.",
)
@click.option("--sweep", metavar="PATH=START:STOP:STEP", help="Compute BASE for each value of PATH.")
@click.option("--partner", metavar="ID", help="With --sweep: draw this partner's amounts as bars.")
@max_bytes_option
@output_options
def compare(
    *,
    base: Path,
    scenarios: tuple[Path, ...],
    overrides: tuple[str, ...],
    sweep: str | None,
    partner: str | None,
    max_bytes: int,
    out: OutputSpec,
) -> None:
    """Compare scenarios with a BASE budget, side by side.

    Each SCENARIO is a complete budget file or an overlay (base, set, add_partners,
    remove_partners). Rows are the partners of any scenario; each scenario shows its
    amounts per year and in all, and the difference from BASE in currency and in %.
    """
    from . import pipeline
    from .compare import parse_sweep
    from .render.reports import ComparisonReport, SweepReport

    _loaded()
    if sweep is not None and (scenarios or overrides):
        raise click.UsageError("--sweep computes BASE alone: give no SCENARIO and no --set with it")
    if partner is not None and sweep is None:
        raise click.UsageError("--partner goes with --sweep")
    parsed = _parse_overrides(overrides)
    sources = _sources([base, *scenarios])
    if sweep is None:
        try:
            comparison = pipeline.compare_files(base, scenarios, parsed, max_bytes=max_bytes)
        except BudgetError as error:
            _problems_exit(error, str(base))
        fmt = _formatter(out.locale, comparison.scenarios[0].allocation.budget.currency)
        _emit(ComparisonReport(fmt, sources, comparison=comparison), out)
        return
    try:
        path, values = parse_sweep(sweep)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--sweep") from None
    try:
        loaded = pipeline.load_file(base, max_bytes=max_bytes)
        points = pipeline.sweep(loaded, path, values)
    except BudgetError as error:
        _problems_exit(error, str(base))
    if partner is not None and not any(s.id == partner for p in points if p.allocation for s in p.allocation.partners):
        raise click.BadParameter(f"no partner {partner!r} in {base}", param_hint="--partner")
    fmt = _formatter(out.locale, loaded.budget.currency)
    _emit(SweepReport(fmt, sources, path=path, points=points, partner=partner), out)


def _parse_overrides(overrides: tuple[str, ...]) -> dict[str, Any]:
    """``PATH=VALUE`` pairs, each value read as YAML by the strict loader."""
    from .loader import parse_document

    parsed: dict[str, Any] = {}
    for text in overrides:
        path, sep, value = text.partition("=")
        if not sep or not path.strip():
            raise click.BadParameter(f"expected PATH=VALUE, got {text!r}", param_hint="--set")
        try:
            parsed[path.strip()] = parse_document(value).data if value.strip() else None
        except BudgetError as error:
            raise click.BadParameter(f"{text!r}: {error.problems[0].message}", param_hint="--set") from None
    return parsed


@main.command(
    epilog="""\b
Examples:
  tdi-split check config/partners.yaml
  tdi-split check config/ examples/             # every *.yaml and *.yml below
  tdi-split check budgets/ --strict             # warnings fail too
  tdi-split check budgets/ --format github      # annotations on a pull request
"""
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: FILE:LINE:COL lines; json: for tools; github: workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Count warnings (missing sources...) as errors.")
@max_bytes_option
def check(paths: tuple[Path, ...], fmt: str, strict: bool, max_bytes: int) -> None:
    """Validate budget files and scenario overlays, for CI and pre-commit.

    Reports every problem of every file (schema, consistency, arithmetic, `expect`
    assertions, provenance of the figures) as FILE:LINE:COL lines, then a summary.
    Exits 0 when every file is valid, 1 otherwise.
    """
    from .pipeline import check_file

    _loaded()
    files = _budget_files(paths)
    reports = [check_file(file, max_bytes=max_bytes, strict=strict) for file in files]
    if fmt == "json":
        from .render.problems import check_json

        click.echo(check_json(reports), nl=False)
    elif fmt == "github":
        from .render.problems import github_lines, summary_line

        for line in [*github_lines(reports), summary_line(reports)]:
            click.echo(line)
    elif sys.stdout.isatty():
        from .render.check_rich import print_reports

        print_reports(reports)
    else:
        from .render.problems import report_lines, summary_line

        for line in [*report_lines(reports), summary_line(reports)]:
            click.echo(line)
    sys.exit(0 if all(report.ok for report in reports) else 1)


def _budget_files(paths: tuple[Path, ...]) -> list[Path]:
    """Files as given; folders as every *.yaml and *.yml below them (hidden folders skipped)."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            p
            for p in path.rglob("*")
            if p.suffix in (".yaml", ".yml")
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not found:
            raise click.BadParameter(f"no *.yaml or *.yml file under {path}", param_hint="PATHS")
        files.extend(found)
    return files


@main.command(
    epilog="""\b
Examples:
  tdi-split schema > tdi-split.schema.json
  tdi-split schema --overlay > tdi-split-overlay.schema.json
"""
)
@click.option("--overlay", is_flag=True, help="The schema of scenario overlays instead of budget files.")
def schema(overlay: bool) -> None:
    """Print the JSON Schema of the budget file, for editors (VS Code, JetBrains...)."""
    import json

    from .model import json_schema

    if overlay:
        from .scenario import overlay_json_schema

        document = overlay_json_schema()
    else:
        document = json_schema()
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


GC_THRESHOLDS: Final = (200_000, 30, 30)
"""The collector's thresholds while a command runs (CPython's default: 700, 10, 10)."""
_collector_paused = False
"""Whether :func:`run` paused the cyclic garbage collector for start-up (see :func:`_loaded`)."""


def _loaded() -> None:
    """A command's modules are loaded: resume the garbage collector that :func:`run` paused.

    What start-up made (modules, classes, click's commands) lives as long as the process, so it
    is moved out of the collector's sight first (``gc.freeze``). What a command makes then (a
    document tree, models, shares) is large, lives until the command ends and holds almost no
    cycles, yet the default thresholds would scan it again and again: a third of the time of a
    100,000-partner budget. So collections run less often, with the thresholds mypy chose for
    the same reason; the few cycles (caught exceptions) are still collected.
    """
    global _collector_paused  # noqa: PLW0603 - one flag for one process-wide setting
    if _collector_paused:
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        gc.enable()
        _collector_paused = False


def run() -> None:
    """Entry point: :func:`main`, with any unexpected failure reported in one line, not a traceback.

    Start-up only creates objects that live until exit; a cyclic collection during it, and
    the full one the interpreter runs at exit, would scan them all for nothing (about a sixth
    of a `check`'s time). So the collector is paused while a command loads its modules
    (:func:`_loaded` resumes it before any input is read) and everything is frozen before exit.
    """
    global _collector_paused  # noqa: PLW0603 - one flag for one process-wide setting
    # CPython's generational collector only (PyPy collects otherwise), and only if it is on.
    tuned = sys.implementation.name == "cpython" and gc.isenabled()
    if tuned:
        gc.disable()
        _collector_paused = True
    try:
        main(standalone_mode=True)
    except Exception as error:
        if os.environ.get("TDI_SPLIT_DEBUG"):
            raise
        click.echo(
            f"tdi-split: internal error: {type(error).__name__}: {error}\n"
            "Please report it with the file that caused it (TDI_SPLIT_DEBUG=1 shows the details).",
            err=True,
        )
        sys.exit(1)
    finally:
        if tuned:
            _loaded()  # if the command ended before loading anything (--help, a usage error)
            gc.freeze()  # nothing left for the full collection at exit to scan
