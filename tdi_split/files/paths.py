"""Which files a command reads: the default budget, the budget files below a folder, and the
fingerprint of each file a result comes from."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_BUDGET", "NoBudgetFilesError", "SourceFile", "budget_files", "budget_path", "fingerprints"]

DEFAULT_BUDGET = Path("config/partners.yaml")
"""The budget a command reads when given no file, if it exists in the current folder."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A budget file a result comes from, for the footer of an export."""

    name: str
    """The file's name as given."""
    sha256: str
    """The SHA-256 of its bytes, in hex."""


class NoBudgetFilesError(ValueError):
    """A folder named for `check` holds no budget file."""


@contextmanager
def budget_path(file: Path | None, notify: Callable[[str], None]) -> Iterator[Path]:
    """FILE, else ./config/partners.yaml, else the reference shipped in the package (``notify`` says so)."""
    if file is not None:
        yield file
    elif DEFAULT_BUDGET.is_file():
        yield DEFAULT_BUDGET
    else:
        from importlib import resources

        notify("no ./config/partners.yaml here: using the reference budget shipped with tdi-split")
        with resources.as_file(resources.files("tdi_split") / "data/partners.yaml") as shipped:
            yield shipped


def fingerprints(paths: Sequence[Path], max_bytes: int) -> tuple[SourceFile, ...]:
    """The files a result comes from, with their SHA-256, for the footer of exports: read in
    chunks, and only regular files of at most ``max_bytes`` (a larger one is refused when read)."""
    sources = []
    for path in paths:
        digest = hashlib.sha256()
        try:
            if not path.is_file() or path.stat().st_size > max_bytes:
                continue
            with open(path, "rb") as stream:
                for chunk in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            continue  # reading it says why
        sources.append(SourceFile(str(path), digest.hexdigest()))
    return tuple(sources)


def budget_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders as every *.yaml and *.yml below them (hidden folders skipped)."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            p
            for p in path.rglob("*")
            if p.suffix in (".yaml", ".yml")
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not found:
            raise NoBudgetFilesError(f"no *.yaml or *.yml file under {path}")
        files.extend(found)
    return files
