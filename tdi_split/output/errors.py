"""What the output layer raises when a result cannot be written: its own small module, so that
the writers (workbooks, pages, charts) and the table of formats that calls them import it
without importing each other."""

from __future__ import annotations

__all__ = ["OutputError", "PipeClosedError"]


class OutputError(Exception):
    """The result cannot be written (the file exists, a missing optional library...); the message says why."""


class PipeClosedError(OutputError):
    """Whoever read stdout has closed it (``tdi-split ... | head``): nothing more to say."""
