"""The command line: parse, one call of :mod:`tdi_split.app`, emit, exit code. No logic of its own.

Exit codes (DESIGN section 5): 0 success; 1 invalid input or failed check; 2 usage
error. Results go to stdout, messages to stderr, and no traceback reaches a user.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar, cast

import click

from . import __version__, gctune
from .core.limits import DEFAULT_MAX_BYTES
from .output.formats import FORMATS, SUFFIXES, OutputSpec, choices, format_for

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from .app import Result
    from .core.provenance import Refresh
    from .output.formatting import Formatter, Locale
    from .output.report import Report

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")
P = ParamSpec("P")
T = TypeVar("T")


locale_option = click.option(
    "--locale",
    type=click.Choice(["en", "fr"]),
    default="en",
    envvar="TDI_SPLIT_LOCALE",
    show_default=True,
    show_envvar=True,
    help="Numbers, dates and labels: en 1,234.50; fr 1 234,50 €.",
)


def output_options(command: F, extra: tuple[str, ...] = ()) -> F:
    """``--format``, ``--output``, ``--force``, ``--locale`` and ``--csv-dialect``, gathered in one
    :class:`~tdi_split.output.formats.OutputSpec` passed to the command as ``out``; ``extra``
    formats are offered by this command besides the results' ones."""

    offered = {name for name, f in FORMATS.items() if "results" in f.offered} | set(extra)

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        path = kwargs.pop("output")
        if path is not None and str(path) == "-":
            path = None  # -o - is stdout
        try:
            fmt = format_for(kwargs.pop("fmt"), path)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--output") from None
        if fmt not in offered:  # an --output suffix of a format only another command writes
            raise click.BadParameter(f"this command does not write the {fmt} format", param_hint="--output")
        kwargs["out"] = OutputSpec(fmt, path, kwargs.pop("force"), kwargs.pop("locale"), kwargs.pop("csv_dialect"))
        return command(*args, **kwargs)

    decorators = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice([*choices("results", "table"), *extra]),
            default=None,
            help="Output format [default: table, or from the --output suffix].",
        ),
        click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
            help="Write to this file, atomically (- is stdout); its suffix gives the format: "
            + ", ".join(SUFFIXES)
            + ".",
        ),
        click.option("--force", is_flag=True, help="Overwrite the --output file if it exists."),
        locale_option,
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


def _notify(message: str) -> None:
    click.echo(message, err=True)


