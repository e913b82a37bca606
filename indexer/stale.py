"""Contacts whose details were last confirmed over a year ago: phones and addresses change.

Worked out when asked (`kb check`, `kb stale`), never stored with a file's
checks: whether an entry is stale depends on today's date, not on the file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from indexer.models import Entry, KnowledgeBase
from indexer.problems import Problems

STALE_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True)
class StaleContact:
    """A service last checked more than STALE_AFTER ago (or never, when those are asked for), in all its files."""

    id: str
    name: str
    checked: str | None
    files: tuple[Entry, ...]
    cited: int  # how many cases involve it
    sources: tuple[tuple[str, str], ...]  # (channel or "source_url", URL), each URL once

    def age_days(self, today: dt.date) -> int | None:
        return (today - dt.date.fromisoformat(self.checked)).days if self.checked else None


def _sources(files: list[Entry]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for entry in files:
        if entry.meta.get("source_url"):
            seen.setdefault(entry.meta["source_url"], "source_url")
        for channel, url in (entry.meta.get("sources") or {}).items():
            seen.setdefault(url, channel)
    return tuple((channel, url) for url, channel in seen.items())


def stale_contacts(kb: KnowledgeBase, today: dt.date, unverified: bool = False) -> list[StaleContact]:
    """Stale services (with `unverified`, also the never checked), the most cited by cases first, then the oldest."""
    links = {(case.id, ref) for case in kb.of_kind("case") for ref in case.meta.get("services", [])}  # a case's translations count once
    cited = Counter(ref for _, ref in links)
    by_id: dict[str, list[Entry]] = {}
    for entry in kb.of_kind("service"):
        by_id.setdefault(entry.id, []).append(entry)
    found = []
    for service_id, files in by_id.items():
        dates = [e.meta["checked"] for e in files if e.meta.get("checked")]
        checked = max(dates) if dates else None  # the most recent check of any translation
        if checked is None and not unverified:
            continue
        if checked is not None and today - dt.date.fromisoformat(checked) <= STALE_AFTER:
            continue
        files.sort(key=lambda e: (e.lang != "ru", e.path))
        found.append(StaleContact(service_id, str(files[0].meta.get("name", "")), checked, tuple(files), cited[service_id], _sources(files)))
    return sorted(found, key=lambda s: (-s.cited, s.checked or "", s.id))


def stale_warnings(contacts: list[StaleContact], today: dt.date, verbose: bool, kb_root: str) -> Problems:
    """`kb check`'s warnings: one line with the count, or with `verbose` one per file."""
    problems = Problems()
    if not contacts:
        return problems
    if not verbose:
        count = len(contacts)
        problems.warning(
            f"{kb_root}/services", 0, "stale",
            f"{count} contact{'s' if count != 1 else ''} not checked for over 12 months: 'kb stale' lists them with their sources (or 'kb check --verbose')",
        )
        return problems
    for contact in contacts:
        for entry in contact.files:
            message = f"details last checked on {contact.checked}, {contact.age_days(today)} days ago: confirm them and update 'checked'"
            problems.warning(entry.path, entry.line_of("checked"), "stale", message)
    return problems
