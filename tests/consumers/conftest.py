"""Where `.ci/run` has installed the programs (it sets ``TDI_SPLIT_REQUIRE_CONSUMERS=1``), a test
of this folder that skips is a failure: a program that went missing would otherwise leave CI
green with the documents untested."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome: Any = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("TDI_SPLIT_REQUIRE_CONSUMERS") == "1":
        report.outcome = "failed"
        report.longrepr = f"skipped where CI installed the programs it needs: {report.longrepr}"
