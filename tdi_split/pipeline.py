"""From a file to results: read, apply overlays, validate, compute, check; problems located.

The only module that joins the loader (files, YAML) to the pure core. A budget file and a
scenario overlay are read the same way: :func:`load_file` returns the budget and a
*locator* that turns a problem's path into a file, a line and a column, whichever file
the value came from (an overlay's `set` entry, an added partner, or the base itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from .checks import expectation_problems, lint_problems
from .engine import Allocation, compute
from .loader import (
    DEFAULT_MAX_BYTES,
    DocumentLocator,
    Locator,
    locate,
    not_a_mapping,
    read_document,
    schema_problems,
)
from .model import SCHEMA_ID, Budget
from .problems import BudgetError, Path, Problem
from .rules import structural_problems

if TYPE_CHECKING:
    from .compare import Comparison
    from .scenario import Applied, Overlay

M = TypeVar("M", bound=BaseModel)

__all__ = [
    "Computed",
    "FileReport",
    "Loaded",
    "SweepPoint",
    "check_file",
    "compare_files",
    "compute_file",
    "load_file",
    "sweep",
    "with_overrides",
]


@dataclass(frozen=True, slots=True)
class OverlayLocator:
    """Positions in a budget made of a base and an overlay."""

    overlay: Locator
    """The overlay file (or the command line's overrides)."""
    base: Locator
    """The base (a file, or another overlay)."""
    applied: Applied
    """Where each value of the result came from."""

    def position(self, path: Path, *, on_key: bool = False) -> tuple[str, int, int]:
        """The overlay's `set` line for a value it set, else the line the value came from."""
        for end in range(len(path), 0, -1):
            origin = self.applied.set_paths.get(path[:end])
            if origin is not None:
                return self.overlay.position(origin, on_key=on_key and end == len(path))
        origins = self.applied.partner_origins
        if len(path) >= 2 and path[0] == "partners" and isinstance(path[1], int) and path[1] < len(origins):
            where, index = origins[path[1]]
            if where == "overlay":
                return self.overlay.position(("add_partners", index, *path[2:]), on_key=on_key)
            return self.base.position(("partners", index, *path[2:]), on_key=on_key)
        return self.base.position(path, on_key=on_key)


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
            raise BudgetError(self.locate(error.problems)) from None


@dataclass(frozen=True, slots=True)
class _Source:
    name: str
    data: dict[str, Any]
    locator: Locator
    overlay: Overlay | None
    applied: Applied | None
    problems: tuple[Problem, ...]
    """Problems that did not stop the reading (duplicate keys), located."""


def _read(path: FilePath, max_bytes: int, chain: tuple[FilePath, ...]) -> _Source:
    name = str(path)
    try:
        document = read_document(path, max_bytes=max_bytes)
    except BudgetError as error:
        raise BudgetError([replace(p, file=name) for p in error.problems]) from None
    here = DocumentLocator(name, document.source)
    read_problems = locate(list(document.problems), here)
    data = document.data
    if not isinstance(data, dict):
        raise BudgetError([*read_problems, *locate([not_a_mapping(data)], here)])
    if "base" not in data:
        return _Source(name, data, here, None, None, tuple(read_problems))
    from .scenario import Overlay, apply_overlay  # only scenario files need it

    overlay = _validate(Overlay, data, here, read_problems)
    base_path = path.parent / overlay.base
    resolved = base_path.resolve()
    if resolved in chain or resolved == path.resolve():
        cycle = " -> ".join(p.name for p in (*chain, path.resolve(), resolved))
        raise BudgetError(locate([Problem("TDI403", f"overlays form a cycle: {cycle}", ("base",))], here))
    if not base_path.is_file():
        missing = Problem("TDI404", f"the base {overlay.base!r} is no file ({base_path})", ("base",))
        raise BudgetError(locate([missing], here))
    base = _read(base_path, max_bytes, (*chain, path.resolve()))
    try:
        applied = apply_overlay(base.data, overlay)
    except BudgetError as error:
        raise BudgetError(locate(error.problems, here)) from None
    locator = OverlayLocator(here, base.locator, applied)
    return _Source(name, applied.data, locator, overlay, applied, (*base.problems, *read_problems))


def _validate(model: type[M], data: dict[str, Any], locator: Locator, known: list[Problem]) -> M:
    """``data`` as ``model``; raise with the ``known`` problems and the schema's, if any."""
    try:
        valid = model.model_validate(data)
    except ValidationError as error:
        raise BudgetError([*known, *locate(list(schema_problems(error, model)), locator)]) from None
    if known:
        raise BudgetError(known)
    return valid


def load_file(path: str | FilePath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read a budget file or a scenario overlay (with its bases) and validate the budget."""
    source = _read(FilePath(path), max_bytes, ())
    budget = _validate(Budget, source.data, source.locator, list(source.problems))
    return Loaded(source.name, budget, source.data, source.locator, source.overlay, source.applied)


@dataclass(frozen=True, slots=True)
class Computed:
    """A loaded budget and its allocation."""

    loaded: Loaded
    """The budget and where its values came from."""
    allocation: Allocation
    """What the engine made of it."""


def compute_file(path: str | FilePath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Computed:
    """Load and compute ``path``; every problem, from the file or the arithmetic, is located."""
    loaded = load_file(path, max_bytes=max_bytes)
    return Computed(loaded, loaded.allocate())


@dataclass(frozen=True, slots=True)
class FileReport:
    """What `check` found in one file."""

    name: str
    """The file's name as given."""
    problems: tuple[Problem, ...]
    """Every problem, located, errors and warnings."""
    scenario: bool = False
    """Whether the file is a scenario overlay."""

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return sum(1 for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        """Whether the file has no error."""
        return self.errors == 0


def check_file(path: str | FilePath, *, max_bytes: int = DEFAULT_MAX_BYTES, strict: bool = False) -> FileReport:
    """Every problem of one file: schema, consistency, arithmetic, `expect` and provenance.

    With ``strict`` warnings count as errors.
    """
    try:
        loaded = load_file(path, max_bytes=max_bytes)
    except BudgetError as error:
        return FileReport(str(path), tuple(error.problems))
    problems = structural_problems(loaded.budget)
    if not problems:
        try:
            problems = expectation_problems(loaded.budget, compute(loaded.budget))
        except BudgetError as error:
            problems = error.problems
    problems = [*problems, *lint_problems(loaded.budget)]
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    return FileReport(loaded.name, tuple(loaded.locate(problems)), loaded.overlay is not None)


@dataclass(frozen=True, slots=True)
class CommandLineLocator:
    """Positions of `--set` overrides: the n-th override given is "line" n."""

    overrides: tuple[str, ...]
    """The dotted paths, in the order given."""
    name: str = "command line"
    """What problems name as their file."""

    def position(self, path: Path, *, on_key: bool = False) -> tuple[str, int, int]:
        """``("command line", n, 1)`` for the n-th override."""
        dotted = path[1] if len(path) > 1 and path[0] == "set" else None
        line = self.overrides.index(dotted) + 1 if dotted in self.overrides else 1
        return self.name, line, 1


def with_overrides(base: Loaded, overrides: dict[str, Any], *, name: str) -> Loaded:
    """``base`` with `--set PATH=VALUE` overrides applied: a scenario made on the command line."""
    from .scenario import Overlay, apply_overlay

    overlay = Overlay.model_validate({"schema": SCHEMA_ID, "scenario": name, "base": base.name, "set": overrides})
    here = CommandLineLocator(tuple(overrides))
    try:
        applied = apply_overlay(base.data, overlay)
    except BudgetError as error:
        raise BudgetError(locate(error.problems, here)) from None
    locator = OverlayLocator(here, base.locator, applied)
    budget = _validate(Budget, applied.data, locator, [])
    return Loaded(name, budget, applied.data, locator, overlay, applied)


@dataclass(frozen=True, slots=True)
class SweepPoint:
    """The base computed with one value of a swept path."""

    value: Decimal
    """The value."""
    allocation: Allocation | None
    """The result, or None when this value makes the budget invalid."""
    problems: tuple[Problem, ...] = ()
    """Why there is no result."""


def sweep(base: Loaded, path: str, values: list[Decimal]) -> list[SweepPoint]:
    """Compute ``base`` with ``path`` set to each value; a value that fails is a point with problems.

    An unknown path raises :class:`BudgetError` before any computation.
    """
    from .scenario import resolve_path

    try:
        resolve_path(base.data, path)
    except ValueError as error:
        raise BudgetError([Problem("TDI401", str(error), ("set", path), file="--sweep", line=1, column=1)]) from None
    points = []
    for value in values:
        try:
            loaded = with_overrides(base, {path: str(value)}, name=f"{path}={value}")
            points.append(SweepPoint(value, compute(loaded.budget)))
        except BudgetError as error:
            points.append(SweepPoint(value, None, tuple(error.problems)))
    return points


def compare_files(
    base: str | FilePath,
    scenarios: Sequence[str | FilePath],
    overrides: dict[str, Any] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Comparison:
    """BASE and each scenario file (complete budget or overlay), then the ``overrides`` of BASE
    as one more scenario named after them; every problem located."""

    from .compare import Scenario, describe_changes, diff_data, plain
    from .compare import compare as line_up

    base_loaded = load_file(base, max_bytes=max_bytes)
    entries = [Scenario(FilePath(base).stem, str(base), (), base_loaded.allocate())]
    for file in scenarios:
        loaded = load_file(file, max_bytes=max_bytes)
        if loaded.overlay is not None and loaded.applied is not None:
            name = loaded.overlay.scenario or FilePath(file).stem
            changes = describe_changes(loaded.applied.changes)
        else:
            name, changes = FilePath(file).stem, diff_data(base_loaded.data, loaded.data)
        entries.append(Scenario(name, str(file), changes, loaded.allocate()))
    if overrides:
        name = ", ".join(f"{path}={plain(value)}" for path, value in overrides.items())
        loaded = with_overrides(base_loaded, overrides, name=name)
        changes = describe_changes(loaded.applied.changes) if loaded.applied else ()
        entries.append(Scenario(name, "--set", changes, loaded.allocate()))
    return line_up(entries)
