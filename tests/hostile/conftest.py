"""Fixtures of the hostile tests."""

from __future__ import annotations

from .common import small

__all__ = ["small"]
