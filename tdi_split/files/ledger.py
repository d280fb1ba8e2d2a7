"""Reading a ledger (DESIGN 6.2) with its budget, every problem located in its own file.

Apart from :mod:`.budget` so that reading a budget never builds the ledger's models.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import TYPE_CHECKING

from ..core.limits import DEFAULT_MAX_BYTES
from ..core.problems import BudgetError, Path, Problem, cap
from .budget import Loaded, load_file, mapping, no_file, validated
from .locate import Locator, locate

if TYPE_CHECKING:
    from ..core.ledger import Ledger
    from ..core.settle import Settlement

__all__ = ["LedgerLocator", "LoadedLedger", "load_ledger"]


@dataclass(frozen=True, slots=True)
class LedgerLocator:
    """Positions in a ledger and its budget: the ledger's own keys in the ledger, the rest in the budget."""

    ledger: Locator
    """The ledger file."""
    budget: Locator
    """Its budget (a file, or an overlay and its bases)."""

    def position(self, path: Path, *, on_key: bool = False) -> tuple[str, int, int]:
        """The ledger's line for ``spending``, ``received`` and ``budget``; else the budget's."""
        if path and path[0] in ("spending", "received", "budget"):
            return self.ledger.position(path, on_key=on_key)
        return self.budget.position(path, on_key=on_key)


@dataclass(frozen=True, slots=True)
class LoadedLedger:
    """A ledger read from a file, with its budget."""

    name: str
    """The file's name as given."""
    ledger: Ledger
    """The validated ledger."""
    budget: Loaded
    """Its voted budget."""
    locator: LedgerLocator
    """Positions of its values, and of its budget's."""

    def locate(self, problems: list[Problem]) -> list[Problem]:
        """Give each problem its file, line and column."""
        return locate(problems, self.locator)

    def settle(self) -> Settlement:
        """The settlement (DESIGN 6.3); its problems, if any, located."""
        from ..core.settle import settle

        try:
            return settle(self.budget.budget, self.ledger)
        except BudgetError as error:
            raise BudgetError(self.locate(error.problems), error.more) from None


def load_ledger(path: str | FilePath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedLedger:
    """Read a ledger (DESIGN 6.2) and its budget; every problem located in its file."""
    from ..core.ledger import Ledger, ledger_problems

    path = FilePath(path)
    document, here, read_problems = mapping(path, max_bytes)
    ledger = validated(Ledger, document.data, here, read_problems, document.more)
    budget_path = path.parent / ledger.budget
    try:
        is_file = budget_path.is_file()
    except (OSError, RuntimeError):
        is_file = False
    if not is_file:
        raise BudgetError(locate([no_file("budget", ledger.budget)], here))
    budget = load_file(budget_path, max_bytes=max_bytes)
    problems, more = cap(ledger_problems(ledger, budget.budget))
    if problems:
        raise BudgetError(locate(problems, here), more)
    return LoadedLedger(str(path), ledger, budget, LedgerLocator(here, budget.locator))
