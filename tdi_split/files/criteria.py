"""Editing a budget file in place: a criterion's figures and its ``sources`` entry, and nothing else.

`tdi-split criteria` writes official figures into the user's own file, which has comments,
an order, quotes and a layout of its own. The edit goes through ruamel.yaml's round-trip
mode (the only use of ruamel; the budget is read, everywhere else, by the strict reader of
:mod:`.yamlreader`), and then through a three-way merge of lines: ruamel's dump of the file
*unedited* is the common ancestor of the original text (its formatting) and of ruamel's dump
*edited* (the change), so that the lines ruamel would reformat on its own (trailing spaces,
``~``, the spaces after a colon, a final ``...``) stay as they were, and only the lines of the
figures and of the ``sources`` entry change. A byte order mark and CRLF line ends are kept.

The result is read back by the strict reader and must be the original data with exactly the
edits made (:class:`EditError` otherwise: a figure shared through a YAML alias, say), so that
an edit can never change anything else, whatever ruamel does.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any, Final

from ..core.problems import BudgetError, quote
from .yamlreader import parse_document

__all__ = ["EditError", "edit_criterion", "edit_criterion_layout", "unified_diff"]

_BOM: Final = "\ufeff"
_KEY_ONLY: Final = re.compile(r"^( *)(?:- +)?[^\s#-][^#]*:\s*(?:#.*)?$")


class EditError(Exception):
    """The edit cannot be made in place without changing something else; the message says why,
    and ``line``/``column`` (1-based) where, when a line of the file is the cause."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column


_INLINE_TABS: Final = re.compile(r"(?<=\S)[ \t]*\t[ \t]*")
"""Blanks holding a tab inside a line (after a key's colon, before a comment): YAML allows them
as separation, ruamel's scanner does not (``found character '\\t'``). ruamel reads them as
spaces; the lines it does not edit are kept as written, and the result is read back (a tab
inside a quoted text would change it, and is refused there)."""


def _guess_indent(text: str) -> tuple[int, int, int]:
    """The file's indentation, for the lines the edit adds: (mapping, sequence, dash offset),
    ruamel's ``indent()`` arguments; the project's own style (2, 4, 2) when the file does not say."""
    mapping = sequence = offset = None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for above, line in itertools.pairwise(lines):
        if not _KEY_ONLY.match(above) or above.lstrip().startswith("- "):
            continue
        outer, inner = _indent(above), _indent(line)
        if line.lstrip().startswith("- ") and inner >= outer:  # `partners:` then `- id:`, or `  - id:`
            if sequence is None:
                rest = line.lstrip()[1:]
                offset = inner - outer
                sequence = offset + 1 + _indent(rest)
        elif inner > outer and mapping is None:
            mapping = inner - outer
        if mapping is not None and sequence is not None:
            break
    if sequence is None:
        sequence, offset = (mapping + 2, mapping) if mapping is not None else (4, 2)
    return mapping or 2, sequence, offset if offset is not None else 2


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line
    mapping, sequence, offset = _guess_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: Any, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


Hunk = tuple[int, int, int, int]
"""A change between two sequences: ``a[a1:a2]`` became ``b[b1:b2]``."""


def _hunks(a: Sequence[str], b: Sequence[str]) -> list[Hunk]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(a1, a2, b1, b2) for tag, a1, a2, b1, b2 in matcher.get_opcodes() if tag != "equal"]


def _merge_text(original: str, before: str, after: str) -> str:
    """One line's three-way merge, character by character: the edit (``before`` -> ``after``)
    applied to ``original``, of which ``before`` is a reformatted copy; where both change the
    same characters (or characters next to each other), the edit's text wins."""
    hunks = sorted(
        [(*h, "original") for h in _hunks(before, original)] + [(*h, "edit") for h in _hunks(before, after)],
        key=lambda h: (h[0], h[1]),
    )
    shift = {"original": 0, "edit": 0}
    merged: list[str] = []
    position = index = 0
    while index < len(hunks):
        start, end = hunks[index][0], hunks[index][1]
        group = [hunks[index]]
        index += 1
        while index < len(hunks) and hunks[index][0] <= end:
            end = max(end, hunks[index][1])
            group.append(hunks[index])
            index += 1
        merged.append(before[position:start])
        side = "edit" if any(h[4] == "edit" for h in group) else "original"
        first = start + shift[side]
        for b1, b2, o1, o2, which in group:
            shift[which] += (o2 - o1) - (b2 - b1)
        merged.append((after if side == "edit" else original)[first : end + shift[side]])
        position = end
    return "".join([*merged, before[position:]])


