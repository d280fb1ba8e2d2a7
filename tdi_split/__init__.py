"""tdi-split: exact cost sharing between public bodies that co-finance a post.

The library comes first; the command line is a thin layer over it::

    from tdi_split import load_budget, compute
    allocation = compute(load_budget("config/partners.yaml").budget)
    allocation.partner("qbo").years

Names are imported on first use, so that ``import tdi_split.engine`` loads neither
yaml, click nor rich (DESIGN section 2).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .engine import Allocation, compute
    from .loader import load_budget
    from .model import Budget
    from .problems import BudgetError, Problem

__all__ = ["Allocation", "Budget", "BudgetError", "Problem", "__version__", "compute", "load_budget"]

_HOMES = {
    "Allocation": "engine",
    "compute": "engine",
    "load_budget": "loader",
    "Budget": "model",
    "BudgetError": "problems",
    "Problem": "problems",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
