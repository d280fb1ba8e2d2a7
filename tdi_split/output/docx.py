"""A result as a word-processor document (``.docx``, python-docx): the tables of a
convention's annex or a council report, in the chosen locale, ready to paste or attach.

A4 pages (landscape when a table is wide), the document's language set so that spelling and
hyphenation follow it, header rows repeated on every page, figures right-aligned and kept on
one line, and the source files' names and SHA-256 in the page footer with the page number.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from ..core.problems import visible
from .document import Bullets, Document, Heading, Paragraph, Steps, Table
from .errors import OutputError
from .formatting import Formatter

if TYPE_CHECKING:
    from ..files.paths import SourceFile

__all__ = ["LANDSCAPE_COLUMNS", "docx_document"]

LANDSCAPE_COLUMNS = 7
"""A document with a table of more columns than this is laid out in landscape."""

_LANGUAGES = {"en": "en-GB", "fr": "fr-FR"}


def _module() -> Any:
    try:
        import docx
    except ImportError:
        raise OutputError(
            "writing .docx needs the optional python-docx library: pip install 'tdi-split[docx]'"
        ) from None
    return docx


def _set_language(document: Any, locale: str) -> None:
    """The language of every run of the Normal style (Word's spelling and hyphenation)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = document.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), _LANGUAGES.get(locale, locale))
    properties.append(language)


def _repeat_header(row: Any) -> None:
    """Mark ``row`` as the table's header: repeated at the top of every page the table spans."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)


def _page_number(paragraph: Any) -> None:
    """A PAGE field, which the word processor fills in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _widths(block: Table, rows: Sequence[Sequence[str]], usable: int, size: int) -> list[int]:
    """Column widths (in EMU) sharing ``usable``: each figure column as wide as its longest text, in
    bold, at type ``size`` (so figures stay on one line), the text columns sharing what is left in
    proportion to their text; all in proportion when even the figures do not fit."""
    # a figure column is as wide as its longest figure or the longest word of its heading
    # (headings wrap between words); a text column counts its whole text
    longest = [
        max(
            [len(word) for word in rows[0][column].split()]
            + [len(row[column]) for row in rows[1:]]
            + ([] if block.alignment[column] == "r" and column > 0 else [len(rows[0][column])])
            + [1]
        )
        for column in range(len(block.header))
    ]
    character = size * 6 // 10  # a digit of Liberation Sans or Arial is 0.56 em
    figures = {c for c in range(1, len(longest)) if block.alignment[c] == "r"}
    widths = [(longest[c] + 3) * character if c in figures else 0 for c in range(len(longest))]
    left = usable - sum(widths)
    text = [c for c in range(len(longest)) if c not in figures]
    if left < len(text) * 8 * character:
        return [usable * n // sum(longest) for n in longest]
    shares = {c: min(longest[c], 60) for c in text}
    for c in text:
        widths[c] = left * shares[c] // sum(shares.values())
    return widths


def _table(doc: Any, block: Table, usable: int) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    if block.caption:
        doc.add_heading(visible(block.caption), level=2)
    rows = [block.header, *block.rows, *([block.totals] if block.totals is not None else [])]
    table = doc.add_table(rows=len(rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = Pt(9 if len(block.header) <= LANDSCAPE_COLUMNS else 8)
    table.autofit = False
    for column, width in zip(table.columns, _widths(block, rows, usable, size), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    last = len(rows) - 1
    for number, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
        if number == 0:
            _repeat_header(row)
        for column, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(visible(text))
            run.font.size = size
            run.bold = number == 0 or (block.totals is not None and number == last)
            if number - 1 in block.muted:
                run.font.color.rgb = RGBColor(0x70, 0x70, 0x70)
            if column > 0 and block.alignment[column] == "r":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for note in block.notes:
        doc.add_paragraph(visible(note)).runs[0].font.size = Pt(9)


def docx_document(document: Document, fmt: Formatter, sources: Sequence[SourceFile]) -> bytes:
    """The document as a .docx file's bytes."""
    docx = _module()
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = docx.Document()
    doc.core_properties.title = visible(document.title)[:255]
    doc.core_properties.language = _LANGUAGES.get(document.locale, document.locale)
    doc.core_properties.author = "tdi-split"
    _set_language(doc, document.locale)
    doc.styles["Normal"].font.size = Pt(10)
    section = doc.sections[0]
    wide = any(isinstance(b, Table) and len(b.header) > LANDSCAPE_COLUMNS for b in document.blocks)
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if wide else (Mm(210), Mm(297))
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))

    doc.add_heading(visible(document.title), level=1)
    for line in document.subtitle:
        doc.add_paragraph(visible(line))
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(visible(block.text), level=2)
        elif isinstance(block, Paragraph):
            doc.add_paragraph(visible(block.text))
        elif isinstance(block, Table):
            _table(doc, block, section.page_width - section.left_margin - section.right_margin)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(visible(item), style="List Bullet")
        elif isinstance(block, Steps):
            for heading, details in block.items:
                doc.add_paragraph(style="List Number").add_run(visible(heading)).bold = True
                for detail in details:
                    doc.add_paragraph(visible(detail), style="List Bullet 2")

    footer = section.footer.paragraphs[0]
    names = [f"{visible(PurePath(s.name).name)} (SHA-256 {s.sha256})" for s in sources]
    footer.add_run(" · ".join([fmt.word("document.source") + " " + ", ".join(names)] if names else []) + " — ")
    _page_number(footer)
    for run in footer.runs:
        run.font.size = Pt(7)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
