"""tdi-split: exact cost sharing between public bodies that co-finance a post.

The library comes first; the command line is a thin layer over it::

    import tdi_split
    budget = tdi_split.load("config/partners.yaml")   # a budget file or a scenario overlay
    allocation = tdi_split.compute(budget)
    allocation.partner("qbo").years                    # its share of each year, a Decimal each

:func:`load` raises :class:`BudgetError` whose ``problems`` each name a file, a line and a
column. Every command is also a function of :mod:`tdi_split.app` (``app.check(paths)``,
``app.compare(base, scenarios)``...), which the command line calls in the same way.

Names are imported on first use, so that ``import tdi_split.core.engine`` loads neither
yaml, click nor rich (DESIGN section 2).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .app import load
    from .core.engine import Allocation, compute
    from .core.model import Budget
    from .core.problems import BudgetError, Problem

__all__ = ["Allocation", "Budget", "BudgetError", "Problem", "__version__", "compute", "load"]

_HOMES = {
    "Allocation": "core.engine",
    "compute": "core.engine",
    "load": "app",
    "Budget": "core.model",
    "BudgetError": "core.problems",
    "Problem": "core.problems",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
