"""Test settings: Rich output without colours at a fixed width, so that table text is stable."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest

from .helpers import REFERENCE, Invoke

os.environ["TERM"] = "dumb"
os.environ["COLUMNS"] = "120"
os.environ.pop("TDI_SPLIT_LOCALE", None)


@pytest.fixture
def reference_text() -> str:
    """The text of config/partners.yaml."""
    return REFERENCE.read_text(encoding="utf-8")


@pytest.fixture
def entry_point() -> Iterator[None]:
    """For tests that call ``cli.run()`` in the test process: it pauses the garbage collector
    during start-up and freezes what exists at exit, as befits a command that then ends.
    Afterwards the test process gets its collector back as it was."""
    was_enabled, thresholds = gc.isenabled(), gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    if was_enabled:
        gc.enable()


@pytest.fixture(scope="session")
def invoke() -> Invoke:
    """Run a tdi-split command in-process: ``invoke("compute", "--format", "json")``; exceptions propagate."""
    from click.testing import CliRunner, Result

    from tdi_split import cli

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(cli.main, list(args), env=env, catch_exceptions=False)

    return run
