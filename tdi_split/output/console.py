"""The one place that makes Rich consoles: one for results (stdout), one for messages (stderr).

Consoles are made per call, on the streams of that moment, so that tests capturing
stdout see the output. On a terminal, views are drawn at its width (``COLUMNS`` overrides
it; 80 when its width is unknown) and narrow to fit it (:mod:`.terminal`). When stdout is
not a terminal, tables get a fixed generous width (a numeric ``COLUMNS`` overrides it)
instead of 80 columns, so that text pasted into a report is not wrapped.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable

from rich.console import Console

__all__ = [
    "PIPED_WIDTH",
    "UNBOUNDED_WIDTH",
    "capture_text",
    "output_console",
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
    if width is None and not os.environ.get("COLUMNS", "").isdigit() and not terminal:
        width = PIPED_WIDTH  # an empty or unreadable COLUMNS is no width: Rich would fall back to 80
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
