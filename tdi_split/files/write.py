"""Writing result files: atomically, and never over an existing file unless asked.

The text goes to a temporary file in the target's folder, is flushed to disk, then
takes the target's name in one step: a reader never sees half a file, and a failure
leaves no partial file behind. Without ``force`` the final step is a hard link, which
fails if the target exists, so even a file created meanwhile is not overwritten.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["OutputExistsError", "write_atomic"]


class OutputExistsError(FileExistsError):
    """The output file exists and ``force`` was not given."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists; use --force to overwrite it")
        self.path = path


def write_atomic(path: Path, content: str | bytes, *, force: bool = False) -> None:
    """Write ``content`` to ``path`` atomically; refuse an existing ``path`` unless ``force``."""
    if path.exists() and not force:
        raise OutputExistsError(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); a result file gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise OutputExistsError(path) from None
            except OSError:  # no hard links here (some network or FAT file systems)
                if path.exists():
                    raise OutputExistsError(path) from None
                os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
