"""The Rich pieces every command's terminal view shares, made to fit the terminal's width.

A command offers its view as :class:`Layout` s, richest first, and :func:`print_fitted`
prints the first one whose narrowest rendering fits the console; a layout that is not the
richest says so in one line (``Left out to fit the terminal: Weight``). The pieces measure
honestly what they need (``__rich_measure__``, read by ``console.measure``):

* :class:`Prose` wraps at plain spaces (and after the hyphens of compound names) only. An
  amount (``80 000,00 €``, whose spaces are no-break ones), a percentage (``18,17 %``), a
  number after its word (``Year 1``, ``sept. 2022``, ``of 160,000.00``) and a reference
  (``TI-29-2022-01-A1-qbo``) are never broken.
* :class:`FigureTable`: figure columns never wrap nor shrink; text columns (names, notes)
  keep a floor while they can (:data:`NAME_MIN_WIDTH`), then wrap at words.
* :class:`Stacked`: the rows of a table as one block each (a heading, then label-figure
  pairs as many to a line as fit), for a terminal too narrow for any table.
* :class:`BarChart`: bars on an absolute scale, said in a line, as long as the width allows.

A word of prose wider than the line (a file's path, a name without spaces) is broken: a path
after its ``/``, another word between two letters; never inside a number. When even the
narrowest layout does not fit (a 12-column terminal), nothing is cut: it is printed at the
width it needs (a figure or a reference is never split; the terminal folds the long lines)
and a line says how wide the lines are.

Every label from a budget file goes in as :class:`~rich.text.Text`, never as markup, so
that a name holding ``[bold]`` or ``[/b]`` prints literally.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from .console import UNBOUNDED_WIDTH
from .formatting import Formatter

__all__ = [
    "BAR_WIDTH",
    "NAME_LEAST_WIDTH",
    "NAME_MIN_WIDTH",
    "BarChart",
    "Column",
    "Entry",
    "FigureTable",
    "FirstThatFits",
    "Layout",
    "Prose",
    "Stacked",
    "needed_width",
    "print_fitted",
]

NAME_MIN_WIDTH = 32
"""Partner names shorter than this are not wrapped while the table fits; longer ones wrap at
this width, and narrower, at words, when the terminal asks for it."""
NAME_LEAST_WIDTH = 18
"""Partner names are never wrapped narrower than this in a table (a block layout is used instead)."""
BAR_WIDTH = 40
"""Characters of a full bar, when the width allows."""
MIN_BAR_WIDTH = 10
"""Below this, a bar goes under its label rather than beside it."""
GAP = 3
"""Spaces between two label-figure pairs on a line of a block."""

_BREAK = re.compile(r" +|(?<=[^\W\d_]-)(?=[^\W\d_])")
"""Where prose may break: runs of plain spaces (a no-break space is not one), and after the
hyphen of a compound name (``Pleyben-Châteaulin-Porzay``), never inside a number, a date or a
reference (a word holding a digit, ``TI-29-2022-01-A1-brest``)."""
_OVERFLOW_FLOOR = 16
"""A word wider than the line is broken into pieces no narrower than this (but a piece
between two break points, ``/example/``, is never split further)."""
_FILE = re.compile(r"[/\\]|_|\.[A-Za-z][A-Za-z0-9]{0,4}\b")
"""What makes a long word a file's path or name (a ``/``, a ``_``, an extension such as
``.yaml``), which may be broken between letters though it holds digits, unlike a reference."""
_GLUED = frozenset(":;!?»%).–-")
"""Never at the start of a line: the punctuation French spaces from its word (``clé :``), and
what joins two ends (``2023-01 .. 2023-12``, ``sept. 2022 – août 2023``, ``none -> 2000.00``)."""


# --- prose -----------------------------------------------------------------------------


class Prose:
    """Text that wraps at plain spaces (and after the hyphens of compound names) only, and
    never before a word that starts with a digit or with punctuation (``:``, ``%``...).

    So an amount, a percentage (their spaces are no-break ones in French), a number with
    the word before it (``Year 1``, ``sept. 2022``, ``× 24``) and a French colon (``clé :``)
    stay on one line. Each line of the text (``\\n``) is a paragraph: its first line is
    indented by ``indent``, the next ones by ``indent + hang``. A word wider than the line
    (a path, a name without spaces) is broken: after a ``/`` or ``\\``, else between two
    letters if it holds no digit; an amount, a date or a reference is kept whole (the line is
    then wider).
    """

    def __init__(self, text: Text | str, *, indent: int = 0, hang: int = 0, style: str = "") -> None:
        self.text = Text(text, style=style) if isinstance(text, str) else text
        """What is said."""
        self.indent = indent
        """Spaces before every line."""
        self.hang = hang
        """More spaces before the lines that continue a paragraph."""
        self._paragraphs = list(self._tokens(self.text.plain))

    @staticmethod
    def _tokens(plain: str) -> Iterator[list[tuple[int, int]]]:
        """For each paragraph, its unbreakable pieces as (start, end) offsets in ``plain``."""
        start = 0
        for line in plain.split("\n"):
            end = start + len(line)
            tokens: list[tuple[int, int]] = []
            piece = start
            for run in _BREAK.finditer(plain, start, end):
                if not run.group() and _reference(plain, run.start(), start, end):
                    continue  # a reference or a date (TI-29-2022-A1-brest) is not broken at its hyphens
                if run.start() == start or run.end() == end or plain[run.end()] in _GLUED or plain[run.end()].isdigit():
                    continue  # leading indentation, trailing blanks, a number or a French colon glued to its word
                tokens.append((piece, run.start()))
                piece = run.end()
            if piece < end or not tokens:
                tokens.append((piece, end))
            yield tokens
            start = end + 1

    def _width(self, start: int, end: int) -> int:
        return cell_len(self.text.plain[start:end].rstrip(" "))

    def _overflow(self, start: int, end: int, room: int) -> list[tuple[int, int]]:
        """A piece cut into pieces of at most ``room`` cells where it may be: the farthest
        point before the arrow of a change (``103 800,00 -> 114 180,00``, whose French amounts are
        glued to their words), else after a path's ``/`` (or a file name's ``_``), not in
        ``2022/45``, else between two letters if the piece holds no digit or is a file's name or
        path; a piece with no such point (an amount glued to its word, a reference, a date)
        stays whole."""
        if self._width(start, end) <= room:
            return [(start, end)]
        plain = self.text.plain
        piece = plain[start:end]
        file = _FILE.search(piece) is not None
        marks = "/\\_" if file else "/\\"
        seps = [
            at
            for at in range(start + 1, end)
            if plain[at - 1] in marks and not (plain[at - 2 : at - 1].isdigit() and plain[at].isdigit())
        ]
        numbered = not file and any(char.isdigit() for char in piece)  # an amount, a date, a reference
        letters = [at for at in range(start + 1, end) if plain[at - 1].isalpha() and plain[at].isalpha()]
        letters = [] if numbered else letters
        arrows = [at for at in range(start + 1, end) if plain.startswith(" ->", at - 1)]  # a change: old -> new
        pieces: list[tuple[int, int]] = []
        while self._width(start, end) > room:
            fits = next(
                (at for points in (arrows, seps, letters) if (at := _farthest(points, start, room, self._width))),
                None,
            )
            if fits is None:  # nothing fits: cut at the first point there is, if any
                beyond = [at for at in (_next(arrows, start), _next(seps, start), _next(letters, start)) if at]
                if not beyond:
                    break
                fits = min(beyond)
            pieces.append((start, fits))
            start = fits
        pieces.append((start, end))
        return pieces

    def _narrowest(self, start: int, end: int) -> int:
        """The narrowest a piece can be cut to (:meth:`_overflow`), :data:`_OVERFLOW_FLOOR`
        at least."""
        whole = self._width(start, end)
        if whole <= _OVERFLOW_FLOOR:
            return whole
        return max(_OVERFLOW_FLOOR, *(self._width(a, b) for a, b in self._overflow(start, end, _OVERFLOW_FLOOR)))

    def measure(self) -> tuple[int, int]:
        """(narrowest, widest) it can be drawn: its widest piece (a long word cut where it may
        be), its longest paragraph."""
        narrowest = widest = 0
        for tokens in self._paragraphs:
            for number, (start, end) in enumerate(tokens):
                narrowest = max(narrowest, self.indent + (self.hang if number else 0) + self._narrowest(start, end))
            widest = max(widest, self.indent + self._width(tokens[0][0], tokens[-1][1]))
        return narrowest, max(narrowest, widest)

    def lines(self, width: int) -> list[Text]:
        """The text broken into lines of at most ``width`` cells (wider only for a wider piece)."""
        out: list[Text] = []
        least = max(1, width - self.indent - self.hang)
        for whole in self._paragraphs:
            tokens = [piece for start, end in whole for piece in self._overflow(start, end, least)]
            first, (start, end) = True, tokens[0]
            for piece_start, piece_end in tokens[1:]:
                room = width - self.indent - (0 if first else self.hang)
                if self._width(start, piece_end) <= room:
                    end = piece_end
                    continue
                out.append(self._line(start, end, first))
                first, start, end = False, piece_start, piece_end
            out.append(self._line(start, end, first))
        return out

    def _line(self, start: int, end: int, first: bool) -> Text:
        line = Text(" " * (self.indent + (0 if first else self.hang)))
        line.append_text(self.text[start:end])
        blanks = len(line.plain) - len(line.plain.rstrip(" "))  # plain spaces only: a no-break one is text
        if blanks:
            line.right_crop(blanks)
        return line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        narrowest, widest = self.measure()
        return Measurement(narrowest, widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.lines(width):
            room = width - line.cell_len
            if room > 0 and options.justify == "right":
                yield Segment(" " * room)
            elif room > 0 and options.justify == "center":
                yield Segment(" " * (room // 2))
            yield from line.render(console)
            yield Segment.line()


def _farthest(points: list[int], start: int, room: int, width: Callable[[int, int], int]) -> int | None:
    """The farthest of the sorted ``points`` after ``start`` whose piece from ``start`` fits ``room``."""
    low, high = bisect_right(points, start), bisect_right(points, start + room)  # a cell is a character at least
    while low < high:  # the pieces grow with the point: the last that fits, by bisection
        middle = (low + high) // 2
        if width(start, points[middle]) <= room:
            low = middle + 1
        else:
            high = middle
    return points[low - 1] if low > bisect_right(points, start) else None


def _next(points: list[int], start: int) -> int | None:
    """The first of the sorted ``points`` after ``start``."""
    at = bisect_right(points, start)
    return points[at] if at < len(points) else None


def _reference(plain: str, at: int, start: int, end: int) -> bool:
    """Whether the word around ``at`` (between spaces, within ``start:end``) holds a digit."""
    left = plain.rfind(" ", start, at) + 1 or start
    right = plain.find(" ", at, end)
    return any(char.isdigit() for char in plain[max(left, start) : end if right < 0 else right])


# --- tables ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a :class:`FigureTable`."""

    heading: str
    """Its heading (``\\n`` breaks it; it wraps at words if the column is narrower)."""
    figure: bool = True
    """Figures never wrap nor shrink; text (names, notes) wraps at words."""
    floor: int = 0
    """Text: the width it keeps while the table fits (:data:`NAME_MIN_WIDTH` for names)."""
    least: int = 0
    """Text: the width it never goes below, its widest word aside (:data:`NAME_LEAST_WIDTH` for
    names): narrower, a name in slivers reads worse than a block layout."""
    justify: Literal["left", "right"] | None = None
    """Right for figures, left for text, unless said."""
    style: str | None = None
    """The style of its cells (``dim`` for notes)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One block of a :class:`Stacked` view: a row of a table."""

    heading: Text
    """What the row is about (a partner's name): it wraps at words."""
    groups: Sequence[Sequence[tuple[str, Text]]]
    """Label-figure pairs; each group starts a new line (a scenario, a period)."""
    notes: Sequence[Text] = ()
    """Text under the pairs (a partner's note, the basis of a subsidy)."""
    style: str | None = None
    """The style of the whole block (``dim``, ``bold`` for totals)."""


