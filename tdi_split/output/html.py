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

from .document import Block, Bullets, Document, Heading, Paragraph, Steps, shown
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


def _version() -> str:
    """tdi-split's version, for the page's generator line."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tdi-split")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return ""


def _density(columns: int) -> str:
    """A smaller type for wide tables, so that every column fits an A4 page's width."""
    if columns > 14:
        return "densest"
    if columns > 10:
        return "denser"
    if columns > 6:
        return "dense"
    return ""


def _block(block: Block) -> dict[str, Any]:
    """What the template needs of a block, every text made visible (no control characters)."""
    if isinstance(block, Heading):
        return {"kind": "heading", "text": shown(block.text)}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": shown(block.text)}
    if isinstance(block, Steps):
        items = [(shown(heading), [shown(d) for d in details]) for heading, details in block.items]
        return {"kind": "steps", "entries": items}
    if isinstance(block, Bullets):
        return {"kind": "bullets", "entries": [shown(item) for item in block.items]}
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
        blocks=[_block(block) for block in document.blocks],
        charts=[_Chart(base64.b64encode(svg.encode()).decode("ascii"), shown(alt)) for svg, alt in charts],
        sources=[{"name": shown(PurePath(s.name).name), "sha256": s.sha256} for s in sources],
        words={"source": fmt.word("document.source")},
        version=_version(),
    )
