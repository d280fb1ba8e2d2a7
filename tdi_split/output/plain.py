"""The plain-text writers every command shares: CSV, Markdown tables and readable JSON (no Rich)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Final, Literal

from ..core.problems import visible
from .formatting import Locale

__all__ = [
    "CsvCell",
    "CsvDialect",
    "csv_header",
    "csv_label",
    "csv_lines",
    "csv_text",
    "indented_json",
    "markdown_cell",
    "markdown_line",
    "markdown_table",
    "readable_json",
]

CsvDialect = Literal["rfc", "fr"]
CsvCell = str | int | Decimal | bool

BOM: Final = "\ufeff"
"""Starts a French CSV: without it, Excel reads UTF-8 accents as Windows-1252 ("MÃ©tropole")."""

_NUMBERED: Final = re.compile(r"(year|subsidy)_(.+)")
"""A numbered or named column, ``year_2`` or ``subsidy_etat``: its word, then what follows."""


def readable_json(data: dict[str, Any]) -> str:
    """``data`` as JSON: one top-level key per line; a list of objects one object per line."""
    lines = []
    for key, value in data.items():
        name = json.dumps(key, ensure_ascii=False)
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            items = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"  {name}: [\n{items}\n  ]")
        else:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def indented_json(data: dict[str, Any]) -> str:
    """``data`` as indented JSON with a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP, "CSV injection")."""


def csv_label(text: str) -> str:
    """A text cell that no spreadsheet runs: one starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return gets a leading apostrophe, as a spreadsheet user types to keep text as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_header(name: str, locale: Locale) -> str:
    """A CSV column's name: as in the code (``year_1``) in English, said in French (``année 1``)."""
    from .words import WORDS

    numbered = _NUMBERED.fullmatch(name)
    if numbered:
        return WORDS[f"csv.{numbered[1]}_n"][locale].format(n=numbered[2])
    said = WORDS.get(f"csv.{name}")
    return name if said is None else said[locale]


def _csv_cell(cell: CsvCell, dialect: CsvDialect, locale: Locale) -> str | int:
    if isinstance(cell, bool):  # before int: a bool is one
        return ("oui" if cell else "non") if locale == "fr" else ("true" if cell else "false")
    if isinstance(cell, Decimal):  # a number is written as the digits it holds, sign included
        text = format(cell, "f")
        return text.replace(".", ",") if dialect == "fr" else text
    return csv_label(cell) if isinstance(cell, str) else cell


def csv_text(rows: Iterable[Sequence[CsvCell]], dialect: CsvDialect = "rfc", locale: Locale = "en") -> str:
    """CSV text: RFC 4180 with dot decimals, or ``fr`` (a byte order mark, ``;`` and decimal
    commas) for French spreadsheets; the first row is the header, said in ``locale``.

    Decimal cells are written with the digits they hold (``1234.50``, ``-40000.00``); booleans as
    ``true``/``false`` (``oui``/``non`` in French); text cells through :func:`csv_label`, so that
    a label never becomes a formula.
    """
    return "".join(csv_lines(rows, dialect, locale))


def csv_lines(rows: Iterable[Sequence[CsvCell]], dialect: CsvDialect = "rfc", locale: Locale = "en") -> Iterator[str]:
    """:func:`csv_text` line by line, as the rows come."""
    import csv  # only the CSV format needs it

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dialect == "fr" else ",", lineterminator="\r\n")
    if dialect == "fr":
        buffer.write(BOM)
    for number, row in enumerate(rows):
        if number == 0:
            writer.writerow([csv_label(csv_header(str(name), locale)) for name in row])
        else:
            writer.writerow([_csv_cell(cell, dialect, locale) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


_MARKDOWN: Final = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "~": "\\~",  # ~~struck through~~ in GitHub's Markdown
        "$": "\\$",  # $math$ in GitHub's Markdown
        "<": "&lt;",  # no tag can open without it: <script>, <img onerror=...> print as text
        "&": "&amp;",
        "\n": " ",
        "\r": " ",
    }
)


_BLOCK_START: Final = re.compile(r"^(\s*)([#>+=~-]|[0-9]+[.)])")
"""What makes a line a heading, a quote, a list item, a rule or an underline in Markdown."""


def markdown_cell(text: str) -> str:
    """Text safe inside Markdown: in a table cell, a heading, a list item. Markdown's own marks
    are escaped, and so is HTML (``<script>``, ``<img onerror=...>`` print as text in any
    CommonMark viewer); control characters are made visible."""
    return visible(text.translate(_MARKDOWN))


def markdown_line(text: str) -> str:
    """:func:`markdown_cell` for text that starts a line of its own: a start that would make it a
    heading, a quote, a list or a rule (``# ...``, ``> ...``, ``1. ...``, ``---``) is escaped too."""
    cell = markdown_cell(text)
    return _BLOCK_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], cell)


def markdown_table(
    header: list[str], rows: list[list[str]], align: str | None = None, *, bold_last: bool = False
) -> list[str]:
    """A GitHub Markdown table; ``align`` has ``l`` or ``r`` per column (default: the first left,
    the others right); ``bold_last`` sets the last row (totals) in bold. Every cell is escaped."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(markdown_cell(h) for h in header) + " |", "| " + " | ".join(rule) + " |"]
    for number, row in enumerate(rows, start=1):
        bold = bold_last and number == len(rows)
        out.append("| " + " | ".join(f"**{markdown_cell(c)}**" if bold and c else markdown_cell(c) for c in row) + " |")
    return out
