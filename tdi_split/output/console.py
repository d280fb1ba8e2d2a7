"""The one place that makes Rich consoles: one for results (stdout), one for messages (stderr).

Consoles are made per call, on the streams of that moment, so that tests capturing
stdout see the output. When stdout is not a terminal, tables get a fixed generous
width (``COLUMNS`` overrides it) instead of 80 columns, so that text pasted into a
report is not wrapped.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from typing import Literal

from rich.console import Console

__all__ = [
    "PIPED_WIDTH",
    "UNBOUNDED_WIDTH",
    "capture_text",
    "output_console",
    "rich_export",
    "stdout_is_terminal",
]

PIPED_WIDTH = 120
"""Width of tables written to a file or a pipe."""
UNBOUNDED_WIDTH = 10_000
"""A width no table reaches: to measure what a table needs without the console's limit."""


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal (not a file, a pipe, nor closed)."""
    stream = sys.stdout
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed
        return False


def output_console(*, plain: bool = False) -> Console:
    """A console for results, drawing into memory: styled as the current stdout would show them
    (a terminal's width and colours), or ``plain`` (no styles, :data:`PIPED_WIDTH` wide) for a
    file. Nothing is written to stdout here, so that a full disk or a closed stdout is met in
    one place, where it is reported."""
    terminal = not plain and stdout_is_terminal()
    width = PIPED_WIDTH if plain else None
    if width is None and "COLUMNS" not in os.environ and not terminal:
        width = PIPED_WIDTH
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=terminal,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def capture_text(draw: Callable[[Console], None], *, plain: bool = False) -> str:
    """What ``draw`` prints, as text: styled for a terminal, or ``plain`` for a file or a pipe.

    Plain text has no styles, no trailing blanks and no blank lines at its ends.
    """
    console = output_console(plain=plain)
    with console.capture() as capture:
        draw(console)
    text = capture.get()
    if console.is_terminal:
        return text
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"


def rich_export(draw: Callable[[Console], None], kind: Literal["html", "svg"], title: str, width: int = 80) -> str:
    """What ``draw`` prints, as a standalone HTML page or SVG picture (Rich's own export).

    The page is as wide as the widest line (at least ``width``), so that no column is cut.
    """
    # An export does not depend on the terminal it is made from: TERM=dumb, for one, would
    # force 80 columns, so these consoles get an empty environment.
    probe = Console(width=UNBOUNDED_WIDTH, file=io.StringIO(), record=True, color_system=None, _environ={})
    draw(probe)
    widest = max((len(line.rstrip()) for line in probe.export_text().splitlines()), default=0)
    console = Console(
        record=True,
        width=max(width, widest),
        file=io.StringIO(),
        color_system="truecolor",
        force_terminal=True,
        _environ={},
    )
    draw(console)
    if kind == "html":
        return console.export_html(inline_styles=True)
    return console.export_svg(title=title)