class _Merge:
    """The three-way merge of lines: ruamel's dump of the file unedited (``before``) is a
    reformatted copy of the ``original`` text and the ancestor of its dump edited (``after``).

    Each line of ``before`` is paired with its original line where the reformatting kept the
    number of lines; an edited line is merged with its original character by character, a
    line the edit adds takes the indentation the original gives to lines of its depth, and
    every other line is the original's. Lines the reformatting dropped (a final ``...``) come
    back where they were."""

    def __init__(self, original: list[str], before: list[str], after: list[str]) -> None:
        self.original, self.before, self.after = original, before, after
        self.relaid = False
        """Whether :meth:`lines` had to take some lines in the editor's layout, not the original's."""
        self.pairs: dict[int, int] = {}
        self.dropped: dict[int, list[str]] = {}  # before index -> original lines ruamel left out there
        self.reshaped: dict[int, Hunk] = {}  # before index -> a reformatting that changed the number of lines
        position = 0
        for b1, b2, o1, o2 in _hunks(before, original):
            self.pairs.update({b: b + o1 - b1 for b in range(position, b1)})  # an unchanged stretch
            if b2 - b1 == o2 - o1:
                self.pairs.update({b1 + i: o1 + i for i in range(b2 - b1)})
            elif b1 == b2:
                self.dropped[b1] = original[o1:o2]
            else:
                self.reshaped[b1] = (b1, b2, o1, o2)
            position = b2
        offset = len(original) - len(before)
        self.pairs.update({b: b + offset for b in range(position, len(before))})

    def _reindent(self, line: str, at: int) -> str:
        """A line the edit adds before line ``at`` of ``before``, indented as the original indents
        the nearest line of ruamel's depth (ruamel's own indentation if none)."""
        depth = _indent(line)
        for b in [*range(at - 1, -1, -1), *range(at, len(self.before))]:
            if b in self.pairs and self.before[b].strip() and _indent(self.before[b]) == depth:
                return " " * _indent(self.original[self.pairs[b]]) + line[depth:]
        return line

    def lines(self) -> list[str]:
        """The merged text, as lines."""
        edits = {a1: (a1, a2, b1, b2) for a1, a2, b1, b2 in _hunks(self.before, self.after)}
        edited = {b for a1, a2, _, _ in edits.values() for b in range(a1, a2)}
        merged: list[str] = []
        b = 0
        while b <= len(self.before):
            hunk = edits.get(b)
            if hunk is not None and hunk[0] == hunk[1]:  # lines the edit adds here
                merged += [self._reindent(line, b) for line in self.after[hunk[2] : hunk[3]]]
            merged += self.dropped.get(b, [])
            if b == len(self.before):
                break
            if hunk is not None and hunk[0] < hunk[1]:  # lines the edit changes
                a1, a2, c1, c2 = hunk
                if a2 - a1 == c2 - c1 and all(x in self.pairs for x in range(a1, a2)):
                    for x in range(a1, a2):
                        merged += self.dropped.get(x, []) if x > a1 else []
                        merged.append(
                            _merge_text(self.original[self.pairs[x]], self.before[x], self.after[c1 + x - a1])
                        )
                else:
                    if any(x not in self.pairs for x in range(a1, a2)):
                        self.relaid = True  # lines the editor laid out anew (a flow collection over several lines)
                    merged += [line for x in range(a1 + 1, a2) for line in self.dropped.get(x, [])]
                    merged += [self._reindent(line, a1) for line in self.after[c1:c2]]
                b = a2
                continue
            reshaped = self.reshaped.get(b)
            if reshaped is not None:
                b1, b2, o1, o2 = reshaped
                if edited.isdisjoint(range(b1, b2)):
                    merged += self.original[o1:o2]
                    b = b2
                    continue
            if b not in self.pairs:
                self.relaid = True  # a line only the editor's layout has: the original's lines there are lost
            merged.append(self.original[self.pairs[b]] if b in self.pairs else self.before[b])
            b += 1
        return merged


def _set_figures(data: Any, criterion: str, figures: Mapping[int, int]) -> None:
    from ruamel.yaml.comments import CommentedMap

    partners = data["partners"]
    for index, figure in figures.items():
        partner = partners[index]
        criteria = partner.get("criteria")
        if isinstance(criteria, MutableMapping):
            criteria[criterion] = figure
            continue
        fresh = CommentedMap([(criterion, figure)])
        fresh.fa.set_flow_style()  # criteria: {population: 100208}, as the reference writes it
        keys = list(partner)
        after = next((k for k in ("kind", "name", "id") if k in keys), None)
        if criteria is None and "criteria" in keys:  # `criteria:` left empty
            partner["criteria"] = fresh
        else:
            partner.insert(keys.index(after) + 1 if after is not None else len(keys), "criteria", fresh)


def _set_source(data: Any, criterion: str, source: Mapping[str, Any]) -> None:
    from ruamel.yaml.comments import CommentedMap

    sources = data.get("sources")
    if not isinstance(sources, MutableMapping):
        sources = CommentedMap()
        keys = list(data)
        if "sources" in keys:
            data["sources"] = sources
        else:
            data.insert(keys.index("key") + 1 if "key" in keys else len(keys), "sources", sources)
    entry = sources.get(criterion)
    if isinstance(entry, MutableMapping):  # keep its place, its style and the comments of the keys kept
        for key in [k for k in entry if k not in source]:
            del entry[key]
        for key, value in source.items():
            entry[key] = value
    else:
        sources[criterion] = CommentedMap(source)


