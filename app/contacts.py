"""How a REActor reaches a service mid-call: its channels fastest first, "open now", map and report links.

A card shows the first channel as a large button (a phone, else a messenger,
an online form, e-mail, the website) and the others one tap away.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import get_day_names
from flask import Flask, current_app, request
from flask_babel import gettext as _, lazy_gettext as _l

from app.i18n import locale
from app.links import tel_url
from indexer.hours import ALWAYS, CLOSED, DAYS, OpeningHours, hours_text, parse_hours

# Kazakhstan has kept one time zone, UTC+5, since 00:00 on 1 March 2024, when the regions on UTC+6
# (Astana, Almaty and most of the country) set their clocks back an hour: amendments to the
# Government's decree on the procedure for calculating time, reported by the Ministry of Trade and
# Integration (https://astanatimes.com/2024/01/kazakhstan-switches-to-utc05-00-time-zone-from-march-1/);
# the tz database follows it from release 2024a (https://mm.icann.org/pipermail/tz-announce/2024-February/000081.html).
# tests/test_contacts.py checks that the installed tz data gives UTC+5 for Asia/Almaty.
KAZAKHSTAN = ZoneInfo("Asia/Almaty")

Clock = Callable[[], dt.datetime]

# The channels an entry's `sources` may name (indexer.validate.CHANNELS), as a contact's page lists them.
CHANNEL_NAMES = {
    "phones": _l("Phones"),
    "messengers": _l("Messengers"),
    "online_form": _l("Online form"),
    "email": _l("E-mail"),
    "website": _l("Website"),
    "address": _l("Address"),
    "hours": _l("Hours"),
}


@dataclass(frozen=True)
class Channel:
    """One way to reach a service: `href` is '' when there is no link (a Signal username)."""

    kind: str  # phone, telegram, whatsapp, signal, online_form, email, website
    href: str
    text: str
    label: str = ""
    hours: str = ""
    open: bool | None = None


def now() -> dt.datetime:
    """The current time in Kazakhstan; the app's CLOCK setting replaces the clock in tests."""
    clock: Clock | None = current_app.config.get("CLOCK")
    return (clock() if clock else dt.datetime.now(dt.UTC)).astimezone(KAZAKHSTAN)


def open_now(hours: Any, at: dt.datetime) -> bool | None:
    """Open at `at` by structured hours (a mapping or "24/7"); None for free text or an unknown day."""
    parsed: OpeningHours | None = parse_hours(hours)[0] if hours else None
    return parsed.is_open(at.astimezone(KAZAKHSTAN)) if parsed else None


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _phone(item: Any, at: dt.datetime) -> Channel:
    phone = item if isinstance(item, dict) else {"number": item}
    number = str(phone["number"])
    hours = phone.get("hours")
    shown = ("; ".join(f"{days}: {times}" if days else times for days, times in hours_lines(hours)) or hours_text(hours)) if hours else ""
    return Channel("phone", tel_url(number), number, phone.get("label", ""), shown, open_now(hours, at))


def _messenger(item: dict[str, Any]) -> Channel:
    kind, value = item["type"], item["value"]
    is_phone = value.startswith("+")
    if kind == "telegram":
        href = "https://t.me/+" + _digits(value) if is_phone else "https://t.me/" + value.lstrip("@")
    elif kind == "whatsapp":
        href = "https://wa.me/" + _digits(value)
    else:
        href = "https://signal.me/#p/+" + _digits(value) if is_phone else ""
    return Channel(kind, href, value, item.get("label", ""))


def channels(service: dict[str, Any], at: dt.datetime) -> list[Channel]:
    """Every channel of a service, fastest first: phones, messengers, online form, e-mail, website."""
    found = [_phone(p, at) for p in service.get("phones") or []]
    found += [_messenger(m) for m in service.get("messengers") or []]
    if service.get("online_form"):
        found.append(Channel("online_form", service["online_form"], _("Online form")))
    if service.get("email"):
        found.append(Channel("email", "mailto:" + service["email"], service["email"]))
    if service.get("website"):
        found.append(Channel("website", service["website"], service["website"].split("/")[2]))
    return found


def place_url(service: dict[str, Any]) -> str:
    """A map with the service's coordinates, else an OpenStreetMap search of its address; '' without either."""
    if service.get("lat") is not None and service.get("lon") is not None:
        lat, lon = service["lat"], service["lon"]
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    if service.get("address"):
        return "https://www.openstreetmap.org/search?query=" + quote(service["address"])
    return ""


def report_url(service: dict[str, Any]) -> str:
    """A prefilled e-mail to the maintainers about outdated details; '' when KB_REPORT_EMAIL is not set."""
    address = current_app.config.get("REPORT_EMAIL", "")
    if not address:
        return ""
    page = request.url_root.rstrip("/") + "/services/" + service["id"]
    subject = _("Outdated details: %(name)s", name=service["name"])
    body = _("Contact: %(id)s\nPage: %(page)s\n\nWhat is outdated, and where did you see the correct details?\n", id=service["id"], page=page)
    return f"mailto:{address}?subject={quote(subject)}&body={quote(body)}"


@dataclass(frozen=True)
class Reach:
    """What a card shows to reach a service: the main channel, the others, and whether it is open now."""

    main: Channel | None
    others: list[Channel]
    open: bool | None
    map: str
    report: str


def reach(service: dict[str, Any]) -> Reach:
    """The channels and links of one service row (from the catalog), at the current time in Kazakhstan."""
    at = now()
    found = channels(service, at)
    opening = service.get("opening_hours")
    state = open_now(opening, at) if opening else None
    if found and found[0].hours:
        state = found[0].open  # the main button's own hours (a hotline's) come before the office's
    return Reach(found[0] if found else None, found[1:], state, place_url(service), report_url(service))


def hours_lines(value: Any) -> list[tuple[str, str]]:
    """Structured hours as (days, times) lines in the interface language; [] for free text."""
    if value == ALWAYS:
        return [("", _("Around the clock"))]
    if not isinstance(value, dict):
        return []
    names = get_day_names("abbreviated", locale=locale())
    lines = []
    for key, times in value.items():
        first, _dash, last = key.strip().lower().partition("-")
        days = names[DAYS.index(first)] + (f"–{names[DAYS.index(last)]}" if last else "")
        lines.append((days, _("closed") if times.strip().lower() == CLOSED else times.replace("-", "–")))
    return lines


def opening_lines(service: dict[str, Any]) -> list[tuple[str, str]]:
    """A service's structured hours as lines (see hours_lines); [] when its hours are free text."""
    return hours_lines(service.get("opening_hours"))


def init_app(app: Flask) -> None:
    for helper in (reach, opening_lines, place_url):
        app.add_template_global(helper)
    app.jinja_env.globals["channel_names"] = CHANNEL_NAMES
