"""Writes that cannot destroy: only a regular file is replaced, it keeps its mode, any legal
name can be written, and no signal leaves a temporary file behind."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .common import REFERENCE, process, run


def test_a_device_is_never_replaced(tmp_path: Path) -> None:
    """A character device of the test's own (the machine's /dev is never a target of a test:
    on code that replaced devices, such a test would destroy /dev/null)."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here")
    before = os.lstat(device)
    result = run("compute", str(REFERENCE), "--format", "json", "-o", str(device), "--force")
    assert result.exit_code == 1
    assert "not a regular file" in result.stderr
    assert "internal error" not in result.output
    after = os.lstat(device)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_pipe_or_a_link_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    real = tmp_path / "real.json"
    real.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    for target in (fifo, link):
        result = run("compute", str(REFERENCE), "-o", str(target), "--force")
        assert result.exit_code == 1, target
        assert "not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "keep me"


def test_dash_is_stdout(tmp_path: Path) -> None:
    result = run("compute", str(REFERENCE), "--format", "json", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("{")
    assert not (Path.cwd() / "-").exists()


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "private.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o600)
    assert run("compute", str(REFERENCE), "-o", str(target), "--force").exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("{")


@pytest.mark.parametrize("command", [["compute", str(REFERENCE), "--format", "json"], ["init", "--partners", "A, B"]])
def test_a_read_only_file_is_never_replaced(tmp_path: Path, command: list[str]) -> None:
    """A file protected from writing (the voted budget, a signed annex) is a sign not to touch
    it: a rename in a writable folder would replace it all the same (and root ignores modes)."""
    target = tmp_path / "voted.json"
    target.write_text("keep me", encoding="utf-8")
    target.chmod(0o444)
    where = ["-o", str(target)] if command[0] == "compute" else [str(target)]
    result = run(*command, *where, "--force")
    assert result.exit_code == 1, result.output
    assert f"{target} is read-only" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_the_longest_legal_name_can_be_written(tmp_path: Path) -> None:
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    target = tmp_path / ("x" * (limit - len(".json")) + ".json")
    result = run("compute", str(REFERENCE), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.is_file()
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_an_export_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    """A long sweep streamed to a file: the temporary file exists while the points are computed."""
    target = tmp_path / "sweep.json"
    sweep = ["compare", str(REFERENCE), "--sweep", "cost.annual=1:10000:1", "-o", str(target)]
    child = subprocess.Popen(
        [sys.executable, "-m", "tdi_split", *sweep],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):
        assert child.poll() is None, "the export ended before its temporary file was seen"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    child.send_signal(signum)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 128 + signum
    assert b"internal error" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_on_stdout_is_an_error_not_a_crash() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        result = process("compute", str(REFERENCE), stdout=full)
    assert result.returncode == 1
    assert result.stderr.decode().startswith("error: cannot write to standard output")


def test_a_closed_stdout_is_an_error_not_a_crash() -> None:
    result = process("check", str(REFERENCE), stdout=None, preexec_fn=lambda: os.close(1))
    assert result.returncode == 1
    assert "internal error" not in result.stderr.decode()
    assert "standard output" in result.stderr.decode()
