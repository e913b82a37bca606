"""Opening hours of a service: free text, "24/7", or a mapping of days to times.

A structured value lets the app say "open now" or "closed now":

    hours:
      mon-fri: "09:00-13:00, 14:00-18:00"
      sat: "10:00-14:00"
      sun: closed

Days not listed are unknown (no "open now" or "closed now" is shown on them).
A time range whose end is before its start runs past midnight ("20:00-08:00").
Free text (anything that is not a mapping or "24/7") is shown as written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALWAYS = "24/7"
CLOSED = "closed"
_TIME_RANGE_RE = re.compile(r"^(\d{1,2}):([0-5]\d)\s*-\s*(\d{1,2}):([0-5]\d)$")

# A day's opening intervals as (start, end) in minutes from midnight; end may be past 24:00 (overnight).
Intervals = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class OpeningHours:
    """Structured hours: always open, or per weekday (0 = Monday) intervals; a day missing is unknown."""

    always: bool
    days: dict[int, Intervals]

    def is_open(self, at: dt.datetime) -> bool | None:
        """Open at this local time? None when the day (or the night before) is not known."""
        if self.always:
            return True
        minute = at.hour * 60 + at.minute
        today, yesterday = at.weekday(), (at.weekday() - 1) % 7
        if any(end > 24 * 60 and minute < end - 24 * 60 for _, end in self.days.get(yesterday, ())):
            return True
        if today not in self.days:
            return None
        return any(start <= minute < end for start, end in self.days[today])


def _quoted(value: Any) -> str:
    """A value as a message quotes it: text cut when long, never the repr of a structure (see validate.shown)."""
    if isinstance(value, str):
        return "'" + (value if len(value) <= 40 else value[:39] + "…") + "'"
    shown = f"'{value}'" if isinstance(value, (int, float, bool)) or value is None else type(value).__name__
    structures: dict[type, str] = {list: "a list", dict: "a mapping"}
    return structures.get(type(value), shown)


def _day_key(key: Any) -> tuple[list[int] | None, str | None]:
    """The weekdays a key such as 'mon' or 'mon-fri' stands for, or an error."""
    text = key.strip().lower() if isinstance(key, str) else ""
    first, _, last = text.partition("-")
    if first in DAYS and (not last or last in DAYS):
        start, end = DAYS.index(first), DAYS.index(last or first)
        if end >= start:
            return list(range(start, end + 1)), None
        return None, f"day range {_quoted(key)} runs backwards: write it from the earlier day, e.g. 'mon-fri'"
    return None, f"{_quoted(key)} is not a day (mon, tue, wed, thu, fri, sat, sun) or a range of days such as 'mon-fri'"


def _intervals(value: Any) -> tuple[Intervals | None, str | None]:
    """The intervals of a value such as '09:00-13:00, 14:00-18:00' or 'closed', or an error."""
    if isinstance(value, str) and value.strip().lower() == CLOSED:
        return (), None
    problem = f"{_quoted(value)} is not 'HH:MM-HH:MM' (several separated by commas) or 'closed'"
    if not isinstance(value, str):
        return None, problem
    found = []
    for part in value.split(","):
        match = _TIME_RANGE_RE.match(part.strip())
        if not match:
            return None, problem
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 24 or (h2 == 24 and m2):
            return None, f"'{part.strip()}' is not a time of day (00:00 to 24:00)"
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end == start:
            return None, f"'{part.strip()}' opens and closes at the same time"
        found.append((start, end if end > start else end + 24 * 60))
    return tuple(sorted(found)), None


def parse_hours(value: Any) -> tuple[OpeningHours | None, list[tuple[str | None, str]]]:
    """Structured hours from a front-matter value, with problems as (day key or None, message).

    Free text gives (None, []): it is valid, but has no structure.
    """
    if isinstance(value, str):
        return (OpeningHours(True, {}), []) if value.strip() == ALWAYS else (None, [])
    if not isinstance(value, dict) or not value:
        return None, [(None, "must be text, \"24/7\" or a mapping of days (mon … sun, mon-fri) to \"HH:MM-HH:MM\" or closed")]
    days: dict[int, Intervals] = {}
    problems: list[tuple[str | None, str]] = []
    for key, times in value.items():
        weekdays, error = _day_key(key)
        intervals, time_error = _intervals(times)
        for message in filter(None, [error, time_error and f"{str(key)[:40]}: {time_error}"]):
            problems.append((str(key), message))
        if weekdays is None or intervals is None:
            continue
        repeated = [DAYS[d] for d in weekdays if d in days]
        if repeated:
            problems.append((str(key), f"{', '.join(repeated)} listed more than once"))
            continue
        days.update((d, intervals) for d in weekdays)
    return (None, problems) if problems else (OpeningHours(False, days), [])


def hours_text(value: Any) -> str:
    """Hours as one line of text: free text as written, a mapping as 'mon-fri 09:00-18:00; sun closed'."""
    if isinstance(value, dict):
        return "; ".join(f"{key} {times}" for key, times in value.items())
    return str(value or "")
