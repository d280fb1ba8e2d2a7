"""Problems as text: ``FILE:LINE:COL: error TDI002: path: message``, one per line.

The form of compilers and linters, so that editors and CI make each line clickable.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem

__all__ = ["problem_line", "problem_lines"]


def problem_line(filename: str, problem: Problem) -> str:
    """One problem as ``FILE:LINE:COL: severity CODE: path: message``."""
    line = problem.line if problem.line is not None else 1
    column = problem.column if problem.column is not None else 1
    where = f"{problem.where}: " if problem.path else ""
    return f"{filename}:{line}:{column}: {problem.severity} {problem.code}: {where}{problem.message}"


def problem_lines(filename: str, problems: Iterable[Problem]) -> list[str]:
    """Every problem of one file, sorted by position."""
    ordered = sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
    return [problem_line(filename, problem) for problem in ordered]
