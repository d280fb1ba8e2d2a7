"""`check` on a terminal: the same lines as the plain output, coloured by severity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from .console import output_console
from .problems import ordered, problem_line, summary_line

if TYPE_CHECKING:
    from ..pipeline import FileReport

__all__ = ["print_reports"]

_STYLES = {"error": "bold red", "warning": "yellow"}


def print_reports(reports: Sequence[FileReport]) -> None:
    """Print every problem, then the summary, with colours."""
    console = output_console()
    for report in reports:
        for problem in ordered(report.problems):
            line = Text(problem_line(report.name, problem))
            line.highlight_words([f" {problem.severity} {problem.code}:"], style=_STYLES[problem.severity])
            console.print(line)
    failed = any(not r.ok for r in reports)
    console.print(Text(summary_line(reports), style="bold red" if failed else "bold green"))
