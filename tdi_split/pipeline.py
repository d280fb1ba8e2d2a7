"""The whole flow for one file: file -> loader -> model -> engine, problems located.

What the command line calls; also the shortest way for library code to go from a
path to an :class:`~tdi_split.engine.Allocation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FilePath

from .engine import Allocation, compute
from .loader import DEFAULT_MAX_BYTES, LoadedBudget, load_budget, locate
from .problems import BudgetError

__all__ = ["Computed", "compute_file"]


@dataclass(frozen=True, slots=True)
class Computed:
    """A loaded budget and its allocation."""

    loaded: LoadedBudget
    """The budget and the document it came from."""
    allocation: Allocation
    """What the engine made of it."""


def compute_file(path: str | FilePath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Computed:
    """Load and compute ``path``; every problem, from the file or the arithmetic, is located."""
    loaded = load_budget(path, max_bytes=max_bytes)
    try:
        allocation = compute(loaded.budget)
    except BudgetError as error:
        raise BudgetError(locate(error.problems, loaded.document.source)) from None
    return Computed(loaded, allocation)