def _call(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """One call of :mod:`tdi_split.app`, its failures turned into messages and exit codes."""
    from .app import CommandError, OptionError
    from .core.problems import BudgetError

    try:
        return function(*args, **kwargs)
    except BudgetError as error:
        from .output.check import problem_lines

        _fail(problem_lines("", error.problems, error.more))
    except OptionError as error:
        raise click.BadParameter(str(error), param_hint=error.option) from None
    except CommandError as error:
        _fail([f"error: {error}"])


def _formatter(out: OutputSpec, result: Result[T]) -> Formatter:
    from .output.formatting import Formatter

    return Formatter(out.locale, result.currency)


def _emit(report: Report[Any], out: OutputSpec) -> None:
    """Write ``report`` as asked; say where it went, or why it could not be written."""
    from .output.formats import OutputError, PipeClosedError, emit

    try:
        said = emit(report, out)
    except PipeClosedError:
        sys.exit(141)  # as a command killed by SIGPIPE: the reader has what it wanted
    except OutputError as error:
        _fail([f"error: {error}"])
    if said:
        click.echo(said, err=True)


def _complete_partner(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Shell completion of a partner: the ids of the file given so far (else the default budget)
    whose id or name starts with what is typed, each with its name; none if the file does not load."""
    from click.shell_completion import CompletionItem

    from . import app

    file = ctx.params.get("file")
    if file is None and ctx.args:
        # completing an option's value, click parses what precedes it without the option and
        # leaves the positional arguments unconverted, in ctx.args
        file = Path(ctx.args[0])
    try:
        partners = app.partners_of(file if isinstance(file, Path) else None)
    except Exception:  # noqa: BLE001 - a completion never fails the shell: it offers nothing
        return []
    typed = app.folded(incomplete)  # as the lookup compares: case, accents and spacing aside
    return [
        CompletionItem(partner_id, help=name)
        for partner_id, name in partners
        if app.folded(partner_id).startswith(typed) or app.folded(name).startswith(typed)
    ]


class _Command(click.Command):
    """A command that resumes the garbage collector once its modules are loaded (see :mod:`.gctune`)."""

    def invoke(self, ctx: click.Context) -> Any:
        import importlib.util

        from . import app  # noqa: F401 - the core, the models and the YAML reader, loaded with the collector paused

        output = f"{__package__}.output.{self.name}"  # the command's output module, if it has one
        if importlib.util.find_spec(output) is not None:
            importlib.import_module(output)
        gctune.resume()
        return super().invoke(ctx)


class _Group(click.Group):
    command_class = _Command


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
@functools.partial(output_options, extra=("scdl",))
def compute(*, file: Path | None, chart: bool, max_bytes: int, out: OutputSpec) -> None:
    """Funding plan and partner shares of a budget FILE (or scenario overlay).

    Without FILE: ./config/partners.yaml when it exists, otherwise the reference
    budget shipped with tdi-split (the deliberation of 17 March 2022).
    """
    from . import app
    from .output.compute import ComputeReport

    require = None
    if out.fmt == "scdl":
        from .output.scdl import scdl_problems

        require = scdl_problems
    result = _call(app.compute, file, max_bytes=max_bytes, notify=_notify, require=require)
    _emit(ComputeReport(result=result.value, fmt=_formatter(out, result), sources=result.sources, chart=chart), out)


@main.command(
    epilog="""\b
Examples:
  tdi-split explain qbo                      # in ./config/partners.yaml, or the reference
  tdi-split explain poher budget.yaml --locale fr
  tdi-split explain qbo --format markdown    # a paragraph for the deliberation
"""
)
@click.argument("partner", shell_complete=_complete_partner)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@max_bytes_option
@output_options
def explain(*, partner: str, file: Path | None, max_bytes: int, out: OutputSpec) -> None:
    """How one PARTNER's share was obtained, step by step, with the figures of FILE."""
    from . import app
    from .output.explain import ExplanationReport

    result = _call(app.explain, partner, file, max_bytes=max_bytes, notify=_notify)
    _emit(ExplanationReport(result=result.value, fmt=_formatter(out, result), sources=result.sources), out)


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
    from . import app
    from .output.schedule import ScheduleReport

    result = _call(app.schedule, file, monthly=monthly, max_bytes=max_bytes, notify=_notify)
    _emit(ScheduleReport(result=result.value, fmt=_formatter(out, result), sources=result.sources, chart=chart), out)


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
@click.option(
    "--git",
    "rev",
    metavar="REV",
    help="Compare each file given with its version at this git revision (a pull request's base).",
)
@max_bytes_option
@functools.partial(output_options, extra=("github",))
def compare(
    *,
    base: Path,
    scenarios: tuple[Path, ...],
    overrides: tuple[str, ...],
    sweep: str | None,
    partner: str | None,
    rev: str | None,
    max_bytes: int,
    out: OutputSpec,
) -> None:
    """Compare scenarios with a BASE budget, side by side.

    Each SCENARIO is a complete budget file or an overlay (base, set, add_partners,
    remove_partners). Rows are the partners of any scenario; each scenario shows its
    amounts per year and in all, and the difference from BASE in currency and in %.
    """
    from . import app
    from .output.compare import ComparisonReport, SweepReport

    if rev is not None:
        if overrides or sweep is not None:
            raise click.UsageError("--git compares the files given: no --set and no --sweep with it")
        from .output.compare import RevisionReport

        revision = _call(app.compare_git, rev, [base, *scenarios], max_bytes=max_bytes)
        report = RevisionReport(result=revision.value, fmt=_formatter(out, revision), sources=revision.sources)
        _emit(report, out)
        if out.fmt == "github":
            for notice in report.notices():
                click.echo(notice, err=True)
        return
    if out.fmt == "github":
        raise click.UsageError("--format github goes with --git")
    if sweep is not None and (scenarios or overrides):
        raise click.UsageError("--sweep computes BASE alone: give no SCENARIO and no --set with it")
    if partner is not None and sweep is None:
        raise click.UsageError("--partner goes with --sweep")
    if sweep is None:
        compared = _call(app.compare, base, scenarios, overrides, max_bytes=max_bytes)
        _emit(ComparisonReport(result=compared.value, fmt=_formatter(out, compared), sources=compared.sources), out)
    else:
        swept = _call(app.sweep, base, sweep, partner, max_bytes=max_bytes)
        _emit(SweepReport(result=swept.value, fmt=_formatter(out, swept), sources=swept.sources), out)


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
    type=click.Choice(choices("check", "text")),
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
    from . import app
    from .output.check import CheckReport

    reports = _call(app.check, paths, strict=strict, max_bytes=max_bytes)
    _emit(CheckReport(result=reports), OutputSpec(fmt))
    sys.exit(0 if all(report.ok for report in reports) else 1)


@main.command(
    epilog="""\b
Examples:
  tdi-split settle examples/convention/ledger.yaml
  tdi-split settle ledger.yaml --locale fr -o solde.xlsx
  tdi-split explain qbo examples/convention/ledger.yaml   # how its due amount arose
"""
)
@click.argument("ledger", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@max_bytes_option
@output_options
def settle(*, ledger: Path, max_bytes: int, out: OutputSpec) -> None:
    """The settlement of a convention on actual spending: what each co-funder finally owes.

    LEDGER (schema tdi-split-ledger/1) names the voted budget and records the spending the
    beneficiary certified and the money it received. Each subsidy is recomputed on the actual
    cost and never exceeds the amount voted; each partner's due amount comes from the same key;
    the balance is still to call (> 0) or to refund (< 0). Final when every year is certified.
    """
    from . import app
    from .output.settle import SettleReport

    result = _call(app.settle, ledger, max_bytes=max_bytes)
    _emit(SettleReport(result=result.value, fmt=_formatter(out, result), sources=result.sources), out)


@main.command(
    epilog="""\b
Examples:
  tdi-split calls config/partners.yaml --year 1
  tdi-split calls budget.yaml --year 2 --output-dir appels/ --locale fr
  tdi-split calls ledger.yaml --balance -o solde.csv
"""
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=click.IntRange(min=1), help="The year whose calls for funds to issue.")
@click.option("--balance", is_flag=True, help="With a ledger: the settlement's calls and refunds.")
@click.option(
    "--partner",
    shell_complete=_complete_partner,
    help="Only this partner's call: its id, in any case, or the start of its id or name.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write one Markdown document per partner in this folder.",
)
@max_bytes_option
@output_options
def calls(
    *,
    file: Path,
    year: int | None,
    balance: bool,
    partner: str | None,
    output_dir: Path | None,
    max_bytes: int,
    out: OutputSpec,
) -> None:
    """Calls for funds: the register of a year's calls (FILE a budget or a ledger), or of the
    settlement's calls and refunds (--balance, FILE a ledger).

    Each call names the partner, its amount (its share of the year in the plan), the due date
    (the start of the year, or its end with `calls: end`) and a reference to quote.
    """
    from . import app
    from .output.calls import CallsReport

    if year is not None and balance:
        raise click.UsageError("--year and --balance: give one or the other")
    result = _call(app.calls, file, year=year, balance=balance, partner=partner, max_bytes=max_bytes)
    fmt = _formatter(out, result)
    if output_dir is not None:
        from .output.calls import write_documents
        from .output.formats import OutputError

        try:
            written = write_documents(result.value, fmt, output_dir, force=out.force)
        except OSError as error:
            _fail([f"error: {OutputError(str(error))}"])
        click.echo(f"wrote {len(written)} document(s) in {output_dir}", err=True)
    _emit(CallsReport(result=result.value, fmt=fmt, sources=result.sources), out)


@main.command(
    epilog="""\b
Examples:
  tdi-split init                               # asks, on a terminal
  tdi-split init budget.yaml --title "Manager de commerce" --months 36 --annual 52000 \\
      --partners "Ville A,CC du Pays B" --subsidy-rate 30% --subsidy-cap 40000
"""
)
@click.argument("file", required=False, default="budget.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", help="What is financed.")
@click.option("--months", type=click.IntRange(1, 120), help="Length of the period in months.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day of the period (YYYY-MM-DD).")
@click.option("--annual", help="Annual cost of the post, e.g. 52000 or 52000.00.")
@click.option("--partners", help="The partners' names, separated by commas.")
@click.option("--subsidy-rate", help="A co-funder's rate of the cost, e.g. 50% (none by default).")
@click.option("--subsidy-cap", help="That co-funder's cap over the whole period.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init(
    *,
    file: Path,
    title: str | None,
    months: int | None,
    start: Any,
    annual: str | None,
    partners: str | None,
    subsidy_rate: str | None,
    subsidy_cap: str | None,
    force: bool,
) -> None:
    """Write a starter budget FILE (default budget.yaml), commented, that passes `check`.

    On a terminal it asks for what the options do not give; in a script the options are
    enough (the rest takes a default). It never overwrites a file without --force.
    """
    from . import app

    asking = _interactive()

    def ask(value: Any, prompt: str, default: Any) -> Any:
        return value if value is not None else (click.prompt(prompt, default=default) if asking else default)

    written = _call(
        app.init,
        file,
        title=ask(title, "Title (what is financed)", "Chef de projet"),
        months=int(ask(months, "Months", 24)),
        start=start.date() if start is not None else None,
        annual=ask(annual, "Annual cost", "100000"),
        partners=ask(partners, "Partners (names, separated by commas)", "Partenaire A,Partenaire B"),
        subsidy_rate=ask(subsidy_rate, "Co-funder's rate (empty for none)", "") or None,
        subsidy_cap=subsidy_cap,
        force=force,
    )
    click.echo(f"wrote {written}: edit it, then `tdi-split check {written}`", err=True)


@main.command(
    epilog="""\b
Examples:
  tdi-split schema > tdi-split.schema.json
  tdi-split schema --overlay > tdi-split-overlay.schema.json
  tdi-split schema --ledger > tdi-split-ledger.schema.json
"""
)
@click.option("--overlay", is_flag=True, help="The schema of scenario overlays instead of budget files.")
@click.option("--ledger", is_flag=True, help="The schema of ledgers (tdi-split-ledger/1) instead of budget files.")
def schema(overlay: bool, ledger: bool) -> None:
    """Print the JSON Schema of the budget file, for editors (VS Code, JetBrains...)."""
    from . import app
    from .output.formats import OutputError, PipeClosedError, to_stdout
    from .output.plain import indented_json

    try:
        to_stdout(indented_json(app.schema(overlay=overlay, ledger=ledger)))
    except PipeClosedError:
        sys.exit(141)
    except OutputError as error:
        _fail([f"error: {error}"])


@main.command(
    epilog="""\b
Examples:
  tdi-split criteria population budget.yaml --vintage 2022 --kind municipale --dry-run
  tdi-split criteria population budget.yaml --vintage 2022 --kind municipale
  tdi-split criteria population budget.yaml --vintage 2021 --kind totale --locale fr
"""
)
@click.argument("criterion")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--vintage",
    type=int,
    required=True,
    metavar="YEAR",
    help="The INSEE reference year (millésime) of the figures: 2022 gives the legal populations in force "
    "on 1 January 2025.",
)
@click.option(
    "--kind",
    type=click.Choice(["municipale", "totale"]),
    required=True,
    help="Population municipale, or totale (municipale plus the people counted apart).",
)
@click.option("--dry-run", is_flag=True, help="Print the change as a unified diff and write nothing.")
@click.option("--force", is_flag=True, help="Replace figures that come from another source than the official data.")
@locale_option
@max_bytes_option
def criteria(
    *,
    criterion: str,
    file: Path,
    vintage: int,
    kind: str,
    dry_run: bool,
    force: bool,
    locale: Locale,
    max_bytes: int,
) -> None:
    """Fill or refresh CRITERION of FILE with INSEE's legal populations, for every partner
    that has a `siren`.

    FILE is edited in place, its comments, order and layout kept: the figures go under
    `partners[].criteria.CRITERION`, and `sources.CRITERION` names the data set, the vintage
    and the population, so that `check` compares them with the official ones. Then each
    partner's share is shown before and after. A keyed partner's SIREN that is no EPCI of the
    vintage is an error at its line, and nothing is written; figures that are not official, or
    that break the file's `expect`, are replaced only with --force.
    """
    from . import app
    from .output.formatting import Formatter

    result = _call(
        app.criteria, criterion, file, vintage=vintage, kind=kind, dry_run=dry_run, force=force, max_bytes=max_bytes
    )
    _show_refresh(result.value, Formatter(locale, result.currency), str(file), force=force)


def _show_refresh(refresh: Refresh, fmt: Formatter, file: str, *, force: bool) -> None:
    """What `criteria` did: the diff (--dry-run), or each share before and after; the partners
    left alone and the file's problems, if any, on stderr."""
    from .core.problems import visible

    filling = refresh.filling
    name = visible(file)
    what = f"INSEE's population {filling.kind}, millésime {filling.year} (in force in {filling.in_force})"
    changed = (
        f"{sum(1 for c in filling.changes if c.old != c.new)} of {len(filling.changes)} figures of {filling.criterion}"
    )
    if filling.without_siren:
        click.echo(f"left as they were (no siren): {', '.join(filling.without_siren)}", err=True)
    if filling.not_epci:
        click.echo(
            f"left as they were (outside the key, their SIREN no EPCI of millésime {filling.year}): "
            + ", ".join(filling.not_epci),
            err=True,
        )
    if not refresh.layout_kept:
        click.echo(
            "note: the layout of other lines could not be kept (a flow collection over several lines?): "
            "the data is the same, the diff shows every line that changes",
            err=True,
        )
    if filling.unchanged:
        click.echo(f"{name} already has {what} as {filling.criterion}: nothing to change", err=True)
    elif not refresh.written:
        for line in refresh.diff.splitlines(keepends=True):  # a comment may hold a bidi override: shown escaped
            body = line.rstrip("\r\n")
            shown = "\t".join(visible(part) for part in body.split("\t"))  # a tab is YAML's own: kept for `patch`
            click.echo(shown + line[len(body) :], nl=False)
        click.echo(f"dry run, {name} not written: {changed} would change to {what}", err=True)
        for reason in refresh.needs_force:
            click.echo(f"{'--force given' if force else 'writing it needs --force'}: {reason}", err=True)
    else:
        click.echo(f"wrote {name}: {changed} changed to {what}", err=True)
        _show_written(refresh, fmt, name)


def _show_written(refresh: Refresh, fmt: Formatter, name: str) -> None:
    """After `criteria` wrote the file: each share before and after, then what to act on."""
    from .output.check import problem_lines

    filling = refresh.filling
    for line in _effect_lines(refresh, fmt):
        click.echo(line)
    if refresh.after is not None and filling.criterion not in refresh.after.budget.key:
        click.echo(f"note: {filling.criterion} is not in the key: no share depends on it", err=True)
    if refresh.before_problems:
        first = refresh.before_problems[0]
        click.echo(f"before the change the budget did not compute: {first.where}: {first.message}", err=True)
    if refresh.broken:
        click.echo("written with --force; the file's `expect` no longer holds, update it:", err=True)
        for line in problem_lines(name, refresh.broken):
            click.echo(line, err=True)
    if refresh.problems:
        _fail(["the figures are written, but the budget does not compute:", *problem_lines(name, refresh.problems)])


def _effect_lines(refresh: Refresh, fmt: Formatter) -> list[str]:
    """Each partner's figure and share over the period, before -> after, and the totals, as
    plain aligned text."""
    from decimal import Decimal

    from .core.problems import shorten, visible

    if refresh.after is None:
        return []
    before = {share.id: share for share in refresh.before.partners} if refresh.before is not None else {}
    changes = {change.partner_id: change for change in refresh.filling.changes}

    def figure(value: Decimal | int | None) -> str:
        if value is None:
            return "—"
        number = Decimal(value)
        exponent = number.as_tuple().exponent
        return fmt.number(number, min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0)

    rows = [(fmt.word("partner"), refresh.filling.criterion, fmt.word("criteria.share"), fmt.word("criteria.change"))]
    for share in refresh.after.partners:
        old = before.get(share.id)
        change = changes.get(share.id)
        if change is None:
            figures = fmt.word("criteria.not_epci" if share.id in refresh.filling.not_epci else "criteria.no_siren")
        elif change.old == change.new:
            figures = figure(change.new)
        else:
            figures = f"{figure(change.old)} -> {figure(change.new)}"
        amounts = f"{fmt.amount(old.total) if old else '—'} -> {fmt.amount(share.total)}"
        difference = fmt.signed(share.total - old.total, plus=True) if old else ""
        rows.append((shorten(visible(share.name), 48), figures, amounts, difference))
    old_total = sum((share.total for share in before.values()), Decimal(0)) if before else None
    new_total = sum((share.total for share in refresh.after.partners), Decimal(0))
    total_amounts = f"{fmt.amount(old_total) if old_total is not None else '—'} -> {fmt.amount(new_total)}"
    difference = fmt.signed(new_total - old_total, plus=True) if old_total is not None else ""
    rows.append((fmt.word("total"), "", total_amounts, difference))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return [
        "  ".join(
            [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))]
        ).rstrip()
        for row in rows
    ]


