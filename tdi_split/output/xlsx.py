"""Workbooks for the finance department: .xlsx files (openpyxl, an optional dependency).

A workbook holds real numbers with a currency format, totals as formulas, set column
widths, and a footer line naming the source file(s) and their SHA-256, so that a figure
handed on can be traced back to the budget it came from.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Final

from ..core.problems import visible
from .errors import OutputError

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..files.paths import SourceFile

__all__ = [
    "Cell",
    "Formula",
    "Sheet",
    "append_row",
    "fill_sheet",
    "finish",
    "money_format",
    "openpyxl_module",
    "print_setup",
    "save",
    "sheet_title",
    "workbook",
]

Cell = str | int | Decimal | None

SHEET_NAME_MAX: Final = 31
"""The longest sheet name Excel opens."""
PORTRAIT_COLUMNS: Final = 6
"""Up to this many columns a sheet prints in portrait; wider, in landscape."""
DEFAULT_WIDTH: Final = 8.43
"""A column's width when none is set (characters)."""
LINE_POINTS: Final = 13
"""The height of a line of 10-11 pt text, in points."""
HEADER_MAX: Final = 80
"""Longest text put in a page header or footer (Excel refuses more than 255 in all)."""


class Formula(str):
    """A cell that is a formula of ours (``=SUM(D2:D11)``). Every other text is written as text,
    whatever it starts with: a partner named ``=HYPERLINK(...)`` is a label, never a formula."""

    __slots__ = ()


def append_row(ws: Worksheet, row: Sequence[Any]) -> None:
    """Append ``row`` to ``ws``: numbers as numbers, :class:`Formula` cells as formulas, and
    every other text as a text cell (openpyxl would take any text starting with = as a formula)."""
    ws.append(list(row))
    # `max_row` and `ws[n]` scan every cell (quadratic over a sheet); append keeps the row it wrote.
    current: int = ws._current_row  # type: ignore[attr-defined]
    for column, value in enumerate(row, start=1):
        if isinstance(value, str) and not isinstance(value, Formula):
            ws.cell(row=current, column=column).data_type = "s"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a header, rows of text and numbers, and which columns are money."""

    title: str
    """The sheet's name (at most 31 characters in a workbook)."""
    header: list[str]
    """Column headings."""
    rows: list[list[Cell]]
    """The rows; Decimal cells become numbers."""
    money: set[int]
    """Indexes of the columns formatted as money."""
    totals: set[int]
    """Indexes of the columns that get a SUM formula in a totals row ({} for none)."""
    total_label: str = "Total"
    """What the totals row says in its first column."""
    heading: str = ""
    """The page header when printed (default: the title)."""
    notes: tuple[str, ...] = ()
    """Lines below the table, before the sources."""


def openpyxl_module() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise OutputError("writing .xlsx needs the optional openpyxl library: pip install 'tdi-split[xlsx]'") from None
    return openpyxl


def money_format(currency: str) -> str:
    sign = "€" if currency == "EUR" else currency
    return f'#,##0.00\\ "{sign}"'


def fill_sheet(ws: Worksheet, sheet: Sheet, currency: str) -> int:
    """Write ``sheet`` into ``ws``; return the last row used."""
    openpyxl = openpyxl_module()
    bold = openpyxl.styles.Font(bold=True)
    append_row(ws, sheet.header)
    for cell in ws[1]:
        cell.font = bold
    for row in sheet.rows:
        append_row(ws, row)  # Decimal cells are written as the exact numbers they hold
    last = ws.max_row
    if sheet.totals:
        letters = openpyxl.utils.get_column_letter
        totals: list[Any] = [sheet.total_label] + [None] * (len(sheet.header) - 1)
        for column in sheet.totals:
            letter = letters(column + 1)
            totals[column] = Formula(f"=SUM({letter}2:{letter}{last})")
        append_row(ws, totals)
        for cell in ws[ws.max_row]:
            cell.font = bold
    for column in sheet.money:
        for (cell,) in ws.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = money_format(currency)
    for index, name in enumerate(sheet.header):
        values = [name, *(row[index] for row in sheet.rows)]
        if index in sheet.totals:  # the total is the widest figure: a column too narrow prints ###
            values.append(sum((v for v in values if isinstance(v, Decimal)), Decimal(0)))
        width = max(_shown_width(v, index in sheet.money) for v in values)
        ws.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = min(max(width + 2, 8), 60)
    return int(ws.max_row)


_SHEET_FORBIDDEN: Final = re.compile(r"[\\/?*:\[\]]")
"""What a sheet name may not hold (Excel and LibreOffice refuse it)."""


def sheet_title(title: str, taken: Collection[str] = ()) -> str:
    """A sheet name a workbook accepts and a reader understands: at most 31 characters, cut
    between words (never inside one), without ``[]:*?/\\``, and not one of ``taken`` (then
    numbered: ``Partenaires (2)``)."""
    printable = "".join(c if c.isprintable() else " " for c in title)
    clean = " ".join(_SHEET_FORBIDDEN.sub(" ", printable).split()).strip("'") or "Sheet"
    number = 1
    while True:
        suffix = f" ({number})" if number > 1 else ""
        room = SHEET_NAME_MAX - len(suffix)
        name = (clean if len(clean) <= room else _cut(clean, room)) or clean[:room]
        name += suffix
        if name.casefold() not in {t.casefold() for t in taken}:
            return name
        number += 1


