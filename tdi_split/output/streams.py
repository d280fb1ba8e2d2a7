"""Streams that cannot carry every character (``PYTHONIOENCODING=latin-1``, an ASCII
terminal): what tdi-split writes degrades to a plain form instead of failing.

No Rich here: the entry point sets this up before any command, and `--version` must stay light.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata
from typing import Final

__all__ = ["degrade_streams"]

_PLAIN: Final = {
    "\u202f": " ",  # the narrow no-break space between thousands in French
    "\u00a0": " ",
    "\u2212": "-",  # minus
    "\u2013": "-",
    "\u2014": "-",
    "\u0394": "D",  # Delta, in the comparison's headings
    "\u2026": ".",
    "\u20ac": "E",  # one character for one: a table's columns stay aligned
    "\u00d7": "x",
    "\u03bb": "L",
    "\u00b7": ".",
    "\u2019": "'",
    "\u2588": "#",  # the bars of a chart
    "\u258f": "|",
}
"""What a character a stream cannot carry becomes (a stream that is not UTF-8)."""


def _degrade(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: each character the stream's encoding lacks becomes its plain form
    (``1 234,50 EUR``, ``-40 000,00``), its letters without accents, or ``?``."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        plain = _PLAIN.get(char)
        if plain is None:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii") or "?"
        out.append(plain)
    return "".join(out), error.end


def degrade_streams() -> None:
    """Let stdout and stderr write what their encoding cannot carry in a plain form rather than
    fail (``PYTHONIOENCODING=latin-1``, an ASCII terminal). UTF-8 streams are left as they are."""
    codecs.register_error("tdi-split-plain", _degrade)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="tdi-split-plain")
