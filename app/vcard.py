"""vCard 3.0 of a service, so a REActor can save a contact to the phone in one tap."""

from __future__ import annotations

from typing import Any

MAX_OCTETS = 75  # RFC 2426 line length; longer lines are folded


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Split a line into chunks of at most 75 octets, never inside a UTF-8 character."""
    chunks, current = [], ""
    for char in line:
        limit = MAX_OCTETS if not chunks else MAX_OCTETS - 1
        if len((current + char).encode()) > limit:
            chunks.append(current)
            current = ""
        current += char
    chunks.append(current)
    return "\r\n ".join(chunks)


def vcard(service: dict[str, Any], kind: str, city: str) -> str:
    """The vCard text; `kind` and `city` are the labels in the interface language ('' for a national body)."""
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_escape(service['name'])}", f"ORG:{_escape(service['name'])}"]
    lines += [f"TEL;TYPE=WORK,VOICE:{_escape(phone['number'] if isinstance(phone, dict) else phone)}" for phone in service["phones"]]
    if service.get("email"):
        lines.append(f"EMAIL;TYPE=INTERNET:{_escape(service['email'])}")
    if service.get("website"):
        lines.append(f"URL:{service['website']}")
    if service.get("address") or city:
        lines.append(f"ADR;TYPE=WORK:;;{_escape(service.get('address') or '')};{_escape(city)};;;{_escape(service.get('jurisdiction') or '')}")
    if service.get("lat") is not None and service.get("lon") is not None:
        lines.append(f"GEO:{service['lat']};{service['lon']}")
    note = " — ".join(filter(None, [kind, service.get("hours")]))
    if note:
        lines.append(f"NOTE:{_escape(note)}")
    lines.append("END:VCARD")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