_TABLE_SPACING = 3
"""Cells a SIMPLE_HEAD table adds per column (a space either side, a divider or an edge) beyond
its content; its right edge is one more, always blank, which may fall off the width."""


class FigureTable:
    """A table whose figure columns never wrap nor shrink and whose text columns wrap at words.

    Rich's own shrinking ignores a column's minimum and may cut a figure (``40,000.0``); here
    the widths are worked out before Rich sees the table: every column starts at its widest,
    then text columns (and headings wider than their figures) give room, the widest first,
    down to their floor, then down to their widest word.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Text]],
        *,
        title: str | None = None,
        totals: Sequence[Text] | None = None,
        row_styles: Sequence[str | None] | None = None,
        sections: Collection[int] = (),
        caption: Text | None = None,
    ) -> None:
        self.columns = list(columns)
        """The columns, the first naming the row."""
        self.rows = [list(row) for row in rows]
        """The cells, one list per row."""
        self.title = title
        """Printed above, in bold."""
        self.totals = None if totals is None else list(totals)
        """The footer (bold), after a blank line."""
        self.row_styles = list(row_styles) if row_styles is not None else [None] * len(self.rows)
        """A style per row (``dim`` for a partner that pays nothing)."""
        self.sections = frozenset(sections)
        """Rows after which a blank line separates the next ones."""
        self.caption = caption
        """Printed under the table (dates of the years...)."""
        self._ranges = [self._range(index) for index in range(len(self.columns))]

    def _cells(self, index: int) -> list[Text]:
        cells = [row[index] for row in self.rows]
        return cells + ([self.totals[index]] if self.totals is not None else [])

    def _range(self, index: int) -> tuple[int, int, int]:
        """(narrowest, floor, widest) of a column's content."""
        column = self.columns[index]
        heading_min, heading_max = Prose(column.heading).measure()
        if column.figure:
            figures = max((_line_width(cell) for cell in self._cells(index)), default=0)
            narrowest = max(figures, heading_min)
            return narrowest, narrowest, max(figures, heading_max)
        measures = [Prose(cell).measure() for cell in self._cells(index)]
        widest = max([heading_max, *(m[1] for m in measures)])
        narrowest = max([heading_min, min(column.least, widest), *(m[0] for m in measures)])
        return narrowest, max(narrowest, min(column.floor, widest)), widest

    def _spacing(self) -> int:
        return _TABLE_SPACING * len(self.columns)

    def widths(self, width: int) -> list[int]:
        """Each column's content width in a table at most ``width`` wide (its narrowest if it cannot be)."""
        widths = [widest for _, _, widest in self._ranges]
        excess = sum(widths) + self._spacing() - width
        for level in (1, 0):  # down to the floors first, then down to the widest words
            while excess > 0:
                bound = [self._ranges[i][level] for i in range(len(widths))]
                shrinkable = [i for i, w in enumerate(widths) if w > bound[i]]
                if not shrinkable:
                    break
                widest = max(shrinkable, key=lambda i: widths[i])
                widths[widest] -= 1
                excess -= 1
        return widths

    def _parts(self) -> list[Prose]:
        title = [Prose(Text(self.title, style="bold"))] if self.title else []
        return title + ([Prose(self.caption)] if self.caption is not None else [])

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        narrowest = sum(r[0] for r in self._ranges) + self._spacing()
        widest = sum(r[2] for r in self._ranges) + self._spacing()
        for part in self._parts():
            low, high = part.measure()
            narrowest, widest = max(narrowest, low), max(widest, high)
        return Measurement(narrowest, widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title:
            yield Prose(Text(self.title, style="bold"))
        table = Table(box=box.SIMPLE_HEAD, show_footer=self.totals is not None)
        for index, (column, width) in enumerate(zip(self.columns, self.widths(options.max_width), strict=True)):
            justify = column.justify or ("right" if column.figure else "left")
            footer: RenderableType = ""
            if self.totals is not None:
                total = self.totals[index].copy()
                total.stylize("bold")
                footer = total if column.figure else Prose(total)
            heading = Prose(column.heading)
            table.add_column(
                heading, footer=footer, justify=justify, width=width, no_wrap=column.figure, style=column.style
            )
        for number, (row, style) in enumerate(zip(self.rows, self.row_styles, strict=True)):
            cells = [cell if column.figure else Prose(cell) for cell, column in zip(row, self.columns, strict=True)]
            table.add_row(*cells, style=style, end_section=number in self.sections)
        # Drawn one cell wider, its blank right edge cut: as wide as the width allows, no wider.
        for line in console.render_lines(table, options.update_width(options.max_width + 1), pad=False):
            yield from Segment.adjust_line_length(line, options.max_width, pad=False)
            yield Segment.line()
        if self.caption is not None:
            yield Prose(self.caption)

    def without(self, dropped: Collection[int]) -> FigureTable:
        """The same table without the columns at ``dropped`` positions."""
        keep = [i for i in range(len(self.columns)) if i not in dropped]
        return FigureTable(
            [self.columns[i] for i in keep],
            [[row[i] for i in keep] for row in self.rows],
            title=self.title,
            totals=None if self.totals is None else [self.totals[i] for i in keep],
            row_styles=self.row_styles,
            sections=self.sections,
            caption=self.caption,
        )

    def stacked(self, groups: Sequence[Sequence[int]] | None = None) -> Stacked:
        """The same rows as blocks: the first cell as heading, figures as label-figure pairs (in
        ``groups`` of column positions, each starting a line), other text under them."""
        figures = [i for i, column in enumerate(self.columns) if column.figure and i]
        texts = [i for i, column in enumerate(self.columns) if not column.figure and i]
        lines = groups if groups is not None else [figures]
        labels = [" ".join(column.heading.split()) for column in self.columns]

        def entry(row: Sequence[Text], style: str | None) -> Entry:
            pairs = [[(labels[i], row[i]) for i in group if row[i].plain] for group in lines]
            notes = [row[i] for i in texts if row[i].plain]
            return Entry(row[0], [group for group in pairs if group], notes, style)

        entries = [entry(row, style) for row, style in zip(self.rows, self.row_styles, strict=True)]
        total = [entry(self.totals, "bold")] if self.totals is not None else []
        return Stacked(entries, total=total, title=self.title, caption=self.caption)


def _line_width(text: Text) -> int:
    """The widest line of ``text``, in cells."""
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


# --- stacked blocks --------------------------------------------------------------------


class Stacked:
    """Rows as blocks, one under the other: a heading (indented 2), then label-figure pairs
    (indented 4), as many to a line as fit, aligned from one block to the next.

    Narrower than a pair, a label wraps beside its figure; narrower still, the figure goes on
    the line under its label. So the blocks fit down to the widest figure and a few spaces.
    """

    HEADING_INDENT = 2
    PAIR_INDENT = 4

    def __init__(
        self,
        entries: Sequence[Entry],
        *,
        total: Sequence[Entry] = (),
        title: str | None = None,
        caption: Text | None = None,
    ) -> None:
        self.entries = list(entries)
        """A block per row."""
        self.total = list(total)
        """Blocks after a blank line (the totals)."""
        self.title = title
        """Printed above, in bold."""
        self.caption = caption
        """Printed under the blocks."""
        pairs = [pair for entry in self._all() for group in entry.groups for pair in group]
        self._label = max((cell_len(label) for label, _ in pairs), default=0)
        self._figure = max((_line_width(figure) for _, figure in pairs), default=0)
        self._label_word = max((Prose(label).measure()[0] for label, _ in pairs), default=0)
        self._most = max((len(group) for entry in self._all() for group in entry.groups), default=0)

    def _all(self) -> list[Entry]:
        return self.entries + self.total

    def _prose(self) -> Iterator[Prose]:
        if self.title:
            yield Prose(self.title)
        if self.caption is not None:
            yield Prose(self.caption)
        for entry in self._all():
            yield Prose(entry.heading, indent=self.HEADING_INDENT)
            for note in entry.notes:
                yield Prose(note, indent=self.PAIR_INDENT)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        narrowest = self.PAIR_INDENT + max(self._label_word, 2 + self._figure)
        pair = self._label + 1 + self._figure
        widest = self.PAIR_INDENT + self._most * pair + max(0, self._most - 1) * GAP
        for prose in self._prose():
            low, high = prose.measure()
            narrowest, widest = max(narrowest, low), max(widest, high)
        return Measurement(narrowest, max(narrowest, widest))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if self.title:
            yield Prose(Text(self.title, style="bold"))
            yield Text("")
        for number, entry in enumerate(self._all()):
            if number == len(self.entries) and self.entries:
                yield Text("")
            yield from self._entry(entry, width)
        yield Text("")  # as a table's bottom edge
        if self.caption is not None:
            yield Prose(self.caption)

    def _entry(self, entry: Entry, width: int) -> Iterator[RenderableType]:
        style = entry.style or ""
        heading = entry.heading.copy()
        heading.stylize(style or "bold")
        yield Prose(heading, indent=self.HEADING_INDENT)
        for line in self._pair_lines(entry, width):
            line.stylize(style)
            yield line
        for note in entry.notes:
            text = note.copy()
            text.stylize(style or "dim")
            yield Prose(text, indent=self.PAIR_INDENT)

    def _pair_lines(self, entry: Entry, width: int) -> Iterator[Text]:
        room = width - self.PAIR_INDENT
        pair = self._label + 1 + self._figure
        per_line = max(0, (room + GAP) // (pair + GAP))
        indent = " " * self.PAIR_INDENT
        for group in entry.groups:
            if per_line:
                for start in range(0, len(group), per_line):
                    line = Text(indent)
                    for number, (label, figure) in enumerate(group[start : start + per_line]):
                        if number:
                            line.append(" " * GAP)
                        line.append(label + " " * (self._label - cell_len(label) + 1))
                        line.append(" " * (self._figure - _line_width(figure)))
                        line.append_text(figure)
                    yield line
                continue
            beside = room - 1 - self._figure  # the label wraps in what the figure leaves
            for label, figure in group:
                wrapped = Prose(label).lines(beside if beside >= self._label_word else room)
                if beside >= self._label_word:
                    first = wrapped[0]
                    first.pad_right(beside - first.cell_len + 1 + self._figure - _line_width(figure))
                    first.append_text(figure)
                    yield Text(indent).append_text(first)
                    yield from (Text(indent).append_text(more) for more in wrapped[1:])
                else:
                    yield from (Text(indent).append_text(part) for part in wrapped)
                    yield Text(indent + "  ").append_text(figure)


# --- bar charts ------------------------------------------------------------------------


class BarChart:
    """A bar per value, on an absolute scale: a full bar is ``scale`` (or the largest value
    if larger), and a line above the bars says what a full bar is worth and how long it is.

    So a value tiny beside the scale (a treasury of 0.01 beside a budget of 100,000.00) is a
    sliver, never a full bar. A bar is :data:`BAR_WIDTH` characters at most, shorter when the
    width asks for it; below :data:`MIN_BAR_WIDTH`, each bar goes under its label. A negative
    value is red, a missing one a dash.
    """

    def __init__(
        self,
        labels: Sequence[str],
        values: Sequence[Decimal | None],
        fmt: Formatter,
        *,
        scale: Decimal | None = None,
        right: bool = False,
    ) -> None:
        self.labels = list(labels)
        """What each bar is (padded to the ``right`` or the left)."""
        self.values = list(values)
        """The values (None for none)."""
        self.fmt = fmt
        """How amounts are written."""
        self.right = right
        """Labels aligned to the right (numbers)."""
        largest = max((abs(v) for v in self.values if v is not None), default=Decimal(0))
        self.full = max(largest, scale or Decimal(0))
        """What a full bar is worth."""
        self._amounts = [("—" if value is None else fmt.signed(value)) for value in self.values]
        self._label = max((cell_len(label) for label in self.labels), default=0)
        self._amount = max((cell_len(amount) for amount in self._amounts), default=0)

    def _bar(self, width: int) -> tuple[int, bool]:
        """How long a full bar is at ``width``, and whether bars go under their labels."""
        beside = min(BAR_WIDTH, width - self._label - self._amount - 2)
        if beside >= MIN_BAR_WIDTH:
            return beside, False
        return max(1, min(BAR_WIDTH, width - self._amount - 1)), True

    def _scale(self, length: int) -> Prose:
        said = self.fmt.word("terminal.scale", length=length, amount=self.fmt.amount(self.full))
        return Prose(Text(said, style="dim"))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        words = max((Prose(label).measure()[0] for label in self.labels), default=0)
        narrowest = max(words, self._amount + 2, self._scale(BAR_WIDTH).measure()[0])
        widest = max(self._label + self._amount + 2 + BAR_WIDTH, self._scale(BAR_WIDTH).measure()[1])
        return Measurement(narrowest, max(narrowest, widest))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        full, under = self._bar(options.max_width)
        yield self._scale(full)
        for label, value, amount in zip(self.labels, self.values, self._amounts, strict=True):
            padded = label.rjust(self._label) if self.right else label.ljust(self._label)
            line = Text() if under else Text(padded + " ")
            if under:
                yield Prose(label)
            if value is None:
                line.append("—", style="dim")
            else:
                length = 0 if self.full == 0 else int(abs(value) * full / self.full)
                line.append("█" * length or "▏", style="red" if value < 0 else "cyan")
                line.append(" " + amount)
            yield line


class FirstThatFits:
    """``first`` if the width allows it, else ``second`` (a table, else its blocks): each part
    of a view narrows on its own, the others keep their richest form."""

    def __init__(self, first: RenderableType, second: RenderableType) -> None:
        self.first, self.second = first, second

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        first = Measurement.get(console, options, self.first)
        second = Measurement.get(console, options, self.second)
        return Measurement(min(first.minimum, second.minimum), max(first.maximum, second.maximum))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        first = Measurement.get(console, options.update_width(UNBOUNDED_WIDTH), self.first)
        yield self.first if first.minimum <= options.max_width else self.second


# --- choosing a layout -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Layout:
    """One way to draw a command's view."""

    renderable: RenderableType
    """What is drawn."""
    note: str | None = None
    """The line that says what this layout leaves out or changes (None for the richest)."""


class _AtWidth:
    """A renderable drawn at a given width, whatever the console's (nothing is cut)."""

    def __init__(self, renderable: RenderableType, width: int) -> None:
        self.renderable, self.width = renderable, width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from console.render(self.renderable, options.update_width(self.width))


def needed_width(console: Console, renderable: RenderableType) -> int:
    """The narrowest ``renderable`` can be drawn without cutting a figure or a word."""
    return console.measure(renderable, options=console.options.update_width(UNBOUNDED_WIDTH)).minimum


def print_fitted(console: Console, fmt: Formatter, layouts: Iterable[Layout]) -> None:
    """Print the first of ``layouts`` (richest first, made lazily) that fits the console's
    width, then its note, in one line.

    If none fits, the last (narrowest) is printed at the width it needs, so that no figure
    is cut: its lines are wider than the console (a terminal folds them), and a line says so.
    """
    last: tuple[Layout, int] | None = None
    for layout in layouts:
        needed = needed_width(console, layout.renderable)
        if needed <= console.width:
            console.print(layout.renderable)
            if layout.note:
                console.print(Prose(Text(layout.note, style="dim italic")))
            return
        last = layout, needed
    if last is None:
        return
    layout, needed = last
    console.print(_AtWidth(layout.renderable, needed), crop=False)
    console.print(Prose(Text(fmt.word("terminal.overflow", needed=needed), style="dim italic")))
