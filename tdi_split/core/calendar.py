"""Dates of a period: adding months the way a convention counts them."""

from __future__ import annotations

import datetime as dt

__all__ = ["add_months", "months_span"]


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


def months_span(start: dt.date, first: int, months: int) -> tuple[dt.date, dt.date]:
    """The first and last day of ``months`` months of a period that begins on ``start``, counted
    from its month ``first`` (0 for the first month).

    Both ends are counted from ``start`` itself, never from an earlier span's end: a period that
    begins on 31 January or 29 February keeps that day in every month that has it, and
    consecutive spans meet without a gap or an overlap (the last day of one is the day before
    the first day of the next).
    """
    return add_months(start, first), add_months(start, first + months) - dt.timedelta(days=1)
