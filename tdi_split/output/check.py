"""`check` in every format, and problems as text for people, editors and CI.

* ``FILE:LINE:COL: severity CODE: path: message``, one per line, as compilers and linters
  print them, so that editors and CI make each line clickable (coloured on a terminal);
* JSON for tools; GitHub workflow commands (``::error file=...``) for annotations on a
  pull request. Rich is imported only on a terminal: `check` stays light when piped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.limits import MAX_PROBLEMS
from ..core.problems import Problem, visible
from ..core.results import FileReport
from .plain import indented_json
from .report import Report

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "CheckReport",
    "check_json",
    "github_lines",
    "more_line",
    "ordered",
    "problem_line",
    "problem_lines",
    "report_lines",
    "summary_line",
]

_STYLES = {"error": "bold red", "warning": "yellow"}


def problem_line(filename: str, problem: Problem) -> str:
    """One problem as ``FILE:LINE:COL: severity CODE: path: message``, every escape made visible."""
    where = f"{problem.where}: " if problem.path else ""
    return visible(
        f"{problem.file or filename}:{problem.line or 1}:{problem.column or 1}: "
        f"{problem.severity} {problem.code}: {where}{problem.message}"
    )


def more_line(filename: str, more: int) -> str:
    """What is said of the problems not listed."""
    return visible(
        f"{filename}: {more} more problem{'s' if more > 1 else ''} not listed (the first {MAX_PROBLEMS} are)"
    )


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """By file, line, column and code."""
    return sorted(problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0, p.code))


def problem_lines(filename: str, problems: Iterable[Problem], more: int = 0) -> list[str]:
    """Every problem of one file, sorted by position; then how many more were not listed."""
    lines = [problem_line(filename, problem) for problem in ordered(problems)]
    return [*lines, more_line(filename, more)] if more else lines


def report_lines(reports: Sequence[FileReport]) -> list[str]:
    """Every problem of every file, file by file."""
    return [line for report in reports for line in problem_lines(report.name, report.problems, report.unlisted)]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(reports: Sequence[FileReport]) -> str:
    """``3 files checked: 2 valid, 1 invalid; 2 errors, 1 warning``."""
    invalid = sum(1 for r in reports if not r.ok)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    return (
        f"{_plural(len(reports), 'file')} checked: {len(reports) - invalid} valid, {invalid} invalid; "
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    )


def check_json(reports: Sequence[FileReport]) -> str:
    """``{"files": [{"path", "ok", "scenario", "problems": [...]}], "summary": {...}}``."""
    files: list[dict[str, Any]] = [
        {
            "path": visible(report.name),
            "ok": report.ok,
            "scenario": report.scenario,
            "problems": [
                {
                    "code": p.code,
                    "severity": p.severity,
                    "file": visible(p.file or report.name),
                    "line": p.line,
                    "column": p.column,
                    "path": visible(p.where) if p.path else "",
                    "message": visible(p.message),
                }
                for p in ordered(report.problems)
            ],
            "more": report.unlisted,
        }
        for report in reports
    ]
    summary = {
        "files": len(reports),
        "valid": sum(1 for r in reports if r.ok),
        "invalid": sum(1 for r in reports if not r.ok),
        "errors": sum(r.errors for r in reports),
        "warnings": sum(r.warnings for r in reports),
    }
    return indented_json({"files": files, "summary": summary})


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(reports: Sequence[FileReport]) -> list[str]:
    """GitHub Actions workflow commands: one ``::error`` or ``::warning`` annotation per problem."""
    lines = []
    for report in reports:
        for p in ordered(report.problems):
            where = f"{p.where}: " if p.path else ""
            properties = ",".join(
                f"{key}={_escape_property(str(value))}"
                for key, value in (
                    ("file", p.file or report.name),
                    ("line", p.line or 1),
                    ("col", p.column or 1),
                    ("title", f"tdi-split {p.code}"),
                )
            )
            lines.append(visible(f"::{p.severity} {properties}::{_escape_data(where + p.message)}"))
        if report.more:
            lines.append(
                visible(f"::error file={_escape_property(report.name)}::{more_line(report.name, report.more)}")
            )
    return lines


@dataclass(frozen=True, kw_only=True)
class CheckReport(Report[Sequence[FileReport]]):
    """`check`: every problem of every file, then a summary."""

    def json(self) -> str:
        """Files, their problems and a summary."""
        return check_json(self.result)

    def text(self) -> str:
        """``FILE:LINE:COL`` lines, then the summary."""
        return "".join(line + "\n" for line in [*report_lines(self.result), summary_line(self.result)])

    def github(self) -> str:
        """Workflow annotations, then the summary."""
        return "".join(line + "\n" for line in [*github_lines(self.result), summary_line(self.result)])

    def draw(self, console: Console) -> None:
        """The same lines as :meth:`text`, coloured by severity."""
        from rich.text import Text

        for report in self.result:
            for problem in ordered(report.problems):
                line = Text(problem_line(report.name, problem))
                line.highlight_words([f" {problem.severity} {problem.code}:"], style=_STYLES[problem.severity])
                console.print(line)
        failed = any(not r.ok for r in self.result)
        console.print(Text(summary_line(self.result), style="bold red" if failed else "bold green"))
