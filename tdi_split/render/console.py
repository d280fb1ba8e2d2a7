"""The one place that makes Rich consoles: one for results (stdout), one for messages (stderr).

Consoles are made per call, on the streams of that moment, so that tests capturing
stdout see the output. When stdout is not a terminal, tables get a fixed generous
width (``COLUMNS`` overrides it) instead of 80 columns, so that text pasted into a
report is not wrapped.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich.console import Console

__all__ = ["error_console", "output_console"]

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
