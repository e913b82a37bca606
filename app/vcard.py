"""vCard 3.0 of a service, so a REActor can save a contact to the phone in one tap."""

from __future__ import annotations

import re
from typing import Any

MAX_OCTETS = 75  # RFC 2426 line length; longer lines are folded


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Split a line into chunks of at most 75 octets, never inside a UTF-8 character."""
    chunks: list[str] = []
    current = ""
    for char in line:
        limit = MAX_OCTETS if not chunks else MAX_OCTETS - 1
        if len((current + char).encode()) > limit:
            chunks.append(current)
            current = ""
        current += char
    chunks.append(current)
    return "\r\n ".join(chunks)


def _type_label(label: str) -> str:
    """A phone's free-text label as a TYPE value: without the characters that separate parameters."""
    return " ".join(re.sub(r'[\x00-\x1f",;:]', " ", label).split())


def _tel(phone: str | dict[str, Any]) -> str:
    """A TEL line: the number, typed WORK and VOICE, plus the entry's label ("Hotline") when it has one."""
    number, label = (phone["number"], _type_label(phone.get("label", ""))) if isinstance(phone, dict) else (phone, "")
    types = "WORK,VOICE" + (f",{label}" if label else "")
    return f"TEL;TYPE={types}:{_escape(number)}"


def vcard(service: dict[str, Any], kind: str, city: str) -> str:
    """The vCard text; `kind` and `city` are the labels in the interface language ('' for a national body).

    N is required by vCard 3.0 (RFC 2426); an organisation's name goes in its family-name part, so
    address books that sort and show by N list it under its name. X-ABShowAs marks it as a company.
    """
    name = _escape(service["name"])
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{name};;;;", f"FN:{name}", f"ORG:{name}", "X-ABShowAs:COMPANY"]
    lines += [_tel(phone) for phone in service["phones"]]
    if service.get("email"):
        lines.append(f"EMAIL;TYPE=INTERNET:{_escape(service['email'])}")
    lines += [f"URL:{service[key]}" for key in ("website", "online_form") if service.get(key)]
    if service.get("address") or city:
        lines.append(f"ADR;TYPE=WORK:;;{_escape(service.get('address') or '')};{_escape(city)};;;{_escape(service.get('jurisdiction') or '')}")
    if service.get("lat") is not None and service.get("lon") is not None:
        lines.append(f"GEO:{service['lat']};{service['lon']}")
    note = " — ".join(filter(None, [kind, service.get("hours")]))
    if note:
        lines.append(f"NOTE:{_escape(note)}")
    lines.append("END:VCARD")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
