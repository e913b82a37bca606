"""Next steps: the escalation ladders (`/remedies`) and one ladder with its deadlines (`/remedies/<id>`).

A ladder's page takes the date of the event (`?date=YYYY-MM-DD`, nothing else from the
client goes in the address) and computes each step's last day; each step lists the
contacts of its addressee's kind in the client's city, then its region, then national ones.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l

from app.i18n import content_language, locale
from app.kb import catalog, vocab
from app.search import chosen_city
from indexer.deadlines import deadline_last_day

bp = Blueprint("remedies", __name__, url_prefix="/remedies")

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Dates a REActor can mean: anything else is a typing slip, said plainly.
EARLIEST, LATEST = dt.date(1991, 1, 1), dt.date(2100, 12, 31)
CONTACTS_PER_STEP = 3
# How a step is taken (indexer/remedies.HOW), in the interface language.
HOW_LABELS = {
    "in-person": _l("in person"),
    "in-writing": _l("in writing"),
    "e-otinish": _l("through e-Otinish (eotinish.kz)"),
    "phone": _l("by phone"),
    "online-form": _l("through the online form"),
}


def event_date(value: str) -> tuple[dt.date | None, bool]:
    """The date of the event from the form, and whether what was given was unusable (the page then says so)."""
    if not value:
        return None, False
    try:
        day = dt.date.fromisoformat(value) if DATE_RE.match(value) else None
    except ValueError:
        day = None
    if day is None or not EARLIEST <= day <= LATEST:
        return None, True
    return day, False


def contacts_for(kind: str, city: str | None, lang: str) -> list[dict[str, Any]]:
    """Contacts of one kind: the client's city first, then its region, then national bodies (none of other regions)."""
    places = vocab().get("places", {})
    region = places.get(city or "", {}).get("region")

    def tier(service: dict[str, Any]) -> int | None:
        if city and service["city"] == city:
            return 0
        if region and places.get(service["city"], {}).get("region") == region:
            return 1
        if service["city"] == "national":
            return 2
        return None

    tiered = [(t, s) for s in catalog().services(lang, kind=kind) if (t := tier(s)) is not None]
    return [s for _, s in sorted(tiered, key=lambda pair: (pair[0], pair[1]["name"].casefold()))[:CONTACTS_PER_STEP]]


@bp.get("")
def index():
    return render_template("remedies/index.html", remedies=catalog().remedies(locale()))


@bp.get("/<remedy_id>")
def remedy(remedy_id: str):
    remedy = catalog().remedy(remedy_id, content_language()) or abort(404)
    day, bad_date = event_date(request.args.get("date", "").strip())
    city = chosen_city(request.args)
    for step in remedy["steps"]:
        step["last_day"] = deadline_last_day(day, step.get("deadline")) if day else None
        step["contacts"] = contacts_for(step["addressee"], city, locale())
    return render_template("remedies/remedy.html", remedy=remedy, day=day, bad_date=bad_date, city=city, how_labels=HOW_LABELS)
