"""A result as an HTML document to read or print: semantic tables, the locale's language, an A4
print stylesheet, the charts, and the source files' names and SHA-256 in the footer.

The page comes from one Jinja2 template (``tdi_split/templates/report.html.j2``) with
autoescaping on, so that no label of a budget file ever becomes markup; charts are embedded
as images (``data:`` URLs), where nothing they hold can run.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from .document import Block, Bullets, Document, Heading, Paragraph, Steps, Table, shown, version
from .errors import OutputError
from .formatting import Formatter

if TYPE_CHECKING:
    from ..files.paths import SourceFile

__all__ = ["LONG_TABLE_ROWS", "html_document"]

LONG_TABLE_ROWS = 25
"""A table longer than this may be cut across pages (its header row is then repeated);
a shorter one is kept on one page."""


@dataclass(frozen=True)
class _Chart:
    data: str
    """The SVG in base64."""
    alt: str


def _density(columns: int) -> str:
    """A smaller type for wide tables, so that every column fits an A4 page's width."""
    if columns > 14:
        return "densest"
    if columns > 10:
        return "denser"
    if columns > 6:
        return "dense"
    return ""


PAGE_DIGITS = 190
"""Digits a landscape A4 page holds across in the densest tables (.68 em of 9.5 pt: 273 mm of
1.27 mm digits is 215; some room kept for bold totals and rounding)."""
PADDING_DIGITS = 2
"""A cell's padding (.45 em each side), in digits."""
TEXT_DIGITS = (16, 24)
"""A text column's width in digits: its first column at least (a name's ``min-width: 9em``), and
at most (longer text wraps between words)."""


def _digits(block: Table) -> int:
    """The width ``block`` needs in the densest type, in digits: each figure column its longest
    figure (or word of its heading), each text column its text within :data:`TEXT_DIGITS`."""
    rows = [*block.rows, *([block.totals] if block.totals is not None else [])]
    needed = 0
    for column, align in enumerate(block.alignment):
        words = [len(word) for word in block.header[column].split()] + [len(row[column]) for row in rows] + [1]
        if align == "r" and column > 0:
            needed += max(words) + PADDING_DIGITS
        else:
            needed += min(max(*words, TEXT_DIGITS[0] if column == 0 else 1), TEXT_DIGITS[1]) + PADDING_DIGITS
    return needed


def _blocks(block: Block) -> list[dict[str, Any]]:
    """What the template needs of a block, every text made visible (no control characters); a
    table too wide for a landscape page is cut between its columns into several (the first
    column in each), as on paper nothing may fall off the page's edge."""
    if isinstance(block, Table):
        return [_table(part) for part in block.cut(lambda part: _digits(part) <= PAGE_DIGITS)]
    if isinstance(block, Heading):
        return [{"kind": "heading", "text": shown(block.text)}]
    if isinstance(block, Paragraph):
        return [{"kind": "paragraph", "text": shown(block.text)}]
    if isinstance(block, Steps):
        items = [(shown(heading), [shown(d) for d in details]) for heading, details in block.items]
        return [{"kind": "steps", "entries": items}]
    assert isinstance(block, Bullets)
    return [{"kind": "bullets", "entries": [shown(item) for item in block.items]}]


def _table(block: Table) -> dict[str, Any]:
    classes = [_density(len(block.header))]
    if len(block.rows) > LONG_TABLE_ROWS:
        classes.append("long")
    return {
        "kind": "table",
        "caption": shown(block.caption),
        "header": [shown(cell) for cell in block.header],
        "rows": [[shown(cell) for cell in row] for row in block.rows],
        "totals": None if block.totals is None else [shown(cell) for cell in block.totals],
        "align": block.alignment,
        "notes": [shown(note) for note in block.notes],
        "muted": block.muted,
        "classes": " ".join(c for c in classes if c),
    }


def html_document(
    document: Document, fmt: Formatter, sources: Sequence[SourceFile], charts: Sequence[tuple[str, str]] = ()
) -> str:
    """The page: ``document``, then ``charts`` (SVG text, description), then the footer."""
    try:
        import jinja2
    except ImportError:
        raise OutputError("writing .html needs the optional Jinja2 library: pip install 'tdi-split[html]'") from None
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("tdi_split", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("report.html.j2").render(
        document=document,
        title=shown(document.title),
        subtitle=[shown(line) for line in document.subtitle],
        blocks=[part for block in document.blocks for part in _blocks(block)],
        charts=[_Chart(base64.b64encode(svg.encode()).decode("ascii"), shown(alt)) for svg, alt in charts],
        sources=[{"name": shown(PurePath(s.name).name), "sha256": s.sha256} for s in sources],
        words={"source": fmt.word("document.source")},
        version=version(),
    )