def _expected(data: dict[str, Any], criterion: str, figures: Mapping[int, int], source: Mapping[str, Any]) -> Any:
    """The strict reader's data of the original with the edits made: what the edited text must read as."""
    expected = dict(data)
    partners = [dict(p) for p in data["partners"]]
    for index, figure in figures.items():
        partners[index]["criteria"] = {**(partners[index].get("criteria") or {}), criterion: figure}
    expected["partners"] = partners
    expected["sources"] = {**(data.get("sources") or {}), criterion: dict(source)}
    return expected


def _reads_as(text: str, expected: Any) -> bool:
    try:
        return bool(parse_document(text).data == expected)
    except BudgetError:
        return False


def edit_criterion(text: str, criterion: str, figures: Mapping[int, int], source: Mapping[str, Any]) -> str:
    """``text`` (a valid budget file) with ``partners[i].criteria[criterion]`` set to each figure
    and ``sources[criterion]`` set to ``source``, everything else kept as written (see
    :func:`edit_criterion_layout`).

    EditError when the edited text would read as anything but the original data with exactly
    these edits (a node shared through an alias).
    """
    return edit_criterion_layout(text, criterion, figures, source)[0]


def edit_criterion_layout(
    text: str, criterion: str, figures: Mapping[int, int], source: Mapping[str, Any]
) -> tuple[str, bool]:
    """:func:`edit_criterion`, and whether every line but those of the figures and of the
    ``sources`` entry kept its layout: False when the lines could not be merged (a flow
    collection written over several lines) and the editor's own layout of the whole file is
    written, its data checked all the same."""
    from ruamel.yaml.error import YAMLError

    bom = text.startswith(_BOM)
    body = text.removeprefix(_BOM)
    crlf = "\r\n" in body and body.count("\r\n") == body.count("\n")
    if crlf:
        body = body.replace("\r\n", "\n")
    original = parse_document(body).data
    yaml = _yaml(body)
    try:
        data = yaml.load(_INLINE_TABS.sub(lambda blanks: " " * len(blanks.group()), body))
        before = _dump(yaml, data)
        _set_figures(data, criterion, figures)
        _set_source(data, criterion, source)
        after = _dump(yaml, data)
    except (YAMLError, ValueError, TypeError, KeyError) as error:  # a layout ruamel cannot read or write
        mark = getattr(error, "problem_mark", None)
        what = getattr(error, "problem", None) or type(error).__name__
        if mark is not None:
            raise EditError(
                f"the round-trip YAML editor cannot read this line ({what}): rewrite it in plain YAML, or edit the "
                "figures by hand",
                mark.line + 1,
                mark.column + 1,
            ) from None
        raise EditError(f"the round-trip YAML editor cannot edit this file ({what})") from None
    expected = _expected(original, criterion, figures, source)
    lines = body.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):  # ruamel ends the file with a line end
        lines[-1] += "\n"
    merge = _Merge(lines, before.splitlines(keepends=True), after.splitlines(keepends=True))
    merged = "".join(merge.lines())
    for candidate in (merged, after):
        if _reads_as(candidate, expected):
            lost = _lost_comments(body, candidate)
            if lost:
                raise EditError(
                    f"the round-trip YAML editor cannot keep every comment of this file ({quote(lost[0], 60)} would "
                    "be lost): nothing written; write the figures by hand, or lay the partners out as a block list"
                )
            result = candidate.replace("\n", "\r\n") if crlf else candidate
            return (_BOM + result if bom else result), candidate is merged and not merge.relaid
    raise EditError(
        "the edit would change more than the figures and their `sources` entry (is a value shared "
        "through a YAML alias?): write the figures out for each partner, or edit the file by hand"
    )


_COMMENT: Final = re.compile(r"(?:^|[ \t])(#.*)$")
"""A comment: from a ``#`` at the start of a line or after a blank, to the end of the line (a
``#`` inside a quoted text after a blank is taken for one too: at worst a comment is looked for
that is there)."""


def _lost_comments(original: str, edited: str) -> list[str]:
    """The comments of ``original`` that ``edited`` no longer holds, in order."""
    kept = edited.splitlines()
    found = [m.group(1).strip() for line in original.splitlines() if (m := _COMMENT.search(line))]
    return [comment for comment in found if not any(comment in line for line in kept)]


def unified_diff(old: str, new: str, name: str) -> str:
    """The change from ``old`` to ``new`` as a unified diff of file ``name`` (``patch`` applies it);
    a last line without a line end is marked as diff marks it (``\\ No newline at end of file``)."""
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=name, tofile=name
        )
    )
