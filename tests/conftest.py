"""Test settings: Rich output without colours at a fixed width, so that table text is stable."""

from __future__ import annotations

import os

import pytest

from .helpers import REFERENCE

os.environ["TERM"] = "dumb"
os.environ["COLUMNS"] = "120"
os.environ.pop("TDI_SPLIT_LOCALE", None)


@pytest.fixture
def reference_text() -> str:
    """The text of config/partners.yaml."""
    return REFERENCE.read_text(encoding="utf-8")
