"""YAML -> plain data, with the line and column of every node (DESIGN section 3).

The only module that imports yaml. It does not use YAML's own constructors: it reads
the event stream of the safe parser (libyaml's when installed) and builds plain
Python values itself, so that

* no tag can construct an object (``!!python/object/apply`` is refused, never run);
* scalars are resolved strictly: plain decimal integers, ``null``, ``true``/``false``;
  everything else stays the text the person typed, and :mod:`.money` reads it (no
  YAML 1.1 surprise: ``no``, ``on``, ``012``, ``1_000`` or ``0.1`` mean nothing by
  themselves);
* duplicate keys, several documents, recursive or exploding aliases and absurd
  nesting are refused with their position, within a fixed budget of time and memory;
* every value and every key keeps its line and column in a :class:`SourceMap`, so
  that any problem, from the schema or from the arithmetic, is reported at its node.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any, Final, NoReturn

import yaml

from ..core.limits import DEFAULT_MAX_BYTES, MAX_DEPTH, MAX_ITEMS, MAX_NODES, MAX_PROBLEMS
from ..core.problems import BudgetError, Path, Problem, shorten
from .locate import SourceMap

__all__ = ["Document", "parse_document", "read_document"]


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT: Final = re.compile(r"[-+]?(0|[1-9][0-9]{0,29})")
_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS: Final = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML_TAG: Final = "tag:yaml.org,2002:"
_PLAIN_TAGS: Final = frozenset(_YAML_TAG + t for t in ("int", "float", "bool", "null"))


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed YAML document: plain data and the position of every node."""

    data: Any
    """Mappings, lists, str, int, bool and None."""
    source: SourceMap
    """Positions by path."""
    problems: tuple[Problem, ...] = ()
    """Problems that did not stop the reading (duplicate keys): the file is invalid, but
    its validation goes on so that every problem is reported at once."""
    more: int = 0
    """Duplicate keys found beyond the :data:`~tdi_split.core.limits.MAX_PROBLEMS` listed."""