def _cut(text: str, room: int) -> str:
    """``text`` cut to at most ``room`` characters at the last space (a word longer than
    ``room`` alone is cut where it must)."""
    head = text[: room + 1]
    space = head.rfind(" ")
    return (head[:space] if 0 < space <= room else text[:room]).rstrip(" ,;-–—(")


def print_setup(ws: Worksheet, columns: int, title: str, sources: Sequence[SourceFile]) -> None:
    """A sheet that prints on A4: landscape when wide, one page wide, the header row repeated
    on every page, the title in the page header, the source file's name (never its path), the
    start of its SHA-256 and the page number in the page footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if columns > PORTRAIT_COLUMNS else "portrait"
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
    page_header, page_footer = ws.oddHeader, ws.oddFooter  # openpyxl makes both with the sheet
    if page_header is not None:
        page_header.center.text = _header_text(title)
    if page_footer is not None:
        names = [PurePath(source.name).name for source in sources]
        listed = ", ".join(names)
        if len(names) > 1 and len(listed) > HEADER_MAX:  # Excel refuses a footer of more than 255
            listed = f"{names[0]} (+{len(names) - 1})"
        page_footer.left.text = _header_text(listed)
        if sources:  # the start of each SHA-256: enough to tell a printed page's source apart
            page_footer.center.text = _header_text("SHA-256 " + ", ".join(f"{s.sha256[:12]}…" for s in sources))
        page_footer.right.text = "&P / &N"


def _header_text(text: str) -> str:
    """``text`` for a page header or footer, at most :data:`HEADER_MAX` characters (cut between
    words) before ``&`` (which starts a code there: ``&P`` is the page number) is doubled, so no
    pair is split."""
    shown = visible(text)
    return (shown if len(shown) <= HEADER_MAX else _cut(shown, HEADER_MAX)).replace("&", "&&")


def _shown_width(value: Cell, money: bool) -> int:
    """How many characters ``value`` takes once formatted: an amount with its separators, its
    sign and, in a money column, the currency sign after a space."""
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}") + (2 if money else 0)
    return len(str(value or ""))


def wrapped_lines(text: str, room: int) -> int:
    """The lines ``text`` takes in a cell ``room`` characters wide, as a spreadsheet wraps it: a
    word that does not fit goes whole to the next line, a word wider than the cell is cut; a
    tenth of the room is kept spare (letters are not all as narrow as the digits a column's
    width counts)."""
    usable = max(room - room // 10, 1)
    lines = 0
    for paragraph in text.split("\n"):
        words = textwrap.wrap(paragraph, usable, break_long_words=False, break_on_hyphens=False) or [""]
        lines += sum(-(-len(word) // usable) for word in words)
    return max(lines, 1)


def finish(
    ws: Worksheet,
    row: int,
    title: str,
    columns: int,
    sources: Sequence[SourceFile],
    *,
    label: str = "Source:",
    notes: Sequence[str] = (),
) -> None:
    """What every sheet ends with: a text longer than its column wraps (a name is never hidden
    by the next cell), so do the headings; below ``row``, its ``notes`` (a settlement's status),
    then a line per source file (``label``, its name, not where it lies, and its SHA-256), each
    across the table's width, wrapping, so that it never makes the printed table smaller; the
    print area is the table's columns; and its :func:`print_setup` (``title`` in the page
    header)."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    widths = [ws.column_dimensions[get_column_letter(c)].width or DEFAULT_WIDTH for c in range(1, columns + 1)]
    for number, cells in enumerate(ws.iter_rows(min_row=1, max_row=row, max_col=columns), start=1):
        lines = 1
        for place, cell in enumerate(cells):
            room = max(int(widths[place]) - 1, 1)
            text = cell.value if isinstance(cell.value, str) and cell.data_type == "s" else None
            if text is None or (number > 1 and len(text) <= room):
                continue
            cell.alignment = Alignment(wrap_text=True, vertical="bottom" if number == 1 else "top")
            lines = max(lines, wrapped_lines(text, room))
        if lines > 1:  # LibreOffice does not fit a row's height to its wrapped text: set here
            ws.row_dimensions[number].height = LINE_POINTS * lines
    across = max(sum(widths), 1)
    below = [visible(note) for note in notes]
    below += [f"{label} {visible(PurePath(source.name).name)} (SHA-256 {source.sha256})" for source in sources]
    for offset, text in enumerate(below):
        line = row + 2 + offset
        cell = ws.cell(row=line, column=1, value=text)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if columns > 1:
            ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=columns)
        ws.row_dimensions[line].height = LINE_POINTS * wrapped_lines(text, max(int(across) - 1, 1))
    last = row + 1 + len(below)
    ws.print_area = f"A1:{get_column_letter(max(columns, 1))}{max(last, row)}"
    print_setup(ws, columns, title, sources)


def workbook(sheets: Sequence[Sheet], currency: str, sources: Sequence[SourceFile], label: str = "Source:") -> bytes:
    """A workbook of ``sheets``, each with the sources' footer (``label``: "Source:" in the locale)."""
    openpyxl = openpyxl_module()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet_title(sheet.title, book.sheetnames))
        last = fill_sheet(ws, sheet, currency)
        finish(ws, last, sheet.heading or sheet.title, len(sheet.header), sources, label=label, notes=sheet.notes)
    return save(book)


def save(book: Any) -> bytes:
    """The bytes of an openpyxl workbook."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
