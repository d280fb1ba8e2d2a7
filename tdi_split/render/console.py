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
from typing import TextIO

from rich.console import Console

__all__ = ["PIPED_WIDTH", "capture_text", "error_console", "output_console"]

PIPED_WIDTH = 120
"""Width of tables written to a file or a pipe."""


def output_console(file: TextIO | None = None, *, width: int | None = None) -> Console:
    """A console for results, on ``file`` (default: the current stdout)."""
    stream = file if file is not None else sys.stdout
    if width is None and "COLUMNS" not in os.environ and not stream.isatty():
        width = PIPED_WIDTH
    return Console(file=stream, width=width, highlight=False, emoji=False, soft_wrap=False)


def error_console() -> Console:
    """A console for messages, on the current stderr."""
    return Console(file=sys.stderr, highlight=False, emoji=False, soft_wrap=True)


def capture_text(draw: Callable[[Console], None], *, plain: bool = False) -> str:
    """What ``draw`` prints, as text: styled for a terminal, or ``plain`` for a file or a pipe.

    Plain text has no styles, no trailing blanks and no blank lines at its ends.
    """
    console = output_console(io.StringIO(), width=PIPED_WIDTH) if plain else output_console()
    with console.capture() as capture:
        draw(console)
    text = capture.get()
    if console.is_terminal:
        return text
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"
