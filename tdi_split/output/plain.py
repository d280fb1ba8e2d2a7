"""The plain-text writers every command shares: CSV, Markdown tables and readable JSON (no Rich)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Literal

__all__ = ["CsvCell", "CsvDialect", "csv_text", "indented_json", "markdown_cell", "markdown_table", "readable_json"]

CsvDialect = Literal["rfc", "fr"]
CsvCell = str | int | Decimal


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


def csv_text(rows: Iterable[Sequence[CsvCell]], dialect: CsvDialect = "rfc") -> str:
    """CSV text: RFC 4180 with dot decimals, or ``fr`` (``;`` and decimal commas) for French spreadsheets.

    Decimal cells are written with the digits they hold (``1234.50``, ``0.1234567``).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dialect == "fr" else ",", lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                (format(cell, "f").replace(".", ",") if dialect == "fr" else format(cell, "f"))
                if isinstance(cell, Decimal)
                else cell
                for cell in row
            ]
        )
    return buffer.getvalue()


def markdown_cell(text: str) -> str:
    """Text safe inside a Markdown table cell or heading."""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
    return escaped.replace("\n", " ")


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
