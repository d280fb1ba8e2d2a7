"""Problems as data: what is wrong, where in the document, and how bad.

A :class:`Problem` names a place by its *path* in the document
(``("partners", 3, "criteria", "population")``); the loader's source map turns the
path into a line and a column. Only the command line decides how to print problems
and which exit code to return (DESIGN section 2).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .limits import MAX_PROBLEMS

__all__ = ["BudgetError", "Path", "Problem", "Severity", "cap", "format_path", "quote", "shorten", "visible"]

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


def quote(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` in quotes as a message cites it: at most ``limit`` characters, escapes visible."""
    return repr(shorten(text, limit))


def visible(text: str) -> str:
    """``text`` with every character that a terminal, a log or a spreadsheet would act on made
    visible as an escape: control characters (ESC, BEL, CR, LF, C1 controls such as CSI), line
    and paragraph separators, and the undecodable bytes of a file name (``\\xff``).

    Everything tdi-split prints that a person typed (file names, keys, paths, scenario names)
    goes through it, so that no input can move the cursor, clear a screen or forge a line.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable() or unicodedata.category(char) == "Zs":  # spaces, no-break ones too
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


def cap(problems: Iterable[Problem], limit: int = MAX_PROBLEMS) -> tuple[list[Problem], int]:
    """The first ``limit`` problems, and how many more there were."""
    kept: list[Problem] = []
    more = 0
    for problem in problems:
        if len(kept) < limit:
            kept.append(problem)
        else:
            more += 1
    return kept, more


def format_path(path: Path) -> str:
    """``("partners", 3, "id")`` -> ``partners[3].id``; the empty path is ``(document)``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{shorten(part)}" if text else shorten(part))
    return text or "(document)"


class BudgetError(Exception):
    """A budget that cannot be loaded or computed; carries the problems found (at most
    :data:`~tdi_split.core.limits.MAX_PROBLEMS` of them, and how many more there were)."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        self.problems = problems
        self.more = more
        """Problems found beyond those listed."""
        super().__init__("; ".join(f"{p.where}: {p.message}" for p in problems[:5]))
