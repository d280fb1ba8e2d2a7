"""Reading a budget file or a scenario overlay (with its bases), every problem located.

A budget file and a scenario overlay are read the same way: :func:`load_file` returns the
budget and a *locator* that turns a problem's path into a file, a line and a column,
whichever file the value came from (an overlay's `set` entry, an added partner, or the
base itself). :func:`with_overrides` does the same for `--set PATH=VALUE` overrides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from ..core.engine import Allocation, compute
from ..core.limits import DEFAULT_MAX_BYTES, MAX_OVERLAY_DEPTH
from ..core.model import LEDGER_SCHEMA_ID, SCHEMA_ID, Budget
from ..core.problems import BudgetError, Problem, quote
from ..core.validate import not_a_mapping, validate
from .locate import CommandLineLocator, DocumentLocator, Locator, OverlayLocator, SourceMap, locate
from .yamlreader import Document, read_document

if TYPE_CHECKING:
    from ..core.overlay import Applied, Overlay

M = TypeVar("M", bound=BaseModel)

__all__ = ["Loaded", "is_ledger", "load_file", "mapping", "no_file", "read_cached", "validated", "with_overrides"]


@dataclass(frozen=True, slots=True)
class Loaded:
    """A budget read from a file, with how to locate its problems."""

    name: str
    """The file's name as given."""
    budget: Budget
    """The validated budget (the base with the overlay applied, for a scenario)."""
    data: dict[str, Any]
    """The budget's plain data, as read and merged."""
    locator: Locator
    """Positions of its values."""
    overlay: Overlay | None = None
    """The overlay, when the file is a scenario."""
    applied: Applied | None = None
    """What the overlay changed."""

    def locate(self, problems: list[Problem]) -> list[Problem]:
        """Give each problem its file, line and column."""
        return locate(problems, self.locator)

    def allocate(self) -> Allocation:
        """Compute the budget; its problems, if any, located."""
        try:
            return compute(self.budget)
        except BudgetError as error:
            raise BudgetError(self.locate(error.problems), error.more) from None


@dataclass(frozen=True, slots=True)
class _Source:
    name: str
    data: dict[str, Any]
    locator: Locator
    overlay: Overlay | None
    applied: Applied | None
    problems: tuple[Problem, ...]
    """Problems that did not stop the reading (duplicate keys), located."""
    more: int = 0
    """Such problems beyond those listed."""


def no_file(key: str, named: str) -> Problem:
    """TDI404: the file an overlay's ``base:`` (or a ledger's ``budget:``) names is no file."""
    return Problem("TDI404", f"the {key} {quote(named)} is no file", (key,))


def mapping(path: FilePath, max_bytes: int) -> tuple[Document, DocumentLocator, list[Problem]]:
    """A file read as one YAML mapping, its positions, and the problems that did not stop the
    reading (duplicate keys), located; BudgetError with every problem located otherwise."""
    name = str(path)
    try:
        document = read_cached(path, max_bytes)
    except BudgetError as error:
        raise BudgetError([replace(p, file=name) for p in error.problems], error.more) from None
    here = DocumentLocator(name, document.source)
    read_problems = locate(list(document.problems), here)
    if not isinstance(document.data, dict):
        raise BudgetError([*read_problems, *locate([not_a_mapping(document.data)], here)], document.more)
    return document, here, read_problems


