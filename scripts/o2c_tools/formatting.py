"""Text formats of Salesforce export values: datetimes, dates, amounts and booleans.

Timestamps are whole seconds since the Unix epoch (UTC) throughout the generator, and
amounts are integer cents, so every value formats the same way on every machine.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

SECOND = 1
MINUTE = 60
HOUR = 3600
DAY = 86400

_EPOCH_DATE = date(1970, 1, 1)


def format_datetime(timestamp: int) -> str:
    """Format as the export's UTC datetime, e.g. ``2024-01-05T10:15:00.000Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(timestamp))


def format_datetime_offset(timestamp: int, offset_minutes: int) -> str:
    """Format the same instant in a local time with a numeric offset.

    An offset of 60 gives ``2024-01-05T11:15:00.000+0100`` for 10:15 UTC, and an
    offset of 0 gives the ``+0000`` form that some Salesforce APIs return.
    """
    local = time.strftime(
        "%Y-%m-%dT%H:%M:%S", time.gmtime(timestamp + offset_minutes * 60)
    )
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{local}.000{sign}{hours:02d}{minutes:02d}"


def date_of(timestamp: int) -> date:
    """Return the UTC calendar date of a timestamp."""
    return _EPOCH_DATE + timedelta(days=timestamp // DAY)


def timestamp_of(day: date) -> int:
    """Return the timestamp of midnight UTC at the start of a date."""
    return (day - _EPOCH_DATE).days * DAY


def format_date(day: date) -> str:
    """Format a date as ``YYYY-MM-DD``."""
    return day.isoformat()


def format_amount(cents: int) -> str:
    """Format integer cents with exactly two decimals, e.g. 123456 -> ``1234.56``."""
    sign = "-" if cents < 0 else ""
    units, fraction = divmod(abs(cents), 100)
    return f"{sign}{units}.{fraction:02d}"


def format_bool(value: bool) -> str:
    """Format a boolean as Salesforce exports do: ``true`` or ``false``."""
    return "true" if value else "false"


def add_months(day: date, months: int) -> date:
    """Add calendar months to a date, clamping the day to the target month's length."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for candidate_day in range(day.day, 0, -1):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a first day")
