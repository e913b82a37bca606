"""Services (kb/services/): the referral directory — AIDS centres, ombudsman offices, lawyers, NGOs, hotlines."""

from __future__ import annotations

import json
from collections.abc import Iterator

from indexer.analysis import distinct_words
from indexer.hours import hours_text
from indexer.kinds.base import LANGUAGES, VISIBILITIES, Field, Kind, Row
from indexer.models import Entry
from indexer.problems import Problems
from indexer.scaffold import fill
from indexer.schema import common_fields, labels
from indexer.store import TEXT_COLUMNS, entry_fields
from indexer.vocab import Vocab

FIELDS = (
    Field("id", "id", True),
    Field("name", "text", True),
    Field("kind", "vocab:service_kinds", True),
    Field("jurisdiction", "jurisdiction", True),
    Field("city", "place", True),
    Field("lang", "enum", True, LANGUAGES),
    Field("address", "text"),
    Field("phones", "phones"),
    Field("messengers", "messengers"),
    Field("online_form", "url"),
    Field("email", "email"),
    Field("website", "url"),
    Field("hours", "hours"),
    Field("languages", "lang_list"),
    Field("accessibility", "text"),
    Field("groups", "vocab_list:groups"),
    Field("free", "bool"),
    Field("source_url", "url"),
    Field("sources", "sources"),
    Field("checked", "date"),
    Field("unconfirmed", "bool"),
    Field("lat", "latitude"),
    Field("lon", "longitude"),
    Field("visibility", "enum", False, VISIBILITIES),
)


def rows(entry: Entry) -> list[tuple[str, Row]]:
    """A service's row: `hours` as one line of text, and `opening_hours` when they are structured."""
    row = {**entry_fields(KIND, entry), "body_html": entry.html, "text": entry.text}
    hours = entry.meta.get("hours")
    row["opening_hours"] = json.dumps(hours, ensure_ascii=False) if isinstance(hours, dict) or hours == "24/7" else None
    row["hours"] = hours_text(hours) if hours is not None else None
    return [("services", row)]


def documents(entry: Entry, vocab: Vocab) -> Iterator[Row]:
    """One `service` document: its name, its kind, place and groups in every language, its text, address and hours."""
    meta = entry.meta
    places = vocab.get("places", {})
    names = " ".join(labels(vocab, "service_kinds", [meta["kind"]]) + labels(vocab, "places", [meta["city"]]) + labels(vocab, "groups", meta.get("groups", [])))
    hours = meta["hours"] if isinstance(meta.get("hours"), str) else ""  # free text only: structured hours are not words
    body = " ".join(filter(None, [entry.text, meta.get("address"), hours]))
    yield {
        **common_fields(entry),
        "key": f"service:{entry.id}:{entry.lang}",
        "doctype": "service",
        "id": entry.id,
        "title": meta["name"],
        "names": names,
        "body": body,
        "spell": distinct_words(meta["name"], names, meta.get("address", ""), hours) + " " + entry.words,
        "city": meta["city"],
        "region": places.get(meta["city"], {}).get("region", ""),
        "groups": ",".join(meta.get("groups", [])),
        "kind": meta["kind"],
    }


def rules(entry: Entry, problems: Problems) -> None:
    """A warning for details never confirmed."""
    if "checked" not in entry.meta:
        problems.warning(entry.path, 1, "unverified", "service details never confirmed: add 'checked' once you have")


TEMPLATE = """---
id: {id}
name: "{mark} {title}"
kind: ngo                      # a key of 'service_kinds' in kb/vocab.yaml
jurisdiction: KZ
city: almaty                   # a key of 'places', or national
lang: ru
# address: "street, building, office"   # only as a source shows it
# phones: ["+7 727 000 0000", "111", {{number: "+7 727 000 0001", label: Hotline, hours: "24/7"}}]  # never a private mobile
# messengers: [{{type: telegram, value: "@handle", label: Chat}}]   # telegram, whatsapp or signal
# online_form: https://…       # the organisation's online form (a state body: its e-Otinish route)
# email: office@example.org
# website: https://example.org
# hours: {{mon-fri: "09:00-18:00", sat-sun: closed}}   # or free text, or "24/7"
# languages: [ru, kk]
# accessibility: "step-free entrance"
# groups: [plhiv]              # whom they are friendly to
# free: true
# source_url: https://…        # where these details were found
# sources: {{phones: https://…}} # where a channel was read, when not on source_url
# checked: {today}             # only once you confirmed the details
# unconfirmed: true            # when the organisation's current existence could not be confirmed
# lat: 43.238
# lon: 76.945
---
{body}"""

TEXTS = {
    "ru": ("Название организации или учреждения", "{mark} С чем помогают и как направить клиента. Прямо скажите, что не проверено.\n"),
    "kk": ("Ұйымның немесе мекеменің атауы", "{mark} Немен көмектеседі және клиентті қалай жіберу керек. Не тексерілмегенін ашық айтыңыз.\n"),
    "en": ("Name of the organisation or office", "{mark} What they help with and how to refer a client. Say plainly what is unverified.\n"),
}


def scaffold(entry_id: str, lang: str) -> str:
    """The file `kb new service ID` writes."""
    return fill(TEMPLATE, entry_id, lang, TEXTS)


KIND = Kind(
    name="service",
    folder="services",
    table="services",
    fields=FIELDS,
    rows=rows,
    scaffold=scaffold,
    # opening_hours: structured hours as JSON (a mapping of days, or "24/7"); null when `hours` is free text.
    columns={**TEXT_COLUMNS, "opening_hours": str},
    documents=documents,
    rules=rules,
    result_list="services",
    doctype="service",
)
