"""The last day of a legal deadline, from the day of the event: pure date arithmetic.

The rules are those of the Civil Code of Kazakhstan (general part, chapter 6 "Исчисление сроков"),
which the Criminal Procedure Code (art. 48) and the Administrative Procedural Code (art. 76,
parts 2 and 5) repeat for their own periods:

- a period starts on the day after the event (Civil Code art. 173; CPC art. 48 part 2;
  APPC art. 76 part 2);
- a period of months ends on the same date of the last month, or on that month's last day when
  it has no such date, e.g. 31 January + 1 month = 28/29 February (Civil Code art. 174 p. 3;
  CPC art. 48 part 4);
- a last day that is not a working day moves to the next working day (Civil Code art. 175;
  CPC art. 48 part 4, except for detention and custody; APPC art. 76 part 5).

Working days are Monday to Friday except Kazakhstan's public holidays, their observed (moved)
days and the government's transfers of days off, as the `holidays` package knows them. The
result is approximate when a day whose status decides it (every counted working day, else the
last day and those it moved over) lies in a year for which the package lists no transfer decree or
only estimates a holiday (Kurban ait follows the lunar calendar): the page then says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class LastDay:
    """The last day of a period; `moved` when it fell on a day off; `approximate` when a holiday in it is uncertain."""

    date: dt.date
    moved: bool = False
    approximate: bool = False


@lru_cache(maxsize=16)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.KZ(years=year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a public holiday or a day off moved onto it."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def _uncertain(year: int) -> bool:
    """Whether the package is unsure of a year's days off: an estimated holiday, or no transfers known for it."""
    names = _holidays(year).values()
    return any("estimated" in name for name in names) or not any("substituted" in name.lower() for name in names)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same date `months` later, or the last day of that month when it is shorter (Civil Code art. 174 p. 3)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += ONE_DAY
    return day


def last_day(event: dt.date, *, days: int | None = None, months: int | None = None, count: str = "calendar") -> LastDay:
    """The last day of a period of `days` (calendar or working) or `months` running from the day after `event`.

    Working days are counted from the day after the event, the event's own day never counting;
    a calendar period's last day that is a day off moves to the next working day (Civil Code art. 175).
    """
    if (days is None) == (months is None):
        raise ValueError("give either days or months")
    if count not in ("calendar", "working"):
        raise ValueError(f"count must be calendar or working, not {count!r}")
    if months is not None:
        end = add_months(event, months)
    elif days is not None and count == "working":
        end, left = event, days
        while left > 0:
            end += ONE_DAY
            if is_working_day(end):
                left -= 1
    elif days is not None:
        end = event + dt.timedelta(days=days)
    final = _next_working_day(end)
    # Days off matter where they were looked at: every day counted for working days, else the last day onwards.
    first_looked_at = event if count == "working" and months is None else end
    approximate = any(_uncertain(year) for year in range(first_looked_at.year, final.year + 1))
    return LastDay(final, moved=final != end, approximate=approximate)


def deadline_last_day(event: dt.date, deadline: dict) -> LastDay | None:
    """The last day of a step's `deadline` (as in a remedy file), or None when the law sets none."""
    if not deadline or deadline.get("none"):
        return None
    return last_day(event, days=deadline.get("days"), months=deadline.get("months"), count=deadline.get("count", "calendar"))
