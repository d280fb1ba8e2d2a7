"""Writing result files: atomically, and never over an existing file unless asked.

The text goes to a temporary file in the target's folder, is flushed to disk, then
takes the target's name in one step: a reader never sees half a file, and a failure
leaves no partial file behind. Without ``force`` the final step is a hard link, which
fails if the target exists, so even a file created meanwhile is not overwritten.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Final

__all__ = [
    "ENDING_SIGNALS",
    "Content",
    "NotRegularFileError",
    "OutputExistsError",
    "ReadOnlyFileError",
    "abandon",
    "check_target",
    "write_atomic",
]


class OutputExistsError(FileExistsError):
    """The output file exists and ``force`` was not given."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists; use --force to overwrite it")
        self.path = path


class NotRegularFileError(OSError):
    """The output path names something other than a regular file: a device, a pipe, a folder, a link."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file: tdi-split replaces only regular files")
        self.path = path


class ReadOnlyFileError(OSError):
    """The output path is a regular file protected from writing (``chmod a-w``): a sign not to
    replace it, which a rename in a writable folder would otherwise ignore, as root always would."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is read-only: tdi-split does not replace a protected file (make it writable first)")
        self.path = path


Content = str | bytes | Iterable[str]
"""What is written: text, bytes, or text in pieces (written as they come, never held whole)."""


def _kind(mode: int) -> str | None:
    """What a file is when it is not a regular file (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    return "a device or a socket"


def check_target(path: Path, *, force: bool = False) -> os.stat_result | None:
    """What :func:`write_atomic` checks before writing ``path``, for a command that writes several
    files to check them all first and write none if one would be refused: the status of the
    file there (None if none), or :class:`OutputExistsError` (it exists, no ``force``),
    :class:`NotRegularFileError`, :class:`ReadOnlyFileError`."""
    try:
        existing = os.lstat(path)
    except FileNotFoundError:
        return None
    kind = _kind(existing.st_mode)
    if kind is not None:
        raise NotRegularFileError(path, kind)
    if not force:
        raise OutputExistsError(path)
    if not existing.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise ReadOnlyFileError(path)
    return existing


def write_atomic(path: Path, content: Content, *, force: bool = False) -> None:
    """Write ``content`` to ``path`` atomically; refuse an existing ``path`` unless ``force``.

    Only a regular file is ever replaced, and it keeps its permissions (and its owner, when
    the user may give it back); a device, a pipe, a folder, a symbolic link or a read-only
    file is refused even with ``force``. The temporary file has a short
    name (``.tdi-XXXXXXXX.tmp``), so that any legal name can be written, and it is removed
    whatever happens, a signal included (the command line's handler of the ending signals
    calls :func:`abandon`).
    """
    import secrets  # here: the command line imports this module at start-up for ENDING_SIGNALS

    existing = check_target(path, force=force)
    folder = path.parent if str(path.parent) else Path(".")
    temporary = ""
    try:
        while True:
            name = str(folder / f".tdi-{secrets.token_hex(4)}.tmp")
            with _signals_held():  # created and known as ours in one step: a signal finds it to remove
                try:
                    descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:  # another file of that name: never ours to remove
                    continue
                temporary = name
                _PENDING.add(name)
            break
        # The file is private (0600) while written: a new result file gets the usual
        # permissions, a replaced one keeps its own.
        if existing is not None:
            os.chmod(temporary, stat.S_IMODE(existing.st_mode))
            with contextlib.suppress(PermissionError, AttributeError):  # only root may give a file away
                if (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
                    os.chown(temporary, existing.st_uid, existing.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        with os.fdopen(descriptor, "wb") as stream:
            _write(stream, content)
            stream.flush()
            os.fsync(stream.fileno())
        _publish(temporary, path, force=force)
    finally:
        if temporary:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            _PENDING.discard(temporary)


_PENDING: set[str] = set()
"""The temporary files being written, which :func:`abandon` removes."""

ENDING_SIGNALS: Final = (
    "SIGTERM",
    "SIGHUP",
    "SIGQUIT",
    "SIGUSR1",
    "SIGUSR2",
    "SIGALRM",
    "SIGVTALRM",
    "SIGPROF",
    "SIGXCPU",
)
"""The signals whose default is to end the process (the command line ends through :func:`abandon`)."""


def abandon() -> None:
    """Remove every temporary file being written: the process is ending on a signal. (An
    exception raised from a signal handler could land in a finalizer, where Python ignores it,
    and the command would go on: the handler removes the files and exits there and then.)"""
    for name in list(_PENDING):
        with contextlib.suppress(OSError):
            os.unlink(name)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """The ending signals held back (delivered when the block ends), where the system allows it."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    numbers = {getattr(signal, name) for name in ENDING_SIGNALS if hasattr(signal, name)}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, numbers)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _write(stream: BinaryIO, content: Content) -> None:
    if isinstance(content, bytes):
        stream.write(content)
    elif isinstance(content, str):
        stream.write(content.encode("utf-8"))
    else:
        for piece in content:
            stream.write(piece.encode("utf-8"))


def _publish(temporary: str, path: Path, *, force: bool) -> None:
    """Give the finished temporary file the target's name, in one step."""
    if force:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)  # fails if the target appeared meanwhile: never overwritten
    except FileExistsError:
        raise OutputExistsError(path) from None
    except OSError:  # no hard links here (some network or FAT file systems)
        if path.exists():
            raise OutputExistsError(path) from None
        os.replace(temporary, path)