def _relative_changes(overlay: Overlay, path: FilePath, source: SourceMap) -> Overlay:
    """The overlay with each `set` value written as a signed number made a change relative to
    the base's value, as `--set` reads it: a text YAML gives (``'+10%'``, ``'-2,5 %'``, a block
    scalar) read as `--set` reads its value, and a number YAML gives whose own text in the file
    starts with a sign (YAML reads a plain ``+500`` as the number 500, ``-5000`` as -5000)."""
    from decimal import Decimal

    from ..core.overlay import Relative

    changed: dict[str, Any] = {}
    lines: list[str] | None = None
    for key, value in overlay.set.items():
        if isinstance(value, str):
            relative = Relative.parse(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            if lines is None:
                lines = path.read_text(encoding="utf-8-sig").splitlines()
            line, column = source.locate(("set", key))
            written = lines[line - 1][column - 1 :] if 0 < line <= len(lines) else ""
            signed = written[:1] in ("+", "-")
            relative = Relative(Decimal(value), percent=False) if signed else None
        else:
            relative = None
        if relative is not None:
            changed[key] = relative
    return overlay.model_copy(update={"set": {**overlay.set, **changed}}) if changed else overlay


def _read(path: FilePath, max_bytes: int, chain: tuple[FilePath, ...]) -> _Source:
    name = str(path)
    document, here, read_problems = mapping(path, max_bytes)
    data = document.data
    if "base" not in data:
        return _Source(name, data, here, None, None, tuple(read_problems), document.more)
    from ..core.overlay import Overlay, apply_overlay  # only scenario files need it

    overlay = validated(Overlay, data, here, read_problems, document.more)
    overlay = _relative_changes(overlay, path, document.source)
    base_path = path.parent / overlay.base
    try:  # a link loop, a name too long for the file system... is no file
        resolved, here_resolved, is_file = base_path.resolve(), path.resolve(), base_path.is_file()
    except (OSError, RuntimeError):
        raise BudgetError(locate([no_file("base", overlay.base)], here)) from None
    if resolved in chain or resolved == here_resolved:
        cycle = " -> ".join(p.name for p in (*chain, here_resolved, resolved))
        raise BudgetError(locate([Problem("TDI403", f"overlays form a cycle: {cycle}", ("base",))], here))
    if len(chain) + 1 >= MAX_OVERLAY_DEPTH:
        deep = Problem("TDI405", f"more than {MAX_OVERLAY_DEPTH} overlays stacked on one another", ("base",))
        raise BudgetError(locate([deep], here))
    if not is_file:
        raise BudgetError(locate([no_file("base", overlay.base)], here))
    base = _read(base_path, max_bytes, (*chain, here_resolved))
    try:
        applied = apply_overlay(base.data, overlay)
    except BudgetError as error:
        raise BudgetError(locate(error.problems, here)) from None
    locator = OverlayLocator.of(here, base.locator, applied)
    problems = (*base.problems, *read_problems)
    return _Source(name, applied.data, locator, overlay, applied, problems, base.more + document.more)


def validated(model: type[M], data: dict[str, Any], locator: Locator, known: list[Problem], more: int = 0) -> M:
    """``data`` as ``model``; raise with the ``known`` problems (and ``more`` not listed) and the
    schema's, if any, located."""
    try:
        valid = validate(model, data)
    except BudgetError as error:
        raise BudgetError([*known, *locate(error.problems, locator)], more + error.more) from None
    if known:
        raise BudgetError(known, more)
    return valid


def load_file(path: str | FilePath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read a budget file or a scenario overlay (with its bases) and validate the budget."""
    source = _read(FilePath(path), max_bytes, ())
    budget = validated(Budget, source.data, source.locator, list(source.problems), source.more)
    return Loaded(source.name, budget, source.data, source.locator, source.overlay, source.applied)


LIST_OVERRIDES = ("add_partners", "remove_partners")
"""What `--set` may give besides dotted paths: the overlay's lists of partners to add or remove."""


def with_overrides(base: Loaded, overrides: dict[str, Any], *, name: str) -> Loaded:
    """``base`` with `--set PATH=VALUE` overrides applied: a scenario made on the command line."""
    from ..core.overlay import Overlay, apply_overlay

    # The name is the scenario's label (what a person typed on the command line), not a value
    # of a file to validate: it stays with the result, not in the overlay.
    # The base is already read: the overlay's own `base` is only a placeholder, never a path
    # to check as a label (a file's name may hold any byte).
    here = CommandLineLocator(tuple(overrides))
    lists = {key: overrides[key] for key in LIST_OVERRIDES if key in overrides}  # --set remove_partners=[...]
    sets = {path: value for path, value in overrides.items() if path not in LIST_OVERRIDES}
    overlay = validated(Overlay, {"schema": SCHEMA_ID, "base": "-", "set": sets, **lists}, here, [])
    try:
        applied = apply_overlay(base.data, overlay)
    except BudgetError as error:
        raise BudgetError(locate(error.problems, here)) from None
    locator = OverlayLocator.of(here, base.locator, applied)
    budget = validated(Budget, applied.data, locator, [])
    return Loaded(name, budget, applied.data, locator, overlay, applied)


_last: list[tuple[tuple[str, int, int, int], Document]] = []
"""The last document read, by (path, modification time, size, max_bytes): deciding whether a
file is a ledger, then loading it, reads it once."""


def read_cached(path: str | FilePath, max_bytes: int) -> Document:
    try:
        status = os.stat(path)
        key = (str(path), status.st_mtime_ns, status.st_size, max_bytes)
    except OSError:
        return read_document(path, max_bytes=max_bytes)  # says why it cannot be read
    if _last and _last[0][0] == key:
        return _last[0][1]
    read = read_document(path, max_bytes=max_bytes)
    _last[:] = [(key, read)]
    return read


def is_ledger(path: str | FilePath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bool:
    """Whether ``path`` is a ledger file (``schema: tdi-split-ledger/1``); False if it cannot be read."""
    try:
        data = read_cached(path, max_bytes).data
    except BudgetError:
        return False
    return isinstance(data, dict) and data.get("schema") == LEDGER_SCHEMA_ID
