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
from xml.sax.saxutils import escape

from .document import Bullets, Document, Heading, Paragraph, Steps, Table, shown, version
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


TYPE_SIZES = (9, 8, 7)
"""The type sizes a table may take (points), largest first: a wide table takes a smaller one."""
TEXT_LEAST = 12
"""Characters a text column keeps at least (a name wraps at words, not letter by letter)."""


def _longest(block: Table) -> list[int]:
    """Per column, the characters it needs on one line: a figure column its longest figure or the
    longest word of its heading (headings wrap between words); a text column its whole text."""
    rows = [*block.rows, *([block.totals] if block.totals is not None else [])]
    return [
        max(
            [len(word) for word in block.header[column].split()]
            + [len(row[column]) for row in rows]
            + ([] if block.alignment[column] == "r" and column > 0 else [len(block.header[column])])
            + [1]
        )
        for column in range(len(block.header))
    ]


def _widths(block: Table, usable: int, size: int) -> list[int] | None:
    """Column widths (EMU) that fit ``usable`` at ``size`` points, or None: each figure column as
    wide as its longest figure in bold with the cell's margins (a figure never wraps), the text
    columns sharing what is left in proportion to their text, each at least :data:`TEXT_LEAST`."""
    from docx.shared import Pt

    character = Pt(size) * 64 // 100  # a digit is 0.56 em in Arial, 0.64 in DejaVu Sans
    longest = _longest(block)
    figures = {c for c in range(1, len(longest)) if block.alignment[c] == "r"}
    widths = [(longest[c] + 3) * character if c in figures else 0 for c in range(len(longest))]
    text = [c for c in range(len(longest)) if c not in figures]
    left = usable - sum(widths)
    if left < sum(min(longest[c], TEXT_LEAST) + 2 for c in text) * character:
        return None
    shares = {c: min(longest[c], 60) for c in text}
    for c in text:
        widths[c] = left * shares[c] // sum(shares.values())
    return widths


def _pieces(block: Table, usable: int) -> list[tuple[Table, list[int], int]]:
    """``block`` as tables that fit the page's width, with their widths and type size: itself at
    the largest size that fits, else cut between its figure columns into several tables, each
    with the first column again (``(1/2)``, ``(2/2)`` after the caption), at the smallest size."""
    for size in TYPE_SIZES:
        widths = _widths(block, usable, size)
        if widths is not None:
            return [(block, widths, size)]
    size = TYPE_SIZES[-1]
    parts = block.cut(lambda part: _widths(part, usable, size) is not None)
    # a single column too wide for the page: its figures are as they are, in proportion
    return [(part, _widths(part, usable, size) or _even(part, usable), size) for part in parts]


def _even(block: Table, usable: int) -> list[int]:
    longest = _longest(block)
    return [usable * n // sum(longest) for n in longest]


def _table(doc: Any, block: Table, usable: int) -> None:
    for piece, widths, size in _pieces(block, usable):
        _one_table(doc, piece, widths, size)


def _one_table(doc: Any, block: Table, widths: Sequence[int], points: int) -> None:
    """The table written as WordprocessingML in one piece (python-docx's cell by cell calls are
    quadratic-ish: 20,000 partners took 30 s), every text escaped: a fixed layout at ``widths``,
    the header row repeated on every page, figures right-aligned, totals in bold."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    if block.caption:
        doc.add_heading(shown(block.caption), level=2)
    rows = [block.header, *block.rows, *([block.totals] if block.totals is not None else [])]
    twips = [width // 635 for width in widths]  # EMU -> twentieths of a point
    size = f'<w:sz w:val="{2 * points}"/>'
    last = len(rows) - 1
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{width}"/>' for width in twips),
        "</w:tblGrid>",
    ]
    for number, cells in enumerate(rows):
        bold = "<w:b/>" if number == 0 or (block.totals is not None and number == last) else ""
        grey = '<w:color w:val="707070"/>' if number - 1 in block.muted else ""
        parts.append("<w:tr>" + ("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if number == 0 else ""))
        for column, (text, width) in enumerate(zip(cells, twips, strict=True)):
            right = '<w:pPr><w:jc w:val="right"/></w:pPr>' if column > 0 and block.alignment[column] == "r" else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>{right}'
                f'<w:r><w:rPr>{bold}{grey}{size}</w:rPr><w:t xml:space="preserve">{escape(shown(text))}</w:t></w:r>'
                "</w:p></w:tc>"
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml("".join(parts)))  # before the section's properties, the last child
    for note in block.notes:
        doc.add_paragraph(shown(note)).runs[0].font.size = Pt(9)


def _properties(doc: Any, document: Document) -> None:
    """The file's properties a word processor shows (File > Properties): its title, language and
    maker, and when it was made (``SOURCE_DATE_EPOCH`` when set, for reproducible builds; the
    template's own 2013 date and "generated by python-docx" otherwise)."""
    import datetime as dt
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    try:
        made = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isascii() and epoch.isdigit() else None
    except (ValueError, OverflowError, OSError):  # past the year 9999: not a date, the clock's then
        made = None
    made = (made or dt.datetime.now(dt.UTC)).replace(microsecond=0, tzinfo=None)
    properties = doc.core_properties
    properties.title = shown(document.title)[:255]
    properties.language = _LANGUAGES.get(document.locale, document.locale)
    properties.author = properties.last_modified_by = "tdi-split"
    properties.comments = f"tdi-split {version()}".strip()
    properties.created = properties.modified = made
    properties.revision = 1


def docx_document(document: Document, fmt: Formatter, sources: Sequence[SourceFile]) -> bytes:
    """The document as a .docx file's bytes."""
    docx = _module()
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = docx.Document()
    doc.core_properties.title = shown(document.title)[:255]
    doc.core_properties.language = _LANGUAGES.get(document.locale, document.locale)
    doc.core_properties.author = "tdi-split"
    _set_language(doc, document.locale)
    doc.styles["Normal"].font.size = Pt(10)
    doc.styles["Normal"].font.name = "Arial"  # LibreOffice: Liberation Sans, the same widths
    section = doc.sections[0]
    wide = any(isinstance(b, Table) and len(b.header) > LANDSCAPE_COLUMNS for b in document.blocks)
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if wide else (Mm(210), Mm(297))
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))

    doc.add_heading(shown(document.title), level=1)
    for line in document.subtitle:
        doc.add_paragraph(shown(line))
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(shown(block.text), level=2)
        elif isinstance(block, Paragraph):
            doc.add_paragraph(shown(block.text))
        elif isinstance(block, Table):
            _table(doc, block, section.page_width - section.left_margin - section.right_margin)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(shown(item), style="List Bullet")
        elif isinstance(block, Steps):
            for heading, details in block.items:
                doc.add_paragraph(style="List Number").add_run(shown(heading)).bold = True
                for detail in details:
                    doc.add_paragraph(shown(detail), style="List Bullet 2")

    _properties(doc, document)
    footer = section.footer.paragraphs[0]
    names = [f"{shown(PurePath(s.name).name)} (SHA-256 {s.sha256})" for s in sources]
    footer.add_run(" · ".join([fmt.word("document.source") + " " + ", ".join(names)] if names else []) + " — ")
    _page_number(footer)
    for run in footer.runs:
        run.font.size = Pt(7)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