def _interactive() -> bool:
    """Whether a person can answer prompts (stdin is a terminal)."""
    return sys.stdin is not None and sys.stdin.isatty()


def _terminate(signum: int, _frame: object) -> None:
    """An ending signal (SIGTERM, SIGHUP...): remove the temporary files being written and exit
    as the signal would, at once. (Raising SystemExit here was lost when the signal came while a
    finalizer ran, a generator being collected: Python ignores an exception there.)"""
    write = sys.modules.get(f"{__package__}.files.write")  # not loaded: nothing is being written
    if write is not None:
        write.abandon()
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    os._exit(128 + signum)


def run() -> None:
    """Entry point: :func:`main`, with any unexpected failure reported in one line, not a traceback.

    The collector is paused while a command loads its modules (:mod:`.gctune`); a signal that
    would end the process (SIGTERM, SIGHUP...) ends it without leaving a temporary file
    (:func:`_terminate`); a stream that cannot carry a character gets its plain form.
    """
    import signal

    from .files.write import ENDING_SIGNALS
    from .output.streams import degrade_streams

    gctune.pause()

    for name in ENDING_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    degrade_streams()
    try:
        main(standalone_mode=True)
    except BrokenPipeError:  # `tdi-split --help | head -1`: the reader has what it wanted
        sys.exit(141)
    except OSError as error:  # --help or --version on a full stdout: no traceback either
        click.echo(f"tdi-split: error: {error.strerror or error}", err=True)
        sys.exit(1)
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
        gctune.finish()
