"""The report each command hands over: its result, and how it looks in each format it offers.

Which formats exist, and which method of a report makes each, is the table of
:mod:`.formats`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

    from ..files.paths import SourceFile
    from .document import Document
    from .formatting import Formatter
    from .plain import CsvDialect

__all__ = ["Report", "ResultReport"]

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class Report(ABC, Generic[T]):
    """A command's result and how it looks in each format it offers."""

    result: T
    """What the command made."""
    sources: Sequence[SourceFile] = ()
    """The budget files it comes from (footer of workbooks)."""
    chart: bool = False
    """Draw the terminal chart under the tables."""

    @abstractmethod
    def json(self) -> str | Iterator[str]:
        """The machine-readable result (in pieces when it is written as it is computed)."""

    @abstractmethod
    def draw(self, console: Console) -> None:
        """Print the Rich view on ``console`` (terminal, .txt, .html, .svg)."""


@dataclass(frozen=True, kw_only=True)
class ResultReport(Report[T]):
    """The report of a command that makes a result: every format of :data:`FORMATS` but `check`'s."""

    fmt: Formatter
    """Locale and currency."""

    @abstractmethod
    def csv(self, dialect: CsvDialect) -> str | Iterator[str]:
        """Rows for a spreadsheet (in pieces when they are written as they are computed)."""

    @abstractmethod
    def markdown(self) -> str:
        """Text for a report."""

    @abstractmethod
    def xlsx(self) -> bytes:
        """A workbook."""

    @abstractmethod
    def document(self) -> Document:
        """The result as a document: Markdown, the HTML page and the .docx file render it."""

    def figure(self) -> str | None:
        """The result's chart as an SVG picture (matplotlib), or None for a command that draws none."""
        return None
