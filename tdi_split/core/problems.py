"""Problems as data: what is wrong, where in the document, and how bad.

A :class:`Problem` names a place by its *path* in the document
(``("partners", 3, "criteria", "population")``); the loader's source map turns the
path into a line and a column. Only the command line decides how to print problems
and which exit code to return (DESIGN section 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["BudgetError", "Path", "Problem", "Severity", "format_path", "shorten"]

MAX_SHOWN: int = 60
"""Longest piece of a file quoted in a message (a key may be a megabyte long)."""

Path = tuple[str | int, ...]
"""A place in a document: mapping keys and list indexes from the root."""

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a budget, located by its path in the document."""

    code: str
    """Stable identifier of the rule, e.g. ``TDI001``; listed in the README."""
    message: str
    """What is wrong and what was expected, for a person."""
    path: Path = ()
    """Where: the path of the node the problem is about (``()`` is the document)."""
    severity: Severity = "error"
    """``error`` makes a file invalid; ``warning`` only informs (unless ``--strict``)."""
    on_key: bool = False
    """Point at the mapping key of ``path`` rather than at its value (unknown keys)."""
    file: str | None = field(default=None, compare=False)
    """The file the problem is in, once located (a scenario's problem may be in its base)."""
    line: int | None = field(default=None, compare=False)
    """1-based line, once located against a source file."""
    column: int | None = field(default=None, compare=False)
    """1-based column, once located against a source file."""

    @property
    def where(self) -> str:
        """The path in the dotted form users read: ``partners[3].criteria.population``."""
        return format_path(self.path)


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_path(path: Path) -> str:
    """``("partners", 3, "id")`` -> ``partners[3].id``; the empty path is ``(document)``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{shorten(part)}" if text else shorten(part))
    return text or "(document)"


class BudgetError(Exception):
    """A budget that cannot be loaded or computed; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems[:5]))
