"""Where a problem is: from a path in a (possibly merged) document to a file, a line and a column.

A :class:`SourceMap` holds the positions the YAML reader recorded; a *locator* turns a
problem's path into a position, whichever file the value came from: :class:`DocumentLocator`
for one file, :class:`OverlayLocator` for a base with an overlay (an overlay's `set` entry,
an added partner, or the base itself), :class:`CommandLineLocator` for `--set` overrides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from ..core.problems import Path, Problem

if TYPE_CHECKING:
    from ..core.overlay import Applied

__all__ = ["CommandLineLocator", "DocumentLocator", "Locator", "OverlayLocator", "SourceMap", "locate"]


@dataclass(slots=True)
class SourceMap:
    """Where each node of a document starts, by path: 1-based line and column."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    """Position of the value at each path."""
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    """Position of the mapping key of each path."""

    def locate(self, path: Path, *, on_key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        if on_key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            position = self.values.get(path[:end])
            if position is not None:
                return position
        return (1, 1)


class Locator(Protocol):
    """Turns a path of a (possibly merged) document into a file and a position."""

    def position(self, path: Path, *, on_key: bool = False) -> tuple[str, int, int]:
        """The file, line and column of ``path``."""
        ...


@dataclass(frozen=True, slots=True)
class DocumentLocator:
    """Positions in one parsed file."""

    name: str
    """The file's name as given."""
    source: SourceMap
    """Its positions by path."""

    def position(self, path: Path, *, on_key: bool = False) -> tuple[str, int, int]:
        """The file, line and column of ``path``."""
        line, column = self.source.locate(path, on_key=on_key)
        return self.name, line, column


@dataclass(frozen=True, slots=True)
class OverlayLocator:
    """Positions in a budget made of a base and an overlay."""

    overlay: Locator
    """The overlay file (or the command line's overrides)."""
    base: Locator
    """The base (a file, or another overlay)."""
    set_paths: dict[Path, Path]
    """Resolved path in the result -> the overlay's path of the `set` entry that wrote it."""
    partner_origins: tuple[tuple[str, int], ...]
    """For each partner of the result: its index in the base, or in ``add_partners``.

    Only where values came from is kept, never the merged data itself: a chain of overlays
    holds one budget's data, not one per level."""

    @classmethod
    def of(cls, overlay: Locator, base: Locator, applied: Applied) -> OverlayLocator:
        """The locator of ``applied``: an overlay applied to a base."""
        return cls(overlay, base, applied.set_paths, applied.partner_origins)

    def position(self, path: Path, *, on_key: bool = False) -> tuple[str, int, int]:
        """The overlay's `set` line for a value it set, else the line the value came from."""
        for end in range(len(path), 0, -1):
            origin = self.set_paths.get(path[:end])
            if origin is not None:
                return self.overlay.position(origin, on_key=on_key and end == len(path))
        origins = self.partner_origins
        if len(path) >= 2 and path[0] == "partners" and isinstance(path[1], int) and path[1] < len(origins):
            where, index = origins[path[1]]
            if where == "overlay":
                return self.overlay.position(("add_partners", index, *path[2:]), on_key=on_key)
            return self.base.position(("partners", index, *path[2:]), on_key=on_key)
        return self.base.position(path, on_key=on_key)


@dataclass(frozen=True, slots=True)
class CommandLineLocator:
    """Positions of `--set` overrides: the n-th override given is "line" n."""

    overrides: tuple[str, ...]
    """The dotted paths, in the order given."""
    name: str = "command line"
    """What problems name as their file."""

    def position(self, path: Path, *, on_key: bool = False) -> tuple[str, int, int]:
        """``("command line", n, 1)`` for the n-th override."""
        dotted = path[1] if len(path) > 1 and path[0] == "set" else (path[0] if path else None)
        line = self.overrides.index(dotted) + 1 if dotted in self.overrides else 1
        return self.name, line, 1


def locate(problems: Iterable[Problem], locator: Locator) -> list[Problem]:
    """Give each problem its file, line and column."""
    located = []
    for problem in problems:
        if problem.line is None:
            name, line, column = locator.position(problem.path, on_key=problem.on_key)
            located.append(replace(problem, file=name, line=line, column=column))
        else:
            located.append(problem if problem.file else replace(problem, file=getattr(locator, "name", None)))
    return located
