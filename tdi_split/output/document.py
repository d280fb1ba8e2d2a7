"""A result as a document: headings, paragraphs, tables and numbered steps, with no format yet.

A report says once what its document holds (:meth:`~.report.ResultReport.document`); the
Markdown text, the HTML page (:mod:`.html`) and the word-processor file (:mod:`.docx`) are
each one renderer of that document, so the three never disagree on a figure or a row.
Every string here is plain text as the reader sees it (amounts already formatted in the
locale); each renderer escapes it for its own format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.problems import visible
from .plain import markdown_cell, markdown_line, markdown_table

if TYPE_CHECKING:
    from .formatting import Locale

__all__ = [
    "Block",
    "Bullets",
    "Document",
    "Heading",
    "Paragraph",
    "Steps",
    "Table",
    "markdown_document",
    "shown",
    "version",
]


@dataclass(frozen=True)
class Heading:
    """A section's title."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    text: str


def version() -> str:
    """tdi-split's version, for a document's generator line ("" when run from a source tree that
    is not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("tdi-split")
    except PackageNotFoundError:
        return ""


@dataclass(frozen=True)
class Table:
    """A table of text cells: the first column names things, the others hold figures unless
    ``align`` says otherwise."""

    caption: str
    """What the table shows: its caption, or the heading above it in Markdown ("" for none)."""
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    totals: Sequence[str] | None = None
    """The totals row, set apart (bold)."""
    align: str = ""
    """``l`` or ``r`` per column; empty: the first left, the others right."""
    notes: Sequence[str] = ()
    """Lines under the table (the dates of each year...)."""
    muted: frozenset[int] = field(default_factory=frozenset)
    """Rows shown dimmed (a partner that pays nothing)."""

    @property
    def alignment(self) -> str:
        """``l`` or ``r`` for each column."""
        return self.align or "l" + "r" * (len(self.header) - 1)

    def part(self, columns: Sequence[int], suffix: str) -> Table:
        """This table with its first column and ``columns`` only, ``suffix`` after its caption
        (``(1/2)``); the notes go with the part that holds the last column."""
        keep = [0, *columns]
        return Table(
            self.caption + suffix if self.caption else suffix.strip(),
            [self.header[c] for c in keep],
            [[row[c] for c in keep] for row in self.rows],
            None if self.totals is None else [self.totals[c] for c in keep],
            "".join(self.alignment[c] for c in keep),
            self.notes if columns and columns[-1] == len(self.header) - 1 else (),
            self.muted,
        )

    def cut(self, fits: Callable[[Table], bool]) -> list[Table]:
        """This table if it ``fits``, else cut between its columns into the fewest parts in
        order that fit, each with the first column again and ``(n/N)`` after the caption (a
        single column that does not fit is a part of its own)."""
        if fits(self):
            return [self]
        groups: list[list[int]] = [[]]
        for column in range(1, len(self.header)):
            if groups[-1] and not fits(self.part([*groups[-1], column], "")):
                groups.append([])
            groups[-1].append(column)
        return [self.part(group, f" ({n}/{len(groups)})") for n, group in enumerate(groups, start=1)]


@dataclass(frozen=True)
class Bullets:
    """A list of short lines (a legend)."""

    items: Sequence[str]


@dataclass(frozen=True)
class Steps:
    """A numbered list: each step a heading and its lines (a derivation)."""

    items: Sequence[tuple[str, Sequence[str]]]


Block = Heading | Paragraph | Table | Bullets | Steps
"""One piece of a document, in reading order."""


@dataclass(frozen=True)
class Document:
    """What a report holds, in reading order."""

    title: str
    locale: Locale
    blocks: Sequence[Block]
    subtitle: Sequence[str] = ()
    """Lines under the title (the convention's reference, the period...)."""


def shown(text: str) -> str:
    """``text`` as a page or a word processor shows it: a line break of a terminal heading
    (``A\\na year``) is a space there, and any other control character is made visible."""
    return visible(text.replace("\n", " "))


def markdown_document(document: Document, *, title_level: int = 1) -> str:
    """The document as Markdown (GitHub tables), every text escaped."""
    marks = "#" * title_level
    lines = [f"{marks} {markdown_cell(document.title)}", ""]
    for line in document.subtitle:
        lines += [markdown_line(line), ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [f"{marks}# {markdown_cell(block.text)}", ""]
        elif isinstance(block, Paragraph):
            lines += [markdown_line(block.text), ""]
        elif isinstance(block, Table):
            if block.caption:
                lines += [f"{marks}# {markdown_cell(block.caption)}", ""]
            rows = [list(row) for row in block.rows]
            if block.totals is not None:
                rows.append(list(block.totals))
            lines += markdown_table(list(block.header), rows, block.alignment, bold_last=block.totals is not None)
            lines += [""] + [line for note in block.notes for line in (markdown_line(note), "")]
        elif isinstance(block, Bullets):
            lines += [f"- {markdown_cell(item)}" for item in block.items] + [""]
        else:
            for number, (heading, details) in enumerate(block.items, start=1):
                lines.append(f"{number}. **{markdown_cell(heading)}**")
                lines += [f"   - {markdown_cell(detail)}" for detail in details]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
