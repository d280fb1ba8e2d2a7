"""Every output format in one table, and where a result goes.

A command's result becomes a :class:`~tdi_split.output.report.Report`; :data:`FORMATS` says, for each format, the
file suffixes that ask for it, which commands offer it, and how a report becomes it;
:func:`emit` writes the result to stdout or, atomically, to the `--output` file. Adding a
format is one entry here and one method on the reports that offer it; the renderers of a
format are imported only when it is asked for (JSON output never loads Rich).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import OutputError, PipeClosedError

if TYPE_CHECKING:
    from .formatting import Locale
    from .plain import CsvDialect
    from .report import Report

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Format",
    "OutputError",
    "OutputSpec",
    "PipeClosedError",
    "choices",
    "emit",
    "format_for",
    "to_stdout",
]

Offer = Literal["results", "check"]
"""Who offers a format: the commands that make a result (`compute`, `compare`...), or `check`."""


@dataclass(frozen=True)
class OutputSpec:
    """Where and how a command writes its result (the shared output options)."""

    fmt: str
    """A name of :data:`FORMATS`."""
    path: Path | None = None
    """The --output file, or None for stdout."""
    force: bool = False
    """Overwrite an existing --output file."""
    locale: Locale = "en"
    """en or fr."""
    csv_dialect: CsvDialect = "rfc"
    """rfc or fr."""


def _table(report: Any, out: OutputSpec) -> str:
    from .console import capture_text

    return capture_text(report.draw, plain=out.path is not None)


def _html(report: Any, _: OutputSpec) -> str:
    """The report as a page to read or print, with its chart when matplotlib is there."""
    from .html import html_document

    document = report.document()
    try:
        figure = report.figure()
    except OutputError:  # no matplotlib: the page holds the tables alone
        figure = None
    charts = [(figure, document.title)] if figure else []
    return html_document(document, report.fmt, report.sources, charts)


def _docx(report: Any, _: OutputSpec) -> bytes:
    from .docx import docx_document

    return docx_document(report.document(), report.fmt, report.sources)


def _svg(report: Any, _: OutputSpec) -> str:
    figure = report.figure()
    if figure is None:
        raise OutputError("this command draws no chart: write .html, .docx, .xlsx, .csv, .md or .json")
    return str(figure)


def _scdl(report: Any, _: OutputSpec) -> str:
    """The SCDL file; a missing identity (located by `app.compute` before, through the command line) said."""
    from .scdl import ScdlIdentityError

    try:
        return str(report.scdl())
    except ScdlIdentityError as error:
        raise OutputError("; ".join(f"{p.where}: {p.message}" for p in error.problems)) from None


def _text(report: Any, out: OutputSpec) -> str:
    from .console import stdout_is_terminal

    if out.path is None and stdout_is_terminal():
        return _table(report, out)  # coloured by severity
    return str(report.text())


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str
    """What --format says."""
    write: Callable[[Any, OutputSpec], str | bytes | Iterable[str]]
    """The report's text (or bytes) in this format."""
    suffixes: tuple[str, ...] = ()
    """The --output suffixes that ask for it."""
    offered: frozenset[Offer] = frozenset({"results"})
    """Who offers it."""
    stdout: bool = True
    """Whether --format may ask for it (else only an --output suffix does: a binary or a page)."""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", lambda report, _: report.json(), (".json",), frozenset({"results", "check"})),
        Format("csv", lambda report, out: report.csv(out.csv_dialect), (".csv",)),
        # `compute` alone offers it (output_options' `extra`): the publication of a plan
        Format("scdl", _scdl, (".scdl.csv",), offered=frozenset()),
        Format("markdown", lambda report, _: report.markdown(), (".md", ".markdown")),
        Format("table", _table, (".txt",)),
        Format("xlsx", lambda report, _: report.xlsx(), (".xlsx",), stdout=False),
        Format("html", _html, (".html", ".htm"), stdout=False),
        Format("docx", _docx, (".docx",), stdout=False),
        Format("svg", _svg, (".svg",), stdout=False),
        Format("text", _text, offered=frozenset({"check"})),
        Format("github", lambda report, _: report.github(), offered=frozenset({"check"})),
    )
}
"""Every format, by name."""

SUFFIXES: dict[str, str] = {suffix: f.name for f in FORMATS.values() for suffix in f.suffixes}
"""--output suffix -> format name."""


def choices(offer: Offer, default: str) -> tuple[str, ...]:
    """The --format choices of a command, its ``default`` first."""
    names = [name for name, f in FORMATS.items() if offer in f.offered and f.stdout]
    return tuple(sorted(names, key=lambda name: name != default))


def format_for(fmt: str | None, output: Path | None) -> str:
    """The format asked: --format, else the --output suffix, else a table; ValueError if it cannot tell.

    ``-o -`` is stdout (the caller passes None).
    """
    if output is None:
        return fmt or "table"
    suffixes = [suffix.lower() for suffix in output.suffixes]
    # the last two suffixes first: `.scdl.csv` is SCDL, `.csv` alone (or `.2024.csv`) is CSV
    by_suffix = SUFFIXES.get("".join(suffixes[-2:])) or SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        if by_suffix is None:
            raise ValueError(
                f"cannot tell the format of {output.name!r} from its suffix; use one of "
                + ", ".join(SUFFIXES)
                + " or give --format"
            )
        return by_suffix
    if by_suffix is not None and by_suffix != fmt and not FORMATS[by_suffix].stdout:
        # text written into a file named .docx (or .xlsx, .html, .svg) would not open
        raise ValueError(
            f"{output.name!r} asks for the {by_suffix} format, not {fmt}: drop --format or change the suffix"
        )
    return fmt


def emit(report: Report[Any], out: OutputSpec) -> str | None:
    """Write ``report`` in the format asked, to stdout or atomically to the --output file.

    Returns what to tell the user (``wrote FILE``), or None; raises :class:`OutputError`
    (:class:`PipeClosedError` when whoever reads stdout has gone, as ``head`` does).
    """
    content = FORMATS[out.fmt].write(report, out)
    if out.path is None:
        assert not isinstance(content, bytes)
        to_stdout(content)
        return None
    from ..core.problems import visible
    from ..files.write import NotRegularFileError, OutputExistsError, ReadOnlyFileError, write_atomic

    shown = visible(str(out.path))
    try:
        write_atomic(out.path, content, force=out.force)
    except (OutputExistsError, NotRegularFileError, ReadOnlyFileError) as error:
        raise OutputError(visible(str(error))) from None
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {error.strerror or error}") from None
    return f"wrote {shown}"


def to_stdout(content: str | Iterable[str]) -> None:
    """Write ``content`` to stdout; :class:`OutputError` (or :class:`PipeClosedError`) if it cannot be."""
    stream = sys.stdout
    try:
        if stream is None:
            raise OSError(0, "it is closed")
        for piece in [content] if isinstance(content, str) else content:
            stream.write(piece)
        stream.flush()
    except OSError as error:
        # Nothing more can reach it: the interpreter's own flush at exit must not fail again.
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
        if isinstance(error, BrokenPipeError):
            raise PipeClosedError("standard output closed") from None
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None
