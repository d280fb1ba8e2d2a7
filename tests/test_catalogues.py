"""The two catalogues defined once: problem codes (with the README's list) and the en/fr wording."""

from __future__ import annotations

import re
import string
from collections import defaultdict
from pathlib import Path

import tdi_split
from tdi_split.core.codes import CODES
from tdi_split.output.words import WORDS

from .helpers import ROOT

PACKAGE = Path(tdi_split.__file__).parent
RAISED = re.compile(r'"(TDI\d{3})"')
"""A code written in the package's source (codes.py, the table itself, aside)."""


def _raised_by_module() -> dict[str, set[str]]:
    modules: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        if path.name == "codes.py":
            continue
        for code in RAISED.findall(path.read_text(encoding="utf-8")):
            modules[code].add(path.relative_to(PACKAGE).as_posix())
    return modules


def test_every_code_raised_is_in_the_table_and_every_code_of_the_table_is_raised() -> None:
    raised = _raised_by_module()
    assert set(raised) == set(CODES)


def test_each_code_is_raised_from_one_module() -> None:
    shared = {code: sorted(modules) for code, modules in _raised_by_module().items() if len(modules) > 1}
    assert shared == {}


def test_the_readme_lists_the_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| (TDI\d{3}) \| (.*) \|$", readme, re.MULTILINE))
    assert listed == CODES


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_sentence_has_both_languages_with_the_same_placeholders() -> None:
    for key, sentence in WORDS.items():
        assert set(sentence) == {"en", "fr"}, key
        assert _fields(sentence["en"]) == _fields(sentence["fr"]), key


def test_every_key_of_the_catalogue_is_used() -> None:
    modules = [path for path in (PACKAGE / "output").glob("*.py") if path.name != "words.py"]
    modules.append(PACKAGE / "cli.py")  # `criteria` prints its few lines itself, with the catalogue's words
    source = "\n".join(path.read_text(encoding="utf-8") for path in modules)
    used = set(re.findall(r"[\"']([a-z_]+(?:\.[a-z_]+)?)[\"']", source))
    # keys built from a prefix and a word of the code: _say(fmt, "x") in explain/schedule,
    # words("x") in the paragraph, f"change.{kind}", f"calls.{kind}", f"explain.at_{bound}"...
    words = used | {"none", "true", "false", "with", "call", "refund", "at_floor", "at_ceiling", "floor", "ceiling"}
    words |= {"year_n", "subsidy_n"}  # the CSV header of year_1, subsidy_etat...
    prefixes = ("explain", "schedule", "paragraph", "change", "calls", "csv")
    prefixed = {f"{prefix}.{word}" for prefix in prefixes for word in words}
    unused = [key for key in WORDS if key not in used and key not in prefixed]
    assert unused == []
