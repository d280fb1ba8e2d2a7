"""The command line: parse, call the core, render, exit code. No logic of its own.

Exit codes (DESIGN section 5): 0 success; 1 invalid input or failed check; 2 usage
error. Results go to stdout, messages to stderr, and no traceback reaches a user.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .limits import DEFAULT_MAX_BYTES
from .problems import BudgetError

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "json", "csv", "markdown")
SUFFIXES = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown", ".txt": "table"}
DEFAULT_BUDGET = Path("config/partners.yaml")


def output_options(command: F) -> F:
    """``--format``, ``--output``, ``--force`` and ``--locale``, shared by the result commands."""
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
            type=click.Path(dir_okay=False, writable=True, path_type=Path),
            help="Write to this file (format from its suffix: " + ", ".join(SUFFIXES) + "), atomically.",
        ),
        click.option("--force", is_flag=True, help="Overwrite the --output file if it exists."),
        click.option(
            "--locale",
            type=click.Choice(["en", "fr"]),
            default="en",
            envvar="TDI_SPLIT_LOCALE",
            show_default=True,
            show_envvar=True,
            help="Number format and labels: en 11,593.50; fr 11 593,50 €.",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(1)


def _problems_exit(error: BudgetError, filename: str) -> None:
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


def _emit(text: str, output: Path | None, force: bool) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from .files import OutputExistsError, write_atomic

    try:
        write_atomic(output, text, force=force)
    except OutputExistsError as error:
        _fail([f"error: {error}"])
    except OSError as error:
        _fail([f"error: cannot write {output}: {error.strerror or error}"])
    click.echo(f"wrote {output}", err=True)


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
  tdi-split compute budget.yaml --locale fr  # 11 593,50 €
  tdi-split compute --format json | jq '.partners[] | {id, total}'
  tdi-split compute -o plan.md               # Markdown file for a report
"""
)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@output_options
def compute(file: Path | None, fmt: str | None, output: Path | None, force: bool, locale: str) -> None:
    """Funding plan and partner shares of a budget FILE.

    Without FILE: ./config/partners.yaml when it exists, otherwise the reference
    budget shipped with tdi-split (the deliberation of 17 March 2022).
    """
    from .pipeline import compute_file

    fmt = _resolve_format(fmt, output)
    with ExitStack() as stack:
        if file is None:
            if DEFAULT_BUDGET.is_file():
                file = DEFAULT_BUDGET
            else:
                file = stack.enter_context(resources.as_file(resources.files("tdi_split") / "data/partners.yaml"))
                click.echo(
                    "no ./config/partners.yaml here: using the reference budget shipped with tdi-split", err=True
                )
        try:
            allocation = compute_file(file).allocation
        except BudgetError as error:
            _problems_exit(error, str(file))
            return
    _emit(_render_allocation(allocation, fmt, locale, to_file=output is not None), output, force)


def _render_allocation(allocation: Any, fmt: str, locale: Any, *, to_file: bool) -> str:
    if fmt == "json":
        from .render.data import allocation_json

        return allocation_json(allocation)
    if fmt == "csv":
        from .render.data import allocation_csv

        return allocation_csv(allocation)
    from .render.formatting import Formatter

    formatter = Formatter(locale, allocation.budget.currency)
    if fmt == "markdown":
        from .render.data import allocation_markdown

        return allocation_markdown(allocation, formatter)
    from .render.tables import render_text

    return render_text(allocation, formatter, plain=to_file)


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
@output_options
def compare(
    *,
    base: Path,
    scenarios: tuple[Path, ...],
    overrides: tuple[str, ...],
    sweep: str | None,
    partner: str | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
    locale: str,
) -> None:
    """Compare scenarios with a BASE budget, side by side.

    Each SCENARIO is a complete budget file or an overlay (base, set, add_partners,
    remove_partners). Rows are the partners of any scenario; each scenario shows its
    amounts per year and in all, and the difference from BASE in currency and in %.
    """
    from . import pipeline
    from .compare import parse_sweep

    fmt = _resolve_format(fmt, output)
    if sweep is not None and (scenarios or overrides):
        raise click.UsageError("--sweep computes BASE alone: give no SCENARIO and no --set with it")
    if partner is not None and sweep is None:
        raise click.UsageError("--partner goes with --sweep")
    parsed = _parse_overrides(overrides)
    if sweep is not None:
        try:
            path, values = parse_sweep(sweep)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--sweep") from None
    try:
        if sweep is None:
            comparison = pipeline.compare_files(base, scenarios, parsed)
        else:
            points = pipeline.sweep(pipeline.load_file(base), path, values)
    except BudgetError as error:
        _problems_exit(error, str(base))
        return
    if sweep is None:
        _emit(_render_comparison(comparison, fmt, locale, to_file=output is not None), output, force)
        return
    if partner is not None and not any(s.id == partner for p in points if p.allocation for s in p.allocation.partners):
        raise click.BadParameter(f"no partner {partner!r} in {base}", param_hint="--partner")
    _emit(_render_sweep(path, points, fmt, locale, partner, to_file=output is not None), output, force)


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


def _render_comparison(comparison: Any, fmt: str, locale: Any, *, to_file: bool) -> str:
    from .render.formatting import Formatter

    formatter = Formatter(locale, comparison.scenarios[0].allocation.budget.currency)
    if fmt == "json":
        from .render.compare_data import comparison_json

        return comparison_json(comparison)
    if fmt == "csv":
        from .render.compare_data import comparison_csv

        return comparison_csv(comparison)
    if fmt == "markdown":
        from .render.compare_data import comparison_markdown

        return comparison_markdown(comparison, formatter)
    from .render.compare import print_comparison
    from .render.console import capture_text

    return capture_text(lambda console: print_comparison(console, comparison, formatter), plain=to_file)


def _render_sweep(path: str, points: Any, fmt: str, locale: Any, partner: str | None, *, to_file: bool) -> str:
    from .render.formatting import Formatter

    currency = next((p.allocation.budget.currency for p in points if p.allocation), "EUR")
    formatter = Formatter(locale, currency)
    if fmt == "json":
        from .render.compare_data import sweep_json

        return sweep_json(path, points)
    if fmt == "csv":
        from .render.compare_data import sweep_csv

        return sweep_csv(path, points)
    if fmt == "markdown":
        from .render.compare_data import sweep_markdown

        return sweep_markdown(path, points, formatter)
    from .render.compare import print_sweep
    from .render.console import capture_text

    return capture_text(lambda console: print_sweep(console, path, points, formatter, partner), plain=to_file)


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
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse files larger than this.",
)
def check(paths: tuple[Path, ...], fmt: str, strict: bool, max_bytes: int) -> None:
    """Validate budget files and scenario overlays, for CI and pre-commit.

    Reports every problem of every file (schema, consistency, arithmetic, `expect`
    assertions, provenance of the figures) as FILE:LINE:COL lines, then a summary.
    Exits 0 when every file is valid, 1 otherwise.
    """
    from .pipeline import check_file

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


def run() -> None:
    """Entry point: :func:`main`, with any unexpected failure reported in one line, not a traceback."""
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
