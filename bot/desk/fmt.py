"""Numbers and dates as a person writes them; shared by every format and both front ends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

PERCENT = "%"


def format_value(value: float) -> str:
    """A figure's number as a person writes it: 200, 1.91, never 2e+02."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")  # the shortest repr, never in e-notation


def as_of_text(as_of: str) -> str:
    """'2021-04-30' → '截至2021年4月30日' ('' when there is no date)."""
    if not as_of:
        return ""
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        return f"截至{as_of}"
    return f"截至{day.year}年{day.month}月{day.day}日"


def month_text(as_of: str) -> str:
    """'2021-04-30' → '2021年4月'."""
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        return as_of
    return f"{day.year}年{day.month}月"


def percent(part: float, whole: float) -> str:
    """'49.7%': one decimal, as the transcripts write rates."""
    return f"{part / whole * 100:.1f}%"


def difference(old: float, new: float, unit: str) -> str:
    """'+189套', '-0.03个百分点' (a change of a percentage is in percentage points)."""
    delta = round(new - old, 10)
    sign = "+" if delta > 0 else ""
    if unit == PERCENT:
        return f"{sign}{format_value(delta)}个百分点"
    return f"{sign}{format_value(delta)}{unit}"
