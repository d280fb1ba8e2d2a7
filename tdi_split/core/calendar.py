"""Dates of a period: adding months the way a convention counts them."""

from __future__ import annotations

import datetime as dt

__all__ = ["add_months"]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months``; a day the target month lacks becomes its last (31 Jan + 1 = 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    target_year, target_month = day.year + year, month + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(target_year, target_month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")
