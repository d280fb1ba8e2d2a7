"""What the commands return beyond an allocation: a file's `check` report, a sweep's points.

Pure data, so that the output layer reads results without importing the code that made them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .engine import Allocation
from .problems import Problem

__all__ = ["FileReport", "Sweep", "SweepPoint"]


@dataclass(frozen=True, slots=True)
class FileReport:
    """What `check` found in one file."""

    name: str
    """The file's name as given."""
    problems: tuple[Problem, ...]
    """Every problem, located, errors and warnings."""
    scenario: bool = False
    """Whether the file is a scenario overlay."""
    more: int = 0
    """Errors found beyond those listed."""
    more_warnings: int = 0
    """Warnings found beyond those listed."""

    @property
    def unlisted(self) -> int:
        """Problems found beyond those listed."""
        return self.more + self.more_warnings

    @property
    def errors(self) -> int:
        """How many problems are errors, those not listed included."""
        return sum(1 for p in self.problems if p.severity == "error") + self.more

    @property
    def warnings(self) -> int:
        """How many problems are warnings, those not listed included."""
        return sum(1 for p in self.problems if p.severity == "warning") + self.more_warnings

    @property
    def ok(self) -> bool:
        """Whether the file has no error."""
        return self.errors == 0


@dataclass(frozen=True, slots=True)
class SweepPoint:
    """The base computed with one value of a swept path."""

    value: Decimal
    """The value."""
    allocation: Allocation | None
    """The result, or None when this value makes the budget invalid."""
    problems: tuple[Problem, ...] = ()
    """Why there is no result."""


@dataclass(frozen=True, slots=True)
class Sweep:
    """A base computed along one path: `compare --sweep`."""

    path: str
    """The dotted path swept."""
    points: Iterator[SweepPoint]
    """One point per value, in order, each computed when it is read (read them once)."""
    years: int
    """The most years any point can have (for the columns of a table)."""
    partner: str | None = None
    """The partner whose amounts are drawn as bars, if any."""