def read_document(path: str | FilePath, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a file (at most ``max_bytes``, UTF-8) and parse it as one YAML document.

    Only a regular file is read: a FIFO, a device or a folder is refused at once (opening a
    FIFO without a writer would wait for ever), and no more than the file holds is ever
    allocated, whatever ``max_bytes`` says.
    """
    raw = _read_regular_file(path, max_bytes)
    if len(raw) > max_bytes:
        raise BudgetError(
            [Problem("TDI005", f"the file is larger than {max_bytes} bytes; is it really a budget? (--max-bytes)")]
        )
    return parse_document(_decode(raw))


_CHUNK: Final = 1 << 20


def _read_regular_file(path: str | FilePath, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of a regular file, read in chunks."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise BudgetError([Problem("TDI005", f"cannot read the file: {error.strerror or error}")]) from None
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a pipe" if stat.S_ISFIFO(mode) else "a device or a socket"
            raise BudgetError([Problem("TDI005", f"cannot read the file: it is {kind}, not a regular file")])
        chunks, size = [], 0
        try:
            while size <= max_bytes:
                chunk = stream.read(min(_CHUNK, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as error:
            raise BudgetError([Problem("TDI005", f"cannot read the file: {error.strerror or error}")]) from None
    return b"".join(chunks)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise BudgetError(
            [
                Problem(
                    "TDI006",
                    f"the file is not UTF-8 text: byte 0x{raw[error.start]:02X} cannot be read (save it as UTF-8)",
                    line=line,
                    column=column,
                )
            ]
        ) from None


def parse_document(text: str) -> Document:
    """Parse one YAML document strictly (see the module docstring)."""
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        builder.problems.append(Problem("TDI001", f"YAML syntax: {message}", line=line, column=column))
    except yaml.YAMLError as error:
        builder.problems.append(Problem("TDI001", f"YAML syntax: {error}", line=1, column=1))
    except _StopReadingError:
        pass
    if builder.problems:
        raise BudgetError([*builder.duplicates, *builder.problems], builder.more_duplicates)
    if builder.empty:
        raise BudgetError(
            [Problem("TDI007", "the file is empty: expected a budget (schema: tdi-split/1 ...)", line=1, column=1)]
        )
    return Document(builder.root, builder.source, tuple(builder.duplicates), builder.more_duplicates)


def _short(tag: str | None) -> str:
    """A tag as it is written: ``!!python/object`` rather than ``tag:yaml.org,2002:python/object``."""
    return "!!" + tag.removeprefix(_YAML_TAG) if tag and tag.startswith(_YAML_TAG) else str(tag)


def _where(event: yaml.Event) -> tuple[int, int]:
    """1-based line and column where an event starts."""
    mark: Any = event.start_mark
    return (mark.line + 1, mark.column + 1)


class _StopReadingError(Exception):
    """A limit was reached: stop reading, the problem is recorded."""


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    anchor: str | None
    nodes_before: int
    key: str | None = None
    key_position: tuple[int, int] = (1, 1)
    discard: bool = False
    first_keys: dict[str, int] = field(default_factory=dict)


class _Builder:
    """Builds plain values from YAML events, keeping positions and enforcing the limits."""

    def __init__(self) -> None:
        self.root: Any = None
        self.empty = True
        self.documents = 0
        self.source = SourceMap()
        self.problems: list[Problem] = []
        self.duplicates: list[Problem] = []
        self.more_duplicates = 0
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0

    def fail(self, code: str, message: str, mark: Any) -> NoReturn:
        self.problems.append(Problem(code, message, line=mark.line + 1, column=mark.column + 1))
        raise _StopReadingError

    def feed(self, event: yaml.Event) -> None:
        # The most frequent kinds of event first: this runs once per event of the file.
        if isinstance(event, yaml.ScalarEvent):
            if self._expects_key():
                self._key(event)
            else:
                self._node(self._scalar(event), event, size=1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.open_anchors.discard(frame.anchor)
            self._attach(frame.container, frame.anchor, self.nodes - frame.nodes_before)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._start(event)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail("TDI008", "several YAML documents in one file: a budget file holds one", event.start_mark)

    def _expects_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None

    def _child_path(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        assert top.key is not None
        return (*top.path, top.key)

    def _key(self, event: yaml.ScalarEvent) -> None:
        top = self.stack[-1]
        assert isinstance(top.container, dict)
        key = event.value
        position = _where(event)
        top.key, top.key_position, top.discard = key, position, False
        if key in top.first_keys:
            top.discard = True
            if len(self.duplicates) >= MAX_PROBLEMS:
                self.more_duplicates += 1
                return
            self.duplicates.append(
                Problem(
                    "TDI004",
                    f"duplicate key {shorten(key)!r} (first on line {top.first_keys[key]}): each key appears once",
                    (*top.path, key),
                    line=position[0],
                    column=position[1],
                )
            )
        else:
            top.first_keys[key] = position[0]

    def _start(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        is_map = isinstance(event, yaml.MappingStartEvent)
        if self._expects_key():
            self.fail("TDI009", "a key must be plain text, not a mapping or a list", event.start_mark)
        if event.tag not in (None, "!", _YAML_TAG + ("map" if is_map else "seq")):
            self.fail("TDI010", f"the tag {_short(event.tag)} is not allowed in a budget file", event.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            self.fail("TDI011", f"nesting deeper than {MAX_DEPTH} levels: not a budget file", event.start_mark)
        self._room(event)
        path = self._child_path()
        self._count(1, event)
        self._position(path, event)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        container: dict[str, Any] | list[Any] = {} if is_map else []
        self.stack.append(_Frame(container, path, event.anchor, self.nodes - 1))

    def _alias(self, event: yaml.AliasEvent) -> None:
        if self._expects_key():
            self.fail("TDI009", "a key must be plain text, not an alias", event.start_mark)
        if event.anchor in self.open_anchors:
            self.fail("TDI012", f"the alias *{event.anchor} refers to a node that contains it", event.start_mark)
        known = self.anchors.get(event.anchor or "")
        if known is None:
            self.fail("TDI012", f"the alias *{event.anchor} refers to no anchor", event.start_mark)
        value, size = known
        self._count(size, event)
        self._node(value, event, size=0)

    def _count(self, size: int, event: yaml.Event) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            self.fail(
                "TDI013",
                f"the document expands to more than {MAX_NODES} values (aliases counted each time they are used)",
                event.start_mark,
            )

    def _position(self, path: Path, event: yaml.Event) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and top.discard:
            return
        self.source.values[path] = _where(event)
        if top is not None and isinstance(top.container, dict):
            self.source.keys[path] = top.key_position

    def _room(self, event: yaml.Event) -> None:
        """Refuse one item more in a list or a mapping that holds :data:`MAX_ITEMS` already."""
        if self.stack and len(self.stack[-1].container) >= MAX_ITEMS:
            self.fail(
                "TDI015", f"a list or a mapping of more than {MAX_ITEMS} items: not a budget file", event.start_mark
            )

    def _node(self, value: Any, event: yaml.Event, size: int) -> None:
        self._room(event)
        if size:
            self._count(size, event)
        self._position(self._child_path(), event)
        self._attach(value, getattr(event, "anchor", None) if size else None, size)

    def _attach(self, value: Any, anchor: str | None, size: int) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root, self.empty = value, False
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        else:
            assert top.key is not None
            if not top.discard:
                top.container[top.key] = value
            top.key = None

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag, text = event.tag, event.value
        if tag is not None and tag != "!" and tag != _YAML_TAG + "str" and tag not in _PLAIN_TAGS:
            self.fail("TDI010", f"the tag {_short(tag)} is not allowed in a budget file", event.start_mark)
        plain = event.implicit[0] or (tag in _PLAIN_TAGS)
        if not plain or tag == _YAML_TAG + "str":
            return text
        if text in _NULLS:
            return None
        if text in _BOOLS:
            return _BOOLS[text]
        if _INT.fullmatch(text):
            return int(text)
        return text
